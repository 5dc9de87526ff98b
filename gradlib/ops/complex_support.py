"""Which ops refuse complex input, in PyTorch's words: one table, checked by one function.

PyTorch refuses complex tensors in three ways, and ``REFUSALS`` names each op's way:

- ``kernel(name)``: its CPU/CUDA kernel has no complex version (``"mse_cpu" not implemented for 'ComplexDouble'``;
  ``{device}`` in the name becomes ``cpu`` or ``cuda``, the dtype is the inputs' promoted one);
- ``message(class, text)``: a check of its own (``fmax not implemented for complex tensors.``);
- ``autograd(name)``: the op computes complex values but has no complex derivative, so it refuses only when
  grad mode is on and an input requires grad (``scatter_reduce does not support automatic differentiation for
  outputs with complex dtype.``).

An op declares its row here and calls ``check(op, *tensors)`` where PyTorch's refusal comes among its checks
(usually first; its cases in ``tests/reference/torch_complex9.json`` are PyTorch's answers); NumPy would
otherwise compute on complex numbers where PyTorch refuses, or fail with an internal error. Ops whose refusal is
an existing dtype-kind check name the complex kind there instead (``_args.refuse_kernel(..., kinds="iubc")``:
interpolate, grid_sample). Ops absent from both accept complex input.
"""
from .. import _tensor as _tensor_module
from .. import dtypes
from ..autograd import grad_mode

__all__ = ["check", "REFUSALS", "REAL_ONLY_LINALG", "linalg_accepts", "type_name"]


def kernel(name):
    return ("kernel", NotImplementedError, name)


def message(error, text):
    return ("message", error, text)


def autograd(name):
    return ("autograd", RuntimeError, name)


_CLAMP = message(NotImplementedError, "clamp is not supported for complex types")

#: op -> how PyTorch 2.13 refuses complex input to it (its CPU wording; CUDA kernels end in _cuda)
REFUSALS = {
    # activations
    "elu": kernel("elu_{device}"), "celu": kernel("elu_{device}"), "selu": kernel("elu_{device}"),
    "leaky_relu": kernel("leaky_relu_{device}"), "rrelu": kernel("leaky_relu_{device}"),
    "logsigmoid": kernel("log_sigmoid_{device}"), "gelu": kernel("GeluKernelImpl"), "glu": kernel("glu_{device}"),
    "hardshrink": kernel("hardshrink_{device}"), "hardsigmoid": kernel("hardsigmoid_{device}"),
    "hardswish": kernel("hardswish_{device}"), "mish": kernel("mish_{device}"),
    "softplus": kernel("softplus_{device}"), "softshrink": kernel("softshrink_check"),
    "threshold": kernel("threshold_{device}"), "prelu": kernel("prelu_{device}"), "hardtanh": _CLAMP,
    "relu6": _CLAMP, "silu": autograd("silu"),
    # normalization
    "batch_norm": kernel("batch_norm"), "layer_norm": kernel("LayerNormKernelImpl"),
    "group_norm": kernel("GroupNormKernelImpl"), "weight_norm": kernel("weight_norm_kernel"),
    # losses
    "mse_loss": kernel("mse_{device}"), "smooth_l1_loss": kernel("smooth_l1_{device}"),
    "huber_loss": kernel("huber_{device}"), "binary_cross_entropy": kernel("binary_cross_entropy"),
    "binary_cross_entropy_with_logits": kernel("log_sigmoid_{device}"),
    "multilabel_soft_margin_loss": kernel("log_sigmoid_{device}"),
    "multi_margin_loss": kernel("multi_margin_loss_{device}_kernel"),
    "multilabel_margin_loss": kernel("multilabel_margin_loss_forward_out_frame"),
    "nll_loss": kernel("nll_loss_out_frame"), "kl_div": message(RuntimeError, "kl_div: Complex inputs not supported."),
    "soft_margin_loss": autograd("soft_margin_loss"),
    # pooling and resampling
    "avg_pool2d": kernel("avg_pool2d"), "avg_pool3d": kernel("avg_pool3d_out_frame"),
    "max_pool2d": kernel("max_pool2d"), "max_pool3d": kernel("max_pool3d"),
    "adaptive_max_pool2d": kernel("adaptive_max_pool2d"), "adaptive_max_pool3d": kernel("adaptive_max_pool3d_{device}"),
    "adaptive_avg_pool2d": kernel("adaptive_avg_pool2d"),
    "adaptive_avg_pool3d": kernel("adaptive_avg_pool3d_{device}"),
    # pointwise math
    "xlogy": kernel("xlogy_{device}"), "xlog1py": kernel("xlog1py_{device}"),
    "fmax": message(RuntimeError, "fmax not implemented for complex tensors."),
    "fmin": message(RuntimeError, "fmin not implemented for complex tensors."),
    "copysign": kernel("copysign_{device}"), "atan2": kernel("atan2_{device}"),
    "div_floor": kernel("div_floor_{device}"), "div_trunc": kernel("div_trunc_{device}"),
    "fmod": kernel("fmod_{device}"), "remainder": kernel("remainder_{device}"),
    "logaddexp": kernel("logaddexp2_{device}"), "logaddexp2": kernel("logaddexp2_{device}"),
    "lgamma": kernel("lgamma_vml_{device}"), "digamma": kernel("digamma"), "polygamma": kernel("polygamma"),
    "erfinv": kernel("erfinv_vml_{device}"), "erfc": kernel("erfc_vml_{device}"), "entr": kernel("entr_{device}"),
    "logit": kernel("logit_{device}"), "mvlgamma": kernel("arange_{device}"), "round_decimals": kernel("round_{device}"),
    "signbit": message(NotImplementedError, "signbit is not implemented for complex tensors."),
    "clamp_min_tensor": kernel("maximum_{device}"), "clamp_max_tensor": kernel("minimum_{device}"),
    "nan_to_num": autograd("nan_to_num"),
    # orderings
    "sort": message(RuntimeError, " Sort does not support complex dtypes on CPU"),
    "topk": message(RuntimeError, " topk does not support complex dtypes on CPU"),
    "kthvalue": kernel("kthvalue_{device}"), "median": kernel("median_{device}"), "median_dim": kernel("median_out"),
    "aminmax": kernel("aminmax_{device}"), "cummax": kernel("cummax_{device}"), "cummin": kernel("cummin_{device}"),
    "nansum": message(RuntimeError, "nansum on CPU does not support complex inputs"),
    # scatters and embeddings without complex derivatives
    "scatter_reduce": autograd("scatter_reduce"),
    "scatter_reduce_amax": kernel("scatter_gather_tensor_{device}_reduce_amax"),
    "scatter_reduce_amin": kernel("scatter_gather_tensor_{device}_reduce_amin"), "select_scatter": autograd("select_scatter"),
    "slice_scatter": autograd("slice_scatter"), "index_reduce": autograd("index_reduce"),
    "embedding": autograd("embedding"), "bilinear": autograd("_trilinear"),
    "to_sparse": autograd("_to_sparse"), "sparse_sum": autograd("_sparse_sum"),
    "sparse_compressed_tensor": autograd("sparse_compressed_tensor"), "normal": autograd("normal"),
    # random fills
    "bernoulli_scalar": kernel("bernoulli_scalar_{device}_"),
    "bernoulli_tensor": kernel("bernoulli_tensor_{device}_self_"),
    "random_": message(RuntimeError, "check_random_bounds handles only integral, floating-point and boolean types"),
}


