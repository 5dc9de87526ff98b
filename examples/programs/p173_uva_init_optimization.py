# UvA deep learning course, tutorial 4 (Optimization and Initialization), without plots: a BaseNetwork MLP with
# Identity/Tanh/ReLU activations, the gradient and activation statistics per layer (visualize_* reduced to std
# printouts), const_init, const_var_init, xavier_init and kaiming_init written with param.data.normal_/uniform_,
# then the OptimizerTemplate with hand-written SGD, SGDMomentum and Adam (register_buffer-free state dicts),
# checked against torch.optim, and the pathological-curvature and steep-optimum toy surfaces.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Identity(nn.Module):
    def forward(self, x):
        return x


act_fn_by_name = {"tanh": nn.Tanh, "relu": nn.ReLU, "identity": Identity}


class BaseNetwork(nn.Module):
    def __init__(self, act_fn, input_size=64, num_classes=10, hidden_sizes=[64, 64, 64, 64]):
        super().__init__()
        layers = []
        layer_sizes = [input_size] + hidden_sizes
        for layer_index in range(1, len(layer_sizes)):
            layers += [nn.Linear(layer_sizes[layer_index - 1], layer_sizes[layer_index]), act_fn]
        layers += [nn.Linear(layer_sizes[-1], num_classes)]
        self.layers = nn.ModuleList(layers)
        self.config = {"act_fn": act_fn.__class__.__name__, "input_size": input_size,
                       "num_classes": num_classes, "hidden_sizes": hidden_sizes}

    def forward(self, x):
        x = x.view(x.size(0), -1)
        for layer in self.layers:
            x = layer(x)
        return x


torch.manual_seed(42)
imgs = torch.randn(256, 64)
labels = torch.randint(0, 10, (256,))


def weight_stds(model):
    return {name: round(param.data.std().item(), 3) for name, param in model.named_parameters()
            if name.endswith(".weight")}


def gradient_stds(model):
    model.zero_grad()
    preds = model(imgs)
    loss = F.cross_entropy(preds, labels)
    loss.backward()
    grads = {name: params.grad.view(-1) for name, params in model.named_parameters() if "weight" in name}
    model.zero_grad()
    stds = {key: grads[key].std().item() for key in grads}
    return {key: f"{std:.2e}" if std > 1e-8 else "~0" for key, std in stds.items()}


def activation_stds(model):
    activations = {}
    model.eval()
    with torch.no_grad():
        x = imgs.view(imgs.size(0), -1)
        for layer_index, layer in enumerate(model.layers[:-1]):
            x = layer(x)
            activations[f"Layer {layer_index} - {layer.__class__.__name__}"] = round(x.view(-1).std().item(), 3)
    return activations


model = BaseNetwork(act_fn=Identity())
print(model.config)
print(sum(p.numel() for p in model.parameters()))


def const_init(model, fill=0.0):
    for name, param in model.named_parameters():
        param.data.fill_(fill)


const_init(model, fill=0.005)
print("const", gradient_stds(model))
print("const", activation_stds(model))


def var_init(model, std=0.01):
    for name, param in model.named_parameters():
        param.data.normal_(mean=0.0, std=std)


torch.manual_seed(1)
var_init(model, std=0.01)
print("std 0.01", activation_stds(model))
torch.manual_seed(1)
var_init(model, std=0.1)
print("std 0.1", activation_stds(model))


def equal_var_init(model):
    for name, param in model.named_parameters():
        if name.endswith(".bias"):
            param.data.fill_(0)
        else:
            param.data.normal_(std=1.0 / math.sqrt(param.shape[1]))


torch.manual_seed(1)
equal_var_init(model)
print("equal var", weight_stds(model))
print("equal var", activation_stds(model))


def xavier_init(model):
    for name, param in model.named_parameters():
        if name.endswith(".bias"):
            param.data.fill_(0)
        else:
            bound = math.sqrt(6) / math.sqrt(param.shape[0] + param.shape[1])
            param.data.uniform_(-bound, bound)


torch.manual_seed(1)
model = BaseNetwork(act_fn=nn.Tanh())
xavier_init(model)
print("xavier tanh", gradient_stds(model))
print("xavier tanh", activation_stds(model))


def kaiming_init(model):
    for name, param in model.named_parameters():
        if name.endswith(".bias"):
            param.data.fill_(0.0)
        elif name.startswith("layers.0"):
            param.data.normal_(0, 1 / math.sqrt(param.shape[1]))
        else:
            param.data.normal_(0, math.sqrt(2) / math.sqrt(param.shape[1]))


torch.manual_seed(1)
model = BaseNetwork(act_fn=nn.ReLU())
kaiming_init(model)
print("kaiming relu", gradient_stds(model))
print("kaiming relu", activation_stds(model))


class OptimizerTemplate:
    def __init__(self, params, lr):
        self.params = list(params)
        self.lr = lr

    def zero_grad(self):
        for p in self.params:
            if p.grad is not None:
                p.grad.detach_()
                p.grad.zero_()

    @torch.no_grad()
    def step(self):
        for p in self.params:
            if p.grad is None:
                continue
            self.update_param(p)

    def update_param(self, p):
        raise NotImplementedError


class SGD(OptimizerTemplate):
    def __init__(self, params, lr):
        super().__init__(params, lr)

    def update_param(self, p):
        p_update = -self.lr * p.grad
        p.add_(p_update)


