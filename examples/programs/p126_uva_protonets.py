# UvA DL tutorial 16 (Meta-Learning / Few-shot classification), Prototypical Networks on synthetic 3x8x8
# "images" of 20 classes: a FewShotBatchSampler yielding N-way K-shot episodes (support + query halves), the
# ProtoNet with calculate_prototypes (torch.unique over the classes, mean of features) and classify_feats with
# squared euclidean distances and log_softmax, the accuracy, an AdamW + MultiStepLR loop, and test-time
# evaluation with the prototypes from a fixed support set.
import random
from collections import defaultdict

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torch.utils.data as data

torch.manual_seed(42)
random.seed(42)
NUM_CLASSES = 20
PER_CLASS = 24
class_means = torch.randn(NUM_CLASSES, 3, 1, 1) * 0.25
imgs = class_means.repeat_interleave(PER_CLASS, dim=0) + torch.randn(NUM_CLASSES * PER_CLASS, 3, 8, 8)
targets = torch.arange(NUM_CLASSES).repeat_interleave(PER_CLASS)
classes = torch.randperm(NUM_CLASSES)
train_classes, val_classes = classes[:14], classes[14:]
print(imgs.shape, targets.shape, train_classes.shape, val_classes.shape)


class ImageDataset(data.Dataset):
    def __init__(self, imgs, targets):
        super().__init__()
        self.imgs = imgs
        self.targets = targets

    def __getitem__(self, idx):
        return self.imgs[idx], self.targets[idx]

    def __len__(self):
        return self.imgs.shape[0]


def dataset_from_labels(imgs, targets, class_set):
    class_mask = (targets[:, None] == class_set[None, :]).any(dim=-1)
    return ImageDataset(imgs=imgs[class_mask], targets=targets[class_mask])


train_set = dataset_from_labels(imgs, targets, train_classes)
val_set = dataset_from_labels(imgs, targets, val_classes)
print(len(train_set), len(val_set))


class FewShotBatchSampler(object):

    def __init__(self, dataset_targets, N_way, K_shot, include_query=False, shuffle=True, shuffle_once=False):
        super().__init__()
        self.dataset_targets = dataset_targets
        self.N_way = N_way
        self.K_shot = K_shot
        self.shuffle = shuffle
        self.include_query = include_query
        if self.include_query:
            self.K_shot *= 2
        self.batch_size = self.N_way * self.K_shot
        self.classes = torch.unique(self.dataset_targets).tolist()
        self.num_classes = len(self.classes)
        self.indices_per_class = {}
        self.batches_per_class = {}
        for c in self.classes:
            self.indices_per_class[c] = torch.where(self.dataset_targets == c)[0]
            self.batches_per_class[c] = self.indices_per_class[c].shape[0] // self.K_shot
        self.iterations = sum(self.batches_per_class.values()) // self.N_way
        self.class_list = [c for c in self.classes for _ in range(self.batches_per_class[c])]
        if shuffle_once or self.shuffle:
            self.shuffle_data()
        else:
            sort_idxs = [i + p * self.num_classes for i, c in enumerate(self.classes)
                         for p in range(self.batches_per_class[c])]
            self.class_list = torch.tensor(self.class_list)[torch.tensor(sort_idxs)].tolist()

    def shuffle_data(self):
        for c in self.classes:
            perm = torch.randperm(self.indices_per_class[c].shape[0])
            self.indices_per_class[c] = self.indices_per_class[c][perm]
        random.shuffle(self.class_list)

    def __iter__(self):
        if self.shuffle:
            self.shuffle_data()
        start_index = defaultdict(int)
        for it in range(self.iterations):
            class_batch = self.class_list[it * self.N_way:(it + 1) * self.N_way]
            index_batch = []
            for c in class_batch:
                index_batch.extend(self.indices_per_class[c][start_index[c]:start_index[c] + self.K_shot])
                start_index[c] += self.K_shot
            if self.include_query:
                index_batch = index_batch[::2] + index_batch[1::2]
            yield index_batch

    def __len__(self):
        return self.iterations


N_WAY = 5
K_SHOT = 4
train_data_loader = data.DataLoader(train_set, batch_sampler=FewShotBatchSampler(
    train_set.targets, include_query=True, N_way=N_WAY, K_shot=K_SHOT, shuffle=True))
val_data_loader = data.DataLoader(val_set, batch_sampler=FewShotBatchSampler(
    val_set.targets, include_query=True, N_way=N_WAY, K_shot=K_SHOT, shuffle=False, shuffle_once=True))
print(len(train_data_loader), len(val_data_loader))


def split_batch(imgs, targets):
    support_imgs, query_imgs = imgs.chunk(2, dim=0)
    support_targets, query_targets = targets.chunk(2, dim=0)
    return support_imgs, query_imgs, support_targets, query_targets


imgs_b, targets_b = next(iter(val_data_loader))
support_imgs, query_imgs, support_targets, query_targets = split_batch(imgs_b, targets_b)
print(imgs_b.shape, support_imgs.shape, query_imgs.shape, support_targets.unique().numel())
print((support_targets.sort().values == query_targets.sort().values).all().item())


def get_convnet(output_size):
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 2 * 2, output_size))


