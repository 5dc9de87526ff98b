# Integer/float tensor idioms of a data pipeline, as in the torch.utils.data docs and Kaggle-style preprocessing
# notebooks: class counts with bincount (with weights and minlength), histc and bucketize binning of a continuous
# feature, one_hot features, scatter_reduce group statistics (sum, mean, amax, amin, include_self), unique with
# counts and inverse, searchsorted, inverse-frequency WeightedRandomSampler, random_split / Subset / ConcatDataset /
# TensorDataset, a DataLoader with a collate_fn, and a small classifier trained on the engineered features.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import ConcatDataset, DataLoader, Subset, TensorDataset, WeightedRandomSampler, random_split

torch.manual_seed(0)

n = 600
labels = torch.multinomial(torch.tensor([0.6, 0.3, 0.1]), n, replacement=True)
age = (torch.randn(n) * 12 + 40 + 8 * labels).clamp(18, 90)
city = torch.randint(0, 5, (n,))
income = torch.exp(torch.randn(n) * 0.4 + 3 + 0.3 * labels)

counts = torch.bincount(labels)
print("class counts", counts.tolist(), counts.dtype)
print("bincount minlength", torch.bincount(labels, minlength=5).tolist())
print("income per class", [round(v, 1) for v in torch.bincount(labels, weights=income).tolist()])
print("histc of age", torch.histc(age, bins=6, min=18, max=90).tolist())
edges = torch.tensor([30.0, 45.0, 60.0])
age_bin = torch.bucketize(age, edges)
print("bucketize", age_bin[:10].tolist(), "right=True", torch.bucketize(torch.tensor([30.0, 31.0]), edges, right=True).tolist())
print("searchsorted", torch.searchsorted(edges, torch.tensor([29.0, 30.0, 61.0])).tolist(),
      torch.searchsorted(edges, torch.tensor([30.0]), side="right").tolist())
values, inverse, cnt = torch.unique(city, return_inverse=True, return_counts=True)
print("unique cities", values.tolist(), cnt.tolist(), bool((values[inverse] == city).all()))
print("unique_consecutive", torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 2, 3, 1]), return_counts=True))

# group statistics per city
zeros = torch.zeros(5)
s = zeros.scatter_reduce(0, city, income, reduce="sum")
m = zeros.scatter_reduce(0, city, income, reduce="mean", include_self=False)
mx = torch.full((5,), -1.0).scatter_reduce(0, city, income, reduce="amax")
mn = torch.full((5,), 1e9).scatter_reduce(0, city, income, reduce="amin", include_self=False)
print("sum", [round(v, 2) for v in s.tolist()])
print("mean", [round(v, 3) for v in m.tolist()], torch.allclose(m, s / cnt))
print("amax", [round(v, 3) for v in mx.tolist()])
print("amin", [round(v, 3) for v in mn.tolist()])
print("index_add", torch.zeros(5).index_add(0, city, torch.ones(n)).tolist())
target_enc = m[city]  # target-free mean encoding of the city

features = torch.cat([
    ((age - age.mean()) / age.std()).unsqueeze(1),
    F.one_hot(age_bin, num_classes=4).float(),
    F.one_hot(city, 5).float(),
    torch.log(income).unsqueeze(1),
    (target_enc / target_enc.max()).unsqueeze(1),
], dim=1)
print("features", features.shape, features.dtype)

full = TensorDataset(features, labels)
g = torch.Generator().manual_seed(42)
train_set, val_set, test_set = random_split(full, [0.7, 0.15, 0.15], generator=g)
print("split sizes", len(train_set), len(val_set), len(test_set))
print("indices are a permutation:", sorted(train_set.indices + val_set.indices + test_set.indices) == list(range(n)))
extra = Subset(full, [0, 1, 2, 3])
both = ConcatDataset([train_set, extra])
print("concat", len(both), both.cumulative_sizes, both[len(train_set)][1].item() == labels[0].item())

train_labels = labels[train_set.indices]
class_weight = 1.0 / torch.bincount(train_labels).float()
sample_weight = class_weight[train_labels]
sampler = WeightedRandomSampler(sample_weight, num_samples=len(train_set), replacement=True,
                                generator=torch.Generator().manual_seed(7))
drawn = torch.bincount(train_labels[torch.tensor(list(sampler))], minlength=3)
print("weighted sampler class draws", drawn.tolist())


def collate(batch):
    x = torch.stack([b[0] for b in batch])
    y = torch.stack([b[1] for b in batch])
    return {"x": x, "y": y, "counts": torch.bincount(y, minlength=3)}


loader = DataLoader(train_set, batch_size=64, sampler=sampler, collate_fn=collate)
first = next(iter(loader))
print("batch", first["x"].shape, first["y"].dtype, first["counts"].tolist())

model = nn.Sequential(nn.Linear(features.shape[1], 32), nn.ReLU(), nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(15):
    for batch in loader:
        loss = F.cross_entropy(model(batch["x"]), batch["y"])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1} loss {loss.item():.4f}")
with torch.no_grad():
    xs, ys = zip(*[test_set[i] for i in range(len(test_set))])
    pred = model(torch.stack(xs)).argmax(1)
    ys = torch.stack(ys)
    confusion = torch.bincount(ys * 3 + pred, minlength=9).reshape(3, 3)
print("confusion\n", confusion)
recall = confusion.diag() / confusion.sum(1).clamp(min=1)
print("per-class recall", [round(v, 3) for v in recall.tolist()])
