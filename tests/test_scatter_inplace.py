"""In-place ``scatter_``, ``scatter_add_`` and ``index_add_``: the out-of-place op's values (checked against
PyTorch by the op registry) written into the tensor, its version bumped, gradients flowing as PyTorch's, and
PyTorch's refusal on a leaf that requires grad."""
import pytest

import gradlib

CASES = {
    "scatter_src": (lambda t, i, s: t.scatter_(0, i, s), lambda t, i, s: t.scatter(0, i, s)),
    "scatter_value": (lambda t, i, s: t.scatter_(0, i, 2.5), lambda t, i, s: t.scatter(0, i, 2.5)),
    "scatter_value_kw": (lambda t, i, s: t.scatter_(0, i, value=-1.0), lambda t, i, s: t.scatter(0, i, value=-1.0)),
    "scatter_reduce_add": (lambda t, i, s: t.scatter_(0, i, s, reduce="add"),
                           lambda t, i, s: t.scatter(0, i, s, reduce="add")),
    "scatter_add": (lambda t, i, s: t.scatter_add_(0, i, s), lambda t, i, s: t.scatter_add(0, i, s)),
    "index_add": (lambda t, i, s: t.index_add_(0, i[:, 0], s, alpha=2),
                  lambda t, i, s: t.index_add(0, i[:, 0], s, alpha=2)),
}


def _inputs(device):
    base = gradlib.arange(12.0, device=device).reshape(4, 3)
    index = gradlib.tensor([[1, 0, 3], [2, 2, 0]], device=device)
    src = gradlib.tensor([[10.0, 20.0, 30.0], [40.0, 50.0, 60.0]], device=device)
    return base, index, src


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_version_as_out_of_place(device, name):
    inplace, out_of_place = CASES[name]
    base, index, src = _inputs(device)
    expected = out_of_place(base, index, src)
    version = base._version
    result = inplace(base, index, src)
    assert result is base
    assert base._version == version + 1
    assert gradlib.equal(base, expected)


@pytest.mark.parametrize("name", ["scatter_src", "scatter_add", "index_add"])
def test_gradients_through_the_base_and_the_source(device, name):
    inplace, out_of_place = CASES[name]
    base, index, src = _inputs(device)
    leaf = base.clone().requires_grad_()
    source = src.clone().requires_grad_()
    expected = out_of_place(leaf * 1, index, source)
    weights = gradlib.arange(12.0, device=device).reshape(4, 3)
    want = gradlib.autograd.grad((expected * weights).sum(), [leaf, source])
    target = leaf * 1
    inplace(target, index, source)
    assert target.grad_fn is not None
    found = gradlib.autograd.grad((target * weights).sum(), [leaf, source])
    for f, w in zip(found, want):
        assert gradlib.equal(f, w)


def test_leaf_that_requires_grad_is_refused(device):
    base, index, src = _inputs(device)
    leaf = base.requires_grad_()
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        leaf.scatter_(0, index, src)


def test_grad_fn_names_are_pytorchs(device):
    # PyTorch 2.13 prints these for the same calls
    base, index, src = _inputs(device)
    leaf = base.requires_grad_()
    source = src.requires_grad_()
    found = [(leaf * 1).scatter_(0, index, source), (leaf * 1).scatter_add_(0, index, source),
             (leaf * 1).index_add_(0, index[:, 0], source, alpha=2), (leaf * 1).scatter_(0, index, 2.5)]
    assert [t.grad_fn.name() for t in found] == ["ScatterBackward0", "ScatterAddBackward0", "IndexAddBackward0",
                                                 "ScatterBackward1"]
