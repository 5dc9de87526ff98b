"""Random sampling beyond the factories: normal, bernoulli, multinomial, randperm, poisson-free draws, and the
in-place fills (``uniform_``, ``normal_``, ``bernoulli_``, ``random_``, ``exponential_``, ``cauchy_``,
``log_normal_``, ``geometric_``).

Every function takes ``generator=`` (a ``gradlib.Generator`` on the tensor's device) and draws on the tensor's
device. On the CPU the numbers are PyTorch's, bit for bit (``backends/cpu_generator.py``: the same seed gives
the same samples, in the same order); on a GPU they are CuPy's stream. Distributions, dtypes, shapes and errors
are PyTorch's. As in PyTorch, a sample's gradient with respect to its parameters is zero (no
reparametrization): ``normal(mean, std)`` records a node whose backward gives zeros.

While a step is captured for replay (``gradlib.graphs``), each sample's array work (the draw from the generator
and the arithmetic on it) is one recorded call (``_drawn``): every replay draws fresh numbers from the generator
in eager mode's order, from that replay's operands (probabilities, rates, means).
"""
import math
import operator
import warnings

from . import dtypes
from . import _creation, _memory_order, _tensor
from .autograd import capture as _capture
from .autograd import grad_mode
from .backends import quiet as _quiet
from .ops import _broadcast, _op
from .backends import cpu_generator
from .device import resolve
from .ops._op import Op, check_tensor_iterator_devices, saved_sizes
from .random import check_generator, source_for
from .ops import complex_support

__all__ = ["normal", "bernoulli", "poisson", "multinomial", "randperm", "fill_uniform", "fill_normal", "fill_bernoulli",
           "fill_random", "fill_exponential", "fill_cauchy", "fill_log_normal", "fill_geometric"]


class _ZeroGradient(Op):
    """A random sample: values drawn before the op (the last argument); every input's gradient is zero."""

    __slots__ = ()
    cpu_scalars = 0

    @staticmethod
    def forward(ctx, xp, *args):
        return args[-1]

    @staticmethod
    def backward(ctx, P, grad):
        return tuple(P.zeros_like(grad) if needed else None for needed in ctx.needs_input_grad)


class NormalBackward1(_ZeroGradient):
    """normal(Tensor mean, float std)."""
    __slots__ = ()
    saved_scalars = {'mean_sym_sizes': saved_sizes()}


class NormalBackward2(_ZeroGradient):
    """normal(float mean, Tensor std)."""
    __slots__ = ()
    saved_scalars = {'std_sym_sizes': saved_sizes()}


class NormalBackward3(_ZeroGradient):
    """normal(Tensor mean, Tensor std)."""
    __slots__ = ()
    saved_scalars = {'mean_sym_sizes': saved_sizes(), 'std_sym_sizes': saved_sizes(1)}


class BernoulliBackward0(_ZeroGradient):
    """bernoulli(Tensor p)."""
    __slots__ = ()


class _FillBackward(_ZeroGradient):
    """An in-place fill of a tensor in the graph: its history is cut, the gradient to what it was is zero."""
    __slots__ = ()


class UniformBackward0(_FillBackward):
    __slots__ = ()


class NormalBackward0(_FillBackward):
    __slots__ = ()


class BernoulliBackward1(_FillBackward):
    """bernoulli_(Tensor p)."""
    __slots__ = ()


class BernoulliBackward2(_FillBackward):
    """bernoulli_(float p)."""
    __slots__ = ()


class RandomBackward0(_FillBackward):
    __slots__ = ()


class ExponentialBackward0(_FillBackward):
    __slots__ = ()


class CauchyBackward0(_FillBackward):
    __slots__ = ()


class LogNormalBackward0(_FillBackward):
    __slots__ = ()


class GeometricBackward0(_FillBackward):
    __slots__ = ()


def _drawn(function, *args):
    """``function(*args)``: the array work of one random sample, which looks its generator up itself
    (``source_for``). While a step is captured it is recorded as one call, so that every replay runs it again
    on that replay's arrays and draws fresh numbers (``source_for`` refuses a draw outside such a record)."""
    if not _capture.capturing():
        return function(*args)
    recorder = _capture.recorder
    _capture.recorder = None  # inside the record: the draw is replayed
    try:
        result = function(*args)
    finally:
        _capture.recorder = recorder
    return recorder.record(function, args, result)


