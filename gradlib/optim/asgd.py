"""ASGD (PyTorch's single-tensor update rule)."""
import struct

from .. import _creation, dtypes
from . import optimizer
from .optimizer import Optimizer

__all__ = ["ASGD"]


def _float32(value):
    """``value`` rounded to float32, as PyTorch's ``eta.item()`` reads back what it stored."""
    return struct.unpack("f", struct.pack("f", value))[0]


class ASGD(Optimizer):
    """Averaged stochastic gradient descent: param *= 1 - lambd * eta; param -= eta * grad; the running average
    ``ax`` moves toward param by ``mu`` (is param while mu is 1); then eta = lr / (1 + lambd * lr * step) ** alpha
    and mu = 1 / max(1, step - t0). State: ``step``, ``eta``, ``mu`` (float32 0-d tensors) and ``ax``. ValueError for
    a negative lr or weight_decay. Mirrors ``torch.optim.ASGD`` (non-capturable path).

    ``eta`` and ``mu`` live on the parameter's device, as PyTorch keeps them, but where PyTorch reads them back
    with ``.item()`` each step gradlib keeps the float32 values it wrote in host memory too (read from the device
    once only after a state dict was loaded): the update needs no device synchronization.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.ASGD([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.7000], requires_grad=True)
    >>> sorted(opt.state[w])
    ['ax', 'eta', 'mu', 'step']
    """

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('foreach', None), ('maximize', False), ('differentiable', False), ('capturable', False))

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        optimizer.check_nonnegative(lr=lr, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))
        self._host_scalars = {}  # id(param) -> (the eta tensor written, eta, mu): the values without a sync

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = optimizer.host_step()
            state["eta"] = _creation.full((), _float32(group["lr"]), dtype=dtypes.float32, device=tensor.device)
            state["mu"] = _creation.ones((), dtype=dtypes.float32, device=tensor.device)
            state["ax"] = self._zeros_like(tensor)
            self._host_scalars[id(tensor)] = (state["eta"], _float32(group["lr"]), 1.0)
        step = optimizer.advance(state)
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        known = self._host_scalars.get(id(tensor))
        if known is not None and known[0] is state["eta"]:
            eta, mu = known[1], known[2]
        else:  # a loaded state: read what it holds (PyTorch's .item(), once)
            eta, mu = state["eta"].item(), state["mu"].item()
        param *= 1 - group["lambd"] * eta
        param -= eta * grad
        ax = state["ax"]._array
        if mu != 1:
            ax += (param - ax) * mu
        else:
            ax[...] = param
        lr = group["lr"]
        eta = _float32(lr / ((1 + group["lambd"] * lr * step) ** group["alpha"]))
        mu = _float32(1 / max(1, step - group["t0"]))
        state["eta"]._array[...] = eta
        state["mu"]._array[...] = mu
        self._host_scalars[id(tensor)] = (state["eta"], eta, mu)
