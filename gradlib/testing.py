"""``gradlib.testing``: ``assert_close`` and ``make_tensor`` (PyTorch's ``torch.testing``).

``assert_close(actual, expected)`` compares tensors, Python numbers, ``None`` and sequences or mappings of them
(nested), with PyTorch's default tolerances per dtype and PyTorch's ``AssertionError`` messages (mismatched
elements, greatest absolute and relative difference with their index, the failing item of a container). It reads
the comparison's outcome on the host, as PyTorch's does (a device sync when the tensors are on a GPU).
``torch.testing.assert_allclose`` (deprecated in PyTorch) is not provided.

>>> import gradlib
>>> from gradlib.testing import assert_close
>>> assert_close(gradlib.tensor([1.0, 2.0]), gradlib.tensor([1.0, 2.0000001]))
>>> assert_close(gradlib.tensor([1.0, 2.0]), gradlib.tensor([1.0, 2.5]))
Traceback (most recent call last):
...
AssertionError: Tensor-likes are not close!
<BLANKLINE>
Mismatched elements: 1 / 2 (50.0%)
Greatest absolute difference: 0.5 at index (1,) (up to 1e-05 allowed)
Greatest relative difference: 0.20000000298023224 at index (1,) (up to 1.3e-06 allowed)
"""
import collections.abc
import math

from . import _creation, _tensor, _type_info, dtypes
from .ops import comparison, complex_ops, elementwise, predicates, reduction, selection

__all__ = ["assert_close", "make_tensor"]

#: dtype -> (rtol, atol): PyTorch's defaults (``torch.testing._comparison._DTYPE_PRECISIONS``); other dtypes 0, 0
_DTYPE_PRECISIONS = {
    dtypes.float16: (0.001, 1e-5),
    dtypes.float32: (1.3e-6, 1e-5),
    dtypes.float64: (1e-7, 1e-7),
}
_BFLOAT16 = getattr(dtypes, "bfloat16", None)
if _BFLOAT16 is not None:
    _DTYPE_PRECISIONS[_BFLOAT16] = (0.016, 1e-5)

#: a Python number's dtype for the tolerances, as PyTorch's NumberPair
_NUMBER_DTYPES = {int: dtypes.int64, float: dtypes.float64}


