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
from . import _hooks
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


def _with_host_lr(group):
    """``group`` with its tensor ``lr`` replaced, for the update's arithmetic, by the value PyTorch's update
    computes with: a float32 lr as a float32 NumPy scalar (``lr / bias_correction`` and ``lr * weight_decay`` are
    float32 tensor arithmetic in PyTorch, rounded to float32 at each step, as NumPy rounds a float32 scalar's), any
    other dtype as a Python float (PyTorch's double arithmetic, cast once in the kernel). Read from the tensor at
    each step (a scheduler's ``fill_`` shows); a GPU lr is read back, as PyTorch's ``.item()`` of its step size."""
    lr = group["lr"]
    value = lr.detach().cpu()._array.reshape(())
    value = value[()] if value.dtype == _FLOAT32 else float(value)
    return dict(group, lr=value)


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


class Optimizer(_hooks.OptimizerHooks):
    """Base class of optimizers (PyTorch's contract).

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.SGD([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.7000], requires_grad=True)
    """

    #: the update reads its step count on the host (a CPU tensor, for Adam's bias correction): not capturable in a
    #: CUDA graph unless the optimizer was built with capturable=True
    _python_step = False

    def __init__(self, params, defaults):
        _hooks.patch_step(self)
        self.defaults = defaults
        self.state = collections.defaultdict(dict)  # PyTorch's type: opt.state[p] of a stateless p is {}
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got {params.type()}")
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
        for param in group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + type(param).__name__)
            if not param.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        if len({id(p) for p in group["params"]}) != len(group["params"]):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause "
                          "an error; see github.com/pytorch/pytorch/issues/40967 for more information", stacklevel=3)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        self.param_groups.append(group)

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
                    if new_state:  # kept even while empty, as before
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
        for group in self.param_groups:
            packed = {key: value for key, value in group.items() if key != "params"}
            indices = []
            for param in group["params"]:
                index_of.setdefault(id(param), len(index_of))
                indices.append(index_of[id(param)])
            packed["params"] = indices
            groups.append(packed)
        state = {}
        for group in self.param_groups:
            for param in group["params"]:
                if param in self.state:
                    state[index_of[id(param)]] = dict(self.state[param])
        return {"state": state, "param_groups": groups}

    @_hooks.load_state_dict_hooked
    def load_state_dict(self, state_dict):
        """Restore hyper-parameters and state saved by ``state_dict`` (tensors copied to the params' devices)."""
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for mine, saved in zip(self.param_groups, groups):
            if len(mine["params"]) != len(saved["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                                 "optimizer's group")
        by_index = {}
        mine_group = {}
        for mine, saved in zip(self.param_groups, groups):
            for param, index in zip(mine["params"], saved["params"]):
                by_index[index] = param
                mine_group[id(param)] = mine
            for key, value in saved.items():
                if key != "params":
                    mine[key] = copy.deepcopy(value)
        self.state = collections.defaultdict(dict)  # PyTorch's type: opt.state[p] of a stateless p is {}
        for index, values in state_dict["state"].items():
            param = by_index[int(index)]
            restored = {}
            for key, value in values.items():
                if key == "step" and isinstance(value, Tensor):  # PyTorch's: on the device only if capturable
                    value = value.to(param.device, dtypes.float32).clone() if mine_group[id(param)].get(
                        "capturable") or mine_group[id(param)].get("fused") else value.clone()
                elif isinstance(value, Tensor):
                    value = value.to(param.device, param.dtype).clone()
                restored[key] = value
            self.state[param] = restored

    def __repr__(self):
        # PyTorch's layout: each group opens on a new line, so a blank line separates groups
        text = type(self).__name__ + " ("
        for index, group in enumerate(self.param_groups):
            text += f"\nParameter Group {index}\n"
            for key in sorted(k for k in group if k != "params"):
                text += f"    {key}: {group[key]}\n"
        return text + ")"
