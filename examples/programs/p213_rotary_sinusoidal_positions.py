# Position encodings as "The Annotated Transformer" (sinusoidal table, register_buffer) and RoFormer / Meta's
# LLaMA reference code (rotary embeddings: precompute_freqs_cis with torch.polar, apply_rotary_emb with
# view_as_complex / view_as_real) write them, plus the real-valued rotate_half form used by GPT-NeoX / Hugging
# Face, checked to agree; the properties that make RoPE relative (q.k depends on m - n only), learned absolute
# positions, ALiBi's linear bias slopes, and a tiny causal attention model that must copy the token k steps back.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * -(math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0)
        self.register_buffer("pe", pe)

    def forward(self, x):
        x = x + self.pe[:, : x.size(1)].requires_grad_(False)
        return self.dropout(x)


pos = PositionalEncoding(8, 0.0, max_len=50)
print(pos.pe[0, :3])
print("buffers:", [name for name, _ in pos.named_buffers()], "parameters:", len(list(pos.parameters())))
# a fixed offset is a rotation of each (sin, cos) pair: PE[p + k] = R_k PE[p]
pe = pos.pe[0]
print("dot products depend on the offset only:", torch.allclose(pe[3] @ pe[7], pe[20] @ pe[24], atol=1e-5))


def precompute_freqs_cis(dim: int, end: int, theta: float = 10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
    t = torch.arange(end, device=freqs.device)
    freqs = torch.outer(t, freqs).float()
    freqs_cis = torch.polar(torch.ones_like(freqs), freqs)  # complex64
    return freqs_cis


def reshape_for_broadcast(freqs_cis, x):
    ndim = x.ndim
    assert 0 <= 1 < ndim
    assert freqs_cis.shape == (x.shape[1], x.shape[-1])
    shape = [d if i == 1 or i == ndim - 1 else 1 for i, d in enumerate(x.shape)]
    return freqs_cis.view(*shape)


def apply_rotary_emb(xq, xk, freqs_cis):
    xq_ = torch.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))
    xk_ = torch.view_as_complex(xk.float().reshape(*xk.shape[:-1], -1, 2))
    freqs_cis = reshape_for_broadcast(freqs_cis, xq_)
    xq_out = torch.view_as_real(xq_ * freqs_cis).flatten(3)
    xk_out = torch.view_as_real(xk_ * freqs_cis).flatten(3)
    return xq_out.type_as(xq), xk_out.type_as(xk)


freqs_cis = precompute_freqs_cis(8, 16)
print(freqs_cis.dtype, freqs_cis.shape)
print(freqs_cis[1])
print(freqs_cis.abs().min().item(), freqs_cis.angle()[2])

bsz, seqlen, heads, hd = 2, 6, 2, 8
xq = torch.randn(bsz, seqlen, heads, hd)
xk = torch.randn(bsz, seqlen, heads, hd)
q_rot, k_rot = apply_rotary_emb(xq, xk, freqs_cis[:seqlen])
print(q_rot.shape, q_rot.dtype)
print("norms kept:", torch.allclose(q_rot.norm(dim=-1), xq.norm(dim=-1), atol=1e-5))


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_half(x, cos, sin):
    return x * cos + rotate_half(x) * sin


# the Hugging Face layout: pairs are (i, i + d/2) instead of (2i, 2i + 1); permuting the features makes them equal
inv_freq = 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))
angles = torch.outer(torch.arange(seqlen).float(), inv_freq)
emb = torch.cat((angles, angles), dim=-1)
cos, sin = emb.cos()[None, :, None, :], emb.sin()[None, :, None, :]
perm = torch.cat([torch.arange(0, hd, 2), torch.arange(1, hd, 2)])
hf = apply_rotary_half(xq[..., perm], cos, sin)
print("interleaved and half-rotation forms agree:", torch.allclose(hf, q_rot[..., perm], atol=1e-5))

# relative: <R_m q, R_n k> depends only on m - n
q1, k1 = torch.randn(1, 1, 1, hd).expand(1, 16, 1, hd), torch.randn(1, 1, 1, hd).expand(1, 16, 1, hd)
qr, kr = apply_rotary_emb(q1, k1, freqs_cis)
scores = (qr[0, :, 0] @ kr[0, :, 0].T)
print("score(5, 2) == score(12, 9):", torch.allclose(scores[5, 2], scores[12, 9], atol=1e-5),
      "score(0, 0) == q.k:", torch.allclose(scores[0, 0], q1[0, 0, 0] @ k1[0, 0, 0], atol=1e-5))

# gradients flow through view_as_complex / polar
xq.requires_grad_(True)
q_rot, _ = apply_rotary_emb(xq, xk, freqs_cis[:seqlen])
(q_rot ** 2).sum().backward()
print("d|Rq|^2/dq == 2q:", torch.allclose(xq.grad, 2 * xq.detach(), atol=1e-5))
theta = torch.tensor([0.3, 1.2], requires_grad=True)
z = torch.polar(torch.tensor([2.0, 0.5]), theta)
torch.view_as_real(z)[:, 1].sum().backward()
print("d Im(r e^{i theta}) / d theta:", theta.grad, (torch.tensor([2.0, 0.5]) * theta.detach().cos()))


def alibi_slopes(n_heads):
    start = 2 ** (-(2 ** -(math.log2(n_heads) - 3)))
    return torch.tensor([start * start ** i for i in range(n_heads)])


slopes = alibi_slopes(4)
print("ALiBi slopes:", slopes)
rel = torch.arange(5)[None, :] - torch.arange(5)[:, None]
print((slopes[:, None, None] * rel.clamp(max=0))[1])


class TinyAttention(nn.Module):
    def __init__(self, vocab, dim, heads, kind, max_len=64):
        super().__init__()
        self.heads, self.hd, self.kind = heads, dim // heads, kind
        self.embed = nn.Embedding(vocab, dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, vocab)
        if kind == "learned":
            self.pos = nn.Embedding(max_len, dim)
        self.register_buffer("freqs_cis", precompute_freqs_cis(self.hd, max_len), persistent=False)

    def forward(self, tokens):
        B, T = tokens.shape
        x = self.embed(tokens)
        if self.kind == "learned":
            x = x + self.pos(torch.arange(T))
        q, k, v = self.qkv(x).view(B, T, 3, self.heads, self.hd).unbind(2)
        if self.kind == "rope":
            q, k = apply_rotary_emb(q, k, self.freqs_cis[:T])
        y = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), is_causal=True)
        return self.out(y.transpose(1, 2).reshape(B, T, -1))


K = 3
g = torch.Generator().manual_seed(1)
for kind in ("none", "learned", "rope"):
    torch.manual_seed(2)
    model = TinyAttention(10, 32, 2, kind)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for step in range(150):
        tokens = torch.randint(0, 10, (16, 20), generator=g)
        logits = model(tokens)[:, K:]
        loss = F.cross_entropy(logits.reshape(-1, 10), tokens[:, :-K].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        tokens = torch.randint(0, 10, (64, 20), generator=g)
        acc = (model(tokens)[:, K:].argmax(-1) == tokens[:, :-K]).float().mean().item()
    print(f"copy the token {K} back, positions '{kind}': loss {loss.item():.4f} accuracy {acc:.3f}")