class _Failure(Exception):
    """A mismatch found deep in a container: the exception to raise and the item path to append."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.path = []


def _tolerances(dtype_list, rtol, atol):
    if (rtol is None) != (atol is None):
        missing = "rtol" if rtol is None else "atol"
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no {missing}.")
    if rtol is not None:
        return rtol, atol
    pairs = [_DTYPE_PRECISIONS.get(dtype, (0.0, 0.0)) for dtype in dtype_list]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _diff_line(kind, diff, index, tolerance, equality):
    if index is None:
        line = f"{kind.title()} difference: {diff}"
    else:
        line = f"Greatest {kind} difference: {diff} at index {index}"
    if not equality:
        line += f" (up to {tolerance} allowed)"
    return line + "\n"


def _mismatch_message(default_identifier, identifier, extra, abs_diff, abs_index, atol, rel_diff, rel_index, rtol):
    equality = rtol == 0 and atol == 0
    if identifier is None:
        identifier = default_identifier
    elif callable(identifier):
        identifier = identifier(default_identifier)
    message = f"{identifier} are not {'equal' if equality else 'close'}!\n\n"
    if extra:
        message += f"{extra.strip()}\n"
    message += _diff_line("absolute", abs_diff, abs_index, atol, equality)
    message += _diff_line("relative", rel_diff, rel_index, rtol, equality)
    return message.strip()


def _scalar_message(actual, expected, rtol, atol, identifier):
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _mismatch_message("Scalars", identifier, f"Expected {expected} but got {actual}.", abs_diff, None, atol,
                             rel_diff, None, rtol)


def _unravel(flat_index, shape):
    index = []
    for size in reversed(shape):
        flat_index, remainder = divmod(flat_index, size)
        index.append(remainder)
    return tuple(reversed(index))


def _tensor_message(actual, expected, matches, rtol, atol, identifier):
    total = matches.numel()
    mismatched = total - int(reduction.sum(matches).item())
    extra = f"Mismatched elements: {mismatched} / {total} ({mismatched / total:.1%})"
    actual_flat = actual.reshape(-1)
    expected_flat = expected.reshape(-1)
    mismatch_flat = comparison.logical_not(matches.reshape(-1))
    if not actual.dtype.is_floating_point:
        actual_flat = actual_flat.to(dtypes.int64)
        expected_flat = expected_flat.to(dtypes.int64)
    abs_diff = elementwise.abs(actual_flat - expected_flat)
    abs_diff = selection.where(mismatch_flat, abs_diff, 0)  # only mismatches count
    max_abs, abs_at = reduction.max(abs_diff, 0)
    rel_diff = selection.where(mismatch_flat, abs_diff / elementwise.abs(expected_flat), 0)
    max_rel, rel_at = reduction.max(rel_diff, 0)
    shape = tuple(matches.shape)
    return _mismatch_message("Tensor-likes", identifier, extra, max_abs.item(), _unravel(int(abs_at.item()), shape),
                             atol, max_rel.item(), _unravel(int(rel_at.item()), shape), rtol)


def _attribute_mismatch(name, actual, expected):
    return _Failure(AssertionError, f"The values for attribute '{name}' do not match: {actual} != {expected}.")


def _compare_tensors(actual, expected, rtol, atol, equal_nan, check_device, check_dtype, identifier):
    if actual.shape != expected.shape:
        raise _attribute_mismatch("shape", actual.shape, expected.shape)
    if check_device and actual.device != expected.device:
        raise _attribute_mismatch("device", actual.device, expected.device)
    if check_dtype and actual.dtype != expected.dtype:
        raise _attribute_mismatch("dtype", actual.dtype, expected.dtype)
    rtol, atol = _tolerances((actual.dtype, expected.dtype), rtol, atol)
    actual = actual.detach()
    expected = expected.detach()
    if actual.device != expected.device:
        actual = actual.cpu()
        expected = expected.cpu()
    if actual.dtype != expected.dtype:
        common = dtypes.promote_types(actual.dtype, expected.dtype)
        actual = actual.to(common)
        expected = expected.to(common)
    if actual.numel() == 0:
        return
    matches = predicates.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if bool(comparison.all(matches).item()):
        return
    if actual.ndim == 0:
        message = _scalar_message(actual.item(), expected.item(), rtol, atol, identifier)
    else:
        message = _tensor_message(actual, expected, matches, rtol, atol, identifier)
    raise _Failure(AssertionError, message)


def _compare_numbers(actual, expected, rtol, atol, equal_nan, check_dtype, identifier):
    if check_dtype and type(actual) is not type(expected):
        raise _Failure(AssertionError, f"The (d)types do not match: {type(actual)} != {type(expected)}.")
    rtol, atol = _tolerances((_NUMBER_DTYPES[type(actual)], _NUMBER_DTYPES[type(expected)]), rtol, atol)
    if actual == expected:
        return
    if equal_nan and math.isnan(actual) and math.isnan(expected):
        return
    abs_diff = abs(actual - expected)
    if not (math.isnan(abs_diff) or math.isinf(abs_diff)) and abs_diff <= atol + rtol * abs(expected):
        return
    raise _Failure(AssertionError, _scalar_message(actual, expected, rtol, atol, identifier))


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(actual, expected, options):
    if actual is None or expected is None:
        if actual is None and expected is None:
            return
        raise _Failure(AssertionError, f"None mismatch: {actual} is not {expected}")
    if isinstance(actual, bool) and isinstance(expected, bool):
        if actual != expected:
            raise _Failure(AssertionError, options["msg"] or f"Booleans mismatch: {actual} is not {expected}")
        return
    if isinstance(actual, _tensor.Tensor) and isinstance(expected, _tensor.Tensor):
        try:
            _compare_tensors(actual, expected, options["rtol"], options["atol"], options["equal_nan"],
                             options["check_device"], options["check_dtype"], options["msg"])
        except _Failure as failure:
            if isinstance(options["msg"], str):
                failure.message = options["msg"]
            raise
        return
    if _is_number(actual) and _is_number(expected):
        try:
            _compare_numbers(actual, expected, options["rtol"], options["atol"], options["equal_nan"],
                             options["check_dtype"], options["msg"])
        except _Failure as failure:
            if isinstance(options["msg"], str):
                failure.message = options["msg"]
            raise
        return
    both_sequences = all(isinstance(v, collections.abc.Sequence) and not isinstance(v, str)
                         for v in (actual, expected))
    if both_sequences:
        if len(actual) != len(expected):
            raise _Failure(AssertionError, f"The length of the sequences mismatch: {len(actual)} != {len(expected)}")
        for index, (a, e) in enumerate(zip(actual, expected)):
            _compare_item(a, e, index, options)
        return
    if isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
        actual_keys = set(actual.keys())
        expected_keys = set(expected.keys())
        if actual_keys != expected_keys:
            missing = sorted(expected_keys - actual_keys, key=repr)
            additional = sorted(actual_keys - expected_keys, key=repr)
            raise _Failure(AssertionError, f"The keys of the mappings do not match:\n"
                                           f"Missing keys in the actual mapping: {missing}\n"
                                           f"Additional keys in the actual mapping: {additional}")
        try:
            keys = sorted(actual_keys)
        except TypeError:
            keys = sorted(actual_keys, key=repr)
        for key in keys:
            _compare_item(actual[key], expected[key], key, options)
        return
    raise TypeError(f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}.")


def _compare_item(actual, expected, key, options):
    try:
        _compare(actual, expected, options)
    except _Failure as failure:
        failure.path.insert(0, key)
        raise


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Assert ``actual`` and ``expected`` are close: ``|actual - expected| <= atol + rtol * |expected|`` elementwise
    (PyTorch's ``torch.testing.assert_close``).

    ``actual``/``expected``: Tensors, Python ``int``/``float``/``bool``, ``None``, or (nested) sequences and
    mappings of them. Tensors must have the same shape and, unless ``check_device``/``check_dtype`` are False, the
    same device and dtype (otherwise they are compared on the CPU in the promoted dtype). ``rtol``/``atol``: both
    or neither; omitted, PyTorch's defaults for the dtypes (float16 1e-3/1e-5, float32 1.3e-6/1e-5, float64
    1e-7/1e-7, integers and bool exactly). NaNs are equal only with ``equal_nan=True``. ``msg``: a string that
    replaces the message, or a callable that takes the default description ("Tensor-likes") and returns another.
    ``allow_subclasses``, ``check_layout``, ``check_stride`` are accepted (gradlib tensors are strided and have one
    class).

    Raises ``AssertionError`` with PyTorch's message on a mismatch, ``ValueError`` when only one of rtol/atol is
    given, ``TypeError`` for inputs it cannot compare (a Tensor against a list, strings). Reads the comparison's
    outcome on the host (a device sync, as in PyTorch).

    >>> import gradlib
    >>> from gradlib.testing import assert_close
    >>> assert_close({"w": [gradlib.tensor(1.0)]}, {"w": [gradlib.tensor(1.0 + 1e-7)]})
    >>> assert_close(gradlib.tensor([1, 2]), gradlib.tensor([1, 3]))
    Traceback (most recent call last):
    ...
    AssertionError: Tensor-likes are not equal!
    <BLANKLINE>
    Mismatched elements: 1 / 2 (50.0%)
    Greatest absolute difference: 1 at index (1,)
    Greatest relative difference: 0.3333333432674408 at index (1,)
    """
    options = dict(rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=check_device, check_dtype=check_dtype,
                   msg=msg)
    if (rtol is None) != (atol is None):
        _tolerances((), rtol, atol)
    try:
        _compare(actual, expected, options)
    except _Failure as failure:
        message = failure.message
        if failure.path:
            message += "\n\nThe failure occurred for item " + "".join(f"[{key!r}]" for key in failure.path)
        raise failure.kind(message) from None


