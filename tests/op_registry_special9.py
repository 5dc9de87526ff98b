"""Registry entries of helper special9's ops (ops/special_functions.py). Their samples live in
tests/test_special9.py: values on grids through every branch and edge against PyTorch's recorded ones
(tests/reference/special9.py, torch_special9.json), gradients and node names, gradcheck and gradgradcheck in
float64 (zeta and igamma/igammac in their second argument: PyTorch does not differentiate the first)."""

SAMPLES = []

_WHY = "tests/test_special9.py: PyTorch's recorded values and gradients, gradcheck/gradgradcheck in float64"

COVERED_ELSEWHERE = {name: _WHY for name in (
    "I0Backward0", "SpecialI0EBackward0", "SpecialI1Backward0", "SpecialI1EBackward0", "SpecialErfcxBackward0",
    "SpecialNdtriBackward0", "SpecialLogNdtrBackward0", "SpecialZetaBackward0", "SpecialZetaBackward1",
    "SpecialZetaBackward2", "IgammaBackward0", "IgammacBackward0")}

#: the functions PyTorch does not differentiate (Bessel/Airy functions, the orthogonal polynomials): their
#: results never require grad (tests/test_special9.py checks it and their values)
NONDIFFERENTIABLE = ("SpecialUnary", "SpecialPolynomial")
