# Autograd basics: leaves, graphs, grad_fn, accumulation, no_grad and detach.
import torch

a = torch.tensor([2.0, 3.0], requires_grad=True)
b = torch.tensor([6.0, 4.0], requires_grad=True)
q = 3 * a ** 3 - b ** 2
print("q =", q)
print("q.grad_fn:", q.grad_fn)
external_grad = torch.tensor([1.0, 1.0])
q.backward(gradient=external_grad)
print("dq/da =", a.grad)
print("dq/db =", b.grad)
print("9*a**2 == a.grad:", torch.equal(9 * a ** 2, a.grad))

# gradients accumulate until zeroed
y = (a * b).sum()
y.backward()
print("accumulated a.grad:", a.grad)
a.grad.zero_()
print("after zero_:", a.grad)

x = torch.ones(2, 2, requires_grad=True)
z = (x + 2) * (x + 2) * 3
out = z.mean()
print("is_leaf:", x.is_leaf, z.is_leaf)
print("requires_grad:", z.requires_grad)
out.backward()
print(x.grad)

with torch.no_grad():
    w = x * 2
print("inside no_grad:", w.requires_grad)
d = x.detach()
print("detached:", d.requires_grad, d.shape)
print(torch.is_grad_enabled())
with torch.set_grad_enabled(False):
    print(torch.is_grad_enabled())

t = torch.tensor(1.5, requires_grad=True)
f = torch.sin(t) * torch.exp(t)
f.backward()
print(f"f = {f.item():.6f}, df/dt = {t.grad.item():.6f}")
