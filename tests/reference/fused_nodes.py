"""Normalization, pooling, transposed convolution, spatial and probability-target cross-entropy and flash attention
as single nodes (issue 15: PyTorch's grad_fn names), beyond the op registry's samples: the argument variants
(ceil mode, excluded padding, divisor_override, unbatched inputs, dilation, groups, running statistics, masks,
GQA) written once for gradlib and PyTorch in float64. The recorder (``python tests/reference/record_torch.py
fused_nodes``) stores PyTorch's output, grad_fn name, the gradients of ``(output * weights).sum()`` and the
running statistics in ``torch_fused_nodes.json``; tests/test_fused_nodes.py demands gradlib reproduce them."""
import numpy


def _array(seed, *shape):
    return numpy.random.default_rng(seed).standard_normal(shape)


def _classes(seed, high, *shape, ignore=None):
    target = numpy.random.default_rng(seed).integers(0, high, shape)
    if ignore is not None:
        target.reshape(-1)[::3] = ignore
    return target


def _probabilities(seed, *shape):
    values = numpy.exp(_array(seed, *shape))
    return values / values.sum(axis=1, keepdims=True)


def _bool_mask(*shape):
    mask = numpy.random.default_rng(7).random(shape) > 0.4
    mask[..., 1, :] = False  # a query row that may attend to nothing: zeros, zero gradient
    return mask


