# A small Transformer encoder for sequence classification (is the sequence sorted?), with positional embeddings.
import torch
import torch.nn as nn


class SortedClassifier(nn.Module):
    def __init__(self, vocab=10, dim=16, length=5):
        super().__init__()
        self.tokens = nn.Embedding(vocab, dim)
        self.positions = nn.Parameter(torch.zeros(1, length, dim))
        layer = nn.TransformerEncoderLayer(d_model=dim, nhead=2, dim_feedforward=32, dropout=0.0,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2)
        self.head = nn.Linear(dim, 2)

    def forward(self, x):
        h = self.encoder(self.tokens(x) + self.positions)
        return self.head(h.mean(dim=1))


sequences = torch.tensor([[(i * j + j) % 10 for j in range(5)] for i in range(16)])
ascending = torch.tensor([[min(9, i + j) for j in range(5)] for i in range(8)])
data = torch.cat([sequences, ascending])
labels = (data[:, 1:] >= data[:, :-1]).all(dim=1).long()
print("data:", data.shape, "sorted:", labels.sum().item())

torch.manual_seed(0)
model = SortedClassifier()
print("parameters:", sum(p.numel() for p in model.parameters()))
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.sin(torch.arange(p.numel(), dtype=torch.float32) * 0.61 + i).reshape(p.shape) * 0.2)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3)
for step in range(30):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(data), labels)
    loss.backward()
    optimizer.step()
    if step % 10 == 9:
        print(f"step {step + 1}: loss {loss.item():.4f}")
model.eval()
with torch.no_grad():
    accuracy = (model(data).argmax(1) == labels).float().mean()
print("accuracy:", round(accuracy.item(), 3))
