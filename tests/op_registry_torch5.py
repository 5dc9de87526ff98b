"""Registry samples of issue 15's top-level math functions (helper torch5): det, logdet, slogdet, inverse,
matrix_power, matrix_exp, addmm, addmv, addr, baddbmm, addbmm, chain_matmul, inner, float_power, copysign,
trapezoid, cumulative_trapezoid, renorm, the *_scatter functions, i0, mvlgamma, xlog1py, ...

Recorded separately (``python tests/reference/record_torch.py torch5`` writes ``torch_ops_torch5.json``,
``torch_op_dtypes_torch5.json`` and ``torch_grad_fn_names_torch5.json``); ``op_registry.SAMPLES`` includes these.
"""
from op_registry import F, P, Sample, Z  # noqa: F401

#: op classes of these functions that never record a node
NONDIFFERENTIABLE = set()

SAMPLES = [
]
