"""SGD, Adam, AdamW, RMSprop, Adagrad with PyTorch's update rules (default, non-foreach variants). SGD and
Adagrad also take sparse gradients (``_sparse_updates.py``); the others refuse them as PyTorch.

Each update is a few whole-array expressions on the parameter's raw array, in place.
"""

from .. import _tensor
from . import _sparse_updates, optimizer
from .optimizer import Optimizer

__all__ = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]


class SGD(Optimizer):
    """Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay."""

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('nesterov', False), ('maximize', False), ('foreach', None), ('differentiable', False), ('fused', False))

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        optimizer.check_nonnegative(below_zero=True, lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize, foreach=foreach,
                                      differentiable=differentiable, fused=fused))
        optimizer.check_fused(fused, foreach, differentiable)

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        momentum = group["momentum"]
        if momentum:
            buffer = state.get("momentum_buffer")
            if buffer is None:
                buffer = state["momentum_buffer"] = self._zeros_like(tensor)
                buffer._array[...] = grad
            else:
                buffer._array *= momentum
                buffer._array += (1 - group["dampening"]) * grad
            grad = grad + momentum * buffer._array if group["nesterov"] else buffer._array
        param -= group["lr"] * grad

    _sparse_refusal = None

    def _sparse_refusal_of(self, group):
        return "`_fused_sgd` does not support sparse gradients" if group.get("fused") else None

    def _sparse_update(self, xp, group, param, grad, state, tensor):
        _sparse_updates.sgd(group, param, grad, state)


class Adam(Optimizer):
    """Adam (and AMSGrad) with bias correction; ``weight_decay`` is L2 added to the gradient, or with
    ``decoupled_weight_decay=True`` shrinks the parameter by lr * weight_decay each step (AdamW). With
    ``capturable=True`` the step count is a float32 tensor on the parameter's device and the bias corrections are
    computed there, so the update can be captured in a CUDA graph (PyTorch's ``capturable``)."""

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('amsgrad', False), ('maximize', False), ('foreach', None), ('capturable', False), ('differentiable', False), ('decoupled_weight_decay', False), ('fused', None))

    decoupled = False
    _python_step = True
    _sparse_refusal = "Adam does not support sparse gradients, please consider SparseAdam instead"

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        if isinstance(lr, _tensor.Tensor) and foreach and not capturable:
            raise ValueError("lr as a Tensor is not supported for capturable=False and foreach=True")
        optimizer.check_adam_arguments(lr, eps, betas, weight_decay)
        betas = optimizer.check_tensor_betas(betas, foreach, capturable)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable, fused=fused,
                                      decoupled_weight_decay=bool(decoupled_weight_decay or self.decoupled)))
        optimizer.check_fused(fused, foreach, differentiable)

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        beta1, beta2 = group["betas"]
        lr, decay = group["lr"], group["weight_decay"]
        capturable = group.get("capturable", False)
        if not state:
            state["step"] = self._step_tensor(tensor) if capturable else optimizer.host_step()
            state["exp_avg"] = self._zeros_like(tensor)
            state["exp_avg_sq"] = self._zeros_like(tensor)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = self._zeros_like(tensor)
        step = optimizer.advance(state)
        if decay:
            if group.get("decoupled_weight_decay", self.decoupled):
                param *= 1 - lr * decay
            else:
                grad = grad + decay * param
        exp_avg, exp_avg_sq = state["exp_avg"]._array, state["exp_avg_sq"]._array
        exp_avg += (1 - beta1) * (grad - exp_avg)          # lerp, as PyTorch
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        if capturable:  # on the device: nothing read back, the graph recomputes it from the step tensor
            correction1 = 1 - beta1 ** step
            correction2_sqrt = xp.sqrt(1 - beta2 ** step)
        else:
            correction1 = 1 - beta1 ** step
            correction2_sqrt = (1 - beta2 ** step) ** 0.5  # PyTorch's bias_correction2 ** 0.5 (libm's pow, not sqrt)
        second = exp_avg_sq
        if group["amsgrad"]:
            maximum = state["max_exp_avg_sq"]._array
            xp.maximum(maximum, exp_avg_sq, out=maximum)
            second = maximum
        denominator = second ** 0.5 / correction2_sqrt + group["eps"]
        param -= (lr / correction1) * exp_avg / denominator


class AdamW(Adam):
    """Adam with decoupled weight decay (default 0.01): the parameter shrinks by lr * weight_decay each step."""

    decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused)


class RMSprop(Optimizer):
    """RMSprop (optionally centered, with momentum); ``capturable=True`` keeps the step count on the device."""

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('momentum', 0), ('centered', False), ('foreach', None), ('maximize', False), ('differentiable', False), ('capturable', False))

    _python_step = True

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        optimizer.check_nonnegative(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                                      weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable))

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = self._step_tensor(tensor) if group.get("capturable") else optimizer.host_step()
            state["square_avg"] = self._zeros_like(tensor)
            if group["momentum"] > 0:
                state["momentum_buffer"] = self._zeros_like(tensor)
            if group["centered"]:
                state["grad_avg"] = self._zeros_like(tensor)
        optimizer.advance(state)
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        alpha = group["alpha"]
        square_avg = state["square_avg"]._array
        square_avg *= alpha
        square_avg += (1 - alpha) * grad * grad
        if group["centered"]:
            grad_avg = state["grad_avg"]._array
            grad_avg += (1 - alpha) * (grad - grad_avg)
            average = (square_avg - grad_avg * grad_avg) ** 0.5 + group["eps"]
        else:
            average = square_avg ** 0.5 + group["eps"]
        if group["momentum"] > 0:
            buffer = state["momentum_buffer"]._array
            buffer *= group["momentum"]
            buffer += grad / average
            param -= group["lr"] * buffer
        else:
            param -= group["lr"] * grad / average


class Adagrad(Optimizer):
    """Adagrad with learning-rate decay and an initial accumulator value; ``capturable=True`` (gradlib's, for
    CUDA graphs) keeps the step count and the decayed learning rate on the device."""

    #: the flags PyTorch's ``__setstate__`` (and so ``load_state_dict``) gives a loaded group that lacks them
    _group_flags = (('foreach', None), ('maximize', False), ('differentiable', False), ('fused', None))

    _python_step = True

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None, capturable=False):
        optimizer.check_nonnegative(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                                    initial_accumulator_value=initial_accumulator_value, eps=eps)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        if capturable:  # gradlib's own option (PyTorch's Adagrad has none): recorded only when asked for
            defaults["capturable"] = True
        super().__init__(params, defaults)
        optimizer.check_fused(fused, foreach, differentiable)

    def _update(self, xp, group, param, grad, state, tensor):
        if group["maximize"]:
            grad = -grad
        if not state:
            state["step"] = self._step_tensor(tensor) if group.get("capturable") else optimizer.host_step()
            state["sum"] = self._zeros_like(tensor)
            state["sum"]._array[...] = group["initial_accumulator_value"]
        step = optimizer.advance(state)
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        total = state["sum"]._array
        total += grad * grad
        param -= clr * grad / (total ** 0.5 + group["eps"])

    _sparse_refusal = None

    def _sparse_refusal_of(self, group):
        return "`fused` does not support sparse grad or complex param" if group.get("fused") else None

    def _sparse_update(self, xp, group, param, grad, state, tensor):
        _sparse_updates.adagrad(group, param, grad, state, tensor, self._zeros_like)
