# Deep Learning with PyTorch Step-by-Step (Godoy), chapters 1-3: linear regression with synthetic data, the
# make_train_step_fn / make_val_step_fn higher-order helpers, a mini_batch loop over DataLoaders, and the
# StepByStep class (to(device), set_loaders, set_seed, train, save/load_checkpoint, predict, count_parameters),
# then the binary classification chapter with BCEWithLogitsLoss and pos_weight.
import os
import random
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset, random_split


class StepByStep(object):
    def __init__(self, model, loss_fn, optimizer):
        self.model = model
        self.loss_fn = loss_fn
        self.optimizer = optimizer
        self.device = 'cuda' if torch.cuda.is_available() else 'cpu'
        self.model.to(self.device)
        self.train_loader = None
        self.val_loader = None
        self.losses = []
        self.val_losses = []
        self.total_epochs = 0
        self.train_step_fn = self._make_train_step_fn()
        self.val_step_fn = self._make_val_step_fn()

    def to(self, device):
        try:
            self.device = device
            self.model.to(self.device)
        except RuntimeError:
            self.device = 'cuda' if torch.cuda.is_available() else 'cpu'
            print(f"Couldn't send it to {device}, sending it to {self.device} instead.")
            self.model.to(self.device)

    def set_loaders(self, train_loader, val_loader=None):
        self.train_loader = train_loader
        self.val_loader = val_loader

    def _make_train_step_fn(self):
        def perform_train_step_fn(x, y):
            self.model.train()
            yhat = self.model(x)
            loss = self.loss_fn(yhat, y)
            loss.backward()
            self.optimizer.step()
            self.optimizer.zero_grad()
            return loss.item()
        return perform_train_step_fn

    def _make_val_step_fn(self):
        def perform_val_step_fn(x, y):
            self.model.eval()
            yhat = self.model(x)
            loss = self.loss_fn(yhat, y)
            return loss.item()
        return perform_val_step_fn

    def _mini_batch(self, validation=False):
        if validation:
            data_loader = self.val_loader
            step_fn = self.val_step_fn
        else:
            data_loader = self.train_loader
            step_fn = self.train_step_fn
        if data_loader is None:
            return None
        mini_batch_losses = []
        for x_batch, y_batch in data_loader:
            x_batch = x_batch.to(self.device)
            y_batch = y_batch.to(self.device)
            mini_batch_losses.append(step_fn(x_batch, y_batch))
        return np.mean(mini_batch_losses)

    def set_seed(self, seed=42):
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        torch.manual_seed(seed)
        np.random.seed(seed)
        random.seed(seed)

    def train(self, n_epochs, seed=42):
        self.set_seed(seed)
        for epoch in range(n_epochs):
            self.total_epochs += 1
            loss = self._mini_batch(validation=False)
            self.losses.append(loss)
            with torch.no_grad():
                val_loss = self._mini_batch(validation=True)
                self.val_losses.append(val_loss)

    def save_checkpoint(self, filename):
        checkpoint = {'epoch': self.total_epochs,
                      'model_state_dict': self.model.state_dict(),
                      'optimizer_state_dict': self.optimizer.state_dict(),
                      'loss': self.losses,
                      'val_loss': self.val_losses}
        torch.save(checkpoint, filename)

    def load_checkpoint(self, filename):
        checkpoint = torch.load(filename, weights_only=False)
        self.model.load_state_dict(checkpoint['model_state_dict'])
        self.optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
        self.total_epochs = checkpoint['epoch']
        self.losses = checkpoint['loss']
        self.val_losses = checkpoint['val_loss']
        self.model.train()

    def predict(self, x):
        self.model.eval()
        x_tensor = torch.as_tensor(x).float()
        y_hat_tensor = self.model(x_tensor.to(self.device))
        self.model.train()
        return y_hat_tensor.detach().cpu().numpy()

    def count_parameters(self):
        return sum(p.numel() for p in self.model.parameters() if p.requires_grad)


# Chapter 0/1: data generation with numpy
true_b = 1
true_w = 2
N = 100
np.random.seed(42)
x = np.random.rand(N, 1)
epsilon = (.1 * np.random.randn(N, 1))
y = true_b + true_w * x + epsilon
print('x', x.shape, x.dtype, 'y', y.shape)

# Numpy gradient descent, a few steps, as chapter 0 does
idx = np.arange(N)
np.random.shuffle(idx)
train_idx = idx[:int(N * .8)]
val_idx = idx[int(N * .8):]
x_train, y_train = x[train_idx], y[train_idx]
x_val, y_val = x[val_idx], y[val_idx]
b = np.random.randn(1)
w = np.random.randn(1)
lr = 0.1
for epoch in range(1000):
    yhat = b + w * x_train
    error = (yhat - y_train)
    b_grad = 2 * error.mean()
    w_grad = 2 * (x_train * error).mean()
    b = b - lr * b_grad
    w = w - lr * w_grad
print('numpy b, w:', np.round(b, 4), np.round(w, 4))

# Chapter 1: tensors and autograd
device = 'cuda' if torch.cuda.is_available() else 'cpu'
x_train_tensor = torch.as_tensor(x_train).float().to(device)
y_train_tensor = torch.as_tensor(y_train).float().to(device)
print(type(x_train), type(x_train_tensor), x_train_tensor.type().replace('cuda.', ''))
back_to_numpy = x_train_tensor.cpu().numpy()
print(type(back_to_numpy), back_to_numpy.dtype)

