"""Printing tensors exactly as PyTorch does.

The rules (from PyTorch's ``torch/_tensor_str.py`` behaviour), with the defaults of
``set_printoptions``: 4 digits of precision; one formatter per tensor chooses integer mode (all finite values are
whole numbers: ``1.``), fixed point (``0.1000``) or scientific (``1.0000e-05``)
from the nonzero finite values — scientific when max/min > 1000, max > 1e8 or
min < 1e-4; every element is right-aligned to the widest; lines wrap at 80
columns; tensors over 1000 elements are summarized with 3 edge items.
"""
import contextlib
import math

import numpy  # printing happens on a host copy; this is not op code

from . import backends, dtypes
from .device import CPU, get_default_device


class _PrintOptions:
    """The options ``set_printoptions`` changes (PyTorch's ``PRINT_OPTS``), read when a tensor is printed."""
    precision = 4
    threshold = 1000
    edgeitems = 3
    linewidth = 80
    sci_mode = None


PRINT_OPTS = _PrintOptions()
_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80), "full": (4, math.inf, 3, 80)}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """Set how tensors print, as ``torch.set_printoptions``: ``precision`` (digits after the point, 4),
    ``threshold`` (more elements than this are summarized, 1000), ``edgeitems`` (items kept at each end when
    summarized, 3), ``linewidth`` (80), ``profile`` ('default', 'short': precision 2 and 2 edge items, 'full':
    never summarize; an unknown name changes nothing, as in PyTorch) applied first and then the explicit options,
    and ``sci_mode`` (True/False force scientific or fixed notation, None chooses; every call sets it).
    The options are process-wide.

    >>> import gradlib
    >>> gradlib.set_printoptions(precision=2)
    >>> gradlib.tensor([1.23456, 100.5])
    tensor([  1.23, 100.50])
    >>> gradlib.set_printoptions(profile="default")
    >>> gradlib.tensor([1.23456])
    tensor([1.2346])
    """
    if profile in _PROFILES:
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = _PROFILES[profile]
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """The current print options as a dict (PyTorch's ``torch._tensor_str.get_printoptions``).

    >>> import gradlib
    >>> gradlib._tensor_str.get_printoptions()
    {'precision': 4, 'threshold': 1000, 'edgeitems': 3, 'linewidth': 80, 'sci_mode': None}
    """
    return {name: getattr(PRINT_OPTS, name) for name in ("precision", "threshold", "edgeitems", "linewidth",
                                                         "sci_mode")}


@contextlib.contextmanager
def printoptions(**options):
    """Change the print options inside a ``with`` block only (PyTorch's ``torch._tensor_str.printoptions``): the
    options as ``set_printoptions`` takes them; the ones before are restored on leaving.

    >>> import gradlib
    >>> with gradlib._tensor_str.printoptions(precision=1):
    ...     print(gradlib.tensor([1.25, 2.5]))
    tensor([1.2, 2.5])
    >>> gradlib.tensor([1.25])
    tensor([1.2500])
    """
    before = get_printoptions()
    set_printoptions(**options)
    try:
        yield
    finally:
        set_printoptions(**before)


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
        precision = PRINT_OPTS.precision
        self.int_mode = all(value == math.ceil(value) for value in items)
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = largest / smallest > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4
        else:
            self.sci_mode = PRINT_OPTS.sci_mode
        if self.sci_mode:
            widths = (len(f"{value:.{precision}e}") for value in items)
        elif self.int_mode:
            widths = (len(f"{value:.0f}") + 1 for value in items)
        else:
            widths = (len(f"{value:.{precision}f}") for value in items)
        self.max_width = max(self.max_width, max(widths))

    def format(self, value):
        precision = PRINT_OPTS.precision
        if self.floating:
            if self.sci_mode:
                text = f"{value:{self.max_width}.{precision}e}"
            elif self.int_mode:
                text = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    text += "."
            else:
                text = f"{value:.{precision}f}"
        else:
            text = str(value)
        return (self.max_width - len(text)) * " " + text


class _ComplexFormatter:
    """PyTorch's two formatters of a complex tensor: one chosen from the real parts, one from the imaginary parts;
    an element prints as ``real+imagj`` (the imaginary part's padding dropped, its sign kept: ``-0.0000-0.2500j``)."""

    def __init__(self, values):
        self.real = _Formatter(values.real, True)
        self.imag = _Formatter(values.imag, True)
        self.max_width = self.real.max_width + self.imag.max_width + 1

    def format(self, value):
        real_text = self.real.format(value.real)
        imag_text = (self.imag.format(value.imag) + "j").lstrip()
        if imag_text[0] in "+-":
            return real_text + imag_text
        return real_text + "+" + imag_text


def _summarized(values):
    """The edge items PyTorch keeps when summarizing (used to choose the format)."""
    edgeitems = PRINT_OPTS.edgeitems
    if values.ndim == 0:
        return values
    if values.ndim == 1:
        if values.shape[0] > 2 * edgeitems:
            return numpy.concatenate((values[:edgeitems], values[-edgeitems:]))
        return values
    if not edgeitems:  # PyTorch prints only "..." and formats nothing
        return values[(slice(0, 0),) * values.ndim]
    if values.shape[0] > 2 * edgeitems:
        rows = list(values[:edgeitems]) + list(values[-edgeitems:])
    else:
        rows = list(values)
    return numpy.stack([_summarized(row) for row in rows])


