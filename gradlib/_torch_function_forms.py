"""How PyTorch's Python-level ``torch.nn.functional`` functions hand their arguments to ``__torch_function__``.

A native PyTorch function passes an override the arguments as the caller wrote them; a function written in Python
(``F.relu``, ``F.dropout``, ``F.max_pool2d``, ...) calls ``handle_torch_function(f, (input,), input, inplace=inplace)``
itself: its leading parameters positionally, every other parameter by keyword with its value or default, in its own
order. An override (``torch.fx``'s ``Proxy``, a logging subclass) therefore sees ``F.relu(x)`` as
``(x,), {'inplace': False}`` and records ``torch.nn.functional.relu(x, inplace = False)``.

``FORMS`` is that table, read from PyTorch 2.13's ``torch/nn/functional.py`` (name: number of leading positional
parameters, keyword names in order); ``_torch_function.dispatch`` applies ``normalize`` to a call of such a function
before handing it to the overrides, and only then (the eager path never pays for it).
"""
import inspect

from . import _tensor

__all__ = ["FORMS", "AS_METHODS", "normalize"]

#: functions PyTorch writes as a Tensor method call (``F.sigmoid(input)`` is ``input.sigmoid()``): an override
#: sees the method, ``torch.Tensor.sigmoid``
AS_METHODS = frozenset(("sigmoid", "tanh"))

