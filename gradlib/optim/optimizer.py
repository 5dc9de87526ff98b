"""``Optimizer``: parameter groups, per-parameter state, zero_grad, state dicts.

Subclasses implement ``_update(group, param, grad, state)`` on raw arrays: a few fused array expressions per
parameter (in place, under no_grad), never a Python loop over elements. ``step`` runs them all in NumPy's quiet
error state (``backends/quiet.py``; the closure outside it): inf and NaN parameters, gradients and state give no
RuntimeWarning, as PyTorch's kernels.
"""
import collections
import copy
import warnings

from .. import _creation, _sparse_registry, autograd, dtypes
from ..autograd import capture as _capture
from ..backends import quiet as _quiet
from .._tensor import Tensor

_FLOAT32 = dtypes.float32.np
from ..nn import utils
from ..ops._op import iterator_device
from . import _hooks, _special_steps
from ._hooks import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

__all__ = ["Optimizer", "register_optimizer_step_pre_hook", "register_optimizer_step_post_hook"]


_HOST_STATE = ("step", "mu_product")
_SPARSE = _sparse_registry.CLASSES  # the sparse tensor classes (_sparse_registry.is_sparse, without its frame)


def _grad_array(param, state, grad):
    """The array of ``grad``, ``param``'s gradient, for the update, after the device checks of PyTorch's update
    kernels (TensorIterator): the parameter (written) with its gradient, then each state tensor (written) with the
    gradient. A 0-d CPU gradient of a 0-d GPU parameter joins them as a scalar."""
    device = param._device
    if not state and grad._device is device:  # no state tensors (SGD without momentum, a first step)
        return grad._array
    # the step count (and NAdam's mu_product) is no operand of the update's kernels: PyTorch keeps it on the CPU
    # unless capturable
    tensors = [v for k, v in state.items() if k not in _HOST_STATE and isinstance(v, Tensor)]
    if grad._device is device and all(v._device is device for v in tensors):
        return grad._array
    iterator_device([param, grad], outputs=1)
    for value in tensors:
        iterator_device([value, grad], outputs=1)
    return grad._array[()] if grad._device is not device else grad._array


def advance(state):
    """Count one more step in ``state['step']`` and return the new count. Unless capturable the count is PyTorch's
    float32 0-d CPU tensor and the count is returned as a Python float (read from host memory: no device sync; the
    update's arithmetic is that of the integer count, which float32 holds exactly up to 2**24); a capturable
    optimizer's count is a float32 tensor on the parameter's device and the 0-d device array is returned. A plain
    number (a state dict saved by an older gradlib) becomes PyTorch's CPU tensor."""
    step = state["step"]
    if not isinstance(step, Tensor):
        step = state["step"] = host_step(step)
    step._array += 1
    step._bump_version()
    if step._device.type == "cpu":
        return float(step._array)
    return step._array


def host_step(value=0):
    """A non-capturable optimizer's step count: a float32 0-d CPU tensor, as PyTorch keeps it."""
    return _creation.full((), float(value), dtype=dtypes.float32, device="cpu")


def _host_value(value):
    """A 0-d tensor hyper-parameter as the number PyTorch's update computes with: a float32 tensor as a float32
    NumPy scalar (PyTorch's float32 tensor arithmetic, rounded to float32 at each operation, as NumPy rounds a
    float32 scalar's), any other dtype as a Python number (PyTorch's double arithmetic, cast once in the kernel).
    Read from the tensor at each step (a scheduler's ``fill_`` shows); a GPU tensor is read back, as PyTorch's
    ``.item()``."""
    value = value.detach().cpu()._array.reshape(())
    return value[()] if value.dtype == _FLOAT32 else value.item()


