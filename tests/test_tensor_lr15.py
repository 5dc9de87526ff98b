"""A tensor learning rate (``lr=torch.tensor(0.013)``): every optimizer steps with it and every scheduler writes
into it, with PyTorch 2.13's values (tests/reference/tensor_lr15.py). Before, every optimizer's update raised
TypeError (a raw array minus a Tensor) and schedulers replaced the tensor with a new one.

Parameters are compared within a few ulps: PyTorch's kernels fuse some multiply-adds (``add_(alpha=)``,
``addcdiv_``), which NumPy rounds twice; a float ``lr`` shows the same last-bit differences
(tests/test_optim_extra.py compares trajectories within 1e-8 for that reason). The learning rates themselves,
the identity of the group's tensor and the schedulers' ``get_last_lr`` are exact."""
import json
import pathlib

import numpy
import pytest

import gradlib
from reference.tensor_lr15 import CASES, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_tensor_lr15.json").read_text())
ULPS = 4


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py tensor_lr15"


@pytest.mark.parametrize("key", sorted(CASES))
def test_tensor_lr_as_pytorch(key):
    found = run(gradlib, key)
    expected = RECORDED[key]
    assert "error" not in found, found
    assert "error" not in expected, expected
    assert found["same_tensor"] == expected["same_tensor"]
    assert found["lr"] == expected["lr"]
    assert found["last_lr"] == expected["last_lr"]
    dtype = numpy.float32 if CASES[key][2] == "float32" else numpy.float64
    got = numpy.array([float.fromhex(v) for v in found["param"]], dtype)
    want = numpy.array([float.fromhex(v) for v in expected["param"]], dtype)
    # within a few ulps of the parameter's largest element (a centered RMSprop's cancellation shows a last-bit
    # difference of a large element on a small one)
    assert numpy.all(numpy.abs(got - want) <= ULPS * numpy.spacing(numpy.abs(want).max())), (got, want)


@pytest.mark.parametrize("lr_dtype", [gradlib.float32, gradlib.float64])
@pytest.mark.parametrize("name, options", [("SGD", {}), ("SGD", {"momentum": 0.9}), ("Adagrad", {}),
                                           ("Adam", {}), ("RMSprop", {})])
def test_tensor_lr_steps_as_its_value(name, options, lr_dtype):
    """Where PyTorch uses the rate only as a number (SGD's alpha=-lr; Adam's lr / bias_correction in the rate's
    dtype), the update with a tensor rate is the update with a float rate of the same value, bit for bit, when
    that float's arithmetic is the tensor's (float64 rates; a float32 rate's value is a float32 number)."""
    def steps(lr):
        param = gradlib.nn.Parameter(gradlib.tensor([0.7, -1.3, 0.05, 2.0, -0.4], dtype=gradlib.float64))
        optimizer = getattr(gradlib.optim, name)([param], lr=lr, **options)
        for _ in range(3):
            optimizer.zero_grad()
            (param ** 3).sum().backward()
            optimizer.step()
        return param.detach().cpu().numpy()
    rate = gradlib.tensor(0.013, dtype=lr_dtype)
    if lr_dtype is gradlib.float32 and name in ("Adam", "Adagrad", "RMSprop"):
        pytest.skip("a float32 rate divides in float32 (PyTorch's tensor arithmetic), unlike a float")
    assert numpy.array_equal(steps(rate), steps(float(rate)))


def test_scheduler_fills_the_tensor_and_initial_lr_is_a_copy():
    param = gradlib.nn.Parameter(gradlib.zeros(2))
    rate = gradlib.tensor(0.5)
    optimizer = gradlib.optim.SGD([param], lr=rate)
    schedule = gradlib.optim.lr_scheduler.StepLR(optimizer, 1, gamma=0.5)
    group = optimizer.param_groups[0]
    assert group["initial_lr"] is not rate and float(group["initial_lr"]) == 0.5
    optimizer.step()
    schedule.step()
    assert group["lr"] is rate and float(rate) == 0.25
    last = schedule.get_last_lr()[0]
    assert isinstance(last, gradlib.Tensor) and last is not rate and float(last) == 0.25
