"""Differential fuzzing of nn layers and their functional forms at their edges (session 17, layers17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library,
``F`` to its ``nn.functional``, ``nn`` to its ``nn`` and these builders:

- ``X(*shape, v=0, dt="float32")``: a deterministic tensor on the case's device, quarter-integers in [-2, 2] (sums
  of them are exact, so a kernel's summation order cannot show; repeated values give ties);
- ``I(values, dt="int64")``: an index tensor;
- ``RUN(module, *inputs)``: the module moved to the device, its parameters set from fixed values (``FIX``: multiples of
  1/16, never 0), then ``[output, buffers after the call]``;
- ``GR(module, *inputs)``: the same in float64 with inputs requiring grad: ``[output, input grads, parameter grads
  by name, buffers]`` of ``sum(output * weights)`` over every floating output tensor;
- ``GF(function, *inputs)``: ``[output, input grads]`` of a function the same way (inputs float64, grad).

``plain`` writes tensors as ``[dtype, shape, values]``, floats rounded to 11 significant digits (float64) or 6
(others), so that one-ulp differences of a transcendental step do not count; in gradients -0. is written 0.
(the sign of a zero gradient is the kernel's order of operations). Warnings are part of the answer.
The recorder (``python tests/reference/record_torch.py layers17``) stores PyTorch's answers in
``torch_layers17.json``; tests/test_layers17.py demands gradlib give the same on every device.
tools/fuzz_layers17.py draws the sweep these cases were chosen from.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_layers17.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.layers17)

FILE = pathlib.Path(__file__).parent / "torch_layers17.json"

_WEIGHTS = (0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 1.0)


def _tensor_like(value):
    return hasattr(value, "detach") and hasattr(value, "tolist") and hasattr(value, "dtype")


def _round(value, digits, signed_zero=True):
    if isinstance(value, list):
        return [_round(v, digits, signed_zero) for v in value]
    if isinstance(value, bool) or isinstance(value, int):
        return value
    if isinstance(value, complex):
        return [_round(value.real, digits), _round(value.imag, digits)]
    if value != value or value in (math.inf, -math.inf):
        return repr(value)
    if value == 0:
        return repr(value) if signed_zero else "0.0"  # keeps -0.0 (not in gradients)
    return format(value, f".{digits}g")


def plain(value, signed_zero=True):
    if _tensor_like(value):
        dtype = str(value.dtype).split(".")[-1]
        digits = 11 if dtype in ("float64", "complex128") else 6
        return [dtype, list(value.shape), _round(value.detach().cpu().tolist(), digits, signed_zero)]
    if isinstance(value, (list, tuple)):
        return [plain(v, signed_zero) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, signed_zero) for k, v in value.items()}
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return _round(value, 11)
    return repr(value)


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def same(want, got):
    """Whether two answers agree: the same structure, dtypes, shapes, integers, strings and messages, and floats
    within 1e-5 relative (1e-6 absolute): the kernels' rounding (a fused float32 normalization, a summation
    order) is not a difference; -0. against 0. is one where ``plain`` kept the sign."""
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(same(want[k], got[k]) for k in want)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(same(a, b) for a, b in zip(want, got))
    if isinstance(want, str) and isinstance(got, str) and want != got:
        a, b = _number(want), _number(got)
        if a is None or b is None or a != a or b != b or a == b or math.isinf(a) or math.isinf(b):
            return False
        return abs(a - b) <= 1e-5 * abs(a) + 1e-6
    return type(want) is type(got) and want == got


def _flat_tensors(value):
    if _tensor_like(value):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _flat_tensors(v)]
    return []


def builders(lib, device):
    """The names a case's expression sees."""
    def X(*shape, v=0, dt="float32"):  # noqa: N802
        count = math.prod(shape)
        flat = [((i * 7 + v * 5 + 3) % 17 - 8) * 0.25 for i in range(count)]
        return lib.tensor(flat, dtype=getattr(lib, dt), device=device).reshape(shape)

    def I(values, dt="int64"):  # noqa: E743
        return lib.tensor(values, dtype=getattr(lib, dt), device=device)

    def FIX(module):  # noqa: N802
        module = module.to(device)
        with lib.no_grad():
            for i, (_, p) in enumerate(module.named_parameters()):
                count = p.numel()
                flat = [((k * 5 + i * 3 + 1) % 12 - 5.5) * 0.125 for k in range(count)]
                p.copy_(lib.tensor(flat, dtype=p.dtype, device=p.device).reshape(p.shape))
        return module

    def _buffers(module):
        return {name: plain(b) for name, b in sorted(module.named_buffers())}

    def RUN(module, *inputs):  # noqa: N802
        module = FIX(module)
        out = module(*inputs)
        return [plain(out), _buffers(module)]

    def _grads(out, inputs):
        tensors = [t for t in _flat_tensors(out) if t.dtype.is_floating_point and t.requires_grad]
        loss = None
        for t in tensors:
            count = t.numel()
            w = lib.tensor([_WEIGHTS[k % 7] for k in range(count)], dtype=t.dtype, device=t.device).reshape(t.shape)
            term = (t * w).sum()
            loss = term if loss is None else loss + term
        if loss is None:
            return [None] * len(inputs)
        return list(lib.autograd.grad(loss, inputs, allow_unused=True))

    def _leaf(x):
        if _tensor_like(x) and x.dtype.is_floating_point:
            return x.detach().to(lib.float64).requires_grad_()
        return x

    def GR(module, *inputs):  # noqa: N802
        module = FIX(module.double())
        inputs = [_leaf(x) for x in inputs]
        out = module(*inputs)
        leaves = [x for x in inputs if _tensor_like(x) and x.requires_grad]
        names = [name for name, _ in module.named_parameters()]
        grads = _grads(out, leaves + [p for _, p in module.named_parameters()])
        return [plain(out), plain(grads[:len(leaves)], False), dict(zip(names, plain(grads[len(leaves):], False))),
                _buffers(module)]

    def GF(function, *inputs):  # noqa: N802
        inputs = [_leaf(x) for x in inputs]
        out = function(*inputs)
        leaves = [x for x in inputs if _tensor_like(x) and x.requires_grad]
        return [plain(out), plain(_grads(out, leaves), False)]

    return {"lib": lib, "F": lib.nn.functional, "nn": lib.nn, "X": X, "I": I, "FIX": FIX, "RUN": RUN, "GR": GR,
            "GF": GF, "inf": math.inf, "nan": math.nan}


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), plain)


