"""How ``Module.load_state_dict`` puts one value in place: copied into the existing tensor, or (``assign=True``)
the checkpoint's tensor itself put in its place, as PyTorch's ``_load_from_state_dict``. Assigning is how a model
built on the meta device (no data) takes real values; copying into a meta tensor is a no-op, which PyTorch warns
about."""
import warnings

from ... import autograd
from .. import parameter

__all__ = ["load_value"]


def load_value(module, name, key, target, value, assign):
    """Load ``value`` into ``module``'s parameter or buffer ``target`` called ``name`` (``key`` in the state dict;
    shapes checked)."""
    if not assign:
        if target.is_meta and not value.is_meta:
            warnings.warn(f"for {key}: copying from a non-meta parameter in the checkpoint to a meta parameter in "
                          "the current model, which is a no-op. (Did you mean to pass `assign=True` to assign items "
                          "in the state dictionary to their corresponding key in the module instead of copying "
                          "them in place?)", UserWarning, stacklevel=3)
        with autograd.no_grad():
            target.copy_(value)
        return
    if name in module._parameters:
        if not isinstance(value, parameter.Parameter):  # a new Parameter around the checkpoint's tensor
            value = parameter.Parameter(value, requires_grad=target.requires_grad)
        module._parameters[name] = value
    else:
        module._buffers[name] = value
