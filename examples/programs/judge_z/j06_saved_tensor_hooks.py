# Hooks for autograd saved tensors (PyTorch tutorial)
import torch

a = torch.randn(5, requires_grad=True)
b = torch.ones(5, requires_grad=True)


def f(x, y):
    return x * y


y = f(a, b)
print(y.grad_fn._saved_self is a)   # True
print(y.grad_fn._saved_other is b)  # True

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(y.grad_fn._saved_self is x)  # True
y = x.exp()
print(y.grad_fn._saved_result.equal(y))  # True
print(y.grad_fn._saved_result is y)      # False

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
y.sum().backward()
try:
    y.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split(".")[0])


def pack_hook(x):
    print("Packing", x.shape)
    return x


def unpack_hook(x):
    print("Unpacking", x.shape)
    return x


a = torch.ones(5, requires_grad=True)
b = torch.ones(5, requires_grad=True) * 2
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = a * b
y.sum().backward()


def pack_hook(x):
    return None


def unpack_hook(x):
    return None


a = torch.randn(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = a.pow(2)
try:
    y.sum().backward()
except TypeError as e:
    print("TypeError raised")


def pack_hook(x):
    print("Packing", x.shape)
    return x


def unpack_hook(x):
    print("Unpacking", x.shape)
    return x


x = torch.randn(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = x.pow(2)
print(y.grad_fn._saved_self is x)


def pack_hook(tensor):
    return tensor.clone().detach()


def unpack_hook(tensor):
    return tensor


x = torch.randn(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = x * x
y.sum().backward()
assert (x.grad.equal(2 * x))


def pack_hook(x):
    print("Packing", x.dtype)
    return x.to(torch.float64), x.dtype


def unpack_hook(packed):
    tensor, dtype = packed
    print("Unpacking to", dtype)
    return tensor.to(dtype)


x = torch.randn(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = torch.sin(x)
y.sum().backward()
print(torch.allclose(x.grad, torch.cos(x)))

with torch.autograd.graph.save_on_cpu(pin_memory=False):
    z = x.exp() * x
z.sum().backward()
print(x.grad.shape)


class SelfDeletingTempFile():
    def __init__(self):
        self.name = None

    def __del__(self):
        pass


storage = {}


def pack_to_dict(t):
    key = len(storage)
    storage[key] = t.clone()
    return key


def unpack_from_dict(key):
    return storage[key]


x = torch.randn(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_to_dict, unpack_from_dict):
    y = x.pow(2).sin()
y.sum().backward()
print(len(storage), sorted(v.shape for v in storage.values()))
print(torch.allclose(x.grad, 2 * x * torch.cos(x.pow(2))))


def pack_hook(x):
    print("pack", tuple(x.shape))
    return x


def unpack_hook(x):
    print("unpack", tuple(x.shape))
    return x


model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
inp = torch.randn(2, 4)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    out = model(inp)
out.sum().backward()
