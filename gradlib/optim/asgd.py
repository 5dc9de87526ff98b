"""ASGD (PyTorch's single-tensor update rule)."""
from .. import _creation, dtypes
from . import optimizer
from .optimizer import Optimizer

__all__ = ["ASGD"]


def _host_scalar(value):
    return _creation.full((), float(value), dtype=dtypes.float32, device="cpu")


class ASGD(Optimizer):
    """Averaged stochastic gradient descent: param *= 1 - lambd * eta; param -= eta * grad; the running average
    ``ax`` moves toward param by ``mu`` (is param while mu is 1); then eta = lr / (1 + lambd * lr * step) ** alpha
    and mu = 1 / max(1, step - t0). State: ``step``, ``eta``, ``mu`` (float32 0-d tensors) and ``ax``. ValueError for
    a negative lr or weight_decay. Mirrors ``torch.optim.ASGD`` (non-capturable path).

    ``step``, ``eta`` and ``mu`` stay in host memory on every device (PyTorch keeps them on the parameter's device
    and reads eta and mu back with ``.item()`` each step); their values are PyTorch's, and the update needs no
    device synchronization.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([1.0]))
    >>> opt = gradlib.optim.ASGD([w], lr=0.1)
    >>> (w * 3).sum().backward(); opt.step(); w
    Parameter containing:
    tensor([0.7000], requires_grad=True)
    >>> sorted(opt.state[w])
    ['ax', 'eta', 'mu', 'step']
    """

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = optimizer.host_step()
            state["eta"] = _host_scalar(group["lr"])
            state["mu"] = _host_scalar(1.0)
            state["ax"] = self._zeros_like(tensor)
        step = optimizer.advance(state)
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        eta = float(state["eta"]._array)  # host memory: PyTorch's eta.item()
        mu = float(state["mu"]._array)
        param *= 1 - group["lambd"] * eta
        param -= eta * grad
        ax = state["ax"]._array
        if mu != 1:
            ax += (param - ax) * mu
        else:
            ax[...] = param
        lr = group["lr"]
        state["eta"]._array[...] = lr / ((1 + group["lambd"] * lr * step) ** group["alpha"])
        state["mu"]._array[...] = 1 / max(1, step - group["t0"])
