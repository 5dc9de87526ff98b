"""Containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict."""
from collections import OrderedDict

from ..._tensor import Tensor
from ..parameter import Parameter
from .module import Module

__all__ = ["Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"]


class Sequential(Module):
    """Modules applied one after another.

    >>> import gradlib
    >>> gradlib.nn.Sequential(gradlib.nn.Linear(2, 3), gradlib.nn.ReLU())
    Sequential(
      (0): Linear(in_features=2, out_features=3, bias=True)
      (1): ReLU()
    )
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for index, module in enumerate(args):
                self.add_module(str(index), module)

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, index):
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return Sequential(*modules[index])
        return modules[index]

    def __setitem__(self, index, module):
        """Replace the module at ``index`` (PyTorch's rules: a Module, or TypeError)."""
        size = len(self._modules)
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of range")
        key = list(self._modules)[index % size]
        setattr(self, key, module)

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self


class ModuleList(Module):
    """A list of modules, registered so their parameters are found."""

    def __init__(self, modules=None):
        super().__init__()
        for module in modules or ():
            self.append(module)

    def append(self, module):
        self.add_module(str(len(self._modules)), module)
        return self

    def extend(self, modules):
        for module in modules:
            self.append(module)
        return self

    def __getitem__(self, index):
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return ModuleList(modules[index])
        return modules[index]

    def __setitem__(self, index, module):
        key = list(self._modules)[index]
        self._modules[key] = module

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __repr__(self):
        """PyTorch's: runs of modules with the same repr print once, as ``(0-2): 3 x Linear(...)``."""
        reprs = [repr(module) for module in self]
        if not reprs:
            return type(self).__name__ + "()"
        runs = []  # [first index, last index, repr]
        for index, text in enumerate(reprs):
            if runs and runs[-1][2] == text:
                runs[-1][1] = index
            else:
                runs.append([index, index, text])
        lines = []
        for first, last, text in runs:
            label = f"({first}): {text}" if first == last else f"({first}-{last}): {last - first + 1} x {text}"
            lines.append(label.replace("\n", "\n  "))
        return type(self).__name__ + "(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """A dict of modules, registered so their parameters are found."""

    def __init__(self, modules=None):
        super().__init__()
        for name, module in (modules or {}).items():
            self.add_module(name, module)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        return self._modules.keys()

    def values(self):
        return self._modules.values()

    def items(self):
        return self._modules.items()


def _parameter_line(param):
    size = "x".join(str(n) for n in param.shape)
    device = "" if param.device.type == "cpu" else f" ({param.device})"
    return f"Parameter containing: [{param.dtype} of size {size}{device}]"


_LEGACY_NAMES = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
                 "bfloat16": "BFloat16Tensor", "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor",
                 "int8": "CharTensor", "uint8": "ByteTensor", "bool": "BoolTensor"}


def _legacy_type(param):
    name = _LEGACY_NAMES.get(str(param.dtype).split(".")[-1], "Tensor")
    return f"gradlib.{name}" if param.device.type == "cpu" else f"gradlib.cuda.{name}"


def _as_parameter(value):
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


class ParameterList(Module):
    """A list of Parameters, registered as ``'0'``, ``'1'``, ... (plain tensors are wrapped in Parameter).
    Mirrors ``torch.nn.ParameterList``.

    >>> import gradlib
    >>> params = gradlib.nn.ParameterList([gradlib.nn.Parameter(gradlib.ones(2, 3, device="cpu"))])
    >>> params.append(gradlib.zeros(2, device="cpu"))
    ParameterList(
        (0): Parameter containing: [gradlib.float32 of size 2x3]
        (1): Parameter containing: [gradlib.float32 of size 2]
    )
    >>> len(list(params.parameters()))
    2
    """

    def __init__(self, values=None):
        super().__init__()
        object.__setattr__(self, "_size", 0)
        if values is not None:
            self.extend(values)

    def __len__(self):
        return self._size

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ParameterList([self[i] for i in range(len(self))[index]])
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"index {index} is out of range")
        return getattr(self, str(index))

    def __setitem__(self, index, param):
        if index < 0:
            index += len(self)
        setattr(self, str(index), _as_parameter(param))

    def __iter__(self):
        return iter(self[i] for i in range(len(self)))

    def __iadd__(self, parameters):
        return self.extend(parameters)

    def append(self, value):
        index = len(self)
        object.__setattr__(self, "_size", index + 1)
        self[index] = value
        return self

    def extend(self, values):
        for value in values:
            self.append(value)
        return self

    def __repr__(self):
        lines = [f"  ({index}): {_parameter_line(param)}" for index, param in enumerate(self)]
        if not lines:
            return "ParameterList()"
        if len(lines) == 1:  # PyTorch's Module.__repr__ keeps a one-line extra_repr on the first line
            return "ParameterList(" + lines[0] + ")"
        return "ParameterList(\n  " + "\n  ".join(lines) + "\n)"


class ParameterDict(Module):
    """A dict of Parameters registered under their keys (plain tensors are wrapped in Parameter). Mirrors
    ``torch.nn.ParameterDict``.

    >>> import gradlib
    >>> params = gradlib.nn.ParameterDict({"scale": gradlib.nn.Parameter(gradlib.ones(2))})
    >>> params["shift"] = gradlib.zeros(2)
    >>> list(params.keys()), [name for name, _ in params.named_parameters()]
    (['scale', 'shift'], ['scale', 'shift'])
    """

    def __init__(self, parameters=None):
        super().__init__()
        object.__setattr__(self, "_keys", [])
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        if key not in self._keys:
            self._keys.append(key)
        setattr(self, key, _as_parameter(value))

    def __delitem__(self, key):
        self._keys.remove(key)
        delattr(self, key)

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(list(self._keys))

    def __contains__(self, key):
        return key in self._keys

    def keys(self):
        return list(self._keys)

    def items(self):
        return [(key, self[key]) for key in self._keys]

    def values(self):
        return [self[key] for key in self._keys]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def pop(self, key):
        value = self[key]
        del self[key]
        return value

    def update(self, parameters):
        items = parameters.items() if hasattr(parameters, "items") else parameters
        for key, value in items:
            self[key] = value

    def extra_repr(self):
        return "\n".join(f"  ({key}): Parameter containing: [{_legacy_type(value)} of size "
                         f"{'x'.join(str(n) for n in value.shape)}]" for key, value in self.items())
