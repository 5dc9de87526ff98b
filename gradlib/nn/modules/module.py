"""``Module``: the base class of layers and models (parameters, buffers, submodules, modes, state dicts)."""
import typing
import warnings
from collections import OrderedDict, namedtuple

from ... import _compile_arguments, _creation, _formats, _tensor, autograd, dtypes
from ...device import resolve as _resolve_device
from ..._tensor import Tensor
from ...autograd import hooks
from ...ops import conversion
from .. import _zero_grads
from ..parameter import Buffer, Parameter
from . import _backward_hooks as _full_backward_hooks
from . import _global_hooks
from ._module_call import call_with_hooks as _call_with_hooks
from ._state_dict import StateDictMixin
from ._global_hooks import (register_module_backward_hook, register_module_buffer_registration_hook,
                            register_module_forward_hook, register_module_forward_pre_hook,
                            register_module_full_backward_hook, register_module_full_backward_pre_hook,
                            register_module_module_registration_hook, register_module_parameter_registration_hook)
# every global hook a module call honours, in one table (mutated in place, never rebound): one lookup per call
from ._global_hooks import CALL_HOOKS as _GLOBAL_CALL_HOOKS

__all__ = ["Module", "register_module_forward_pre_hook", "register_module_forward_hook",
           "register_module_backward_hook", "register_module_full_backward_hook",
           "register_module_full_backward_pre_hook", "register_module_parameter_registration_hook",
           "register_module_buffer_registration_hook", "register_module_module_registration_hook"]



class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns: the keys it missed and the keys it did not expect. Prints
    ``<All keys matched successfully>`` when both are empty, as PyTorch's ``_IncompatibleKeys``."""
    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


IncompatibleKeys = _IncompatibleKeys
StateDictMixin._incompatible_keys = staticmethod(_IncompatibleKeys)


