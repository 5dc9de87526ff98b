"""gradlib: define-by-run automatic differentiation on NumPy (CPU) and CuPy (CUDA), with PyTorch's API.

>>> import gradlib as torch
>>> x = torch.ones(2, 2, requires_grad=True)
>>> out = ((x + 2) * (x + 2) * 3).mean()
>>> out.backward()
>>> x.grad
tensor([[4.5000, 4.5000],
        [4.5000, 4.5000]])
"""
from . import autograd, cuda, dtypes
from ._formats import (channels_last, channels_last_3d, contiguous_format, layout, memory_format, preserve_format,
                       sparse_coo, sparse_csr, strided)
from ._creation import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like, linspace, ones,
                        ones_like, rand, rand_like, randint, randint_like, randn, randn_like, tensor, zeros,
                        zeros_like)
from ._tensor import Size, Tensor
from ._dlpack import from_dlpack
from .autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .autograd.inference import inference_mode, is_inference_mode_enabled
from .autograd.anomaly import is_anomaly_check_nan_enabled, is_anomaly_enabled, set_anomaly_enabled
from .device import device, get_default_device, set_default_device
#: PyTorch's float constants (``torch.inf``, ``torch.nan``, ``torch.pi``, ``torch.e``) and ``torch.newaxis``
from math import e, inf, nan, pi  # noqa: E402
newaxis = None
from .dtypes import (bfloat16, bool, cdouble, cfloat, complex64, complex128, double, dtype, float, float16, float32, float64, get_default_dtype, half, int,
                     int8, int16, int32, int64, long, promote_types, set_default_dtype, short, uint8)
from .ops import ops_table
from .ops.arithmetic import add, div, mul, multiply, neg, negative, pow, sub, subtract, true_divide
from .ops.comparison import (all, any, bitwise_and, bitwise_or, bitwise_xor, eq, equal, ge, gt, isfinite, le,
                             logical_not, lt, ne)
from .ops.join import cat, concat, stack
from .ops.linalg import bmm, dot, matmul, mm, mv
from .ops.reduction import amax, amin, max, mean, min, norm, sum
from .ops.selection import maximum, minimum, where
from .ops.shape import (broadcast_to, clone, flatten, permute, reshape, squeeze, sum_to_size, swapaxes, t,
                        transpose, unsqueeze)
from .ops.arithmetic import floor_divide, fmod, remainder
from .ops.elementwise import (abs, acos, arctan2, asin, atan, atan2, ceil, cos, cosh, erf, erfc, exp, expm1, floor,
                              frac, hypot, log, log1p, log2, log10, nan_to_num, reciprocal, relu, round, rsqrt,
                              sigmoid, sign, sin, sinh, sqrt, square, tan, tanh, trunc)
from .ops.selection import clamp, clip, fmax, fmin
from .ops.ternary import addcdiv, addcmul, lerp
from .ops.gather_scatter import (gather, index_add, index_select, masked_fill, masked_select, scatter,
                                 scatter_add, take_along_dim)
from .ops.linalg import ger, outer
from .ops.einsum import einsum, tensordot
from .ops.reduction import argmax, argmin, count_nonzero, logsumexp, prod
from .ops.statistics import std, std_mean, var, var_mean
from .ops.cumulative import cumprod, cumsum
from .ops.shape import chunk, moveaxis, movedim, narrow, split, unbind, unflatten
from .ops.rearrange import diag_embed, diagonal, flip, repeat_interleave, roll, tile, tril, triu
from .ops.aliases import (absolute, arccos, arcsin, arctan, concatenate, divide, fix, greater, greater_equal, less,
                          less_equal, not_equal, positive, ravel, select, swapdims)
from .ops.triangular import cholesky_inverse, cholesky_solve
from ._determinism import (are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled,
                           use_deterministic_algorithms)
from ._tensor_str import set_printoptions
from ._threads import get_num_threads, set_num_threads
from ._type_info import finfo, iinfo
from .random import Generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from ._sampling import bernoulli, multinomial, normal, poisson, randperm
from .ops.sorting import (argsort, argwhere, kthvalue, median, msort, nanmedian, nonzero, sort, topk, unique,
                          unique_consecutive)
from .ops.complex_ops import (angle, complex, conj, conj_physical, imag, is_conj, polar, real, resolve_conj, sgn,
                               view_as_complex, view_as_real)