def _not_implemented(kernel, dtype):
    return NotImplementedError(f'"{kernel}" not implemented for \'{dtype.scalar_type}\'')


def _draw_normal(source, shape, np_dtype):
    return _creation._floating_draw(source.standard_normal, shape, np_dtype)


def _exact(source):
    """Whether ``source`` is PyTorch's CPU stream (whose draws follow PyTorch's kernels exactly)."""
    return isinstance(source, cpu_generator.CPUGenerator)


def _normal_fill(source, shape, np_dtype, mean, std, contiguous=True):
    """``normal_(mean, std)`` values: PyTorch's (mean and std applied inside the kernel) on the CPU."""
    if _exact(source) and dtypes.floating_np(np_dtype):
        narrow = np_dtype.itemsize == 2 and not dtypes.is_low_extension(np_dtype)  # float16: float32's values
        return source.normal(shape, "float32" if narrow else np_dtype, mean, std, contiguous)
    return _draw_normal(source, shape, np_dtype) * np_dtype.type(std) + np_dtype.type(mean)


def _uniform_fill(source, shape, np_dtype, low, high):
    """``uniform_(low, high)`` values: PyTorch's on the CPU."""
    if _exact(source) and dtypes.floating_np(np_dtype):
        return source.uniform(shape, np_dtype, low, high)
    return _uniform(source, shape, np_dtype) * np_dtype.type(high - low) + np_dtype.type(low)


def _broadcast_shape(*shapes):
    return _broadcast.broadcast_shapes(*shapes)


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           requires_grad=False, pin_memory=False):
    """Normal random numbers, as ``torch.normal``'s four forms:

    - ``normal(mean: Tensor, std: Tensor)``: one draw per element of the broadcast of both;
    - ``normal(mean: Tensor, std=1.0)`` and ``normal(mean: float, std: Tensor)``: the tensor's shape;
    - ``normal(mean: float, std: float, size)``: ``size`` (``dtype``, ``device``, ``requires_grad`` apply).

    The tensor forms record a node whose gradient is zero (PyTorch's). Raises RuntimeError for a negative std
    ("normal expects std >= 0.0 ..."; checked on the device at the next synchronization on a GPU),
    NotImplementedError for integer means, TypeError for two floats without ``size``.

    >>> import gradlib
    >>> gradlib.normal(gradlib.zeros(2, 3), 1.0).shape
    gradlib.Size([2, 3])
    >>> gradlib.normal(2.0, 0.0, size=(2,))
    tensor([2., 2.])
    """
    if out is not None:
        raise TypeError("normal(): gradlib does not support out=")
    _creation._check_options(layout, pin_memory)
    mean_tensor = isinstance(mean, _tensor.Tensor)
    std_tensor = isinstance(std, _tensor.Tensor)
    if not mean_tensor and not std_tensor:
        if size is None:
            raise TypeError(f"normal() received an invalid combination of arguments - got "
                            f"({type(mean).__name__}, {type(std).__name__}), but expected one of: (Tensor mean, "
                            f"Tensor std), (Tensor mean, float std), (float mean, Tensor std), (float mean, float "
                            f"std, tuple of ints size)")
        if not std >= 0:  # NaN too, as PyTorch
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
        target = resolve(device)
        check_generator(generator, target)  # its checks of the generator, before any work
        return _creation._make(lambda xp, s, d: _drawn(_normal_sized, generator, target, s, d, mean, std),
                               _creation._sizes(size), dtype, target, requires_grad)
    anchor = mean if mean_tensor else std
    if mean_tensor and std_tensor:
        check_tensor_iterator_devices(mean, std, cpu_scalars=0)
    if std_tensor and std.dtype.is_complex:
        raise RuntimeError("normal expects standard deviation to be non-complex")
    complex_support.check("normal", mean, std)  # a complex mean has no derivative in PyTorch's normal
    for value in (mean, std):
        if isinstance(value, _tensor.Tensor) and not value.dtype.is_floating_point:
            raise _not_implemented("normal_kernel_cpu", value.dtype)
    if not std_tensor and not std >= 0:  # NaN too, as PyTorch
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    device = anchor._device
    backend = device._backend
    check_generator(generator, device)
    if mean_tensor and std_tensor:
        shape = _broadcast_shape(tuple(mean.shape), tuple(std.shape))
        np_dtype = dtypes.promote_types(mean.dtype, std.dtype).np
    else:
        shape = tuple(anchor.shape)
        np_dtype = anchor.dtype.np
    with backend.guard(device):
        values = _drawn(_normal_values, generator, device, shape, np_dtype,
                        mean._array if mean_tensor else mean, std._array if std_tensor else std)
    if mean_tensor and std_tensor:
        return NormalBackward3.apply(mean, std, values)
    if mean_tensor:
        return NormalBackward1.apply(mean, values)
    return NormalBackward2.apply(std, values)


