"""``gradlib.nn.utils``: gradient clipping and flattening parameters to a vector."""
import math
import types
import warnings

from ... import _creation, _sparse_base, _sparse_registry, _tensor, autograd
from ... import _arg_parser, linalg
from ...ops import join, selection
from ...ops._args import _type_name
from . import memory_format, prune, rnn
from ._skip_init import skip_init
from ._spectral_norm import remove_spectral_norm, spectral_norm
from ._weight_norm import remove_weight_norm, weight_norm
from .._zero_grads import zero_grads
from .memory_format import convert_conv2d_weight_memory_format, convert_conv3d_weight_memory_format

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_", "parameters_to_vector", "vector_to_parameters", "zero_grads",
           "weight_norm", "remove_weight_norm", "spectral_norm", "remove_spectral_norm", "skip_init",
           "fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval", "fuse_linear_bn_weights",
           "convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def _grads(parameters):
    if isinstance(parameters, _tensor.Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


_EMPTY_GROUPING = ("Expected !nested_tensorlist[0].empty() to be true, but got false.  (Could this error message be "
                   "improved?  If so, please report an enhancement request to PyTorch.)")


def _grouped(tensors):
    """PyTorch's ``_group_tensors_by_device_and_dtype``: the tensors by (device, dtype), groups in the order of
    their first member (a RuntimeError for no tensors at all, as PyTorch's grouping kernel)."""
    if not tensors:
        raise RuntimeError(_EMPTY_GROUPING)
    groups = {}
    for t in tensors:
        groups.setdefault((t.device, t.dtype), []).append(t)
    return list(groups.values())


def _foreach_norms(tensors, norm_type):
    """``torch._foreach_norm``: each tensor's ``norm_type`` vector norm (its own message for an empty tensor's
    inf norm, which has no identity)."""
    if norm_type == math.inf and any(t.numel() == 0 for t in tensors):
        raise RuntimeError("_foreach_norm cannot compute the infinity norm on an empty tensor because the operation "
                           "does not have an identity")
    return [linalg.vector_norm(t, norm_type) for t in tensors]


def _check_foreach(foreach, device):
    """PyTorch's foreach choice: the foreach kernels serve the CPU and CUDA (every device gradlib has)."""
    if foreach and device.type not in ("cpu", "cuda"):
        raise RuntimeError(f"foreach=True was passed, but can't use the foreach API on {device.type} tensors")
    return foreach is not False


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The ``norm_type`` norm of the norms of ``tensors`` (an iterable of tensors or one tensor), as if all their
    elements were one vector; a 0-d tensor on the first tensor's device (``tensor(0.)`` for none). Mirrors
    ``torch.nn.utils.get_total_norm`` (its order: norms per (device, dtype) group, the groups in order of first
    appearance, then the norm of their stack).

    >>> import gradlib
    >>> gradlib.nn.utils.get_total_norm([gradlib.tensor([3., 4.]), gradlib.tensor([12.])])
    tensor(13.)
    """
    with autograd.no_grad():
        tensors = [tensors] if isinstance(tensors, _tensor.Tensor) else list(tensors)
        norm_type = float(norm_type)  # PyTorch's conversion: 'inf' is accepted, 'fro' refused
        if not tensors:
            return _creation.tensor(0.0)
        first_device = tensors[0].device
        norms = []
        for group in _grouped(tensors):
            _refuse_sparse(group, "aten::linalg_vector_norm")  # nn.Embedding(sparse=True)'s gradient, as PyTorch
            if _check_foreach(foreach, group[0].device):
                norms.extend(_foreach_norms(group, norm_type))
            else:
                norms.extend(linalg.vector_norm(t, norm_type) for t in group)
        total = linalg.vector_norm(join.stack([n.to(first_device) for n in norms]), norm_type)
        if error_if_nonfinite and bool(total.isnan().logical_or(total.isinf())):  # PyTorch syncs here too
            raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is "
                               "non-finite, so it cannot be clipped. To disable this error and scale the gradients "
                               "by the non-finite norm anyway, set `error_if_nonfinite=False`")
        return total


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients of ``parameters`` in place by ``min(max_norm / (total_norm + 1e-6), 1)`` (a tensor
    ``total_norm``, as ``get_total_norm`` returns; a number is refused by clamp, as PyTorch's). Mirrors
    ``torch.nn.utils.clip_grads_with_norm_``.

    >>> import gradlib
    >>> p = gradlib.nn.Parameter(gradlib.zeros(2)); p.grad = gradlib.tensor([3., 4.])
    >>> gradlib.nn.utils.clip_grads_with_norm_([p], 1.0, gradlib.tensor(5.)); p.grad
    tensor([0.6000, 0.8000])
    """
    with autograd.no_grad():
        grads = _grads(parameters)
        max_norm = float(max_norm)
        if not grads:
            return
        groups = _grouped(grads)
        coefficient = max_norm / (total_norm + 1e-6)
        _arg_parser.parse("clamp", (coefficient,), {"max": 1.0})  # a number total_norm: clamp's TypeError
        scale = selection.clamp(coefficient, max=1.0)
        for group in groups:
            _check_foreach(foreach, group[0].device)
            factor = scale.to(group[0].device)  # each device gets its copy of the factor (PyTorch)
            for grad in group:
                grad.mul_(factor)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale gradients so their total ``norm_type`` norm is at most ``max_norm``; returns the total norm
    (``get_total_norm`` then ``clip_grads_with_norm_``, as PyTorch's).

    >>> import gradlib
    >>> p = gradlib.nn.Parameter(gradlib.zeros(2)); p.grad = gradlib.tensor([3., 4.])
    >>> gradlib.nn.utils.clip_grad_norm_([p], 1.0), p.grad
    (tensor(5.), tensor([0.6000, 0.8000]))
    """
    if isinstance(parameters, _tensor.Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)  # a generator is read once
        if is_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", UserWarning,
                          stacklevel=2)
    grads = _grads(parameters)
    total = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element to [-clip_value, clip_value] in place (PyTorch's grouping refuses an empty
    list of gradients with its RuntimeError).

    >>> import gradlib
    >>> p = gradlib.nn.Parameter(gradlib.zeros(2)); p.grad = gradlib.tensor([3., -0.5])
    >>> gradlib.nn.utils.clip_grad_value_([p], 1.0); p.grad
    tensor([ 1.0000, -0.5000])
    """
    if isinstance(parameters, _tensor.Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    grads = [p.grad for p in parameters if p.grad is not None]
    with autograd.no_grad():
        for group in _grouped(grads):
            _check_foreach(foreach, group[0].device)
            _refuse_sparse(group, "aten::clamp_min_")
            for grad in group:
                grad.clamp_min_(-clip_value).clamp_max_(clip_value)


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
from . import convert_parameters  # noqa: E402 (it imports the conversions from this package)
from .fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights  # noqa: E402