# name -> (function of (lib, *tensors), [input arrays], indices of the inputs that require grad, stat indices)
# ``stats``: inputs (running statistics) whose values after the call are recorded too.
CASES = {
    "batch_norm_4d_train": (
        lambda lib, x, w, b, m, v: lib.nn.functional.batch_norm(x, m, v, w, b, training=True, momentum=0.3),
        [_array(1, 3, 2, 3, 2), _array(2, 2), _array(3, 2), _array(4, 2), numpy.abs(_array(5, 2)) + 0.5],
        (0, 1, 2), (3, 4)),
    "batch_norm_no_affine_train_3d": (
        lambda lib, x: lib.nn.functional.batch_norm(x, None, None, training=True, eps=1e-3),
        [_array(6, 4, 3, 2)], (0,), ()),
    "batch_norm_weight_only_eval_4d": (
        lambda lib, x, w, m, v: lib.nn.functional.batch_norm(x, m, v, w, None, training=False),
        [_array(7, 3, 2, 2, 2), _array(8, 2), _array(9, 2), numpy.abs(_array(10, 2)) + 0.5], (0, 1), ()),
    "batch_norm_eval_no_affine": (
        lambda lib, x, m, v: lib.nn.functional.batch_norm(x, m, v, training=False, eps=0.1),
        [_array(11, 5, 3), _array(12, 3), numpy.abs(_array(13, 3)) + 0.5], (0,), ()),
    "batch_norm_module_train_then_eval": (
        lambda lib, x: _batch_norm_module(lib, x),
        [_array(14, 6, 3)], (0,), ()),
    "group_norm_4d": (
        lambda lib, x, w, b: lib.nn.functional.group_norm(x, 3, w, b, eps=1e-4),
        [_array(15, 2, 6, 2, 3), _array(16, 6), _array(17, 6)], (0, 1, 2), ()),
    "group_norm_no_affine_2d": (
        lambda lib, x: lib.nn.functional.group_norm(x, 2),
        [_array(18, 3, 4)], (0,), ()),
    "group_norm_weight_only_one_group": (
        lambda lib, x, w: lib.nn.functional.group_norm(x, 1, w),
        [_array(19, 2, 3, 4), _array(20, 3)], (0, 1), ()),
    "avg_pool2d_ceil": (
        lambda lib, x: lib.nn.functional.avg_pool2d(x, 2, ceil_mode=True),
        [_array(21, 1, 2, 5, 5)], (0,), ()),
    "avg_pool2d_ceil_pad_excluded": (
        lambda lib, x: lib.nn.functional.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True,
                                                    count_include_pad=False),
        [_array(22, 1, 1, 6, 5)], (0,), ()),
    "avg_pool2d_ceil_pad_included": (
        lambda lib, x: lib.nn.functional.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True),
        [_array(23, 2, 1, 6, 5)], (0,), ()),
    "avg_pool2d_divisor_override": (
        lambda lib, x: lib.nn.functional.avg_pool2d(x, 2, stride=1, divisor_override=3),
        [_array(24, 2, 1, 4, 4)], (0,), ()),
    "avg_pool2d_unbatched_rectangular": (
        lambda lib, x: lib.nn.functional.avg_pool2d(x, (2, 3), stride=(1, 2), padding=(1, 1)),
        [_array(25, 2, 5, 4)], (0,), ()),
    "avg_pool2d_module": (
        lambda lib, x: lib.nn.AvgPool2d(3, stride=1, padding=1)(x),
        [_array(26, 1, 2, 3, 4)], (0,), ()),
    "adaptive_avg_pool2d_larger": (
        lambda lib, x: lib.nn.functional.adaptive_avg_pool2d(x, (5, 4)),
        [_array(27, 1, 2, 3, 2)], (0,), ()),
    "adaptive_avg_pool2d_none_unbatched": (
        lambda lib, x: lib.nn.functional.adaptive_avg_pool2d(x, (None, 4)),
        [_array(28, 2, 5, 6)], (0,), ()),
    "adaptive_avg_pool2d_divisible": (
        lambda lib, x: lib.nn.AdaptiveAvgPool2d(2)(x),
        [_array(29, 2, 3, 4, 6)], (0,), ()),
    "interpolate_area_down": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=(3, 2), mode="area"),
        [_array(30, 1, 2, 7, 5)], (0,), ()),
    "interpolate_bicubic_larger_align_corners": (
        lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=(1.7, 2.2), mode="bicubic", align_corners=True),
        [_array(87, 2, 1, 3, 2)], (0,), ()),
    "interpolate_bicubic_smaller": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=(2, 3), mode="bicubic"),
        [_array(88, 1, 2, 5, 7)], (0,), ()),
    "conv_transpose2d_dilation": (
        lambda lib, x, w, b: lib.nn.functional.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1,
                                                               dilation=2),
        [_array(31, 2, 2, 3, 3), _array(32, 2, 2, 2, 2), _array(33, 2)], (0, 1, 2), ()),
    "conv_transpose2d_unbatched": (
        lambda lib, x, w: lib.nn.functional.conv_transpose2d(x, w, stride=(1, 2)),
        [_array(34, 2, 3, 3), _array(35, 2, 3, 2, 2)], (0, 1), ()),
    "conv_transpose1d_groups": (
        lambda lib, x, w, b: lib.nn.functional.conv_transpose1d(x, w, b, groups=2, stride=3, dilation=2),
        [_array(36, 1, 4, 5), _array(37, 4, 1, 3), _array(38, 2)], (0, 1, 2), ()),
    "conv_transpose2d_module": (
        lambda lib, x: _conv_transpose_module(lib, x),
        [_array(39, 1, 3, 2, 3)], (0,), ()),
    "cross_entropy_3d_none": (
        lambda lib, x, t: lib.nn.functional.cross_entropy(x, t, reduction="none"),
        [_array(40, 2, 3, 4), _classes(41, 3, 2, 4)], (0,), ()),
    "cross_entropy_3d_mean": (
        lambda lib, x, t: lib.nn.functional.cross_entropy(x, t),
        [_array(42, 2, 3, 4), _classes(43, 3, 2, 4)], (0,), ()),
    "cross_entropy_4d_none": (
        lambda lib, x, t: lib.nn.functional.cross_entropy(x, t, reduction="none"),
        [_array(44, 2, 3, 2, 2), _classes(45, 3, 2, 2, 2)], (0,), ()),
    "cross_entropy_5d_weight_ignore": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t, weight=w, ignore_index=-1),
        [_array(46, 2, 3, 2, 2, 2), _classes(47, 3, 2, 2, 2, 2, ignore=-1), numpy.abs(_array(48, 3))], (0,), ()),
    "nll_loss_5d_none": (
        lambda lib, x, t: lib.nn.functional.nll_loss(x, t, reduction="none"),
        [_array(49, 1, 3, 2, 1, 3), _classes(50, 3, 1, 2, 1, 3)], (0,), ()),
    "cross_entropy_probabilities_sum": (
        lambda lib, x, p: lib.nn.functional.cross_entropy(x, p, reduction="sum"),
        [_array(51, 3, 4), _probabilities(52, 3, 4)], (0,), ()),
    "cross_entropy_probabilities_none_weight": (
        lambda lib, x, p, w: lib.nn.functional.cross_entropy(x, p, weight=w, reduction="none"),
        [_array(53, 3, 4), _probabilities(54, 3, 4), numpy.abs(_array(55, 4))], (0,), ()),
    "cross_entropy_probabilities_3d_mean": (
        lambda lib, x, p: lib.nn.functional.cross_entropy(x, p),
        [_array(56, 2, 3, 4), _probabilities(57, 2, 3, 4)], (0,), ()),
    "cross_entropy_probabilities_unbatched": (
        lambda lib, x, p: lib.nn.functional.cross_entropy(x, p, label_smoothing=0.2),
        [_array(58, 5), _probabilities(59, 1, 5)[0]], (0,), ()),
    "sdpa_4d_bool_mask_empty_row": (
        lambda lib, q, k, v, m: lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=m),
        [_array(60, 2, 2, 3, 4), _array(61, 2, 2, 5, 4), _array(62, 2, 2, 5, 4), _bool_mask(3, 5)], (0, 1, 2), ()),
    "sdpa_4d_float_mask_3d": (  # PyTorch's math path: a 3-D mask
        lambda lib, q, k, v, m: lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=m),
        [_array(63, 1, 2, 3, 2), _array(64, 1, 2, 4, 2), _array(65, 1, 2, 4, 2), _array(66, 2, 3, 4)],
        (0, 1, 2), ()),
    "sdpa_4d_causal_longer_keys": (
        lambda lib, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True),
        [_array(67, 1, 2, 3, 4), _array(68, 1, 2, 5, 4), _array(69, 1, 2, 5, 4)], (0, 1, 2), ()),
    "sdpa_4d_float_mask_4d": (
        lambda lib, q, k, v, m: lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=m),
        [_array(83, 2, 2, 3, 2), _array(84, 2, 2, 4, 2), _array(85, 2, 2, 4, 2), _array(86, 2, 1, 1, 4)],
        (0, 1, 2), ()),
    "sdpa_4d_gqa": (
        lambda lib, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v, enable_gqa=True, scale=0.7),
        [_array(70, 1, 4, 3, 2), _array(71, 1, 2, 3, 2), _array(72, 1, 2, 3, 2)], (0, 1, 2), ()),
    "sdpa_4d_query_only": (
        lambda lib, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v),
        [_array(73, 2, 1, 3, 2), _array(74, 2, 1, 3, 2), _array(75, 2, 1, 3, 2)], (0,), ()),
    "sdpa_4d_value_head_size_differs": (  # PyTorch's math path: not flash
        lambda lib, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v),
        [_array(76, 1, 2, 3, 2), _array(77, 1, 2, 3, 2), _array(78, 1, 2, 3, 5)], (0, 1, 2), ()),
    "sdpa_4d_mask_requires_grad": (  # PyTorch's math path: the mask gets a gradient
        lambda lib, q, k, v, m: lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=m),
        [_array(79, 1, 1, 3, 2), _array(80, 1, 1, 3, 2), _array(81, 1, 1, 3, 2), _array(82, 3, 3)], (0, 1, 2, 3), ()),
}


