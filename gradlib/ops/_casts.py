"""Op.apply's general path, the casts: PyTorch's result dtype for an op's tensors and Python scalars, integers
wrapped as the kernels read them, and float16/bfloat16 computed in float32 as PyTorch's CPU kernels do.
(Moved out of ``_op.py``, which keeps the recording itself.)"""
from .. import dtypes
from ..backends import numpy_backend as _numpy_backend

__all__ = ["needs_cast", "promote", "wrap_integer_scalars", "has_low_float", "forward_low_in_float32", "replayed_low", "held_in",
           "rounded_to"]


def needs_cast(cls, arrays, tensors):
    """Cheap test for the common case: every tensor has one dtype and no scalar or int input widens it."""
    dtype = tensors[0]._array.dtype
    if dtype.kind == "f" or dtypes.is_low_extension(dtype):
        # float tensors (bfloat16 too): only another dtype among the tensors, or a complex number, can need a cast
        for tensor in tensors:
            other = tensor._array.dtype
            if other is not dtype and other != dtype:
                return True
        if len(arrays) != len(tensors):
            for value in arrays[:cls.operands]:
                if value.__class__ is complex:
                    return True
        return False
    if cls.int_to_float and dtype.kind != "c":
        return True
    for tensor in tensors:
        if tensor._array.dtype != dtype:
            return True
    if len(arrays) != len(tensors):
        kind = dtype.kind
        for value in arrays[:cls.operands]:
            value_type = value.__class__
            if value_type is float:
                return True
            if value_type is int and kind == "b":
                return True
            if value_type is complex and kind != "c":
                return True
    return False


def promote(cls, arrays, tensors):
    """Cast the tensor arrays in ``arrays`` to PyTorch's result dtype (and to a float for int_to_float ops).

    Returns ``(cast_array, tensor)`` pairs, so saved casts still map back to their tensors.
    """
    casts = []
    target = None
    if cls.promote:
        target_zero = True
        for tensor in tensors:
            array = tensor._array
            dtype = dtypes.from_np(array.dtype)
            zero_dim = array.ndim == 0
            if target is None:
                target, target_zero = dtype, zero_dim
            else:
                target = dtypes.result_type(target, target_zero, dtype, zero_dim)
                target_zero = target_zero and zero_dim
        for value in arrays[:cls.operands]:
            if value.__class__ in (bool, int, float, complex):
                target = dtypes.result_type_scalar(target, value)
    for tensor in tensors:
        array = tensor._array
        wanted = target
        if cls.int_to_float:
            current = dtypes.from_np(array.dtype) if wanted is None else wanted
            if not (current.is_floating_point or current.is_complex):
                wanted = dtypes.get_default_dtype()
        if wanted is not None and array.dtype != wanted.np:
            position = _position_of(arrays, array)
            arrays[position] = array.astype(wanted.np)
            casts.append((arrays[position], tensor))
    return casts


def wrap_integer_scalars(cls, arrays):
    """Python ints beside integer tensors enter the kernel as the tensors' dtype holds them (two's complement),
    as PyTorch's kernels read them: ``uint8_tensor + 300`` adds 44 and stays uint8. NumPy 2 raises OverflowError
    in arithmetic and compares the exact value instead."""
    operands = arrays[:cls.operands] if cls.operands is not None else arrays
    for position, value in enumerate(operands):
        if value.__class__ is int and not 0 <= value <= 127:  # 0..127 fits every integer dtype
            target = None
            for other in arrays:
                if other.__class__ is not int and hasattr(other, "dtype"):
                    target = dtypes.from_np(other.dtype)
                    break
            if target is None or target.category != dtypes.int64.category:
                return
            arrays[position] = dtypes.wrap_integer(value, target)


_SINGLE = dtypes.float32.np
_HOST_XP = _numpy_backend.xp
_LOW_FLOATS = dtypes._LOW_FLOATS
_INF = float("inf")


_EXTENSION_FLOATS = dtypes._EXTENSION_FLOATS


def has_low_float(arrays):
    """Whether an array among the op's (cast) arguments is a half float (float16 or bfloat16)."""
    for value in arrays:  # (dtypes.is_low_float inlined: this runs for every op of apply's general path)
        dtype = getattr(value, "dtype", None)
        if dtype is not None and dtype.itemsize == 2 and (dtype.kind == "f" or dtype in _EXTENSION_FLOATS):
            return True
    return False


