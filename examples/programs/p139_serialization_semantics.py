# The "Serialization semantics" docs note, as written: saving and loading tensors (a list, a dict), views keep
# their view relationships through save/load, saving a small slice saves its whole storage (and .clone() avoids
# that), saving and loading modules' state_dicts (including BatchNorm's buffers), load_state_dict's strict=False
# result, map_location, weights_only=True, the recipe "saving and loading models across devices", and saving a
# whole module object (torch.save(model)) with its class importable.
import io
import os
import tempfile

import torch
import torch.nn as nn

torch.manual_seed(0)
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, 'tensor.pt')

t = torch.tensor([1., 2.])
torch.save(t, path)
print(torch.load(path))

d = {'a': torch.tensor([1., 2.]), 'b': torch.tensor([3., 4.])}
torch.save(d, os.path.join(tmp, 'tensor_dict.pt'))
print(torch.load(os.path.join(tmp, 'tensor_dict.pt')))

numbers = torch.arange(1, 10)
evens = numbers[1::2]
torch.save([numbers, evens], os.path.join(tmp, 'tensors.pt'))
loaded_numbers, loaded_evens = torch.load(os.path.join(tmp, 'tensors.pt'))
loaded_evens *= 2
print(loaded_numbers)
print("shares storage:", loaded_evens.untyped_storage().data_ptr() == loaded_numbers.untyped_storage().data_ptr())

large = torch.arange(1, 1000)
small = large[0:5]
torch.save(small, os.path.join(tmp, 'small.pt'))
loaded_small = torch.load(os.path.join(tmp, 'small.pt'))
print(loaded_small.untyped_storage().size())
small = torch.arange(1, 1000)[0:5].clone()
torch.save(small, os.path.join(tmp, 'small.pt'))
loaded_small = torch.load(os.path.join(tmp, 'small.pt'))
print(loaded_small.untyped_storage().size())
print(os.path.getsize(os.path.join(tmp, 'small.pt')) < 2000)

bn = nn.BatchNorm1d(3, track_running_stats=True)
print(list(bn.named_parameters()))
print(list(bn.named_buffers()))
print(bn.state_dict())
torch.save(bn.state_dict(), os.path.join(tmp, 'bn.pt'))
bn_state_dict = torch.load(os.path.join(tmp, 'bn.pt'))
new_bn = nn.BatchNorm1d(3, track_running_stats=True)
print(new_bn.load_state_dict(bn_state_dict))


class MyModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.l0 = nn.Linear(4, 2)
        self.l1 = nn.Linear(2, 1)

    def forward(self, input):
        out0 = self.l0(input)
        out0_relu = torch.relu(out0)
        return self.l1(out0_relu)


m = MyModule()
print(m.state_dict())
torch.save(m.state_dict(), os.path.join(tmp, 'mymodule.pt'))
m_state_dict = torch.load(os.path.join(tmp, 'mymodule.pt'))
new_m = MyModule()
print(new_m.load_state_dict(m_state_dict))
x = torch.ones(1, 4)
print("same outputs:", torch.equal(m(x), new_m(x)))

# strict=False: missing and unexpected keys
partial = {k: v for k, v in m_state_dict.items() if k.startswith('l0')}
partial['extra.weight'] = torch.zeros(1)
result = new_m.load_state_dict(partial, strict=False)
print(result.missing_keys, result.unexpected_keys)
try:
    new_m.load_state_dict(partial)
except RuntimeError as e:
    print(str(e).splitlines()[0])
bad = dict(m_state_dict)
bad['l1.weight'] = torch.zeros(3, 3)
try:
    new_m.load_state_dict(bad)
except RuntimeError as e:
    print(str(e).splitlines()[1].strip())

# to and from memory buffers, map_location, weights_only
buffer = io.BytesIO()
torch.save({'epoch': 3, 'model': m.state_dict(), 'note': 'hello'}, buffer)
buffer.seek(0)
ckpt = torch.load(buffer, map_location='cpu', weights_only=True)
print(sorted(ckpt.keys()), ckpt['epoch'], ckpt['note'], ckpt['model']['l1.bias'].device)
buffer.seek(0)
ckpt = torch.load(buffer, map_location=lambda storage, loc: storage)
print(type(ckpt['model']).__name__, list(ckpt['model'].keys()))
buffer.seek(0)
ckpt = torch.load(buffer, map_location=torch.device('cpu'))
print(ckpt['model']['l0.weight'].shape)

# dtypes and requires_grad survive; a leaf that requires grad comes back requiring grad
w = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
torch.save({'w': w, 'i': torch.tensor([1, 2], dtype=torch.int16), 'b': torch.tensor([True])}, path)
back = torch.load(path)
print(back['w'].dtype, back['w'].requires_grad, back['w'].is_leaf, back['i'], back['b'])
print("equal values:", torch.equal(back['w'], w))

# saving the whole model (pickles the class by reference)
torch.save(m, os.path.join(tmp, 'whole.pt'))
whole = torch.load(os.path.join(tmp, 'whole.pt'), weights_only=False)
print(whole)
print("same outputs:", torch.equal(whole(x), m(x)))
try:
    torch.load(os.path.join(tmp, 'whole.pt'), weights_only=True)
except Exception as e:
    print(type(e).__name__)

# torch.save of a Parameter and of a sequential state_dict's ordering
seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
print(list(seq.state_dict().keys()))
torch.save(nn.Parameter(torch.ones(2)), path)
p = torch.load(path)
print(type(p).__name__, p)
for f in sorted(os.listdir(tmp)):
    os.remove(os.path.join(tmp, f))
os.rmdir(tmp)
