"""Registry samples of the nodes given PyTorch's grad_fn names in issue 15 (overloads, and single nodes where
gradlib composed several): each new node class needs a sample, so it gets gradcheck/gradgradcheck in float64 and
the recorded-PyTorch comparison.

Recorded separately (``python tests/reference/record_torch.py grad_fn_names`` writes ``torch_ops_names.json`` and
``torch_op_dtypes_names.json`` beside ``torch_grad_fn_names.json``); ``op_registry.SAMPLES`` includes these.
"""
from op_registry import F, Sample, Z

SAMPLES = [
    # overloads with a Python-number operand (PyTorch's *.Scalar nodes: RemainderBackward0, FmodBackward0) and
    # clamp_min/clamp_max with tensor bounds (ClampMinBackward1, ClampMaxBackward1)
    Sample("remainder_scalar", lambda lib, a: lib.remainder(a, 1.5), [F(4, low=-5, high=5)], twice=False),
    Sample("fmod_scalar", lambda lib, a: lib.fmod(a, -1.5), [F(4, low=-5, high=5)], twice=False),
    # basic indexing ending in a None (UnsqueezeBackward0) or changing nothing (AliasBackward0)
    Sample("index_none_last", lambda lib, a: (a[0, :, None], a[...], a[:, 1:][None]), [F(2, 3)]),
    # masked_fill with a 0-d tensor value, which gets a gradient (MaskedFillBackward1)
    Sample("masked_fill_tensor", lambda lib, a, v: a.masked_fill(a > 0.5, v), [F(2, 3), F()]),
    Sample("clamp_min_max_tensor", lambda lib, a, b: (lib.clamp_min(a, b), a.clamp_max(b)), [Z(5), Z(5)],
           twice=False),
]
