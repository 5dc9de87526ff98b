# Conditional VAE (pytorch/examples vae extended with a label): encoder and decoder both see a one-hot class,
# reparameterisation trick, BCE reconstruction + analytic KL, on synthetic 8x8 "glyph" images (bars, crosses,
# boxes, diagonals). Generates one sample per class and checks that the decoder follows the condition.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)


def glyphs():
    g = torch.zeros(4, 8, 8)
    g[0, :, 3:5] = 1                    # vertical bar
    g[1, 3:5, :] = 1                    # horizontal bar
    g[2, 1, 1:7] = g[2, 6, 1:7] = 1     # box
    g[2, 1:7, 1] = g[2, 1:7, 6] = 1
    g[3] = torch.eye(8).flip(1)         # anti-diagonal
    return g


base = glyphs()
labels = torch.randint(0, 4, (800,))
shift = torch.randint(-1, 2, (800,))
images = torch.stack([torch.roll(base[c], int(s), dims=1) for c, s in zip(labels, shift)])
images = (images + 0.1 * torch.rand_like(images)).clamp(0, 1)
print("images:", tuple(images.shape), f"mean {images.mean().item():.4f}")


class CVAE(nn.Module):
    def __init__(self, x_dim=64, n_cls=4, z_dim=2, h=128):
        super().__init__()
        self.n_cls = n_cls
        self.enc = nn.Sequential(nn.Linear(x_dim + n_cls, h), nn.ReLU())
        self.mu = nn.Linear(h, z_dim)
        self.logvar = nn.Linear(h, z_dim)
        self.dec = nn.Sequential(nn.Linear(z_dim + n_cls, h), nn.ReLU(), nn.Linear(h, x_dim))

    def encode(self, x, c):
        h = self.enc(torch.cat([x, c], dim=1))
        return self.mu(h), self.logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        return mu + torch.randn_like(std) * std

    def decode(self, z, c):
        return torch.sigmoid(self.dec(torch.cat([z, c], dim=1)))

    def forward(self, x, y):
        c = F.one_hot(y, self.n_cls).float()
        mu, logvar = self.encode(x.view(-1, 64), c)
        z = self.reparameterize(mu, logvar)
        return self.decode(z, c), mu, logvar


def loss_function(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x.view(-1, 64), reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce, kld


model = CVAE()
print(model)
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
loader = DataLoader(TensorDataset(images, labels), batch_size=64, shuffle=True)
for epoch in range(1, 16):
    model.train()
    tot_bce = tot_kld = 0.0
    for x, y in loader:
        recon, mu, logvar = model(x, y)
        bce, kld = loss_function(recon, x, mu, logvar)
        loss = bce + kld
        opt.zero_grad()
        loss.backward()
        opt.step()
        tot_bce += bce.item()
        tot_kld += kld.item()
    if epoch % 3 == 0:
        print(f"====> Epoch: {epoch} Average loss: {(tot_bce + tot_kld) / len(images):.4f} "
              f"(recon {tot_bce / len(images):.4f}, kl {tot_kld / len(images):.4f})")

model.eval()
with torch.no_grad():
    z = torch.zeros(4, 2)
    samples = model.decode(z, torch.eye(4)).view(4, 8, 8)
    err = torch.cdist(samples.view(4, -1), base.view(4, -1))
    print("nearest glyph for each condition:", err.argmin(1).tolist())
    print("vertical-bar sample, row 0:", [round(v, 2) for v in samples[0, 0].tolist()])
    mu, logvar = model.encode(images[:256].view(-1, 64), F.one_hot(labels[:256], 4).float())
    print(f"posterior std mean {torch.exp(0.5 * logvar).mean().item():.4f}")
    print("latent mean shape:", tuple(mu.shape), "grad_fn inside no_grad:", mu.grad_fn)
    for c in range(4):
        x_hat = model.decode(torch.randn(16, 2), F.one_hot(torch.full((16,), c), 4).float())
        print(f"class {c}: mean pixel {x_hat.mean().item():.4f}, target {base[c].mean().item():.4f}")
