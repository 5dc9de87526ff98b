"""The ``__torch_function__`` protocol: how a public call reaches an argument's (or a mode's) override.

PyTorch lets a Tensor subclass, or any object with a ``__torch_function__`` classmethod, take over every public
call it takes part in (``torch.mean(obj)``, ``obj.add(x)``, ``x + obj``, ``F.relu(obj)``, ``obj.shape``), and a
``TorchFunctionMode`` see every call made inside its ``with`` block. The rules, PyTorch's:

- the overloaded arguments are the arguments (and items of list/tuple arguments) whose type has a
  ``__torch_function__`` other than ``_disabled_torch_function_impl``; a plain ``Tensor`` (and ``Parameter``,
  whose protocol is disabled) is not one for a native function, but is for a Python-level one (most of
  ``torch.nn.functional``), so its ``types`` then name ``Tensor`` too;
- one argument per type, subclasses before their superclasses, otherwise left to right; ``types`` is their types;
- the innermost mode is called first (popped while it runs, so its own calls go on to the next mode, then to
  the arguments), then each overloaded argument's ``__torch_function__(func, types, args, kwargs)`` in order,
  until one returns something other than ``NotImplemented``; when all decline, PyTorch's TypeError;
- ``func`` is the public object called: ``gradlib.mean``, ``gradlib.Tensor.add`` (also for ``x + y``: each operator
  is reported as the method PyTorch reports, table ``OPERATOR_FUNCS``), ``gradlib.Tensor.shape.__get__``.

Where the check lives (the eager hot path pays nothing measurable, issue 16):

- public *functions* (the ``gradlib``, ``gradlib.nn.functional``, ``gradlib.linalg`` and ``gradlib.special``
  namespaces, ``NAMESPACES``) are each replaced once, at import, by a thin ``public`` wrapper: one global read when
  nothing overrides (``ACTIVE``), and an object without ``__torch_function__`` support but with an override
  (PyTorch's tutorial ``ScalarTensor``) is looked for only on the path that would otherwise raise;
- Tensor *methods, operators and properties* are not wrapped until the protocol is live (``ACTIVE``): the first
  Tensor subclass with a live protocol (``Tensor.__init_subclass__``) or the first mode pushed calls
  ``activate()``, which gives each method's function a new body (its ``__code__``: a trampoline to ``dispatch``,
  the original body moved to a copy). The function objects stay the same, so ``gradlib.Tensor.add`` keeps its
  identity (dictionaries keyed by it keep working) and no Tensor call pays anything before then.
  gradlib's own subclasses (Parameter, vmap's BatchedTensor, ...) disable the protocol, as PyTorch's Parameter.
  Once live, a Tensor call with plain arguments pays the trampoline, one thread-local read and a by-class scan of
  its arguments (``plain``): about 0.4 us on the 200-op chain benchmark (2.6 us an op before).

``__torch_dispatch__`` (the layer below autograd) is not implemented.
"""
import functools
import inspect
import sys
import threading
import types as _types
import warnings

from . import _tensor, _torch_function_forms

__all__ = ["ACTIVE", "disabled_torch_function_impl", "DisableTorchFunction", "DisableTorchFunctionSubclass",
           "activate", "public", "dispatch", "handle", "overloaded_args", "default_torch_function", "convert",
           "state", "is_live"]

#: True once a Tensor subclass with a live protocol exists or a mode was pushed (never reset)
ACTIVE = False


class _State(threading.local):
    def __init__(self):
        self.subclass_disabled = 0  # DisableTorchFunctionSubclass depth: arguments' overrides are ignored
        self.all_disabled = 0  # DisableTorchFunction depth: modes too
        self.modes = []  # the TorchFunctionMode stack, innermost last
        self.engaged = 0  # modes pushed + disabling blocks entered: 0 is the common case, one read to tell


state = _State()


def disabled_torch_function_impl(func, types, args=(), kwargs=None):
    """``torch._C._disabled_torch_function_impl``: a class whose ``__torch_function__`` is this takes no part in
    dispatch (``Parameter``); called, it runs ``func`` with the arguments' overrides disabled."""
    with DisableTorchFunctionSubclass():
        return func(*args, **(kwargs or {}))


