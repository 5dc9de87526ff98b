# Deep Sets (Zaheer et al. 2017) and the Set Transformer (Lee et al. 2019, juho-lee/set_transformer's MAB / SAB /
# ISAB / PMA modules) on a synthetic set task: predict the maximum of a set of numbers (the Deep Sets paper's
# toy). Sets of different sizes are padded and masked (key_padding_mask in nn.MultiheadAttention, masked sum and
# max pooling); permutation invariance is checked with torch.randperm; both models are trained and compared.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def make_batch(batch, max_n=10, gen=None):
    n = torch.randint(2, max_n + 1, (batch,), generator=gen)
    x = torch.rand(batch, max_n, 1, generator=gen) * 10
    mask = torch.arange(max_n)[None, :] < n[:, None]  # True = real element
    x = x.masked_fill(~mask[..., None], 0.0)
    y = x.squeeze(-1).masked_fill(~mask, float("-inf")).amax(1)
    return x, mask, y


class DeepSets(nn.Module):
    def __init__(self, d=32, pool="sum"):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(1, d), nn.ELU(), nn.Linear(d, d), nn.ELU())
        self.rho = nn.Sequential(nn.Linear(d, d), nn.ELU(), nn.Linear(d, 1))
        self.pool = pool

    def forward(self, x, mask):
        h = self.phi(x)
        if self.pool == "sum":
            h = (h * mask[..., None]).sum(1)
        else:
            h = h.masked_fill(~mask[..., None], float("-inf")).max(1).values
        return self.rho(h).squeeze(-1)


class MAB(nn.Module):
    def __init__(self, dim_Q, dim_K, dim_V, num_heads, ln=True):
        super().__init__()
        self.fc_q = nn.Linear(dim_Q, dim_V)
        self.att = nn.MultiheadAttention(dim_V, num_heads, batch_first=True, kdim=dim_K, vdim=dim_K)
        self.ln0 = nn.LayerNorm(dim_V) if ln else nn.Identity()
        self.ln1 = nn.LayerNorm(dim_V) if ln else nn.Identity()
        self.fc_o = nn.Linear(dim_V, dim_V)

    def forward(self, Q, K, key_padding_mask=None):
        Qp = self.fc_q(Q)
        A, _ = self.att(Qp, K, K, key_padding_mask=key_padding_mask, need_weights=False)
        O = self.ln0(Qp + A)
        return self.ln1(O + F.relu(self.fc_o(O)))


class ISAB(nn.Module):
    def __init__(self, dim_in, dim_out, num_heads, num_inds):
        super().__init__()
        self.I = nn.Parameter(torch.empty(1, num_inds, dim_out))
        nn.init.xavier_uniform_(self.I)
        self.mab0 = MAB(dim_out, dim_in, dim_out, num_heads)
        self.mab1 = MAB(dim_in, dim_out, dim_out, num_heads)

    def forward(self, X, pad):
        H = self.mab0(self.I.expand(X.size(0), -1, -1), X, key_padding_mask=pad)
        return self.mab1(X, H)


class PMA(nn.Module):
    def __init__(self, dim, num_heads, num_seeds):
        super().__init__()
        self.S = nn.Parameter(torch.empty(1, num_seeds, dim))
        nn.init.xavier_uniform_(self.S)
        self.mab = MAB(dim, dim, dim, num_heads)

    def forward(self, X, pad):
        return self.mab(self.S.repeat(X.size(0), 1, 1), X, key_padding_mask=pad)


class SetTransformer(nn.Module):
    def __init__(self, d=32):
        super().__init__()
        self.embed = nn.Linear(1, d)
        self.enc = ISAB(d, d, 4, 8)
        self.pool = PMA(d, 4, 1)
        self.dec = nn.Linear(d, 1)

    def forward(self, x, mask):
        pad = ~mask
        h = self.enc(self.embed(x), pad)
        return self.dec(self.pool(h, pad)).squeeze(-1).squeeze(-1)


x, mask, y = make_batch(4, max_n=6)
print("sizes", mask.sum(1).tolist(), "max", [round(v, 3) for v in y.tolist()])

models = {"deepsets-sum": DeepSets(pool="sum"), "deepsets-max": DeepSets(pool="max"), "set-transformer": SetTransformer()}
for name, m in models.items():
    print(name, "parameters", sum(p.numel() for p in m.parameters()))

# permutation invariance on full sets
full = torch.ones(4, 6, dtype=torch.bool)
xs = torch.rand(4, 6, 1)
perm = torch.randperm(6)
for name, m in models.items():
    m.eval()
    a, b = m(xs, full), m(xs[:, perm], full)
    print(name, "invariant:", torch.allclose(a, b, atol=1e-5))
    m.train()
# padding content does not matter
st = models["set-transformer"]
x2 = x.clone()
x2[~mask] = 123.0
print("padding ignored:", torch.allclose(st(x, mask), st(x2, mask), atol=1e-5))

gen = torch.Generator().manual_seed(1)
val = make_batch(128, gen=gen)
for name, m in models.items():
    torch.manual_seed(2)
    opt = torch.optim.Adam(m.parameters(), lr=2e-3)
    for step in range(101):
        xb, mb, yb = make_batch(32)
        loss = F.l1_loss(m(xb, mb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    m.eval()
    with torch.no_grad():
        mae = F.l1_loss(m(val[0], val[1]), val[2]).item()
    print(f"{name}: train L1 {loss.item():.3f} val L1 {mae:.3f}")
