"""``Module``: the base class of layers and models (parameters, buffers, submodules, modes, state dicts)."""
from collections import OrderedDict, namedtuple

from ... import _tensor, autograd, dtypes
from ..._tensor import Tensor
from ...autograd import hooks
from ...ops import conversion
from .. import utils
from ..parameter import Buffer, Parameter

__all__ = ["Module"]

IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


class Module:
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

    training = True

    def __init__(self, *args, **kwargs):
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent", set())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())
        object.__setattr__(self, "training", True)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        for hook in list(self._forward_pre_hooks.values()):
            result = hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        output = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            result = hook(self, args, output)
            if result is not None:
                output = result
        return output

    # ----- registration -------------------------------------------------------------------------------
    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign to a Module before Module.__init__() call")
        was_buffer = name in self._buffers
        for table in (self._parameters, self._buffers, self._modules):
            table.pop(name, None)
        if isinstance(value, Parameter):
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        elif isinstance(value, Buffer):
            self.register_buffer(name, value.data, value.persistent)
        elif was_buffer and (value is None or isinstance(value, Tensor)):
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        for table in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(table)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        for table in (self._parameters, self._buffers, self._modules):
            if name in table:
                del table[name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name, param):
        """Register ``param`` (a Parameter or None) under ``name``."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                            "(gradlib.nn.Parameter or None required)")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Register a tensor that is state but not a parameter (e.g. running statistics)."""
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' (gradlib Tensor or "
                            "None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent.discard(name)
        else:
            self._non_persistent.add(name)

    def add_module(self, name, module):
        """Register a submodule."""
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target):
        module = self
        for part in target.split(".") if target else []:
            module = module._modules[part]
        return module

    # ----- traversal -----------------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix=""):
        """Every module in the tree, depth first, with its dotted name (iterative: deep models are fine)."""
        seen = set() if memo is None else memo
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [(f"{name}.{child_name}" if name else child_name, child)
                        for child_name, child in module._modules.items() if child is not None]
            stack.extend(reversed(children))

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        for name, module in self._modules.items():
            if module is not None:
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, table, prefix, recurse):
        seen = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in getattr(module, table).items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield (f"{module_prefix}.{name}" if module_prefix else name), value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """(name, Parameter) pairs of this module and its submodules."""
        yield from self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse=True):
        """The parameters of this module and its submodules (each once)."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_buffers", prefix, recurse)

    def buffers(self, recurse=True):
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    # ----- modes and conversion --------------------------------------------------------------------------
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
        utils.zero_grads(self.parameters(), set_to_none)

    def apply(self, fn):
        """Call ``fn(module)`` on every submodule, then on self (children first, as PyTorch)."""
        for module in reversed(list(self.modules())):
            fn(module)
        return self

    def _apply(self, convert):
        """Convert every parameter and buffer. As PyTorch, a Parameter stays the same object and gets the
        converted data (its ``.grad`` too), so optimizers built before ``.cuda()`` or ``.double()`` still hold
        the model's parameters; buffers are replaced."""
        for module in self.modules():
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
        dtype), or the keywords ``device=``, ``dtype=``, ``non_blocking=`` (accepted, ignored).

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
        device, dtype, _ = _tensor._parse_to(None, args, dict(kwargs))
        if dtype is not None and not dtype.is_floating_point:
            raise TypeError(f"nn.Module.to only accepts floating point or complex dtypes, but got desired "
                            f"dtype={dtype}")

        def convert(tensor):
            out = tensor
            if dtype is not None and tensor.dtype.is_floating_point:
                out = conversion.to_dtype(out, dtype)
            if device is not None:
                out = conversion.to_device(out, device)
            return out

        return self._apply(convert)

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else device)

    def float(self):
        return self.to(dtypes.float32)

    def double(self):
        return self.to(dtypes.float64)

    def half(self):
        return self.to(dtypes.float16)

    # ----- state -------------------------------------------------------------------------------------
    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """An ordered dict of parameters and persistent buffers by dotted name (detached unless keep_vars)."""
        state = OrderedDict() if destination is None else destination
        for module_prefix, module in self.named_modules(prefix=prefix.rstrip(".")):
            for name, param in module._parameters.items():
                if param is not None:
                    state[_join(module_prefix, name)] = param if keep_vars else param.detach()
            for name, buffer in module._buffers.items():
                if buffer is not None and name not in module._non_persistent:
                    state[_join(module_prefix, name)] = buffer if keep_vars else buffer.detach()
        return state

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy values from ``state_dict`` into parameters and buffers; with ``strict`` the keys must match."""
        own = self.state_dict(keep_vars=True)
        missing = [key for key in own if key not in state_dict]
        unexpected = [key for key in state_dict if key not in own]
        errors = []
        for key, value in state_dict.items():
            if key not in own:
                continue
            target = own[key]
            if tuple(value.shape) != tuple(target.shape):
                errors.append(f'size mismatch for {key}: copying a param with shape {value.shape} from checkpoint, '
                              f'the shape in current model is {target.shape}.')
                continue
            with autograd.no_grad():
                target.copy_(value)
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(errors))
        return IncompatibleKeys(missing, unexpected)

    # ----- hooks -------------------------------------------------------------------------------------
    def register_forward_hook(self, hook):
        """Run ``hook(module, args, output)`` after forward; a returned value replaces the output."""
        handle = hooks.RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    def register_forward_pre_hook(self, hook):
        """Run ``hook(module, args)`` before forward; a returned value replaces the arguments."""
        handle = hooks.RemovableHandle(self._forward_pre_hooks)
        self._forward_pre_hooks[handle.id] = hook
        return handle

    # ----- printing ----------------------------------------------------------------------------------
    def extra_repr(self):
        return ""

    def __repr__(self):
        lines = []
        extra = self.extra_repr()
        if extra:
            lines = extra.split("\n")
        for name, module in self._modules.items():
            child = repr(module).replace("\n", "\n  ")
            lines.append(f"({name}): {child}")
        main = type(self).__name__ + "("
        if lines:
            if len(lines) == 1 and not self._modules:
                main += lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(self._parameters) | set(self._modules) | set(self._buffers))


def _join(prefix, name):
    return f"{prefix}.{name}" if prefix else name
