"""What the p163-p177 programs needed prints what PyTorch printed for the same snippet (recorded by
tests/reference/progs8b.py into torch_progs8b.json): ``type()`` of tensors, sizes, devices and dtypes
(``<class 'torch.Tensor'>``), and random draws into tensors laid out in another order than their dims, which
PyTorch fills in memory order (dropout masks, ``*_like`` draws, in-place fills, a batch_first
TransformerEncoderLayer in training). The random numbers are PyTorch's on the CPU only; on a GPU the layout rule
is checked against gradlib's own contiguous draws."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.progs8b import SEEDED
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs8b.json").read_text())


def test_there_are_snippets():
    assert len(RECORDED) >= 8


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if snippet in SEEDED and device != "cpu":
        pytest.skip("random numbers are PyTorch's on the CPU only")
    printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # on the default device
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    assert printed == expected


@pytest.mark.parametrize("draw", ["rand_like", "randn_like", "randint_like"])
def test_a_like_draw_of_a_transposed_tensor_is_the_transposed_draw(draw, device):
    # PyTorch's empty_like keeps the input's layout and the fill visits memory in order: the numbers a transposed
    # input gets are those its contiguous transpose would get, transposed back, and the layout is the input's
    extra = (10,) if draw == "randint_like" else ()
    like = getattr(gradlib, draw)
    base = gradlib.ones(3, 5, device=device)  # under 16 elements: PyTorch's contiguous randn is its serial draw too
    gradlib.manual_seed(3)
    expected = like(base, *extra).t()
    gradlib.manual_seed(3)
    got = like(base.t(), *extra)
    assert got.shape == (5, 3) and got.stride() == base.t().stride()
    assert gradlib.equal(got, expected)
    assert got.device == base.device


def test_a_like_draw_elsewhere_or_of_a_contiguous_tensor_is_a_plain_draw(device):
    gradlib.manual_seed(4)
    expected = gradlib.rand(3, 4, device=device)
    gradlib.manual_seed(4)
    got = gradlib.rand_like(gradlib.zeros(3, 4, device=device))
    assert gradlib.equal(got, expected) and got.is_contiguous()
    y = gradlib.randn_like(gradlib.zeros(4, 3, device=device).t(), requires_grad=True)
    assert y.requires_grad and y.is_leaf and y.grad_fn is None


@pytest.mark.parametrize("fill", ["normal_", "uniform_", "bernoulli_", "exponential_", "random_"])
def test_an_inplace_fill_of_a_permuted_tensor_follows_memory_order(fill, device):
    gradlib.manual_seed(5)
    expected = getattr(gradlib.zeros(2, 3, 2, device=device), fill)().permute(1, 2, 0)  # under 16: serial normal_
    gradlib.manual_seed(5)
    got = getattr(gradlib.zeros(2, 3, 2, device=device).permute(1, 2, 0), fill)()
    assert gradlib.equal(got, expected)


def test_dropout_of_a_transposed_input_masks_in_memory_order_and_its_gradient_follows(device):
    x = gradlib.arange(1.0, 13.0, device=device).reshape(3, 4).requires_grad_()
    gradlib.manual_seed(6)
    expected = gradlib.nn.functional.dropout(gradlib.ones(3, 4, device=device), 0.5).t()
    gradlib.manual_seed(6)
    out = gradlib.nn.functional.dropout(x.t(), 0.5)
    assert gradlib.equal(out, expected * x.detach().t())
    out.sum().backward()
    assert gradlib.equal(x.grad, expected.t())


def test_type_of_the_core_classes_reads_as_gradlibs():
    assert repr(type(gradlib.ones(1))) == "<class 'gradlib.Tensor'>"
    assert {gradlib.Tensor.__module__, gradlib.Size.__module__, gradlib.device.__module__, gradlib.dtype.__module__,
            gradlib.finfo.__module__, gradlib.iinfo.__module__, gradlib.layout.__module__,
            gradlib.memory_format.__module__} == {"gradlib"}
    assert repr(gradlib.ones(2)).startswith("tensor([1., 1.]")  # the class's home does not change how a tensor prints
