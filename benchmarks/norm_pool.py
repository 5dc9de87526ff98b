"""Training steps of a small CNN with normalization and pooling (forward + backward, batch 32x3x28x28), the ops
that are single nodes since issue 15 (batch_norm, group_norm, avg_pool2d, adaptive_avg_pool2d,
conv_transpose2d): gradlib vs PyTorch, the minimum and the median of the repetitions.

    python -m benchmarks.norm_pool
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy  # noqa: E402

import gradlib  # noqa: E402

from .harness import measure, summarize  # noqa: E402


def _steps(lib):
    rng = numpy.random.default_rng(0)
    functional = lib.nn.functional

    def tensor(*shape, scale=1.0, grad=True):
        return lib.tensor(rng.standard_normal(shape) * scale, dtype=lib.float32, requires_grad=grad)

    x = tensor(32, 3, 28, 28, grad=False)
    w1, w2, wt = tensor(16, 3, 3, 3, scale=0.1), tensor(16, 16, 3, 3, scale=0.1), tensor(16, 8, 2, 2, scale=0.1)
    g1, b1, g2, b2 = (tensor(16) for _ in range(4))
    running_mean, running_var = lib.zeros(16), lib.ones(16)

    def batch_norm_step():
        h = functional.conv2d(x, w1, padding=1)
        h = functional.relu(functional.batch_norm(h, running_mean, running_var, g1, b1, training=True))
        h = functional.avg_pool2d(h, 2)
        h = functional.conv2d(h, w2, padding=1)
        h = functional.relu(functional.batch_norm(h, running_mean, running_var, g2, b2, training=True))
        functional.adaptive_avg_pool2d(h, 3).sum().backward()

    def group_norm_step():
        h = functional.conv2d(x, w1, padding=1)
        h = functional.relu(functional.group_norm(h, 4, g1, b1))
        h = functional.avg_pool2d(h, 2)
        functional.conv_transpose2d(h, wt, stride=2).sum().backward()

    return {"conv-batchnorm-relu-avgpool-conv-batchnorm-adaptive": batch_norm_step,
            "conv-groupnorm-relu-avgpool-convtranspose": group_norm_step}


def main(repeats=20):
    libraries = [gradlib]
    try:
        import torch
        torch.set_num_threads(1)
        libraries.append(torch)
    except ImportError:
        pass
    steps = {lib.__name__: _steps(lib) for lib in libraries}
    for workload in steps["gradlib"]:
        times = measure({name: steps[name][workload] for name in steps}, repeats=repeats)
        print(workload)
        for name, seconds in times.items():
            print(f"  {name:8s} min {min(seconds) * 1e3:7.2f} ms  median {summarize(seconds)['median'] * 1e3:7.2f} ms")


if __name__ == "__main__":
    main()
