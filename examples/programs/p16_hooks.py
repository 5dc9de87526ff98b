# Hooks: tensor gradient hooks, retain_grad, and forward / forward-pre hooks on modules.
import torch
import torch.nn as nn

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
y.retain_grad()
seen = []
handle = y.register_hook(lambda grad: seen.append(grad.clone()))
doubled = x.register_hook(lambda grad: grad * 2)
z = (y ** 2).sum()
z.backward()
print("hook saw:", seen[0])
print("y.grad:", y.grad)
print("x.grad (doubled by the hook):", x.grad)
handle.remove()
doubled.remove()

model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape))
activations = {}


def save_output(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()
    return hook


def count_calls(module, inputs):
    module.calls = getattr(module, "calls", 0) + 1


handles = [model[0].register_forward_hook(save_output("linear1")),
           model[1].register_forward_hook(save_output("relu")),
           model.register_forward_pre_hook(count_calls)]
out = model(torch.tensor([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]]))
model(torch.ones(1, 3))
print("linear1:", activations["linear1"].shape)
print("relu:", activations["relu"])
print("calls:", model.calls)
for h in handles:
    h.remove()
model(torch.ones(1, 3))
print("calls after removing:", model.calls)
print("output:", out)