class DisableTorchFunctionSubclass:
    """``torch._C.DisableTorchFunctionSubclass``: inside, arguments' ``__torch_function__`` overrides are ignored
    (modes still see calls); the default ``Tensor.__torch_function__`` runs ``func`` so."""

    def __enter__(self):
        state.subclass_disabled += 1
        state.engaged += 1
        return self

    def __exit__(self, *exc):
        state.subclass_disabled -= 1
        state.engaged -= 1
        return False


class DisableTorchFunction:
    """``torch._C.DisableTorchFunction``: inside, neither arguments' overrides nor modes see any call."""

    def __enter__(self):
        state.all_disabled += 1
        state.engaged += 1
        return self

    def __exit__(self, *exc):
        state.all_disabled -= 1
        state.engaged -= 1
        return False


def is_live(cls):
    """Whether instances of ``cls`` take part in dispatch (a ``__torch_function__`` that is not the disabled one)."""
    method = getattr(cls, "__torch_function__", None)
    if method is None:
        return False
    return getattr(method, "__func__", method) is not disabled_torch_function_impl


def push_mode(mode):
    activate()
    state.modes.append(mode)
    state.engaged += 1


def pop_mode():
    if not state.modes:
        raise RuntimeError("Trying to pop from an empty mode stack")
    state.engaged -= 1
    return state.modes.pop()


#: argument classes that never override (checked by class first)
_PLAIN = frozenset((int, float, bool, str, type(None), slice, type(Ellipsis), complex))


def plain(args, kwargs):
    """True when no argument (nor list/tuple item) overrides ``__torch_function__``: the common case, checked by
    class without building anything."""
    Tensor = _tensor.Tensor
    for arg in args:
        cls = arg.__class__
        if cls is Tensor or cls in _PLAIN:
            continue
        if cls is list or cls is tuple:
            if not plain(arg, None):
                return False
        elif is_live(cls):
            return False
    if kwargs:
        return plain(tuple(kwargs.values()), None)
    return True


def _is_overloaded(value, with_tensor):
    cls = value.__class__
    if cls is _tensor.Tensor:
        return with_tensor
    if cls is int or cls is float or cls is bool or cls is str or value is None:
        return False
    return is_live(cls)


def overloaded_args(args, kwargs=None, with_tensor=False):
    """The arguments whose ``__torch_function__`` PyTorch calls, in its order (one per type, subclasses first,
    else left to right). ``with_tensor``: plain Tensors count (PyTorch's Python-level functions)."""
    found = []
    seen = []
    values = list(args)
    if kwargs:
        values.extend(kwargs.values())
    for value in values:
        items = value if value.__class__ is list or value.__class__ is tuple else (value,)
        for item in items:
            if not _is_overloaded(item, with_tensor):
                continue
            cls = type(item)
            if cls in seen:
                continue
            seen.append(cls)
            index = len(found)
            for position, earlier in enumerate(found):
                if issubclass(cls, type(earlier)):
                    index = position
                    break
            found.insert(index, item)
    return found


def qualified_name(func):
    error_name = getattr(func, "__torch_function_error_name__", None)
    if error_name is not None:
        return error_name
    return _names().get(func) or f"{getattr(func, '__module__', None)}.{getattr(func, '__name__', func)}"


