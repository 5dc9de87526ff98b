"""Record the float32 bits PyTorch's CPU kernels give for the transcendental functions the p178-p187 programs
needed (``record()``, section 'progs8c'): exp, expm1, log, log1p, log2, log10, sin, cos, tan, asin, acos, atan,
sinh, cosh and tanh of float32 inputs spread over each function's domain, the edge values (0, -0, +-inf, nan,
subnormals, the ends of the domain) among them. PyTorch computes them with SLEEF's 1-ulp vectorized functions;
gradlib rounds the float64 result (gradlib/ops/_libm.py), which is SLEEF's for nearly every input.
Writes ``tests/reference/torch_progs8c.json``: {function: {"inputs": [int32 bits], "outputs": [int32 bits]}};
tests/test_progs8c_libm.py compares gradlib's bits.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs8c.json"
COUNT = 1000

# function: (low, high) of the inputs, drawn from a fixed-seed generator
DOMAINS = {"exp": (-20.0, 20.0), "expm1": (-3.0, 3.0), "log": (1e-4, 1e3), "log1p": (-0.9, 10.0),
           "log2": (1e-4, 1e3), "log10": (1e-4, 1e3), "sin": (-10.0, 10.0), "cos": (-10.0, 10.0),
           "tan": (-1.5, 1.5), "asin": (-1.0, 1.0), "acos": (-1.0, 1.0), "atan": (-20.0, 20.0),
           "sinh": (-5.0, 5.0), "cosh": (-5.0, 5.0), "tanh": (-6.0, 6.0)}
EDGES = [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-40, -1e-40, 1.0, -1.0, 0.5, 100.0, -100.0]


def inputs(torch, low, high):
    generator = torch.Generator().manual_seed(8)
    drawn = torch.empty(COUNT).uniform_(low, high, generator=generator)
    return torch.cat([torch.tensor(EDGES), drawn])


def record():
    import torch
    recorded = {}
    for name, (low, high) in DOMAINS.items():
        x = inputs(torch, low, high)
        out = getattr(torch, name)(x)
        recorded[name] = {"inputs": x.view(torch.int32).tolist(), "outputs": out.view(torch.int32).tolist()}
    PATH.write_text(json.dumps(recorded) + "\n")
    print(f"wrote {len(recorded)} functions to {PATH.name}")
