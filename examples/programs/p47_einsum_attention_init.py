# Multi-head self-attention written with einsum, nn.init schemes, register_hook on activations, named_parameters,
# clip_grad_norm_ and inference_mode.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SelfAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.to_qkv = nn.Linear(dim, dim * 3, bias=False)
        self.to_out = nn.Linear(dim, dim)
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.xavier_uniform_(self.to_qkv.weight)
        nn.init.kaiming_normal_(self.to_out.weight, mode="fan_out", nonlinearity="relu")
        nn.init.zeros_(self.to_out.bias)

    def forward(self, x, mask=None):
        b, n, d = x.shape
        qkv = self.to_qkv(x).chunk(3, dim=-1)
        q, k, v = [t.reshape(b, n, self.heads, d // self.heads).transpose(1, 2) for t in qkv]
        dots = torch.einsum("bhid,bhjd->bhij", q, k) * self.scale
        if mask is not None:
            dots = dots.masked_fill(~mask, float("-inf"))
        attn = dots.softmax(dim=-1)
        self.last_attention = attn
        out = torch.einsum("bhij,bhjd->bhid", attn, v)
        out = out.transpose(1, 2).reshape(b, n, d)
        return self.to_out(out)


torch.manual_seed(0)
layer = SelfAttention(8, 2)
for name, param in layer.named_parameters():
    print(name, tuple(param.shape), param.requires_grad)
bound = math.sqrt(6 / (8 + 24))
print(layer.to_qkv.weight.abs().max().item() <= bound, layer.to_out.bias)

x = torch.randn(2, 4, 8)
causal = torch.tril(torch.ones(4, 4, dtype=torch.bool))
y = layer(x, causal)
print(y.shape, torch.allclose(layer.last_attention.sum(-1), torch.ones(2, 2, 4)))
print(layer.last_attention[0, 0].triu(1).abs().sum())

q = k = v = torch.arange(24.).reshape(1, 2, 3, 4) / 10
manual = torch.einsum("bhij,bhjd->bhid", torch.softmax(torch.einsum("bhid,bhjd->bhij", q, k) / 2.0, -1), v)
print(torch.allclose(manual, F.scaled_dot_product_attention(q, k, v)), manual[0, 1])
print(torch.einsum("ii", torch.eye(3) * 2), torch.einsum("i,j->ij", torch.tensor([1., 2.]), torch.tensor([3., 4.])))
print(torch.einsum("...ij,...jk->...ik", torch.ones(2, 2, 3), torch.ones(3, 1)).shape,
      torch.einsum("bi,bi->b", torch.ones(2, 3), torch.arange(6.).view(2, 3)))

grads = {}


def save_grad(name):
    def hook(grad):
        grads[name] = grad
    return hook


x = torch.randn(2, 4, 8, requires_grad=True)
y = layer(x)
y.register_hook(save_grad("y"))
h = x.register_hook(lambda g: g * 2)
y.pow(2).mean().backward()
print(grads["y"].shape, torch.allclose(grads["y"], 2 * y.detach() / y.numel()))
h.remove()

total_norm = nn.utils.clip_grad_norm_(layer.parameters(), max_norm=0.01)
clipped = torch.sqrt(sum(p.grad.pow(2).sum() for p in layer.parameters()))
print(total_norm.dim(), clipped.item() <= 0.0101)
nn.utils.clip_grad_value_(layer.parameters(), clip_value=0.001)
print(max(p.grad.abs().max().item() for p in layer.parameters()) <= 0.001)

w = torch.empty(3, 5)
nn.init.constant_(w, 0.3)
print(w[0])
nn.init.eye_(w)
print(w)
nn.init.dirac_(torch.empty(2, 2, 3))
print(nn.init.calculate_gain("leaky_relu", 0.2), nn.init.calculate_gain("tanh"), nn.init.calculate_gain("relu"))
o = nn.init.orthogonal_(torch.empty(4, 4))
print(torch.allclose(o @ o.T, torch.eye(4), atol=1e-5))
t = nn.init.trunc_normal_(torch.empty(1000), std=1.0, a=-2.0, b=2.0)
print(t.min().item() >= -2.0, t.max().item() <= 2.0)
u = nn.init.uniform_(torch.empty(100), a=-0.1, b=0.1)
print(u.abs().max().item() <= 0.1, nn.init.ones_(torch.empty(2)))

with torch.inference_mode():
    z = layer(torch.ones(1, 2, 8))
print(z.requires_grad, z.is_inference(), torch.is_inference_mode_enabled())
with torch.no_grad():
    z2 = layer(torch.ones(1, 2, 8))
print(z2.requires_grad, z2.is_inference(), torch.allclose(z, z2))


@torch.inference_mode()
def predict(inp):
    return layer(inp).argmax(-1)


print(predict(torch.ones(1, 2, 8)).shape)
