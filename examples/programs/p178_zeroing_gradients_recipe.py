# pytorch.org recipe "Zeroing out gradients in PyTorch" (recipes/recipes/zeroing_out_gradients) on a small
# synthetic image set in place of CIFAR10: the LeNet-style Net, CrossEntropyLoss, SGD with momentum, the loop
# with optimizer.zero_grad() before backward; then what happens without zeroing (gradients accumulate),
# zero_grad(set_to_none=False) versus the default set_to_none=True, and model.zero_grad().
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(0)
images = torch.randn(40, 3, 32, 32)
labels = torch.randint(0, 10, (40,))
trainloader = [(images[i:i + 4], labels[i:i + 4]) for i in range(0, 40, 4)]


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

for epoch in range(2):
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels_ = data
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels_)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        if i % 5 == 4:
            print('[%d, %5d] loss: %.3f' % (epoch + 1, i + 1, running_loss / 5))
            running_loss = 0.0
print('Finished Training')

# without zeroing, the gradients of two backward passes add up
inputs, labels_ = trainloader[0]
net.zero_grad()
criterion(net(inputs), labels_).backward()
g1 = net.conv1.bias.grad.clone()
criterion(net(inputs), labels_).backward()
print(torch.allclose(net.conv1.bias.grad, 2 * g1))
print(tuple(net.conv1.bias.grad.shape), net.conv1.bias.grad.dtype)

optimizer.zero_grad(set_to_none=False)
print(net.conv1.bias.grad is None, net.conv1.bias.grad.abs().sum().item())
optimizer.zero_grad()
print(net.conv1.bias.grad is None, all(p.grad is None for p in net.parameters()))
criterion(net(inputs), labels_).backward()
print(sum(p.grad is not None for p in net.parameters()), len(list(net.parameters())))
net.zero_grad()
print(net.fc3.weight.grad)
