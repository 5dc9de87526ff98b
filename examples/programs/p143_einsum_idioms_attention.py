# torch.einsum as the docs and the "einsum is all you need" posts use it: the docs examples (trace, diagonal,
# outer product, batch matmul, ellipsis, permute, bilinear), sublist format, multi-head attention written in
# einsum and checked against matmul/F.scaled_dot_product_attention and nn.MultiheadAttention's math, the
# gradient through einsum, torch.tensordot, and the errors for wrong subscripts.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# trace
print(torch.einsum('ii', torch.arange(9.0).view(3, 3)))
# diagonal
print(torch.einsum('ii->i', torch.arange(9.0).view(3, 3)))
# outer product
x = torch.arange(1.0, 6.0)
y = torch.arange(1.0, 5.0)
print(torch.einsum('i,j->ij', x, y))
# batch matrix multiplication
As = torch.randn(3, 2, 5)
Bs = torch.randn(3, 5, 4)
print(torch.einsum('bij,bjk->bik', As, Bs).shape, torch.allclose(torch.einsum('bij,bjk->bik', As, Bs), As @ Bs, atol=1e-6))
# with sublist format and ellipsis
print(torch.einsum(As, [..., 0, 1], Bs, [..., 1, 2], [..., 0, 2]).shape)
# batch permute
A = torch.randn(2, 3, 4, 5)
print(torch.einsum('...ij->...ji', A).shape)
# equivalent to torch.nn.functional.bilinear
A = torch.randn(3, 5, 4)
l = torch.randn(2, 5)
r = torch.randn(2, 4)
print(torch.einsum('bn,anm,bm->ba', l, A, r).shape,
      torch.allclose(torch.einsum('bn,anm,bm->ba', l, A, r), F.bilinear(l, r, A), atol=1e-5))

M = torch.arange(6.0).view(2, 3)
v = torch.tensor([1.0, 0.0, -1.0])
print(torch.einsum('ij->', M), torch.einsum('ij->j', M), torch.einsum('ij->ji', M))
print(torch.einsum('ij,j->i', M, v), torch.einsum('i,i->', v, v), torch.einsum('ij,ij->ij', M, M))
print(torch.einsum('ij, kj -> ik', M, M))
print(torch.tensordot(M, M, dims=([1], [1])))
print(torch.tensordot(torch.arange(24.0).view(2, 3, 4), torch.arange(12.0).view(3, 4), dims=2))


# multi-head attention with einsum
def attention_einsum(q, k, v, heads, mask=None):
    b, n, d = q.shape
    dh = d // heads
    q = q.view(b, n, heads, dh)
    k = k.view(b, -1, heads, dh)
    v = v.view(b, -1, heads, dh)
    scores = torch.einsum('bqhd,bkhd->bhqk', q, k) / math.sqrt(dh)
    if mask is not None:
        scores = scores.masked_fill(mask, float('-inf'))
    attn = scores.softmax(dim=-1)
    out = torch.einsum('bhqk,bkhd->bqhd', attn, v).reshape(b, n, d)
    return out, attn


def attention_matmul(q, k, v, heads, mask=None):
    b, n, d = q.shape
    dh = d // heads
    q, k, v = (t.view(b, -1, heads, dh).transpose(1, 2) for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(dh)
    if mask is not None:
        scores = scores.masked_fill(mask, float('-inf'))
    attn = scores.softmax(-1)
    return (attn @ v).transpose(1, 2).reshape(b, n, d), attn


b, n, d, h = 2, 5, 8, 2
q, k, v = (torch.randn(b, n, d) for _ in range(3))
causal = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
o1, a1 = attention_einsum(q, k, v, h, causal)
o2, a2 = attention_matmul(q, k, v, h, causal)
print(o1.shape, a1.shape, torch.allclose(o1, o2, atol=1e-5), torch.allclose(a1, a2, atol=1e-6))
print("rows sum to one:", torch.allclose(a1.sum(-1), torch.ones(b, h, n)))
print("causal zeros:", a1[0, 0, 0])
o3 = F.scaled_dot_product_attention(q.view(b, n, h, -1).transpose(1, 2), k.view(b, n, h, -1).transpose(1, 2),
                                    v.view(b, n, h, -1).transpose(1, 2), is_causal=True)
print("sdpa agrees:", torch.allclose(o3.transpose(1, 2).reshape(b, n, d), o1, atol=1e-5))

mha = nn.MultiheadAttention(d, h, batch_first=True, bias=False)
with torch.no_grad():
    ref, ref_w = mha(q, k, v, need_weights=True, average_attn_weights=False)
    wq, wk, wv = mha.in_proj_weight.chunk(3)
    mine, mine_w = attention_einsum(torch.einsum('bnd,ed->bne', q, wq), torch.einsum('bnd,ed->bne', k, wk),
                                    torch.einsum('bnd,ed->bne', v, wv), h)
    mine = torch.einsum('bnd,ed->bne', mine, mha.out_proj.weight)
print("nn.MultiheadAttention agrees:", torch.allclose(ref, mine, atol=1e-5), torch.allclose(ref_w, mine_w, atol=1e-5))

# gradients through einsum
W = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
X = torch.tensor([[1.0, -1.0], [0.5, 2.0]], requires_grad=True)
out = torch.einsum('ij,jk->ik', X, W)
print(out, out.grad_fn is not None)
out.pow(2).sum().backward()
print(W.grad)
print(X.grad)
t = torch.randn(3, 3, dtype=torch.double, requires_grad=True)
print(torch.autograd.gradcheck(lambda m: torch.einsum('ij,jk,kl->il', m, m, m), (t,)))
print(torch.autograd.gradcheck(lambda m: torch.einsum('ii->i', m), (t,)))

for eq, ops in [('ij,jk->ik', (torch.ones(2, 3), torch.ones(4, 5))), ('ij->k', (torch.ones(2, 3),)),
                ('ijk->ij', (torch.ones(2, 3),))]:
    try:
        torch.einsum(eq, *ops)
    except RuntimeError as e:
        print("RuntimeError:", e)