def handle(func, overloaded, args, kwargs, native=True):
    """Call the innermost mode, then each overloaded argument's ``__torch_function__``, until one answers."""
    types = tuple(type(arg) for arg in overloaded)
    mode_seen = None
    if state.modes and not state.all_disabled:
        mode = pop_mode()  # the mode runs without itself: its own calls reach the next one
        try:
            result = mode.__torch_function__(func, types, args, kwargs)
        finally:
            state.modes.append(mode)
            state.engaged += 1
        if result is not NotImplemented:
            return result
        mode_seen = mode
    for arg in overloaded:
        method = arg.__torch_function__
        if getattr(method, "__self__", None) is arg:  # PyTorch's two warnings, C++'s and Python's, as they are
            warnings.warn(f"Defining your `__torch_function__{'`' if native else ''} as a plain method is deprecated "
                          "and will be an error in future, please define it as a classmethod.",
                          UserWarning if native else DeprecationWarning)
        result = method(func, types, args, kwargs)
        if result is not NotImplemented:
            return result
    name = qualified_name(func)
    if native:
        lines = ([f"  - mode object {mode_seen!r}"] if mode_seen is not None else []) + \
            [f"  - tensor subclass {type(arg)!r}" for arg in overloaded]
        raise TypeError(f"Multiple dispatch failed for '{name}'; all __torch_function__ handlers returned "
                        "NotImplemented:\n\n" + "\n".join(lines) + "\n\nFor more information, try re-running with "
                        "TORCH_LOGS=not_implemented")
    message = (f"no implementation found for '{name}' on types that implement __torch_function__: "
               f"{[type(arg) for arg in overloaded]}")
    if mode_seen is not None:
        message += f" nor in mode {mode_seen}"
    raise TypeError(message)


def dispatch(func, implementation, args, kwargs, native=True):
    """Run ``implementation`` (the body of the public ``func``), or hand the call to the overrides."""
    current = state
    if current.all_disabled or (not current.engaged and plain(args, kwargs)):
        return implementation(*args, **kwargs)
    overloaded = () if current.subclass_disabled else overloaded_args(args, kwargs)
    if not overloaded and not current.modes:
        return implementation(*args, **kwargs)
    if not native and not current.subclass_disabled:
        overloaded = overloaded_args(args, kwargs, with_tensor=True)
    if not native:  # a Python-level function hands its arguments on in its own form (_torch_function_forms)
        func, args, kwargs = _torch_function_forms.normalize(func, implementation, args, kwargs)
    return handle(func, overloaded, args, kwargs or {}, native)


def public(implementation, native=True):
    """The public function over ``implementation``: PyTorch's dispatch when the protocol is live (``ACTIVE``), or
    when it fails on an argument that overrides it (an object that is no Tensor). ``native``: PyTorch's
    function is native (its ``types`` leave plain Tensors out, its error is the C++ one)."""

    def function(*args, **kwargs):
        if ACTIVE:
            return dispatch(function, implementation, args, kwargs, native)
        try:
            return implementation(*args, **kwargs)
        except Exception:
            if state.all_disabled or state.subclass_disabled or not overloaded_args(args, kwargs):
                raise
        activate()  # such objects exist: Tensor methods given one dispatch too from now on
        return dispatch(function, implementation, args, kwargs, native)

    functools.update_wrapper(function, implementation)
    function.__torch_function_implementation__ = implementation
    return function


def convert(result, cls):
    """``torch._tensor._convert``: Tensors in ``result`` (also in tuples and lists) made ``cls`` instances."""
    if cls is _tensor.Tensor:
        return result
    if isinstance(result, _tensor.Tensor) and not isinstance(result, cls):
        return result.as_subclass(cls)
    if isinstance(result, (tuple, list)):
        items = [convert(item, cls) for item in result]
        if hasattr(result, "_make"):
            return type(result)._make(items)
        return type(result)(items)
    return result


def default_torch_function(cls, func, types, args=(), kwargs=None):
    """``Tensor.__torch_function__``: run ``func`` with the overrides disabled and make its Tensors ``cls``."""
    if kwargs is None:
        kwargs = {}
    if not all(issubclass(cls, t) for t in types):
        return NotImplemented
    with DisableTorchFunctionSubclass():
        result = func(*args, **kwargs)
        if func in _nowrap():
            return result
        return convert(result, cls)


# ----- Tensor methods: the trampolines installed by activate() ------------------------------------------------------

#: Python's operators, reported as the method PyTorch reports for them (``x + y``: ``Tensor.add``)
OPERATOR_FUNCS = {"__add__": "add", "__radd__": "add", "__sub__": "sub", "__mul__": "mul", "__rmul__": "mul",
                  "__truediv__": "div", "__mod__": "remainder", "__matmul__": "matmul", "__neg__": "neg",
                  "__pos__": "positive", "__abs__": "abs", "__rand__": "bitwise_and", "__ror__": "bitwise_or",
                  "__rxor__": "bitwise_xor", "__ne__": "ne", "__lt__": "lt", "__le__": "le", "__gt__": "gt",
                  "__ge__": "ge", "__iadd__": "add_", "__isub__": "sub_", "__imul__": "mul_", "__itruediv__": "div_",
                  "__ifloordiv__": "floor_divide_", "__imod__": "remainder_"}
