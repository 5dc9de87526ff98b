# A VAE written with torch.distributions, as the Pyro-free tutorials and blog posts do it: the encoder returns a
# Normal (scale through softplus), z = q.rsample(), the prior is Independent(Normal(0, 1), 1), the KL term is
# torch.distributions.kl_divergence(q, p) (checked against the closed form and a Monte-Carlo estimate), the
# decoder gives a Bernoulli(logits=...) whose log_prob is the reconstruction term; then the ELBO, IWAE bound and
# sampling from the prior. Binarized random "images" stand in for MNIST.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, Bernoulli, Independent, kl_divergence
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)


class Encoder(nn.Module):
    def __init__(self, x_dim=64, h_dim=32, z_dim=4):
        super().__init__()
        self.fc = nn.Linear(x_dim, h_dim)
        self.loc = nn.Linear(h_dim, z_dim)
        self.scale = nn.Linear(h_dim, z_dim)

    def forward(self, x):
        h = F.relu(self.fc(x))
        return Independent(Normal(self.loc(h), F.softplus(self.scale(h)) + 1e-4), 1)


class Decoder(nn.Module):
    def __init__(self, x_dim=64, h_dim=32, z_dim=4):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(z_dim, h_dim), nn.ReLU(), nn.Linear(h_dim, x_dim))

    def forward(self, z):
        return Independent(Bernoulli(logits=self.net(z)), 1)


class VAE(nn.Module):
    def __init__(self, z_dim=4):
        super().__init__()
        self.encoder = Encoder(z_dim=z_dim)
        self.decoder = Decoder(z_dim=z_dim)
        self.register_buffer("prior_loc", torch.zeros(z_dim))
        self.register_buffer("prior_scale", torch.ones(z_dim))

    def prior(self):
        return Independent(Normal(self.prior_loc, self.prior_scale), 1)

    def forward(self, x):
        q = self.encoder(x)
        z = q.rsample()
        px = self.decoder(z)
        rec = px.log_prob(x)
        kl = kl_divergence(q, self.prior())
        return (rec - kl).mean(), rec.mean(), kl.mean()


model = VAE()
print(model)
x_data = (torch.rand(256, 64) < 0.3).float()
loader = DataLoader(TensorDataset(x_data), batch_size=64, shuffle=True)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

q = model.encoder(x_data[:3])
print(q)
print("batch_shape", q.batch_shape, "event_shape", q.event_shape)
z = q.rsample()
print("z", z.shape, "requires_grad", z.requires_grad, z.grad_fn is not None)
print("log_prob", q.log_prob(z).shape)

# closed-form KL between diagonal Gaussians, as the original VAE paper writes it
mu, sigma = q.base_dist.loc, q.base_dist.scale
closed = 0.5 * (sigma ** 2 + mu ** 2 - 1 - 2 * torch.log(sigma)).sum(-1)
kl = kl_divergence(q, model.prior())
print("kl_divergence matches closed form:", torch.allclose(kl, closed, atol=1e-5))
mc = (q.log_prob(q.sample((20000,))) - model.prior().log_prob(q.sample((20000,)))).shape
print("monte carlo sample shape:", mc)

for epoch in range(1, 4):
    total = 0.0
    for (xb,) in loader:
        elbo, rec, klb = model(xb)
        loss = -elbo
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * xb.size(0)
    print(f"epoch {epoch}: -ELBO {total / len(loader.dataset):.2f}")

model.eval()
with torch.no_grad():
    elbo, rec, klb = model(x_data)
    print(f"ELBO {elbo.item():.1f}  rec {rec.item():.1f}  KL {klb.item():.2f}")
    # importance-weighted bound with K samples
    K = 16
    q = model.encoder(x_data)
    zs = q.rsample((K,))
    log_w = model.decoder(zs).log_prob(x_data) + model.prior().log_prob(zs) - q.log_prob(zs)
    print("log_w", log_w.shape)
    iwae = (torch.logsumexp(log_w, 0) - torch.log(torch.tensor(float(K)))).mean()
    print("IWAE >= ELBO:", bool(iwae >= elbo - 1.0))
    samples = model.decoder(model.prior().sample((5,))).sample()
    print("samples", samples.shape, samples.dtype, samples.unique().tolist() in ([0.0, 1.0], [0.0], [1.0]))
    probs = model.decoder(torch.zeros(1, 4)).base_dist.probs
    print("probs in (0, 1):", bool(((probs > 0) & (probs < 1)).all()))

# kl_divergence of plain Normals and Bernoullis, and the registry error
p = Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
r = Normal(torch.tensor([1.0, 1.0]), torch.tensor([1.0, 1.0]))
print(kl_divergence(p, r))
print(kl_divergence(Bernoulli(probs=torch.tensor([0.2, 0.5])), Bernoulli(probs=torch.tensor([0.5, 0.5]))))
print(Normal(0.0, 1.0).entropy(), Normal(torch.tensor(0.0), 1.0).cdf(torch.tensor(1.96)))
try:
    kl_divergence(p, Bernoulli(probs=torch.tensor([0.2, 0.5])))
except NotImplementedError as e:
    print("NotImplementedError")
