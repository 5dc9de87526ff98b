# The torch.sparse docs page as tutorials walk through it: a COO tensor from indices and values, uncoalesced
# duplicates and coalesce(), to_dense / to_sparse, nnz and sparse_dim, sparse + sparse, scalar multiplication,
# torch.sparse.mm with gradients flowing to the dense operand, torch.sparse.sum, CSR from to_sparse_csr with
# crow_indices / col_indices, and a PageRank power iteration on a sparse link matrix.
import torch

i = torch.tensor([[0, 1, 1], [2, 0, 2]])
v = torch.tensor([3.0, 4.0, 5.0])
s = torch.sparse_coo_tensor(i, v, (2, 3))
print(s)
print(s.to_dense())
print("layout", s.layout, "is_sparse", s.is_sparse, "nnz", s._nnz(), "sparse_dim", s.sparse_dim(),
      "dense_dim", s.dense_dim())

dup = torch.sparse_coo_tensor(torch.tensor([[1, 1]]), torch.tensor([3.0, 4.0]), (3,))
print("coalesced?", dup.is_coalesced())
c = dup.coalesce()
print(c.indices(), c.values(), c.is_coalesced())

d = torch.tensor([[0.0, 2.0, 0.0], [1.0, 0.0, 0.0]])
sd = d.to_sparse()
print(sd.indices())
print(sd.values())
print((s + sd).to_dense())
print((s * 2).coalesce().values())
print("sparse.sum", torch.sparse.sum(s), torch.sparse.sum(s, dim=1).to_dense())

W = torch.randn(3, 4, requires_grad=True)
out = torch.sparse.mm(s, W)
print("sparse.mm", out.shape, out.requires_grad)
out.sum().backward()
print(W.grad)
print(torch.allclose(out, s.to_dense() @ W))

csr = d.to_sparse_csr()
print(csr.layout, csr.crow_indices(), csr.col_indices(), csr.values())
print(csr.to_dense())

links = {0: [1, 2], 1: [2], 2: [0], 3: [0, 2]}
n = 4
rows, cols, vals = [], [], []
for src, dsts in links.items():
    for dst in dsts:
        rows.append(dst)
        cols.append(src)
        vals.append(1.0 / len(dsts))
M = torch.sparse_coo_tensor(torch.tensor([rows, cols]), torch.tensor(vals), (n, n)).coalesce()
print("link matrix column sums", torch.sparse.sum(M, dim=0).to_dense())
damping = 0.85
rank = torch.full((n, 1), 1.0 / n)
for it in range(50):
    new_rank = damping * torch.sparse.mm(M, rank) + (1 - damping) / n
    delta = (new_rank - rank).abs().sum().item()
    rank = new_rank
    if delta < 1e-6:
        break
print("iterations", it + 1)
print("pagerank", rank.view(-1).round(decimals=4), "sum %.4f" % rank.sum().item())
print("order", torch.argsort(rank.view(-1), descending=True).tolist())
