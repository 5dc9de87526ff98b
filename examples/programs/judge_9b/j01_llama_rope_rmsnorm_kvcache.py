# "Coding LLaMA 2 from scratch" (Umar Jamil's course video/notebook, after Meta's llama/model.py), tiny config:
# RMSNorm, rotary position embeddings with precompute_theta_pos_frequencies (torch.polar, view_as_complex),
# grouped-query attention with repeat_kv, a SwiGLU feed-forward, a KV cache filled one token at a time and
# checked against the full causal forward, then a few training steps and greedy generation.
import math
from dataclasses import dataclass
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

@dataclass
class ModelArgs:
    dim: int = 32
    n_layers: int = 2
    n_heads: int = 4
    n_kv_heads: int = 2
    vocab_size: int = 20
    norm_eps: float = 1e-5
    max_seq_len: int = 16

class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

def precompute_theta_pos_frequencies(head_dim, seq_len, theta=10000.0):
    theta = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
    freqs = torch.outer(torch.arange(seq_len), theta).float()
    return torch.polar(torch.ones_like(freqs), freqs)

def apply_rotary_embeddings(x, freqs_complex):
    x_complex = torch.view_as_complex(x.float().reshape(*x.shape[:-1], -1, 2))
    x_out = torch.view_as_real(x_complex * freqs_complex.unsqueeze(0).unsqueeze(2)).reshape(*x.shape)
    return x_out.type_as(x)

def repeat_kv(x, n_rep):
    b, s, n_kv, d = x.shape
    return x[:, :, :, None, :].expand(b, s, n_kv, n_rep, d).reshape(b, s, n_kv * n_rep, d)

class SelfAttention(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.n_kv, self.n_q = args.n_kv_heads, args.n_heads
        self.n_rep, self.head_dim = self.n_q // self.n_kv, args.dim // args.n_heads
        self.wq = nn.Linear(args.dim, args.n_heads * self.head_dim, bias=False)
        self.wk = nn.Linear(args.dim, self.n_kv * self.head_dim, bias=False)
        self.wv = nn.Linear(args.dim, self.n_kv * self.head_dim, bias=False)
        self.wo = nn.Linear(args.n_heads * self.head_dim, args.dim, bias=False)
        self.cache_k = self.cache_v = None

    def forward(self, x, start_pos, freqs_complex, use_cache):
        b, s, _ = x.shape
        xq = self.wq(x).view(b, s, self.n_q, self.head_dim)
        xk = self.wk(x).view(b, s, self.n_kv, self.head_dim)
        xv = self.wv(x).view(b, s, self.n_kv, self.head_dim)
        xq, xk = apply_rotary_embeddings(xq, freqs_complex), apply_rotary_embeddings(xk, freqs_complex)
        if use_cache:
            if start_pos == 0:
                self.cache_k, self.cache_v = torch.zeros(2, b, 16, self.n_kv, self.head_dim).unbind(0)
            self.cache_k[:b, start_pos:start_pos + s] = xk
            self.cache_v[:b, start_pos:start_pos + s] = xv
            xk, xv = self.cache_k[:b, :start_pos + s], self.cache_v[:b, :start_pos + s]
        keys, values = repeat_kv(xk, self.n_rep).transpose(1, 2), repeat_kv(xv, self.n_rep).transpose(1, 2)
        scores = xq.transpose(1, 2) @ keys.transpose(2, 3) / math.sqrt(self.head_dim)
        if s > 1:
            mask = torch.full((s, s), float("-inf")).triu(1)
            scores = scores + torch.cat([torch.zeros(s, start_pos), mask], dim=1)
        out = F.softmax(scores.float(), dim=-1).type_as(xq) @ values
        return self.wo(out.transpose(1, 2).contiguous().view(b, s, -1))

class FeedForward(nn.Module):
    def __init__(self, args):
        super().__init__()
        hidden = int(2 * (4 * args.dim) / 3)
        self.w1 = nn.Linear(args.dim, hidden, bias=False)
        self.w2 = nn.Linear(hidden, args.dim, bias=False)
        self.w3 = nn.Linear(args.dim, hidden, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))

class EncoderBlock(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.attention, self.feed_forward = SelfAttention(args), FeedForward(args)
        self.attention_norm = RMSNorm(args.dim, eps=args.norm_eps)
        self.ffn_norm = RMSNorm(args.dim, eps=args.norm_eps)

    def forward(self, x, start_pos, freqs, use_cache):
        h = x + self.attention(self.attention_norm(x), start_pos, freqs, use_cache)
        return h + self.feed_forward(self.ffn_norm(h))

class Transformer(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.tok_embeddings = nn.Embedding(args.vocab_size, args.dim)
        self.layers = nn.ModuleList(EncoderBlock(args) for _ in range(args.n_layers))
        self.norm = RMSNorm(args.dim, eps=args.norm_eps)
        self.output = nn.Linear(args.dim, args.vocab_size, bias=False)
        self.freqs_complex = precompute_theta_pos_frequencies(args.dim // args.n_heads, args.max_seq_len * 2)

    def forward(self, tokens, start_pos=0, use_cache=False):
        h = self.tok_embeddings(tokens)
        freqs = self.freqs_complex[start_pos:start_pos + tokens.shape[1]]
        for layer in self.layers:
            h = layer(h, start_pos, freqs, use_cache)
        return self.output(self.norm(h)).float()

args = ModelArgs()
model = Transformer(args)
print("parameters:", sum(p.numel() for p in model.parameters()))
f = precompute_theta_pos_frequencies(8, 4)
print("freqs:", f.shape, f.dtype, "abs all one:", torch.allclose(f.abs(), torch.ones(4, 4)))
q = torch.randn(1, 4, 1, 8)
rot = apply_rotary_embeddings(q, f)
print("rotation keeps norms:", torch.allclose(rot.norm(dim=-1), q.norm(dim=-1), atol=1e-5))
print("repeat_kv:", tuple(repeat_kv(torch.randn(2, 5, 2, 8), 2).shape))
print("rmsnorm rms:", RMSNorm(32)(torch.randn(3, 32) * 5).pow(2).mean(-1).sqrt())

# training on "count up modulo 20" sequences
data = (torch.randint(0, 20, (64, 1)) + torch.arange(13)) % 20
opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
for step in range(60):
    logits = model(data[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, 20), data[:, 1:].reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
    if step % 20 == 0:
        print(f"step {step} loss {loss.item():.4f}")
print(f"final loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    prompt = torch.tensor([[5, 6, 7]])
    full = model(prompt)
    cached = torch.cat([model(prompt[:, i:i + 1], start_pos=i, use_cache=True) for i in range(3)], dim=1)
    print("kv cache matches full forward:", torch.allclose(full, cached, atol=1e-5))
    tokens = prompt
    logits = model(tokens, start_pos=0, use_cache=True)
    for pos in range(3, 10):
        nxt = logits[:, -1].argmax(-1, keepdim=True)
        tokens = torch.cat([tokens, nxt], dim=1)
        logits = model(nxt, start_pos=pos, use_cache=True)
    print("generated:", tokens[0].tolist())
