# The torch.utils.data docs page ("Dataset Types", "Single- and Multi-process Data Loading", "Memory Pinning"):
# an IterableDataset that reads a synthetic stream, split between workers by get_worker_info() inside __iter__
# and by a worker_init_fn (the docs' two ways), a custom collate_fn that pads variable-length records, a custom
# batch type with a pin_memory() method, drop_last, batch_size=None (automatic batching off), the default
# collate of dicts / tuples / numbers, and a tiny model trained from the stream.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, IterableDataset, get_worker_info
from torch.utils.data import default_collate

torch.manual_seed(0)


class MyIterableDataset(IterableDataset):
    """The docs' example: yields range(start, end); each worker takes its own slice."""

    def __init__(self, start, end):
        super().__init__()
        assert end > start, "this example code only works with end >= start"
        self.start = start
        self.end = end

    def __iter__(self):
        worker_info = get_worker_info()
        if worker_info is None:  # single-process data loading, return the full iterator
            iter_start, iter_end = self.start, self.end
        else:  # in a worker process: split workload
            per_worker = int(math.ceil((self.end - self.start) / float(worker_info.num_workers)))
            worker_id = worker_info.id
            iter_start = self.start + worker_id * per_worker
            iter_end = min(iter_start + per_worker, self.end)
        return iter(range(iter_start, iter_end))


ds = MyIterableDataset(start=3, end=7)
print("single process:", list(DataLoader(ds, num_workers=0)))
print("batched:", [b.tolist() for b in DataLoader(ds, batch_size=3)])
print("batched, drop_last:", [b.tolist() for b in DataLoader(ds, batch_size=3, drop_last=True)])
print("batch_size=None:", list(DataLoader(ds, batch_size=None)))
print("get_worker_info in the main process:", get_worker_info())


def worker_init_fn(worker_id):
    worker_info = torch.utils.data.get_worker_info()
    dataset = worker_info.dataset  # the dataset copy in this worker process
    overall_start = dataset.start
    overall_end = dataset.end
    per_worker = int(math.ceil((overall_end - overall_start) / float(worker_info.num_workers)))
    worker_id = worker_info.id
    dataset.start = overall_start + worker_id * per_worker
    dataset.end = min(dataset.start + per_worker, overall_end)


class RangeDataset(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end

    def __iter__(self):
        return iter(range(self.start, self.end))


print("two workers:", list(DataLoader(ds, num_workers=2)))
print("two workers, batched:", [b.tolist() for b in DataLoader(MyIterableDataset(0, 10), batch_size=2, num_workers=2)])
print("worker_init_fn, two workers:", list(DataLoader(RangeDataset(3, 7), num_workers=2, worker_init_fn=worker_init_fn)))
print("worker_init_fn, main process:", list(DataLoader(RangeDataset(3, 7), num_workers=0, worker_init_fn=worker_init_fn)))

# default_collate on the structures samples come in
print(default_collate([(1, 2.0), (3, 4.0)]))
print(default_collate([{"x": torch.tensor([1, 2]), "y": 0}, {"x": torch.tensor([3, 4]), "y": 1}]))
print(default_collate([torch.ones(2), torch.zeros(2)]))


class SignalStream(IterableDataset):
    """Variable-length noisy sine records with a label: 1 if the frequency is high."""

    def __init__(self, n, seed):
        super().__init__()
        self.n, self.seed = n, seed

    def __iter__(self):
        g = torch.Generator().manual_seed(self.seed)
        for _ in range(self.n):
            length = int(torch.randint(5, 12, (1,), generator=g))
            freq = float(torch.rand(1, generator=g)) * 2.0 + 0.5
            t = torch.arange(length, dtype=torch.float32)
            x = torch.sin(freq * t) + 0.1 * torch.randn(length, generator=g)
            yield x, int(freq > 1.5)


class PaddedBatch:
    """A custom batch type: the docs' SimpleCustomBatch, with pin_memory() for pin_memory=True loaders."""

    def __init__(self, data):
        xs, ys = zip(*data)
        self.lengths = torch.tensor([len(x) for x in xs])
        self.inp = nn.utils.rnn.pad_sequence(list(xs), batch_first=True)
        self.tgt = torch.tensor(ys)

    def pin_memory(self):
        self.inp = self.inp.pin_memory()
        self.tgt = self.tgt.pin_memory()
        return self


def collate_wrapper(batch):
    return PaddedBatch(batch)


loader = DataLoader(SignalStream(6, seed=1), batch_size=4, collate_fn=collate_wrapper, pin_memory=False)
for batch in loader:
    print(type(batch).__name__, tuple(batch.inp.shape), batch.lengths.tolist(), batch.tgt.tolist(),
          round(batch.inp.sum().item(), 4))


class Classifier(nn.Module):
    """Features of a padded record: masked mean and masked mean of the squared first difference."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, inp, lengths):
        mask = torch.arange(inp.shape[1])[None, :] < lengths[:, None]
        mean = (inp * mask).sum(1) / lengths
        diff = (inp[:, 1:] - inp[:, :-1]) ** 2 * mask[:, 1:]
        rough = diff.sum(1) / (lengths - 1)
        return self.fc(torch.stack([mean, rough], 1))


model = Classifier()
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for epoch in range(8):
    total, correct, loss_sum = 0, 0, 0.0
    for batch in DataLoader(SignalStream(64, seed=100), batch_size=16, collate_fn=collate_wrapper):
        logits = model(batch.inp, batch.lengths)
        loss = F.cross_entropy(logits, batch.tgt)
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(batch.tgt)
        correct += (logits.argmax(1) == batch.tgt).sum().item()
        total += len(batch.tgt)
    print(f"epoch {epoch} loss {loss_sum / total:.4f} acc {correct / total:.3f}")

try:
    len(DataLoader(RangeDataset(0, 4)))
except TypeError as e:
    print("TypeError:", e)
