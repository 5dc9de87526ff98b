# d2l.ai chapter 5.7 (Predicting House Prices on Kaggle), on a synthetic table built with the csv module in
# place of the download: numeric standardization and filling missing values with 0, one-hot "dummy" columns for a
# categorical feature written by hand, log_rmse with torch.clamp(net(features), 1, float('inf')), a linear net
# trained with Adam and weight_decay, get_k_fold_data with torch.cat of the other folds, k_fold reporting the
# average train and validation log rmse, and train_and_pred writing a submission csv.
import csv
import io
import math
import random

import torch
from torch import nn

random.seed(0)
rows = []
for i in range(1, 161):
    area = random.uniform(50, 300)
    rooms = random.randint(1, 6)
    year = random.randint(1950, 2020)
    zone = random.choice(["RL", "RM", "FV", "C"])
    base = 40000 + 900 * area + 12000 * rooms + 300 * (year - 1950) + {"RL": 20000, "RM": 0, "FV": 35000, "C": -15000}[zone]
    price = base * math.exp(random.gauss(0, 0.08))
    lot = "" if random.random() < 0.1 else f"{random.uniform(1000, 20000):.0f}"
    rows.append({"Id": i, "LotArea": lot, "Area": f"{area:.1f}", "Rooms": rooms, "YearBuilt": year,
                 "MSZoning": zone, "SalePrice": f"{price:.0f}"})
buffer = io.StringIO()
writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
writer.writeheader()
writer.writerows(rows)
text = buffer.getvalue()
all_rows = list(csv.DictReader(io.StringIO(text)))
train_data, test_data = all_rows[:120], all_rows[120:]
print(len(train_data), len(test_data), list(train_data[0])[:4], train_data[0]["SalePrice"])

numeric_features = ["LotArea", "Area", "Rooms", "YearBuilt"]
columns = {}
for name in numeric_features:
    values = torch.tensor([float(r[name]) if r[name] != "" else float("nan") for r in all_rows])
    present = values[~torch.isnan(values)]
    standardized = (values - present.mean()) / present.std()
    columns[name] = torch.nan_to_num(standardized, nan=0.0)
print({k: abs(round(v.mean().item(), 4)) for k, v in columns.items()})
print(int(sum(r["LotArea"] == "" for r in all_rows)), "missing LotArea values filled with 0")
zones = sorted({r["MSZoning"] for r in all_rows})
for zone in zones:
    columns[f"MSZoning_{zone}"] = torch.tensor([1.0 if r["MSZoning"] == zone else 0.0 for r in all_rows])
all_features = torch.stack(list(columns.values()), dim=1)
print(all_features.shape, list(columns)[-4:])
n_train = len(train_data)
train_features = all_features[:n_train].to(torch.float32)
test_features = all_features[n_train:].to(torch.float32)
train_labels = torch.tensor([float(r["SalePrice"]) for r in train_data], dtype=torch.float32).reshape(-1, 1)
print(train_features.dtype, train_labels[:3].squeeze())

loss = nn.MSELoss()
in_features = train_features.shape[1]


def get_net():
    net = nn.Sequential(nn.Linear(in_features, 1))
    return net


def log_rmse(net, features, labels):
    clipped_preds = torch.clamp(net(features), 1, float('inf'))
    rmse = torch.sqrt(loss(torch.log(clipped_preds), torch.log(labels)))
    return rmse.item()


def train(net, train_features, train_labels, test_features, test_labels, num_epochs, learning_rate, weight_decay,
          batch_size):
    train_ls, test_ls = [], []
    train_iter = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(train_features, train_labels),
                                             batch_size, shuffle=True)
    optimizer = torch.optim.Adam(net.parameters(), lr=learning_rate, weight_decay=weight_decay)
    for epoch in range(num_epochs):
        for X, y in train_iter:
            optimizer.zero_grad()
            l = loss(net(X), y)
            l.backward()
            optimizer.step()
        train_ls.append(log_rmse(net, train_features, train_labels))
        if test_labels is not None:
            test_ls.append(log_rmse(net, test_features, test_labels))
    return train_ls, test_ls


def get_k_fold_data(k, i, X, y):
    assert k > 1
    fold_size = X.shape[0] // k
    X_train, y_train = None, None
    for j in range(k):
        idx = slice(j * fold_size, (j + 1) * fold_size)
        X_part, y_part = X[idx, :], y[idx]
        if j == i:
            X_valid, y_valid = X_part, y_part
        elif X_train is None:
            X_train, y_train = X_part, y_part
        else:
            X_train = torch.cat([X_train, X_part], 0)
            y_train = torch.cat([y_train, y_part], 0)
    return X_train, y_train, X_valid, y_valid


Xtr, ytr, Xva, yva = get_k_fold_data(4, 1, train_features, train_labels)
print(Xtr.shape, ytr.shape, Xva.shape, yva.shape)


def k_fold(k, X_train, y_train, num_epochs, learning_rate, weight_decay, batch_size):
    train_l_sum, valid_l_sum = 0, 0
    for i in range(k):
        data = get_k_fold_data(k, i, X_train, y_train)
        net = get_net()
        train_ls, valid_ls = train(net, *data, num_epochs, learning_rate, weight_decay, batch_size)
        train_l_sum += train_ls[-1]
        valid_l_sum += valid_ls[-1]
        print(f'fold {i + 1}, train log rmse {float(train_ls[-1]):f}, valid log rmse {float(valid_ls[-1]):f}')
    return train_l_sum / k, valid_l_sum / k


torch.manual_seed(0)
k, num_epochs, lr, weight_decay, batch_size = 4, 60, 5000, 0, 16
train_l, valid_l = k_fold(k, train_features, train_labels, num_epochs, lr, weight_decay, batch_size)
print(f'{k}-fold validation: avg train log rmse: {float(train_l):f}, avg valid log rmse: {float(valid_l):f}')


def train_and_pred(train_features, test_features, train_labels, test_data, num_epochs, lr, weight_decay,
                   batch_size):
    net = get_net()
    train_ls, _ = train(net, train_features, train_labels, None, None, num_epochs, lr, weight_decay, batch_size)
    print(f'train log rmse {float(train_ls[-1]):f}')
    preds = net(test_features).detach().numpy()
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Id", "SalePrice"])
    for r, p in zip(test_data, preds.reshape(-1)):
        w.writerow([r["Id"], f"{p:.0f}"])
    return out.getvalue()


torch.manual_seed(1)
submission = train_and_pred(train_features, test_features, train_labels, test_data, num_epochs, lr, weight_decay,
                            batch_size)
lines = submission.splitlines()
print(len(lines), lines[0])
actual = torch.tensor([float(r["SalePrice"]) for r in test_data])
predicted = torch.tensor([float(line.split(",")[1]) for line in lines[1:]])
print("test log rmse %.3f" % torch.sqrt(((torch.log(predicted.clamp(min=1)) - torch.log(actual)) ** 2).mean()).item())
