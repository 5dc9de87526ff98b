"""A diagonal is a view that in-place ops write through, as PyTorch's (``K.diagonal().add_(jitter)``): NumPy's own
diagonal is read-only, so ``fill_`` on it raised NumPy's ValueError."""
import numpy
import pytest

import gradlib


@pytest.mark.parametrize("offset, dim1, dim2", [(0, 0, 1), (1, 0, 1), (-1, 0, 1), (2, 1, 2), (-2, 2, 0),
                                                (0, -1, -2), (5, 0, 1), (-4, 1, 2)])
def test_diagonal_view_reads_and_writes_like_numpy_and_pytorch(device, offset, dim1, dim2):
    source = numpy.arange(2 * 3 * 4, dtype=numpy.float64).reshape(2, 3, 4)
    x = gradlib.tensor(source, device=device)
    view = x.diagonal(offset, dim1, dim2)
    expected = numpy.diagonal(source, offset, dim1, dim2)
    numpy.testing.assert_array_equal(view.cpu().numpy(), expected)
    view.fill_(-1.0)
    written = source.copy()
    index = numpy.arange(written.size).reshape(written.shape)
    written.flat[numpy.diagonal(index, offset, dim1, dim2).ravel()] = -1.0
    numpy.testing.assert_array_equal(x.cpu().numpy(), written)


def test_diagonal_strides_and_versions_are_pytorchs(device):
    x = gradlib.zeros(3, 4, device=device)
    assert x.diagonal().stride() == (5,) and x.diagonal(1).stride() == (5,)
    assert x.t().diagonal().stride() == (5,)
    version = x._version
    gradlib.diagonal(x).add_(2.0)
    assert x._version == version + 1
    assert x.tolist() == [[2.0, 0, 0, 0], [0, 2.0, 0, 0], [0, 0, 2.0, 0]]


def test_gradient_through_an_in_place_diagonal_write(device):
    leaf = gradlib.ones(3, 3, dtype=gradlib.float64, device=device, requires_grad=True)
    x = leaf.clone()
    x.diagonal().mul_(3.0)
    assert repr(x.grad_fn).startswith("<CopySlices object")
    (x * x).sum().backward()
    # d/dleaf of sum(x^2) with x = leaf off the diagonal, 3 leaf on it: 2 x off it, 2 * 3 x * 3 = 18 on it
    assert leaf.grad.tolist() == [[18.0, 2.0, 2.0], [2.0, 18.0, 2.0], [2.0, 2.0, 18.0]]

