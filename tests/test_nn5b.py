"""Issue 15's nn gaps B (helper nn5b) against PyTorch's recorded behaviour (tests/reference/torch_nn5b.json,
cases in tests/reference/nn5b_cases.py): module full backward hooks, pruning, parametrizations, RMSNorm, Lazy
modules, margin losses, gumbel_softmax and CTC loss: values, gradients, printing, state_dict keys, errors and
warnings, on each device. Values and gradients of the functions themselves are also checked by the op registry
(tests/op_registry_nn5b.py)."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.nn5b_cases import CASES
from reference.serialize import serialize
from test_torch_reference import _DEVICE, _compare, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nn5b.json").read_text())

#: target checks a GPU makes without waiting for it: the error comes at the next synchronization (PyTorch's CUDA
#: kernels assert on the device)
DEFERRED_ON_GPU = {"multi_margin_loss_target_range", "multilabel_margin_loss_range",
                   "multilabel_margin_loss_range_after_end_bad"}


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py nn5b"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    _DEVICE[0] = device
    expected = RECORDED[name]
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {"torch": gradlib}
        if "error" in expected and name in DEFERRED_ON_GPU and gradlib.device(device).type == "cuda":
            exec(CASES[name], scope)
            with pytest.raises(RuntimeError, match="device-side assert triggered"):
                gradlib.cuda.synchronize(device)
            return
        if "error" in expected:
            error_type, message = expected["error"]
            with pytest.raises(Exception) as caught:
                exec(CASES[name], scope)
            assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
            assert normalize(without_device_suffix(str(caught.value), device)) == normalize(message)
            return
        exec(CASES[name], scope)
    finally:
        gradlib.set_default_device(previous)
    found = {key: serialize(value) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    for key in expected["result"]:
        _compare(found[key], expected["result"][key], f"{name}.{key}")


def test_weight_norm_node_on_empty_input(device):
    """PyTorch's fused kernel kills the process on an empty ``v`` (so nothing is recorded): gradlib's node
    gives an empty result and gradients of the inputs' shapes."""
    v = gradlib.zeros(0, 3, device=device, requires_grad=True)
    g = gradlib.ones(0, 1, device=device, requires_grad=True)
    y = gradlib._weight_norm(v, g, 0)
    assert y.shape == (0, 3) and y.grad_fn.name() == "WeightNormInterfaceBackward0"
    y.sum().backward()
    assert v.grad.shape == (0, 3) and g.grad.shape == (0, 1)


def _gumbel_noise(like, seed):
    """The Gumbel draws gumbel_softmax takes after ``manual_seed(seed)``: -log of exponential draws."""
    gradlib.manual_seed(seed)
    return -gradlib.empty_like(like).exponential_().log()


@pytest.mark.parametrize("tau, dim", [(1.0, -1), (0.3, 0)])
def test_gumbel_softmax_is_softmax_of_perturbed_logits(device, tau, dim):
    """With the noise fixed (the same seed), the value is softmax((logits + g) / tau) and its gradient that
    softmax's; the result sums to 1 along ``dim``; the last node is SoftmaxBackward0, as PyTorch's."""
    logits = gradlib.tensor([[1.0, -0.5, 2.0], [0.3, 0.3, -1.0]], dtype=gradlib.float64, device=device,
                            requires_grad=True)
    noise = _gumbel_noise(logits, 7)
    gradlib.manual_seed(7)
    y = gradlib.nn.functional.gumbel_softmax(logits, tau=tau, dim=dim)
    expected = ((logits + noise) / tau).softmax(dim)
    assert y.grad_fn.name() == "SoftmaxBackward0"
    assert gradlib.allclose(y, expected) and gradlib.allclose(y.sum(dim), gradlib.ones(1, dtype=y.dtype, device=device))
    weights = gradlib.tensor([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]], dtype=gradlib.float64, device=device)
    (grad,) = gradlib.autograd.grad((y * weights).sum(), logits)
    (want,) = gradlib.autograd.grad((expected * weights).sum(), logits)
    assert gradlib.allclose(grad, want)


def test_gumbel_softmax_hard_is_straight_through(device):
    """hard=True: a one-hot of the soft sample's argmax, whose gradient is the soft sample's (AddBackward0)."""
    logits = gradlib.tensor([[1.0, -0.5, 2.0, 0.0]] * 3, dtype=gradlib.float64, device=device, requires_grad=True)
    gradlib.manual_seed(3)
    soft = gradlib.nn.functional.gumbel_softmax(logits, tau=0.5)
    gradlib.manual_seed(3)
    hard = gradlib.nn.functional.gumbel_softmax(logits, tau=0.5, hard=True)
    assert hard.grad_fn.name() == "AddBackward0"
    assert bool(((hard == 0) | (hard == 1)).all()) and bool((hard.sum(-1) == 1).all())
    assert bool((hard.argmax(-1) == soft.argmax(-1)).all())
    weights = gradlib.arange(12, dtype=gradlib.float64, device=device).reshape(3, 4)
    (grad_hard,) = gradlib.autograd.grad((hard * weights).sum(), logits)
    (grad_soft,) = gradlib.autograd.grad((soft * weights).sum(), logits)
    assert gradlib.allclose(grad_hard, grad_soft)


def test_gumbel_softmax_draws_vary_and_follow_the_logits(device):
    """Samples differ from draw to draw, and argmax frequencies follow softmax(logits) (Gumbel-max trick)."""
    logits = gradlib.tensor([0.0, 1.0, 2.0], device=device).log_softmax(0).expand(4000, 3)
    gradlib.manual_seed(0)
    hard = gradlib.nn.functional.gumbel_softmax(logits, hard=True)
    share = hard.mean(0)
    expected = gradlib.tensor([0.0, 1.0, 2.0], device=device).softmax(0)
    assert float((share - expected).abs().max()) < 0.03
    assert not bool((gradlib.nn.functional.gumbel_softmax(logits[:2]) ==
                     gradlib.nn.functional.gumbel_softmax(logits[:2])).all())


def test_gumbel_softmax_eps_is_deprecated(device):
    with pytest.warns(UserWarning, match="`eps` parameter is deprecated and has no effect."):
        gradlib.nn.functional.gumbel_softmax(gradlib.zeros(2, device=device), eps=0.1)


SIGNATURES = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_signatures_nn5b.json").read_text())


def test_signatures_match_pytorch():
    """The keywords PyTorch's callables of these APIs accept (nn.utils.prune, parametrize, parametrizations,
    weight_norm/spectral_norm, the module-level backward hooks, Lazy modules, the losses): gradlib's accept them
    all, and take ``**kwargs`` only where PyTorch does (recorded by tests/reference/nn5b.py; PyTorch's
    UninitializedParameter/Buffer take any keyword through Tensor's ``__init__``, gradlib's the ones ``__new__``
    reads)."""
    from reference.nn5b import SIGNATURE_NAMES, resolve
    from test_signature_parity import accepted_keywords
    assert sorted(SIGNATURES) == sorted(SIGNATURE_NAMES), "run: python tests/reference/record_torch.py nn5b"
    mismatches = {}
    for qualified, entry in SIGNATURES.items():
        function = resolve(gradlib, qualified)
        assert function is not None, f"gradlib has no {qualified}"
        names, var_keyword = accepted_keywords(function)
        missing = sorted(set(entry["keywords"]) - names)
        if missing or (var_keyword and not entry["var_keyword"]):
            mismatches[qualified] = (missing, var_keyword)
    print(f"{len(SIGNATURES)} callables compared with PyTorch, {len(mismatches)} mismatches")
    assert not mismatches
