"""torch.func, torch.testing, torch.autograd.forward_ad and torch.distributions snippets print what PyTorch
printed (recorded by tests/reference/funcs.py into torch_funcs.json), on the device under test; and the
transforms' values agree with gradlib's own autograd where no recording is needed."""
import contextlib
import io
import json
import pathlib
import sys

import pytest

import gradlib
import gradlib.run
from device_text import device_name, without_device_suffix

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_funcs.json").read_text())
SNIPPETS = RECORDED["snippets"]


def _run(snippet):
    output = io.StringIO()
    was_installed = gradlib.run._FINDER in sys.meta_path
    gradlib.run.install()  # `from torch.func import vmap` as the runner maps it
    with contextlib.redirect_stdout(output):
        try:
            exec(snippet, {"torch": gradlib})
        except Exception as error:  # the snippet's printed error is what is compared
            print(f"{type(error).__name__}: {error}")
        finally:
            if not was_installed:
                gradlib.run.uninstall()
    return output.getvalue()


def test_there_are_snippets():
    assert len(SNIPPETS) >= 100


@pytest.mark.parametrize("snippet", sorted(SNIPPETS), ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    printed = without_device_suffix(_run(snippet), device)  # the snippets run on the default device
    # under the runner gradlib's reprs say torch. (torch.Size), its classes' homes gradlib. (<class 'gradlib.Tensor'>)
    printed, expected = printed.replace("gradlib.", "torch."), SNIPPETS[snippet]
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


# ----- what the snippets cannot show: devices, identities between the transforms, restored state ---------------
def test_assert_close_compares_devices(device):
    on_device = gradlib.tensor([1.0, 2.0], device=device)
    gradlib.testing.assert_close(on_device, gradlib.tensor([1.0, 2.0], device=device))
    if gradlib.device(device).type == "cpu":
        return
    on_cpu = gradlib.tensor([1.0, 2.0], device="cpu")
    with pytest.raises(AssertionError, match="The values for attribute 'device' do not match: cuda:\\d+ != cpu."):
        gradlib.testing.assert_close(on_device, on_cpu)
    gradlib.testing.assert_close(on_device, on_cpu, check_device=False)
    with pytest.raises(AssertionError, match="Greatest absolute difference: 1.0 at index \\(1,\\)"):
        gradlib.testing.assert_close(on_device, on_cpu + gradlib.tensor([0.0, 1.0], device="cpu"), check_device=False)


def test_make_tensor_on_the_device(device):
    t = gradlib.testing.make_tensor(3, 4, dtype=gradlib.float64, device=device, low=-2, high=-1,
                                    requires_grad=True)
    assert str(t.device) == device_name(device) and t.requires_grad and t.shape == (3, 4)
    assert bool(((t >= -2) & (t < -1)).all())
    ints = gradlib.testing.make_tensor((50,), dtype=gradlib.int32, device=device, low=-1, high=2, exclude_zero=True)
    assert ints.dtype is gradlib.int32 and not bool((ints == 0).any()) and bool((ints.abs() <= 1).all())


def _random(shape, device, seed):
    return gradlib.tensor(__import__("numpy").random.default_rng(seed).standard_normal(shape), device=device)


@pytest.mark.parametrize("function", [lambda x: x.sin() * x.sum(), lambda x: x.softmax(0).cumsum(0),
                                      lambda x: (x.outer(x) @ x).tanh()])
def test_jvp_vjp_and_jacobians_agree(function, device):
    x = _random(4, device, 0)
    v = _random(4, device, 1)
    jacobian = gradlib.func.jacrev(function)(x)
    gradlib.testing.assert_close(gradlib.func.jacfwd(function)(x), jacobian)
    gradlib.testing.assert_close(gradlib.autograd.functional.jacobian(function, x), jacobian)
    gradlib.testing.assert_close(gradlib.func.jvp(function, (x,), (v,))[1], jacobian @ v)
    gradlib.testing.assert_close(gradlib.func.vjp(function, x)[1](v)[0], v @ jacobian)
    with gradlib.autograd.forward_ad.dual_level():
        dual = gradlib.autograd.forward_ad.make_dual(x, v)
        tangent = gradlib.autograd.forward_ad.unpack_dual(function(dual)).tangent
    gradlib.testing.assert_close(tangent, jacobian @ v)
    assert str(tangent.device) == device_name(device) and not x.requires_grad


def test_hessian_matches_autograd_functional(device):
    def f(x):
        return (x.exp() * x.roll(1)).sum()
    x = _random(3, device, 2)
    expected = gradlib.autograd.functional.hessian(f, x)
    gradlib.testing.assert_close(gradlib.func.hessian(f)(x), expected)
    gradlib.testing.assert_close(gradlib.func.jacrev(gradlib.func.jacrev(f))(x), expected)
    gradlib.testing.assert_close(gradlib.func.jacfwd(gradlib.func.grad(f))(x), expected)


def test_per_sample_gradients_equal_one_backward_per_sample(device):
    model = gradlib.nn.Sequential(gradlib.nn.Linear(3, 4), gradlib.nn.ReLU(), gradlib.nn.Linear(4, 2)).to(device)
    x = _random((5, 3), device, 3).float()
    y = gradlib.tensor([0, 1, 1, 0, 1], device=device)
    params = {k: v.detach() for k, v in model.named_parameters()}

    def loss(params, sample, target):
        out = gradlib.func.functional_call(model, params, (sample.unsqueeze(0),))
        return gradlib.nn.functional.cross_entropy(out, target.unsqueeze(0))

    per_sample = gradlib.func.vmap(gradlib.func.grad(loss), in_dims=(None, 0, 0))(params, x, y)
    for i in range(5):
        model.zero_grad()
        gradlib.nn.functional.cross_entropy(model(x[i:i + 1]), y[i:i + 1]).backward()
        for name, p in model.named_parameters():
            gradlib.testing.assert_close(per_sample[name][i], p.grad)
            assert str(per_sample[name].device) == device_name(device)


def test_functional_call_puts_the_module_back_after_an_error(device):
    layer = gradlib.nn.Linear(2, 2).to(device)
    weight = layer.weight
    with pytest.raises(RuntimeError):
        gradlib.func.functional_call(layer, {"weight": gradlib.ones(3, 3, device=device)},
                                     gradlib.ones(1, 2, device=device))
    assert layer.weight is weight and isinstance(layer.weight, gradlib.nn.Parameter)
    out = gradlib.func.functional_call(layer, {"extra": gradlib.ones(1, device=device)},
                                       gradlib.ones(1, 2, device=device))
    assert out.shape == (1, 2) and not hasattr(layer, "extra")


def test_vmap_nested_in_dims_and_randomness(device):
    x = _random((3, 2), device, 4)
    out = gradlib.func.vmap(lambda d, s: d["a"] * s + d["b"], in_dims=({"a": 0, "b": None}, None))(
        {"a": x, "b": gradlib.ones(2, device=device)}, 2.0)
    gradlib.testing.assert_close(out, x * 2 + 1)
    same = gradlib.func.vmap(lambda v: gradlib.randn(2, device=device) + v * 0, randomness="same")(x)
    gradlib.testing.assert_close(same[0], same[1])
    gradlib.testing.assert_close(same[0], same[2])
    different = gradlib.func.vmap(lambda v: gradlib.randn(2, device=device) + v * 0, randomness="different")(x)
    assert not gradlib.equal(different[0], different[1])


def test_make_dual_refuses_a_tangent_on_another_device(device):
    if gradlib.device(device).type == "cpu":
        pytest.skip("needs a second device")
    with gradlib.autograd.forward_ad.dual_level():
        with pytest.raises(RuntimeError, match="same device"):
            gradlib.autograd.forward_ad.make_dual(gradlib.ones(2, device=device), gradlib.ones(2, device="cpu"))


@pytest.mark.parametrize("make", [
    lambda D, dev: D.Normal(gradlib.zeros(2, device=dev), gradlib.ones(2, device=dev)),
    lambda D, dev: D.Gamma(gradlib.ones(2, device=dev) * 2, gradlib.ones(2, device=dev)),
    lambda D, dev: D.Beta(gradlib.ones(2, device=dev) * 2, gradlib.ones(2, device=dev) * 3),
    lambda D, dev: D.Dirichlet(gradlib.ones(2, 3, device=dev)),
    lambda D, dev: D.Poisson(gradlib.ones(2, device=dev) * 4),
    lambda D, dev: D.Exponential(gradlib.ones(2, device=dev)),
    lambda D, dev: D.Laplace(gradlib.zeros(2, device=dev), gradlib.ones(2, device=dev)),
    lambda D, dev: D.LogNormal(gradlib.zeros(2, device=dev), gradlib.ones(2, device=dev)),
    lambda D, dev: D.MultivariateNormal(gradlib.zeros(2, 3, device=dev), gradlib.eye(3, device=dev)),
    lambda D, dev: D.OneHotCategorical(logits=gradlib.zeros(2, 4, device=dev)),
    lambda D, dev: D.Independent(D.Normal(gradlib.zeros(2, 3, device=dev), gradlib.ones(2, 3, device=dev)), 1),
])
def test_samples_have_the_shape_dtype_and_device_and_log_probs_are_finite(make, device):
    d = make(gradlib.distributions, device)
    sample = d.sample((5,))
    assert sample.shape == (5,) + tuple(d.batch_shape) + tuple(d.event_shape)
    assert str(sample.device) == device_name(device) and sample.dtype is gradlib.float32
    assert bool(d.log_prob(sample).isfinite().all())
    assert d.log_prob(sample).shape == (5,) + tuple(d.batch_shape)


def test_gamma_samples_follow_the_moments(device):
    d = gradlib.distributions.Gamma(gradlib.tensor([2.0, 5.0], device=device),
                                    gradlib.tensor([1.0, 2.0], device=device))
    draws = d.sample((20000,))
    gradlib.testing.assert_close(draws.mean(0), d.mean, rtol=0.05, atol=0.0)
    gradlib.testing.assert_close(draws.var(0), d.variance, rtol=0.1, atol=0.0)
    mvn = gradlib.distributions.MultivariateNormal(gradlib.tensor([1.0, -1.0], device=device),
                                                   gradlib.tensor([[2.0, 0.6], [0.6, 1.0]], device=device))
    draws = mvn.sample((20000,))
    centred = draws - draws.mean(0)
    gradlib.testing.assert_close(centred.T @ centred / 20000, mvn.covariance_matrix, rtol=0.0, atol=0.08)


def test_torch_vmap_is_func_vmap(device):
    """PyTorch exports vmap at the top level too (torch.vmap is torch.func.vmap)."""
    assert gradlib.vmap is gradlib.func.vmap
    x = gradlib.arange(6.0, device=device).view(2, 3)
    assert gradlib.vmap(lambda row: row.sum())(x).tolist() == [3.0, 12.0]
