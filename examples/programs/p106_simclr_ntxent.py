# SimCLR (Chen et al. 2020) as the popular PyTorch implementations write it: the NT-Xent loss three ways (the
# sthalles/SimCLR info_nce_loss with a mask and cross entropy on logits, the Spijkervet NT_Xent module with
# mask_correlated_samples, and the UvA tutorial 17 version with masked_fill and logsumexp), checked against each
# other, then a few training steps of a small encoder + projection head on noise-augmented synthetic images.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(17)
batch_size = 8
n_views = 2
temperature = 0.5
device = torch.device('cpu')


def info_nce_loss(features):
    labels = torch.cat([torch.arange(batch_size) for i in range(n_views)], dim=0)
    labels = (labels.unsqueeze(0) == labels.unsqueeze(1)).float()
    labels = labels.to(device)

    features = F.normalize(features, dim=1)

    similarity_matrix = torch.matmul(features, features.T)
    assert similarity_matrix.shape == (n_views * batch_size, n_views * batch_size)
    assert similarity_matrix.shape == labels.shape

    # discard the main diagonal from both: labels and similarities matrix
    mask = torch.eye(labels.shape[0], dtype=torch.bool).to(device)
    labels = labels[~mask].view(labels.shape[0], -1)
    similarity_matrix = similarity_matrix[~mask].view(similarity_matrix.shape[0], -1)

    # select and combine multiple positives
    positives = similarity_matrix[labels.bool()].view(labels.shape[0], -1)

    # select only the negatives the negatives
    negatives = similarity_matrix[~labels.bool()].view(similarity_matrix.shape[0], -1)

    logits = torch.cat([positives, negatives], dim=1)
    labels = torch.zeros(logits.shape[0], dtype=torch.long).to(device)

    logits = logits / temperature
    return logits, labels


class NT_Xent(nn.Module):
    def __init__(self, batch_size, temperature, world_size=1):
        super(NT_Xent, self).__init__()
        self.batch_size = batch_size
        self.temperature = temperature
        self.world_size = world_size

        self.mask = self.mask_correlated_samples(batch_size, world_size)
        self.criterion = nn.CrossEntropyLoss(reduction="sum")
        self.similarity_f = nn.CosineSimilarity(dim=2)

    def mask_correlated_samples(self, batch_size, world_size):
        N = 2 * batch_size * world_size
        mask = torch.ones((N, N), dtype=bool)
        mask = mask.fill_diagonal_(0)
        for i in range(batch_size * world_size):
            mask[i, batch_size * world_size + i] = 0
            mask[batch_size * world_size + i, i] = 0
        return mask

    def forward(self, z_i, z_j):
        N = 2 * self.batch_size * self.world_size

        z = torch.cat((z_i, z_j), dim=0)

        sim = self.similarity_f(z.unsqueeze(1), z.unsqueeze(0)) / self.temperature

        sim_i_j = torch.diag(sim, self.batch_size * self.world_size)
        sim_j_i = torch.diag(sim, -self.batch_size * self.world_size)

        # We have 2N samples, but with Distributed training every GPU gets N examples too, resulting in: 2xNxN
        positive_samples = torch.cat((sim_i_j, sim_j_i), dim=0).reshape(N, 1)
        negative_samples = sim[self.mask].reshape(N, -1)

        labels = torch.zeros(N).to(positive_samples.device).long()
        logits = torch.cat((positive_samples, negative_samples), dim=1)
        loss = self.criterion(logits, labels)
        loss /= N
        return loss


