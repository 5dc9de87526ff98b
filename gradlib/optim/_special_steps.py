"""The optimizer step for the groups the plain loop (``Optimizer._step_groups``) does not read directly: tensor
hyper-parameters other than ``lr`` (``betas=(torch.tensor(0.9), torch.tensor(0.999))``, ``eps=torch.tensor(1e-8)``)
and complex parameters. ``Optimizer._choose_step_path`` installs ``step_groups`` on an optimizer that has them (an
instance attribute), so optimizers without them run the plain loop with no test per parameter or group.

``step_groups`` runs that same loop over stand-in groups: each tensor hyper-parameter read as a number
(``optimizer._host_values``), each complex parameter replaced by its real view (``view_as_real``, sharing memory),
with the real view of its gradient and of its complex state tensors, as PyTorch's ``_view_as_real`` treats them:
the update then works on the real and imaginary parts as independent reals. New state made for a real view is
kept as the complex tensor it views (PyTorch's state of a complex parameter is complex).
"""
from .. import autograd
from .._tensor import Tensor


def has_special_values(group):
    """Whether ``group`` needs ``step_groups``: a tensor hyper-parameter other than ``lr`` (the plain loop reads a
    tensor ``lr`` itself), a complex parameter, or ``differentiable=True``."""
    if group.get("differentiable"):
        return True
    for key, value in group.items():
        if key == "params":
            if any(param.dtype.is_complex for param in value):  # a lazy module's parameter has its dtype only
                return True
        elif key != "lr" and (isinstance(value, Tensor)
                              or (value.__class__ is tuple and any(isinstance(item, Tensor) for item in value))):
            return True
    return False


def _fused_refusal(param):
    return RuntimeError("`fused=True` requires all the params to be floating point Tensors of supported devices: "
                        "['mps', 'cuda', 'xpu', 'hpu', 'cpu', 'mtia', 'privateuseone'] but "
                        f"{param.dtype} and {param.device.type}")


def check_differentiable(group):
    """A ``differentiable=True`` group's step: PyTorch runs the update with autograd recording it, so a leaf
    parameter that requires grad raises autograd's RuntimeError for an in-place update of such a leaf; gradlib does
    not record optimizer updates, so a non-leaf parameter that requires grad (whose update PyTorch would
    differentiate) is refused rather than updated without its graph."""
    for param in group["params"]:
        if param.grad is None or not param.requires_grad:
            continue
        if param.is_leaf:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        raise RuntimeError("gradlib does not record optimizer updates in autograd: differentiable=True cannot "
                           "step a non-leaf parameter that requires grad")


def step_groups(optimizer, host_values, view_as_real, view_as_complex):
    """One step of ``optimizer`` over its stand-in groups (see the module's docstring)."""
    groups = optimizer.param_groups
    for group in groups:
        if group.get("differentiable"):
            check_differentiable(group)
    state = optimizer.state
    swapped = []  # (complex parameter, its real view, {key: (real view, complex tensor)} of its old state)
    stand_ins = []
    with autograd.no_grad():
        for group in groups:
            values = host_values(group)
            params = []
            for param in group["params"]:
                if not param.is_complex():
                    params.append(param)
                    continue
                if param.grad is not None and group.get("fused"):
                    raise _fused_refusal(param)
                real = view_as_real(param)
                if param.grad is not None:
                    real.grad = view_as_real(param.grad)
                old = state.get(param)
                views = {}
                if old is not None:
                    real_state = {}
                    for key, value in old.items():
                        if isinstance(value, Tensor) and value.is_complex():
                            views[key] = (view_as_real(value), value)
                            value = views[key][0]
                        real_state[key] = value
                    state[real] = real_state
                swapped.append((param, real, views))
                params.append(real)
            values["params"] = params
            stand_ins.append(values)
    optimizer.param_groups = stand_ins
    try:
        type(optimizer)._step_groups(optimizer)
    finally:
        optimizer.param_groups = groups
        if swapped:
            _restore_complex_state(state, swapped, view_as_complex)


def _restore_complex_state(state, swapped, view_as_complex):
    """Put each real view's state back under its complex parameter, in PyTorch's order of ``optimizer.state``
    (a parameter's first step enters it where the real view entered it)."""
    restored = {}
    for param, real, views in swapped:
        real.grad = None
        kept = state.get(real)
        if kept is None:
            continue
        values = {}
        for key, value in kept.items():
            if key in views and value is views[key][0]:
                value = views[key][1]
            elif isinstance(value, Tensor) and value.shape == real.shape and value.dtype == real.dtype:
                value = view_as_complex(value)
            values[key] = value
        restored[id(real)] = restored[id(param)] = (param, values)
    entries = list(state.items())
    state.clear()
    for key, value in entries:
        found = restored.pop(id(key), None)
        if found is None:
            state[key] = value
            continue
        param, values = found
        if param in state:  # put already (its old entry came first)
            continue
        state[param] = values
