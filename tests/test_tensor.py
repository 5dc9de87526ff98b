"""Tensor behaviour: metadata, conversion, in-place rules and version counters, views, dtypes."""
import pytest

import gradlib


def test_metadata(device):
    x = gradlib.zeros(2, 3, dtype=gradlib.float64)
    assert x.shape == (2, 3) and isinstance(x.shape, gradlib.Size)
    assert x.size() == gradlib.Size([2, 3]) and x.size(-1) == 3
    assert x.dim() == x.ndim == 2 and x.numel() == 6 and x.element_size() == 8
    assert x.dtype is gradlib.float64 and x.is_floating_point()
    assert x.is_leaf and x.grad is None and x.grad_fn is None and not x.requires_grad


def test_only_floating_tensors_require_grad(device):
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype"):
        gradlib.zeros(2, dtype=gradlib.int64, requires_grad=True)
    with pytest.raises(RuntimeError, match="only Tensors of floating point and complex dtype can require gradients"):
        gradlib.tensor([True]).requires_grad = True  # the attribute's words (PyTorch's requires_grad_ says less)
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require gradients"):
        gradlib.tensor([True]).requires_grad_()


def test_inplace_bumps_version_shared_by_views(device):
    x = gradlib.zeros(2, 3)
    row = x[0]
    assert x._version == 0
    row += 1
    assert x._version == 1 and row._version == 1
    assert x.tolist() == [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]


def test_inplace_on_saved_tensor_is_detected(device):
    x = gradlib.ones(3, requires_grad=True)
    y = x.tanh()
    y.mul_(2)
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation: \[gradlib.*FloatTensor \[3\]\], "
                                           r"which is output 0 of Tanh, is at version 1; expected version 0"):
        y.sum().backward()


def test_inplace_through_view_of_saved_tensor_is_detected(device):
    x = gradlib.ones(4, requires_grad=True)
    y = x * 1
    z = y * y
    with gradlib.no_grad():
        y[1:] += 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def test_inplace_on_view_rewrites_base_history(device):
    x = gradlib.ones(4, requires_grad=True)
    y = x * 1
    view = y[1:]
    view.mul_(x[1:] * 3)
    assert y.grad_fn.name() == "torch::autograd::CopySlices" and view.grad_fn.name() == "AsStridedBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 6.0, 6.0, 6.0]


def test_inplace_on_view_of_non_contiguous_base_is_refused(device):
    x = gradlib.ones(3, 4, requires_grad=True)
    y = (x * 1).t()
    base_view = y[1:]
    base_view._base = y  # a view whose recorded base is itself non-contiguous
    with pytest.raises(RuntimeError, match="not contiguous"):
        base_view.mul_(x[0, 1:].unsqueeze(1))


def test_inplace_on_leaf_allowed_under_no_grad(device):
    w = gradlib.ones(3, requires_grad=True)
    with gradlib.no_grad():
        w.mul_(2).add_(1).sub_(0.5).div_(5)
    assert w.is_leaf and w.requires_grad and w.tolist() == pytest.approx([0.5, 0.5, 0.5])


def test_inplace_result_shape_must_match(device):
    x = gradlib.zeros(3)
    with pytest.raises(RuntimeError, match=r"output with shape \[3\] doesn't match the broadcast shape \[2, 3\]"):
        x += gradlib.ones(2, 3)


def test_setitem_copy_fill(device):
    x = gradlib.zeros(4)
    x[1] = 5
    x[2:] = gradlib.tensor([7.0, 8.0])
    assert x.tolist() == [0.0, 5.0, 7.0, 8.0]
    x.fill_(2)
    assert x.tolist() == [2.0] * 4
    x.copy_(gradlib.tensor([1, 2, 3, 4]))
    assert x.tolist() == [1.0, 2.0, 3.0, 4.0] and x.dtype is gradlib.float32


def test_setitem_makes_non_leaf_with_grad(device):
    base = gradlib.zeros(3)
    v = gradlib.tensor(2.0, requires_grad=True)
    base[0] = v * 3
    assert base.grad_fn is not None and base.grad_fn.name() == "torch::autograd::CopySlices"
    base.sum().backward()
    assert v.grad.item() == 3.0


