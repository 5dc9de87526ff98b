"""Python numbers in tensor positions of the binary and ternary functions, decided as PyTorch's argument parser
decides them (``torch/csrc/utils/python_arg_parser.cpp``), with its TypeErrors.

PyTorch's C functions list their overloads (``eq``: ``(Tensor input, Tensor other, *, Tensor out = None)`` and
``(Tensor input, Number other, *, Tensor out = None)``); a call is parsed when one overload takes its arguments. A
``Tensor`` parameter takes a tensor, and a Python number only for the arithmetic functions PyTorch lets treat
numbers as tensors (``torch.add(2, x)``, ``torch.mul(3, x)``: ``NUMBERS_AS_TENSORS``); a ``Number`` parameter takes
a number (``torch.pow(2, x)``, ``torch.where(c, 0., x)``, ``torch.remainder(5, x)``). A number nowhere accepted is
refused with PyTorch's TypeError: when one overload has room for that many arguments, the argument's own message
(``atan2(): argument 'input' (position 1) must be Tensor, not int``); otherwise PyTorch's list of the overloads
(``eq() received an invalid combination of arguments - got (int, Tensor), but expected one of: ...``), with its
"didn't match" line under each overload whose count of arguments fits.

``checked(name, function)`` is the public function over ``function``: calls whose tensor positions hold tensors
(and every call without a Python number in a tensor position) go straight through; the rest are parsed here
first. An accepted number is then handled by the function itself, which treats it as PyTorch's wrapped number
(type promotion by category; the result on the tensor's device). ``gradlib/__init__.py`` and
``gradlib/special.py`` apply it to the names of ``OVERLOADS``.
"""
import functools
import numbers

from . import _creation, _tensor, dtypes
from .ops._args import _type_name as _python_type_name

__all__ = ["OVERLOADS", "NUMBERS_AS_TENSORS", "Schema", "bind_native", "checked", "error", "parse"]

_BINARY = ("(Tensor input, Tensor other, *, Tensor out = None)",)
_COMPARISON = ("(Tensor input, Tensor other, *, Tensor out = None)",
               "(Tensor input, Number other, *, Tensor out = None)")
_EITHER_NUMBER = ("(Tensor input, Tensor other, *, Tensor out = None)", "(Number self, Tensor other)",
                  "(Tensor input, Number other, *, Tensor out = None)")
_XLOGY = ("(Tensor input, Tensor other, *, Tensor out = None)", "(Number self, Tensor other, *, Tensor out = None)",
          "(Tensor input, Number other, *, Tensor out = None)")
_POWER = ("(Tensor input, Tensor exponent, *, Tensor out = None)",
          "(Number self, Tensor exponent, *, Tensor out = None)",
          "(Tensor input, Number exponent, *, Tensor out = None)")
_CLAMP = ("(Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)",
          "(Tensor input, Number min = None, Number max = None, *, Tensor out = None)")
_MATRIX = ("(Tensor input, Tensor mat2, *, Tensor out = None)",
           "(Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None)")