class Module(StateDictMixin):
    """Base class of every layer and model.

    Assigning a ``Parameter``, a ``Module`` or (through ``register_buffer``) a tensor as an attribute
    registers it, so ``parameters()``, ``state_dict()``, ``to()``, ``train()``/``eval()`` see it.

    >>> import gradlib
    >>> class Affine(gradlib.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.scale = gradlib.nn.Parameter(gradlib.ones(2))
    ...     def forward(self, x):
    ...         return x * self.scale
    >>> model = Affine()
    >>> [name for name, _ in model.named_parameters()]
    ['scale']
    >>> model(gradlib.tensor([1., 2.]))
    tensor([1., 2.], grad_fn=<MulBackward0>)
    """

    def __init__(self, *args, **kwargs):
        if kwargs:  # nn.Sigmoid(inplace=True) is a mistake, as in PyTorch
            raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                            f"'{next(iter(kwargs))}'")
        if args:
            raise TypeError(f"{type(self).__name__}.__init__() takes 1 positional argument but {len(args) + 1} were "
                            f"given")
        # plain dicts, as PyTorch's (printing model._modules shows {...}); the hook tables are OrderedDicts
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent", set())
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())
        object.__setattr__(self, "_hook_options", {})  # hook id -> {"with_kwargs", "always_call"} (if any)
        object.__setattr__(self, "_backward_hooks", OrderedDict())
        object.__setattr__(self, "_backward_pre_hooks", OrderedDict())
        object.__setattr__(self, "_is_full_backward_hook", None)
        object.__setattr__(self, "training", True)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    #: the state-dict format version, saved in each module's ``state_dict`` metadata (PyTorch's ``_version``);
    #: a subclass that changes its format raises it and reads ``local_metadata['version']`` when loading
    _version = 1
    #: PyTorch's switch for calling ``super().__init__(*args, **kwargs)`` in ``Module.__init__`` (off, as there)
    call_super_init = False
    #: PyTorch's flag for writing source patches when loading pickled modules (off, as there; unused)
    dump_patches = False
    #: the type variable of ``state_dict``'s ``destination`` (PyTorch's ``T_destination``)
    T_destination = typing.TypeVar("T_destination", bound=dict)

    #: a module made without ``Module.__init__`` (unpickled from an older gradlib) has no backward hooks; the
    #: register methods give it tables of its own
    _backward_hooks = _backward_pre_hooks = _full_backward_hooks.EMPTY
    _is_full_backward_hook = None

    def __call__(self, *args, **kwargs):
        if not self._forward_pre_hooks and not self._forward_hooks and not self._backward_hooks \
                and not self._backward_pre_hooks and not _GLOBAL_CALL_HOOKS:
            return self.forward(*args, **kwargs)
        return _call_with_hooks(self, args, kwargs)

    def _backward_hook(self):
        """This call's full BackwardHook (global hooks first, then the module's), or None when it has none."""
        full_hooks = self._get_backward_hooks()[0]
        pre_hooks = [*_global_hooks.backward_pre_hooks.values(), *self._backward_pre_hooks.values()]
        if not full_hooks and not pre_hooks:
            return None
        return _full_backward_hooks.BackwardHook(self, full_hooks, pre_hooks)

    def _get_backward_hooks(self):
        """(full backward hooks, deprecated backward hooks) of a call, global ones first (PyTorch's
        ``_get_backward_hooks``)."""
        full, non_full = [], []
        for is_full, table in ((_global_hooks._global_is_full_backward_hook, _global_hooks.backward_hooks),
                               (self._is_full_backward_hook, self._backward_hooks)):
            if is_full is True:
                full += table.values()
            elif is_full is False:
                non_full += table.values()
        return full, non_full

    # ----- registration -------------------------------------------------------------------------------
    def __setattr__(self, name, value):
        """PyTorch's rules: a Parameter registers as a parameter, a Module as a submodule, a Buffer (or a tensor
        assigned to a registered buffer name) as a buffer, each leaving the other tables; a registered parameter
        or submodule name takes only its own kind or None (TypeError otherwise); anything else is a plain
        attribute."""
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._remove(name, self.__dict__, self._buffers, self._modules, self._non_persistent)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as parameter '{name}' "
                                "(gradlib.nn.Parameter or None expected)")
            self.register_parameter(name, value)
        else:
            modules = self.__dict__.get("_modules")
            if isinstance(value, Module):
                if modules is None:
                    raise AttributeError("cannot assign module before Module.__init__() call")
                self._remove(name, self.__dict__, self._parameters, self._buffers, self._non_persistent)
                modules[name] = _global_hooks.registered(_global_hooks.module_registration_hooks, self, name, value)
            elif modules is not None and name in modules:
                if value is not None:
                    raise TypeError(f"cannot assign '{_typename(value)}' as child module '{name}' "
                                    "(gradlib.nn.Module or None expected)")
                modules[name] = _global_hooks.registered(_global_hooks.module_registration_hooks, self, name, value)
            else:
                buffers = self.__dict__.get("_buffers")
                if isinstance(value, Buffer) or (buffers is not None and name in buffers):
                    if value is not None and not isinstance(value, (Tensor, Buffer)):
                        raise TypeError(f"cannot assign '{_typename(value)}' as buffer '{name}' "
                                        "(gradlib.nn.Buffer, gradlib.Tensor or None expected)")
                    if isinstance(value, Buffer):
                        persistent = value.persistent
                        value = value.data
                    else:
                        persistent = name not in self._non_persistent
                    self.register_buffer(name, value, persistent)
                else:
                    object.__setattr__(self, name, value)

    @staticmethod
    def _remove(name, *tables):
        for table in tables:
            if name in table:
                if isinstance(table, set):
                    table.discard(name)
                else:
                    del table[name]

    def __getattr__(self, name):
        for table in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(table)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        if name in self._parameters:
            del self._parameters[name]
        elif name in self._buffers:
            del self._buffers[name]
            self._non_persistent.discard(name)
        elif name in self._modules:
            del self._modules[name]
        else:
            object.__delattr__(self, name)

    def _check_name(self, kind, name, table):
        """PyTorch's checks of a name registered as a parameter, buffer or submodule."""
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {_typename(name)}")
        if "." in name:
            raise KeyError(f"{kind} name can't contain \".\"" + (f", got: {name}" if kind == "module" else ""))
        if name == "":
            raise KeyError(f"{kind} name can't be empty string \"\"")
        if hasattr(self, name) and name not in table:
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name, param):
        """Register ``param`` (a Parameter or None) under ``name``.

        Raises PyTorch's errors: KeyError for a name with '.', an empty name or the name of another attribute;
        TypeError for a name that is not a string or a value that is not a Parameter; ValueError for a
        non-leaf tensor.
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name("parameter", name, self._parameters)
        if param is None:
            self._parameters[name] = None
        elif not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                            "(gradlib.nn.Parameter or None required)")
        elif param.grad_fn is not None:
            raise ValueError(f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                             f"created explicitly. To express '{name}' as a function of another Tensor, compute "
                             "the value in the forward() method.")
        else:
            self._parameters[name] = _global_hooks.registered(_global_hooks.parameter_registration_hooks, self,
                                                              name, param)

    def register_buffer(self, name, tensor, persistent=True):
        """Register a tensor that is state but not a parameter (e.g. running statistics).

        Raises PyTorch's errors: KeyError for a name with '.', an empty name or the name of another attribute
        (a parameter included); TypeError for a name that is not a string or a value that is not a tensor.
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name("buffer", name, self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{_typename(tensor)}' object to buffer '{name}' (gradlib Tensor or "
                            "None required)")
        self._buffers[name] = _global_hooks.registered(_global_hooks.buffer_registration_hooks, self, name, tensor)
        if persistent:
            self._non_persistent.discard(name)
        else:
            self._non_persistent.add(name)

    def add_module(self, name, module):
        """Register a submodule (a Module or None) under ``name``, with PyTorch's checks of the name."""
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {_typename(name)}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f"module name can't contain \".\", got: {name}")
        if name == "":
            raise KeyError("module name can't be empty string \"\"")
        self._modules[name] = _global_hooks.registered(_global_hooks.module_registration_hooks, self, name, module)

    register_module = add_module

    def get_submodule(self, target):
        """The submodule at dotted path ``target`` ('' is the module itself); AttributeError, with PyTorch's
        wording, where a part of the path names no submodule."""
        module = self
        for part in target.split(".") if target else []:
            if not hasattr(module, part):
                raise AttributeError(f"{type(module).__name__} has no attribute `{part}`")
            module = getattr(module, part)
            if not isinstance(module, Module):
                raise AttributeError(f"`{part}` is not an nn.Module")
        return module

    def set_submodule(self, target, module, strict=False):
        """Put ``module`` at dotted path ``target`` (``'block.conv'``): the parent must exist; the last part may
        be new unless ``strict``. Mirrors ``torch.nn.Module.set_submodule``: ValueError for an empty ``target``
        or a ``module`` that is not a Module, AttributeError (PyTorch's wording) for a missing parent, a missing
        name with ``strict=True``, or a name that holds something other than a module.

        >>> import gradlib
        >>> model = gradlib.nn.Sequential(gradlib.nn.Linear(2, 2), gradlib.nn.ReLU())
        >>> model.set_submodule("1", gradlib.nn.Tanh())
        >>> model[1]
        Tanh()
        """
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        atoms = target.split(".")
        if not isinstance(module, Module):
            raise ValueError(f"`module` is not an nn.Module, found {type(module)}")
        parent = self if len(atoms) == 1 else self.get_submodule(".".join(atoms[:-1]))
        name = atoms[-1]
        if strict and not hasattr(parent, name):
            raise AttributeError(f"{parent._get_name()} has no attribute `{name}`")
        if hasattr(parent, name) and not isinstance(getattr(parent, name), Module):
            raise AttributeError(f"`{name}` is not an nn.Module")
        setattr(parent, name, module)

    def get_parameter(self, target):
        """The parameter at dotted path ``target`` (``'fc.bias'``); AttributeError as PyTorch where it is missing
        or not a parameter."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{type(module).__name__} has no attribute `{name}`")
        param = getattr(module, name)
        if not isinstance(param, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return param

    def get_buffer(self, target):
        """The buffer at dotted path ``target``; AttributeError as PyTorch where it is missing or not a buffer."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{type(module).__name__} has no attribute `{name}`")
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return getattr(module, name)

    # ----- traversal -----------------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """Every module in the tree, depth first, with its dotted name (iterative: deep models are fine); a module
        reachable twice is listed once unless ``remove_duplicate=False``."""
        seen = set() if memo is None else memo
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if remove_duplicate:
                if module in seen:
                    continue
                seen.add(module)
            yield name, module
            children = [(f"{name}.{child_name}" if name else child_name, child)
                        for child_name, child in module._modules.items() if child is not None]
            stack.extend(reversed(children))

    def modules(self, remove_duplicate=True):
        for _, module in self.named_modules(remove_duplicate=remove_duplicate):
            yield module

    def named_children(self):
        """The direct submodules with their names; one registered under two names is listed once (as PyTorch)."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, table, prefix, recurse, remove_duplicate=True):
        seen = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse \
            else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in getattr(module, table).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield (f"{module_prefix}.{name}" if module_prefix else name), value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """(name, Parameter) pairs of this module and its submodules; a parameter (or module) reachable under
        several names is listed once unless ``remove_duplicate=False``. Mirrors
        ``torch.nn.Module.named_parameters``.

        >>> import gradlib
        >>> model = gradlib.nn.Sequential(gradlib.nn.Linear(1, 1, bias=False))
        >>> model.append(model[0])
        Sequential(
          (0): Linear(in_features=1, out_features=1, bias=False)
          (1): Linear(in_features=1, out_features=1, bias=False)
        )
        >>> [name for name, _ in model.named_parameters()], [name for name, _ in model.named_parameters(
        ...     remove_duplicate=False)]
        (['0.weight'], ['0.weight', '1.weight'])
        """
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        """The parameters of this module and its submodules (each once)."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """(name, buffer) pairs of this module and its submodules (each once unless ``remove_duplicate=False``);
        mirrors ``torch.nn.Module.named_buffers``."""
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    # ----- modes and conversion --------------------------------------------------------------------------
    def compile(self, *args, **kwargs):  # PyTorch's signature: forwards everything to torch.compile
        """``Module.compile(...)``: PyTorch compiles this module's forward in place with ``torch.compile(...)``'s
        arguments. gradlib has no compiler (see ``gradlib.compile``): the arguments are checked as
        ``gradlib.compile`` checks them and the module keeps running eagerly, with the same results. Returns None.

        >>> import gradlib
        >>> layer = gradlib.nn.Linear(2, 1)
        >>> layer.compile(mode="max-autotune") is None
        True
        """
        _compile_arguments.check_compile_arguments(kwargs.get("backend", "inductor"), kwargs.get("mode"),
                                                   kwargs.get("options"))

    def train(self, mode=True):
        """Set training mode (dropout active, batch norm uses batch statistics) on the whole tree."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        """Set evaluation mode."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters (to None by default)."""
        _zero_grads.zero_grads(self.parameters(), set_to_none)

    def apply(self, fn):
        """Call ``fn`` on every submodule, then on self, in PyTorch's order: each child's whole subtree (its
        children first, in registration order), then the next child, then self. A module registered twice under
        one parent is visited once there; one shared by two parents is visited under each (as PyTorch). Iterative,
        so deep models are fine."""
        stack = [(self, self.children())]
        while stack:
            module, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                fn(module)
            else:
                stack.append((child, child.children()))
        return self

    def _apply(self, convert, recurse=True):
        """Convert every parameter and buffer (``recurse=False``: this module's own only). As PyTorch, a
        Parameter stays the same object and gets the converted data (its ``.grad`` too), so optimizers built
        before ``.cuda()`` or ``.double()`` still hold the model's parameters; buffers are replaced."""
        for module in (self.modules() if recurse else (self,)):
            for name, param in module._parameters.items():
                if param is None:
                    continue
                with autograd.no_grad():
                    converted = convert(param)
                    grad = param.grad
                    grad_converted = None if grad is None else convert(grad)
                if converted is not param:
                    param.data = converted
                if grad_converted is not None and grad_converted is not grad:
                    grad.data = grad_converted
            for name, buffer in module._buffers.items():
                if buffer is None:
                    continue
                with autograd.no_grad():
                    module._buffers[name] = convert(buffer)
        return self

    def to(self, *args, **kwargs):
        """Move and/or cast the parameters and buffers in place and return the module (PyTorch's
        ``nn.Module.to``): ``to(device)``, ``to(dtype)``, ``to(device, dtype)``, ``to(tensor)`` (its device and
        dtype), or the keywords ``device=``, ``dtype=``, ``non_blocking=`` (accepted, ignored) and ``memory_format=``
        (applied to the 4-D and 5-D parameters and buffers: ``gradlib.channels_last`` stores conv weights channels
        innermost; a 5-D one then raises PyTorch's rank RuntimeError).

        ``dtype`` applies to floating-point parameters and buffers only (integer buffers such as BatchNorm's
        ``num_batches_tracked`` keep theirs); shapes never change. Each Parameter stays the same object and gets
        the converted data (its ``.grad`` too), so an optimizer built before ``.to`` still trains the model.
        Raises TypeError for a non-floating ``dtype`` (PyTorch's message), RuntimeError for a device string
        gradlib does not know, and gradlib's RuntimeError with the install hint for ``'cuda'`` where CUDA is not
        usable; nothing is converted then.

        >>> import gradlib
        >>> from gradlib import nn
        >>> device = "cuda" if gradlib.cuda.is_available() else "cpu"
        >>> model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
        >>> weight = model[0].weight
        >>> model.to(device, gradlib.float64) is model
        True
        >>> model[0].weight is weight, weight.dtype, weight.shape, weight.device.type == device
        (True, gradlib.float64, gradlib.Size([2, 3]), True)
        >>> model[1].num_batches_tracked.dtype
        gradlib.int64
        """
        kwargs = dict(kwargs)
        memory_format = kwargs.pop("memory_format", None)
        _formats.check_format_argument(memory_format)
        device, dtype, _ = _tensor._parse_to(None, args, kwargs)
        if dtype is not None and not (dtype.is_floating_point or dtype.is_complex):
            raise TypeError(f"nn.Module.to only accepts floating point or complex dtypes, but got desired "
                            f"dtype={dtype}")
        if dtype is not None and dtype.is_complex:
            warnings.warn("Complex modules are a new feature under active development whose design may change, and "
                          "some modules might not work as expected when using complex tensors as parameters or "
                          "buffers. Please file an issue at "
                          "https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml if a complex module "
                          "does not work as expected.", UserWarning, stacklevel=2)

        def convert(tensor):
            out = tensor
            if dtype is not None and tensor.dtype.is_floating_point:
                out = conversion.to_dtype(out, dtype)
            if device is not None:
                out = conversion.to_device(out, device)
            if tensor.ndim in (4, 5):  # as PyTorch: the memory format applies to 4-D and 5-D tensors only
                out = conversion.to_memory_format(out, memory_format)
            return out

        return self._apply(convert)

    def to_empty(self, *, device, recurse=True):
        """Give every parameter and buffer new, uninitialized storage of its shape and dtype on ``device`` and
        return the module (PyTorch's ``nn.Module.to_empty``): the way off the meta device, whose tensors have no
        values that ``.to()`` could copy. Each Parameter stays the same object; ``recurse=False`` leaves the
        submodules alone. Initialize the values afterwards (``reset_parameters()``, ``load_state_dict``).

        >>> import gradlib
        >>> from gradlib import nn
        >>> with gradlib.device('meta'):
        ...     model = nn.Linear(3, 2)
        >>> model.weight.is_meta
        True
        >>> model.to_empty(device='cpu').weight.device, model.weight.shape
        (device(type='cpu'), gradlib.Size([2, 3]))
        """
        target = _resolve_device(device)
        return self._apply(lambda tensor: _creation.empty_like(tensor, device=target), recurse)

    def share_memory(self):
        """Move every parameter and buffer into shared memory (``Tensor.share_memory_``) and return the module.
        Mirrors ``torch.nn.Module.share_memory``.

        >>> import gradlib
        >>> layer = gradlib.nn.Linear(1, 1)
        >>> layer.share_memory() is layer, layer.weight.is_shared()
        (True, True)
        """
        return self._apply(lambda tensor: tensor.share_memory_())

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else device)

    def xpu(self, device=None):
        """Move to an Intel XPU (``torch.nn.Module.xpu``): gradlib has no XPU backend, so a module with any
        parameter or buffer raises PyTorch's AssertionError of a build without XPU (one without tensors is
        returned unchanged, as PyTorch's)."""
        return self._apply(_refuse(AssertionError, "Torch not compiled with XPU enabled"))

    def ipu(self, device=None):
        """Move to a Graphcore IPU (``torch.nn.Module.ipu``): none in gradlib; PyTorch's RuntimeError where the
        module has tensors."""
        return self._apply(_refuse(RuntimeError, "PyTorch is not linked with support for ipu devices"))

    def mtia(self, device=None):
        """Move to an MTIA device (``torch.nn.Module.mtia``): none in gradlib; PyTorch's AssertionError where
        the module has tensors."""
        return self._apply(_refuse(AssertionError, _NO_MTIA))

    def type(self, dst_type):
        """Cast every parameter and buffer, integer ones included, to ``dst_type`` (a dtype or a legacy type
        name such as ``'torch.DoubleTensor'``) and return the module. Mirrors ``torch.nn.Module.type``
        (``Tensor.type`` per tensor; unlike ``.to(dtype)`` it also converts BatchNorm's ``num_batches_tracked``).

        >>> import gradlib
        >>> norm = gradlib.nn.BatchNorm1d(2).type(gradlib.float64)
        >>> norm.weight.dtype, norm.num_batches_tracked.dtype
        (gradlib.float64, gradlib.float64)
        """
        return self._apply(lambda tensor: tensor.type(dst_type))

    def float(self):
        return self.to(dtypes.float32)

    def double(self):
        return self.to(dtypes.float64)

    def half(self):
        return self.to(dtypes.float16)

    def bfloat16(self):
        """Cast floating parameters and buffers to bfloat16 (``torch.nn.Module.bfloat16``); returns self."""
        return self.to(dtypes.bfloat16)

    # ----- state -------------------------------------------------------------------------------------
    # ----- hooks -------------------------------------------------------------------------------------
    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """Run ``hook(module, args, output)`` after forward (``hook(module, args, kwargs, output)`` with
        ``with_kwargs``); a returned value replaces the output. ``prepend`` runs it before the hooks already
        registered; ``always_call`` runs it (with output None) even when forward raises."""
        handle = hooks.RemovableHandle(self._forward_hooks)
        self._add_hook(self._forward_hooks, handle.id, hook, prepend,
                       {flag for flag, on in (("with_kwargs", with_kwargs), ("always_call", always_call)) if on})
        return handle

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Run ``hook(module, args)`` before forward; a returned value replaces the arguments. With
        ``with_kwargs``: ``hook(module, args, kwargs)`` returning None or ``(args, kwargs)``."""
        handle = hooks.RemovableHandle(self._forward_pre_hooks)
        self._add_hook(self._forward_pre_hooks, handle.id, hook, prepend, {"with_kwargs"} if with_kwargs else set())
        return handle

    def register_backward_hook(self, hook):
        """Deprecated (use ``register_full_backward_hook``): register ``hook(module, grad_input, grad_output)`` on
        the autograd node that makes the module's output (its first tensor), so ``grad_input`` is that node's
        input gradients, whatever the module's inputs; a returned tuple replaces them. Mirrors
        ``torch.nn.Module.register_backward_hook``, with PyTorch's FutureWarning at each call where that node's
        gradients are not the module's, and its RuntimeError on a module with full backward hooks.

        >>> import gradlib
        >>> layer = gradlib.nn.Tanh()
        >>> handle = layer.register_backward_hook(lambda module, grad_input, grad_output: print(len(grad_input)))
        >>> layer(gradlib.ones(2, requires_grad=True)).sum().backward()
        1
        """
        if self._is_full_backward_hook is True:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")
        table = self._backward_hook_table("_backward_hooks")
        object.__setattr__(self, "_is_full_backward_hook", False)
        handle = hooks.RemovableHandle(table)
        table[handle.id] = hook
        return handle

    def register_full_backward_hook(self, hook, prepend=False):
        """Run ``hook(module, grad_input, grad_output)`` when the gradients with respect to the module's inputs
        are computed (``grad_input``, ``grad_output``: tuples with None at non-tensor positions); a returned tuple
        replaces ``grad_input``. Mirrors ``torch.nn.Module.register_full_backward_hook``: the module's inputs and
        outputs pass through an identity node (``BackwardHookFunctionBackward``); where no input requires grad
        the hook fires with ``grad_input`` all None (and a warning). Raises RuntimeError for a hook returning the
        wrong number of gradients.

        >>> import gradlib
        >>> layer = gradlib.nn.Linear(2, 1)
        >>> handle = layer.register_full_backward_hook(lambda m, gi, go: print([g.shape for g in gi + go]))
        >>> y = layer(gradlib.ones(3, 2, requires_grad=True)); y.grad_fn.name()
        'BackwardHookFunctionBackward'
        >>> y.sum().backward()
        [gradlib.Size([3, 2]), gradlib.Size([3, 1])]
        """
        if self._is_full_backward_hook is False:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")
        table = self._backward_hook_table("_backward_hooks")
        handle = hooks.RemovableHandle(table)
        object.__setattr__(self, "_is_full_backward_hook", True)
        self._add_hook(table, handle.id, hook, prepend, set())
        return handle

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Run ``hook(module, grad_output)`` when the gradients with respect to the module's output are
        computed, before the full backward hooks; a returned tuple replaces ``grad_output``. Mirrors
        ``torch.nn.Module.register_full_backward_pre_hook``.

        >>> import gradlib
        >>> layer = gradlib.nn.Identity()
        >>> handle = layer.register_full_backward_pre_hook(lambda m, go: (go[0] * 10,))
        >>> x = gradlib.ones(2, requires_grad=True); layer(x).sum().backward(); x.grad
        tensor([10., 10.])
        """
        table = self._backward_hook_table("_backward_pre_hooks")
        handle = hooks.RemovableHandle(table)
        self._add_hook(table, handle.id, hook, prepend, set())
        return handle

    def _backward_hook_table(self, name):
        table = self.__dict__.get(name)
        if table is None:  # a module unpickled from an older gradlib
            table = OrderedDict()
            object.__setattr__(self, name, table)
        return table

    def _add_hook(self, table, hook_id, hook, prepend, flags):
        table[hook_id] = hook
        if prepend:
            table.move_to_end(hook_id, last=False)
        if flags:
            self._hook_options[hook_id] = frozenset(flags)

    # ----- printing ----------------------------------------------------------------------------------
    def extra_repr(self):
        """The text inside this module's ``repr`` parentheses (before its children); subclasses override it.
        Mirrors ``torch.nn.Module.extra_repr``: the base class's is empty."""
        return ""

    def _get_name(self):
        """The class name ``repr`` prints (``torch.nn.Module._get_name``)."""
        return type(self).__name__

    def __setstate__(self, state):
        """Restore a pickled module (``torch.nn.Module.__setstate__``): its ``__dict__``, plus the empty hook
        tables that a module pickled by an older version lacks."""
        self.__dict__.update(state)
        for table in ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks",
                      "_state_dict_hooks", "_state_dict_pre_hooks", "_load_state_dict_pre_hooks",
                      "_load_state_dict_post_hooks"):
            if table not in self.__dict__:
                self.__dict__[table] = OrderedDict()
        self.__dict__.setdefault("_hook_options", {})
        self.__dict__.setdefault("_non_persistent", set())
        self.__dict__.setdefault("_is_full_backward_hook", None)

    def __repr__(self):
        lines = []
        extra = self.extra_repr()
        if extra:
            lines = extra.split("\n")
        for name, module in self._modules.items():
            child = repr(module).replace("\n", "\n  ")
            lines.append(f"({name}): {child}")
        main = self._get_name() + "("
        if lines:
            if len(lines) == 1 and not self._modules:
                main += lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(self._parameters) | set(self._modules) | set(self._buffers))


_NO_MTIA = ("Torch not compiled with MTIA enabled. Ensure you have `import "
            "mtia.host_runtime.torch_mtia.dynamic_library` in your python src file and include "
            "`//mtia/host_runtime/torch_mtia:torch_mtia` as your target dependency!")


def _refuse(error, message):
    """A conversion for ``Module._apply`` that refuses a device gradlib does not have, as PyTorch does."""
    def convert(tensor):
        raise error(message)
    return convert


def _join(prefix, name):
    return f"{prefix}.{name}" if prefix else name


def _typename(value):
    """How PyTorch's ``torch.typename`` names a value in these messages: a tensor by its legacy type
    (``gradlib.FloatTensor``), a builtin by its class name, anything else by module and qualified name."""
    if isinstance(value, Buffer):
        value = value.data  # PyTorch's Buffer is a tensor
    if isinstance(value, Tensor):
        return value.type()
    module = getattr(value, "__module__", "") or ""
    qualname = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if not isinstance(qualname, str):
        module = type(value).__module__ or ""
        qualname = type(value).__qualname__
    if module in ("", "builtins"):
        return qualname
    return f"{module}.{qualname}"
