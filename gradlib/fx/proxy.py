"""``torch.fx.Proxy``: the stand-in value a trace passes through a program, recording what touches it.

Operators (``x + 1``, ``-x``, ``x[0]``), attribute reads (``x.shape``: an ``Attribute`` that becomes a
``getattr`` node only when used) and method calls (``x.relu()``: ``call_method``) are Proxy methods;
``gradlib.relu(x)``, ``F.relu(x)`` and Tensor methods called with a Proxy reach ``Proxy.__torch_function__``
through gradlib's ``__torch_function__`` protocol (``gradlib._torch_function``) and record ``call_function`` with
the public function as target, or ``call_method``. Control flow on a Proxy (``bool``, ``len``, iteration other
than unpacking) raises PyTorch's ``TraceError``/``RuntimeError``.
"""
import dis
import enum
import inspect
import operator
import sys
from bisect import bisect_left

from .. import _torch_function
from . import _names
from .node import Node, base_types, map_aggregate

__all__ = ["TraceError", "TracerBase", "GraphAppendingTracer", "Proxy", "Attribute", "ParameterProxy"]


class TraceError(ValueError):
    """Raised when a traced program needs a value a Proxy does not have (control flow, iteration)."""




class TracerBase:
    """What records nodes: ``create_proxy`` turns an operation on Proxies into a node and a new Proxy."""

    graph = None
    record_stack_traces = False
    check_mutable_operations = False
    trace_asserts = False
    proxy_buffer_attributes = False
    traced_func_name = "forward"
    scope = None
    module_stack = None

    def create_node(self, kind, target, args, kwargs, name=None, type_expr=None):
        """Add one node to ``self.graph`` (with the module stack it was made under in ``meta``)."""
        node = self.graph.create_node(kind, target, args, kwargs, name, type_expr)
        if self.module_stack:
            node.meta["nn_module_stack"] = self.module_stack.copy()
        return node

    def proxy(self, node):
        return Proxy(node, self)

    def create_proxy(self, kind, target, args, kwargs, name=None, type_expr=None, proxy_factory_fn=None):
        """A node for ``target`` called on ``args``/``kwargs`` (Proxies replaced by their nodes), as a Proxy."""
        args_ = self.create_arg(args)
        kwargs_ = self.create_arg(kwargs)
        node = self.create_node(kind, target, args_, kwargs_, name, type_expr)
        return self.proxy(node) if proxy_factory_fn is None else proxy_factory_fn(node)

    def create_arg(self, a):
        """An argument as a node may hold it: Proxies as their nodes, containers rebuilt, constants kept."""
        if isinstance(a, Proxy):
            return a.node
        if hasattr(a, "__fx_create_arg__"):
            return a.__fx_create_arg__(self)
        if isinstance(a, tuple) and hasattr(a, "_fields"):
            return type(a)(*(self.create_arg(elem) for elem in a))
        if isinstance(a, (tuple, list)):
            return type(a)(self.create_arg(elem) for elem in a)
        if isinstance(a, dict):
            result = {}
            for key, value in a.items():
                key = self.create_arg(key)
                if _contains_node(key):
                    raise RuntimeError(f"Keys for dictionaries used as an argument cannot contain a Node. Got key: "
                                       f"{key}")
                result[key] = self.create_arg(value)
            return result
        if isinstance(a, slice):
            return slice(self.create_arg(a.start), self.create_arg(a.stop), self.create_arg(a.step))
        if isinstance(a, range):
            return range(self.create_arg(a.start), self.create_arg(a.stop), self.create_arg(a.step))
        if isinstance(a, (*base_types, enum.Enum)) or a is None or a is ...:
            return a
        raise NotImplementedError(f"argument of type: {type(a)}")

    def to_bool(self, obj):
        """``bool(proxy)`` (control flow): PyTorch's TraceError."""
        raise TraceError("symbolically traced variables cannot be used as inputs to control flow")

    def iter(self, obj):
        """Iterating a proxy (a loop, ``*args``): PyTorch's TraceError."""
        raise TraceError("Proxy object cannot be iterated. This can be attempted when the Proxy is used in a loop or "
                         "as a *args or **kwargs function argument. See the torch.fx docs on pytorch.org for a more "
                         "detailed explanation of what types of control flow can be traced, and check out the Proxy "
                         "docstring for help troubleshooting Proxy iteration errors")

    def keys(self, obj):
        """``**proxy``: a ``keys()`` method call."""
        return Attribute(obj, "keys")()


def _contains_node(value):
    found = []
    map_aggregate(value, lambda x: found.append(x) if isinstance(x, Node) else None)
    return bool(found)


class GraphAppendingTracer(TracerBase):
    """The tracer of a Proxy made around a bare Node: appends to that node's graph."""

    def __init__(self, graph):
        super().__init__()
        self.graph = graph
        self.scope = None
        self.module_stack = {}


