"""Differential fuzzing of recurrent and attention modules against PyTorch (session 18, rnn18): the cases the sweep
of ``tools/fuzz_rnn18.py`` (nn.RNN/LSTM/GRU with packed sequences and h0/c0 forms, the cells,
nn.MultiheadAttention, F.scaled_dot_product_attention, the transformer layers; float32 forwards and float64
gradients, argument errors and warnings: ~1,900 cases under PyTorch 2.13 and gradlib) found answered differently,
one class per cause, now PyTorch's, plus guards that already agreed.

The answers are PyTorch's, recorded in ``tests/reference/torch_rnn18.json`` by
``python tests/reference/record_torch.py rnn18`` from the expressions of ``tests/reference/rnn18.py``. Every case
outside ``KNOWN`` and ``guards/`` failed before this session's fixes. ``KNOWN`` lists the differences gradlib does
not follow, with the reason; they are checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json

import gradlib
import recorded_cases
from reference import rnn18

RECORDED = json.loads(rnn18.FILE.read_text())

KNOWN = {
    "known/encoder_nested_fast_path": "TransformerEncoder in eval without grad, with a key padding mask and a layer "
                                      "its sparsity fast path accepts: PyTorch runs the layers on a nested tensor "
                                      "(its prototype warning) and gives zeros at the padded positions; gradlib has "
                                      "no nested tensors and computes every position",
    "known/pack_lengths_past_input": "pack_padded_sequence with a length past the input's time dim: PyTorch's "
                                     "kernel does not check it and reads past the input (undefined values); gradlib "
                                     "raises IndexError at the read",
    "known/sdpa_half_rounding": "scaled_dot_product_attention of float16/bfloat16 on the math path: PyTorch keeps "
                                "its intermediates in float32 and rounds once; gradlib rounds each step in the "
                                "input's dtype (last-bit differences)",
}

GUARDS = tuple(name for name in rnn18.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in rnn18.CASES if name not in KNOWN and name not in GUARDS)

_answer = functools.partial(recorded_cases.gradlib_answer, rnn18)

(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(rnn18, RECORDED, KNOWN, FIXED + GUARDS, _answer,
                                                            same=rnn18.same)


def _f64(device, *shape, shift=0):
    count = 1
    for size in shape:
        count *= size
    values = [((i * 7 + shift * 5 + 3) % 17 - 8) * 0.25 for i in range(count)]
    return gradlib.tensor(values, dtype=gradlib.float64, device=device).reshape(shape).requires_grad_()


def test_gradients_through_the_fixed_attention_paths(device):
    check = gradlib.autograd.gradcheck
    twice = gradlib.autograd.gradgradcheck
    sdpa = gradlib.nn.functional.scaled_dot_product_attention
    q, k, v = _f64(device, 1, 2, 3, 4), _f64(device, 1, 2, 5, 4, shift=1), _f64(device, 1, 2, 5, 4, shift=2)
    mask = gradlib.tensor([[True, False, True, True, False], [False, True, True, False, True],
                           [True, True, False, True, True]], device=device)
    assert check(lambda a, b, c: sdpa(a, b, c, attn_mask=mask, is_causal=True), (q, k, v))
    assert twice(lambda a, b, c: sdpa(a, b, c, attn_mask=mask, is_causal=True), (q, k, v))
    added = _f64(device, 3, 5, shift=3).detach()
    assert check(lambda a, b, c: sdpa(a, b, c, attn_mask=added, is_causal=True), (q, k, v))
    grouped = _f64(device, 1, 4, 3, 4, shift=4)
    assert check(lambda a, b, c: sdpa(a, b, c, enable_gqa=True), (grouped, k, v))
    empty_k, empty_v = _f64(device, 1, 2, 0, 4, shift=1), _f64(device, 1, 2, 0, 4, shift=2)
    assert check(lambda a, b, c: sdpa(a, b, c), (q, empty_k, empty_v))
    assert twice(lambda a, b, c: sdpa(a, b, c), (q, empty_k, empty_v))
    no_head = _f64(device, 2, 3, 0)
    assert check(lambda c: sdpa(no_head.detach(), no_head.detach(), c), (_f64(device, 2, 3, 2),))
