"""``torch.ops``: the namespaces of operators defined with ``gradlib.library`` (``torch.ops.mylib.crop``).

A namespace (``_OpNamespace``) exists once an operator is defined in it (PyTorch makes one on first access, for
any name); its attributes are the ``OpOverloadPacket`` of each operator defined in it, whose ``default`` is the
``OpOverload``. Calling either calls the operator. ``gradlib.ops`` (the package of built-in op nodes) hands out
namespaces through its module ``__getattr__``, so ``torch.ops.<ns>`` works under ``gradlib.run``. This module
knows nothing else of gradlib.

>>> import gradlib
>>> @gradlib.library.custom_op("docs_ns::twice", mutates_args=())
... def twice(x: gradlib.Tensor) -> gradlib.Tensor:
...     return 2 * x
>>> gradlib.ops.docs_ns
<module 'gradlib.ops.docs_ns' from 'gradlib.ops'>
>>> gradlib.ops.docs_ns.thrice
Traceback (most recent call last):
  ...
AttributeError: '_OpNamespace' 'docs_ns' object has no attribute 'thrice'
"""
import types

_NAMESPACES = {}


class _OpNamespace(types.ModuleType):
    """``torch.ops.<ns>``: one attribute per operator defined in namespace ``<ns>``."""

    def __init__(self, name):
        super().__init__("gradlib.ops." + name)
        self.name = name
        self.__file__ = "gradlib.ops"
        self._packets = {}

    def __getattr__(self, op_name):
        if op_name.startswith("__"):
            raise AttributeError(op_name)
        try:
            return self._packets[op_name]
        except KeyError:
            raise AttributeError(f"'_OpNamespace' '{self.name}' object has no attribute '{op_name}'") from None

    def __iter__(self):
        return iter(self._packets)


class OpOverload:
    """``torch.ops.<ns>.<name>.default``: one overload of an operator; calling it runs the operator.

    ``name()`` is ``"ns::name"``, ``_schema`` the schema (printed as ``ns::name(Tensor x) -> Tensor``)."""

    def __init__(self, namespace, name, schema, call):
        self._namespace, self._opname, self._overloadname = namespace, name, "default"
        self._schema = schema
        self._call = call
        self.__name__ = f"{name}.default"
        self.__qualname__ = self.__name__

    def name(self):
        return f"{self._namespace}::{self._opname}"

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def __repr__(self):
        return f"<OpOverload(op='{self._namespace}.{self._opname}', overload='default')>"

    def __str__(self):
        return f"{self._namespace}.{self._opname}.default"


class OpOverloadPacket:
    """``torch.ops.<ns>.<name>``: the operator with all its overloads (here one, ``default``)."""

    def __init__(self, overload):
        self.default = overload
        self._qualified_op_name = overload.name()
        self.__name__ = overload._opname
        self._schema = overload._schema

    def overloads(self):
        return ["default"]

    def __call__(self, *args, **kwargs):
        return self.default(*args, **kwargs)

    def __repr__(self):
        return f"<OpOverloadPacket(op='{self.default._namespace}.{self.default._opname}')>"

    def __str__(self):
        return f"{self.default._namespace}.{self.default._opname}"


def namespace(name):
    """The namespace ``name``, made on first use."""
    found = _NAMESPACES.get(name)
    if found is None:
        found = _NAMESPACES[name] = _OpNamespace(name)
    return found


def defined(name):
    """The namespace ``name`` if an operator was defined in it, else None."""
    return _NAMESPACES.get(name)


def register(overload):
    """Make ``overload`` reachable as ``torch.ops.<ns>.<name>`` (replacing an earlier definition)."""
    packet = OpOverloadPacket(overload)
    namespace(overload._namespace)._packets[overload._opname] = packet
    return packet
