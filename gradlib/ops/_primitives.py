"""The primitives ``P``: the one vocabulary every backward formula is written against.

``backward(ctx, P, grad)`` receives ``P``. One formula serves both paths:

- on the fast first-order path ``P`` is the ``ArrayPrimitives`` of the node's backend: raw ``xp`` calls on raw
  arrays, nothing recorded;
- under ``create_graph=True`` it is ``tensor_primitives``: gradlib's own differentiable functions on Tensors, so
  the gradient is itself recorded and can be differentiated again.

``PRIMITIVES`` below is the whole vocabulary, one row per name with both implementations side by side; both
namespaces expose exactly these names with the same signatures, and nothing else (no fall-through to ``xp`` or to
gradlib). A name missing on either side fails when gradlib is imported (``check_primitives``), not the first time
someone differentiates twice. Arithmetic and comparisons are written with operators, which arrays and Tensors
both support. (``P`` is not ``torch.nn.functional``, which gradlib's own modules call ``F``.)
"""
import types

from .. import _creation, dtypes
from ..backends import backend_for
from ..device import CPU
from ..autograd import saved_hooks
from . import (activation, arithmetic, comparison, complex_ops, conv, conversion, cumulative, einsum, elementwise,
               fft_ops, indexing, join, linalg, matrix_functions, rearrange, reduction, selection, shape as _shape,
               sliding, special, special_functions)
from ._broadcast import sum_to_shape
from ._scalar_operand import HOST_ZEROS as _HOST_ZEROS, NDARRAY as _HOST_ARRAY
from .conversion import _transfer

__all__ = ["PRIMITIVES", "ArrayPrimitives", "TensorPrimitives", "array_primitives", "tensor_primitives",
           "check_primitives", "sign_of"]


def sign_of(xp, array):
    """-1, 0 or 1 per element, with sign(NaN) = 0 as in PyTorch and CuPy (NumPy's sign(NaN) is NaN)."""
    if array.dtype.kind == "b":
        return array.copy()  # PyTorch keeps bool; CuPy's sign of a bool is int8 and NumPy has none
    sign = xp.sign(array)
    if not dtypes.floating_np(array.dtype):
        return sign
    return xp.where(array == array, sign, sign.dtype.type(0))


def scalar_power(xp, array, exponent):
    """``array ** exponent`` for a Python scalar exponent as PyTorch's kernel computes it: 0.5, 2, 3, -0.5, -1 and
    -2 are sqrt, squares, cubes, rsqrt and reciprocals (so ``(-0.) ** -0.5`` is -inf, as 1 / sqrt(-0.))."""
    if exponent == 0.5:
        return xp.sqrt(array)
    if exponent == 2:
        return array * array
    if exponent == 3:
        return array * array * array
    if exponent == -0.5:
        return 1 / xp.sqrt(array)
    if exponent == -1:
        return 1 / array
    if exponent == -2:
        return 1 / (array * array)
    return array ** exponent


# The raw-array side: functions of (prims, ...) where the array module's own function will not do. ``prims`` is
# the backend's ArrayPrimitives (``prims.xp``, ``prims.backend``).

def _uniform_value(prims, array):
    """The single value (0-d array) of an array that is one value broadcast, else None."""
    if array.ndim and array.size > 1 and not any(array.strides):
        return array.reshape(-1)[0:1].reshape(())
    return None


def _array_sum(prims, array, axis=None, keepdims=False):
    if dtypes.floating_np(array.dtype) and array.dtype.itemsize == 2:  # float16 accumulates in float32 (PyTorch)
        total = array.sum(axis=axis, keepdims=keepdims, dtype="float32").astype(array.dtype)
        return prims.backend.ensure_array(total)
    return prims.backend.ensure_array(array.sum(axis=axis, keepdims=keepdims))


def _array_cumsum(prims, array, dim):
    if dtypes.floating_np(array.dtype) and array.dtype.itemsize == 2:  # float16 accumulates in float32 (PyTorch)
        return prims.xp.cumsum(array, axis=dim, dtype="float32").astype(array.dtype)
    return prims.xp.cumsum(array, axis=dim)


