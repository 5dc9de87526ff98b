# fastbook chapter 18 "CNN Interpretation with CAM", in plain PyTorch on synthetic images (a small CNN in place
# of the pretrained resnet, cats/dogs replaced by a bright-square class): a Hook class storing a layer's output
# (register_forward_hook, a context manager that removes it), class activation maps with torch.einsum over the
# final linear layer's weights, a HookBwd storing gradients with register_full_backward_hook, and Grad-CAM
# (gradients averaged over the spatial dimensions as channel weights) at the last and an earlier layer.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def make_images(n):
    x = torch.rand(n, 3, 24, 24) * 0.2
    y = torch.arange(n) % 2
    pos = torch.randint(0, 16, (n, 2))
    for i in range(n):
        r, c = pos[i].tolist()
        if y[i] == 1:
            x[i, :, r:r + 8, c:c + 8] += 0.8
        else:
            x[i, 2, r:r + 8, c:c + 8] += 0.4
    return x, y, pos


body = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
    nn.Conv2d(16, 32, 3, padding=1, stride=2), nn.BatchNorm2d(32), nn.ReLU(),
    nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU())
head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 2))
learn_model = nn.Sequential(body, head)

x_train, y_train, _ = make_images(256)
opt = torch.optim.Adam(learn_model.parameters(), lr=3e-3)
for epoch in range(4):
    for i in range(0, 256, 32):
        loss = F.cross_entropy(learn_model(x_train[i:i + 32]), y_train[i:i + 32])
        opt.zero_grad(); loss.backward(); opt.step()
    print(f"epoch {epoch} train_loss {loss.item():.4f}")
learn_model.eval()
x, y, pos = make_images(4)
with torch.no_grad():
    print("predictions:", learn_model(x).argmax(1).tolist(), "labels:", y.tolist())


class Hook():
    def __init__(self, m):
        self.hook = m.register_forward_hook(self.hook_func)

    def hook_func(self, m, i, o):
        self.stored = o.detach().clone()

    def __enter__(self, *args):
        return self

    def __exit__(self, *args):
        self.hook.remove()


class HookBwd():
    def __init__(self, m):
        self.hook = m.register_full_backward_hook(self.hook_func)

    def hook_func(self, m, gi, go):
        self.stored = go[0].detach().clone()

    def __enter__(self, *args):
        return self

    def __exit__(self, *args):
        self.hook.remove()


xb = x[1:2]
with Hook(body) as hook:
    with torch.no_grad():
        output = learn_model.eval()(xb)
    act = hook.stored[0]
print("activations:", tuple(act.shape))
print("probabilities:", F.softmax(output, dim=-1))
print("hooks left on body:", len(body._forward_hooks))
cam_map = torch.einsum("ck,kij->cij", head[2].weight, act)
print("cam map:", tuple(cam_map.shape))


def peak_cell(m):
    flat = m.flatten().argmax().item()
    return divmod(flat, m.shape[1])


def inside(cell, p, stride=2):
    r, c = cell
    return p[0] - stride <= r * stride <= p[0] + 8 + stride and p[1] - stride <= c * stride <= p[1] + 8 + stride


print("CAM peak for the true class is on the square:", inside(peak_cell(cam_map[y[1]]), pos[1].tolist()))

# Grad-CAM at the last layer of the body, then at an earlier layer
for name, layer in [("body[-1]", body[-1]), ("body[2]", body[2])]:
    cls = 1
    with HookBwd(layer) as hookg:
        with Hook(layer) as hook:
            output = learn_model.eval()(xb)
            act = hook.stored
        output[0, cls].backward()
        grad = hookg.stored
    if name == "body[-1]":
        last_grad = grad
    w = grad[0].mean(dim=[1, 2], keepdim=True)
    cam_map = (w * act[0]).sum(0)
    stride = 2 if name == "body[-1]" else 1
    print(f"Grad-CAM {name}: shape {tuple(cam_map.shape)}, "
          f"peak on square: {inside(peak_cell(F.relu(cam_map)), pos[1].tolist(), stride)}")
    learn_model.zero_grad()

# the same weights from autograd directly, without hooks
act = body(xb)
act.retain_grad()
head(act)[0, 1].backward()
print("grad shape via retain_grad:", tuple(act.grad.shape), "matches hook:",
      torch.allclose(act.grad, last_grad))
print("backward hooks left:", len(body[-1]._backward_hooks))
