# Building and inspecting modules: Sequential with an OrderedDict, ModuleList, ModuleDict, ParameterList,
# buffers (persistent and not), state_dict keys, load_state_dict(strict=False), and torch.save of a checkpoint
# dict into a BytesIO.
import io
from collections import OrderedDict

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(OrderedDict([
    ('conv1', nn.Conv2d(1, 4, 3, padding=1)),
    ('relu1', nn.ReLU()),
    ('pool', nn.AdaptiveAvgPool2d((1, 1))),
    ('flatten', nn.Flatten()),
    ('fc', nn.Linear(4, 3)),
]))
print(model)
print(model.conv1, model[4], model[-1] is model.fc, len(model))
print(model(torch.randn(2, 1, 5, 5)).shape)


class Blocks(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
        self.heads = nn.ModuleDict({'cls': nn.Linear(4, 2), 'reg': nn.Linear(4, 1)})
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(4)) for _ in range(2)])
        self.gain = nn.Parameter(torch.tensor(1.5))
        self.register_buffer('running', torch.zeros(4))
        self.register_buffer('scratch', torch.zeros(2), persistent=False)

    def forward(self, x, head='cls'):
        for i, layer in enumerate(self.layers):
            x = torch.relu(layer(x)) * self.scales[i % 2]
        self.running.mul_(0.9).add_(0.1 * x.mean(0).detach())
        return self.heads[head](x) * self.gain


net = Blocks()
print(net)
print([name for name, _ in net.named_parameters()])
print([name for name, _ in net.named_buffers()], list(net.state_dict().keys())[-3:])
print([name for name, _ in net.named_children()], len(list(net.modules())))
print(net(torch.ones(3, 4)).shape, net(torch.ones(3, 4), head='reg').shape, net.running.shape)
print(sum(p.numel() for p in net.parameters()), net.gain, type(net.gain).__name__)
print(net.scales[0].shape, 'reg' in net.heads, list(net.heads.keys()))

checkpoint = {
    'epoch': 5,
    'model_state_dict': net.state_dict(),
    'loss': torch.tensor(0.25),
    'notes': ['ok', 3],
}
buffer = io.BytesIO()
torch.save(checkpoint, buffer)
buffer.seek(0)
loaded = torch.load(buffer, weights_only=True)
print(loaded['epoch'], loaded['loss'], loaded['notes'], type(loaded['model_state_dict']).__name__)

fresh = Blocks()
result = fresh.load_state_dict(loaded['model_state_dict'])
print(result)
print(all(torch.equal(a, b) for a, b in zip(fresh.state_dict().values(), net.state_dict().values())))
partial = {k: v for k, v in loaded['model_state_dict'].items() if not k.startswith('heads.reg')}
partial['extra.weight'] = torch.zeros(1)
result = fresh.load_state_dict(partial, strict=False)
print(result.missing_keys, result.unexpected_keys)
try:
    fresh.load_state_dict(partial)
except RuntimeError as error:
    print(str(error).splitlines()[0])
try:
    fresh.load_state_dict({**loaded['model_state_dict'], 'gain': torch.ones(2)})
except RuntimeError as error:
    print(str(error).splitlines()[1].strip())

net.eval()
print(net.training, net.layers[0].training)
net.requires_grad_(False)
print(any(p.requires_grad for p in net.parameters()))
net.zero_grad()
print(net.to(torch.float64).gain.dtype, net.running.dtype, net.half().layers[0].weight.dtype)
print(nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Tanh(), nn.Linear(2, 1))))
params = dict(model.named_parameters())
print({k: tuple(v.shape) for k, v in params.items()})
print(model.get_submodule('conv1').kernel_size, model.get_parameter('fc.bias').shape)