CASES = {
    # ----- fixed: conv3d with padding='valid' (three dims, not two pairs)
    "conv3d_valid/conv_3d_150": "GR(nn.Conv3d(4, 6, 2, stride=1, padding='valid', dilation=1, groups=1, bias=True, pa"
        "dding_mode='zeros'), X(4, 4, 5, 3))",
    "conv3d_valid/conv_3d_8": "GR(nn.Conv3d(4, 6, (2, 3, 1), stride=1, padding='valid', dilation=1, groups=2, bias=Tr"
        "ue, padding_mode='zeros'), X(2, 4, 4, 5, 3))",
    "conv3d_valid/conv_3d_54": "RUN(nn.Conv3d(4, 6, 1, stride=(1, 2, 1), padding='valid', dilation=2, groups=1, bias="
        "False, padding_mode='zeros'), X(4, 4, 5, 3))",
    "conv3d_valid/fconv_3d_29": "GF(lambda x, w: F.conv3d(x, w, None, stride=(2, 2, 2), padding='valid', dilation=2, "
        "groups=1), X(2, 4, 4, 5, 3), X(6, 4, 1, 1, 1, v=1))",
    # ----- fixed: a bias or weight dtype other than the input's, refused in PyTorch's order and words
    "conv_dtype/conv_edge_1d_f_dtype_mix": "F.conv1d(X(2, 4, 7), X(6, 4, 1, dt='float64'))",
    "conv_dtype/conv_edge_2d_f_dtype_mix": "F.conv2d(X(2, 4, 5, 6), X(6, 4, 1, 1, dt='float64'))",
    "conv_dtype/conv_edge_3d_f_dtype_mix": "F.conv3d(X(2, 4, 4, 5, 3), X(6, 4, 1, 1, 1, dt='float64'))",
    "conv_dtype/conv_edge_2d_input_dtype_mismatch": "RUN(nn.Conv2d(4, 6, 3), X(2, 4, 5, 6, dt='float64'))",
    "conv_dtype/fconv_1d_13": "GF(lambda x, w: F.conv1d(x, w, X(6, v=2), stride=1, padding=(1,), dilation=2, groups=1"
        "), X(2, 4, 7), X(6, 4, 2, v=1))",
    "conv_dtype/fconv_3d_61": "GF(lambda x, w: F.conv3d(x, w, X(6, v=2), stride=1, padding=0, dilation=2, groups=1), "
        "X(2, 4, 4, 5, 3), X(6, 4, 3, 3, 3, v=1))",
    "conv_dtype/fconv_1d_26": "GF(lambda x, w: F.conv1d(x, w, X(6, v=2), stride=1, padding='same', dilation=2, groups"
        "=2), X(4, 7), X(6, 2, 2, v=1))",
    # ----- fixed: stride/padding/dilation sequences of the wrong length
    "conv_lengths/conv_edge_1d_f_stride_len": "F.conv1d(X(2, 4, 7), X(6, 4, 1), stride=(1,) * 2)",
    "conv_lengths/conv_edge_2d_f_stride_len": "F.conv2d(X(2, 4, 5, 6), X(6, 4, 1, 1), stride=(1,) * 3)",
    "conv_lengths/conv_edge_3d_f_stride_len": "F.conv3d(X(2, 4, 4, 5, 3), X(6, 4, 1, 1, 1), stride=(1,) * 4)",
    # ----- fixed: conv1d/conv3d weight checks (rank, zero output channels, bias size)
    "conv_weight/conv_edge_1d_f_bias_size": "F.conv1d(X(2, 4, 7), X(6, 4, 1), X(5))",
    "conv_weight/conv_edge_1d_module_zero_out": "RUN(nn.Conv1d(4, 0, 1), X(2, 4, 7))",
    "conv_weight/conv_edge_3d_module_zero_out": "RUN(nn.Conv3d(4, 0, 1), X(2, 4, 4, 5, 3))",
    "conv_weight/conv_edge_1d_f_weight_dims": "F.conv1d(X(2, 4, 7), X(6, 4))",
    "conv_weight/conv_edge_3d_f_weight_dims": "F.conv3d(X(2, 4, 4, 5, 3), X(6, 4))",
    # ----- fixed: a zero dilation (MKLDNN's words for a float batch)
    "conv_dilation/conv_edge_2d_f_dilation_zero": "F.conv2d(X(2, 4, 5, 6), X(6, 4, 1, 1), dilation=0)",
    "conv_dilation/conv_edge_3d_f_dilation_zero": "F.conv3d(X(2, 4, 4, 5, 3), X(6, 4, 1, 1, 1), dilation=0)",
    # ----- fixed: transposed convolution's input gradient with output_padding >= stride
    "convt_output_padding/convt_2d_105": "GR(nn.ConvTranspose2d(4, 6, 1, stride=1, padding=0, output_padding=1, dilat"
        "ion=2, groups=1, bias=False), X(4, 5, 6))",
    "convt_output_padding/convt_2d_124": "GR(nn.ConvTranspose2d(4, 6, 1, stride=1, padding=2, output_padding=1, dilat"
        "ion=2, groups=2, bias=False), X(2, 4, 5, 6))",
    "convt_output_padding/convt_1d_145": "GR(nn.ConvTranspose1d(4, 6, 2, stride=1, padding=2, output_padding=1, dilat"
        "ion=2, groups=2, bias=False), X(2, 4, 7))",
    "convt_output_padding/convt_1d_170": "GR(nn.ConvTranspose1d(4, 6, 3, stride=1, padding=0, output_padding=1, dilat"
        "ion=2, groups=1, bias=False), X(2, 4, 7))",
    # ----- fixed: transposed convolution's checks
    "convt_checks/convt_edge_1d_channels": "RUN(nn.ConvTranspose1d(3, 6, 3), X(2, 4, 7))",
    "convt_checks/convt_edge_2d_channels": "RUN(nn.ConvTranspose2d(3, 6, 3), X(2, 4, 5, 6))",
    "convt_checks/convt_edge_2d_padding_same": "RUN(nn.ConvTranspose2d(4, 6, 3, padding='same'), X(2, 4, 5, 6))",
    "convt_checks/convt_edge_1d_padding_same": "RUN(nn.ConvTranspose1d(4, 6, 3, padding='same'), X(2, 4, 7))",
    "convt_checks/convt_edge_2d_negative_out": "RUN(nn.ConvTranspose2d(4, 6, 1, padding=4), X(2, 4, 5, 6))",
    # ----- fixed: max pooling's pad checks (effective kernel, then the kernel on the with-indices path)
    "maxpool_pad/maxpool_2d_125": "RUN(nn.MaxPool2d(3, stride=1, padding=2, dilation=2, return_indices=True, ceil_mod"
        "e=True), X(3, 5, 7))",
    "maxpool_pad/maxpool_3d_126": "GR(nn.MaxPool3d(3, stride=None, padding=2, dilation=2, return_indices=True, ceil_m"
        "ode=True), X(2, 3, 4, 5, 6))",
    "maxpool_pad/maxpool_1d_0": "GR(nn.MaxPool1d(2, stride=1, padding=2, dilation=1, return_indices=True, ceil_mode=F"
        "alse), X(2, 3, 8))",
    "maxpool_pad/maxpool_1d_130": "GR(nn.MaxPool1d(1, stride=1, padding=2, dilation=2, return_indices=True, ceil_mode"
        "=False), X(2, 3, 8))",
    "maxpool_pad/maxpool_1d_118": "RUN(nn.MaxPool1d(1, stride=1, padding=1, dilation=1, return_indices=True, ceil_mod"
        "e=True), X(2, 3, 8))",
    "maxpool_pad/pool_edge_1d_max_pad_half": "RUN(nn.MaxPool1d(2, padding=2), X(2, 3, 8))",
    # ----- fixed: avg pooling's zero divisor comes first
    "avgpool_divisor/avgpool_2d_109": "GR(nn.AvgPool2d(1, stride=2, padding=1, ceil_mode=True, count_include_pad=Fals"
        "e, divisor_override=0), X(3, 5, 7))",
    "avgpool_divisor/avgpool_2d_137": "GR(nn.AvgPool2d(3, stride=3, padding=2, ceil_mode=True, count_include_pad=True"
        ", divisor_override=0), X(3, 5, 7))",
    # ----- fixed: lp pooling with norm_type inf
    "lppool_inf/lppool_1d_0": "GR(nn.LPPool1d(inf, 3, stride=1, ceil_mode=True), X(3, 8).abs() + 0.25)",
    "lppool_inf/lppool_1d_10": "GR(nn.LPPool1d(inf, 1, stride=None, ceil_mode=True), X(2, 3, 8).abs() + 0.25)",
    # ----- fixed: circular padding with negative pads wraps the cropped centre; replicate/reflect size checks
    "pad_negative/pad_107": "(lambda x: F.pad(x, (-1, 2, 0, 2, -2, 3), mode='circular'))(X(2, 3, 4, 3))",
    "pad_negative/pad_142": "GF(lambda x: F.pad(x, (-2, 1, -2, 0), mode='circular'), X(2, 3, 4))",
    "pad_negative/pad_1": "(lambda x: F.pad(x, (-2, -2, 0, -1, 5, 3), mode='reflect'))(X(2, 3, 4, 3))",
    "pad_negative/pad_190": "GF(lambda x: F.pad(x, (-2, -2), mode='replicate'), X(2, 2, 3))",
    "pad_negative/pad_157": "GF(lambda x: F.pad(x, (-2, -1), mode='replicate'), X(2, 2, 3))",
    # ----- fixed: adaptive pooling's output_size checks and empty inputs
    "adaptive/adaptive_2d_16": "GR(nn.AdaptiveAvgPool2d(None), X(3, 5, 7))",
    "adaptive/adaptive_2d_31": "GR(nn.AdaptiveMaxPool2d(None), X(2, 3, 5, 7))",
    "adaptive/pool_edge_2d_adaptive_wrong_len": "RUN(nn.AdaptiveAvgPool2d((2,) * 3), X(2, 3, 5, 7))",
    "adaptive/pool_edge_2d_adaptive_max_wrong_len": "RUN(nn.AdaptiveMaxPool2d((2,) * 3), X(2, 3, 5, 7))",
    "adaptive/pool_edge_3d_adaptive_wrong_len": "RUN(nn.AdaptiveAvgPool3d((2,) * 4), X(2, 3, 4, 5, 6))",
    "adaptive/pool_edge_1d_adaptive_wrong_len": "RUN(nn.AdaptiveAvgPool1d((2,) * 2), X(2, 3, 8))",
    "adaptive/pool_edge_1d_adaptive_empty_spatial": "RUN(nn.AdaptiveAvgPool1d(2), X(2, 3, 0))",
    "adaptive/pool_edge_2d_adaptive_empty_spatial": "RUN(nn.AdaptiveAvgPool2d(2), X(2, 3, 0, 0))",
    "adaptive/pool_edge_1d_adaptive_max_empty_spatial": "RUN(nn.AdaptiveMaxPool1d(2), X(2, 3, 0))",
    # ----- fixed: 'area' interpolation of 5-D input (adaptive_avg_pool3d)
    "interp_area_3d/interp_3d_101": "(lambda x: F.interpolate(x, scale_factor=(1.5, 2, 0.5), mode='area', align_corne"
        "rs=None, recompute_scale_factor=True))(X(2, 3, 4, 5, 3))",
    "interp_area_3d/interp_3d_141": "GF(lambda x: F.interpolate(x, scale_factor=(2, 2, 0.5), mode='area', align_corne"
        "rs=None, recompute_scale_factor=None), X(2, 3, 4, 5, 3))",
    # ----- fixed: normalization argument checks
    "norm_checks/norm_edge_ln_f_int_shape": "GF(lambda x: F.layer_norm(x, 4), X(2, 4))",
    "norm_checks/norm_edge_ln_0d_shape": "RUN(nn.LayerNorm([]), X(2, 4))",
    "norm_checks/norm_edge_ln_int": "RUN(nn.LayerNorm(4), X(2, 4, dt='int64'))",
    "norm_checks/norm_edge_bn_f_no_stats_eval": "F.batch_norm(X(2, 3), None, None, training=False)",
    "norm_checks/norm_edge_bn_empty_batch": "RUN(nn.BatchNorm1d(3), X(0, 3))",
    "norm_checks/groupnorm_34": "GR(nn.GroupNorm(6, 6, affine=False), X(1, 6))",
    # ----- fixed: linear's gradient of a bias with more than one dim
    "linear_bias_2d/linear_edge_f_linear_bias_2d": "GF(lambda x, w, b: F.linear(x, w, b), X(2, 3), X(4, 3), X(2, 4))",
    # ----- guards: neighbours gradlib already answered as PyTorch
    "guards/conv_2d_0": "GR(nn.Conv2d(4, 6, 3, stride=1, padding=0, dilation=2, groups=2, bias=True, padding_mode='re"
        "plicate'), X(2, 4, 5, 6))",
    "guards/conv_1d_5": "GR(nn.Conv1d(4, 6, 1, stride=2, padding=1, dilation=1, groups=1, bias=True, padding_mode='re"
        "plicate'), X(2, 4, 7))",
    "guards/batchnorm_112": "(lambda m: [GR(m, X(4, 3, v=0)), GR(m, X(4, 3, v=1))])(nn.BatchNorm1d(3, momentum=None, "
        "affine=True, track_running_stats=False).eval())",
    "guards/batchnorm_3": "(lambda m: [GR(m, X(2, 3, 5, v=0))])(nn.BatchNorm1d(3, momentum=None, affine=False, track_"
        "running_stats=True).train())",
    "guards/embedding_0": "(lambda m: [RUN(m, I([], 'int64')), m.weight])(nn.Embedding(5, 3, padding_idx=None, max_no"
        "rm=0.5, norm_type=2.0, scale_grad_by_freq=False))",
    "guards/rnn_0": "GR(nn.RNN(3, 5, num_layers=2, bidirectional=True, batch_first=False, bias=True), X(4, 3))",
    "guards/rnn_5": "RUN(nn.GRU(3, 5, num_layers=1, bidirectional=True, batch_first=False, bias=True), X(4, 2, 3))",
    "guards/layernorm_0": "RUN(nn.LayerNorm([3, 4], elementwise_affine=False, bias=False), X(2, 2, 3, 4))",
    "guards/groupnorm_1": "GR(nn.GroupNorm(3, 6, affine=False), X(2, 6, 4))",
    "guards/instancenorm_0": "(lambda m: [GR(m, X(2, 3, 2, 3)), GR(m, X(2, 3, 2, 3, v=1))])(nn.InstanceNorm2d(3, affi"
        "ne=False, track_running_stats=False).eval())",
    "guards/maxpool_1d_1": "GR(nn.MaxPool1d(2, stride=3, padding=0, dilation=2, return_indices=True, ceil_mode=True),"
        " X(2, 3, 8))",
    "guards/unpool_2d_0": "GF(lambda x: (lambda o: F.max_unpool2d(o[0], o[1], 2, stride=1, padding=0, output_size=Non"
        "e))(F.max_pool2d(x, 2, stride=1, padding=0, return_indices=True)), X(2, 3, 5, 7))",
    "guards/pixel_shuffle_2_1x4x2x3": "GR(nn.PixelShuffle(2), X(1, 4, 2, 3))",
    "guards/convt_2d_0": "RUN(nn.ConvTranspose2d(4, 6, 3, stride=3, padding=1, output_padding=0, dilation=1, groups=1"
        ", bias=True), X(2, 4, 5, 6))",
    "guards/avgpool_2d_0": "GR(nn.AvgPool2d(1, stride=2, padding=0, ceil_mode=True, count_include_pad=False, divisor_"
        "override=None), X(3, 5, 7))",
    "guards/norm_edge_bn_batch_one": "RUN(nn.BatchNorm1d(3), X(1, 3))",
    "guards/embedding_edge_padding_idx_grad": "GF(lambda w: F.embedding(I([0, 2, 2]), w, padding_idx=2), X(5, 3))",
    "guards/embedding_edge_max_norm_inplace": "(lambda w: [F.embedding(I([0, 2, 2]), w, max_norm=1.0), w])(X(5, 3))",
    "guards/rnn_edge_LSTM_proj_h0": "RUN(nn.LSTM(3, 5, proj_size=2), X(4, 2, 3), (X(1, 2, 5), X(1, 2, 5)))",
    "guards/dropout_Dropout2d_3_0.5": "GR(nn.Dropout2d(0.5).eval(), X(2, 3, 4))",
    "guards/interp_edge_2d_align_nearest": "F.interpolate(X(1, 2, 5, 6), scale_factor=2, align_corners=True)",
    # ----- fixed in session 18 (layers18): nn.AdaptiveMaxPool3d exists
    "pool3d/adaptive_max_pool3d": "RUN(nn.AdaptiveMaxPool3d(1), X(3, 4, 5, 6))",
}

