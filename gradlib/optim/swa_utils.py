"""``torch.optim.swa_utils``: stochastic weight averaging and exponential moving averages of a model's weights
(``AveragedModel``, ``SWALR``, ``update_bn`` and the averaging functions), as PyTorch's.

>>> import gradlib
>>> from gradlib.optim.swa_utils import AveragedModel
>>> model = gradlib.nn.Linear(1, 1, bias=False)
>>> swa = AveragedModel(model)
>>> for value in (1.0, 2.0, 6.0):
...     with gradlib.no_grad():
...         _ = model.weight.fill_(value)
...     swa.update_parameters(model)
>>> swa.module.weight
Parameter containing:
tensor([[3.]], requires_grad=True)
"""
import copy
import itertools
import math

from .. import _creation, autograd, dtypes, nn
from ..nn.modules.layers import _BatchNorm
from ..ops import ternary
from ._scheduler_base import LRScheduler, format_param, warn_get_lr_called_within_step

__all__ = ["AveragedModel", "SWALR", "update_bn", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
           "get_ema_avg_fn", "get_swa_avg_fn"]


def get_ema_multi_avg_fn(decay=0.999):
    """An ``AveragedModel(multi_avg_fn=...)`` keeping the exponential moving average with ``decay``."""
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in [0,1] range.")

    def ema_update(ema_param_list, current_param_list, _):
        for ema, current in zip(ema_param_list, current_param_list):
            if ema.dtype.is_floating_point:
                ema.copy_(ternary.lerp(ema, current, 1 - decay))
            else:
                # PyTorch's form for integer buffers (num_batches_tracked): a float average copied back, truncated
                ema.copy_(ema * decay + current * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn():
    """An ``AveragedModel(multi_avg_fn=...)`` keeping the running mean (the default)."""

    def swa_update(averaged_param_list, current_param_list, num_averaged):
        for averaged, current in zip(averaged_param_list, current_param_list):
            if averaged.dtype.is_floating_point:
                averaged.copy_(ternary.lerp(averaged, current, 1 / (num_averaged + 1)))
            else:
                # PyTorch's foreach addcdiv_, which refuses integer division (its RuntimeError)
                averaged.addcdiv_(current - averaged, num_averaged + 1)
    return swa_update


def get_ema_avg_fn(decay=0.999):
    """An ``AveragedModel(avg_fn=...)`` (one parameter at a time) keeping the exponential moving average."""
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in [0,1] range.")

    def ema_update(ema_param, current_param, num_averaged):
        return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    """An ``AveragedModel(avg_fn=...)`` (one parameter at a time) keeping the running mean."""

    def swa_update(averaged_param, current_param, num_averaged):
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(nn.Module):
    """``AveragedModel(model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False)``: a deep copy of
    ``model`` (``.module``) whose parameters (and buffers, with ``use_buffers``) ``update_parameters(model)``
    averages: the running mean by default, or ``avg_fn(averaged, current, n_averaged)`` /
    ``multi_avg_fn(averaged_list, current_list, n_averaged)``. Without ``use_buffers`` the buffers are copied
    from ``model`` (run ``update_bn`` for batch-norm statistics). ``n_averaged`` is a long buffer. Calling it
    runs ``.module``. Mirrors ``torch.optim.swa_utils.AveragedModel``."""

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", _creation.tensor(0, dtype=dtypes.int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def update_parameters(self, model):
        """Average ``model``'s current parameters (and buffers, with ``use_buffers``) into ``.module``."""
        averaged = itertools.chain(self.module.parameters(), self.module.buffers()) if self.use_buffers else \
            self.parameters()
        current = itertools.chain(model.parameters(), model.buffers()) if self.use_buffers else model.parameters()
        averaged = [p.detach() for p in averaged]
        current = [p.detach().to(a.device) for p, a in zip(current, averaged)]
        with autograd.no_grad():
            if int(self.n_averaged) == 0:  # a host read, as PyTorch's `if self.n_averaged == 0`
                for a, c in zip(averaged, current):
                    a.copy_(c)
            elif self.avg_fn is not None:
                for a, c in zip(averaged, current):
                    a.copy_(self.avg_fn(a, c, self.n_averaged.to(a.device)))
            elif self.multi_avg_fn is not None or (averaged and averaged[0].device.type == "cuda"):
                # PyTorch's foreach path (a given multi_avg_fn, or the running mean on a foreach-capable device)
                multi_avg_fn = self.multi_avg_fn or get_swa_multi_avg_fn()
                multi_avg_fn(averaged, current, self.n_averaged.to(averaged[0].device) if averaged else None)
            else:
                # on the CPU PyTorch averages one tensor at a time with get_swa_avg_fn (its rounding, not lerp's)
                swa_avg = get_swa_avg_fn()
                for a, c in zip(averaged, current):
                    a.copy_(swa_avg(a, c, self.n_averaged.to(a.device)))
            if not self.use_buffers:
                # the buffers follow the source model (their averages are update_bn's job)
                for a, c in zip(self.module.buffers(), model.buffers()):
                    a.detach().copy_(c.detach().to(a.device))
            self.n_averaged.add_(1)


def _reset_running_stats(module):
    if module.running_mean is not None:
        module.running_mean.zero_()
        module.running_var.fill_(1)
        module.num_batches_tracked.zero_()


def update_bn(loader, model, device=None):
    """Recompute the batch-norm running statistics of ``model`` with one pass over ``loader`` (batches, or
    tuples/lists whose first item is the input), as a cumulative average (momentum None); the model's
    training flag and momenta are restored. Mirrors ``torch.optim.swa_utils.update_bn``."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            _reset_running_stats(module)
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    with autograd.no_grad():
        for input in loader:
            if isinstance(input, (list, tuple)):
                input = input[0]
            if device is not None:
                input = input.to(device)
            model(input)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)


class SWALR(LRScheduler):
    """``SWALR(optimizer, swa_lr, anneal_epochs=10, anneal_strategy='cos', last_epoch=-1)``: anneal each group's
    lr to ``swa_lr`` (one value, or one per group) over ``anneal_epochs`` steps, cosine or linear, then hold it.
    ValueError for another strategy or a negative/non-int ``anneal_epochs``. Mirrors
    ``torch.optim.swa_utils.SWALR``.

    >>> import gradlib
    >>> opt = gradlib.optim.SGD([gradlib.nn.Parameter(gradlib.zeros(1))], lr=1.0)
    >>> scheduler = gradlib.optim.swa_utils.SWALR(opt, swa_lr=0.1, anneal_epochs=2, anneal_strategy="linear")
    >>> lrs = []
    >>> for _ in range(3):
    ...     opt.step(); scheduler.step(); lrs.append(round(scheduler.get_last_lr()[0], 4))
    >>> lrs
    [0.55, 0.1, 0.1]
    """

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        swa_lrs = format_param("swa_lr", optimizer, swa_lr)
        for value, group in zip(swa_lrs, optimizer.param_groups):
            group["swa_lr"] = value
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    def _set_anneal_func(self, anneal_strategy):
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else self._linear_anneal

    def state_dict(self):
        """Every attribute but the optimizer and ``anneal_func`` (PyTorch's)."""
        return {key: value for key, value in self.__dict__.items() if key not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict):
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)

    @staticmethod
    def _linear_anneal(t):
        return t

    @staticmethod
    def _cosine_anneal(t):
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def get_lr(self):
        warn_get_lr_called_within_step(self)
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_t = max(0, min(1, (step - 1) / max(1, self.anneal_epochs)))
        prev_alpha = self.anneal_func(prev_t)
        prev_lrs = [self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
                    for group in self.optimizer.param_groups]
        t = max(0, min(1, step / max(1, self.anneal_epochs)))
        alpha = self.anneal_func(t)
        return [group["swa_lr"] * alpha + lr * (1 - alpha) for group, lr in zip(self.optimizer.param_groups,
                                                                                 prev_lrs)]
