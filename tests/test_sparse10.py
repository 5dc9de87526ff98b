"""Sparse gradients (helper sparse10, issue 15) against PyTorch's recording (tests/reference/sparse10.py,
torch_sparse10.json): ``nn.Embedding``/``F.embedding``/``EmbeddingBag`` with ``sparse=True`` give the weight a
sparse COO ``.grad`` that prints, accumulates and coalesces as PyTorch's; SGD, Adagrad and SparseAdam follow
PyTorch's trajectories over 20 steps; the optimizers and utilities that refuse sparse gradients raise PyTorch's
errors. On a GPU two sparse gradients concatenate (PyTorch's CUDA kernel) where the CPU merges them: the index
order and nnz of those sums are checked against the CPU recording on the CPU and against the concatenation on a
GPU."""
import json
import pathlib
import sys

import numpy as np
import pytest

import gradlib
from device_text import without_device_suffix
from reference import sparse10

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_sparse10.json").read_text())
F = gradlib.nn.functional

# the scenarios whose gradient is the sum of two non-empty sparse gradients: merged on the CPU, concatenated on CUDA
_SUMMED = {"same_again", "other_again", "one_backward_two_lookups", "sum_losses", "scaled_losses", "sum_losses_grow",
           "scaled_losses_grow"}


def _close(observed, expected, rtol=1e-12, atol=1e-14):
    return np.allclose(np.asarray(observed, dtype=float), np.asarray(expected, dtype=float), rtol=rtol, atol=atol)


def _same(observed, expected):
    if isinstance(expected, dict):
        assert set(observed) == set(expected)
        for key in expected:
            _same(observed[key], expected[key])
    elif isinstance(expected, list) and expected and not isinstance(expected[0], (bool, str)):
        assert _close(observed, expected), (observed, expected)
    else:
        assert observed == expected


@pytest.fixture(scope="module")
def observed(device):
    return json.loads(json.dumps(sparse10.observe(gradlib, device)))


def _is_cuda(device):
    return gradlib.empty(0, device=device).device.type == "cuda"


@pytest.mark.parametrize("scenario", sorted(RECORDED["gradients"]))
def test_gradient_matches_pytorch(observed, device, scenario):
    mine = observed["gradients"][scenario]
    expected = RECORDED["gradients"][scenario]
    _same(mine["dense"], expected["dense"])
    if _is_cuda(device) and scenario in _SUMMED:
        return  # test_gpu_concatenates_two_sparse_gradients
    exact = dict(mine["exact"])
    if "repr" in exact:
        exact["repr"] = without_device_suffix(exact["repr"], device).replace("gradlib.", "torch.")
        if exact["repr"] != expected["exact"]["repr"]:  # 'gradlib.' is longer: a suffix may wrap elsewhere
            exact["repr"] = " ".join(exact["repr"].split())
            expected = dict(expected, exact=dict(expected["exact"], repr=" ".join(expected["exact"]["repr"].split())))
    _same(exact, expected["exact"])


def _lookup_grad(device, *lookups):
    weight = gradlib.nn.Parameter(gradlib.arange(15.0, dtype=gradlib.float64, device=device).reshape(5, 3))
    for lookup in lookups:
        F.embedding(gradlib.tensor(lookup, device=device), weight, sparse=True).sum().backward()
    return weight.grad


def test_gpu_concatenates_two_sparse_gradients(device):
    if not _is_cuda(device):
        pytest.skip("the CPU's order is the recording's (test_gradient_matches_pytorch)")
    weight = gradlib.nn.Parameter(gradlib.arange(15.0, dtype=gradlib.float64, device=device).reshape(5, 3))
    for lookup in ([0, 3, 3], [2, 0]):  # contiguous values: merged on the CPU, concatenated by CUDA's kernel
        (F.embedding(gradlib.tensor(lookup, device=device), weight, sparse=True) * 2).sum().backward()
    grad = weight.grad
    assert grad._indices().tolist() == [[0, 3, 3, 2, 0]]
    assert not grad.is_coalesced()
    assert grad.coalesce().indices().tolist() == [[0, 2, 3]]
    assert grad.to_dense().tolist() == [[4.0] * 3, [0.0] * 3, [2.0] * 3, [4.0] * 3, [0.0] * 3]


