"""The updates of the optimizers that take sparse COO gradients (``nn.Embedding(sparse=True)``): SGD (with
momentum and Nesterov), Adagrad and SparseAdam, each as PyTorch's single-tensor code writes it, in the same order
of float operations: ``param.add_(sparse, alpha)`` adds ``alpha * values`` entry by entry, ``dense.sparse_mask
(grad)`` reads the dense tensor at the gradient's (coalesced) indices. The other optimizers refuse a sparse
gradient with PyTorch's RuntimeError (``Optimizer._check_gradient_layouts``).

``param`` is the parameter's raw array, ``grad`` the sparse ``.grad`` tensor; the raw index and value arrays are
the engine's ``SparseGradient`` (``ops/_sparse_gradient.py``).
"""
import math

from ..ops import _sparse_gradient
from ..ops._sparse_gradient import SparseGradient, add_into_dense
from . import optimizer

__all__ = ["sgd", "adagrad", "sparse_adam"]

_ADD_SPARSE_DENSE = "add(sparse, dense) is not supported. Use add(dense, sparse) instead."


def _raw(grad):
    return _sparse_gradient.from_tensor(grad)


def _negated(raw):
    return SparseGradient(raw.indices, -raw.values, raw.shape, raw.device, raw.coalesced)


def _scaled(raw, factor):
    return SparseGradient(raw.indices, raw.values * factor, raw.shape, raw.device, raw.coalesced)


def _store(tensor, raw):
    """Write the raw sparse ``raw`` into the COO tensor ``tensor`` in place (PyTorch's in-place sparse ops)."""
    made = raw.tensor()
    tensor._indices_t = made._indices_t
    tensor._values_t = made._values_t
    tensor._coalesced = raw.coalesced


def _coalesced(grad, maximize):
    """``(-grad if maximize else grad).coalesce()`` as raw arrays."""
    raw = _raw(grad)
    if maximize:
        raw = _negated(raw)
    return _raw(raw.tensor().coalesce())


def _mask(dense, raw):
    """``dense.sparse_mask(grad)._values()``: the dense array at the gradient's indices."""
    return dense[tuple(raw.indices)]


def sgd(group, param, grad, state):
    """PyTorch's ``_single_tensor_sgd`` for a sparse gradient."""
    device = grad._device
    raw = _raw(grad)
    if group["maximize"]:
        raw = _negated(raw)
    if group["weight_decay"]:
        raise RuntimeError(_ADD_SPARSE_DENSE)
    momentum = group["momentum"]
    if momentum:
        buffer = state.get("momentum_buffer")
        if buffer is None:  # buf = grad.clone(): sparse, as the gradient
            buffer = state["momentum_buffer"] = raw.copy().tensor()
        elif buffer.is_sparse:  # buf.mul_(momentum).add_(grad, alpha=1 - dampening)
            added = raw if group["dampening"] == 0 else _scaled(raw, 1 - group["dampening"])
            _store(buffer, _scaled(_raw(buffer), momentum).plus(added))
        else:
            buffer._array *= momentum
            add_into_dense(device, buffer._array, raw.indices, raw.values, 1 - group["dampening"])
        if group["nesterov"]:
            if not buffer.is_sparse:
                raise RuntimeError(_ADD_SPARSE_DENSE)
            raw = raw.plus(_scaled(_raw(buffer), momentum))
        elif buffer.is_sparse:
            raw = _raw(buffer)
        else:
            param -= group["lr"] * buffer._array
            return
    add_into_dense(device, param, raw.indices, raw.values, -group["lr"])


def adagrad(group, param, grad, state, tensor, zeros_like):
    """PyTorch's ``_single_tensor_adagrad`` for a sparse gradient."""
    if not state:
        state["step"] = optimizer.host_step()
        state["sum"] = zeros_like(tensor)
        state["sum"]._array[...] = group["initial_accumulator_value"]
    step = optimizer.advance(state)
    if group["weight_decay"]:
        raise RuntimeError("weight_decay option is not compatible with sparse gradients")
    clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
    raw = _coalesced(grad, group["maximize"])
    total = state["sum"]._array
    add_into_dense(grad._device, total, raw.indices, raw.values ** 2)
    std_values = grad._device._backend.xp.sqrt(_mask(total, raw)) + group["eps"]
    add_into_dense(grad._device, param, raw.indices, raw.values / std_values, -clr)


def sparse_adam(group, param, grad, state, tensor, zeros_like):
    """PyTorch's ``_functional.sparse_adam`` for one parameter (its state made and its step counted first)."""
    if not state:
        state["step"] = 0
        state["exp_avg"] = zeros_like(tensor)
        state["exp_avg_sq"] = zeros_like(tensor)
    state["step"] += 1
    step = state["step"]
    raw = _coalesced(grad, group["maximize"])
    if not raw.values.size:
        return  # an empty gradient: no update
    beta1, beta2 = group["betas"]
    device = grad._device
    values = raw.values
    exp_avg = state["exp_avg"]._array
    exp_avg_sq = state["exp_avg_sq"]._array
    old_exp_avg = _mask(exp_avg, raw)
    exp_avg_update = (values - old_exp_avg) * (1 - beta1)
    add_into_dense(device, exp_avg, raw.indices, exp_avg_update)
    old_exp_avg_sq = _mask(exp_avg_sq, raw)
    exp_avg_sq_update = (values ** 2 - old_exp_avg_sq) * (1 - beta2)
    add_into_dense(device, exp_avg_sq, raw.indices, exp_avg_sq_update)
    numerator = exp_avg_update + old_exp_avg
    denominator = device._backend.xp.sqrt(exp_avg_sq_update + old_exp_avg_sq) + group["eps"]
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    step_size = group["lr"] * math.sqrt(bias_correction2) / bias_correction1
    add_into_dense(device, param, raw.indices, -step_size * (numerator / denominator))
    state["exp_avg"]._bump_version()
    state["exp_avg_sq"]._bump_version()
