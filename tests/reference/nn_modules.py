"""Modules compared with PyTorch through their own initialised weights.

Each case builds a module (written once for gradlib and torch), runs it in float64 on inputs drawn from a
generator seeded by the case name, and back-propagates a fixed random cotangent of every output. The recorder
(``python tests/reference/record_torch.py nn_modules``) seeds torch, builds the module with PyTorch's own
initialisation and stores its state_dict, its repr, the outputs, and the input and parameter gradients in
``torch_nn_modules.json``. tests/test_nn_modules.py builds the gradlib module, loads those weights, runs the same
inputs and demands the same outputs and gradients (and the same parameter names, shapes and repr).
"""
import zlib

import numpy


def _rnn_hx(lib, m, x, h):
    return m(x, h)


def _lstm_hc(lib, m, x, h, c):
    return m(x, (h, c))


def _first(lib, m, *inputs):
    return m(*inputs)


def _mha(lib, m, q, k, v):
    return m(q, k, v)


def _mha_masks(lib, m, q, k, v):
    key_padding_mask = lib.tensor([[False, False, False, True], [False, True, False, False]])
    attn_mask = lib.tensor([[False, True, False, False], [False, False, False, False],
                            [True, False, False, False]])
    return m(q, k, v, key_padding_mask=key_padding_mask, attn_mask=attn_mask)


def _mha_float_mask_unaveraged(lib, m, q, k, v, mask):
    return m(q, k, v, attn_mask=mask, average_attn_weights=False)


def _mha_self_no_weights(lib, m, x):
    return m(x, x, x, need_weights=False)[0]


def _encoder_masked(lib, m, x):
    mask = lib.tensor([[False, False, True, True], [False, False, False, False]])
    return m(x, src_key_padding_mask=mask)


def _encoder_causal(lib, m, x):
    causal = lib.nn.Transformer.generate_square_subsequent_mask(x.shape[1], dtype=x.dtype)
    return m(x, mask=causal)


def _packed_lstm(lib, m, x, h, c):
    rnn = lib.nn.utils.rnn
    packed = rnn.pack_padded_sequence(x, [2, 4, 3], enforce_sorted=False)
    output, (h_n, c_n) = m(packed, (h, c))
    padded, lengths = rnn.pad_packed_sequence(output, padding_value=-1.0)
    return padded, h_n, c_n


def _packed_gru_batch_first(lib, m, x):
    rnn = lib.nn.utils.rnn
    output, h_n = m(rnn.pack_padded_sequence(x, lib.tensor([4, 3, 1], device="cpu"), batch_first=True))
    return rnn.pad_packed_sequence(output, batch_first=True, total_length=5)[0], h_n


def _activation(name, *args, **kwargs):
    return {"build": lambda nn: getattr(nn, name)(*args, **kwargs), "inputs": [(3, 4)], "call": _first}


