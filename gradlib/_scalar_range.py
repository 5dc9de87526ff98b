"""Two factories PyTorch keeps beside the common ones (helper elem10): ``scalar_tensor``, a 0-d tensor of a
number in the default float dtype, and the deprecated ``range``, which includes its end.

Both resolve device, dtype and ``requires_grad`` as the other factories do (``gradlib/_creation.py``) and refuse
values as PyTorch's conversions do ("value cannot be converted to type float without overflow").
"""
import math
import numbers
import warnings

from . import _creation, _tensor, dtypes
from .device import resolve
from .backends import backend_for, quiet as _quiet

__all__ = ["scalar_tensor", "range"]

_RANGE_WARNING = ("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).")
_FLOAT32_MAX = float.fromhex("0x1.fffffep127")


class _Required:
    """The default of a required argument, so that a missing one gets PyTorch's parser's TypeError."""

    def __repr__(self):
        return "<required>"


_REQUIRED = _Required()


def _check_given(name, **arguments):
    """PyTorch's TypeError for missing required arguments (its wording, plural forms included)."""
    names = list(arguments)
    first = next((index for index, key in enumerate(names) if arguments[key] is _REQUIRED), None)
    missing = [] if first is None else names[first:]  # PyTorch counts every one from the first missing
    if missing:
        plural = "argument" if len(missing) > 1 else "arguments"  # sic: PyTorch's parser swaps them
        names = ", ".join(f'"{key}"' for key in missing)
        raise TypeError(f"{name}() missing {len(missing)} required positional {plural}: {names}")


def _number(name, value, argument, position):
    """A Python number from ``value`` (a number, a NumPy scalar or a one-element tensor, as PyTorch's Scalar
    arguments), or PyTorch's TypeError."""
    if isinstance(value, _tensor.Tensor) and value.numel() == 1 and value.ndim == 0:
        return value.item()
    if isinstance(value, bool) or (isinstance(value, numbers.Number) and not isinstance(value, _tensor.Tensor)):
        return dtypes.plain_scalar(value) if hasattr(value, "item") else value
    raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Number, not "
                    f"{type(value).__name__}")


def _check_value(value, dtype):
    """PyTorch's overflow check of a number converted to ``dtype`` once."""
    if isinstance(value, complex) and not dtype.is_complex:
        if value.imag != 0:
            raise RuntimeError(f"value cannot be converted to type {_c_name(dtype)} without overflow")
        value = value.real
    if dtype is dtypes.float32 and isinstance(value, float) and math.isfinite(value) and abs(value) > _FLOAT32_MAX:
        raise RuntimeError("value cannot be converted to type float without overflow")
    if not dtype.is_floating_point and not dtype.is_complex:
        dtypes.check_fits(value, dtype)
    if dtype.is_floating_point and dtype.itemsize == 2 and isinstance(value, float) and math.isfinite(value) and (
            abs(value) > 65504.0):
        # float16/bfloat16 take the number unchecked (1e40 gives inf), where full and fill_ refuse it: the value
        # the conversion gives (inf, or a bfloat16's own largest values), rounded here once
        token = _quiet.enter()
        try:
            value = float(dtype.np.type(value))
        finally:
            _quiet.leave(token)
    return value


def _c_name(dtype):
    return dtype.c_type


def scalar_tensor(s=_REQUIRED, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A 0-d tensor holding the number ``s`` (``torch.scalar_tensor``), in the default float dtype unless
    ``dtype`` says otherwise (an int or bool gives a float). TypeError for a non-number ``s`` (a tensor of more
    than one element included); RuntimeError for a value ``dtype`` cannot hold (a complex number in a real dtype,
    1e40 in float32, 300 in uint8) and for ``requires_grad`` with an integer dtype.

    >>> import gradlib
    >>> gradlib.scalar_tensor(3), gradlib.scalar_tensor(2, dtype=gradlib.int64)
    (tensor(3.), tensor(2))
    """
    _check_given("scalar_tensor", s=s)
    value = _number("scalar_tensor", s, "s", 1)
    dtype = dtypes.get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
    value = _check_value(value, dtype)
    _creation._check_options(layout, pin_memory)
    return _creation.full((), value, dtype=dtype, layout=layout, device=device, requires_grad=requires_grad,
                          pin_memory=pin_memory)


def _range_values(xp, start, step, size, dtype):
    """PyTorch's range kernel: ``start + i * step`` in the accumulation type (double for float32/float64, float
    for float16/bfloat16 on the CPU, the integer itself for integers), then converted."""
    index = xp.arange(size, dtype=xp.int64)
    if not dtype.is_floating_point:
        return (start + index * step).astype(dtype.np)
    if dtype.itemsize == 2:
        accumulated = xp.float32(start) + index.astype(xp.float32) * xp.float32(step)
    else:
        accumulated = start + index.astype(xp.float64) * step
    return accumulated.astype(dtype.np)


def range(start=_REQUIRED, end=_REQUIRED, step=1, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """Values from ``start`` to ``end`` *inclusive* by ``step`` (``torch.range``, deprecated: it warns, as
    PyTorch, and ``arange`` is the replacement); the default float dtype unless ``dtype`` says otherwise (an
    integer dtype truncates the bounds and step first). RuntimeError for a zero step, bounds inconsistent with the
    step's sign and infinite or NaN bounds; NotImplementedError for bool and complex dtypes.

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gradlib.range(1, 4), gradlib.range(0, 1, 0.5)
    (tensor([1., 2., 3., 4.]), tensor([0.0000, 0.5000, 1.0000]))
    """
    _check_given("range", start=start, end=end)
    warnings.warn(_RANGE_WARNING, UserWarning, stacklevel=2)
    start = _number("range", start, "start", 1)
    end = _number("range", end, "end", 2)
    step = _number("range", step, "step", 3)
    _creation._check_options(layout, pin_memory)
    dtype = dtypes.get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
    target = resolve(device)
    if dtype is dtypes.bool or dtype.is_complex:
        kernel = "range_cpu" if target.type == "cpu" else "range_cuda"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{dtype.scalar_type}\'')
    if any(isinstance(value, complex) for value in (start, end, step)):
        raise RuntimeError("value cannot be converted to type double without overflow")
    if not dtype.is_floating_point:
        start, end, step = (int(value) for value in (start, end, step))
    else:
        start, end, step = (float(value) for value in (start, end, step))
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {start:g} -> {end:g}")
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    size = int((end - start) / step + 1)
    backend = backend_for(target)
    backend.check_dtype(dtype)
    with backend.guard(target):
        array = _range_values(backend.xp, start, step, size, dtype)
    return _creation._leaf(array, target, requires_grad)
