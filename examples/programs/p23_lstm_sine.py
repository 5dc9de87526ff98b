# An LSTM that predicts the next value of sine waves, with variable-length sequences padded by pad_sequence.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence


class Forecaster(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden, num_layers=2, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        features, (h, c) = self.lstm(x)
        return self.out(features), (h, c)


t = torch.linspace(0, 6.28, 21)
waves = [torch.sin(t[: n] * f) for n, f in [(21, 1.0), (17, 1.5), (13, 2.0), (21, 0.5)]]
padded = pad_sequence(waves, batch_first=True).unsqueeze(-1)
lengths = torch.tensor([len(w) for w in waves])
print("padded:", padded.shape, "lengths:", lengths.tolist())
mask = (torch.arange(20).unsqueeze(0) < (lengths - 1).unsqueeze(1)).unsqueeze(-1).float()

model = Forecaster()
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.cos(torch.arange(p.numel(), dtype=torch.float32) * 0.77 + i).reshape(p.shape) * 0.25)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(40):
    optimizer.zero_grad()
    prediction, _ = model(padded[:, :-1])
    loss = (((prediction - padded[:, 1:]) ** 2) * mask).sum() / mask.sum()
    loss.backward()
    optimizer.step()
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1}: masked mse {loss.item():.5f}")
_, (h, c) = model(padded)
print("final states:", h.shape, c.shape)