def _normal_sized(generator, device, shape, np_dtype, mean, std):
    return _normal_fill(source_for(generator, device), shape, np_dtype, mean, std)


def _normal_values(generator, device, shape, np_dtype, mean, std):
    """``normal``'s tensor forms: ``mean`` and ``std`` arrays or numbers (at least one an array)."""
    backend = device._backend
    noise = _draw_normal(source_for(generator, device), shape, np_dtype)
    if not isinstance(std, (int, float)):
        backend.check(~(std >= 0).all(), lambda: RuntimeError(_NEGATIVE_STD), RuntimeError(_NEGATIVE_STD))
    values = noise * (np_dtype.type(std) if isinstance(std, (int, float)) else std) + (
        np_dtype.type(mean) if isinstance(mean, (int, float)) else mean)
    return values.astype(np_dtype, copy=False)


def bernoulli(input, p=None, *, generator=None, out=None):
    """0/1 draws, 1 with probability ``input`` (elementwise), or ``p`` (a float) in ``input``'s shape, as
    ``torch.bernoulli``; ``input``'s dtype. Raises RuntimeError for probabilities outside [0, 1] (checked on the
    device at the next synchronization on a GPU), NotImplementedError for integer ``input``.

    >>> import gradlib
    >>> gradlib.bernoulli(gradlib.tensor([0., 1., 1.]))
    tensor([0., 1., 1.])
    """
    if out is not None:
        raise TypeError("bernoulli(): gradlib does not support out=")
    device = input._device
    backend = device._backend
    check_generator(generator, device)
    if p is not None:
        return fill_bernoulli(input.detach().clone(), p, generator=generator, _record=False)
    if not input.dtype.is_floating_point:
        raise _not_implemented("bernoulli_tensor_cpu_p_", input.dtype)
    with backend.guard(device):
        values = _drawn(_bernoulli_values, generator, device, input._array)
    return BernoulliBackward0.apply(input, values)


def _bernoulli_values(generator, device, probability):
    backend = device._backend
    source = source_for(generator, device)
    backend.check(~((probability >= 0) & (probability <= 1)).all(), lambda: RuntimeError(_P_IN_MESSAGE),
                  RuntimeError(_P_IN_MESSAGE))
    if _exact(source):
        return source.bernoulli_tensor(probability).astype(probability.dtype)
    return (_uniform(source, probability.shape, probability.dtype) < probability).astype(probability.dtype)


class PoissonBackward0(_ZeroGradient):
    """poisson(Tensor self)."""
    __slots__ = ()


def poisson(input, generator=None):
    """Poisson draws with the rates in ``input`` (elementwise), as ``torch.poisson``: a new tensor of ``input``'s
    shape and floating dtype holding whole numbers; its gradient with respect to the rates is zero
    (``PoissonBackward0``). On the CPU these are PyTorch's numbers (element by element in index order: Knuth's
    product of uniforms below 10, Hoermann's transformed rejection from 10 up; an infinite rate gives
    -9223372036854775808 as in PyTorch's cast); on a GPU, CuPy's. Raises RuntimeError for a negative or NaN rate
    (on a GPU at the next synchronization), NotImplementedError for an integer or bool ``input``, TypeError
    when ``input`` is not a tensor.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> gradlib.poisson(gradlib.tensor([0., 0.5, 3., 10., 25.]))
    tensor([ 0.,  2.,  4., 11., 24.])
    """
    if not isinstance(input, _tensor.Tensor):
        raise TypeError(f"poisson(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    device = input._device
    backend = device._backend
    if not input.dtype.is_floating_point:
        raise _not_implemented("poisson_cpu" if device.type == "cpu" else "poisson_cuda", input.dtype)
    check_generator(generator, device)
    with backend.guard(device):
        values = _drawn(_poisson_values, generator, device, input._array)
    return PoissonBackward0.apply(input, values)


def _poisson_values(generator, device, rates):
    backend = device._backend
    source = source_for(generator, device)
    if not _exact(source):
        backend.check(~(rates >= 0).all(), lambda: RuntimeError(cpu_generator.POISSON_RATE_MESSAGE),
                      RuntimeError(cpu_generator.POISSON_RATE_MESSAGE))
    return backend.ensure_array(source.poisson(rates)).astype(rates.dtype)


_NEGATIVE_STD = "normal expects all elements of std >= 0.0"
_P_IN_MESSAGE = ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be "
                 "improved?  If so, please report an enhancement request to PyTorch.)")


