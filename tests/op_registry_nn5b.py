"""Registry samples of issue 15's nn gaps B (helper nn5b): rms_norm, multi_margin_loss, multilabel_margin_loss,
gumbel_softmax with fixed noise, ctc_loss.

Recorded separately (``python tests/reference/record_torch.py nn5b`` writes ``torch_ops_nn5b.json`` and
``torch_op_dtypes_nn5b.json``); ``op_registry.SAMPLES`` includes these, so every generic test runs them.
"""
from op_registry import F, Input, P, Sample

#: class indices in [0, 4) for three samples
_CLASSES = Input(3, kind="int", low=0, high=4)


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
    Sample("multi_margin_loss", lambda lib, x, t: _f(lib).multi_margin_loss(x, t), [F(3, 4), _CLASSES]),
    Sample("multi_margin_loss_p2_weight_sum", lambda lib, x, t, w: _f(lib).multi_margin_loss(
        x, t, p=2, margin=0.7, weight=w, reduction="sum"), [F(3, 4), _CLASSES, P(4, grad=False)]),
    Sample("multi_margin_loss_none_1d", lambda lib, x, t: _f(lib).multi_margin_loss(x, t, reduction="none"),
           [F(4), Input(kind="const", value=2)]),
    Sample("multilabel_margin_loss", lambda lib, x, t: _f(lib).multilabel_margin_loss(x, t),
           [F(2, 4), Input(kind="const", value=[[3, 0, -1, 1], [1, 2, 2, -1]])]),
    Sample("multilabel_margin_loss_none", lambda lib, x, t: _f(lib).multilabel_margin_loss(x, t, reduction="none"),
           [F(3, 3), Input(kind="const", value=[[2, -1, 0], [-1, 0, 1], [0, 1, 2]])]),
    Sample("multilabel_margin_loss_1d_sum", lambda lib, x, t: _f(lib).multilabel_margin_loss(x, t, reduction="sum"),
           [F(5), Input(kind="const", value=[4, 1, -1, 0, 0])]),
    # CTC: on log_softmax outputs (PyTorch's gradient is the derivative through a log_softmax); no second
    # derivative in PyTorch, nor in gradlib
    Sample("ctc_loss", lambda lib, x, t: _f(lib).ctc_loss(x.log_softmax(2), t, (6, 5), (2, 2)),
           [F(6, 2, 4), Input(kind="const", value=[[1, 2], [3, 3]])], twice=False),
    Sample("ctc_loss_concat_sum_blank", lambda lib, x, t: _f(lib).ctc_loss(
        x.log_softmax(2), t, (5, 4, 5), (3, 0, 2), blank=2, reduction="sum"),
           [F(5, 3, 4), Input(kind="const", value=[1, 1, 3, 0, 1])], twice=False),
    Sample("ctc_loss_none_zero_infinity", lambda lib, x, t: _f(lib).ctc_loss(
        x.log_softmax(-1), t, (2, 4), (2, 1), reduction="none", zero_infinity=True),
           [F(4, 2, 3), Input(kind="const", value=[[1, 1], [2, 0]])], twice=False),
    Sample("ctc_loss_unbatched", lambda lib, x, t: _f(lib).ctc_loss(x.log_softmax(1), t, (4,), (2,),
                                                                  reduction="none"),
           [F(4, 3), Input(kind="const", value=[1, 2])], twice=False),
]

#: op classes of these samples that never record a node
NONDIFFERENTIABLE = set()