def _array_index_add(prims, shape, index, grad, accumulate):
    """Zeros of ``shape`` (grad's dtype) with ``grad`` added at ``index``; repeats accumulate if asked."""
    out = prims.xp.zeros(shape, dtype=grad.dtype)
    if accumulate:
        prims.backend.scatter_add(out, index, grad)
    else:
        out[index] = grad
    return out


def _array_relu_backward(prims, grad, out):
    """``where(out <= 0, 0, grad)`` for relu's output ``out`` (never negative): +0. where ``out`` is 0, ``grad``
    itself elsewhere (NaN and -0. included). A float gradient's bits, read as the integer of its width, are
    multiplied by the mask ``out != 0`` (0 gives +0., 1 the same bits: NaN, inf and -0. gradients pass unchanged)
    instead of calling ``where``, which NumPy runs ten times slower than an arithmetic pass on a random mask.

    ``out != 0`` is ``not out <= 0`` because ``out`` is relu's result: +-0., positive, +inf or NaN (of either sign,
    whose gradient passes as in PyTorch's threshold_backward). Two array passes (the compare, then the multiply,
    which casts the mask in its buffer) where the bits ANDed with ``(out <= 0).astype(int) - 1`` made four:
    37,100 instructions a call instead of 45,400 on (32, 128) float32, 793,000 instead of 1,006,000 on
    (256, 1024) (callgrind, NumPy 2.4)."""
    xp = prims.xp
    dtype = grad.dtype
    if (dtype.kind != "f" and not dtypes.floating_np(dtype)) or dtype != out.dtype or dtype.itemsize not in (2, 4, 8):
        return xp.where(out <= 0, 0.0, grad)
    bits = (xp.int16, xp.int32, xp.int64)[dtype.itemsize >> 2]  # the integer of the float's width
    zero = _HOST_ZEROS.get(dtype, 0) if out.__class__ is _HOST_ARRAY else 0  # (a NumPy 0-d zero: no int to convert)
    if out.flags.c_contiguous:
        return xp.multiply(grad.view(bits), out != zero).view(dtype)
    # relu's output laid out otherwise (a transposed input): the result takes its layout, as PyTorch's
    # threshold_backward (relu's result is its TensorIterator's first input), where NumPy would pick row-major
    # for a row-major gradient
    result = xp.empty_like(out, dtype=bits)
    return xp.multiply(grad.view(bits), out != zero, out=result).view(dtype)


def _array_one_minus_square(prims, array):
    """``1 - y*y`` rounded once, as PyTorch's tanh_backward kernel computes it (one fused multiply-add, on the
    CPU's vector units and in CUDA's compiled kernel alike): for float32, ``y*y`` is exact in float64 and ``1 - y*y``
    is rounded once on the way back. So ``tanh``'s gradient equals PyTorch's bit for bit (Karpathy's makemore part
    4 checks it with ``(dt == t.grad).all()``). Other dtypes: the plain two-rounding formula."""
    if array.dtype != prims.xp.float32:
        return 1 - array * array
    wide = array.astype(prims.xp.float64)
    return (1 - wide * wide).astype(prims.xp.float32)


def _array_softplus(prims, array):
    xp = prims.xp
    return xp.maximum(array, 0) + xp.log1p(xp.exp(-xp.abs(array)))


def _array_sigmoid(prims, array):
    exp_negative = prims.xp.exp(-prims.xp.abs(array))  # never overflows (1 / (1 + e^-x) does for x << 0)
    return prims.xp.where(array >= 0, 1 / (1 + exp_negative), exp_negative / (1 + exp_negative))


def _array_div_rounded(prims, a, b, mode):
    if mode == "floor":  # as div(rounding_mode='floor') computes it: 1e-30 // -inf is -1, inf // 2 is NaN
        return prims.xp.floor_divide(a, b)
    return prims.xp.trunc(a / b)


def _tensor_prod(t, axes, keepdims):
    if axes is not None and len(axes) == 1:
        return reduction.prod(t, axes[0], keepdim=keepdims)
    return reduction.prod(t.reshape(-1)).reshape((1,) * t.ndim if keepdims else ())


def _tensor_eye_like(like, size):
    return _creation.eye(size, dtype=like.dtype, device=like.device)


