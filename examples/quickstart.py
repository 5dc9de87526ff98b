"""gradlib's main example: the seed tutorials' gradients, then a small model trained from scratch.

Runs on CUDA when a GPU and CuPy are present, else on the CPU (or pass --device cpu|cuda|cuda:N).

    python examples/quickstart.py
"""
import argparse
import time

import gradlib as torch


def seed_gradients():
    """The deterministic gradients of the five seed tutorials, as PyTorch prints them."""
    print("== The seeds' gradients ==")
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    print("out = mean(3 (x + 2)^2) =", out)
    out.backward()
    print("d(out)/dx =", x.grad)

    x = torch.tensor(2., requires_grad=True)
    y = torch.tensor(3., requires_grad=True)
    z = y * torch.log(x) + torch.sin(y)
    z.backward()
    print("z = y log(x) + sin(y) =", z, "  dz/dx =", x.grad, "  dz/dy =", y.grad)

    x = torch.tensor(2., requires_grad=True)
    y = torch.tensor(3., requires_grad=True)
    u = x + y
    u.retain_grad()
    (u ** 2).backward()
    print("z = (x + y)^2: dz/du =", u.grad, "  dz/dx =", x.grad)

    x = torch.tensor([-0.5, 0.25, 1.5], requires_grad=True)
    y = x * 2
    for _ in range(10):
        y = y * 2
    y.backward(torch.tensor([0.1, 1.0, 0.0001]))
    print("vector-Jacobian product of y = 2^11 x with v = [0.1, 1, 0.0001]:", x.grad)

    weights = torch.ones(4, requires_grad=True)
    for _ in range(3):
        model_output = (weights * 3).sum()
        model_output.backward()
        with torch.no_grad():
            weights -= 0.1 * weights.grad
        weights.grad.zero_()
    print("weights after 3 manual SGD steps:", weights)

    x = torch.ones(1, requires_grad=True)
    y = 2 * x
    x.data *= 100
    y.backward()
    print("changing .data is not tracked:", x, x.grad)


def train(device, steps):
    """Fit y = sin(x) on [-3, 3] with a 1-32-32-1 tanh network and plain gradient descent."""
    print(f"\n== Training a small MLP on {device} ==")
    torch.manual_seed(0)
    x = torch.linspace(-3, 3, 256, device=device).reshape(-1, 1)
    target = torch.sin(x)

    def layer(fan_in, fan_out):
        scale = (1.0 / fan_in) ** 0.5
        # drawn on the CPU, as nn.Linear does, so that every device starts from the same weights
        weight = (torch.randn(fan_in, fan_out) * scale).to(device).requires_grad_()
        bias = torch.zeros(fan_out, device=device, requires_grad=True)
        return weight, bias

    params = [*layer(1, 32), *layer(32, 32), *layer(32, 1)]
    w1, b1, w2, b2, w3, b3 = params
    velocity = [torch.zeros_like(p) for p in params]
    started = time.perf_counter()
    for step in range(1, steps + 1):
        hidden = torch.tanh(x @ w1 + b1)
        hidden = torch.tanh(hidden @ w2 + b2)
        prediction = hidden @ w3 + b3
        loss = ((prediction - target) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for param, v in zip(params, velocity):
                v.mul_(0.9).add_(param.grad)
                param -= 0.05 * v
                param.grad = None
        if step == 1 or step % (steps // 5) == 0:
            print(f"step {step:5d}  loss {loss.item():.6f}")
    elapsed = time.perf_counter() - started
    print(f"final loss {loss.item():.6f} after {steps} steps ({elapsed / steps * 1e3:.2f} ms/step)")
    return loss.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", metavar="{cpu,cuda,cuda:N}", default=None,
                        help="default: cuda when available, else cpu")
    parser.add_argument("--steps", type=int, default=1500)
    args = parser.parse_args()
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    seed_gradients()
    final = train(device, args.steps)
    if final > 0.01:
        raise SystemExit(f"training did not converge (loss {final:.4f})")


if __name__ == "__main__":
    main()