def _batch_norm_module(lib, x):
    lib.manual_seed(0)
    layer = lib.nn.BatchNorm1d(3, momentum=None).double()
    layer(x * 2 + 1)
    layer(x)
    layer.eval()
    return layer(x) + layer.running_mean + layer.running_var


def _conv_transpose_module(lib, x):
    lib.manual_seed(0)
    layer = lib.nn.ConvTranspose2d(3, 2, (2, 3), stride=2, padding=(0, 1)).double()
    with lib.no_grad():
        layer.weight.copy_(lib.tensor(_array(90, 3, 2, 2, 3), dtype=lib.float64))
        layer.bias.copy_(lib.tensor(_array(91, 2), dtype=lib.float64))
    return layer(x)


def inputs(lib, name):
    """The case's inputs as float64 (or integer/bool) tensors on the default device."""
    _, arrays, grads, _ = CASES[name]
    tensors = []
    for index, array in enumerate(arrays):
        dtype = lib.float64 if array.dtype.kind == "f" else lib.int64 if array.dtype.kind == "i" else lib.bool
        tensors.append(lib.tensor(array, dtype=dtype, requires_grad=index in grads))
    return tensors


def run(lib, name):
    """{"name": grad_fn name, "output": values, "grads": [gradient per input that requires grad],
    "stats": [values after the call of the running statistics]}."""
    function, _, grads, stats = CASES[name]
    tensors = inputs(lib, name)
    out = function(lib, *tensors)
    node = out.grad_fn
    weights = lib.tensor(_array(99, *out.shape), dtype=out.dtype)
    found = lib.autograd.grad((out * weights).sum(), [tensors[i] for i in grads])
    return {"name": None if node is None else repr(node)[1:].split(" ")[0],  # as grad_fn=<...> prints it
            "output": out.detach().cpu().tolist(), "grads": [g.cpu().tolist() for g in found],
            "stats": [tensors[i].cpu().tolist() for i in stats]}


def record():
    """PyTorch's results (the recorder's 'fused_nodes' section)."""
    import json
    import pathlib

    import torch
    recorded = {name: run(torch, name) for name in CASES}
    path = pathlib.Path(__file__).resolve().parent / "torch_fused_nodes.json"
    path.write_text(json.dumps(recorded, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} fused-node cases to {path.name}")
