"""A training step never asks for a value on the host: no ``.item()``, ``float()``, ``bool()``, ``.tolist()``,
``.numpy()`` or backend ``to_numpy`` between forward and the optimizer step. On the CPU this pins the code
paths; under ``--device cuda`` the same test shows that a step queues GPU work without one device-to-host copy.
Under ``--cupy-stand-in`` the stand-in's array-level syncs (``bool(array)``, masks, ``cupy.asnumpy``...) are
counted too, so a read that bypasses the Tensor APIs is caught as well.
"""
import math

import pytest

import gradlib
from gradlib import nn, optim
from gradlib.backends.base import Backend

_HOST_APIS = [(gradlib.Tensor, name) for name in ("item", "_python_value", "tolist", "numpy", "__float__", "__complex__",
                                                  "__int__",
                                                  "__bool__", "__index__", "__array__")]


@pytest.fixture
def count_host_reads(monkeypatch, host_syncs):
    """Tensor-level host reads by name, and (under --cupy-stand-in) the stand-in's syncs as 'sync <what> at <site>'."""
    calls = _Calls()
    _patch_host_apis(monkeypatch, calls)
    with host_syncs(on_sync=lambda event: calls.append(f"sync {event.what} at {event.site}")) as syncs:
        calls.stand_in_active = syncs.active
        yield calls


class _Calls(list):
    stand_in_active = False


def _patch_host_apis(monkeypatch, calls):

    def counting(owner, name):
        original = getattr(owner, name)

        def wrapper(self, *args, **kwargs):
            calls.append(f"{owner.__name__}.{name}")
            return original(self, *args, **kwargs)
        return wrapper

    for owner, name in _HOST_APIS:
        if hasattr(owner, name):
            monkeypatch.setattr(owner, name, counting(owner, name))
    for backend_class in {type(b) for b in _backends()} | {Backend}:
        if "to_numpy" in vars(backend_class):
            monkeypatch.setattr(backend_class, "to_numpy", counting(backend_class, "to_numpy"))


def _backends():
    from gradlib.backends import numpy_backend
    found = [numpy_backend]
    if gradlib.cuda.is_available():
        from gradlib.backends import cupy_backend
        found.append(cupy_backend())
    return found


def _mlp():
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 4))


def _cnn():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Dropout(0.1), nn.Linear(4 * 4 * 4, 4))


@pytest.mark.parametrize("make_optimizer", [
    lambda p: optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-4),
    lambda p: optim.Adam(p, lr=1e-3),
    lambda p: optim.AdamW(p, lr=1e-3, amsgrad=True),
    lambda p: optim.RMSprop(p, lr=1e-3, momentum=0.5),
    lambda p: optim.Adagrad(p, lr=1e-2)], ids=["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"])
@pytest.mark.parametrize("kind", ["mlp", "cnn"])
def test_a_training_step_reads_nothing_back_to_the_host(kind, make_optimizer, device, count_host_reads):
    gradlib.manual_seed(0)
    model = (_mlp() if kind == "mlp" else _cnn()).to(device)
    optimizer = make_optimizer(model.parameters())
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.9)
    x = gradlib.randn(6, 8, device=device) if kind == "mlp" else gradlib.randn(6, 1, 8, 8, device=device)
    y = gradlib.randint(0, 4, (6,), device=device)
    for _ in range(2):  # the second step runs with optimizer state in place
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        scheduler.step()
    assert count_host_reads == []
    float(loss)  # the counter works: reading the loss is a host read
    assert count_host_reads[0] == "Tensor.__float__" and "Tensor._python_value" in count_host_reads
    if count_host_reads.stand_in_active and gradlib.device(device).type == "cuda":  # and the stand-in saw the one device read
        syncs = [r for r in count_host_reads if r.startswith("sync ")]
        assert len(syncs) == 1 and syncs[0].startswith("sync cupy.asnumpy() at explicit: gradlib/")


def test_batchnorm_cumulative_average_reads_nothing_back(device, count_host_reads):
    # momentum=None: the factor 1/num_batches_tracked is computed on the device.
    bn = nn.BatchNorm1d(2, momentum=None).to(device)
    for k in range(3):
        bn(gradlib.arange(8.0, device=device).reshape(4, 2) * (k + 1) + k)
    assert count_host_reads == []
    # PyTorch 2.13, same inputs: running_mean [7.0, 9.0], running_var [31.1111...] * 2, 3 batches
    assert bn.running_mean.tolist() == [7.0, 9.0]
    assert bn.running_var.tolist() == pytest.approx([31.11111068725586] * 2)
    assert bn.num_batches_tracked.item() == 3


@pytest.mark.parametrize("dtype", [gradlib.float32, gradlib.float64])
@pytest.mark.parametrize("mean, std, a, b", [(0.0, 1.0, -2.0, 2.0), (1.0, 3.0, -1.0, 2.0), (0.0, 1.0, 2.0, 2.5)])
def test_trunc_normal_reads_nothing_back(device, count_host_reads, dtype, mean, std, a, b):
    gradlib.manual_seed(0)
    w = nn.init.trunc_normal_(gradlib.empty(200_000, dtype=dtype, device=device), mean, std, a, b)
    # on a GPU inverse-CDF sampling queues its work; on the CPU it is PyTorch's algorithm, draw for draw, whose
    # loop reads any() each round as PyTorch's does (no device there to wait for)
    assert count_host_reads == [] or gradlib.device(device).type == "cpu"
    values = w.cpu().numpy()
    assert values.min() >= a and values.max() <= b
    # The truncated normal's mean and standard deviation.
    alpha, beta = (a - mean) / std, (b - mean) / std
    mass = _cdf(beta) - _cdf(alpha)
    shift = (_pdf(alpha) - _pdf(beta)) / mass
    expected_std = std * math.sqrt(1 + (alpha * _pdf(alpha) - beta * _pdf(beta)) / mass - shift ** 2)
    assert values.mean() == pytest.approx(mean + std * shift, abs=5 * expected_std / math.sqrt(values.size))
    assert values.std() == pytest.approx(expected_std, rel=0.01)


def _pdf(x):
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _cdf(x):
    return (1 + math.erf(x / math.sqrt(2))) / 2