# name -> build(nn), input shapes (or (shape, 'positive'/'mask')), call(lib, module, *inputs)
CASES = {
    "rnn_tanh": {"build": lambda nn: nn.RNN(3, 4), "inputs": [(5, 2, 3)], "call": _first},
    "rnn_relu_2layer_bi_hx": {"build": lambda nn: nn.RNN(3, 4, num_layers=2, nonlinearity="relu",
                                                         bidirectional=True),
                              "inputs": [(5, 2, 3), (4, 2, 4)], "call": _rnn_hx},
    "rnn_unbatched_batch_first": {"build": lambda nn: nn.RNN(3, 4, batch_first=True), "inputs": [(5, 3)],
                                  "call": _first},
    "lstm": {"build": lambda nn: nn.LSTM(3, 4), "inputs": [(5, 2, 3)], "call": _first},
    "lstm_2layer_bi_batch_first_hc": {"build": lambda nn: nn.LSTM(3, 4, num_layers=2, bidirectional=True,
                                                                  batch_first=True),
                                      "inputs": [(2, 5, 3), (4, 2, 4), (4, 2, 4)], "call": _lstm_hc},
    "lstm_proj": {"build": lambda nn: nn.LSTM(3, 5, proj_size=2, num_layers=2), "inputs": [(4, 2, 3)],
                  "call": _first},
    "lstm_unbatched_no_bias": {"build": lambda nn: nn.LSTM(3, 4, bias=False), "inputs": [(5, 3)],
                               "call": _first},
    "gru": {"build": lambda nn: nn.GRU(3, 4), "inputs": [(5, 2, 3)], "call": _first},
    "gru_3layer_bi_hx": {"build": lambda nn: nn.GRU(3, 4, num_layers=3, bidirectional=True, batch_first=True),
                         "inputs": [(2, 4, 3), (6, 2, 4)], "call": _rnn_hx},
    "lstm_packed_unsorted_bi_2layer": {"build": lambda nn: nn.LSTM(2, 3, num_layers=2, bidirectional=True),
                                       "inputs": [(4, 3, 2), (4, 3, 3), (4, 3, 3)], "call": _packed_lstm},
    "gru_packed_batch_first": {"build": lambda nn: nn.GRU(2, 3, batch_first=True, bidirectional=True),
                               "inputs": [(3, 4, 2)], "call": _packed_gru_batch_first},
    "rnn_cell": {"build": lambda nn: nn.RNNCell(3, 4), "inputs": [(2, 3), (2, 4)], "call": _first},
    "rnn_cell_relu_unbatched": {"build": lambda nn: nn.RNNCell(3, 4, nonlinearity="relu"), "inputs": [(3,)],
                                "call": _first},
    "lstm_cell": {"build": lambda nn: nn.LSTMCell(3, 4), "inputs": [(2, 3), (2, 4), (2, 4)],
                  "call": lambda lib, m, x, h, c: m(x, (h, c))},
    "lstm_cell_unbatched": {"build": lambda nn: nn.LSTMCell(3, 4, bias=False), "inputs": [(3,)], "call": _first},
    "gru_cell": {"build": lambda nn: nn.GRUCell(3, 4), "inputs": [(2, 3), (2, 4)], "call": _first},
    "gru_cell_unbatched": {"build": lambda nn: nn.GRUCell(3, 4), "inputs": [(3,), (4,)], "call": _first},
    # activations: every module, its repr with non-default arguments, on an input spanning the kinks
    "act_relu6": _activation("ReLU6"),
    "act_relu6_inplace": {"build": lambda nn: nn.ReLU6(True), "inputs": [(3, 4)],
                          "call": lambda lib, m, x: m(x * 1)},
    "act_elu_inplace": {"build": lambda nn: nn.ELU(0.5, inplace=True), "inputs": [(3, 4)],
                        "call": lambda lib, m, x: m(x * 1)},
    "act_hardtanh": _activation("Hardtanh", -1.5, 0.5),
    "act_selu": _activation("SELU"),
    "act_celu": _activation("CELU", 0.7),
    "act_gelu_tanh": _activation("GELU", approximate="tanh"),
    "act_gelu": _activation("GELU"),
    "act_silu": _activation("SiLU"),
    "act_mish": _activation("Mish"),
    "act_softplus": _activation("Softplus", 2.0, 1.0),
    "act_softsign": _activation("Softsign"),
    "act_hardswish": {"build": lambda nn: nn.Hardswish(), "inputs": [((3, 4), "wide")], "call": _first},
    "act_hardsigmoid": {"build": lambda nn: nn.Hardsigmoid(), "inputs": [((3, 4), "wide")], "call": _first},
    "act_logsigmoid": _activation("LogSigmoid"),
    "act_tanhshrink": _activation("Tanhshrink"),
    "act_softshrink": _activation("Softshrink", 0.7),
    "act_hardshrink": _activation("Hardshrink"),
    "act_threshold": _activation("Threshold", 0.1, 20.0),
    "act_elu": _activation("ELU", 0.5),
    "act_leaky_relu": _activation("LeakyReLU", 0.2),
    "act_prelu": {"build": lambda nn: nn.PReLU(3, 0.1), "inputs": [(2, 3, 4)], "call": _first},
    "act_prelu_shared": {"build": lambda nn: nn.PReLU(), "inputs": [(2, 3, 4)], "call": _first},
    "act_rrelu_eval": _activation("RReLU", 0.1, 0.3),
    "act_glu": {"build": lambda nn: nn.GLU(1), "inputs": [(3, 4, 2)], "call": _first},
    "act_softmin": _activation("Softmin", 1),
    "act_softmax": _activation("Softmax", 0),
    "act_log_softmax": _activation("LogSoftmax", 1),
    "act_softmax2d": {"build": lambda nn: nn.Softmax2d(), "inputs": [(2, 3, 2, 2)], "call": _first},
    "loss_huber": {"build": lambda nn: nn.HuberLoss(delta=0.5), "inputs": [(3, 4), (3, 4)], "call": _first},
    # resampling and transposed convolution
    "upsample_nearest_2d": {"build": lambda nn: nn.Upsample(scale_factor=2), "inputs": [(1, 2, 3, 3)],
                            "call": _first},
    "upsample_nearest_1d_fractional": {"build": lambda nn: nn.Upsample(scale_factor=1.7), "inputs": [(2, 2, 5)],
                                       "call": _first},
    "upsample_nearest_size": {"build": lambda nn: nn.Upsample(size=(5, 3)), "inputs": [(1, 1, 3, 4)],
                              "call": _first},
    "upsample_nearest_exact": {"build": lambda nn: nn.Upsample(size=(5, 7), mode="nearest-exact"),
                               "inputs": [(1, 2, 3, 4)], "call": _first},
    "upsample_linear": {"build": lambda nn: nn.Upsample(scale_factor=2.5, mode="linear"), "inputs": [(2, 1, 4)],
                        "call": _first},
    "upsample_linear_align_corners_size": {"build": lambda nn: nn.Upsample(size=7, mode="linear",
                                                                           align_corners=True),
                                           "inputs": [(1, 2, 4)], "call": _first},
    "upsample_bilinear": {"build": lambda nn: nn.Upsample(scale_factor=(2, 3), mode="bilinear"),
                          "inputs": [(1, 2, 3, 2)], "call": _first},
    "upsample_bilinear_downsample": {"build": lambda nn: nn.Upsample(size=(2, 3), mode="bilinear"),
                                     "inputs": [(1, 1, 5, 7)], "call": _first},
    "upsampling_bilinear2d": {"build": lambda nn: nn.UpsamplingBilinear2d(scale_factor=2), "inputs": [(1, 1, 3, 3)],
                              "call": _first},
    "upsampling_nearest2d": {"build": lambda nn: nn.UpsamplingNearest2d(size=(4, 4)), "inputs": [(1, 1, 3, 3)],
                             "call": _first},
    "pixel_shuffle": {"build": lambda nn: nn.PixelShuffle(2), "inputs": [(2, 8, 2, 3)], "call": _first},
    "pixel_unshuffle": {"build": lambda nn: nn.PixelUnshuffle(2), "inputs": [(3, 2, 4, 6)], "call": _first},
    "conv_transpose1d": {"build": lambda nn: nn.ConvTranspose1d(2, 3, 3, stride=2, padding=1, output_padding=1),
                         "inputs": [(2, 2, 5)], "call": _first},
    "conv_transpose1d_groups_dilation": {"build": lambda nn: nn.ConvTranspose1d(4, 2, 2, groups=2, dilation=2,
                                                                                bias=False),
                                         "inputs": [(4, 6)], "call": _first},
    "conv_transpose2d_stride_dilation": {"build": lambda nn: nn.ConvTranspose2d(2, 3, (2, 3), stride=(2, 1),
                                                                                padding=(0, 1), dilation=(1, 2),
                                                                                output_padding=(1, 0)),
                                         "inputs": [(1, 2, 3, 3)], "call": _first},
    # 1-D pooling, padding, distances, channel dropout in eval mode
    "max_pool1d": {"build": lambda nn: nn.MaxPool1d(3, 2, 1), "inputs": [(2, 3, 7)], "call": _first},
    "avg_pool1d": {"build": lambda nn: nn.AvgPool1d(3, 2, 1, count_include_pad=False), "inputs": [(2, 3, 7)],
                   "call": _first},
    "adaptive_avg_pool1d": {"build": lambda nn: nn.AdaptiveAvgPool1d(3), "inputs": [(2, 3, 7)], "call": _first},
    "zero_pad2d": {"build": lambda nn: nn.ZeroPad2d((1, 0, 2, 1)), "inputs": [(1, 2, 3, 3)], "call": _first},
    "constant_pad1d": {"build": lambda nn: nn.ConstantPad1d(2, 3.5), "inputs": [(2, 3)], "call": _first},
    "reflection_pad2d": {"build": lambda nn: nn.ReflectionPad2d(1), "inputs": [(1, 2, 3, 3)], "call": _first},
    "replication_pad1d": {"build": lambda nn: nn.ReplicationPad1d((2, 1)), "inputs": [(1, 2, 3)], "call": _first},
    "cosine_similarity": {"build": lambda nn: nn.CosineSimilarity(dim=0), "inputs": [(3, 4), (3, 4)],
                          "call": _first},
    "pairwise_distance": {"build": lambda nn: nn.PairwiseDistance(p=1.5, keepdim=True), "inputs": [(3, 4), (3, 4)],
                          "call": _first},
    "dropout2d_eval": {"build": lambda nn: nn.Dropout2d(0.3), "inputs": [(2, 3, 2, 2)], "call": _first},
    # more losses (targets built from the inputs' signs where the loss needs +-1 or 0/1)
    "loss_margin_ranking": {"build": lambda nn: nn.MarginRankingLoss(0.3), "inputs": [(5,), (5,), (5,)],
                            "call": lambda lib, m, a, b, t: m(a, b, t.detach().sign())},
    "loss_hinge_embedding": {"build": lambda nn: nn.HingeEmbeddingLoss(1.5, reduction="sum"), "inputs": [(6,), (6,)],
                             "call": lambda lib, m, x, t: m(x, t.detach().sign())},
    "loss_soft_margin": {"build": lambda nn: nn.SoftMarginLoss(), "inputs": [(2, 3), (2, 3)],
                         "call": lambda lib, m, x, t: m(x, t.detach().sign())},
    "loss_multilabel_soft_margin": {"build": lambda nn: nn.MultiLabelSoftMarginLoss(), "inputs": [(3, 4), (3, 4)],
                                    "call": lambda lib, m, x, t: m(x, (t.detach() > 0).double())},
    "loss_cosine_embedding": {"build": lambda nn: nn.CosineEmbeddingLoss(0.2), "inputs": [(4, 3), (4, 3), (4,)],
                              "call": lambda lib, m, a, b, t: m(a, b, t.detach().sign())},
    "loss_triplet_margin_swap": {"build": lambda nn: nn.TripletMarginLoss(1.0, swap=True),
                                 "inputs": [(4, 3), (4, 3), (4, 3)], "call": _first},
    "loss_poisson_nll_full": {"build": lambda nn: nn.PoissonNLLLoss(full=True),
                              "inputs": [(2, 3), ((2, 3), "positive")],
                              "call": lambda lib, m, x, t: m(x, (t.detach() * 2).floor())},
    "loss_poisson_nll_rates": {"build": lambda nn: nn.PoissonNLLLoss(log_input=False, reduction="sum"),
                               "inputs": [((2, 3), "positive"), ((2, 3), "positive")], "call": _first},
    "loss_gaussian_nll": {"build": lambda nn: nn.GaussianNLLLoss(full=True),
                          "inputs": [(3, 2), (3, 2), ((3,), "positive")], "call": _first},
    # attention and Transformer layers
    "mha": {"build": lambda nn: nn.MultiheadAttention(8, 2), "inputs": [(3, 2, 8), (4, 2, 8), (4, 2, 8)],
            "call": _mha},
    "mha_masks": {"build": lambda nn: nn.MultiheadAttention(8, 4), "inputs": [(3, 2, 8), (4, 2, 8), (4, 2, 8)],
                  "call": _mha_masks},
    "mha_float_mask_unaveraged_batch_first": {
        "build": lambda nn: nn.MultiheadAttention(6, 3, batch_first=True),
        "inputs": [(2, 3, 6), (2, 3, 6), (2, 3, 6), ((3, 3), "mask")], "call": _mha_float_mask_unaveraged},
    "mha_kdim_vdim_bias_kv_zero_attn": {
        "build": lambda nn: nn.MultiheadAttention(4, 2, kdim=3, vdim=5, add_bias_kv=True, add_zero_attn=True),
        "inputs": [(3, 2, 4), (4, 2, 3), (4, 2, 5)], "call": _mha},
    "mha_no_bias_unbatched": {"build": lambda nn: nn.MultiheadAttention(4, 2, bias=False),
                              "inputs": [(3, 4), (5, 4), (5, 4)], "call": _mha},
    "mha_self_attention_sdpa_path": {"build": lambda nn: nn.MultiheadAttention(8, 2, batch_first=True),
                                     "inputs": [(2, 4, 8)], "call": _mha_self_no_weights},
    "encoder_layer": {"build": lambda nn: nn.TransformerEncoderLayer(8, 2, 16), "inputs": [(4, 2, 8)],
                      "call": _first},
    "encoder_layer_gelu_norm_first_masked": {
        "build": lambda nn: nn.TransformerEncoderLayer(8, 2, 12, activation="gelu", norm_first=True,
                                                       batch_first=True),
        "inputs": [(2, 4, 8)], "call": _encoder_masked},
    "encoder_two_layers_norm_causal": {
        "build": lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2,
                                                  norm=nn.LayerNorm(8)),
        "inputs": [(2, 4, 8)], "call": _encoder_causal},
    "decoder_layer": {"build": lambda nn: nn.TransformerDecoderLayer(8, 2, 16), "inputs": [(3, 2, 8), (4, 2, 8)],
                      "call": _first},
    "transformer_small": {"build": lambda nn: nn.Transformer(8, 2, 1, 1, 16, batch_first=True),
                          "inputs": [(2, 4, 8), (2, 3, 8)],
                          "call": lambda lib, m, src, tgt: m(src, tgt, tgt_mask=lib.nn.Transformer.
                                                             generate_square_subsequent_mask(3, dtype=src.dtype))},
}



