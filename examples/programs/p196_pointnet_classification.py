# PointNet (Qi et al. 2017) as the popular PyTorch implementations (fxia22/pointnet.pytorch, the Keras-port
# notebooks) write it, on synthetic point clouds (spheres, cubes and cylinders): STN3d/STNkd predicting a
# transform initialised to the identity (the eye added to the output), shared MLPs as Conv1d(k=1) with
# BatchNorm1d, a global max-pool over points (torch.max(x, 2, keepdim=True)[0]), the feature-transform
# regulariser ||I - A A^T||, permutation invariance checked, and critical points from the argmax (in float64).
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
NUM_POINTS = 48


def sample_shape(kind, n=NUM_POINTS):
    if kind == 0:
        p = torch.randn(n, 3)
        p = p / p.norm(dim=1, keepdim=True)
    elif kind == 1:
        p = torch.rand(n, 3) * 2 - 1
        face = torch.randint(0, 3, (n,))
        p[torch.arange(n), face] = torch.sign(torch.randn(n))
    else:
        theta = torch.rand(n) * 2 * math.pi
        p = torch.stack([torch.cos(theta), torch.sin(theta), torch.rand(n) * 2 - 1], dim=1)
    return p + 0.02 * torch.randn(n, 3)


def make_dataset(per_class):
    clouds, labels = [], []
    for kind in range(3):
        for _ in range(per_class):
            clouds.append(sample_shape(kind))
            labels.append(kind)
    return torch.stack(clouds).transpose(2, 1), torch.tensor(labels)


class STNkd(nn.Module):
    def __init__(self, k=3):
        super().__init__()
        self.conv1 = nn.Conv1d(k, 32, 1)
        self.conv2 = nn.Conv1d(32, 64, 1)
        self.fc1 = nn.Linear(64, 32)
        self.fc2 = nn.Linear(32, k * k)
        self.bn1 = nn.BatchNorm1d(32)
        self.bn2 = nn.BatchNorm1d(64)
        self.k = k

    def forward(self, x):
        batchsize = x.size()[0]
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = torch.max(x, 2, keepdim=True)[0]
        x = x.view(-1, 64)
        x = self.fc2(F.relu(self.fc1(x)))
        iden = torch.eye(self.k).flatten().view(1, self.k * self.k).repeat(batchsize, 1)
        x = x + iden
        return x.view(-1, self.k, self.k)


class PointNetCls(nn.Module):
    def __init__(self, k=3, feature_transform=True):
        super().__init__()
        self.stn = STNkd(3)
        self.conv1 = nn.Conv1d(3, 16, 1)
        self.fstn = STNkd(16) if feature_transform else None
        self.conv2 = nn.Conv1d(16, 32, 1)
        self.conv3 = nn.Conv1d(32, 64, 1)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm1d(16), nn.BatchNorm1d(32), nn.BatchNorm1d(64)
        self.head = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(p=0.3), nn.Linear(32, k))

    def forward(self, x):
        trans = self.stn(x)
        x = torch.bmm(x.transpose(2, 1), trans).transpose(2, 1)
        x = F.relu(self.bn1(self.conv1(x)))
        trans_feat = None
        if self.fstn is not None:
            trans_feat = self.fstn(x)
            x = torch.bmm(x.transpose(2, 1), trans_feat).transpose(2, 1)
        x = F.relu(self.bn2(self.conv2(x)))
        x = self.bn3(self.conv3(x))
        x, critical = torch.max(x, 2)
        return F.log_softmax(self.head(x), dim=1), trans_feat, critical


def feature_transform_regularizer(trans):
    d = trans.size()[1]
    I = torch.eye(d)[None, :, :]
    return torch.mean(torch.norm(torch.bmm(trans, trans.transpose(2, 1)) - I, dim=(1, 2)))


train_x, train_y = make_dataset(16)
test_x, test_y = make_dataset(8)
print("train", train_x.shape, "test", test_x.shape)
model = PointNetCls()
print("parameters", sum(p.numel() for p in model.parameters()))
print(model.stn)
opt = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
for epoch in range(5):
    model.train()
    perm = torch.randperm(train_x.shape[0])
    total = 0.0
    for i in range(0, len(perm), 16):
        idx = perm[i:i + 16]
        pred, trans_feat, _ = model(train_x[idx])
        loss = F.nll_loss(pred, train_y[idx]) + 0.001 * feature_transform_regularizer(trans_feat)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
    scheduler.step()
    model.eval()
    with torch.no_grad():
        pred, _, _ = model(test_x)
        correct = pred.data.max(1)[1].eq(test_y).sum().item()
    print("epoch %d loss %.4f test accuracy %d/%d lr %.5f" % (epoch, total / 3, correct, len(test_y),
                                                               scheduler.get_last_lr()[0]))

model.eval()
with torch.no_grad():
    cloud = test_x[:1]
    shuffled = cloud[:, :, torch.randperm(NUM_POINTS)]
    a, _, crit = model(cloud)
    b, _, _ = model(shuffled)
    print("permutation invariant:", torch.allclose(a, b, atol=1e-5))
    print("critical points", torch.unique(crit).numel(), "of", NUM_POINTS)
    ident = model.stn(cloud)
    print("input transform", ident.shape, "det %.3f" % torch.linalg.det(ident)[0].item())
    print("regularizer of identity", feature_transform_regularizer(torch.eye(4).repeat(2, 1, 1)).item())
