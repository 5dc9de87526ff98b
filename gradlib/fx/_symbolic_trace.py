"""``torch.fx.symbolic_trace`` and ``Tracer``: run a module's ``forward`` on Proxies and keep what they record.

While ``Tracer.trace`` runs, ``nn.Module.__call__`` and ``nn.Module.__getattr__`` are patched (and put back after,
also on error): a call to a leaf module (gradlib's own ``nn`` layers, ``Sequential`` excepted) becomes one
``call_module`` node, other modules are traced through; reading a parameter or buffer gives a ``get_attr`` Proxy.
Functions registered with ``wrap`` (and the ``math`` functions, PyTorch's ``autowrap_modules``) are patched in the
traced code's globals to record a ``call_function`` when a Proxy is among their arguments.
"""
import builtins
import collections
import functools
import inspect
import math
import types
import warnings

from .. import _tensor, _torch_function, nn, overrides
from . import _wrap
from .graph import Graph
from . import graph_module as _graph_module
from .node import base_types, has_side_effect, map_aggregate
from .proxy import ParameterProxy, Proxy, TracerBase

__all__ = ["Tracer", "symbolic_trace", "wrap", "PH", "PHBase", "is_fx_tracing"]

wrap = _wrap.wrap
wrap.__module__ = __name__  # PyTorch's home of wrap: generated code calls torch.fx._symbolic_trace.wrap

_is_fx_tracing_flag = False


@has_side_effect
def _assert(condition, message):
    """``torch._assert``: Python's ``assert condition, message`` that a trace records (a Proxy condition becomes a
    ``torch._assert`` node, which dead-code elimination keeps)."""
    if type(condition) is not _tensor.Tensor and overrides.has_torch_function((condition,)):
        return overrides.handle_torch_function(_assert, (condition,), condition, message)
    if not condition:
        raise AssertionError(message)


_assert.__module__ = "gradlib"  # PyTorch's torch._assert: gradlib re-exports it


def _assert_is_none(value, msg):
    """The check a trace records for an argument specialized to None by ``concrete_args``."""
    if value is not None:
        raise AssertionError(msg)


def is_fx_tracing():
    """Whether a symbolic trace is running."""
    return _is_fx_tracing_flag


class PHBase:
    """A placeholder marker for ``concrete_args``."""

    def __repr__(self):
        return "PH"


PH = PHBase()


class _Patcher:
    """Replaces attributes and globals for the duration of a trace and puts every one back."""

    def __init__(self):
        self._undo = []
        self._visited = set()

    def patch(self, frame_dict, name, new_fn):
        if name in frame_dict:
            old = frame_dict[name]
            self._undo.append(lambda: frame_dict.__setitem__(name, old))
        else:
            self._undo.append(lambda: frame_dict.pop(name, None))
        frame_dict[name] = new_fn

    def patch_method(self, cls, name, new_fn):
        if name in cls.__dict__:
            old = cls.__dict__[name]
            self._undo.append(lambda: setattr(cls, name, old))
        else:
            self._undo.append(lambda: delattr(cls, name))
        setattr(cls, name, new_fn)

    def visit_once(self, thing):
        key = id(thing)
        if key in self._visited:
            return False
        self._visited.add(key)
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        while self._undo:
            self._undo.pop()()


def _find_proxy(*objects):
    found = []

    def visit(x):
        if isinstance(x, Proxy) and not found:
            found.append(x)
        elif isinstance(x, (tuple, list)):
            for item in x:
                visit(item)
        elif isinstance(x, dict):
            for item in x.values():
                visit(item)

    for obj in objects:
        visit(obj)
    return found[0] if found else None


def _create_wrapped_func(orig_fn):
    @functools.wraps(orig_fn)
    def wrapped(*args, **kwargs):
        proxy = _find_proxy(args, kwargs)
        if proxy is not None:
            result = proxy.tracer.create_proxy("call_function", orig_fn, args, kwargs)
            result.node.meta["is_wrapped"] = True
            return result
        return orig_fn(*args, **kwargs)

    return wrapped


def _patch_wrapped_functions(patcher):
    for (_, name), frame_dict in list(_wrap.WRAPPED.items()):
        if name not in frame_dict and hasattr(builtins, name):
            orig_fn = getattr(builtins, name)
        else:
            orig_fn = frame_dict[name]
        patcher.patch(frame_dict, name, _create_wrapped_func(orig_fn))