from .ops.predicates import allclose, isclose, isinf, isnan, isneginf, isposinf, isreal
from .ops.bitwise import bitwise_left_shift, bitwise_not, bitwise_right_shift
from .ops.cumulative import cummax, cummin, logcumsumexp
from .ops.special import digamma, erfinv, exp2, lgamma, logit, polygamma, sinc, xlogy
from .ops.special_functions import igamma, igammac
from .ops.special_functions import torch_i0 as i0
from .ops.scatter_reduce import index_put, scatter_reduce
from .ops.distance import cdist, dist, pairwise_distance
from .ops.index_fill import index_fill
# tensor plumbing and signal ops (issue 15, helper plumb10)
from .ops.index_write import index_copy, index_reduce, masked_scatter, put
from .ops.strided import as_strided, as_strided_scatter, empty_strided
from .ops.split_more import split_with_sizes, unravel_index, unsafe_chunk, unsafe_split, unsafe_split_with_sizes
from .ops.windows import bartlett_window, blackman_window, hamming_window, hann_window, kaiser_window
from .ops.histogram import histogram, histogramdd
from .ops.numeric_gradient import gradient
from ._asarray import asarray, frombuffer
from ._spectral import istft, stft
from ._tensor_methods_plumb import get_device
from .ops.grids import meshgrid
from . import return_types
from .ops.more_math import (clamp_max, clamp_min, cross, diff, heaviside, kron, logaddexp, logaddexp2, logical_and,
                            logical_or, logical_xor, signbit, trace)
from .ops.statistics import (aminmax, bincount, bucketize, corrcoef, cov, histc, mode, nanmean, nanquantile, nansum,
                             quantile, searchsorted)
from .ops.construction import (atleast_1d, atleast_2d, atleast_3d, block_diag, broadcast_shapes, broadcast_tensors,
                               cartesian_prod, column_stack, combinations, diag, diagflat, dstack, fliplr, flipud,
                               hstack, rot90, row_stack, take, tril_indices, triu_indices, vstack)
from ._legacy_types import LEGACY_TYPES as _LEGACY_TYPES, set_default_tensor_type
from .ops.decompositions import svd_legacy as svd, pinverse, qr_legacy as qr
from ._linalg_removed import eig, lstsq, matrix_rank, solve, symeig

globals().update(_LEGACY_TYPES)  # FloatTensor, LongTensor, ... (torch.FloatTensor(2, 3), x.type(torch.LongTensor))
from .serialization import load, save
from .storage import TypedStorage, UntypedStorage
from . import distributed, graphs, linalg, nn, optim, utils
from . import accelerator, distributions, fft, special
from . import func, testing
from ._lowrank import pca_lowrank, svd_lowrank
from .func import vmap
from .nn.utils._weight_norm import norm_except_dim, weight_norm_product as _weight_norm
from . import amp, compiler, cpu, jit, library, mps, profiler
from . import _dynamo
from .backends.cuda import get_float32_matmul_precision, set_float32_matmul_precision
from .compiler import compile
from ._creation import logspace
from .ops.matrix_functions import det, inverse, logdet, matrix_exp, matrix_power, slogdet
from .ops.lu_solve import lu, lu_solve_legacy as lu_solve, lu_unpack
from .ops.linalg_compose import vander, vdot
from .ops.householder import orgqr
from .ops.triangular_solve import triangular_solve
from .ops.geqrf import geqrf
from .ops.linalg_ex import cholesky_legacy as cholesky
from .ops.products import addbmm, addmm, addmv, addr, baddbmm, chain_matmul, inner
from .ops.torch_math import (can_cast, copysign, cumulative_trapezoid, diagonal_scatter, dsplit, float_power, hsplit,
                             isin, mvlgamma, renorm, select_scatter, slice_scatter, tensor_split, trapezoid, trapz,
                             vsplit)
from .amp import GradScaler, autocast
from .amp.autocast_mode import clear_autocast_cache, get_autocast_dtype, is_autocast_enabled
from .ops.nn_ops import log_softmax, softmax
from ._sparse_coo import sparse_coo_tensor
from ._sparse_csr import sparse_csr_tensor
from . import sparse
from .sparse import spmm
from .ops.gamma_grads import (dirichlet_grad as _dirichlet_grad, standard_gamma as _standard_gamma,
                              standard_gamma_grad as _standard_gamma_grad)
from .ops.elementwise_more import (acosh, arccosh, arcsinh, arctanh, asinh, atanh, deg2rad, frexp, gcd, lcm, ldexp,
                                   nextafter, rad2deg)
from .ops.arithmetic import rsub
from .ops.activation import hardshrink
from ._tensor_queries import (is_inference, is_neg, is_nonzero, is_same_size, is_signed, is_storage, resolve_neg,
                              typename)