#: the dunders PyTorch dispatches (its get_overridable_functions), besides OPERATOR_FUNCS
DISPATCHED_DUNDERS = frozenset((
    "__and__", "__array__", "__bool__", "__complex__", "__contains__", "__deepcopy__", "__eq__", "__float__",
    "__floordiv__", "__format__", "__getitem__", "__iand__", "__ilshift__", "__index__", "__int__", "__invert__",
    "__ior__", "__ipow__", "__irshift__", "__ixor__", "__len__", "__lshift__", "__or__", "__pow__", "__rdiv__",
    "__reduce_ex__", "__repr__", "__reversed__", "__rfloordiv__", "__rlshift__", "__rmatmul__", "__rmod__",
    "__rpow__", "__rrshift__", "__rshift__", "__rsub__", "__rtruediv__", "__setitem__", "__setstate__",
    "__xor__")) | frozenset(OPERATOR_FUNCS)
#: Tensor methods that are Python-level in PyTorch (torch/_tensor.py): their ``types`` name Tensor too
PYTHON_METHODS = frozenset((
    "__array__", "__contains__", "__deepcopy__", "__dir__", "__floordiv__", "__format__", "__ipow__", "__len__",
    "__pow__", "__rdiv__", "__repr__", "__reversed__", "__rfloordiv__", "__rlshift__", "__rmatmul__", "__rmod__",
    "__rpow__", "__rrshift__", "__rsub__", "__rtruediv__", "backward", "dim_order", "is_shared", "istft", "lu",
    "module_load", "norm", "register_hook", "register_post_accumulate_grad_hook", "resize", "resize_as",
    "share_memory_", "split", "stft", "storage", "storage_type", "to_sparse_coo", "unflatten", "unique",
    "unique_consecutive"))
#: methods that never dispatch: the protocol itself, construction, and what gradlib's own machinery calls
_NEVER = frozenset(("__torch_function__", "__init_subclass__", "__new__", "__init__", "as_subclass", "__reduce_ex__",
                    "__setstate__"))

_lock = threading.Lock()
_trampolines = {}


def _trampoline(free):
    """A code object that calls its ``__gradlib_entry__`` default with its arguments, with ``free`` free
    variables (a function's new ``__code__`` must have as many as its closure has cells; they are never read)."""
    if free not in _trampolines:
        names = [f"_cell{index}" for index in range(free)]
        lines = ["def factory():"]
        lines += [f"    {name} = None" for name in names]
        lines.append("    def trampoline(*args, __gradlib_entry__=None, **kwargs):")
        if names:
            lines.append("        if False:")
            lines.append(f"            ({', '.join(names)},)")
        lines.append("        return __gradlib_entry__(args, kwargs)")
        lines.append("    return trampoline")
        scope = {}
        exec(compile("\n".join(lines), TRANSPARENT, "exec"), scope)
        _trampolines[free] = scope["factory"]().__code__
    return _trampolines[free]


#: operators whose failure is Python's ``NotImplemented`` (then "unsupported operand type(s)"), as PyTorch's
_NOT_IMPLEMENTED_ON_TYPE_ERROR = frozenset(name for name in DISPATCHED_DUNDERS if name not in (
    "__getitem__", "__setitem__", "__contains__", "__format__", "__deepcopy__", "__reduce_ex__", "__setstate__",
    "__array__", "__repr__", "__len__", "__reversed__", "__bool__", "__float__", "__int__", "__index__",
    "__complex__", "__neg__", "__pos__", "__abs__", "__invert__"))


