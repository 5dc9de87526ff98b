# fast.ai "deep learning from the foundations" (course part 2, notebooks 01_matmul .. 06_cuda_cnn_hooks): matmul by
# hand, broadcasting, einsum, Kaiming init by hand, a Learner with callbacks, and forward hooks collecting stats.
import math
from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import tensor


def test(a, b, cmp, cname=None):
    if cname is None:
        cname = cmp.__name__
    assert cmp(a, b), f"{cname}:\n{a}\n{b}"


def near(a, b): return torch.allclose(a, b, rtol=1e-3, atol=1e-5)
def test_near(a, b): test(a, b, near)


torch.manual_seed(42)
x_train = torch.randn(200, 16)
y_train = torch.randint(0, 10, (200,))
x_valid = torch.randn(100, 16)
y_valid = torch.randint(0, 10, (100,))
weights = torch.randn(16, 10)
bias = torch.zeros(10)
m1 = x_valid[:5]
m2 = weights
print(m1.shape, m2.shape)


def matmul(a, b):
    ar, ac = a.shape
    br, bc = b.shape
    assert ac == br
    c = torch.zeros(ar, bc)
    for i in range(ar):
        for j in range(bc):
            for k in range(ac):
                c[i, j] += a[i, k] * b[k, j]
    return c


t1 = matmul(m1, m2)
print(t1.shape)

a = tensor([10., 6, -4])
b = tensor([2., 8, 7])
print(a + b, a < b, (a < b).float().mean())
m = tensor([[1., 2, 3], [4, 5, 6], [7, 8, 9]])
print((m * m).sum().sqrt(), m.norm())


def matmul_elementwise(a, b):
    ar, ac = a.shape
    br, bc = b.shape
    assert ac == br
    c = torch.zeros(ar, bc)
    for i in range(ar):
        for j in range(bc):
            c[i, j] = (a[i, :] * b[:, j]).sum()
    return c


test_near(t1, matmul_elementwise(m1, m2))

c = tensor([10., 20, 30])
print(m + c)
t = c.expand_as(m)
print(t)
print(t.storage(), t.stride(), t.shape)
print(c.unsqueeze(0), c.unsqueeze(1), c[None].shape, c[:, None].shape, c[None, :, None].shape)
print(c[..., None].shape, c[:, None].expand_as(m))
print(c[None, :] * c[:, None])
print(c[None] > c[:, None])


def matmul_broadcast(a, b):
    ar, ac = a.shape
    br, bc = b.shape
    assert ac == br
    c = torch.zeros(ar, bc)
    for i in range(ar):
        c[i] = (a[i].unsqueeze(-1) * b).sum(dim=0)
    return c


test_near(t1, matmul_broadcast(m1, m2))


def matmul_einsum(a, b): return torch.einsum('ik,kj->ij', a, b)


test_near(t1, matmul_einsum(m1, m2))
test_near(t1, m1.matmul(m2))
test_near(t1, m1 @ m2)
print('all matmuls agree')

# 02_fully_connected: normalisation, init by hand, forward/backward by hand checked with autograd
def normalize(x, m, s): return (x - m) / s


train_mean, train_std = x_train.mean(), x_train.std()
x_train = normalize(x_train, train_mean, train_std)
x_valid = normalize(x_valid, train_mean, train_std)
print(f'mean ~ 0: {abs(x_train.mean().item()) < 1e-5}, std ~ 1: {abs(x_train.std().item() - 1) < 1e-5}')

n, m_ = x_train.shape
nh = 50
w1 = torch.randn(m_, nh) * math.sqrt(2 / m_)
b1 = torch.zeros(nh)
w2 = torch.randn(nh, 1) / math.sqrt(nh)
b2 = torch.zeros(1)
y_reg = y_train.float()


def lin(x, w, b): return x @ w + b
def relu(x): return x.clamp_min(0.) - 0.5


def model(xb):
    l1 = lin(xb, w1, b1)
    l2 = relu(l1)
    l3 = lin(l2, w2, b2)
    return l3


def mse(output, targ): return (output.squeeze(-1) - targ).pow(2).mean()


def mse_grad(inp, targ):
    inp.g = 2. * (inp.squeeze() - targ).unsqueeze(-1) / inp.shape[0]


def relu_grad(inp, out):
    inp.g = (inp > 0).float() * out.g


