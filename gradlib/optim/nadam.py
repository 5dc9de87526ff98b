"""NAdam (PyTorch's single-tensor update rule)."""
import struct

from .. import _creation, _tensor, dtypes
from . import optimizer
from .optimizer import Optimizer

__all__ = ["NAdam"]


def _scalar_round(value):
    """PyTorch keeps ``mu_product`` in a 0-d tensor of its scalar dtype: float32 unless the default dtype is
    float64. The product is rounded the same way so that trajectories agree to the last digits."""
    if dtypes.get_default_dtype() is dtypes.float64:
        return value
    return struct.unpack("f", struct.pack("f", value))[0]


def _mu_product_tensor(value):
    """``mu_product`` as PyTorch keeps it: a 0-d CPU tensor of the scalar dtype (float32 unless the default dtype
    is float64; gradlib keeps it on the CPU for capturable optimizers too, so the update reads it without a sync)."""
    scalar_dtype = dtypes.float64 if dtypes.get_default_dtype() is dtypes.float64 else dtypes.float32
    return _creation.full((), float(value), dtype=scalar_dtype, device="cpu")


class NAdam(Optimizer):
    """Adam with Nesterov momentum and momentum decay (mu_t = beta1 (1 - 0.96^(t momentum_decay) / 2)).

    State: ``step``, ``mu_product`` (a 0-d CPU tensor), ``exp_avg``, ``exp_avg_sq``. ``decoupled_weight_decay=True`` shrinks the
    parameter by lr * weight_decay (NAdamW). ValueError for invalid hyper-parameters. Mirrors
    ``torch.optim.NAdam``.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.NAdam([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.8944], requires_grad=True)
    """

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('maximize', False), ('foreach', None), ('capturable', False), ('differentiable', False), ('decoupled_weight_decay', False))

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        optimizer.check_adam_arguments(lr, eps, betas, weight_decay)
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable))

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = optimizer.host_step()
            state["mu_product"] = _mu_product_tensor(1.0)
            state["exp_avg"] = self._zeros_like(tensor)
            state["exp_avg_sq"] = self._zeros_like(tensor)
        step = optimizer.advance(state)
        lr, decay, eps = group["lr"], group["weight_decay"], group["eps"]
        beta1, beta2 = group["betas"]
        momentum_decay = group["momentum_decay"]
        bias_correction2 = 1 - beta2 ** step
        if decay:
            if group["decoupled_weight_decay"]:
                param *= 1 - lr * decay
            else:
                grad = grad + decay * param
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        stored = state["mu_product"]
        if not isinstance(stored, _tensor.Tensor):  # a state dict saved by an older gradlib (a Python float)
            stored = state["mu_product"] = _mu_product_tensor(stored)
        mu_product = _scalar_round(float(stored._array) * _scalar_round(mu))  # a CPU tensor: no device read
        stored._array[...] = mu_product
        stored._bump_version()
        exp_avg = state["exp_avg"]._array
        exp_avg_sq = state["exp_avg_sq"]._array
        exp_avg += (1 - beta1) * (grad - exp_avg)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        denominator = xp.sqrt(exp_avg_sq / bias_correction2) + eps
        mu_product_next = mu_product * mu_next
        param += (-lr * (1.0 - mu) / (1.0 - mu_product)) * grad / denominator
        param += ((-lr * mu_next) / (1.0 - mu_product_next)) * exp_avg / denominator
