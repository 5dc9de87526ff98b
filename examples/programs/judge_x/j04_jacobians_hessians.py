# "Jacobians, Hessians, hvp, vhp, and more: composing function transforms" (torch.func): vjp, jacrev, jacfwd,
# batched Jacobians with vmap, hessian, and hvp via jvp(grad(...)).
import torch
import torch.nn.functional as F
from functools import partial
from torch.func import vjp, jacrev, jacfwd, vmap, hessian, jvp, grad

_ = torch.manual_seed(0)


def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()


D = 16
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)  # feature vector

primal = x.clone().requires_grad_()
cotangents = torch.eye(D)

# Method 1: the autograd.grad loop
jacobian_rows = [torch.autograd.grad(predict(weight, bias, primal), primal, v)[0]
                 for v in cotangents.unbind()]
jacobian = torch.stack(jacobian_rows)

# Method 2: vmap over vjp
_, vjp_fn = vjp(partial(predict, weight, bias), x)
ft_jacobian, = vmap(vjp_fn)(cotangents)

# let's verify both methods compute the same result
assert torch.allclose(ft_jacobian, jacobian)
print(ft_jacobian.shape)

ft_jacobian = jacrev(predict, argnums=2)(weight, bias, x)
# Confirm by running the following:
assert torch.allclose(ft_jacobian, jacobian)
print("jacrev matches autograd.grad")

# note the change in input via ``argnums`` parameters of 0,1 to map to weight and bias
ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)

# verify computation
bias_primal = bias.clone().requires_grad_()
expected_jac_bias = torch.stack([torch.autograd.grad(predict(weight, bias_primal, x), bias_primal, v)[0]
                                 for v in cotangents.unbind()])
print(ft_jac_weight.shape, ft_jac_bias.shape)
print(torch.allclose(ft_jac_bias, expected_jac_bias))

# reverse-mode vs forward-mode
Din = 32
Dout = 2048
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)

jacfwd_result = jacfwd(predict, argnums=2)(weight, bias, x)
jacrev_result = jacrev(predict, argnums=2)(weight, bias, x)
print(jacfwd_result.shape)
print(torch.allclose(jacfwd_result, jacrev_result, atol=1e-6))

# Hessian computation
Din = 8
Dout = 4
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)

hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
print(hess_api.shape)
print(torch.allclose(hess_api, hess_fwdfwd, atol=1e-6), torch.allclose(hess_api, hess_revrev, atol=1e-6))

# Batch Jacobian and Batch Hessian
batch_size = 64
Din = 31
Dout = 33

weight = torch.randn(Dout, Din)
print(f"weight shape = {weight.shape}")

bias = torch.randn(Dout)

x = torch.randn(batch_size, Din)

compute_batch_jacobian = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, x)


def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)


batch_jacobian1 = jacrev(predict_with_output_summed, argnums=2)(weight, bias, x).movedim(1, 0)
print(batch_jacobian0.shape)
print(torch.allclose(batch_jacobian0, batch_jacobian1))

compute_batch_hessian = vmap(hessian(predict, argnums=2), in_dims=(None, None, 0))
batch_hess = compute_batch_hessian(weight, bias, x)
print(batch_hess.shape)


# Computing Hessian-vector products
def hvp(f, primals, tangents):
    return jvp(grad(f), primals, tangents)[1]


def f(x):
    return x.sin().sum()


x = torch.tensor([0.0, 0.5, 1.0, 1.5, 2.0], dtype=torch.float64)
tangent = torch.tensor([1.0, -1.0, 2.0, 0.5, 0.0], dtype=torch.float64)
result = hvp(f, (x,), (tangent,))
print(result)
print(torch.allclose(result, -x.sin() * tangent))


def hvp_revrev(f, primals, tangents):
    _, vjp_fn = vjp(grad(f), *primals)
    return vjp_fn(*tangents)


result_revrev, = hvp_revrev(f, (x,), (tangent,))
print(torch.allclose(result, result_revrev))
