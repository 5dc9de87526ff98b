"""Names in FX graphs and generated code: node and global names, the printed name of a target, the operator tables.

A node is named after its target (``relu``, ``add_1``, ``layer1_0_conv``) by ``Namespace.create_name`` with
PyTorch's rules: snake case, illegal characters replaced, a ``_<n>`` suffix per base name, never a Python keyword
or builtin (``sum_1``). A function target prints as PyTorch's qualified name: gradlib's public functions as their
torch spelling (``gradlib.relu`` is ``torch.relu``, ``gradlib.nn.functional.relu`` is
``torch.nn.functional.relu``), builtins by name (``getattr``), ``operator.add`` by its module. Generated code runs
with ``torch`` bound to gradlib, so that text is also the code that runs.
"""
import builtins
import keyword
import math
import re
import types

import gradlib

__all__ = ["Namespace", "snake_case", "qualified_name", "pretty_target", "type_repr", "value_repr", "is_from_torch",
           "TorchForCode", "FUNCTIONAL_HOMES",
           "CUSTOM_BUILTINS", "MAGIC_METHODS", "REFLECTABLE_MAGIC_METHODS", "INPLACE_METHODS"]

REFLECTABLE_MAGIC_METHODS = {
    "add": "{} + {}", "sub": "{} - {}", "mul": "{} * {}", "floordiv": "{} // {}", "truediv": "{} / {}",
    "div": "{} / {}", "mod": "{} % {}", "pow": "{} ** {}", "lshift": "{} << {}", "rshift": "{} >> {}",
    "and_": "{} & {}", "or_": "{} | {}", "xor": "{} ^ {}", "getitem": "{}[{}]", "matmul": "{} @ {}"}
MAGIC_METHODS = {
    "eq": "{} == {}", "ne": "{} != {}", "lt": "{} < {}", "gt": "{} > {}", "le": "{} <= {}", "ge": "{} >= {}",
    "pos": "+{}", "neg": "-{}", "invert": "~{}", **REFLECTABLE_MAGIC_METHODS}
INPLACE_METHODS = {
    "iadd": "{} += {}", "iand": "{} &= {}", "ifloordiv": "{} //= {}", "ilshift": "{} <<= {}", "imod": "{} %= {}",
    "imul": "{} *= {}", "imatmul": "{} @= {}", "ior": "{} |= {}", "ipow": "{} **= {}", "irshift": "{} >>= {}",
    "isub": "{} -= {}", "itruediv": "{} /= {}", "ixor": "{} ^= {}", "setitem": "{}[{}] = {}"}

#: ``torch.nn.functional`` functions that are PyTorch's C functions, by the module PyTorch names them under
#: (``F.linear`` is ``torch._C._nn.linear``, ``F.conv2d`` is ``torch.conv2d``): graphs print them so
FUNCTIONAL_HOMES = {
    **dict.fromkeys(("avg_pool2d", "avg_pool3d", "elu_", "gelu", "hardtanh_", "leaky_relu_", "linear", "logsigmoid",
                     "one_hot", "scaled_dot_product_attention", "softplus", "softshrink"), "torch._C._nn"),
    **dict.fromkeys(("adaptive_avg_pool1d", "avg_pool1d", "bilinear", "celu_", "channel_shuffle", "conv1d", "conv2d",
                     "conv3d", "conv_tbc", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                     "cosine_similarity", "hardshrink", "native_channel_shuffle", "pairwise_distance", "pdist",
                     "pixel_shuffle", "pixel_unshuffle", "prelu", "relu_", "rrelu_", "selu_", "threshold_"),
                    "torch")}


class _CForCode:
    """``torch._C`` in generated code: ``_nn`` is gradlib's ``nn.functional``, the rest ``gradlib._C``."""

    def __getattr__(self, name):
        if name == "_nn":
            return gradlib.nn.functional
        return getattr(gradlib._C, name)


class TorchForCode:
    """``torch`` in generated code: gradlib, where PyTorch's spellings of its C functional ops (``torch.conv2d``,
    ``torch._C._nn.linear``) reach gradlib's ``nn.functional`` functions of those names."""

    _C = _CForCode()

    def __getattr__(self, name):
        try:
            return getattr(gradlib, name)
        except AttributeError:
            if FUNCTIONAL_HOMES.get(name) == "torch":
                return getattr(gradlib.nn.functional, name)
            raise

    def __repr__(self):
        return repr(gradlib)


#: names every generated program has (PyTorch's custom builtins): ``torch`` is gradlib
CUSTOM_BUILTINS = {"inf": math.inf, "nan": math.nan, "NoneType": type(None), "torch": TorchForCode(),
                   "device": gradlib.device}

