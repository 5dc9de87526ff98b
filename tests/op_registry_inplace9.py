"""Registry entries of helper inplace9: the nodes PyTorch records for in-place functions only (``elu_`` records
EluBackward1, ``fill_`` FillBackward2, ``zero_`` ZeroBackward0). No float64 sample of an out-of-place op reaches
them; tests/test_inplace9.py records their names, values and gradients against PyTorch and runs gradcheck and
gradgradcheck through them on every device."""

SAMPLES = []
_WHY = "tests/test_inplace9.py: PyTorch's recorded grad_fn name, value and gradient; gradcheck and gradgradcheck"
COVERED_ELSEWHERE = {name: _WHY for name in (
    "LeakyReluBackward1", "EluBackward1", "CeluBackward1", "ThresholdBackward1", "RreluWithNoiseBackward1",
    "FillBackward2", "ZeroBackward0")}
