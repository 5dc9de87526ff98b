"""PyTorch's implicit-reparameterization gradients on fixed grids of samples: ``_standard_gamma_grad(alpha, x)``
(each branch: x < 0.8, alpha > 8 near and away from the mode, the rational fit) and ``_dirichlet_grad(x, alpha,
total)`` (x near 0, near 1, both concentrations large, the rational fit), in float64 and float32. Written once
for gradlib and PyTorch; ``python tests/reference/record_torch.py gamma_grads`` writes ``torch_gamma_grads.json``
and tests/test_gamma_grads.py demands gradlib reproduce it."""
import json
import pathlib

ALPHAS = (0.05, 0.3, 1.0, 2.5, 7.9, 8.5, 20.0, 150.0)
GAMMA_XS = (1e-3, 0.05, 0.5, 0.79, 0.81, 1.7, 6.0, 8.4, 9.0, 18.5, 21.0, 30.0, 140.0, 160.0)
DIRICHLET_XS = (1e-3, 0.02, 0.2, 0.45, 0.5, 0.55, 0.8, 0.97, 0.999)
DIRICHLET_PAIRS = ((0.3, 0.7), (1.0, 4.0), (2.0, 5.0), (3.0, 3.5), (7.0, 15.0), (30.0, 40.0), (0.8, 20.0))


def gamma_grid(lib, dtype):
    alpha = lib.tensor([a for a in ALPHAS for _ in GAMMA_XS], dtype=dtype)
    x = lib.tensor([x for _ in ALPHAS for x in GAMMA_XS], dtype=dtype)
    return alpha, x


def dirichlet_grid(lib, dtype):
    rows = [(x, alpha, alpha + beta) for alpha, beta in DIRICHLET_PAIRS for x in DIRICHLET_XS]
    x, alpha, total = zip(*rows)
    return lib.tensor(x, dtype=dtype), lib.tensor(alpha, dtype=dtype), lib.tensor(total, dtype=dtype)


def observe(lib, device, dtype_name):
    dtype = getattr(lib, dtype_name)
    alpha, x = (t.to(device) for t in gamma_grid(lib, dtype))
    x_d, alpha_d, total_d = (t.to(device) for t in dirichlet_grid(lib, dtype))
    return {"standard_gamma_grad": lib._standard_gamma_grad(alpha, x).tolist(),
            "dirichlet_grad": lib._dirichlet_grad(x_d, alpha_d, total_d).tolist()}


def record():
    import torch
    recorded = {dtype: observe(torch, "cpu", dtype) for dtype in ("float64", "float32")}
    path = pathlib.Path(__file__).parent / "torch_gamma_grads.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote the gamma and Dirichlet reparameterization gradients to {path.name}")
