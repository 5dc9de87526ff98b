"""The meta device: shapes and dtypes without data (gradlib/backends/meta_backend.py). Expected strings are
PyTorch 2.13's, printed by the same calls on torch."""
import copy

import pytest

import gradlib
from gradlib import nn
from gradlib.backends import meta_backend
from gradlib.func import functional_call


def test_meta_tensors_have_no_storage_and_print_as_pytorch():
    x = gradlib.empty(10 ** 12, device="meta")  # one element of memory, whatever the size
    assert x.shape == (10 ** 12,) and x.is_meta and x.device == gradlib.device("meta")
    owner = node = x._array
    while getattr(node, "base", None) is not None:
        node = node.base
        owner = node if isinstance(node, meta_backend.numpy.ndarray) else owner
    assert owner.nbytes == 4
    assert repr(gradlib.device("meta")) == "device(type='meta')"
    assert repr(gradlib.empty(3, device="meta")) == "tensor(..., device='meta', size=(3,))"
    assert repr(gradlib.empty(2, 3, device="meta", requires_grad=True)) == (
        "tensor(..., device='meta', size=(2, 3), requires_grad=True)")
    assert repr(gradlib.empty(2, 3, device="meta", dtype=gradlib.int64)) == (
        "tensor(..., device='meta', size=(2, 3), dtype=gradlib.int64)")
    assert repr(gradlib.empty((), device="meta")) == "tensor(..., device='meta', size=())"
    assert repr(gradlib.empty(0, device="meta")) == "tensor(..., device='meta', size=(0,))"
    with gradlib.device("meta"):
        assert repr(gradlib.ones(2)) == "tensor(..., device='meta', size=(2,))"
    assert not gradlib.ones(2).is_meta


def test_ops_compute_shapes_dtypes_and_graphs():
    a = gradlib.ones(2, 3, device="meta", requires_grad=True)
    out = (a @ gradlib.ones(3, 4, device="meta")).relu().sum()
    assert repr(out) == "tensor(..., device='meta', size=(), grad_fn=<SumBackward0>)"
    out.backward()
    assert repr(a.grad) == "tensor(..., device='meta', size=(2, 3))"
    conv = nn.functional.conv2d(gradlib.empty(1, 3, 8, 8, device="meta"), gradlib.empty(4, 3, 3, 3, device="meta"))
    assert conv.shape == (1, 4, 6, 6) and conv.is_meta
    x = gradlib.ones(2, 3, device="meta")
    assert x.view(6).shape == (6,) and x.reshape(3, 2).shape == (3, 2) and x[:, 1].shape == (2,)
    assert gradlib.cat([x, x]).shape == (4, 3) and x.softmax(-1).shape == (2, 3)
    assert x[gradlib.tensor([0, 1, 1], device="meta")].shape == (3, 3)
    assert x.to(gradlib.int32).dtype == gradlib.int32 and (x == x).dtype == gradlib.bool
    assert repr(x.argmax(1)) == "tensor(..., device='meta', size=(2,), dtype=gradlib.int64)"
    assert gradlib.arange(5, device="meta").dtype == gradlib.int64
    assert x.stride() == (3, 1) and x.expand(4, 2, 3).sum().shape == ()
    for result in (x.uniform_(), x.add_(1), x.view(1, 6).mul_(2), x.copy_(gradlib.ones(2, 3, device="meta"))):
        assert result.is_meta and result.shape[-1] in (3, 6)
    with pytest.raises(RuntimeError, match=r"^mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)$"):
        x @ x
    for array in (x._array, (x + 1)._array, x.sum()._array):
        assert isinstance(array, meta_backend.MetaArray) and not any(array.view(meta_backend.numpy.ndarray).strides)


def test_no_data_leaves_the_meta_device():
    x = gradlib.ones(2, device="meta")
    with pytest.raises(RuntimeError, match="^a Tensor with 2 elements cannot be converted to Scalar$"):
        x.item()
    for call in (lambda: gradlib.ones(1, device="meta").item(), lambda: float(gradlib.ones(1, device="meta")),
                 lambda: bool(gradlib.ones(1, device="meta"))):
        with pytest.raises(RuntimeError, match="^Tensor.item\\(\\) cannot be called on meta tensors$"):
            call()
    with pytest.raises(TypeError, match="^can't convert meta device type tensor to numpy. Use Tensor.cpu"):
        x.numpy()
    for call in (x.tolist, x.cpu, lambda: x.to("cpu"), lambda: gradlib.ones(2).copy_(x)):
        with pytest.raises(NotImplementedError, match="^Cannot copy out of meta tensor; no data!$"):
            call()
    for call in (x.nonzero, lambda: x[x > 0]):
        with pytest.raises(NotImplementedError, match="^The register_meta function for torch.nonzero"):
            call()


