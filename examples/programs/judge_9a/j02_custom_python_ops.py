# pytorch.org tutorial "Custom Python Operators" (advanced/python_custom_ops): wrapping a NumPy function with
# torch.library.custom_op, register_fake for shape propagation, register_autograd with setup_context, a
# mutating operator (mutates_args), and checking everything with torch.library.opcheck.
import numpy as np
import torch
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


def setup_context(ctx, inputs, output):
    (x,) = inputs
    ctx.save_for_backward(x)


def backward(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * torch.cos(x)


numpy_sin.register_autograd(backward, setup_context=setup_context)

x = torch.randn(5, requires_grad=True)
y = numpy_sin(x)
print("matches torch.sin:", torch.allclose(y, torch.sin(x)))
print("grad_fn:", type(y.grad_fn).__name__)
y.sum().backward()
print("grad matches cos:", torch.allclose(x.grad, torch.cos(x)))
print("via torch.ops:", torch.allclose(torch.ops.mylib.numpy_sin(x), y))


# an operator with a non-tensor argument
@torch.library.custom_op("mylib::numpy_mul", mutates_args=())
def numpy_mul(x: Tensor, factor: float) -> Tensor:
    return torch.from_numpy(x.detach().numpy() * factor)


@numpy_mul.register_fake
def _(x, factor):
    return torch.empty_like(x)


def mul_setup(ctx, inputs, output):
    ctx.factor = inputs[1]


def mul_backward(ctx, grad):
    return grad * ctx.factor, None


numpy_mul.register_autograd(mul_backward, setup_context=mul_setup)
a = torch.arange(4.0, requires_grad=True)
b = numpy_mul(a, 2.5)
print(b)
b.pow(2).sum().backward()
print("grad:", a.grad)


# a mutating operator: writes its result into an output buffer
@torch.library.custom_op("mylib::numpy_sin_out", mutates_args={"out"})
def numpy_sin_out(x: Tensor, out: Tensor) -> None:
    assert x.device == out.device
    out.copy_(torch.from_numpy(np.sin(x.numpy())))


inp = torch.linspace(0, 1, 4)
out = torch.empty(4)
numpy_sin_out(inp, out)
print("out:", out)

# opcheck tests the registrations on sample inputs
samples = [[torch.randn(3)], [torch.randn(2, 3, requires_grad=True)], [torch.randn(4, dtype=torch.float64)]]
for args in samples:
    result = torch.library.opcheck(numpy_sin, args)
    print(args[0].shape, args[0].dtype, sorted(result.values()))
print(torch.library.opcheck(numpy_mul, (torch.randn(3, requires_grad=True), 3.0)))

# the fake kernel also serves the meta device: shapes without data
fake = torch.empty(7, 2, device="meta")
res = numpy_sin(fake)
print("meta result:", res.device, tuple(res.shape), res.dtype)

# a custom op used inside a module trained by an optimizer
class SinLayer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 3)

    def forward(self, x):
        return numpy_sin(self.lin(x))


m = SinLayer()
opt = torch.optim.Adam(m.parameters(), lr=0.05)
data = torch.randn(32, 3)
target = torch.sin(data * 0.5)
for step in range(30):
    loss = torch.nn.functional.mse_loss(m(data), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"step {step} loss {loss.item():.4f}")
print("final loss %.4f" % torch.nn.functional.mse_loss(m(data), target).item())
