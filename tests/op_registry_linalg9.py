"""Registry entries of helper linalg9's nodes (ops/lu.py, ops/lu_solve.py, ops/linalg_compose.py, ops/eig.py,
ops/householder.py, ops/triangular_solve.py).
Their outputs are integer pivots beside the differentiable factors, or complex, which the registry's float samples
do not serialize, so tests/test_linalg9.py covers them: gradcheck and gradgradcheck in float64 and complex128 on every
device, and PyTorch's recorded values, gradients, node names and errors (tests/reference/torch_linalg9.json)."""

SAMPLES = []

_WHY = "tests/test_linalg9.py: gradcheck/gradgradcheck (float64, complex128) and PyTorch's recorded values"

COVERED_ELSEWHERE = {name: _WHY for name in (
    "LinalgLuFactorExBackward0", "LinalgLuBackward0", "LinalgLuSolveBackward0", "LuUnpackBackward0", "VdotBackward0",
    "LinalgEigBackward0", "LinalgHouseholderProductBackward0",
    "TriangularSolveBackward0", "CholeskyBackward0", "GeqrfBackward0")}
