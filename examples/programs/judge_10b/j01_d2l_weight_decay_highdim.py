# d2l.ai "Weight Decay": high-dimensional linear regression (200 features, 20 training examples) where
# y = 0.05 + sum(0.01 * x_i) + noise. From-scratch L2 penalty with a hand-written SGD, then the concise
# version with the optimizer's weight_decay applied only to the weight (bias excluded through param groups).
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

n_train, n_test, num_inputs, batch_size = 20, 100, 200, 5
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


train_data = synthetic_data(true_w, true_b, n_train)
test_data = synthetic_data(true_w, true_b, n_test)
train_iter = DataLoader(TensorDataset(*train_data), batch_size, shuffle=True)
print("train:", tuple(train_data[0].shape), "test:", tuple(test_data[0].shape))


def init_params():
    w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return [w, b]


def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def evaluate_loss(net, data):
    X, y = data
    with torch.no_grad():
        return squared_loss(net(X), y).mean().item()


def train_scratch(lambd):
    torch.manual_seed(1)
    w, b = init_params()
    net = lambda X: linreg(X, w, b)
    num_epochs, lr = 100, 0.003
    for epoch in range(num_epochs):
        for X, y in train_iter:
            l = squared_loss(net(X), y) + lambd * l2_penalty(w)
            l.sum().backward()
            sgd([w, b], lr, batch_size)
        if (epoch + 1) % 50 == 0:
            print(f"  lambda={lambd} epoch {epoch + 1}: train {evaluate_loss(net, train_data):.4f} "
                  f"test {evaluate_loss(net, test_data):.4f}")
    print(f"  L2 norm of w: {torch.norm(w).item():.4f}")
    return w


print("from scratch:")
w0 = train_scratch(lambd=0)
w3 = train_scratch(lambd=3)
print("weight decay shrinks w:", torch.norm(w3).item() < torch.norm(w0).item())


def train_concise(wd):
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(num_inputs, 1))
    for param in net.parameters():
        param.data.normal_()
    loss = nn.MSELoss(reduction="none")
    num_epochs, lr = 100, 0.003
    trainer = torch.optim.SGD([
        {"params": net[0].weight, "weight_decay": wd},
        {"params": net[0].bias}], lr=lr)
    for epoch in range(num_epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            l = loss(net(X), y)
            l.mean().backward()
            trainer.step()
    print(f"  wd={wd}: train {evaluate_loss(net, train_data):.4f} test {evaluate_loss(net, test_data):.4f} "
          f"|w| {net[0].weight.norm().item():.4f}")
    return trainer


print("concise:")
train_concise(0)
trainer = train_concise(3)
print("param groups:", [(len(g["params"]), g["weight_decay"]) for g in trainer.param_groups])
w = torch.ones(3, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, weight_decay=0.5)
(w * 0).sum().backward()
opt.step()
print("one decay step on ones:", w.detach().tolist())
