# Second-order optimisation with torch.func, as the functorch/torch.func tutorials and "Newton's method in
# PyTorch" posts write it: logistic regression on synthetic data with a loss written as a pure function of a
# parameter vector, torch.func.grad and hessian (jacfwd(jacrev)) for Newton steps, checked against the
# closed-form X^T S X Hessian, functional_call over an nn.Module's parameters, vmap'd per-example losses,
# jvp/vjp, linearize, and L-BFGS with a closure from torch.optim for comparison.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp, linearize, vjp, vmap

torch.manual_seed(0)
n, d = 256, 3
X = torch.randn(n, d, dtype=torch.float64)
true_w = torch.tensor([1.5, -2.0, 0.5], dtype=torch.float64)
y = (torch.rand(n, dtype=torch.float64) < torch.sigmoid(X @ true_w + 0.3)).double()
Xb = torch.cat([X, torch.ones(n, 1, dtype=torch.float64)], dim=1)


def loss_fn(w):
    return F.binary_cross_entropy_with_logits(Xb @ w, y) + 0.5e-3 * (w ** 2).sum()


w = torch.zeros(d + 1, dtype=torch.float64)
for it in range(6):
    g, value = grad_and_value(loss_fn)(w)
    H = hessian(loss_fn)(w)
    step = torch.linalg.solve(H, g)
    w = w - step
    print("newton %d loss %.8f |grad| %.2e" % (it, value.item(), g.norm().item()))
print("weights", w.round(decimals=4))

p = torch.sigmoid(Xb @ w)
H_closed = Xb.T @ (Xb * (p * (1 - p))[:, None]) / n + 1e-3 * torch.eye(d + 1, dtype=torch.float64)
print("hessian matches closed form:", torch.allclose(hessian(loss_fn)(w), H_closed))
print("jacfwd(jacrev) == jacrev(jacrev):", torch.allclose(jacfwd(jacrev(loss_fn))(w), jacrev(jacrev(loss_fn))(w)))
print("eigenvalues of H", torch.linalg.eigvalsh(H_closed).round(decimals=4))

model = nn.Linear(d, 1).double()
params = {"weight": w[:d].view(1, d).clone(), "bias": w[d:].clone()}
out = functional_call(model, params, (X,))
print("functional_call matches:", torch.allclose(out.squeeze(1), Xb @ w))


def example_loss(params, x, target):
    logit = functional_call(model, params, (x.unsqueeze(0),)).squeeze()
    return F.binary_cross_entropy_with_logits(logit, target)


per_example = vmap(example_loss, in_dims=(None, 0, 0))(params, X, y)
print("per-example losses", per_example.shape, "mean %.6f" % per_example.mean().item())
per_grads = vmap(grad(example_loss), in_dims=(None, 0, 0))(params, X, y)
print("per-example grads", {k: tuple(v.shape) for k, v in per_grads.items()})
full = grad(lambda prm: F.binary_cross_entropy_with_logits(functional_call(model, prm, (X,)).squeeze(1), y))(params)
print("mean of per-example grads == full-batch grad:", torch.allclose(per_grads["weight"].mean(0), full["weight"]))
print(full["weight"].abs().max().item() < 1e-2, full["bias"].round(decimals=6) + 0.0)

v = torch.tensor([1.0, 0.0, 0.0, 0.0], dtype=torch.float64)
_, hvp = jvp(grad(loss_fn), (w,), (v,))
print("hvp", hvp.round(decimals=5))
_, vjp_fn = vjp(grad(loss_fn), w)
print("vhp == hvp:", torch.allclose(vjp_fn(v)[0], hvp))
value, jvp_fn = linearize(grad(loss_fn), w)
print("linearize:", torch.allclose(jvp_fn(v), hvp))

w_lbfgs = torch.zeros(d + 1, dtype=torch.float64, requires_grad=True)
opt = torch.optim.LBFGS([w_lbfgs], lr=1, max_iter=50, tolerance_grad=1e-10, line_search_fn="strong_wolfe")
calls = []


def closure():
    opt.zero_grad()
    loss = loss_fn(w_lbfgs)
    loss.backward()
    calls.append(loss.item())
    return loss


opt.step(closure)
print("lbfgs evaluations", len(calls), "final loss %.8f" % calls[-1])
print("lbfgs == newton:", torch.allclose(w_lbfgs.detach(), w, atol=1e-6))
accuracy = ((Xb @ w > 0).double() == y).double().mean()
print("training accuracy %.4f" % accuracy.item())