#: PyTorch's overloads, as its parser prints them; a leading ``hidden`` marks an overload PyTorch parses but
#: does not print (its deprecated signatures)
OVERLOADS = {
    "add": ("(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",),
    "sub": ("(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",),
    "subtract": ("(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",
                 "(Tensor input, Number other, Number alpha = 1)"),
    "mul": _BINARY,
    "multiply": ("(Tensor input, Tensor other, *, Tensor out = None)", "(Tensor input, Number other)"),
    "div": ("(Tensor input, Tensor other, *, Tensor out = None)",
            "(Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)",
            "(Tensor input, Number other, *, str rounding_mode)"),
    "divide": ("(Tensor input, Tensor other, *, Tensor out = None)",
               "(Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)",
               "(Tensor input, Number other)", "(Tensor input, Number other, *, str rounding_mode)"),
    "true_divide": ("(Tensor input, Tensor other, *, Tensor out = None)", "(Tensor input, Number other)"),
    "floor_divide": ("(Tensor input, Tensor other, *, Tensor out = None)", "(Tensor input, Number other)"),
    "remainder": ("(Tensor input, Tensor other, *, Tensor out = None)", "(Number self, Tensor other)",
                  "(Tensor input, Number other, *, Tensor out = None)"),
    "fmod": _COMPARISON,
    "pow": _POWER,
    "float_power": _POWER,
    "atan2": _BINARY, "arctan2": _BINARY, "hypot": _BINARY, "maximum": _BINARY, "minimum": _BINARY,
    "fmax": _BINARY, "fmin": _BINARY, "logical_and": _BINARY, "logical_or": _BINARY, "logical_xor": _BINARY,
    "logaddexp": _BINARY, "logaddexp2": _BINARY, "gcd": _BINARY, "lcm": _BINARY, "ldexp": _BINARY,
    "nextafter": _BINARY,
    "rsub": ("(Tensor input, Tensor other, *, Number alpha = 1)", "(Tensor input, Number other, Number alpha = 1)"), "matmul": _BINARY, "inner": _BINARY, "kron": _BINARY,
    "eq": _COMPARISON, "ne": _COMPARISON, "lt": _COMPARISON, "le": _COMPARISON, "gt": _COMPARISON,
    "ge": _COMPARISON, "greater": _COMPARISON, "greater_equal": _COMPARISON, "less": _COMPARISON,
    "less_equal": _COMPARISON, "not_equal": _COMPARISON, "copysign": _COMPARISON,
    "bitwise_and": _EITHER_NUMBER, "bitwise_or": _EITHER_NUMBER, "bitwise_xor": _EITHER_NUMBER,
    "bitwise_left_shift": _EITHER_NUMBER, "bitwise_right_shift": _EITHER_NUMBER,
    "xlogy": _XLOGY, "special.xlogy": _XLOGY, "special.xlog1py": _XLOGY,
    "heaviside": ("(Tensor input, Tensor values, *, Tensor out = None)",),
    "isclose": ("(Tensor input, Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)",),
    "allclose": ("(Tensor input, Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)",),
    "equal": ("(Tensor input, Tensor other)",),
    "dist": ("(Tensor input, Tensor other, Number p = 2)",),
    "mm": _MATRIX, "bmm": _MATRIX,
    "mv": ("(Tensor input, Tensor vec, *, Tensor out = None)",),
    "dot": ("(Tensor input, Tensor tensor, *, Tensor out = None)",),
    "outer": ("(Tensor input, Tensor vec2, *, Tensor out = None)",),
    "ger": ("(Tensor input, Tensor vec2, *, Tensor out = None)",),
    "cross": ("(Tensor input, Tensor other, int? dim = None, *, Tensor out = None)",),
    "clamp_min": ("(Tensor input, Tensor min, *, Tensor out = None)", "(Tensor input, Number min, *, Tensor out = None)"),
    "clamp_max": ("(Tensor input, Tensor max, *, Tensor out = None)", "(Tensor input, Number max, *, Tensor out = None)"),
    "polar": ("(Tensor abs, Tensor angle, *, Tensor out = None)",),
    "complex": ("(Tensor real, Tensor imag, *, Tensor out = None)",),
    "bucketize": ("(Tensor input, Tensor boundaries, *, bool out_int32 = False, bool right = False, Tensor out = None)",
                  "(Number self, Tensor boundaries, *, bool out_int32 = False, bool right = False)"),
    "searchsorted": ("(Tensor sorted_sequence, Tensor input, *, bool out_int32 = False, bool right = False, str side "
                     "= None, Tensor sorter = None, Tensor out = None)",
                     "(Tensor sorted_sequence, Number self, *, bool out_int32 = False, bool right = False, str side "
                     "= None, Tensor sorter = None, Tensor out = None)"),
    "where": ("(Tensor condition)", "(Tensor condition, Tensor input, Tensor other, *, Tensor out = None)",
              "(Tensor condition, Number self, Tensor other)", "(Tensor condition, Tensor input, Number other)",
              "(Tensor condition, Number self, Number other)"),
    "lerp": ("(Tensor input, Tensor end, Tensor weight, *, Tensor out = None)",
             "(Tensor input, Tensor end, Number weight, *, Tensor out = None)"),
    "addcmul": ("(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value = 1, Tensor out = None)",
                "hidden(Tensor input, Number value, Tensor tensor1, Tensor tensor2)"),
    "addcdiv": ("(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value = 1, Tensor out = None)",
                "hidden(Tensor input, Number value, Tensor tensor1, Tensor tensor2)"),
    "clamp": _CLAMP,
    "clip": _CLAMP,
    # the in-place functions with more than one overload (gradlib/_inplace_functions.py)
    "clamp_": ("(Tensor input, Tensor min = None, Tensor max = None)",
               "(Tensor input, Number min = None, Number max = None)"),
    "clip_": ("(Tensor input, Tensor min = None, Tensor max = None)",
              "(Tensor input, Number min = None, Number max = None)"),
    "clamp_min_": ("(Tensor input, Tensor min)", "(Tensor input, Number min)"),
    "clamp_max_": ("(Tensor input, Tensor max)", "(Tensor input, Number max)"),
    "xlogy_": ("(Tensor input, Tensor other)", "(Tensor input, Number other)"),
    "fill_": ("(Tensor input, Tensor value)", "(Tensor input, Number value)"),
}

