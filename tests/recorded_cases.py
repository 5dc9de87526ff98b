"""The three tests each differential topic (fuzz15, index16 and the session-17 sweeps) asks of its recorded cases:
every case is recorded and every known difference listed; each fixed case (and guard) answers as PyTorch did; each
known difference still differs (a fix moves it to the fixed cases). A topic's test file assigns them:

    (test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
     test_known_case_still_differs) = recorded_cases.case_tests(topic, RECORDED, KNOWN, FIXED + GUARDS, _answer)

and usually gets gradlib's answers from ``gradlib_answer``.
"""
import json
import operator
import warnings

import pytest

import gradlib


def on_gpu(device):
    """Whether the suite runs on a CUDA device (``--device cuda``, ``cuda:1``)."""
    return device is not None and str(device).startswith("cuda")


def cpu_kernel_words(message):
    """An error message's kernel names as PyTorch's CPU run, whose answers were recorded, words them."""
    return message.replace("_cuda", "_cpu").replace("on CUDA", "on CPU")


def gradlib_answer(topic, name, device, gpu_skips=None, gpu_words=None):
    """gradlib's answer to ``topic``'s case ``name`` on ``device``, in the form the recorder stored PyTorch's (a JSON
    round trip). On a GPU the case is skipped where it holds bfloat16 (gradlib keeps bfloat16 on the CPU: CuPy has
    none) or its name starts with a key of ``gpu_skips`` (prefix -> reason), and ``gpu_words(message)`` rewrites an
    error message's device words."""
    if on_gpu(device):
        if "bfloat16" in topic.CASES[name]:
            pytest.skip("gradlib keeps bfloat16 on the CPU (CuPy has no bfloat16)")
        for prefix, reason in (gpu_skips or {}).items():
            if name.startswith(prefix):
                pytest.skip(reason)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        answer = json.loads(json.dumps(topic.run(gradlib, name, device)))
    if "error" in answer and gpu_words is not None and on_gpu(device):
        answer["error"][1] = gpu_words(answer["error"][1])
    return answer


def case_tests(topic, recorded, known, checked, answer, same=operator.eq):
    """The three tests for ``topic`` (its ``CASES`` and ``KNOWN_CASES``), PyTorch's answers ``recorded``, the
    ``known`` differences (name -> reason), the ``checked`` case names, gradlib's ``answer(name, device)`` and
    ``same(recorded_answer, gradlib_answer)``."""

    def test_every_known_case_is_recorded_and_listed():
        assert set(known) == set(topic.KNOWN_CASES)
        assert set(recorded) == set(topic.CASES)

    @pytest.mark.parametrize("name", checked)
    def test_fixed_case_is_pytorchs(device, name):
        got = answer(name, device)
        assert same(recorded[name], got), (recorded[name], got)

    @pytest.mark.parametrize("name", sorted(known))
    def test_known_case_still_differs(device, name):
        assert not same(recorded[name], answer(name, device)), \
            f"{name} now agrees with PyTorch: move it to the fixed cases"

    return test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs, test_known_case_still_differs
