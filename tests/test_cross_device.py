"""Two devices in one computation: 0-d CPU tensors joining ops on the device under test, graphs that cross
devices, PyTorch's errors for arguments on another device, work on a second GPU, and Module.to keeping its
Parameters.

Under ``--device cuda`` (or ``cuda:N``) the "other" device is the CPU. Under the CPU run it is a host array
labelled cuda:0: device checks run before any kernel, so the label is all they read (see ``_elsewhere``).
"""
import re
import warnings

import numpy
import pytest

import gradlib
import gradlib.nn.functional as F
from gradlib import nn
from gradlib._tensor import wrap


def _on_cuda(device):
    return gradlib.device(device).type == "cuda"


def _elsewhere(tensor, device):
    """``tensor``'s values on a device other than ``device`` (see the module docstring)."""
    if _on_cuda(device):
        return tensor.cpu()
    return wrap(tensor._array, gradlib.device("cuda:0"))


def _names(device):
    """(device under test, other device) as PyTorch prints them."""
    here = str(gradlib.empty(0, device=device).device)  # 'cuda' names the current GPU
    return (here, "cpu") if _on_cuda(device) else ("cpu", "cuda:0")


def _raises(exception, message):
    return pytest.raises(exception, match="^" + re.escape(message) + "$")


def _wrapper_error(argument, kernel, device):
    here, other = _names(device)
    return (f"Expected all tensors to be on the same device, but got {argument} is on {other}, different from "
            f"other tensors on {here} (when checking argument in method wrapper_CUDA_{kernel})")


def _tensor_iterator_error(device):
    here, other = _names(device)
    gpu = here if _on_cuda(device) else other
    return f"Expected all tensors to be on the same device, but found at least two devices, {gpu} and cpu!"


# ----- B1: a 0-d CPU tensor joins an op on another device, as in PyTorch ---------------------------------------
def test_zero_dim_cpu_tensor_joins_device_ops(device):
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    scale = gradlib.tensor(3.0, device="cpu", requires_grad=True)
    for y in (x * scale, scale * x):
        assert y.device.type == gradlib.device(device).type and y.dtype is gradlib.float32
        assert y.tolist() == [3.0, 6.0]
    (x * scale).sum().backward()
    assert x.grad.device.type == gradlib.device(device).type and x.grad.tolist() == [3.0, 3.0]
    assert scale.grad.device.type == "cpu" and scale.grad.shape == () and scale.grad.item() == 3.0


def test_zero_dim_cpu_tensor_promotes_like_a_scalar_of_its_category(device):
    floats = gradlib.ones(2, device=device)
    ints = gradlib.ones(2, dtype=gradlib.int32, device=device)
    assert (floats * gradlib.tensor(2.0, dtype=gradlib.float64, device="cpu")).dtype is gradlib.float32
    assert (floats + gradlib.tensor(2, device="cpu")).dtype is gradlib.float32
    assert (ints + gradlib.tensor(2, device="cpu")).dtype is gradlib.int32
    assert (ints * gradlib.tensor(2.5, dtype=gradlib.float64, device="cpu")).tolist() == [2.5, 2.5]
    assert (ints * gradlib.tensor(2.5, dtype=gradlib.float64, device="cpu")).dtype is gradlib.float64
    chosen = gradlib.where(floats > 0, gradlib.tensor(7.0, dtype=gradlib.float64, device="cpu"), floats)
    assert chosen.device.type == gradlib.device(device).type and chosen.dtype is gradlib.float32 and chosen.tolist() == [7.0, 7.0]


def test_zero_dim_cpu_tensor_in_place(device):
    buffer = gradlib.ones(2, device=device)
    buffer.add_(gradlib.tensor(2.0, device="cpu"))                      # same dtype: the fast path
    buffer.mul_(gradlib.tensor(2, device="cpu"))                        # int64 operand: the general path
    buffer.sub_(gradlib.tensor(0.5, dtype=gradlib.float64, device="cpu"), alpha=2)
    buffer[0] = gradlib.tensor(-1.0, device="cpu")
    assert buffer.device.type == gradlib.device(device).type and buffer.dtype is gradlib.float32
    assert buffer.tolist() == [-1.0, 5.0]
    counts = gradlib.zeros(2, dtype=gradlib.int64, device=device)
    counts += gradlib.tensor(3, device="cpu")
    assert counts.tolist() == [3, 3]


