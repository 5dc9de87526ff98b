# An autoencoder with a 2-D bottleneck trained with BCELoss on binary patterns.
import torch
import torch.nn as nn

patterns = torch.tensor([[int(b) for b in format(i, "08b")] for i in range(0, 256, 17)], dtype=torch.float32)
print("patterns:", patterns.shape)


class AutoEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(8, 6), nn.ELU(), nn.Linear(6, 2))
        self.decoder = nn.Sequential(nn.Linear(2, 6), nn.LeakyReLU(0.1), nn.Linear(6, 8), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))


model = AutoEncoder()
for i, module in enumerate(m for m in model.modules() if isinstance(m, nn.Linear)):
    with torch.no_grad():
        module.weight.copy_(torch.sin(torch.arange(module.weight.numel()) * 1.3 + i).reshape(module.weight.shape))
        nn.init.constant_(module.bias, 0.01)
criterion = nn.BCELoss()
optimizer = torch.optim.RMSprop(model.parameters(), lr=0.01)
for epoch in range(100):
    optimizer.zero_grad()
    reconstruction = model(patterns)
    loss = criterion(reconstruction, patterns)
    loss.backward()
    optimizer.step()
    if epoch % 25 == 24:
        print(f"epoch {epoch + 1}: bce {loss.item():.4f}")
with torch.no_grad():
    codes = model.encoder(patterns)
    bits_wrong = ((model(patterns) > 0.5).float() != patterns).sum().item()
print("codes:", codes.shape)
print("wrong bits:", int(bits_wrong), "of", patterns.numel())
