"""tests/test_sync_sweep.py's calls for helper special9's Tensor methods (``NO_WAIT``: never wait; ``HOST_READS``:
one wait). i0 waits for nothing, as PyTorch's. igamma/igammac wait once where PyTorch's kernels do not: after 64
steps of their vectorized series and continued fraction one read says whether any element still needs more
(tests/cupy_stand_in/allowed_syncs.py gives the reason). Operands: x (3, 4) float leaf requiring grad, w (4, 2),
v (4,), i (int64 index (3, 2)), m (bool mask (3, 4))."""

NO_WAIT = {
    "i0": lambda x, w, v, i, m: x.i0(),
    "i0_": lambda x, w, v, i, m: (x * 1).i0_(),
}

HOST_READS = {
    "igamma": lambda x, w, v, i, m: v.abs().igamma(x.abs()),
    "igamma_": lambda x, w, v, i, m: (x.abs() + 1).igamma_(v.abs()),
    "igammac": lambda x, w, v, i, m: v.abs().igammac(x.abs()),
    "igammac_": lambda x, w, v, i, m: (x.abs() + 1).igammac_(v.abs()),
}
