# "Deep Learning with PyTorch", chapters 7-8 on CIFAR-shaped random images (airplanes vs birds): per-channel
# normalization with view/mean/std, a fully connected model with nn.LogSoftmax/NLLLoss, then Net, NetWidth,
# NetDropout, NetBatchNorm and NetRes (nn.Module subclasses using F.max_pool2d and torch.tanh), training_loop
# with `loss_train += loss.item()`, validate, L2 regularization by hand, and saving/loading the weights.
import datetime
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(123)
device = (torch.device('cuda') if torch.cuda.is_available() else torch.device('cpu'))
print(f"Training on device {device}." if device.type in ('cpu', 'cuda') else "?")

# Random stand-ins for the CIFAR-10 tensors: 64 training and 32 validation images, labels 0 (airplane) or 2 (bird)
imgs_train = torch.rand(64, 3, 32, 32)
imgs_val = torch.rand(32, 3, 32, 32)
labels_train = torch.randint(0, 2, (64,)) * 2
labels_val = torch.randint(0, 2, (32,)) * 2
print(imgs_train.shape, imgs_train.dtype)
imgs = imgs_train
print(imgs.view(3, -1).shape)
mean = imgs.view(3, -1).mean(dim=1)
std = imgs.view(3, -1).std(dim=1)
print(mean.shape, std.shape)
imgs_train = (imgs_train - mean[:, None, None]) / std[:, None, None]
imgs_val = (imgs_val - mean[:, None, None]) / std[:, None, None]
label_map = {0: 0, 2: 1}
class_names = ['airplane', 'bird']
cifar2 = [(img, label_map[int(label)]) for img, label in zip(imgs_train, labels_train)]
cifar2_val = [(img, label_map[int(label)]) for img, label in zip(imgs_val, labels_val)]
img, label = cifar2[0]
print(img.shape, type(label).__name__, len(cifar2), len(cifar2_val))


def softmax(x):
    return torch.exp(x) / torch.exp(x).sum()


x = torch.tensor([1.0, 2.0, 3.0])
print(softmax(x), softmax(x).sum())
softmax = nn.Softmax(dim=1)
x = torch.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
print(softmax(x))

model = nn.Sequential(
    nn.Linear(3072, 64),
    nn.Tanh(),
    nn.Linear(64, 2),
    nn.LogSoftmax(dim=1))
loss = nn.NLLLoss()
out = model(img.view(-1).unsqueeze(0))
print(out.shape, loss(out, torch.tensor([label])).shape)
train_loader = torch.utils.data.DataLoader(cifar2, batch_size=16, shuffle=True)
learning_rate = 1e-2
optimizer = optim.SGD(model.parameters(), lr=learning_rate)
loss_fn = nn.NLLLoss()
n_epochs = 3
for epoch in range(n_epochs):
    for imgs, labels in train_loader:
        batch_size = imgs.shape[0]
        outputs = model(imgs.view(batch_size, -1))
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print("Epoch: %d, Loss: %f" % (epoch, float(loss)))
numel_list = [p.numel() for p in model.parameters() if p.requires_grad == True]
print(sum(numel_list), numel_list)

conv = nn.Conv2d(3, 16, kernel_size=3)
print(conv, conv.weight.shape, conv.bias.shape)
output = conv(img.unsqueeze(0))
print(img.unsqueeze(0).shape, output.shape)
conv = nn.Conv2d(3, 1, kernel_size=3, padding=1)
with torch.no_grad():
    conv.bias.zero_()
with torch.no_grad():
    conv.weight.fill_(1.0 / 9.0)
