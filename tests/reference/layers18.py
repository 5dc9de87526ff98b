"""The 3-D pooling layers and small public names added in session 18 (layers18), against PyTorch 2.13:
nn.AdaptiveMaxPool3d / F.adaptive_max_pool3d, nn.MaxUnpool3d / F.max_unpool3d, nn.LPPool3d / F.lp_pool3d (forward
values, index tensors, float64 gradients, reprs, errors at the edges: empty batch, 1-element windows, ceil_mode,
ties, padding at the limit, bad kernel/stride/output_size), the checks their 2-D forms now share with them, the
``*_with_indices`` functional forms of max and adaptive max pooling,
torch.is_anomaly_enabled / is_anomaly_check_nan_enabled / set_anomaly_enabled, and
nn.utils.convert_conv2d/3d_weight_memory_format.

The builders, ``plain`` and ``same`` are layers17's (``X``, ``I``, ``RUN``, ``GR``, ``GF``: see
tests/reference/layers17.py); ``U`` is ``nn.utils``. The recorder (``python tests/reference/record_torch.py
layers18``) stores PyTorch's answers in ``torch_layers18.json``; tests/test_layers18.py demands gradlib give the
same on every device.
"""
import pathlib

try:
    import fuzz15  # as the recorder imports it (tests/reference on sys.path)
    import layers17
except ImportError:
    from . import fuzz15, layers17  # as the tests import it (reference.layers18)

FILE = pathlib.Path(__file__).parent / "torch_layers18.json"

plain, same = layers17.plain, layers17.same


def builders(lib, device):
    scope = layers17.builders(lib, device)
    scope["U"] = lib.nn.utils
    return scope


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), plain)


_POOL3D = "(lambda o: {})(F.max_pool3d(x, {}, return_indices=True))"


def _round_trip(pool, unpool, shape):
    """GF of max_pool3d(x, pool) with indices, then ``unpool`` (an expression of ``o``, the pair, and ``x``)."""
    return f"GF(lambda x: {_POOL3D.format(unpool, pool)}, X{shape})"


