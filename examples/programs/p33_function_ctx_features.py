# More of torch.autograd.Function: needs_input_grad, mark_non_differentiable, non-tensor arguments,
# once_differentiable, and double backward through a custom Function.
import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable


class ScaledSortedSum(Function):
    @staticmethod
    def forward(ctx, x, weight, scale):
        ctx.scale = scale
        ctx.save_for_backward(x, weight)
        total = (x * weight).sum() * scale
        indices = torch.argmax(x).reshape(1)
        ctx.mark_non_differentiable(indices)
        return total, indices

    @staticmethod
    def backward(ctx, grad_total, grad_indices):
        x, weight = ctx.saved_tensors
        grad_x = grad_weight = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_total * weight * ctx.scale
        if ctx.needs_input_grad[1]:
            grad_weight = grad_total * x * ctx.scale
        return grad_x, grad_weight, None


class Square(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


class Clip(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(-1, 1)

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


x = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)
w = torch.tensor([1.0, 2.0, 3.0])
total, index = ScaledSortedSum.apply(x, w, 0.5)
print("total:", total, "index:", index, "index requires grad:", index.requires_grad)
total.backward()
print("x.grad:", x.grad)

z = torch.tensor(3.0, requires_grad=True)
(g,) = torch.autograd.grad(Square.apply(z), z, create_graph=True)
(gg,) = torch.autograd.grad(g, z)
print("first and second derivative:", g.item(), gg.item())

x.grad = None
Clip.apply(x).sum().backward()
print("clip grad:", x.grad)
y = Clip.apply(x)
(gy,) = torch.autograd.grad(y.sum(), x, create_graph=True)
try:
    gy.sum().backward()
except RuntimeError as error:
    print("double backward through once_differentiable:", "RuntimeError")