output = conv(img.unsqueeze(0))
print(output.shape, torch.allclose(output[0, 0, 1, 1], img[:, :3, :3].sum() / 9, atol=1e-5))
pool = nn.MaxPool2d(2)
output = pool(img.unsqueeze(0))
print(img.unsqueeze(0).shape, output.shape)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 8, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(8 * 8 * 8, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = out.view(-1, 8 * 8 * 8)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


model = Net()
numel_list = [p.numel() for p in model.parameters()]
print(sum(numel_list), numel_list)
print(model(img.unsqueeze(0)).shape)


def training_loop(n_epochs, optimizer, model, loss_fn, train_loader):
    for epoch in range(1, n_epochs + 1):
        loss_train = 0.0
        for imgs, labels in train_loader:
            imgs = imgs.to(device=device)
            labels = labels.to(device=device)
            outputs = model(imgs)
            loss = loss_fn(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_train += loss.item()
        if epoch == 1 or epoch % 2 == 0:
            stamp = datetime.datetime.now()
            print('{} Epoch {}, Training loss {}'.format(type(stamp).__name__, epoch,
                                                       round(loss_train / len(train_loader), 3)))


train_loader = torch.utils.data.DataLoader(cifar2, batch_size=32, shuffle=True)
model = Net().to(device=device)
optimizer = optim.SGD(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
training_loop(n_epochs=4, optimizer=optimizer, model=model, loss_fn=loss_fn, train_loader=train_loader)
train_loader = torch.utils.data.DataLoader(cifar2, batch_size=64, shuffle=False)
val_loader = torch.utils.data.DataLoader(cifar2_val, batch_size=64, shuffle=False)


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


all_acc_dict = {}
all_acc_dict["baseline"] = validate(model, train_loader, val_loader)
tmp = tempfile.mkdtemp()
data_path = tmp + '/'
torch.save(model.state_dict(), data_path + 'birds_vs_airplanes.pt')
loaded_model = Net()
print(loaded_model.load_state_dict(torch.load(data_path + 'birds_vs_airplanes.pt', map_location=device)))
print(all(torch.equal(a, b) for a, b in zip(model.parameters(), loaded_model.parameters())))


class NetWidth(nn.Module):
    def __init__(self, n_chans1=32):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(8 * 8 * n_chans1 // 2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = out.view(-1, 8 * 8 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


def training_loop_l2reg(n_epochs, optimizer, model, loss_fn, train_loader):
    for epoch in range(1, n_epochs + 1):
        loss_train = 0.0
        for imgs, labels in train_loader:
            outputs = model(imgs)
            loss = loss_fn(outputs, labels)
            l2_lambda = 0.001
            l2_norm = sum(p.pow(2.0).sum() for p in model.parameters())
            loss = loss + l2_lambda * l2_norm
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_train += loss.item()
        print('Epoch {}, Training loss {:.3f}'.format(epoch, loss_train / len(train_loader)))


model = NetWidth(n_chans1=16)
optimizer = optim.SGD(model.parameters(), lr=1e-2)
training_loop_l2reg(2, optimizer, model, nn.CrossEntropyLoss(), train_loader)
print(sum(p.numel() for p in model.parameters()))


class NetDropout(nn.Module):
    def __init__(self, n_chans1=32):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv1_dropout = nn.Dropout2d(p=0.4)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv2_dropout = nn.Dropout2d(p=0.4)
        self.fc1 = nn.Linear(8 * 8 * n_chans1 // 2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        out = self.conv1_dropout(out)
        out = F.max_pool2d(torch.tanh(self.conv2(out)), 2)
        out = self.conv2_dropout(out)
        out = out.view(-1, 8 * 8 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


class NetBatchNorm(nn.Module):
    def __init__(self, n_chans1=32):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.conv1_batchnorm = nn.BatchNorm2d(num_features=n_chans1)
        self.conv2 = nn.Conv2d(n_chans1, n_chans1 // 2, kernel_size=3, padding=1)
        self.conv2_batchnorm = nn.BatchNorm2d(num_features=n_chans1 // 2)
        self.fc1 = nn.Linear(8 * 8 * n_chans1 // 2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = self.conv1_batchnorm(self.conv1(x))
        out = F.max_pool2d(torch.tanh(out), 2)
        out = self.conv2_batchnorm(self.conv2(out))
        out = F.max_pool2d(torch.tanh(out), 2)
        out = out.view(-1, 8 * 8 * self.n_chans1 // 2)
        out = torch.tanh(self.fc1(out))
        out = self.fc2(out)
        return out


class ResBlock(nn.Module):
    def __init__(self, n_chans):
        super(ResBlock, self).__init__()
        self.conv = nn.Conv2d(n_chans, n_chans, kernel_size=3, padding=1, bias=False)
        self.batch_norm = nn.BatchNorm2d(num_features=n_chans)
        torch.nn.init.kaiming_normal_(self.conv.weight, nonlinearity='relu')
        torch.nn.init.constant_(self.batch_norm.weight, 0.5)
        torch.nn.init.zeros_(self.batch_norm.bias)

    def forward(self, x):
        out = self.conv(x)
        out = self.batch_norm(out)
        out = torch.relu(out)
        return out + x


class NetResDeep(nn.Module):
    def __init__(self, n_chans1=32, n_blocks=10):
        super().__init__()
        self.n_chans1 = n_chans1
        self.conv1 = nn.Conv2d(3, n_chans1, kernel_size=3, padding=1)
        self.resblocks = nn.Sequential(*(n_blocks * [ResBlock(n_chans=n_chans1)]))
        self.fc1 = nn.Linear(8 * 8 * n_chans1, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        out = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        out = self.resblocks(out)
        out = F.max_pool2d(out, 2)
        out = out.view(-1, 8 * 8 * self.n_chans1)
        out = torch.relu(self.fc1(out))
        out = self.fc2(out)
        return out


for cls, kwargs in [(NetDropout, {'n_chans1': 8}), (NetBatchNorm, {'n_chans1': 8}),
                    (NetResDeep, {'n_chans1': 8, 'n_blocks': 3})]:
    model = cls(**kwargs)
    optimizer = optim.SGD(model.parameters(), lr=3e-3)
    model.train()
    training_loop(n_epochs=2, optimizer=optimizer, model=model, loss_fn=nn.CrossEntropyLoss(),
                  train_loader=train_loader)
    model.eval()
    all_acc_dict[cls.__name__] = validate(model, train_loader, val_loader)
    print(cls.__name__, sum(p.numel() for p in model.parameters()))
print(sorted(all_acc_dict))
print(len(list(NetResDeep(n_chans1=8, n_blocks=3).resblocks.parameters())))