class SGDMomentum(OptimizerTemplate):
    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr)
        self.momentum = momentum
        self.param_momentum = {p: torch.zeros_like(p.data) for p in self.params}

    def update_param(self, p):
        self.param_momentum[p] = (1 - self.momentum) * p.grad + self.momentum * self.param_momentum[p]
        p_update = -self.lr * self.param_momentum[p]
        p.add_(p_update)


class Adam(OptimizerTemplate):
    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(params, lr)
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.param_step = {p: 0 for p in self.params}
        self.param_momentum = {p: torch.zeros_like(p.data) for p in self.params}
        self.param_2nd_momentum = {p: torch.zeros_like(p.data) for p in self.params}

    def update_param(self, p):
        self.param_step[p] += 1
        self.param_momentum[p] = (1 - self.beta1) * p.grad + self.beta1 * self.param_momentum[p]
        self.param_2nd_momentum[p] = (1 - self.beta2) * (p.grad) ** 2 + self.beta2 * self.param_2nd_momentum[p]
        bias_correction_1 = 1 - self.beta1 ** self.param_step[p]
        bias_correction_2 = 1 - self.beta2 ** self.param_step[p]
        p_2nd_mom = self.param_2nd_momentum[p] / bias_correction_2
        p_mom = self.param_momentum[p] / bias_correction_1
        p_lr = self.lr / (torch.sqrt(p_2nd_mom) + self.eps)
        p_update = -p_lr * p_mom
        p.add_(p_update)


def train_model(model, optimizer, steps=30):
    losses = []
    for step in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(imgs), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


for name, make_mine, make_torch in (
        ("SGD", lambda p: SGD(p, lr=1e-1), lambda p: torch.optim.SGD(p, lr=1e-1)),
        ("Adam", lambda p: Adam(p, lr=1e-3), lambda p: torch.optim.Adam(p, lr=1e-3))):
    torch.manual_seed(2)
    mine = BaseNetwork(act_fn=nn.ReLU(), hidden_sizes=[32, 32])
    theirs = BaseNetwork(act_fn=nn.ReLU(), hidden_sizes=[32, 32])
    theirs.load_state_dict(mine.state_dict())
    l1 = train_model(mine, make_mine(mine.parameters()))
    l2 = train_model(theirs, make_torch(theirs.parameters()))
    print(name, f"{l1[0]:.4f} -> {l1[-1]:.4f}", f"{l2[-1]:.4f}",
          max(abs(a - b) for a, b in zip(l1, l2)) < 1e-4)

torch.manual_seed(3)
model = BaseNetwork(act_fn=nn.ReLU(), hidden_sizes=[32, 32])
print("SGDMomentum", f"{train_model(model, SGDMomentum(model.parameters(), lr=1e-1, momentum=0.9))[-1]:.4f}")


def pathological_curve_loss(w1, w2):
    x1_loss = torch.tanh(w1) ** 2 + 0.01 * torch.abs(w1)
    x2_loss = torch.sigmoid(w2)
    return x1_loss + x2_loss


def bivar_gaussian(w1, w2, x_mean=0.0, y_mean=0.0, x_sig=1.0, y_sig=1.0):
    norm = 1 / (2 * math.pi * x_sig * y_sig)
    x_exp = (-1 * (w1 - x_mean) ** 2) / (2 * x_sig ** 2)
    y_exp = (-1 * (w2 - y_mean) ** 2) / (2 * y_sig ** 2)
    return norm * torch.exp(x_exp + y_exp)


def comb_func(w1, w2):
    z = -bivar_gaussian(w1, w2, x_mean=1.0, y_mean=-0.5, x_sig=0.2, y_sig=0.2)
    z -= bivar_gaussian(w1, w2, x_mean=-1.0, y_mean=0.5, x_sig=0.2, y_sig=0.2)
    z -= bivar_gaussian(w1, w2, x_mean=-0.5, y_mean=-0.8, x_sig=0.2, y_sig=0.2)
    return z


def train_curve(optimizer_func, curve_func=pathological_curve_loss, num_updates=100, init=[5, 5]):
    init = torch.FloatTensor(init)
    init.requires_grad_(True)
    optimizer = optimizer_func([init])
    list_points = []
    for _ in range(num_updates):
        loss = curve_func(init[0], init[1])
        list_points.append(torch.cat([init.data.detach(), loss.unsqueeze(dim=0).detach()], dim=0))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    points = torch.stack(list_points, dim=0)
    return points


SGD_points = train_curve(lambda params: SGD(params, lr=10))
SGDMom_points = train_curve(lambda params: SGDMomentum(params, lr=10, momentum=0.9))
Adam_points = train_curve(lambda params: Adam(params, lr=1))
for name, points in (("SGD", SGD_points), ("SGDMom", SGDMom_points), ("Adam", Adam_points)):
    print(name, points.shape, points[-1])
for name, opt in (("SGD", lambda p: SGD(p, lr=.5)), ("SGDMom", lambda p: SGDMomentum(p, lr=1, momentum=0.9)),
                  ("Adam", lambda p: Adam(p, lr=0.2))):
    points = train_curve(opt, comb_func, init=[0, 0])
    print("steep", name, points[-1])