class Proxy:
    """A traced value: operations on it add nodes to its tracer's graph and return new Proxies.

    >>> import gradlib
    >>> g = gradlib.fx.Graph()
    >>> x = gradlib.fx.Proxy(g.placeholder("x"))
    >>> y = gradlib.relu(x) + 1
    >>> y
    Proxy(add)
    >>> [node.name for node in g.nodes]
    ['x', 'relu', 'add']
    """

    def __init__(self, node, tracer=None):
        if tracer is None:
            tracer = GraphAppendingTracer(node.graph)
        self.tracer = tracer
        self.node = node
        if not _torch_function.ACTIVE:
            _torch_function.activate()  # gradlib's public functions and Tensor methods reach __torch_function__

    def __repr__(self):
        return f"Proxy({self.node.name})"

    def __getattr__(self, k):
        return Attribute(self, k)

    def __getstate__(self):
        return self.__dict__

    def __deepcopy__(self, memo):
        raise RuntimeError("Proxy objects cannot be deep-copied during symbolic tracing")

    def __setstate__(self, d):
        self.__dict__ = d

    def __call__(self, *args, **kwargs):
        return self.tracer.create_proxy("call_method", "__call__", (self,) + args, kwargs)

    def __iter__(self):
        calling_frame = inspect.currentframe().f_back
        instructions = list(dis.get_instructions(calling_frame.f_code))
        if sys.version_info >= (3, 11):
            index = bisect_left(instructions, calling_frame.f_lasti, key=lambda x: x.offset)
        else:
            index = calling_frame.f_lasti // 2
        instruction = instructions[index]
        if instruction.opname == "UNPACK_SEQUENCE":
            return (self[i] for i in range(instruction.argval))
        return self.tracer.iter(self)

    def __abs__(self):
        return self.tracer.create_proxy("call_function", operator.abs, (self,), {})

    def __bool__(self):
        return self.tracer.to_bool(self)

    def keys(self):
        return self.tracer.keys(self)

    def __len__(self):
        raise RuntimeError("'len' is not supported in symbolic tracing by default. If you want this call to be "
                           "recorded, please call torch.fx.wrap('len') at module scope")

    @classmethod
    def __torch_function__(cls, orig_method, types, args=None, kwargs=None):
        args = args if args else ()
        kwargs = kwargs if kwargs else {}
        tracers = {}

        def find_tracer(a):
            if isinstance(a, cls):
                tracers[a.tracer] = None

        map_aggregate(args, find_tracer)
        map_aggregate(kwargs, find_tracer)
        if len(tracers) > 1:
            raise RuntimeError(f"Found multiple different tracers {list(tracers.keys())} while trying to trace "
                               f"operations {orig_method}")
        tracer = next(iter(tracers))
        if _is_tensor_method_or_property(orig_method):
            return tracer.create_proxy("call_method", orig_method.__name__, args, kwargs)
        return tracer.create_proxy("call_function", orig_method, args, kwargs,
                                   name=tracer.graph._target_to_str(orig_method.__name__))


def _is_tensor_method_or_property(func):
    return _torch_function.qualified_name(func).startswith("gradlib.Tensor.")


class Attribute(Proxy):
    """``proxy.attr``: a ``getattr`` node made when the value is used; called, a ``call_method`` node."""

    def __init__(self, root, attr):
        self.root = root
        self.attr = attr
        self.tracer = root.tracer
        self._node = None

    @property
    def node(self):
        if self._node is None:
            self._node = self.tracer.create_proxy("call_function", getattr, (self.root, self.attr), {}).node
        return self._node

    def __call__(self, *args, **kwargs):
        return self.tracer.create_proxy("call_method", self.attr, (self.root,) + args, kwargs)


class ParameterProxy(Proxy):
    """A Proxy of a module parameter whose shape queries (``shape``, ``size()``, ``dim()``, ...) answer with the
    parameter's own values, so code that checks them traces."""

    def __init__(self, tracer, node, name, param):
        super().__init__(node, tracer)
        self.param = param
        self.name = name

    def __repr__(self):
        return f"ParameterProxy({self.name})"

    @property
    def shape(self):
        return self.param.shape

    def size(self):
        return self.param.size()

    def dim(self):
        return self.param.dim()

    @property
    def ndim(self):
        return self.param.ndim

    def numel(self):
        return self.param.numel()

    def nelement(self):
        return self.param.nelement()


def _define_magic(method):
    def impl(*args, **kwargs):
        return args[0].tracer.create_proxy("call_function", getattr(operator, method), args, kwargs)

    impl.__name__ = method
    setattr(Proxy, f"__{method.strip('_')}__", impl)


def _define_reflectable(method):
    name = f"__r{method.strip('_')}__"

    def impl(self, rhs):
        return self.tracer.create_proxy("call_function", getattr(operator, method), (rhs, self), {})

    impl.__name__ = impl.__qualname__ = name
    setattr(Proxy, name, impl)


for _method in _names.MAGIC_METHODS:
    _define_magic(_method)
for _method in _names.REFLECTABLE_MAGIC_METHODS:
    _define_reflectable(_method)
