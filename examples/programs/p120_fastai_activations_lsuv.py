# fast.ai course part 2 (2022), notebooks 10_activations and 11_initializing, on random "images": a
# conv net built by conv() helpers, forward hooks through a Hook class with a context manager (Hooks), the
# ActivationStats-style means/stds/histograms with histc and the "dead" fraction, GeneralRelu (leak, sub, maxv),
# init_weights with kaiming_normal_, LSUV initialization by hand, BatchNorm and LayerNorm written from scratch and
# compared with nn's, and a short fit with a Learner-like loop.
import math
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn, tensor

torch.manual_seed(1)
x_train = torch.randn(256, 1, 28, 28) * 0.3 + 0.13
y_train = torch.randint(0, 10, (256,))
xmean, xstd = x_train.mean(), x_train.std()
x_train = (x_train - xmean) / xstd
print(x_train.shape, f'{x_train.mean().item():.4f} {x_train.std().item():.4f}')


def conv(ni, nf, ks=3, stride=2, act=True):
    res = nn.Conv2d(ni, nf, stride=stride, kernel_size=ks, padding=ks // 2)
    if act:
        res = nn.Sequential(res, nn.ReLU())
    return res


def cnn_layers():
    return [conv(1, 8, ks=5), conv(8, 16), conv(16, 32), conv(32, 64), conv(64, 10, act=False), nn.Flatten()]


class Hook():
    def __init__(self, m, f):
        self.hook = m.register_forward_hook(partial(f, self))

    def remove(self):
        self.hook.remove()

    def __del__(self):
        self.remove()


class Hooks(list):
    def __init__(self, ms, f):
        super().__init__([Hook(m, f) for m in ms])

    def __enter__(self, *args):
        return self

    def __exit__(self, *args):
        self.remove()

    def __del__(self):
        self.remove()

    def __delitem__(self, i):
        self[i].remove()
        super().__delitem__(i)

    def remove(self):
        for h in self:
            h.remove()


def append_stats(hook, mod, inp, outp):
    if not hasattr(hook, 'stats'):
        hook.stats = ([], [], [])
    acts = outp.detach().cpu()
    hook.stats[0].append(acts.mean())
    hook.stats[1].append(acts.std())
    hook.stats[2].append(acts.abs().histc(40, 0, 10))


def get_min(h):
    h1 = torch.stack(h.stats[2]).t().float()
    return h1[0] / h1.sum(0)


def fit(model, epochs=1, lr=0.1, bs=64, opt_func=torch.optim.SGD):
    opt = opt_func(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        for i in range(0, len(x_train), bs):
            xb, yb = x_train[i:i + bs], y_train[i:i + bs]
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            losses.append(loss.item())
    return losses


torch.manual_seed(1)
model = nn.Sequential(*cnn_layers())
with Hooks(model, append_stats) as hooks:
    losses = fit(model, epochs=2, lr=0.6)
    print(len(hooks), len(hooks[0].stats[0]), hooks[0].stats[2][0].shape)
    for i, h in enumerate(hooks[:5]):
        ms, ss, hi = h.stats
        print(f'layer {i}: mean {ms[0].item():.4f} std {ss[0].item():.4f} dead {get_min(h)[0].item():.4f}')
print(f'loss first {losses[0]:.4f} last {losses[-1]:.4f}')
print(hooks[0].hook)


class GeneralRelu(nn.Module):
    def __init__(self, leak=None, sub=None, maxv=None):
        super().__init__()
        self.leak, self.sub, self.maxv = leak, sub, maxv

    def forward(self, x):
        x = F.leaky_relu(x, self.leak) if self.leak is not None else F.relu(x)
        if self.sub is not None:
            x -= self.sub
        if self.maxv is not None:
            x.clamp_max_(self.maxv)
        return x


def plot_func(f, start=-5., end=5., steps=9):
    x = torch.linspace(start, end, steps)
    print([round(v, 2) for v in f(x).tolist()])


plot_func(GeneralRelu(leak=0.1, sub=0.4))
plot_func(GeneralRelu(leak=0.1, sub=0.4, maxv=3.))


def conv2(ni, nf, ks=3, stride=2, act=nn.ReLU, norm=None, bias=None):
    if bias is None:
        bias = not isinstance(norm, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d))
    layers = [nn.Conv2d(ni, nf, stride=stride, kernel_size=ks, padding=ks // 2, bias=bias)]
    if norm:
        layers.append(norm(nf))
    if act:
        layers.append(act())
    return nn.Sequential(*layers)


def get_model(act=nn.ReLU, nfs=None, norm=None):
    if nfs is None:
        nfs = [1, 8, 16, 32, 64]
    layers = [conv2(nfs[i], nfs[i + 1], act=act, norm=norm) for i in range(len(nfs) - 1)]
    return nn.Sequential(*layers, conv2(nfs[-1], 10, act=None, norm=False, bias=True), nn.Flatten())


def init_weights(m, leaky=0.):
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        nn.init.kaiming_normal_(m.weight, a=leaky)


act_gr = partial(GeneralRelu, leak=0.1, sub=0.4)
iw = partial(init_weights, leaky=0.1)
torch.manual_seed(1)
model = get_model(act_gr).apply(iw)
print(model[0])
print(model[0][1].leak, model[0][0].weight.shape, model[-2][0].bias.shape)
xb = x_train[:64]
with torch.no_grad():
    h = xb
    for i, layer in enumerate(model[:4]):
        h = layer(h)
        print(f'after block {i}: {tuple(h.shape)} mean {h.mean().item():.3f} std {h.std().item():.3f}')


# LSUV
def _lsuv_stats(hook, mod, inp, outp):
    acts = outp.detach().cpu()
    hook.mean = acts.mean()
    hook.std = acts.std()


def lsuv_init(model, m, m_in, xb):
    h = Hook(m, _lsuv_stats)
    with torch.no_grad():
        while model(xb) is not None and (abs(h.std - 1) > 1e-3 or abs(h.mean) > 1e-3):
            m_in.bias -= h.mean
            m_in.weight.data /= h.std
    h.remove()


torch.manual_seed(1)
model = get_model(act_gr)
relus = [o for o in model.modules() if isinstance(o, GeneralRelu)]
convs = [o for o in model.modules() if isinstance(o, nn.Conv2d)]
print(len(relus), len(convs))
for ms in zip(relus, convs):
    lsuv_init(model, *ms, xb)
with torch.no_grad():
    h = xb
    for i, layer in enumerate(model[:4]):
        h = layer(h)
        print(f'LSUV block {i}: mean {h.mean().item():.3f} std {h.std().item():.3f}')


class LayerNorm(nn.Module):
    def __init__(self, dummy, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.mult = nn.Parameter(tensor(1.))
        self.add = nn.Parameter(tensor(0.))

    def forward(self, x):
        m = x.mean((1, 2, 3), keepdim=True)
        v = x.var((1, 2, 3), keepdim=True)
        x = (x - m) / ((v + self.eps).sqrt())
        return x * self.mult + self.add


class BatchNorm(nn.Module):
    def __init__(self, nf, mom=0.1, eps=1e-5):
        super().__init__()
        self.mom, self.eps = mom, eps
        self.mults = nn.Parameter(torch.ones(nf, 1, 1))
        self.adds = nn.Parameter(torch.zeros(nf, 1, 1))
        self.register_buffer('vars', torch.ones(1, nf, 1, 1))
        self.register_buffer('means', torch.zeros(1, nf, 1, 1))

    def update_stats(self, x):
        m = x.mean((0, 2, 3), keepdim=True)
        v = x.var((0, 2, 3), keepdim=True)
        self.means.lerp_(m, self.mom)
        self.vars.lerp_(v, self.mom)
        return m, v

    def forward(self, x):
        if self.training:
            with torch.no_grad():
                m, v = self.update_stats(x)
        else:
            m, v = self.means, self.vars
        x = (x - m) / (v + self.eps).sqrt()
        return x * self.mults + self.adds


torch.manual_seed(0)
t = torch.randn(8, 4, 5, 5) * 3 + 1
bn, ref = BatchNorm(4), nn.BatchNorm2d(4)
out, out_ref = bn(t), ref(t)
print(f'{(out - out_ref).abs().max().item():.3f}', bn.means.flatten(), ref.running_mean)
print(f'{(bn.vars.flatten() - ref.running_var).abs().max().item():.3f}')
ln = LayerNorm(4)
o = ln(t)
print(o.shape, f'{o.mean().abs().item():.4f}', o.grad_fn)
print([n for n, _ in bn.named_buffers()], [n for n, _ in bn.named_parameters()])

torch.manual_seed(1)
model = get_model(act_gr, norm=BatchNorm).apply(iw)
losses = fit(model, epochs=2, lr=0.4)
print(f'BatchNorm model: first {losses[0]:.3f} last {losses[-1]:.3f}', math.isfinite(losses[-1]))
