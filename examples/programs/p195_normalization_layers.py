# Normalization layers side by side, as the "BatchNorm vs LayerNorm vs InstanceNorm vs GroupNorm" blog posts and
# the Group Normalization paper's figure explain them: each layer checked against the mean/var over its own axes
# written by hand (unbiased=False, eps inside the sqrt), affine parameters and running statistics, train vs eval,
# momentum=None (cumulative average), LayerNorm over the last two dims, RMSNorm, LocalResponseNorm,
# F.normalize, and a small CNN trained with each normalization.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N, C, H, W = 4, 6, 5, 5
x = torch.randn(N, C, H, W) * 3 + 1


def manual(x, dims, eps=1e-5):
    mean = x.mean(dim=dims, keepdim=True)
    var = x.var(dim=dims, keepdim=True, unbiased=False)
    return (x - mean) / torch.sqrt(var + eps)


bn = nn.BatchNorm2d(C)
ln = nn.LayerNorm([C, H, W], elementwise_affine=False)
inorm = nn.InstanceNorm2d(C)
gn = nn.GroupNorm(3, C)
print(bn, ln, inorm, gn, sep="\n")
print("batch   ", torch.allclose(bn(x), manual(x, (0, 2, 3)), atol=1e-5))
print("layer   ", torch.allclose(ln(x), manual(x, (1, 2, 3)), atol=1e-5))
print("instance", torch.allclose(inorm(x), manual(x, (2, 3)), atol=1e-5))
grouped = manual(x.view(N, 3, 2, H, W), (2, 3, 4)).view(N, C, H, W)
print("group   ", torch.allclose(gn(x), grouped, atol=1e-5))
print("GroupNorm(1) == LayerNorm:", torch.allclose(nn.GroupNorm(1, C)(x), ln(x), atol=1e-5))
print("GroupNorm(C) == InstanceNorm:", torch.allclose(nn.GroupNorm(C, C)(x), inorm(x), atol=1e-5))

print("running_mean", bn.running_mean.round(decimals=4))
print("running_var", bn.running_var.round(decimals=4))
print("num_batches_tracked", bn.num_batches_tracked)
bn.eval()
expected = (x - bn.running_mean.view(1, C, 1, 1)) / torch.sqrt(bn.running_var.view(1, C, 1, 1) + bn.eps)
print("eval uses running stats:", torch.allclose(bn(x), expected, atol=1e-5))

cumulative = nn.BatchNorm1d(3, momentum=None)
batches = [torch.randn(8, 3) + i for i in range(3)]
for b in batches:
    cumulative(b)
print("momentum=None averages the batch means:", torch.allclose(cumulative.running_mean,
                                                                 torch.stack([b.mean(0) for b in batches]).mean(0)))
no_track = nn.BatchNorm1d(3, track_running_stats=False, affine=False)
print(no_track, no_track.running_mean, list(no_track.parameters()))

seq = torch.randn(2, 7, 8)
ln2 = nn.LayerNorm(8)
with torch.no_grad():
    ln2.weight.fill_(2.0)
    ln2.bias.fill_(0.5)
out = ln2(seq)
print("layernorm per token mean %.4f std %.4f" % (out.mean(-1).mean().item(), out.std(-1, unbiased=False).mean().item()))
rms = nn.RMSNorm(8, eps=1e-6)
print(rms)
r = rms(seq)
print("rmsnorm:", torch.allclose(r, seq / torch.sqrt(seq.pow(2).mean(-1, keepdim=True) + 1e-6), atol=1e-6))
print(F.normalize(torch.tensor([[3.0, 4.0], [0.0, 0.0]]), dim=1))
print(F.normalize(torch.tensor([[3.0, 4.0], [1.0, 1.0]]), p=1, dim=1))
lrn = nn.LocalResponseNorm(2)
print(lrn, lrn(torch.ones(1, 4, 1, 1)).view(-1))


def make_net(norm):
    layers = {"batch": nn.BatchNorm2d(8), "group": nn.GroupNorm(2, 8), "instance": nn.InstanceNorm2d(8, affine=True),
              "layer": nn.GroupNorm(1, 8), "none": nn.Identity()}
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), layers[norm], nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(8, 2))


imgs = torch.randn(64, 1, 8, 8)
labels = (imgs[:, :, :4].mean((1, 2, 3)) > imgs[:, :, 4:].mean((1, 2, 3))).long()
for norm in ["none", "batch", "group", "instance", "layer"]:
    torch.manual_seed(1)
    net = make_net(norm)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for step in range(30):
        loss = F.cross_entropy(net(imgs), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    acc = (net(imgs).argmax(1) == labels).float().mean().item()
    print("%-8s final loss %.4f accuracy %.3f params %d" % (norm, loss.item(), acc, sum(p.numel() for p in net.parameters())))
