# "Deep Learning with PyTorch", chapters 7 and 8 on random CIFAR-shaped "birds vs airplanes": nn.Sequential from an
# OrderedDict, LogSoftmax + NLLLoss, a subclassed Net with tanh and max_pool2d, a training loop with L2 weight
# decay written by hand, NetDropout, NetBatchNorm and a deep residual NetResDeep with kaiming_normal_ init and
# nn.Sequential(*(n_blocks * [ResBlock(...)])).
from collections import OrderedDict
import datetime

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

device = (torch.device('cuda') if torch.cuda.is_available()
          else torch.device('cpu'))
print(f"Training on device {device}.")

torch.manual_seed(123)
imgs = torch.rand(48, 3, 16, 16)
labels = (imgs[:, 2].mean(dim=(1, 2)) > imgs[:, 0].mean(dim=(1, 2))).long()
cifar2 = [(img, label.item()) for img, label in zip(imgs[:32], labels[:32])]
cifar2_val = [(img, label.item()) for img, label in zip(imgs[32:], labels[32:])]
print(len(cifar2), cifar2[0][0].shape, type(cifar2[0][1]).__name__)

seq_model = nn.Sequential(OrderedDict([
    ('hidden_linear', nn.Linear(768, 32)),
    ('hidden_activation', nn.Tanh()),
    ('output_linear', nn.Linear(32, 2)),
    ('softmax', nn.LogSoftmax(dim=1))]))
print(seq_model)
print([param.shape for param in seq_model.parameters()])
for name, param in seq_model.named_parameters():
    print(name, param.shape)
print(seq_model.output_linear.bias.shape)

loss = nn.NLLLoss()
img, label = cifar2[0]
out = seq_model(img.view(-1).unsqueeze(0))
print(out.shape, loss(out, torch.tensor([label])).shape)

softmax = nn.Softmax(dim=1)
x = torch.tensor([[1.0, 2.0, 3.0],
                  [1.0, 2.0, 3.0]])
print(softmax(x))

conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)
print(conv, conv.weight.shape, conv.bias.shape)
with torch.no_grad():
    conv.bias.zero_()
with torch.no_grad():
    conv.weight.fill_(1.0 / 9.0)
output = conv(img.unsqueeze(0))
print(output.shape, torch.allclose(output[0, 0], output[0, 5]))
pool = nn.MaxPool2d(2)
print(pool(output).shape)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 8, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(8 * 4 * 4, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = out.view(-1, 8 * 4 * 4)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


model = Net()
numel_list = [p.numel() for p in model.parameters()]
print(sum(numel_list), numel_list)


def training_loop(n_epochs, optimizer, model, loss_fn, train_loader):
    for epoch in range(1, n_epochs + 1):
        loss_train = 0.0
        for imgs, labels in train_loader:
            imgs = imgs.to(device=device)
            labels = labels.to(device=device)
            outputs = model(imgs)
            loss = loss_fn(outputs, labels)

            l2_lambda = 0.001
            l2_norm = sum(p.pow(2.0).sum()
                          for p in model.parameters())
            loss = loss + l2_lambda * l2_norm

            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

            loss_train += loss.item()

        if epoch == 1 or epoch % 2 == 0:
            print('{} Epoch {}, Training loss {}'.format(
                datetime.datetime.now().date() is not None, epoch,
                loss_train / len(train_loader)))


train_loader = torch.utils.data.DataLoader(cifar2, batch_size=16, shuffle=True)
val_loader = torch.utils.data.DataLoader(cifar2_val, batch_size=16, shuffle=False)


def validate(model, train_loader, val_loader):
    accdict = {}
    for name, loader in [("train", train_loader), ("val", val_loader)]:
        correct = 0
        total = 0

        with torch.no_grad():
            for imgs, labels in loader:
                imgs = imgs.to(device=device)
                labels = labels.to(device=device)
                outputs = model(imgs)
                _, predicted = torch.max(outputs, dim=1)
                total += labels.shape[0]
                correct += int((predicted == labels).sum())

        print("Accuracy {}: {:.2f}".format(name, correct / total))
        accdict[name] = correct / total
    return accdict


class NetDropout(nn.Module):
    def __init__(self, n_chans1=8):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv1_dropout = nn.Dropout2d(p=0.4)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv2_dropout = nn.Dropout2d(p=0.4)
        self.fc1 = nn.Linear(4 * 4 * n_chans1 // 2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = self.conv1_dropout(out)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = self.conv2_dropout(out)
        out = out.view(-1, 4 * 4 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


class NetBatchNorm(nn.Module):
    def __init__(self, n_chans1=8):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv1_batchnorm = nn.BatchNorm2d(num_features=n_chans1)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv2_batchnorm = nn.BatchNorm2d(num_features=n_chans1 // 2)
        self.fc1 = nn.Linear(4 * 4 * n_chans1 // 2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = self.conv1_batchnorm(self.conv1(x))
        out = F.max_pool2d(torch.tanh(out), 2)
        out = self.conv2_batchnorm(self.conv2(out))
        out = F.max_pool2d(torch.tanh(out), 2)
        out = out.view(-1, 4 * 4 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


class ResBlock(nn.Module):
    def __init__(self, n_chans):
        super(ResBlock, self).__init__()
        self.conv = nn.Conv2d(n_chans, n_chans, kernel_size=3,
                              padding=1, bias=False)
        self.batch_norm = nn.BatchNorm2d(num_features=n_chans)
        torch.nn.init.kaiming_normal_(self.conv.weight,
                                      nonlinearity='relu')
        torch.nn.init.constant_(self.batch_norm.weight, 0.5)
        torch.nn.init.zeros_(self.batch_norm.bias)

    def forward(self, x):
        out = self.conv(x)
        out = self.batch_norm(out)
        out = torch.relu(out)
        return out + x


class NetResDeep(nn.Module):
    def __init__(self, n_chans1=8, n_blocks=4):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.resblocks = nn.Sequential(
            *(n_blocks * [ResBlock(n_chans=n_chans1)]))
        self.fc1 = nn.Linear(4 * 4 * n_chans1, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        out = self.resblocks(out)
        out = F.max_pool2d(out, 2)
        out = out.view(-1, 4 * 4 * self.n_chans1)
        out = torch.relu(self.fc1(out))
        out = self.fc2(out)
        return out


all_acc_dict = OrderedDict()
for model_class in [Net, NetDropout, NetBatchNorm, NetResDeep]:
    model = model_class().to(device=device)
    optimizer = optim.SGD(model.parameters(), lr=1e-2)
    loss_fn = nn.CrossEntropyLoss()
    print(model_class.__name__, sum(p.numel() for p in model.parameters()))
    training_loop(n_epochs=4, optimizer=optimizer, model=model, loss_fn=loss_fn, train_loader=train_loader)
    model.eval()
    all_acc_dict[model_class.__name__] = validate(model, train_loader, val_loader)

print(list(all_acc_dict))
print(model.resblocks)
print(model.resblocks[0] is model.resblocks[3], model.resblocks[1].batch_norm.num_batches_tracked)
