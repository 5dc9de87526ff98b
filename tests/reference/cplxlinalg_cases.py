"""Snippets of helper cplxlinalg: the linalg functions that take complex matrices since session 9's cplxlinalg
(slogdet, cholesky, cholesky_solve, ...): values, node names and gradients of complex64/complex128 input. Run with
``torch`` bound to PyTorch by ``cplxlinalg.py`` (``python tests/reference/record_torch.py cplxlinalg`` writes
``torch_cplxlinalg.json``) and to gradlib by ``tests/test_cplxlinalg.py``. Each snippet leaves its observations in
``result`` or raises. Fixed data only."""

# a well-conditioned complex square matrix, a Hermitian positive-definite one, a tall and a wide one, a right side
_DATA = ("Z = (torch.arange(9., dtype=torch.float64).reshape(3, 3).sin() + 1j * torch.arange(9., dtype=torch.float64)"
         ".reshape(3, 3).cos() + 2 * torch.eye(3, dtype=torch.float64)).requires_grad_()\n"
         "Zb = (torch.arange(18., dtype=torch.float64).reshape(2, 3, 3).cos() * (1 + 0.5j) + 1j * "
         "torch.eye(3, dtype=torch.float64)).requires_grad_()\n"
         "H = (Z.detach() @ Z.detach().mH + torch.eye(3, dtype=torch.float64)).requires_grad_()\n"
         "T = (torch.arange(12., dtype=torch.float64).reshape(4, 3).cos() + 1j * torch.arange(12., dtype=torch.float64)"
         ".reshape(4, 3).sin() ** 2).requires_grad_()\n"
         "W = (torch.arange(12., dtype=torch.float64).reshape(3, 4).sin() - 0.5j * torch.arange(12., dtype=torch.float64)"
         ".reshape(3, 4).cos() + 2 * torch.eye(3, 4, dtype=torch.float64)).requires_grad_()\n"
         "B = (torch.arange(6., dtype=torch.float64).reshape(3, 2).cos() * (1 - 0.5j)).requires_grad_()\n")

_WEIGHTS = ("def weighted(out):\n"
            "    if isinstance(out, (tuple, list)):\n"
            "        return sum(weighted(o) for o in out)\n"
            "    w = torch.arange(out.numel(), dtype=torch.float64).reshape(out.shape).sin() + 0.5\n"
            "    return (out.abs() * w).sum() if out.is_complex() else (out * w).sum()\n")


def _grads(expression, inputs):
    """A case: the expression's value, its node's name and the gradients of a weighted sum of the absolute values
    with respect to ``inputs`` (|.| keeps the loss independent of the phases of singular vectors)."""
    return (_DATA + _WEIGHTS + f"out = {expression}\n"
            f"grads = torch.autograd.grad(weighted(out), [{inputs}], allow_unused=True)\n"
            "first = out[0] if isinstance(out, (tuple, list)) else out\n"
            "result = {'out': out, 'name': type(first.grad_fn).__name__, 'grads': list(grads)}")


def _grads_plain(expression, inputs):
    """A case whose loss is the weighted real part and imaginary part (a phase-dependent loss)."""
    return (_DATA + f"out = {expression}\n"
            "w = torch.arange(out.numel(), dtype=torch.float64).reshape(out.shape).cos() + 0.25\n"
            "loss = (out.real * w).sum() + (out.imag * w.flip(-1)).sum() if out.is_complex() else (out * w).sum()\n"
            f"grads = torch.autograd.grad(loss, [{inputs}], allow_unused=True)\n"
            "result = {'out': out, 'name': type(out.grad_fn).__name__, 'grads': list(grads)}")


def _values(expression):
    return _DATA + f"out = {expression}\nresult = {{'out': out}}"


def _error(expression):
    return _DATA + f"{expression}\nresult = {{}}"