def _uniform(source, shape, np_dtype):
    """Uniform draws in [0, 1) of a floating ``np_dtype`` (float64 draws for other dtypes)."""
    if dtypes.floating_np(np_dtype):
        return _creation._floating_draw(source.random, shape, np_dtype)
    return source.random(shape)


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Indices (int64) drawn from the categories of each row of ``input`` (1-D or 2-D, non-negative weights,
    not necessarily normalized), as ``torch.multinomial``: with ``replacement`` independently, else without
    repeating a category (``num_samples`` at most the number of categories).

    Raises RuntimeError with PyTorch's messages for a weight that is negative, inf or NaN, for a row summing to
    0 and, without replacement, for too few categories (the value checks wait for the device on a GPU only
    at the next synchronization).

    >>> import gradlib
    >>> gradlib.multinomial(gradlib.tensor([0., 0., 3.]), 2, replacement=True)
    tensor([2, 2])
    >>> gradlib.multinomial(gradlib.tensor([0., 1., 0.]), 1)
    tensor([1])
    """
    if out is not None:
        raise TypeError("multinomial(): gradlib does not support out=")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{input.dtype.scalar_type}")
    if input.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    count = int(num_samples)
    if count <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = input.shape[-1]
    if not replacement and count > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    device = input._device
    check_generator(generator, device)
    quiet = _quiet.enter()  # weights summing past the dtype's largest (1e38 + 3e38): no NumPy warning, as PyTorch
    try:
        picked = _drawn(_multinomial_values, generator, device, input._array, count, replacement)
    finally:
        _quiet.leave(quiet)
    return _tensor.wrap(picked, device)


def _multinomial_values(generator, device, weights, count, replacement):
    source = source_for(generator, device)
    if _exact(source):
        return _multinomial_cpu(weights, count, replacement, source, device)
    return _multinomial_device(weights, count, replacement, source, device)


def _multinomial_device(input, count, replacement, source, device):
    """``multinomial`` from the device generator's streams (not PyTorch's draws): an inverse CDF with
    replacement, an exponential race without. ``input`` is the weights' array."""
    backend = device._backend
    xp = backend.xp
    categories = input.shape[-1]
    with backend.guard(device):
        weights = input.reshape(-1, categories).astype(xp.float64)
        bad = ~xp.isfinite(weights) | (weights < 0)
        backend.check(bad.any(), lambda: RuntimeError(_BAD_PROBABILITY), RuntimeError(_BAD_PROBABILITY))
        totals = weights.sum(axis=1, keepdims=True)
        backend.check((totals <= 0).any(), lambda: RuntimeError(_ZERO_SUM), RuntimeError(_ZERO_SUM))
        if replacement:
            # Inverse CDF, all rows in one sorted search: row r's cumulative weights, normalized, lie in
            # (r, r + 1], and so do its draws; the first category whose cumulative weight exceeds a draw is
            # picked (zero-weight categories never are).
            rows = weights.shape[0]
            offsets = xp.arange(rows, dtype=xp.float64)[:, None]
            cumulative = xp.cumsum(weights, axis=1) / xp.where(totals > 0, totals, 1.0) + offsets
            draws = source.random((rows, count)) + offsets
            found = xp.searchsorted(cumulative.reshape(-1), draws.reshape(-1), side="right").reshape(rows, count)
            picked = found - (offsets * categories).astype(xp.int64)
            # rounding may step past the last category with weight: take that one
            last = categories - 1 - xp.argmax(xp.flip(weights > 0, axis=1), axis=1)[:, None]
            picked = xp.minimum(picked, last)
        else:
            positive = (weights > 0).sum(axis=1)
            backend.check((positive < count).any(), lambda: RuntimeError(_TOO_FEW), RuntimeError(_TOO_FEW))
            # An exponential race: each category's arrival time is Exp(1) / weight; the first ``count`` to arrive
            # are a draw without replacement with PyTorch's (sequential) probabilities.
            positive_weights = weights > 0
            arrival = source.standard_exponential(weights.shape) / xp.where(positive_weights, weights, 1.0)
            arrival = xp.where(positive_weights, arrival, xp.inf)
            picked = xp.argsort(arrival, axis=1, kind="stable")[:, :count]
        picked = picked.astype(xp.int64)
        if input.ndim == 1:
            picked = picked.reshape(count)
    return picked