class ProtoNet(nn.Module):

    def __init__(self, proto_dim, lr):
        super().__init__()
        self.lr = lr
        self.model = get_convnet(output_size=proto_dim)

    def configure_optimizers(self):
        optimizer = optim.AdamW(self.parameters(), lr=self.lr)
        scheduler = optim.lr_scheduler.MultiStepLR(optimizer, milestones=[2, 3], gamma=0.1)
        return [optimizer], [scheduler]

    @staticmethod
    def calculate_prototypes(features, targets):
        classes, _ = torch.unique(targets).sort()
        prototypes = []
        for c in classes:
            p = features[torch.where(targets == c)[0]].mean(dim=0)
            prototypes.append(p)
        prototypes = torch.stack(prototypes, dim=0)
        return prototypes, classes

    def classify_feats(self, prototypes, classes, feats, targets):
        dist = torch.pow(prototypes[None, :] - feats[:, None], 2).sum(dim=2)
        preds = F.log_softmax(-dist, dim=1)
        labels = (classes[None, :] == targets[:, None]).long().argmax(dim=-1)
        acc = (preds.argmax(dim=1) == labels).float().mean()
        return preds, labels, acc

    def calculate_loss(self, batch, mode):
        imgs, targets = batch
        features = self.model(imgs)
        support_feats, query_feats, support_targets, query_targets = split_batch(features, targets)
        prototypes, classes = ProtoNet.calculate_prototypes(support_feats, support_targets)
        preds, labels, acc = self.classify_feats(prototypes, classes, query_feats, query_targets)
        loss = F.cross_entropy(preds, labels)
        return loss, acc


torch.manual_seed(42)
model = ProtoNet(proto_dim=32, lr=2e-3)
[optimizer], [scheduler] = model.configure_optimizers()
print(sum(p.numel() for p in model.parameters()))
feats = model.model(support_imgs)
protos, cls = ProtoNet.calculate_prototypes(feats, support_targets)
print(protos.shape, cls.shape, protos.grad_fn)
for epoch in range(4):
    model.train()
    losses, accs = [], []
    for batch in train_data_loader:
        loss, acc = model.calculate_loss(batch, "train")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        accs.append(acc.item())
    scheduler.step()
    model.eval()
    with torch.no_grad():
        val_accs = [model.calculate_loss(batch, "val")[1].item() for batch in val_data_loader]
    print(f"epoch {epoch}: train_loss {sum(losses) / len(losses):.4f} train_acc {sum(accs) / len(accs):.3f} "
          f"val_acc {sum(val_accs) / len(val_accs):.3f} lr {scheduler.get_last_lr()[0]:.0e}")


@torch.no_grad()
def test_proto_net(model, dataset, data_feats=None, k_shot=4):
    model = model.eval()
    num_classes = dataset.targets.unique().shape[0]
    exmps_per_class = dataset.targets.shape[0] // num_classes
    if data_feats is None:
        dataloader = data.DataLoader(dataset, batch_size=32, num_workers=0, shuffle=False, drop_last=False)
        img_features = []
        img_targets = []
        for imgs, targets in dataloader:
            feats = model.model(imgs)
            img_features.append(feats.detach().cpu())
            img_targets.append(targets)
        img_features = torch.cat(img_features, dim=0)
        img_targets = torch.cat(img_targets, dim=0)
        img_targets, sort_idx = img_targets.sort()
        img_targets = img_targets.reshape(num_classes, exmps_per_class).transpose(0, 1)
        img_features = img_features[sort_idx].reshape(num_classes, exmps_per_class, -1).transpose(0, 1)
    else:
        img_features, img_targets = data_feats
    accuracies = []
    for k_idx in range(0, img_features.shape[0], k_shot):
        k_img_feats = img_features[k_idx:k_idx + k_shot].flatten(0, 1)
        k_targets = img_targets[k_idx:k_idx + k_shot].flatten(0, 1)
        prototypes, proto_classes = model.calculate_prototypes(k_img_feats, k_targets)
        batch_acc = 0
        for e_idx in range(0, img_features.shape[0], k_shot):
            if k_idx == e_idx:
                continue
            e_img_feats = img_features[e_idx:e_idx + k_shot].flatten(0, 1)
            e_targets = img_targets[e_idx:e_idx + k_shot].flatten(0, 1)
            _, _, acc = model.classify_feats(prototypes, proto_classes, e_img_feats, e_targets)
            batch_acc += acc.item()
        batch_acc /= img_features.shape[0] // k_shot - 1
        accuracies.append(batch_acc)
    return (sum(accuracies) / len(accuracies), torch.tensor(accuracies).std().item()), (img_features, img_targets)


(mean_acc, std_acc), (feats, tgts) = test_proto_net(model, val_set, k_shot=4)
print(feats.shape, tgts.shape, tgts[0].tolist() == sorted(tgts[0].tolist()))
print(f"Accuracy for k=4: {100.0 * mean_acc:4.2f}% (+-{100 * std_acc:4.2f}%)")
for k in [2, 8]:
    (mean_acc, std_acc), _ = test_proto_net(model, val_set, data_feats=(feats, tgts), k_shot=k)
    print(f"Accuracy for k={k}: {100.0 * mean_acc:4.2f}% (+-{100 * std_acc:4.2f}%)")
