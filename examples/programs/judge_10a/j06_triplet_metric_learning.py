# Metric learning with nn.TripletMarginLoss: an embedding network on synthetic 8-class data, batch-hard triplet
# mining with torch.cdist, L2-normalised embeddings, TripletMarginWithDistanceLoss with cosine distance, and
# nearest-neighbour retrieval (recall@1) on held-out classes-balanced data.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

n_cls, d = 8, 20
protos = torch.randn(n_cls, d) * 0.6


def sample(n_per):
    y = torch.arange(n_cls).repeat_interleave(n_per)
    x = protos[y] + torch.randn(len(y), d)
    return x, y


xtr, ytr = sample(60)
xte, yte = sample(20)


class Embedder(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 16))

    def forward(self, x):
        return F.normalize(self.net(x), dim=1)


crit = nn.TripletMarginLoss(margin=0.3, p=2)
a, p, n = torch.zeros(2, 4), torch.zeros(2, 4), torch.ones(2, 4)
print(f"triplet loss, easy negatives: {crit(a, p, n).item():.4f}")
print(f"triplet loss, hard negatives: {crit(a, p, a.clone()).item():.4f}")
cos_crit = nn.TripletMarginWithDistanceLoss(distance_function=lambda u, v: 1 - F.cosine_similarity(u, v),
                                            margin=0.2)
print(f"cosine triplet loss: {cos_crit(torch.ones(1, 3), torch.ones(1, 3), -torch.ones(1, 3)).item():.4f}")


def batch_hard(emb, y):
    dist = torch.cdist(emb, emb)
    same = y[:, None] == y[None, :]
    hardest_pos = (dist * same.float()).max(1).values
    hardest_neg = dist.masked_fill(same, float("inf")).min(1).values
    return F.relu(hardest_pos - hardest_neg + 0.3).mean(), (hardest_pos - hardest_neg > 0).float().mean()


def recall_at_1(model, x, y):
    model.eval()
    with torch.no_grad():
        e = model(x)
        dist = torch.cdist(e, e)
        dist.fill_diagonal_(float("inf"))
        nn_idx = dist.argmin(1)
    model.train()
    return (y[nn_idx] == y).float().mean().item()


model = Embedder()
print(f"recall@1 before training: {recall_at_1(model, xte, yte):.3f} (chance {1 / n_cls:.3f})")
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(150):
    cls = torch.randperm(n_cls)[:4]
    idx = torch.cat([torch.nonzero(ytr == c).flatten()[torch.randperm(60)[:8]] for c in cls])
    emb = model(xtr[idx])
    loss, frac = batch_hard(emb, ytr[idx])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 30 == 29:
        print(f"step {step + 1} batch-hard loss {loss.item():.4f} violating {frac.item():.2f}")

print(f"recall@1 after batch-hard: {recall_at_1(model, xte, yte):.3f}")

model2 = Embedder()
opt2 = torch.optim.SGD(model2.parameters(), lr=0.1, momentum=0.9)
for step in range(150):
    i = torch.randint(0, len(xtr), (64,))
    pos = torch.stack([torch.nonzero(ytr == ytr[j]).flatten()[torch.randint(0, 60, (1,))] for j in i]).flatten()
    neg_cls = (ytr[i] + torch.randint(1, n_cls, (64,))) % n_cls
    neg = neg_cls * 60 + torch.randint(0, 60, (64,))
    loss = cos_crit(model2(xtr[i]), model2(xtr[pos]), model2(xtr[neg]))
    opt2.zero_grad()
    loss.backward()
    opt2.step()
print(f"random-triplet cosine loss at end: {loss.item():.4f}")
print(f"recall@1 with random triplets: {recall_at_1(model2, xte, yte):.3f}")
with torch.no_grad():
    model.eval()
    e = model(xte)
    print("embedding norms:", [round(v, 4) for v in e.norm(dim=1)[:3].tolist()])
    centroids = torch.stack([e[yte == c].mean(0) for c in range(n_cls)])
    print(f"mean intra-class distance {torch.cdist(e, centroids).gather(1, yte[:, None]).mean().item():.4f}")
    print("embedding shape:", tuple(e.shape), e.dtype)