def _retarget(function, func_of, native=True, operator=False):
    """Give ``function`` the trampoline body; its old body becomes a copy that ``dispatch`` runs. ``func_of()``
    gives the ``func`` reported to overrides (the method itself, or the property's ``__get__``)."""
    if "__gradlib_entry__" in (function.__kwdefaults__ or {}):
        return
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        signature = None
    body = _types.FunctionType(function.__code__, function.__globals__, function.__name__, function.__defaults__,
                               function.__closure__)
    body.__kwdefaults__ = function.__kwdefaults__
    body.__qualname__ = function.__qualname__

    def entry(args, kwargs):
        if not state.engaged and plain(args, kwargs):
            return body(*args, **kwargs)
        if operator:
            try:
                return dispatch(func_of(), body, args, kwargs, native)
            except TypeError:
                return NotImplemented
        return dispatch(func_of(), body, args, kwargs, native)

    if signature is not None and "__signature__" not in function.__dict__:
        function.__signature__ = signature
    function.__code__ = _trampoline(len(function.__code__.co_freevars))
    function.__defaults__ = None
    function.__kwdefaults__ = {"__gradlib_entry__": entry}


def _tensor_members():
    """(name, owner class, value) for each Tensor attribute that dispatches, the first definition along the MRO."""
    Tensor = _tensor.Tensor
    seen = set()
    for owner in Tensor.__mro__[:-1]:
        for name, value in vars(owner).items():
            if name in seen:
                continue
            seen.add(name)
            if name in _NEVER or (name.startswith("_") and name not in DISPATCHED_DUNDERS):
                continue
            yield name, owner, value


def activate():
    """Make the protocol live: every later public call checks for overrides (see the module docstring)."""
    global ACTIVE
    with _lock:
        if ACTIVE:
            return
        Tensor = _tensor.Tensor
        for name, owner, value in list(_tensor_members()):
            if isinstance(value, property):
                if isinstance(value.fget, _types.FunctionType):
                    _retarget(value.fget, functools.partial(getattr, value, "__get__"), native=False)
                if isinstance(value.fset, _types.FunctionType):
                    _retarget(value.fset, functools.partial(getattr, value, "__set__"), native=False)
            elif isinstance(value, _types.FunctionType):
                reported = OPERATOR_FUNCS.get(name, name)
                _retarget(value, functools.partial(getattr, Tensor, reported), native=name not in PYTHON_METHODS,
                          operator=name in _NOT_IMPLEMENTED_ON_TYPE_ERROR)
        ACTIVE = True


@functools.lru_cache(maxsize=None)
def _nowrap():
    """``torch._tensor.get_default_nowrap_functions``: results the default handler leaves as they are."""
    Tensor = _tensor.Tensor
    return frozenset((Tensor.grad.__get__,))


#: the file name the dispatch frames run under. Python's warnings skip a frame whose file name contains both
#: "importlib" and "_bootstrap" when they count ``stacklevel`` (CPython's ``is_internal_frame``, meant for the
#: import machinery's own frames): so ``F.dropout2d``'s warning still names the caller's line, as without dispatch,
#: although the public wrapper (and, once live, the dispatch frames) sit between.
TRANSPARENT = f"{__file__} (gradlib dispatch: frames skipped by warnings, as importlib._bootstrap's)"


def _transparent(function):
    """``function`` (and the functions it defines) run under the ``TRANSPARENT`` file name."""
    def rename(code):
        consts = tuple(rename(const) if isinstance(const, _types.CodeType) else const for const in code.co_consts)
        return code.replace(co_filename=TRANSPARENT, co_consts=consts)
    function.__code__ = rename(function.__code__)
    return function


_name_table = {}


def _names():
    """func -> its public name (``gradlib.mean``, ``gradlib.Tensor.add``, ``gradlib.Tensor.shape.__get__``)."""
    if not _name_table:
        for module, prefix in _namespaces():
            for name, value in vars(module).items():
                if hasattr(value, "__torch_function_implementation__"):
                    _name_table.setdefault(value, f"{prefix}.{name}")
        for name, owner, value in _tensor_members():
            if isinstance(value, property):
                _name_table[value.__get__] = f"gradlib.Tensor.{name}.__get__"
                _name_table[value.__set__] = f"gradlib.Tensor.{name}.__set__"
            elif isinstance(value, _types.FunctionType):
                _name_table.setdefault(value, f"gradlib.Tensor.{name}")
    return _name_table


