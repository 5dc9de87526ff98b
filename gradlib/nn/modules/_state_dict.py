"""``Module.state_dict``/``load_state_dict`` and their hooks, as PyTorch's: both walk the module tree (a module's
own parameters and persistent buffers, then each child under ``prefix + name + "."``). ``state_dict`` runs a
module's state-dict pre-hooks ``hook(module, prefix, keep_vars)`` before it and its post-hooks
``hook(module, state_dict, prefix, local_metadata)`` after its children; ``load_state_dict`` runs a module's
load pre-hooks ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
error_msgs)`` before loading it and its load post-hooks ``hook(module, incompatible_keys)`` after its children,
before the strict check (a hook may empty the key lists in place)."""
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Mapping

from ... import autograd
from ...autograd import hooks
from ..._tensor import Tensor
from .. import parameter
from . import _load_state

__all__ = ["StateDictMixin"]


def _table(module, name):
    table = module.__dict__.get(name)
    if table is None:
        table = OrderedDict()
        object.__setattr__(module, name, table)
    return table


def _register(module, name, hook, prepend=False):
    table = _table(module, name)
    handle = hooks.RemovableHandle(table)
    table[handle.id] = hook
    if prepend:
        table.move_to_end(handle.id, last=False)
    return handle


def _own_state(module, keep_vars):
    """The module's own parameters and persistent buffers by name (detached unless ``keep_vars``)."""
    own = OrderedDict()
    for name, param in module._parameters.items():
        if param is not None:
            own[name] = param if keep_vars or parameter.is_lazy(param) else param.detach()
    for name, buffer in module._buffers.items():
        if buffer is not None and name not in module._non_persistent:
            own[name] = buffer if keep_vars or parameter.is_lazy(buffer) else buffer.detach()
    return own


#: the key of a module's extra state in its state dict (after the module's prefix), as PyTorch's
EXTRA_STATE_KEY = "_extra_state"

_NEVER_CALLED = ("Reached a code path in Module.{}() that should never be called. Please file an issue at "
                 "https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.")


def _overrides(module, name):
    """Whether ``module``'s class overrides ``StateDictMixin.name`` (the extra-state methods count only then)."""
    return getattr(type(module), name, None) is not getattr(StateDictMixin, name)


class _WithModule:
    """A hook registered with its module (a load pre-hook, a deprecated backward hook on a node): called as
    ``hook(module, *args)`` (PyTorch's ``_WrappedHook``); holds the module weakly, so the hook table makes no cycle,
    and raises PyTorch's RuntimeError once the module is gone."""

    def __init__(self, hook, module):
        self.hook = hook
        self.module = weakref.ref(module)

    def __call__(self, *args):
        module = self.module()
        if module is None:
            raise RuntimeError("You are trying to call the hook of a dead Module!")
        return self.hook(module, *args)

    def __getstate__(self):  # pickle and deepcopy carry the module itself (a copy's hook calls the copy)
        return {"hook": self.hook, "module": self.module()}

    def __setstate__(self, state):
        self.hook = state["hook"]
        self.module = weakref.ref(state["module"])


