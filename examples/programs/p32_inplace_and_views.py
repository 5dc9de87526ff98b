# In-place operations, views and autograd: what works, and the error PyTorch gives when a saved tensor changes.
import torch

base = torch.arange(6.0).reshape(2, 3)
row = base[0]
row.mul_(10)
print("a view writes through:", base)
t = base.t()
print("transposed is contiguous:", t.is_contiguous(), "after contiguous():", t.contiguous().is_contiguous())

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a * 2
b.add_(1)
b.sum().backward()
print("grad through an in-place add:", a.grad)

a.grad = None
c = a.sigmoid()
c.mul_(2)  # sigmoid saved its output; changing it breaks backward
try:
    c.sum().backward()
except RuntimeError as error:
    print("error:", str(error).split(";")[0][:90])

leaf = torch.ones(2, requires_grad=True)
try:
    leaf.add_(1)
except RuntimeError as error:
    print("leaf error:", str(error)[:70])
with torch.no_grad():
    leaf.add_(1)
print("in place under no_grad:", leaf)

x = torch.zeros(3, requires_grad=True)
y = x.clone()
y[1] = 5.0
(y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print("grad after item assignment:", x.grad)
print("grad_fn of the assigned tensor:", type(y.grad_fn).__name__)
