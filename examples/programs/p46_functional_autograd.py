# The autograd functional API and gradient checking: jacobian, hessian, vjp, jvp, hvp, vhp; gradcheck on a
# custom Function and its failure on a wrong backward; higher-order gradients with create_graph.
import torch
from torch.autograd import Function, gradcheck, gradgradcheck
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp


def exp_reducer(x):
    return x.exp().sum(dim=1)


inputs = torch.tensor([[0.1, 0.2], [0.3, -0.4]])
print(jacobian(exp_reducer, inputs))
print(jacobian(exp_reducer, inputs, create_graph=True).requires_grad)


def exp_adder(x, y):
    return 2 * x.exp() + 3 * y


print(jacobian(exp_adder, (torch.tensor([0.5, 1.0]), torch.tensor([1.0, -1.0]))))


def pow_reducer(x):
    return x.pow(3).sum()


print(hessian(pow_reducer, torch.tensor([[1.0, 2.0], [-1.0, 0.5]])))


def pow_adder_reducer(x, y):
    return (2 * x.pow(2) + 3 * y.pow(2)).sum()


print(hessian(pow_adder_reducer, (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))))

v = torch.ones(2)
print(vjp(exp_reducer, inputs, v))
print(jvp(exp_reducer, inputs, torch.ones(2, 2)))
print(hvp(pow_reducer, torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0])))
print(vhp(pow_reducer, torch.tensor([1.0, 2.0]), torch.tensor([0.0, 1.0])))
print(jacobian(lambda x: x ** 2, torch.tensor([1.0, 2.0]), vectorize=True, strategy="reverse-mode"))


class MyCube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * 3 * x ** 2


class WrongCube(MyCube):
    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * 2 * x ** 2


x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.double, requires_grad=True)
print("gradcheck:", gradcheck(MyCube.apply, (x,), eps=1e-6, atol=1e-4))
print("gradgradcheck:", gradgradcheck(MyCube.apply, (x,)))
print("wrong backward:", gradcheck(WrongCube.apply, (x,), raise_exception=False))
try:
    gradcheck(WrongCube.apply, (x,))
except RuntimeError as error:
    print(type(error).__name__, str(error).splitlines()[0])
linear = torch.nn.Linear(3, 2).double()
print(gradcheck(lambda inp: linear(inp), (torch.randn(4, 3, dtype=torch.double, requires_grad=True),)))
print(gradcheck(torch.sigmoid, (torch.randn(5, dtype=torch.double, requires_grad=True),), fast_mode=True))

x = torch.tensor(2.0, requires_grad=True)
y = x ** 4
dy, = torch.autograd.grad(y, x, create_graph=True)
d2y, = torch.autograd.grad(dy, x, create_graph=True)
d3y, = torch.autograd.grad(d2y, x)
print(dy, d2y, d3y)

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 2).sum()
grad_x, = torch.autograd.grad(y, x, create_graph=True)
penalty = grad_x.norm() ** 2
penalty.backward()
print(grad_x, penalty, x.grad)

w = torch.tensor([0.5, -0.5], requires_grad=True)
inp = torch.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)
out = torch.tanh(inp @ w)
g, = torch.autograd.grad(out.sum(), inp, create_graph=True)
gp = g.pow(2).sum()
gw, = torch.autograd.grad(gp, w)
print(g, gw)
unused = torch.zeros(1, requires_grad=True)
print(torch.autograd.grad(torch.tanh(inp @ w).sum(), [inp, w, unused], allow_unused=True))
