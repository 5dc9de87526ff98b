"""Out-of-range indices in every index-taking op. On the CPU: PyTorch 2.13's exception class and message (and
PyTorch's refusal of -1 where only [0, size) is valid). On CUDA, where PyTorch's kernels assert and CuPy wraps
around: the op queues a check on the device and the next synchronization raises a RuntimeError naming the op."""
import contextlib
import importlib
import types

import numpy
import pytest

import gradlib
import gradlib.nn.functional as F
from gradlib.backends import deferred
from gradlib.backends.cupy_backend import CupyBackend

cupy_backend_module = importlib.import_module("gradlib.backends.cupy_backend")  # the package exports a function too

X = "gradlib.arange(6.).reshape(2, 3)"
T = "gradlib.tensor"

# (name, code run with `gradlib` and `F` bound, PyTorch's exception class, message); each raises with bad = -1 or 3
CASES = [
    ("cross_entropy", f"F.cross_entropy(gradlib.zeros(2, 3), {T}([0, bad]))", IndexError, "Target {bad} is out of bounds."),
    ("cross_entropy_sum", f"F.cross_entropy(gradlib.zeros(2, 3), {T}([0, bad]), reduction='sum')", IndexError,
     "Target {bad} is out of bounds."),
    ("nll_loss_2d", f"F.nll_loss(gradlib.zeros(2, 3, 2), {T}([[0, bad], [1, 1]]))", IndexError,
     "Target {bad} is out of bounds."),
    ("nll_loss_weight", f"F.nll_loss(gradlib.zeros(2, 3), {T}([bad, 0]), weight=gradlib.ones(3))", IndexError,
     "Target {bad} is out of bounds."),
    ("embedding", f"F.embedding({T}([0, bad]), {X}.t())", IndexError, "index out of range in self"),
    ("gather", f"gradlib.gather({X}, 1, {T}([[0, bad], [1, 0]]))", RuntimeError,
     "index {bad} is out of bounds for dimension 1 with size 3"),
    ("take_along_dim", f"gradlib.take_along_dim({X}, {T}([[0, bad]]), 1)", RuntimeError,
     "index {bad} is out of bounds for dimension 1 with size 3"),
    ("scatter", f"gradlib.zeros(2, 3).scatter(1, {T}([[0, bad]]), gradlib.ones(1, 2))", RuntimeError,
     "index {bad} is out of bounds for dimension 1 with size 3"),
    ("scatter_value", f"gradlib.zeros(2, 3).scatter(1, {T}([[0, bad]]), value=1.0)", RuntimeError,
     "index {bad} is out of bounds for dimension 1 with size 3"),
    ("scatter_add", f"gradlib.zeros(2, 3).scatter_add(1, {T}([[0, bad]]), gradlib.ones(1, 2))", RuntimeError,
     "index {bad} is out of bounds for dimension 1 with size 3"),
    ("index_select_0", f"gradlib.index_select({X}, 0, {T}([0, bad]))", IndexError, "index out of range in self"),
    ("index_select_1", f"gradlib.index_select({X}, 1, {T}([0, bad]))", RuntimeError,
     "INDICES element is out of DATA bounds, id={bad} axis_dim=3"),
    ("index_add_2d", f"gradlib.zeros(2, 3).index_add(1, {T}([0, bad]), gradlib.ones(2, 2))", RuntimeError,
     "index {bad} is out of bounds for dimension 1 with size 3"),
    ("index_add_1d", f"gradlib.zeros(3).index_add(0, {T}([0, bad]), gradlib.ones(2))", IndexError,
     "index out of range in self"),
    ("one_hot", f"F.one_hot({T}([0, bad]), 3)", RuntimeError, "MESSAGE_ONE_HOT"),
]
# Indexing takes negative indices: [-size, size) is valid. (name, code, message, size of the indexed dim)
NEGATIVE_OK = [
    ("getitem", f"{X}[{T}([0, bad])]", "index {bad} is out of bounds for dimension 0 with size 2", 2),
    ("getitem_dim1", f"{X}[:, {T}([0, bad])]", "index {bad} is out of bounds for dimension 0 with size 3", 3),
    ("getitem_two", f"{X}[{T}([0, 1]), {T}([0, bad])]", "index {bad} is out of bounds for dimension 1 with size 3", 3),
    ("getitem_list", f"{X}[[0, bad]]", "index {bad} is out of bounds for dimension 0 with size 2", 2),
    ("getitem_0d", f"{X}[:, {T}(bad)]", "index {bad} is out of bounds for dimension 1 with size 3", 3),
    ("setitem", f"{X}.__setitem__({T}([0, bad]), 1.0)", "index {bad} is out of bounds for dimension 0 with size 2", 2),
]


