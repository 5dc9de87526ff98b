"""Differential fuzzing of ``nn.utils`` and ``nn.init`` against PyTorch (session 17, utils17): the cases the sweep
of ``tools/fuzz_utils17.py`` (clip_grad_norm_/clip_grad_value_/get_total_norm/clip_grads_with_norm_ x parameter
sets (dtypes, no gradients, empty, zero-size, 0-d, mixed dtypes) x norm types, non-finite gradients, the rnn
packing and padding functions, weight/spectral norm, parametrize, fusion, and every nn.init initializer x shapes x
dtypes with a fixed seed: ~3,800 cases under PyTorch 2.13 and gradlib) found answered differently, one class per
cause, now PyTorch's: values bit for bit, the in-place effect on the gradients, dtype, shape, warnings, and where
PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_utils17.json`` by
``python tests/reference/record_torch.py utils17`` from the expressions of ``tests/reference/utils17.py``. Every
case outside ``KNOWN`` and ``GUARDS`` failed before this session's fixes. ``KNOWN`` lists the differences gradlib
does not follow, with the reason; they are checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json

import gradlib
import recorded_cases
from reference import utils17

RECORDED = json.loads(utils17.FILE.read_text())

_NORM = ("PyTorch's CPU vector-norm kernel accumulates in its own order (vectorized lanes, fused multiply-adds, a "
         "one-element shortcut); gradlib's linalg.vector_norm rounds the last bit otherwise. The clipping functions "
         "follow PyTorch's structure exactly (per-group norms, their stack, the clamped coefficient); the difference "
         "is the norm kernel's, shared by every norm (a separate class)")
KNOWN = {
    "known/vector_norm_rounding": "clip_grad_norm_'s total norm in float64: " + _NORM,
    "known/vector_norm_single_element": "get_total_norm of one element with p=0.5: " + _NORM,
    "known/weight_norm_rounding": "weight_norm's g (norm_except_dim) in float32: " + _NORM,
    "known/normal_half_fill": "normal_ of a contiguous float16 tensor of 16+ elements: PyTorch's normal_fill draws "
                              "the uniforms and runs Box-Muller in Half arithmetic (every intermediate rounded to "
                              "half); gradlib draws float32's values and rounds them once",
    "known/orthogonal_qr_rounding": "orthogonal_ in float32/float64: PyTorch's QR is LAPACK's geqrf in the tensor's "
                                    "dtype; gradlib factorizes the same draws with NumPy in float64 (last bits)",
    "known/pack_length_over_time": "pack_padded_sequence with a length beyond the padded time dim: PyTorch's kernel "
                                   "reads past the input (undefined values); gradlib raises IndexError",
}

#: cases answered otherwise on a GPU by design
ON_GPU = {
    "xavier_uniform/": "PyTorch's CPU stream: gradlib's GPU draws come from CuPy's generator",
    "known/normal_half_fill": "PyTorch's CPU stream: gradlib's GPU draws come from CuPy's generator",
    "fusion/conv_eval": "the module's initial weights: on a GPU run the default device is CUDA (CuPy's generator)",
    "fusion/linear_eval": "the module's initial weights: on a GPU run the default device is CUDA (CuPy's generator)",
    "guards/parametrize_remove": "the module's initial weights: on a GPU run the default device is CUDA (CuPy's "
                                 "generator)",
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in utils17.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in utils17.CASES if name not in KNOWN and name not in GUARDS)


_answer = functools.partial(recorded_cases.gradlib_answer, utils17, gpu_skips=ON_GPU)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(utils17, RECORDED, KNOWN, FIXED + GUARDS, _answer)


def test_clipping_stays_on_the_gradients_device(device):
    p = gradlib.nn.Parameter(gradlib.tensor([3.0, 4.0], device=device))
    p.grad = gradlib.tensor([3.0, 4.0], device=device)
    total = gradlib.nn.utils.get_total_norm([p.grad])
    assert total.device == p.device and total.dtype == gradlib.float32
    gradlib.nn.utils.clip_grads_with_norm_([p], 1.0, total)
    assert p.grad.device == p.device
    assert [round(v, 4) for v in p.grad.tolist()] == [0.6, 0.8]
    assert gradlib.nn.utils.clip_grad_norm_(p, 10.0).device == p.device