#: name -> (leading parameters passed positionally, parameters passed by keyword), PyTorch's handle_torch_function calls
FORMS = {
    "adaptive_avg_pool2d": (2, ()),
    "adaptive_avg_pool3d": (2, ()),
    "adaptive_max_pool1d": (2, ('return_indices',)),
    "adaptive_max_pool1d_with_indices": (2, ('return_indices',)),
    "adaptive_max_pool2d": (2, ('return_indices',)),
    "adaptive_max_pool2d_with_indices": (2, ('return_indices',)),
    "adaptive_max_pool3d": (2, ('return_indices',)),
    "adaptive_max_pool3d_with_indices": (2, ('return_indices',)),
    "adaptive_max_pool3d": (2, ('return_indices',)),
    "adaptive_max_pool3d_with_indices": (2, ('return_indices',)),
    "affine_grid": (2, ('align_corners',)),
    "alpha_dropout": (1, ('p', 'training', 'inplace')),
    "batch_norm": (3, ('weight', 'bias', 'training', 'momentum', 'eps')),
    "binary_cross_entropy": (2, ('weight', 'size_average', 'reduce', 'reduction')),
    "binary_cross_entropy_with_logits": (2, ('weight', 'size_average', 'reduce', 'reduction', 'pos_weight')),
    "celu": (1, ('alpha', 'inplace')),
    "cosine_embedding_loss": (3, ('margin', 'size_average', 'reduce', 'reduction')),
    "cross_entropy": (2, ('weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing')),
    "ctc_loss": (4, ('blank', 'reduction', 'zero_infinity')),
    "dropout": (1, ('p', 'training', 'inplace')),
    "dropout1d": (1, ('p', 'training', 'inplace')),
    "dropout2d": (1, ('p', 'training', 'inplace')),
    "dropout3d": (1, ('p', 'training', 'inplace')),
    "elu": (1, ('alpha', 'inplace')),
    "embedding": (2, ('padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse')),
    "embedding_bag": (2, ('offsets', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', 'per_sample_weights', 'include_last_offset', 'padding_idx')),
    "feature_alpha_dropout": (1, ('p', 'training', 'inplace')),
    "fold": (3, ('dilation', 'padding', 'stride')),
    "fractional_max_pool2d": (2, ('output_size', 'output_ratio', 'return_indices', '_random_samples')),
    "fractional_max_pool2d_with_indices": (2, ('output_size', 'output_ratio', 'return_indices', '_random_samples')),
    "fractional_max_pool3d": (2, ('output_size', 'output_ratio', 'return_indices', '_random_samples')),
    "fractional_max_pool3d_with_indices": (2, ('output_size', 'output_ratio', 'return_indices', '_random_samples')),
    "gaussian_nll_loss": (3, ('full', 'eps', 'reduction')),
    "glu": (1, ('dim',)),
    "grid_sample": (2, ('mode', 'padding_mode', 'align_corners')),
    "group_norm": (2, ('weight', 'bias', 'eps')),
    "gumbel_softmax": (1, ('tau', 'hard', 'eps', 'dim')),
    "hardsigmoid": (1, ('inplace',)),
    "hardswish": (1, ('inplace',)),
    "hardtanh": (1, ('min_val', 'max_val', 'inplace')),
    "hinge_embedding_loss": (2, ('margin', 'size_average', 'reduce', 'reduction')),
    "huber_loss": (2, ('reduction', 'delta', 'weight')),
    "instance_norm": (1, ('running_mean', 'running_var', 'weight', 'bias', 'use_input_stats', 'momentum', 'eps')),
    "interpolate": (1, ('size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor', 'antialias')),
    "kl_div": (2, ('size_average', 'reduce', 'reduction', 'log_target')),
    "l1_loss": (2, ('size_average', 'reduce', 'reduction')),
    "layer_norm": (2, ('weight', 'bias', 'eps')),
    "leaky_relu": (1, ('negative_slope', 'inplace')),
    "linear_cross_entropy": (3, ('linear_bias', 'weight', 'reduction', 'ignore_index', 'label_smoothing', 'options')),
    "local_response_norm": (2, ('alpha', 'beta', 'k')),
    "log_softmax": (1, ('dim', '_stacklevel', 'dtype')),
    "lp_pool1d": (3, ('stride', 'ceil_mode')),
    "lp_pool2d": (3, ('stride', 'ceil_mode')),
    "lp_pool3d": (3, ('stride', 'ceil_mode')),
    "margin_ranking_loss": (3, ('margin', 'size_average', 'reduce', 'reduction')),
    "max_pool1d": (2, ('stride', 'padding', 'dilation', 'ceil_mode', 'return_indices')),
    "max_pool1d_with_indices": (2, ('stride', 'padding', 'dilation', 'ceil_mode', 'return_indices')),
    "max_pool2d": (2, ('stride', 'padding', 'dilation', 'ceil_mode', 'return_indices')),
    "max_pool2d_with_indices": (2, ('stride', 'padding', 'dilation', 'ceil_mode', 'return_indices')),
    "max_pool3d": (2, ('stride', 'padding', 'dilation', 'ceil_mode', 'return_indices')),
    "max_pool3d_with_indices": (2, ('stride', 'padding', 'dilation', 'ceil_mode', 'return_indices')),
    "max_unpool1d": (3, ('stride', 'padding', 'output_size')),
    "max_unpool2d": (3, ('stride', 'padding', 'output_size')),
    "max_unpool3d": (3, ('stride', 'padding', 'output_size')),
    "mish": (1, ('inplace',)),
    "mse_loss": (2, ('size_average', 'reduce', 'reduction', 'weight')),
    "multi_head_attention_forward": (13, ('training', 'key_padding_mask', 'need_weights', 'attn_mask', 'is_causal', 'use_separate_proj_weight', 'q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'static_k', 'static_v', 'average_attn_weights')),
    "multi_margin_loss": (2, ('p', 'margin', 'weight', 'size_average', 'reduce', 'reduction')),
    "multilabel_margin_loss": (2, ('size_average', 'reduce', 'reduction')),
    "multilabel_soft_margin_loss": (2, ('weight', 'size_average', 'reduce', 'reduction')),
    "nll_loss": (2, ('weight', 'size_average', 'ignore_index', 'reduce', 'reduction')),
    "normalize": (1, ('p', 'dim', 'eps', 'out')),
    "pad": (2, ('mode', 'value')),
    "poisson_nll_loss": (2, ('log_input', 'full', 'size_average', 'eps', 'reduce', 'reduction')),
    "relu": (1, ('inplace',)),
    "relu6": (1, ('inplace',)),
    "rms_norm": (2, ('weight', 'eps')),
    "rrelu": (1, ('lower', 'upper', 'training', 'inplace')),
    "selu": (1, ('inplace',)),
    "silu": (1, ('inplace',)),
    "smooth_l1_loss": (2, ('size_average', 'reduce', 'reduction', 'beta')),
    "soft_margin_loss": (2, ('size_average', 'reduce', 'reduction')),
    "softmax": (1, ('dim', '_stacklevel', 'dtype')),
    "softmin": (1, ('dim', '_stacklevel', 'dtype')),
    "softsign": (1, ()),
    "tanhshrink": (1, ()),
    "threshold": (3, ('inplace',)),
    "triplet_margin_loss": (3, ('margin', 'p', 'eps', 'swap', 'size_average', 'reduce', 'reduction')),
    "triplet_margin_with_distance_loss": (3, ('distance_function', 'margin', 'swap', 'reduction')),
    "unfold": (2, ('dilation', 'padding', 'stride')),
}

_MISSING = object()


def normalize(func, implementation, args, kwargs):
    """``(func, args, kwargs)`` as PyTorch's Python-level ``func`` hands them to ``__torch_function__`` (unchanged
    for a function not in the tables, or a call that does not bind to its signature: the implementation then
    raises)."""
    unchanged = func, args, kwargs
    if getattr(func, "__module__", None) != "gradlib.nn.functional":
        return unchanged
    name = getattr(func, "__name__", None)
    form = FORMS.get(name)
    if form is None and name not in AS_METHODS:
        return unchanged
    try:
        bound = inspect.signature(implementation).bind(*args, **(kwargs or {}))
    except TypeError:
        return unchanged
    bound.apply_defaults()
    values = bound.arguments
    names = list(values)
    if name in AS_METHODS:
        return getattr(_tensor.Tensor, name), (values[names[0]],), {}
    positional, keywords = form
    if len(names) < positional or any(values.get(key, _MISSING) is _MISSING for key in keywords):
        return unchanged
    return func, tuple(values[key] for key in names[:positional]), {key: values[key] for key in keywords}