def _multinomial_cpu(input, count, replacement, source, device):
    """PyTorch's CPU multinomial, draw for draw: without replacement or for one sample, ``q`` exponential(1)
    in the input's dtype and the largest ``input / q`` (argmax, or topk); with replacement, per row a float64
    uniform searched in the normalized cumulative sum (``MultinomialKernel.cpp``). ``input`` is the weights'
    array."""
    xp = device._backend.xp
    weights = input[None] if input.ndim == 1 else input  # rows (reshape(-1, 0) is ambiguous for no categories)
    if not replacement or count == 1:
        # PyTorch's fast path checks the whole tensor; zero-weight categories come last, so up to size(-1)
        # categories may be drawn without replacement
        if not (xp.isfinite(weights).all() and (weights >= 0).all()):
            raise RuntimeError(_BAD_PROBABILITY)
        if (weights.sum(axis=1) <= 0).any():
            raise RuntimeError(_ZERO_SUM)
        q = source.exponential(weights.shape, 1.0).astype(weights.dtype)
        ratio = weights / q
        if count == 1:
            picked = xp.argmax(ratio, axis=1)[:, None]
        else:
            picked = xp.argsort(-ratio, axis=1, kind="stable")[:, :count]
    else:
        _check_rows_as_the_kernel(xp, weights)
        accumulate = weights if weights.dtype.itemsize >= 4 else weights.astype(xp.float32)
        picked = source.multinomial_with_replacement(accumulate, count)
    picked = picked.astype(xp.int64)
    if input.ndim == 1:
        picked = picked.reshape(count)
    return picked


def _check_rows_as_the_kernel(xp, weights):
    """The checks of PyTorch's CPU kernel with replacement (MultinomialKernel.cpp), row by row, element by
    element: ``p >= 0`` (NaN fails it), then finiteness, then the row's sum."""
    for row in weights:
        bad = xp.flatnonzero(~(row >= 0) | ~xp.isfinite(row))
        if bad.size:
            raise RuntimeError(_NEGATIVE_ENTRY if not row[bad[0]] >= 0 else _NONFINITE_ENTRY)
        if not row.sum() > 0:
            raise RuntimeError(_ZERO_SUM)


_BAD_PROBABILITY = "probability tensor contains either `inf`, `nan` or element < 0"
_NEGATIVE_ENTRY = "invalid multinomial distribution (encountering probability entry < 0)"
_NONFINITE_ENTRY = "invalid multinomial distribution (encountering probability entry = infinity or NaN)"
_ZERO_SUM = "invalid multinomial distribution (sum of probabilities <= 0)"
_TOO_FEW = "invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)"


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None, pin_memory=False,
             requires_grad=False):
    """A random permutation of ``0 .. n-1`` (int64 unless ``dtype`` says otherwise), as ``torch.randperm``.

    >>> import gradlib
    >>> sorted(gradlib.randperm(4).tolist())
    [0, 1, 2, 3]
    """
    if out is not None:
        raise TypeError("randperm(): gradlib does not support out=")
    n = _randperm_count(n, generator, dict(dtype=dtype, layout=layout, device=device, pin_memory=pin_memory,
                                           requires_grad=requires_grad))
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    target = resolve(device)
    check_generator(generator, target)
    dtype = dtypes.int64 if dtype is None else dtype
    return _creation._make(lambda xp, s, d: _drawn(_randperm_values, generator, target, n, d), (), dtype, target,
                           requires_grad)


