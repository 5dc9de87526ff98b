"""The issue-15 APIs against PyTorch's recorded behaviour (tests/reference/torch_apis.json, cases in
tests/reference/apis_cases.py): printing, values at edges, errors, dtypes, grad_fn names, random draws' shapes,
ranges and errors; plus checks that need no recording (accuracy of the special functions, random
distributions, generator streams), on each device."""
import json
import math
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.apis_cases import CASES
from reference.serialize import serialize
from test_torch_reference import _DEVICE, _compare, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_apis.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py apis"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    _DEVICE[0] = device
    expected = RECORDED[name]
    if name == "accelerator" and device != "cpu":
        expected = {"result": {"a": True, "c": "cuda", "n": gradlib.cuda.device_count()}}
    if name == "type_strings" and device != "cpu":  # PyTorch's names for CUDA tensors
        expected = {"result": dict(expected["result"], t="torch.cuda.FloatTensor", i="torch.cuda.LongTensor")}
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {"torch": gradlib}
        if "error" in expected:
            error_type, message = expected["error"]
            with pytest.raises(Exception) as caught:
                exec(CASES[name], scope)
                if device != "cpu":
                    gradlib.cuda.synchronize(device)  # a value checked on the GPU raises at the next sync
            found = normalize(without_device_suffix(str(caught.value), device))
            if device != "cpu" and "device-side assert triggered" in found:
                return  # an index checked on the GPU: PyTorch's CUDA kernel asserts there (see backends/deferred.py)
            assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
            if device == "cpu":
                assert found == normalize(message)
            else:  # a deferred check adds where it was found
                assert found.startswith(normalize(message)), found
            return
        exec(CASES[name], scope)
    finally:
        gradlib.set_default_device(previous)
    found = {key: serialize(value) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    for key in expected["result"]:
        _compare(found[key], expected["result"][key], f"{name}.{key}")


def test_special_functions_accuracy(device):
    """lgamma against math.lgamma, erfinv against math.erf (its inverse), digamma against a central difference
    of math.lgamma: float64 to about 1e-12 relative over a wide range."""
    points = [0.013, 0.3, 0.7, 1.2, 1.9, 2.5, 4.4, 7.7, 15.2, 37.0, 170.3, 1e5, -0.3, -1.7, -5.5, -12.25]
    x = gradlib.tensor(points, dtype=gradlib.float64, device=device)
    lgamma = gradlib.lgamma(x).tolist()
    for value, found in zip(points, lgamma):
        assert math.isclose(found, math.lgamma(value), rel_tol=1e-12, abs_tol=1e-13), value
    digamma = gradlib.digamma(x).tolist()
    for value, found in zip(points, digamma):
        step = 1e-5 * max(1.0, abs(value))
        expected = (math.lgamma(value + step) - math.lgamma(value - step)) / (2 * step)
        assert math.isclose(found, expected, rel_tol=1e-6, abs_tol=1e-6), value
    # trigamma is PyTorch's own series since session 15 (fuzz15: its values bit for bit, tests/test_fuzz15.py), good
    # to about 1e-10 relative: known closed forms
    closed = gradlib.polygamma(1, gradlib.tensor([1.0, 0.5], dtype=gradlib.float64, device=device)).tolist()
    assert math.isclose(closed[0], math.pi ** 2 / 6, rel_tol=1e-9) and math.isclose(closed[1], math.pi ** 2 / 2,
                                                                                    rel_tol=1e-9)
    higher = [gradlib.polygamma(n, gradlib.tensor([1.0], dtype=gradlib.float64, device=device)).item()
              for n in (2, 3)]
    assert math.isclose(higher[0], -2.4041138063191885, rel_tol=1e-13)
    assert math.isclose(higher[1], math.pi ** 4 / 15, rel_tol=1e-13)
    probabilities = [-(1 - 1e-15), -0.999999, -0.9, -0.5, -1e-8, 0.0, 0.25, 0.75, 0.99, 0.9999999]
    inverse = gradlib.erfinv(gradlib.tensor(probabilities, dtype=gradlib.float64, device=device)).tolist()
    for p, y in zip(probabilities, inverse):
        assert math.isclose(math.erf(y), p, rel_tol=1e-13, abs_tol=1e-15), p


def test_random_distributions(device):
    gradlib.manual_seed(0)
    n = 20000
    normal = gradlib.normal(gradlib.full((n,), 2.0, device=device), 3.0)
    assert abs(normal.mean().item() - 2.0) < 0.1 and abs(normal.std().item() - 3.0) < 0.1
    filled = gradlib.empty(n, device=device).normal_(-1.0, 0.5)
    assert abs(filled.mean().item() + 1.0) < 0.03 and abs(filled.std().item() - 0.5) < 0.03
    uniform = gradlib.empty(n, device=device).uniform_(-2, 4)
    assert -2 <= uniform.min().item() and uniform.max().item() < 4 and abs(uniform.mean().item() - 1.0) < 0.1
    coin = gradlib.full((n,), 0.3, device=device).bernoulli()
    assert abs(coin.mean().item() - 0.3) < 0.02
    exponential = gradlib.empty(n, device=device).exponential_(4.0)
    assert abs(exponential.mean().item() - 0.25) < 0.02
    weights = gradlib.tensor([1.0, 0.0, 3.0], device=device)
    drawn = gradlib.multinomial(weights, n, replacement=True)
    counts = gradlib.bincount(drawn, minlength=3).tolist() if hasattr(gradlib, "bincount") else [
        (drawn == k).sum().item() for k in range(3)]
    assert counts[1] == 0 and abs(counts[2] / n - 0.75) < 0.02
    # without replacement: the first draw follows the weights, the second is never the first
    pairs = gradlib.multinomial(gradlib.tensor([[1.0, 0.0, 3.0]] * 4000, device=device), 2)
    assert (pairs[:, 0] != pairs[:, 1]).all().item()
    assert abs((pairs[:, 0] == 2).float().mean().item() - 0.75) < 0.03
    permutation = gradlib.randperm(50, device=device)
    assert sorted(permutation.tolist()) == list(range(50)) and permutation.device.type == gradlib.device(device).type


def test_generator_streams(device):
    generator = gradlib.Generator(device=device).manual_seed(7)
    first = gradlib.randn(5, generator=generator, device=device)
    again = gradlib.randn(5, generator=gradlib.Generator(device=device).manual_seed(7), device=device)
    assert gradlib.equal(first, again)
    state = generator.get_state()
    a = gradlib.empty(4, device=device).uniform_(generator=generator)
    generator.set_state(state)
    b = gradlib.empty(4, device=device).uniform_(generator=generator)
    assert gradlib.equal(a, b) and state.device == gradlib.device("cpu") and state.dtype is gradlib.uint8
    if device != "cpu":
        with pytest.raises(RuntimeError, match="Expected a 'cuda' device type for generator but found 'cpu'"):
            gradlib.rand(2, device=device, generator=gradlib.Generator())


def test_sort_matches_stable_order_and_gradient(device):
    x = gradlib.tensor([[2.0, 1.0, 2.0, 1.0, 0.5]], device=device, requires_grad=True)
    values, indices = x.sort(descending=True, stable=True)
    assert indices.tolist() == [[0, 2, 1, 3, 4]]
    (values * gradlib.tensor([[1.0, 2.0, 3.0, 4.0, 5.0]], device=device)).sum().backward()
    assert x.grad.tolist() == [[1.0, 3.0, 2.0, 4.0, 5.0]]


def test_unique_and_nonzero_on_device(device):
    t = gradlib.tensor([3, 1, 3, 0], device=device)
    values, counts = gradlib.unique(t, return_counts=True)
    assert values.device == t.device and values.tolist() == [0, 1, 3] and counts.tolist() == [1, 1, 2]
    assert gradlib.nonzero(t).device == t.device and gradlib.nonzero(t).tolist() == [[0], [1], [2]]


def test_cuda_uses_the_library_special_functions(device):
    """On CuPy, lgamma/digamma/polygamma/erfinv are cupyx.scipy.special's kernels; on the CPU gradlib's code."""
    backend = gradlib.device(device)._backend or gradlib.backends.backend_for(gradlib.device(device))
    names = ("gammaln", "digamma", "polygamma", "erfinv")
    if gradlib.device(device).type == "cuda":
        assert all(backend.special_function(name) is not None for name in names)
    else:
        assert all(backend.special_function(name) is None for name in names)


def test_cuda_seeding(device):
    """torch.cuda.manual_seed(_all) seeds the GPUs' generators (a no-op on a CPU-only run, as PyTorch's)."""
    gradlib.cuda.manual_seed(11)
    first = gradlib.rand(3, device=device)
    gradlib.cuda.manual_seed_all(11)
    again = gradlib.rand(3, device=device)
    if not gradlib.cuda.is_available():  # PyTorch's CPU build: initial_seed initializes CUDA (tests/test_cuda9.py)
        with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled"):
            gradlib.cuda.initial_seed()
        return
    assert gradlib.cuda.initial_seed() == 11
    if gradlib.device(device).type == "cuda":
        assert gradlib.equal(first, again)
    gradlib.cuda.seed_all()
    assert gradlib.cuda.initial_seed() != 11


def test_distribution_samples(device):
    """Draws follow the distributions (moments, frequencies) and rsample is differentiable in the parameters."""
    D = gradlib.distributions
    gradlib.manual_seed(3)
    loc = gradlib.tensor([1.0, -2.0], device=device, requires_grad=True)
    scale = gradlib.tensor([0.5, 2.0], device=device, requires_grad=True)
    draws = D.Normal(loc, scale).rsample((20000,))
    assert draws.shape == (20000, 2)
    assert gradlib.allclose(draws.mean(0), loc.detach(), atol=0.05) and gradlib.allclose(
        draws.std(0), scale.detach(), atol=0.05)
    draws.sum().backward()
    assert loc.grad.tolist() == [20000.0, 20000.0]
    counts = gradlib.bincount(D.Categorical(probs=gradlib.tensor([0.1, 0.0, 0.9], device=device)).sample((20000,)),
                              minlength=3).tolist()
    assert counts[1] == 0 and abs(counts[2] / 20000 - 0.9) < 0.02
    coins = D.Bernoulli(logits=gradlib.zeros(20000, device=device)).sample()
    assert abs(coins.mean().item() - 0.5) < 0.02
    uniform = D.Uniform(gradlib.tensor(-1.0, device=device), 3.0).sample((10000,))
    assert -1 <= uniform.min().item() and uniform.max().item() < 3
