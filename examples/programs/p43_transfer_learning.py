# Transfer learning as in the finetuning tutorial: a "pretrained" backbone frozen with requires_grad_(False),
# a new head, parameter groups with their own learning rates, a StepLR schedule, torch.set_grad_enabled for the
# train and val phases, and copy.deepcopy of the best weights.
import copy

import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim import lr_scheduler


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(self.features(x))


torch.manual_seed(0)
model_ft = Backbone()
pretrained = copy.deepcopy(model_ft.state_dict())
print(list(pretrained.keys()))

for param in model_ft.parameters():
    param.requires_grad = False
num_ftrs = model_ft.fc.in_features
model_ft.fc = nn.Linear(num_ftrs, 2)
print(model_ft.fc, num_ftrs)
trainable = [name for name, p in model_ft.named_parameters() if p.requires_grad]
print("trainable:", trainable)
print("counts:", sum(p.numel() for p in model_ft.parameters()),
      sum(p.numel() for p in model_ft.parameters() if p.requires_grad))

model_ft.features[2].requires_grad_(True)
optimizer_ft = optim.SGD([
    {"params": model_ft.features[2].parameters(), "lr": 1e-3},
    {"params": model_ft.fc.parameters()},
], lr=1e-2, momentum=0.9)
print([g["lr"] for g in optimizer_ft.param_groups], [len(g["params"]) for g in optimizer_ft.param_groups])
exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=3, gamma=0.1)
criterion = nn.CrossEntropyLoss()

torch.manual_seed(3)
x_train = torch.randn(48, 6)
y_train = (x_train[:, 0] + x_train[:, 1] > 0).long()
x_val = torch.randn(16, 6)
y_val = (x_val[:, 0] + x_val[:, 1] > 0).long()
dataloaders = {
    "train": torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_train, y_train), batch_size=8, shuffle=True),
    "val": torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_val, y_val), batch_size=8),
}
dataset_sizes = {x: len(dataloaders[x].dataset) for x in ["train", "val"]}
print(dataset_sizes)


def train_model(model, criterion, optimizer, scheduler, num_epochs=6):
    best_model_wts = copy.deepcopy(model.state_dict())
    best_acc = 0.0
    for epoch in range(num_epochs):
        for phase in ['train', 'val']:
            if phase == 'train':
                model.train()
            else:
                model.eval()
            running_loss = 0.0
            running_corrects = 0
            for inputs, labels in dataloaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == 'train'):
                    outputs = model(inputs)
                    _, preds = torch.max(outputs, 1)
                    loss = criterion(outputs, labels)
                    if phase == 'train':
                        loss.backward()
                        optimizer.step()
                running_loss += loss.item() * inputs.size(0)
                running_corrects += torch.sum(preds == labels.data)
            if phase == 'train':
                scheduler.step()
            epoch_loss = running_loss / dataset_sizes[phase]
            epoch_acc = running_corrects.double() / dataset_sizes[phase]
            print(f'{epoch} {phase} Loss: {epoch_loss:.4f} Acc: {epoch_acc:.4f}')
            if phase == 'val' and epoch_acc > best_acc:
                best_acc = epoch_acc
                best_model_wts = copy.deepcopy(model.state_dict())
    print(f'Best val Acc: {best_acc:4f}', type(best_acc).__name__, best_acc.dtype)
    model.load_state_dict(best_model_wts)
    return model


model_ft = train_model(model_ft, criterion, optimizer_ft, exp_lr_scheduler)
print([g["lr"] for g in optimizer_ft.param_groups])
print("frozen layer unchanged:", torch.equal(model_ft.features[0].weight, pretrained["features.0.weight"]))
print("unfrozen layer changed:", not torch.equal(model_ft.features[2].weight, pretrained["features.2.weight"]))
print(model_ft.features[0].weight.grad, model_ft.fc.weight.grad is not None)
print(optimizer_ft.state_dict()["param_groups"][0]["initial_lr"], exp_lr_scheduler.state_dict()["last_epoch"])
