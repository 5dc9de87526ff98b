"""Record what PyTorch prints for snippets of the behaviour the p188-p202 programs needed (``record()``, section
'progs9'): torch.svd_lowrank / torch.pca_lowrank (values after a seed, since they draw their random matrix with
randn: tall, wide, batched, with M, sparse input, their ValueErrors), torch.func.linearize (values, and the
refusals of tangents of another structure, shape or dtype), Tensor.broadcast_to, the conjugate bit (is_conj and
resolve_conj after conj, views, copies), complex linalg.solve and its mixed-dtype refusal, linalg.eig/eigvals and
complex Hermitian eigh/eigvalsh with their gradients.
Writes ``tests/reference/torch_progs9.json``: {snippet: printed text}; an exception prints as ``TypeName: message``.
tests/test_progs9_apis.py runs each snippet with gradlib in place of torch and compares the text (``torch.`` read
as ``gradlib.``).
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs9.json"

SNIPPETS = [
    # svd_lowrank follows randn's stream: values after a seed, tall and wide (transposed inside), niter 0 and 4
    "torch.manual_seed(3)\nA = torch.randn(7, 4, dtype=torch.float64) @ torch.randn(4, 5, dtype=torch.float64)\n"
    "for shape_A in (A, A.mT):\n    for niter in (0, 2, 4):\n        torch.manual_seed(11)\n"
    "        U, S, V = torch.svd_lowrank(shape_A, q=3, niter=niter)\n"
    "        print(tuple(U.shape), tuple(S.shape), tuple(V.shape), S.round(decimals=6), U[:2].abs().round(decimals=6), "
    "V[0].abs().round(decimals=6), torch.dist(U @ torch.diag(S) @ V.mT, shape_A).item() < 2.5)\n"
    "torch.manual_seed(5)\nprint(torch.svd_lowrank(torch.randn(6, 3))[1].shape, torch.svd_lowrank(torch.randn(6, 3), q=None)[1].shape)",
    # M subtracted without forming A - M (broadcast to A's size), batches, a sparse A, an integer q of 0
    "torch.manual_seed(4)\nA = torch.randn(2, 6, 4)\nM = torch.randn(1, 4)\ntorch.manual_seed(9)\n"
    "U, S, V = torch.svd_lowrank(A, q=4, M=M)\nprint(S.round(decimals=4), torch.dist(U @ torch.diag_embed(S) @ V.mT, A - M) < 1e-4)\n"
    "torch.manual_seed(9)\nprint(torch.allclose(torch.svd_lowrank(A - M, q=4)[1], S, atol=1e-5))\n"
    "s = torch.tensor([[0., 2., 0.], [1., 0., 0.], [0., 0., 3.], [0., 4., 0.]]).to_sparse()\ntorch.manual_seed(2)\n"
    "U, S, V = torch.svd_lowrank(s, q=2)\nprint(S, U.abs().round(decimals=2), V.abs().round(decimals=2))\n"
    "print([t.shape for t in torch.svd_lowrank(torch.randn(5, 3), q=0)])",
    # pca_lowrank: centering, q's default, center=False, sparse input, errors
    "torch.manual_seed(1)\nX = torch.randn(50, 3) @ torch.tensor([[3., 0., 0.], [1., 1., 0.], [0., 0., 0.1]]) + 5\n"
    "torch.manual_seed(8)\nU, S, V = torch.pca_lowrank(X)\nprint(U.shape, S.shape, V.shape, (S ** 2 / 49).round(decimals=4))\n"
    "print(torch.allclose(S ** 2 / 49, torch.linalg.eigvalsh(torch.cov(X.T)).flip(0), rtol=1e-4))\n"
    "torch.manual_seed(8)\nprint(torch.pca_lowrank(X, q=2, center=False)[1].round(decimals=3))\n"
    "torch.manual_seed(8)\nprint(torch.pca_lowrank(X.to_sparse(), q=2)[1].round(decimals=3))\n"
    "for kwargs in ({'q': 4}, {'q': -1}, {'niter': -1}):\n    try:\n        torch.pca_lowrank(X, **kwargs)\n"
    "    except ValueError as e:\n        print('ValueError:', e)\n"
    "try:\n    torch.pca_lowrank(torch.randn(2, 4, 3).to_sparse(), q=2)\nexcept ValueError as e:\n    print('ValueError:', e)",
    # gradients flow through the randomized SVD (composed of differentiable ops)
    "torch.manual_seed(6)\nA = torch.randn(5, 4, dtype=torch.float64, requires_grad=True)\ntorch.manual_seed(0)\n"
    "U, S, V = torch.svd_lowrank(A, q=4)\n(S.sum() + U[0].sum() * V[1].sum()).backward()\nprint(A.grad.round(decimals=5))\n"
    "print(torch.svd_lowrank is torch.functional.svd_lowrank, torch.pca_lowrank is torch.functional.pca_lowrank)",
    # linearize: the jvp at the saved primals, with several primals and outputs; the tangents' checks
    "linearize = torch.func.linearize\nx = torch.tensor([[0.5, -1.0], [2.0, 0.0]], dtype=torch.float64)\n"
    "out, jvp_fn = linearize(lambda a, b: (a.sin() * b, a @ b), x, x.exp())\nprint(out)\n"
    "print(jvp_fn(torch.ones(2, 2, dtype=torch.float64), torch.eye(2, dtype=torch.float64)))\n"
    "print(jvp_fn(torch.zeros(2, 2, dtype=torch.float64), torch.ones(2, 2, dtype=torch.float64)))\n"
    "for bad in [(torch.ones(3, dtype=torch.float64), torch.ones(2, 2, dtype=torch.float64)),\n"
    "            (torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64))]:\n    try:\n        jvp_fn(*bad)\n"
    "    except RuntimeError as e:\n        print('RuntimeError:', e)\n"
    "out, jvp_fn = linearize(lambda v: {'sq': v ** 2, 'sum': v.sum()}, torch.tensor([1., 2., 3.]))\n"
    "print(out, jvp_fn(torch.tensor([1., 0., -1.])))\n"
    "w = torch.tensor([0.3, -0.2])\nvalue, fn = linearize(lambda v: (v * w).tanh(), torch.tensor([1., 2.]))\n"
    "print(value, fn(torch.tensor([1., 1.])))",
    # Tensor.broadcast_to: a size tuple, a Size, sizes as arguments, the keyword
    "x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x.broadcast_to((2, 3))\n"
    "print(y, x.broadcast_to(torch.Size([1, 3])).shape, x.broadcast_to(2, 3).shape, x.broadcast_to(size=(4, 3)).shape)\n"
    "y.sum().backward()\nprint(x.grad)\ntry:\n    x.broadcast_to((2, 2))\nexcept RuntimeError as e:\n    print('RuntimeError:', e)",
    # the conjugate bit: conj() sets it, views and detach keep it, results of ops, clone, resolve_conj, conj of
    # a conjugate and mH drop it
    "z = torch.tensor([1 + 2j, 3 - 1j])\nc = z.conj()\n"
    "print(c.is_conj(), c[0].is_conj(), c.clone().is_conj(), (c + 1).is_conj(), c.conj().is_conj(), c.resolve_conj().is_conj(),\n"
    "      c.view(2).is_conj(), c.detach().is_conj(), c.to(torch.complex128).is_conj(), torch.conj(torch.ones(2)).is_conj(),\n"
    "      z.conj_physical().is_conj(), c.contiguous().is_conj(), c.reshape(1, 2).is_conj(), c.unsqueeze(0).mH.is_conj(),\n"
    "      z.resolve_conj() is z, c.resolve_conj() is c, c.unsqueeze(0).T.is_conj(), c.real.is_conj(), torch.is_conj(c))\n"
    "print(c, c.resolve_conj(), c.conj(), c[1], c.flip(0).is_conj(), c.expand(2, 2).is_conj(), c.unsqueeze(0).mH)\n"
    "x = torch.tensor([1 + 1j], requires_grad=True)\ny = x.conj()\nprint(y.is_conj(), y.grad_fn.name())\n"
    "(y * torch.tensor([2 + 1j])).real.sum().backward()\nprint(x.grad)",
    # linalg.solve of complex matrices, its gradients, and the refusal of mixed dtypes
    "A = torch.tensor([[1 + 1j, 2], [0, 1 - 1j]])\nb = torch.tensor([1 + 0j, 1j])\nprint(torch.linalg.solve(A, b))\n"
    "A2 = torch.tensor([[2.0 + 0.5j, 1 - 1j, 0.3j], [0.2, 1.5 - 0.2j, 1j], [-1j, 0.4, 3.0]], dtype=torch.complex128, requires_grad=True)\n"
    "B2 = torch.tensor([[1.0 + 2j, -1], [0.5j, 2], [1, 1 - 1j]], dtype=torch.complex128, requires_grad=True)\n"
    "X = torch.linalg.solve(A2, B2)\n(X.abs() ** 2).sum().backward()\nprint(torch.view_as_real(A2.grad).round(decimals=5), torch.view_as_real(B2.grad).round(decimals=5))\n"
    "for a, b in ((A, torch.tensor([1.0, 2.0])), (A, b.to(torch.complex128)), (torch.eye(2), torch.tensor([1j, 2])),\n"
    "             (torch.eye(2), torch.ones(2, dtype=torch.float64))):\n    try:\n        torch.linalg.solve(a, b)\n"
    "    except RuntimeError as e:\n        print('RuntimeError:', e)",
    # linalg.eig / eigvals (complex results of real and complex matrices, PyTorch's gradient), eigh/eigvalsh of a
    # complex Hermitian matrix, eig's refusals
    "for A in (torch.tensor([[2., 1.], [-1., 3.]]), torch.tensor([[0., -1., 0.], [1., 0., 0.], [0., 0., 2.]], dtype=torch.float64),\n"
    "          torch.tensor([[1 + 1j, 2], [0.5j, -1]], dtype=torch.complex64)):\n    L, V = torch.linalg.eig(A)\n"
    "    print(L, V.abs().round(decimals=4), torch.linalg.eigvals(A).dtype, torch.dist(A.to(L.dtype) @ V, V * L).item() < 1e-5)\n"
    "print(torch.linalg.eig(torch.tensor([[4., 1.], [2., 3.]])).eigenvalues.real.round(decimals=4))\n"
    "for bad in (torch.tensor([[1, 1], [0, 1]]), torch.ones(2, 3), torch.tensor([[True]])):\n    try:\n        torch.linalg.eigvals(bad)\n"
    "    except RuntimeError as e:\n        print('RuntimeError:', e)\n"
    "A = torch.tensor([[2.0, 1.0, 0.5], [-1.0, 3.0, 0.2], [0.3, 0.1, 1.0]], dtype=torch.float64, requires_grad=True)\n"
    "L = torch.linalg.eigvals(A)\n(L.real.sum() + (L.abs() ** 2).sum()).backward()\nprint(A.grad)\n"
    "H = torch.tensor([[2.0, 1 - 1j], [1 + 1j, 3.0]], dtype=torch.complex128, requires_grad=True)\nw, Q = torch.linalg.eigh(H)\n"
    "print(w, (Q.abs() ** 2).round(decimals=6))\n(w * torch.tensor([1.0, 2.0], dtype=torch.float64)).sum().backward()\n"
    "print(torch.view_as_real(H.grad).round(decimals=6) + 0.0)\nprint(torch.linalg.eigvalsh(torch.tensor([[1.0, 2j], [-2j, 1.0]])))\n"
    "C = torch.tensor([[1 + 1j, 2], [0.5j, -1]], dtype=torch.complex128, requires_grad=True)\nL, V = torch.linalg.eig(C)\n"
    "(L.abs().sum() + (V.abs() ** 2)[0].sum()).backward()\nprint(C.grad)",
]


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
