# PyTorch's "Custom Python Operators" tutorial (python_custom_ops): wrapping NumPy code as a torch.library
# custom_op (numpy_sin, numpy_mul), adding a FakeTensor kernel with register_fake, training support with
# register_autograd (setup_context + backward), a mutating op (mutates_args), testing with
# torch.library.opcheck and gradcheck, calling through torch.ops.mylib.*, and using the op inside a small model.
import numpy as np
import torch
import torch.nn as nn
from torch import Tensor

torch.manual_seed(0)


@torch.library.custom_op("mylib::numpy_sin", mutates_args=())
def numpy_sin(x: Tensor) -> Tensor:
    x_np = x.cpu().numpy()
    y_np = np.sin(x_np)
    return torch.from_numpy(y_np).to(device=x.device)


@numpy_sin.register_fake
def _(x):
    return torch.empty_like(x)


def sin_setup_context(ctx, inputs, output):
    (x,) = inputs
    ctx.save_for_backward(x)


def sin_backward(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * x.cos()


numpy_sin.register_autograd(sin_backward, setup_context=sin_setup_context)

x = torch.randn(3, requires_grad=True)
y = numpy_sin(x)
print(y)
(grad_x,) = torch.autograd.grad(y.sum(), x)
print(torch.allclose(grad_x, x.cos()))
print(torch.ops.mylib.numpy_sin(x.detach()))
print(type(y.grad_fn).__name__)


@torch.library.custom_op("mylib::numpy_mul", mutates_args=())
def numpy_mul(x: Tensor, y: Tensor) -> Tensor:
    x_np = x.cpu().numpy()
    y_np = y.cpu().numpy()
    return torch.from_numpy(x_np * y_np).to(x.device)


@numpy_mul.register_fake
def _(x, y):
    return torch.empty_like(x)


def mul_setup_context(ctx, inputs, output):
    x, y = inputs
    saved_x, saved_y = None, None
    if ctx.needs_input_grad[0]:
        saved_y = y
    if ctx.needs_input_grad[1]:
        saved_x = x
    ctx.save_for_backward(saved_x, saved_y)


def mul_backward(ctx, grad):
    x, y = ctx.saved_tensors
    grad_x, grad_y = None, None
    if ctx.needs_input_grad[0]:
        grad_x = grad * y
    if ctx.needs_input_grad[1]:
        grad_y = grad * x
    return grad_x, grad_y


numpy_mul.register_autograd(mul_backward, setup_context=mul_setup_context)

a = torch.randn(4, dtype=torch.float64, requires_grad=True)
b = torch.randn(4, dtype=torch.float64, requires_grad=True)
print(numpy_mul(a, b))
print("gradcheck:", torch.autograd.gradcheck(numpy_mul, (a, b)))
c = torch.randn(4, dtype=torch.float64)
out = numpy_mul(a, c)
out.sum().backward()
print(a.grad.equal(c), b.grad)

# opcheck tests the schema, the fake kernel and the autograd registration on sample inputs
examples = [
    [torch.randn(3), torch.randn(3)],
    [torch.randn(2, 3, requires_grad=True), torch.randn(2, 3)],
    [torch.randn(2, 3, dtype=torch.double), torch.randn(2, 3, dtype=torch.double, requires_grad=True)],
]
for example in examples:
    result = torch.library.opcheck(numpy_mul, example)
    print(sorted(result.items()))


@torch.library.custom_op("mylib::numpy_sin_out", mutates_args={"out"})
def numpy_sin_out(x: Tensor, out: Tensor) -> None:
    assert x.device == out.device
    x_np = x.numpy()
    out_np = out.numpy()
    np.sin(x_np, out=out_np)


x = torch.randn(3)
y = torch.empty(3)
numpy_sin_out(x, y)
print(torch.allclose(y, x.sin()))
print(torch.library.opcheck(numpy_sin_out, (torch.randn(3), torch.empty(3))))


def scaled_add(x: Tensor, y: Tensor, alpha: float = 1.0, out: Tensor = None) -> Tensor:
    return x + alpha * y


print(torch.library.infer_schema(scaled_add, mutates_args=()))
print(torch.library.infer_schema(scaled_add, mutates_args={"out"}))


class SinMul(nn.Module):
    """A layer whose forward is two custom ops: w * sin(x)."""

    def __init__(self, n):
        super().__init__()
        self.w = nn.Parameter(torch.ones(n))

    def forward(self, x):
        return numpy_mul(numpy_sin(x), self.w.expand_as(x))


torch.manual_seed(1)
layer = SinMul(5)
target_w = torch.tensor([0.5, -1.0, 2.0, 1.5, 0.0])
opt = torch.optim.SGD(layer.parameters(), lr=0.5)
for step in range(40):
    xb = torch.randn(16, 5)
    loss = ((layer(xb) - torch.sin(xb) * target_w) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"step {step:2d} loss {loss.item():.6f}")
print(layer.w.detach().round(decimals=3))
