# A custom Dataset, DataLoader batching, a collate function, and shuffling with a seeded generator.
import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset


class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        value = self.x[index]
        return {"x": value, "y": value ** 2}


dataset = SquaresDataset(10)
print("len:", len(dataset), "item 3:", dataset[3])
loader = DataLoader(dataset, batch_size=4)
for batch in loader:
    print(batch["x"], batch["y"])
print("batches:", len(loader))

loader = DataLoader(dataset, batch_size=4, drop_last=True)
print("with drop_last:", len(loader), [b["x"].tolist() for b in loader])


def pad_collate(samples):
    lengths = [len(s) for s in samples]
    longest = max(lengths)
    out = torch.zeros(len(samples), longest)
    for row, s in enumerate(samples):
        out[row, : len(s)] = s
    return out, torch.tensor(lengths)


sequences = [torch.ones(k) * k for k in range(1, 6)]
for padded, lengths in DataLoader(sequences, batch_size=3, collate_fn=pad_collate):
    print(padded, lengths)

features = torch.arange(12.0).reshape(6, 2)
targets = torch.arange(6)
pairs = TensorDataset(features, targets)
print("TensorDataset item:", pairs[2])
torch.manual_seed(0)
generator = torch.Generator().manual_seed(42)
shuffled = DataLoader(pairs, batch_size=2, shuffle=True, generator=generator)
order = torch.cat([t for _, t in shuffled])
print("shuffled order:", order)
print("every index once:", sorted(order.tolist()) == list(range(6)))
