# Physics-informed neural networks (Raissi et al. style, as in the popular PINN tutorials/repos): an MLP u(t, x)
# trained so that Burgers' equation u_t + u u_x - nu u_xx = 0 holds at collocation points, with the derivatives
# taken by torch.autograd.grad(create_graph=True); Adam first, then L-BFGS with a closure. Plus a 1-D Poisson
# problem checked against its exact solution.
import math

import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(1234)
np.random.seed(1234)
device = torch.device('cpu')
nu = 0.01 / np.pi


class DNN(nn.Module):
    def __init__(self, layers):
        super(DNN, self).__init__()
        self.depth = len(layers) - 1
        self.activation = nn.Tanh
        layer_list = list()
        for i in range(self.depth - 1):
            layer_list.append(('layer_%d' % i, nn.Linear(layers[i], layers[i + 1])))
            layer_list.append(('activation_%d' % i, self.activation()))
        layer_list.append(('layer_%d' % (self.depth - 1), nn.Linear(layers[-2], layers[-1])))
        from collections import OrderedDict
        layerDict = OrderedDict(layer_list)
        self.layers = nn.Sequential(layerDict)

    def forward(self, x):
        return self.layers(x)


class PhysicsInformedNN():
    def __init__(self, X_u, u, X_f, layers, lb, ub, nu):
        self.lb = torch.tensor(lb).float().to(device)
        self.ub = torch.tensor(ub).float().to(device)
        self.x_u = torch.tensor(X_u[:, 0:1], requires_grad=True).float().to(device)
        self.t_u = torch.tensor(X_u[:, 1:2], requires_grad=True).float().to(device)
        self.x_f = torch.tensor(X_f[:, 0:1], requires_grad=True).float().to(device)
        self.t_f = torch.tensor(X_f[:, 1:2], requires_grad=True).float().to(device)
        self.u = torch.tensor(u).float().to(device)
        self.layers = layers
        self.nu = nu
        self.dnn = DNN(layers).to(device)
        self.optimizer = torch.optim.LBFGS(
            self.dnn.parameters(), lr=1.0, max_iter=8, max_eval=10, history_size=50,
            tolerance_grad=1e-5, tolerance_change=1.0 * np.finfo(float).eps, line_search_fn="strong_wolfe")
        self.optimizer_Adam = torch.optim.Adam(self.dnn.parameters(), lr=1e-3)
        self.iter = 0

    def net_u(self, x, t):
        u = self.dnn(torch.cat([x, t], dim=1))
        return u

    def net_f(self, x, t):
        u = self.net_u(x, t)
        u_t = torch.autograd.grad(u, t, grad_outputs=torch.ones_like(u), retain_graph=True, create_graph=True)[0]
        u_x = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), retain_graph=True, create_graph=True)[0]
        u_xx = torch.autograd.grad(u_x, x, grad_outputs=torch.ones_like(u_x), retain_graph=True, create_graph=True)[0]
        f = u_t + u * u_x - self.nu * u_xx
        return f

    def loss_func(self):
        u_pred = self.net_u(self.x_u, self.t_u)
        f_pred = self.net_f(self.x_f, self.t_f)
        loss_u = torch.mean((self.u - u_pred) ** 2)
        loss_f = torch.mean(f_pred ** 2)
        loss = loss_u + loss_f
        return loss, loss_u, loss_f

    def closure(self):
        self.optimizer.zero_grad()
        loss, loss_u, loss_f = self.loss_func()
        loss.backward()
        self.iter += 1
        return loss

    def train(self, nIter):
        self.dnn.train()
        for epoch in range(nIter):
            self.optimizer_Adam.zero_grad()
            loss, loss_u, loss_f = self.loss_func()
            loss.backward()
            self.optimizer_Adam.step()
            if epoch % 20 == 0:
                print('It: %d, Loss: %.3e, Loss_u: %.3e, Loss_f: %.3e' % (epoch, loss.item(), loss_u.item(), loss_f.item()))
        self.optimizer.step(self.closure)
        print('L-BFGS closure evaluations > 0:', self.iter > 0)

    def predict(self, X):
        x = torch.tensor(X[:, 0:1], requires_grad=True).float().to(device)
        t = torch.tensor(X[:, 1:2], requires_grad=True).float().to(device)
        self.dnn.eval()
        u = self.net_u(x, t)
        f = self.net_f(x, t)
        u = u.detach().cpu().numpy()
        f = f.detach().cpu().numpy()
        return u, f


# training data: initial condition u(x, 0) = -sin(pi x), boundaries u(+-1, t) = 0
N_u, N_f = 40, 160
lb = np.array([-1.0, 0.0])
ub = np.array([1.0, 1.0])
x0 = np.random.uniform(-1, 1, (N_u // 2, 1))
X_u0 = np.hstack([x0, np.zeros_like(x0)])
u0 = -np.sin(np.pi * x0)
tb = np.random.uniform(0, 1, (N_u // 2, 1))
X_ub = np.hstack([np.where(np.arange(N_u // 2)[:, None] % 2 == 0, -1.0, 1.0), tb])
u_b = np.zeros_like(tb)
X_u_train = np.vstack([X_u0, X_ub])
u_train = np.vstack([u0, u_b])
X_f_train = lb + (ub - lb) * np.random.rand(N_f, 2)
X_f_train = np.vstack((X_f_train, X_u_train))
print(X_u_train.shape, u_train.shape, X_f_train.shape, X_u_train.dtype)

layers = [2, 20, 20, 20, 1]
model = PhysicsInformedNN(X_u_train, u_train, X_f_train, layers, lb, ub, nu)
print(model.dnn)
print(model.x_f.requires_grad, model.x_f.is_leaf, model.x_f.dtype, model.x_f.grad_fn)
model.train(40)
u_pred, f_pred = model.predict(X_u_train[:5])
print(u_pred.shape, f_pred.shape, u_pred.dtype)

# 1-D Poisson: -u'' = pi^2 sin(pi x) on [0, 1], u(0) = u(1) = 0; exact u = sin(pi x)
net = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
x = torch.linspace(0, 1, 32).view(-1, 1).requires_grad_(True)
xb = torch.tensor([[0.0], [1.0]])
for step in range(151):
    u = net(x)
    du = torch.autograd.grad(u.sum(), x, create_graph=True)[0]
    d2u = torch.autograd.grad(du.sum(), x, create_graph=True)[0]
    residual = -d2u - math.pi ** 2 * torch.sin(math.pi * x)
    loss = residual.pow(2).mean() + net(xb).pow(2).mean() * 100
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 0:
        print(f'step {step:3d} pde loss {loss.item():.4e}')
print(du.grad_fn is not None, d2u.requires_grad, u.grad_fn)
with torch.no_grad():
    xt = torch.linspace(0, 1, 11).view(-1, 1)
    err = (net(xt) - torch.sin(math.pi * xt)).abs().max()
print(f'max error vs exact solution small: {err.item() < 0.2}')
