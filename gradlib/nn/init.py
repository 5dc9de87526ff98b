"""``gradlib.nn.init``: in-place initializers with PyTorch's formulas (gains, fans, bounds)."""
import math
import warnings

import numpy  # host-side factorizations of orthogonal_ (random initial values, not op code)

from .. import _creation, _sampling, autograd, dtypes
from ..ops import elementwise, selection

__all__ = ["calculate_gain", "uniform_", "normal_", "constant_", "ones_", "zeros_", "eye_", "xavier_uniform_",
           "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "trunc_normal_", "orthogonal_", "dirac_",
           "sparse_", "uniform", "normal", "constant", "xavier_uniform", "xavier_normal", "kaiming_uniform",
           "kaiming_normal", "orthogonal", "sparse", "dirac", "eye"]


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (PyTorch's table).

    >>> from gradlib.nn.init import calculate_gain
    >>> calculate_gain('relu'), round(calculate_gain('leaky_relu', 0.2), 4), calculate_gain('linear')
    (1.4142135623730951, 1.3868, 1)
    """
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
              "sigmoid")
    if nonlinearity in linear:
        return 1  # an int, as PyTorch's table
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is not None and (isinstance(param, bool) or not isinstance(param, (int, float))):
            raise ValueError(f"negative_slope {param} not a valid number")
        slope = 0.01 if param is None else param
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _fan_in_and_fan_out(tensor):
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = 1
    for size in tensor.shape[2:]:
        receptive *= size
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _calculate_fan_in_and_fan_out(tensor):
    """(fan_in, fan_out) of a weight of 2 or more dims: PyTorch's private helper, which custom layers copied from
    PyTorch's own ``reset_parameters`` call (``fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)``)."""
    return _fan_in_and_fan_out(tensor)


def _calculate_correct_fan(tensor, mode):
    """fan_in or fan_out by ``mode`` (PyTorch's private helper; ValueError for another mode)."""
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = _fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _fill(tensor, values):
    with autograd.no_grad():
        tensor.copy_(values)
    return tensor


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with U(a, b).

    >>> import gradlib
    >>> w = gradlib.nn.init.uniform_(gradlib.empty(100), -1, 1)
    >>> bool((w >= -1).all()) and bool((w < 1).all())
    True
    """
    with autograd.no_grad():
        return _sampling.fill_uniform(tensor, a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with N(mean, std^2)."""
    with autograd.no_grad():
        return _sampling.fill_normal(tensor, mean, std, generator=generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill ``tensor`` (any shape, a floating dtype) with N(mean, std^2) truncated to [a, b] and return it
    (``torch.nn.init.trunc_normal_``). Warns (UserWarning) when ``mean`` is more than 2 std outside [a, b].

    On the CPU this is PyTorch 2.13's algorithm, draw for draw, so a seeded program gets PyTorch's values: when
    more than 30% of the normal's mass lies in [a, b], normal draws with the ones outside [a, b] (bounds rounded
    to the tensor's dtype) drawn again until none is left; otherwise uniform candidates on [a, b] accepted with
    probability pdf/peak (a uniform draw per element per round). Both loops read ``any()`` on the host. On a GPU,
    where that read would be a sync per round and CuPy's stream differs from PyTorch's anyway, it is
    inverse-CDF sampling instead (uniform values between the CDF at ``a`` and at ``b`` through the normal
    quantile): the same distribution, queued without reading anything back. ``a > b`` raises RuntimeError.

    >>> import gradlib
    >>> w = gradlib.nn.init.trunc_normal_(gradlib.empty(1000), std=3.0, a=-1.0, b=2.0)
    >>> bool((w >= -1).all()) and bool((w <= 2).all())
    True
    """
    if a > b:  # PyTorch draws uniform values between a and b first (uniform_'s dtype check, then its bounds)
        _sampling._require_floating("check_uniform_bounds", tensor)
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={a:g} > to={b:g}")
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values "
                      "may be incorrect.", stacklevel=2)
    if tensor.device.type == "meta":
        return tensor
    if tensor.device.type != "cpu":
        return _trunc_normal_inverse_cdf(tensor, mean, std, a, b)
    with autograd.no_grad():
        if _normal_cdf((b - mean) / std) - _normal_cdf((a - mean) / std) > 0.3:
            return _trunc_normal_redraw(tensor, mean, std, a, b, generator)
        return _trunc_normal_rejection(tensor, mean, std, a, b, generator)


def _trunc_normal_redraw(tensor, mean, std, a, b, generator):
    """Normal draws, those outside [a, b] drawn again (in a fresh tensor) until none is (PyTorch's loop)."""
    low = tensor.new_tensor(a, device="cpu").item()
    high = tensor.new_tensor(b, device="cpu").item()
    result = tensor.normal_(mean, std, generator=generator)
    while True:
        outside = (result < low) | (result > high)
        if not outside.any():
            break
        result = _creation.empty_like(result).normal_(mean, std, generator=generator).where(outside, result)
    if result is not tensor:
        tensor.copy_(result)
    return tensor


def _trunc_normal_rejection(tensor, mean, std, a, b, generator):
    """Uniform candidates on [a, b], each kept when a uniform draw's log is at most its log-density relative to
    the peak; the rejected ones drawn again, candidates and acceptance draws for every element each round."""
    mode = max(a, min(mean, b))
    log_peak = -0.5 * ((mode - mean) / std) ** 2
    tensor.uniform_(a, b, generator=generator)
    log_density = ((tensor - mean) / std) ** 2 * -0.5 - log_peak
    pending = _creation.empty_like(tensor).uniform_(generator=generator).log() > log_density
    result = tensor
    while pending.any():
        candidates = _creation.empty_like(tensor).uniform_(a, b, generator=generator)
        result = candidates.where(pending, result)
        log_density = ((candidates - mean) / std) ** 2 * -0.5 - log_peak
        accepted_not = _creation.empty_like(tensor).uniform_(generator=generator).log() > log_density
        pending = accepted_not.where(pending, pending)
    if result is not tensor:
        tensor.copy_(result)
    return tensor


def _trunc_normal_inverse_cdf(tensor, mean, std, a, b):
    low = 2 * _normal_cdf((a - mean) / std) - 1
    high = 2 * _normal_cdf((b - mean) / std) - 1
    work_dtype = dtypes.float64 if tensor.dtype is dtypes.float64 else dtypes.float32
    with autograd.no_grad():
        uniform = _creation.rand(*tensor.shape, dtype=work_dtype, device=tensor.device) * (high - low) + low
        values = _erfinv(uniform) * (std * math.sqrt(2.0)) + mean
        _fill(tensor, values.clamp(a, b))
    return tensor


def _normal_cdf(x):
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


# M. Giles, "Approximating the erfinv function", GPU Computing Gems Jade Edition (2011): single precision.
_ERFINV_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                   -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_ERFINV_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)


def _horner(coefficients, w):
    value = coefficients[0]
    for coefficient in coefficients[1:]:
        value = value * w + coefficient
    return value


def _erfinv(y):
    """The inverse error function of a tensor with values in [-1, 1], in tensor ops (so on any device):
    Giles' approximation (relative error below 3e-7 in float32), then one Newton step on float64 tensors
    (relative error below 1e-12 for |y| < 1 - 1e-6, that is |x| < 3.4; worse further out, where float64 cannot
    resolve y). erfinv(+-1) is +-inf."""
    w = -elementwise.log((1 - y) * (1 + y))
    central = _horner(_ERFINV_CENTRAL, w - 2.5)
    tail = _horner(_ERFINV_TAIL, elementwise.sqrt(w) - 3.0)
    x = selection.where(w < 5.0, central, tail) * y
    if y.dtype is dtypes.float64:
        x = x - (elementwise.erf(x) - y) / (elementwise.exp(-x * x) * (2.0 / math.sqrt(math.pi)))
    return selection.where(w == math.inf, y * math.inf, x)


def constant_(tensor, val):
    """Fill with ``val``."""
    with autograd.no_grad():
        tensor.fill_(val)
    return tensor


def ones_(tensor):
    return constant_(tensor, 1.0)


def zeros_(tensor):
    return constant_(tensor, 0.0)


def eye_(tensor):
    """The identity matrix (2-D tensors)."""
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(tensor, _creation.eye(*tensor.shape, dtype=tensor.dtype, device=tensor.device))


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std  # PyTorch's rounding (not sqrt(6 / ...) in one step)
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _kaiming_std(tensor, a, mode, nonlinearity):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = _fan_in_and_fan_out(tensor)
    fan = fan_in if mode == "fan_in" else fan_out
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """U(-b, b) with b = sqrt(3) * gain / sqrt(fan) (He initialization)."""
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op")
        return tensor
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """N(0, std^2) with std = gain / sqrt(fan)."""
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op")
        return tensor
    return normal_(tensor, 0.0, _kaiming_std(tensor, a, mode, nonlinearity), generator)


def orthogonal_(tensor, gain=1, generator=None):
    """Fill with a (semi-)orthogonal matrix (trailing dims flattened): the Q of a QR factorization of a standard
    normal matrix, signs fixed by R's diagonal, times ``gain`` (PyTorch's construction; the QR runs on the host).
    ValueError for fewer than 2 dims. Mirrors ``torch.nn.init.orthogonal_``.

    >>> import gradlib
    >>> w = gradlib.nn.init.orthogonal_(gradlib.empty(3, 5))
    >>> bool(((w @ w.T) - gradlib.eye(3)).abs().max() < 1e-5)
    True
    """
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    if not tensor.dtype.is_floating_point:  # PyTorch's normal_ of new_empty(...) in the tensor's dtype
        raise _sampling._not_implemented("normal_kernel_cpu", tensor.dtype)
    if tensor.dtype.itemsize == 2:  # then its QR (LAPACK's geqrf) has no half kernel
        raise _sampling._not_implemented("geqrf_cpu", tensor.dtype)
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    # PyTorch draws ``new_empty((rows, cols)).normal_()`` in the tensor's dtype: the same draws on the CPU stream
    draw_dtype = tensor.dtype if tensor.dtype.is_floating_point else dtypes.float32
    flat = _creation.randn(rows, cols, dtype=draw_dtype, device="cpu", generator=generator).numpy()
    flat = flat.astype(numpy.float64)
    if rows < cols:
        flat = flat.T
    q, r = numpy.linalg.qr(flat)
    q = q * numpy.sign(numpy.diag(r))
    if rows < cols:
        q = q.T
    values = _creation.tensor(q.reshape(tuple(tensor.shape)) * gain, dtype=tensor.dtype, device=tensor.device)
    return _fill(tensor, values)


def dirac_(tensor, groups=1):
    """Fill a 3-, 4- or 5-D convolution weight with the Dirac delta (identity convolution per group), preserving
    as many input channels as possible. ValueError for other ranks or channels not divisible by ``groups``.
    Mirrors ``torch.nn.init.dirac_``.

    >>> import gradlib
    >>> gradlib.nn.init.dirac_(gradlib.empty(2, 2, 3))[:, :, 1].tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    dims = tensor.ndim
    if dims not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tuple(tensor.shape)
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_per_group = sizes[0] // groups
    min_dim = min(out_per_group, sizes[1])
    values = numpy.zeros(sizes)
    centre = tuple(size // 2 for size in sizes[2:])
    for group in range(groups):
        for d in range(min_dim):
            values[(group * out_per_group + d, d) + centre] = 1
    return _fill(tensor, _creation.tensor(values, dtype=tensor.dtype, device=tensor.device))


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """A 2-D tensor with N(0, std^2) entries and, in each column, ceil(sparsity * rows) of them set to zero.
    ValueError for other ranks. Mirrors ``torch.nn.init.sparse_``."""
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    zeros = int(math.ceil(sparsity * rows))
    with autograd.no_grad():  # PyTorch's order of draws: normal_ in place, then one randperm(rows) per column
        _sampling.fill_normal(tensor, 0.0, std, generator=generator)
        for col in range(cols):
            tensor[_sampling.randperm(rows, device=tensor.device)[:zeros], col] = 0
    return tensor


def _deprecated(name, function):
    def alias(*args, **kwargs):
        warnings.warn(f"`nn.init.{name}` is now deprecated in favor of `nn.init.{name}_`.", FutureWarning,
                      stacklevel=2)
        return function(*args, **kwargs)

    alias.__name__ = name
    alias.__doc__ = f"Deprecated: ``{name}_`` (PyTorch's alias, with its FutureWarning)."
    return alias


uniform = _deprecated("uniform", uniform_)
normal = _deprecated("normal", normal_)
constant = _deprecated("constant", constant_)
eye = _deprecated("eye", eye_)
dirac = _deprecated("dirac", dirac_)
xavier_uniform = _deprecated("xavier_uniform", xavier_uniform_)
xavier_normal = _deprecated("xavier_normal", xavier_normal_)
kaiming_uniform = _deprecated("kaiming_uniform", kaiming_uniform_)
kaiming_normal = _deprecated("kaiming_normal", kaiming_normal_)
orthogonal = _deprecated("orthogonal", orthogonal_)
sparse = _deprecated("sparse", sparse_)
