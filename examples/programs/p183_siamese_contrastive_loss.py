# The "Siamese network with contrastive loss" notebooks (Hadsell, Chopra & LeCun 2006, as in the popular
# harveyslash Facial-Similarity notebook) on synthetic 1x16x16 "faces": a SiameseNetwork with a shared CNN
# (ReflectionPad2d, Conv2d, ReLU, BatchNorm2d) and a Linear embedding, forward_once/forward, the ContrastiveLoss
# module written with F.pairwise_distance and torch.clamp, pair sampling, and distances of same/different pairs.
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(0)
torch.manual_seed(0)
n_classes = 5
prototypes = torch.randn(n_classes, 1, 16, 16)


def sample(c):
    return prototypes[c] + 0.3 * torch.randn(1, 16, 16)


def make_pairs(n):
    x0, x1, label = [], [], []
    for _ in range(n):
        c0 = random.randint(0, n_classes - 1)
        same = random.randint(0, 1)
        c1 = c0 if same else (c0 + random.randint(1, n_classes - 1)) % n_classes
        x0.append(sample(c0))
        x1.append(sample(c1))
        label.append(float(c0 != c1))
    return torch.stack(x0), torch.stack(x1), torch.tensor(label).unsqueeze(1)


class SiameseNetwork(nn.Module):
    def __init__(self):
        super(SiameseNetwork, self).__init__()
        self.cnn1 = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(1, 4, kernel_size=3), nn.ReLU(inplace=True), nn.BatchNorm2d(4),
            nn.ReflectionPad2d(1), nn.Conv2d(4, 8, kernel_size=3), nn.ReLU(inplace=True), nn.BatchNorm2d(8),
        )
        self.fc1 = nn.Sequential(nn.Linear(8 * 16 * 16, 64), nn.ReLU(inplace=True), nn.Linear(64, 5))

    def forward_once(self, x):
        output = self.cnn1(x)
        output = output.view(output.size()[0], -1)
        output = self.fc1(output)
        return output

    def forward(self, input1, input2):
        output1 = self.forward_once(input1)
        output2 = self.forward_once(input2)
        return output1, output2


class ContrastiveLoss(torch.nn.Module):
    def __init__(self, margin=2.0):
        super(ContrastiveLoss, self).__init__()
        self.margin = margin

    def forward(self, output1, output2, label):
        euclidean_distance = F.pairwise_distance(output1, output2, keepdim=True)
        loss_contrastive = torch.mean((1 - label) * torch.pow(euclidean_distance, 2) +
                                      (label) * torch.pow(torch.clamp(self.margin - euclidean_distance, min=0.0), 2))
        return loss_contrastive


net = SiameseNetwork()
criterion = ContrastiveLoss()
optimizer = torch.optim.Adam(net.parameters(), lr=0.0005)
counter = []
loss_history = []
iteration_number = 0
for epoch in range(0, 4):
    for i in range(5):
        img0, img1, label = make_pairs(16)
        optimizer.zero_grad()
        output1, output2 = net(img0, img1)
        loss_contrastive = criterion(output1, output2, label)
        loss_contrastive.backward()
        optimizer.step()
        if i % 5 == 0:
            print("Epoch number {}\n Current loss {}\n".format(epoch, round(loss_contrastive.item(), 4)))
            iteration_number += 5
            counter.append(iteration_number)
            loss_history.append(loss_contrastive.item())
print(counter)

net.eval()
with torch.no_grad():
    a, b, label = make_pairs(40)
    o1, o2 = net(a, b)
    dist = F.pairwise_distance(o1, o2)
same = dist[label.squeeze(1) == 0].mean().item()
diff = dist[label.squeeze(1) == 1].mean().item()
print(f'mean distance same {same:.3f} different {diff:.3f}', same < diff)
print(F.pairwise_distance(torch.zeros(2, 3), torch.ones(2, 3)))
print(F.pairwise_distance(torch.zeros(2, 3), torch.ones(2, 3), p=1.0, eps=0.0, keepdim=True))
print(F.cosine_similarity(o1[:2], o2[:2]).shape)
