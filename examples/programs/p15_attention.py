# Scaled dot-product attention by hand, with a causal mask, checked against F.scaled_dot_product_attention
# and nn.MultiheadAttention.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(mask == 0, float("-inf"))
    weights = F.softmax(scores, dim=-1)
    return weights @ v, weights


batch, heads, length, dim = 2, 2, 4, 3
base = torch.arange(batch * heads * length * dim, dtype=torch.float32)
q = torch.sin(base).reshape(batch, heads, length, dim)
k = torch.cos(base * 0.5).reshape(batch, heads, length, dim)
v = torch.sin(base * 0.3 + 1).reshape(batch, heads, length, dim)
causal = torch.tril(torch.ones(length, length))
out, weights = attention(q, k, v, causal)
print("weights of head 0:\n", weights[0, 0])
print("rows sum to one:", torch.allclose(weights.sum(-1), torch.ones(batch, heads, length)))
print("output:", out.shape)

fused = F.scaled_dot_product_attention(q, k, v, is_causal=True)
print("matches scaled_dot_product_attention:", torch.allclose(out, fused, atol=1e-6))

q.requires_grad_(True)
out, _ = attention(q, k, v, causal)
out.sum().backward()
print("grad of q[0, 0]:\n", q.grad[0, 0])

torch.manual_seed(0)
mha = nn.MultiheadAttention(embed_dim=6, num_heads=2, batch_first=True)
x = torch.linspace(-1, 1, 2 * 5 * 6).reshape(2, 5, 6)
y, attn = mha(x, x, x)
print("MultiheadAttention:", y.shape, attn.shape)
print("averaged weights sum to one:", torch.allclose(attn.sum(-1), torch.ones(2, 5)))
