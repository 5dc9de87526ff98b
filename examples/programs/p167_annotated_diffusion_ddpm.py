# The Annotated Diffusion Model (Hugging Face blog, Rogge & Rasul) on 2-D toy data instead of images: the
# cosine / linear / quadratic / sigmoid beta schedules, the precomputed alphas (cumprod, F.pad of the shifted
# cumprod, sqrt_recip_alphas, posterior_variance), extract() with gather and reshape, q_sample (forward
# diffusion), p_losses with l1 / l2 / huber, SinusoidalPositionEmbeddings, a small MLP denoiser in place of the
# U-Net, the training loop with random timesteps, and p_sample / p_sample_loop under torch.no_grad().
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def cosine_beta_schedule(timesteps, s=0.008):
    steps = timesteps + 1
    x = torch.linspace(0, timesteps, steps)
    alphas_cumprod = torch.cos(((x / timesteps) + s) / (1 + s) * torch.pi * 0.5) ** 2
    alphas_cumprod = alphas_cumprod / alphas_cumprod[0]
    betas = 1 - (alphas_cumprod[1:] / alphas_cumprod[:-1])
    return torch.clip(betas, 0.0001, 0.9999)


def linear_beta_schedule(timesteps):
    beta_start = 0.0001
    beta_end = 0.02
    return torch.linspace(beta_start, beta_end, timesteps)


def quadratic_beta_schedule(timesteps):
    beta_start = 0.0001
    beta_end = 0.02
    return torch.linspace(beta_start**0.5, beta_end**0.5, timesteps) ** 2


def sigmoid_beta_schedule(timesteps):
    beta_start = 0.0001
    beta_end = 0.02
    betas = torch.linspace(-6, 6, timesteps)
    return torch.sigmoid(betas) * (beta_end - beta_start) + beta_start


timesteps = 50
for schedule in (cosine_beta_schedule, linear_beta_schedule, quadratic_beta_schedule, sigmoid_beta_schedule):
    b = schedule(timesteps)
    print(schedule.__name__, b.shape, b[:3], b[-1].item())

betas = linear_beta_schedule(timesteps=timesteps)
alphas = 1. - betas
alphas_cumprod = torch.cumprod(alphas, axis=0)
alphas_cumprod_prev = F.pad(alphas_cumprod[:-1], (1, 0), value=1.0)
sqrt_recip_alphas = torch.sqrt(1.0 / alphas)
sqrt_alphas_cumprod = torch.sqrt(alphas_cumprod)
sqrt_one_minus_alphas_cumprod = torch.sqrt(1. - alphas_cumprod)
posterior_variance = betas * (1. - alphas_cumprod_prev) / (1. - alphas_cumprod)
print(alphas_cumprod_prev[:3], alphas_cumprod[-1])
print(posterior_variance[:3], posterior_variance[-1])


def extract(a, t, x_shape):
    batch_size = t.shape[0]
    out = a.gather(-1, t.cpu())
    return out.reshape(batch_size, *((1,) * (len(x_shape) - 1))).to(t.device)


t = torch.tensor([0, 10, 49])
print(extract(sqrt_alphas_cumprod, t, (3, 2)))
print(extract(sqrt_alphas_cumprod, t, (3, 1, 4, 4)).shape)


def q_sample(x_start, t, noise=None):
    if noise is None:
        noise = torch.randn_like(x_start)
    sqrt_alphas_cumprod_t = extract(sqrt_alphas_cumprod, t, x_start.shape)
    sqrt_one_minus_alphas_cumprod_t = extract(sqrt_one_minus_alphas_cumprod, t, x_start.shape)
    return sqrt_alphas_cumprod_t * x_start + sqrt_one_minus_alphas_cumprod_t * noise


x_start = torch.tensor([[1.0, -1.0], [0.5, 0.5], [2.0, 0.0]])
fixed_noise = torch.full_like(x_start, 0.1)
print(q_sample(x_start, t, noise=fixed_noise))


class SinusoidalPositionEmbeddings(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, time):
        device = time.device
        half_dim = self.dim // 2
        embeddings = math.log(10000) / (half_dim - 1)
        embeddings = torch.exp(torch.arange(half_dim, device=device) * -embeddings)
        embeddings = time[:, None] * embeddings[None, :]
        embeddings = torch.cat((embeddings.sin(), embeddings.cos()), dim=-1)
        return embeddings


