# Data-loading recipe: a map-style Dataset of variable-length token lists, a custom length-bucketing
# BatchSampler, a collate_fn that pads and builds attention masks, random_split / Subset / ConcatDataset,
# WeightedRandomSampler for class imbalance, and worker_init_fn-free determinism with a seeded Generator.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import (Dataset, DataLoader, Sampler, Subset, ConcatDataset, random_split,
                              WeightedRandomSampler, SequentialSampler, BatchSampler)

torch.manual_seed(0)


class TokenDataset(Dataset):
    def __init__(self, n, offset=0):
        self.lengths = torch.randint(3, 20, (n,)).tolist()
        self.labels = [int(i % 5 == 0) for i in range(n)]  # 20% positives
        self.offset = offset

    def __len__(self):
        return len(self.lengths)

    def __getitem__(self, idx):
        L = self.lengths[idx]
        tokens = torch.randint(1, 50, (L,)) if self.labels[idx] == 0 else torch.randint(40, 50, (L,))
        return {"tokens": tokens, "label": self.labels[idx], "id": idx + self.offset}


class BucketBatchSampler(Sampler):
    def __init__(self, lengths, batch_size, generator=None):
        self.lengths, self.batch_size, self.generator = lengths, batch_size, generator

    def __iter__(self):
        order = torch.randperm(len(self.lengths), generator=self.generator).tolist()
        order.sort(key=lambda i: self.lengths[i])
        batches = [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        perm = torch.randperm(len(batches), generator=self.generator).tolist()
        return iter([batches[p] for p in perm])

    def __len__(self):
        return (len(self.lengths) + self.batch_size - 1) // self.batch_size


def collate(batch):
    L = max(len(item["tokens"]) for item in batch)
    tokens = torch.zeros(len(batch), L, dtype=torch.long)
    for i, item in enumerate(batch):
        tokens[i, :len(item["tokens"])] = item["tokens"]
    return {"tokens": tokens, "mask": tokens != 0,
            "label": torch.tensor([item["label"] for item in batch], dtype=torch.float32)}


ds = TokenDataset(300)
print("len:", len(ds), "item keys:", sorted(ds[0].keys()))
train, val = random_split(ds, [240, 60], generator=torch.Generator().manual_seed(1))
print("split types:", type(train).__name__, len(train), len(val))
both = ConcatDataset([Subset(ds, range(10)), TokenDataset(5, offset=1000)])
print("concat len:", len(both), "last id:", both[len(both) - 1]["id"], "cumulative:", both.cumulative_sizes)
print("sequential:", list(SequentialSampler(range(5))))
print("batch sampler:", list(BatchSampler(range(7), batch_size=3, drop_last=False)))

g = torch.Generator().manual_seed(2)
bucket_loader = DataLoader(ds, batch_sampler=BucketBatchSampler(ds.lengths, 32, g), collate_fn=collate)
waste_bucket = sum((~b["mask"]).sum().item() for b in bucket_loader)
plain_loader = DataLoader(ds, batch_size=32, shuffle=True, collate_fn=collate)
waste_plain = sum((~b["mask"]).sum().item() for b in plain_loader)
print("batches:", len(bucket_loader), "padding bucketed < shuffled:", waste_bucket < waste_plain)
first = next(iter(DataLoader(ds, batch_size=4, collate_fn=collate)))
print("first batch:", {k: tuple(v.shape) for k, v in first.items()}, first["mask"].dtype)

labels = torch.tensor([ds.labels[i] for i in train.indices], dtype=torch.float32)
weights = torch.where(labels == 1, 1.0 / labels.sum(), 1.0 / (1 - labels).sum())
sampler = WeightedRandomSampler(weights, num_samples=len(train), replacement=True)
balanced = DataLoader(train, batch_size=40, sampler=sampler, collate_fn=collate)
frac = torch.cat([b["label"] for b in balanced]).mean().item()
print(f"positive fraction: natural {labels.mean().item():.3f}, resampled {frac:.2f}")


class BagModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 16, padding_idx=0)
        self.out = nn.Linear(16, 1)

    def forward(self, tokens, mask):
        e = self.emb(tokens) * mask.unsqueeze(-1)
        return self.out(e.sum(1) / mask.sum(1, keepdim=True)).squeeze(-1)


model = BagModel()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(5):
    tot = 0.0
    for b in balanced:
        loss = F.binary_cross_entropy_with_logits(model(b["tokens"], b["mask"]), b["label"])
        opt.zero_grad()
        loss.backward()
        opt.step()
        tot += loss.item()
    print(f"epoch {epoch + 1} loss {tot / len(balanced):.4f}")
with torch.no_grad():
    vb = collate([val[i] for i in range(len(val))])
    pred = (model(vb["tokens"], vb["mask"]) > 0).float()
    print(f"val accuracy {(pred == vb['label']).float().mean().item():.3f}")
