"""Containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict."""
import collections.abc
import itertools
import operator
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

    def _key_at(self, index):
        """The name of the child at position ``index`` (PyTorch's IndexError when out of range)."""
        size = len(self._modules)
        index = operator.index(index)
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of range")
        return next(itertools.islice(self._modules, index % size, None))

    def __getitem__(self, index):
        """A child by position, or for a slice a new Sequential of those children under their own names (as
        PyTorch: ``model[:3]`` of a model built with ``add_module('conv_1', ...)`` keeps ``conv_1``)."""
        if isinstance(index, slice):
            return self.__class__(OrderedDict(list(self._modules.items())[index]))
        return self._modules[self._key_at(index)]

    def __setitem__(self, index, module):
        """Replace the module at ``index`` (PyTorch's rules: a Module, or TypeError)."""
        setattr(self, self._key_at(index), module)

    def __delitem__(self, index):
        """Remove the child (or the children of a slice); the rest are renumbered 0, 1, ... as in PyTorch."""
        keys = list(self._modules)[index] if isinstance(index, slice) else [self._key_at(index)]
        for key in keys:
            delattr(self, key)
        self._modules = OrderedDict((str(number), module) for number, module in enumerate(self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __dir__(self):
        return _without_digits(super().__dir__())

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def extend(self, sequential):
        for module in sequential:
            self.append(module)
        return self

    def insert(self, index, module):
        """Put ``module`` at position ``index`` (the later ones move up by one; -len <= index <= len)."""
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        size = len(self._modules)
        if not -size <= index <= size:
            raise IndexError(f"Index out of range: {index}")
        index = index + size if index < 0 else index
        for position in range(size, index, -1):
            self._modules[str(position)] = self._modules[str(position - 1)]
        self._modules[str(index)] = module
        return self

    def pop(self, key):
        module = self[key]
        del self[key]
        return module

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError(f"add operator supports only objects of Sequential class, but {type(other)} is given.")
        return Sequential().extend(self).extend(other)

    def __iadd__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError(f"add operator supports only objects of Sequential class, but {type(other)} is given.")
        return self.extend(list(other))

    def _check_factor(self, other):
        if not isinstance(other, int):
            raise TypeError(f"unsupported operand type(s) for *: {type(self)} and {type(other)}")
        if other <= 0:
            raise ValueError(f"Non-positive multiplication factor {other} for {type(self)}")

    def __mul__(self, other):
        """The children repeated ``other`` times (the same module objects), numbered 0, 1, ..."""
        self._check_factor(other)
        combined = Sequential()
        for _ in range(other):
            combined.extend(self)
        return combined

    def __rmul__(self, other):
        return self.__mul__(other)

    def __imul__(self, other):
        self._check_factor(other)
        return self.extend(list(self) * (other - 1))


def _index_key(container, index):
    """The registered name of the entry at position ``index`` of a list container (PyTorch's IndexError)."""
    index = operator.index(index)
    size = len(container)
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of range")
    return str(index + size if index < 0 else index)


def _runs_repr(container, reprs):
    """PyTorch's ModuleList printing: runs of entries with the same repr print once, ``(0-2): 3 x Linear(...)``."""
    if not reprs:
        return type(container).__name__ + "()"
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
    return type(container).__name__ + "(\n  " + "\n  ".join(lines) + "\n)"


def _without_digits(names):
    return [name for name in names if not name.isdigit()]


class ModuleList(Module):
    """A list of modules, registered as ``'0'``, ``'1'``, ... so that their parameters are found. Mirrors
    ``torch.nn.ModuleList``: indexing (IndexError out of range, TypeError for a non-integer), slices (a new
    ModuleList), ``append``, ``extend`` (TypeError for a non-iterable), ``insert``, ``pop``, ``del`` (the rest
    renumbered), ``+`` (a new ModuleList of both), ``+=``; an entry that is not a Module raises TypeError.

    >>> import gradlib
    >>> layers = gradlib.nn.ModuleList([gradlib.nn.Linear(2, 2) for _ in range(3)])
    >>> layers.append(gradlib.nn.ReLU())
    ModuleList(
      (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)
      (3): ReLU()
    )
    >>> type(layers[-1]).__name__, len(layers[1:])
    ('ReLU', 3)
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self += modules

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.__class__(list(self._modules.values())[index])
        return self._modules[_index_key(self, index)]

    def __setitem__(self, index, module):
        setattr(self, _index_key(self, index), module)

    def __delitem__(self, index):
        if isinstance(index, slice):
            for position in range(len(self._modules))[index]:
                delattr(self, str(position))
        else:
            delattr(self, _index_key(self, index))
        self._modules = OrderedDict((str(position), module) for position, module in enumerate(self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        combined = ModuleList()
        for position, module in enumerate(itertools.chain(self, other)):
            combined.add_module(str(position), module)
        return combined

    def __repr__(self):
        return _runs_repr(self, [repr(module) for module in self])

    def __dir__(self):
        return _without_digits(super().__dir__())

    def insert(self, index, module):
        """Put ``module`` before position ``index``, moving the later ones up (PyTorch's: no checks)."""
        for position in range(len(self._modules), index, -1):
            self._modules[str(position)] = self._modules[str(position - 1)]
        self._modules[str(index)] = module

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def pop(self, key):
        module = self[key]
        del self[key]
        return module

    def extend(self, modules):
        if not isinstance(modules, collections.abc.Iterable):
            raise TypeError("ModuleList.extend should be called with an iterable, but got " + type(modules).__name__)
        offset = len(self)
        for position, module in enumerate(modules):
            self.add_module(str(offset + position), module)
        return self


def _check_pairs(kind, pairs):
    """The (key, value) pairs of an ``update`` argument that is no mapping, with PyTorch's errors."""
    checked = []
    for position, pair in enumerate(pairs):
        if not isinstance(pair, collections.abc.Iterable):
            raise TypeError(f"{kind} update sequence element #{position} should be Iterable; is"
                            + type(pair).__name__)
        if len(pair) != 2:
            raise ValueError(f"{kind} update sequence element #{position} has length {len(pair)}; 2 is required")
        checked.append((pair[0], pair[1]))
    return checked


class ModuleDict(Module):
    """A dict of modules, registered under their keys so that their parameters are found, in insertion order
    (a dict's, an OrderedDict's or pairs'). Mirrors ``torch.nn.ModuleDict``: ``update``, ``pop``, ``clear``,
    ``keys``/``values``/``items``; a key that is no string, is empty or holds a dot raises PyTorch's error, and so
    does a value that is not a Module.

    >>> import gradlib
    >>> heads = gradlib.nn.ModuleDict({"b": gradlib.nn.ReLU(), "a": gradlib.nn.Tanh()})
    >>> list(heads), type(heads["a"]).__name__
    (['b', 'a'], 'Tanh')
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

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

    def clear(self):
        self._modules.clear()

    def pop(self, key):
        module = self[key]
        del self[key]
        return module

    def keys(self):
        return self._modules.keys()

    def items(self):
        return self._modules.items()

    def values(self):
        return self._modules.values()

    def update(self, modules):
        """Add or replace modules from a mapping (its order), a ModuleDict, or an iterable of (key, module)."""
        if not isinstance(modules, collections.abc.Iterable):
            raise TypeError("ModuleDict.update should be called with an iterable of key/value pairs, but got "
                            + type(modules).__name__)
        if isinstance(modules, (OrderedDict, ModuleDict, collections.abc.Mapping)):
            pairs = list(modules.items())
        else:
            pairs = _check_pairs("ModuleDict", modules)
        for key, module in pairs:
            self[key] = module


def _entry_line(key, value, type_name):
    """A ParameterList/ParameterDict entry as PyTorch prints it: the dtype (ParameterList) or the legacy type name
    (``type_name``: ParameterDict), and the device off the CPU."""
    if not isinstance(value, Tensor):
        return f"  ({key}): Object of type: {type(value).__name__}"
    size = "x".join(str(n) for n in value.shape)
    device = "" if value.device.type == "cpu" else f" ({value.device})"
    kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
    kind_of_data = value.type() if type_name else value.dtype
    return f"  ({key}): {kind} containing: [{kind_of_data} of size {size}{device}]"


def _as_parameter(value):
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


class ParameterList(Module):
    """A list of Parameters, registered as ``'0'``, ``'1'``, ... (a plain tensor is wrapped in a Parameter; other
    values are kept as they are). Mirrors ``torch.nn.ParameterList``: indexing (IndexError out of range), slices
    (a new ParameterList), assignment, ``append``, ``extend`` (TypeError for a non-iterable or a tensor), ``+=``.

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
            self += values

    def __len__(self):
        return self._size

    def __getitem__(self, index):
        if isinstance(index, slice):
            sliced = self.__class__()
            for position in range(*index.indices(len(self))):
                sliced.append(self[position])
            return sliced
        return getattr(self, _index_key(self, index))

    def __setitem__(self, index, param):
        setattr(self, _index_key(self, index), _as_parameter(param))

    def __iter__(self):
        return iter(self[position] for position in range(len(self)))

    def __iadd__(self, parameters):
        return self.extend(parameters)

    def __dir__(self):
        return _without_digits(super().__dir__())

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")

    def append(self, value):
        position = len(self)
        object.__setattr__(self, "_size", position + 1)
        self[position] = value
        return self

    def extend(self, values):
        if not isinstance(values, collections.abc.Iterable) or isinstance(values, Tensor):
            raise TypeError("ParameterList.extend should be called with an iterable, but got "
                            + type(values).__name__)
        for value in values:
            self.append(value)
        return self

    def extra_repr(self):
        return "\n".join(_entry_line(position, value, False) for position, value in enumerate(self))


class ParameterDict(Module):
    """A dict of Parameters registered under their (string) keys (a plain tensor is wrapped in a Parameter; other
    values are kept as they are). Mirrors ``torch.nn.ParameterDict``, with its order: a plain dict (any mapping
    but an OrderedDict or ParameterDict) given to the constructor or ``update`` is added in sorted key order;
    an OrderedDict, a ParameterDict or (key, value) pairs in their own order. ``|``, ``|=``, ``setdefault``,
    ``fromkeys``, ``pop``, ``popitem``, ``get``, ``copy``, ``clear``; a key that is no string raises PyTorch's
    TypeError.

    >>> import gradlib
    >>> params = gradlib.nn.ParameterDict({"shift": gradlib.zeros(2), "scale": gradlib.ones(2)})
    >>> list(params.keys())
    ['scale', 'shift']
    >>> params["bias"] = gradlib.zeros(1)
    >>> [name for name, _ in params.named_parameters()]
    ['scale', 'shift', 'bias']
    """

    def __init__(self, parameters=None):
        super().__init__()
        object.__setattr__(self, "_keys", {})  # insertion-ordered: the keys' order
        if parameters is not None:
            self.update(parameters)

    @staticmethod
    def _attribute(key):
        if not isinstance(key, str):
            raise TypeError(f"Index given to ParameterDict cannot be used as a key as it is not a string (type is "
                            f"'{type(key).__name__}'). Open an issue on github if you need non-string keys.")
        return key

    def __getitem__(self, key):
        return getattr(self, self._attribute(key))

    def __setitem__(self, key, value):
        self._keys[key] = None  # before the key's check, as PyTorch's
        setattr(self, self._attribute(key), _as_parameter(value))

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, self._attribute(key))

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(list(self._keys))

    def __contains__(self, key):
        return key in self._keys

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterDict should not be called.")

    def copy(self):
        """A new ParameterDict holding the same values (not copies), in this order."""
        return ParameterDict(OrderedDict((key, self[key]) for key in self._keys))

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self):
        for key in list(self._keys):
            del self[key]

    def pop(self, key):
        value = self[key]
        del self[key]
        return value

    def popitem(self):
        """Remove and return the last (key, value); KeyError when empty."""
        if not self._keys:
            raise KeyError("popitem(): dictionary is empty")
        key = next(reversed(self._keys))
        value = self[key]
        del self[key]
        return key, value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def fromkeys(self, keys, default=None):
        """A new ParameterDict with ``keys``, each holding ``default``."""
        return ParameterDict((key, default) for key in keys)

    def keys(self):
        return self._keys.keys()

    def items(self):
        return ((key, self[key]) for key in self._keys)

    def values(self):
        return (self[key] for key in self._keys)

    def update(self, parameters):
        """Add or replace entries: from an OrderedDict or ParameterDict in its order, from another mapping in
        sorted key order, from an iterable of (key, value) pairs in its order."""
        if not isinstance(parameters, collections.abc.Iterable):
            raise TypeError("ParametersDict.update should be called with an iterable of key/value pairs, but got "
                            + type(parameters).__name__)
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            pairs = list(parameters.items())
        elif isinstance(parameters, collections.abc.Mapping):
            pairs = sorted(parameters.items())
        else:
            pairs = _check_pairs("ParameterDict", parameters)
        for key, value in pairs:
            self[key] = value

    def __or__(self, other):
        combined = self.copy()
        combined.update(other)
        return combined

    def __ror__(self, other):
        combined = other.copy()
        combined.update(self)
        return combined

    def __ior__(self, other):
        self.update(other)
        return self

    def extra_repr(self):
        return "\n".join(_entry_line(key, value, True) for key, value in self.items())
