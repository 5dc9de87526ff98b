# pytorch.org tutorial "Getting Started with Nested Tensors": building nested tensors from lists of tensors of
# different lengths (strided and jagged layouts), size/dim, unbind, to_padded_tensor, pointwise ops, linear
# layers and softmax on a nested tensor, and multi-head attention over variable-length sequences checked
# against the padded-and-masked computation.
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)

a, b = torch.arange(3.0), torch.arange(5.0) + 3
nt = torch.nested.nested_tensor([a, b])
print(nt)
print("is_nested:", nt.is_nested, "dim:", nt.dim(), "layout:", nt.layout)
print("unbind:", [t.tolist() for t in nt.unbind()])

padded = torch.nested.to_padded_tensor(nt, 0.0)
print("padded:", padded)
print("padded with -1:", torch.nested.to_padded_tensor(nt, -1.0, output_size=(2, 6)))

# each component can be a matrix with a ragged first dimension
tensors = [torch.randn(2, 4), torch.randn(5, 4), torch.randn(3, 4)]
nt = torch.nested.nested_tensor(tensors)
print("component sizes:", [tuple(t.shape) for t in nt.unbind()])
print("size(0):", nt.size(0), "size(2):", nt.size(2))
try:
    nt.size(1)
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0][:70])

# pointwise operations and linear layers work per component
doubled = (nt * 2).unbind()
print("mul ok:", all(torch.equal(d, t * 2) for d, t in zip(doubled, tensors)))
lin = nn.Linear(4, 6)
out = F.linear(nt, lin.weight, lin.bias)
print("linear sizes:", [tuple(t.shape) for t in out.unbind()])
print("linear ok:", all(torch.allclose(o, lin(t), atol=1e-6) for o, t in zip(out.unbind(), tensors)))
sm = F.softmax(nt, dim=-1)
print("softmax rows sum:", [round(s.sum(-1).mean().item(), 4) for s in sm.unbind()])
print("relu ok:", all(torch.equal(r, F.relu(t)) for r, t in zip(F.relu(nt).unbind(), tensors)))

# jagged layout (NJT) with an explicit ragged dimension
nj = torch.nested.nested_tensor(tensors, layout=torch.jagged)
print("jagged layout:", nj.layout, "shape:", nj.shape[0], nj.shape[2])
print("jagged offsets:", nj.offsets().tolist())
print("values shape:", tuple(nj.values().shape))


# multi-head attention over variable-length sequences: nested vs padded + key padding mask
def mha(query, key, value, E, nheads, w):
    q = F.linear(query, w["q"]).unflatten(-1, [nheads, E // nheads]).transpose(1, 2)
    k = F.linear(key, w["k"]).unflatten(-1, [nheads, E // nheads]).transpose(1, 2)
    v = F.linear(value, w["v"]).unflatten(-1, [nheads, E // nheads]).transpose(1, 2)
    attn = F.scaled_dot_product_attention(q, k, v)
    return F.linear(attn.transpose(1, 2).flatten(-2), w["o"])


E, H = 8, 2
w = {n: torch.randn(E, E) / math.sqrt(E) for n in "qkvo"}
seqs = [torch.randn(L, E) for L in (3, 6, 4)]
njt = torch.nested.nested_tensor(seqs, layout=torch.jagged)
out_nested = mha(njt, njt, njt, E, H, w)

padded = torch.nested.to_padded_tensor(torch.nested.nested_tensor(seqs), 0.0)
lengths = torch.tensor([3, 6, 4])
mask = torch.arange(6)[None, :] < lengths[:, None]
qp = F.linear(padded, w["q"]).unflatten(-1, [H, E // H]).transpose(1, 2)
kp = F.linear(padded, w["k"]).unflatten(-1, [H, E // H]).transpose(1, 2)
vp = F.linear(padded, w["v"]).unflatten(-1, [H, E // H]).transpose(1, 2)
ap = F.scaled_dot_product_attention(qp, kp, vp, attn_mask=mask[:, None, None, :])
out_padded = F.linear(ap.transpose(1, 2).flatten(-2), w["o"])
for i, (o, L) in enumerate(zip(out_nested.unbind(), lengths.tolist())):
    print(f"seq {i}: len {L}, matches padded: {torch.allclose(o, out_padded[i, :L], atol=1e-5)}")
print("first row:", out_nested.unbind()[0][0, :4])
