"""Differential fuzzing of recurrent and attention modules against PyTorch (session 18, rnn18): nn.RNN/LSTM/GRU
(layers, directions, batch_first, proj_size, bias, nonlinearity, dropout, unbatched input, h0/c0 and their
errors, packed sequences), the cells, nn.MultiheadAttention, F.scaled_dot_product_attention and the transformer
layers, with float64 gradients.

The builders, ``plain`` and ``same`` are layers17's (``X``, ``I``, ``RUN``, ``GR``, ``GF``, ``FIX``: see
tests/reference/layers17.py), plus ``U`` (``nn.utils.rnn``), ``B(values)`` (a bool tensor on the case's device)
``EV(module)`` (``FIX`` then ``eval()``), ``NG(module, *inputs, **kwargs)`` (a call under
no_grad, the inference fast path), ``RUN_F(function, *inputs)`` (a float32 call) and ``KW(module, **kwargs)`` (the
module called with these keywords, floating ones cast to the first input's dtype); ``SDPA`` is
``F.scaled_dot_product_attention``. The recorder (``python tests/reference/record_torch.py rnn18``)
stores PyTorch's answers in ``torch_rnn18.json``; tests/test_rnn18.py demands gradlib give the same on every
device. tools/fuzz_rnn18.py draws the sweep these cases were chosen from.
"""
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_rnn18.py import it (tests/reference on sys.path)
    import layers17
except ImportError:
    from . import fuzz15, layers17  # as the tests import it (reference.rnn18)

FILE = pathlib.Path(__file__).parent / "torch_rnn18.json"

plain, same = layers17.plain, layers17.same


def builders(lib, device):
    """The names a case's expression sees."""
    scope = layers17.builders(lib, device)

    def B(values):  # noqa: N802
        return lib.tensor(values, dtype=lib.bool, device=device)

    def EV(module):  # noqa: N802
        return scope["FIX"](module).eval()

    def NG(module, *inputs, **kwargs):  # noqa: N802
        with lib.no_grad():
            return plain(module(*inputs, **kwargs))

    def RUN_F(function, *inputs):  # noqa: N802
        return plain(function(*inputs))

    def KW(module, **kwargs):  # noqa: N802
        forward = module.forward

        def with_keywords(*inputs):
            dtype = inputs[0].dtype
            cast = {k: v.to(dtype) if layers17._tensor_like(v) and v.dtype.is_floating_point else v
                    for k, v in kwargs.items()}
            return forward(*inputs, **cast)

        module.forward = with_keywords
        return module

    scope.update(U=lib.nn.utils.rnn, B=B, EV=EV, NG=NG, RUN_F=RUN_F, KW=KW,
                 SDPA=lib.nn.functional.scaled_dot_product_attention)
    return scope


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), plain)


