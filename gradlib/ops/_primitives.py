"""The namespace backward formulas are written against.

One formula serves both paths: on the fast first-order path ``F`` is an
``ArrayPrimitives`` (raw ``xp`` calls on raw arrays); under ``create_graph=True``
it is ``TensorPrimitives`` (gradlib's own differentiable functions on Tensors), so
the gradient is itself recorded and can be differentiated again. Both expose the
same small set of names with the same signatures. Arithmetic and comparisons are
written with operators, which both arrays and Tensors support.
"""
import gradlib  # the package's public functions, looked up when first used
from .. import _tensor, backends, dtypes
from ..autograd import saved_hooks
from . import conv, shape as _shape
from ._broadcast import sum_to_shape
from .conversion import _transfer

__all__ = ["ArrayPrimitives", "TensorPrimitives", "tensor_primitives", "sign_of"]


def sign_of(xp, array):
    """-1, 0 or 1 per element, with sign(NaN) = 0 as in PyTorch and CuPy (NumPy's sign(NaN) is NaN)."""
    if array.dtype.kind == "b":
        return array.copy()  # PyTorch keeps bool; CuPy's sign of a bool is int8 and NumPy has none
    sign = xp.sign(array)
    if array.dtype.kind != "f":
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


class ArrayPrimitives:
    """Primitives on raw arrays of one array module (NumPy or CuPy)."""

    #: False: the fast first-order path (formulas that need not be differentiable may take shortcuts)
    differentiable = False

    def __init__(self, backend):
        xp = backend.xp
        self.xp = xp
        self._backend = backend
        self.exp = xp.exp
        self.log = xp.log
        self.sin = xp.sin
        self.cos = xp.cos
        self.sqrt = xp.sqrt
        self.abs = xp.abs
        self.where = xp.where
        self.matmul = xp.matmul
        self.transpose = xp.transpose
        self.broadcast_to = xp.broadcast_to
        self.expand_dims = xp.expand_dims
        self.zeros_like = xp.zeros_like
        self.outer = xp.outer
        self.to_device = _transfer  # (array, device): a copy, as ``.to()``

    # Array methods: NumPy's module-level forms add a Python wrapper call per use.
    @staticmethod
    def swapaxes(array, axis1, axis2):
        return array.swapaxes(axis1, axis2)

    @staticmethod
    def reshape(array, shape):
        return array.reshape(shape)

    def __getattr__(self, name):
        # Anything not defined here is the array module's function of the same name (same signature).
        function = getattr(self.xp, name)
        setattr(self, name, function)
        return function

    @staticmethod
    def saved(ctx):
        """The node's saved arrays, after checking they were not freed or changed in place."""
        return saved_hooks.saved_arrays(ctx)

    @staticmethod
    def uniform_value(array):
        """The single value (0-d array) of an array that is one value broadcast, else None."""
        if array.ndim and array.size > 1 and not any(array.strides):
            return array.reshape(-1)[0:1].reshape(())
        return None

    def erf(self, array):
        return self._backend.erf(array)

    def sign(self, array):
        return sign_of(self.xp, array)

    def sigmoid(self, array):
        exp_negative = self.xp.exp(-self.xp.abs(array))  # never overflows (1 / (1 + e^-x) does for x << 0)
        return self.xp.where(array >= 0, 1 / (1 + exp_negative), exp_negative / (1 + exp_negative))

    def softplus(self, array):
        xp = self.xp
        return xp.maximum(array, 0) + xp.log1p(xp.exp(-xp.abs(array)))

    def inv(self, array):
        return self.xp.linalg.inv(array)

    def solve(self, a, b):
        return self.xp.linalg.solve(a, b)

    def tril(self, array, diagonal=0):
        return self.xp.tril(array, diagonal)

    def diagonal(self, array, offset=0, dim1=0, dim2=1):
        return self.xp.diagonal(array, offset, dim1, dim2)

    def flip(self, array, dims):
        return self.xp.flip(array, dims)

    def diag_embed(self, array, offset, dim1, dim2, shape):
        return _shape.embed_diagonal(self.xp, array, offset, dim1, dim2, shape)

    def conv2d(self, x, w, params):
        return conv.conv2d_arrays(self.xp, x, w, *params)

    def conv2d_input_grad(self, g, w, input_shape, params):
        return conv.conv2d_input_grad_arrays(self.xp, g, w, input_shape, *params)

    def conv2d_weight_grad(self, x, g, weight_shape, params):
        return conv.conv2d_weight_grad_arrays(self.xp, x, g, weight_shape, *params)

    def prod(self, array, axes, keepdims):
        return self.xp.prod(array, axis=axes, keepdims=keepdims)

    def cumsum(self, array, dim):
        return self.xp.cumsum(array, axis=dim)

    def cumprod(self, array, dim):
        return self.xp.cumprod(array, axis=dim)

    def cat(self, arrays, dim):
        return self.xp.concatenate(arrays, axis=dim)

    def div_rounded(self, a, b, mode):
        quotient = a / b
        return self.xp.floor(quotient) if mode == "floor" else self.xp.trunc(quotient)

    def pow_scalar(self, array, exponent):
        return scalar_power(self.xp, array, exponent)

    def take_along_dim(self, array, indices, dim):
        return self.xp.take_along_axis(array, indices, axis=dim)
    def sum(self, array, axis=None, keepdims=False):
        return self._backend.ensure_array(array.sum(axis=axis, keepdims=keepdims))

    sum_to = staticmethod(sum_to_shape)

    @staticmethod
    def cast(array, np_dtype):
        return array.astype(np_dtype)

    def index_add(self, shape, index, grad, accumulate):
        """Zeros of ``shape`` (grad's dtype) with ``grad`` added at ``index``; repeats accumulate if asked."""
        out = self.xp.zeros(shape, dtype=grad.dtype)
        if accumulate:
            self._backend.scatter_add(out, index, grad)
        else:
            out[index] = grad
        return out


