# nn.MultiheadAttention as the docs and the transformer tutorials use it: batch_first, key_padding_mask,
# causal attn_mask from nn.Transformer.generate_square_subsequent_mask, boolean vs float masks, per-head
# weights (average_attn_weights=False), kdim/vdim cross-attention, and a TransformerDecoderLayer checked
# for causality by perturbing a future token.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

E, heads, B, L = 16, 4, 2, 5
mha = nn.MultiheadAttention(E, heads, batch_first=True)
print(mha)
print("in_proj_weight:", tuple(mha.in_proj_weight.shape), "out_proj:", tuple(mha.out_proj.weight.shape))
x = torch.randn(B, L, E)
out, w = mha(x, x, x)
print("output:", tuple(out.shape), "weights:", tuple(w.shape))
print("weights rows sum to 1:", torch.allclose(w.sum(-1), torch.ones(B, L)))

causal = nn.Transformer.generate_square_subsequent_mask(L)
print(causal)
out_c, w_c = mha(x, x, x, attn_mask=causal)
print("upper triangle of weights is zero:", w_c.triu(1).abs().max().item() == 0.0)
bool_mask = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
out_b, _ = mha(x, x, x, attn_mask=bool_mask)
print("bool mask == float mask:", torch.allclose(out_b, out_c, atol=1e-6))

pad = torch.tensor([[False] * 5, [False, False, False, True, True]])
out_p, w_p = mha(x, x, x, key_padding_mask=pad)
print("attention on padded keys:", w_p[1, :, 3:].abs().sum().item())
print("row 0 unaffected by padding mask:", torch.allclose(out_p[0], out[0], atol=1e-6))

_, w_heads = mha(x, x, x, average_attn_weights=False)
print("per-head weights:", tuple(w_heads.shape), "mean equals averaged:",
      torch.allclose(w_heads.mean(1), w, atol=1e-6))
_, none_w = mha(x, x, x, need_weights=False)
print("need_weights=False returns:", none_w)

cross = nn.MultiheadAttention(E, heads, kdim=8, vdim=12, batch_first=True)
memory_k, memory_v = torch.randn(B, 7, 8), torch.randn(B, 7, 12)
o, cw = cross(x, memory_k, memory_v)
print("cross-attention:", tuple(o.shape), tuple(cw.shape), "separate proj:", cross.in_proj_weight is None)

# manual computation of one head-averaged attention
q, k, v = F.linear(x, mha.in_proj_weight, mha.in_proj_bias).chunk(3, dim=-1)
split = lambda t: t.view(B, L, heads, E // heads).transpose(1, 2)
q, k, v = split(q), split(k), split(v)
att = F.softmax(q @ k.transpose(-2, -1) / (E // heads) ** 0.5, dim=-1)
manual = mha.out_proj(((att @ v).transpose(1, 2).reshape(B, L, E)))
print("manual == module:", torch.allclose(manual, out, atol=1e-5))
sdpa = F.scaled_dot_product_attention(q, k, v, is_causal=True)
print("sdpa causal == module causal:",
      torch.allclose(mha.out_proj(sdpa.transpose(1, 2).reshape(B, L, E)), out_c, atol=1e-5))

try:
    mha(x, x, x, attn_mask=torch.zeros(3, 3))
except (RuntimeError, AssertionError) as e:
    print(type(e).__name__ + ":", str(e)[:60])

dec = nn.TransformerDecoderLayer(E, heads, dim_feedforward=32, dropout=0.0, batch_first=True)
dec.eval()
tgt, mem = torch.randn(1, L, E), torch.randn(1, 6, E)
y1 = dec(tgt, mem, tgt_mask=causal)
tgt2 = tgt.clone()
tgt2[0, 4] += 1.0
y2 = dec(tgt2, mem, tgt_mask=causal)
diff = (y1 - y2).abs().amax(-1)[0]
print("change per position after editing token 4:", [round(v, 4) for v in diff.tolist()[:4]], diff[4].item() > 0)
print("decoder output grad_fn:", type(y1.grad_fn).__name__)