def uva_nt_xent(feats, temperature):
    cos_sim = F.cosine_similarity(feats[:, None, :], feats[None, :, :], dim=-1)
    self_mask = torch.eye(cos_sim.shape[0], dtype=torch.bool, device=cos_sim.device)
    cos_sim.masked_fill_(self_mask, -9e15)
    pos_mask = self_mask.roll(shifts=cos_sim.shape[0] // 2, dims=0)
    cos_sim = cos_sim / temperature
    nll = -cos_sim[pos_mask] + torch.logsumexp(cos_sim, dim=-1)
    nll = nll.mean()
    comb_sim = torch.cat([cos_sim[pos_mask][:, None], cos_sim.masked_fill(pos_mask, -9e15)], dim=-1)
    sim_argsort = comb_sim.argsort(dim=-1, descending=True).argmin(dim=-1)
    acc_top1 = (sim_argsort == 0).float().mean()
    acc_top5 = (sim_argsort < 5).float().mean()
    acc_mean_pos = 1 + sim_argsort.float().mean()
    return nll, acc_top1, acc_top5, acc_mean_pos


# the three losses agree on the same features (float64)
z = torch.randn(2 * batch_size, 16, dtype=torch.float64, requires_grad=True)
logits, labels = info_nce_loss(z)
loss_a = F.cross_entropy(logits, labels)
loss_b = NT_Xent(batch_size, temperature)(z[:batch_size], z[batch_size:])
loss_c = uva_nt_xent(z, temperature)[0]
print(logits.shape, labels.shape, labels[:4], logits.dtype)
print(f'sthalles {loss_a.item():.6f} spijkervet {loss_b.item():.6f} uva {loss_c.item():.6f}')
print('agree:', torch.allclose(loss_a, loss_b), torch.allclose(loss_a, loss_c))
g_a, = torch.autograd.grad(loss_a, z)
g_b, = torch.autograd.grad(loss_b, z)
print('gradients agree:', torch.allclose(g_a, g_b), g_a.shape)
print(NT_Xent(batch_size, temperature).mask[:3, :10])
print(loss_b.grad_fn, loss_c.grad_fn)

# identical views: positives have similarity 1
e = F.normalize(torch.randn(batch_size, 16, dtype=torch.float64), dim=1)
nll, top1, top5, mean_pos = uva_nt_xent(torch.cat([e, e]), temperature)
print(f'identical views: top1 {top1.item():.2f} top5 {top5.item():.2f} mean_pos {mean_pos.item():.2f}')


class ResNetSimCLR(nn.Module):
    def __init__(self, out_dim):
        super(ResNetSimCLR, self).__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
        dim_mlp = 32
        # add mlp projection head
        self.projection = nn.Sequential(nn.Linear(dim_mlp, dim_mlp), nn.ReLU(), nn.Linear(dim_mlp, out_dim))

    def forward(self, x):
        return self.projection(self.backbone(x))


def augment(x):
    # random crop-like shift, flip and colour jitter by hand
    shift = torch.randint(-2, 3, (2,))
    x = torch.roll(x, shifts=(shift[0].item(), shift[1].item()), dims=(2, 3))
    flip = torch.rand(x.shape[0]) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    x = x * (1 + 0.2 * (torch.rand(x.shape[0], 3, 1, 1) - 0.5)) + 0.1 * torch.randn_like(x)
    return x


images = torch.randn(32, 3, 16, 16)
loader = DataLoader(TensorDataset(images), batch_size=batch_size, shuffle=True, drop_last=True)
model = ResNetSimCLR(out_dim=8)
optimizer = optim.Adam(model.parameters(), 3e-4, weight_decay=1e-4)
scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=len(loader), eta_min=0, last_epoch=-1)
criterion = torch.nn.CrossEntropyLoss().to(device)


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


for epoch_counter in range(2):
    for n_iter, (images_b,) in enumerate(loader):
        views = torch.cat([augment(images_b), augment(images_b)], dim=0)
        features = model(views)
        logits, labels = info_nce_loss(features)
        loss = criterion(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        top1, top5 = accuracy(logits, labels, topk=(1, 5))
    scheduler.step()
    print(f"Epoch: {epoch_counter}\tLoss: {loss.item():.4f}\tTop1 accuracy: {top1[0]:.2f}\tlr {scheduler.get_last_lr()[0]:.6f}")
print(top1, top5.shape, features.shape)
