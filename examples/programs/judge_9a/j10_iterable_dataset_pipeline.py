# torch.utils.data beyond map-style datasets, as the data docs and the "Datasets & DataLoaders" tutorial show:
# an IterableDataset streaming records (get_worker_info, split by worker), ChainDataset, StackDataset,
# default_collate on dicts / tuples / namedtuples, a BatchSampler, batch_size=None, a bucketing sampler with a
# collate_fn padding to the batch's longest sequence, and training a small model from the pipeline.
import math
from collections import namedtuple
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import (BatchSampler, ChainDataset, DataLoader, IterableDataset, SequentialSampler,
                              Sampler, StackDataset, TensorDataset, get_worker_info)
from torch.utils.data import default_collate
from torch.nn.utils.rnn import pad_sequence

torch.manual_seed(0)


class RangeStream(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            lo, hi = self.start, self.end
        else:
            per = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per
            hi = min(lo + per, self.end)
        return iter(range(lo, hi))


ds = RangeStream(3, 10)
print("single process:", list(DataLoader(ds, num_workers=0)))
print("batched:", [b.tolist() for b in DataLoader(ds, batch_size=3)])
print("drop_last:", [b.tolist() for b in DataLoader(ds, batch_size=3, drop_last=True)])
print("chained:", [b.tolist() for b in DataLoader(ChainDataset([RangeStream(0, 3), RangeStream(100, 102)]), batch_size=4)])
try:
    DataLoader(ds, shuffle=True)
except ValueError as e:
    print("ValueError:", str(e)[:70])

# default_collate on different structures
Point = namedtuple("Point", ["x", "y"])
print(default_collate([{"a": 1, "b": torch.tensor([1.0, 2.0])}, {"a": 2, "b": torch.tensor([3.0, 4.0])}]))
print(default_collate([Point(1, 2.0), Point(3, 4.0)]))
print(default_collate([(torch.zeros(2), "cat"), (torch.ones(2), "dog")]))

# StackDataset pairs datasets sample by sample
images, labels = torch.randn(6, 3), torch.arange(6)
stacked = StackDataset(image=TensorDataset(images), label=TensorDataset(labels))
item = stacked[2]
print("StackDataset item keys:", sorted(item), "label:", item["label"][0].item())

# a BatchSampler as the sampler, batch_size=None
bs = BatchSampler(SequentialSampler(range(6)), batch_size=4, drop_last=False)
print("batch sampler:", list(bs))
loader = DataLoader(TensorDataset(labels), sampler=bs, batch_size=None)
print("batch_size=None shapes:", [b[0].shape[0] for b in loader])

# variable-length sequences: the label is whether the sum of the sequence is positive
lengths = torch.randint(2, 12, (96,))
seqs = [torch.randn(int(n)) + 0.3 * (i % 2 * 2 - 1) for i, n in enumerate(lengths)]
ys = torch.tensor([float(s.sum() > 0) for s in seqs])


class SeqData(torch.utils.data.Dataset):
    def __len__(self):
        return len(seqs)

    def __getitem__(self, i):
        return seqs[i], ys[i]


class BucketSampler(Sampler):
    """Yields batches of indices with similar lengths (sorted within chunks)."""
    def __init__(self, lengths, batch_size):
        self.lengths, self.batch_size = lengths, batch_size

    def __iter__(self):
        order = torch.argsort(self.lengths, stable=True).tolist()
        batches = [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        for j in torch.randperm(len(batches)).tolist():
            yield batches[j]

    def __len__(self):
        return (len(self.lengths) + self.batch_size - 1) // self.batch_size


def pad_collate(batch):
    xs, ys = zip(*batch)
    lens = torch.tensor([len(x) for x in xs])
    return pad_sequence(xs, batch_first=True).unsqueeze(-1), lens, torch.stack(ys)


loader = DataLoader(SeqData(), batch_sampler=BucketSampler(lengths, 16), collate_fn=pad_collate)
print("batches:", len(loader))
x, lens, y = next(iter(loader))
print("padded batch:", x.dim(), x.shape[0], x.shape[2], "max len matches:", x.shape[1] == lens.max().item())
spread = max((l.max() - l.min()).item() for _, l, _ in loader)
print("max length spread in a bucket <= 3:", spread <= 3)


class GRUClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 16, batch_first=True)
        self.fc = nn.Linear(16, 1)

    def forward(self, x, lens):
        packed = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
        _, h = self.gru(packed)
        return self.fc(h[-1]).squeeze(-1)


model = GRUClassifier()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(8):
    total, correct = 0.0, 0
    for x, lens, y in loader:
        logits = model(x, lens)
        loss = F.binary_cross_entropy_with_logits(logits, y)
        opt.zero_grad(); loss.backward(); opt.step()
        total += loss.item() * len(y)
        correct += ((logits > 0).float() == y).sum().item()
    if epoch % 2 == 1:
        print(f"epoch {epoch} loss {total / len(ys):.4f} acc {correct / len(ys):.3f}")
