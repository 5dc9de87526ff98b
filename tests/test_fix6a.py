"""Behaviours fixed for held-back tutorial programs print what PyTorch printed for the same snippet (recorded by
tests/reference/fix6a.py into torch_fix6a.json), on the device under test: meta-device factories and ops on
tensors far larger than memory, ``nn.utils.skip_init``, ``backends.cudnn.flags`` / ``set_flags``. The meta
snippets also run under tracemalloc: a meta tensor of 2**40 elements and every op on it store nothing of its size.
"""
import json
import pathlib
import tracemalloc
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet
from reference.fix6a import SNIPPETS

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" / "torch_fix6a.json").read_text())
_MEGABYTE = 2 ** 20


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(SNIPPETS)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    tracemalloc.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # no NumPy floating warning leaks from a meta op
            printed = without_device_suffix(run_snippet(gradlib, snippet), device)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected
    assert peak < 32 * _MEGABYTE, f"{peak / _MEGABYTE:.1f} MiB traced"


def test_meta_ops_on_a_huge_tensor_allocate_nothing_of_its_size(device):
    """The failure mode the reasoning-about-shapes recipe hit: NumPy asked for 48 TiB. Ops mixing a device tensor's
    scalar arguments with meta tensors keep to the meta device."""
    tracemalloc.start()
    try:
        x = gradlib.rand(2 ** 20, 2 ** 20, device="meta")
        y = (x.exp() * 2 + gradlib.ones(2 ** 20, device="meta")).softmax(0).sum(1)
        z = gradlib.where(x > 0.5, x, gradlib.zeros((), device="meta")).cumsum(0).argmax(1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (y.shape, y.dtype, y.is_meta) == ((2 ** 20,), gradlib.float32, True)
    assert (z.shape, z.dtype) == ((2 ** 20,), gradlib.int64)
    assert peak < 32 * _MEGABYTE
    assert gradlib.ones(3, device=device).device.type == gradlib.device(device).type  # the device under test


def test_skip_init_lands_on_the_device_under_test(device):
    m = gradlib.nn.utils.skip_init(gradlib.nn.Linear, 3, 2, device=device)
    assert m.weight.device == gradlib.ones(1, device=device).device and m.weight.shape == (2, 3)
    assert (m(gradlib.ones(4, 3, device=device))).shape == (4, 2)