emb = SinusoidalPositionEmbeddings(8)(torch.tensor([0.0, 1.0, 25.0]))
print(emb.shape)
print(emb)


class Denoiser(nn.Module):
    def __init__(self, dim=2, hidden=64, time_dim=16):
        super().__init__()
        self.time_mlp = nn.Sequential(
            SinusoidalPositionEmbeddings(time_dim),
            nn.Linear(time_dim, time_dim * 2),
            nn.GELU(),
            nn.Linear(time_dim * 2, time_dim),
        )
        self.net = nn.Sequential(
            nn.Linear(dim + time_dim, hidden), nn.SiLU(),
            nn.Linear(hidden, hidden), nn.SiLU(),
            nn.Linear(hidden, dim),
        )

    def forward(self, x, time):
        return self.net(torch.cat([x, self.time_mlp(time)], dim=1))


def p_losses(denoise_model, x_start, t, noise=None, loss_type="l1"):
    if noise is None:
        noise = torch.randn_like(x_start)
    x_noisy = q_sample(x_start=x_start, t=t, noise=noise)
    predicted_noise = denoise_model(x_noisy, t)
    if loss_type == 'l1':
        loss = F.l1_loss(noise, predicted_noise)
    elif loss_type == 'l2':
        loss = F.mse_loss(noise, predicted_noise)
    elif loss_type == "huber":
        loss = F.smooth_l1_loss(noise, predicted_noise)
    else:
        raise NotImplementedError()
    return loss


def make_data(n):
    angle = torch.rand(n) * 2 * math.pi
    radius = 1.0 + 0.05 * torch.randn(n)
    return torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)


device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(0)
model = Denoiser().to(device)
print(sum(p.numel() for p in model.parameters()))
for loss_type in ("l1", "l2", "huber"):
    print(loss_type, round(p_losses(model, x_start.to(device), t.to(device), noise=fixed_noise.to(device),
                                     loss_type=loss_type).item(), 4))
try:
    p_losses(model, x_start.to(device), t.to(device), loss_type="l3")
except NotImplementedError as e:
    print("NotImplementedError", repr(e))

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
epochs = 3
batch_size = 128
data = make_data(1024)
loader = torch.utils.data.DataLoader(data, batch_size=batch_size, shuffle=True)
for epoch in range(epochs):
    for step, batch in enumerate(loader):
        optimizer.zero_grad()
        batch = batch.to(device)
        t = torch.randint(0, timesteps, (batch.shape[0],), device=device).long()
        loss = p_losses(model, batch, t, loss_type="huber")
        if step % 4 == 0:
            print("Epoch", epoch, "step", step, "Loss:", round(loss.item(), 4))
        loss.backward()
        optimizer.step()


@torch.no_grad()
def p_sample(model, x, t, t_index):
    betas_t = extract(betas, t, x.shape)
    sqrt_one_minus_alphas_cumprod_t = extract(sqrt_one_minus_alphas_cumprod, t, x.shape)
    sqrt_recip_alphas_t = extract(sqrt_recip_alphas, t, x.shape)
    model_mean = sqrt_recip_alphas_t * (x - betas_t * model(x, t) / sqrt_one_minus_alphas_cumprod_t)
    if t_index == 0:
        return model_mean
    else:
        posterior_variance_t = extract(posterior_variance, t, x.shape)
        noise = torch.randn_like(x)
        return model_mean + torch.sqrt(posterior_variance_t) * noise


@torch.no_grad()
def p_sample_loop(model, shape):
    device = next(model.parameters()).device
    b = shape[0]
    img = torch.randn(shape, device=device)
    imgs = []
    for i in reversed(range(0, timesteps)):
        img = p_sample(model, img, torch.full((b,), i, device=device, dtype=torch.long), i)
        imgs.append(img.cpu().numpy())
    return imgs


@torch.no_grad()
def sample(model, batch_size=16, channels=2):
    return p_sample_loop(model, shape=(batch_size, channels))


samples = sample(model, batch_size=256)
print(len(samples), samples[-1].shape, samples[-1].dtype)
final = torch.from_numpy(samples[-1])
print("mean radius %.2f" % final.norm(dim=1).mean().item())
print("requires_grad inside no_grad:", p_sample(model, final[:2].to(device), torch.tensor([0, 0], device=device), 0).requires_grad)
