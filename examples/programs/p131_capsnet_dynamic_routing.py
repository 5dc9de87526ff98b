# Capsule networks (Sabour, Frosst & Hinton 2017) as in the popular PyTorch re-implementations (gram-ai
# capsule-networks, higgsfield's notebook): the squash non-linearity, PrimaryCaps as a Conv2d reshaped into
# 8-D capsules, DigitCaps with a W of shape (1, routes, classes, out, in) applied by torch.matmul, dynamic routing
# by agreement (softmax over b_ij, agreement via matmul, b_ij updated with the mean), the margin loss, the masked
# reconstruction decoder with torch.eye(10).index_select, and a few Adam steps on synthetic 1x16x16 digits.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable

USE_CUDA = torch.cuda.is_available()
torch.manual_seed(0)
NUM_CLASSES = 10
prototypes = (torch.rand(NUM_CLASSES, 1, 16, 16) > 0.7).float()
labels = torch.arange(NUM_CLASSES).repeat(6)
images = (prototypes[labels] + 0.3 * torch.randn(60, 1, 16, 16)).clamp(0, 1)
print(images.shape, labels.shape)


def squash(input_tensor, dim=-1):
    squared_norm = (input_tensor ** 2).sum(dim, keepdim=True)
    output_tensor = squared_norm * input_tensor / ((1. + squared_norm) * torch.sqrt(squared_norm))
    return output_tensor


v = torch.tensor([[3.0, 4.0], [0.3, 0.4]])
print(squash(v), squash(v).norm(dim=-1))


class ConvLayer(nn.Module):
    def __init__(self, in_channels=1, out_channels=32, kernel_size=5):
        super(ConvLayer, self).__init__()
        self.conv = nn.Conv2d(in_channels=in_channels, out_channels=out_channels, kernel_size=kernel_size,
                              stride=1)

    def forward(self, x):
        return F.relu(self.conv(x))


class PrimaryCaps(nn.Module):
    def __init__(self, num_capsules=8, in_channels=32, out_channels=8, kernel_size=5):
        super(PrimaryCaps, self).__init__()
        self.capsules = nn.ModuleList([
            nn.Conv2d(in_channels=in_channels, out_channels=out_channels, kernel_size=kernel_size, stride=2,
                      padding=0) for _ in range(num_capsules)])

    def forward(self, x):
        u = [capsule(x) for capsule in self.capsules]
        u = torch.stack(u, dim=1)
        u = u.view(x.size(0), -1, 8)
        return squash(u)


class DigitCaps(nn.Module):
    def __init__(self, num_capsules=10, num_routes=8 * 4 * 4, in_channels=8, out_channels=16):
        super(DigitCaps, self).__init__()
        self.in_channels = in_channels
        self.num_routes = num_routes
        self.num_capsules = num_capsules
        self.W = nn.Parameter(0.05 * torch.randn(1, num_routes, num_capsules, out_channels, in_channels))

    def forward(self, x):
        batch_size = x.size(0)
        x = torch.stack([x] * self.num_capsules, dim=2).unsqueeze(4)
        W = torch.cat([self.W] * batch_size, dim=0)
        u_hat = torch.matmul(W, x)
        b_ij = Variable(torch.zeros(1, self.num_routes, self.num_capsules, 1))
        if USE_CUDA:
            b_ij = b_ij.cuda()
        num_iterations = 3
        for iteration in range(num_iterations):
            c_ij = F.softmax(b_ij, dim=1)
            c_ij = torch.cat([c_ij] * batch_size, dim=0).unsqueeze(4)
            s_j = (c_ij * u_hat).sum(dim=1, keepdim=True)
            v_j = squash(s_j, dim=-2)
            if iteration < num_iterations - 1:
                a_ij = torch.matmul(u_hat.transpose(3, 4), torch.cat([v_j] * self.num_routes, dim=1))
                b_ij = b_ij + a_ij.squeeze(4).mean(dim=0, keepdim=True)
        return v_j.squeeze(1)


