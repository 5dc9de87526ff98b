"""Record what PyTorch prints for sparse tensors (``record()``, section 'sparse'): construction, printing,
coalescing, conversions, COO and CSR accessors, the products and reductions of ``torch.sparse``, autograd (the
gradient of a sparse leaf: sparse after ``sparse.mm``/``sparse.sum``/``to_dense``, dense after ``mm``/``@``), and the
errors PyTorch raises for what sparse tensors do not support; and the registry samples of
tests/op_registry_sparse.py. Writes ``tests/reference/torch_sparse.json``: {snippet: printed text}; an exception
prints as ``TypeName: message``. tests/test_sparse.py runs each snippet with gradlib in place of torch and compares
the text (``torch.`` read as ``gradlib.``).
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_sparse.json"

_S = "i = torch.tensor([[0, 1, 1, 0], [2, 0, 2, 2]])\nv = torch.tensor([3., 4., 5., 6.])\n" \
     "s = torch.sparse_coo_tensor(i, v, (3, 3))\n"

SNIPPETS = [
    # construction and printing
    _S + "print(s)\nprint(s.is_coalesced(), s._nnz(), s.layout, s.is_sparse, s.is_sparse_csr, s.dtype, s.shape)\n"
         "print(s.size(), s.dim(), s.sparse_dim(), s.dense_dim(), s.numel(), s.requires_grad, s.is_leaf, s.grad_fn)",
    _S + "print(s._indices(), s._values())\nprint(s.element_size(), len(s))",
    _S + "c = s.coalesce()\nprint(c)\nprint(c.indices(), c.values(), c.is_coalesced(), c.coalesce() is c)",
    _S + "print(s.to_dense())\nprint(s.coalesce().to_dense())",
    "print(torch.sparse_coo_tensor([[0, 1], [1, 0]], [1, 2], (2, 2)))",
    "print(torch.sparse_coo_tensor([[0, 1], [1, 0]], [1., 2.], (2, 2), dtype=torch.float64))",
    "print(torch.sparse_coo_tensor(torch.tensor([[0, 2, 1]]), torch.tensor([1., 2., 3.])))",
    "print(torch.sparse_coo_tensor(torch.zeros(2, 0, dtype=torch.long), torch.zeros(0), (2, 2)))",
    "print(torch.sparse_coo_tensor([[0]], [1.], (2,)).is_coalesced(), "
    "torch.sparse_coo_tensor([[0, 0]], [1., 2.], (2,)).is_coalesced())",
    "h = torch.sparse_coo_tensor([[0, 2], [1, 1]], torch.tensor([[1., 2.], [3., 4.]]), (3, 2, 2))\nprint(h)\n"
    "print(h.to_dense(), h.sparse_dim(), h.dense_dim())",
    _S + "v[0] = 100.\nprint(s._values())",
    # conversions
    "d = torch.tensor([[0., 1.], [2., 0.]])\nsp = d.to_sparse()\nprint(sp, sp.is_coalesced())\n"
    "print(d.to_sparse().to_dense(), d.layout, d.is_sparse, d.to_dense() is d)",
    "print(torch.tensor([[1., 0.], [0., 2.]]).to_sparse(1))",
    "print(torch.zeros(2, 2).to_sparse())\nprint(torch.tensor([1., 0., 3.]).to_sparse())",
    _S + "print(s.t())\nprint(s.t().is_coalesced(), s.coalesce().t().is_coalesced())",
    _S + "print(s.double())\nprint(s.long())\nprint(s.to(torch.float64).dtype, s.half().dtype)",
    _S + "print(s.clone())\nprint(s.detach())",
    # CSR
    _S + "c = s.to_sparse_csr()\nprint(c)\nprint(c.crow_indices(), c.col_indices(), c.values(), c._nnz())\n"
         "print(c.layout, c.is_sparse, c.is_sparse_csr, c.to_dense())",
    "c = torch.tensor([[0., 2.], [3., 4.]]).to_sparse_csr()\nprint(c)\nprint(c.to_sparse())\n"
    "print(c @ torch.ones(2, 1))",
    "c = torch.sparse_csr_tensor(torch.tensor([0, 2, 3]), torch.tensor([0, 1, 1]), torch.tensor([1., 2., 3.]), "
    "(2, 2))\nprint(c)\nprint(c.to_dense())",
    "print(torch.ones(2, 3).to_sparse_csr())",
    # arithmetic
    _S + "print(s * 2)\nprint(s / 2)\nprint(-s)",
    _S + "print(s + s)\nprint(torch.ones(3, 3) + s)\nprint(torch.ones(3, 3) - s)",
    "a = torch.sparse_coo_tensor([[0, 1], [1, 0]], [1., 2.], (2, 2))\n"
    "b = torch.sparse_coo_tensor([[1, 0], [1, 0]], [3., 4.], (2, 2))\nprint(a + b)\nprint(a.coalesce() + b.coalesce())",
    _S + "print(s.abs())\nprint(s.sqrt())\nprint(s.pow(2))",
    _S + "print(s * torch.ones(3, 3))\nprint(torch.full((3, 3), 2.) * s)",
    # products
    _S + "x = torch.ones(3, 2)\nprint(torch.sparse.mm(s, x))\nprint(torch.spmm(s, x))\nprint(s @ x)\n"
         "print(torch.mm(s, x))\nprint(torch.matmul(s, x))\nprint(s.matmul(x))",
    _S + "print(s @ torch.ones(3))\nprint(torch.ones(2, 3) @ s)\nprint(torch.mm(torch.ones(2, 3), s))\n"
         "print(torch.sparse.mm(torch.ones(2, 3), s))",
    "print(torch.sparse.mm(torch.ones(2, 3), torch.ones(3, 2)))\nprint(torch.spmm(torch.ones(2, 3), torch.ones(3, 2)))",
    "print(torch.sparse.addmm(torch.ones(2, 1), torch.eye(2).to_sparse(), torch.ones(2, 1)))",
    # reductions
    _S + "print(torch.sparse.sum(s))\nprint(torch.sparse.sum(s, dim=0))\nprint(torch.sparse.sum(s, dim=1))\n"
         "print(torch.sparse.sum(s, (0, 1)))\nprint(torch.sparse.sum(s, -1))\nprint(s.sum())",
    "h = torch.sparse_coo_tensor([[0, 1, 1, 0], [2, 0, 2, 2]], torch.ones(4, 2), (3, 3, 2))\n"
    "print(torch.sparse.sum(h, 2))\nprint(torch.sparse.sum(h, (0, 1)))",
    _S + "print(torch.sparse.softmax(s, 1))\nprint(torch.sparse.softmax(s, 0))\nprint(torch.sparse.log_softmax(s, 1))",
    _S + "print(torch.sparse.softmax(s, 1).to_dense())\nprint(torch.sparse.softmax(s, -1, dtype=torch.float64))",
    # autograd
    _S + "S = torch.sparse_coo_tensor(i, v, (3, 3), requires_grad=True)\nprint(S)\nx = torch.ones(3, 2, "
         "requires_grad=True)\ny = torch.sparse.mm(S, x)\nprint(y)\ny.sum().backward()\nprint(S.grad)\nprint(x.grad)",
    _S + "S = torch.sparse_coo_tensor(i, v, (3, 3), requires_grad=True)\ny = S @ torch.ones(3, 2)\nprint(y)\n"
         "y.sum().backward()\nprint(S.grad)",
    _S + "S = torch.sparse_coo_tensor(i, v, (3, 3), requires_grad=True)\ntorch.sparse.sum(S).backward()\n"
         "print(S.grad)\nL = torch.sparse_coo_tensor(i, v, (3, 3), requires_grad=True)\n"
         "(L.to_dense() * torch.arange(9.).view(3, 3)).sum().backward()\nprint(L.grad)",
    _S + "w = torch.tensor([3., 4., 5., 6.], requires_grad=True)\nW = torch.sparse_coo_tensor(i, w, (3, 3))\n"
         "print(W)\nprint(W.is_leaf, W.requires_grad)\ntorch.sparse.mm(W, torch.ones(3, 2)).sum().backward()\n"
         "print(w.grad)\nw.grad = None\n(torch.sparse_coo_tensor(i, w, (3, 3)) @ torch.ones(3, 2)).sum().backward()\n"
         "print(w.grad)",
    _S + "w = torch.tensor([3., 4., 5., 6.], requires_grad=True)\nc = torch.sparse_coo_tensor(i, w, (3, 3)).coalesce()\n"
         "print(c.grad_fn.name(), torch.sparse.mm(c, torch.ones(3, 2)).grad_fn.name(), "
         "(c @ torch.ones(3, 2)).grad_fn.name())\nprint(torch.sparse.softmax(c, 1).grad_fn.name(), "
         "c.to_dense().grad_fn.name(), torch.sparse.sum(c).grad_fn.name())",
    "d = torch.tensor([[0., 1.], [2., 0.]], requires_grad=True)\nsp = d.to_sparse()\nprint(sp)\n"
    "torch.sparse.sum(sp).backward()\nprint(d.grad)",
    "d = torch.tensor([[0., 1.], [2., 3.]], requires_grad=True)\nsm = torch.sparse.softmax(d.to_sparse(), 1)\n"
    "(sm.to_dense() * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()\nprint(d.grad)",
    "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\nadj = torch.tensor([[0., 1.], [1., 1.]]).to_sparse()\n"
    "adj.requires_grad_()\nout = torch.sparse.mm(adj, x)\nout.sum().backward()\nprint(adj.grad)\nprint(x.grad)\n"
    "print(adj.is_leaf, adj.requires_grad)",
    # errors
    _S + "s.indices()",
    _S + "s.values()",
    _S + "s.reshape(9)",
    _S + "s.numpy()",
    _S + "s + torch.ones(3, 3)",
    _S + "s.contiguous()",
    _S + "s.tolist()",
    _S + "s.storage()",
    _S + "s.to_dense(torch.float64)",
    _S + "torch.sparse.mm(s, torch.ones(2, 2))",
    _S + "torch.sparse.mm(s, torch.ones(3, 2, dtype=torch.float64))",
    _S + "s @ torch.ones(2, 3, 2)",
    _S + "torch.sparse.softmax(s, 2)",
    "torch.sparse.sum(torch.ones(2))",
    "torch.ones(3, 3).is_coalesced()",
    "torch.ones(3, 3).indices()",
    "torch.ones(3, 3).values()",
    "torch.ones(3, 3).coalesce()",
    "i = torch.tensor([[0, 1, 1, 0], [2, 0, 2, 2]])\ntorch.sparse_coo_tensor(i, torch.ones(3), (3, 3))",
    "i = torch.tensor([[0, 1, 1, 0], [2, 0, 2, 2]])\ntorch.sparse_coo_tensor(i[0], torch.ones(4), (3, 3))",
    "i = torch.tensor([[0, 1, 1, 0], [2, 0, 2, 2]])\ntorch.sparse_coo_tensor(i, torch.ones(4), (3, 3, 3))",
    "torch.sparse_coo_tensor([[0, 1]], [1, 2], (2,), requires_grad=True)",
]


def record_edge_corpus(torch):
    """The edge-corpus calls of the sparse registry samples (``registry/<sample>/<edge>`` of tests/edge_corpus.py),
    in ``torch_edge_corpus_sparse.json`` (a file of their own, as progs6b.py does)."""
    import json
    import warnings
    from edge_corpus import CASES, run_case
    from op_registry_sparse import SAMPLES
    prefixes = tuple(f"registry/{sample.name}/" for sample in SAMPLES)
    outcomes = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in CASES:
            if case.name.startswith(prefixes):
                torch.manual_seed(0)
                outcomes[case.name] = run_case(torch, case)
    (HERE / "torch_edge_corpus_sparse.json").write_text(json.dumps(outcomes, sort_keys=True, indent=0) + "\n")
    print(f"recorded {len(outcomes)} edge-corpus calls of the sparse samples")


def record():
    import torch
    from record_torch_shared import record_registry_topic, record_snippets
    record_registry_topic(torch, "sparse", grad_fn_names=True)
    record_edge_corpus(torch)
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