_RANDPERM_OPTIONS = ("Tensor out = None, gradlib.dtype dtype = None, gradlib.layout layout = None, "
                     "gradlib.device device = None, bool pin_memory = False, bool requires_grad = False")


def _randperm_count(n, generator, options):
    """``n`` as PyTorch's ``int n``: an int or a one-element integer tensor (not a bool, a float or a string),
    with its parser's TypeError (the list of overloads when a generator is given; ``generator`` may be the name
    of its type)."""
    if n.__class__ is not bool:
        try:
            return operator.index(n)
        except TypeError:
            pass
    from ._arg_parser import _type_name
    if generator is None:
        raise TypeError(f"randperm(): argument 'n' (position 1) must be int, not {_type_name(n)}")
    given = [f"generator={generator if isinstance(generator, str) else _type_name(generator)}"]
    given.extend(f"{key}={_type_name(value)}" for key, value in options.items() if value not in (None, False))
    got = ", ".join([_type_name(n)] + given)
    raise TypeError(f"randperm() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                    f" * (int n, *, gradlib.Generator generator, {_RANDPERM_OPTIONS})\n * (int n, *, "
                    f"{_RANDPERM_OPTIONS})\n")


def _randperm_values(generator, device, n, np_dtype):
    source = source_for(generator, device)
    if _exact(source):
        return source.randperm(n).astype(np_dtype)
    return device._backend.xp.argsort(source.random(n), kind="stable").astype(np_dtype)


# ----- in-place fills ----------------------------------------------------------------------------------------------
def _in_memory_order(values_of, order):
    """``values_of`` drawn in the memory order ``order`` (a permutation of the dims), then laid back in index order."""
    if _memory_order.is_identity(order):
        return values_of

    def drawn(xp, source, shape, np_dtype, *operands):
        values = values_of(xp, source, tuple(shape[dim] for dim in order), np_dtype, *operands)
        return values.transpose(_memory_order.inverse(order))

    return drawn


def _fill(tensor, node, values_of, generator, *, in_memory_order=True, operands=()):
    """Write ``values_of(xp, source, shape, np_dtype, *operands)`` (``operands``: arrays the values depend on)
    into ``tensor`` in place (PyTorch's in-place rules), drawn in the tensor's memory order (``_memory_order``)
    unless the values depend on another tensor's layout."""
    tensor._check_inplace()
    device = tensor._device
    backend = device._backend
    check_generator(generator, device)
    if in_memory_order:
        values_of = _in_memory_order(values_of, _memory_order.memory_order(tensor._array, backend))
    quiet = _quiet.enter()  # normal_(0, 1e300) in float32 is inf, without NumPy's overflow warning (PyTorch)
    try:
        with backend.guard(device):
            values = _drawn(_fill_values, values_of, generator, device, tensor._array.shape, tensor._array.dtype,
                            *operands)
    finally:
        _quiet.leave(quiet)
    if node is not None and tensor._requires_grad and tensor._grad_fn is not None:
        if grad_mode.state.enabled:
            return tensor._commit_inplace(node.apply(tensor._original_for_graph(()), values))
    with backend.guard(device):
        if _capture.capturing():
            _capture.recorder.call(_capture.assign, tensor._array, values)
        else:
            tensor._array[...] = values
    tensor._bump_version()
    return tensor


def _fill_values(values_of, generator, device, shape, np_dtype, *operands):
    values = values_of(device._backend.xp, source_for(generator, device), shape, np_dtype, *operands)
    return values.astype(np_dtype, copy=False)


def _require_floating(kernel, tensor):
    if not tensor.dtype.is_floating_point:
        raise _not_implemented(kernel, tensor.dtype)


def fill_uniform(tensor, low=0.0, high=1.0, *, generator=None):
    """``Tensor.uniform_``: uniform numbers in [low, high).

    >>> import gradlib
    >>> x = gradlib.zeros(1000).uniform_(2, 3)
    >>> bool(((x >= 2) & (x < 3)).all())
    True
    """
    _require_floating("check_uniform_bounds", tensor)
    _check_uniform_bounds(tensor.dtype, low, high)
    return _fill(tensor, UniformBackward0, lambda xp, source, shape, np_dtype: (
        _uniform_fill(source, shape, np_dtype, low, high)), generator)


def _check_uniform_bounds(dtype, low, high):
    """PyTorch's check_uniform_bounds: each bound within the dtype's finite range, then low <= high, then a span
    the dtype can hold (NumPy would overflow to inf with a warning)."""
    largest = dtypes.float_max(dtype)
    for name, bound in (("from", low), ("to", high)):
        if not -largest <= bound <= largest:
            raise RuntimeError(f"{name} is out of bounds for {dtype.c_type}")
    if low > high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={low:g} > to={high:g}")
    if high - low > largest:
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{dtype.scalar_type}>::max(), but found "
                           f"to={high:g} and from={low:g} which result in to-from to exceed the limit")


