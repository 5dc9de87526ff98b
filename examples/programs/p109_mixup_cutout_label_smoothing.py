# Regularisation recipes as their reference repos write them: mixup (facebookresearch/mixup-cifar10:
# mixup_data / mixup_criterion), CutMix (clovaai/CutMix-PyTorch: rand_bbox), Cutout (uoguelph-mlrg/Cutout: a
# numpy mask per image), and label smoothing (timm's LabelSmoothingCrossEntropy vs nn.CrossEntropyLoss's
# label_smoothing), used in a short training run of a small CNN on synthetic 3x32x32 images.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)
use_cuda = torch.cuda.is_available()


def mixup_data(x, y, alpha=1.0, use_cuda=True):
    '''Returns mixed inputs, pairs of targets, and lambda'''
    if alpha > 0:
        lam = np.random.beta(alpha, alpha)
    else:
        lam = 1

    batch_size = x.size()[0]
    if use_cuda:
        index = torch.randperm(batch_size).cuda()
    else:
        index = torch.randperm(batch_size)

    mixed_x = lam * x + (1 - lam) * x[index, :]
    y_a, y_b = y, y[index]
    return mixed_x, y_a, y_b, lam


def mixup_criterion(criterion, pred, y_a, y_b, lam):
    return lam * criterion(pred, y_a) + (1 - lam) * criterion(pred, y_b)


