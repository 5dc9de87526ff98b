# The torch.sparse docs page as its examples use it: COO tensors from indices and values, coalesce and
# duplicate entries, to_dense / to_sparse, CSR tensors (crow_indices, col_indices), torch.sparse.mm with a
# gradient, torch.sparse.sum, a sparse adjacency in a two-layer GCN (pytorch/examples gcn style), and
# nn.Embedding(sparse=True) trained with optim.SparseAdam.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

i = [[0, 1, 1], [2, 0, 2]]
v = [3, 4, 5]
s = torch.sparse_coo_tensor(i, v, (2, 3))
print(s)
print(s.to_dense())
print("layout:", s.layout, "nnz:", s._nnz(), "is_sparse:", s.is_sparse)

# uncoalesced tensors may hold duplicate indices; coalesce sums them
d = torch.sparse_coo_tensor([[1, 1]], [3.0, 4.0], (3,))
print("coalesced:", d.is_coalesced())
c = d.coalesce()
print("after coalesce:", c.indices().tolist(), c.values().tolist(), c.is_coalesced())

dense = torch.tensor([[0.0, 2.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 3.0]])
sp = dense.to_sparse()
print("to_sparse indices:", sp.indices().tolist())
csr = dense.to_sparse_csr()
print("crow:", csr.crow_indices().tolist(), "col:", csr.col_indices().tolist(), "values:", csr.values().tolist())
print("csr @ vector:", csr.matmul(torch.tensor([1.0, 2.0, 3.0])))
print("sparse sum:", torch.sparse.sum(sp).item(), "dim 0:", torch.sparse.sum(sp, dim=0).to_dense())
print("elementwise mul:", (sp * 2).to_dense()[0])

# sparse @ dense with gradient flowing to the dense side and to the sparse values
a = torch.randn(4, 5).relu().to_sparse().requires_grad_(True)
b = torch.randn(5, 3, requires_grad=True)
y = torch.sparse.mm(a, b)
y.sum().backward()
print("sparse.mm result:", tuple(y.shape), y.grad_fn.name())
print("b.grad matches:", torch.allclose(b.grad, a.detach().to_dense().sum(0, keepdim=True).t().expand(5, 3)))
print("a.grad layout:", a.grad.layout)

# a GCN on a random graph with a normalised sparse adjacency
N, feats, classes = 30, 8, 3
labels = torch.randint(0, classes, (N,))
X = torch.randn(N, feats) + F.one_hot(labels, feats).float() * 2
src, dst = torch.randint(0, N, (300,)), torch.randint(0, N, (300,))
keep = (labels[src] == labels[dst]) | (torch.rand(300) < 0.05)
edges = torch.stack([src[keep], dst[keep]])
edges = torch.cat([edges, edges.flip(0), torch.arange(N).repeat(2, 1)], dim=1)
adj = torch.sparse_coo_tensor(edges, torch.ones(edges.size(1)), (N, N)).coalesce()
adj = torch.sparse_coo_tensor(adj.indices(), torch.ones_like(adj.values()), (N, N)).coalesce()
deg = torch.sparse.sum(adj, dim=1).to_dense()
norm = deg.pow(-0.5)
vals = norm[adj.indices()[0]] * adj.values() * norm[adj.indices()[1]]
A = torch.sparse_coo_tensor(adj.indices(), vals, (N, N))
print("adjacency:", A.shape, "degree min:", int(deg.min().item()) >= 1)


class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2 = nn.Linear(feats, 16), nn.Linear(16, classes)

    def forward(self, x, adj):
        x = F.relu(torch.sparse.mm(adj, self.l1(x)))
        x = F.dropout(x, 0.5, self.training)
        return F.log_softmax(torch.sparse.mm(adj, self.l2(x)), dim=1)


model = GCN()
opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
for epoch in range(60):
    model.train()
    opt.zero_grad()
    loss = F.nll_loss(model(X, A), labels)
    loss.backward()
    opt.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")
model.eval()
acc = (model(X, A).argmax(1) == labels).float().mean().item()
print("train accuracy > 0.5:", acc > 0.5)

# sparse gradients for embeddings
emb = nn.Embedding(100, 4, sparse=True)
opt = torch.optim.SparseAdam(emb.parameters(), lr=0.1)
idx = torch.tensor([1, 5, 5, 42])
loss = emb(idx).pow(2).sum()
loss.backward()
print("embedding grad layout:", emb.weight.grad.layout, "nnz rows:", emb.weight.grad.coalesce()._nnz())
before = emb.weight[7].clone()
opt.step()
print("untouched row unchanged:", torch.equal(before, emb.weight[7]))
try:
    torch.optim.Adam(emb.parameters()).step()
except RuntimeError as e:
    print("RuntimeError:", str(e)[:60])
