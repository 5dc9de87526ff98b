"""Reading ``.grad`` warns exactly when PyTorch's does (a non-leaf tensor that does not retain its gradient and
has none), with PyTorch's UserWarning and text, once per read: every op-registry sample's outputs and the ways
tutorials read it (tests/reference/nonleaf_grad.py, recorded in torch_nonleaf_grad.json)."""
import json
import pathlib
import warnings

import pytest

import gradlib
from reference.nonleaf_grad import warnings_of

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nonleaf_grad.json").read_text())


@pytest.fixture(scope="module")
def found():
    return json.loads(json.dumps(warnings_of(gradlib)))


def test_every_case_is_recorded(found):
    assert sorted(found) == sorted(RECORDED), "run: python tests/reference/record_torch.py nonleaf_grad"


def test_the_text_is_pytorchs(found):
    assert found["messages"] == RECORDED["messages"]


@pytest.mark.parametrize("name", sorted(name for name in RECORDED if name != "messages"))
def test_grad_warns_as_pytorch(name, found):
    assert found[name] == RECORDED[name]


def test_the_warning_points_at_the_reading_line(device):
    x = gradlib.ones(2, device=device, requires_grad=True)
    y = x * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y.grad  # noqa: B018 (the read is the point)
    assert len(caught) == 1 and caught[0].category is UserWarning
    assert caught[0].filename == __file__
    y.retain_grad()
    y.sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad.tolist() == [1.0, 1.0] and x.grad.tolist() == [2.0, 2.0]
