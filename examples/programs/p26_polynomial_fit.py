# Fitting sin(x) with a cubic polynomial three ways: raw tensors with manual gradients, autograd, and nn.Module.
import math

import torch

dtype = torch.float64
x = torch.linspace(-math.pi, math.pi, 400, dtype=dtype)
y = torch.sin(x)

# 1. manual gradients
a, b, c, d = (torch.tensor(v, dtype=dtype) for v in (0.1, 0.2, -0.1, 0.05))
lr = 1e-6
for t in range(500):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    grad_y_pred = 2.0 * (y_pred - y)
    a -= lr * grad_y_pred.sum()
    b -= lr * (grad_y_pred * x).sum()
    c -= lr * (grad_y_pred * x ** 2).sum()
    d -= lr * (grad_y_pred * x ** 3).sum()
print(f"manual:   y = {a.item():.5f} + {b.item():.5f} x + {c.item():.5f} x^2 + {d.item():.5f} x^3")

# 2. autograd
coefficients = torch.tensor([0.1, 0.2, -0.1, 0.05], dtype=dtype, requires_grad=True)
powers = torch.stack([x ** k for k in range(4)], dim=1)
for t in range(500):
    loss = (powers @ coefficients - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        coefficients -= lr * coefficients.grad
        coefficients.grad = None
print("autograd:", [round(v, 5) for v in coefficients.tolist()], "loss", round(loss.item(), 4))


# 3. nn.Module and an optimizer
class Polynomial3(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = torch.nn.Parameter(torch.tensor([0.1, 0.2, -0.1, 0.05], dtype=dtype))

    def forward(self, x):
        return sum(w * x ** k for k, w in enumerate(self.weights))

    def string(self):
        return " + ".join(f"{w.item():.4f} x^{k}" for k, w in enumerate(self.weights))


model = Polynomial3()
criterion = torch.nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6, momentum=0.9)
for t in range(500):
    loss = criterion(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print("module:  ", model.string())

# least squares in closed form
solution = torch.linalg.lstsq(powers, y.unsqueeze(1)).solution.squeeze(1)
print("lstsq:   ", [round(v, 5) + 0.0 for v in solution.tolist()])  # + 0.0: no -0.0
