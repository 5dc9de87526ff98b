"""``torch.amp.GradScaler``: loss scaling for float16 training (PyTorch's dynamic scaling, step by step).

The scale and the growth tracker live on the device of the first scaled output, as 0-d float32 / int32 tensors;
unscaling, the inf/NaN check and the scale update run there without host syncs. ``step`` reads whether an
inf/NaN was found (one sync per optimizer and step) and ``get_scale`` / ``state_dict`` read the scale, as
PyTorch's do.
"""
import collections
import collections.abc
import enum
import warnings

from .. import _creation, _tensor, autograd, cuda, dtypes
from ..ops import comparison, more_math, selection

__all__ = ["GradScaler", "OptState"]


class OptState(enum.Enum):
    READY = 0
    UNSCALED = 1
    STEPPED = 2


def _fresh_optimizer_state():
    return {"stage": OptState.READY, "found_inf_per_device": {}}


class GradScaler:
    """``torch.amp.GradScaler(device='cuda', init_scale=65536.0, growth_factor=2.0, backoff_factor=0.5,
    growth_interval=2000, enabled=True)``.

    ``scale(loss)`` multiplies by the scale; ``step(optimizer)`` unscales the gradients (unless ``unscale_``
    already did), skips ``optimizer.step()`` when any is inf or NaN; ``update()`` then halves the scale after an
    overflow (``backoff_factor``) or doubles it after ``growth_interval`` clean steps (``growth_factor``).
    ``enabled=False`` makes every method a passthrough (``scale`` returns its argument, ``step`` calls
    ``optimizer.step()``, ``get_scale()`` is 1.0, ``state_dict()`` is ``{}``). For ``device='cuda'`` without a
    usable GPU it warns "torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling." and is
    disabled, as PyTorch's.

    Errors (PyTorch's): ``unscale_`` twice before ``update`` or after ``step``, ``step`` twice, ``step`` with a
    ``closure`` (RuntimeError); float16 gradients to unscale (ValueError "Attempting to unscale FP16
    gradients."); ``load_state_dict({})`` (RuntimeError).

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0, 2.0]))
    >>> opt = gradlib.optim.SGD([w], lr=0.1)
    >>> scaler = gradlib.amp.GradScaler("cpu", init_scale=1024.0, growth_interval=1)
    >>> scaler.scale((w * w).sum()).backward()
    >>> w.grad
    tensor([2048., 4096.])
    >>> scaler.step(opt)
    >>> scaler.update()
    >>> w, scaler.get_scale()
    (Parameter containing:
    tensor([0.8000, 1.6000], requires_grad=True), 2048.0)
    """

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        self._device = device
        self._enabled = enabled
        if self._device == "cuda" and enabled and not cuda.is_available():
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.")
            self._enabled = False
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
            self._init_scale = init_scale
            self._scale = None
            self._growth_factor = growth_factor
            self._backoff_factor = backoff_factor
            self._growth_interval = growth_interval
            self._init_growth_tracker = 0
            self._growth_tracker = None
            self._per_optimizer_states = collections.defaultdict(_fresh_optimizer_state)

    def _lazy_init_scale_growth_tracker(self, device):
        self._scale = _creation.full((), self._init_scale, dtype=dtypes.float32, device=device)
        self._growth_tracker = _creation.full((), self._init_growth_tracker, dtype=dtypes.int32, device=device)

    def _check_scale_growth_tracker(self, funcname):
        if self._scale is None:
            raise AssertionError(f"Attempted {funcname} but _scale is None.  This may indicate your script did "
                                 f"not use scaler.scale(loss or outputs) earlier in the iteration.")

    def scale(self, outputs):
        """``outputs`` (a tensor, or an iterable of them, nested) multiplied by the scale; ``outputs`` itself when
        disabled. ValueError for anything else."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, _tensor.Tensor):
            if self._scale is None:
                self._lazy_init_scale_growth_tracker(outputs.device)
            return outputs * self._scale.to(device=outputs.device)

        def apply_scale(value):
            if isinstance(value, _tensor.Tensor):
                if self._scale is None:
                    self._lazy_init_scale_growth_tracker(value.device)
                return value * self._scale.to(device=value.device)
            if isinstance(value, (list, tuple)):
                return type(value)(apply_scale(item) for item in value)
            if isinstance(value, collections.abc.Iterable):
                return map(apply_scale, value)
            raise ValueError("outputs must be a Tensor or an iterable of Tensors")

        return apply_scale(outputs)

    def _unscale_grads_(self, optimizer, inv_scale, allow_fp16):
        """Multiply every gradient by ``inv_scale`` in place; per device, a 0-d float32 tensor that is 1.0 when
        some gradient there holds an inf or NaN."""
        found_inf_per_device = {}
        with autograd.grad_mode.no_grad():
            for group in optimizer.param_groups:
                for param in group["params"]:
                    grad = param.grad
                    if grad is None:
                        continue
                    if not allow_fp16 and grad.dtype is dtypes.float16:
                        raise ValueError("Attempting to unscale FP16 gradients.")
                    device = grad.device
                    if grad.is_sparse:  # nn.Embedding(sparse=True): PyTorch checks and unscales the values, of
                        if grad.dtype is dtypes.float16:  # the coalesced gradient in float16 (where summing
                            param.grad = grad = grad.coalesce()  # duplicates may overflow)
                        grad = grad._values()
                    bad = comparison.logical_not(comparison.isfinite(grad)).any().to(dtypes.float32)
                    previous = found_inf_per_device.get(device)
                    found_inf_per_device[device] = bad if previous is None else selection.maximum(previous, bad)
                    grad.mul_(inv_scale.to(device=device))
        return found_inf_per_device

    def unscale_(self, optimizer):
        """Divide ``optimizer``'s gradients by the scale in place (before clipping them), once per step."""
        if not self._enabled:
            return
        self._check_scale_growth_tracker("unscale_")
        optimizer_state = self._per_optimizer_states[id(optimizer)]
        if optimizer_state["stage"] is OptState.UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since the last update().")
        if optimizer_state["stage"] is OptState.STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        inv_scale = self._scale.double().reciprocal().float()  # the reciprocal in float64, as PyTorch
        optimizer_state["found_inf_per_device"] = self._unscale_grads_(optimizer, inv_scale, False)
        optimizer_state["stage"] = OptState.UNSCALED

    def step(self, optimizer, *args, **kwargs):
        """Unscale (unless done), then ``optimizer.step(*args, **kwargs)`` unless a gradient is inf/NaN; returns
        what ``optimizer.step`` returned (None when skipped)."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        self._check_scale_growth_tracker("step")
        optimizer_state = self._per_optimizer_states[id(optimizer)]
        if optimizer_state["stage"] is OptState.STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if optimizer_state["stage"] is OptState.READY:
            self.unscale_(optimizer)
        if len(optimizer_state["found_inf_per_device"]) == 0:
            raise AssertionError("No inf checks were recorded for this optimizer.")
        retval = None
        if not sum(found.item() for found in optimizer_state["found_inf_per_device"].values()):  # PyTorch syncs
            retval = optimizer.step(*args, **kwargs)
        optimizer_state["stage"] = OptState.STEPPED
        return retval

    def update(self, new_scale=None):
        """Set the scale for the next iteration: ``new_scale`` (a float or a 1-element tensor) or, by default,
        backed off after an inf/NaN, grown after ``growth_interval`` clean steps."""
        if not self._enabled:
            return
        self._check_scale_growth_tracker("update")
        with autograd.grad_mode.no_grad():
            if new_scale is not None:
                if isinstance(new_scale, float):
                    self._scale.fill_(new_scale)
                else:
                    reason = "new_scale should be a float or a 1-element tensor with requires_grad=False."
                    if not isinstance(new_scale, _tensor.Tensor) or new_scale.numel() != 1 or \
                            new_scale.requires_grad:
                        raise AssertionError(reason)
                    self._scale.copy_(new_scale.reshape(()))
            else:
                found_infs = [found.to(device=self._scale.device)
                              for state in self._per_optimizer_states.values()
                              for found in state["found_inf_per_device"].values()]
                if len(found_infs) == 0:
                    raise AssertionError("No inf checks were recorded prior to update.")
                found_inf = found_infs[0]
                for other in found_infs[1:]:
                    found_inf = found_inf + other
                self._update_scale(found_inf)
        self._per_optimizer_states = collections.defaultdict(_fresh_optimizer_state)

    def _update_scale(self, found_inf):
        """PyTorch's ``_amp_update_scale_``, on the device: back off on an inf, grow after a clean interval
        (unless the grown scale overflows)."""
        overflow = found_inf > 0
        successful = self._growth_tracker + 1
        grow = more_math.logical_and(comparison.logical_not(overflow), successful >= self._growth_interval)
        grown = self._scale * self._growth_factor
        grow = more_math.logical_and(grow, comparison.isfinite(grown))
        scale = selection.where(overflow, self._scale * self._backoff_factor,
                                selection.where(grow, grown, self._scale))
        tracker = selection.where(more_math.logical_or(overflow, grow), 0, successful).to(dtypes.int32)
        self._scale.copy_(scale)
        self._growth_tracker.copy_(tracker)

    def get_scale(self):
        """The current scale as a Python float (1.0 when disabled; reads it from the device)."""
        if not self._enabled:
            return 1.0
        return self._init_scale if self._scale is None else self._scale.item()

    def get_growth_factor(self):
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        self._growth_interval = new_interval

    def _get_growth_tracker(self):
        if not self._enabled:
            return 0
        return self._init_growth_tracker if self._growth_tracker is None else self._growth_tracker.item()

    def is_enabled(self):
        return self._enabled

    def state_dict(self):
        """``{'scale', 'growth_factor', 'backoff_factor', 'growth_interval', '_growth_tracker'}``; ``{}`` when
        disabled."""
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor, "growth_interval": self._growth_interval,
                "_growth_tracker": self._get_growth_tracker()}

    def load_state_dict(self, state_dict):
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved from a disabled "
                               "instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale.fill_(state_dict["scale"])
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker.fill_(state_dict["_growth_tracker"])
