"""Every index-taking op of the public API with bad indices (-1, size and -size-1, in the first or a later
position) and with empty index tensors.

On the CPU: PyTorch 2.13's exception class and message (recorded with its CPU wheel). On CUDA, where CuPy wraps
bad indices around and PyTorch's kernels assert: no error and no wait when the op runs, then a RuntimeError naming
the op at the next synchronization, whichever it is (``.item()``, ``.tolist()``, ``.cpu()``, ``.numpy()``,
printing, ``gradlib.cuda.synchronize()``), so the wrapped value is never seen; backward of the op (gather's
index_add, embedding's with padding_idx) may run before that and changes nothing.
"""
import pytest

import gradlib
import gradlib.nn.functional as F

X = "gradlib.arange(6.).reshape(2, 3)"
T = "gradlib.tensor"
OUT = ["index {bad} is out of bounds for dimension %d with size {size}" % dim for dim in range(3)]
RANGE = "index out of range in self"
TARGET = "Target {bad} is out of bounds."

# name: (code with `bad`, size of the indexed dim, PyTorch's exception class, message template, words in CUDA's)
CASES = {
    "cross_entropy_smoothing": (f"F.cross_entropy(gradlib.zeros(2, 3), {T}([0, bad]), label_smoothing=0.1)", 3,
                                IndexError, TARGET, "nll_loss / cross_entropy"),
    "cross_entropy_weight_smoothing": (f"F.cross_entropy(gradlib.zeros(2, 3), {T}([bad, 0]), weight=gradlib.ones(3), "
                                       "label_smoothing=0.2)", 3, IndexError, TARGET, "nll_loss / cross_entropy"),
    "cross_entropy_none": (f"F.cross_entropy(gradlib.zeros(2, 3), {T}([0, bad]), reduction='none')", 3, IndexError,
                           TARGET, "nll_loss / cross_entropy"),
    "cross_entropy_spatial": (f"F.cross_entropy(gradlib.zeros(2, 3, 2), {T}([[0, bad], [1, 1]]))", 3, IndexError,
                              TARGET, "nll_loss / cross_entropy"),
    "cross_entropy_ignore_index": (f"F.cross_entropy(gradlib.zeros(2, 3), {T}([1, bad]), ignore_index=1)", 3,
                                   IndexError, TARGET, "nll_loss / cross_entropy"),
    "nll_loss_none": (f"F.nll_loss(gradlib.zeros(2, 3), {T}([bad, 0]), reduction='none')", 3, IndexError, TARGET,
                      "nll_loss / cross_entropy"),
    "cross_entropy_module": (f"gradlib.nn.CrossEntropyLoss()(gradlib.zeros(2, 3), {T}([0, bad]))", 3, IndexError,
                             TARGET, "nll_loss / cross_entropy"),
    "embedding_2d": (f"F.embedding({T}([[0, bad]]), {X}.t())", 3, IndexError, RANGE, "embedding"),
    "embedding_padding_idx": (f"F.embedding({T}([0, bad]), {X}.t(), padding_idx=0)", 3, IndexError, RANGE,
                              "embedding"),
    "embedding_module": (f"gradlib.nn.Embedding(3, 2)({T}([0, bad]))", 3, IndexError, RANGE, "embedding"),
    "gather_dim0": (f"gradlib.gather({X}, 0, {T}([[0, bad, 1]]))", 2, RuntimeError, OUT[0], "gather()"),
    "gather_method": (f"{X}.gather(1, {T}([[bad]]))", 3, RuntimeError, OUT[1], "gather()"),
    "take_along_dim_flat": (f"gradlib.take_along_dim({X}, {T}([0, bad]))", 6, RuntimeError, OUT[0], "gather()"),
    "scatter_dim0": (f"gradlib.scatter(gradlib.zeros(2, 3), 0, {T}([[0, bad, 1]]), gradlib.ones(1, 3))", 2,
                     RuntimeError, OUT[0], "scatter()"),
    "scatter_add_dim0": (f"gradlib.scatter_add(gradlib.zeros(2, 3), 0, {T}([[bad, 0, 1]]), gradlib.ones(1, 3))", 2,
                         RuntimeError, OUT[0], "scatter_add()"),
    "index_select_vector": (f"gradlib.index_select(gradlib.arange(3.), 0, {T}([0, bad]))", 3, IndexError, RANGE,
                            "index_select()"),
    "index_select_method": (f"{X}.index_select(1, {T}([bad]))", 3, RuntimeError,
                            "INDICES element is out of DATA bounds, id={bad} axis_dim={size}", "index_select()"),
    "index_add_dim0": (f"gradlib.zeros(3, 2).index_add(0, {T}([0, bad]), gradlib.ones(2, 2))", 3, RuntimeError, OUT[0],
                       "index_add()"),
    # PyTorch's CPU kernel: index_put_'s message for alpha 1 along the first or last dim, else its own
    "index_add_alpha": (f"gradlib.index_add(gradlib.zeros(2, 3), 1, {T}([bad]), gradlib.ones(2, 1), alpha=2)", 3,
                        IndexError, RANGE, "index_add()"),
    "index_add_middle_dim": (f"gradlib.zeros(2, 3, 4).index_add(1, {T}([0, bad]), gradlib.ones(2, 2, 4))", 3,
                             IndexError, RANGE, "index_add()"),
    "index_add_last_dim": (f"gradlib.zeros(2, 3, 4).index_add(2, {T}([0, bad]), gradlib.ones(2, 3, 2))", 4,
                           RuntimeError, OUT[2], "index_add()"),
    "one_hot_inferred_then_given": (f"F.one_hot({T}([0, bad]), 3)", 3, RuntimeError, "ONE_HOT", "one_hot"),
}
# Indexing takes [-size, size): only size and -size-1 are bad. (code, size, message template)
INDEXING = {
    "getitem_tensor": (f"{X}[{T}([0, bad])]", 2, "index {bad} is out of bounds for dimension 0 with size 2"),
    "getitem_dim1": (f"{X}[:, {T}([0, bad])]", 3, "index {bad} is out of bounds for dimension 0 with size 3"),
    "getitem_list": (f"{X}[[0, bad]]", 2, "index {bad} is out of bounds for dimension 0 with size 2"),
    "getitem_0d": (f"{X}[:, {T}(bad)]", 3, "index {bad} is out of bounds for dimension 1 with size 3"),
    "getitem_two": (f"{X}[{T}([0, 1]), {T}([0, bad])]", 3, "index {bad} is out of bounds for dimension 1 with size 3"),
    "getitem_int_and_tensor": (f"{X}[1, {T}([bad, 0])]", 3, "index {bad} is out of bounds for dimension 0 with size 3"),
    "setitem_tensor": (f"{X}.__setitem__({T}([0, bad]), 1.0)", 2,
                       "index {bad} is out of bounds for dimension 0 with size 2"),
    "setitem_dim1": (f"{X}.__setitem__((slice(None), {T}([bad])), 1.0)", 3,
                     "index {bad} is out of bounds for dimension 0 with size 3"),
    "setitem_tensor_value": (f"{X}.__setitem__({T}([bad]), gradlib.ones(3))", 2,
                             "index {bad} is out of bounds for dimension 0 with size 2"),
}
# How a CUDA program meets the deferred error: each synchronization point.
SYNCS = {
    "item": lambda out: out.reshape(-1)[0].item(), "tolist": lambda out: out.tolist(), "cpu": lambda out: out.cpu(),
    "numpy": lambda out: out.cpu().numpy(), "print": lambda out: repr(out),
    "synchronize": lambda out: gradlib.cuda.synchronize(out.device),  # the output's GPU, current or not
}


