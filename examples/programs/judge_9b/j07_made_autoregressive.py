# MADE: Masked Autoencoder for Distribution Estimation (Germain et al. 2015) as Karpathy's pytorch-made and the
# deep-generative-models course homeworks write it: MaskedLinear (a registered mask buffer, F.linear with
# mask * weight), update_masks with connectivity numbers m[l] drawn from a seeded RNG, the autoregressive
# property checked by backpropagating each output to the inputs, training on binary data with BCE-with-logits,
# exact log-likelihoods, order-agnostic training with several orderings, and ancestral sampling.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class MaskedLinear(nn.Linear):
    def __init__(self, in_features, out_features, bias=True):
        super().__init__(in_features, out_features, bias)
        self.register_buffer("mask", torch.ones(out_features, in_features))

    def set_mask(self, mask):
        self.mask.data.copy_(mask.T.to(self.mask.dtype))

    def forward(self, input):
        return F.linear(input, self.mask * self.weight, self.bias)


class MADE(nn.Module):
    def __init__(self, nin, hidden_sizes, nout, num_masks=1, natural_ordering=False):
        super().__init__()
        self.nin, self.nout, self.hidden_sizes = nin, nout, hidden_sizes
        self.net = []
        hs = [nin] + hidden_sizes + [nout]
        for h0, h1 in zip(hs, hs[1:]):
            self.net.extend([MaskedLinear(h0, h1), nn.ReLU()])
        self.net.pop()
        self.net = nn.Sequential(*self.net)
        self.natural_ordering = natural_ordering
        self.num_masks = num_masks
        self.seed = 0
        self.m = {}
        self.update_masks()

    def update_masks(self):
        if self.m and self.num_masks == 1:
            return
        L = len(self.hidden_sizes)
        rng = torch.Generator().manual_seed(self.seed)
        self.seed = (self.seed + 1) % self.num_masks
        self.m[-1] = torch.arange(self.nin) if self.natural_ordering else torch.randperm(self.nin, generator=rng)
        for l in range(L):
            self.m[l] = torch.randint(int(self.m[l - 1].min()), self.nin - 1, (self.hidden_sizes[l],), generator=rng)
        masks = [self.m[l - 1][:, None] <= self.m[l][None, :] for l in range(L)]
        masks.append(self.m[L - 1][:, None] < self.m[-1][None, :])
        if self.nout > self.nin:
            k = int(self.nout / self.nin)
            masks[-1] = torch.cat([masks[-1]] * k, dim=1)
        layers = [l for l in self.net.modules() if isinstance(l, MaskedLinear)]
        for l, m in zip(layers, masks):
            l.set_mask(m)

    def forward(self, x):
        return self.net(x)


D = 8
model = MADE(D, [32, 32], D, num_masks=1, natural_ordering=False)
print(model.net)
print("ordering:", model.m[-1].tolist())
print("mask shapes:", [tuple(l.mask.shape) for l in model.net if isinstance(l, MaskedLinear)])
print("buffers:", [n for n, _ in model.named_buffers()])


def check_autoregressive(model, D):
    res = []
    for k in range(D):
        x = torch.rand(1, D, requires_grad=True)
        out = model(x)
        out[0, k].backward()
        depends = (x.grad[0] != 0).nonzero().flatten().tolist()
        isok = k not in depends and all(model.m[-1][d] < model.m[-1][k] for d in depends)
        res.append((len(depends), isok))
    return res


res = check_autoregressive(model, D)
print("output k depends on:", [n for n, _ in res], "all ok:", all(ok for _, ok in res))
print("number of dependencies sorted:", sorted(n for n, _ in res))

# binary data with structure: x_i copies x_{i-1} with prob 0.9 (a Markov chain)
gen = torch.Generator().manual_seed(1)
N = 512
data = torch.zeros(N, D)
data[:, 0] = (torch.rand(N, generator=gen) < 0.5).float()
for i in range(1, D):
    flip = (torch.rand(N, generator=gen) < 0.1).float()
    data[:, i] = (data[:, i - 1] + flip) % 2
true_nll = (torch.log(torch.tensor(2.0)) + (D - 1) * -(0.9 * torch.log(torch.tensor(0.9)) + 0.1 * torch.log(torch.tensor(0.1)))).item()
print("true NLL per example: %.4f nats" % true_nll)


def train(model, steps=300, resample_every=0):
    opt = torch.optim.Adam(model.parameters(), lr=1e-2, weight_decay=1e-4)
    for step in range(steps):
        if resample_every and step % resample_every == 0:
            model.update_masks()
        xb = data[torch.randint(0, N, (64,), generator=gen)]
        loss = F.binary_cross_entropy_with_logits(model(xb), xb, reduction="sum") / xb.size(0)
        opt.zero_grad(); loss.backward(); opt.step()
        if step % 100 == 0:
            print(f"  step {step} nll {loss.item():.4f}")
    return loss.item()


for ordering in (True, False):
    torch.manual_seed(2)
    m = MADE(D, [32, 32], D, natural_ordering=ordering)
    print("natural ordering" if ordering else "random ordering")
    train(m)
    with torch.no_grad():
        nll = F.binary_cross_entropy_with_logits(m(data), data, reduction="sum").item() / N
    print("  full-data NLL within 0.5 of the truth:", abs(nll - true_nll) < 0.5)

# order-agnostic training with 4 masks; evaluation averages the probabilities over the masks
torch.manual_seed(3)
ens = MADE(D, [32, 32], D, num_masks=4)
train(ens, steps=200, resample_every=1)
with torch.no_grad():
    probs = torch.zeros(N, D)
    for _ in range(4):
        ens.update_masks()
        probs += torch.sigmoid(ens(data)) / 4
print("ensemble probabilities in (0, 1):", bool(((probs > 0) & (probs < 1)).all()))

# ancestral sampling with the last (random-ordering) model, visiting inputs in its ordering
with torch.no_grad():
    x = torch.zeros(1000, D)
    for i in torch.argsort(m.m[-1]).tolist():
        x[:, i] = torch.bernoulli(torch.sigmoid(m(x)[:, i]))
agree = (x[:, 1:] == x[:, :-1]).float().mean().item()
print("samples: neighbours agree with prob about 0.9:", abs(agree - 0.9) < 0.1)