CASES = {
    # ----- adaptive_max_pool3d: values, flat (D, H, W) indices, gradients at ties (quarter-integer inputs repeat)
    "adaptive3d/module_2": "GR(nn.AdaptiveMaxPool3d(2, True), X(2, 3, 4, 5, 6))",
    "adaptive3d/module_none": "GR(nn.AdaptiveMaxPool3d((3, None, 4), True), X(2, 3, 4, 5, 6))",
    "adaptive3d/unbatched_none": "GR(nn.AdaptiveMaxPool3d((None, 2, None), True), X(3, 4, 5, 6))",
    "adaptive3d/global": "GR(nn.AdaptiveMaxPool3d(1, True), X(2, 2, 3, 3, 3))",
    "adaptive3d/overlapping_upsample": "GR(nn.AdaptiveMaxPool3d(7, True), X(1, 2, 3, 4, 5))",
    "adaptive3d/one_cell_windows": "GR(nn.AdaptiveMaxPool3d((4, 5, 6), True), X(1, 2, 4, 5, 6))",
    "adaptive3d/uneven": "GF(lambda x: F.adaptive_max_pool3d(x, (2, 3, 2), return_indices=True), X(1, 1, 3, 5, 4))",
    "adaptive3d/keywords": "GF(lambda x: F.adaptive_max_pool3d(input=x, output_size=[2, 2, 1]), X(2, 3, 3, 3))",
    "adaptive3d/all_ties": "GF(lambda x: F.adaptive_max_pool3d(x * 0, 2, True), X(1, 1, 3, 3, 3))",
    "adaptive3d/nan_windows": "GF(lambda x: F.adaptive_max_pool3d(x.log(), 2, True), X(1, 1, 4, 4, 4, v=1))",
    "adaptive3d/no_indices": "RUN(nn.AdaptiveMaxPool3d((1, 2, 3)), X(2, 2, 3, 4, 5))",
    "adaptive3d/empty_batch": "RUN(nn.AdaptiveMaxPool3d(2, True), X(0, 3, 4, 5, 6))",
    "adaptive3d/empty_batch_unbatched": "F.adaptive_max_pool3d(X(0, 4, 5, 6), 2, True)",
    "adaptive3d/zero_output": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), (2, 0, 2), True)",
    "adaptive3d/zero_output_all": "F.adaptive_max_pool3d(X(0, 3, 5, 6), 0, True)",
    "adaptive3d/float64": "F.adaptive_max_pool3d(X(1, 2, 3, 4, 5, dt='float64'), (2, 1, 3), True)",
    "adaptive3d/float16": "F.adaptive_max_pool3d(X(1, 2, 3, 4, 5, dt='float16'), 2, True)",
    "adaptive3d/bfloat16": "F.adaptive_max_pool3d(X(1, 2, 3, 4, 5, dt='bfloat16'), 2, True)",
    "adaptive3d/repr": "[repr(nn.AdaptiveMaxPool3d((2, None, 3), True)), repr(nn.AdaptiveMaxPool3d(4))]",
    "adaptive3d/err_3d": "F.adaptive_max_pool3d(X(4, 5, 6), 2)",
    "adaptive3d/err_6d": "F.adaptive_max_pool3d(X(1, 2, 3, 4, 5, 6), 2)",
    "adaptive3d/err_empty_channel": "F.adaptive_max_pool3d(X(2, 0, 4, 5, 6), 2)",
    "adaptive3d/err_empty_depth": "F.adaptive_max_pool3d(X(2, 3, 0, 5, 6), 2)",
    "adaptive3d/err_empty_unbatched": "F.adaptive_max_pool3d(X(2, 0, 5, 6), (2, 2))",
    "adaptive3d/err_two_sizes": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), (2, 2))",
    "adaptive3d/err_four_sizes": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), (2, 2, 2, 2))",
    "adaptive3d/err_sizes_past_input": "F.adaptive_max_pool3d(X(4, 5, 6), (2, 2, 2))",
    "adaptive3d/err_negative": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), (2, -1, 2))",
    "adaptive3d/err_negative_long": "F.adaptive_max_pool3d(X(2, 3, 5, 6, dt='int64'), (2, -1, 2))",
    "adaptive3d/err_none": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), None)",
    "adaptive3d/err_float_size": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), 2.5)",
    "adaptive3d/err_float_first": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), (2.0, 2, 2))",
    "adaptive3d/err_float_later": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6), (2, 2.5, 2))",
    "adaptive3d/err_long": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6, dt='int64'), 2)",
    "adaptive3d/err_long_zero_output": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6, dt='int64'), (2, 0, 2))",
    "adaptive3d/err_bool": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6).bool(), 2)",
    "adaptive3d/err_complex": "F.adaptive_max_pool3d(X(2, 3, 4, 5, 6, dt='complex64'), 2)",
    "adaptive3d/err_list": "F.adaptive_max_pool3d([1.0], 2)",
    # ----- adaptive_max_pool2d: the shared path's checks, in PyTorch's order
    "adaptive2d/err_sizes_past_input": "F.adaptive_max_pool2d(X(3, 5, 6), (2, 2, 2))",
    "adaptive2d/err_float_later": "F.adaptive_max_pool2d(X(2, 3, 5, 6), (2, 2.5))",
    "adaptive2d/guard_none": "GR(nn.AdaptiveMaxPool2d((None, 2), True), X(2, 3, 5, 7))",
    # ----- max_unpool3d: the inverse of max_pool3d with indices, its output_size rules and checks
    "unpool3d/round_trip_output_size": _round_trip(2, "F.max_unpool3d(o[0], o[1], 2, output_size=x.shape)",
                                                   (2, 3, 4, 5, 6)),
    "unpool3d/round_trip_module": _round_trip(2, "nn.MaxUnpool3d(2)(o[0], o[1])", (1, 2, 4, 4, 6)),
    "unpool3d/stride_padding": _round_trip("3, stride=2, padding=1",
                                           "F.max_unpool3d(o[0], o[1], 3, 2, 1, output_size=x.shape[-3:])",
                                           (1, 2, 5, 4, 6)),
    "unpool3d/unbatched": _round_trip("(1, 2, 2)", "nn.MaxUnpool3d((1, 2, 2))(o[0], o[1])", (2, 3, 4, 6)),
    "unpool3d/output_size_larger": _round_trip(2, "F.max_unpool3d(o[0], o[1], 2, output_size=(5, 5, 7))",
                                               (1, 1, 4, 4, 6)),
    "unpool3d/one_cell_kernel": _round_trip(1, "F.max_unpool3d(o[0], o[1], 1)", (1, 2, 2, 3, 2)),
    "unpool3d/repeated_index": "GF(lambda x: F.max_unpool3d(x, I([[[[[0, 0], [3, 3]]]]]), 2), X(1, 1, 1, 2, 2))",
    "unpool3d/negative_padding": "GF(lambda x: F.max_unpool3d(x, I([[[[[0, 7], [30, 2]]]]]), 2, padding=-1), "
                                 "X(1, 1, 1, 2, 2))",
    "unpool3d/empty_batch": "F.max_unpool3d(X(0, 3, 2, 2, 3), I([0]).expand(0, 3, 2, 2, 3), 2)",
    "unpool3d/empty_output": "F.max_unpool3d(X(1, 1, 1, 1), I([[[[0]]]]), 2, padding=1)",
    "unpool3d/empty_output_stride": "F.max_unpool3d(X(1, 1, 1, 1), I([[[[0]]]]), 2, stride=1, padding=1)",
    "unpool3d/float16": "F.max_unpool3d(X(1, 1, 1, 2, 2, dt='float16'), I([[[[[0, 5], [10, 15]]]]]), 2)",
    "unpool3d/bfloat16": "F.max_unpool3d(X(1, 1, 1, 2, 2, dt='bfloat16'), I([[[[[0, 5], [10, 15]]]]]), 2)",
    "unpool3d/output_size_five": "F.max_unpool3d(X(1, 1, 1, 2, 2), I([[[[[0, 5], [10, 15]]]]]), 2, "
                                 "output_size=[1, 1, 2, 4, 4]).shape",
    "unpool3d/repr": "[repr(nn.MaxUnpool3d(2)), repr(nn.MaxUnpool3d((2, 3, 1), 1, (0, 1, 0))), "
                     "repr(nn.MaxUnpool3d((2, 2)))]",
    "unpool3d/err_invalid_index": "F.max_unpool3d(X(1, 1, 1, 1, 2), I([[[[[0, 99]]]]]), 2)",
    "unpool3d/err_negative_index": "F.max_unpool3d(X(1, 1, 1, 1, 2), I([[[[[-1, 3]]]]]), 2)",
    "unpool3d/err_float_indices": "F.max_unpool3d(X(1, 1, 1, 1, 2), X(1, 1, 1, 1, 2), 2)",
    "unpool3d/err_int32_indices": "F.max_unpool3d(X(1, 1, 1, 1, 2), I([[[[[0, 3]]]]], dt='int32'), 2)",
    "unpool3d/err_indices_shape": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0, 1]).expand(1, 1, 2, 2, 2)[..., :1], 2)",
    "unpool3d/err_3d": "F.max_unpool3d(X(2, 2, 2), I([0]).expand(2, 2, 2), 2)",
    "unpool3d/err_6d": "F.max_unpool3d(X(1, 1, 1, 2, 2, 2), I([0]).expand(1, 1, 1, 2, 2, 2), 2)",
    "unpool3d/err_empty_channel": "F.max_unpool3d(X(1, 0, 2, 2, 2), I([0]).expand(1, 0, 2, 2, 2), 2)",
    "unpool3d/err_empty_depth": "F.max_unpool3d(X(2, 3, 0, 2, 3), I([0]).expand(2, 3, 0, 2, 3), 2)",
    "unpool3d/err_stride_zero": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 2, stride=0)",
    "unpool3d/err_stride_one_zero": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 2, "
                                    "stride=(1, 0, 1))",
    "unpool3d/err_stride_negative": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 2, stride=-1)",
    "unpool3d/err_kernel_zero": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 0)",
    "unpool3d/err_kernel_pair": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), (2, 2))",
    "unpool3d/err_stride_pair": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 2, stride=(1, 1))",
    "unpool3d/err_padding_past_output": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 2, "
                                        "padding=3)",
    "unpool3d/err_output_size_len": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 2, "
                                    "output_size=(4, 4))",
    "unpool3d/err_output_size_range": "F.max_unpool3d(X(1, 1, 2, 2, 2), I([0]).expand(1, 1, 2, 2, 2), 2, "
                                      "output_size=(2, 4, 4))",
    "unpool3d/err_long": "F.max_unpool3d(X(1, 1, 1, 1, 2, dt='int64'), I([[[[[0, 3]]]]]), 2)",
    "unpool3d/err_complex": "F.max_unpool3d(X(1, 1, 1, 1, 2, dt='complex64'), I([[[[[0, 3]]]]]), 2)",
    "unpool3d/err_list": "F.max_unpool3d([1.0], I([0]), 2)",
    # ----- max_unpool1d/2d: the shared output_size and kernel checks
    "unpool2d/empty_output": "F.max_unpool2d(X(1, 1, 1), I([[[0]]]), 2, stride=1, padding=1)",
    "unpool2d/err_negative_output": "F.max_unpool2d(X(1, 1, 1), I([[[0]]]), 1, padding=1)",
    "unpool2d/err_complex": "F.max_unpool2d(X(1, 1, 2, 2, dt='complex64'), I([0]).expand(1, 1, 2, 2), 2)",
    "unpool1d/err_negative_output": "F.max_unpool1d(X(1, 1, 1), I([[[0]]]), 1, padding=1)",
    "unpool2d/guard_round_trip": "GF(lambda x: (lambda o: F.max_unpool2d(o[0], o[1], 2, output_size=x.shape))("
                                 "F.max_pool2d(x, 2, return_indices=True)), X(2, 3, 5, 7))",
    # ----- lp_pool3d: PyTorch's composition (avg_pool3d of x ** p times the window volume, ** 1 / p)
    "lppool3d/p2": "GR(nn.LPPool3d(2, 2), X(2, 3, 4, 5, 6).abs() + 0.25)",
    "lppool3d/p1_5_ceil": "GR(nn.LPPool3d(1.5, (2, 2, 3), stride=1, ceil_mode=True), X(2, 3, 4, 5, 6).abs() + 0.25)",
    "lppool3d/p3_negative_ceil": "GR(nn.LPPool3d(3, 2, stride=(1, 2, 2), ceil_mode=True), X(3, 4, 5, 6))",
    "lppool3d/p1": "GF(lambda x: F.lp_pool3d(x, 1, (1, 2, 2)), X(1, 2, 3, 4, 4).abs() + 0.5)",
    "lppool3d/inf": "GR(nn.LPPool3d(inf, 2, stride=1), X(1, 2, 3, 4, 5))",
    "lppool3d/minus_inf": "GF(lambda x: F.lp_pool3d(x, -inf, (2, 1, 2), ceil_mode=True), X(2, 3, 4, 5))",
    "lppool3d/negative_p": "GF(lambda x: F.lp_pool3d(x, -2, 2), X(1, 1, 2, 4, 4).abs() + 0.5)",
    "lppool3d/zero_input": "GF(lambda x: F.lp_pool3d(x * 0, 2, 2), X(1, 1, 2, 2, 2))",
    "lppool3d/one_cell_windows": "GR(nn.LPPool3d(2, 1), X(1, 2, 2, 2, 3).abs() + 0.25)",
    "lppool3d/ceil_window_past_end": "GF(lambda x: F.lp_pool3d(x, 2, 3, stride=2, ceil_mode=True), "
                                     "X(1, 1, 4, 4, 5).abs() + 0.25)",
    "lppool3d/empty_batch": "F.lp_pool3d(X(0, 3, 4, 5, 6), 2, 2)",
    "lppool3d/long": "F.lp_pool3d(X(1, 2, 2, 2, 2, dt='int64'), 2, 2)",
    "lppool3d/module_long": "RUN(nn.LPPool3d(2, 2), X(1, 2, 2, 2, 2, dt='int64'))",
    "lppool3d/repr": "[repr(nn.LPPool3d(2, 3)), repr(nn.LPPool3d(1.5, (2, 2, 3), stride=1, ceil_mode=True))]",
    "lppool3d/err_3d": "F.lp_pool3d(X(4, 5, 6), 2, 2)",
    "lppool3d/err_6d": "F.lp_pool3d(X(1, 2, 3, 4, 5, 6), 2, 2)",
    "lppool3d/err_kernel_too_large": "F.lp_pool3d(X(2, 3, 4, 5, 6), 2, 7)",
    "lppool3d/err_kernel_zero": "F.lp_pool3d(X(2, 3, 4, 5, 6), 2, 0)",
    "lppool3d/err_stride_zero": "F.lp_pool3d(X(2, 3, 4, 5, 6), 2, 2, stride=0)",
    "lppool3d/err_kernel_pair": "F.lp_pool3d(X(2, 3, 4, 5, 6), 2, (2, 2))",
    "lppool3d/err_p_zero": "F.lp_pool3d(X(2, 3, 4, 5, 6), 0, 2)",
    "lppool3d/err_empty_channel": "F.lp_pool3d(X(2, 0, 4, 5, 6), 2, 2)",
    "lppool3d/err_float16": "F.lp_pool3d(X(2, 3, 4, 5, 6, dt='float16'), 2, 2)",
    "lppool3d/err_list": "F.lp_pool3d([1.0], 2, 2)",
    "lppool3d/err_norm_string": "nn.LPPool3d('a', 2)(X(2, 3, 4, 5, 6))",
    # ----- the *_with_indices functional forms (always a pair)
    "with_indices/adaptive3d": "GF(lambda x: F.adaptive_max_pool3d_with_indices(x, (2, 1, 3)), X(1, 2, 3, 4, 5))",
    "with_indices/adaptive2d_keyword": "F.adaptive_max_pool2d_with_indices(X(2, 5, 6), 2, return_indices=False)",
    "with_indices/adaptive1d": "F.adaptive_max_pool1d_with_indices(X(2, 3, 7), 3)",
    "with_indices/max1d": "GF(lambda x: F.max_pool1d_with_indices(x, 2), X(2, 3, 8))",
    "with_indices/max2d": "F.max_pool2d_with_indices(X(2, 3, 5, 7), 2, stride=1, padding=1, ceil_mode=True)",
    "with_indices/max3d": "GF(lambda x: F.max_pool3d_with_indices(x, 2), X(2, 3, 4, 5, 6))",
    "with_indices/max2d_too_small": "F.max_pool2d_with_indices(X(1, 1, 4), 2)",
    # ----- anomaly mode's top-level switches
    "anomaly/default": "[lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()]",
    "anomaly/set": "[lib.set_anomaly_enabled(True, False), lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled(), "
                   "lib.set_anomaly_enabled(False), lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()]",
    "anomaly/set_keyword": "[lib.set_anomaly_enabled(True, check_nan=False), lib.is_anomaly_check_nan_enabled(), "
                           "lib.set_anomaly_enabled(enabled=False), lib.is_anomaly_check_nan_enabled()]",
    "anomaly/context": "(lambda m: [m.__enter__(), lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled(), "
                       "m.__exit__(None, None, None), lib.is_anomaly_enabled()])(lib.autograd.detect_anomaly("
                       "check_nan=False))",
    "anomaly/set_detect": "(lambda m: [lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled(), "
                          "m.__exit__(None, None, None), lib.is_anomaly_enabled()])(lib.autograd.set_detect_anomaly("
                          "True, False))",
    "anomaly/err_int": "lib.set_anomaly_enabled(1)",
    "anomaly/err_check_nan_int": "lib.set_anomaly_enabled(False, 0)",
    # ----- nn.utils' memory-format conversion of convolution weights
    "memfmt/conv2d_tree": "(lambda m: [U.convert_conv2d_weight_memory_format(m, lib.channels_last) is m, "
                          "[p.stride() for p in m.parameters()], plain(m[0].weight)])(FIX(nn.Sequential(nn.Conv2d(2, "
                          "3, 2), nn.Sequential(nn.ConvTranspose2d(3, 2, 2)), nn.Conv3d(2, 2, 2), nn.Linear(2, 2))))",
    "memfmt/conv3d_tree": "(lambda m: [U.convert_conv3d_weight_memory_format(m, lib.channels_last_3d) is m, "
                          "[p.stride() for p in m.parameters()], plain(m[1][0].weight)])(FIX(nn.Sequential(nn.Conv2d("
                          "2, 3, 2), nn.Sequential(nn.ConvTranspose3d(3, 2, 2)), nn.Conv3d(2, 2, 2), nn.Linear(2, 2))))",
    "memfmt/back_to_contiguous": "(lambda m: U.convert_conv2d_weight_memory_format(U.convert_conv2d_weight_memory_"
                                 "format(m, lib.channels_last), lib.contiguous_format).weight.stride())(nn.Conv2d(2, 3,"
                                 " 2))",
    "memfmt/module_itself_no_conv": "U.convert_conv2d_weight_memory_format(nn.Linear(2, 3), lib.channels_last)."
                                    "weight.stride()",
    "memfmt/none_format": "U.convert_conv2d_weight_memory_format(nn.Conv2d(2, 3, 2), None).weight.stride()",
    "memfmt/err_rank_3d_format": "U.convert_conv2d_weight_memory_format(nn.Conv2d(1, 1, 1), lib.channels_last_3d)",
    "memfmt/err_rank_2d_format": "U.convert_conv3d_weight_memory_format(nn.Conv3d(1, 1, 1), lib.channels_last)",
    "memfmt/err_not_module": "U.convert_conv2d_weight_memory_format(3, lib.channels_last)",
}

#: differences gradlib does not follow (tests/test_layers18.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/memfmt_preserve_format": "U.convert_conv2d_weight_memory_format(nn.Conv2d(1, 2, 2), lib.preserve_format)"
                                    ".weight.stride()",
    "known/memfmt_string_format": "U.convert_conv2d_weight_memory_format(nn.Conv2d(1, 2, 2), 'x')",
    "known/anomaly_enabled_argument": "lib.is_anomaly_enabled(1)",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