#: differences the sweep found and gradlib does not follow (tests/test_layers17.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/circular_wrap_past_centre": "GF(lambda x: F.pad(x, (2, -2), mode='circular'), X(2, 3, 3))",
    "known/circular_overlap_grad": "GF(lambda x: F.pad(x, (0, 0, -1, 3), mode='circular'), X(2, 3, 4))",
    "known/embedding_bag_past_last_offset": "RUN(nn.EmbeddingBag(5, 3, mode='sum', include_last_offset=True, padding_"
        "idx=None), I([0, 1, 2, 1, 4, 3]), I([0, 2, 2, 5]))",
    "known/max_unpool3d": "GF(lambda x: (lambda o: nn.MaxUnpool3d(2)(o[0], o[1]))(F.max_pool3d(x, 2, return_indices=T"
        "rue)), X(2, 3, 4, 5, 6))",
    "known/unpool_first_invalid_index": "GF(lambda x: (lambda o: nn.MaxUnpool2d(2)(o[0], o[1]))(F.max_pool2d(x, 2, re"
        "turn_indices=True)), X(2, 3, 5, 7))",
    "known/group_norm_empty_batch": "RUN(nn.GroupNorm(2, 6), X(0, 6, 3))",
    "known/linear_bias_expand_message": "F.linear(X(2, 3), X(4, 3), X(5))",
    "known/rnn_h0_not_tuple": "RUN(nn.LSTM(3, 5), X(4, 2, 3), X(1, 2, 5))",
    "known/unflatten_messages": "RUN(nn.Unflatten(1, (-1, -1)), X(3, 4))",
    "known/conv_zero_in_channels": "F.conv2d(X(2, 0, 5, 6), X(6, 0, 1, 1))",
    "known/feature_alpha_dropout_1d": "GF(lambda x: F.feature_alpha_dropout(x, 1.0, training=True), X(4))",
    "known/interpolate_float_size": "F.interpolate(X(1, 2, 5, 6), size=2.5)",
    "known/running_stat_requires_grad": "GF(lambda x, rm: F.batch_norm(x, rm, X(3, v=2, dt='float64').abs() + 1), X(4"
        ", 3), X(3))",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
