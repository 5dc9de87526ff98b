"""Registry samples of issue 15's nn gaps B (helper nn5b): rms_norm, multi_margin_loss, multilabel_margin_loss,
gumbel_softmax with fixed noise, ctc_loss.

Recorded separately (``python tests/reference/record_torch.py nn5b`` writes ``torch_ops_nn5b.json`` and
``torch_op_dtypes_nn5b.json``); ``op_registry.SAMPLES`` includes these, so every generic test runs them.
"""
from op_registry import F, P, Sample


def _f(lib):
    return lib.nn.functional


def _weight_norm(lib, v, g, dim):
    """``_weight_norm``; PyTorch's fused kernel kills the process (SIGFPE, segfault) on an empty ``v``, so the
    edge corpus's empty case runs its composite form instead (gradlib's node on empty inputs: tests/test_nn5b.py)."""
    if v.numel() == 0:
        return v * (g / lib.norm_except_dim(v, 2, dim))
    return lib._weight_norm(v, g, dim)


SAMPLES = [
    Sample("rms_norm", lambda lib, x: _f(lib).rms_norm(x, (4,)), [F(2, 3, 4)]),
    Sample("rms_norm_weight_eps", lambda lib, x, w: _f(lib).rms_norm(x, [3, 2], w, eps=1e-3), [F(2, 3, 2), F(3, 2)]),
    Sample("rms_norm_1d", lambda lib, x, w: _f(lib).rms_norm(x, (3,), weight=w), [F(3), F(3)]),
    Sample("weight_norm_interface_dim0", lambda lib, v, g: _weight_norm(lib, v, g, 0), [F(3, 2, 2), P(3, 1, 1)]),
    Sample("weight_norm_interface_last", lambda lib, v, g: _weight_norm(lib, v, g, 1), [F(2, 3), P(1, 3)]),
    Sample("weight_norm_middle_dim", lambda lib, v, g: lib._weight_norm(v, g, 1), [F(2, 3, 2), P(1, 3, 1)]),
    Sample("weight_norm_whole", lambda lib, v, g: lib._weight_norm(v, g, -1), [F(2, 3), P()]),
    Sample("norm_except_dim", lambda lib, v: lib.norm_except_dim(v, 2, 1), [F(3, 2, 2)]),
]

#: op classes of these samples that never record a node
NONDIFFERENTIABLE = set()
