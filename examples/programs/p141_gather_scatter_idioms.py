# Stack Overflow indexing idioms, as the accepted answers write them: picking one value per row with gather,
# one-hot with scatter_ and F.one_hot, scatter_add_ / index_add_ for per-class sums and bincount-like counts,
# scatter_reduce (mean/amax), masking (masked_fill for padding, masked_select, boolean indexing, torch.where),
# argsort-of-argsort ranks, topk accuracy, nonzero, sequence masks from lengths, searchsorted/bucketize, and
# gathering the last valid timestep of padded RNN outputs.
import torch
import torch.nn.functional as F

torch.manual_seed(0)

# "How to select one element per row?"
scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.9, 0.05, 0.05]])
labels = torch.tensor([1, 0, 2, 1])
print(scores.gather(1, labels.unsqueeze(1)).squeeze(1))
print(scores[torch.arange(4), labels])
print(torch.take_along_dim(scores, labels[:, None], dim=1).view(-1))

# one-hot
one_hot = torch.zeros(4, 3).scatter_(1, labels.unsqueeze(1), 1.0)
print(one_hot)
print(F.one_hot(labels, num_classes=5))
print(F.one_hot(torch.tensor([[0, 2], [1, 1]])).shape, F.one_hot(labels).dtype)
print(F.one_hot(labels).argmax(dim=1))

# per-class sums, counts and means
values = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
groups = torch.tensor([0, 1, 0, 2, 1, 0])
sums = torch.zeros(3).scatter_add_(0, groups, values)
counts = torch.zeros(3).index_add_(0, groups, torch.ones(6))
print(sums, counts, sums / counts, torch.bincount(groups), torch.bincount(groups, weights=values))
print(torch.zeros(3).scatter_reduce(0, groups, values, reduce="amax", include_self=False))
print(torch.zeros(3).scatter_reduce(0, groups, values, reduce="mean", include_self=False))
emb = torch.arange(12.0).view(6, 2)
print(torch.zeros(3, 2).index_add_(0, groups, emb))
print(torch.zeros(3, 2).scatter_add_(0, groups.unsqueeze(1).expand(-1, 2), emb))

# masking
lengths = torch.tensor([3, 1, 2])
max_len = 4
mask = torch.arange(max_len)[None, :] < lengths[:, None]
print(mask)
logits = torch.arange(12.0).view(3, 4)
print(logits.masked_fill(~mask, float('-inf')).softmax(dim=-1))
print(logits.masked_select(mask), logits[mask])
print(torch.where(mask, logits, torch.zeros(())))
x = torch.tensor([[1, -2, 3], [-4, 5, -6]])
x[x < 0] = 0
print(x, (x > 0).nonzero(), torch.nonzero(x > 0, as_tuple=True))
print(torch.where(torch.tensor([1, 0, 3]) > 0))

# ranks and sorting
v = torch.tensor([0.3, 0.1, 0.9, 0.5])
print("argsort:", v.argsort(), "ranks:", v.argsort().argsort(), "descending ranks:", v.argsort(descending=True).argsort())
sorted_v, order = torch.sort(v, descending=True)
print(sorted_v, order, v[order])
inverse = torch.empty_like(order)
inverse[order] = torch.arange(len(order))
print("inverse permutation:", inverse)
print("unique:", torch.unique(torch.tensor([3, 1, 3, 2, 1]), return_counts=True, return_inverse=True))

# topk accuracy
out = torch.tensor([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.3, 0.3, 0.4]])
tgt = torch.tensor([2, 1, 0, 0])
top2 = out.topk(2, dim=1).indices
print(top2)
print("top1:", (out.argmax(1) == tgt).float().mean().item(), "top2:", (top2 == tgt[:, None]).any(1).float().mean().item())
print(torch.topk(torch.tensor([1.0, 5.0, 3.0, 5.0]), 2, largest=False))

# bucketize and searchsorted
boundaries = torch.tensor([0.0, 1.0, 2.5, 4.0])
ages = torch.tensor([-1.0, 0.0, 0.5, 2.5, 3.9, 10.0])
print(torch.bucketize(ages, boundaries), torch.bucketize(ages, boundaries, right=True))
print(torch.searchsorted(boundaries, ages), torch.searchsorted(boundaries, ages, side='right'))

# last valid timestep of padded RNN outputs
outputs = torch.arange(24.0).view(3, 4, 2)  # (batch, time, hidden)
idx = (lengths - 1).view(-1, 1, 1).expand(-1, 1, outputs.size(2))
print(outputs.gather(1, idx).squeeze(1))
print(outputs[torch.arange(3), lengths - 1])

# gradients flow through gather / scatter / masked_fill
w = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
picked = w.gather(1, torch.tensor([[2], [0]]))
filled = w.masked_fill(torch.tensor([[True, False, False], [False, False, True]]), 0.0)
scattered = torch.zeros(2, 4).scatter(1, torch.tensor([[0, 1, 2], [3, 2, 1]]), w)
(picked.sum() + filled.sum() + (scattered * torch.arange(4.0)).sum()).backward()
print(w.grad)
print(picked.grad_fn.name(), filled.grad_fn.name(), scattered.grad_fn.name())
try:
    scores.gather(1, labels)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.one_hot(torch.tensor([0.0, 1.0]))
except RuntimeError as e:
    print("RuntimeError:", e)
