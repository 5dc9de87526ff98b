# fastbook chapter 4 "Under the Hood: Training a Digit Classifier" on synthetic 3s and 7s (hand-drawn 12x12
# glyphs with random shifts and noise instead of the MNIST sample): pixel-similarity baseline with the "ideal"
# mean digit and broadcasting mnist_distance, then init_params / linear1 / mnist_loss with torch.where and
# sigmoid, calc_grad / train_epoch / batch_accuracy, a BasicOptim class, and finally simple_net.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader

torch.manual_seed(0)

three = torch.zeros(12, 12)
three[2, 3:9] = three[6, 4:9] = three[10, 3:9] = 1
three[2:11, 8] = 1
seven = torch.zeros(12, 12)
seven[2, 2:10] = 1
for r in range(3, 11):
    seven[r, 9 - (r - 2) // 2] = 1


def make(glyph, n):
    out = []
    for _ in range(n):
        dx, dy = torch.randint(-1, 2, (2,)).tolist()
        out.append(torch.roll(glyph, (dy, dx), dims=(0, 1)))
    return (torch.stack(out) + 0.3 * torch.rand(n, 12, 12)).clamp(0, 1)


stacked_threes, stacked_sevens = make(three, 300), make(seven, 300)
valid_3_tens, valid_7_tens = make(three, 100), make(seven, 100)
print("stacked_threes:", stacked_threes.shape, stacked_threes.ndim, stacked_threes.dtype)
mean3, mean7 = stacked_threes.mean(0), stacked_sevens.mean(0)
a_3 = stacked_threes[1]
dist_3_abs = (a_3 - mean3).abs().mean()
dist_3_sqr = ((a_3 - mean3) ** 2).mean().sqrt()
print(f"L1 {dist_3_abs.item():.4f} vs F.l1_loss {F.l1_loss(a_3, mean3).item():.4f}; "
      f"RMSE {dist_3_sqr.item():.4f} vs F.mse_loss().sqrt() {F.mse_loss(a_3, mean3).sqrt().item():.4f}")


def mnist_distance(a, b):
    return (a - b).abs().mean((-1, -2))


valid_3_dist = mnist_distance(valid_3_tens, mean3)
print("broadcast distances:", valid_3_dist.shape)


def is_3(x):
    return mnist_distance(x, mean3) < mnist_distance(x, mean7)


accuracy_3s = is_3(valid_3_tens).float().mean()
accuracy_7s = (1 - is_3(valid_7_tens).float()).mean()
print(f"pixel similarity accuracy: 3s {accuracy_3s.item():.3f}, 7s {accuracy_7s.item():.3f}")

train_x = torch.cat([stacked_threes, stacked_sevens]).view(-1, 12 * 12)
train_y = torch.tensor([1] * 300 + [0] * 300).unsqueeze(1)
valid_x = torch.cat([valid_3_tens, valid_7_tens]).view(-1, 12 * 12)
valid_y = torch.tensor([1] * 100 + [0] * 100).unsqueeze(1)
dset, valid_dset = list(zip(train_x, train_y)), list(zip(valid_x, valid_y))
x, y = dset[0]
print("one item:", x.shape, y)


def init_params(size, std=1.0):
    return (torch.randn(size) * std).requires_grad_()


weights, bias = init_params((144, 1)), init_params(1)


def linear1(xb):
    return xb @ weights + bias


def mnist_loss(predictions, targets):
    predictions = predictions.sigmoid()
    return torch.where(targets == 1, 1 - predictions, predictions).mean()


trgts, prds = torch.tensor([1, 0, 1]), torch.tensor([0.9, 0.4, -0.2])
print("torch.where:", torch.where(trgts == 1, 1 - prds, prds), f"loss {mnist_loss(prds, trgts).item():.4f}")
dl = DataLoader(dset, batch_size=64, shuffle=True)
valid_dl = DataLoader(valid_dset, batch_size=64)
xb, yb = next(iter(dl))
print("batch:", xb.shape, yb.shape)


def calc_grad(xb, yb, model):
    preds = model(xb)
    loss = mnist_loss(preds, yb)
    loss.backward()


def batch_accuracy(xb, yb):
    preds = xb.sigmoid()
    correct = (preds > 0.5) == yb
    return correct.float().mean()


def validate_epoch(model):
    accs = [batch_accuracy(model(xb), yb) for xb, yb in valid_dl]
    return round(torch.stack(accs).mean().item(), 4)


def train_epoch(model, lr, params):
    for xb, yb in dl:
        calc_grad(xb, yb, model)
        for p in params:
            p.data -= p.grad * lr
            p.grad.zero_()


lr, params = 1.0, (weights, bias)
print("before training:", validate_epoch(linear1))
for i in range(10):
    train_epoch(linear1, lr, params)
    if i % 2 == 1:
        print("epoch", i, "accuracy", validate_epoch(linear1))


class BasicOptim:
    def __init__(self, params, lr):
        self.params, self.lr = list(params), lr

    def step(self, *args, **kwargs):
        for p in self.params:
            p.data -= p.grad.data * self.lr

    def zero_grad(self, *args, **kwargs):
        for p in self.params:
            p.grad = None


simple_net = nn.Sequential(nn.Linear(144, 30), nn.ReLU(), nn.Linear(30, 1))
opt = BasicOptim(simple_net.parameters(), lr)
for i in range(6):
    for xb, yb in dl:
        calc_grad(xb, yb, simple_net)
        opt.step()
        opt.zero_grad()
    if i % 2 == 1:
        print("simple_net epoch", i, "accuracy", validate_epoch(simple_net))
w = simple_net[0].weight
print("first layer:", w.shape, "grad after zero_grad:", w.grad)
