# WaveNet (van den Oord et al. 2016) in the style of the small reference implementations and the
# torchaudio/"WaveNet from scratch" tutorials (our own code): mu-law companding and 256-level quantisation
# (torchaudio.functional.mu_law_encoding's formula), a causal dilated Conv1d by left padding, residual blocks with
# gated tanh*sigmoid units and skip connections, the receptive field, a check that the output at t does not
# depend on inputs after t (autograd), teacher-forced training on a mixture of sines, and sampling.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def mu_law_encoding(x, quantization_channels):
    mu = quantization_channels - 1.0
    if not x.is_floating_point():
        x = x.to(torch.float)
    mu = torch.tensor(mu, dtype=x.dtype)
    x_mu = torch.sign(x) * torch.log1p(mu * torch.abs(x)) / torch.log1p(mu)
    x_mu = ((x_mu + 1) / 2 * mu + 0.5).to(torch.int64)
    return x_mu


def mu_law_decoding(x_mu, quantization_channels):
    mu = quantization_channels - 1.0
    if not x_mu.is_floating_point():
        x_mu = x_mu.to(torch.float)
    mu = torch.tensor(mu, dtype=x_mu.dtype)
    x = ((x_mu) / mu) * 2 - 1.0
    x = torch.sign(x) * (torch.exp(torch.abs(x) * torch.log1p(mu)) - 1.0) / mu
    return x


wave = torch.linspace(-1, 1, 9)
codes = mu_law_encoding(wave, 256)
print(codes)
print(mu_law_decoding(codes, 256))
print("max round-trip error:", (mu_law_decoding(mu_law_encoding(wave, 256), 256) - wave).abs().max().item() < 0.02)


class CausalConv1d(nn.Conv1d):
    def __init__(self, in_channels, out_channels, kernel_size, dilation=1):
        super().__init__(in_channels, out_channels, kernel_size, dilation=dilation)
        self.left = (kernel_size - 1) * dilation

    def forward(self, x):
        return super().forward(F.pad(x, (self.left, 0)))


class ResidualBlock(nn.Module):
    def __init__(self, residual, skip, dilation):
        super().__init__()
        self.filter = CausalConv1d(residual, residual, 2, dilation)
        self.gate = CausalConv1d(residual, residual, 2, dilation)
        self.res = nn.Conv1d(residual, residual, 1)
        self.skip = nn.Conv1d(residual, skip, 1)

    def forward(self, x):
        z = torch.tanh(self.filter(x)) * torch.sigmoid(self.gate(x))
        return x + self.res(z), self.skip(z)


class WaveNet(nn.Module):
    def __init__(self, classes=256, residual=16, skip=32, layers=6, stacks=2):
        super().__init__()
        self.classes = classes
        self.embed = nn.Embedding(classes, residual)
        self.causal = CausalConv1d(residual, residual, 2)
        self.dilations = [2 ** i for i in range(layers)] * stacks
        self.blocks = nn.ModuleList(ResidualBlock(residual, skip, d) for d in self.dilations)
        self.out = nn.Sequential(nn.ReLU(), nn.Conv1d(skip, skip, 1), nn.ReLU(), nn.Conv1d(skip, classes, 1))

    @property
    def receptive_field(self):
        return 2 + sum(self.dilations)

    def forward(self, codes):
        x = self.causal(self.embed(codes).transpose(1, 2))
        skips = 0
        for block in self.blocks:
            x, s = block(x)
            skips = skips + s
        return self.out(skips)


model = WaveNet(classes=64, residual=8, skip=16, layers=5, stacks=1)
print("dilations:", model.dilations, "receptive field:", model.receptive_field)
print("parameters:", sum(p.numel() for p in model.parameters()))

# causality: d output[t] / d input[s] is zero for s > t
x = torch.randn(1, 8, 20, requires_grad=True)
h = x
for block in model.blocks:
    h, _ = block(h)
h[0, :, 10].sum().backward()
influence = x.grad[0].abs().sum(0)
print("inputs after t=10 influence it:", bool((influence[11:] > 0).any()), "earliest input used:",
      int((influence > 0).nonzero().min()))


def make_signal(n, generator):
    t = torch.arange(n, dtype=torch.float32)
    f1, f2 = 0.05 + 0.02 * torch.rand(2, generator=generator)
    return 0.6 * torch.sin(2 * math.pi * f1 * t) + 0.3 * torch.sin(2 * math.pi * f2 * t + 1.0)


torch.manual_seed(1)
Q = 64
model = WaveNet(classes=Q, residual=16, skip=32, layers=5, stacks=2)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
g = torch.Generator().manual_seed(2)
for step in range(40):
    batch = torch.stack([mu_law_encoding(make_signal(129, g), Q) for _ in range(8)])
    logits = model(batch[:, :-1])
    loss = F.cross_entropy(logits, batch[:, 1:])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0 or step == 39:
        acc = (logits.argmax(1) == batch[:, 1:]).float().mean().item()
        print(f"step {step:3d} loss {loss.item():.4f} next-sample accuracy {acc:.3f}")

# greedy generation from a primer of one receptive field
model.eval()
signal = make_signal(160, g)
codes = mu_law_encoding(signal, Q)
generated = codes[: model.receptive_field].clone()
with torch.no_grad():
    for _ in range(20):
        logits = model(generated[None, -model.receptive_field:])
        generated = torch.cat([generated, logits[0, :, -1].argmax()[None]])
continued = mu_law_decoding(generated[model.receptive_field:], Q)
truth = signal[model.receptive_field: model.receptive_field + 20]
print("generated:", continued[:8].round(decimals=3))
print("truth:    ", truth[:8].round(decimals=3))
print(f"rmse over 20 generated samples {torch.sqrt(((continued - truth) ** 2).mean()).item():.4f}")