_ILLEGAL_NAMES = {name: object() for name in keyword.kwlist}
_ILLEGAL_NAMES.update(builtins.__dict__)
_ILLEGAL_NAMES.update(CUSTOM_BUILTINS)

_SNAKE = re.compile(r"(?<=[a-z])([A-Z])")
_ILLEGAL_CHARS = re.compile("[^0-9a-zA-Z_]+")
_NAME = re.compile(r"^([a-zA-Z_][0-9a-zA-Z_]*?)(?:_(\d+))?$")


def snake_case(name):
    """``pascalCase`` -> ``pascal_case``, ``ALL_CAPS`` -> ``all_caps`` (PyTorch's ``_snake_case``)."""
    return _SNAKE.sub(r"_\1", name).lower()


class Namespace:
    """Unique names, one per object: a name never repeats and never shadows a builtin it does not denote."""

    def __init__(self):
        self._obj_to_name = {}
        self._used_names = set()
        self._base_count = {}

    def create_name(self, candidate, obj):
        if obj is not None and obj in self._obj_to_name:
            return self._obj_to_name[obj]
        match = _NAME.match(candidate)
        if match is None:
            candidate = _ILLEGAL_CHARS.sub("_", candidate) or "_unnamed"
            if candidate[0].isdigit():
                candidate = f"_{candidate}"
            match = _NAME.match(candidate)
        base, num = match.group(1, 2)
        if num is None or candidate in self._used_names:
            num = self._base_count.get(base, 0)
            if _ILLEGAL_NAMES.get(candidate, obj) is not obj:
                num += 1
                candidate = f"{base}_{num}"
        else:
            num = int(num)
        while candidate in self._used_names:
            num += 1
            candidate = f"{base}_{num}"
        self._used_names.add(candidate)
        self._base_count[base] = num
        if obj is not None:
            self._obj_to_name[obj] = candidate
        return candidate

    def associate_name_with_obj(self, name, obj):
        self._obj_to_name.setdefault(obj, name)

    def rename_object(self, obj, name):
        self._obj_to_name[obj] = name
        self._used_names.add(name)


def _torch_module_name(module):
    """gradlib's module names read as PyTorch's (``gradlib.nn.functional`` -> ``torch.nn.functional``)."""
    if module == "gradlib" or module.startswith("gradlib."):
        return "torch" + module[len("gradlib"):]
    return module


def is_from_torch(obj):
    """Whether generated code reaches ``obj`` through ``torch`` (a gradlib public function or class)."""
    module = getattr(obj, "__module__", None)
    if not isinstance(module, str):
        return False
    module = _torch_module_name(module)
    return (module == "torch" or module.startswith("torch.")) and not module.startswith(("torch._dynamo",
                                                                                         "torch._inductor"))


def qualified_name(func):
    """PyTorch's ``_get_qualified_name``: ``getattr``, ``torch.Tensor.add``, ``torch.relu``, ``operator.add``."""
    name = func.__name__
    if getattr(builtins, name, None) is func:
        return name
    if getattr(gradlib.Tensor, name, None) is func and isinstance(func, types.FunctionType):
        return f"torch.Tensor.{name}"
    module = getattr(func, "__module__", None)
    if module is None:
        raise RuntimeError(f"cannot find module for {func}")
    if module == "gradlib.nn.functional" and name in FUNCTIONAL_HOMES:
        return f"{FUNCTIONAL_HOMES[name]}.{name}"
    return f"{_torch_module_name(module)}.{name}"


def pretty_target(target):
    """A target as ``print(graph)`` shows it: names as they are, ``builtins.getattr``, ``operator.add``, else the
    qualified name."""
    if isinstance(target, str):
        return target
    module = getattr(target, "__module__", None)
    name = getattr(target, "__name__", None)
    if module == "builtins" and name is not None:
        return f"builtins.{name}"
    if module == "_operator" and name is not None:
        return f"operator.{name}"
    return qualified_name(target)


def value_repr(value, text):
    """``text`` (the ``repr`` or ``str`` of ``value``) with gradlib's dtypes, memory formats and layouts spelled
    as PyTorch's (``torch.float32``), so that generated code names them through ``torch``."""
    if isinstance(value, (gradlib.dtype, gradlib.memory_format, gradlib.layout)) and text.startswith("gradlib."):
        return "torch." + text[len("gradlib."):]
    return text


def type_repr(obj):
    """PyTorch's ``_type_repr``: a class as ``module.Qualname`` (builtins bare), a function by name, else repr."""
    if isinstance(obj, type) and not isinstance(obj, types.GenericAlias):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return f"{_torch_module_name(obj.__module__)}.{obj.__qualname__}"
    if obj is ...:
        return "..."
    if isinstance(obj, types.FunctionType):
        return obj.__name__
    return repr(obj)
