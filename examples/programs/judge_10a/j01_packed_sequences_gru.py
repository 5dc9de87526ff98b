# Variable-length sequences with torch.nn.utils.rnn (pad_sequence, pack_padded_sequence, pad_packed_sequence,
# pack_sequence): a GRU classifier that decides whether a sequence of digits contains a 7, trained on batches
# padded by a custom collate_fn, reading the last valid hidden state of every sequence.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence, pack_sequence
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)

a = torch.tensor([1, 2, 3])
b = torch.tensor([4, 5])
c = torch.tensor([6])
padded = pad_sequence([a, b, c], batch_first=True, padding_value=0)
print(padded)
packed = pack_sequence([a, b, c])
print("packed data:", packed.data.tolist())
print("batch sizes:", packed.batch_sizes.tolist())
try:
    pack_sequence([c, a], enforce_sorted=True)
except RuntimeError as e:
    print("RuntimeError:", str(e).split("\n")[0][:60])


class SevenDataset(Dataset):
    def __init__(self, n):
        self.items = []
        for _ in range(n):
            length = int(torch.randint(2, 9, (1,)))
            seq = torch.randint(1, 10, (length,))
            self.items.append((seq, int((seq == 7).any())))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    return pad_sequence(list(seqs), batch_first=True), lengths, torch.tensor(labels)


class GRUClassifier(nn.Module):
    def __init__(self, vocab=10, emb=8, hidden=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb, padding_idx=0)
        self.gru = nn.GRU(emb, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.embed(x), lengths, batch_first=True, enforce_sorted=False)
        out, h = self.gru(packed)
        return self.head(h[-1]), out


train = SevenDataset(600)
test = SevenDataset(200)
loader = DataLoader(train, batch_size=32, shuffle=True, collate_fn=collate)
model = GRUClassifier()
opt = torch.optim.Adam(model.parameters(), lr=0.01)

x, lengths, y = next(iter(loader))
logits, out = model(x, lengths)
unpacked, out_lengths = pad_packed_sequence(out, batch_first=True)
print("padded batch:", tuple(x.shape), "unpacked:", tuple(unpacked.shape), "lengths equal:",
      torch.equal(out_lengths, lengths))
mask = torch.arange(unpacked.shape[1])[None, :] >= lengths[:, None]
print("padded outputs are zero:", unpacked[mask].abs().sum().item())
print("embedding of padding_idx:", model.embed(torch.tensor([0])).abs().sum().item())

for epoch in range(12):
    total, n = 0.0, 0
    for x, lengths, y in loader:
        logits, _ = model(x, lengths)
        loss = F.cross_entropy(logits, y)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        total += loss.item() * len(y)
        n += len(y)
    if epoch % 3 == 2:
        print(f"epoch {epoch + 1:2d} loss {total / n:.4f}")

model.eval()
with torch.no_grad():
    x, lengths, y = collate([test[i] for i in range(len(test))])
    logits, _ = model(x, lengths)
    acc = (logits.argmax(1) == y).float().mean().item()
print(f"test accuracy {acc:.3f}")
print("grad_fn of logits:", type(model(x, lengths)[0].grad_fn).__name__)