def _message(template, bad):
    if template == "MESSAGE_ONE_HOT":
        return "Class values must be non-negative." if bad < 0 else "Class values must be smaller than num_classes."
    return template.format(bad=bad)


def _run(code, bad, device):
    gradlib.set_default_device(device)
    return eval(code, {"gradlib": gradlib, "F": F, "bad": bad})


def _expect(device, code, bad, error_class, message, what):
    if device == "cpu":
        with pytest.raises(error_class) as caught:
            _run(code, bad, device)
        assert type(caught.value) is error_class and str(caught.value) == message
        return
    out = _run(code, bad, device)  # queued on the GPU: no error yet, no wait
    with pytest.raises(RuntimeError, match="out of range") as caught:
        (out if out is not None else gradlib.zeros(1)).tolist()
    assert what in str(caught.value) and "device-side assert" in str(caught.value)
    gradlib.zeros(1).tolist()  # reported once


@pytest.mark.parametrize("bad", [-1, 3])
@pytest.mark.parametrize("name, code, error_class, template", CASES, ids=[case[0] for case in CASES])
def test_out_of_range_index_is_refused(device, name, code, error_class, template, bad):
    _expect(device, code, bad, error_class, _message(template, bad), _OP_WORDS[name])


_OP_WORDS = {"cross_entropy": "nll_loss / cross_entropy", "cross_entropy_sum": "nll_loss / cross_entropy",
             "nll_loss_2d": "nll_loss / cross_entropy", "nll_loss_weight": "nll_loss / cross_entropy",
             "embedding": "embedding", "gather": "gather()", "take_along_dim": "gather()", "scatter": "scatter()",
             "scatter_value": "scatter()", "scatter_add": "scatter_add()", "index_select_0": "index_select()",
             "index_select_1": "index_select()", "index_add_2d": "index_add()", "index_add_1d": "index_add()",
             "one_hot": "one_hot", "getitem": "indexing", "getitem_dim1": "indexing", "getitem_two": "indexing",
             "getitem_list": "indexing", "getitem_0d": "indexing", "setitem": "indexing"}


@pytest.mark.parametrize("name, code, template, size", NEGATIVE_OK, ids=[case[0] for case in NEGATIVE_OK])
def test_indexing_takes_indices_from_minus_size(device, name, code, template, size):
    _run(code, -size, device)
    for bad in (-size - 1, size):
        if name == "getitem_0d" and device == "cpu":  # a 0-d CPU index tensor is read (item(), as PyTorch)
            with pytest.raises(IndexError) as caught:
                _run(code, bad, device)
            assert str(caught.value) == template.format(bad=bad)
            continue
        _expect(device, code, bad, IndexError, template.format(bad=bad), _OP_WORDS[name])


