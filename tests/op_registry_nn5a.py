"""Registry samples of the nn gaps of issue 15 built by helper nn5a: adaptive max pooling, grid_sample /
affine_grid, conv3d and 3-d pooling, max_unpool, lp_pool, bilinear.

Recorded separately (``python tests/reference/record_torch.py nn5a`` writes ``torch_ops_nn5a.json``,
``torch_op_dtypes_nn5a.json`` and ``torch_grad_fn_names_nn5a.json``); ``op_registry.SAMPLES`` includes these, so
every generic test runs them.
"""
from op_registry import F, Sample


def _f(lib):
    return lib.nn.functional


SAMPLES = [
    # adaptive max pooling (windows overlap for 5 -> 3 and 7 -> 4; divisible sizes make disjoint windows)
    Sample("adaptive_max_pool2d", lambda lib, x: _f(lib).adaptive_max_pool2d(x, (3, 4)), [F(2, 2, 5, 7)]),
    Sample("adaptive_max_pool2d_indices", lambda lib, x: _f(lib).adaptive_max_pool2d(x, 2, return_indices=True),
           [F(3, 4, 6)]),
    Sample("adaptive_max_pool2d_none_upsample", lambda lib, x: _f(lib).adaptive_max_pool2d(x, (None, 5)),
           [F(1, 2, 3, 3)]),
    Sample("adaptive_max_pool1d", lambda lib, x: _f(lib).adaptive_max_pool1d(x, 3, True), [F(2, 3, 7)]),
    # (layers18) 3-D adaptive max pooling: overlapping windows (5 -> 3), kept and upsampled dims
    Sample("adaptive_max_pool3d", lambda lib, x: _f(lib).adaptive_max_pool3d(x, (3, None, 4), True),
           [F(1, 2, 5, 2, 3)]),
    # grid_sample / affine_grid (grids scaled past [-1, 1] so that every padding mode has points outside; NaN in a
    # grid crashes PyTorch's CPU kernel (a read out of bounds), so the edge corpus's NaN edge gets 0 there)
    Sample("grid_sample", lambda lib, x, g: _f(lib).grid_sample(x, g.nan_to_num() * 1.4, align_corners=False),
           [F(2, 3, 4, 5), F(2, 3, 2, 2)]),
    Sample("grid_sample_border_aligned", lambda lib, x, g: _f(lib).grid_sample(x, g.nan_to_num() * 1.5, padding_mode="border",
                                                                                align_corners=True),
           [F(1, 2, 3, 4), F(1, 4, 3, 2)]),
    Sample("grid_sample_reflection", lambda lib, x, g: _f(lib).grid_sample(x, g.nan_to_num() * 2.5, padding_mode="reflection",
                                                                            align_corners=False),
           [F(2, 1, 4, 3), F(2, 2, 3, 2)]),
    Sample("grid_sample_reflection_aligned", lambda lib, x, g: _f(lib).grid_sample(
        x, g.nan_to_num() * 2.5, padding_mode="reflection", align_corners=True), [F(1, 2, 3, 3), F(1, 3, 2, 2)]),
    Sample("grid_sample_nearest", lambda lib, x, g: _f(lib).grid_sample(x, g.nan_to_num() * 1.3, mode="nearest",
                                                                         align_corners=False),
           [F(2, 2, 4, 5), F(2, 3, 3, 2)]),
    Sample("grid_sample_3d", lambda lib, x, g: _f(lib).grid_sample(x, g.nan_to_num() * 1.3, align_corners=False),
           [F(1, 2, 3, 4, 2), F(1, 2, 2, 3, 3)]),
    Sample("grid_sample_3d_nearest_border", lambda lib, x, g: _f(lib).grid_sample(
        x, g.nan_to_num() * 1.6, mode="nearest", padding_mode="border", align_corners=True), [F(2, 1, 2, 3, 3), F(2, 2, 1, 2, 3)]),
    Sample("grid_sample_bicubic", lambda lib, x, g: _f(lib).grid_sample(x, g.nan_to_num() * 1.3, mode="bicubic",
                                                                         align_corners=False),
           [F(2, 2, 4, 5), F(2, 3, 2, 2)]),
    Sample("grid_sample_bicubic_border_aligned", lambda lib, x, g: _f(lib).grid_sample(
        x, g.nan_to_num() * 1.6, mode="bicubic", padding_mode="border", align_corners=True), [F(1, 2, 3, 4), F(1, 2, 3, 2)]),
    Sample("grid_sample_bicubic_reflection", lambda lib, x, g: _f(lib).grid_sample(
        x, g.nan_to_num() * 2.5, mode="bicubic", padding_mode="reflection", align_corners=False),
        [F(1, 1, 5, 4), F(1, 3, 3, 2)]),
    Sample("affine_grid", lambda lib, t: _f(lib).affine_grid(t, (2, 3, 4, 5), align_corners=False), [F(2, 2, 3)]),
    Sample("affine_grid_3d_aligned", lambda lib, t: _f(lib).affine_grid(t, [1, 2, 2, 3, 4], align_corners=True),
           [F(1, 3, 4)]),
    Sample("spatial_transformer", lambda lib, x, t: _f(lib).grid_sample(
        x, _f(lib).affine_grid(t.nan_to_num(), x.shape, align_corners=False), align_corners=False), [F(2, 3, 5, 4), F(2, 2, 3)]),
    # conv3d and 3-d pooling (ops/conv.py's N-d code)
    Sample("conv3d", lambda lib, x, w, b: _f(lib).conv3d(x, w, b, stride=(1, 2, 1), padding=(1, 0, 1),
                                                         dilation=(2, 1, 1), groups=2),
           [F(2, 4, 4, 5, 3), F(6, 2, 2, 3, 1), F(6)]),
    Sample("conv3d_same", lambda lib, x, w: _f(lib).conv3d(x, w, padding="same", dilation=(1, 2, 1)),
           [F(1, 2, 3, 4, 3), F(3, 2, 2, 2, 3)]),
    Sample("conv3d_unbatched", lambda lib, x, w, b: _f(lib).conv3d(x, w, b, 2), [F(2, 3, 4, 5), F(2, 2, 2, 2, 2),
                                                                                 F(2)]),
    Sample("max_pool3d", lambda lib, x: _f(lib).max_pool3d(x, (2, 3, 2), stride=(1, 2, 2), padding=1,
                                                           return_indices=True), [F(2, 2, 3, 5, 4)], twice=False),
    Sample("max_pool3d_ceil_dilation", lambda lib, x: _f(lib).max_pool3d(x, 2, dilation=(1, 2, 1), ceil_mode=True),
           [F(2, 3, 5, 4)], twice=False),
    Sample("avg_pool3d", lambda lib, x: _f(lib).avg_pool3d(x, 2), [F(2, 2, 4, 4, 2)]),
    Sample("avg_pool3d_pad_ceil", lambda lib, x: _f(lib).avg_pool3d(x, (3, 2, 2), stride=2, padding=1, ceil_mode=True,
                                                                    count_include_pad=False), [F(1, 2, 4, 5, 3)]),
    Sample("avg_pool3d_divisor", lambda lib, x: _f(lib).avg_pool3d(x, 2, stride=1, divisor_override=3),
           [F(2, 3, 3, 2)]),
    Sample("adaptive_avg_pool3d", lambda lib, x: _f(lib).adaptive_avg_pool3d(x, (3, 2, None)), [F(2, 2, 5, 3, 2)]),
    Sample("adaptive_avg_pool3d_unbatched", lambda lib, x: _f(lib).adaptive_avg_pool3d(x, 2), [F(2, 3, 5, 4)]),
    # max_unpool (indices from max_pool of the sample itself, windows apart: a repeated index is written once but
    # read back by each writer, in PyTorch's gradient too), lp_pool (composed, as PyTorch)
    Sample("max_unpool2d", lambda lib, x: _f(lib).max_unpool2d(
        *_f(lib).max_pool2d(x, 2, return_indices=True), 2), [F(2, 2, 4, 6)]),
    Sample("max_unpool2d_output_size", lambda lib, x: _f(lib).max_unpool2d(
        *_f(lib).max_pool2d(x, 2, return_indices=True), 2, output_size=(1, 2, 5, 5)), [F(1, 2, 5, 5)]),
    Sample("max_unpool1d", lambda lib, x: _f(lib).max_unpool1d(
        *_f(lib).max_pool1d(x, 3, stride=3, padding=1, return_indices=True), 3, padding=1, output_size=[8]),
        [F(2, 8)]),
    Sample("max_unpool3d", lambda lib, x: _f(lib).max_unpool3d(
        *_f(lib).max_pool3d(x, 2, return_indices=True), 2, output_size=x.shape), [F(1, 2, 4, 3, 4)]),
    Sample("lp_pool3d", lambda lib, x: _f(lib).lp_pool3d(x.abs() + 0.5, 2, (2, 1, 2), stride=1, ceil_mode=True),
           [F(1, 2, 3, 2, 3)]),
    Sample("lp_pool2d", lambda lib, x: _f(lib).lp_pool2d(x.abs() + 0.5, 2, (2, 3), stride=1), [F(2, 2, 3, 4)]),
    Sample("lp_pool2d_p3_ceil", lambda lib, x: _f(lib).lp_pool2d(x.abs() + 0.5, 3.0, 2, ceil_mode=True),
           [F(1, 2, 5, 3)]),
    Sample("lp_pool1d", lambda lib, x: _f(lib).lp_pool1d(x.abs() + 0.5, 1.5, 3, stride=2), [F(2, 3, 7)]),
    # bilinear (nn.Bilinear runs it too)
    Sample("bilinear", lambda lib, a, b, w, c: _f(lib).bilinear(a, b, w, c), [F(3, 2), F(3, 4), F(5, 2, 4), F(5)]),
    Sample("bilinear_batched_no_bias", lambda lib, a, b, w: _f(lib).bilinear(a, b, w), [F(2, 3, 2), F(2, 3, 3),
                                                                                         F(4, 2, 3)]),
    Sample("bilinear_1d", lambda lib, a, b, w: _f(lib).bilinear(a, b, w), [F(3), F(2), F(2, 3, 2)]),
]

#: op classes of these samples that never record a node
NONDIFFERENTIABLE = set()

#: op classes that float64 samples cannot reach, with the test that runs them: the float16 norm nodes (their
#: values equal PyTorch's, their gradients are float64's rounded once, which PyTorch's float16 CPU kernels miss)
COVERED_ELSEWHERE = {
    f"HalfNative{name}Backward0": "tests/test_nn5a.py::test_half_norm_is_one_node_in_float32"
    for name in ("LayerNorm", "GroupNorm", "BatchNorm")
}