def fill_normal(tensor, mean=0.0, std=1.0, *, generator=None):
    """``Tensor.normal_``: normal numbers with ``mean`` and ``std``.

    >>> import gradlib
    >>> gradlib.zeros(2).normal_(5.0, 0.0)
    tensor([5., 5.])
    """
    if not std >= 0:  # NaN too, as PyTorch
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    if tensor.numel():
        _require_floating("normal_kernel_cpu", tensor)
    elif not tensor.dtype.is_floating_point:  # PyTorch's kernel (and its dtype dispatch) runs for no elements
        tensor._check_inplace()
        return tensor
    contiguous = tensor.is_contiguous()
    return _fill(tensor, NormalBackward0, lambda xp, source, shape, np_dtype: (
        _normal_fill(source, shape, np_dtype, mean, std, contiguous)), generator)


def fill_bernoulli(tensor, p=0.5, *, generator=None, _record=True):
    """``Tensor.bernoulli_``: 1 with probability ``p`` (a float, or a tensor broadcast to this one's shape).

    >>> import gradlib
    >>> gradlib.zeros(3).bernoulli_(1.0)
    tensor([1., 1., 1.])
    """
    complex_support.check("bernoulli_tensor" if isinstance(p, _tensor.Tensor) else "bernoulli_scalar", tensor)
    if isinstance(p, _tensor.Tensor):
        if p._device is not tensor._device:
            raise _op.mixed_device_error(tensor._device, p._device)
        if not p.dtype.is_floating_point:
            raise _not_implemented("bernoulli_tensor_cpu_p_", p.dtype)
        backend = p._device._backend

        def values_of(xp, source, shape, np_dtype, p_array):
            probability = xp.broadcast_to(p_array, shape)
            backend.check(~((probability >= 0) & (probability <= 1)).all(), lambda: RuntimeError(_P_IN_MESSAGE),
                          RuntimeError(_P_IN_MESSAGE))
            if _exact(source):
                return source.bernoulli_tensor(probability)
            return _uniform(source, shape, probability.dtype) < probability

        return _fill(tensor, BernoulliBackward1 if _record else None, values_of, generator, in_memory_order=False,
                     operands=(p._array,))
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")
    return _fill(tensor, BernoulliBackward2 if _record else None,
                 lambda xp, source, shape, np_dtype: source.random(shape) < p, generator)


def keep_mask(shape, keep, *, dtype=None, device=None, order=None):
    """Dropout's mask: 1 with probability ``keep`` (a float), of ``dtype`` on ``device``, drawn as PyTorch's
    ``empty_like(input).bernoulli_(keep)`` (on the CPU: float64 uniforms below ``keep``, PyTorch's numbers), in
    the memory order ``order`` of the input (``_memory_order.order_of``; None: index order), so that the mask of a
    transposed input (``MultiheadAttention(batch_first=True)``'s output) is PyTorch's. A capture for replay
    (gradlib.graphs) records it as a factory: each replay draws a fresh mask, as the eager step does."""
    if not _CAPTURABLE:  # wrapped at the first call: _creation is still loading when this module is
        _CAPTURABLE.append(_creation._capturable(_draw_keep_mask))
    return _CAPTURABLE[0](shape, keep, dtype=dtype, device=device, order=order)


_CAPTURABLE = []


def _draw_keep_mask(shape, keep, *, dtype=None, device=None, order=None):
    if order is None:
        order = tuple(range(len(shape)))
    mask = _creation.empty_in_order(shape, order, dtype=dtype, device=device)
    return fill_bernoulli(mask, keep, _record=False)