def case_names():
    return list(CASES)


def case(name):
    return CASES[name]


def _arrays(name, specs):
    rng = numpy.random.default_rng(zlib.crc32(name.encode()))
    arrays = []
    for spec in specs:
        if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], str):
            shape, kind = spec
        else:
            shape, kind = spec, "float"
        if kind == "mask":
            arrays.append(numpy.triu(numpy.full(shape, -1e9), 1) + rng.uniform(-1, 1, shape))
        elif kind == "wide":
            arrays.append(rng.uniform(-5.0, 5.0, shape))
        elif kind == "positive":
            arrays.append(rng.uniform(0.5, 2.0, shape))
        else:
            arrays.append(rng.uniform(-2.0, 2.0, shape))
    return arrays


def _flatten(result):
    if isinstance(result, (tuple, list)):
        flat = []
        for item in result:
            flat.extend(_flatten(item))
        return flat
    return [result]


def run(lib, name, state=None, device="cpu"):
    """Build case ``name``, load ``state`` (name -> nested list) if given, run, back-propagate.

    Returns the state used, the repr, the outputs, and the gradients of the inputs and parameters."""
    spec = case(name)
    module = spec["build"](lib.nn).double()
    module.eval()
    if state is not None:
        module.load_state_dict({key: lib.tensor(value, dtype=lib.float64) for key, value in state.items()})
    module.to(device)
    inputs = [lib.tensor(array, dtype=lib.float64, device=device).requires_grad_()
              for array in _arrays(name, spec["inputs"])]
    outputs = [o for o in _flatten(spec["call"](lib, module, *inputs)) if o is not None]
    rng = numpy.random.default_rng(zlib.crc32((name + "/cotangent").encode()))
    loss = sum((o * lib.tensor(rng.standard_normal(tuple(o.shape)), dtype=o.dtype, device=device)).sum()
               for o in outputs if o.requires_grad)
    loss.backward()
    params = dict(module.named_parameters())
    return {
        "repr": repr(module),
        "state": {key: value.detach().cpu().tolist() for key, value in module.state_dict().items()},
        "shapes": [[key, list(value.shape)] for key, value in module.state_dict().items()],
        "outputs": [o.detach().cpu().tolist() for o in outputs],
        "output_shapes": [list(o.shape) for o in outputs],
        "input_grads": [None if x.grad is None else x.grad.cpu().tolist() for x in inputs],
        "param_grads": {key: None if p.grad is None else p.grad.cpu().tolist() for key, p in params.items()},
    }


def record():
    """PyTorch's run of every case (the recorder's 'nn_modules' section)."""
    import json
    import pathlib

    import torch
    recorded = {}
    for name in case_names():
        torch.manual_seed(0)
        recorded[name] = run(torch, name)
    path = pathlib.Path(__file__).resolve().parent / "torch_nn_modules.json"
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    print(f"wrote {len(recorded)} module cases to {path.name}")
