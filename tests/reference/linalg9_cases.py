"""Snippets of the torch.linalg functions of helper linalg9: the LU family (lu_factor_ex, lu_factor, lu,
lu_solve, lu_unpack, torch.lu, torch.lu_solve), the ``_ex`` forms (inv_ex, solve_ex, cholesky_ex), and
matmul, multi_dot, vecdot/vdot, diagonal, vander (linalg and torch), tensorinv, tensorsolve: values, gradients,
node names, ``info`` tensors and PyTorch's errors. Run with ``torch`` bound to PyTorch by ``linalg9.py``
(``python tests/reference/record_torch.py linalg9`` writes ``torch_linalg9.json``) and to gradlib by
``tests/test_linalg9.py``. Each snippet leaves its observations in ``result`` or raises. Fixed data only."""

# well-conditioned fixed matrices (float64), created on the default device
_DATA = ("A = (torch.arange(9., dtype=torch.float64).reshape(3, 3).sin() * 2 + torch.tensor([[0.5, 0., 0.], "
         "[0., -0.25, 0.], [0., 0., 1.5]], dtype=torch.float64)).requires_grad_()\n"
         "Ab = (torch.arange(18., dtype=torch.float64).reshape(2, 3, 3).cos() * 2 + torch.eye(3, dtype=torch.float64)"
         ").requires_grad_()\n"
         "W = (torch.arange(12., dtype=torch.float64).reshape(3, 4).sin() + torch.eye(3, 4, dtype=torch.float64) * "
         "torch.tensor([1.5, -2., 1.], dtype=torch.float64)[:, None]).requires_grad_()\n"
         "T = (torch.arange(12., dtype=torch.float64).reshape(4, 3).cos() + torch.eye(4, 3, dtype=torch.float64) * "
         "torch.tensor([-1., 2., 1.5, 0.], dtype=torch.float64)[:, None]).requires_grad_()\n"
         "B = torch.arange(6., dtype=torch.float64).reshape(3, 2).cos().requires_grad_()\n"
         "v = torch.tensor([0.5, -1.25, 2.], dtype=torch.float64, requires_grad=True)\n"
         "S = (A.detach() @ A.detach().mT + torch.eye(3, dtype=torch.float64)).requires_grad_()\n"
         "Z = (torch.arange(9., dtype=torch.float64).reshape(3, 3).sin() + 1j * torch.arange(9., dtype=torch.float64)"
         ".reshape(3, 3).cos() + 2 * torch.eye(3, dtype=torch.float64)).requires_grad_()\n"
         "Zb = (torch.arange(6., dtype=torch.float64).reshape(3, 2).cos() * (1 - 0.5j)).requires_grad_()\n")

_WEIGHTS = ("def weighted(out):\n"
            "    w = torch.arange(out.numel(), dtype=torch.float64).reshape(out.shape).sin() + 0.5\n"
            "    return (out.abs() * w).sum() if out.is_complex() else (out * w).sum()\n")


def _grads(expression, inputs):
    """A case: the expression's value, its node's name and the gradients of a weighted sum with respect to
    ``inputs``."""
    return (_DATA + _WEIGHTS + f"out = {expression}\n"
            f"grads = torch.autograd.grad(weighted(out), [{inputs}], allow_unused=True)\n"
            "result = {'out': out, 'name': type(out.grad_fn).__name__, 'grads': list(grads)}")


def _values(expression):
    return _DATA + f"out = {expression}\nresult = {{'out': out}}"


def _error(expression):
    return _DATA + f"{expression}\nresult = {{}}"