def forward_low_in_float32(cls, ctx, xp, arrays, casts):
    """Run ``forward`` on float32 copies of the half-float (float16, bfloat16) arrays and round its float32 results
    back (round to nearest even), as PyTorch's CPU kernels do for every float16 and bfloat16 op ("opmath": load as
    float, compute the whole formula, store rounded once). One rounding per op gives PyTorch's values bit for bit
    for elementwise ops (composites such as addcmul, lerp, silu, gelu, softplus included: NumPy would round after
    each step), and float32 accumulation for reductions and products. Python scalars enter as PyTorch's common
    dtype holds them (rounded to the half dtype, through float32 as ``Scalar.to<Half>()``), except the second
    operand of mul and true division (``bfloat16_opmath_other``): PyTorch's kernels read a scalar there, or any
    one-element operand, unrounded in float32 (``original_scalar_value<opmath_t>``); parameters past
    ``cls.operands`` (alpha, value, weight, bounds, activation constants) stay Python floats, as PyTorch's kernels
    read them in float. An op given a float32 array beside the half ones (a float32 result by design) keeps its
    float32 result. What forward saved is mapped back to the half inputs and outputs themselves (saved tensors
    must reach the graph; intermediates stay float32); the engine runs backward formulas in float32
    (engine._widened) and rounds each input's gradient to its dtype."""
    arrays = list(arrays)  # the caller's list keeps the half arrays (a capture for replay records those)
    low = None
    for value in arrays:
        dtype = getattr(value, "dtype", None)
        if dtype is not None and dtypes.is_low_float(dtype):
            low = dtype
            break
    if low.kind == "f" and not cls.float16_in_float32:
        return cls.forward(ctx, xp, *arrays)  # PyTorch's Half kernel rounds each step: NumPy's float16 does too
    if low not in _LOW_FLOATS:
        _LOW_FLOATS.add(low)  # from now on the engine widens gradients of this dtype
    keep_single = False
    pairs = []  # (float32 copy, the half input it was made from)
    operands = len(arrays) if cls.operands is None else cls.operands
    for position, value in enumerate(arrays):
        value_type = value.__class__
        if value_type is float or value_type is int:
            if cls.promote and position < operands and not (position == 1 and cls.bfloat16_opmath_other):
                rounded = held_in(xp, value, low)
                finite = rounded == rounded and rounded not in (_INF, -_INF)  # an int beyond the half range: inf
                arrays[position] = rounded if value_type is float or not finite else value_type(rounded)
            continue
        dtype = getattr(value, "dtype", None)
        if dtype is None:
            continue
        if dtypes.is_low_float(dtype):
            if position == 1 and cls.bfloat16_opmath_other and value.size == 1:
                value = _original_of(value, casts)
            arrays[position] = value.astype(_SINGLE)
            pairs.append((arrays[position], value))
        elif dtype == _SINGLE:
            keep_single = True
    if cls.forward_low is None:
        raw = cls.forward(ctx, xp, *arrays)
    else:
        raw = cls.forward_low(ctx, xp, low, *arrays)
    if keep_single:
        return raw
    out = _round_to(raw, low)
    saved = ctx._saved
    if saved is not None:  # the inputs and outputs themselves, so that saved tensors reach the graph
        pairs += list(zip(raw, out)) if raw.__class__ is tuple else [(raw, out)]
        narrow = low.kind == "f"
        ctx._saved = tuple(_saved_as(item, pairs, low if narrow else None) for item in saved)
    return out


def replayed_low(cls, ctx, xp, *arrays):
    """A captured op's half-float forward as ``forward_low_in_float32`` ran it (gradlib.graphs' replay)."""
    return forward_low_in_float32(cls, ctx, xp, arrays, ())


def held_in(xp, value, low):
    """The Python number ``value`` as the half dtype ``low`` holds it (through float32, as ``Scalar.to<Half>()``),
    as a Python float: rounded on the host (the CPU's array module), whatever device ``xp`` serves, so that no
    device array is made and read back."""
    return float(_HOST_XP.asarray(value, _SINGLE).astype(low))


def rounded_to(value, low):
    """A float32 array (a step of a formula computed on widened half inputs) rounded to ``low`` and widened
    again: where PyTorch's kernel stores that step in the half dtype."""
    return value.astype(low).astype(_SINGLE)


def _saved_as(item, pairs, narrow):
    """The saved ``item`` as the graph keeps it: the half input or output it is a float32 copy of, else itself;
    a float32 intermediate saved for a float16 formula is rounded to float16, as PyTorch saves it."""
    for wide, narrow_item in pairs:
        if item is wide:
            return narrow_item
    if narrow is not None and getattr(item, "dtype", None) == _SINGLE:
        return item.astype(narrow)
    return item


def _original_of(array, casts):
    """The array a cast made ``array`` from (a 0-d float64 tensor's value before its rounding to bfloat16)."""
    for cast, tensor in casts:
        if cast is array:
            return tensor._array
    return array


def _round_to(out, low):
    if out.__class__ is tuple:
        return tuple(_round_to(item, low) for item in out)
    if getattr(out, "dtype", None) == _SINGLE:
        return out.astype(low)
    return out


def _position_of(arrays, array):
    for position, value in enumerate(arrays):
        if value is array:
            return position
    raise AssertionError("tensor array not among the op's arguments")
