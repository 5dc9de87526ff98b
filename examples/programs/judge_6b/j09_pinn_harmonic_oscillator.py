# Ben Moseley, "So, what is a physics-informed neural network?" (blog + harmonic-oscillator-pinn code), with the inverse-problem variant from his PINN workshop
import numpy as np
import torch
import torch.nn as nn


def oscillator(d, w0, x):
    """Defines the analytical solution to the 1D underdamped harmonic oscillator problem.
    Equations taken from: https://beltoforion.de/en/harmonic_oscillator/"""
    assert d < w0
    w = np.sqrt(w0 ** 2 - d ** 2)
    phi = np.arctan(-d / w)
    A = 1 / (2 * np.cos(phi))
    cos = torch.cos(phi + w * x)
    sin = torch.sin(phi + w * x)
    exp = torch.exp(-d * x)
    y = exp * 2 * A * cos
    return y


class FCN(nn.Module):
    "Defines a connected network"

    def __init__(self, N_INPUT, N_OUTPUT, N_HIDDEN, N_LAYERS):
        super().__init__()
        activation = nn.Tanh
        self.fcs = nn.Sequential(*[
            nn.Linear(N_INPUT, N_HIDDEN),
            activation()])
        self.fch = nn.Sequential(*[
            nn.Sequential(*[
                nn.Linear(N_HIDDEN, N_HIDDEN),
                activation()]) for _ in range(N_LAYERS - 1)])
        self.fce = nn.Linear(N_HIDDEN, N_OUTPUT)

    def forward(self, x):
        x = self.fcs(x)
        x = self.fch(x)
        x = self.fce(x)
        return x


d, w0 = 2, 20

# get the analytical solution over the full domain
x = torch.linspace(0, 1, 500).view(-1, 1)
y = oscillator(d, w0, x).view(-1, 1)
print(x.shape, y.shape)

# slice out a small number of points from the LHS of the domain
x_data = x[0:200:20]
y_data = y[0:200:20]
print(x_data.shape, y_data.shape)
print(y_data.view(-1))

# train standard neural network to fit training data
torch.manual_seed(123)
model = FCN(1, 1, 32, 3)
print(model)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for i in range(1000):
    optimizer.zero_grad()
    yh = model(x_data)
    loss = torch.mean((yh - y_data) ** 2)  # use mean squared error
    loss.backward()
    optimizer.step()

    # plot the result as training progresses
    if (i + 1) % 250 == 0:
        yh = model(x).detach()
        print(f"step {i+1}: data loss {loss.item():.4f}, prediction {tuple(yh.shape)}")

# train a physics-informed neural network
x_physics = torch.linspace(0, 1, 30).view(-1, 1).requires_grad_(True)  # sample locations over the problem domain
mu, k = 2 * d, w0 ** 2

torch.manual_seed(123)
model = FCN(1, 1, 32, 3)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for i in range(800):
    optimizer.zero_grad()

    # compute the "data loss"
    yh = model(x_data)
    loss1 = torch.mean((yh - y_data) ** 2)  # use mean squared error

    # compute the "physics loss"
    yhp = model(x_physics)
    dx = torch.autograd.grad(yhp, x_physics, torch.ones_like(yhp), create_graph=True)[0]  # computes dy/dx
    dx2 = torch.autograd.grad(dx, x_physics, torch.ones_like(dx), create_graph=True)[0]  # computes d^2y/dx^2
    physics = dx2 + mu * dx + k * yhp  # computes the residual of the 1D harmonic oscillator differential equation
    loss2 = (1e-4) * torch.mean(physics ** 2)

    # backpropagate joint loss
    loss = loss1 + loss2  # add two loss terms together
    loss.backward()
    optimizer.step()

    if (i + 1) % 200 == 0:
        print(f"step {i+1}: loss1 {loss1.item():.4f}, loss2 {loss2.item():.4f}, dx {tuple(dx.shape)} {dx.grad_fn is not None}")

yh = model(x).detach()
print("mean abs error over domain:", (yh - y).abs().mean().item() < 10)

# ---- inverse problem: learn mu from noisy observations
torch.manual_seed(123)
t_obs = torch.rand(40).view(-1, 1)
u_obs = oscillator(d, w0, t_obs) + 0.04 * torch.randn_like(t_obs)
t_physics = torch.linspace(0, 1, 30).view(-1, 1).requires_grad_(True)

pinn = FCN(1, 1, 32, 3)

# treat mu as a learnable parameter
mu = torch.nn.Parameter(torch.zeros(1, requires_grad=True))
mus = []

# add mu to the optimiser
optimiser = torch.optim.Adam(list(pinn.parameters()) + [mu], lr=1e-3)
for i in range(600):
    optimiser.zero_grad()

    # compute each term of the PINN loss function above
    # using the following hyperparameters:
    lambda1 = 1e4

    # compute physics loss
    u = pinn(t_physics)
    dudt = torch.autograd.grad(u, t_physics, torch.ones_like(u), create_graph=True)[0]
    d2udt2 = torch.autograd.grad(dudt, t_physics, torch.ones_like(dudt), create_graph=True)[0]
    loss1 = torch.mean((d2udt2 + mu * dudt + k * u) ** 2)

    # compute data loss
    u = pinn(t_obs)
    loss2 = torch.mean((u - u_obs) ** 2)

    # backpropagate joint loss, take optimiser step
    loss = loss1 + lambda1 * loss2
    loss.backward()
    optimiser.step()

    # record mu value
    mus.append(mu.item())

    if (i + 1) % 200 == 0:
        print(f"step {i+1}: loss {loss.item():.2f}, mu {mu.item():.4f}, mu.grad {mu.grad.shape}")

print(len(mus), mu.requires_grad, mu.shape)
