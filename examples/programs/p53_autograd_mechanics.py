# Autograd mechanics: saved tensors and their hooks (torch.autograd.graph.saved_tensors_hooks), grad_fn's
# _saved_* attributes, retain_grad on non-leaves, requires_grad_ errors, in-place errors on leaves, and
# torch.autograd.Function with ctx.mark_dirty.
import torch

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(y.grad_fn._saved_self.equal(x), y.grad_fn._saved_self is x)
y = x.exp()
print(y.grad_fn._saved_result.equal(y), y.grad_fn._saved_result is y)
print(x.pow(3).grad_fn._saved_exponent)

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
events = []


def pack_hook(t):
    events.append(("pack", tuple(t.shape)))
    return t.detach().clone()


def unpack_hook(t):
    events.append(("unpack", tuple(t.shape)))
    return t


with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    b = a * a
    c = b.sin()
c.sum().backward()
print(events)
print(a.grad)

a.grad = None
with torch.autograd.graph.saved_tensors_hooks(lambda t: t * 0 + 1, lambda t: t):
    d = a * a
d.sum().backward()
print("gradient computed from the packed values:", a.grad)

h = torch.tensor([1.0, 2.0], requires_grad=True)
z = h * 3
z.retain_grad()
(z * z).sum().backward()
print(z.grad, h.grad, z.is_leaf, h.is_leaf, z.requires_grad)
try:
    z.requires_grad_(False)
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    h.add_(1)
except RuntimeError as error:
    print("RuntimeError:", error)
with torch.no_grad():
    h.add_(1)
print(h, h.grad_fn, h._version)
try:
    torch.tensor([1, 2]).requires_grad_()
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    (h * 2).backward()
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    y = h * h
    y.sum().backward()
    y.sum().backward()
    print("no error", h.grad)
except RuntimeError as error:
    print("RuntimeError:", str(error).split(".")[0])


class AddOneInplace(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.add_(1)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


leaf = torch.tensor([1.0, 2.0], requires_grad=True)
inp = leaf.clone()
out = AddOneInplace.apply(inp)
print(out, out is inp, out.grad_fn.__class__.__name__)
(out * out).sum().backward()
print(leaf.grad)

v = torch.tensor([1.0, 2.0], requires_grad=True)
w = v.detach()
w.zero_()
print(v, w, v._version == w._version)
u = v.detach().requires_grad_()
print(u.requires_grad, u.is_leaf, u.grad_fn)
print(torch.is_grad_enabled(), torch.no_grad()(lambda: torch.is_grad_enabled())())
with torch.enable_grad():
    with torch.no_grad():
        print(torch.is_grad_enabled(), (v * 2).requires_grad)
print(torch.autograd.grad((v * v).sum(), v, retain_graph=False, create_graph=False))
