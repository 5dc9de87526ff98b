"""tests/test_sync_sweep.py's calls for the methods the p55–p69 programs brought (``NO_WAIT``: never wait, in PyTorch
neither; ``HOST_READS``: one wait, as PyTorch's) and the registry samples that wait (``EXPECTED``). Each call gets the
sweep's operands x (3, 4) float leaf requiring grad, w (4, 2), v (4,), i (int64 index (3, 2)), m (bool mask (3, 4));
in-place methods run on ``x * 1``."""
import gradlib

_UNARY_INPLACE = ["abs_", "absolute_", "sqrt_", "rsqrt_", "square_", "reciprocal_", "sign_", "log_", "log2_", "log10_",
                  "log1p_", "expm1_", "exp2_", "sin_", "cos_", "tan_", "asin_", "acos_", "atan_", "sinh_", "cosh_",
                  "erf_", "erfc_", "erfinv_", "lgamma_", "digamma_", "logit_", "sinc_", "nan_to_num_", "floor_",
                  "ceil_", "round_", "trunc_", "fix_", "frac_", "negative_", "logical_not_", "tril_", "triu_"]
_BINARY_INPLACE = ["atan2_", "arctan2_", "hypot_", "eq_", "ne_", "lt_", "le_", "gt_", "ge_", "logical_and_",
                   "logical_or_", "logical_xor_", "multiply_", "divide_", "true_divide_", "subtract_"]

NO_WAIT = {name: (lambda x, w, v, i, m, name=name: getattr(x * 1, name)()) for name in _UNARY_INPLACE}
NO_WAIT.update({name: (lambda x, w, v, i, m, name=name: getattr(x * 1, name)(v)) for name in _BINARY_INPLACE})
NO_WAIT.update({
    "polygamma_": lambda x, w, v, i, m: (x * 1).polygamma_(1),
    "clamp_min_": lambda x, w, v, i, m: (x * 1).clamp_min_(0.1), "clamp_max_": lambda x, w, v, i, m: (x * 1).clamp_max_(0.1),
    "heaviside_": lambda x, w, v, i, m: x.detach().clone().heaviside_(v.detach()),  # no derivative in PyTorch
    "lerp_": lambda x, w, v, i, m: (x * 1).lerp_(v, 0.3),
    "addcmul_": lambda x, w, v, i, m: (x * 1).addcmul_(v, v, value=2),
    "addcdiv_": lambda x, w, v, i, m: (x * 1).addcdiv_(v, v, value=0.5),
    "cumsum_": lambda x, w, v, i, m: (x * 1).cumsum_(1), "cumprod_": lambda x, w, v, i, m: (x * 1).cumprod_(0),
    "absolute": lambda x, w, v, i, m: x.absolute(), "logical_not": lambda x, w, v, i, m: x.logical_not(),
    "greater": lambda x, w, v, i, m: x.greater(v), "greater_equal": lambda x, w, v, i, m: x.greater_equal(0.),
    "less": lambda x, w, v, i, m: x.less(v), "less_equal": lambda x, w, v, i, m: x.less_equal(0.),
    "not_equal": lambda x, w, v, i, m: x.not_equal(v),
    "bitwise_and": lambda x, w, v, i, m: i.bitwise_and(i), "bitwise_or": lambda x, w, v, i, m: m.bitwise_or(m),
    "bitwise_xor": lambda x, w, v, i, m: i.bitwise_xor(3),
    "positive": lambda x, w, v, i, m: x.positive(), "ravel": lambda x, w, v, i, m: x.t().ravel(),
    "select": lambda x, w, v, i, m: x.select(1, -1), "swapdims": lambda x, w, v, i, m: x.swapdims(0, 1),
    "fix": lambda x, w, v, i, m: x.fix(), "unfold": lambda x, w, v, i, m: x.unfold(1, 2, 1),
})

HOST_READS = {  # tensor counts size the output: read once, as PyTorch's repeat_interleave
    "repeat_interleave": lambda x, w, v, i, m: x.repeat_interleave(gradlib.tensor([1, 2, 0], device=x.device), 0),
}

EXPECTED = {("repeat_interleave_counts", "forward"): 1}
# cumprod's backward under create_graph reads whether the input holds a zero, as PyTorch's cumprod_backward
CREATE_GRAPH_READS = {"cumprod_": 1}