#: PyTorch's functions whose Tensor parameters take Python numbers too (``should_allow_numbers_as_tensors``)
NUMBERS_AS_TENSORS = frozenset(("add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide",
                                "floor_divide"))


class _Parameter:
    __slots__ = ("type", "name", "optional", "keyword_only")

    def __init__(self, text, keyword_only):
        declaration, _, default = text.partition(" = ")
        self.type, _, self.name = declaration.rpartition(" ")
        self.optional = bool(default)
        self.keyword_only = keyword_only


class _Overload:
    """One printed overload: its parameters, and PyTorch's counts for it."""

    def __init__(self, text):
        self.hidden = text.startswith("hidden")
        self.text = text[len("hidden"):] if self.hidden else text
        items = [item.strip() for item in self.text[1:-1].split(",")]
        self.parameters = []
        keyword_only = False
        for item in items:
            if item == "*":
                keyword_only = True
                continue
            self.parameters.append(_Parameter(item, keyword_only))
        self.positional = [p for p in self.parameters if not p.keyword_only]
        self.min_args = sum(1 for p in self.parameters if not p.optional)
        self.max_args = len(self.parameters)
        # PyTorch's printer counts the ``*`` marker as an argument and leaves ``out`` out (invalid_arguments.cpp)
        self.printed_count = len(items) - any(p.name == "out" for p in self.parameters)

    def takes(self, name, args, kwargs):
        """Whether this overload parses the call."""
        if len(args) > len(self.positional):
            return False
        bound = dict(zip((p.name for p in self.positional), args))
        for key, value in kwargs.items():
            if key in bound or not any(p.name == key for p in self.parameters):
                return False
            bound[key] = value
        for parameter in self.parameters:
            if parameter.name not in bound:
                if not parameter.optional:
                    return False
                continue
            if not _fits(name, parameter, bound[parameter.name]):
                return False
        return True


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, _tensor.Tensor)


def _fits(name, parameter, value, strict=False):
    """Whether ``value`` may stand for ``parameter``; only tensors and numbers are judged here unless ``strict``
    (anything else is left to the function, which refuses it in its own words)."""
    if parameter.type == "Tensor":
        if isinstance(value, _tensor.Tensor) or (value is None and parameter.optional):
            return True
        if _is_number(value):
            return name in NUMBERS_AS_TENSORS
        return not strict
    if parameter.type == "Number":
        return not isinstance(value, _tensor.Tensor) or value.ndim == 0
    return True


def _type_name(value):
    return "Tensor" if isinstance(value, _tensor.Tensor) else _python_type_name(value)


def _marked_name(value):
    """A marked argument as PyTorch's printer names it: a list with its items' types (``list of [float, int]``)."""
    if isinstance(value, list):
        return f"list of [{', '.join(_type_name(item) for item in value)}]"
    return _type_name(value)


def _described(args, kwargs, marks=None):
    parts = []
    for index, value in enumerate(args):
        parts.append(f"!{_marked_name(value)}!" if marks is not None and marks[index] else _type_name(value))
    parts.extend(f"{key}={_type_name(kwargs[key])}" for key in sorted(kwargs))
    return "(" + ", ".join(parts) + ")"


