"""Fitting sin(x) with a custom autograd Function: a third-degree Legendre polynomial P3, as in PyTorch's
"Defining new autograd functions" tutorial, in float64.

    python examples/custom_function.py [--device cpu|cuda|cuda:N]
"""
import argparse
import math

import gradlib as torch


class LegendrePolynomial3(torch.autograd.Function):
    """P3(x) = (5x^3 - 3x) / 2, with its derivative written by hand: P3'(x) = 1.5 (5x^2 - 1)."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


def fit(device="cpu", steps=2000, verbose=True):
    """Gradient descent on y = a + b P3(c + d x); returns (final loss, a, b, c, d)."""
    dtype = torch.float64
    x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
    y = torch.sin(x)
    a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
    b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
    c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
    d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)
    learning_rate = 5e-6
    for t in range(steps):
        P3 = LegendrePolynomial3.apply
        y_pred = a + b * P3(c + d * x)
        loss = (y_pred - y).pow(2).sum()
        if verbose and t % 100 == 99:
            print(t, loss.item())
        loss.backward()
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    if verbose:
        print(f"Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)")
    return loss.item(), a.item(), b.item(), c.item(), d.item()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", metavar="{cpu,cuda,cuda:N}", default="cpu")
    fit(parser.parse_args().device)
