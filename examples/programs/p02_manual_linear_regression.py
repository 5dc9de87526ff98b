# Linear regression written out by hand: tensors, a loss, backward, and a manual update step.
import torch

x = torch.linspace(0, 1, 20).unsqueeze(1)
y_true = 2.0 * x + 1.0 + 0.1 * torch.sin(10 * x)

w = torch.zeros(1, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
learning_rate = 0.5

for epoch in range(200):
    y_pred = x @ w + b
    loss = ((y_pred - y_true) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= learning_rate * w.grad
        b -= learning_rate * b.grad
        w.grad.zero_()
        b.grad.zero_()
    if epoch % 40 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.6f}")

print(f"w = {w.item():.4f}, b = {b.item():.4f}")
print("final loss:", round(loss.item(), 6))