def _autowrap_check(patcher, frame_dict, function_ids):
    if patcher.visit_once(frame_dict):
        for name, value in list(frame_dict.items()):
            if not name.startswith("_") and callable(value) and id(value) in function_ids:
                patcher.patch(frame_dict, name, _create_wrapped_func(value))


def _patch_function(fn, nargs):
    """``fn`` with ``*args``/``**kwargs`` turned into ordinary parameters (each placeholder takes one)."""
    co = fn.__code__
    flags = co.co_flags & ~(inspect.CO_VARARGS | inspect.CO_VARKEYWORDS)
    new_code = co.replace(co_flags=flags, co_argcount=nargs, co_kwonlyargcount=0)
    return types.FunctionType(new_code, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)


class Tracer(TracerBase):
    """Builds a ``Graph`` from a module or function (``trace``). Subclass it to change which modules are leaves
    (``is_leaf_module``), how module calls and attribute reads are recorded (``call_module``, ``getattr``) or how
    values become node arguments (``create_arg``)."""

    def __init__(self, autowrap_modules=(math,), autowrap_functions=(), param_shapes_constant=False):
        super().__init__()
        self._autowrap_function_ids = {id(value) for module in autowrap_modules
                                       for name, value in module.__dict__.items()
                                       if not name.startswith("_") and callable(value)}
        self._autowrap_function_ids.update(id(f) for f in autowrap_functions)
        self._autowrap_search = list(autowrap_modules)
        self.param_shapes_constant = param_shapes_constant
        self.submodule_paths = None
        self.root_module_name = ""
        self.scope = None
        self.module_stack = collections.OrderedDict()
        self.num_calls = {}
        self._qualname_counter = collections.defaultdict(int)
        self.tensor_attrs = {}

    def get_fresh_qualname(self, prefix):
        """``prefix0``, ``prefix1``, ...: the first name not yet an attribute of the root."""
        qualname = f"{prefix}0"
        if not hasattr(self.root, qualname):
            self._qualname_counter[prefix] = 0
            return qualname
        i = self._qualname_counter[prefix]
        while True:
            qualname = f"{prefix}{i}"
            i += 1
            if not hasattr(self.root, qualname):
                break
        self._qualname_counter[prefix] = i
        return qualname

    def create_arg(self, a):
        """Parameters, buffers and submodules of the root become ``get_attr`` nodes; other tensors are stored on the
        root as ``_tensor_constant<n>`` and read so; the rest as ``TracerBase.create_arg``."""
        if isinstance(a, nn.Parameter):
            for name, param in self.root.named_parameters():
                if a is param:
                    return self.create_node("get_attr", name, (), {})
            raise NameError("parameter is not a member of this module")
        if isinstance(a, _tensor.Tensor):
            for name, buffer in self.root.named_buffers():
                if a is buffer:
                    return self.create_node("get_attr", name, (), {})
        elif isinstance(a, nn.Module):
            for name, module in self.root.named_modules():
                if a is module:
                    return self.create_node("get_attr", name, (), {})
        if isinstance(a, tuple) and hasattr(a, "_fields"):
            args = tuple(self.create_arg(elem) for elem in a)
            return self.create_node("call_function", a.__class__, args, {})
        if isinstance(a, _tensor.Tensor):
            qualname = self.tensor_attrs.get(id(a))
            if not qualname:
                qualname = self.get_fresh_qualname("_tensor_constant")
                self.tensor_attrs[id(a)] = qualname
                setattr(self.root, qualname, a)
            return self.create_node("get_attr", qualname, (), {})
        return super().create_arg(a)

    def is_leaf_module(self, m, module_qualified_name):
        """True for PyTorch's own layers (gradlib's ``nn`` modules), except ``Sequential``."""
        module = m.__module__
        return module.startswith(("gradlib.nn", "torch.nn", "torch.ao.nn")) and not isinstance(m, nn.Sequential)

    def path_of_module(self, mod):
        """The qualified name of ``mod`` under the root (NameError if it is not a submodule)."""
        if self.submodule_paths:
            path = self.submodule_paths.get(mod)
            if path is None:
                raise NameError("module is not installed as a submodule")
            return path
        for name, module in self.root.named_modules():
            if mod is module:
                return name
        raise NameError("module is not installed as a submodule")

    def call_module(self, m, forward, args, kwargs):
        """A leaf module's call as one ``call_module`` node; any other module traced through."""
        qualified_name = self.path_of_module(m)
        num_calls = self.num_calls.get(qualified_name, 0)
        key = f"{qualified_name}@{num_calls}" if num_calls > 0 else qualified_name
        self.module_stack[key] = (qualified_name, type(m))
        self.num_calls[qualified_name] = num_calls + 1
        try:
            if not self.is_leaf_module(m, qualified_name):
                return forward(*args, **kwargs)
            return self.create_proxy("call_module", qualified_name, args, kwargs)
        finally:
            self.module_stack.pop(key, None)

    def getattr(self, attr, attr_val, parameter_proxy_cache):
        """A parameter (and, with ``proxy_buffer_attributes``, a buffer) of the root read in ``forward``: a
        ``get_attr`` Proxy, one per name."""

        def proxy_for(collection):
            for name, value in collection:
                if attr_val is value:
                    if name not in parameter_proxy_cache:
                        factory = None
                        if self.param_shapes_constant:
                            def factory(node, name=name):
                                return ParameterProxy(self, node, name, attr_val)
                        parameter_proxy_cache[name] = self.create_proxy("get_attr", name, (), {},
                                                                        proxy_factory_fn=factory)
                    return parameter_proxy_cache[name]
            return None

        if isinstance(attr_val, nn.Parameter):
            found = proxy_for(self.root.named_parameters())
            if found is not None:
                return found
        if self.proxy_buffer_attributes and isinstance(attr_val, _tensor.Tensor):
            found = proxy_for(self.root.named_buffers())
            if found is not None:
                return found
        return attr_val

    def create_args_for_root(self, root_fn, is_module, concrete_args=None):
        """Placeholders for the parameters of ``root_fn`` (``self`` left out for a module)."""
        fn = inspect.unwrap(root_fn)
        co = fn.__code__
        total_args = co.co_argcount + co.co_kwonlyargcount
        names_iter = iter(co.co_varnames)
        args = []
        skip = 0
        if is_module:
            if total_args == 0:
                raise RuntimeError("``self`` argument cannot be part of *args expansion!")
            skip = 1
            next(names_iter)
            args.append(self.root)
        sig = inspect.signature(fn)
        arg_names = [next(names_iter) for _ in range(skip, total_args)]
        if isinstance(concrete_args, tuple):
            if len(arg_names) != len(concrete_args):
                raise RuntimeError(f"Tracing expected {len(arg_names)} arguments but got {len(concrete_args)} concrete "
                                   "arguments")
            concrete_args = dict(zip(arg_names, concrete_args))
        args.extend(self._proxy_placeholder(name, concrete_args, sig, fn) for name in arg_names)
        if co.co_kwonlyargcount > 0 or co.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
            if co.co_flags & inspect.CO_VARARGS:
                args.append(self._proxy_placeholder("*" + next(names_iter), concrete_args, sig, fn))
            if co.co_flags & inspect.CO_VARKEYWORDS:
                args.append(self._proxy_placeholder("**" + next(names_iter), concrete_args, sig, fn))
            root_fn = _patch_function(root_fn, len(args))
        return root_fn, args

    def _proxy_placeholder(self, name, concrete_args, sig, fn):
        if concrete_args is not None and name in concrete_args:
            count = [0]

            def replace_ph(x):
                count[0] += 1
                param = sig.parameters[name]
                default = () if param.default is inspect.Parameter.empty else (param.default,)
                out = self.create_proxy("placeholder", f"{name}_{count[0]}", default, {})
                if isinstance(x, PHBase):
                    return out
                if type(x) is bool or (type(x) in base_types and type(x) is not _tensor.Tensor):
                    _assert(out == x, f"{name} has been specialized to have value {x} but got another value")
                elif x is None:
                    self.create_proxy("call_function", _assert_is_none,
                                      (out, f"{name} has been specialized to have value None but got another value"),
                                      {})
                else:
                    warnings.warn(f"Was not able to add assertion to guarantee correct input {name} to specialized "
                                  "function. It is up to the user to make sure that your inputs match the inputs you "
                                  "specialized the function with.")
                return x

            return map_aggregate(concrete_args[name], replace_ph)
        if name[0] == "*":
            default = ()
        else:
            param = sig.parameters[name]
            default = () if param.default is inspect.Parameter.empty else (param.default,)
        return self.create_proxy("placeholder", name, default, {}, type_expr=fn.__annotations__.get(name, None))

    def trace(self, root, concrete_args=None):
        """The ``Graph`` of ``root`` (a module's ``forward``, or a function) run on Proxies."""
        global _is_fx_tracing_flag
        previous_flag = _is_fx_tracing_flag
        _is_fx_tracing_flag = True
        _torch_function.activate()  # gradlib's functions and Tensor methods hand Proxies to __torch_function__
        try:
            if isinstance(root, nn.Module):
                self.root = root
                if not hasattr(type(root), self.traced_func_name):
                    raise AssertionError(f"traced_func_name={self.traced_func_name} doesn't exist in "
                                         f"{type(root).__name__}")
                fn = getattr(type(root), self.traced_func_name)
                self.root_module_name = root._get_name()
                self.submodule_paths = {mod: name for name, mod in root.named_modules()}
            else:
                self.root = nn.Module()
                fn = root
            self.graph = Graph(tracer_cls=getattr(self, "__class__", None))
            if hasattr(fn, "__code__"):
                code = fn.__code__
                self.graph._co_fields = {"co_name": code.co_name, "co_filename": code.co_filename,
                                         "co_firstlineno": code.co_firstlineno}
            self.tensor_attrs = {}
            self._collect_tensor_attrs(self.root, [])
            if not isinstance(fn, types.FunctionType):
                raise AssertionError(f"Expected FunctionType, got {type(fn)}")
            fn_globals = fn.__globals__
            fn, args = self.create_args_for_root(fn, isinstance(root, nn.Module), concrete_args)
            with _Patcher() as patcher:
                self._patch_modules(patcher)
                _patch_wrapped_functions(patcher)
                _autowrap_check(patcher, fn_globals, self._autowrap_function_ids)
                for module in self._autowrap_search:
                    _autowrap_check(patcher, module.__dict__, self._autowrap_function_ids)
                annotations = getattr(inspect.unwrap(fn), "__annotations__", {})
                self.create_node("output", "output", (self.create_arg(fn(*args)),), {},
                                 type_expr=annotations.get("return", None))
            self.submodule_paths = None
        finally:
            _is_fx_tracing_flag = previous_flag
        return self.graph

    def _collect_tensor_attrs(self, module, prefix):
        for key, value in vars(module).items():
            if isinstance(value, _tensor.Tensor):
                self.tensor_attrs[id(value)] = ".".join(prefix + [key])
        for key, child in module.named_children():
            self._collect_tensor_attrs(child, prefix + [key])

    def _patch_modules(self, patcher):
        orig_getattr = nn.Module.__getattr__
        orig_call = nn.Module.__call__
        parameter_proxy_cache = {}
        tracer = self

        @functools.wraps(orig_getattr)
        def module_getattr_wrapper(mod, attr):
            return tracer.getattr(attr, orig_getattr(mod, attr), parameter_proxy_cache)

        @functools.wraps(orig_call)
        def module_call_wrapper(mod, *args, **kwargs):
            def forward(*args, **kwargs):
                return orig_call(mod, *args, **kwargs)

            _autowrap_check(patcher, getattr(getattr(mod, "forward", mod), "__globals__", {}),
                            tracer._autowrap_function_ids)
            return tracer.call_module(mod, forward, args, kwargs)

        patcher.patch_method(nn.Module, "__getattr__", module_getattr_wrapper)
        patcher.patch_method(nn.Module, "__call__", module_call_wrapper)

    def __deepcopy__(self, memo):
        new_tracer = Tracer.__new__(Tracer)
        for key, value in self.__dict__.items():
            new_tracer.__dict__[key] = value
        return new_tracer


def symbolic_trace(root, concrete_args=None):
    """Trace ``root`` (an ``nn.Module`` or a function) into a ``GraphModule``: its ``graph``, the generated
    ``code`` and the submodules and parameters it uses (the same objects as ``root``'s).

    Control flow that depends on an input value cannot be traced (``TraceError``); ``concrete_args`` fixes
    inputs to given values.

    >>> import gradlib
    >>> class M(gradlib.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.linear = gradlib.nn.Linear(4, 2)
    ...     def forward(self, x):
    ...         return gradlib.relu(self.linear(x)) + 1
    >>> gm = gradlib.fx.symbolic_trace(M())
    >>> print(gm.code.strip())
    def forward(self, x):
        linear = self.linear(x);  x = None
        relu = torch.relu(linear);  linear = None
        add = relu + 1;  relu = None
        return add
    """
    tracer = Tracer()
    graph = tracer.trace(root, concrete_args)
    name = root.__class__.__name__ if isinstance(root, nn.Module) else root.__name__
    return _graph_module.GraphModule(tracer.root, graph, name)


