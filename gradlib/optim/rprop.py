"""Rprop (PyTorch's single-tensor update rule)."""
from .. import _creation
from . import optimizer
from .optimizer import Optimizer

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """Resilient backpropagation: each element's step size grows by ``etas[1]`` while its gradient keeps its sign
    and shrinks by ``etas[0]`` when it flips (then that element does not move, and its gradient is remembered as
    0), clamped to ``step_sizes``; param -= sign(grad) * step_size. State: ``step`` (PyTorch's float32 0-d CPU
    tensor), ``prev``, ``step_size``. ValueError for a negative lr or etas outside 0 < etaminus < 1 < etaplus.
    Mirrors ``torch.optim.Rprop``.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.Rprop([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.9000], requires_grad=True)
    """

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('foreach', None), ('maximize', False), ('differentiable', False), ('capturable', False))

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        optimizer.check_nonnegative(lr=lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        super().__init__(params, dict(lr=lr, etas=tuple(etas), step_sizes=tuple(step_sizes), foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, capturable=capturable))

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = optimizer.host_step()
            state["prev"] = self._zeros_like(tensor)
            state["step_size"] = _creation.full_like(tensor, group["lr"])
        optimizer.advance(state)
        etaminus, etaplus = group["etas"]
        low, high = group["step_sizes"]
        prev = state["prev"]._array
        step_size = state["step_size"]._array
        sign = xp.sign(grad * prev)
        factor = xp.where(sign > 0, etaplus, xp.where(sign < 0, etaminus, 1.0)).astype(step_size.dtype)
        step_size *= factor
        xp.clip(step_size, low, high, out=step_size)
        grad = xp.where(sign < 0, grad.dtype.type(0), grad)
        param -= xp.sign(grad) * step_size
        prev[...] = grad