#: linalg functions whose complex formulas gradlib lacks (non-holomorphic derivatives written for real matrices,
#: transposes where the conjugate transpose belongs): they refuse complex input with NotImplementedError, although
#: PyTorch computes them (tests/test_complex9.py lists their cases as known differences). Empty since helper
#: cplxlinalg: every linalg function takes complex matrices (tests/test_cplxlinalg.py)
REAL_ONLY_LINALG = frozenset()


def linalg_accepts(name, dtype):
    """Whether the linalg function ``name`` takes ``dtype``: floating point, or complex where its formulas are."""
    return dtype.is_floating_point or (dtype.is_complex and name not in REAL_ONLY_LINALG)


def type_name(tensor):
    """A tensor's type as PyTorch's argument checks print it (``Type::toString``): the legacy tensor type
    (``torch.DoubleTensor``) where one exists, ``CPUComplexDoubleType`` (``CUDABoolType``) where none does."""
    if tensor.dtype.is_complex or tensor.dtype is dtypes.bool:
        return ("CPU" if tensor.device.type == "cpu" else "CUDA") + tensor.dtype.scalar_type + "Type"
    return tensor.type()


def _tensors(values):
    for value in values:
        if isinstance(value, _tensor_module.Tensor):
            yield value
        elif isinstance(value, (tuple, list)):
            yield from _tensors(value)


def check(op, *values):
    """Raise PyTorch's refusal of ``op`` (a key of ``REFUSALS``) when a tensor among ``values`` is complex.

    >>> import gradlib
    >>> check("mse_loss", gradlib.tensor([1j], device="cpu"), gradlib.tensor([1.], device="cpu"))
    Traceback (most recent call last):
    ...
    NotImplementedError: "mse_cpu" not implemented for 'ComplexFloat'
    """
    tensors = list(_tensors(values))
    if not any(tensor.dtype.is_complex for tensor in tensors):
        return
    how, error, text = REFUSALS[op]
    if how == "autograd":
        if grad_mode.is_grad_enabled() and any(tensor.requires_grad for tensor in tensors):
            raise error(f"{text} does not support automatic differentiation for outputs with complex dtype.")
        return
    if how == "message":
        raise error(text)
    promoted, zero_dim = tensors[0].dtype, tensors[0].ndim == 0
    for tensor in tensors[1:]:  # TensorIterator's promotion: a 0-d tensor only counts by its category
        promoted = dtypes.result_type(promoted, zero_dim, tensor.dtype, tensor.ndim == 0)
        zero_dim = zero_dim and tensor.ndim == 0
    device = "cpu" if tensors[0].device.type == "cpu" else "cuda"
    raise error(f'"{text.format(device=device)}" not implemented for \'{promoted.scalar_type}\'')
