"""Differential fuzzing of nn layers and their functional forms at their edges against PyTorch (session 17,
layers17): the cases the sweep of ``tools/fuzz_layers17.py`` (convolutions, transposed convolutions, pooling,
normalization, embeddings, linear/bilinear, dropout, pixel shuffle, resampling, padding, flatten and recurrent
layers x their edge arguments, 6,896 cases under PyTorch 2.13 and gradlib) found answered differently, one class
per cause, now PyTorch's: outputs, float64 gradients of inputs and parameters, shapes, dtypes, running statistics,
warnings, and where PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_layers17.json`` by
``python tests/reference/record_torch.py layers17`` from the expressions of ``tests/reference/layers17.py``
(floats compared within 1e-5 relative: ``layers17.same``). Every case outside ``KNOWN`` and ``GUARDS`` failed
before this session's fixes. ``KNOWN`` lists differences gradlib does not follow, with the reason; they are
checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json

import gradlib
import recorded_cases
from reference import layers17

RECORDED = json.loads(layers17.FILE.read_text())

KNOWN = {
    "known/circular_wrap_past_centre": "circular padding whose positive pad is larger than the centre left by a "
                                       "negative pad on the other side: PyTorch's slice copy reads cells not yet "
                                       "written (uninitialised memory, e.g. 4.7e-310); gradlib wraps around the centre",
    "known/circular_overlap_grad": "circular padding wrapping more than once around a cropped centre: PyTorch's "
                                   "forward copies overlapping slices (a periodic result, as gradlib's) but its "
                                   "gradient treats the copy as made from the buffer before it (another gradient)",
    "known/embedding_bag_past_last_offset": "embedding_bag with include_last_offset and indices past the last "
                                            "offset: PyTorch's float fast path drops them from the sums but counts "
                                            "them in the means, its double path and padding_idx path keep them; "
                                            "gradlib keeps them always (PyTorch's float64 answer)",
    "known/max_unpool3d": "max_unpool3d with indices outside the default output (pooled from an odd size): PyTorch's "
                          "kernel names the first invalid index it meets in its parallel loop order, gradlib another "
                          "one (same class and wording; as known/unpool_first_invalid_index)",
    "known/unpool_first_invalid_index": "max_unpool2d with an index outside the output: PyTorch's kernel names the "
                                        "first invalid index it meets in its loop order, gradlib another one "
                                        "(same class and wording)",
    "known/group_norm_empty_batch": "group_norm of an empty batch: PyTorch returns the empty output, gradlib's node "
                                    "fails on broadcasting (not fixed in this session)",
    "known/linear_bias_expand_message": "linear with a bias of the wrong size: PyTorch's addmm expand message, "
                                        "gradlib the broadcast one (same class)",
    "known/rnn_h0_not_tuple": "an LSTM given a tensor for (h0, c0): PyTorch indexes it (IndexError), gradlib "
                              "unpacks it (ValueError)",
    "known/unflatten_messages": "unflatten's refusals: PyTorch wraps the inner error with a C++ traceback "
                                "('unflatten got an unexpected error: ... Exception raised from ...')",
    "known/conv_zero_in_channels": "a convolution with zero input channels: PyTorch returns a (N, 0, ...) result "
                                   "(its output channels taken from the input), gradlib (N, out_channels, ...) zeros",
    "known/feature_alpha_dropout_1d": "feature_alpha_dropout(p=1) of a 1-D input in training: PyTorch returns "
                                      "zeros, gradlib refuses 1-D input as the other feature dropouts do",
    "known/interpolate_float_size": "interpolate with a float size: PyTorch's argument parser TypeError, gradlib "
                                    "truncates",
    "known/running_stat_requires_grad": "batch_norm with a running_mean that requires grad: PyTorch refuses "
                                        "('not differentiable with respect to argument running_mean'), gradlib "
                                        "differentiates",
}

#: cases answered otherwise on a GPU by design: PyTorch's CPU convolution words some refusals as its MKLDNN
#: backend does, and its CPU layer_norm checks mixed dtypes (the recorded answers are the CPU's); gradlib gives the
#: GPU kernels' words on a GPU
ON_GPU = {
    "conv_dtype/conv_edge_1d_f_dtype_mix": "MKLDNN's dtype message",
    "conv_dtype/conv_edge_2d_f_dtype_mix": "MKLDNN's dtype message",
    "conv_dtype/conv_edge_3d_f_dtype_mix": "MKLDNN's dtype message",
    "conv_dilation/conv_edge_2d_f_dilation_zero": "MKLDNN's dilation message",
    "conv_dilation/conv_edge_3d_f_dilation_zero": "MKLDNN's dilation message",
    "convt_checks/convt_edge_2d_negative_out": "MKLDNN's empty-output message",
    "norm_checks/norm_edge_ln_int": "layer_norm's 'mixed dtype (CPU)' check is the CPU kernel's",
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in layers17.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in layers17.CASES if name not in KNOWN and name not in GUARDS)


_answer = functools.partial(recorded_cases.gradlib_answer, layers17, gpu_skips=ON_GPU)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(layers17, RECORDED, KNOWN, FIXED + GUARDS, _answer,
                                                            same=layers17.same)


def _f64(device, *shape, scale=0.37):
    count = 1
    for size in shape:
        count *= size
    values = [((i * 7 + 3) % 11 - 5) * scale for i in range(count)]
    return gradlib.tensor(values, dtype=gradlib.float64, device=device).reshape(shape).requires_grad_()


def test_gradients_of_the_fixed_layers(device):
    check, check2 = gradlib.autograd.gradcheck, gradlib.autograd.gradgradcheck
    F = gradlib.nn.functional
    # transposed convolution whose output_padding reaches past the stride (below the dilation)
    x, w = _f64(device, 1, 2, 3, 4), _f64(device, 2, 3, 2, 2, scale=0.21)
    bias = _f64(device, 3, scale=0.5)

    def transposed(a, b, c):
        return F.conv_transpose2d(a, b, c, stride=1, padding=1, output_padding=1, dilation=2)
    assert check(transposed, (x, w, bias)) and check2(transposed, (x, w, bias))
    x1, w1 = _f64(device, 2, 2, 5), _f64(device, 2, 1, 2, scale=0.3)
    stretched = lambda a, b: F.conv_transpose1d(a, b, stride=2, output_padding=3, dilation=4, padding=1)  # noqa: E731
    assert check(stretched, (x1, w1)) and check2(stretched, (x1, w1))
    # conv3d with padding='valid'
    x3, w3 = _f64(device, 1, 2, 3, 3, 2), _f64(device, 2, 2, 2, 2, 1, scale=0.2)
    assert check(lambda a, b: F.conv3d(a, b, padding="valid"), (x3, w3))
    # lp pooling with norm_type inf / -inf (max pooling of |x|)
    p = _f64(device, 1, 2, 5)
    assert check(lambda a: F.lp_pool1d(a, float("inf"), 2), (p,))
    assert check(lambda a: F.lp_pool2d(a.unsqueeze(2), float("-inf"), (1, 2)), (p,))
    # circular padding with a negative pad (the cropped centre wraps)
    q = _f64(device, 2, 2, 4)
    assert check(lambda a: F.pad(a, (-1, 2, 1, -1), mode="circular"), (q,))
    assert check2(lambda a: F.pad(a, (2, -2), mode="circular") ** 2, (q,))
    # 'area' resampling of 5-D input
    v = _f64(device, 1, 1, 2, 3, 4)
    assert check(lambda a: F.interpolate(a, size=(1, 2, 3), mode="area"), (v,))
    # linear with a bias of two dims (broadcast against the output)
    a, weight, b2 = _f64(device, 2, 3), _f64(device, 4, 3, scale=0.3), _f64(device, 2, 4, scale=0.2)
    assert check(F.linear, (a, weight, b2)) and check2(F.linear, (a, weight, b2))
    assert check(F.linear, (_f64(device, 5, 2, 3), weight, b2))