torch.manual_seed(42)
b = torch.randn(1, requires_grad=True, dtype=torch.float, device=device)
w = torch.randn(1, requires_grad=True, dtype=torch.float, device=device)
print(b, w)
optimizer = optim.SGD([b, w], lr=lr)
loss_fn = nn.MSELoss(reduction='mean')
for epoch in range(500):
    yhat = b + w * x_train_tensor
    loss = loss_fn(yhat, y_train_tensor)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
print('autograd b, w:', b, w)
print(loss_fn)


class ManualLinearRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.b = nn.Parameter(torch.randn(1, requires_grad=True, dtype=torch.float))
        self.w = nn.Parameter(torch.randn(1, requires_grad=True, dtype=torch.float))

    def forward(self, x):
        return self.b + self.w * x


torch.manual_seed(42)
dummy = ManualLinearRegression().to(device)
print(list(dummy.parameters()))
print(dummy.state_dict())
print(nn.Sequential(nn.Linear(1, 1)).state_dict().keys())

# Chapter 2: datasets, loaders, higher-order step functions
torch.manual_seed(13)
x_tensor = torch.as_tensor(x).float()
y_tensor = torch.as_tensor(y).float()
dataset = TensorDataset(x_tensor, y_tensor)
ratio = .8
n_total = len(dataset)
n_train = int(n_total * ratio)
n_val = n_total - n_train
train_data, val_data = random_split(dataset, [n_train, n_val])
print(len(train_data), len(val_data), dataset[0])
train_loader = DataLoader(dataset=train_data, batch_size=16, shuffle=True)
val_loader = DataLoader(dataset=val_data, batch_size=16)
print(len(train_loader), len(val_loader))

# Chapter 2.1: the StepByStep class
torch.manual_seed(42)
model = nn.Sequential(nn.Linear(1, 1))
optimizer = optim.SGD(model.parameters(), lr=lr)
sbs = StepByStep(model, loss_fn, optimizer)
sbs.set_loaders(train_loader, val_loader)
sbs.train(n_epochs=100)
print(model.state_dict())
print('total epochs', sbs.total_epochs, 'params', sbs.count_parameters())
print('last losses %.4f %.4f' % (sbs.losses[-1], sbs.val_losses[-1]))
new_data = np.array([.5, .3, .7]).reshape(-1, 1)
predictions = sbs.predict(new_data)
print(np.round(predictions, 4))

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, 'model_checkpoint.pth')
    sbs.save_checkpoint(path)
    new_model = nn.Sequential(nn.Linear(1, 1))
    new_optimizer = optim.SGD(new_model.parameters(), lr=lr)
    new_sbs = StepByStep(new_model, loss_fn, new_optimizer)
    new_sbs.load_checkpoint(path)
    print('resumed at', new_sbs.total_epochs, new_model.state_dict())
    new_sbs.set_loaders(train_loader, val_loader)
    new_sbs.train(n_epochs=20)
    print('after resuming', new_sbs.total_epochs, len(new_sbs.losses))
    print(new_model.state_dict())

# Chapter 3: binary classification with logits
np.random.seed(13)
X = np.random.randn(100, 2)
yb = (X[:, 0] + 0.5 * X[:, 1] + 0.3 * np.random.randn(100) > 0.4).astype(np.float32)
X_train, X_val = X[:80], X[80:]
y_train, y_val = yb[:80], yb[80:]
X_train_tensor = torch.as_tensor(X_train).float()
y_train_tensor = torch.as_tensor(y_train.reshape(-1, 1)).float()
X_val_tensor = torch.as_tensor(X_val).float()
y_val_tensor = torch.as_tensor(y_val.reshape(-1, 1)).float()
train_loader = DataLoader(TensorDataset(X_train_tensor, y_train_tensor), batch_size=16, shuffle=True)
val_loader = DataLoader(TensorDataset(X_val_tensor, y_val_tensor), batch_size=16)


def odds_ratio(prob):
    return prob / (1 - prob)


def log_odds_ratio(prob):
    return np.log(odds_ratio(prob))


p = .75
q = 1 - p
print(odds_ratio(p), odds_ratio(q), log_odds_ratio(p), log_odds_ratio(q))
logit1 = torch.tensor(log_odds_ratio(.8))
print(torch.sigmoid(logit1), nn.Sigmoid()(logit1))

dummy_labels = torch.tensor([1.0, 0.0])
dummy_predictions = torch.tensor([.9, .2])
print(nn.BCELoss(reduction='mean')(dummy_predictions, dummy_labels))
logit1 = log_odds_ratio(.9)
logit2 = log_odds_ratio(.2)
dummy_logits = torch.tensor([logit1, logit2])
print(nn.BCEWithLogitsLoss(reduction='mean')(dummy_logits, dummy_labels))
n_neg = (y_train == 0).sum()
n_pos = (y_train == 1).sum()
pos_weight = torch.as_tensor(n_neg / n_pos).reshape(1,)
print(pos_weight)
loss_fn_imb = nn.BCEWithLogitsLoss(reduction='sum', pos_weight=pos_weight)
print(loss_fn_imb(torch.tensor([0.5, -1.0, 2.0]), torch.tensor([1.0, 0.0, 1.0])))

torch.manual_seed(42)
model = nn.Sequential()
model.add_module('linear', nn.Linear(2, 1))
optimizer = optim.SGD(model.parameters(), lr=0.1)
sbs = StepByStep(model, nn.BCEWithLogitsLoss(), optimizer)
sbs.set_loaders(train_loader, val_loader)
sbs.train(50)
print(model.state_dict())
logits_val = sbs.predict(X_val[:4])
probabilities = 1 / (1 + np.exp(-logits_val))
print(np.round(logits_val, 4).ravel(), (probabilities >= .5).astype(int).ravel())
acc = ((sbs.predict(X_val) >= 0).ravel() == y_val).mean()
print('validation accuracy', acc)
