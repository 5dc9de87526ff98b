"""The APIs the p85–p99 tutorial programs needed print what PyTorch printed for the same snippet (recorded by
tests/reference/progs6a.py into torch_progs6a.json), on the device under test: pairwise_distance's node,
TripletMarginWithDistanceLoss, AveragedModel's integer buffers and CPU rounding, the channels-last memory format."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs6a.json").read_text())


def test_there_are_snippets():
    assert len(RECORDED) >= 15


@pytest.mark.parametrize("snippet", list(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # snippets run on the default device
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_channels_last_storage_is_nhwc_and_its_values_unchanged(device):
    x = gradlib.arange(2 * 3 * 4 * 5, dtype=gradlib.float32, device=device).view(2, 3, 4, 5)
    y = x.to(memory_format=gradlib.channels_last)
    assert y.stride() == (60, 1, 15, 3) and y.device == x.device
    assert gradlib.equal(y, x) and not y.is_contiguous() and y.is_contiguous(memory_format=gradlib.channels_last)
    assert y.permute(0, 2, 3, 1).is_contiguous()  # channels innermost: NHWC storage
    assert x.clone(memory_format=gradlib.channels_last).stride() == (60, 1, 15, 3)


def test_module_to_channels_last_keeps_parameters_and_training(device):
    gradlib.manual_seed(0)
    model = gradlib.nn.Sequential(gradlib.nn.Conv2d(2, 4, 3), gradlib.nn.Flatten(), gradlib.nn.Linear(16, 1)).to(device)
    weight = model[0].weight
    before = weight.detach().clone()
    optimizer = gradlib.optim.SGD(model.parameters(), lr=0.1)
    assert model.to(memory_format=gradlib.channels_last) is model and model[0].weight is weight
    assert weight.stride() == (18, 1, 6, 2) and gradlib.equal(weight.detach(), before)
    model(gradlib.ones(1, 2, 4, 4, device=device)).sum().backward()
    optimizer.step()
    assert weight.grad.shape == weight.shape and not gradlib.equal(weight.detach(), before)


def test_integer_buffer_average_fails_where_pytorch_fails(device):
    # get_swa_multi_avg_fn on integer buffers: PyTorch's foreach addcdiv_ refuses integer division
    model = gradlib.nn.BatchNorm1d(2).to(device)
    averaged = gradlib.optim.swa_utils.AveragedModel(
        model, multi_avg_fn=gradlib.optim.swa_utils.get_swa_multi_avg_fn(), use_buffers=True)
    averaged.update_parameters(model)
    with pytest.raises(RuntimeError, match="Integer division with addcdiv is no longer supported"):
        averaged.update_parameters(model)


def test_default_running_mean_of_integer_buffers_follows_the_device(device):
    # PyTorch averages one tensor at a time on the CPU (get_swa_avg_fn: a float mean copied back) and with the
    # foreach running mean on CUDA, whose addcdiv_ refuses integer buffers
    model = gradlib.nn.BatchNorm1d(2).to(device)
    averaged = gradlib.optim.swa_utils.AveragedModel(model, use_buffers=True)
    averaged.update_parameters(model)
    model.num_batches_tracked.fill_(5)
    if gradlib.device(device).type == "cpu":
        averaged.update_parameters(model)
        assert averaged.module.num_batches_tracked.item() == 2 and averaged.n_averaged.item() == 2
    else:
        with pytest.raises(RuntimeError, match="Integer division with addcdiv"):
            averaged.update_parameters(model)
