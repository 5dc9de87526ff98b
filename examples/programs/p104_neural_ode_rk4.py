# Neural ODE (torchdiffeq's examples/ode_demo.py, with odeint written by hand as fixed-step Euler and RK4 solvers):
# learn the spiral dynamics dy/dt = (y**3) @ A from sampled trajectories, backpropagating through the solver.
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

method = 'rk4'
data_size = 100
batch_time = 10
batch_size = 16
niters = 60
test_freq = 20
device = torch.device('cpu')


def euler_step(func, t0, dt, y0):
    return y0 + dt * func(t0, y0)


def rk4_step(func, t0, dt, y0):
    k1 = func(t0, y0)
    k2 = func(t0 + dt / 2, y0 + dt * k1 / 2)
    k3 = func(t0 + dt / 2, y0 + dt * k2 / 2)
    k4 = func(t0 + dt, y0 + dt * k3)
    return y0 + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6


def odeint(func, y0, t, method='rk4', substeps=2):
    step = rk4_step if method == 'rk4' else euler_step
    ys = [y0]
    y = y0
    for t0, t1 in zip(t[:-1], t[1:]):
        dt = (t1 - t0) / substeps
        for k in range(substeps):
            y = step(func, t0 + k * dt, dt, y)
        ys.append(y)
    return torch.stack(ys, dim=0)


true_y0 = torch.tensor([[2., 0.]]).to(device)
t = torch.linspace(0., 25., data_size).to(device)
true_A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]]).to(device)


class Lambda(nn.Module):
    def forward(self, t, y):
        return torch.mm(y**3, true_A)


with torch.no_grad():
    true_y = odeint(Lambda(), true_y0, t, method='rk4', substeps=4)
print(true_y.shape, true_y[0], true_y[-1])
with torch.no_grad():
    euler_y = odeint(Lambda(), true_y0, t[:20], method='euler', substeps=100)
print(f'euler vs rk4 at t={t[19].item():.2f}: {(euler_y[-1] - true_y[19]).norm().item():.3f}')


def get_batch():
    s = torch.from_numpy(np.random.choice(np.arange(data_size - batch_time, dtype=np.int64), batch_size, replace=False))
    batch_y0 = true_y[s]  # (M, D)
    batch_t = t[:batch_time]  # (T)
    batch_y = torch.stack([true_y[s + i] for i in range(batch_time)], dim=0)  # (T, M, D)
    return batch_y0.to(device), batch_t.to(device), batch_y.to(device)


class ODEFunc(nn.Module):

    def __init__(self):
        super(ODEFunc, self).__init__()

        self.net = nn.Sequential(
            nn.Linear(2, 50),
            nn.Tanh(),
            nn.Linear(50, 2),
        )
        self.nfe = 0

        for m in self.net.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, mean=0, std=0.1)
                nn.init.constant_(m.bias, val=0)

    def forward(self, t, y):
        self.nfe += 1
        return self.net(y**3)


class RunningAverageMeter(object):
    """Computes and stores the average and current value"""

    def __init__(self, momentum=0.99):
        self.momentum = momentum
        self.reset()

    def reset(self):
        self.val = None
        self.avg = 0

    def update(self, val):
        if self.val is None:
            self.avg = val
        else:
            self.avg = self.avg * self.momentum + val * (1 - self.momentum)
        self.val = val


if __name__ == '__main__':
    torch.manual_seed(0)
    np.random.seed(0)
    ii = 0

    func = ODEFunc().to(device)

    optimizer = optim.RMSprop(func.parameters(), lr=1e-3)
    loss_meter = RunningAverageMeter(0.97)

    for itr in range(1, niters + 1):
        optimizer.zero_grad()
        batch_y0, batch_t, batch_y = get_batch()
        pred_y = odeint(func, batch_y0, batch_t, method=method, substeps=1).to(device)
        loss = torch.mean(torch.abs(pred_y - batch_y))
        loss.backward()
        optimizer.step()

        loss_meter.update(loss.item())

        if itr % test_freq == 0:
            with torch.no_grad():
                pred_y = odeint(func, true_y0, t[:30], method=method, substeps=1)
                loss = torch.mean(torch.abs(pred_y - true_y[:30]))
                print('Iter {:04d} | Total Loss {:.6f} | running avg {:.6f}'.format(itr, loss.item(), loss_meter.avg))
                ii += 1
    print(pred_y.shape, batch_y.shape, loss.grad_fn, func.nfe)

    # adjoint-free sensitivity: d y(T) / d y0 through the RK4 solver, checked by finite differences
    y0 = torch.tensor([[2., 0.]], dtype=torch.float64, requires_grad=True)
    A64 = true_A.double()
    f64 = lambda t, y: torch.mm(y ** 3, A64)
    yT = odeint(f64, y0, torch.linspace(0., 1., 11, dtype=torch.float64))[-1]
    jac = torch.stack([torch.autograd.grad(yT[0, i], y0, retain_graph=True)[0][0] for i in range(2)])
    eps = 1e-6
    fd = []
    for j in range(2):
        e = torch.zeros(1, 2, dtype=torch.float64)
        e[0, j] = eps
        with torch.no_grad():
            yp = odeint(f64, y0 + e, torch.linspace(0., 1., 11, dtype=torch.float64))[-1]
            ym = odeint(f64, y0 - e, torch.linspace(0., 1., 11, dtype=torch.float64))[-1]
        fd.append(((yp - ym) / (2 * eps))[0])
    fd = torch.stack(fd, dim=1)
    print('jacobian', jac)
    print('matches finite differences:', torch.allclose(jac, fd, atol=1e-6))
