"""The base class of the learning-rate schedulers (``gradlib.optim.lr_scheduler`` re-exports it): the initial
step, the chainable and closed forms, ``step``/``get_last_lr``/``state_dict`` bookkeeping as PyTorch's, and
PyTorch's warnings about their use: ``scheduler.step()`` before any ``optimizer.step()``, ``step(epoch)``, and
``get_lr()`` called outside ``step()``.

PyTorch learns whether the optimizer has stepped by wrapping ``optimizer.step`` for good when a scheduler is made.
gradlib wraps it until its first call only: the wrapper marks the optimizer (``_opt_called``, PyTorch's name) and
takes itself off, so every later step is the plain method, with nothing added to the training loop.
"""
import types
import warnings
import weakref

from ..autograd import capture as _capture
from . import optimizer as _optimizer
from .._tensor import Tensor

__all__ = ["LRScheduler"]

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use "
    "`scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed "
    "form is used instead of the new chainable form, where available. Please open an issue if you are unable to "
    "replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.")


def track_step_called(optimizer):
    """Until ``optimizer.step`` is first called, an instance attribute wraps it: the call sets
    ``optimizer._opt_called`` and removes the wrapper. Nothing is done where the optimizer has stepped since a
    scheduler wrapped it, or is wrapped already."""
    step = optimizer.step
    if getattr(optimizer, "_opt_called", False) or getattr(step, "_wrapped_by_lr_sched", False):
        return
    optimizer_ref = weakref.ref(optimizer)

    def step_tracked(*args, **kwargs):
        tracked = optimizer_ref()
        if tracked is not None:
            tracked._opt_called = True
            if tracked.__dict__.get("step") is step_tracked:
                del tracked.__dict__["step"]
        return step(*args, **kwargs)

    step_tracked._wrapped_by_lr_sched = True
    optimizer.step = step_tracked


def warn_get_lr_called_within_step(scheduler):
    """PyTorch's UserWarning for ``get_lr()`` called by the user rather than by ``step()``."""
    if not scheduler._get_lr_called_within_step:
        warnings.warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.",
                      UserWarning, stacklevel=3)