CASES = {
    # ----- slogdet ---------------------------------------------------------------------------------------------------
    "slogdet/logabsdet": _grads_plain("torch.linalg.slogdet(Z).logabsdet", "Z"),
    "slogdet/sign": _grads_plain("torch.linalg.slogdet(Z).sign", "Z"),
    "slogdet/both": _grads("tuple(torch.linalg.slogdet(Zb))", "Zb"),
    "slogdet/complex64": _values("list(torch.linalg.slogdet(Z.detach().to(torch.complex64)))"),
    "slogdet/singular": _values("list(torch.linalg.slogdet(torch.tensor([[1 + 1j, 2 + 2j], [1., 2.]])))"),
    "slogdet/legacy": _grads_plain("torch.slogdet(Z)[1]", "Z"),
    "logdet/complex": _grads_plain("torch.logdet(Z)", "Z"),
    # ----- cholesky --------------------------------------------------------------------------------------------------
    "cholesky/lower": _grads_plain("torch.linalg.cholesky(H)", "H"),
    "cholesky/upper": _grads_plain("torch.linalg.cholesky(H, upper=True)", "H"),
    "cholesky/complex64": _values("torch.linalg.cholesky(H.detach().to(torch.complex64))"),
    "cholesky/not_pd": _error("torch.linalg.cholesky(torch.tensor([[1., 2j], [-2j, 1.]]))"),
    "cholesky/not_pd_batched": _error("torch.linalg.cholesky(torch.stack([H.detach(), -H.detach()]))"),
    "cholesky/through": _grads_plain("torch.linalg.cholesky(Z @ Z.mH + torch.eye(3))", "Z"),
    # ----- cholesky_solve --------------------------------------------------------------------------------------------
    "cholesky_solve/lower": _grads_plain("torch.cholesky_solve(B, torch.linalg.cholesky(H))", "H, B"),
    "cholesky_solve/upper": _grads_plain("torch.cholesky_solve(B, torch.linalg.cholesky(H, upper=True), upper=True)",
                                         "H, B"),
    "cholesky_solve/factor": _grads_plain("torch.cholesky_solve(B, Z.tril())", "Z, B"),
    # ----- qr (LAPACK's geqrf: R's diagonal real, so the factors are unique and any loss will do) ----------------------
    "qr/tall": _grads("tuple(torch.linalg.qr(T))", "T"),
    "qr/tall_Q": _grads_plain("torch.linalg.qr(T).Q", "T"),
    "qr/tall_R": _grads_plain("torch.linalg.qr(T).R", "T"),
    "qr/square": _grads_plain("torch.linalg.qr(Z).Q", "Z"),
    "qr/wide": _grads("tuple(torch.linalg.qr(W))", "W"),
    "qr/wide_R": _grads_plain("torch.linalg.qr(W).R", "W"),
    "qr/batched": _grads("tuple(torch.linalg.qr(Zb))", "Zb"),
    "qr/complete_wide": _grads_plain("torch.linalg.qr(W, mode='complete').Q", "W"),
    "qr/complete_tall": _values("list(torch.linalg.qr(T.detach(), mode='complete'))"),
    "qr/r": _values("torch.linalg.qr(T.detach(), mode='r').R"),
    "qr/complex64": _values("list(torch.linalg.qr(T.detach().to(torch.complex64)))"),
    "qr/legacy": _grads_plain("torch.qr(T)[0]", "T"),
    # ----- svd (losses through |U|, |Vh|, S and U Vh: independent of the phase of each singular pair) --------------
    "svd/tall": _grads("tuple(torch.linalg.svd(T, full_matrices=False))", "T"),
    "svd/wide": _grads("tuple(torch.linalg.svd(W, full_matrices=False))", "W"),
    "svd/full": _grads("tuple(torch.linalg.svd(Z))", "Z"),
    "svd/batched": _grads("tuple(torch.linalg.svd(Zb))", "Zb"),
    "svd/polar": _grads_plain("(lambda r: r.U @ r.Vh)(torch.linalg.svd(T, full_matrices=False))", "T"),
    "svd/values": _values("list(torch.linalg.svd(W.detach().to(torch.complex64), full_matrices=False))[1]"),
    "svd/phase_dependent": _error("torch.linalg.svd(T, full_matrices=False).U.real.sum().backward()"),
    "svd/phase_free_vh": _error("torch.linalg.svd(W, full_matrices=False).Vh[..., 0, :].sum().abs().backward()"),
    "svdvals/tall": _grads("torch.linalg.svdvals(T)", "T"),
    "svdvals/batched": _grads("torch.linalg.svdvals(Zb)", "Zb"),
    "svd/legacy": _grads("tuple(torch.svd(T))", "T"),
    "matrix_norm/nuc": _grads("torch.linalg.matrix_norm(W, 'nuc')", "W"),
    "matrix_norm/2": _grads("torch.linalg.matrix_norm(T, 2)", "T"),
    "matrix_norm/-2": _grads("torch.linalg.matrix_norm(Z, -2)", "Z"),
    "norm/nuc": _grads("torch.linalg.norm(Z, 'nuc')", "Z"),
    "cond/2": _grads("torch.linalg.cond(Z)", "Z"),
    "cond/wide": _grads("torch.linalg.cond(W)", "W"),
    "matrix_rank/complex": _values("[torch.linalg.matrix_rank(T.detach()), torch.linalg.matrix_rank(torch.tensor("
                                   "[[1 + 1j, 2 + 2j], [1., 2.]]))]"),
    # ----- pinv, lstsq -----------------------------------------------------------------------------------------------
    "pinv/tall": _grads_plain("torch.linalg.pinv(T)", "T"),
    "pinv/wide": _grads_plain("torch.linalg.pinv(W)", "W"),
    "pinv/batched": _grads_plain("torch.linalg.pinv(Zb)", "Zb"),
    "pinv/hermitian": _grads_plain("torch.linalg.pinv(H, hermitian=True)", "H"),
    "pinv/rank_deficient": _values("torch.linalg.pinv(torch.tensor([[1 + 1j, 2 + 2j], [1., 2.]]))"),
    "pinverse/complex": _grads_plain("torch.pinverse(T)", "T"),
    "lstsq/tall": _grads_plain("torch.linalg.lstsq(T, torch.cat([B, B[:1]])).solution", "T, B"),
    "lstsq/square": _grads_plain("torch.linalg.lstsq(Z, B).solution", "Z, B"),
    "lstsq/vector": _grads_plain("torch.linalg.lstsq(Z, B[:, 0]).solution", "Z, B"),
    "lstsq/gelsd": _values("list(torch.linalg.lstsq(T.detach(), torch.cat([B, B[:1]]).detach(), driver='gelsd'))"),
    "lstsq/gelsy": _values("list(torch.linalg.lstsq(T.detach(), torch.cat([B, B[:1]]).detach()))"),
    "lstsq/gels": _values("list(torch.linalg.lstsq(T.detach(), torch.cat([B, B[:1]]).detach(), driver='gels'))"),
    "lstsq/dtypes": _error("torch.linalg.lstsq(T.detach(), torch.ones(4, 1, dtype=torch.float64))"),
    # ----- empty matrices --------------------------------------------------------------------------------------------
    "empty/all": (_WEIGHTS + "E0 = torch.zeros(0, 0, dtype=torch.complex128, requires_grad=True)\n"
                  "E1 = torch.zeros(2, 0, 3, dtype=torch.complex128, requires_grad=True)\n"
                  "E2 = torch.zeros(3, 0, dtype=torch.complex128, requires_grad=True)\n"
                  "outs = [*torch.linalg.slogdet(E0), torch.linalg.cholesky(E0), *torch.linalg.qr(E1), "
                  "*torch.linalg.qr(E2), *torch.linalg.svd(E1), torch.linalg.svdvals(E2), torch.linalg.pinv(E1), "
                  "torch.linalg.lstsq(E2, torch.ones(3, 2, dtype=torch.complex128)).solution]\n"
                  "grads = torch.autograd.grad(weighted(outs), [E0, E1, E2])\n"
                  "result = {'outs': outs, 'grads': list(grads)}"),
    "cholesky_solve/dtypes": _error("torch.cholesky_solve(B.detach(), H.detach().real)"),
}
