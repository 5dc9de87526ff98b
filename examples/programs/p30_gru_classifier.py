# A bidirectional GRU that classifies sequences by whether they rise or fall, trained with mini-batches.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

steps = torch.linspace(0, 1, 10)
rising = torch.stack([steps * (1 + k / 10) + torch.sin(steps * 6 + k) * 0.1 for k in range(12)])
falling = rising.flip(1)
sequences = torch.cat([rising, falling]).unsqueeze(-1)
labels = torch.cat([torch.ones(12), torch.zeros(12)]).long()
print("sequences:", sequences.shape)


class GRUClassifier(nn.Module):
    def __init__(self, hidden=8):
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, 2)

    def forward(self, x):
        _, h = self.gru(x)
        return self.fc(torch.cat([h[0], h[1]], dim=1))


model = GRUClassifier()
print(model)
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.sin(torch.arange(p.numel(), dtype=torch.float32) * 0.53 + i).reshape(p.shape) * 0.3)
loader = DataLoader(TensorDataset(sequences, labels), batch_size=8)
optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
for epoch in range(12):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    if epoch % 4 == 3:
        print(f"epoch {epoch + 1}: loss {total / len(labels):.4f}")
with torch.no_grad():
    accuracy = (model(sequences).argmax(1) == labels).float().mean().item()
print("accuracy:", accuracy)