def _host_values(group):
    """``group`` with each tensor hyper-parameter (``lr``, ``eps``, ``weight_decay``, ``momentum``, a tensor in
    ``betas``...) replaced, for the update's arithmetic, by ``_host_value``."""
    values = dict(group)
    for key, value in group.items():
        if isinstance(value, Tensor):
            if key != "params":
                values[key] = _host_value(value)
        elif value.__class__ is tuple and any(isinstance(item, Tensor) for item in value):
            values[key] = tuple(_host_value(item) if isinstance(item, Tensor) else item for item in value)
    return values


#: the group the update reads where its ``lr`` is a tensor (the step loop's test): every tensor value replaced
_with_host_lr = _host_values


def _update_parameter(optimizer, xp, group, param, grad, tensor):
    """One parameter's recorded update (gradlib.graphs): its state is looked up at each replay, as eager mode
    looks it up at each step (``load_state_dict`` between replays puts new state tensors there)."""
    if group.get("lr").__class__ is Tensor:  # its value at this replay
        group = _with_host_lr(group)
    state = optimizer.state.get(tensor)
    if state is None:  # dropped since the capture: made as an eager step makes it
        state = {}
        optimizer._update(xp, group, param, grad, state, tensor)
        if state:
            optimizer.state[tensor] = state
    else:
        optimizer._update(xp, group, param, grad, state, tensor)
    tensor._bump_version()


def _typename(value):
    """PyTorch's ``torch.typename``: a tensor's type string, otherwise the class's qualified name."""
    if isinstance(value, Tensor):
        return value.type()
    module = type(value).__module__
    name = type(value).__qualname__
    return name if module in ("builtins", "__builtin__", None) else f"{module}.{name}"


def check_tensor_lr(lr):
    """PyTorch's ValueError (first of every optimizer constructor's checks) for a tensor lr of more than one element."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")


def check_nonnegative(*, below_zero=False, **values):
    """PyTorch's constructor checks ``if not 0.0 <= value: raise ValueError(f"Invalid {name}: {value}")``, in the
    order given (an ``lr`` tensor of several elements refused first); names are PyTorch's (``lr`` reads "learning
    rate", ``eps`` "epsilon value", others "x value"). ``below_zero``: SGD's form, ``if value < 0.0`` (NaN passes, a
    string fails on ``<``)."""
    if "lr" in values:
        check_tensor_lr(values["lr"])
    for name, value in values.items():
        if (value < 0.0) if below_zero else not 0.0 <= value:
            label = {"lr": "learning rate", "eps": "epsilon value"}.get(name, f"{name} value")
            raise ValueError(f"Invalid {label}: {value}")


def check_fused(fused, foreach, differentiable):
    """PyTorch's RuntimeErrors (after the parameter groups are built) for ``fused=True`` with ``differentiable``
    or ``foreach``."""
    if fused:
        if differentiable:
            raise RuntimeError("`fused` does not support `differentiable`")
        if foreach:
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")


def check_adam_arguments(lr, eps, betas, weight_decay):
    """The ValueErrors PyTorch's Adam-family constructors raise for an out-of-range lr, eps, betas or weight_decay."""
    check_nonnegative(lr=lr, eps=eps)
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


def _cast(param, value, step_on_device, key=None):
    """PyTorch's ``load_state_dict`` cast of a saved state value for ``param``: a tensor to a floating-point
    parameter's dtype and device (the same tensor where it already is: ``Tensor.to``), to another parameter's device;
    the step count stays as saved (a float32 tensor on the parameter's device where capturable or fused);
    containers element-wise."""
    if isinstance(value, Tensor):
        if key == "step":
            return value.to(dtype=dtypes.float32, device=param.device) if step_on_device else value
        if param.is_floating_point():
            return value.to(dtype=param.dtype, device=param.device)
        return value.to(device=param.device)
    if isinstance(value, dict):
        return {k: _cast(param, v, step_on_device, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast(param, v, step_on_device) for v in value)
    return value


def check_tensor_betas(betas, foreach, capturable):
    """Adam's (and AdamW's) ValueErrors for betas mixing floats and tensors, tensor betas with foreach but not
    capturable, and tensor betas of more than one element; returns the betas as a tuple, each tensor squeezed
    to 0-d (PyTorch's ``_to_scalar``)."""
    if not ((isinstance(betas[0], float) and isinstance(betas[1], float))
            or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))):
        raise ValueError("betas must be either both floats or both Tensors")
    for index in (0, 1):
        if isinstance(betas[index], Tensor):
            if not capturable and foreach:
                raise ValueError(f"betas[{index}] as a Tensor is not supported for capturable=False and foreach=True")
            if betas[index].numel() != 1:
                raise ValueError(f"Tensor betas[{index}] must be 1-element")
    return tuple(b.squeeze() if isinstance(b, Tensor) and b.dim() != 0 else b for b in betas)


