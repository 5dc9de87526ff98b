# Multi-label classification: each sample may carry several of 5 tags. BCEWithLogitsLoss with pos_weight for
# rare tags, sigmoid outputs, per-tag thresholds tuned on validation, micro/macro F1 and hamming loss computed by
# hand, plus MultiLabelSoftMarginLoss and MultiLabelMarginLoss on the same targets for comparison.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

n, d, k = 1200, 12, 5
W_true = torch.randn(d, k)
bias = torch.tensor([0.5, 0.0, -1.0, -2.0, -2.5])  # later tags are rarer
X = torch.randn(n, d)
Y = ((X @ W_true + bias + 0.5 * torch.randn(n, k)) > 0).float()
Xtr, Ytr, Xva, Yva = X[:900], Y[:900], X[900:], Y[900:]
print("tag frequency:", [round(v, 3) for v in Ytr.mean(0).tolist()])
print("labels per sample:", Ytr.sum(1).mean().item() > 1.0)

pos = Ytr.sum(0)
pos_weight = (len(Ytr) - pos) / pos
print("pos_weight:", [round(v, 2) for v in pos_weight.tolist()])

crit = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
logits = torch.zeros(2, k)
print(f"loss of zero logits: {crit(logits, Ytr[:2]).item():.4f}")
manual = -(pos_weight * Ytr[:2] * F.logsigmoid(logits) + (1 - Ytr[:2]) * F.logsigmoid(-logits)).mean()
print(f"manual weighted BCE: {manual.item():.4f}")


def train(weighted):
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, k))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight if weighted else None)
    for epoch in range(200):
        loss = loss_fn(model(Xtr), Ytr)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model, loss.item()


def f1_scores(pred, target):
    tp = (pred * target).sum(0)
    fp = (pred * (1 - target)).sum(0)
    fn = ((1 - pred) * target).sum(0)
    per_tag = 2 * tp / (2 * tp + fp + fn).clamp(min=1)
    micro = 2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum())
    return per_tag, micro.item(), per_tag.mean().item()


for weighted in (False, True):
    model, final = train(weighted)
    with torch.no_grad():
        probs = torch.sigmoid(model(Xva))
    pred = (probs > 0.5).float()
    per_tag, micro, macro = f1_scores(pred, Yva)
    hamming = (pred != Yva).float().mean().item()
    print(f"weighted={weighted}: train loss {final:.4f} micro-F1 {micro:.3f} macro-F1 {macro:.3f} "
          f"hamming {hamming:.3f}")
    print("  per-tag F1:", [round(v, 3) for v in per_tag.tolist()])

thresholds = torch.linspace(0.1, 0.9, 9)
best = []
for j in range(k):
    scores = [f1_scores((probs[:, j:j + 1] > th).float(), Yva[:, j:j + 1])[1] for th in thresholds]
    best.append(thresholds[int(torch.tensor(scores).argmax())].item())
tuned = (probs > torch.tensor(best)).float()
print("tuned thresholds:", [round(b, 1) for b in best])
print(f"macro-F1 with tuned thresholds: {f1_scores(tuned, Yva)[2]:.3f}")

with torch.no_grad():
    out = model(Xva[:4])
soft_margin = nn.MultiLabelSoftMarginLoss()(out, Yva[:4])
bce = F.binary_cross_entropy_with_logits(out, Yva[:4])
print(f"MultiLabelSoftMarginLoss {soft_margin.item():.4f} equals plain BCE {bce.item():.4f}")
idx = torch.full((4, k), -1, dtype=torch.long)
for i in range(4):
    tags = Yva[i].nonzero().flatten()
    idx[i, :len(tags)] = tags
print("margin targets:", idx[0].tolist())
print(f"MultiLabelMarginLoss {nn.MultiLabelMarginLoss()(out, idx).item():.4f}")
print("top-2 tags of first samples:", probs[:3].topk(2, dim=1).indices.tolist())
