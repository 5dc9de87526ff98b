# A small convolutional network on synthetic 8x8 images of horizontal and vertical bars.
import torch
import torch.nn as nn
import torch.nn.functional as F


def make_images():
    images, labels = [], []
    for position in range(8):
        horizontal = torch.zeros(1, 8, 8)
        horizontal[0, position, :] = 1.0
        vertical = torch.zeros(1, 8, 8)
        vertical[0, :, position] = 1.0
        images += [horizontal, vertical]
        labels += [0, 1]
    return torch.stack(images), torch.tensor(labels)


class BarNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(4, 8, kernel_size=3)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(8 * 2 * 2, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = F.relu(self.conv2(x))
        x = torch.flatten(x, 1)
        return self.fc(x)


images, labels = make_images()
print("images:", images.shape, labels.tolist())
model = BarNet()
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.cos(torch.arange(p.numel(), dtype=torch.float32) * 0.9 + i).reshape(p.shape) * 0.3)
print(model)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()
for epoch in range(30):
    optimizer.zero_grad()
    outputs = model(images)
    loss = criterion(outputs, labels)
    loss.backward()
    optimizer.step()
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}")
model.eval()
with torch.no_grad():
    predicted = model(images).argmax(1)
print("correct:", (predicted == labels).sum().item(), "of", len(labels))
print("conv1 output shape:", model.conv1(images[:2]).shape)
