"""RAdam (PyTorch's single-tensor update rule)."""
from . import optimizer
from .optimizer import Optimizer

__all__ = ["RAdam"]


class RAdam(Optimizer):
    """Rectified Adam: plain momentum steps while the variance estimate is unreliable (rho_t <= 5), then Adam steps
    scaled by the rectification term. State: ``step``, ``exp_avg``, ``exp_avg_sq``. ``decoupled_weight_decay``
    as AdamW. ValueError for invalid hyper-parameters. Mirrors ``torch.optim.RAdam``.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.RAdam([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.7000], requires_grad=True)
    """

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('foreach', None), ('maximize', False), ('differentiable', False), ('decoupled_weight_decay', False), ('capturable', False))

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        optimizer.check_adam_arguments(lr, eps, betas, weight_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      differentiable=differentiable))

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = optimizer.host_step()
            state["exp_avg"] = self._zeros_like(tensor)
            state["exp_avg_sq"] = self._zeros_like(tensor)
        step = optimizer.advance(state)
        lr, decay, eps = group["lr"], group["weight_decay"], group["eps"]
        beta1, beta2 = group["betas"]
        if decay:
            if group["decoupled_weight_decay"]:
                param *= 1 - lr * decay
            else:
                grad = grad + decay * param
        exp_avg = state["exp_avg"]._array
        exp_avg_sq = state["exp_avg_sq"]._array
        exp_avg += (1 - beta1) * (grad - exp_avg)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        corrected = exp_avg / bias_correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive = bias_correction2 ** 0.5 / (xp.sqrt(exp_avg_sq) + eps)
            param -= corrected * lr * adaptive * rect
        else:
            param -= corrected * lr