def lin_grad(inp, out, w, b):
    inp.g = out.g @ w.t()
    w.g = (inp.unsqueeze(-1) * out.g.unsqueeze(1)).sum(0)
    b.g = out.g.sum(0)


def forward_and_backward(inp, targ):
    l1 = inp @ w1 + b1
    l2 = relu(l1)
    out = l2 @ w2 + b2
    loss = mse(out, targ)
    mse_grad(out, targ)
    lin_grad(l2, out, w2, b2)
    relu_grad(l1, l2)
    lin_grad(inp, l1, w1, b1)


forward_and_backward(x_train, y_reg)
w1g, b1g, w2g, b2g, ig = w1.g.clone(), b1.g.clone(), w2.g.clone(), b2.g.clone(), x_train.g.clone()
xt2 = x_train.clone().requires_grad_(True)
w12 = w1.clone().requires_grad_(True)
w22 = w2.clone().requires_grad_(True)
b12 = b1.clone().requires_grad_(True)
b22 = b2.clone().requires_grad_(True)


def forward(inp, targ):
    l1 = inp @ w12 + b12
    l2 = relu(l1)
    out = l2 @ w22 + b22
    return mse(out, targ)


loss = forward(xt2, y_reg)
loss.backward()
test_near(w22.grad, w2g)
test_near(b22.grad, b2g)
test_near(w12.grad, w1g)
test_near(b12.grad, b1g)
test_near(xt2.grad, ig)
print('hand-written backward matches autograd')

# kaiming init by hand vs nn.init
w = torch.randn(10000, 64) * math.sqrt(2 / 64)
print(f'kaiming std by hand ~ {w.std().item():.1f}')
w = torch.zeros(64, 10000)
nn.init.kaiming_normal_(w, mode='fan_out')
print(f'nn.init.kaiming_normal_ (fan_out) std ~ {w.std().item():.2f}')
lin_layer = nn.Linear(64, 32)
print(lin_layer.weight.shape, torch.nn.init._calculate_fan_in_and_fan_out(lin_layer.weight))
print(f'gain relu {nn.init.calculate_gain("relu"):.4f}, leaky_relu {nn.init.calculate_gain("leaky_relu", math.sqrt(5)):.4f}')

# 04_callbacks: a Learner with callbacks, a Runner with begin_/after_ hooks
class Callback():
    _order = 0

    def set_runner(self, run): self.run = run
    def __getattr__(self, k): return getattr(self.run, k)

    @property
    def name(self):
        return type(self).__name__.replace('Callback', '').lower()

    def __call__(self, cb_name):
        f = getattr(self, cb_name, None)
        if f and f():
            return True
        return False


class TrainEvalCallback(Callback):
    def begin_fit(self):
        self.run.n_epochs = 0.
        self.run.n_iter = 0

    def after_batch(self):
        if not self.in_train:
            return
        self.run.n_epochs += 1. / self.iters
        self.run.n_iter += 1

    def begin_epoch(self):
        self.run.n_epochs = self.epoch
        self.model.train()
        self.run.in_train = True

    def begin_validate(self):
        self.model.eval()
        self.run.in_train = False


class AvgStats():
    def __init__(self, metrics, in_train):
        self.metrics, self.in_train = metrics, in_train

    def reset(self):
        self.tot_loss, self.count = 0., 0
        self.tot_mets = [0.] * len(self.metrics)

    @property
    def all_stats(self): return [self.tot_loss.item()] + self.tot_mets
    @property
    def avg_stats(self): return [o / self.count for o in self.all_stats]

    def __repr__(self):
        if not self.count:
            return ""
        return f"{'train' if self.in_train else 'valid'}: {[round(s, 4) for s in self.avg_stats]}"

    def accumulate(self, run):
        bn = run.xb.shape[0]
        self.tot_loss += run.loss * bn
        self.count += bn
        for i, m in enumerate(self.metrics):
            self.tot_mets[i] += m(run.pred, run.yb).item() * bn


class AvgStatsCallback(Callback):
    def __init__(self, metrics):
        self.train_stats, self.valid_stats = AvgStats(metrics, True), AvgStats(metrics, False)

    def begin_epoch(self):
        self.train_stats.reset()
        self.valid_stats.reset()

    def after_loss(self):
        stats = self.train_stats if self.in_train else self.valid_stats
        with torch.no_grad():
            stats.accumulate(self.run)

    def after_epoch(self):
        print(self.train_stats)
        print(self.valid_stats)