def test_zero_dim_cpu_tensor_in_a_recorded_in_place_op_and_double_backward(device):
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    scale = gradlib.tensor(3.0, device="cpu", requires_grad=True)
    y = x * 1
    y.mul_(scale)
    (grad_scale,) = gradlib.autograd.grad(y.sum(), scale, create_graph=True)
    assert grad_scale.device.type == "cpu" and grad_scale.item() == 3.0
    grad_scale.backward()
    assert x.grad.device.type == gradlib.device(device).type and x.grad.tolist() == [1.0, 1.0]


# ----- B2: backward through a graph that crosses devices -----------------------------------------------------
def test_backward_through_a_graph_that_moves_to_the_device(device):
    w = gradlib.tensor([[1.0, 2.0], [3.0, 4.0]], device="cpu", requires_grad=True)
    (w @ w).to(device).sum().backward()
    assert w.grad.device.type == "cpu"
    ones = numpy.ones((2, 2))
    expected = ones @ w.detach().numpy().T + w.detach().numpy().T @ ones
    assert w.grad.tolist() == expected.tolist()


def test_backward_through_a_graph_that_moves_to_the_cpu(device):
    w = gradlib.tensor([[1.0, 2.0], [3.0, 4.0]], device=device, requires_grad=True)
    ((w @ w).cpu() * gradlib.tensor(2.0, device="cpu")).sum().backward()
    assert w.grad.device.type == gradlib.device(device).type
    assert w.grad.tolist() == [[14.0, 22.0], [18.0, 26.0]]


def test_double_backward_through_a_graph_that_crosses_devices(device):
    x = gradlib.tensor([1.0, 2.0], device="cpu", requires_grad=True)
    y = (x.to(device) ** 3).sum()
    (grad,) = gradlib.autograd.grad(y, x, create_graph=True)
    assert grad.device.type == "cpu" and grad.tolist() == [3.0, 12.0]
    grad.sum().backward()
    assert x.grad.tolist() == [6.0, 12.0]


# ----- B3: losses, embedding and index ops check every tensor argument -----------------------------------------
def test_nll_loss_and_cross_entropy_check_target_and_weight_devices(device):
    logits = gradlib.randn(3, 4, device=device)
    target = gradlib.tensor([0, 3, 1], device=device)
    weight = gradlib.ones(4, device=device)
    with _raises(RuntimeError, _wrapper_error("target", "nll_loss_forward", device)):
        F.cross_entropy(logits, _elsewhere(target, device))
    with _raises(RuntimeError, _wrapper_error("weight", "nll_loss_forward", device)):
        F.nll_loss(logits.log_softmax(1), target, weight=_elsewhere(weight, device))
    with _raises(RuntimeError, _wrapper_error("weight", "nll_loss_forward", device)):
        F.cross_entropy(logits, target, weight=_elsewhere(weight, device), label_smoothing=0.1)
    images = gradlib.randn(2, 4, 3, 3, device=device)
    pixels = gradlib.zeros(2, 3, 3, dtype=gradlib.int64, device=device)
    with _raises(RuntimeError, _wrapper_error("target", "_nll_loss2d_forward", device)):
        F.cross_entropy(images, _elsewhere(pixels, device))
    with _raises(RuntimeError, _tensor_iterator_error(device)):
        F.cross_entropy(logits, _elsewhere(gradlib.rand(3, 4, device=device), device))


def test_elementwise_losses_check_every_tensor_argument(device):
    x = gradlib.rand(2, 3, device=device)
    other = _elsewhere(gradlib.rand(2, 3, device=device), device)
    cases = [lambda: F.mse_loss(x, other), lambda: F.l1_loss(x, other), lambda: F.smooth_l1_loss(x, other),
             lambda: F.binary_cross_entropy(x, other), lambda: F.binary_cross_entropy(x, x, weight=other),
             lambda: F.binary_cross_entropy_with_logits(x, other),
             lambda: F.binary_cross_entropy_with_logits(x, x, pos_weight=other), lambda: F.kl_div(x, other)]
    for case in cases:
        with _raises(RuntimeError, _tensor_iterator_error(device)):
            case()
    with _raises(RuntimeError, _wrapper_error("target", "_huber_loss", device)):
        F.huber_loss(x, other)


