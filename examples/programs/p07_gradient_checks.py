# Checking analytical gradients against finite differences, by hand and with gradcheck/gradgradcheck.
import torch
import torch.nn.functional as F
from torch.autograd import gradcheck, gradgradcheck


def numerical_grad(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = x.detach().clone().reshape(-1)
    for i in range(flat.numel()):
        plus = flat.clone()
        minus = flat.clone()
        plus[i] += eps
        minus[i] -= eps
        grad.view(-1)[i] = (f(plus.view_as(x)) - f(minus.view_as(x))) / (2 * eps)
    return grad


def loss(w):
    return (torch.tanh(w) * w.sin()).sum() + (w ** 2).mean()


w = torch.tensor([[0.3, -1.2, 0.7], [2.0, 0.1, -0.4]], dtype=torch.float64, requires_grad=True)
analytical = torch.autograd.grad(loss(w), w)[0]
numerical = numerical_grad(loss, w)
print("gradients match:", (analytical - numerical).abs().max().item() < 1e-8)
print(analytical)

torch.manual_seed(1)
x = torch.randn(3, 4, dtype=torch.double, requires_grad=True)
weight = torch.randn(5, 4, dtype=torch.double, requires_grad=True)
bias = torch.randn(5, dtype=torch.double, requires_grad=True)
print("linear:", gradcheck(F.linear, (x, weight, bias)))
print("softmax:", gradcheck(lambda t: F.softmax(t, dim=1), (x,)))
print("log_softmax 2nd order:", gradgradcheck(lambda t: F.log_softmax(t, dim=0), (x,)))
print("gelu 2nd order:", gradgradcheck(F.gelu, (x,)))
print("matmul:", gradcheck(torch.matmul, (x, weight.t())))

broken = lambda t: t.detach() * t
print("a function that detaches gives a wrong gradient:",
      gradcheck(broken, (x,), raise_exception=False))
