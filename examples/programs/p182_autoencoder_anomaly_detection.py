# The Kaggle "credit card fraud / ECG anomaly detection with an autoencoder" notebooks in plain PyTorch:
# standardize features with the normal-class mean/std, train a dense autoencoder on normal rows only
# (Linear/Tanh bottleneck, MSELoss, Adam, DataLoader), reconstruction error per row with
# F.mse_loss(reduction='none').mean(1), a threshold at the 95th percentile of the training errors (torch.quantile),
# and precision/recall/confusion counts on a test set with injected anomalies.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
d = 10
basis = torch.randn(3, d)
normal = torch.randn(500, 3) @ basis + 0.1 * torch.randn(500, d)
test_normal = torch.randn(100, 3) @ basis + 0.1 * torch.randn(100, d)
anomalies = 2.0 * torch.randn(20, d)
mean, std = normal.mean(0), normal.std(0)
scale = lambda x: (x - mean) / std
X_train = scale(normal)
X_test = torch.cat([scale(test_normal), scale(anomalies)])
y_test = torch.cat([torch.zeros(100, dtype=torch.long), torch.ones(20, dtype=torch.long)])
print(X_train.shape, X_test.shape, round(X_train.mean().item(), 6), round(X_train.std(0).mean().item(), 4))


class Autoencoder(nn.Module):
    def __init__(self, n_features, bottleneck=3):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_features, 8), nn.Tanh(), nn.Linear(8, bottleneck))
        self.decoder = nn.Sequential(nn.Linear(bottleneck, 8), nn.Tanh(), nn.Linear(8, n_features))

    def forward(self, x):
        return self.decoder(self.encoder(x))


model = Autoencoder(d)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
loader = DataLoader(TensorDataset(X_train), batch_size=50, shuffle=True)
for epoch in range(30):
    epoch_loss = 0.0
    for (xb,) in loader:
        recon = model(xb)
        loss = F.mse_loss(recon, xb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * xb.size(0)
    if epoch % 10 == 9:
        print(f'epoch {epoch + 1}: train loss {epoch_loss / len(X_train):.4f}')

model.eval()
with torch.no_grad():
    train_err = F.mse_loss(model(X_train), X_train, reduction='none').mean(dim=1)
    test_err = F.mse_loss(model(X_test), X_test, reduction='none').mean(dim=1)
threshold = torch.quantile(train_err, 0.95)
print(f'threshold: {threshold.item():.4f}')
pred = (test_err > threshold).long()
tp = ((pred == 1) & (y_test == 1)).sum().item()
fp = ((pred == 1) & (y_test == 0)).sum().item()
fn = ((pred == 0) & (y_test == 1)).sum().item()
tn = ((pred == 0) & (y_test == 0)).sum().item()
print('confusion', [[tn, fp], [fn, tp]])
precision = tp / max(tp + fp, 1)
recall = tp / max(tp + fn, 1)
print(f'precision {precision:.3f} recall {recall:.3f}')
print(f'mean error normal {test_err[:100].mean():.4f} anomalies {test_err[100:].mean():.4f}')
top = torch.topk(test_err, 5).indices
print(sorted(top.tolist()))
print(torch.bucketize(test_err[100:105], torch.tensor([0.1, 1.0, 10.0])))
