"""Registry entries of helper gaps6b's ops (ops/gamma_grads.py). No float64 sample: ``_standard_gamma`` draws
random numbers (its implicit-reparameterization gradient is not the derivative of a fixed function, so gradcheck
cannot check it), and ``_standard_gamma_grad`` / ``_dirichlet_grad`` refuse to be differentiated, as PyTorch's."""

SAMPLES = []

#: their backward raises PyTorch's NotImplementedError ("the derivative for '_standard_gamma_grad' is not
#: implemented.")
NONDIFFERENTIABLE = ("StandardGammaGradBackward", "DirichletGradBackward")

COVERED_ELSEWHERE = {
    "StandardGammaBackward0": "tests/test_gamma_grads.py: the gradient is _standard_gamma_grad at the drawn sample "
                              "(that formula recorded from PyTorch on fixed samples) and Monte Carlo expectations",
}