def test_mixing_meta_with_the_device_under_test(device):
    here = gradlib.ones(2, device=device)
    meta = gradlib.ones(2, device="meta")
    with pytest.raises(RuntimeError, match=f"^Tensor on device {here.device} is not on the expected device meta!$"):
        meta + here
    with pytest.raises(RuntimeError, match=f"^Tensor on device meta is not on the expected device {here.device}!$"):
        here + meta
    assert (meta + gradlib.tensor(1.0, device="cpu")).is_meta  # a 0-d CPU tensor joins, as on any device
    moved = here.to("meta")
    assert moved.is_meta and moved.shape == (2,)
    assert repr(gradlib.ones(1, requires_grad=True, device=device).to("meta")) == (
        "tensor(..., device='meta', size=(1,), grad_fn=<ToCopyBackward0>)")


class _MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 3)
        self.fc2 = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc2(self.fc1(x).relu())


def test_module_to_meta_and_to_empty(device):
    with gradlib.device("meta"):
        model = _MLP()
    weight = model.fc1.weight
    assert repr(weight) == "Parameter containing:\ntensor(..., device='meta', size=(3, 4), requires_grad=True)"
    assert model(gradlib.empty(5, 4, device="meta")).shape == (5, 2)
    assert model.to_empty(device=device) is model and model.fc1.weight is weight
    assert weight.device.type == gradlib.device(device).type and weight.shape == (3, 4) and weight.requires_grad
    with gradlib.no_grad():
        for parameter in model.parameters():
            parameter.fill_(0.5)
    out = model(gradlib.ones(1, 4, device=device))
    assert out.tolist() == [[4.25, 4.25]]  # 3 * 0.5 * (4 * 0.5 + 0.5) + 0.5
    outer = nn.Sequential(nn.Linear(2, 2, device="meta"))
    outer.register_buffer("scale", gradlib.ones(2, device="meta"))
    outer.to_empty(device=device, recurse=False)
    assert outer.scale.device.type == gradlib.device(device).type and outer[0].weight.is_meta


def test_functional_call_on_a_meta_base_model(device):
    """The model-ensembling tutorial: a meta copy of the model runs with real parameters."""
    gradlib.manual_seed(0)
    model = _MLP().to(device)
    base = copy.deepcopy(model).to("meta")
    assert base.fc1.weight.device == gradlib.device("meta")
    with pytest.raises(NotImplementedError, match="^Cannot copy out of meta tensor; no data!"):
        base.to(device)
    x = gradlib.randn(5, 4, device=device)
    params = dict(model.named_parameters())
    assert gradlib.equal(functional_call(base, params, (x,)), model(x))


def test_load_state_dict_into_a_meta_model(device):
    with gradlib.device("meta"):
        model = _MLP()
    real = _MLP().to(device)
    message = ("for fc1.weight: copying from a non-meta parameter in the checkpoint to a meta parameter in the "
               "current model, which is a no-op. (Did you mean to pass `assign=True` to assign items in the state "
               "dictionary to their corresponding key in the module instead of copying them in place?)")
    with pytest.warns(UserWarning) as caught:
        model.load_state_dict(real.state_dict())
    assert str(caught[0].message) == message and len(caught) == 4 and model.fc1.weight.is_meta
    state = real.state_dict()
    model.fc2.weight.requires_grad_(False)
    model.load_state_dict(state, assign=True)
    weight = model.fc1.weight
    assert isinstance(weight, nn.Parameter) and weight.requires_grad and weight is not state["fc1.weight"]
    assert weight.device.type == gradlib.device(device).type and not model.fc2.weight.requires_grad
    assert gradlib.equal(model(gradlib.ones(2, 4, device=device)), real(gradlib.ones(2, 4, device=device)))
    buffered = nn.BatchNorm1d(3, device="meta")
    buffered.load_state_dict(nn.BatchNorm1d(3).to(device).state_dict(), assign=True)
    assert not buffered.running_mean.is_meta and buffered.num_batches_tracked.dtype == gradlib.int64