class TensorPrimitives:
    """The same primitives as gradlib's differentiable functions (for ``create_graph=True``)."""

    differentiable = True

    def __getattr__(self, name):
        function = _TENSOR_NAMES.get(name)
        if function is None:
            function = getattr(gradlib, name)
        else:
            function = function(gradlib)
        setattr(self, name, function)
        return function

    @staticmethod
    def saved(ctx):
        if ctx._saved_info == "packed":
            return saved_hooks.unpack_op_saved(ctx, as_tensors=True)
        arrays = saved_hooks.saved_arrays(ctx)
        saved = []
        for array, info in zip(arrays, ctx._saved_info):
            if info is None:
                device = _device_of(array)
                saved.append(_tensor.wrap(device._backend.ensure_array(array), device))
            elif info[0] is not None:
                saved.append(info[0])
            else:
                output = _tensor.wrap(array, _device_of(array))
                output._grad_fn = ctx
                output._requires_grad = True
                output._output_nr = info[3]
                output._vc = info[1]
                saved.append(output)
        return tuple(saved)

    @staticmethod
    def cast(tensor, np_dtype):
        return tensor.to(dtypes.from_np(np_dtype))

    @staticmethod
    def uniform_value(tensor):
        return None  # under create_graph the general formula keeps the graph simple


_array_primitives = {}


def array_primitives(backend):
    """The raw-array namespace of ``backend`` (one per backend, made on first use)."""
    primitives = _array_primitives.get(backend)
    if primitives is None:
        primitives = _array_primitives[backend] = ArrayPrimitives(backend)
    return primitives


def _device_of(array):
    return backends.backend_of_array(array).device_of(array)


def _tensor_prod(g):
    def prod(t, axes, keepdims):
        if axes is not None and len(axes) == 1:
            return g.prod(t, axes[0], keepdim=keepdims)
        return g.prod(t.reshape(-1)).reshape((1,) * t.ndim if keepdims else ())
    return prod


_TENSOR_NAMES = {
    "softplus": lambda g: g.nn.functional.softplus,
    "conv2d": lambda g: g.ops.conv.conv2d_tensors,
    "conv2d_input_grad": lambda g: g.ops.conv.conv2d_input_grad_tensors,
    "conv2d_weight_grad": lambda g: g.ops.conv.conv2d_weight_grad_tensors,
    "prod": _tensor_prod,
    "inv": lambda g: g.linalg.inv,
    "solve": lambda g: g.linalg.solve,
    "sum": lambda g: (lambda t, axis=None, keepdims=False: g.sum(t, dim=axis, keepdim=keepdims)),
    "sum_to": lambda g: (lambda t, shape: t.sum_to_size(shape)),
    "swapaxes": lambda g: g.swapaxes,
    "transpose": lambda g: (lambda t, axes: g.permute(t, axes)),
    "reshape": lambda g: g.reshape,
    "broadcast_to": lambda g: g.broadcast_to,
    "expand_dims": lambda g: (lambda t, axis: g.unsqueeze(t, axis)),
    "index_add": lambda g: g.ops.indexing.index_add_into,
    "to_device": lambda g: g.ops.conversion.to_device,
    "pow_scalar": lambda g: g.pow,
    "power": lambda g: g.pow,
    "div_rounded": lambda g: (lambda a, b, mode: g.div(a, b, rounding_mode=mode)),
    "cat": lambda g: g.cat,
    "concatenate": lambda g: g.cat,
}

tensor_primitives = TensorPrimitives()
