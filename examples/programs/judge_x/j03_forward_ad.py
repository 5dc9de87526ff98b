# "Forward-mode Automatic Differentiation (Beta)": dual tensors with torch.autograd.forward_ad, unpack_dual,
# a custom Function with jvp, and functional jvp with torch.func.
import torch
import torch.autograd.forward_ad as fwAD
import torch.nn as nn
from torch.func import jvp, functional_call

primal = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
tangent = torch.tensor([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]])


def fn(x, y):
    return x ** 2 + y ** 2


# All forward AD computation must be performed in the context of
# a ``dual_level`` context. All dual tensors created in such a context
# will have their tangents destroyed upon exit. This is to ensure that
# if the output or intermediate results of this computation are reused
# in a future forward AD computation, their tangents (which are associated
# with this computation) won't be confused with tangents from a later
# computation.
with fwAD.dual_level():
    # To create a dual tensor we associate a tensor, which we call the
    # primal with another tensor of the same size, which we call the tangent.
    # If the layout of the tangent is different from that of the primal,
    # The values of the tangent are copied into a new tensor with the same
    # metadata as the primal. Otherwise, the tangent itself is used as-is.
    #
    # It is also important to note that the dual tensor created by
    # ``make_dual`` is a view of the primal.
    dual_input = fwAD.make_dual(primal, tangent)
    assert fwAD.unpack_dual(dual_input).tangent is tangent

    # To demonstrate the case where the copy of the tangent happens,
    # we pass in a tangent with a layout different from that of the primal
    dual_input_alt = fwAD.make_dual(primal, tangent.T.contiguous().T)
    assert fwAD.unpack_dual(dual_input_alt).tangent is not tangent

    # Tensors that do not have an associated tangent are automatically
    # considered to have a zero-filled tangent of the same shape.
    plain_tensor = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    dual_output = fn(dual_input, plain_tensor)

    # Unpacking the dual returns a ``namedtuple`` with ``primal`` and ``tangent``
    # as attributes
    jvp_result = fwAD.unpack_dual(dual_output).tangent
    print(fwAD.unpack_dual(dual_output).primal)
    print(jvp_result)

assert fwAD.unpack_dual(dual_output).tangent is None
print(fwAD.unpack_dual(dual_output).tangent)

# Usage with Modules
torch.manual_seed(0)
model = nn.Linear(5, 5)
input = torch.randn(16, 5)

params = {name: p for name, p in model.named_parameters()}
tangents = {name: torch.rand_like(p) for name, p in params.items()}

with fwAD.dual_level():
    for name, p in params.items():
        delattr(model, name)
        setattr(model, name, fwAD.make_dual(p, tangents[name]))

    out = model(input)
    jvp_out = fwAD.unpack_dual(out).tangent
print(out.shape, jvp_out.shape)

# Using the functional Module API
model = nn.Linear(5, 5)
func = lambda params, input: functional_call(model, params, input)
params = {name: p for name, p in model.named_parameters()}
tangents = {name: torch.rand_like(p) for name, p in params.items()}
_, jvp_out2 = jvp(func, (params, input), (tangents, torch.zeros_like(input)))
print(jvp_out2.shape)


# Custom autograd Function
class Fn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, foo):
        result = torch.exp(foo)
        # Tensors stored in ``ctx`` can be used in the subsequent forward grad
        # computation.
        ctx.result = result
        return result

    @staticmethod
    def jvp(ctx, gI):
        gO = gI * ctx.result
        # If the tensor stored in`` ctx`` will not also be used in the backward pass,
        # one can manually free it using ``del``
        del ctx.result
        return gO


fn = Fn.apply

primal = torch.tensor([0.0, 0.5, 1.0, -1.0], dtype=torch.double, requires_grad=True)
tangent = torch.tensor([1.0, 2.0, 0.5, -1.0], dtype=torch.double)

with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    dual_output = fn(dual_input)
    jvp_output = fwAD.unpack_dual(dual_output).tangent
print(jvp_output)

# It is important to use ``autograd.gradcheck`` to verify that your
# custom autograd Function computes the gradients correctly. By default,
# ``gradcheck`` only checks the backward-mode (reverse-mode) AD gradients. Specify
# ``check_forward_ad=True`` to also check forward grads. If you did not
# implement the backward formula for your function, you can also tell ``gradcheck``
# to skip the tests that require backward-mode AD by specifying
# ``check_backward_ad=False``, ``check_undefined_grad=False``, and
# ``check_batched_grad=False``.
print(torch.autograd.gradcheck(Fn.apply, (primal,), check_forward_ad=True,
                               check_backward_ad=False, check_undefined_grad=False,
                               check_batched_grad=False))

# functional jvp of a plain function
x = torch.tensor([1.0, 2.0, 3.0])
v = torch.ones(3)
out, tangent_out = jvp(torch.sin, (x,), (v,))
print(out)
print(tangent_out)
print(torch.allclose(tangent_out, torch.cos(x)))