def _python_value(value, floating):
    if floating == "complex":
        return complex(value)
    return float(value) if floating else value.item()


def _vector_str(values, indent, summarize, formatter, floating):
    edgeitems = PRINT_OPTS.edgeitems
    element_length = formatter.max_width + 2
    per_line = max(1, int(math.floor((PRINT_OPTS.linewidth - indent) / element_length)))
    if summarize and not edgeitems:
        data = ["..."]
    elif summarize and values.shape[0] > 2 * edgeitems:
        data = ([formatter.format(_python_value(v, floating)) for v in values[:edgeitems]] + [" ..."]
                + [formatter.format(_python_value(v, floating)) for v in values[-edgeitems:]])
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
    edgeitems = PRINT_OPTS.edgeitems
    if summarize and count > 2 * edgeitems:
        parts = ([_body(values[i], indent + 1, summarize, formatter, floating) for i in range(edgeitems)]
                 + ["..."]
                 + [_body(values[i], indent + 1, summarize, formatter, floating)
                    for i in range(count - edgeitems, count)])
    else:
        parts = [_body(values[i], indent + 1, summarize, formatter, floating) for i in range(count)]
    separator = "," + "\n" * (values.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(parts) + "]"


def _contents(values, indent, floating):
    summarize = values.size > PRINT_OPTS.threshold
    if values.dtype == numpy.float16:
        values = values.astype(numpy.float32)
    if values.dtype.kind == "c":
        floating = "complex"
        formatter = _ComplexFormatter(_summarized(values) if summarize else values)
        return _body(values, indent, summarize, formatter, floating)
    formatter = _Formatter(_summarized(values) if summarize else values, floating)
    return _body(values, indent, summarize, formatter, floating)


def _printed_length(suffix):
    """A suffix's length as PyTorch counts it: ``dtype=gradlib.float16`` is laid out as ``dtype=torch.float16``,
    so that lines break where PyTorch breaks them (PyTorch's text with ``torch.`` read ``gradlib.``)."""
    return len(suffix) - suffix.count("gradlib.") * (len("gradlib.") - len("torch."))


def _add_suffixes(text, suffixes, indent, force_newline=False):
    """PyTorch's ``_add_suffixes``: each suffix after ``, `` or, past the line width, on a new line at ``indent``
    (the first one always on a new line with ``force_newline``, as sparse COO tensors print)."""
    parts = [text]
    last_line_length = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        length = _printed_length(suffix)
        if force_newline or last_line_length + length + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_length = indent + length
            force_newline = False
        else:
            parts.append(", " + suffix)
            last_line_length += length + 2
    parts.append(")")
    return "".join(parts)


def _prefix(tensor):
    """``tensor(``, or a Tensor subclass's name (``MyTensor([1., 2.])``), as PyTorch's _str_intern."""
    cls = type(tensor)
    if cls.__name__ in ("Tensor", "Parameter") and cls.__module__ in ("gradlib", "gradlib.nn.parameter"):
        return "tensor("
    return cls.__name__ + "("


def tensor_repr(tensor):
    """``repr(tensor)``, character for character as PyTorch prints it (copies GPU data to the host)."""
    prefix = _prefix(tensor)
    indent = len(prefix)
    dtype = tensor.dtype
    suffixes = []
    device = tensor.device
    if device is not get_default_device() or (device.type == "cuda" and device.index != 0):
        suffixes.append(f"device='{device}'")
    if device.type == "meta":  # no data: PyTorch prints the size (and a dtype other than the default float)
        return _meta_repr(tensor, suffixes)
    values = device._backend.to_numpy(tensor._array)
    if values.size == 0:
        if values.ndim != 1:
            suffixes.append("size=" + str(tuple(values.shape)))
        if dtype is not dtypes.get_default_dtype():
            suffixes.append("dtype=" + repr(dtype))
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:  # PyTorch says the size whenever edgeitems is 0
            suffixes.append("size=" + str(tuple(values.shape)))
        if dtype not in (dtypes.get_default_dtype(), dtypes.default_complex(), dtypes.int64, dtypes.bool):
            suffixes.append("dtype=" + repr(dtype))
        body = _contents(values, indent, dtype.is_floating_point)
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{type(tensor.grad_fn).__name__}>")  # PyTorch prints the type's name
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)


def _meta_repr(tensor, suffixes):
    """``tensor(..., device='meta', size=(2, 3))``: a meta tensor has no values to print."""
    if "device='meta'" not in suffixes:
        suffixes.append("device='meta'")
    suffixes.append("size=" + str(tuple(tensor._array.shape)))
    if tensor.dtype is not dtypes.get_default_dtype():
        suffixes.append("dtype=" + repr(tensor.dtype))
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{type(tensor.grad_fn).__name__}>")  # PyTorch prints the type's name
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    prefix = _prefix(tensor)
    return _add_suffixes(prefix + "...", suffixes, len(prefix))