class Decoder(nn.Module):
    def __init__(self):
        super(Decoder, self).__init__()
        self.reconstraction_layers = nn.Sequential(
            nn.Linear(16 * 10, 128), nn.ReLU(inplace=True),
            nn.Linear(128, 256), nn.ReLU(inplace=True),
            nn.Linear(256, 256), nn.Sigmoid())

    def forward(self, x, data):
        classes = torch.sqrt((x ** 2).sum(2))
        classes = F.softmax(classes, dim=1)
        _, max_length_indices = classes.max(dim=1)
        masked = Variable(torch.sparse.torch.eye(10))
        if USE_CUDA:
            masked = masked.cuda()
        masked = masked.index_select(dim=0, index=Variable(max_length_indices.squeeze(1).data))
        reconstructions = self.reconstraction_layers((x * masked[:, :, None, None]).view(x.size(0), -1))
        reconstructions = reconstructions.view(-1, 1, 16, 16)
        return reconstructions, masked


class CapsNet(nn.Module):
    def __init__(self):
        super(CapsNet, self).__init__()
        self.conv_layer = ConvLayer()
        self.primary_capsules = PrimaryCaps()
        self.digit_capsules = DigitCaps()
        self.decoder = Decoder()
        self.mse_loss = nn.MSELoss()

    def forward(self, data):
        output = self.digit_capsules(self.primary_capsules(self.conv_layer(data)))
        reconstructions, masked = self.decoder(output, data)
        return output, reconstructions, masked

    def loss(self, data, x, target, reconstructions):
        return self.margin_loss(x, target) + self.reconstruction_loss(data, reconstructions)

    def margin_loss(self, x, labels, size_average=True):
        batch_size = x.size(0)
        v_c = torch.sqrt((x ** 2).sum(dim=2, keepdim=True))
        left = F.relu(0.9 - v_c).view(batch_size, -1)
        right = F.relu(v_c - 0.1).view(batch_size, -1)
        loss = labels * left + 0.5 * (1.0 - labels) * right
        loss = loss.sum(dim=1).mean()
        return loss

    def reconstruction_loss(self, data, reconstructions):
        loss = self.mse_loss(reconstructions.view(reconstructions.size(0), -1), data.view(reconstructions.size(0), -1))
        return loss * 0.0005


torch.manual_seed(1)
capsule_net = CapsNet()
if USE_CUDA:
    capsule_net = capsule_net.cuda()
print(capsule_net.digit_capsules.W.shape, sum(p.numel() for p in capsule_net.parameters()))
x = capsule_net.conv_layer(images[:2])
u = capsule_net.primary_capsules(x)
print(x.shape, u.shape, bool((u.norm(dim=-1) < 1).all()))
output, reconstructions, masked = capsule_net(images[:2])
print(output.shape, reconstructions.shape, masked.shape, output.grad_fn)
print(masked.sum(1))
optimizer = torch.optim.Adam(capsule_net.parameters(), lr=1e-3)
batch_size = 20
for epoch in range(3):
    capsule_net.train()
    train_loss, correct = 0, 0
    for batch_id in range(0, len(images), batch_size):
        data = images[batch_id:batch_id + batch_size]
        target = torch.sparse.torch.eye(10).index_select(dim=0, index=labels[batch_id:batch_id + batch_size])
        data, target = Variable(data), Variable(target)
        if USE_CUDA:
            data, target = data.cuda(), target.cuda()
        optimizer.zero_grad()
        output, reconstructions, masked = capsule_net(data)
        loss = capsule_net.loss(data, output, target, reconstructions)
        loss.backward()
        optimizer.step()
        train_loss += loss.item()
        correct += (masked.argmax(1) == target.argmax(1)).sum().item()
    print(f"epoch {epoch}: train loss {train_loss / 3:.4f} accuracy {correct / len(images):.3f}")
