"""Registry entry of helper progs9's op: ``torch.linalg.eig``/``eigvals`` (LinalgEigBackward0) turns real matrices
into complex eigenvalues and eigenvectors defined up to a phase, which the float64 sample harness (real values,
real gradients compared entry by entry) cannot hold; tests/test_progs9_apis.py checks PyTorch's recorded values and
gradients for real and complex inputs, and gradcheck/gradgradcheck of eigvals and of phase-invariant losses of the
eigenvectors on every device."""

SAMPLES = []

COVERED_ELSEWHERE = {"LinalgEigBackward0": "tests/test_progs9_apis.py: PyTorch's recorded eig/eigvals values and "
                                           "gradients (real and complex inputs), gradcheck and gradgradcheck"}