def _run(code, bad, device):
    gradlib.set_default_device(device)
    return eval(code, {"gradlib": gradlib, "F": F, "bad": bad})


def _message(template, bad, size):
    if template == "ONE_HOT":
        return "Class values must be non-negative." if bad < 0 else "Class values must be smaller than num_classes."
    return template.format(bad=bad, size=size)


def _expect_refused(device, code, bad, error_class, message, words, sync="tolist", host_syncs=None):
    if device == "cpu":
        with pytest.raises(error_class) as caught:
            _run(code, bad, device)
        assert type(caught.value) is error_class and str(caught.value) == message
        return
    counted = host_syncs() if host_syncs is not None else None
    if counted is not None:
        with counted as syncs:
            out = _run(code, bad, device)  # queued on the GPU: no error and no wait yet
        assert syncs.count == 0 or not syncs.active, syncs
    else:
        out = _run(code, bad, device)
    with pytest.raises(RuntimeError, match="out of range") as caught:
        SYNCS[sync](out if out is not None else gradlib.zeros(1))
    assert words in str(caught.value) and "device-side assert" in str(caught.value)
    gradlib.zeros(1).tolist()  # reported once


@pytest.mark.parametrize("bad", ["-1", "size", "-size-1"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_out_of_range_index_is_refused(name, bad, device, host_syncs):
    code, size, error_class, template, words = CASES[name]
    value = {"-1": -1, "size": size, "-size-1": -size - 1}[bad]
    _expect_refused(device, code, value, error_class, _message(template, value, size), words, host_syncs=host_syncs)


@pytest.mark.parametrize("bad", ["size", "-size-1"])
@pytest.mark.parametrize("name", sorted(INDEXING))
def test_indexing_refuses_indices_outside_minus_size_to_size(name, bad, device, host_syncs):
    code, size, template = INDEXING[name]
    _run(code, -size, device)  # -size is valid
    value = size if bad == "size" else -size - 1
    _expect_refused(device, code, value, IndexError, template.format(bad=value), "indexing", host_syncs=host_syncs)


@pytest.mark.parametrize("sync", sorted(SYNCS))
@pytest.mark.parametrize("name", ["gather_method", "embedding_padding_idx", "cross_entropy_smoothing",
                                  "index_add_alpha", "one_hot_inferred_then_given"])
def test_the_next_synchronization_raises_whichever_it_is(name, sync, device):
    if device == "cpu":
        pytest.skip("the CPU raises in the op itself (test_out_of_range_index_is_refused)")
    code, size, error_class, template, words = CASES[name]
    _expect_refused(device, code, size, error_class, "", words, sync=sync)


@pytest.mark.parametrize("sync", ["tolist", "synchronize"])
def test_getitem_error_at_any_synchronization(sync, device):
    if device == "cpu":
        pytest.skip("the CPU raises in the op itself")
    _expect_refused(device, INDEXING["getitem_dim1"][0], 3, IndexError, "", "indexing", sync=sync)


# ----- backward of ops given bad indices, on CUDA: it runs on wrapped indices, the error still comes ------------------
BACKWARD = {
    "gather": (lambda x, bad: x.gather(1, gradlib.tensor([[0, bad], [1, 1]])), "gather()"),
    "take_along_dim": (lambda x, bad: gradlib.take_along_dim(x, gradlib.tensor([[bad], [0]]), 1), "gather()"),
    "index_select": (lambda x, bad: x.index_select(1, gradlib.tensor([bad, 0])), "index_select()"),
    "getitem": (lambda x, bad: x[:, gradlib.tensor([bad, 0])], "indexing"),
    "embedding_padding_idx": (lambda x, bad: F.embedding(gradlib.tensor([[2, bad], [0, 2]]), x.t(), padding_idx=2),
                              "embedding"),
    "scatter_src": (lambda x, bad: gradlib.zeros(2, 3).scatter(1, gradlib.tensor([[bad], [0]]), x[:, :1]),
                    "scatter()"),
    "scatter_add_src": (lambda x, bad: gradlib.zeros(2, 3).scatter_add(1, gradlib.tensor([[bad], [0]]), x[:, :1]),
                        "scatter_add()"),
    "index_add_source": (lambda x, bad: gradlib.zeros(2, 3).index_add(1, gradlib.tensor([bad, 0]), x[:, :2]),
                         "index_add()"),
    "cross_entropy": (lambda x, bad: F.cross_entropy(x, gradlib.tensor([0, bad]), label_smoothing=0.1),
                      "nll_loss / cross_entropy"),
}


@pytest.mark.parametrize("name", sorted(BACKWARD))
def test_backward_after_a_bad_index_runs_and_the_error_still_comes(name, device):
    op, words = BACKWARD[name]
    x = gradlib.arange(6.0, device=device).reshape(2, 3).requires_grad_()
    if device == "cpu":
        with pytest.raises((IndexError, RuntimeError)):
            op(x, 3)
        return
    out = op(x, 3)
    (out * out).sum().backward()  # index_add / scatter_add with the wrapped indices: no error, no wait
    with pytest.raises(RuntimeError, match="out of range") as caught:
        x.grad.tolist()
    assert words in str(caught.value)
    gradlib.zeros(1).tolist()


@pytest.mark.parametrize("name", sorted(BACKWARD))
def test_backward_with_valid_indices_is_exact_and_reports_nothing(name, device):
    op, _ = BACKWARD[name]
    x = gradlib.arange(6.0, device=device).reshape(2, 3).requires_grad_()
    out = op(x, 2 if name != "embedding_padding_idx" else 1)
    (out * out).sum().backward()
    assert x.grad.shape == x.shape and x.grad.isfinite().all().item()


def test_embedding_padding_row_gets_no_gradient_even_repeated(device):
    w = gradlib.arange(8.0, device=device).reshape(4, 2).requires_grad_()
    F.embedding(gradlib.tensor([[3, 1], [3, 3]], device=device), w, padding_idx=3).pow(2).sum().backward()
    assert w.grad.tolist() == [[0.0, 0.0], [4.0, 6.0], [0.0, 0.0], [0.0, 0.0]]  # PyTorch 2.13


# ----- empty index tensors: PyTorch's shapes, nothing queued that fails later ---------------------------------------
E = "gradlib.tensor([], dtype=gradlib.int64)"
EMPTY = {  # code -> PyTorch 2.13's shape (or its error message)
    f"F.embedding({E}, {X}.t())": [0, 2], f"F.embedding({E}.reshape(1, 0), {X}.t(), padding_idx=0)": [1, 0, 2],
    f"gradlib.gather({X}, 1, {E}.reshape(2, 0))": [2, 0], f"gradlib.gather({X}, 0, {E}.reshape(0, 3))": [0, 3],
    f"gradlib.take_along_dim({X}, {E}.reshape(2, 0), 1)": [2, 0], f"gradlib.take_along_dim({X}, {E})": [0],
    f"gradlib.zeros(2, 3).scatter(1, {E}.reshape(2, 0), gradlib.ones(2, 2))": [2, 3],
    f"gradlib.zeros(2, 3).scatter(1, {E}.reshape(2, 0), value=1.0)": [2, 3],
    f"gradlib.zeros(2, 3).scatter_add(1, {E}.reshape(2, 0), gradlib.ones(2, 2))": [2, 3],
    f"gradlib.index_select({X}, 0, {E})": [0, 3], f"gradlib.index_select({X}, 1, {E})": [2, 0],
    f"gradlib.zeros(2, 3).index_add(1, {E}, gradlib.ones(2, 0))": [2, 3],
    f"gradlib.zeros(2, 3).index_add(1, {E}, gradlib.ones(2, 2))":
        "index_add_(): Number of indices (0) should be equal to source.size(dim): (2), for dim: 1",
    f"F.one_hot({E}, 3)": [0, 3], f"F.one_hot({E})": "Can not infer total number of classes from empty tensor.",
    f"{X}[{E}]": [0, 3], f"{X}[:, {E}]": [2, 0], f"{X}[[]]": [0, 3],
    f"{X}[{T}([0, 1]), {E}]": "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [0]",
    f"F.cross_entropy(gradlib.zeros(0, 3), {E}, reduction='sum')": [],
    f"F.nll_loss(gradlib.zeros(0, 3), {E}, reduction='none')": [0],
}


@pytest.mark.parametrize("code", list(EMPTY), ids=[f"empty{number}" for number in range(len(EMPTY))])
def test_empty_index_tensors(code, device, host_syncs):
    expected = EMPTY[code]
    if isinstance(expected, str):
        with pytest.raises((RuntimeError, IndexError), match=expected.replace("(", r"\(").replace(")", r"\)")
                           .replace("[", r"\[").replace("]", r"\]")):
            _run(code, None, device)
        return
    with host_syncs() as syncs:
        out = _run(code, None, device)
    assert list(out.shape) == expected and (syncs.count == 0 or not syncs.active)
    out.tolist()  # nothing was queued that fails


# ----- the arguments around the indices (PyTorch 2.13's checks and results) ---------------------------------------
@pytest.mark.parametrize("call, error_class, message", [
    (lambda z: z.index_add(1, gradlib.tensor([0]), gradlib.ones(2, 2)), RuntimeError,
     "index_add_(): Number of indices (1) should be equal to source.size(dim): (2), for dim: 1"),
    (lambda z: z.index_add(1, gradlib.tensor([[0]]), gradlib.ones(2, 1)), IndexError,
     "index_add_(): Index is supposed to be a vector, but got dim: 2 with type: Long and size: [1, 1]"),
    (lambda z: z.index_add(1, gradlib.tensor([0], dtype=gradlib.int16), gradlib.ones(2, 1)), RuntimeError,
     "index_add_(): Expected dtype int32/int64 for index but got: Short"),
    (lambda z: z.index_add(1, gradlib.tensor([0, 1]), gradlib.ones(3, 2)), RuntimeError,
     "source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = [2, 3] "
     "source.shape = [3, 2]"),
    (lambda z: z.index_add(1, gradlib.tensor([0]), gradlib.ones(2, 1, dtype=gradlib.float64)), RuntimeError,
     "index_add_(): self (Float) and source (Double) must have the same scalar type"),
    (lambda z: z.index_add(1, gradlib.tensor(1), gradlib.ones(2)), RuntimeError,
     "index_add_(): Indexing dim 1 is out of bounds of the source tensor with dim 1"),
    (lambda z: F.embedding(gradlib.tensor([0]), z, padding_idx=2), AssertionError, "Padding_idx must be within num_embeddings"),
    (lambda z: F.embedding(gradlib.tensor([0]), z, padding_idx=-3), AssertionError, "Padding_idx must be within num_embeddings"),
    (lambda z: gradlib.nn.Embedding(3, 2, padding_idx=3), AssertionError, "Padding_idx must be within num_embeddings"),
])
def test_index_op_arguments_are_checked_as_pytorch_does(call, error_class, message, device):
    with pytest.raises(error_class) as caught:
        call(gradlib.zeros(2, 3, device=device))
    assert str(caught.value) == message


def test_one_index_as_a_0d_tensor(device):
    z = gradlib.zeros(2, 3, device=device)
    assert z.index_add(1, gradlib.tensor(1, device=device), gradlib.full((2, 1), 2.0, device=device)).tolist() == [[0.0, 2.0, 0.0]] * 2
    assert gradlib.zeros((), device=device).index_add(0, gradlib.tensor([0], device=device), gradlib.ones((), device=device)).item() == 1
    assert gradlib.arange(6.0, device=device).reshape(2, 3).index_select(1, gradlib.tensor(2, device=device)).tolist() == [[2.0], [5.0]]


@pytest.mark.parametrize("norm_type, rows", [
    (2.0, [[-1.24808, -0.83205], [-1.0, 0.0], [1.0, 2.0], [0.9, 1.2]]),
    (1.0, [[-0.9, -0.6], [-1.0, 0.0], [1.0, 2.0], [0.64286, 0.85714]]),
    (float("inf"), [[-1.5, -1.0], [-1.0, 0.0], [1.0, 2.0], [1.125, 1.5]]),
])
def test_embedding_max_norm_renormalizes_the_rows_it_picks(norm_type, rows, device, host_syncs):
    # PyTorch 2.13: rows 0 and 3 are picked and too long, row 1 is picked and short enough, row 2 is not picked
    w = (gradlib.arange(8.0, device=device).reshape(4, 2) - 3).requires_grad_()
    with host_syncs() as syncs:
        out = F.embedding(gradlib.tensor([[0, 3], [3, 1]], device=device), w, max_norm=1.5, norm_type=norm_type)
    assert syncs.count == 0 or not syncs.active
    flat = [value for row in rows for value in row]
    assert w.detach().reshape(-1).tolist() == pytest.approx(flat, abs=1e-5) and w._version == 1
    assert out.reshape(-1).tolist() == pytest.approx(rows[0] + rows[3] + rows[3] + rows[1], abs=1e-5)
    out.sum().backward()
    assert w.grad.tolist() == [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [2.0, 2.0]]
    module = gradlib.nn.Embedding(3, 2, max_norm=0.5).to(device)
    with gradlib.no_grad():
        module.weight.fill_(3.0)
    assert module(gradlib.tensor([1], device=device)).norm().item() == pytest.approx(0.5)