def _xp(name):
    """The array module's own function ``name`` (same signature on both sides)."""
    return lambda prims: getattr(prims.xp, name)


def _bound(function):
    """A function of ``(prims, ...)`` above, bound to one backend's namespace."""
    return lambda prims: types.MethodType(function, prims)


def _plain(function):
    """A function that needs nothing from the backend."""
    return lambda prims: function


# name: (raw arrays, fast path: made from the backend's namespace;  Tensors, create_graph: a gradlib function)
PRIMITIVES = {
    # elementwise
    "abs": (_xp("abs"), lambda: elementwise.abs),
    "cos": (_xp("cos"), lambda: elementwise.cos),
    "cosh": (_xp("cosh"), lambda: elementwise.cosh),
    "erf": (lambda prims: prims.backend.erf, lambda: elementwise.erf),
    "digamma": (_bound(lambda prims, a: special.digamma_of(prims.backend, a)), lambda: special.digamma),
    "polygamma": (_bound(lambda prims, n, a: special.polygamma_of(prims.backend, n, a)), lambda: special.polygamma),
    "lgamma": (_bound(lambda prims, a: special.lgamma_of(prims.backend, a)), lambda: special.lgamma),
    "i0": (_plain(special_functions.i0_of), lambda: special_functions.i0),
    "i0e": (_plain(special_functions.i0e_of), lambda: special_functions.i0e),
    "i1": (_plain(special_functions.i1_of), lambda: special_functions.i1),
    "i1e": (_plain(special_functions.i1e_of), lambda: special_functions.i1e),
    "zeta": (_plain(special_functions.zeta_of), lambda: special_functions.zeta),
    "exp": (_xp("exp"), lambda: elementwise.exp),
    "floor": (_xp("floor"), lambda: elementwise.floor),
    "isfinite": (_xp("isfinite"), lambda: comparison.isfinite),
    "log": (_xp("log"), lambda: elementwise.log),
    "log1p": (_xp("log1p"), lambda: elementwise.log1p),
    "maximum": (_xp("maximum"), lambda: selection.maximum),
    "minimum": (_xp("minimum"), lambda: selection.minimum),
    "power": (_xp("power"), lambda: arithmetic.pow),
    "pow_scalar": (_bound(lambda prims, array, exponent: scalar_power(prims.xp, array, exponent)),
                   lambda: arithmetic.pow),
    "div_rounded": (_bound(_array_div_rounded),
                    lambda: lambda a, b, mode: arithmetic.div(a, b, rounding_mode=mode)),
    "one_minus_square": (_bound(_array_one_minus_square), lambda: lambda t: 1 - t * t),
    "sigmoid": (_bound(_array_sigmoid), lambda: elementwise.sigmoid),
    "sign": (_bound(lambda prims, array: sign_of(prims.xp, array)), lambda: elementwise.sign),
    "sin": (_xp("sin"), lambda: elementwise.sin),
    "sinh": (_xp("sinh"), lambda: elementwise.sinh),
    "softplus": (_bound(_array_softplus), lambda: activation.softplus),
    "sqrt": (_xp("sqrt"), lambda: elementwise.sqrt),
    "tanh": (_xp("tanh"), lambda: elementwise.tanh),
    "trunc": (_xp("trunc"), lambda: elementwise.trunc),
    "where": (_xp("where"), lambda: selection.where),
    # the same value with no derivative (a masked formula that holds a factor constant at a kink)
    "detach": (_plain(lambda array: array), lambda: lambda t: t.detach()),
    # under create_graph relu's gradient is a node of its own, as PyTorch's (ThresholdBackwardBackward0)
    "relu_backward": (_bound(_array_relu_backward), lambda: elementwise.ThresholdBackwardBackward0.apply),
    # shapes and views
    "broadcast_to": (_xp("broadcast_to"), lambda: _shape.broadcast_to),
    "diag_embed": (_bound(lambda prims, array, offset, dim1, dim2, shape:
                          rearrange.embed_diagonal(prims.xp, array, offset, dim1, dim2, shape)),
                   lambda: rearrange.diag_embed),
    "diagonal": (_bound(lambda prims, array, offset=0, dim1=0, dim2=1: prims.xp.diagonal(array, offset, dim1, dim2)),
                 lambda: rearrange.diagonal),
    "expand_dims": (_xp("expand_dims"), lambda: _shape.unsqueeze),
    "flip": (_xp("flip"), lambda: rearrange.flip),
    "reshape": (_plain(lambda array, shape: array.reshape(shape)), lambda: _shape.reshape),
    "squeeze_dim": (_plain(lambda array, axis: array.squeeze(axis)), lambda: _shape.squeeze),
    "roll": (_xp("roll"), lambda: rearrange.roll),
    "swapaxes": (_plain(lambda array, axis1, axis2: array.swapaxes(axis1, axis2)), lambda: _shape.swapaxes),
    "transpose": (_xp("transpose"), lambda: _shape.permute),
    "tril": (_bound(lambda prims, array, diagonal=0: prims.xp.tril(array, diagonal)), lambda: rearrange.tril),
    "triu": (_xp("triu"), lambda: rearrange.triu),
    "unfold": (_bound(lambda prims, array, dim, size, step: sliding.windows_array(prims.xp, array, dim, size, step)),
               lambda: sliding.unfold),
    "unfold_backward": (_bound(lambda prims, grad, shape, dim, size, step:
                               sliding.windows_backward_array(prims.xp, grad, shape, dim, size, step)),
                        lambda: sliding.unfold_backward),
    # reductions and scans
    "cumsum": (_bound(_array_cumsum), lambda: cumulative.cumsum),
    "cumprod": (_bound(lambda prims, array, dim: prims.xp.cumprod(array, axis=dim)), lambda: cumulative.cumprod),
    "cat": (_bound(lambda prims, arrays, dim: prims.xp.concatenate(arrays, axis=dim)), lambda: join.cat),
    "ones_like": (_xp("ones_like"), lambda: _creation.ones_like),
    "zeros_like": (_xp("zeros_like"), lambda: _creation.zeros_like),
    "prod": (_bound(lambda prims, array, axes, keepdims: prims.xp.prod(array, axis=axes, keepdims=keepdims)),
             lambda: _tensor_prod),
    "sum": (_bound(_array_sum),
            lambda: lambda t, axis=None, keepdims=False: reduction.sum(t, dim=axis, keepdim=keepdims)),
    "sum_to": (_plain(sum_to_shape), lambda: lambda t, shape: t.sum_to_size(shape)),
    # linear algebra
    "einsum": (_xp("einsum"), lambda: einsum.einsum),
    "eye_like": (_bound(lambda prims, like, size: prims.xp.eye(size, dtype=like.dtype)), lambda: _tensor_eye_like),
    "inv": (_bound(lambda prims, array: linalg.inv_array(prims.xp, array)), lambda: linalg.inv),
    "matmul": (_xp("matmul"), lambda: linalg.matmul),
    "matrix_exp": (_bound(lambda prims, a: matrix_functions.matrix_exp_array(prims.xp, a)),
                   lambda: matrix_functions.matrix_exp),
    "solve": (_bound(lambda prims, a, b: linalg.solve_array(prims.xp, a, b)), lambda: linalg.solve),
    # convolution (functions of the raw arrays in ops/conv.py)
    "conv2d": (_bound(lambda prims, x, w, params: conv.conv2d_arrays(prims.xp, x, w, *params)),
               lambda: conv.conv2d_tensors),
    "conv2d_input_grad": (_bound(lambda prims, g, w, input_shape, params:
                                 conv.conv2d_input_grad_arrays(prims.xp, g, w, input_shape, *params)),
                          lambda: conv.conv2d_input_grad_tensors),
    "conv2d_weight_grad": (_bound(lambda prims, x, g, weight_shape, params:
                                  conv.conv2d_weight_grad_arrays(prims.xp, x, g, weight_shape, *params)),
                           lambda: conv.conv2d_weight_grad_tensors),
    # scatter, dtype and device
    "cast": (_plain(lambda array, np_dtype: _cast_array(array, np_dtype)),
             lambda: lambda t, np_dtype: _cast_tensor(t, np_dtype)),
    # complex numbers (ops/complex_ops.py)
    "conj": (_xp("conj"), lambda: complex_ops.conj),
    "real": (_plain(lambda array: array.real), lambda: complex_ops.real),
    "imag": (_plain(lambda array: array.imag), lambda: complex_ops.imag),
    "sgn": (_bound(lambda prims, array: complex_ops.sgn_array(prims.xp, array)), lambda: complex_ops.sgn),
    "view_as_real": (_plain(lambda array: array[..., None].view(array.real.dtype)),
                     lambda: complex_ops.view_as_real),
    "view_as_complex": (_plain(lambda array: array.view(dtypes.to_complex_np(array.dtype))[..., 0]),
                        lambda: complex_ops.view_as_complex),
    "contiguous": (_xp("ascontiguousarray"), lambda: lambda t: t.contiguous()),
    # Fourier transforms' adjoints (ops/fft_ops.py)
    "fft_c2c": (_bound(lambda prims, g, axes, norm, inverse, sizes:
                       fft_ops.c2c_arrays(prims.xp, g, axes, norm, inverse, sizes)), lambda: fft_ops.c2c_tensors),
    "fft_r2c_adjoint": (_bound(lambda prims, g, axes, norm, full, sizes:
                               fft_ops.r2c_adjoint_arrays(prims.xp, g, axes, norm, full, sizes)),
                        lambda: fft_ops.r2c_adjoint_tensors),
    "fft_c2r_adjoint": (_bound(lambda prims, g, axes, norm, sizes:
                               fft_ops.c2r_adjoint_arrays(prims.xp, g, axes, norm, sizes)),
                        lambda: fft_ops.c2r_adjoint_tensors),
    "index_add": (_bound(_array_index_add), lambda: indexing.index_add_into),
    "to_device": (_plain(_transfer), lambda: conversion.to_device),  # (value, device): a copy, as ``.to()``
    # the node's saved values, and a shortcut for gradients that are one value broadcast
    "saved": (_plain(saved_hooks.saved_arrays), lambda: saved_hooks.saved_tensors),
    "uniform_value": (_bound(_uniform_value), lambda: lambda t: None),  # create_graph: the general formula
}