from ._scalar_range import range, scalar_tensor
from .nn.functional import celu_, relu_, rrelu_, selu_, threshold_  # torch.celu_ is torch.nn.functional.celu_
from . import _inplace_functions

globals().update({_name: getattr(_inplace_functions, _name) for _name in _inplace_functions.__all__})  # sin_, ...
from . import _torch_functional, _torch_functional_losses

for _module in (_torch_functional, _torch_functional_losses):  # torch.conv2d, torch.kl_div, ...
    globals().update({_name: getattr(_module, _name) for _name in _module.__all__})
from .ops._primitives import check_primitives as _check_primitives

_check_primitives()  # every backward primitive exists on both sides (raw arrays and Tensors), or import fails

from . import torch_version, version

__version__ = version.GRADLIB  # gradlib's own; ``torch.__version__`` under gradlib.run is version.__version__


def is_tensor(obj):
    """True if ``obj`` is a gradlib Tensor.

    >>> import gradlib
    >>> gradlib.is_tensor(gradlib.zeros(1)), gradlib.is_tensor([0.])
    (True, False)
    """
    return isinstance(obj, Tensor)


def is_floating_point(input):
    """True if ``input``'s dtype is a floating-point type (``torch.is_floating_point``).

    >>> import gradlib
    >>> gradlib.is_floating_point(gradlib.zeros(1)), gradlib.is_floating_point(gradlib.arange(2))
    (True, False)
    """
    if not isinstance(input, Tensor):
        raise TypeError("is_floating_point(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return input.is_floating_point()


def is_complex(input):
    """Whether ``input``'s dtype is complex (complex64/complex128), as ``torch.is_complex``. Raises TypeError for a
    non-tensor.

    >>> import gradlib
    >>> gradlib.is_complex(gradlib.tensor([1j])), gradlib.is_complex(gradlib.tensor([1.]))
    (True, False)
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"is_complex(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input.dtype.is_complex


def numel(input):
    """The number of elements of ``input``."""
    return input.numel()


def result_type(tensor=None, other=None, *, scalar=None, scalar1=None, scalar2=None):
    """PyTorch's result dtype of a binary op on two tensors or scalars: ``result_type(tensor, other)``,
    ``result_type(scalar=, tensor=)``, ``result_type(scalar1=, scalar2=)`` (PyTorch's keyword names).

    >>> import gradlib
    >>> gradlib.result_type(gradlib.tensor([1, 2]), 1.0)
    gradlib.float32
    >>> gradlib.result_type(scalar1=1, scalar2=2.0)
    gradlib.float32
    """
    operands = [value for value in (tensor, other, scalar, scalar1, scalar2) if value is not None]
    if len(operands) != 2:
        raise TypeError(f"result_type() takes 2 operands ((tensor, other), (scalar, tensor) or (scalar1, "
                        f"scalar2)), got {len(operands)}")
    tensor1, tensor2 = (dtypes.plain_scalar(value) for value in operands)  # a NumPy scalar is its Python kind
    if isinstance(tensor1, Tensor) and isinstance(tensor2, Tensor):
        return dtypes.result_type(tensor1.dtype, tensor1.ndim == 0, tensor2.dtype, tensor2.ndim == 0)
    if isinstance(tensor1, Tensor):
        return dtypes.result_type_scalar(tensor1.dtype, tensor2)
    if isinstance(tensor2, Tensor):
        return dtypes.result_type_scalar(tensor2.dtype, tensor1)
    return dtypes.promote_types(dtypes.scalar_dtype(tensor1), dtypes.scalar_dtype(tensor2))


from . import _arg_parser  # noqa: E402

for _name in _arg_parser.OVERLOADS:  # Python numbers in tensor positions, parsed as PyTorch's parser does
    if "." not in _name:
        globals()[_name] = _arg_parser.checked(_name, globals()[_name])

from . import _C, _torch_function, overrides  # noqa: E402

for _namespace in _torch_function.NAMESPACES:  # the public functions dispatch to __torch_function__ overrides
    _torch_function.install(_namespace)

from . import functional, types  # noqa: E402  (torch.functional holds the installed functions themselves)
from . import fx  # noqa: E402  (torch.fx: symbolic tracing over the whole surface above)
from .fx._symbolic_trace import _assert  # noqa: E402  (torch._assert: an assert that symbolic tracing records)
from . import _deprecated_attrs  # noqa: E402


def __getattr__(name):
    """PyTorch's deprecated module attributes (``has_cuda``, ``set_vital``, ...: gradlib/_deprecated_attrs.py)."""
    return _deprecated_attrs.attribute(name)