def test_elementwise_loss_takes_a_zero_dim_cpu_target_only_beside_a_zero_dim_input(device):
    # PyTorch's mse_loss broadcasts input and target first: a 0-d CPU target beside a vector is a CPU vector then
    x = gradlib.tensor(3.0, device=device, requires_grad=True)
    loss = F.mse_loss(x, gradlib.tensor(1.0, device="cpu"))
    loss.backward()
    assert loss.device.type == gradlib.device(device).type and loss.item() == 4.0 and x.grad.item() == 4.0
    if _on_cuda(device):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's warning about a target of another size
            with _raises(RuntimeError, _tensor_iterator_error(device)):
                F.mse_loss(gradlib.ones(2, device=device), gradlib.tensor(1.0, device="cpu"))


def test_embedding_checks_the_device_of_its_indices(device):
    weight = gradlib.randn(5, 2, device=device)
    indices = gradlib.tensor([[0, 4], [1, 1]], device=device)
    with _raises(RuntimeError, _wrapper_error("index", "_index_select", device)):
        F.embedding(_elsewhere(indices, device), weight)
    with _raises(RuntimeError, _wrapper_error("index", "_index_select", device)):
        nn.Embedding(5, 2, device=device)(_elsewhere(indices, device))


def test_index_ops_check_every_tensor_argument(device):
    x = gradlib.arange(6.0, device=device).reshape(2, 3)
    index = gradlib.tensor([[0, 2], [1, 0]], device=device)
    row = gradlib.tensor([1, 0], device=device)
    mask = x > 2
    here, other = _names(device)
    index_elsewhere = _elsewhere(index, device)
    with _raises(RuntimeError, _wrapper_error("index", "gather", device)):
        gradlib.gather(x, 1, index_elsewhere)
    with _raises(RuntimeError, _wrapper_error("index", "_index_select", device)):
        x.index_select(0, _elsewhere(row, device))
    with _raises(RuntimeError, _wrapper_error("index", "scatter_src", device)):
        x.scatter(1, index_elsewhere, gradlib.ones(2, 2, device=device))
    with _raises(RuntimeError, _wrapper_error("src", "scatter_src", device)):
        x.scatter(1, index, _elsewhere(gradlib.ones(2, 2, device=device), device))
    with _raises(RuntimeError, _wrapper_error("index", "scatter_value", device)):
        x.scatter(1, index_elsewhere, value=1.0)
    with _raises(RuntimeError, _wrapper_error("src", "scatter_add", device)):
        x.scatter_add(1, index, _elsewhere(gradlib.ones(2, 2, device=device), device))
    with _raises(RuntimeError, _wrapper_error("source", "index_add", device)):
        x.index_add(0, row, _elsewhere(gradlib.ones(2, 3, device=device), device))
    with _raises(RuntimeError, _wrapper_error("index", "index_add", device)):
        x.index_add(0, _elsewhere(row, device), gradlib.ones(2, 3, device=device))
    with _raises(RuntimeError, f"Expected tensor to have {here} Device, but got tensor with {other} Device (while "
                               "checking arguments for torch.take_along_dim():)"):
        gradlib.take_along_dim(x, index_elsewhere, 1)
    with _raises(RuntimeError, f"expected self and mask to be on the same device, but got mask on {other} and "
                               f"self on {here}"):
        x.masked_fill(_elsewhere(mask, device), 0.0)
    with _raises(RuntimeError, _wrapper_error("mask", "_masked_select", device)):
        x.masked_select(_elsewhere(mask, device))


