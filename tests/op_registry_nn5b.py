"""Registry samples of issue 15's nn gaps B (helper nn5b): rms_norm, multi_margin_loss, multilabel_margin_loss,
gumbel_softmax with fixed noise, ctc_loss.

Recorded separately (``python tests/reference/record_torch.py nn5b`` writes ``torch_ops_nn5b.json`` and
``torch_op_dtypes_nn5b.json``); ``op_registry.SAMPLES`` includes these, so every generic test runs them.
"""
from op_registry import F, Sample


def _f(lib):
    return lib.nn.functional


SAMPLES = [
]

#: op classes of these samples that never record a node
NONDIFFERENTIABLE = set()
