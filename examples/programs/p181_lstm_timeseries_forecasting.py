# The "time-series forecasting with an LSTM" notebook (airline passengers, Udemy/Kaggle style) on a synthetic
# seasonal series: MinMaxScaler written by hand into [-1, 1], input_data sliding windows of length 12, an
# LSTMnetwork whose hidden state is a (h, c) attribute reset every sequence, MSELoss and Adam, then forecasting
# future points by feeding predictions back, and inverting the scaling.
import math

import numpy as np
import torch
import torch.nn as nn

t = np.arange(144)
series = (100 + 1.5 * t + 30 * np.sin(2 * np.pi * t / 12) + 5 * np.cos(t)).astype(np.float32)
test_size = 12
train_set = series[:-test_size]
test_set = series[-test_size:]
lo, hi = train_set.min(), train_set.max()
train_norm = (train_set - lo) * 2 / (hi - lo) - 1
print(round(float(train_norm.min()), 4), round(float(train_norm.max()), 4))
train_norm = torch.FloatTensor(train_norm).view(-1)

window_size = 12


def input_data(seq, ws):
    out = []
    L = len(seq)
    for i in range(L - ws):
        window = seq[i:i + ws]
        label = seq[i + ws:i + ws + 1]
        out.append((window, label))
    return out


train_data = input_data(train_norm, window_size)
print(len(train_data), train_data[0][0].shape, train_data[0][1])


class LSTMnetwork(nn.Module):
    def __init__(self, input_size=1, hidden_size=32, output_size=1):
        super().__init__()
        self.hidden_size = hidden_size
        self.lstm = nn.LSTM(input_size, hidden_size)
        self.linear = nn.Linear(hidden_size, output_size)
        self.hidden = (torch.zeros(1, 1, self.hidden_size), torch.zeros(1, 1, self.hidden_size))

    def forward(self, seq):
        lstm_out, self.hidden = self.lstm(seq.view(len(seq), 1, -1), self.hidden)
        pred = self.linear(lstm_out.view(len(seq), -1))
        return pred[-1]


torch.manual_seed(42)
model = LSTMnetwork()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
print(model)
print([tuple(p.shape) for p in model.parameters()])

epochs = 3
for epoch in range(epochs):
    for seq, y_train in train_data[::4]:
        optimizer.zero_grad()
        model.hidden = (torch.zeros(1, 1, model.hidden_size), torch.zeros(1, 1, model.hidden_size))
        y_pred = model(seq)
        loss = criterion(y_pred, y_train)
        loss.backward()
        optimizer.step()
    print(f'Epoch: {epoch + 1:2} Loss: {loss.item():10.8f}')

future = 12
preds = train_norm[-window_size:].tolist()
model.eval()
for i in range(future):
    seq = torch.FloatTensor(preds[-window_size:])
    with torch.no_grad():
        model.hidden = (torch.zeros(1, 1, model.hidden_size), torch.zeros(1, 1, model.hidden_size))
        preds.append(model(seq).item())
true_predictions = (np.array(preds[window_size:]).reshape(-1, 1) + 1) * (hi - lo) / 2 + lo
print(true_predictions.shape)
print(np.round(true_predictions[:4, 0], 2))
rmse = math.sqrt(float(np.mean((true_predictions[:, 0] - test_set) ** 2)))
print(f'RMSE: {rmse:.3f}')
