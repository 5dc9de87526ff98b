"""Adamax (PyTorch's single-tensor update rule)."""
from . import optimizer
from .optimizer import Optimizer

__all__ = ["Adamax"]


class Adamax(Optimizer):
    """Adam with the infinity norm: exp_avg = lerp(exp_avg, g, 1 - beta1), exp_inf = max(beta2 exp_inf, |g| + eps),
    param -= lr / (1 - beta1^step) * exp_avg / exp_inf. State: ``step``, ``exp_avg``, ``exp_inf``. ValueError
    for a negative lr/eps/weight_decay or betas outside [0, 1). Mirrors ``torch.optim.Adamax``.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.Adamax([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.9000], requires_grad=True)
    """

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('foreach', None), ('maximize', False), ('differentiable', False), ('capturable', False))

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        optimizer.check_adam_arguments(lr, eps, betas, weight_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = optimizer.host_step()
            state["exp_avg"] = self._zeros_like(tensor)
            state["exp_inf"] = self._zeros_like(tensor)
        step = optimizer.advance(state)
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        beta1, beta2 = group["betas"]
        exp_avg = state["exp_avg"]._array
        exp_inf = state["exp_inf"]._array
        exp_avg += (1 - beta1) * (grad - exp_avg)  # lerp, as PyTorch
        exp_inf *= beta2
        xp.maximum(exp_inf, xp.abs(grad) + group["eps"], out=exp_inf)
        clr = group["lr"] / (1 - beta1 ** step)
        param += (-clr * exp_avg) / exp_inf