class Optimizer(_hooks.OptimizerHooks):
    """Base class of optimizers (PyTorch's contract).

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.SGD([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.7000], requires_grad=True)
    """

    #: (key, default) pairs PyTorch's ``__setstate__`` of the subclass sets in each group lacking them (a state
    #: dict saved before the flag existed), in its order
    _group_flags = ()

    #: the update reads its step count on the host (a CPU tensor, for Adam's bias correction): not capturable in a
    #: CUDA graph unless the optimizer was built with capturable=True
    _python_step = False

    def __init__(self, params, defaults):
        self.defaults = defaults
        _hooks.init_tables(self)
        _hooks.patch_step(self)
        self.state = collections.defaultdict(dict)  # PyTorch's type: opt.state[p] of a stateless p is {}
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got {_typename(params)}")
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(params[0], dict):
            params = [{"params": params}]
        for group in params:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters with its own hyper-parameters (missing ones take the defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, (set, frozenset)):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering of "
                            "tensors in sets will change between runs. Please use a list instead.")
        group["params"] = [params] if isinstance(params, Tensor) else list(params)
        # ``named_parameters()``: (name, tensor) pairs, the names kept under "param_names" (PyTorch 2.13)
        names = [param[0] for param in group["params"] if isinstance(param, tuple)]
        if names:
            group["params"] = [param[1] if isinstance(param, tuple) else param for param in group["params"]]
            if len(names) != len(group["params"]):
                raise ValueError("all optimizer params should be with/without names. Some param names are missing")
            group["param_names"] = names
        for param in group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _typename(param))
            if not self.defaults.get("differentiable") and not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        if len({id(p) for p in group["params"]}) != len(group["params"]):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause "
                          "an error; see github.com/pytorch/pytorch/issues/40967 for more information", stacklevel=3)
        for other in self.param_groups:
            if ("param_names" in group) != ("param_names" in other):
                raise ValueError("all optimizer param groups should be with/without names. cannot add param group "
                                 f"{'with names' if 'param_names' in group else 'without names'} to the optimizer")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)
        self._choose_step_path()

    def _choose_step_path(self):
        """Step through ``_special_steps.step_groups`` while a group holds a tensor hyper-parameter other than
        ``lr`` or a complex parameter, as an instance attribute: optimizers without them run the class's loop, with
        no test per parameter or group."""
        if any(_special_steps.has_special_values(group) for group in self.param_groups):
            self.__dict__["_step_groups"] = self._step_groups_special
        else:
            self.__dict__.pop("_step_groups", None)

    def _step_groups_special(self):
        from .. import view_as_complex, view_as_real
        _special_steps.step_groups(self, _host_values, view_as_real, view_as_complex)

    def __getstate__(self):
        """PyTorch's: the defaults, state and parameter groups (no hooks)."""
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        _hooks.init_tables(self)
        _hooks.patch_step(self)
        self.defaults.setdefault("differentiable", False)
        self._restore_group_flags()
        self._choose_step_path()

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all optimized parameters (to None by default)."""
        utils.zero_grads((p for group in self.param_groups for p in group["params"]), set_to_none)

    def step(self, closure=None):
        """Update every parameter that has a gradient; ``closure`` re-evaluates the loss and returns it."""
        loss = None
        if closure is not None:
            with autograd.enable_grad():
                loss = closure()
        quiet = _quiet.enter()  # inf/NaN parameters and gradients: no NumPy warning, as PyTorch's kernels
        try:
            with autograd.no_grad():
                self._step_groups()
        finally:
            _quiet.leave(quiet)
        return loss

    def _step_groups(self):
        """Update every parameter of every group that has a gradient (under no_grad, NumPy's warnings off)."""
        for group in self.param_groups:
            self._check_gradient_layouts(group)
            # the group the update reads: a tensor lr's value, read at this step (a capture records ``group``, whose
            # lr each replay reads afresh)
            values = _with_host_lr(group) if group.get("lr").__class__ is Tensor else group
            for param in group["params"]:
                grad = param.grad
                if grad is None:
                    continue
                # a parameter without state (SGD without momentum) gets no entry, as PyTorch: a new dict is
                # entered only once the update kept something in it
                state = self.state.get(param)
                new_state = state is None
                if new_state:
                    state = {}
                backend = param._device._backend
                if grad.__class__ in _SPARSE:  # nn.Embedding(sparse=True)'s weight
                    with backend.guard(param._device):
                        self._sparse_update(backend.xp, values, param._array, grad, state, param)
                    if state and new_state:  # nothing kept (SGD without momentum): no entry, as PyTorch
                        self.state[param] = state
                    param._bump_version()
                    continue
                array = _grad_array(param, state, grad)
                if _capture.recorder is not None and _capture.capturing():
                    if new_state:
                        self.state[param] = state
                    with backend.guard(param._device):
                        self._update_recorded(backend.xp, group, param, array, state)
                    continue
                if backend.needs_guard:  # the update's kernels and new state run on the parameter's GPU
                    with backend.guard(param._device):
                        self._update(backend.xp, values, param._array, array, state, param)
                else:
                    self._update(backend.xp, values, param._array, array, state, param)
                if not state:  # nothing kept (SGD without momentum): no entry, as PyTorch
                    if not new_state:
                        del self.state[param]
                elif new_state:
                    self.state[param] = state
                param._bump_version()

    def _update(self, xp, group, param, grad, state, tensor):
        """Update the raw array ``param`` in place from ``grad`` (subclasses)."""
        raise NotImplementedError

    #: PyTorch's RuntimeError for a sparse gradient (None: the optimizer takes them, in ``_sparse_update``); the
    #: class name fills ``{name}``
    _sparse_refusal = "{name} does not support sparse gradients"
    #: PyTorch's RuntimeError for a dense gradient (SparseAdam's), None where dense gradients are the rule
    _dense_refusal = None

    def _check_gradient_layouts(self, group):
        """PyTorch's check of a group's gradients before any of them is used: a sparse one where the optimizer
        has no sparse update (or a dense one where it has only that) raises its RuntimeError."""
        for param in group["params"]:
            grad = param.grad
            if grad is None:
                continue
            if _sparse_registry.is_sparse(grad):
                refusal = self._sparse_refusal_of(group)
                if refusal is not None:
                    raise RuntimeError(refusal.format(name=type(self).__name__))
            elif self._dense_refusal is not None:
                raise RuntimeError(self._dense_refusal)

    def _sparse_refusal_of(self, group):
        """The refusal of a sparse gradient in ``group`` (None: accepted); SGD and Adagrad refuse only fused."""
        return self._sparse_refusal

    def _sparse_update(self, xp, group, param, grad, state, tensor):
        """Update the raw array ``param`` in place from the sparse COO tensor ``grad`` (SGD, Adagrad,
        SparseAdam; ``optim/_sparse_updates.py``)."""
        raise RuntimeError(self._sparse_refusal.format(name=type(self).__name__))

    def _update_recorded(self, xp, group, param, grad, state):
        """One parameter's update while a step is captured (gradlib.graphs): the replay calls the same update
        again, with that replay's gradient, so host-side state (Adam's CPU step count) advances as in eager mode."""
        if _capture.recorder.cuda_graph and self._python_step and not group.get("capturable"):
            raise RuntimeError(
                f"Attempting CUDA graph capture of step() for an instance of {type(self).__name__} but "
                "param_groups' capturable is False: its step count would be read in Python and frozen into the "
                "graph. Build it with capturable=True (the step count is then a tensor on the device).")
        keys = set(state)
        _capture.recorder.call(_update_parameter, self, xp, group, param._array, grad, param)
        if set(state) != keys:
            _capture.refuse(f"{type(self).__name__}.step() creating its state ({', '.join(sorted(set(state) - keys))})",
                            "run one eager step first (a warm-up, as torch.cuda.graph asks), so the captured "
                            "step only updates existing state")

    @staticmethod
    def _step_tensor(tensor):
        """A capturable optimizer's step count: a float32 0-d tensor on the parameter's device (as PyTorch's)."""
        return _creation.zeros((), dtype=dtypes.float32, device=tensor.device)

    @staticmethod
    def _zeros_like(tensor):
        return _creation.zeros_like(tensor)

    # ----- state dicts ---------------------------------------------------------------------------------
    @_hooks.state_dict_hooked
    def state_dict(self):
        """{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}, as PyTorch."""
        index_of = {}
        groups = []
        start = 0
        for group in self.param_groups:
            packed = {key: value for key, value in group.items() if key != "params"}
            for position, param in enumerate(group["params"], start):
                index_of.setdefault(id(param), position)
            packed["params"] = [index_of[id(param)] for param in group["params"]]
            start += len(packed["params"])
            groups.append(packed)
        # PyTorch's packed state: in the order the parameters entered ``self.state``, the per-parameter dicts
        # themselves (not copies)
        state = {(index_of[id(key)] if isinstance(key, Tensor) else key): value for key, value in self.state.items()}
        return {"state": state, "param_groups": groups}

    @_hooks.load_state_dict_hooked
    def load_state_dict(self, state_dict):
        """Restore hyper-parameters and state saved by ``state_dict`` (tensors copied to the params' devices)."""
        groups = copy.deepcopy(state_dict["param_groups"])
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for mine, saved in zip(self.param_groups, groups):
            if len(mine["params"]) != len(saved["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                                 "optimizer's group")
        by_index = {}
        saved_group = {}
        for mine, saved in zip(self.param_groups, groups):
            for param, index in zip(mine["params"], saved["params"]):
                by_index[index] = param
                saved_group[index] = saved
        state = collections.defaultdict(dict)  # PyTorch's type: opt.state[p] of a stateless p is {}
        for index, values in state_dict["state"].items():
            param = by_index.get(index)
            if param is None:  # PyTorch keeps an entry it cannot map under its own key
                state[index] = values
                continue
            group = saved_group[index]
            state[param] = _cast(param, values, group.get("capturable") or group.get("fused"))
        # PyTorch's new groups: the saved ones (their keys, in their order, "params" last) with this optimizer's
        # parameters, and its names where the saved groups have none
        for mine, saved in zip(self.param_groups, groups):
            saved["params"] = mine["params"]
            if "param_names" in mine and "param_names" not in saved:
                saved["param_names"] = mine["param_names"]
        self.state = state
        self.param_groups = groups
        self._restore_group_flags()
        self._choose_step_path()

    def _restore_group_flags(self):
        for group in self.param_groups:
            for key, default in self._group_flags:
                group.setdefault(key, default)

    def __repr__(self):
        # PyTorch's layout: each group opens on a new line, so a blank line separates groups
        text = type(self).__name__ + " ("
        for index, group in enumerate(self.param_groups):
            text += f"\nParameter Group {index}\n"
            for key in sorted(k for k in group if k != "params"):
                text += f"    {key}: {group[key]}\n"
        return text + ")"
