"""``a + alpha * b``, ``lerp`` and ``addcmul`` rounded as PyTorch's kernels round them. PyTorch's ``add(b,
alpha=k)`` and ``sub`` (``ops/arithmetic.py``; SGD's ``param.add_(grad, alpha=-lr)``, weight decay and Nesterov
momentum in ``optim/algorithms.py``), ``lerp_`` (Adam's first moment) and ``addcmul_``'s last step (Adam's second
moment) run as fused multiply-adds on the CPU's vector units: the exact ``a + k * b``, rounded once, where NumPy
rounds the product and then the sum (1.8% of an SGD step's float32 elements, 18% of ``add(x, y, alpha=0.3)``'s,
differed in the last bit). For float32 the exact value is computed in float64 (the product of two float32
numbers is exact there) and rounded back; ``k`` is first rounded to float32, as the kernels read a Scalar. Other
dtypes (float64: no fused multiply-add in the array modules) and tensor-valued ``k`` keep the two roundings.
"""
__all__ = ["scaled_add", "lerp", "addcmul"]

_NUMBERS = (int, float)


def scaled_add(xp, a, b, alpha):
    """A new array ``a + alpha * b``, rounded once for float32 arrays (PyTorch's ``torch.add(a, b,
    alpha=alpha)``)."""
    if a.dtype != xp.float32 or getattr(b, "dtype", None) != xp.float32 or alpha.__class__ not in _NUMBERS:
        return a + alpha * b
    wide = b.astype(xp.float64)
    wide *= float(xp.float32(alpha))
    if wide.shape == a.shape:
        wide += a
    else:  # broadcast
        wide = wide + a
    return wide.astype(xp.float32)


def lerp(xp, start, end, weight):
    """A new array ``lerp(start, end, weight)`` for a number ``weight``, as PyTorch's kernel: ``start + weight *
    (end - start)`` for ``|weight| < 0.5``, else ``end + (weight - 1) * (end - start)``, each rounded once for
    float32."""
    if start.dtype != xp.float32 or weight.__class__ not in _NUMBERS:
        return start + weight * (end - start)
    weight = xp.float32(weight)
    difference = end - start
    if abs(weight) < 0.5:
        return scaled_add(xp, start, difference, float(weight))
    return scaled_add(xp, end, difference, float(weight - xp.float32(1)))


def addcmul(xp, a, b, c, value):
    """A new array ``a + value * b * c`` for a number ``value``, as PyTorch's ``addcmul``: ``value * b`` rounded,
    then times ``c`` plus ``a`` rounded once for float32."""
    if a.dtype != xp.float32 or b.dtype != xp.float32 or c.dtype != xp.float32 or value.__class__ not in _NUMBERS:
        return a + value * b * c
    wide = (value * b).astype(xp.float64)  # value * b in float32 (the number read as a float32), as the kernel
    wide = wide * c
    if wide.shape == a.shape:
        wide += a
    else:  # broadcast
        wide = wide + a
    return wide.astype(xp.float32)
