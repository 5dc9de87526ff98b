"""Adadelta (PyTorch's single-tensor update rule)."""
from . import optimizer
from .optimizer import Optimizer

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Adadelta: per-parameter step sizes from running averages of squared gradients and squared updates.

    square_avg = rho square_avg + (1 - rho) g^2;  delta = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g;
    acc_delta = rho acc_delta + (1 - rho) delta^2;  param -= lr delta. State: ``step``, ``square_avg``,
    ``acc_delta``. ValueError for a negative lr/eps/weight_decay or rho outside [0, 1]. Mirrors
    ``torch.optim.Adadelta``.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.Adadelta([w], lr=1.0)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.9968], requires_grad=True)
    """

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('foreach', None), ('maximize', False), ('differentiable', False), ('capturable', False))

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        optimizer.check_nonnegative(lr=lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      capturable=capturable, foreach=foreach, differentiable=differentiable))

    def _update(self, xp, group, param, grad, state, tensor):
        if not state:
            state["step"] = optimizer.host_step()
            state["square_avg"] = self._zeros_like(tensor)
            state["acc_delta"] = self._zeros_like(tensor)
        optimizer.advance(state)
        if group["maximize"]:
            grad = -grad
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        rho, eps = group["rho"], group["eps"]
        square_avg = state["square_avg"]._array
        acc_delta = state["acc_delta"]._array
        square_avg *= rho
        square_avg += (1 - rho) * grad * grad
        delta = xp.sqrt(acc_delta + eps) / xp.sqrt(square_avg + eps) * grad
        acc_delta *= rho
        acc_delta += (1 - rho) * delta * delta
        param -= group["lr"] * delta
