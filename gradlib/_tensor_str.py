"""Printing tensors exactly as PyTorch does.

The rules (from PyTorch's ``torch/_tensor_str.py`` behaviour): 4 digits of
precision; one formatter per tensor chooses integer mode (all finite values are
whole numbers: ``1.``), fixed point (``0.1000``) or scientific (``1.0000e-05``)
from the nonzero finite values — scientific when max/min > 1000, max > 1e8 or
min < 1e-4; every element is right-aligned to the widest; lines wrap at 80
columns; tensors over 1000 elements are summarized with 3 edge items.
"""
import math

import numpy  # printing happens on a host copy; this is not op code

from . import backends, dtypes
from .device import CPU, get_default_device

PRECISION = 4
THRESHOLD = 1000
EDGEITEMS = 3
LINEWIDTH = 80

def legacy_type_name(np_dtype, array, device=None):
    """PyTorch's legacy type string, e.g. ``gradlib.FloatTensor`` or ``gradlib.cuda.FloatTensor`` (from the
    tensor's ``device`` where given, else from the array's backend)."""
    name = dtypes.from_np(np_dtype).legacy_name
    if device is None:
        backend = backends.backend_of_array(array)
        device = CPU if backend is None else backend.device_of(array)
    on_gpu = device.type == "cuda"
    return ("gradlib.cuda." if on_gpu else "gradlib.") + name


class _Formatter:
    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not floating:
            for value in flat.tolist():
                self.max_width = max(self.max_width, len(str(value)))
            return
        finite = flat[numpy.isfinite(flat) & (flat != 0)].astype(numpy.float64)
        if finite.size == 0:
            return
        magnitude = numpy.abs(finite)
        smallest = float(magnitude.min())
        largest = float(magnitude.max())
        items = finite.tolist()
        self.int_mode = all(value == math.ceil(value) for value in items)
        if self.int_mode:
            if largest / smallest > 1000.0 or largest > 1.0e8:
                self.sci_mode = True
                widths = (len(f"{value:.{PRECISION}e}") for value in items)
            else:
                widths = (len(f"{value:.0f}") + 1 for value in items)
        elif largest / smallest > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4:
            self.sci_mode = True
            widths = (len(f"{value:.{PRECISION}e}") for value in items)
        else:
            widths = (len(f"{value:.{PRECISION}f}") for value in items)
        self.max_width = max(self.max_width, max(widths))

    def format(self, value):
        if self.floating:
            if self.sci_mode:
                text = f"{value:{self.max_width}.{PRECISION}e}"
            elif self.int_mode:
                text = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    text += "."
            else:
                text = f"{value:.{PRECISION}f}"
        else:
            text = str(value)
        return (self.max_width - len(text)) * " " + text


def _summarized(values):
    """The edge items PyTorch keeps when summarizing (used to choose the format)."""
    if values.ndim == 0:
        return values
    if values.ndim == 1:
        if values.shape[0] > 2 * EDGEITEMS:
            return numpy.concatenate((values[:EDGEITEMS], values[-EDGEITEMS:]))
        return values
    if values.shape[0] > 2 * EDGEITEMS:
        rows = list(values[:EDGEITEMS]) + list(values[-EDGEITEMS:])
    else:
        rows = list(values)
    return numpy.stack([_summarized(row) for row in rows])


def _python_value(value, floating):
    return float(value) if floating else value.item()


def _vector_str(values, indent, summarize, formatter, floating):
    element_length = formatter.max_width + 2
    per_line = max(1, int(math.floor((LINEWIDTH - indent) / element_length)))
    if summarize and values.shape[0] > 2 * EDGEITEMS:
        data = ([formatter.format(_python_value(v, floating)) for v in values[:EDGEITEMS]] + [" ..."]
                + [formatter.format(_python_value(v, floating)) for v in values[-EDGEITEMS:]])
    else:
        data = [formatter.format(_python_value(v, floating)) for v in values]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _body(values, indent, summarize, formatter, floating):
    # An explicit stack would be overkill: depth is the tensor's ndim, which is small.
    if values.ndim == 0:
        return formatter.format(_python_value(values, floating))
    if values.ndim == 1:
        return _vector_str(values, indent, summarize, formatter, floating)
    count = values.shape[0]
    if summarize and count > 2 * EDGEITEMS:
        parts = ([_body(values[i], indent + 1, summarize, formatter, floating) for i in range(EDGEITEMS)]
                 + ["..."]
                 + [_body(values[i], indent + 1, summarize, formatter, floating)
                    for i in range(count - EDGEITEMS, count)])
    else:
        parts = [_body(values[i], indent + 1, summarize, formatter, floating) for i in range(count)]
    separator = "," + "\n" * (values.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(parts) + "]"


def _contents(values, indent, floating):
    summarize = values.size > THRESHOLD
    if values.dtype == numpy.float16:
        values = values.astype(numpy.float32)
    formatter = _Formatter(_summarized(values) if summarize else values, floating)
    return _body(values, indent, summarize, formatter, floating)


def _add_suffixes(text, suffixes, indent):
    parts = [text]
    last_line_length = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_length + len(suffix) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line_length = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_length += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def tensor_repr(tensor):
    """``repr(tensor)``, character for character as PyTorch prints it (copies GPU data to the host)."""
    prefix = "tensor("
    indent = len(prefix)
    dtype = tensor.dtype
    suffixes = []
    device = tensor.device
    if device is not get_default_device() or (device.type == "cuda" and device.index != 0):
        suffixes.append(f"device='{device}'")
    values = device._backend.to_numpy(tensor._array)
    if values.size == 0:
        if values.ndim != 1:
            suffixes.append("size=" + str(tuple(values.shape)))
        if dtype is not dtypes.get_default_dtype():
            suffixes.append("dtype=" + repr(dtype))
        body = "[]"
    else:
        if dtype not in (dtypes.get_default_dtype(), dtypes.int64, dtypes.bool):
            suffixes.append("dtype=" + repr(dtype))
        body = _contents(values, indent, dtype.is_floating_point)
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{tensor.grad_fn.name()}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)
