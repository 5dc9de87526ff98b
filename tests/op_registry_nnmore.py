"""Registry samples of the nn / nn.functional names added for tutorial programs (issue 15, helper nnmore4):
instance_norm, local_response_norm, alpha_dropout (p=1), channel_shuffle, unfold, fold.

Recorded separately (``python tests/reference/record_torch.py nnmore`` writes ``torch_ops_nnmore.json`` and
``torch_op_dtypes_nnmore.json``); ``op_registry.SAMPLES`` includes these, so every generic test runs them.
"""
from op_registry import F, Sample


def _f(lib):
    return lib.nn.functional


def _instance_norm_running(lib, x, w, b):
    """Training with running statistics: the output (the statistics' update is compared in nnmore_cases)."""
    running_mean = lib.zeros(3, dtype=x.dtype, device=x.device)
    running_var = lib.ones(3, dtype=x.dtype, device=x.device)
    return _f(lib).instance_norm(x, running_mean, running_var, w, b, momentum=0.3)


def _instance_norm_eval(lib, x, w):
    running_mean = lib.tensor([0.5, -0.25], dtype=x.dtype, device=x.device)
    running_var = lib.tensor([2.0, 0.75], dtype=x.dtype, device=x.device)
    return _f(lib).instance_norm(x, running_mean, running_var, w, None, use_input_stats=False)


SAMPLES = [
    Sample("instance_norm", lambda lib, x: _f(lib).instance_norm(x), [F(2, 3, 4)]),
    Sample("instance_norm_affine_running", _instance_norm_running, [F(2, 3, 5), F(3), F(3)]),
    Sample("instance_norm_eval", _instance_norm_eval, [F(3, 2, 4), F(2)]),
    Sample("instance_norm_2d", lambda lib, x, w, b: _f(lib).instance_norm(x, weight=w, bias=b, eps=1e-3),
           [F(2, 2, 3, 3), F(2), F(2)]),
    Sample("local_response_norm", lambda lib, x: _f(lib).local_response_norm(x, 3, alpha=0.5, beta=0.75, k=2.0),
           [F(2, 5, 3)]),
    Sample("local_response_norm_4d", lambda lib, x: _f(lib).local_response_norm(x, 2, alpha=1.0, k=1.5),
           [F(1, 4, 2, 3)]),
    # p=1 is the deterministic case (input times a 0-d zero); random draws are tested in tests/test_nnmore.py
    Sample("alpha_dropout_p1", lambda lib, x: _f(lib).alpha_dropout(x, 1.0, True), [F(2, 3)]),
    Sample("feature_alpha_dropout_p1", lambda lib, x: _f(lib).feature_alpha_dropout(x, 1.0, True), [F(2, 3, 2)]),
    Sample("channel_shuffle", lambda lib, x: _f(lib).channel_shuffle(x, 3), [F(2, 6, 2, 2)]),
    Sample("unfold", lambda lib, x: _f(lib).unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)),
           [F(2, 2, 4, 5)]),
    Sample("unfold_unbatched", lambda lib, x: _f(lib).unfold(x, 2), [F(2, 3, 3)]),
    Sample("fold", lambda lib, x: _f(lib).fold(x, (4, 5), (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)),
           [F(2, 12, 9)]),
    Sample("fold_unbatched_overlap", lambda lib, x: _f(lib).fold(x, (3, 3), 2), [F(8, 4)]),
]

#: op classes of these samples that never record a node
NONDIFFERENTIABLE = set()