def _printed_mismatches(overload, args):
    """PyTorch's marks under an overload: an argument is marked unless it is a tensor for a Tensor parameter
    (its printer matches no Python number to ``Number``)."""
    marks = []
    for index, value in enumerate(args):
        parameter = overload.parameters[index] if index < len(overload.parameters) else None
        matched = parameter is not None and parameter.type == "Tensor" and isinstance(value, _tensor.Tensor)
        marks.append(not matched)
    return marks


def error(name, args, kwargs):
    """PyTorch's TypeError for a call of ``name`` that none of its overloads takes."""
    return _error(name, _overloads(name), args, kwargs)


def _error(name, overloads, args, kwargs):
    short = name.rpartition(".")[2]
    count = len(args) + len(kwargs)
    plausible = [o for o in overloads if o.min_args <= count <= o.max_args]
    if len(plausible) == 1:
        overload = plausible[0]
        for index, (parameter, value) in enumerate(zip(overload.positional, args)):
            if not _fits(name, parameter, value, strict=True):
                return TypeError(f"{short}(): argument '{parameter.name}' (position {index + 1}) must be "
                                 f"{parameter.type}, not {_type_name(value)}")
        for key, value in kwargs.items():
            for parameter in overload.parameters:
                if parameter.name == key and not _fits(name, parameter, value, strict=True):
                    return TypeError(f"{short}(): argument '{key}' must be {parameter.type}, not "
                                     f"{_type_name(value)}")
    shown = [o for o in overloads if not o.hidden]
    if len(shown) == 1:
        return TypeError(f"{short}() received an invalid combination of arguments - got "
                         f"{_described(args, kwargs, _printed_mismatches(shown[0], args))}, but expected "
                         f"{shown[0].text}")
    lines = [f"{short}() received an invalid combination of arguments - got {_described(args, kwargs)}, but "
             "expected one of:"]
    for overload in shown:
        lines.append(f" * {overload.text}")
        if overload.printed_count == count and kwargs:
            lines.append(f"      didn't match because some of the keywords were incorrect: {', '.join(sorted(kwargs))}")
        elif overload.printed_count == count:
            lines.append("      didn't match because some of the arguments have invalid types: "
                         f"{_described(args, kwargs, _printed_mismatches(overload, args))}")
    return TypeError("\n".join(lines) + "\n")


@functools.lru_cache(maxsize=None)
def _overloads(name):
    return tuple(_Overload(text) for text in OVERLOADS[name])


def parse(name, args, kwargs):
    """Raise PyTorch's TypeError unless one of ``name``'s overloads takes these arguments (judging only tensors
    and Python numbers).

    >>> import gradlib
    >>> parse("pow", (2, gradlib.ones(1)), {})
    >>> parse("atan2", (2, gradlib.ones(1)), {})
    Traceback (most recent call last):
    ...
    TypeError: atan2(): argument 'input' (position 1) must be Tensor, not int
    """
    overloads = _overloads(name)
    if any(o.takes(name, args, kwargs) for o in overloads):
        return
    raise _error(name, overloads, args, kwargs)


def _number_tensor(value):
    """A number as PyTorch's parser makes it a tensor where both operands are numbers: 0-d, on the CPU, of the
    number's own dtype (int64, the default float, bool, the default complex)."""
    if isinstance(value, _tensor.Tensor) or not _is_number(value):
        return value
    return _creation.tensor(value, dtype=dtypes.scalar_dtype(dtypes.plain_scalar(value)))


def checked(name, function):
    """``function`` behind PyTorch's parsing of numbers in tensor positions (``parse``); a call with tensors
    only pays one scan of its arguments."""
    as_tensors = name in NUMBERS_AS_TENSORS

    @functools.wraps(function)
    def public(*args, **kwargs):
        for value in args:
            if value.__class__ is not _tensor.Tensor and _is_number(value):
                parse(name, args, kwargs)
                if as_tensors and not any(isinstance(other, _tensor.Tensor) for other in args[:2]):
                    args = (_number_tensor(args[0]),) + args[1:]  # torch.add(2, 3.5): numbers only
                break
        else:
            for value in kwargs.values():
                if value.__class__ is not _tensor.Tensor and _is_number(value):
                    parse(name, args, kwargs)
                    break
        return function(*args, **kwargs)

    return public


