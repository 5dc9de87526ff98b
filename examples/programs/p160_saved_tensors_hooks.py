# The "Hooks for autograd saved tensors" tutorial, as written: what autograd saves (grad_fn._saved_self /
# _saved_other / _saved_result and the identity and equality of saved tensors with the originals), the pack/unpack
# hooks on one saved tensor (_raw_saved_self.register_hooks), torch.autograd.graph.saved_tensors_hooks for all
# saved tensors in a context (printing what is packed, a hook that saves nothing for x.pow(2) ... and errors),
# save_on_cpu, and a hook that stores saved tensors in a dict keyed by id (the "saving to disk" pattern, with
# the disk replaced by memory) and counting the bytes saved by a small MLP.
import torch
import torch.nn as nn

a = torch.randn(5, requires_grad=True)
b = torch.ones(5, requires_grad=True)


def f(x):
    return x.pow(2)


y = f(a)
print(y.grad_fn._saved_self.equal(a))
print(y.grad_fn._saved_self is a)
print(y.grad_fn._saved_exponent)

x = a.exp()
print(x.equal(x.grad_fn._saved_result))
print(x is x.grad_fn._saved_result)  # x is the output, saved tensor is a different object

y = a * b
print(y.grad_fn._saved_self is a, y.grad_fn._saved_other is b)


def pack_hook(x):
    print("Packing", x)
    return x


def unpack_hook(x):
    print("Unpacking", x)
    return x


a = torch.ones(5, requires_grad=True)
b = (torch.ones(5) * 2).requires_grad_()
y = a * b
y.grad_fn._raw_saved_self.register_hooks(pack_hook, unpack_hook)
y.sum().backward()
print(a.grad)

try:
    y.grad_fn._raw_saved_self.register_hooks(pack_hook, unpack_hook)
except RuntimeError as e:
    print("RuntimeError:", str(e)[:48])

with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = a * b
print("now backward:")
y.sum().backward()

a = torch.randn(5, requires_grad=True)
print("only what needs saving is packed:")
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = (a + 1) * 2  # neither add nor mul by a Python number saves a tensor
print(y.grad_fn.name())


def pack_hook(x):
    print(f"Packing tensor of shape {tuple(x.shape)}")
    return x.detach().clone()  # a copy: modifying the original later does not matter


def unpack_hook(x):
    return x


a = torch.ones(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    b = a * 2
    y = b.sin()
    z = y * b
z.sum().backward()
print(a.grad)

# save_on_cpu: saved tensors stay on (or are moved to) the CPU and come back for backward
model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))
x = torch.randn(8, 10)
with torch.autograd.graph.save_on_cpu(pin_memory=False):
    loss = model(x).pow(2).mean()
loss.backward()
print("save_on_cpu loss", round(loss.item(), 4), tuple(model[0].weight.grad.shape))

# keep saved tensors out of the graph, in a store keyed by an id (the tutorial saves them to disk)
store = {}
counter = [0]


def pack_to_store(tensor):
    key = counter[0]
    counter[0] += 1
    store[key] = tensor.detach().clone()
    return key


def unpack_from_store(key):
    return store.pop(key)


model.zero_grad()
with torch.autograd.graph.saved_tensors_hooks(pack_to_store, unpack_from_store):
    loss2 = model(x).pow(2).mean()
print("saved", counter[0], "tensors;", sum(t.numel() * t.element_size() for t in store.values()), "bytes")
loss2.backward()
print("store empty after backward:", len(store) == 0)
print(torch.allclose(loss, loss2))

# the hooks must return a tensor with the same content as the original
def bad_unpack(x):
    return torch.zeros(2, 2)


w = torch.ones(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(lambda t: t, bad_unpack):
    y = w.exp()
try:
    y.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split("\n")[0][:60])
