"""Registry entries of helper complex8's ops (ops/complex_ops.py, ops/fft_ops.py). The registry's samples are
float tensors and its recorder serializes real values only, so the complex ops are checked by
tests/test_complex8.py instead: gradcheck and gradgradcheck of each (complex inputs and outputs through their real
and imaginary parts, PyTorch's convention) and PyTorch's recorded values, gradients and node names
(tests/reference/torch_complex8.json)."""

SAMPLES = []

_WHY = "tests/test_complex8.py: gradcheck/gradgradcheck on complex128 and PyTorch's recorded values and gradients"

COVERED_ELSEWHERE = {name: _WHY for name in (
    "ConjBackward0", "RealBackward", "ImagBackward", "AngleBackward0", "SgnBackward0", "ComplexBackward0",
    "PolarBackward0", "ViewAsRealBackward0", "ViewAsComplexBackward0", "FftC2CBackward0", "FftR2CBackward0",
    "FftR2CInverse", "FftR2COnesided", "FftC2RBackward0")}