def fill_random(tensor, low=0, high=None, *, generator=None):
    """``Tensor.random_``: integers in [low, high); ``random_(to)`` is [0, to); ``random_()`` covers the
    dtype's range (for floats the integers exactly representable, [0, 2**mantissa_bits]).

    >>> import gradlib
    >>> gradlib.zeros(2, dtype=gradlib.int64).random_(7, 8)
    tensor([7, 7])
    """
    complex_support.check("random_", tensor)
    for end in (low, high):
        if isinstance(end, int) and not -(1 << 63) <= end < (1 << 63):  # PyTorch's int64 arguments
            raise ValueError("Overflow when unpacking long long")
    if high is None and low != 0:
        low, high = 0, low
    bounded = high is not None
    if not bounded:
        dtype = tensor.dtype
        if dtype is dtypes.bool:
            high = 2
        elif dtype.is_floating_point:
            high = 2 ** {"float16": 11, "float32": 24, "float64": 53}[dtype.name] + 1
        else:
            high = int(tensor._device._backend.xp.iinfo(dtype.np).max) + 1  # the dtype's limit: host metadata
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    if bounded and tensor.dtype.is_floating_point:
        _check_random_bounds(tensor.dtype, low, high)
    return _fill(tensor, RandomBackward0, lambda xp, source, shape, np_dtype: (
        _creation._integers(source, low, high, shape, np_dtype)), generator)


_DIGITS = {"float16": 11, "bfloat16": 8, "float32": 24, "float64": 53}  # std::numeric_limits<T>::digits


def _check_random_bounds(dtype, low, high):
    """PyTorch's random_from_to checks for a floating tensor: each end within the dtype's range (RuntimeError),
    and its UserWarning for an end beyond the integers the dtype holds exactly (+-2**digits)."""
    largest = dtypes.float_max(dtype)
    digits = _DIGITS[dtype.name]
    ends = (("from", low, 110), ("to - 1", high - 1, 111))
    for name, bound, _ in ends:
        if not -largest <= bound <= largest:
            raise RuntimeError(f"{name} is out of bounds for {dtype.c_type}")
    for name, bound, line in ends:
        if not -(1 << digits) <= bound <= 1 << digits:
            warnings.warn(
                f"{name} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations {dtype.c_type} "
                "can support discrete uniform distribution only within this range. This warning will become an "
                "error in version 1.7 release, please fix the code in advance (Triggered internally at "
                f"/__w/pytorch/pytorch/aten/src/ATen/native/DistributionTemplates.h:{line}.)", UserWarning,
                stacklevel=4)


def fill_exponential(tensor, lambd=1.0, *, generator=None):
    """``Tensor.exponential_``: exponential numbers with rate ``lambd``."""
    if not tensor.dtype.is_floating_point:
        raise RuntimeError("Exponential distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {tensor.dtype.scalar_type}")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    return _fill(tensor, ExponentialBackward0, lambda xp, source, shape, np_dtype: (
        source.exponential(shape, lambd) if _exact(source) else source.standard_exponential(shape) / lambd),
        generator)


def fill_cauchy(tensor, median=0.0, sigma=1.0, *, generator=None):
    """``Tensor.cauchy_``: Cauchy numbers, ``median + sigma * tan(pi * (u - 1/2))``."""
    _require_floating("cauchy_cpu", tensor)
    return _fill(tensor, CauchyBackward0, lambda xp, source, shape, np_dtype: (
        source.cauchy(shape, median, sigma) if _exact(source) else
        median + sigma * xp.tan(math.pi * (source.random(shape) - 0.5))), generator)


def fill_log_normal(tensor, mean=1.0, std=2.0, *, generator=None):
    """``Tensor.log_normal_``: ``exp`` of normal numbers with ``mean`` and ``std``."""
    _require_floating("log_normal_cpu", tensor)
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std:g}")
    return _fill(tensor, LogNormalBackward0, lambda xp, source, shape, np_dtype: (
        source.log_normal(shape, mean, std) if _exact(source) else
        xp.exp(source.standard_normal(shape) * std + mean)), generator)


def fill_geometric(tensor, p, *, generator=None):
    """``Tensor.geometric_``: the number of Bernoulli(p) trials up to the first success (1, 2, ...)."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")
    return _fill(tensor, GeometricBackward0, lambda xp, source, shape, np_dtype: (
        source.geometric(shape, p) if _exact(source) else
        xp.ceil(xp.log1p(-source.random(shape)) / math.log1p(-p))), generator)
