# d2l.ai optimization chapter: gradient descent in 1-D and 2-D (train_2d with a trace), Newton's method, SGD with
# a decaying learning rate, momentum, Adagrad, RMSProp, Adadelta and Adam written from scratch with explicit
# states, each compared with the torch.optim optimizer on the same linear-regression data.
import math

import torch
from torch import nn


def f(x):  # Objective function
    return x ** 2


def f_grad(x):  # Gradient (derivative) of the objective function
    return 2 * x


def gd(eta, f_grad):
    x = 10.0
    results = [x]
    for i in range(10):
        x -= eta * f_grad(x)
        results.append(float(x))
    print(f'epoch 10, x: {x:f}')
    return results


results = gd(0.2, f_grad)
gd(1.1, f_grad)
c = torch.tensor(0.15 * math.pi)


def f(x):  # Objective function
    return x * torch.cos(c * x)


def f_grad(x):  # Gradient of the objective function
    return torch.cos(c * x) - c * x * torch.sin(c * x)


x = torch.tensor(10.0)
for i in range(10):
    x -= 2 * f_grad(x)
print(f'epoch 10, x: {x:f}')


def train_2d(trainer, steps=20, f_grad=None):
    """Optimize a 2D objective function with a customized trainer."""
    # `s1` and `s2` are internal state variables that will be used in Momentum, adagrad, RMSProp
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results


def f_2d(x1, x2):  # Objective function
    return x1 ** 2 + 2 * x2 ** 2


def f_2d_grad(x1, x2):  # Gradient of the objective function
    return (2 * x1, 4 * x2)


def gd_2d(x1, x2, s1, s2, f_grad):
    g1, g2 = f_grad(x1, x2)
    return (x1 - eta * g1, x2 - eta * g2, 0, 0)


eta = 0.1
train_2d(gd_2d, f_grad=f_2d_grad)

c = torch.tensor(0.5)


def f(x):  # Objective function
    return torch.cosh(c * x)


def f_grad(x):  # Gradient of the objective function
    return c * torch.sinh(c * x)


def f_hess(x):  # Hessian of the objective function
    return c ** 2 * torch.cosh(c * x)


def newton(eta=1):
    x = 10.0
    results = [x]
    for i in range(10):
        x -= eta * f_grad(x) / f_hess(x)
        results.append(float(x))
    print('epoch 10, x:', x)
    return results


newton()

# Momentum on the ill-conditioned 2-D problem
eta, beta = 0.6, 0.5


def f_2d(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2


def momentum_2d(x1, x2, v1, v2):
    v1 = beta * v1 + 0.2 * x1
    v2 = beta * v2 + 4 * x2
    return x1 - eta * v1, x2 - eta * v2, v1, v2


train_2d(momentum_2d)


def adagrad_2d(x1, x2, s1, s2):
    eps = 1e-6
    g1, g2 = 0.2 * x1, 4 * x2
    s1 += g1 ** 2
    s2 += g2 ** 2
    x1 -= eta / math.sqrt(s1 + eps) * g1
    x2 -= eta / math.sqrt(s2 + eps) * g2
    return x1, x2, s1, s2


eta = 0.4
train_2d(adagrad_2d)

# The same data for every optimizer written from scratch
torch.manual_seed(0)
true_w = torch.tensor([[2.0], [-3.4], [1.5]])
features = torch.randn(200, 3)
labels = features @ true_w + 4.2 + 0.01 * torch.randn(200, 1)


def init_params():
    w = torch.zeros((3, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    return [w, b]


def init_momentum_states(feature_dim):
    v_w = torch.zeros((feature_dim, 1))
    v_b = torch.zeros(1)
    return (v_w, v_b)


def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams['momentum'] * v + p.grad
            p[:] -= hyperparams['lr'] * v
        p.grad.data.zero_()


def init_adagrad_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)


def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def init_rmsprop_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)


def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def init_adadelta_states(feature_dim):
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    delta_w, delta_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))


def adadelta(params, states, hyperparams):
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        with torch.no_grad():
            # In-place updates via [:]
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta[:] = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()


def init_adam_states(feature_dim):
    v_w, v_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def train_ch11(trainer_fn, states, hyperparams, num_epochs=2, batch_size=20):
    w, b = init_params()
    net, loss = lambda X: linreg(X, w, b), squared_loss
    for _ in range(num_epochs):
        for i in range(0, 200, batch_size):
            X, y = features[i:i + batch_size], labels[i:i + batch_size]
            l = loss(net(X), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
    final = float(loss(net(features), labels).mean())
    print(f'loss: {final:.4f}')
    return w.detach().reshape(-1), b.detach()


def train_concise_ch11(trainer_fn, hyperparams, num_epochs=2, batch_size=20):
    net = nn.Sequential(nn.Linear(3, 1))
    nn.init.zeros_(net[0].weight)
    nn.init.zeros_(net[0].bias)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    for _ in range(num_epochs):
        for i in range(0, 200, batch_size):
            X, y = features[i:i + batch_size], labels[i:i + batch_size]
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y) / 2
            l.mean().backward()
            optimizer.step()
    final = float(loss(net(features), labels).mean() / 2)
    print(f'loss: {final:.4f}')
    return net[0].weight.detach().reshape(-1), net[0].bias.detach()


def same(a, b):
    return torch.allclose(a[0], b[0], atol=1e-4) and torch.allclose(a[1], b[1], atol=1e-4)


scratch = train_ch11(sgd_momentum, init_momentum_states(3), {'lr': 0.02, 'momentum': 0.5})
concise = train_concise_ch11(torch.optim.SGD, {'lr': 0.02, 'momentum': 0.5})
print('momentum matches torch.optim.SGD:', same(scratch, concise))
scratch = train_ch11(adagrad, init_adagrad_states(3), {'lr': 0.1})
concise = train_concise_ch11(torch.optim.Adagrad, {'lr': 0.1})
print('adagrad close to torch.optim.Adagrad:', torch.allclose(scratch[0], concise[0], atol=1e-2))
scratch = train_ch11(rmsprop, init_rmsprop_states(3), {'lr': 0.01, 'gamma': 0.9})
concise = train_concise_ch11(torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.9})
print('rmsprop close to torch.optim.RMSprop:', torch.allclose(scratch[0], concise[0], atol=1e-2))
scratch = train_ch11(adadelta, init_adadelta_states(3), {'rho': 0.9})
concise = train_concise_ch11(torch.optim.Adadelta, {'rho': 0.9, 'eps': 1e-5})
print('adadelta close to torch.optim.Adadelta:', torch.allclose(scratch[0], concise[0], atol=1e-2))
scratch = train_ch11(adam, init_adam_states(3), {'lr': 0.01, 't': 1})
concise = train_concise_ch11(torch.optim.Adam, {'lr': 0.01})
print('adam close to torch.optim.Adam:', torch.allclose(scratch[0], concise[0], atol=1e-2))
print(scratch[0], concise[0])


# Learning-rate schedulers from the same chapter
class SquareRootScheduler:
    def __init__(self, lr=0.1):
        self.lr = lr

    def __call__(self, num_update):
        return self.lr * pow(num_update + 1.0, -0.5)


scheduler = SquareRootScheduler(lr=0.1)
print([round(scheduler(t), 4) for t in range(5)])
net = nn.Linear(3, 1)
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
scheduler = torch.optim.lr_scheduler.MultiStepLR(trainer, milestones=[3, 6], gamma=0.5)


def get_lr(trainer, scheduler):
    lr = scheduler.get_last_lr()[0]
    trainer.step()
    scheduler.step()
    return lr


print([get_lr(trainer, scheduler) for t in range(8)])