def _cast_array(array, np_dtype):
    """``array`` as ``np_dtype``; a complex gradient of a real input keeps its real part (PyTorch's
    ``handle_r_to_c``), without NumPy's warning."""
    if array.dtype.kind == "c" and np_dtype.kind != "c":
        array = array.real
    return array.astype(np_dtype)


def _cast_tensor(t, np_dtype):
    """``_cast_array`` for Tensors under create_graph (differentiable)."""
    if t.dtype.is_complex and np_dtype.kind != "c":
        t = complex_ops.real(t)
    return t.to(dtypes.from_np(np_dtype))


class ArrayPrimitives:
    """The raw-array side of ``PRIMITIVES`` for one backend (NumPy or CuPy): one attribute per name, plus ``xp``
    (the array module) and ``differentiable`` (False: a formula may take a shortcut that is not itself
    differentiable, e.g. through ``xp.linalg``)."""

    differentiable = False

    def __init__(self, backend):
        self.xp = backend.xp
        self.backend = backend
        for name, (make, _) in PRIMITIVES.items():
            setattr(self, name, make(self))


class TensorPrimitives:
    """The Tensor side of ``PRIMITIVES`` (for ``create_graph=True``): one attribute per name; ``differentiable``
    is True."""

    differentiable = True

    def __init__(self):
        for name, (_, make) in PRIMITIVES.items():
            setattr(self, name, make())


_array_primitives = {}


def array_primitives(backend):
    """The raw-array namespace of ``backend`` (one per backend, made on first use)."""
    primitives = _array_primitives.get(backend)
    if primitives is None:
        primitives = _array_primitives[backend] = ArrayPrimitives(backend)
    return primitives


tensor_primitives = None  # made by check_primitives() once every op module is loaded


def check_primitives():
    """Build the Tensor namespace and the CPU one: a primitive missing on either side fails here, when gradlib is
    imported (``gradlib/__init__.py`` calls this last)."""
    global tensor_primitives
    tensor_primitives = TensorPrimitives()
    array_primitives(backend_for(CPU))