def test_every_part_lives_on_the_device(device):
    grad = _lookup_grad(device, [[1, 4], [4, 0]], [2])
    target = gradlib.empty(0, device=device).device
    assert grad.device == target and grad._indices().device == target and grad._values().device == target


def test_sparse_plus_sparse_tensors_merge_on_the_cpu_concatenate_on_cuda(device):
    first = gradlib.sparse_coo_tensor([[0, 3, 3, 4, 0]], gradlib.ones(5, 2, device=device), (5, 2))
    second = gradlib.sparse_coo_tensor([[2, 1]], gradlib.full((2, 2), 2.0, device=device), (5, 2))
    total = first + second
    if not _is_cuda(device):
        assert total._indices().tolist() == [[0, 2, 1, 3, 3, 4, 0]]  # PyTorch's CPU order
        assert (second + first)._indices().tolist() == [[0, 2, 1, 3, 3, 4, 0]]
    else:  # add_out_sparse_cuda: concatenated, also when both were coalesced
        assert total._indices().tolist() == [[0, 3, 3, 4, 0, 2, 1]]
        both = first.coalesce() + second.coalesce()
        assert both._indices().tolist() == [[0, 3, 4, 1, 2]] and not both.is_coalesced()
    assert total.to_dense().tolist() == (first.to_dense() + second.to_dense()).tolist()
    assert not total.is_coalesced()


@pytest.mark.parametrize("name", sorted(RECORDED["errors"]))
def test_error_matches_pytorch(observed, device, name):
    mine = observed["errors"][name]
    expected = RECORDED["errors"][name]
    if isinstance(mine, list):
        mine = [mine[0], mine[1].replace("SparseCUDA", "SparseCPU").replace("gradlib.", "torch.")]
    if isinstance(mine, str):
        mine = mine.replace("gradlib.", "torch.")
    assert mine == expected


@pytest.mark.parametrize("run", sorted(RECORDED["trajectories"]))
def test_trajectory_matches_pytorch(observed, run):
    mine = observed["trajectories"][run]
    expected = RECORDED["trajectories"][run]
    for step, (weights, wanted) in enumerate(zip(mine["weights"], expected["weights"])):
        assert _close(weights, wanted, rtol=1e-11, atol=1e-13), step
    assert mine["state_sparse"] == expected["state_sparse"]
    assert set(mine["state"]) == set(expected["state"])
    for key, value in expected["state"].items():
        assert _close(mine["state"][key], value, rtol=1e-11, atol=1e-13), key


def test_lbfgs_densifies_a_sparse_gradient_as_pytorch(observed):
    _same(observed["lbfgs"], RECORDED["lbfgs"])


def test_grad_scaler_unscales_sparse_gradients_as_pytorch(observed):
    _same(observed["grad_scaler"], RECORDED["grad_scaler"])


@pytest.mark.parametrize("padding_idx", [None, 0, 2])
def test_sparse_gradient_is_the_dense_gradient(device, padding_idx):
    """The sparse gradient summed (to_dense) is the dense gradient of ``sparse=False``, whose formula the
    registry gradchecks; gradcheck and gradgradcheck of the dense layout, and gradcheck's refusal of the sparse
    one after its values matched (PyTorch's GradcheckError)."""
    lookup = gradlib.tensor([[0, 2, 2], [4, 0, 3]], device=device)
    weights = gradlib.linspace(-2.0, 2.0, 15, dtype=gradlib.float64, device=device).reshape(5, 3)
    grads = []
    for sparse in (True, False):
        weight = weights.clone().requires_grad_()
        (F.embedding(lookup, weight, padding_idx=padding_idx, sparse=sparse) ** 3).sum().backward()
        grads.append(weight.grad.to_dense() if sparse else weight.grad)
    assert _close(grads[0].tolist(), grads[1].tolist(), rtol=0, atol=0)
    if padding_idx is not None:
        return  # the padding row's gradient is by design not the derivative (zero), in both layouts
    function = lambda w: F.embedding(lookup, w, padding_idx=padding_idx, sparse=False).sin()  # noqa: E731
    assert gradlib.autograd.gradcheck(function, (weights.clone().requires_grad_(),))
    assert gradlib.autograd.gradgradcheck(function, (weights.clone().requires_grad_(),))
    # with sparse=True gradcheck compares the values (densified) before it refuses the layout, as PyTorch's
    function = lambda w: F.embedding(lookup, w, padding_idx=padding_idx, sparse=True).sin()  # noqa: E731
    error = sys.modules["gradlib.autograd.gradcheck"].GradcheckError
    with pytest.raises(error, match=r"^grad is incorrect layout \(gradlib.sparse_coo is not gradlib.strided\)$"):
        gradlib.autograd.gradcheck(function, (weights.clone().requires_grad_(),))
    assert not gradlib.autograd.gradcheck(function, (weights.clone().requires_grad_(),), raise_exception=False)


