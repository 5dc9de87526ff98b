# The "Per-sample-gradients" tutorial (torch.func), as written on synthetic MNIST-shaped data: a small CNN, the
# naive per-sample loop of loss.backward() calls, then functional_call + grad + vmap(in_dims=(None, None, 0, 0))
# with detached parameters, checked against the loop; then the same trick for DP-SGD-style per-sample gradient
# clipping (clip each sample's gradient, add noise, average) on a linear model.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, vmap, grad

torch.manual_seed(0)


# Here's a simple CNN and loss function:
class SimpleCNN(nn.Module):
    def __init__(self):
        super(SimpleCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, 1)
        self.conv2 = nn.Conv2d(8, 16, 3, 1)
        self.fc1 = nn.Linear(256, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def loss_fn(predictions, targets):
    return F.nll_loss(predictions, targets)


device = 'cpu'

num_models = 10
batch_size = 16
data = torch.randn(batch_size, 1, 12, 12, device=device)

targets = torch.randint(10, (16,), device=device)

model = SimpleCNN().to(device=device)
predictions = model(data)  # move the entire mini-batch through the model

loss = loss_fn(predictions, targets)
loss.backward()  # back propagate the 'average' gradient of this mini-batch
print("batch loss", round(loss.item(), 4))


def compute_grad(sample, target):
    sample = sample.unsqueeze(0)  # prepend batch dimension for processing
    target = target.unsqueeze(0)

    prediction = model(sample)
    loss = loss_fn(prediction, target)

    return torch.autograd.grad(loss, list(model.parameters()))


def compute_sample_grads(data, targets):
    """ manually process each sample with per sample gradient """
    sample_grads = [compute_grad(data[i], targets[i]) for i in range(batch_size)]
    sample_grads = zip(*sample_grads)
    sample_grads = [torch.stack(shards) for shards in sample_grads]
    return sample_grads


per_sample_grads = compute_sample_grads(data, targets)
print(per_sample_grads[1].shape)  # conv1.bias
print(per_sample_grads[0].shape)

params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}


def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0)
    targets = target.unsqueeze(0)

    predictions = functional_call(model, (params, buffers), (batch,))
    loss = loss_fn(predictions, targets)
    return loss


ft_compute_grad = grad(compute_loss)
ft_compute_sample_grad = vmap(ft_compute_grad, in_dims=(None, None, 0, 0))
ft_per_sample_grads = ft_compute_sample_grad(params, buffers, data, targets)

for per_sample_grad, (name, ft_per_sample_grad) in zip(per_sample_grads, ft_per_sample_grads.items()):
    assert torch.allclose(per_sample_grad, ft_per_sample_grad, atol=3e-3, rtol=1e-5)
    print(name, tuple(ft_per_sample_grad.shape), "matches the loop")

# the mean of the per-sample gradients is the batch gradient
for name, p in model.named_parameters():
    print(name, torch.allclose(ft_per_sample_grads[name].mean(0), p.grad, atol=1e-5))

# DP-SGD-style step: clip each sample's gradient, then add noise and average
lin = nn.Linear(5, 1)
x = torch.randn(64, 5)
y = x @ torch.tensor([[1.0], [-2.0], [0.5], [0.0], [3.0]]) + 0.1
lin_params = {k: v.detach() for k, v in lin.named_parameters()}


def mse(params, sample, target):
    return F.mse_loss(functional_call(lin, params, (sample.unsqueeze(0),)), target.unsqueeze(0))


per_sample = vmap(grad(mse), in_dims=(None, 0, 0))
max_norm, noise_multiplier, lr = 1.0, 0.1, 0.1
for step in range(60):
    g = per_sample(lin_params, x, y)
    norms = torch.sqrt(sum(gi.flatten(1).pow(2).sum(1) for gi in g.values()))
    factor = (max_norm / (norms + 1e-6)).clamp(max=1.0)
    for k in lin_params:
        clipped = (g[k] * factor.view(-1, *[1] * (g[k].dim() - 1))).sum(0)
        noise = torch.randn_like(clipped) * noise_multiplier * max_norm
        lin_params[k] = lin_params[k] - lr * (clipped + noise) / x.shape[0]
    if step % 20 == 0:
        print(f"step {step} clipped fraction {(norms > max_norm).float().mean().item():.3f} "
              f"loss {F.mse_loss(functional_call(lin, lin_params, (x,)), y).item():.4f}")
