# Pointer network (Vinyals et al.) learning to sort 6 random numbers: an LSTM encoder, an LSTMCell decoder
# whose additive attention scores over the input positions are the output distribution, teacher forcing
# with the gathered input embeddings, masking of already-chosen positions, and greedy decoding.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N, H = 6, 64


class PointerNet(nn.Module):
    def __init__(self, hidden=H):
        super().__init__()
        self.embed = nn.Linear(1, hidden)
        self.encoder = nn.LSTM(hidden, hidden, batch_first=True)
        self.decoder = nn.LSTMCell(hidden, hidden)
        self.W1 = nn.Linear(hidden, hidden, bias=False)
        self.W2 = nn.Linear(hidden, hidden, bias=False)
        self.v = nn.Linear(hidden, 1, bias=False)
        self.start = nn.Parameter(torch.zeros(hidden))

    def forward(self, x, targets=None):
        B = x.shape[0]
        emb = self.embed(x.unsqueeze(-1))
        enc, (h, c) = self.encoder(emb)
        h, c = h[0], c[0]
        inp = self.start.expand(B, -1)
        mask = torch.zeros(B, N, dtype=torch.bool)
        enc_proj = self.W1(enc)
        logits_all, picks = [], []
        for t in range(N):
            h, c = self.decoder(inp, (h, c))
            scores = self.v(torch.tanh(enc_proj + self.W2(h).unsqueeze(1))).squeeze(-1)
            scores = scores.masked_fill(mask, float("-inf"))
            logits_all.append(scores)
            idx = targets[:, t] if targets is not None else scores.argmax(1)
            picks.append(idx)
            mask = mask.scatter(1, idx.unsqueeze(1), True)
            inp = emb.gather(1, idx.view(B, 1, 1).expand(-1, 1, emb.shape[-1])).squeeze(1)
        return torch.stack(logits_all, 1), torch.stack(picks, 1)


def batch(B):
    x = torch.rand(B, N)
    return x, x.argsort(dim=1)


model = PointerNet()
print("parameters:", sum(p.numel() for p in model.parameters()))
x, y = batch(2)
logits, picks = model(x)
print("logits:", tuple(logits.shape), "picks:", tuple(picks.shape), picks.dtype)
print("each position picked once:", bool((picks.sort(1).values == torch.arange(N)).all()))
print("masked logits at step 2:", torch.isinf(logits[0, 1]).sum().item())

opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for step in range(1, 301):
    x, y = batch(64)
    logits, _ = model(x, targets=y)
    loss = F.cross_entropy(logits.reshape(-1, N), y.reshape(-1))
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 2.0)
    opt.step()
    if step % 75 == 0:
        print(f"step {step} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    x, y = batch(500)
    _, picks = model(x)
    seq_acc = (picks == y).all(1).float().mean().item()
    pos_acc = (picks == y).float().mean().item()
    print(f"greedy decoding: sequence acc {seq_acc:.3f}, position acc {pos_acc:.3f}")
    demo = torch.tensor([[0.9, 0.1, 0.5, 0.3, 0.7, 0.2]])
    _, p = model(demo)
    print("demo pointers:", p[0].tolist())
    print("sorted by pointers:", [round(v, 1) for v in demo[0, p[0]].tolist()])
    sorted_out = x.gather(1, picks)
    print("outputs non-decreasing fraction:", round((sorted_out.diff(dim=1) >= 0).float().mean().item(), 3))
