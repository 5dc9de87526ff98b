# Metric learning with triplet losses, as "In Defense of the Triplet Loss for Person Re-Identification"
# (Hermans et al. 2017: batch-hard and batch-all mining) and the PyTorch loss docs present them, written here in
# our own code: a P x K sampler, pairwise distances by the Gram-matrix trick and torch.cdist, batch-hard and
# batch-all triplet losses built from masks, checked against F.triplet_margin_loss / nn.TripletMarginLoss and
# nn.TripletMarginWithDistanceLoss (cosine distance, swap), soft-margin, and recall@1 of a small embedding net.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def pairwise_distances(emb, squared=False):
    dot = emb @ emb.T
    sq = dot.diagonal()
    dist = (sq[None, :] - 2.0 * dot + sq[:, None]).clamp_min(0.0)
    if not squared:
        mask = (dist == 0.0).float()
        dist = (dist + mask * 1e-16).sqrt() * (1.0 - mask)
    return dist


def batch_hard_triplet_loss(labels, emb, margin, soft=False):
    dist = pairwise_distances(emb)
    same = labels[None, :] == labels[:, None]
    eye = torch.eye(len(labels), dtype=torch.bool)
    hardest_pos = (dist * (same & ~eye)).max(1).values
    max_dist = dist.max(1, keepdim=True).values
    hardest_neg = (dist + max_dist * same).min(1).values
    if soft:
        return F.softplus(hardest_pos - hardest_neg).mean()
    return F.relu(hardest_pos - hardest_neg + margin).mean()


def batch_all_triplet_loss(labels, emb, margin):
    dist = pairwise_distances(emb)
    loss = dist[:, :, None] - dist[:, None, :] + margin  # [a, p, n]
    same = labels[None, :] == labels[:, None]
    eye = torch.eye(len(labels), dtype=torch.bool)
    valid = (same & ~eye)[:, :, None] & (~same)[:, None, :]
    loss = F.relu(loss) * valid
    positive = (loss > 1e-16).float()
    num_positive = positive.sum()
    return loss.sum() / (num_positive + 1e-16), num_positive / valid.sum()


emb = torch.randn(6, 3)
print(torch.allclose(pairwise_distances(emb), torch.cdist(emb, emb), atol=1e-5))
print(pairwise_distances(emb).diagonal())
labels = torch.tensor([0, 0, 1, 1, 2, 2])
print("batch hard:", round(batch_hard_triplet_loss(labels, emb, 0.5).item(), 5))
loss, frac = batch_all_triplet_loss(labels, emb, 0.5)
print("batch all:", round(loss.item(), 5), "fraction of positive triplets:", round(frac.item(), 4))

a, p, n = torch.randn(5, 4, requires_grad=True), torch.randn(5, 4), torch.randn(5, 4)
manual = F.relu((a - p).norm(dim=1) - (a - n).norm(dim=1) + 1.0).mean()
builtin = F.triplet_margin_loss(a, p, n, margin=1.0, eps=0.0)
print("triplet_margin_loss:", builtin.item(), "manual:", manual.item())
print(nn.TripletMarginLoss(margin=1.0, p=2, swap=True, reduction="none")(a, p, n))
cos_loss = nn.TripletMarginWithDistanceLoss(distance_function=lambda x, y: 1.0 - F.cosine_similarity(x, y), margin=0.3)
out = cos_loss(a, p, n)
out.backward()
print(out, a.grad.norm())
print(F.triplet_margin_with_distance_loss(a, p, n, distance_function=nn.PairwiseDistance(), swap=True))


class PKSampler(torch.utils.data.Sampler):
    """P classes, K samples each, per batch."""

    def __init__(self, labels, P, K, batches, generator):
        self.labels, self.P, self.K, self.batches, self.g = labels, P, K, batches, generator
        self.classes = labels.unique()

    def __iter__(self):
        for _ in range(self.batches):
            chosen = self.classes[torch.randperm(len(self.classes), generator=self.g)[: self.P]]
            batch = []
            for c in chosen:
                idx = (self.labels == c).nonzero().squeeze(1)
                batch += idx[torch.randperm(len(idx), generator=self.g)[: self.K]].tolist()
            yield batch

    def __len__(self):
        return self.batches


# 10 identities, 30 noisy 16-d views each; most of the variance is nuisance
C, per = 10, 30
proto = torch.randn(C, 16)
nuisance = torch.randn(C * per, 16) * torch.linspace(0.2, 2.0, 16)
all_labels = torch.arange(C).repeat_interleave(per)
data = proto[all_labels] + nuisance
train_idx = torch.arange(C * per).view(C, per)[:, :20].reshape(-1)
test_idx = torch.arange(C * per).view(C, per)[:, 20:].reshape(-1)
dataset = torch.utils.data.TensorDataset(data[train_idx], all_labels[train_idx])
g = torch.Generator().manual_seed(1)


def recall_at_1(net):
    with torch.no_grad():
        e = F.normalize(net(data[test_idx]), dim=1)
        d = torch.cdist(e, e)
        d.fill_diagonal_(float("inf"))
        nn_idx = d.argmin(1)
        y = all_labels[test_idx]
        return (y[nn_idx] == y).float().mean().item()


for mode in ("batch_hard", "batch_all", "soft_margin"):
    torch.manual_seed(2)
    net = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 8))
    print(f"{mode}: recall@1 before {recall_at_1(net):.3f}", end="")
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    loader = torch.utils.data.DataLoader(dataset, batch_sampler=PKSampler(dataset.tensors[1], 4, 5, 150, g))
    for xb, yb in loader:
        e = F.normalize(net(xb), dim=1)
        if mode == "batch_hard":
            loss = batch_hard_triplet_loss(yb, e, 0.3)
        elif mode == "soft_margin":
            loss = batch_hard_triplet_loss(yb, e, 0.3, soft=True)
        else:
            loss, _ = batch_all_triplet_loss(yb, e, 0.3)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f", after {recall_at_1(net):.3f}, last loss {loss.item():.4f}")