CASES = {
    # ----- fixed: sdpa validates its inputs as PyTorch's validate_sdpa_input (dims, then the mask's dtype: bool,
    # float or the query's), before the causal check and any shape
    "sdpa_checks/dims_1d": "RUN_F(lambda q, k, v: SDPA(q, k, v), X(4), X(4, v=1), X(4, v=2))",
    "sdpa_checks/dims_before_causal": "RUN_F(lambda q, k, v: SDPA(q, k, v, attn_mask=B([[True]]), is_causal=True), "
                                      "X(4), X(4, v=1), X(4, v=2))",
    "sdpa_checks/mask_float64": "RUN_F(lambda q, k, v: SDPA(q, k, v, attn_mask=X(3, 5, dt='float64')), X(2, 2, 3, 4), "
                                "X(2, 2, 5, 4, v=1), X(2, 2, 5, 3, v=2))",
    "sdpa_checks/mask_float64_causal": "RUN_F(lambda q, k, v: SDPA(q, k, v, attn_mask=X(3, 3, dt='float64'), "
                                       "is_causal=True), X(2, 3, 4), X(2, 3, 4, v=1), X(2, 3, 4, v=2))",
    "sdpa_checks/mask_int": "SDPA(X(2, 3, 4), X(2, 3, 4), X(2, 3, 4), attn_mask=I([[1] * 3] * 3))",
    "sdpa_checks/mask_float16": "SDPA(X(2, 3, 4), X(2, 3, 4), X(2, 3, 4), attn_mask=X(3, 3, dt='float16'))",
    "sdpa_checks/mask_dtype_before_empty": "SDPA(X(0, 2, 3, 4), X(0, 2, 3, 4), X(0, 2, 3, 4), "
                                           "attn_mask=X(3, 3, dt='float64'))",
    "guards/sdpa_float32_mask_float64_query": "GF(lambda q, k, v: SDPA(q, k, v, attn_mask=X(3, 3, v=3)), X(2, 3, 4), "
                                              "X(2, 3, 4, v=1), X(2, 3, 4, v=2))",
    # ----- fixed: no query row or no value element: zeros of (..., L, Ev) joined to the inputs, before any shape,
    # mask or causal check; a zero head size is computed (scale 1/sqrt(0) = inf)
    "sdpa_empty/batch_causal_and_mask": "RUN_F(lambda q, k, v: SDPA(q, k, v, attn_mask=B([[False] * 3] * 3), "
                                        "is_causal=True), X(0, 2, 3, 4), X(0, 2, 3, 4, v=1), X(0, 2, 3, 4, v=2))",
    "sdpa_empty/batch_wrong_mask": "SDPA(X(0, 2, 3, 4), X(0, 2, 3, 4), X(0, 2, 3, 4), attn_mask=B([[True] * 4]))",
    "sdpa_empty/query_rows_grad": "GF(lambda q, k, v: SDPA(q, k, v, attn_mask=B([[True] * 3] * 0)), X(2, 2, 0, 4), "
                                  "X(2, 2, 3, 4, v=1), X(2, 2, 3, 4, v=2))",
    "sdpa_empty/query_rows_other_sizes": "SDPA(X(1, 2, 0, 4), X(3, 2, 3, 6), X(3, 2, 3, 6))",
    "guards/sdpa_empty_source_grad": "GF(lambda q, k, v: SDPA(q, k, v), X(2, 2, 3, 4), X(2, 2, 0, 4, v=1), "
                                     "X(2, 2, 0, 4, v=2))",
    "sdpa_empty/source_causal_and_mask": "SDPA(X(2, 3, 4), X(2, 0, 4), X(2, 0, 6), attn_mask=B([[True] * 3] * 3), "
                                         "is_causal=True)",
    "guards/sdpa_empty_value_features": "GF(lambda q, k, v: SDPA(q, k, v), X(2, 3, 4), X(2, 3, 4, v=1), X(2, 3, 0))",
    "sdpa_empty/value_only": "SDPA(X(0, 3, 4), X(2, 3, 4), X(0, 3, 6))",
    "sdpa_empty/nonfinite_query": "SDPA(X(2, 3, 4).log(), X(2, 0, 4), X(2, 0, 3))",
    "sdpa_empty/head_size_0": "GF(lambda q, k, v: SDPA(q, k, v), X(2, 2, 3, 0), X(2, 2, 3, 0, v=1), "
                              "X(2, 2, 3, 2, v=2))",
    "sdpa_empty/head_size_0_3d": "RUN_F(lambda q, k, v: SDPA(q, k, v), X(2, 3, 0), X(2, 3, 0, v=1), X(2, 3, 2, v=2))",
    "sdpa_empty/batch_mismatch_math": "SDPA(X(0, 3, 4), X(0, 3, 4), X(2, 3, 6))",
    # ----- fixed: the flash kernel (4-D, one head size) applies is_causal and attn_mask together; a mask that does
    # not broadcast sends it to the math path (causal check, then the mask's broadcast)
    "sdpa_flash/causal_and_bool_mask": "GF(lambda q, k, v: SDPA(q, k, v, attn_mask=B([[True, False, True, True, "
                                       "False], [False, True, True, False, True], [True, True, False, True, True]]), "
                                       "is_causal=True), X(2, 2, 3, 4), X(2, 2, 5, 4, v=1), X(2, 2, 5, 4, v=2))",
    "sdpa_flash/causal_and_float_mask": "RUN_F(lambda q, k, v: SDPA(q, k, v, attn_mask=X(3, 5, v=3), is_causal=True), "
                                        "X(2, 2, 3, 4), X(2, 2, 5, 4, v=1), X(2, 2, 5, 4, v=2))",
    "sdpa_flash/causal_mask_gqa": "GF(lambda q, k, v: SDPA(q, k, v, attn_mask=B([[True, False, True], [False, True, "
                                  "True]]), is_causal=True, enable_gqa=True), X(1, 4, 2, 4), X(1, 2, 3, 4, v=1), "
                                  "X(1, 2, 3, 4, v=2))",
    "sdpa_flash/grad_fn": "type(SDPA(X(1, 2, 3, 4, dt='float64').requires_grad_(), X(1, 2, 3, 4, v=1, "
                          "dt='float64'), X(1, 2, 3, 4, v=2, dt='float64'), attn_mask=B([[True, False, True]]), "
                          "is_causal=True).grad_fn).__name__",
    "guards/sdpa_flash_wrong_mask_causal": "SDPA(X(2, 2, 3, 4), X(2, 2, 5, 4), X(2, 2, 5, 4), "
                                           "attn_mask=B([[True] * 6]), is_causal=True)",
    "sdpa_flash/wrong_mask": "SDPA(X(2, 2, 3, 4), X(2, 2, 5, 4), X(2, 2, 5, 4), attn_mask=B([[True] * 6]))",
    "sdpa_flash/wrong_mask_heads": "SDPA(X(1, 2, 3, 4), X(1, 2, 3, 4), X(1, 2, 3, 4), attn_mask=B([[True] * 4]))",
    "guards/sdpa_math_causal_and_mask": "SDPA(X(2, 2, 3, 4), X(2, 2, 5, 4), X(2, 2, 5, 3), "
                                        "attn_mask=B([[True] * 5] * 3), is_causal=True)",
    # ----- fixed: grouped-query heads checked where PyTorch's math path does (after its causal check)
    "sdpa_gqa/2d": "SDPA(X(3, 4), X(3, 4, v=1), X(3, 4, v=2), enable_gqa=True)",
    "guards/sdpa_gqa_2d_causal_and_mask": "SDPA(X(3, 4), X(3, 4), X(3, 4), attn_mask=B([[True] * 3] * 3), "
                                          "is_causal=True, enable_gqa=True)",
    "sdpa_gqa/heads_not_dividing": "SDPA(X(1, 3, 2, 4), X(1, 2, 2, 4), X(1, 2, 2, 4), enable_gqa=True)",
    "sdpa_gqa/key_value_heads_differ": "GF(lambda q, k, v: SDPA(q, k, v, enable_gqa=True), X(1, 4, 2, 4), "
                                       "X(1, 2, 3, 4, v=1), X(1, 1, 3, 4, v=2))",
    "guards/sdpa_gqa_3d": "GF(lambda q, k, v: SDPA(q, k, v, enable_gqa=True), X(4, 2, 4), X(2, 3, 4, v=1), "
                          "X(2, 3, 4, v=2))",
    # ----- fixed: matmul of two batched operands refuses as PyTorch's expand + bmm (sdpa's math path shows it)
    "matmul_batched/inner": "lib.matmul(X(2, 3, 4), X(2, 5, 3))",
    "matmul_batched/inner_4d": "lib.matmul(X(2, 2, 3, 4), X(2, 2, 5, 3))",
    "matmul_batched/inner_broadcast": "lib.matmul(X(1, 2, 3, 4), X(3, 1, 5, 3))",
    "matmul_batched/batch": "lib.matmul(X(1, 4, 2, 4), X(1, 2, 4, 3))",
    "matmul_batched/batch_before_inner": "lib.matmul(X(4, 2, 4), X(3, 5, 3))",
    "matmul_batched/batch_longer": "lib.matmul(X(2, 3, 2, 4), X(4, 4, 3))",
    "matmul_batched/sdpa_keys": "SDPA(X(2, 3, 4), X(2, 3, 5), X(2, 3, 4))",
    "matmul_batched/sdpa_values": "SDPA(X(2, 3, 4), X(2, 3, 4), X(2, 4, 4))",
    "matmul_batched/sdpa_heads": "SDPA(X(1, 4, 2, 4), X(1, 2, 3, 4), X(1, 2, 3, 4))",
    "matmul_batched/vector_batch": "lib.matmul(X(4), X(2, 5, 3))",
    "matmul_batched/matrix_batch": "lib.matmul(X(3, 4), X(2, 2, 5, 3))",
    "matmul_batched/vector_grad_batch": "lib.matmul(X(4).requires_grad_(), X(2, 2, 5, 3))",
    "matmul_batched/matrix_grad_batch": "lib.matmul(X(3, 4).requires_grad_(), X(2, 5, 3))",
    "matmul_batched/batch_vector": "lib.matmul(X(2, 3, 4), X(5))",
    "guards/matmul_folded": "lib.matmul(X(2, 3, 4), X(5, 3))",
    "guards/matmul_folded_grad": "lib.matmul(X(2, 3, 4), X(5, 3).requires_grad_())",
    # ----- fixed: MultiheadAttention's checks in PyTorch's order and words: the module makes both masks float
    # (the mismatched-type warning) before _mha_shape_check's dims, then the key/value shapes, the projected attn_mask
    # shape, and the key padding mask against the key length after add_bias_kv / add_zero_attn
    "mha_checks/kpm_1d_batched": "RUN(KW(nn.MultiheadAttention(4, 1), key_padding_mask=B([])), X(3, 0, 4), "
                                 "X(3, 0, 4), X(3, 0, 4))",
    "mha_checks/kpm_1d_float_before_mask_shape": "NG(EV(nn.MultiheadAttention(4, 2, batch_first=True)), X(0, 3, 4), "
                                                 "X(0, 3, 4), X(0, 3, 4), key_padding_mask=B([]).float(), "
                                                 "attn_mask=X(2, 3, 3))",
    "mha_checks/kpm_2d_unbatched_warns": "RUN(KW(nn.MultiheadAttention(4, 1), key_padding_mask=B([[False] * 4] * 2), "
                                         "attn_mask=nn.Transformer.generate_square_subsequent_mask(3)), X(3, 4), "
                                         "X(3, 4), X(3, 4))",
    "mha_checks/mask_3d_unbatched": "NG(EV(nn.MultiheadAttention(4, 2, add_bias_kv=True)), X(2, 4), X(4, 4), X(4, 4), "
                                    "attn_mask=X(4, 2, 4))",
    "mha_checks/mask_4d": "RUN(KW(nn.MultiheadAttention(4, 2), attn_mask=X(1, 1, 3, 3)), X(3, 2, 4), X(3, 2, 4), "
                          "X(3, 2, 4))",
    "guards/mha_query_4d": "RUN(nn.MultiheadAttention(4, 2), X(1, 3, 2, 4), X(1, 3, 2, 4), X(1, 3, 2, 4))",
    "mha_checks/key_2d": "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 4), X(3, 4))",
    "mha_checks/key_value_shapes": "RUN(nn.MultiheadAttention(4, 2), X(3, 2, 4), X(3, 2, 4), X(2, 2, 4))",
    "mha_checks/key_value_separate": "RUN(nn.MultiheadAttention(4, 2, kdim=3, vdim=5), X(3, 2, 4), X(3, 2, 3), "
                                     "X(2, 2, 5))",
    "mha_checks/transformer_dims": "RUN(nn.Transformer(4, 2, 1, 1, 6, 0.0), X(3, 4), X(3, 2, 4))",
    "mha_checks/kpm_batch": "RUN(KW(nn.MultiheadAttention(4, 1), key_padding_mask=B([[False] * 4])), X(3, 0, 4), "
                            "X(3, 0, 4), X(3, 0, 4))",
    "mha_checks/kpm_length": "GR(KW(nn.MultiheadAttention(4, 1), key_padding_mask=B([[False] * 5] * 2)), X(2, 2, 4), "
                             "X(4, 2, 4), X(4, 2, 4))",
    "mha_checks/kpm_length_bias_kv": "GR(KW(nn.MultiheadAttention(4, 1, add_bias_kv=True), key_padding_mask=B([["
                                     "False] * 4] * 2)), X(3, 2, 4), X(3, 2, 4), X(3, 2, 4))",
    "mha_checks/kpm_length_zero_attn_eval": "NG(EV(nn.MultiheadAttention(4, 2, add_zero_attn=True, kdim=3, vdim=5, "
                                            "batch_first=True)), X(1, 2, 4), X(1, 3, 3), X(1, 3, 5), "
                                            "key_padding_mask=B([[False] * 4]), need_weights=False)",
    "mha_checks/encoder_layer_kpm_1d": "GR(KW(nn.TransformerEncoderLayer(4, 2, 6, 0.0), src_key_padding_mask=B([])), "
                                       "X(3, 0, 4))",
    "mha_checks/int_mask_before_dims": "RUN(KW(nn.MultiheadAttention(4, 2), attn_mask=I([[0, 1, 0]] * 3)), "
                                       "X(1, 3, 2, 4), X(1, 3, 2, 4), X(1, 3, 2, 4))",
    "guards/mha_masks": "GR(KW(nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True), "
                        "key_padding_mask=B([[False, True, False], [True, False, False]]), "
                        "attn_mask=X(3, 3, v=2)), X(3, 2, 4), X(3, 2, 4, v=1), X(3, 2, 4, v=2))",
    "guards/mha_causal_no_weights": "NG(EV(nn.MultiheadAttention(4, 2, batch_first=True)), X(2, 3, 4), X(2, 3, 4), "
                                    "X(2, 3, 4), attn_mask=nn.Transformer.generate_square_subsequent_mask(3), "
                                    "is_causal=True, need_weights=False)",
    # ----- fixed: LSTMCell with a tensor for (h, c): PyTorch's binding refuses the argument
    "lstm_cell/hx_tensor": "RUN(nn.LSTMCell(3, 5), X(2, 3), X(2, 5))",
    "guards/lstm_cell_hx_tensor_unbatched": "RUN(nn.LSTMCell(3, 5), X(3), X(2, 5))",
    # ----- guards: recurrent layers, packed sequences and transformer layers the sweep found alike
    "guards/lstm_proj_packed": "GF(lambda x: (lambda m: (lambda o: [U.pad_packed_sequence(o[0], total_length=6), "
                               "o[1]])(m(U.pack_padded_sequence(x, [1, 4, 3], enforce_sorted=False))))"
                               "(FIX(nn.LSTM(3, 5, 2, bidirectional=True, proj_size=2).double())), X(4, 3, 3))",
    "guards/gru_unbatched_h0": "GR(nn.GRU(3, 5, 2, bidirectional=True), X(4, 3), X(4, 5, v=1))",
    "guards/rnn_dropout_warning": "repr(nn.RNN(3, 5, dropout=0.5))",
    "guards/decoder_norm_first": "GR(KW(nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6, 0.0, 'gelu', "
                                 "norm_first=True), 2, norm=nn.LayerNorm(4)), tgt_mask=nn.Transformer."
                                 "generate_square_subsequent_mask(2), tgt_is_causal=True), X(2, 2, 4, v=2), "
                                 "X(3, 2, 4, v=1))",
}

#: differences gradlib does not follow (tests/test_rnn18.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/encoder_nested_fast_path": "NG(EV(nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, "
                                      "batch_first=True), 2)), X(2, 3, 4), src_key_padding_mask=B([[False, False, "
                                      "True], [False, True, True]]))",
    "known/pack_lengths_past_input": "list(U.pack_padded_sequence(X(4, 3, 2), [5, 3, 1], enforce_sorted=False))",
    "known/sdpa_half_rounding": "SDPA(X(2, 3, 4, dt='float16'), X(2, 3, 4, v=1, dt='float16'), "
                                "X(2, 3, 4, v=2, dt='float16'))",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
