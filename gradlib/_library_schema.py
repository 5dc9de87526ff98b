"""Operator schemas inferred from type annotations (``torch.library.infer_schema``, PyTorch's rules).

Parameter types: ``Tensor`` -> ``Tensor``, ``int`` -> ``SymInt``, ``float``, ``bool``, ``str``,
``Union[int, float, bool]`` -> ``Scalar``, ``dtype`` -> ``ScalarType``, ``device`` -> ``Device``; ``Optional[T]``
-> ``T?``; ``Sequence[T]`` / ``List[T]`` / ``list[T]`` -> ``T[]`` (Tensor, int, float, bool, Scalar, and
``Optional[Tensor]`` -> ``Tensor?[]``); ``Optional[Sequence[T]]`` -> ``T[]?`` (int, float, bool). Returns:
``Tensor``, ``List[Tensor]``, ``int``, ``float``, ``bool``, ``None`` -> ``()`` and tuples of them. A mutated
Tensor argument ``x`` at position ``i`` is written ``Tensor(ai!) x``. Every error is PyTorch's ValueError
``infer_schema(func): ... Got func with signature ...)``.
"""
import collections.abc
import inspect
import re
import typing

from . import dtypes
from ._tensor import Tensor
from .device import device as _device

#: ScalarType numbers of dtype defaults (c10's enum order)
_SCALAR_TYPE_NUMBERS = {"uint8": 0, "int8": 1, "int16": 2, "int32": 3, "int64": 4, "float16": 5, "float32": 6,
                        "float64": 7, "complex64": 9, "complex128": 10, "bool": 11, "bfloat16": 15}


def _sequences(t):
    return [typing.Sequence[t], typing.List[t], collections.abc.Sequence[t], list[t]]


def _param_types():
    scalar = typing.Union[int, float, bool]
    table = {}
    for base, name, optional_list in ((Tensor, "Tensor", False), (int, "SymInt", True), (float, "float", True),
                                      (bool, "bool", True), (str, "str", None), (scalar, "Scalar", False),
                                      (dtypes.dtype, "ScalarType", None), (_device, "Device", None)):
        table[base] = name
        table[typing.Optional[base]] = name + "?"
        if optional_list is None:
            continue
        for sequence in _sequences(base):
            table[sequence] = name + "[]"
            if optional_list:
                table[typing.Optional[sequence]] = name + "[]?"
        if base is Tensor:
            for sequence in _sequences(typing.Optional[Tensor]):
                table[sequence] = "Tensor?[]"
    return table


def _return_types():
    table = {Tensor: "Tensor", typing.List[Tensor]: "Tensor[]", list[Tensor]: "Tensor[]", int: "SymInt",
             float: "float", bool: "bool"}
    return table


_PARAM_TYPES = None
_RETURN_TYPES = None


def _tables():
    global _PARAM_TYPES, _RETURN_TYPES
    if _PARAM_TYPES is None:
        _PARAM_TYPES, _RETURN_TYPES = _param_types(), _return_types()
    return _PARAM_TYPES, _RETURN_TYPES


def _default_text(value, error):
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dtypes.dtype):
        return str(value).rpartition(".")[2]
    error(f"Parameter has an unsupported default value type {type(value)}. Please file an issue on GitHub so we "
          "can prioritize this.")


def _annotation(annotation, func, error):
    if isinstance(annotation, str):
        try:
            return eval(annotation, getattr(func, "__globals__", {}))  # PyTorch evaluates them so too
        except Exception as failure:
            error(f"Unsupported type annotation {annotation}. It is not a type. ({failure}).")
    return annotation


def infer_schema(prototype_function, /, *, mutates_args, op_name=None):
    """The schema string of ``prototype_function`` from its annotations (``torch.library.infer_schema``).

    ``mutates_args``: the names of the Tensor arguments the function writes to, or ``"unknown"``. With
    ``op_name`` the schema starts with it.

    Raises ValueError (PyTorch's messages) for a parameter without annotation, an unsupported type or default, a
    missing return annotation, ``*args``/``**kwargs``, or a ``mutates_args`` name not in the signature.

    >>> import gradlib
    >>> def crop(pic: gradlib.Tensor, box: list[int], scale: float = 1.0) -> gradlib.Tensor: ...
    >>> gradlib.library.infer_schema(crop, mutates_args=())
    '(Tensor pic, SymInt[] box, float scale=1.0) -> Tensor'
    """
    signature = inspect.signature(prototype_function)
    param_types, return_types = _tables()

    def error(what):
        raise ValueError(f"infer_schema(func): {what} Got func with signature {signature})")

    params = []
    seen_kwarg_only = False
    for index, (name, param) in enumerate(signature.parameters.items()):
        if param.kind not in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
            error("We don't support varargs or varkwargs; please rewrite the function to not use them.")
        if param.annotation is inspect.Parameter.empty:
            error(f"Parameter {name} must have a type annotation.")
        annotation = _annotation(param.annotation, prototype_function, error)
        if annotation not in param_types:
            error(f"Parameter {name} has unsupported type {annotation}. The valid types are: "
                  f"{param_types.keys()}.")
        schema_type = param_types[annotation]
        if mutates_args == "unknown" or name in mutates_args:
            if not schema_type.startswith("Tensor"):
                error(f"Parameter {name} is in mutable_args but only Tensors or collections of Tensors can be "
                      "mutated")
            schema_type = f"Tensor(a{index}!){schema_type[len('Tensor'):]}"
        if param.kind == param.KEYWORD_ONLY and not seen_kwarg_only:
            params.append("*")
            seen_kwarg_only = True
        if param.default is inspect.Parameter.empty:
            params.append(f"{schema_type} {name}")
        else:
            default = _default_text(param.default, lambda what: error(what.replace(
                "Parameter has", f"Parameter {name} has")))
            params.append(f"{schema_type} {name}={default}")
    if mutates_args != "unknown":
        missing = set(mutates_args) - set(signature.parameters)
        if missing:
            error(f"{missing} in mutates_args were not found in the custom op's signature. mutates_args should "
                  "contain the names of all args that the custom op mutates, or just the string 'unknown' if "
                  "you don't know.")
    returns = _returns(signature.return_annotation, prototype_function, return_types, error)
    return f"{op_name or ''}({', '.join(params)}) -> {returns}"


def registered_form(schema):
    """The schema as a registered operator prints it: dtype defaults as ScalarType numbers (``dt=6``)."""
    return re.sub(r"(ScalarType\?? \w+)=(\w+)",
                  lambda match: f"{match[1]}={_SCALAR_TYPE_NUMBERS.get(match[2], match[2])}", schema)


def _returns(annotation, func, return_types, error):
    if annotation is inspect.Signature.empty:
        error("No return type annotation was provided. Please add one.")
    annotation = _annotation(annotation, func, error)
    if annotation is None or annotation is type(None):
        return "()"
    if typing.get_origin(annotation) is tuple:
        items = typing.get_args(annotation)
        return "(" + ", ".join(_one_return(item, return_types, error) for item in items) + ")"
    return _one_return(annotation, return_types, error)


def _one_return(annotation, return_types, error):
    if annotation not in return_types:
        error(f"Return has unsupported type {annotation}. The valid types are: {return_types}.")
    return return_types[annotation]