# ----- whole-signature parsing of the functions PyTorch declares by a native schema --------------------------------
# ``torch.dropout``, ``torch.embedding``, ... (gradlib/_torch_functional.py) parse every argument as PyTorch's
# parser does: counts, missing and repeated arguments, unknown keywords and each argument's type, with its
# TypeErrors. A schema is PyTorch's native one (``aten::dropout(Tensor input, float p, bool train)``, ``self``
# spelled ``input`` as its Python binding does).

#: NumPy's spellings PyTorch's parser accepts for these parameters (``input``'s x/a/x1 are refused in gradlib)
_NUMPY_SPELLINGS = {"dim": "axis", "keepdim": "keepdims"}
_PRINTED_TYPES = {"Tensor": "Tensor", "float": "float", "int": "int", "SymInt": "int", "bool": "bool", "str": "str",
                  "Scalar": "Number", "Generator": "torch.Generator", "ScalarType": "torch.dtype"}


class _SchemaParameter:
    __slots__ = ("name", "kind", "size", "nullable", "has_default", "keyword_only")

    def __init__(self, text, keyword_only):
        declaration, _, default = text.partition("=")
        kind, self.name = declaration.split(" ")
        self.nullable = kind.endswith("?") or default == "None"
        kind = kind.rstrip("?")
        self.size = None  # a list of ints: its fixed length (a bare int stands for all of it), or 0
        if kind.endswith("]"):
            kind, _, length = kind[:-1].partition("[")
            self.size = int(length or 0)
        self.kind = kind
        self.has_default = bool(default)
        self.keyword_only = keyword_only

    @property
    def printed_type(self):
        return "tuple of ints" if self.size is not None else _PRINTED_TYPES[self.kind]


def _is_integer(value):
    if isinstance(value, _tensor.Tensor):
        return value.ndim == 0 and not value.dtype.is_floating_point and not value.dtype.is_complex \
            and value.dtype is not dtypes.bool
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and type(value).__name__ != "bool_"


def _plain(value):
    return value.item() if isinstance(value, _tensor.Tensor) else value


_NOT_FOUND = object()


def _converted(parameter, value):
    """``value`` as the function gets it, or ``_NOT_FOUND`` when ``parameter`` refuses it (a list item is
    refused at once with PyTorch's message, raised by the caller from the IndexError's position)."""
    if value is None:
        return None if parameter.nullable else _NOT_FOUND
    kind = parameter.kind
    if parameter.size is not None:
        if isinstance(value, (list, tuple)):
            for position, item in enumerate(value):
                if not _is_integer(item):
                    raise _BadItem(position, item)
            return [int(_plain(item)) for item in value]
        if parameter.size and isinstance(value, _tensor.Tensor) and value.numel() == 1 and value.ndim <= 1:
            return int(value.reshape(()).item()) if _is_integer(value.reshape(())) else _NOT_FOUND
        return int(_plain(value)) if parameter.size and _is_integer(value) else _NOT_FOUND
    if kind == "Tensor":
        return value if isinstance(value, _tensor.Tensor) else _NOT_FOUND
    if kind == "bool":
        return value if isinstance(value, bool) else _NOT_FOUND
    if kind in ("int", "SymInt"):
        return int(_plain(value)) if _is_integer(value) else _NOT_FOUND
    if kind == "float":
        if isinstance(value, _tensor.Tensor):
            return float(value.item()) if value.ndim == 0 and not value.dtype.is_complex else _NOT_FOUND
        return float(value) if isinstance(value, numbers.Real) else _NOT_FOUND
    if kind == "Scalar":
        if isinstance(value, _tensor.Tensor):
            return value.item() if value.ndim == 0 else _NOT_FOUND
        return value if isinstance(value, numbers.Number) else _NOT_FOUND
    if kind == "str":
        return value if isinstance(value, str) else _NOT_FOUND
    if kind == "ScalarType":
        return value if isinstance(value, dtypes.dtype) else _NOT_FOUND
    return value if type(value).__name__ == "Generator" else _NOT_FOUND


