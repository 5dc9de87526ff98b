"""Checkpointing and module/optimizer hooks print what PyTorch printed for the same snippet (recorded by
tests/reference/fix6b.py into torch_fix6b.json), on the device under test."""
import json
import pathlib
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet
from reference.fix6b import SNIPPETS

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" / "torch_fix6b.json").read_text())


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(SNIPPETS)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and "numpy()" in snippet:
        pytest.skip("numpy() of a tensor made on the default device: the CPU's (a CUDA tensor is refused)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_global_optimizer_step_hooks_run_around_the_optimizers_own(device):
    # PyTorch's order (torch/optim/optimizer.py, profile_hook_step): global pre, own pre, step, own post, global post
    log = []
    w = gradlib.nn.Parameter(gradlib.tensor([1., -2.], device=device))
    opt = gradlib.optim.SGD([w], lr=0.1)
    handles = [gradlib.optim.optimizer.register_optimizer_step_pre_hook(lambda o, a, k: log.append("global pre")),
               gradlib.optim.optimizer.register_optimizer_step_post_hook(lambda o, a, k: log.append("global post")),
               opt.register_step_pre_hook(lambda o, a, k: log.append("pre")),
               opt.register_step_post_hook(lambda o, a, k: log.append(("post", [round(v, 4) for v in w.tolist()])))]
    (w * w).sum().backward()
    opt.step()
    for handle in handles:
        handle.remove()
    opt.step()
    assert log == ["global pre", "pre", ("post", [0.8, -1.6]), "global post"]
    assert w.tolist() == pytest.approx([0.6, -1.2])
