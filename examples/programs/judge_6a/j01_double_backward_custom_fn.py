# Tutorial: "Double Backward with Custom Functions" (pytorch.org/tutorials/intermediate/custom_function_double_backward_tutorial.html)
import torch


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        # Because we are saving one of the inputs use `save_for_backward`
        # Save non-tensors and non-inputs/non-outputs directly on ctx
        ctx.save_for_backward(x)
        return x**2

    @staticmethod
    def backward(ctx, grad_out):
        # A function support double backward automatically if autograd
        # is able to record the computations performed in backward
        x, = ctx.saved_tensors
        return grad_out * 2 * x


torch.manual_seed(0)
# Use double precision because finite differencing method magnifies errors
x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
print("gradcheck Square:", torch.autograd.gradcheck(Square.apply, x))
# Use gradcheck to verify second-order derivatives
print("gradgradcheck Square:", torch.autograd.gradgradcheck(Square.apply, x))

x = torch.tensor(1., requires_grad=True).clone()
out = Square.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
# torchviz.make_dot((grad_x, x, out), {"grad_x": grad_x, "x": x, "out": out})
print("out:", out)
print("grad_x:", grad_x)
print("out.grad_fn:", type(out.grad_fn).__name__)
print("grad_x.grad_fn:", grad_x.grad_fn.name())
print("grad_x.grad_fn.next_functions:", [type(f[0]).__name__ for f in grad_x.grad_fn.next_functions])
grad_grad_x, = torch.autograd.grad(grad_x, x)
print("second derivative:", grad_grad_x)


class Exp(torch.autograd.Function):
    # Simple case where everything goes well
    @staticmethod
    def forward(ctx, x):
        # This time we save the output
        result = torch.exp(x)
        # Note that we should use `save_for_backward` here when
        # the tensor saved is an ouptut (or an input).
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_out):
        result, = ctx.saved_tensors
        return result * grad_out


x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
# Validate our gradients using gradcheck
print("gradcheck Exp:", torch.autograd.gradcheck(Exp.apply, x))
print("gradgradcheck Exp:", torch.autograd.gradgradcheck(Exp.apply, x))
out = Exp.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print("Exp out:", out)
print("Exp grad_x:", grad_x)
print("Exp grad_x requires_grad:", grad_x.requires_grad)


class Sinh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.save_for_backward(expx, expnegx)
        # In order to be able to save the intermediate results, a trick is to
        # include them as our outputs, so that the backward graph is constructed
        return (expx - expnegx) / 2, expx, expnegx

    @staticmethod
    def backward(ctx, grad_out, _grad_out_exp, _grad_out_negexp):
        expx, expnegx = ctx.saved_tensors
        grad_input = grad_out * (expx + expnegx) / 2
        # We cannot skip accumulating these even though we won't use the outputs
        # directly. They will be used later in the second backward.
        grad_input += _grad_out_exp * expx
        grad_input -= _grad_out_negexp * expnegx
        return grad_input


def sinh(x):
    # Create a wrapper that only returns the first output
    return Sinh.apply(x)[0]


x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
print("gradcheck sinh:", torch.autograd.gradcheck(sinh, x))
print("gradgradcheck sinh:", torch.autograd.gradgradcheck(sinh, x))

x = torch.tensor(0.5, requires_grad=True, dtype=torch.double).clone()
out = sinh(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print("sinh(0.5):", out)
print("cosh(0.5):", grad_x)
g2, = torch.autograd.grad(grad_x, x)
print("d2 sinh(0.5):", g2)


class SinhBad(torch.autograd.Function):
    # This is an example of what NOT to do!
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.expx = expx
        ctx.expnegx = expnegx
        return (expx - expnegx) / 2

    @staticmethod
    def backward(ctx, grad_out):
        expx = ctx.expx
        expnegx = ctx.expnegx
        grad_input = grad_out * (expx + expnegx) / 2
        return grad_input


x = torch.tensor(0.5, requires_grad=True, dtype=torch.double).clone()
out = SinhBad.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print("SinhBad first derivative:", grad_x)
print("SinhBad grad_x requires_grad:", grad_x.requires_grad)
x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
print("gradcheck SinhBad:", torch.autograd.gradcheck(SinhBad.apply, x))
print("gradgradcheck SinhBad:", torch.autograd.gradgradcheck(SinhBad.apply, x, raise_exception=False))


class CubeBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, grad_out, x):
        ctx.save_for_backward(x, grad_out)
        return grad_out * 3 * x ** 2

    @staticmethod
    def backward(ctx, grad_out):
        x, grad_out_prev = ctx.saved_tensors
        dgrad_out = grad_out * 3 * x ** 2
        dx = grad_out * 6 * x * grad_out_prev
        return dgrad_out, dx


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_out):
        x, = ctx.saved_tensors
        return CubeBackward.apply(grad_out, x)


x = torch.tensor(2., requires_grad=True, dtype=torch.double)
print("gradcheck Cube:", torch.autograd.gradcheck(Cube.apply, x))
print("gradgradcheck Cube:", torch.autograd.gradgradcheck(Cube.apply, x))
out = Cube.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print("Cube grad_x:", grad_x)
print("Cube grad_x.grad_fn:", type(grad_x.grad_fn).__name__)
grad_grad_x, = torch.autograd.grad(grad_x, x)
print("Cube second derivative:", grad_grad_x)