#: the public function namespaces, by the name PyTorch's users write them under
NAMESPACES = ("gradlib", "gradlib.nn.functional", "gradlib.linalg", "gradlib.special")
#: functions PyTorch never dispatches (its get_ignored_functions that are Python functions, and gradlib's
#: settings and queries that take no tensor)
IGNORED = frozenset((
    "are_deterministic_algorithms_enabled", "broadcast_shapes", "compile", "cond", "get_default_device",
    "get_deterministic_debug_mode", "get_float32_matmul_precision", "get_rng_state", "initial_seed",
    "is_deterministic_algorithms_warn_only_enabled", "is_storage", "is_tensor", "is_warn_always_enabled", "load",
    "manual_seed", "save", "seed", "set_default_device", "set_default_tensor_type", "set_deterministic_debug_mode",
    "set_float32_matmul_precision", "set_printoptions", "set_rng_state", "set_warn_always", "typename",
    "use_deterministic_algorithms", "vmap", "get_default_dtype", "set_default_dtype", "is_grad_enabled",
    "is_inference_mode_enabled", "get_num_threads", "set_num_threads", "promote_types", "is_autocast_enabled",
    "get_autocast_dtype", "clear_autocast_cache", "handle_torch_function", "has_torch_function",
    "has_torch_function_unary", "has_torch_function_variadic", "boolean_dispatch"))
#: gradlib-namespace functions that are Python-level in PyTorch (torch/functional.py): ``types`` name Tensor
PYTHON_LEVEL = frozenset((
    "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_tensors", "cartesian_prod", "block_diag", "cdist",
    "chain_matmul", "einsum", "lu", "norm", "meshgrid", "pca_lowrank", "split", "stft", "istft", "svd_lowrank",
    "tensordot", "unique", "unique_consecutive", "unravel_index"))
#: nn.functional functions that are native in PyTorch (the rest are Python functions there)
NATIVE_FUNCTIONAL = frozenset((
    "adaptive_avg_pool1d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "bilinear", "celu_", "channel_shuffle",
    "conv1d", "conv2d", "conv3d", "conv_tbc", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "cosine_similarity", "elu_", "gelu", "hardshrink", "hardtanh_", "leaky_relu_", "linear", "logsigmoid",
    "native_channel_shuffle", "one_hot", "pairwise_distance", "pdist", "pixel_shuffle", "pixel_unshuffle", "prelu",
    "relu_", "rrelu_", "scaled_dot_product_attention", "selu_", "softplus", "softshrink", "threshold_"))


def _namespaces():
    return [(sys.modules[name], name) for name in NAMESPACES]


def install(prefix):
    """Replace each public function of the namespace ``prefix`` (one of ``NAMESPACES``) by its ``public`` wrapper.
    Each namespace module calls it as its last statement, so that modules importing it later (default arguments
    such as ``activation=F.relu``, tables of functions) hold the wrappers; ``gradlib/__init__`` calls it for every
    namespace once more at the end (functions added to a namespace afterwards). Idempotent."""
    module = sys.modules[prefix]
    functional = prefix == "gradlib.nn.functional"
    for name, value in list(vars(module).items()):
        if name.startswith("_") or name in IGNORED or not isinstance(value, _types.FunctionType):
            continue
        if hasattr(value, "__torch_function_implementation__"):
            continue
        native = name in NATIVE_FUNCTIONAL if functional else name not in PYTHON_LEVEL
        wrapper = public(value, native)
        wrapper.__module__ = prefix  # gradlib.exp pickles (and prints its home) as gradlib's, as torch.exp
        wrapper.__qualname__ = name
        if functional and native:  # PyTorch's C++ names these torch.nn.<name> in its errors
            wrapper.__torch_function_error_name__ = f"gradlib.nn.{name}"
        setattr(module, name, wrapper)


for _function in (handle, dispatch, public, default_torch_function, _retarget, disabled_torch_function_impl):
    _transparent(_function)
