# The "Extending PyTorch" docs note, autograd part, as written: LinearFunction with ctx.needs_input_grad, the
# MulConstant function with a non-tensor argument, MyCube returning a saved intermediate (ctx.save_for_backward of
# outputs and intermediates) with double backward, a function using the separate setup_context staticmethod,
# mark_non_differentiable (a sort returning indices), once_differentiable, set_materialize_grads, gradcheck on
# each, and "Extending torch.nn": a Linear module built on LinearFunction.
import torch
import torch.nn as nn
from torch.autograd import Function, gradcheck, gradgradcheck
from torch.autograd.function import once_differentiable


# Inherit from Function
class LinearFunction(Function):

    # Note that forward, setup_context, and backward are @staticmethods
    @staticmethod
    def forward(input, weight, bias=None):
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    # inputs is a Tuple of all of the inputs passed to forward.
    # output is the output of the forward().
    def setup_context(ctx, inputs, output):
        input, weight, bias = inputs
        ctx.save_for_backward(input, weight, bias)

    # This function has only a single output, so it gets only one gradient
    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None

        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)

        return grad_input, grad_weight, grad_bias


linear = LinearFunction.apply


class MulConstant(Function):
    @staticmethod
    def forward(tensor, constant):
        return tensor * constant

    @staticmethod
    def setup_context(ctx, inputs, output):
        # ctx is a context object that can be used to stash information
        # for backward computation
        tensor, constant = inputs
        ctx.constant = constant

    @staticmethod
    def backward(ctx, grad_output):
        # We return as many input gradients as there were arguments.
        # Gradients of non-Tensor arguments to forward must be None.
        return grad_output * ctx.constant, None


class MyCube(torch.autograd.Function):
    @staticmethod
    def forward(x):
        # We wish to save dx for backward. In order to do so, it must
        # be returned as an output.
        dx = 3 * x ** 2
        result = x ** 3
        return result, dx

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        result, dx = output
        ctx.save_for_backward(x, dx)

    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        # In order for the autograd.Function to work with higher-order
        # gradients, we must add the gradient contribution of `dx`,
        # which is grad_dx * 6 * x.
        result = grad_output * dx + grad_dx * 6 * x
        return result


# Wrap MyCube in a function so that it is clearer what the output is
def my_cube(x):
    result, dx = MyCube.apply(x)
    return result


class SortFunc(Function):
    @staticmethod
    def forward(ctx, x):
        sorted_x, idx = x.sort()
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(x, idx)
        return sorted_x, idx

    @staticmethod
    def backward(ctx, g1, g2):  # still need to accept g2
        x, idx = ctx.saved_tensors
        grad_input = torch.zeros_like(x)
        grad_input.index_add_(0, idx, g1)
        return grad_input


class ClampOnce(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * (x > 0).to(grad_output.dtype)


class TwoOutputs(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x.clone(), x.clone()

    @staticmethod
    def backward(ctx, g1, g2):
        print("  backward sees g2 is None:", g2 is None)
        return g1 * 2 if g1 is not None else None


# gradcheck takes a tuple of tensors as input, check if your gradient
# evaluated with these tensors are close enough to numerical
# approximations and returns True if they all verify this condition.
torch.manual_seed(0)
input = (torch.randn(20, 20, dtype=torch.double, requires_grad=True),
         torch.randn(30, 20, dtype=torch.double, requires_grad=True))
test = gradcheck(linear, input, eps=1e-6, atol=1e-4)
print(test)
print("with bias:", gradcheck(linear, input + (torch.randn(30, dtype=torch.double, requires_grad=True),)))

x = torch.tensor([[1.0, 2.0]], requires_grad=True)
w = torch.tensor([[0.5, -1.0], [2.0, 0.0]], requires_grad=True)
out = linear(x, w, None)
print(out, out.grad_fn.__class__.__name__)
out.sum().backward()
print(x.grad, w.grad)

y = MulConstant.apply(x, 3.0)
print(y)
y.sum().backward()
print(x.grad)
print(gradcheck(lambda t: MulConstant.apply(t, 2.5), (torch.randn(3, dtype=torch.double, requires_grad=True),)))

c = torch.tensor([1.0, 2.0], requires_grad=True)
out = my_cube(c)
g, = torch.autograd.grad(out.sum(), c, create_graph=True)
print("first derivative", g)
gg, = torch.autograd.grad(g.sum(), c)
print("second derivative", gg)
cd = torch.randn(3, dtype=torch.double, requires_grad=True)
print(gradcheck(my_cube, (cd,)), gradgradcheck(my_cube, (cd,)))

s = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
sorted_s, idx = SortFunc.apply(s)
print(sorted_s, idx, idx.requires_grad)
(sorted_s * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(s.grad)

z = torch.tensor([-1.0, 2.0], requires_grad=True)
r = ClampOnce.apply(z)
g, = torch.autograd.grad(r.sum(), z, create_graph=True)
print(g, g.requires_grad)
try:
    g.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)

v = torch.tensor([1.0, 2.0], requires_grad=True)
a, b = TwoOutputs.apply(v)
a.sum().backward()
print(v.grad)


class Linear(nn.Module):
    def __init__(self, input_features, output_features, bias=True):
        super().__init__()
        self.input_features = input_features
        self.output_features = output_features

        # nn.Parameter is a special kind of Tensor, that will get
        # automatically registered as Module's parameter once it's assigned
        # as an attribute. Parameters and buffers need to be registered, or
        # they won't appear in .parameters() (doesn't apply to buffers), and
        # won't be converted when e.g. .cuda() is called. You can use
        # .register_buffer() to register buffers.
        # nn.Parameters require gradients by default.
        self.weight = nn.Parameter(torch.empty(output_features, input_features))
        if bias:
            self.bias = nn.Parameter(torch.empty(output_features))
        else:
            # You should always register all possible parameters, but the
            # optional ones can be None if you want.
            self.register_parameter('bias', None)

        # Not a very smart way to initialize weights
        nn.init.uniform_(self.weight, -0.1, 0.1)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -0.1, 0.1)

    def forward(self, input):
        # See the autograd section for explanation of what happens here.
        return LinearFunction.apply(input, self.weight, self.bias)

    def extra_repr(self):
        # (Optional)Set the extra information about this module. You can test
        # it by printing an object of this class.
        return 'input_features={}, output_features={}, bias={}'.format(
            self.input_features, self.output_features, self.bias is not None
        )


layer = Linear(3, 2)
print(layer)
print([n for n, _ in layer.named_parameters()], Linear(3, 2, bias=False).bias)
inp = torch.ones(4, 3)
res = layer(inp)
print(res.shape, res.grad_fn.__class__.__name__)
res.pow(2).mean().backward()
print(layer.weight.grad.shape, layer.bias.grad.shape)
opt = torch.optim.SGD(layer.parameters(), lr=0.5)
target = torch.tensor([[1.0, -1.0]]).expand(4, 2)
for step in range(50):
    opt.zero_grad()
    loss = ((layer(inp) - target) ** 2).mean()
    loss.backward()
    opt.step()
print(f"loss after training {loss.item():.4f}")