def warn_step_order(scheduler):
    """At a scheduler's first ``step()`` after the one made when it was created: PyTorch's UserWarning where the
    optimizer has not stepped (or its ``step`` was replaced after the scheduler was made)."""
    optimizer = scheduler.optimizer
    if getattr(optimizer, "_opt_called", False):
        return
    if not getattr(optimizer.step, "_wrapped_by_lr_sched", False):
        warnings.warn("Seems like `optimizer.step()` has been overridden after learning rate scheduler "
                      "initialization. Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`. "
                      "See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                      UserWarning, stacklevel=3)
    else:
        warnings.warn("Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, "
                      "you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  "
                      "Failure to do this will result in PyTorch skipping the first value of the learning rate "
                      "schedule. See more details at "
                      "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                      UserWarning, stacklevel=3)


def refuse_in_capture(scheduler):
    """A scheduler's ``step()`` inside a step captured for replay (gradlib.graphs): refused, since replays run
    no Python code and the learning rate would stay what the capture set."""
    if _capture.capturing():
        _capture.refuse(f"{type(scheduler).__name__}.step()",
                        "a replay runs no Python code, so the learning rate it sets would stay the same from one "
                        "replay to the next; step the scheduler between replays (each replay reads param_groups' "
                        "lr afresh)")


def check_optimizer(optimizer):
    """PyTorch's TypeError for a scheduler given something other than an Optimizer; the optimizer otherwise."""
    if not isinstance(optimizer, _optimizer.Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
    return optimizer


class LRScheduler:
    """Base class: ``step()`` advances one epoch and sets every group's lr from ``lr_at(epoch)``.

    >>> import gradlib
    >>> opt = gradlib.optim.SGD([gradlib.nn.Parameter(gradlib.zeros(1))], lr=1.0)
    >>> scheduler = gradlib.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for _ in range(4):
    ...     opt.step(); scheduler.step(); lrs.append(scheduler.get_last_lr()[0])
    >>> lrs
    [1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, optimizer, last_epoch=-1):
        self.optimizer = check_optimizer(optimizer)
        if last_epoch == -1:
            for group in optimizer.param_groups:
                initial = group["lr"]
                group.setdefault("initial_lr", initial.clone() if isinstance(initial, Tensor) else initial)
        for index, group in enumerate(optimizer.param_groups):
            if "initial_lr" not in group:
                raise KeyError(
                    f"param 'initial_lr' is not specified in param_groups[{index}] when resuming scheduler with "
                    "last_epoch >= 0.\nThis typically happens when:\n1. You're trying to resume training from a "
                    "checkpoint but haven't properly loaded the optimizer state\n2. You're using last_epoch >= 0 "
                    "for a fresh training run (not recommended)")
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        # PyTorch's bookkeeping, kept so that state_dict() has PyTorch's keys: steps taken (the first is the one
        # made here), whether that first step is under way, and whether get_lr() runs inside step()
        self._step_count = 0
        self._is_initial = True
        self._get_lr_called_within_step = False
        track_step_called(optimizer)
        self._initial_step()

    #: the closed form ``lr_at(base_lr, epoch)``, where the scheduler has one (``step(epoch)`` uses it)
    lr_at = None

    def _initial_step(self):
        """The step made when the scheduler is created (SequentialLR makes it again for its first scheduler)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self):
        """The learning rate of each group at ``last_epoch`` (the chainable form, where the scheduler has one)."""
        if self.lr_at is None:
            raise NotImplementedError
        return self._closed_form_lr()

    def _closed_form_lr(self):
        return [self.lr_at(base, self.last_epoch) for base in self.base_lrs]

    def _current_lrs(self):
        return [group["lr"] for group in self.optimizer.param_groups]

    def step(self, epoch=None):
        refuse_in_capture(self)
        if self._step_count == 1:
            warn_step_order(self)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        self._get_lr_called_within_step = True
        try:
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                values = self.get_lr() if self.lr_at is None else self._closed_form_lr()
        finally:
            self._get_lr_called_within_step = False
        self._set_lrs(values)

    def _set_lrs(self, values):
        for group, lr in zip(self.optimizer.param_groups, values):
            set_group_value(group, "lr", lr)
        self._last_lr = group_values(self.optimizer, "lr")

    def get_last_lr(self):
        return list(self._last_lr)

    def state_dict(self):
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict):
        self.__dict__.update(state_dict)


def set_group_value(group, key, value):
    """``group[key] = value``, or where ``group[key]`` is a tensor (a tensor lr), ``group[key].fill_(value)``: the
    tensor stays the one the optimizer (and a captured step) reads, as PyTorch's ``_update_param_group_val``."""
    current = group[key]
    if isinstance(current, Tensor):
        current.fill_(value.reshape(()) if isinstance(value, Tensor) else value)
    else:
        group[key] = value


def group_values(optimizer, key):
    """``[group[key] ...]`` of every group, a tensor value cloned (PyTorch's ``_param_groups_val_list``)."""
    return [group[key].clone() if isinstance(group[key], Tensor) else group[key] for group in optimizer.param_groups]


def format_param(name, optimizer, value):
    """One value per group: a list or tuple of one per group (PyTorch's ValueError for another length), or the
    one value for every group (PyTorch's ``_format_param``)."""
    if isinstance(value, (list, tuple)):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(f"{name} must have the same length as optimizer.param_groups. {name} has {len(value)} "
                             f"values, param_groups has {len(optimizer.param_groups)}.")
        return list(value)
    return [value] * len(optimizer.param_groups)


def functions_state(functions):
    """PyTorch's saved form of LambdaLR's and MultiplicativeLR's functions: None for a plain function or lambda,
    a copy of its ``__dict__`` for a callable object."""
    return [None if isinstance(function, types.FunctionType) else function.__dict__.copy() for function in functions]


def load_functions_state(functions, saved):
    """Restore the ``__dict__`` of each callable object saved by ``functions_state``."""
    for function, values in zip(functions, saved):
        if values is not None:
            function.__dict__.update(values)
