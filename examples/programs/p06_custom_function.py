# Custom autograd Functions: a clamp with a straight-through gradient, and a function with two outputs.
import torch
from torch.autograd import Function


class StraightThroughClamp(Function):
    @staticmethod
    def forward(ctx, x, low, high):
        ctx.save_for_backward(x)
        return x.clamp(low, high)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output.clone(), None, None


class ExpAndSquare(Function):
    @staticmethod
    def forward(ctx, x):
        e = x.exp()
        ctx.save_for_backward(x, e)
        return e, x * x

    @staticmethod
    def backward(ctx, grad_e, grad_sq):
        x, e = ctx.saved_tensors
        return grad_e * e + grad_sq * 2 * x


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x ** 2


x = torch.tensor([-2.0, -0.5, 0.5, 2.0], requires_grad=True)
y = StraightThroughClamp.apply(x, -1.0, 1.0)
print("clamped:", y)
y.sum().backward()
print("straight-through grad:", x.grad)

x.grad = None
e, sq = ExpAndSquare.apply(x)
(e.sum() + sq.sum()).backward()
print("grad of exp+square:", x.grad)
print("expected:", (x.exp() + 2 * x).detach())

inputs = torch.linspace(-1, 1, 5, dtype=torch.double, requires_grad=True)
print("gradcheck Cube:", torch.autograd.gradcheck(Cube.apply, (inputs,)))
print("gradcheck ExpAndSquare:", torch.autograd.gradcheck(ExpAndSquare.apply, (inputs,)))
out = Cube.apply(inputs)
print(out.grad_fn.__class__.__name__)
