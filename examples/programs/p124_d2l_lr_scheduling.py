# d2l.ai chapter 12 (Optimization Algorithms): 12.1 the risk and empirical-risk curves, local minima and saddle
# points found with autograd, 12.2 convexity (Jensen's inequality checked numerically), and 12.11 Learning Rate
# Scheduling: LeNet-style net trained with SquareRootScheduler, FactorScheduler and CosineScheduler (with warmup)
# written by hand, and torch.optim.lr_scheduler.MultiStepLR driven by scheduler.step().
import math

import torch
from torch import nn
from torch.optim import lr_scheduler


def f(x):
    return x * torch.cos(math.pi * x)


def g(x):
    return f(x) + 0.2 * torch.cos(5 * math.pi * x)


x = torch.arange(0.5, 1.5, 0.01)
print(x.shape, f'{f(x).min().item():.4f}', f'{g(x).min().item():.4f}')
print(x[f(x).argmin()].item(), x[g(x).argmin()].item())

# local minimum by gradient descent with autograd
x = torch.tensor(-0.8, requires_grad=True)
for _ in range(50):
    y = x * torch.cos(math.pi * x)
    y.backward()
    with torch.no_grad():
        x -= 0.05 * x.grad
    x.grad.zero_()
print(f'local minimum near {x.item():.4f}')
# saddle point of x^3 and of x^2 - y^2
x = torch.arange(-2.0, 2.0, 0.01, requires_grad=True)
(x ** 3).sum().backward()
print('x^3 gradient zero at', x[x.grad.abs().argmin()].item())
xy = torch.tensor([0.0, 0.0], requires_grad=True)
z = xy[0] ** 2 - xy[1] ** 2
grad, = torch.autograd.grad(z, xy, create_graph=True)
hess = torch.stack([torch.autograd.grad(grad[i], xy, retain_graph=True)[0] for i in range(2)])
print('gradient', grad.detach(), 'hessian eigenvalues', torch.linalg.eigvalsh(hess))

# convexity: Jensen's inequality
f_conv = lambda x: 0.5 * x ** 2
f_nonconv = lambda x: torch.cos(math.pi * x)
x = torch.arange(-2, 2, 0.01)
lam = 0.3
a, b = torch.tensor(-1.5), torch.tensor(1.0)
for name, func in [('convex', f_conv), ('nonconvex', f_nonconv)]:
    lhs = func(lam * a + (1 - lam) * b)
    rhs = lam * func(a) + (1 - lam) * func(b)
    print(f'{name}: f(mix) {lhs.item():.4f} <= mix f {rhs.item():.4f}: {bool(lhs <= rhs)}')
print('second derivative of 0.5x^2 > 0 everywhere:',
      bool((torch.autograd.functional.hessian(lambda t: f_conv(t).sum(), x[:5]).diagonal() > 0).all()))


def net_fn():
    model = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))
    return model


torch.manual_seed(0)
train_X = torch.randn(64, 1, 28, 28)
train_y = torch.randint(0, 10, (64,))
test_X = torch.randn(32, 1, 28, 28)
test_y = torch.randint(0, 10, (32,))
loss = nn.CrossEntropyLoss()


def accuracy(y_hat, y):
    return (y_hat.argmax(axis=1).type(y.dtype) == y).float().sum().item()


def train(net, loss, num_epochs, optimizer, scheduler=None, batch_size=16):
    lrs = []
    for epoch in range(num_epochs):
        net.train()
        metric_l, metric_a, metric_n = 0.0, 0.0, 0
        for i in range(0, len(train_X), batch_size):
            X, y = train_X[i:i + batch_size], train_y[i:i + batch_size]
            optimizer.zero_grad()
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            metric_l += l.item() * X.shape[0]
            metric_a += accuracy(y_hat, y)
            metric_n += X.shape[0]
        if scheduler:
            if scheduler.__module__ == lr_scheduler.__name__:
                scheduler.step()
            else:
                for param_group in optimizer.param_groups:
                    param_group['lr'] = scheduler(epoch)
        lrs.append(optimizer.param_groups[0]['lr'])
    net.eval()
    with torch.no_grad():
        test_acc = accuracy(net(test_X), test_y) / len(test_y)
    print(f'train loss {metric_l / metric_n:.3f}, train acc {metric_a / metric_n:.3f}, test acc {test_acc:.3f}')
    return lrs


