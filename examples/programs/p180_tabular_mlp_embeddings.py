# The Kaggle/fast.ai-style tabular model written in plain PyTorch (the "entity embeddings" notebooks):
# categorical columns label-encoded into nn.Embedding tables sized min(50, (n+1)//2), continuous columns through
# BatchNorm1d, a ModuleList of embeddings concatenated, embedding dropout, Linear/ReLU/BatchNorm/Dropout blocks,
# a TensorDataset + DataLoader, Adam, and accuracy on a held-out split.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.RandomState(0)
n = 600
cat_cols = {'workclass': 6, 'education': 9, 'marital': 4}
cats = np.stack([rng.randint(0, k, n) for k in cat_cols.values()], 1)
conts = rng.randn(n, 3).astype(np.float32)
logit = conts[:, 0] * 1.5 - conts[:, 1] + (cats[:, 1] > 4) * 1.0 - (cats[:, 2] == 1) * 1.2
y = (logit + 0.3 * rng.randn(n) > 0).astype(np.int64)
print(cats.shape, conts.shape, y.mean().round(3))

emb_szs = [(k, min(50, (k + 1) // 2)) for k in cat_cols.values()]
print(emb_szs)


class TabularModel(nn.Module):
    def __init__(self, emb_szs, n_cont, out_sz, layers, p=0.4):
        super().__init__()
        self.embeds = nn.ModuleList([nn.Embedding(ni, nf) for ni, nf in emb_szs])
        self.emb_drop = nn.Dropout(p)
        self.bn_cont = nn.BatchNorm1d(n_cont)
        layerlist = []
        n_emb = sum(nf for ni, nf in emb_szs)
        n_in = n_emb + n_cont
        for i in layers:
            layerlist.append(nn.Linear(n_in, i))
            layerlist.append(nn.ReLU(inplace=True))
            layerlist.append(nn.BatchNorm1d(i))
            layerlist.append(nn.Dropout(p))
            n_in = i
        layerlist.append(nn.Linear(layers[-1], out_sz))
        self.layers = nn.Sequential(*layerlist)

    def forward(self, x_cat, x_cont):
        embeddings = []
        for i, e in enumerate(self.embeds):
            embeddings.append(e(x_cat[:, i]))
        x = torch.cat(embeddings, 1)
        x = self.emb_drop(x)
        x_cont = self.bn_cont(x_cont)
        x = torch.cat([x, x_cont], 1)
        x = self.layers(x)
        return x


torch.manual_seed(33)
model = TabularModel(emb_szs, conts.shape[1], 2, [32, 16], p=0.2)
print(model.embeds)
print(sum(p.numel() for p in model.parameters()))

cat_t = torch.tensor(cats, dtype=torch.int64)
cont_t = torch.tensor(conts, dtype=torch.float)
y_t = torch.tensor(y).flatten()
test_size = 120
train_ds = TensorDataset(cat_t[:-test_size], cont_t[:-test_size], y_t[:-test_size])
train_dl = DataLoader(train_ds, batch_size=64, shuffle=True)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for epoch in range(12):
    model.train()
    total = 0.0
    for xc, xn, yb in train_dl:
        y_pred = model(xc, xn)
        loss = criterion(y_pred, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(yb)
    if epoch % 3 == 2:
        print(f'epoch: {epoch + 1:3}  loss: {total / len(train_ds):10.8f}')

model.eval()
with torch.no_grad():
    y_val = model(cat_t[-test_size:], cont_t[-test_size:])
    loss = criterion(y_val, y_t[-test_size:])
print(f'CE Loss: {loss:.8f}')
correct = (y_val.argmax(1) == y_t[-test_size:]).sum().item()
print(f'{correct} out of {test_size} = {100 * correct / test_size:.2f}% correct')
print(model.bn_cont.running_mean.shape, model.bn_cont.num_batches_tracked.item())
