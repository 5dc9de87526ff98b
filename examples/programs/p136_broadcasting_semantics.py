# The "Broadcasting semantics" docs note, run as written: general semantics (broadcastable or not), the resulting
# size, in-place semantics (the in-place tensor may not change shape), backwards compatibility (pointwise ops on
# same-numel tensors of different shapes), and the usual Stack Overflow follow-ups: broadcasting in autograd
# (the gradient is summed back to the input's shape), torch.broadcast_tensors / broadcast_shapes / expand vs
# repeat, and pairwise distances by broadcasting.
import torch

x = torch.empty(5, 7, 3)
y = torch.empty(5, 7, 3)
# same shapes are always broadcastable (i.e. the above rules always hold)
print((x + y).size())

x = torch.empty((0,))
y = torch.empty(2, 2)
try:
    x + y
except RuntimeError as e:
    print("RuntimeError:", e)

# can line up trailing dimensions
x = torch.empty(5, 3, 4, 1)
y = torch.empty(3, 1, 1)
print((x + y).size())

x = torch.empty(5, 2, 4, 1)
y = torch.empty(3, 1, 1)
try:
    (x + y).size()
except RuntimeError as e:
    print("RuntimeError:", e)

x = torch.empty(5, 1, 4, 1)
y = torch.empty(3, 1, 1)
print((x + y).size())
x = torch.empty(1)
y = torch.empty(3, 1, 7)
print((x + y).size())

# in-place semantics
x = torch.empty(5, 3, 4, 1)
y = torch.empty(3, 1, 1)
print(x.add_(y).size())
x = torch.empty(1, 3, 1)
y = torch.empty(3, 1, 7)
try:
    x.add_(y)
except RuntimeError as e:
    print("RuntimeError:", e)

# backwards compatibility: same number of elements, different shapes -> broadcasting, not 1-d pointwise
print(torch.add(torch.ones(4, 1), torch.randn(4)).size())

# broadcasting in autograd: gradients are reduced back to each input's shape
a = torch.tensor([[1.0], [2.0], [3.0]], requires_grad=True)   # (3, 1)
b = torch.tensor([10.0, 20.0, 30.0, 40.0], requires_grad=True)  # (4,)
c = a * b
print(c.shape, c.grad_fn)
c.sum().backward()
print("a.grad", a.grad)
print("b.grad", b.grad)

bias = torch.zeros(3, requires_grad=True)
out = torch.arange(6.0).view(2, 3) + bias
(out ** 2).sum().backward()
print("bias.grad", bias.grad)

print(torch.broadcast_shapes((2,), (3, 1), (1, 1, 1)))
p, q = torch.broadcast_tensors(torch.tensor([[1], [2]]), torch.tensor([10, 20, 30]))
print(p)
print(q)
print("q is a view with stride", q.stride())
try:
    torch.broadcast_shapes((2, 3), (4,))
except RuntimeError as e:
    print("RuntimeError:", e)

v = torch.tensor([1, 2, 3])
print(v.expand(2, 3), v.expand(2, 3).stride())
print(v.repeat(2, 2))
print(v.unsqueeze(1).expand(-1, 2))
try:
    v.expand(2, 4)
except RuntimeError as e:
    print("RuntimeError:", e)

# pairwise squared distances by broadcasting (a Stack Overflow favourite)
pts = torch.tensor([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])
d2 = ((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)
print(d2)
print(torch.cdist(pts, pts))
# scaling columns and rows
m = torch.arange(6.0).view(2, 3)
print(m / m.sum(dim=0, keepdim=True))
print(m / m.sum(dim=1, keepdim=True))
print(m - m.mean(dim=1))  if m.shape[0] == m.shape[1] else print((m - m.mean(dim=1, keepdim=True)).abs().sum())
# a scalar tensor and a Python number broadcast with anything
print(torch.tensor(2.0) * torch.ones(2, 2), (3 + torch.zeros(1, 2)).dtype, (torch.ones(2, dtype=torch.int32) * 2.5).dtype)