class Runner():
    def __init__(self, cbs=None):
        self.cbs = [TrainEvalCallback()] + (cbs or [])
        for cb in self.cbs:
            setattr(self, cb.name, cb)
        self.stop = False

    def one_batch(self, xb, yb):
        self.xb, self.yb = xb, yb
        if self('begin_batch'):
            return
        self.pred = self.model(self.xb)
        if self('after_pred'):
            return
        self.loss = self.loss_func(self.pred, self.yb)
        if self('after_loss') or not self.in_train:
            return
        self.loss.backward()
        if self('after_backward'):
            return
        self.opt.step()
        if self('after_step'):
            return
        self.opt.zero_grad()

    def all_batches(self, dl):
        self.iters = len(dl)
        for xb, yb in dl:
            if self.stop:
                break
            self.one_batch(xb, yb)
            self('after_batch')
        self.stop = False

    def fit(self, epochs, model, opt, loss_func, train_dl, valid_dl):
        self.epochs, self.model, self.opt, self.loss_func = epochs, model, opt, loss_func
        for cb in self.cbs:
            cb.set_runner(self)
        self('begin_fit')
        for epoch in range(epochs):
            self.epoch = epoch
            if not self('begin_epoch'):
                self.all_batches(train_dl)
            with torch.no_grad():
                if not self('begin_validate'):
                    self.all_batches(valid_dl)
            if self('after_epoch'):
                break
        self('after_fit')

    def __call__(self, cb_name):
        res = False
        for cb in sorted(self.cbs, key=lambda x: x._order):
            res = cb(cb_name) or res
        return res


def accuracy(out, yb): return (torch.argmax(out, dim=1) == yb).float().mean()


train_ds = torch.utils.data.TensorDataset(x_train, y_train)
valid_ds = torch.utils.data.TensorDataset(x_valid, y_valid)
train_dl = torch.utils.data.DataLoader(train_ds, batch_size=32, shuffle=True)
valid_dl = torch.utils.data.DataLoader(valid_ds, batch_size=64)
net = nn.Sequential(nn.Linear(16, nh), nn.ReLU(), nn.Linear(nh, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.3)
stats = AvgStatsCallback([accuracy])
run = Runner(cbs=[stats])
run.fit(2, net, opt, F.cross_entropy, train_dl, valid_dl)
print(f'n_epochs={run.n_epochs:.2f} n_iter={run.n_iter} name={stats.name}')

# 06_cuda_cnn_hooks: forward hooks recording the means and stds of each layer's activations
def children(m): return list(m.children())


class Hook():
    def __init__(self, m, f): self.hook = m.register_forward_hook(partial(f, self))
    def remove(self): self.hook.remove()
    def __del__(self): self.remove()


def append_stats(hook, mod, inp, outp):
    if not hasattr(hook, 'stats'):
        hook.stats = ([], [])
    means, stds = hook.stats
    means.append(outp.data.mean().item())
    stds.append(outp.data.std().item())


class Hooks():
    def __init__(self, ms, f): self.hooks = [Hook(m, f) for m in ms]
    def __getitem__(self, i): return self.hooks[i]
    def __len__(self): return len(self.hooks)
    def __iter__(self): return iter(self.hooks)
    def __enter__(self, *args): return self
    def __exit__(self, *args): self.remove()
    def __delitem__(self, i):
        self.hooks[i].remove()
        del self.hooks[i]

    def remove(self):
        for h in self.hooks:
            h.remove()


cnn = nn.Sequential(nn.Conv2d(1, 8, 5, padding=2, stride=2), nn.ReLU(),
                    nn.Conv2d(8, 16, 3, padding=1, stride=2), nn.ReLU(),
                    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))
for l in cnn:
    if isinstance(l, nn.Conv2d):
        nn.init.kaiming_normal_(l.weight)
        l.bias.data.zero_()
xb = torch.randn(16, 1, 28, 28)
with Hooks(cnn, append_stats) as hooks:
    for i in range(3):
        cnn(xb)
    print(len(hooks), [len(h.stats[0]) for h in hooks])
    ms, ss = hooks[0].stats
    print(f'first layer: mean {ms[-1]:.2f} std {ss[-1]:.2f}')
print(len(cnn._forward_hooks), len(cnn[0]._forward_hooks))
