# sthalles/SimCLR, "PyTorch SimCLR: A Simple Framework for Contrastive Learning of Visual Representations" (simclr.py info_nce_loss, utils.accuracy, linear evaluation); torchvision ResNet and STL10 replaced by a small CNN and random images
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.cuda.amp import GradScaler, autocast
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)

parser = argparse.ArgumentParser(description='PyTorch SimCLR')
parser.add_argument('--epochs', default=3, type=int, metavar='N', help='number of total epochs to run')
parser.add_argument('-b', '--batch-size', default=32, type=int, metavar='N')
parser.add_argument('--lr', '--learning-rate', default=0.0003, type=float, metavar='LR', help='initial learning rate', dest='lr')
parser.add_argument('--wd', '--weight-decay', default=1e-4, type=float, metavar='W', help='weight decay (default: 1e-4)', dest='weight_decay')
parser.add_argument('--fp16-precision', action='store_true', help='Whether or not to use 16-bit precision GPU training.')
parser.add_argument('--out_dim', default=32, type=int, help='feature dimension (default: 128)')
parser.add_argument('--log-every-n-steps', default=2, type=int, help='Log every n steps')
parser.add_argument('--temperature', default=0.07, type=float, help='softmax temperature (default: 0.07)')
parser.add_argument('--n-views', default=2, type=int, metavar='N', help='Number of views for contrastive learning training.')
args = parser.parse_args([])
args.device = torch.device('cpu')
print(args.batch_size, args.n_views, args.temperature, args.out_dim)


class ContrastiveLearningViewGenerator(object):
    """Take two random crops of one image as the query and key."""

    def __init__(self, base_transform, n_views=2):
        self.base_transform = base_transform
        self.n_views = n_views

    def __call__(self, x):
        return [self.base_transform(x) for i in range(self.n_views)]


def get_simclr_pipeline_transform(size, s=1):
    """Return a set of data augmentation transformations as described in the SimCLR paper."""
    def transform(img):
        # random resized crop (as a random shift), horizontal flip, colour jitter, gaussian noise
        i, j = torch.randint(0, 5, (2,)).tolist()
        img = F.pad(img, (2, 2, 2, 2), mode='reflect')[:, i:i + size, j:j + size]
        if torch.rand(1) < 0.5:
            img = torch.flip(img, dims=[2])
        img = img * (1 + 0.8 * s * (torch.rand(3, 1, 1) - 0.5))
        return (img + 0.05 * torch.randn_like(img)).clamp(0, 1)
    return transform


class RandomImages(Dataset):
    def __init__(self, n, transform=None):
        self.images = torch.rand(n, 3, 24, 24)
        self.labels = torch.randint(0, 10, (n,))
        self.images[:, self.labels % 3] *= 0.5
        self.transform = transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        img = self.images[idx]
        if self.transform is not None:
            img = self.transform(img)
        return img, self.labels[idx]


class ResNetSimCLR(nn.Module):

    def __init__(self, base_model, out_dim):
        super(ResNetSimCLR, self).__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
        )
        self.backbone.fc = nn.Linear(32, out_dim)
        dim_mlp = self.backbone.fc.in_features

        # add mlp projection head
        self.backbone.fc = nn.Sequential(nn.Linear(dim_mlp, dim_mlp), nn.ReLU(), self.backbone.fc)

    def forward(self, x):
        return self.backbone(x)


def accuracy(output, target, topk=(1,)):
    """Computes the accuracy over the k top predictions for the specified values of k"""
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)

        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))

        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res


