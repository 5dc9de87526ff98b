# The "Jacobians, Hessians, hvp, vhp, and more: composing function transforms" tutorial (torch.func), steps and
# prints as written on a smaller problem: a linear+tanh function, vjp vs jacrev row by row, jacrev vs autograd's
# jacobian, argnums, jacfwd vs jacrev, hessian = jacfwd(jacrev), batched jacobians with vmap, has_aux,
# jacobian of a two-output function, hvp via jvp(grad) and vhp via vjp(grad), checked against autograd.functional.
import torch
import torch.nn.functional as F
from functools import partial
from torch.func import vmap, vjp, jvp, jacrev, jacfwd, hessian, grad

_ = torch.manual_seed(0)


def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()


D = 4
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)  # feature vector

# the Jacobian row by row with vjp
_, vjp_fn = vjp(partial(predict, weight, bias), x)
unit_vectors = torch.eye(D)


def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0] for vec in unit_vectors]
    return torch.stack(jacobian_rows)


xp = x.clone().requires_grad_()
jacobian = compute_jac(xp)
print(jacobian.shape)
print(jacobian[0])  # show first row

ft_jacobian, = vmap(vjp_fn)(unit_vectors)
torch.testing.assert_close(ft_jacobian, jacobian)
print("vmap(vjp_fn) matches the row-by-row jacobian")

ft_jacobian = jacrev(predict, argnums=2)(weight, bias, x)
torch.testing.assert_close(ft_jacobian, jacobian)
print("jacrev matches:", torch.allclose(ft_jacobian, jacobian))

# with respect to the parameters: argnums=(0, 1)
ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)
ref_jac_weight, ref_jac_bias = torch.autograd.functional.jacobian(lambda w, b: predict(w, b, x), (weight, bias))
print(ft_jac_weight.shape, ft_jac_bias.shape)
print("weight jac matches:", torch.allclose(ft_jac_weight, ref_jac_weight, atol=1e-6))
print("bias jac matches:", torch.allclose(ft_jac_bias, ref_jac_bias, atol=1e-6))

# reverse vs forward mode: same values, different cost profile
jacfwd_result = jacfwd(predict, argnums=2)(weight, bias, x)
jacrev_result = jacrev(predict, argnums=2)(weight, bias, x)
torch.testing.assert_close(jacfwd_result, jacrev_result)
print("jacfwd == jacrev:", torch.allclose(jacfwd_result, jacrev_result, atol=1e-6))

# Hessian: jacfwd(jacrev(f)) and torch.func.hessian
hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
print(hess_api.shape)
print("hessians agree:", torch.allclose(hess_api, hess_fwdfwd, atol=1e-6), torch.allclose(hess_api, hess_revrev, atol=1e-6))
print(hess_api[0, 0])

# batch jacobian: vmap over the batch of inputs
batch_size = 3
xs = torch.randn(batch_size, D)
compute_batch_jacobian = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, xs)
print(batch_jacobian0.shape)


def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)


batch_jacobian1 = jacrev(predict_with_output_summed, argnums=2)(weight, bias, xs).movedim(1, 0)
print("sum trick matches:", torch.allclose(batch_jacobian0, batch_jacobian1, atol=1e-6))

# batch hessian
compute_batch_hessian = vmap(hessian(predict, argnums=2), in_dims=(None, None, 0))
batch_hess = compute_batch_hessian(weight, bias, xs)
print(batch_hess.shape)


# has_aux: return something besides the output
def predict_and_norm(weight, bias, x):
    out = predict(weight, bias, x)
    return out, out.norm()


jac, aux = jacrev(predict_and_norm, argnums=2, has_aux=True)(weight, bias, x)
print(jac.shape, aux.round(decimals=4))


# hvp and vhp
def f(x):
    return x.sin().sum()


def hvp(f, primals, tangents):
    return jvp(grad(f), primals, tangents)[1]


def vhp(f, primals, tangents):
    _, vjp_fn = vjp(grad(f), *primals)
    return vjp_fn(*tangents)


x = torch.randn(5)
tangent = torch.randn(5)
result = hvp(f, (x,), (tangent,))
print(result.shape)
expected = torch.autograd.functional.hvp(f, x, tangent)[1]
print("hvp matches autograd.functional:", torch.allclose(result, expected, atol=1e-6))
print("hvp == -sin(x) * v:", torch.allclose(result, -x.sin() * tangent, atol=1e-6))
vhp_result, = vhp(f, (x,), (tangent,))
print("vhp == hvp for a symmetric hessian:", torch.allclose(vhp_result, result, atol=1e-6))
print(torch.autograd.functional.hessian(f, x).diagonal().round(decimals=4))
