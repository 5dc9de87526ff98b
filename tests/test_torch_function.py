"""The ``__torch_function__`` protocol (gradlib/_torch_function.py, gradlib/overrides.py, Tensor subclasses):
snippets print what PyTorch printed (recorded by tests/reference/torch_function.py into
torch_torch_function.json), on the device under test; and the protocol costs the eager hot path nothing until it
is live."""
import inspect
import json
import pathlib
import subprocess
import sys
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet
from reference.torch_function import SNIPPETS

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" /
                       "torch_torch_function.json").read_text())


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(SNIPPETS)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    assert printed == expected


def test_import_leaves_the_protocol_off_so_tensor_calls_pay_nothing():
    # gradlib's own subclasses (Parameter, BatchedTensor, CausalBias, UninitializedBuffer) disable the protocol, so
    # importing gradlib (and using nn) does not make it live: Tensor methods keep their original bodies.
    code = ("import gradlib, gradlib._torch_function as t\n"
            "code = gradlib.Tensor.add.__code__\n"
            "gradlib.nn.Linear(2, 2)(gradlib.ones(1, 2)).sum().backward()\n"
            "print(t.ACTIVE, gradlib.Tensor.add.__code__ is code)\n"
            "add = gradlib.Tensor.add\n"
            "class Mine(gradlib.Tensor):\n    pass\n"
            "print(t.ACTIVE, gradlib.Tensor.add is add, gradlib.Tensor.add.__code__ is code)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True", "True", "False"]


def test_subclass_results_and_gradients_on_the_device(device):
    class Mine(gradlib.Tensor):
        pass

    x = gradlib.tensor([1., -2., 3.], device=device).as_subclass(Mine).requires_grad_()
    y = (x.exp() * 2 + gradlib.ones(3, device=device)).sum()
    assert type(y) is Mine and y.device.type == gradlib.device(device).type
    y.backward()
    assert type(x.grad) is gradlib.Tensor
    assert x.grad.tolist() == pytest.approx([2 * v for v in gradlib.tensor([1., -2., 3.]).exp().tolist()])
    p = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    assert type(p * 2) is gradlib.Tensor and type(p.as_subclass(Mine)) is Mine


def test_signatures_and_docstrings_survive_the_wrapping():
    class Live(gradlib.Tensor):  # the protocol is live from here: Tensor methods have their trampolines
        pass
    assert "__gradlib_entry__" in gradlib.Tensor.sum.__kwdefaults__
    assert list(inspect.signature(gradlib.Tensor.sum).parameters)[:2] == ["self", "dim"]
    assert gradlib.Tensor.sum(gradlib.ones(2)).item() == 2.0
    assert "input" in inspect.signature(gradlib.exp).parameters
    assert gradlib.exp.__doc__ == gradlib.ops.elementwise.exp.__doc__


def test_public_functions_pickle_by_reference_as_before():
    import pickle
    for function in (gradlib.exp, gradlib.nn.functional.gelu, gradlib.nn.functional.relu, gradlib.linalg.norm):
        assert pickle.loads(pickle.dumps(function)) is function


class _Seen(gradlib.overrides.TorchFunctionMode):
    def __init__(self):
        super().__init__()
        self.names = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.names.append(gradlib.overrides.resolve_name(func))
        return func(*args, **(kwargs or {}))


def test_modes_are_per_thread_and_disable_torch_function_hides_them(device):
    import threading
    x = gradlib.ones(2, device=device)
    with _Seen() as seen:
        worker = threading.Thread(target=lambda: x.exp())
        worker.start()
        worker.join()
        with gradlib._C.DisableTorchFunction():
            x.sin()
        with gradlib._C.DisableTorchFunctionSubclass():
            x.cos()
    assert seen.names == ["gradlib.Tensor.cos"]
    assert gradlib.overrides._get_current_function_mode() is None


def test_a_plain_torch_function_method_still_works_and_warns(device):
    class Old:
        def __torch_function__(self, func, types, args=(), kwargs=None):
            return "old"

    with pytest.warns(UserWarning, match="`__torch_function__` as a plain method is deprecated"):
        assert gradlib.mean(Old()) == "old"  # PyTorch's C++ warning
    with pytest.warns(DeprecationWarning, match="`__torch_function__ as a plain method is deprecated"):
        assert gradlib.nn.functional.relu(Old()) == "old"  # its Python one (sic)


def test_warnings_still_name_the_callers_line(device):
    # the public wrapper sits between the caller and F.dropout2d; warnings skip its frame (TRANSPARENT)
    x = gradlib.ones(2, 3, device=device)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gradlib.nn.functional.dropout2d(x)
    assert [pathlib.Path(w.filename).name for w in caught] == ["test_torch_function.py"]
