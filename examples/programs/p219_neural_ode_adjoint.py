# The adjoint sensitivity method written by hand, as in "Neural Ordinary Differential Equations" (Chen et al. 2018,
# Appendix B) and torchdiffeq's odeint_adjoint: a fixed-step RK4 solver, the augmented state [z, a, a_theta]
# integrated backwards with torch.autograd.grad vector-Jacobian products, wrapped in a torch.autograd.Function
# (save_for_backward, ctx attributes, once_differentiable), checked against backprop through the solver and
# torch.autograd.gradcheck in float64, then used to fit a spiral's dynamics.
import torch
import torch.nn as nn
from torch.autograd.function import once_differentiable

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def rk4(f, z, t0, t1, steps):
    h = (t1 - t0) / steps
    t = t0
    for _ in range(steps):
        k1 = f(t, z)
        k2 = f(t + h / 2, z + h / 2 * k1)
        k3 = f(t + h / 2, z + h / 2 * k2)
        k4 = f(t + h, z + h * k3)
        z = z + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t = t + h
    return z


class ODEFunc(nn.Module):
    def __init__(self, dim=2, hidden=16):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, dim))

    def forward(self, t, z):
        return self.net(z)


def flat_params(module):
    return torch.cat([p.reshape(-1) for p in module.parameters()])


class AdjointODE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z0, t0, t1, steps, func, *params):
        with torch.no_grad():
            z1 = rk4(func, z0, t0, t1, steps)
        ctx.func, ctx.t0, ctx.t1, ctx.steps = func, t0, t1, steps
        ctx.save_for_backward(z1, *params)
        return z1

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_z1):
        z1, *params = ctx.saved_tensors
        func = ctx.func
        n = z1.numel()
        shapes = [p.shape for p in params]

        def aug_dynamics(t, state):
            z = state[:n].reshape(z1.shape)
            a = state[n:2 * n].reshape(z1.shape)
            with torch.enable_grad():
                z = z.detach().requires_grad_(True)
                f = func(t, z)
                vjp_z, *vjp_p = torch.autograd.grad(f, (z, *params), -a, allow_unused=True)
            vjp_p = [torch.zeros(s) if g is None else g for g, s in zip(vjp_p, shapes)]
            return torch.cat([f.reshape(-1), vjp_z.reshape(-1)] + [g.reshape(-1) for g in vjp_p])

        state = torch.cat([z1.reshape(-1), grad_z1.reshape(-1), torch.zeros(sum(p.numel() for p in params))])
        state = rk4(aug_dynamics, state, ctx.t1, ctx.t0, ctx.steps)
        grad_z0 = state[n:2 * n].reshape(z1.shape)
        grads, offset = [], 2 * n
        for p in params:
            grads.append(state[offset:offset + p.numel()].reshape(p.shape))
            offset += p.numel()
        return (grad_z0, None, None, None, None, *grads)


def odeint_adjoint(func, z0, t0, t1, steps=20):
    return AdjointODE.apply(z0, t0, t1, steps, func, *func.parameters())


func = ODEFunc()
z0 = torch.randn(5, 2, requires_grad=True)
out_direct = rk4(func, z0, 0.0, 1.0, 20)
loss_direct = (out_direct ** 2).sum()
g_direct = torch.autograd.grad(loss_direct, [z0, *func.parameters()])
out_adj = odeint_adjoint(func, z0, 0.0, 1.0, 20)
print("forward equal:", torch.allclose(out_direct, out_adj), out_adj.grad_fn.__class__.__name__)
g_adj = torch.autograd.grad((out_adj ** 2).sum(), [z0, *func.parameters()])
for name, a, b in zip(["z0"] + [n for n, _ in func.named_parameters()], g_direct, g_adj):
    print(f"{name:14s} max |direct - adjoint| < 1e-6: {bool((a - b).abs().max() < 1e-6)}")

small = ODEFunc(hidden=3)
zz = torch.randn(2, 2, requires_grad=True)
ok = torch.autograd.gradcheck(lambda z, *p: AdjointODE.apply(z, 0.0, 0.5, 20, small, *p), (zz, *small.parameters()),
                              atol=1e-5)
print("gradcheck through the adjoint:", ok)
try:
    y = odeint_adjoint(func, z0, 0.0, 1.0)
    g, = torch.autograd.grad(y.sum(), z0, create_graph=True)
    g.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e)[:70])

# fit the dynamics of a spiral dz/dt = A z
A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
times = torch.linspace(0, 2, 9)
true_z0 = torch.tensor([[2.0, 0.0]])
with torch.no_grad():
    traj = [true_z0]
    for i in range(len(times) - 1):
        traj.append(rk4(lambda t, z: z @ A.T, traj[-1], times[i].item(), times[i + 1].item(), 20))
    traj = torch.cat(traj)
print("true trajectory end", [round(v, 4) for v in traj[-1].tolist()])

torch.manual_seed(1)
model = ODEFunc(hidden=32)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for it in range(21):
    z = true_z0
    preds = [z]
    for i in range(len(times) - 1):
        z = odeint_adjoint(model, z, times[i].item(), times[i + 1].item(), 3)
        preds.append(z)
    loss = (torch.cat(preds) - traj).abs().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 5 == 0:
        print(f"iter {it} loss {loss.item():.5f}")