def test_a_weight_that_is_not_a_leaf_gets_the_dense_gradient(device):
    """gradlib's dense ops do not take sparse gradients: an embedding of a computed weight passes the dense one on
    (PyTorch would pass the sparse one; the leaf's gradient has the same values)."""
    leaf = gradlib.ones(4, 2, dtype=gradlib.float64, device=device, requires_grad=True)
    F.embedding(gradlib.tensor([1, 1, 3], device=device), leaf * 2, sparse=True).sum().backward()
    assert not leaf.grad.is_sparse
    assert leaf.grad.tolist() == [[0.0, 0.0], [4.0, 4.0], [0.0, 0.0], [2.0, 2.0]]


def test_sparse_adam_trains_with_a_dense_layer_in_another_optimizer(device):
    """The usual split: SparseAdam for the sparse embedding, Adam for the dense rest."""
    gradlib.manual_seed(0)
    emb = gradlib.nn.Embedding(6, 3, sparse=True, device=device)
    head = gradlib.nn.Linear(3, 1, device=device)
    sparse_opt = gradlib.optim.SparseAdam(list(emb.parameters()), lr=0.05)
    dense_opt = gradlib.optim.Adam(head.parameters(), lr=0.05)
    lookup = gradlib.tensor([[0, 1], [2, 3]], device=device)
    losses = []
    for _ in range(30):
        sparse_opt.zero_grad()
        dense_opt.zero_grad()
        loss = (head(emb(lookup)).squeeze(-1) - 1.0).pow(2).mean()
        loss.backward()
        sparse_opt.step()
        dense_opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.1 * losses[0]
    untouched = emb.weight[4:].detach().clone()
    assert sparse_opt.state[emb.weight]["step"] == 30
    assert gradlib.equal(emb.weight[4:].detach(), untouched)


def test_state_dict_round_trip_of_sparse_adam(device):
    emb = gradlib.nn.Embedding(4, 2, sparse=True, device=device)
    optimizer = gradlib.optim.SparseAdam(emb.parameters(), lr=0.1)
    emb(gradlib.tensor([1, 2], device=device)).sum().backward()
    optimizer.step()
    restored = gradlib.optim.SparseAdam(emb.parameters(), lr=0.1)
    restored.load_state_dict(optimizer.state_dict())
    state = restored.state[emb.weight]
    assert state["step"] == 1
    assert gradlib.equal(state["exp_avg"], optimizer.state[emb.weight]["exp_avg"])


def test_zero_of_a_sparse_leaf_that_requires_grad(device):
    """PyTorch refuses it under grad mode; under no_grad the leaf keeps requiring grad, with no entries."""
    leaf = gradlib.ones(3, device=device).to_sparse().requires_grad_()
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being used in an in-place "
                                           "operation.$"):
        leaf.zero_()
    with gradlib.no_grad():
        assert leaf.zero_() is leaf
    assert leaf._nnz() == 0 and leaf.requires_grad and leaf.is_leaf and leaf.is_coalesced()


def test_anomaly_mode_checks_a_sparse_gradient_values(device):
    weight = gradlib.nn.Parameter(gradlib.ones(5, 2, device=device))
    lookup = gradlib.tensor([1, 1, 3], device=device)
    with gradlib.autograd.detect_anomaly():
        F.embedding(lookup, weight, sparse=True).sum().backward()
        assert weight.grad.is_sparse and weight.grad._nnz() == 3
        F.embedding(lookup, weight, sparse=True).sum().backward(create_graph=True)
        assert weight.grad.is_sparse and weight.grad._nnz() == 6  # sum()'s stride-0 values: concatenated
