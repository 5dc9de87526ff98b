# Tutorial: "Tips for Loading an nn.Module from a Checkpoint" recipe (pytorch.org/tutorials/recipes/recipes/module_load_state_dict_tips.html)
import os
import time
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class SomeModule(torch.nn.Module):
    def __init__(self, size):
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(size, size) for i in range(10)])

    def forward(self, x):
        for linear in self.linears:
            x = linear(x)
        return x


torch.manual_seed(0)
m = SomeModule(100)
path = os.path.join(HERE, 'checkpoint_j05.pth')
torch.save(m.state_dict(), path)

# The naive way: load the checkpoint, build the module, copy into its parameters
start_time = time.time()
state_dict = torch.load(path)
end_time = time.time()
print(f"loading time without mmap={end_time - start_time}")
print(type(state_dict).__name__, len(state_dict), list(state_dict.keys())[:4])

# Using mmap
start_time = time.time()
state_dict = torch.load(path, mmap=True, weights_only=True)
end_time = time.time()
print(f"loading time with mmap={end_time - start_time}")
print(state_dict['linears.0.weight'].shape, state_dict['linears.9.bias'].dtype)

# Using torch.device('meta')
with torch.device('meta'):
    new_m = SomeModule(100)
print("meta params:", all(p.is_meta for p in new_m.parameters()))
print(new_m.linears[0].weight)

# Using load_state_dict(assign=True): the module's parameters become the
# loaded tensors instead of copying into (unallocated) meta tensors
result = new_m.load_state_dict(state_dict, assign=True)
print(result)
print("device after assign:", new_m.linears[0].weight.device)
print("is Parameter:", isinstance(new_m.linears[0].weight, nn.Parameter),
      "requires_grad:", new_m.linears[0].weight.requires_grad)
print("same storage as state_dict:",
      new_m.linears[0].weight.data_ptr() == state_dict['linears.0.weight'].data_ptr())
x = torch.randn(4, 100)
print("same outputs:", torch.allclose(m(x), new_m(x)))

# Loading without assign copies values into existing parameters
m2 = SomeModule(100)
before = m2.linears[3].bias.data_ptr()
print(m2.load_state_dict(torch.load(path, weights_only=True)))
print("kept own storage:", m2.linears[3].bias.data_ptr() == before)
print("equal:", torch.equal(m2.linears[3].bias, m.linears[3].bias))

# Keys that do not match: strict=False reports them
partial = {k: v for k, v in state_dict.items() if not k.startswith('linears.9')}
partial['extra.weight'] = torch.zeros(1)
incompatible = m2.load_state_dict(partial, strict=False)
print("missing:", incompatible.missing_keys)
print("unexpected:", incompatible.unexpected_keys)
try:
    m2.load_state_dict(partial)
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])

# Saving a full optimizer + model checkpoint dict and loading it back
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
m(x).pow(2).mean().backward()
opt.step()
torch.save({'epoch': 3, 'model': m.state_dict(), 'optimizer': opt.state_dict()}, path)
ckpt = torch.load(path, weights_only=True)
print(sorted(ckpt.keys()), ckpt['epoch'])
print(ckpt['optimizer']['param_groups'][0]['lr'], len(ckpt['optimizer']['state']))
opt2 = torch.optim.SGD(m2.parameters(), lr=0.5)
opt2.load_state_dict(ckpt['optimizer'])
print("lr after load:", opt2.param_groups[0]['lr'], "momentum:", opt2.param_groups[0]['momentum'])
os.remove(path)