class SquareRootScheduler:
    def __init__(self, lr=0.1):
        self.lr = lr

    def __call__(self, num_update):
        return self.lr * pow(num_update + 1.0, -0.5)


class FactorScheduler:
    def __init__(self, factor=1, stop_factor_lr=1e-7, base_lr=0.1):
        self.factor = factor
        self.stop_factor_lr = stop_factor_lr
        self.base_lr = base_lr

    def __call__(self, num_update):
        self.base_lr = max(self.stop_factor_lr, self.base_lr * self.factor)
        return self.base_lr


class CosineScheduler:
    def __init__(self, max_update, base_lr=0.01, final_lr=0, warmup_steps=0, warmup_begin_lr=0):
        self.base_lr_orig = base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.max_steps = self.max_update - self.warmup_steps

    def get_warmup_lr(self, epoch):
        increase = (self.base_lr_orig - self.warmup_begin_lr) * float(epoch) / float(self.warmup_steps)
        return self.warmup_begin_lr + increase

    def __call__(self, epoch):
        if epoch < self.warmup_steps:
            return self.get_warmup_lr(epoch)
        if epoch <= self.max_update:
            self.base_lr = self.final_lr + (self.base_lr_orig - self.final_lr) * \
                (1 + math.cos(math.pi * (epoch - self.warmup_steps) / self.max_steps)) / 2
        return self.base_lr


lr, num_epochs = 0.3, 6
torch.manual_seed(1)
net = net_fn()
trainer = torch.optim.SGD(net.parameters(), lr=lr)
print([round(v, 4) for v in train(net, loss, num_epochs, trainer)])

scheduler = SquareRootScheduler(lr=0.1)
print([round(scheduler(t), 4) for t in range(num_epochs)])
torch.manual_seed(1)
net = net_fn()
trainer = torch.optim.SGD(net.parameters(), lr)
print([round(v, 4) for v in train(net, loss, num_epochs, trainer, scheduler)])

scheduler = FactorScheduler(factor=0.9, stop_factor_lr=1e-2, base_lr=2.0)
print([round(scheduler(t), 4) for t in range(8)])

net = net_fn()
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
scheduler = lr_scheduler.MultiStepLR(trainer, milestones=[2, 4], gamma=0.5)


def get_lr(trainer, scheduler):
    lr = scheduler.get_last_lr()[0]
    trainer.step()
    scheduler.step()
    return lr


print([get_lr(trainer, scheduler) for t in range(num_epochs)])
torch.manual_seed(1)
net = net_fn()
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
scheduler = lr_scheduler.MultiStepLR(trainer, milestones=[2, 4], gamma=0.5)
print(train(net, loss, num_epochs, trainer, scheduler))

scheduler = CosineScheduler(max_update=20, base_lr=0.3, final_lr=0.01)
print([round(scheduler(t), 4) for t in range(0, 24, 3)])
scheduler = CosineScheduler(20, warmup_steps=5, base_lr=0.3, final_lr=0.01)
print([round(scheduler(t), 4) for t in range(0, 24, 3)])
torch.manual_seed(1)
net = net_fn()
trainer = torch.optim.SGD(net.parameters(), lr=0.3)
print([round(v, 4) for v in train(net, loss, num_epochs, trainer, CosineScheduler(num_epochs, warmup_steps=2,
                                                                                   base_lr=0.3, final_lr=0.01))])