def test_grad_setter_validates(device):
    x = gradlib.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError) as error:  # PyTorch 2.13's words
        x.grad = gradlib.zeros(2)
    assert str(error.value) == ("attempting to assign a gradient of size '[2]' to a tensor of size '[3]'. Please "
                                "ensure that the gradient and the tensor are the same size")
    with pytest.raises(RuntimeError, match="attempting to assign a gradient with dtype 'double' to a tensor with "
                                           "grad_dtype 'Float'. The gradient must match the tensor's grad_dtype"):
        x.grad = gradlib.zeros(2, dtype=gradlib.float64)  # the dtype is checked first
    with pytest.raises(RuntimeError, match="with dtype 'long int' to a tensor with grad_dtype 'Float'"):
        x.grad = gradlib.zeros(3, dtype=gradlib.int64)
    x.grad = gradlib.ones(3)
    assert x.grad.tolist() == [1.0, 1.0, 1.0]


def test_data_setter_and_detach(device):
    x = gradlib.ones(2, requires_grad=True)
    x.data = gradlib.zeros(3)
    assert x.shape == (3,) and x.requires_grad
    d = x.detach()
    assert not d.requires_grad and d._array is x._array
    y = x * 2
    y.detach_()
    assert y.is_leaf and not y.requires_grad


def test_conversions(device):
    x = gradlib.tensor([1.7, -2.2])
    assert x.long().tolist() == [1, -2] and x.int().dtype is gradlib.int32
    assert x.double().dtype is gradlib.float64 and x.half().dtype is gradlib.float16
    assert x.bool().tolist() == [True, True]
    assert gradlib.tensor(3.5).item() == 3.5 and float(gradlib.tensor([2.0])) == 2.0
    assert int(gradlib.tensor(4)) == 4 and [0, 1, 2][gradlib.tensor(1)] == 1
    assert x.type() in ("torch.FloatTensor", "torch.cuda.FloatTensor")  # PyTorch's string, for scripts that compare it


def test_iteration_and_len(device):
    x = gradlib.arange(6).reshape(3, 2)
    assert len(x) == 3 and [row.tolist() for row in x] == [[0, 1], [2, 3], [4, 5]]


def test_default_dtype_switch(device):
    gradlib.set_default_dtype(gradlib.float64)
    try:
        assert gradlib.tensor([1.5]).dtype is gradlib.float64 and gradlib.zeros(1).dtype is gradlib.float64
    finally:
        gradlib.set_default_dtype(gradlib.float32)


def test_result_type_and_promote_types():
    assert gradlib.promote_types(gradlib.int64, gradlib.float16) is gradlib.float16
    assert gradlib.promote_types(gradlib.uint8, gradlib.int8) is gradlib.int16
    assert gradlib.result_type(gradlib.tensor([1, 2]), 1.0) is gradlib.float32
    assert gradlib.result_type(gradlib.tensor([1.0]), gradlib.tensor(1.0, dtype=gradlib.float64)) is gradlib.float32
    assert gradlib.result_type(gradlib.tensor([1]), gradlib.tensor(1.0, dtype=gradlib.float64)) is gradlib.float64


def test_repr_of_cuda_style_device_suffix():
    from gradlib._tensor import wrap
    fake = wrap(gradlib.tensor([1.0, 2.0], device="cpu")._array, gradlib.device("cuda:0"))  # a label only
    fake._device._backend = None
    from gradlib._tensor_str import _add_suffixes
    assert _add_suffixes("tensor([1., 2.]", ["device='cuda:0'"], 7) == "tensor([1., 2.], device='cuda:0')"


def test_random_factories_dtypes(device):
    assert gradlib.randn(3, dtype=gradlib.float16).dtype is gradlib.float16
    assert gradlib.rand(3, dtype=gradlib.float64).dtype is gradlib.float64
    assert gradlib.randint(0, 3, (4,)).dtype is gradlib.int64
    values = gradlib.rand(1000)
    assert bool((values >= 0).all()) and bool((values < 1).all())
