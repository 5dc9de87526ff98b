# Recommender-system tutorials (the fast.ai collab lesson "from scratch", d2l chapter 21 Matrix Factorization and
# NeuMF, and the common "PyTorch matrix factorization" blog post) on synthetic MovieLens-like ratings: a ratings
# Dataset of (user, item, rating) triples, DotProduct with embeddings and biases and sigmoid_range, weight decay
# via the optimizer and by hand, create_params with normal_(0, 0.01), RMSE evaluation, the NeuMF model with a
# GMF and an MLP path, BPR loss with negative sampling, and the most similar items by cosine similarity.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(42)
n_users, n_items, k_true = 60, 40, 3
U = torch.randn(n_users, k_true)
V = torch.randn(n_items, k_true)
raw = U @ V.T / k_true ** 0.5
ratings_full = (raw - raw.min()) / (raw.max() - raw.min()) * 4 + 1
mask = torch.rand(n_users, n_items) < 0.4
users, items = mask.nonzero(as_tuple=True)
ratings = ratings_full[users, items].round()
print(users.shape, items.shape, ratings.shape, ratings.min().item(), ratings.max().item())
print(torch.bincount(ratings.long(), minlength=6)[1:].sum().item() == ratings.numel())


class RatingsDataset(Dataset):
    def __init__(self, users, items, ratings):
        self.users, self.items, self.ratings = users, items, ratings

    def __len__(self):
        return len(self.ratings)

    def __getitem__(self, idx):
        return self.users[idx], self.items[idx], self.ratings[idx]


n = len(ratings)
perm = torch.randperm(n)
n_valid = n // 5
valid_idx, train_idx = perm[:n_valid], perm[n_valid:]
train_ds = RatingsDataset(users[train_idx], items[train_idx], ratings[train_idx])
valid_ds = RatingsDataset(users[valid_idx], items[valid_idx], ratings[valid_idx])
train_dl = DataLoader(train_ds, batch_size=64, shuffle=True)
valid_dl = DataLoader(valid_ds, batch_size=256)
print(len(train_ds), len(valid_ds), len(train_dl))
u, i, r = next(iter(valid_dl))
print(u.dtype, i.dtype, r.dtype, u.shape)


def sigmoid_range(x, lo, hi):
    return torch.sigmoid(x) * (hi - lo) + lo


def create_params(size):
    return nn.Parameter(torch.zeros(*size).normal_(0, 0.01))


class DotProductBias(nn.Module):
    def __init__(self, n_users, n_movies, n_factors, y_range=(0, 5.5)):
        super().__init__()
        self.user_factors = create_params([n_users, n_factors])
        self.user_bias = create_params([n_users])
        self.movie_factors = create_params([n_movies, n_factors])
        self.movie_bias = create_params([n_movies])
        self.y_range = y_range

    def forward(self, users, movies):
        res = (self.user_factors[users] * self.movie_factors[movies]).sum(dim=1)
        res += self.user_bias[users] + self.movie_bias[movies]
        return sigmoid_range(res, *self.y_range)


class DotProduct(nn.Module):
    def __init__(self, n_users, n_movies, n_factors, y_range=(0, 5.5)):
        super().__init__()
        self.user_factors = nn.Embedding(n_users, n_factors)
        self.movie_factors = nn.Embedding(n_movies, n_factors)
        self.y_range = y_range

    def forward(self, users, movies):
        return sigmoid_range((self.user_factors(users) * self.movie_factors(movies)).sum(dim=1), *self.y_range)


def rmse(model):
    model.eval()
    se, count = 0.0, 0
    with torch.no_grad():
        for u, i, r in valid_dl:
            se += F.mse_loss(model(u, i), r, reduction='sum').item()
            count += len(r)
    model.train()
    return (se / count) ** 0.5


def fit(model, epochs, lr, wd=0.0, wd_by_hand=0.0):
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
    for epoch in range(epochs):
        total = 0.0
        for u, i, r in train_dl:
            loss = F.mse_loss(model(u, i), r)
            if wd_by_hand:
                loss = loss + wd_by_hand * sum((p ** 2).sum() for p in model.parameters())
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(r)
        print(f"  epoch {epoch} train_loss {total / len(train_ds):.4f} valid_rmse {rmse(model):.4f}")


torch.manual_seed(0)
model = DotProduct(n_users, n_items, 8)
print(model)
print(model(u[:3], i[:3]).shape, model(u[:3], i[:3]).grad_fn)
fit(model, 3, 5e-2)
torch.manual_seed(0)
model = DotProductBias(n_users, n_items, 8)
print([(n, tuple(p.shape)) for n, p in model.named_parameters()])
fit(model, 3, 5e-2, wd=0.1)
torch.manual_seed(0)
model2 = DotProductBias(n_users, n_items, 8)
fit(model2, 2, 5e-2, wd_by_hand=1e-4)

movie_bias = model.movie_bias.squeeze()
idxs = movie_bias.argsort()[:3]
print(idxs.shape, movie_bias[idxs].shape)
movie_factors = model.movie_factors
distances = nn.CosineSimilarity(dim=1)(movie_factors, movie_factors[3][None])
idx = distances.argsort(descending=True)[1]
print(distances.shape, f"{distances[3].item():.4f}", idx.dtype)
print(torch.allclose(F.cosine_similarity(movie_factors, movie_factors[3:4]), distances))


class NeuMF(nn.Module):
    def __init__(self, num_factors, num_users, num_items, nums_hiddens):
        super().__init__()
        self.P = nn.Embedding(num_users, num_factors)
        self.Q = nn.Embedding(num_items, num_factors)
        self.U = nn.Embedding(num_users, num_factors)
        self.V = nn.Embedding(num_items, num_factors)
        layers = []
        in_dim = 2 * num_factors
        for num_hiddens in nums_hiddens:
            layers += [nn.Linear(in_dim, num_hiddens), nn.ReLU()]
            in_dim = num_hiddens
        self.mlp = nn.Sequential(*layers)
        self.prediction_layer = nn.Linear(num_factors + in_dim, 1, bias=False)

    def forward(self, user_id, item_id):
        p_mf = self.P(user_id)
        q_mf = self.Q(item_id)
        gmf = p_mf * q_mf
        p_mlp = self.U(user_id)
        q_mlp = self.V(item_id)
        mlp = self.mlp(torch.cat([p_mlp, q_mlp], dim=1))
        con_res = torch.cat([gmf, mlp], dim=1)
        return torch.sigmoid(self.prediction_layer(con_res))


def bpr_loss(pos, neg):
    return -torch.sum(torch.log(torch.sigmoid(pos - neg)), dim=0)


torch.manual_seed(1)
net = NeuMF(8, n_users, n_items, nums_hiddens=[10, 10])
trainer = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-5)
liked = ratings >= 4
pos_users, pos_items = users[liked], items[liked]
print(pos_users.shape[0] > 0, net(pos_users[:5], pos_items[:5]).shape)
for epoch in range(3):
    total = 0.0
    for start in range(0, len(pos_users), 64):
        u, i = pos_users[start:start + 64], pos_items[start:start + 64]
        neg = torch.randint(0, n_items, i.shape)
        p_pos = net(u, i)
        p_neg = net(u, neg)
        l = bpr_loss(p_pos, p_neg)
        trainer.zero_grad()
        l.backward()
        trainer.step()
        total += l.item()
    print(f"NeuMF epoch {epoch}: bpr {total / len(pos_users):.4f}")
with torch.no_grad():
    scores = net(torch.zeros(n_items, dtype=torch.long), torch.arange(n_items)).squeeze(1)
print(scores.shape, torch.topk(scores, 5).indices.shape)
