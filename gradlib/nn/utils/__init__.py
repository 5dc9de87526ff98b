"""``gradlib.nn.utils``: gradient clipping and flattening parameters to a vector."""
import math
import types
import warnings

from ... import _creation, _sparse_base, _sparse_registry, _tensor, autograd
from ...ops import join
from ...ops._args import _type_name
from . import prune, rnn
from ._skip_init import skip_init
from ._spectral_norm import remove_spectral_norm, spectral_norm
from ._weight_norm import remove_weight_norm, weight_norm

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters", "zero_grads",
           "weight_norm", "remove_weight_norm", "spectral_norm", "remove_spectral_norm", "skip_init"]


def zero_grads(parameters, set_to_none=True):
    """Reset the gradients of ``parameters``: to None, or to zeros in place (what Module and Optimizer
    ``zero_grad`` do)."""
    for param in parameters:
        if param.grad is None:
            continue
        if set_to_none:
            param.grad = None
        else:
            if param.grad.grad_fn is not None:  # PyTorch's Optimizer.zero_grad (detach_ refuses views)
                param.grad.detach_()
            else:
                param.grad.requires_grad_(False)
            param.grad.zero_()


def _grads(parameters):
    if isinstance(parameters, _tensor.Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale gradients so their total ``norm_type`` norm is at most ``max_norm``; returns the total norm.

    >>> import gradlib
    >>> p = gradlib.nn.Parameter(gradlib.zeros(2)); p.grad = gradlib.tensor([3., 4.])
    >>> gradlib.nn.utils.clip_grad_norm_([p], 1.0), p.grad
    (tensor(5.), tensor([0.6000, 0.8000]))
    """
    if isinstance(parameters, types.GeneratorType):
        parameters = list(parameters)
        if not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", UserWarning,
                          stacklevel=2)
    grads = _grads(parameters)
    norm_type = float(norm_type)  # PyTorch's conversions, in its order: 'inf' is accepted, 'fro' refused
    if not grads:
        float(max_norm)
        return _creation.tensor(0.0)
    _refuse_sparse(grads, "aten::linalg_vector_norm")  # nn.Embedding(sparse=True)'s gradient, as PyTorch
    total = _creation.stack_norms(grads, norm_type)
    if error_if_nonfinite and not bool(total.isfinite()):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is "
                           "non-finite, so it cannot be clipped. To disable this error and scale the gradients by "
                           "the non-finite norm anyway, set `error_if_nonfinite=False`")
    max_norm = float(max_norm)
    scale = (max_norm / (total + 1e-6)).clamp(max=1.0)
    with autograd.no_grad():
        for grad in grads:
            grad.mul_(scale.to(grad.device, grad.dtype))  # each device gets its copy of the factor (PyTorch)
    return total


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element to [-clip_value, clip_value] in place."""
    grads = _grads(parameters)
    clip_value = float(clip_value)
    _refuse_sparse(grads, "aten::clamp_min_")
    with autograd.no_grad():
        for grad in grads:
            grad.clamp_(-clip_value, clip_value)


def _refuse_sparse(grads, kernel):
    """PyTorch's NotImplementedError for a sparse gradient, which its clipping kernels do not take."""
    for grad in grads:
        if _sparse_registry.is_sparse(grad):
            raise _sparse_base.not_supported(kernel, grad._device)


def parameters_to_vector(parameters):
    """All parameters flattened and concatenated into one vector.

    >>> import gradlib
    >>> gradlib.nn.utils.parameters_to_vector([gradlib.ones(2), gradlib.zeros(1, 2)])
    tensor([1., 1., 0., 0.])
    """
    parameters = list(parameters)
    _check_one_device(parameters)
    return join.cat([p.reshape(-1) for p in parameters])


def _check_one_device(parameters):
    """PyTorch's conversions between parameters and a vector refuse parameters on several devices (reading each
    one's ``device``: an AttributeError for something that is not a tensor, as PyTorch's)."""
    first = None
    for param in parameters:
        device = param.device
        if first is None:
            first = device
        elif device != first:
            raise TypeError("Found two parameters on different devices, this is currently not supported.")


def vector_to_parameters(vec, parameters):
    """Make each parameter's data the next slice of ``vec`` (a view of it, on its device), as PyTorch's does."""
    if not isinstance(vec, _tensor.Tensor):
        raise TypeError(f"expected gradlib.Tensor, but got: {_type_name(vec)}")
    parameters = list(parameters)
    _check_one_device(parameters)
    offset = 0
    for param in parameters:
        count = param.numel()
        param.data = vec[offset:offset + count].view_as(param).data
        offset += count


from .clip_grad import clip_grad_norm  # noqa: E402 (it imports clip_grad_norm_ from this package)