class StateDictMixin:
    """The state-dict half of ``Module`` (see the module docstring)."""

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An ordered dict of parameters and persistent buffers by dotted name (detached unless keep_vars);
        mirrors ``torch.nn.Module.state_dict``, hooks included. Positional ``(destination, prefix, keep_vars)``
        still work, with PyTorch's FutureWarning.

        >>> import gradlib
        >>> list(gradlib.nn.Sequential(gradlib.nn.Linear(2, 1)).state_dict())
        ['0.weight', '0.bias']
        """
        if args:
            warnings.warn("Positional args are being deprecated, use kwargs instead. Refer to "
                          "https://pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.state_dict "
                          "for details.", FutureWarning, stacklevel=2)
            if destination is None:
                destination = args[0]
            if len(args) > 1 and prefix == "":
                prefix = args[1]
            if len(args) > 2 and keep_vars is False:
                keep_vars = args[2]
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        local_metadata = {"version": getattr(self, "_version", 1)}
        if hasattr(destination, "_metadata"):
            destination._metadata[prefix[:-1]] = local_metadata
        for hook in _table(self, "_state_dict_pre_hooks").values():
            hook(self, prefix, keep_vars)
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        private = _table(self, "_state_dict_private_hooks")
        for hook_id, hook in _table(self, "_state_dict_hooks").items():
            result = hook(self, destination, prefix, local_metadata)
            if hook_id in private:  # ``_register_state_dict_hook``: a returned dict replaces the destination
                if result is not None:
                    destination = result
            elif result is not None:
                raise RuntimeError("state_dict post-hook must return None")
        return destination

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        """Put this module's own state (not its children's) in ``destination`` under ``prefix``: its parameters
        and persistent buffers (detached unless ``keep_vars``), and ``prefix + '_extra_state'`` when its class
        overrides ``get_extra_state``. Mirrors ``torch.nn.Module._save_to_state_dict``; a subclass overrides it to
        save more or other entries (``state_dict`` calls it once per module).

        >>> import gradlib
        >>> destination = {}
        >>> gradlib.nn.Linear(2, 1)._save_to_state_dict(destination, "fc.", False)
        >>> list(destination)
        ['fc.weight', 'fc.bias']
        """
        for name, value in _own_state(self, keep_vars).items():
            destination[prefix + name] = value
        if _overrides(self, "get_extra_state"):
            destination[prefix + EXTRA_STATE_KEY] = self.get_extra_state()

    def get_extra_state(self):
        """The module's extra (non-tensor) state for its state dict; a subclass that has some overrides this and
        ``set_extra_state`` (the state dict then holds it under ``'_extra_state'``; it should be picklable).
        Mirrors ``torch.nn.Module.get_extra_state``: the base class's raises RuntimeError, as PyTorch's.

        >>> import gradlib
        >>> class Counter(gradlib.nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.count = 0
        ...     def get_extra_state(self):
        ...         return {"count": self.count}
        ...     def set_extra_state(self, state):
        ...         self.count = state["count"]
        >>> dict(Counter().state_dict())
        {'_extra_state': {'count': 0}}
        """
        raise RuntimeError(_NEVER_CALLED.format("get_extra_state"))

    def set_extra_state(self, state):
        """Restore what ``get_extra_state`` returned (``load_state_dict`` calls it with the state dict's
        ``'_extra_state'`` entry). Mirrors ``torch.nn.Module.set_extra_state``: the base class's raises
        RuntimeError, as PyTorch's.

        >>> import gradlib
        >>> try:
        ...     gradlib.nn.Linear(1, 1).set_extra_state(None)
        ... except RuntimeError as error:
        ...     print(str(error)[:54])
        Reached a code path in Module.set_extra_state() that s
        """
        raise RuntimeError(_NEVER_CALLED.format("set_extra_state"))

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy values from ``state_dict`` into parameters and buffers; with ``strict`` the keys must match.
        ``assign=True`` puts the checkpoint's tensors themselves in place (a model built on the meta device
        takes real values so; copying into a meta tensor is a no-op, with PyTorch's warning). Raises TypeError
        for a ``state_dict`` that is not a mapping, RuntimeError listing missing/unexpected keys and size
        mismatches; mirrors ``torch.nn.Module.load_state_dict``, hooks included.

        >>> import gradlib
        >>> layer = gradlib.nn.Linear(2, 1)
        >>> layer.load_state_dict({"weight": gradlib.ones(1, 2), "bias": gradlib.zeros(1)})
        <All keys matched successfully>
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing, unexpected, errors = [], [], []
        metadata = getattr(state_dict, "_metadata", None)
        self._load_tree(self, OrderedDict(state_dict), "", metadata, assign, missing, unexpected, errors)
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(errors))
        return self._incompatible_keys(missing, unexpected)

    def _load_tree(self, root, local, prefix, all_metadata, assign, missing, unexpected, errors):
        metadata = {} if all_metadata is None else all_metadata.get(prefix[:-1], {})
        if assign:
            metadata["assign_to_params_buffers"] = assign
        self._load_from_state_dict(local, prefix, metadata, True, missing, unexpected, errors)  # True, as PyTorch
        for name, child in self._modules.items():
            if child is not None:
                child_prefix = prefix + name + "."
                child_local = {k: v for k, v in local.items() if k.startswith(child_prefix)}
                child._load_tree(root, child_local, child_prefix, all_metadata, assign, missing, unexpected, errors)
        keys = self._incompatible_keys(missing, unexpected)
        for hook in _table(self, "_load_state_dict_post_hooks").values():
            if hook(self, keys) is not None:
                raise AssertionError("Hooks registered with ``register_load_state_dict_post_hook`` are not expected "
                                     "to return new values, if incompatible_keys need to be modified, it should be "
                                     "done inplace.")

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs):
        """Load this module's own state (not its children's) from ``state_dict`` (keys under ``prefix``),
        appending to ``missing_keys``, ``unexpected_keys`` (both only with ``strict``) and ``error_msgs`` (size
        mismatches, non-tensor values). Runs the module's load pre-hooks first; with
        ``local_metadata['assign_to_params_buffers']`` it assigns the checkpoint's tensors instead of copying; a
        0-d parameter takes a one-element 1-D value; a class overriding ``set_extra_state`` gets
        ``prefix + '_extra_state'``. Mirrors ``torch.nn.Module._load_from_state_dict``; a subclass overrides it to
        rename or convert old checkpoints' entries, then calls ``super()._load_from_state_dict(...)``.

        >>> import gradlib
        >>> layer, missing, unexpected, errors = gradlib.nn.Linear(1, 1), [], [], []
        >>> layer._load_from_state_dict({"weight": gradlib.ones(1, 1), "extra": gradlib.ones(1)}, "", {}, True,
        ...                             missing, unexpected, errors)
        >>> missing, unexpected, errors, layer.weight.tolist()
        (['bias'], ['extra'], [], [[1.0]])
        """
        for hook in _table(self, "_load_state_dict_pre_hooks").values():
            hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)
        own = _own_state(self, keep_vars=True)
        assign = local_metadata.get("assign_to_params_buffers", False)
        for name, target in own.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                error_msgs.append(f'While copying the parameter named "{key}", expected torch.Tensor or Tensor-like '
                                  f"object from checkpoint but received {type(value)}")
                continue
            if parameter.is_lazy(target) and not parameter.is_lazy(value):  # a Lazy module takes the shape
                with autograd.no_grad():
                    target.materialize(value.shape)
            if target.dim() == 0 and value.dim() == 1 and value.shape[0] == 1:  # PyTorch's backward compatibility
                value = value[0]
            if tuple(value.shape) != tuple(target.shape):
                error_msgs.append(f'size mismatch for {key}: copying a param with shape {value.shape} from '
                                  f'checkpoint, the shape in current model is {target.shape}.')
                continue
            _load_state.load_value(self, name, key, target, value, assign)
        extra_key = prefix + EXTRA_STATE_KEY
        if _overrides(self, "set_extra_state"):
            if extra_key in state_dict:
                self.set_extra_state(state_dict[extra_key])
            elif strict:
                missing_keys.append(extra_key)
        elif strict and extra_key in state_dict:
            unexpected_keys.append(extra_key)
        if strict:
            for key in state_dict:
                if key.startswith(prefix) and key != extra_key:
                    first, *rest = key[len(prefix):].split(".", 1)
                    if (first not in self._modules) if rest else (first not in own):
                        unexpected_keys.append(key)

    def register_state_dict_pre_hook(self, hook):
        """Run ``hook(module, prefix, keep_vars)`` before ``state_dict`` collects this module; returns a
        removable handle. Mirrors ``torch.nn.Module.register_state_dict_pre_hook``."""
        return _register(self, "_state_dict_pre_hooks", hook)

    def register_state_dict_post_hook(self, hook):
        """Run ``hook(module, state_dict, prefix, local_metadata)`` after ``state_dict`` collected this module
        and its children; it edits ``state_dict`` in place and must return None (else RuntimeError). Mirrors
        ``torch.nn.Module.register_state_dict_post_hook``."""
        return _register(self, "_state_dict_hooks", hook)

    def register_load_state_dict_pre_hook(self, hook):
        """Run ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
        error_msgs)`` before ``load_state_dict`` loads this module (it may edit ``state_dict``). Mirrors
        ``torch.nn.Module.register_load_state_dict_pre_hook``."""
        return self._register_load_state_dict_pre_hook(hook, with_module=True)

    def _register_load_state_dict_pre_hook(self, hook, with_module=False):
        """PyTorch's older form of ``register_load_state_dict_pre_hook``: the hook is called without the module
        (``hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)``) unless
        ``with_module``. Mirrors ``torch.nn.Module._register_load_state_dict_pre_hook``."""
        return _register(self, "_load_state_dict_pre_hooks", _WithModule(hook, self) if with_module else hook)

    def _register_state_dict_hook(self, hook):
        """PyTorch's older form of ``register_state_dict_post_hook``: ``hook(module, state_dict, prefix,
        local_metadata)`` may return a new dict, which ``state_dict`` then continues with (and returns). Mirrors
        ``torch.nn.Module._register_state_dict_hook``."""
        handle = _register(self, "_state_dict_hooks", hook)
        _table(self, "_state_dict_private_hooks")[handle.id] = True
        return handle

    def register_load_state_dict_post_hook(self, hook):
        """Run ``hook(module, incompatible_keys)`` after ``load_state_dict`` loaded this module and its children,
        before the strict check; it may empty the key lists in place and must return None (else
        AssertionError). Mirrors ``torch.nn.Module.register_load_state_dict_post_hook``."""
        return _register(self, "_load_state_dict_post_hooks", hook)