class _BadItem(Exception):
    def __init__(self, position, item):
        super().__init__(position)
        self.position, self.item = position, item


class Schema:
    """One native schema of a function: ``bind`` gives the arguments by name (converted: Python floats and ints,
    lists of ints) or raises PyTorch's TypeError.

    >>> import gradlib
    >>> schema = Schema("dropout", "Tensor input, float p, bool train")
    >>> sorted(schema.bind((gradlib.ones(1), 1), {"train": False}))
    ['input', 'p', 'train']
    >>> schema.bind((gradlib.ones(1), 0.5, 1), {})
    Traceback (most recent call last):
    ...
    TypeError: dropout(): argument 'train' (position 3) must be bool, not int
    """

    def __init__(self, name, text):
        self.name = name
        self.parameters = []
        keyword_only = False
        for item in text.split(", "):
            if item == "*":
                keyword_only = True
                continue
            self.parameters.append(_SchemaParameter(item, keyword_only))
        self.positional = [p for p in self.parameters if not p.keyword_only]
        self.required = sum(1 for p in self.positional if not p.has_default)

    def bind(self, args, kwargs):
        name = self.name
        if len(args) > len(self.positional):
            most = len(self.positional)
            counted = f"from {self.required} to {most}" if self.required != most else str(most)
            raise TypeError(f"{name}() takes {counted} positional argument{'' if most == 1 else 's'} but "
                            f"{len(args)} {'was' if len(args) == 1 else 'were'} given")
        bound = {}
        for index, parameter in enumerate(self.parameters):
            if index < len(args):
                if parameter.name in kwargs:
                    raise TypeError(f"{name}() got multiple values for argument '{parameter.name}'")
                value, where = args[index], f"argument '{parameter.name}' (position {index + 1})"
            elif parameter.name in kwargs:
                value, where = kwargs[parameter.name], f"argument '{parameter.name}'"
            elif _NUMPY_SPELLINGS.get(parameter.name) in kwargs:  # dim=, spelled axis= (PyTorch's parser)
                spelled = _NUMPY_SPELLINGS[parameter.name]
                value, where = kwargs[spelled], f"argument '{spelled}'"
            elif parameter.has_default:
                continue
            else:
                missing = [p.name for p in self.parameters[index:]
                           if not p.has_default and p.name not in kwargs]
                # PyTorch's plural is inverted ("missing 1 required positional arguments", "2 ... argument")
                raise TypeError(f"{name}() missing {len(missing)} required positional argument"
                                f"{'s' if len(missing) == 1 else ''}: "
                                + ", ".join(f'"{m}"' for m in missing))
            try:
                converted = _converted(parameter, value)
            except _BadItem as bad:
                raise TypeError(f"{name}(): {where} must be tuple of ints, but found element of type "
                                f"{_type_name(bad.item)} at pos {bad.position}") from None
            if converted is _NOT_FOUND:
                raise TypeError(f"{name}(): {where} must be {parameter.printed_type}, not {_type_name(value)}")
            bound[parameter.name] = converted
        for key in kwargs:
            if not any(key in (p.name, _NUMPY_SPELLINGS.get(p.name)) for p in self.parameters):
                raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
        return bound


def bind_native(name, schemas, printed, args, kwargs):
    """The arguments of the first of ``schemas`` that takes the call; PyTorch's TypeError otherwise (the message
    of the one schema, or the list of the ``printed`` overloads)."""
    if len(schemas) == 1:
        return schemas[0].bind(args, kwargs)
    for schema in schemas:
        try:
            return schema.bind(args, kwargs)
        except TypeError:
            continue
    count = len(args) + len(kwargs)
    plausible = [s for s in schemas if sum(not p.has_default for p in s.parameters) <= count <= len(s.parameters)]
    if len(plausible) == 1:  # PyTorch's parser then reports that overload's own complaint
        plausible[0].bind(args, kwargs)
    raise _error(name, tuple(_Overload(text) for text in printed), args, kwargs)
