"""``Module.state_dict``/``load_state_dict`` and their hooks, as PyTorch's: both walk the module tree (a module's
own parameters and persistent buffers, then each child under ``prefix + name + "."``). ``state_dict`` runs a
module's state-dict pre-hooks ``hook(module, prefix, keep_vars)`` before it and its post-hooks
``hook(module, state_dict, prefix, local_metadata)`` after its children; ``load_state_dict`` runs a module's
load pre-hooks ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
error_msgs)`` before loading it and its load post-hooks ``hook(module, incompatible_keys)`` after its children,
before the strict check (a hook may empty the key lists in place)."""
from collections import OrderedDict
from collections.abc import Mapping

from ... import autograd
from ...autograd import hooks
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


class StateDictMixin:
    """The state-dict half of ``Module`` (see the module docstring)."""

    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """An ordered dict of parameters and persistent buffers by dotted name (detached unless keep_vars);
        mirrors ``torch.nn.Module.state_dict``, hooks included.

        >>> import gradlib
        >>> list(gradlib.nn.Sequential(gradlib.nn.Linear(2, 1)).state_dict())
        ['0.weight', '0.bias']
        """
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        local_metadata = {"version": getattr(self, "_version", 1)}
        if hasattr(destination, "_metadata"):
            destination._metadata[prefix[:-1]] = local_metadata
        for hook in _table(self, "_state_dict_pre_hooks").values():
            hook(self, prefix, keep_vars)
        for name, value in _own_state(self, keep_vars).items():
            destination[prefix + name] = value
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        for hook in _table(self, "_state_dict_hooks").values():
            if hook(self, destination, prefix, local_metadata) is not None:
                raise RuntimeError("state_dict post-hook must return None")
        return destination

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
        for hook in _table(self, "_load_state_dict_pre_hooks").values():
            hook(self, local, prefix, metadata, True, missing, unexpected, errors)  # strict: True, as PyTorch's
        own = _own_state(self, keep_vars=True)
        for name, target in own.items():
            key = prefix + name
            if key not in local:
                missing.append(key)
                continue
            value = local[key]
            if parameter.is_lazy(target) and not parameter.is_lazy(value):  # a Lazy module takes the shape
                with autograd.no_grad():
                    target.materialize(value.shape)
            if tuple(value.shape) != tuple(target.shape):
                errors.append(f'size mismatch for {key}: copying a param with shape {value.shape} from checkpoint, '
                              f'the shape in current model is {target.shape}.')
                continue
            _load_state.load_value(root, key, target, value, assign)
        for key in local:
            if key.startswith(prefix):
                first = key[len(prefix):].split(".", 1)[0]
                if first not in self._modules and first not in own:
                    unexpected.append(key)
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
        return _register(self, "_load_state_dict_pre_hooks", hook)

    def register_load_state_dict_post_hook(self, hook):
        """Run ``hook(module, incompatible_keys)`` after ``load_state_dict`` loaded this module and its children,
        before the strict check; it may empty the key lists in place and must return None (else
        AssertionError). Mirrors ``torch.nn.Module.register_load_state_dict_post_hook``."""
        return _register(self, "_load_state_dict_post_hooks", hook)
