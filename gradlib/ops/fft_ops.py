"""Discrete Fourier transforms (the nodes behind ``gradlib.fft``): complex-to-complex, real-to-complex (one-sided)
and complex-to-real, over any axes, with PyTorch's norm modes and gradients.

Every transform is linear, so its gradient under PyTorch's convention (see ``ops/complex_ops.py``) is the adjoint
map applied to ``grad``: the adjoint of a forward transform with norm ``m`` is the inverse transform with the dual
norm (backward <-> forward, ortho <-> ortho), then cut or zero-padded back to the input's sizes where ``n``/``s``
changed them. A real input keeps the real part (the engine's cast). The complex-to-real transform's gradient is
PyTorch's ``fft_c2r_backward``: the one-sided forward transform of ``grad`` with the dual norm, its entries that
stand for two conjugate-symmetric ones doubled.
"""
from .. import _creation
from . import complex_ops, join
from ._op import Op

__all__ = ["fft_c2c", "fft_r2c", "fft_c2r", "DUAL_NORM"]

#: the norm of the adjoint transform
DUAL_NORM = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def _fit(xp, array, axes, sizes):
    """``array`` cut or zero-padded at the end of each axis in ``axes`` to ``sizes``."""
    index = [slice(None)] * array.ndim
    pad = [(0, 0)] * array.ndim
    for axis, size in zip(axes, sizes):
        have = array.shape[axis]
        if have > size:
            index[axis] = slice(0, size)
        elif have < size:
            pad[axis] = (0, size - have)
    array = array[tuple(index)]
    if any(p != (0, 0) for p in pad):
        array = xp.pad(array, pad)
    return array


def _complex_dtype(np_dtype):
    """The complex dtype of a transform of ``np_dtype`` (float32/complex64 -> complex64, float64 -> complex128)."""
    double = np_dtype.itemsize == (16 if np_dtype.kind == "c" else 8)
    return "complex128" if double else "complex64"


class FftC2CBackward0(Op):
    """fftn / ifftn of a complex tensor over ``axes`` with output sizes ``s``."""

    __slots__ = ("axes", "s", "norm", "inverse")
    complex_aware = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, axes, s, norm, inverse):
        ctx.axes, ctx.s, ctx.norm, ctx.inverse = axes, s, norm, inverse
        transform = xp.fft.ifftn if inverse else xp.fft.fftn
        out = transform(a, s=s, axes=axes, norm=norm)
        wanted = _complex_dtype(a.dtype)
        return out if out.dtype == wanted else out.astype(wanted)

    @staticmethod
    def backward(ctx, P, grad):
        sizes = [ctx.input_shape(0)[axis] for axis in ctx.axes]
        return P.fft_c2c(grad, ctx.axes, ctx.norm, not ctx.inverse, sizes)


class FftR2CBackward0(FftC2CBackward0):
    """fft of a real tensor along one dim (PyTorch's r2c node with both sides)."""

    __slots__ = ()


class FftR2CInverse(FftC2CBackward0):
    """ifft of a real tensor along one dim: PyTorch computes it as the conjugate of an r2c transform, and its node
    prints as ConjBackward0."""

    __slots__ = ()
    node_name = "ConjBackward0"


class FftR2COnesided(Op):
    """rfftn: the transform of a real tensor, the last axis cut to n // 2 + 1 (its other half is conjugate
    symmetric)."""

    __slots__ = ("axes", "s", "norm")
    node_name = "FftR2CBackward0"
    complex_aware = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, axes, s, norm):
        ctx.axes, ctx.s, ctx.norm = axes, s if s is not None else [a.shape[axis] for axis in axes], norm
        out = xp.fft.rfftn(a, s=s, axes=axes, norm=norm)
        wanted = _complex_dtype(a.dtype)
        return out if out.dtype == wanted else out.astype(wanted)

    @staticmethod
    def backward(ctx, P, grad):
        sizes = [ctx.input_shape(0)[axis] for axis in ctx.axes]
        full = list(ctx.s)
        return P.fft_r2c_adjoint(grad, ctx.axes, ctx.norm, full, sizes)