CASES = {
    # ----- LU --------------------------------------------------------------------------------------------------------
    "lu_factor_ex/square": _grads("torch.linalg.lu_factor_ex(A).LU", "A"),
    "lu_factor_ex/parts": _DATA + "r = torch.linalg.lu_factor_ex(A)\nresult = {'pivots': r.pivots, 'info': r.info, "
                                  "'type': type(r).__name__, 'repr': repr(r.pivots)}",
    "lu_factor_ex/batched": _grads("torch.linalg.lu_factor_ex(Ab).LU", "Ab"),
    "lu_factor_ex/wide": _grads("torch.linalg.lu_factor_ex(W).LU", "W"),
    "lu_factor_ex/tall": _grads("torch.linalg.lu_factor_ex(T).LU", "T"),
    "lu_factor_ex/complex": _grads("torch.linalg.lu_factor_ex(Z).LU", "Z"),
    "lu_factor_ex/singular": _values("list(torch.linalg.lu_factor_ex(torch.tensor([[1., 2.], [2., 4.]])))"),
    "lu_factor_ex/singular_wide": _values("list(torch.linalg.lu_factor_ex(torch.tensor([[1., 2., 3.], "
                                          "[2., 4., 5.]])))"),
    "lu_factor_ex/zeros_batch": _values("list(torch.linalg.lu_factor_ex(torch.zeros(2, 3, 3)))"),
    "lu_factor_ex/empty": _values("[list(torch.linalg.lu_factor_ex(torch.zeros(0, 3, 3))), "
                                  "list(torch.linalg.lu_factor_ex(torch.zeros(3, 0)))]"),
    "lu_factor_ex/check_errors": _error("torch.linalg.lu_factor_ex(torch.zeros(3, 3), check_errors=True)"),
    "lu_factor_ex/1d": _error("torch.linalg.lu_factor_ex(torch.ones(3))"),
    "lu_factor_ex/long": _error("torch.linalg.lu_factor_ex(torch.ones(3, 3, dtype=torch.long))"),
    "lu_factor/pairs": _DATA + "LU, pivots = torch.linalg.lu_factor(Ab)\nresult = {'LU': LU, 'pivots': pivots, "
                               "'name': type(LU.grad_fn).__name__, 'type': type(torch.linalg.lu_factor(A)).__name__}",
    "lu_factor/singular": _error("torch.linalg.lu_factor(torch.zeros(3, 3))"),
    "lu_factor/singular_batch": _error("torch.linalg.lu_factor(torch.stack([torch.eye(2), torch.zeros(2, 2)]))"),
    "lu_factor/no_pivot_cpu": _error("torch.linalg.lu_factor(torch.eye(2, device='cpu'), pivot=False)"),
    "lu_factor/half": _error("torch.linalg.lu_factor(torch.ones(2, 2, dtype=torch.half, device='cpu'))"),
    "lu/square": _DATA + _WEIGHTS + "P, L, U = torch.linalg.lu(A)\ng = torch.autograd.grad(weighted(L) + "
                                    "weighted(U), A)\nresult = {'P': P, 'L': L, 'U': U, 'g': g[0], 'names': "
                                    "[type(t.grad_fn).__name__ for t in (P, L, U)], 'type': "
                                    "type(torch.linalg.lu(A)).__name__}",
    "lu/wide_L_only": _grads("torch.linalg.lu(W).L", "W"),
    "lu/wide_U_only": _grads("torch.linalg.lu(W).U", "W"),
    "lu/tall_L_only": _grads("torch.linalg.lu(T).L", "T"),
    "lu/tall_U_only": _grads("torch.linalg.lu(T).U", "T"),
    "lu/complex_U": _grads("torch.linalg.lu(Z).U", "Z"),
    "lu/empty": _values("list(torch.linalg.lu(torch.zeros(0, 2)))"),
    "lu/1d": _error("torch.linalg.lu(torch.ones(3))"),
    "lu_solve/left": _grads("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), B)", "A, B"),
    "lu_solve/adjoint": _grads("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), B, adjoint=True)", "A, B"),
    "lu_solve/right": _grads("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), B.mT, left=False)", "A, B"),
    "lu_solve/right_adjoint": _grads("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), B.mT, left=False, "
                                     "adjoint=True)", "A, B"),
    "lu_solve/batched_broadcast": _grads("torch.linalg.lu_solve(*torch.linalg.lu_factor(Ab), B)", "Ab, B"),
    "lu_solve/complex": _grads("torch.linalg.lu_solve(*torch.linalg.lu_factor(Z), Zb)", "Z, Zb"),
    "lu_solve/complex_adjoint": _grads("torch.linalg.lu_solve(*torch.linalg.lu_factor(Z), Zb, adjoint=True)",
                                       "Z, Zb"),
    "lu_solve/bad_rows": _error("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), torch.ones(2, 1, "
                                "dtype=torch.float64))"),
    "lu_solve/bad_right": _error("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), torch.ones(3, 1, "
                                 "dtype=torch.float64), left=False)"),
    "lu_solve/vector": _error("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), torch.ones(3, dtype=torch.float64))"),
    "lu_solve/dtype": _error("torch.linalg.lu_solve(*torch.linalg.lu_factor(A), torch.ones(3, 1))"),
    "lu_solve/pivots_dtype": _error("LU, p = torch.linalg.lu_factor(A)\ntorch.linalg.lu_solve(LU, p.long(), "
                                    "B)"),
    "lu_solve/pivots_count": _error("LU, p = torch.linalg.lu_factor(A)\ntorch.linalg.lu_solve(LU, p[:2], B)"),
    "lu_solve/pivots_batch": _error("LU, p = torch.linalg.lu_factor(A)\ntorch.linalg.lu_solve(LU, "
                                    "p.expand(2, 3), B)"),
    "lu_solve/not_square": _error("torch.linalg.lu_solve(torch.ones(2, 3, dtype=torch.float64), torch.ones(2, "
                                  "dtype=torch.int32), B)"),
    "lu_solve/long": _error("torch.linalg.lu_solve(torch.ones(3, 3, dtype=torch.long), torch.ones(3, "
                            "dtype=torch.int32), B)"),
    "lu_unpack/square": _DATA + _WEIGHTS + "LU, p = torch.linalg.lu_factor(A)\nP, L, U = torch.lu_unpack(LU, p)\n"
                                           "g = torch.autograd.grad(weighted(L) + weighted(U), A)\nresult = {'P': P, "
                                           "'L': L, 'U': U, 'g': g[0], 'names': [type(t.grad_fn).__name__ for t in "
                                           "(P, L, U)], 'type': type(torch.lu_unpack(LU, p)).__name__}",
    "lu_unpack/wide_L": _grads("torch.lu_unpack(*torch.linalg.lu_factor(W)).L", "W"),
    "lu_unpack/wide_U": _grads("torch.lu_unpack(*torch.linalg.lu_factor(W)).U", "W"),
    "lu_unpack/tall_L": _grads("torch.lu_unpack(*torch.linalg.lu_factor(T)).L", "T"),
    "lu_unpack/tall_U": _grads("torch.lu_unpack(*torch.linalg.lu_factor(T)).U", "T"),
    "lu_unpack/flags": _DATA + "LU, p = torch.linalg.lu_factor(T.detach())\nresult = {'no_data': "
                               "list(torch.lu_unpack(LU, p, unpack_data=False)), 'no_pivots': "
                               "list(torch.lu_unpack(LU, p, unpack_pivots=False))}",
    "lu_unpack/long_pivots": _error("LU, p = torch.linalg.lu_factor(A)\ntorch.lu_unpack(LU, p.long())"),
    "torch_lu/pair": _DATA + "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n"
                             "    r = torch.lu(A)\n    s = torch.lu(torch.zeros(3, 3), get_infos=True)\n    t = A.lu()\n"
                             "result = {'r': list(r), 'type': type(r).__name__, 's': list(s), 's_type': "
                             "type(s).__name__, 'method': list(t), 'name': type(r[0].grad_fn).__name__}",
    "torch_lu/solve": _DATA + "import warnings\nLU, p = torch.linalg.lu_factor(A)\nwith warnings.catch_warnings():\n"
                              "    warnings.simplefilter('ignore')\n    x = torch.lu_solve(B, LU, p)\n"
                              "    y = B.lu_solve(LU, p)\nresult = {'x': x, 'y': y, 'name': type(x.grad_fn).__name__}",
    # ----- _ex forms ---------------------------------------------------------------------------------------------
    "inv_ex/value": _grads("torch.linalg.inv_ex(Ab).inverse", "Ab"),
    "inv_ex/info": _DATA + "r = torch.linalg.inv_ex(Ab)\nresult = {'info': r.info, 'type': type(r).__name__, "
                           "'singular': torch.linalg.inv_ex(torch.stack([torch.eye(2), torch.zeros(2, 2)])).info}",
    "inv_ex/complex": _grads("torch.linalg.inv_ex(Z).inverse", "Z"),
    "inv_ex/check_errors": _error("torch.linalg.inv_ex(torch.zeros(2, 3, 3), check_errors=True)"),
    "inv_ex/not_square": _error("torch.linalg.inv_ex(torch.ones(2, 3))"),
    "inv_ex/long": _error("torch.linalg.inv_ex(torch.ones(2, 2, dtype=torch.long))"),
    "solve_ex/matrix": _grads("torch.linalg.solve_ex(A, B).result", "A, B"),
    "solve_ex/vector": _grads("torch.linalg.solve_ex(A, v).result", "A, v"),
    "solve_ex/right": _grads("torch.linalg.solve_ex(A, B.mT, left=False).result", "A, B"),
    "solve_ex/batched": _grads("torch.linalg.solve_ex(Ab, B).result", "Ab, B"),
    "solve_ex/info": _DATA + "r = torch.linalg.solve_ex(Ab, B)\nresult = {'info': r.info, 'type': type(r).__name__, "
                             "'singular': torch.linalg.solve_ex(torch.zeros(3, 3), torch.ones(3)).info}",
    "solve_ex/check_errors": _error("torch.linalg.solve_ex(torch.zeros(2, 3, 3), torch.ones(2, 3), "
                                    "check_errors=True)"),
    "solve_ex/check_errors_single": _error("torch.linalg.solve_ex(torch.zeros(3, 3), torch.ones(3), "
                                           "check_errors=True)"),
    "cholesky_ex/lower": _grads("torch.linalg.cholesky_ex((S + S.mT) / 2).L", "S"),
    "cholesky_ex/upper": _grads("torch.linalg.cholesky_ex((S + S.mT) / 2, upper=True).L", "S"),
    "cholesky_ex/info": _values("[torch.linalg.cholesky_ex(-torch.eye(3)).info, torch.linalg.cholesky_ex("
                                "torch.diag(torch.tensor([1., -1., 1.])).expand(2, 3, 3)).info, "
                                "torch.linalg.cholesky_ex(torch.zeros(2, 2, 2)).info, "
                                "type(torch.linalg.cholesky_ex(torch.eye(2))).__name__]"),
    "cholesky_ex/check_errors": _error("torch.linalg.cholesky_ex(torch.diag(torch.tensor([1., -1., 1.]))"
                                       ".expand(2, 3, 3), check_errors=True)"),
    "cholesky_ex/check_errors_single": _error("torch.linalg.cholesky_ex(-torch.eye(3), check_errors=True)"),
    "cholesky_ex/long": _error("torch.linalg.cholesky_ex(torch.ones(2, 2, dtype=torch.long))"),
    # ----- eig ---------------------------------------------------------------------------------------------------
    "eig/real": _DATA + _WEIGHTS + "L, V = torch.linalg.eig(A)\ng = torch.autograd.grad(weighted(L) + weighted(V), A)\n"
                                   "result = {'L': L, 'V': V, 'g': g[0], 'names': [type(L.grad_fn).__name__, "
                                   "type(V.grad_fn).__name__], 'type': type(torch.linalg.eig(A)).__name__}",
    "eig/batched_values": _grads("torch.linalg.eigvals(Ab)", "Ab"),
    "eig/complex": _grads("torch.linalg.eig(Zd).eigenvectors", "Zd").replace(
        "out = ", "Zd = (A.detach() * (1 + 0.5j) + 0.25j * torch.eye(3, dtype=torch.float64)).requires_grad_()\nout = "),
    "eig/float32": _values("list(torch.linalg.eig(torch.tensor([[2., 1.], [0., 3.]])))"),
    "eig/empty": _values("list(torch.linalg.eig(torch.zeros(0, 2, 2)))"),
    "eig/nan": _error("torch.linalg.eig(torch.tensor([[1., float('nan')], [0., 1.]]))"),
    "eig/not_square": _error("torch.linalg.eig(torch.ones(2, 3))"),
    "eig/long": _error("torch.linalg.eig(torch.ones(2, 2, dtype=torch.long))"),
    "eig/1d": _error("torch.linalg.eigvals(torch.ones(3))"),
    # ----- householder_product --------------------------------------------------------------------------------
    "householder_product/plain": _grads("torch.linalg.householder_product(T, v[:2])", "T, v"),
    "householder_product/square": _grads("torch.linalg.householder_product(Ab, Ab[:, 0] * 0.5)", "Ab"),
    "householder_product/complex": _grads("torch.linalg.householder_product(Zb, torch.tensor([0.5 + 0.25j, 1.25 - "
                                          "0.5j], dtype=torch.complex128))", "Zb"),
    "householder_product/orgqr": _values("[torch.orgqr(T, v[:2]), T.orgqr(v[:3]), "
                                         "type(torch.orgqr(T, v[:2]).grad_fn).__name__]"),
    "householder_product/1d": _error("torch.linalg.householder_product(v, v[:1])"),
    "householder_product/wide": _error("torch.linalg.householder_product(W, v[:2])"),
    "householder_product/tau_long": _error("torch.linalg.householder_product(T, torch.ones(4, dtype=torch.float64))"),
    "householder_product/tau_ndim": _error("torch.linalg.householder_product(T, torch.ones(2, 2, "
                                           "dtype=torch.float64))"),
    "householder_product/tau_dtype": _error("torch.linalg.householder_product(T, torch.ones(2))"),
    "householder_product/batch": _error("torch.linalg.householder_product(Ab, torch.ones(3, 2, dtype=torch.float64))"),
    "householder_product/long": _error("torch.linalg.householder_product(torch.ones(3, 2, dtype=torch.long), "
                                       "torch.ones(1, dtype=torch.long))"),
    # ----- torch.triangular_solve -------------------------------------------------------------------------------
    "triangular_solve/upper": _DATA + _WEIGHTS + "r = torch.triangular_solve(B, A)\ng = torch.autograd.grad("
                                                 "weighted(r.solution) + weighted(r.cloned_coefficient), [A, B])\n"
                                                 "result = {'r': list(r), 'g': list(g), 'type': type(r).__name__, "
                                                 "'names': [type(t.grad_fn).__name__ for t in r]}",
    "triangular_solve/lower_transpose_unit": _grads("torch.triangular_solve(B, A, upper=False, transpose=True, "
                                                    "unitriangular=True).solution", "A, B"),
    "triangular_solve/batched": _grads("torch.triangular_solve(B, Ab, transpose=True).solution", "Ab, B"),
    "triangular_solve/broadcast_clone": _values("list(torch.triangular_solve(torch.ones(2, 3, 1, dtype=torch.float64),"
                                                " A.detach()))"),
    "triangular_solve/method": _values("B.triangular_solve(A, upper=False).solution"),
    "triangular_solve/complex": _grads("torch.triangular_solve(Zb, Z).solution", "Z, Zb"),
    "triangular_solve/b_1d": _error("torch.triangular_solve(v, A)"),
    "triangular_solve/A_1d": _error("torch.triangular_solve(B, v)"),
    "triangular_solve/dtype": _error("torch.triangular_solve(B.float(), A)"),
    "triangular_solve/not_square": _error("torch.triangular_solve(B, W)"),
    "triangular_solve/sizes": _error("torch.triangular_solve(T, A)"),
    "triangular_solve/long": _error("torch.triangular_solve(torch.ones(2, 2, dtype=torch.long), torch.ones(2, 2, "
                                    "dtype=torch.long))"),
    "cholesky/legacy": _DATA + _WEIGHTS + "import warnings\nwith warnings.catch_warnings():\n    "
                                          "warnings.simplefilter('ignore')\n    L = torch.cholesky((S + S.mT) / 2)\n"
                                          "    U = torch.cholesky((S + S.mT) / 2, upper=True)\n    M = S.cholesky()\n"
                                          "g = torch.autograd.grad(weighted(L) + weighted(U), S)\nresult = {'L': L, "
                                          "'U': U, 'M': M, 'g': g[0], 'names': [type(t.grad_fn).__name__ for t in "
                                          "(L, U, M)]}",
    "cholesky/legacy_errors": _error("import warnings\nwarnings.simplefilter('ignore')\ntorch.cholesky(torch.zeros(2,"
                                     " 2, 2))"),
    "cholesky/legacy_single": _error("import warnings\nwarnings.simplefilter('ignore')\ntorch.cholesky(-torch.eye(2))"),
    "cholesky/legacy_shape": _error("import warnings\nwarnings.simplefilter('ignore')\ntorch.cholesky(torch.ones(2, "
                                    "3))"),
    "cholesky/legacy_long": _error("import warnings\nwarnings.simplefilter('ignore')\ntorch.cholesky(torch.ones(2, "
                                   "2, dtype=torch.long))"),
    # ----- geqrf ---------------------------------------------------------------------------------------------------
    "geqrf/values": _values("[list(torch.geqrf(T)), list(torch.geqrf(W)), list(Ab.geqrf()), type(torch.geqrf(T))"
                            ".__name__, [type(t.grad_fn).__name__ for t in torch.geqrf(A)], list(torch.geqrf(Z.detach()))]"),
    "geqrf/complex_grad": _error("torch.geqrf(Z)"),
    "geqrf/rebuilds_q": _values("torch.linalg.householder_product(*torch.geqrf(T)) @ torch.triu(torch.geqrf(T).a[:3])"),
    "geqrf/backward": _error("torch.geqrf(A).a.sum().backward()"),
    "geqrf/1d": _error("torch.geqrf(v)"),
    "geqrf/long": _error("torch.geqrf(torch.ones(2, 2, dtype=torch.long))"),
    # ----- composites -------------------------------------------------------------------------------------------
    "matmul/linalg": _grads("torch.linalg.matmul(A, B)", "A, B"),
    "multi_dot/three": _grads("torch.linalg.multi_dot([W.mT, A, B])", "W, A, B"),
    "multi_dot/vectors": _grads("torch.linalg.multi_dot([v, A, B, B.mT, v])", "v, A, B"),
    "multi_dot/two": _grads("torch.linalg.multi_dot([A, v])", "A, v"),
    "multi_dot/chain": _grads("torch.linalg.multi_dot([T, W, T, W, W.mT])", "T, W"),
    "multi_dot/empty": _values("torch.linalg.multi_dot([torch.zeros(0, 3), torch.zeros(3, 2)])"),
    "multi_dot/one": _error("torch.linalg.multi_dot([torch.ones(2, 2)])"),
    "multi_dot/first_3d": _error("torch.linalg.multi_dot([torch.ones(2, 2, 2), torch.ones(2, 2)])"),
    "multi_dot/last_3d": _error("torch.linalg.multi_dot([torch.ones(2, 2), torch.ones(2, 2, 2)])"),
    "multi_dot/middle_1d": _error("torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(3), torch.ones(3, 4)])"),
    "multi_dot/dtype": _error("torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(3, 4, dtype=torch.float64)])"),
    "multi_dot/shapes": _error("torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(2, 3)])"),
    "vecdot/batched": _grads("torch.linalg.vecdot(Ab, v)", "Ab, v"),
    "vecdot/dim": _grads("torch.linalg.vecdot(A, B[:, :1], dim=0)", "A, B"),
    "vecdot/vectors": _grads("torch.linalg.vecdot(v, A[0])", "v, A"),
    "vecdot/complex": _grads("torch.linalg.vecdot(Z, Zb[:, 0])", "Z, Zb"),
    "vecdot/dtype": _error("torch.linalg.vecdot(torch.ones(3), torch.ones(3, dtype=torch.float64))"),
    "vecdot/long": _error("torch.linalg.vecdot(torch.ones(3, dtype=torch.long), torch.ones(3, dtype=torch.long))"),
    "vdot/complex": _grads("torch.vdot(Z[0], Zb[:, 1])", "Z, Zb"),
    "vdot/method": _grads("v.vdot(A[1])", "v, A"),
    "vdot/sizes": _error("torch.vdot(torch.ones(3), torch.ones(4))"),
    "vdot/2d": _error("torch.vdot(torch.ones(2, 3), torch.ones(3))"),
    "vdot/dtype": _error("torch.vdot(torch.ones(3), torch.ones(3, dtype=torch.float64))"),
    "diagonal/linalg": _grads("torch.linalg.diagonal(Ab, offset=1, dim1=0, dim2=2)", "Ab"),
    "diagonal/default": _grads("torch.linalg.diagonal(Ab)", "Ab"),
    "vander/linalg": _grads("torch.linalg.vander(v)", "v"),
    "vander/linalg_N": _grads("torch.linalg.vander(A, N=4)", "A"),
    "vander/linalg_int": _values("torch.linalg.vander(torch.tensor([1, 2, 3], dtype=torch.int32))"),
    "vander/linalg_0d": _error("torch.linalg.vander(torch.tensor(2.))"),
    "vander/linalg_N1": _error("torch.linalg.vander(torch.ones(3), N=1)"),
    "vander/linalg_bool": _error("torch.linalg.vander(torch.tensor([True]))"),
    "vander/torch": _values("[torch.vander(v), torch.vander(v, N=2, increasing=True), torch.vander(torch.tensor("
                            "[1, 2, 3])), torch.vander(v, N=0), type(torch.vander(v).grad_fn).__name__, "
                            "type(torch.vander(v, increasing=True).grad_fn).__name__]"),
    "vander/torch_2d": _error("torch.vander(torch.ones(2, 2))"),
    "vander/torch_negative": _error("torch.vander(torch.ones(2), N=-1)"),
    "tensorinv/ind1": _grads("torch.linalg.tensorinv(Ab.reshape(18)[:16].reshape(4, 2, 2) + 3 * torch.eye(4, "
                             "dtype=torch.float64).reshape(4, 2, 2), ind=1)", "Ab"),
    "tensorinv/ind2": _grads("torch.linalg.tensorinv((Ab.reshape(18)[:16].reshape(4, 4) + 3 * torch.eye(4, "
                             "dtype=torch.float64)).reshape(2, 2, 2, 2))", "Ab"),
    "tensorinv/ind0": _error("torch.linalg.tensorinv(torch.ones(4, 2, 2), ind=0)"),
    "tensorinv/shape": _error("torch.linalg.tensorinv(torch.ones(4, 2, 3), ind=1)"),
    "tensorsolve/plain": _grads("torch.linalg.tensorsolve((Ab.reshape(18)[:9].reshape(3, 3) + 3 * torch.eye(3, "
                                "dtype=torch.float64)).reshape(3, 3), v)", "Ab, v"),
    "tensorsolve/dims": _grads("torch.linalg.tensorsolve((torch.eye(6, dtype=torch.float64) + 0.1 * torch.cat(["
                               "Ab.reshape(18), Ab.reshape(18)]).reshape(6, 6)).mT.reshape(6, 2, 3), B.reshape(2, 3), "
                               "dims=(0,))", "Ab, B"),
    "tensorsolve/shape": _error("torch.linalg.tensorsolve(torch.ones(2, 3, 6), torch.ones(2, 2))"),
}