def test_valid_indices_run_and_ignored_targets_may_be_anything(device):
    x = gradlib.arange(6.0).reshape(2, 3)
    assert x[gradlib.tensor([-1, 0])].tolist() == [[3.0, 4.0, 5.0], [0.0, 1.0, 2.0]]
    loss = F.nll_loss(gradlib.zeros(3, 3), gradlib.tensor([0, -100, 1]))
    assert loss.item() == 0.0
    loss = F.cross_entropy(gradlib.zeros(2, 3), gradlib.tensor([7, 1]), ignore_index=7)
    assert loss.item() == pytest.approx(1.0986123)
    assert F.one_hot(gradlib.tensor([2, 0])).tolist() == [[0, 0, 1], [1, 0, 0]]
    gradlib.zeros(1).tolist()


# ----- the deferred checks themselves, run on NumPy arrays through CupyBackend's code -----------------------------
class _OnDevice(numpy.ndarray):
    """A NumPy array that says it lives on CUDA device 0 (CuPy's ``array.device.id``)."""

    @property
    def device(self):
        return types.SimpleNamespace(id=0)


def _deferring_backend():
    backend = CupyBackend.__new__(CupyBackend)
    backend.xp = types.SimpleNamespace(**{name: getattr(numpy, name) for name in (
        "where", "ascontiguousarray", "concatenate", "uint8", "int64")}, asnumpy=numpy.asarray,
        cuda=types.SimpleNamespace(Device=lambda index: contextlib.nullcontext()))
    backend._checks = deferred.DeferredChecks(backend.xp)
    return backend


@pytest.mark.parametrize("packed", [True, False], ids=["one_copy", "large_array"])
def test_deferred_check_raises_at_the_next_copy_to_host_and_names_the_first_failure(monkeypatch, packed):
    if not packed:
        monkeypatch.setattr(cupy_backend_module, "_PACK_LIMIT", 0)
    backend = _deferring_backend()
    never = lambda: AssertionError("the device backend never builds the host error")
    index = numpy.array([0, 2, 5]).view(_OnDevice)
    backend.check_bounds(index, 0, 6, "gather(): index along dimension 0", never)
    assert backend.to_numpy(index).tolist() == [0, 2, 5]  # in range: nothing to report
    backend.check_bounds(index, 0, 3, "embedding: index into 3 rows", never)  # fails, silently for now
    backend.check_bounds(index, -1, 2, "indexing (dimension 0 of size 2)", never)  # fails later
    for _ in range(1000):  # many passing checks keep the pending state at one scalar for the device
        backend.check_bounds(index, 0, 6, "gather(): index along dimension 0", never)
    assert len(backend._checks.pending) == 1 and len(backend._checks.codes) == 3
    with pytest.raises(RuntimeError, match=r"^embedding: index into 3 rows: an index is out of range \[0, 3\); "
                                           r".* \(found on cuda:0 at this synchronization"):
        backend.to_numpy(index)
    assert backend.to_numpy(index).tolist() == [0, 2, 5]  # reported once
    backend.check_bounds(numpy.array([], dtype=numpy.int64).view(_OnDevice), 0, 0, "empty", never)
    assert backend._checks.pending == {}


@pytest.mark.parametrize("values", [numpy.arange(6.0).reshape(2, 3).T, numpy.array(True), numpy.float16([1.5, -2]),
                                    numpy.arange(5, dtype=numpy.int64)[::2], numpy.zeros((0, 3))])
def test_packed_copy_to_host_keeps_the_values(values):
    backend = _deferring_backend()
    array = values.view(_OnDevice)
    backend._checks.add(0, numpy.array(False).view(_OnDevice), RuntimeError("never"))
    host = backend.to_numpy(array)
    assert host.dtype == values.dtype and host.shape == values.shape and (host == values).all()


def test_pending_checks_are_bounded():
    checks = deferred.DeferredChecks(numpy)
    for number in range(deferred.LIMIT + 10):
        checks.add(0, numpy.array(number == deferred.LIMIT + 5), RuntimeError(f"check {number}"))
    assert len(checks.codes) == deferred.LIMIT and len(checks.pending) == 1
    with pytest.raises(RuntimeError, match="its message was not kept"):
        checks.raise_for(0, checks.take(0))