class FftC2RBackward0(Op):
    """irfftn: the real signal of a one-sided spectrum, last axis of output size n."""

    __slots__ = ("axes", "s", "norm")
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a, axes, s, norm):
        ctx.axes, ctx.s, ctx.norm = axes, s, norm
        if s is not None and any(a.shape[axis] == 0 for axis in axes):
            # NumPy's pocketfft reads uninitialized memory for an empty axis it pads: pad it with zeros first
            a = _fit(xp, a, axes, list(s[:-1]) + [s[-1] // 2 + 1])
        out = xp.fft.irfftn(a, s=s, axes=axes, norm=norm)
        wanted = "float64" if a.dtype.itemsize == 16 else "float32"
        return out if out.dtype == wanted else out.astype(wanted)

    @staticmethod
    def backward(ctx, P, grad):
        sizes = [ctx.input_shape(0)[axis] for axis in ctx.axes]
        return P.fft_c2r_adjoint(grad, ctx.axes, ctx.norm, sizes)


# ----- the adjoints on raw arrays (the primitives' array side) ------------------------------------------------------
def c2c_arrays(xp, grad, axes, norm, inverse, sizes):
    """The adjoint of a c2c transform: the opposite transform with the dual norm, fitted to ``sizes``."""
    transform = xp.fft.ifftn if inverse else xp.fft.fftn
    out = transform(grad, axes=axes, norm=DUAL_NORM[norm])
    return _fit(xp, out.astype(grad.dtype, copy=False), axes, sizes)


def r2c_adjoint_arrays(xp, grad, axes, norm, full, sizes):
    """The adjoint of rfftn: zero-pad the one-sided axis to its full length, inverse c2c with the dual norm, real
    part, fitted to ``sizes``."""
    padded = _fit(xp, grad, axes[-1:], full[-1:])
    out = xp.fft.ifftn(padded, axes=axes, norm=DUAL_NORM[norm]).astype(grad.dtype, copy=False).real
    return _fit(xp, out, axes, sizes)


def c2r_adjoint_arrays(xp, grad, axes, norm, sizes):
    """PyTorch's fft_c2r_backward: rfftn of ``grad`` with the dual norm, the entries standing for two doubled,
    fitted to ``sizes``."""
    out = xp.fft.rfftn(grad, axes=axes, norm=DUAL_NORM[norm])
    out = out.astype("complex128" if grad.dtype.itemsize == 8 else "complex64", copy=False)
    last = axes[-1]
    double = grad.shape[last] - out.shape[last]
    if double > 0:
        scale = xp.ones(out.shape[last], dtype=grad.dtype)
        scale[1:1 + double] = 2
        out = out * scale.reshape([-1 if axis == last % out.ndim else 1 for axis in range(out.ndim)])
    return _fit(xp, out, axes, sizes)


# ----- the same on Tensors (create_graph): the public transforms themselves, differentiable --------------------------
def c2c_tensors(grad, axes, norm, inverse, sizes):
    out = FftC2CBackward0.apply(grad, tuple(axes), None, DUAL_NORM[norm], inverse)
    return _fit_tensor(out, axes, sizes)


def r2c_adjoint_tensors(grad, axes, norm, full, sizes):
    padded = _fit_tensor(grad, axes[-1:], full[-1:])
    out = FftC2CBackward0.apply(padded, tuple(axes), None, DUAL_NORM[norm], True)
    return _fit_tensor(complex_ops.real(out), axes, sizes)


def c2r_adjoint_tensors(grad, axes, norm, sizes):
    out = FftR2COnesided.apply(grad, tuple(axes), None, DUAL_NORM[norm])
    last = axes[-1]
    double = grad.shape[last] - out.shape[last]
    if double > 0:
        scale = [1.0] + [2.0] * double + [1.0] * (out.shape[last] - 1 - double)
        shape = [-1 if axis == last % out.ndim else 1 for axis in range(out.ndim)]
        out = out * _creation.tensor(scale, dtype=grad.dtype, device=grad.device).reshape(shape)
    return _fit_tensor(out, axes, sizes)


def _fit_tensor(t, axes, sizes):
    """``_fit`` on Tensors (differentiable): narrow, or concatenate zeros."""
    for axis, size in zip(axes, sizes):
        have = t.shape[axis]
        if have > size:
            t = t.narrow(axis, 0, size)
        elif have < size:
            shape = list(t.shape)
            shape[axis] = size - have
            t = join.cat([t, _creation.zeros(shape, dtype=t.dtype, device=t.device)], axis)
    return t


def fft_c2c(input, axes, s, norm, inverse, one_dim=False):
    """fft/ifft (``one_dim``) or fftn/ifftn over ``axes``, recorded under PyTorch's node names: its fft and ifft
    of a real tensor are an r2c transform (ifft: conjugated), its n-dimensional ones end in a c2c transform."""
    cls = FftC2CBackward0
    if not input.dtype.is_complex and one_dim:
        cls = FftR2CInverse if inverse else FftR2CBackward0
    return cls.apply(input, tuple(axes), s, norm, inverse)


def fft_r2c(input, axes, s, norm):
    return FftR2COnesided.apply(input, tuple(axes), s, norm)


def fft_c2r(input, axes, s, norm):
    return FftC2RBackward0.apply(input, tuple(axes), s, norm)
