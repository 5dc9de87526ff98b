"""Registry samples of the ops added for the p100-p114 tutorial programs (issue 15, helper progs6b):
cholesky_inverse from a lower and from an upper factor, batched, and as a Tensor method.

Recorded separately (``python tests/reference/record_torch.py progs6b`` writes ``torch_ops_progs6b.json``,
``torch_op_dtypes_progs6b.json`` and ``torch_grad_fn_names_progs6b.json``); ``op_registry.SAMPLES`` includes
these, so every generic test (gradcheck, gradgradcheck, dtypes, PyTorch's values and gradients) runs them.
"""
from op_registry import F, Sample


def _cholesky_inverse(upper, method=False):
    def run(lib, a):
        well = a + 3 * lib.eye(a.shape[-1])  # a well-conditioned triangle
        factor = well.triu() if upper else well.tril()  # PyTorch's gradient reads the whole factor: keep it one
        return factor.cholesky_inverse(upper) if method else lib.cholesky_inverse(factor, upper=upper)
    return run


SAMPLES = [
    Sample("cholesky_inverse_lower", _cholesky_inverse(False), [F(3, 3)]),
    Sample("cholesky_inverse_upper", _cholesky_inverse(True), [F(4, 4)]),
    Sample("cholesky_inverse_batched_method", _cholesky_inverse(False, method=True), [F(2, 3, 3)]),
]
