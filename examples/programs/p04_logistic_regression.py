# Binary classification with logistic regression and BCEWithLogitsLoss.
import torch
import torch.nn as nn
import torch.nn.functional as F

# two interleaved clusters on a grid, labelled by a line
grid = torch.linspace(-2, 2, 10)
xs, ys = torch.meshgrid(grid, grid, indexing="ij")
features = torch.stack([xs.flatten(), ys.flatten()], dim=1)
labels = (features[:, 0] + 0.5 * features[:, 1] > 0.2).float()
print("features:", features.shape, "positives:", int(labels.sum().item()))


class LogisticRegression(nn.Module):
    def __init__(self, in_features):
        super().__init__()
        self.linear = nn.Linear(in_features, 1)

    def forward(self, x):
        return self.linear(x).squeeze(1)


model = LogisticRegression(2)
nn.init.zeros_(model.linear.weight)
nn.init.zeros_(model.linear.bias)
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
for epoch in range(60):
    logits = model(features)
    loss = loss_fn(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch}: loss {loss.item():.5f}")

with torch.no_grad():
    probabilities = torch.sigmoid(model(features))
    predictions = (probabilities > 0.5).float()
    accuracy = (predictions == labels).float().mean()
print(f"accuracy: {accuracy.item():.3f}")
print("same loss from F:", round(F.binary_cross_entropy(probabilities, labels).item(), 5))
print("weights:", model.linear.weight.data.round(decimals=3))
