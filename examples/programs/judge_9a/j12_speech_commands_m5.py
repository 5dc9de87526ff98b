# pytorch.org tutorial "Speech Command Classification with torchaudio", without torchaudio or the download:
# synthetic one-channel "waveforms" (chirps at class-specific frequencies plus noise), a Dataset with
# label_to_index / index_to_label, a collate_fn padding waveforms, the M5 network (Conv1d with a large kernel
# and stride, BatchNorm1d, MaxPool1d, F.avg_pool1d over time, log_softmax), count_parameters, Adam with
# weight decay, StepLR, train/test functions with number_of_correct and get_likely_index, and predict().
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
labels = ["yes", "no", "up", "down"]
sample_rate = 800

class SyntheticSpeech(Dataset):
    def __init__(self, n, gen):
        self.items = []
        for i in range(n):
            label = labels[i % len(labels)]
            length = int(torch.randint(600, 801, (1,), generator=gen))
            t = torch.arange(length) / sample_rate
            f0 = 40.0 + 30.0 * labels.index(label)
            wave = torch.sin(2 * math.pi * f0 * t * (1 + 0.3 * t)) + 0.3 * torch.randn(length, generator=gen)
            self.items.append((wave.unsqueeze(0), sample_rate, label))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

gen = torch.Generator().manual_seed(1)
train_set, test_set = SyntheticSpeech(160, gen), SyntheticSpeech(40, gen)
waveform, sr, label = train_set[0]
print("Shape of waveform:", waveform.dim(), waveform.shape[0], "Sample rate:", sr, "label:", label)

def label_to_index(word):
    return torch.tensor(labels.index(word))

def index_to_label(index):
    return labels[index]

print(label_to_index("up"), "-->", index_to_label(label_to_index("up")))

def pad_sequence(batch):
    batch = [item.t() for item in batch]
    batch = torch.nn.utils.rnn.pad_sequence(batch, batch_first=True, padding_value=0.)
    return batch.permute(0, 2, 1)

def collate_fn(batch):
    tensors, targets = [], []
    for waveform, _, label in batch:
        tensors += [waveform]
        targets += [label_to_index(label)]
    return pad_sequence(tensors), torch.stack(targets)

train_loader = DataLoader(train_set, batch_size=16, shuffle=True, collate_fn=collate_fn)
test_loader = DataLoader(test_set, batch_size=16, shuffle=False, collate_fn=collate_fn)
x, y = next(iter(test_loader))
print("batch:", x.dim(), x.shape[0], x.shape[1], "targets:", y[:8].tolist())

class M5(nn.Module):
    def __init__(self, n_input=1, n_output=35, stride=16, n_channel=32):
        super().__init__()
        self.conv1 = nn.Conv1d(n_input, n_channel, kernel_size=80, stride=stride)
        self.bn1 = nn.BatchNorm1d(n_channel)
        self.pool1 = nn.MaxPool1d(4)
        self.conv2 = nn.Conv1d(n_channel, n_channel, kernel_size=3)
        self.bn2 = nn.BatchNorm1d(n_channel)
        self.pool2 = nn.MaxPool1d(2)
        self.conv3 = nn.Conv1d(n_channel, 2 * n_channel, kernel_size=3)
        self.bn3 = nn.BatchNorm1d(2 * n_channel)
        self.fc1 = nn.Linear(2 * n_channel, n_output)

    def forward(self, x):
        x = self.pool1(F.relu(self.bn1(self.conv1(x))))
        x = self.pool2(F.relu(self.bn2(self.conv2(x))))
        x = F.relu(self.bn3(self.conv3(x)))
        x = F.avg_pool1d(x, x.shape[-1])
        x = x.permute(0, 2, 1)
        x = self.fc1(x)
        return F.log_softmax(x, dim=2)

model = M5(n_input=1, n_output=len(labels), stride=4, n_channel=16)
print(model.conv1, model.fc1)

def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)

print("Number of parameters:", count_parameters(model))
print("output shape:", tuple(model(x).shape))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=0.0001)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.1)

def number_of_correct(pred, target):
    return pred.squeeze().eq(target).sum().item()

def get_likely_index(tensor):
    return tensor.argmax(dim=-1)

def train(model, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        output = model(data)
        loss = F.nll_loss(output.squeeze(), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if batch_idx % 5 == 0:
            print(f"Train Epoch: {epoch} [{batch_idx * len(data)}/{len(train_loader.dataset)}]\tLoss: {loss.item():.6f}")

def test(model, epoch):
    model.eval()
    correct = 0
    for data, target in test_loader:
        output = model(data)
        correct += number_of_correct(get_likely_index(output), target)
    print(f"Test Epoch: {epoch}\tAccuracy: {correct}/{len(test_loader.dataset)} "
          f"({100. * correct / len(test_loader.dataset):.0f}%)")

for epoch in range(1, 4):
    train(model, epoch)
    test(model, epoch)
    scheduler.step()
print("final lr:", scheduler.get_last_lr())

def predict(tensor):
    tensor = model(tensor.unsqueeze(0))
    return index_to_label(get_likely_index(tensor).squeeze())

waveform, _, utterance = test_set[2]
print(f"Expected: {utterance}. Predicted: {predict(waveform)}.")
