"""Regression with nn.Module and an optimizer: fit a noisy 1-D function with a small MLP, mini-batches from a
DataLoader, and a learning-rate schedule; then save the model and load it back.

    python examples/regression.py [--device cpu|cuda|cuda:N]
"""
import argparse
import math
import os
import tempfile

import gradlib
from gradlib import nn
from gradlib.utils.data import DataLoader, TensorDataset


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", metavar="{cpu,cuda,cuda:N}", default=None)
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args()
    device = args.device or ("cuda" if gradlib.cuda.is_available() else "cpu")
    gradlib.manual_seed(0)
    # The data are drawn on the CPU and moved: each device has its own random stream (as in PyTorch), and this
    # way every device sees the same data and the model (initialized on the CPU) the same starting weights.
    x = gradlib.rand(512, 1) * 6 - 3
    y = gradlib.sin(x) + 0.3 * x + gradlib.randn(512, 1) * 0.05
    x, y = x.to(device), y.to(device)
    loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True, generator=gradlib.Generator().manual_seed(0))
    model = nn.Sequential(nn.Linear(1, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, 1)).to(device)
    optimizer = gradlib.optim.Adam(model.parameters(), lr=1e-2)
    scheduler = gradlib.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=3)
    loss_fn = nn.MSELoss()
    for epoch in range(1, args.epochs + 1):
        total = 0.0
        for batch_x, batch_y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(batch_x), batch_y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch_x)
        scheduler.step(total / len(x))
        if epoch % 10 == 0:
            print(f"epoch {epoch:3d}  mse {total / len(x):.5f}  lr {optimizer.param_groups[0]['lr']:.4g}")
    path = os.path.join(tempfile.mkdtemp(), "regression.pt")
    gradlib.save(model.state_dict(), path)
    restored = nn.Sequential(nn.Linear(1, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, 1))
    restored.load_state_dict(gradlib.load(path, map_location=device))
    restored.to(device)
    grid = gradlib.linspace(-3, 3, 7, device=device).reshape(-1, 1)
    with gradlib.no_grad():
        error = (restored(grid) - (gradlib.sin(grid) + 0.3 * grid)).abs().max().item()
    print(f"max error of the restored model on a grid: {error:.4f} (noise std 0.05)")
    if error > 0.15 or not math.isfinite(error):
        raise SystemExit("regression did not fit")


if __name__ == "__main__":
    main()
