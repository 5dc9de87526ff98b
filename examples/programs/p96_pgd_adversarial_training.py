# Adversarial examples beyond FGSM (after the "Adversarial Robustness - Theory and Practice" tutorial): fgsm and
# pgd_linf with a delta tensor that requires grad (delta.grad.detach().sign(), clamp_ on .data, grad.zero_()),
# a targeted attack, epoch_adversarial evaluation and adversarial training with SGD, on random MNIST-shaped data.
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(x.shape[0], -1)


model_cnn = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
                          nn.Conv2d(8, 8, 3, padding=1, stride=2), nn.ReLU(),
                          Flatten(),
                          nn.Linear(8 * 6 * 6, 32), nn.ReLU(),
                          nn.Linear(32, 10)).to(device)

images = torch.rand(96, 1, 12, 12)
labels = (images[:, 0, :6].mean(dim=(1, 2)) * 30).long() % 10
train_loader = DataLoader(TensorDataset(images[:64], labels[:64]), batch_size=16, shuffle=True)
test_loader = DataLoader(TensorDataset(images[64:], labels[64:]), batch_size=16, shuffle=False)


def fgsm(model, X, y, epsilon=0.1):
    """ Construct FGSM adversarial examples on the examples X"""
    delta = torch.zeros_like(X, requires_grad=True)
    loss = nn.CrossEntropyLoss()(model(X + delta), y)
    loss.backward()
    return epsilon * delta.grad.detach().sign()


def pgd_linf(model, X, y, epsilon=0.1, alpha=0.01, num_iter=20, randomize=False):
    """ Construct FGSM adversarial examples on the examples X"""
    if randomize:
        delta = torch.rand_like(X, requires_grad=True)
        delta.data = delta.data * 2 * epsilon - epsilon
    else:
        delta = torch.zeros_like(X, requires_grad=True)

    for t in range(num_iter):
        loss = nn.CrossEntropyLoss()(model(X + delta), y)
        loss.backward()
        delta.data = (delta + alpha * delta.grad.detach().sign()).clamp(-epsilon, epsilon)
        delta.grad.zero_()
    return delta.detach()


def pgd_linf_targ(model, X, y, epsilon, alpha, num_iter, y_targ):
    """ Construct targeted adversarial examples on the examples X"""
    delta = torch.zeros_like(X, requires_grad=True)
    for t in range(num_iter):
        yp = model(X + delta)
        loss = (yp[:, y_targ] - yp.gather(1, y[:, None])[:, 0]).sum()
        loss.backward()
        delta.data = (delta + alpha * delta.grad.detach().sign()).clamp(-epsilon, epsilon)
        delta.grad.zero_()
    return delta.detach()


def epoch(loader, model, opt=None):
    """Standard training/evaluation epoch over the dataset"""
    total_loss, total_err = 0., 0.
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        yp = model(X)
        loss = nn.CrossEntropyLoss()(yp, y)
        if opt:
            opt.zero_grad()
            loss.backward()
            opt.step()

        total_err += (yp.max(dim=1)[1] != y).sum().item()
        total_loss += loss.item() * X.shape[0]
    return total_err / len(loader.dataset), total_loss / len(loader.dataset)


def epoch_adversarial(loader, model, attack, opt=None, **kwargs):
    """Adversarial training/evaluation epoch over the dataset"""
    total_loss, total_err = 0., 0.
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        delta = attack(model, X, y, **kwargs)
        yp = model(X + delta)
        loss = nn.CrossEntropyLoss()(yp, y)
        if opt:
            opt.zero_grad()
            loss.backward()
            opt.step()

        total_err += (yp.max(dim=1)[1] != y).sum().item()
        total_loss += loss.item() * X.shape[0]
    return total_err / len(loader.dataset), total_loss / len(loader.dataset)


opt = optim.SGD(model_cnn.parameters(), lr=1e-1)
for t in range(3):
    train_err, train_loss = epoch(train_loader, model_cnn, opt)
    test_err, test_loss = epoch(test_loader, model_cnn)
    adv_err, adv_loss = epoch_adversarial(test_loader, model_cnn, pgd_linf, num_iter=3)
    if t == 4:
        for param_group in opt.param_groups:
            param_group["lr"] = 1e-2
    print(*("{:.6f}".format(i) for i in (train_err, test_err, adv_err)), sep="\t")

print("FGSM: ", epoch_adversarial(test_loader, model_cnn, fgsm)[0])
print("PGD, 5 iter: ", epoch_adversarial(test_loader, model_cnn, pgd_linf, num_iter=3)[0])
print("PGD, randomized: ", epoch_adversarial(test_loader, model_cnn, pgd_linf, num_iter=3, randomize=True)[0])

# adversarial training
model_robust = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
                             nn.Conv2d(8, 8, 3, padding=1, stride=2), nn.ReLU(),
                             Flatten(),
                             nn.Linear(8 * 6 * 6, 32), nn.ReLU(),
                             nn.Linear(32, 10)).to(device)
opt = optim.SGD(model_robust.parameters(), lr=1e-1)
for t in range(3):
    train_err, train_loss = epoch_adversarial(train_loader, model_robust, pgd_linf, opt, num_iter=3)
    test_err, test_loss = epoch(test_loader, model_robust)
    adv_err, adv_loss = epoch_adversarial(test_loader, model_robust, pgd_linf, num_iter=3)
    print(*("{:.6f}".format(i) for i in (train_err, test_err, adv_err)), sep="\t")

X, y = next(iter(test_loader))
X, y = X.to(device), y.to(device)
delta = pgd_linf_targ(model_cnn, X, y, epsilon=0.2, alpha=1e-2, num_iter=5, y_targ=2)
yp = model_cnn(X + delta)
print(delta.shape, delta.requires_grad, delta.abs().max().item() <= 0.2 + 1e-6, yp.max(dim=1)[1].shape)
d = fgsm(model_cnn, X, y, 0.1)
print(torch.unique(d.abs()), d.grad_fn)

# the delta mechanics on a known function
x = torch.tensor([[1.0, -2.0, 3.0]])
delta = torch.zeros_like(x, requires_grad=True)
for t in range(3):
    loss = ((x + delta) ** 2).sum()
    loss.backward()
    delta.data = (delta + 0.25 * delta.grad.detach().sign()).clamp(-0.6, 0.6)
    delta.grad.zero_()
print(delta, delta.grad, delta.is_leaf)
