"""Registry entry of helper waits8's op: ``torch.poisson`` draws random counts, so a float64 sample cannot compare
values across calls; tests/test_waits8.py checks PyTorch's draws on the CPU (recorded), the draws' mean on every
device, and its gradient, zero everywhere as PyTorch's PoissonBackward0 gives."""

SAMPLES = []

COVERED_ELSEWHERE = {"PoissonBackward0": "tests/test_waits8.py: PyTorch's recorded draws, the mean on every device, "
                                         "and the zero gradient PyTorch defines"}