_INTEGRAL = (dtypes.uint8, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64)
_COMPLEX = (dtypes.complex64, dtypes.complex128)
_FLOATING = tuple(d for d in (dtypes.float16, _BFLOAT16, dtypes.float32, dtypes.float64) if d is not None)


def _low_high(low, high, dtype, lowest, highest, default_low, default_high):
    low = default_low if low is None else low
    high = default_high if high is None else high
    if any(isinstance(value, float) and math.isnan(value) for value in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    if low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    if high < lowest or low >= highest:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), but {dtype} only "
                         f"supports [{lowest}, {highest})")
    low = min(max(low, lowest), highest)
    high = min(max(high, lowest), highest)
    if dtype is dtypes.bool or dtype in _INTEGRAL:
        return math.ceil(low), math.ceil(high)
    return low, high


def _uniform_random_(tensor, low, high, highest):
    """``tensor.uniform_(low, high)``, or for a span wider than the dtype's largest value (which uniform_
    refuses) half the range drawn and doubled, as PyTorch's make_tensor."""
    if high - low >= highest:
        return tensor.uniform_(low / 2, high / 2).mul_(2)
    return tensor.uniform_(low, high)


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad=False, noncontiguous=False,
                exclude_zero=False, memory_format=None):
    """A tensor of ``shape`` filled with values drawn uniformly from ``[low, high)`` (PyTorch's
    ``torch.testing.make_tensor``).

    Defaults: ``[-9, 9)`` for floating dtypes, ``[-9, 10)`` for integers (clamped to the dtype's range), ``{False,
    True}`` for bool. ``exclude_zero`` replaces zeros by the dtype's smallest step (the smallest normal number
    for floats, 1 for integers). ``noncontiguous`` draws twice the last dim and keeps every second value
    (a strided view, PyTorch's draws); ``memory_format`` gives a copy in that format. Raises ``ValueError`` for ``requires_grad`` with an integral dtype, ``low >= high``, NaN bounds, or
    ``noncontiguous`` with ``memory_format``; ``TypeError`` for an unsupported dtype.

    >>> import gradlib
    >>> from gradlib.testing import make_tensor
    >>> t = make_tensor(2, 3, dtype=gradlib.float32, device="cpu", low=-1, high=1)
    >>> t.shape, t.dtype, bool(((t >= -1) & (t < 1)).all())
    (gradlib.Size([2, 3]), gradlib.float32, True)
    """
    if len(shape) == 1 and isinstance(shape[0], collections.abc.Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError(f"The parameters `noncontiguous` and `memory_format` are mutually exclusive, but got "
                         f"noncontiguous={noncontiguous} and memory_format={memory_format}")
    if requires_grad and (dtype is dtypes.bool or dtype in _INTEGRAL):
        raise ValueError(f"`requires_grad=True` is not supported for boolean and integral dtypes, but got "
                         f"dtype={dtype}")
    noncontiguous = noncontiguous and math.prod(shape) > 1
    if noncontiguous:  # PyTorch's: draw twice the last dim, keep every second value from the second on
        shape = shape[:-1] + (2 * shape[-1],)
    if dtype is dtypes.bool:
        low, high = _low_high(low, high, dtype, 0, 2, 0, 2)
        result = _creation.randint(low, high, shape, device=device, dtype=dtype)
    elif dtype in _INTEGRAL:
        info = _type_info.iinfo(dtype)
        lowest, highest = info.min, info.max
        low, high = _low_high(low, high, dtype, lowest, highest + (1 if dtype is not dtypes.int64 else 0), -9, 10)
        result = _creation.randint(low, high, shape, device=device, dtype=dtype)
    elif dtype in _FLOATING:
        info = _type_info.finfo(dtype)
        lowest, highest = info.min, info.max
        low, high = _low_high(low, high, dtype, lowest, highest, -9, 9)
        result = _creation.empty(shape, device=device, dtype=dtype)
        _uniform_random_(result, low, high, highest)
    elif dtype in _COMPLEX:  # PyTorch's: the real pairs (view_as_real's memory order) drawn as the real dtype
        part = dtype.to_real()
        info = _type_info.finfo(part)
        low, high = _low_high(low, high, part, info.min, info.max, -9, 9)
        pairs = _creation.empty(shape + (2,), device=device, dtype=part)
        _uniform_random_(pairs, low, high, info.max)
        result = complex_ops.view_as_complex(pairs)
    else:
        raise TypeError(f"The requested dtype '{dtype}' is not supported by torch.testing.make_tensor(). To request "
                        f"support, file an issue at: https://github.com/pytorch/pytorch/issues")
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        step = 1 if dtype is dtypes.bool or dtype in _INTEGRAL else _type_info.finfo(
            dtype.to_real() if dtype in _COMPLEX else dtype).tiny
        result = selection.where(result == 0, _creation.full((), step, dtype=dtype, device=result.device), result)
    if requires_grad:
        result.requires_grad_(True)
    return result
