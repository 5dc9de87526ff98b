# CS231n assignment 3, Network_Visualization.ipynb on a small CNN trained here on synthetic 3x16x16 "images"
# (SqueezeNet and ImageNet replaced): compute_saliency_maps (gradient of the correct class score w.r.t. the
# image, max of absolute values over channels), make_fooling_image (normalized gradient ascent on a target
# class until it is predicted), and create_class_visualization (jitter with torch.roll, L2 regularization,
# clamping and blurring the image every few steps).
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
C = 4


def make_images(n):
    labels = torch.arange(n) % C
    imgs = torch.randn(n, 3, 16, 16) * 0.3
    for i, y in enumerate(labels.tolist()):
        r, c = divmod(y, 2)
        imgs[i, y % 3, r * 8:r * 8 + 8, c * 8:c * 8 + 8] += 1.0
    return imgs, labels


model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(2),
                      nn.Flatten(), nn.Linear(64, C))
X_train, y_train = make_images(128)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(40):
    loss = F.cross_entropy(model(X_train), y_train)
    opt.zero_grad(); loss.backward(); opt.step()
print("trained, loss below 0.1:", loss.item() < 0.1)

# "pretrained" model: freeze its weights as the notebook does
model.eval()
for param in model.parameters():
    param.requires_grad = False

X, y = make_images(8)
print("accuracy on new images:", (model(X).argmax(1) == y).float().mean().item())


def compute_saliency_maps(X, y, model):
    model.eval()
    X.requires_grad_()
    scores = model(X)
    correct = scores.gather(1, y.view(-1, 1)).squeeze()
    correct.sum().backward()
    saliency = X.grad.abs().max(dim=1)[0]
    return saliency


saliency = compute_saliency_maps(X.clone(), y, model)
print("saliency shape:", tuple(saliency.shape), "nonneg:", bool((saliency >= 0).all()))
for i in range(4):
    r, c = divmod(y[i].item(), 2)
    inside = saliency[i, r * 8:r * 8 + 8, c * 8:c * 8 + 8].mean()
    print(f"image {i} class {y[i].item()}: saliency inside the patch > mean: {bool(inside > saliency[i].mean())}")


def make_fooling_image(X, target_y, model, learning_rate=1, max_iter=100):
    X_fooling = X.clone()
    X_fooling = X_fooling.requires_grad_()
    for it in range(max_iter):
        scores = model(X_fooling)
        if scores.argmax(1).item() == target_y:
            break
        target_score = scores[0, target_y]
        target_score.backward()
        g = X_fooling.grad
        dX = learning_rate * g / g.norm()
        with torch.no_grad():
            X_fooling += dX
        X_fooling.grad.zero_()
    return X_fooling.detach(), it


idx, target_y = 0, 3
X_fooling, iters = make_fooling_image(X[idx:idx + 1], target_y, model)
print("original class:", model(X[idx:idx + 1]).argmax(1).item())
print("fooled into target:", model(X_fooling).argmax(1).item() == target_y, "within 100 steps:", iters < 99)
diff = (X_fooling - X[idx:idx + 1]).abs()
print("max change is small relative to the image:", diff.max().item() < X[idx].abs().max().item())


def jitter(X, ox, oy):
    return torch.roll(torch.roll(X, ox, dims=3), oy, dims=2)


def blur_image(X, sigma=1):
    k = torch.exp(-torch.arange(-2.0, 3.0) ** 2 / (2 * sigma ** 2))
    k = k / k.sum()
    X = F.conv2d(X, k.view(1, 1, 1, 5).repeat(3, 1, 1, 1), padding=(0, 2), groups=3)
    return F.conv2d(X, k.view(1, 1, 5, 1).repeat(3, 1, 1, 1), padding=(2, 0), groups=3)


def create_class_visualization(target_y, model, l2_reg=1e-3, learning_rate=5, num_iterations=60,
                               blur_every=10, max_jitter=2):
    g = torch.Generator().manual_seed(target_y)
    img = torch.randn(1, 3, 16, 16, generator=g).mul_(0.1).requires_grad_()
    for t in range(num_iterations):
        ox, oy = torch.randint(-max_jitter, max_jitter + 1, (2,), generator=g).tolist()
        img.data.copy_(jitter(img.data, ox, oy))
        score = model(img)[0, target_y] - l2_reg * img.norm() ** 2
        score.backward()
        with torch.no_grad():
            img += learning_rate * img.grad / img.grad.norm()
            img.grad.zero_()
        img.data.copy_(jitter(img.data, -ox, -oy))
        img.data.clamp_(-3, 3)
        if t % blur_every == 0:
            img.data.copy_(blur_image(img.data, sigma=0.5))
    return img.detach()


for target in range(C):
    vis = create_class_visualization(target, model)
    probs = F.softmax(model(vis), dim=1)
    print(f"class {target}: visualization classified as {probs.argmax().item()}, "
          f"prob > 0.5: {bool(probs[0, target] > 0.5)}")
