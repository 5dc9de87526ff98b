# Geometric data augmentation with F.affine_grid / F.grid_sample, as the Spatial Transformer tutorial, Kornia's
# warp_affine and the elastic-deformation recipe (Simard et al.) do it: identity grids and align_corners,
# rotations / scaling / translation / flips as batched 2x3 theta, nearest vs bilinear vs bicubic, zeros / border /
# reflection padding, a random elastic field smoothed with a Gaussian conv2d and upsampled with F.interpolate,
# 3D affine_grid, and gradients of a loss with respect to theta (registering a shifted image back).
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)

img = torch.zeros(1, 1, 8, 8)
img[0, 0, 2:6, 3:5] = 1.0
img[0, 0, 2, 3] = 2.0
identity = torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
for ac in (True, False):
    grid = F.affine_grid(identity, (1, 1, 8, 8), align_corners=ac)
    print(f"align_corners={ac} grid corner {grid[0, 0, 0].tolist()} identity exact:",
          torch.allclose(F.grid_sample(img, grid, align_corners=ac), img, atol=1e-6))


def theta_of(angle=0.0, scale=1.0, tx=0.0, ty=0.0, flip=False):
    c, s = math.cos(angle) / scale, math.sin(angle) / scale
    sx = -1.0 if flip else 1.0
    return torch.tensor([[c * sx, -s, tx], [s * sx, c, ty]])


thetas = torch.stack([theta_of(), theta_of(flip=True), theta_of(angle=math.pi / 2), theta_of(tx=0.25),
                      theta_of(scale=2.0)])
batch = img.expand(5, -1, -1, -1)
grid = F.affine_grid(thetas, batch.shape, align_corners=False)
warped = F.grid_sample(batch, grid, mode="nearest", align_corners=False)
print("flip == torch.flip:", torch.equal(warped[1], img[0].flip(-1)))
print("rot90 == torch.rot90:", torch.equal(warped[2], torch.rot90(img[0], k=1, dims=(1, 2))) or
      torch.equal(warped[2], torch.rot90(img[0], k=-1, dims=(1, 2))))
print("mass per transform:", [round(v, 2) for v in warped.sum((1, 2, 3)).tolist()])

rot = F.affine_grid(theta_of(angle=0.3).unsqueeze(0), (1, 1, 8, 8), align_corners=False)
for mode in ("nearest", "bilinear", "bicubic"):
    for pad in ("zeros", "border", "reflection"):
        out = F.grid_sample(img, rot * 1.3, mode=mode, padding_mode=pad, align_corners=False)
        print(f"{mode:8s} {pad:10s} sum {out.sum().item():.4f} max {out.max().item():.4f}")

# elastic deformation
field = torch.rand(1, 2, 8, 8) * 2 - 1
k = torch.exp(-torch.arange(-2, 3.0) ** 2 / 2)
k = (k[:, None] * k[None, :]) / (k.sum() ** 2)
smooth = F.conv2d(field.reshape(2, 1, 8, 8), k[None, None], padding=2).reshape(1, 2, 8, 8)
disp = F.interpolate(smooth, size=(16, 16), mode="bilinear", align_corners=False).permute(0, 2, 3, 1) * 0.3
big = F.interpolate(img, scale_factor=2, mode="nearest")
base = F.affine_grid(identity, (1, 1, 16, 16), align_corners=False)
elastic = F.grid_sample(big, base + disp, mode="bilinear", padding_mode="border", align_corners=False)
print("elastic", elastic.shape, f"sum {elastic.sum().item():.3f} vs {big.sum().item():.1f}")
print("antialias bilinear down", F.interpolate(big, size=(5, 5), mode="bilinear", antialias=True).sum().item() > 0)

vol = torch.rand(1, 1, 4, 4, 4)
theta3 = torch.tensor([[[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0]]])
g3 = F.affine_grid(theta3, (1, 1, 4, 4, 4), align_corners=True)
print("3D grid", g3.shape, torch.allclose(F.grid_sample(vol, g3, align_corners=True), vol, atol=1e-6))
try:
    F.affine_grid(torch.zeros(1, 3, 3), (1, 1, 8, 8))
except ValueError as e:
    print("ValueError:", e)

# register a translated image back by gradient descent on theta
smooth_img = F.avg_pool2d(F.pad(big, (2, 2, 2, 2)), 5, stride=1)
target = F.grid_sample(smooth_img, F.affine_grid(theta_of(tx=0.2, ty=-0.1).unsqueeze(0), smooth_img.shape,
                                                 align_corners=False), align_corners=False)
theta = identity.clone().requires_grad_(True)
opt = torch.optim.Adam([theta], lr=0.01)
for step in range(151):
    moved = F.grid_sample(smooth_img, F.affine_grid(theta, smooth_img.shape, align_corners=False),
                          align_corners=False)
    loss = F.mse_loss(moved, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 0:
        print(f"step {step} loss {loss.item():.6f} t=({theta[0, 0, 2].item():.3f}, {theta[0, 1, 2].item():.3f})")