class SimCLR(object):

    def __init__(self, *args, **kwargs):
        self.args = kwargs['args']
        self.model = kwargs['model'].to(self.args.device)
        self.optimizer = kwargs['optimizer']
        self.scheduler = kwargs['scheduler']
        self.criterion = torch.nn.CrossEntropyLoss().to(self.args.device)

    def info_nce_loss(self, features):

        labels = torch.cat([torch.arange(self.args.batch_size) for i in range(self.args.n_views)], dim=0)
        labels = (labels.unsqueeze(0) == labels.unsqueeze(1)).float()
        labels = labels.to(self.args.device)

        features = F.normalize(features, dim=1)

        similarity_matrix = torch.matmul(features, features.T)
        # assert similarity_matrix.shape == (
        #     self.args.n_views * self.args.batch_size, self.args.n_views * self.args.batch_size)
        # assert similarity_matrix.shape == labels.shape

        # discard the main diagonal from both: labels and similarities matrix
        mask = torch.eye(labels.shape[0], dtype=torch.bool).to(self.args.device)
        labels = labels[~mask].view(labels.shape[0], -1)
        similarity_matrix = similarity_matrix[~mask].view(similarity_matrix.shape[0], -1)
        # assert similarity_matrix.shape == labels.shape

        # select and combine multiple positives
        positives = similarity_matrix[labels.bool()].view(labels.shape[0], -1)

        # select only the negatives the negatives
        negatives = similarity_matrix[~labels.bool()].view(similarity_matrix.shape[0], -1)

        logits = torch.cat([positives, negatives], dim=1)
        labels = torch.zeros(logits.shape[0], dtype=torch.long).to(self.args.device)

        logits = logits / self.args.temperature
        return logits, labels

    def train(self, train_loader):

        scaler = GradScaler(enabled=self.args.fp16_precision)

        n_iter = 0
        print(f"Start SimCLR training for {self.args.epochs} epochs.")

        for epoch_counter in range(self.args.epochs):
            for images, _ in train_loader:
                images = torch.cat(images, dim=0)

                images = images.to(self.args.device)

                with autocast(enabled=self.args.fp16_precision):
                    features = self.model(images)
                    logits, labels = self.info_nce_loss(features)
                    loss = self.criterion(logits, labels)

                self.optimizer.zero_grad()

                scaler.scale(loss).backward()

                scaler.step(self.optimizer)
                scaler.update()

                if n_iter % self.args.log_every_n_steps == 0:
                    top1, top5 = accuracy(logits, labels, topk=(1, 5))
                    print(f"step {n_iter}: loss {loss.item():.4f} acc/top1 {top1[0]:.2f} acc/top5 {top5[0]:.2f} "
                          f"learning_rate {self.scheduler.get_last_lr()[0]:.6f}")

                n_iter += 1

            # warmup for the first 10 epochs
            if epoch_counter >= 10:
                self.scheduler.step()
            print(f"Epoch: {epoch_counter}\tLoss: {loss:.4f}\tTop1 accuracy: {top1[0]:.2f}")

        print("Training has finished.")
        # save model checkpoints
        checkpoint = {
            'epoch': self.args.epochs,
            'arch': 'resnet18',
            'state_dict': self.model.state_dict(),
            'optimizer': self.optimizer.state_dict(),
        }
        torch.save(checkpoint, 'checkpoint_{:04d}.pth.tar'.format(self.args.epochs))
        print("Model checkpoint and metadata has been saved.")


train_dataset = RandomImages(128, transform=ContrastiveLearningViewGenerator(get_simclr_pipeline_transform(24), args.n_views))
train_loader = torch.utils.data.DataLoader(train_dataset, batch_size=args.batch_size, shuffle=True, drop_last=True)
views, label = train_dataset[0]
print(len(views), views[0].shape, label.dtype)

model = ResNetSimCLR(base_model='resnet18', out_dim=args.out_dim)
print(model)
optimizer = torch.optim.Adam(model.parameters(), args.lr, weight_decay=args.weight_decay)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=len(train_loader), eta_min=0, last_epoch=-1)

simclr = SimCLR(model=model, optimizer=optimizer, scheduler=scheduler, args=args)
logits, labels = simclr.info_nce_loss(torch.randn(2 * args.batch_size, args.out_dim))
print(logits.shape, labels.shape, labels.sum())
simclr.train(train_loader)

# ---- feature_eval/mini_batch_logistic_regression_evaluator: linear evaluation
checkpoint = torch.load('checkpoint_0003.pth.tar', map_location=args.device)
state_dict = checkpoint['state_dict']
print(checkpoint['epoch'], checkpoint['arch'], sorted(checkpoint['optimizer'].keys()))

for k in list(state_dict.keys()):
    if k.startswith('backbone.'):
        if k.startswith('backbone') and not k.startswith('backbone.fc'):
            # remove prefix
            state_dict[k[len("backbone."):]] = state_dict[k]
    del state_dict[k]

eval_model = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
    nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
)
eval_model.fc = nn.Linear(32, 10)
log = eval_model.load_state_dict(state_dict, strict=False)
print(log.missing_keys)
assert log.missing_keys == ['fc.weight', 'fc.bias']

# freeze all layers but the last fc
for name, param in eval_model.named_parameters():
    if name not in ['fc.weight', 'fc.bias']:
        param.requires_grad = False

parameters = list(filter(lambda p: p.requires_grad, eval_model.parameters()))
assert len(parameters) == 2  # fc.weight, fc.bias


classifier = eval_model
optimizer = torch.optim.Adam(classifier.parameters(), lr=3e-4, weight_decay=0.0008)
criterion = torch.nn.CrossEntropyLoss()
eval_data = RandomImages(128)
eval_loader = DataLoader(eval_data, batch_size=32, shuffle=True)
for epoch in range(3):
    top1_train_accuracy = 0
    for counter, (x_batch, y_batch) in enumerate(eval_loader):
        logits = classifier(x_batch)
        loss = criterion(logits, y_batch)
        top1 = accuracy(logits, y_batch, topk=(1,))
        top1_train_accuracy += top1[0]

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    top1_train_accuracy /= (counter + 1)
    print(f"Epoch {epoch}\tTop1 Train accuracy {top1_train_accuracy.item():.2f}")
print(classifier[0].weight.grad is None, classifier.fc.weight.grad.shape)
