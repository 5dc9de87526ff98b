# Time-series forecasting with an LSTM (a common blog/course recipe): sliding windows, min-max scaling, batch_first
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)

t = np.arange(0, 200, dtype=np.float32)
series = np.sin(t * 0.1) + 0.5 * np.cos(t * 0.05)
lo, hi = series.min(), series.max()
scaled = (series - lo) / (hi - lo)


def create_sequences(data, seq_length):
    xs, ys = [], []
    for i in range(len(data) - seq_length):
        x = data[i:(i + seq_length)]
        y = data[i + seq_length]
        xs.append(x)
        ys.append(y)
    return np.array(xs), np.array(ys)


seq_length = 12
X, y = create_sequences(scaled, seq_length)
print(X.shape, y.shape, X.dtype)
train_size = int(len(y) * 0.8)
X_train = torch.from_numpy(X[:train_size]).float().unsqueeze(-1)
y_train = torch.from_numpy(y[:train_size]).float().unsqueeze(-1)
X_test = torch.from_numpy(X[train_size:]).float().unsqueeze(-1)
y_test = torch.from_numpy(y[train_size:]).float().unsqueeze(-1)
print(X_train.shape, y_train.shape, X_test.shape, y_test.shape)


class LSTMForecaster(nn.Module):
    def __init__(self, input_size=1, hidden_size=32, num_layers=2, output_size=1):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True, dropout=0.1)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        c0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        out, (hn, cn) = self.lstm(x, (h0, c0))
        out = self.fc(out[:, -1, :])
        return out


model = LSTMForecaster()
print(model)
print(f"Trainable parameters: {sum(p.numel() for p in model.parameters() if p.requires_grad)}")
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.5, patience=3)
loader = DataLoader(TensorDataset(X_train, y_train), batch_size=16, shuffle=True)
history = []
for epoch in range(15):
    model.train()
    epoch_loss = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        pred = model(xb)
        loss = criterion(pred, yb)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        epoch_loss += loss.item() * xb.size(0)
    epoch_loss /= len(loader.dataset)
    model.eval()
    with torch.no_grad():
        val_loss = criterion(model(X_test), y_test).item()
    scheduler.step(val_loss)
    history.append(val_loss)
print("validation loss improved:", history[-1] < history[0])
print("lr groups:", len(optimizer.param_groups), "lr is a float:", isinstance(optimizer.param_groups[0]["lr"], float))
model.eval()
with torch.no_grad():
    preds = model(X_test).squeeze(-1).numpy()
preds_unscaled = preds * (hi - lo) + lo
print(type(preds), preds.dtype, preds.shape, preds_unscaled.shape)
last_window = torch.tensor(scaled[-seq_length:]).view(1, seq_length, 1)
future = []
with torch.no_grad():
    window = last_window.clone()
    for _ in range(5):
        nxt = model(window)
        future.append(nxt.item())
        window = torch.cat([window[:, 1:, :], nxt.view(1, 1, 1)], dim=1)
print(len(future), window.shape)