def test_indexing_takes_cpu_indices_and_refuses_indices_on_another_device(device):
    x = gradlib.arange(6.0, device=device, requires_grad=True)
    picked = x[gradlib.tensor([4, 1, 4], device="cpu")]
    assert picked.device.type == gradlib.device(device).type and picked.tolist() == [4.0, 1.0, 4.0]
    masked = x.detach()[gradlib.tensor([True, False] * 3, device="cpu")]
    assert masked.device.type == gradlib.device(device).type and masked.tolist() == [0.0, 2.0, 4.0]
    picked.sum().backward()
    assert x.grad.device.type == gradlib.device(device).type and x.grad.tolist() == [0.0, 1.0, 0.0, 0.0, 2.0, 0.0]
    on_host = gradlib.arange(6.0, device="cpu")
    elsewhere = _elsewhere(gradlib.tensor([1], device=device), device) if device == "cpu" else \
        gradlib.tensor([1], device=device)
    with _raises(IndexError, "indices should be either on cpu or on the same device as the indexed tensor (cpu)"):
        on_host[elsewhere]


def test_cat_and_stack_refuse_even_zero_dim_cpu_tensors(device):
    here = gradlib.ones(2, device=device)
    with _raises(RuntimeError, _wrapper_error("tensors", "cat", device)):
        gradlib.cat([here, _elsewhere(here, device)])
    scalar = gradlib.tensor(1.0, device=device)
    with _raises(RuntimeError, _wrapper_error("tensors", "cat", device)):
        gradlib.stack([scalar, _elsewhere(scalar, device)])


def test_in_place_ops_refuse_operands_on_another_device(device):
    x = gradlib.ones(2, device=device)
    other = _elsewhere(gradlib.ones(2, device=device), device)
    with _raises(RuntimeError, _tensor_iterator_error(device)):
        x.add_(other)
    with _raises(RuntimeError, _tensor_iterator_error(device)):
        x.mul_(other)
    with _raises(RuntimeError, _tensor_iterator_error(device)):
        x + other
    with _raises(RuntimeError, _tensor_iterator_error(device)):
        other - x


# ----- D5: tensors on a second GPU while the first is current ------------------------------------------------
def _two_gpus(device):
    if not _on_cuda(device) or gradlib.cuda.device_count() < 2:
        pytest.skip("needs two CUDA devices (--device cuda on a machine or stand-in with two)")
    assert gradlib.cuda.current_device() == 0


def _train(model, x, target, optimizer_class, steps=3):
    optimizer = optimizer_class(model.parameters(), lr=0.05)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), target)
        loss.backward()
        gradlib.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
    return losses


@pytest.mark.parametrize("optimizer_class", [gradlib.optim.SGD, gradlib.optim.Adam, gradlib.optim.RMSprop,
                                             gradlib.optim.Adagrad])
def test_training_on_the_second_gpu_matches_the_cpu(device, optimizer_class):
    _two_gpus(device)
    gradlib.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.BatchNorm2d(2), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(8, 3)).to("cpu")
    x = gradlib.randn(4, 1, 4, 4, device="cpu")
    target = gradlib.tensor([0, 2, 1, 2], device="cpu")
    reference = _train(model, x, target, optimizer_class)
    gradlib.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.BatchNorm2d(2), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(8, 3)).to("cpu").to("cuda:1")
    losses = _train(model, x.to("cuda:1"), target.to("cuda:1"), optimizer_class)
    assert numpy.allclose(losses, reference, rtol=1e-4, atol=1e-5)
    for param in model.parameters():
        assert param.device == gradlib.device("cuda:1") and param.grad.device == gradlib.device("cuda:1")
    assert gradlib.cuda.current_device() == 0


def test_ops_on_the_second_gpu(device):
    _two_gpus(device)
    x = gradlib.arange(12.0, device="cuda:1").reshape(3, 4).requires_grad_()
    index = gradlib.tensor([[0, 3], [1, 1], [2, 0]], device="cuda:1")
    parts = [x.gather(1, index), x.take_along_dim(index, 1), x.index_select(1, index[:, 0]),
             x[gradlib.tensor([2, 0], device="cpu")], x.masked_fill(x > 5, 0.0),
             x.scatter(1, index, 1.0), x.scatter_add(1, index, x[:, :2]), x.index_add(0, index[:, 0], x),
             F.embedding(index, x.T), F.one_hot(index[:, 0], 3).to(x.dtype) @ x[:3, :3], x.max(1)[0], x.cumsum(1),
             F.pad(x, (1, 1), mode="reflect"), x * gradlib.tensor(2.0, device="cpu"), F.dropout(x, 0.5),
             gradlib.randn(3, 4, device="cuda:1") * x]
    total = sum(part.sum() for part in parts)
    total.backward()
    assert total.device == gradlib.device("cuda:1") and x.grad.device == gradlib.device("cuda:1")
    assert x.detach()[x.detach() > 5].tolist() == [6.0, 7.0, 8.0, 9.0, 10.0, 11.0]
    y = x.detach().clone()
    y[0] = 5.0
    y[gradlib.tensor([1], device="cpu")] = gradlib.tensor(2.0, device="cpu")
    y.add_(1).mul_(gradlib.tensor(2.0, device="cpu")).clamp_(max=20.0)
    view = y[1:]
    view.zero_()
    assert y.device == gradlib.device("cuda:1") and y.sum().item() == 48.0
    z = x * 1
    z[1:].mul_(x[:2])  # an in-place change of a view that the graph records
    z.sum().backward()
    assert gradlib.cuda.current_device() == 0


