"""``gradlib.utils.checkpoint.checkpoint_sequential``: the same values and gradients as running the model plainly,
with only each segment's input kept (mirrors ``torch.utils.checkpoint.checkpoint_sequential``)."""
import pytest

import gradlib
from gradlib.utils.checkpoint import checkpoint, checkpoint_sequential


def _model(device):
    gradlib.manual_seed(0)
    return gradlib.nn.Sequential(gradlib.nn.Linear(4, 6), gradlib.nn.Tanh(), gradlib.nn.Linear(6, 6),
                                 gradlib.nn.ReLU(), gradlib.nn.Linear(6, 2)).to(device)


@pytest.mark.parametrize("segments", [1, 2, 3, 5])
def test_same_result_and_gradients_as_plain_run(device, segments):
    model = _model(device)
    x = gradlib.randn(3, 4, device=device, requires_grad=True)
    plain = model(x)
    plain.square().sum().backward()
    expected = [p.grad.clone() for p in model.parameters()] + [x.grad.clone()]
    model.zero_grad()
    x.grad = None
    out = checkpoint_sequential(model, segments, x)
    assert gradlib.equal(out, plain)
    out.square().sum().backward()
    for found, want in zip([p.grad for p in model.parameters()] + [x.grad], expected):
        assert gradlib.allclose(found, want, rtol=1e-6, atol=1e-7)


def test_list_of_functions_and_recomputation(device):
    calls = []

    def counted(t):
        calls.append(1)
        return t.sin()

    x = gradlib.tensor([0.25, 1.0], device=device, requires_grad=True)
    out = checkpoint_sequential([counted, counted, counted, counted], 2, x)
    assert len(calls) == 4
    out.sum().backward()
    assert len(calls) == 6  # the first segment (two functions) ran again in backward; the last one did not
    assert gradlib.allclose(x.grad, x.detach().sin().sin().cos() * x.detach().sin().cos() * x.detach().cos() *
                            x.detach().sin().sin().sin().cos())


def test_unexpected_keyword_is_refused(device):
    with pytest.raises(ValueError, match="Unexpected keyword arguments: bogus"):
        checkpoint_sequential([gradlib.sin], 1, gradlib.ones(2, device=device), bogus=1)
    assert checkpoint is gradlib.utils.checkpoint.checkpoint


def test_more_segments_than_functions_is_pytorchs_error(device):
    with pytest.raises(ValueError, match="range\\(\\) arg 3 must not be zero"):
        checkpoint_sequential([gradlib.sin, gradlib.cos], 3, gradlib.ones(2, device=device, requires_grad=True))
