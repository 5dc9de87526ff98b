# Attention masks as PyTorch's "scaled_dot_product_attention" docs and the nn.MultiheadAttention / nn.Transformer
# docs describe them: the reference implementation from the SDPA docstring (bool masks keep True, float masks are
# added), is_causal against an explicit tril mask, nn.Transformer.generate_square_subsequent_mask, MultiheadAttention
# with key_padding_mask (bool and float), need_weights / average_attn_weights, a padded TransformerEncoder whose
# outputs at real positions do not depend on the padding, and a tiny causal decoder trained to reverse a sequence.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def reference_sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    L, S = query.size(-2), key.size(-2)
    scale_factor = 1 / math.sqrt(query.size(-1)) if scale is None else scale
    attn_bias = torch.zeros(L, S, dtype=query.dtype)
    if is_causal:
        temp_mask = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        attn_bias.masked_fill_(temp_mask.logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias.masked_fill_(attn_mask.logical_not(), float("-inf"))
        else:
            attn_bias = attn_bias + attn_mask
    attn_weight = query @ key.transpose(-2, -1) * scale_factor
    attn_weight += attn_bias
    attn_weight = torch.softmax(attn_weight, dim=-1)
    attn_weight = torch.dropout(attn_weight, dropout_p, train=True)
    return attn_weight @ value


q = torch.randn(2, 3, 5, 8)
k = torch.randn(2, 3, 6, 8)
v = torch.randn(2, 3, 6, 8)
out = F.scaled_dot_product_attention(q, k, v)
print("plain max diff", (out - reference_sdpa(q, k, v)).abs().max().item() < 1e-6, out.shape)
k5, v5 = k[:, :, :5], v[:, :, :5]
causal = F.scaled_dot_product_attention(q, k5, v5, is_causal=True)
tril = torch.ones(5, 5, dtype=torch.bool).tril()
print("is_causal == bool tril:", torch.allclose(causal, F.scaled_dot_product_attention(q, k5, v5, attn_mask=tril), atol=1e-6))
print("is_causal == reference:", torch.allclose(causal, reference_sdpa(q, k5, v5, is_causal=True), atol=1e-6))
square = nn.Transformer.generate_square_subsequent_mask(5)
print(square)
print("float mask == bool mask:", torch.allclose(causal, F.scaled_dot_product_attention(q, k5, v5, attn_mask=square), atol=1e-6))
bias = torch.randn(5, 6)
print("float bias vs reference:", torch.allclose(F.scaled_dot_product_attention(q, k, v, attn_mask=bias),
                                                  reference_sdpa(q, k, v, attn_mask=bias), atol=1e-6))
print("scale=0.5:", torch.allclose(F.scaled_dot_product_attention(q, k, v, scale=0.5),
                                   reference_sdpa(q, k, v, scale=0.5), atol=1e-6))
keep = torch.rand(2, 1, 5, 6) > 0.3
keep[..., 0] = True
print("broadcast bool mask:", F.scaled_dot_product_attention(q, k, v, attn_mask=keep).shape)
q.requires_grad_(True)
F.scaled_dot_product_attention(q, k, v, attn_mask=keep).sum().backward()
print("grad of q", q.grad.shape, round(q.grad.abs().sum().item(), 4))
try:
    F.scaled_dot_product_attention(q, k, v, attn_mask=tril, is_causal=True)
except RuntimeError as e:
    print("RuntimeError:", str(e).split("\n")[0][:60])

# MultiheadAttention with key padding
mha = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
x = torch.randn(3, 4, 8)
lengths = torch.tensor([4, 2, 3])
pad = torch.arange(4)[None, :] >= lengths[:, None]
print(pad)
out, w = mha(x, x, x, key_padding_mask=pad)
print("attn weights", w.shape, "padded keys get", w[1, :, 2:].abs().max().item())
print("rows sum to one", torch.allclose(w.sum(-1), torch.ones(3, 4)))
_, w_heads = mha(x, x, x, key_padding_mask=pad, average_attn_weights=False)
print("per-head", w_heads.shape, torch.allclose(w_heads.mean(1), w, atol=1e-6))
float_pad = torch.zeros(3, 4).masked_fill(pad, float("-inf"))
out_f, _ = mha(x, x, x, key_padding_mask=float_pad)
print("float key_padding_mask same:", torch.allclose(out, out_f, atol=1e-6))
out_nw, none_w = mha(x, x, x, key_padding_mask=pad, need_weights=False)
print("need_weights=False ->", none_w, torch.allclose(out, out_nw, atol=1e-5))
both, _ = mha(x, x, x, key_padding_mask=pad, attn_mask=nn.Transformer.generate_square_subsequent_mask(4) == float("-inf"))
print("causal + padding, row 0 of seq 1:", both[1, 0].shape)

# encoder: real positions do not depend on the padding content
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True)
enc = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
enc.eval()
y1 = enc(x, src_key_padding_mask=pad)
x2 = x.clone()
x2[pad] = 100.0
y2 = enc(x2, src_key_padding_mask=pad)
print("real positions unchanged:", torch.allclose(y1[~pad], y2[~pad], atol=1e-5))


# a tiny causal decoder-only model learns to output the reverse of the first half
class TinyDecoder(nn.Module):
    def __init__(self, vocab=6, d=32, n=8):
        super().__init__()
        self.tok = nn.Embedding(vocab + 1, d)
        self.pos = nn.Embedding(2 * n, d)
        layer = nn.TransformerEncoderLayer(d, 4, 64, dropout=0.0, batch_first=True, norm_first=True)
        self.body = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(d, vocab + 1)

    def forward(self, idx):
        T = idx.size(1)
        h = self.tok(idx) + self.pos(torch.arange(T))
        mask = nn.Transformer.generate_square_subsequent_mask(T)
        return self.head(self.body(h, mask=mask, is_causal=True))


torch.manual_seed(1)
n = 4
model = TinyDecoder(n=n)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(61):
    a = torch.randint(1, 6, (32, n))
    seq = torch.cat([a, a.flip(1)], 1)
    logits = model(seq[:, :-1])
    loss = F.cross_entropy(logits[:, n - 1:].reshape(-1, 7), seq[:, n:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(f"step {step} loss {loss.item():.4f}")
model.eval()
with torch.no_grad():
    a = torch.tensor([[1, 2, 3, 4], [5, 5, 1, 2]])
    seq = a
    for _ in range(n):
        nxt = model(seq)[:, -1].argmax(-1, keepdim=True)
        seq = torch.cat([seq, nxt], 1)
print("generated", seq.tolist())
