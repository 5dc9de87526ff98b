# Higher-order derivatives: grad of grad, a Hessian-vector product, and the functional API.
import torch
from torch.autograd.functional import hessian, jacobian

x = torch.tensor(1.5, requires_grad=True)
y = x ** 4 - 2 * x ** 2
(dy,) = torch.autograd.grad(y, x, create_graph=True)
(d2y,) = torch.autograd.grad(dy, x, create_graph=True)
(d3y,) = torch.autograd.grad(d2y, x)
print("dy/dx:", dy.item(), "d2y:", d2y.item(), "d3y:", d3y.item())


def f(v):
    return (v[0] ** 2) * v[1] + torch.sin(v[1]) * v[2] ** 3


v = torch.tensor([1.0, 2.0, -1.0], requires_grad=True)
g = torch.autograd.grad(f(v), v, create_graph=True)[0]
direction = torch.tensor([1.0, 0.0, 1.0])
hvp = torch.autograd.grad(g @ direction, v)[0]
print("gradient:", g.detach())
print("Hessian-vector product:", hvp)

H = hessian(f, v.detach())
print("Hessian:\n", H)
print("symmetric:", torch.allclose(H, H.t()))


def g2(u):
    return torch.stack([u[0] * u[1], u[1].exp(), u.sum()])


J = jacobian(g2, torch.tensor([0.5, -0.5]))
print("Jacobian:\n", J)

# Newton's method for a minimum of a 1-D function
z = torch.tensor(3.0, requires_grad=True)
for step in range(6):
    value = z ** 2 + torch.exp(-z)
    (grad,) = torch.autograd.grad(value, z, create_graph=True)
    (curvature,) = torch.autograd.grad(grad, z)
    with torch.no_grad():
        z -= grad / curvature
    print(f"newton step {step}: z = {z.item():.6f}")