def rand_bbox(size, lam):
    W = size[2]
    H = size[3]
    cut_rat = np.sqrt(1. - lam)
    cut_w = int(W * cut_rat)
    cut_h = int(H * cut_rat)

    # uniform
    cx = np.random.randint(W)
    cy = np.random.randint(H)

    bbx1 = np.clip(cx - cut_w // 2, 0, W)
    bby1 = np.clip(cy - cut_h // 2, 0, H)
    bbx2 = np.clip(cx + cut_w // 2, 0, W)
    bby2 = np.clip(cy + cut_h // 2, 0, H)

    return bbx1, bby1, bbx2, bby2


class Cutout(object):
    """Randomly mask out one or more patches from an image."""

    def __init__(self, n_holes, length):
        self.n_holes = n_holes
        self.length = length

    def __call__(self, img):
        h = img.size(1)
        w = img.size(2)

        mask = np.ones((h, w), np.float32)

        for n in range(self.n_holes):
            y = np.random.randint(h)
            x = np.random.randint(w)

            y1 = np.clip(y - self.length // 2, 0, h)
            y2 = np.clip(y + self.length // 2, 0, h)
            x1 = np.clip(x - self.length // 2, 0, w)
            x2 = np.clip(x + self.length // 2, 0, w)

            mask[y1: y2, x1: x2] = 0.

        mask = torch.from_numpy(mask)
        mask = mask.expand_as(img)
        img = img * mask

        return img


class LabelSmoothingCrossEntropy(nn.Module):
    """ NLL loss with label smoothing.
    """
    def __init__(self, smoothing=0.1):
        super(LabelSmoothingCrossEntropy, self).__init__()
        assert smoothing < 1.0
        self.smoothing = smoothing
        self.confidence = 1. - smoothing

    def forward(self, x: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        logprobs = F.log_softmax(x, dim=-1)
        nll_loss = -logprobs.gather(dim=-1, index=target.unsqueeze(1))
        nll_loss = nll_loss.squeeze(1)
        smooth_loss = -logprobs.mean(dim=-1)
        loss = self.confidence * nll_loss + self.smoothing * smooth_loss
        return loss.mean()


def smooth_one_hot(true_labels: torch.Tensor, classes: int, smoothing=0.0):
    assert 0 <= smoothing < 1
    confidence = 1.0 - smoothing
    label_shape = torch.Size((true_labels.size(0), classes))
    with torch.no_grad():
        true_dist = torch.empty(size=label_shape, device=true_labels.device)
        true_dist.fill_(smoothing / (classes - 1))
        true_dist.scatter_(1, true_labels.data.unsqueeze(1), confidence)
    return true_dist


# label smoothing: timm's module equals nn.CrossEntropyLoss(label_smoothing=...)
logits = torch.tensor([[2.0, 0.5, -1.0, 0.0], [0.1, 0.2, 3.0, -0.5], [1.0, 1.0, 1.0, 1.0]], requires_grad=True)
target = torch.tensor([0, 2, 3])
ls_timm = LabelSmoothingCrossEntropy(smoothing=0.1)(logits, target)
ls_torch = nn.CrossEntropyLoss(label_smoothing=0.1)(logits, target)
print(f'timm {ls_timm.item():.6f} torch {ls_torch.item():.6f} plain {F.cross_entropy(logits, target).item():.6f}')
print(smooth_one_hot(target, 4, smoothing=0.3))
soft = smooth_one_hot(target, 4, smoothing=0.3)
print(f'soft-target cross entropy {F.cross_entropy(logits, soft).item():.6f}',
      f'{torch.sum(-soft * F.log_softmax(logits, -1), -1).mean().item():.6f}')
ls_torch.backward()
print(logits.grad)
print(nn.CrossEntropyLoss(label_smoothing=0.2, reduction='none')(logits, target))
print(nn.CrossEntropyLoss(label_smoothing=0.2, ignore_index=3)(logits, target))
w = torch.tensor([1.0, 2.0, 0.5, 1.0])
print(nn.CrossEntropyLoss(weight=w, label_smoothing=0.2)(logits, target))

# cutout on one image: number of zeroed pixels
cut = Cutout(n_holes=1, length=8)
img = torch.ones(3, 32, 32)
out = cut(img)
print(out.shape, out.dtype, 'zeroed per channel <= 64:', int((out[0] == 0).sum()) <= 64)

# a small CNN trained with mixup + cutmix
class Net(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 8 * 8, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


X = torch.randn(64, 3, 32, 32)
Y = torch.randint(0, 10, (64,))
X = torch.stack([cut(im) for im in X])
trainloader = DataLoader(TensorDataset(X, Y), batch_size=16, shuffle=True)
net = Net()
if use_cuda:
    net.cuda()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)

for epoch in range(2):
    net.train()
    train_loss = 0
    correct = 0
    total = 0
    for batch_idx, (inputs, targets) in enumerate(trainloader):
        if use_cuda:
            inputs, targets = inputs.cuda(), targets.cuda()
        if batch_idx % 2 == 0:
            inputs, targets_a, targets_b, lam = mixup_data(inputs, targets, 1.0, use_cuda)
        else:
            lam = np.random.beta(1.0, 1.0)
            rand_index = torch.randperm(inputs.size()[0])
            targets_a = targets
            targets_b = targets[rand_index]
            bbx1, bby1, bbx2, bby2 = rand_bbox(inputs.size(), lam)
            inputs[:, :, bbx1:bbx2, bby1:bby2] = inputs[rand_index, :, bbx1:bbx2, bby1:bby2]
            # adjust lambda to exactly match pixel ratio
            lam = 1 - ((bbx2 - bbx1) * (bby2 - bby1) / (inputs.size()[-1] * inputs.size()[-2]))
        outputs = net(inputs)
        loss = mixup_criterion(criterion, outputs, targets_a, targets_b, lam)
        train_loss += loss.item()
        _, predicted = torch.max(outputs.data, 1)
        total += targets.size(0)
        correct += (lam * predicted.eq(targets_a.data).cpu().sum().float()
                    + (1 - lam) * predicted.eq(targets_b.data).cpu().sum().float())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print('Epoch %d | Loss: %.3f | Acc: %.3f%% (%d/%d)' % (epoch, train_loss / (batch_idx + 1),
                                                      100. * correct / total, correct, total))
print(type(lam), loss.grad_fn, correct.dtype)
