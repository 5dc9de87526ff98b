# The "Spatial Transformer Networks" tutorial, as written on synthetic 28x28 digit-like images (shifted, rotated
# bars and crosses instead of MNIST): the localization network, fc_loc initialised to the identity transform,
# F.affine_grid + F.grid_sample in stn(), the classifier with dropout, the train/test loops with log_softmax and
# nll_loss; then the transform it learned, and affine_grid/grid_sample by hand on a small image (identity,
# translation, align_corners, padding modes, the gradient flowing back to theta).
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(0)
device = torch.device("cpu")


def make_images(n, generator):
    """Four classes of simple shapes (horizontal bar, vertical bar, cross, box), randomly shifted and rotated."""
    images = torch.zeros(n, 1, 28, 28)
    labels = torch.randint(0, 4, (n,), generator=generator)
    ys, xs = torch.meshgrid(torch.linspace(-1, 1, 28), torch.linspace(-1, 1, 28), indexing="ij")
    for i in range(n):
        angle = (torch.rand(1, generator=generator).item() - 0.5) * math.pi / 3
        dx, dy = (torch.rand(2, generator=generator) - 0.5).tolist()
        c, s = math.cos(angle), math.sin(angle)
        u = c * (xs - dx) + s * (ys - dy)
        v = -s * (xs - dx) + c * (ys - dy)
        horizontal = (v.abs() < 0.12) & (u.abs() < 0.5)
        vertical = (u.abs() < 0.12) & (v.abs() < 0.5)
        box = ((u.abs() - 0.4).abs() < 0.08) & (v.abs() < 0.48) | ((v.abs() - 0.4).abs() < 0.08) & (u.abs() < 0.48)
        shape = [horizontal, vertical, horizontal | vertical, box][labels[i]]
        images[i, 0] = shape.float()
    return (images - 0.1307) / 0.3081, labels


g = torch.Generator().manual_seed(1)
train_x, train_y = make_images(256, g)
test_x, test_y = make_images(64, g)
train_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(train_x, train_y), batch_size=64,
                                           shuffle=True)
test_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(test_x, test_y), batch_size=64)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 4)

        # Spatial transformer localization-network
        self.localization = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(8, 10, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True)
        )

        # Regressor for the 3 * 2 affine matrix
        self.fc_loc = nn.Sequential(
            nn.Linear(10 * 3 * 3, 32),
            nn.ReLU(True),
            nn.Linear(32, 3 * 2)
        )

        # Initialize the weights/bias with identity transformation
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    # Spatial transformer network forward function
    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 10 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)

        grid = F.affine_grid(theta, x.size(), align_corners=False)
        x = F.grid_sample(x, grid, align_corners=False)

        return x

    def forward(self, x):
        # transform the input
        x = self.stn(x)

        # Perform the usual forward pass
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


model = Net().to(device)
optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)


def train(epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)

        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % 2 == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))


def test():
    with torch.no_grad():
        model.eval()
        test_loss = 0
        correct = 0
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            output = model(data)

            # sum up batch loss
            test_loss += F.nll_loss(output, target, size_average=False).item()
            # get the index of the max log-probability
            pred = output.max(1, keepdim=True)[1]
            correct += pred.eq(target.view_as(pred)).sum().item()

        test_loss /= len(test_loader.dataset)
        print('\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'
              .format(test_loss, correct, len(test_loader.dataset),
                      100. * correct / len(test_loader.dataset)))


for epoch in range(1, 5):
    train(epoch)
    test()

model.eval()
with torch.no_grad():
    xs = model.localization(test_x[:2])
    theta = model.fc_loc(xs.view(-1, 90)).view(-1, 2, 3)
    print("learned theta shape", tuple(theta.shape))
    warped = model.stn(test_x[:2])
    print("warped batch", tuple(warped.shape))

# affine_grid and grid_sample by hand
img = torch.arange(16.).view(1, 1, 4, 4)
identity = torch.tensor([[[1., 0., 0.], [0., 1., 0.]]])
for align_corners in (False, True):
    grid = F.affine_grid(identity, (1, 1, 4, 4), align_corners=align_corners)
    print("align_corners", align_corners, grid[0, 0, :, 0])
    print(torch.allclose(F.grid_sample(img, grid, align_corners=align_corners), img))
shift = torch.tensor([[[1., 0., 0.5], [0., 1., 0.]]])
grid = F.affine_grid(shift, (1, 1, 4, 4), align_corners=False)
for padding_mode in ("zeros", "border", "reflection"):
    print(padding_mode, F.grid_sample(img, grid, padding_mode=padding_mode, align_corners=False)[0, 0, 0])
print(F.grid_sample(img, grid, mode="nearest", align_corners=False)[0, 0, 1])
theta = torch.tensor([[[0.8, 0.1, 0.2], [-0.1, 0.9, 0.0]]], dtype=torch.double, requires_grad=True)
out = F.grid_sample(img.double(), F.affine_grid(theta, (1, 1, 4, 4), align_corners=False), align_corners=False)
out.sum().backward()
print(theta.grad)
