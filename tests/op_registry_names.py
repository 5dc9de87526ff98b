"""Registry samples of the nodes given PyTorch's grad_fn names in issue 15 (overloads, and single nodes where
gradlib composed several): each new node class needs a sample, so it gets gradcheck/gradgradcheck in float64 and
the recorded-PyTorch comparison.

Recorded separately (``python tests/reference/record_torch.py grad_fn_names`` writes ``torch_ops_names.json`` and
``torch_op_dtypes_names.json`` beside ``torch_grad_fn_names.json``); ``op_registry.SAMPLES`` includes these.
"""
from op_registry import F, Sample, Z

def _pad(lib):
    return lib.nn.functional.pad


SAMPLES = [
    # overloads with a Python-number operand (PyTorch's *.Scalar nodes: RemainderBackward0, FmodBackward0) and
    # clamp_min/clamp_max with tensor bounds (ClampMinBackward1, ClampMaxBackward1)
    Sample("remainder_scalar", lambda lib, a: lib.remainder(a, 1.5), [F(4, low=-5, high=5)], twice=False),
    Sample("fmod_scalar", lambda lib, a: lib.fmod(a, -1.5), [F(4, low=-5, high=5)], twice=False),
    # basic indexing ending in a None (UnsqueezeBackward0) or changing nothing (AliasBackward0)
    Sample("index_none_last", lambda lib, a: (a[0, :, None], a[...], a[:, 1:][None]), [F(2, 3)]),
    # masked_fill with a 0-d tensor value, which gets a gradient (MaskedFillBackward1)
    Sample("masked_fill_tensor", lambda lib, a, v: a.masked_fill(a > 0.5, v), [F(2, 3), F()]),
    # reflection and replication padding of one, two and three dims (ReflectionPad1D/2D/3DBackward0, ...)
    Sample("pad_reflect_2d_3d", lambda lib, x, y: (_pad(lib)(x, (1, 2, 2, 1), mode="reflect"),
                                                   _pad(lib)(y, (1, 0, 1, 1, 0, 2), mode="reflect")),
           [F(1, 2, 3, 4), F(1, 1, 3, 2, 3)]),
    Sample("pad_replicate_1d_3d", lambda lib, x, y: (_pad(lib)(x, (2, 1), mode="replicate"),
                                                     _pad(lib)(y, (1, 1, 2, 0, 0, 1), mode="replicate")),
           [F(2, 3), F(1, 2, 2, 3)]),
    Sample("clamp_min_max_tensor", lambda lib, a, b: (lib.clamp_min(a, b), a.clamp_max(b)), [Z(5), Z(5)],
           twice=False),
]