def test_copies_between_gpus_stay_on_the_devices(device, host_syncs):
    """cuda:1 to cuda:0 and back (forward, backward, Module.to) is a peer copy: no host round trip, as PyTorch."""
    _two_gpus(device)
    x = gradlib.arange(6.0, device="cuda:1").reshape(2, 3).T.requires_grad_()  # not contiguous
    model = nn.BatchNorm1d(3, device="cuda:1")  # num_batches_tracked is 0-d
    with host_syncs() as syncs:
        y = x.to("cuda:0")
        (y * gradlib.arange(1.0, 3.0, device="cuda:0")).sum().backward()
        model.to("cuda:0")
        back = y.to("cuda:1", dtype=gradlib.float64)
    assert syncs.count == 0, syncs
    assert model.num_batches_tracked.shape == () and model.num_batches_tracked._array.device.id == 0
    assert y.device == gradlib.device("cuda:0") and y._array.device.id == 0
    assert back.device == gradlib.device("cuda:1") and back._array.device.id == 1
    assert model.weight._array.device.id == 0 and model.weight.device == gradlib.device("cuda:0")
    assert x.grad.device == gradlib.device("cuda:1") and x.grad._array.device.id == 1
    assert y.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]] and back.tolist() == y.tolist()
    assert x.grad.tolist() == [[1.0, 2.0]] * 3 and gradlib.cuda.current_device() == 0


def test_gradcheck_on_the_second_gpu_perturbs_its_inputs_there(device):
    """gradcheck's contiguous copy and its perturbations stay on the input's GPU while cuda:0 is current."""
    _two_gpus(device)
    x = gradlib.randn(3, 4, dtype=gradlib.float64, device="cuda:1").mT.contiguous().mT.requires_grad_()
    y = gradlib.randn(4, dtype=gradlib.float64, device="cuda:1", requires_grad=True)
    assert gradlib.autograd.gradcheck(lambda a, b: (a * b).sin(), (x, y))
    assert gradlib.autograd.gradgradcheck(lambda a, b: (a @ b).exp(), (x, y))
    assert x._array.device.id == 1 and y._array.device.id == 1 and gradlib.cuda.current_device() == 0


# ----- Module.to keeps the Parameter objects (as PyTorch) --------------------------------------------------
def test_module_to_keeps_parameters_so_an_earlier_optimizer_still_trains(device):
    gradlib.manual_seed(0)
    model = nn.Linear(3, 2, device="cpu")
    weight, bias = model.weight, model.bias
    optimizer = gradlib.optim.SGD(model.parameters(), lr=0.1)
    model(gradlib.ones(1, 3, device="cpu")).sum().backward()
    grad = weight.grad
    model.to(device).double()
    assert model.weight is weight and model.bias is bias and weight.grad is grad
    for tensor in (weight, bias, grad):
        assert tensor.device.type == gradlib.device(device).type and tensor.dtype is gradlib.float64
    optimizer.zero_grad()
    x = gradlib.randn(8, 3, dtype=gradlib.float64, device=device)
    before = F.mse_loss(model(x), gradlib.zeros(8, 2, dtype=gradlib.float64, device=device))
    before.backward()
    optimizer.step()
    after = F.mse_loss(model(x), gradlib.zeros(8, 2, dtype=gradlib.float64, device=device))
    assert after.item() < before.item()
