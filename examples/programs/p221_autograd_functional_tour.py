# A tour of torch.autograd.functional as its docs page shows it: jacobian (create_graph, strict, vectorize,
# strategy="forward-mode"), hessian, vjp / jvp / vhp / hvp with their (output, result) pairs, functions of several
# inputs and outputs, then uses: a Gauss-Newton step for curve fitting, Newton's method on the Rosenbrock function
# with hessian, a conjugate-gradient Hessian-free step with hvp only, and the Jacobian determinant of a 2D map.
import torch
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp

torch.manual_seed(0)


def exp_reducer(x):
    return x.exp().sum(dim=1)


inputs = torch.rand(2, 2)
print(jacobian(exp_reducer, inputs))
j = jacobian(exp_reducer, inputs, create_graph=True)
print("create_graph:", j.grad_fn is not None, j.shape)
print("vectorize equal:", torch.allclose(jacobian(exp_reducer, inputs, vectorize=True), j.detach()))
print("forward-mode equal:", torch.allclose(jacobian(exp_reducer, inputs, vectorize=True, strategy="forward-mode"), j.detach()))


def exp_adder(x, y):
    return 2 * x.exp() + 3 * y


jx, jy = jacobian(exp_adder, (torch.rand(2), torch.rand(2)))
print("two inputs:", jx.shape, jy)


def two_out(x):
    return x.sin(), (x ** 2).sum()


outs = jacobian(two_out, torch.tensor([0.0, 1.0, 2.0]))
print("two outputs:", outs[0].diag(), outs[1])
try:
    jacobian(lambda x: torch.ones(2), torch.rand(2), strict=True)
except RuntimeError as e:
    print("RuntimeError:", e)


def pow_reducer(x):
    return x.pow(3).sum()


x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(hessian(pow_reducer, x).reshape(4, 4))
v = torch.ones(2, 2)
out, vjp_val = vjp(exp_reducer, inputs, torch.ones(2))
print("vjp", out.shape, torch.allclose(vjp_val, inputs.exp()))
out, jvp_val = jvp(exp_reducer, inputs, v)
print("jvp", torch.allclose(jvp_val, inputs.exp().sum(1)))
out, vhp_val = vhp(pow_reducer, x, v)
_, hvp_val = hvp(pow_reducer, x, v)
print("vhp", vhp_val, "hvp == vhp:", torch.allclose(vhp_val, hvp_val), "value", out.item())
try:
    vjp(exp_reducer, inputs)
except RuntimeError as e:
    print("RuntimeError:", e)

# Gauss-Newton fit of y = a * exp(b t)
torch.set_default_dtype(torch.float64)
t = torch.linspace(0, 1, 20)
y = 2.0 * torch.exp(-1.3 * t) + 0.01 * torch.randn(20)
params = torch.tensor([1.0, 0.0])
for it in range(6):
    r = lambda p: p[0] * torch.exp(p[1] * t) - y
    J = jacobian(r, params)
    res = r(params)
    step = torch.linalg.lstsq(J, -res.unsqueeze(1)).solution.squeeze(1)
    params = params + step
    print(f"GN iter {it} a={params[0].item():.4f} b={params[1].item():.4f} sse={(r(params) ** 2).sum().item():.6f}")


def rosen(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


p = torch.tensor([-1.2, 1.0])
for it in range(8):
    g = jacobian(rosen, p)
    H = hessian(rosen, p)
    p = p - torch.linalg.solve(H, g)
    print(f"Newton {it} f={rosen(p).item():.6e} p={[round(v, 5) for v in p.tolist()]}")


# Hessian-free: solve H d = -g with conjugate gradients using hvp only
def quad(w):
    A = torch.tensor([[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]])
    return 0.5 * w @ A @ w - torch.tensor([1.0, 2.0, 3.0]) @ w + (w ** 4).sum() * 0.01


w = torch.zeros(3)
for outer in range(3):
    g = jacobian(quad, w)
    d = torch.zeros(3)
    r = -g.clone()
    pdir = r.clone()
    for _ in range(3):
        Hp = hvp(quad, w, pdir)[1]
        alpha = (r @ r) / (pdir @ Hp)
        d = d + alpha * pdir
        r_new = r - alpha * Hp
        beta = (r_new @ r_new) / (r @ r)
        pdir = r_new + beta * pdir
        r = r_new
    w = w + d
    print(f"HF {outer} f={quad(w).item():.8f} |g|={jacobian(quad, w).norm().item():.2e}")


def polar_to_cart(rt):
    return torch.stack([rt[0] * torch.cos(rt[1]), rt[0] * torch.sin(rt[1])])


rt = torch.tensor([2.0, 0.7])
Jp = jacobian(polar_to_cart, rt)
print("det J of polar map", round(torch.linalg.det(Jp).item(), 6), "(= r)")
