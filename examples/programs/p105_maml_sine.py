# MAML on sinusoid regression (Finn et al. 2017, as in the popular from-scratch PyTorch MAML notebooks): a
# functional MLP whose fast weights are computed with torch.autograd.grad(create_graph=True), the meta-gradient
# flowing through the inner SGD step; first-order MAML for comparison; few-shot adaptation at test time.
import math
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
random.seed(0)
np.random.seed(0)


class SineTask:
    def __init__(self, amplitude, phase):
        self.amplitude = amplitude
        self.phase = phase

    def sample(self, k):
        x = torch.rand(k, 1) * 10 - 5
        y = self.amplitude * torch.sin(x - self.phase)
        return x, y


def sample_task():
    return SineTask(random.uniform(0.1, 5.0), random.uniform(0, math.pi))


class MAMLModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Linear(1, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(), nn.Linear(40, 1))

    def forward(self, x):
        return self.model(x)

    def parameterised(self, x, weights):
        # like forward, but uses the weights passed in
        x = F.linear(x, weights[0], weights[1])
        x = F.relu(x)
        x = F.linear(x, weights[2], weights[3])
        x = F.relu(x)
        x = F.linear(x, weights[4], weights[5])
        return x


class MAML():
    def __init__(self, model, inner_lr, meta_lr, K=10, inner_steps=1, tasks_per_meta_batch=4, first_order=False):
        self.model = model
        self.weights = list(model.parameters())
        self.criterion = nn.MSELoss()
        self.meta_optimiser = torch.optim.Adam(self.weights, meta_lr)
        self.inner_lr = inner_lr
        self.meta_lr = meta_lr
        self.K = K
        self.inner_steps = inner_steps
        self.tasks_per_meta_batch = tasks_per_meta_batch
        self.first_order = first_order
        self.meta_losses = []

    def inner_loop(self, task):
        temp_weights = [w.clone() for w in self.weights]
        X, y = task.sample(self.K)
        for step in range(self.inner_steps):
            loss = self.criterion(self.model.parameterised(X, temp_weights), y) / self.K
            grad = torch.autograd.grad(loss, temp_weights, create_graph=not self.first_order)
            temp_weights = [w - self.inner_lr * g for w, g in zip(temp_weights, grad)]
        X, y = task.sample(self.K)
        loss = self.criterion(self.model.parameterised(X, temp_weights), y) / self.K
        return loss

    def main_loop(self, num_iterations, log_every):
        epoch_loss = 0
        for iteration in range(1, num_iterations + 1):
            meta_loss = 0
            for i in range(self.tasks_per_meta_batch):
                task = sample_task()
                meta_loss += self.inner_loop(task)
            meta_grads = torch.autograd.grad(meta_loss, self.weights)
            for w, g in zip(self.weights, meta_grads):
                w.grad = g
            self.meta_optimiser.step()
            epoch_loss += meta_loss.item() / self.tasks_per_meta_batch
            if iteration % log_every == 0:
                print("{}/{}. loss: {:.4f}".format(iteration, num_iterations, epoch_loss / log_every))
                self.meta_losses.append(epoch_loss / log_every)
                epoch_loss = 0


maml = MAML(MAMLModel(), inner_lr=0.01, meta_lr=0.001)
maml.main_loop(num_iterations=40, log_every=10)
print(len(maml.meta_losses), maml.weights[0].grad.shape, maml.weights[0].grad.requires_grad)

fomaml = MAML(MAMLModel(), inner_lr=0.01, meta_lr=0.001, first_order=True)
fomaml.main_loop(num_iterations=20, log_every=10)

# second-order terms: the meta-gradient through create_graph differs from the first-order one
model = MAMLModel().double()
w = list(model.parameters())
x = torch.linspace(-5, 5, 10, dtype=torch.double).unsqueeze(1)
y = 2 * torch.sin(x)
inner = F.mse_loss(model.parameterised(x, w), y)
g2 = torch.autograd.grad(inner, w, create_graph=True)
g1 = [g.detach() for g in g2]
fast2 = [p - 0.1 * g for p, g in zip(w, g2)]
fast1 = [p - 0.1 * g for p, g in zip(w, g1)]
outer2 = F.mse_loss(model.parameterised(x, fast2), y)
outer1 = F.mse_loss(model.parameterised(x, fast1), y)
print(abs(outer2.item() - outer1.item()) < 1e-12, g2[0].grad_fn is not None, g1[0].grad_fn)
mg2 = torch.autograd.grad(outer2, w)
mg1 = torch.autograd.grad(outer1, w)
print('second-order terms change the meta-gradient:', not torch.allclose(mg2[0], mg1[0]))
print(type(mg2), len(mg2), [tuple(g.shape) for g in mg2])


def adapt(model, task, k, steps, lr=0.01):
    X, y = task.sample(k)
    weights = [w.clone().detach().requires_grad_(True) for w in model.parameters()]
    losses = []
    for _ in range(steps):
        loss = F.mse_loss(model.parameterised(X, weights), y)
        losses.append(loss.item())
        grads = torch.autograd.grad(loss, weights)
        weights = [w - lr * g for w, g in zip(weights, grads)]
    return losses


task = SineTask(2.0, 0.5)
losses = adapt(maml.model, task, k=10, steps=5)
print(f'adaptation: first {losses[0]:.3f} last {losses[-1]:.3f}, steps {len(losses)}')
