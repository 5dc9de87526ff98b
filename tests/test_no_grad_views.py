"""Views made under no_grad (and inference_mode) as PyTorch 2.13 reports them: they require grad when their base
does, are leaves without grad_fn, ``_is_view()``, take no gradient, and refuse in-place writes with grad
enabled. Expected values printed by the same calls on torch."""
import pytest

import gradlib

NO_GRAD_VIEW_INPLACE = (
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use "
    "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the "
    "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside "
    "(if you want the inplace to be tracked).")


def _flags(t):
    return t.requires_grad, t._is_view(), t.is_leaf, t.grad_fn


@pytest.mark.parametrize("make", [lambda x: x[0], lambda x: x.view(6), lambda x: x.t(), lambda x: x.unsqueeze(0),
                                  lambda x: x.narrow(0, 0, 1)])
def test_no_grad_views_of_a_leaf(device, make):
    x = gradlib.ones(3, 2, requires_grad=True, device=device)
    with gradlib.no_grad():
        v = make(x)
    assert _flags(v) == (True, True, True, None) and v._base is x
    for write in (lambda: v.mul_(2), lambda: v.sin_(), lambda: v.zero_()):
        with pytest.raises(RuntimeError) as error:
            write()
        assert str(error.value) == NO_GRAD_VIEW_INPLACE
    with gradlib.no_grad():
        v.mul_(2)  # both in no_grad: allowed, and seen through x
    assert x.sum().item() == 6 + v.numel()


def test_no_grad_views_of_a_non_leaf_and_of_detached(device):
    x = gradlib.ones(3, 2, requires_grad=True, device=device)
    y = x * 1
    with gradlib.no_grad():
        w = y[0]
        u = x.detach()[0]
    assert _flags(w) == (True, True, True, None) and w._base is y
    assert _flags(u) == (False, True, True, None)
    u.mul_(2)  # the base requires no grad: nothing to refuse
    with gradlib.inference_mode():
        i = x[0]
    assert (i.requires_grad, i._is_view()) == (True, True)
    assert not x._is_view() and y[0]._is_view()


def test_no_gradient_reaches_a_no_grad_view(device):
    x = gradlib.ones(3, 2, requires_grad=True, device=device)
    with gradlib.no_grad():
        v = x[0]
    s = (v * 2).sum()
    assert s.requires_grad and s.grad_fn.name() == "SumBackward0"
    s.backward()  # PyTorch runs it and accumulates nowhere
    assert v.grad is None and x.grad is None
    assert repr(v).startswith("tensor([1., 1.]") and repr(v).endswith(", requires_grad=True)")
