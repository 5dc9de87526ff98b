"""Sparse tensors (issue 15): what PyTorch printed for each snippet of tests/reference/sparse.py (recorded in
torch_sparse.json) is what gradlib prints, on the device under test; plus the properties a recording cannot show
(the device of every part, host syncs, gradients against finite differences, higher order, refusals of dense ops).
The sparse ops' registry samples (tests/op_registry_sparse.py) run in the generic gradcheck/PyTorch tests."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_sparse.json").read_text())

INDICES = [[0, 1, 1, 0], [2, 0, 2, 2]]


def _coo(device, values=(3., 4., 5., 6.), dtype=None, **kwargs):
    indices = gradlib.tensor(INDICES, device=device)
    return gradlib.sparse_coo_tensor(indices, gradlib.tensor(values, dtype=dtype, device=device), (3, 3), **kwargs)


def test_there_are_snippets():
    assert len(RECORDED) >= 60


# snippets that print a sum of two sparse tensors: PyTorch's CPU kernel merges the index lists (its recording),
# its CUDA kernel concatenates them, uncoalesced (tests/test_sparse10.py checks that order on a GPU)
_CUDA_CONCATENATES = (
    "a = torch.sparse_coo_tensor([[0, 1], [1, 0]], [1., 2.], (2, 2))\nb = torch.sparse_coo_tensor([[1, 0], [1, 0]], "
    "[3., 4.], (2, 2))\nprint(a + b)\nprint(a.coalesce() + b.coalesce())",
    "i = torch.tensor([[0, 1, 1, 0], [2, 0, 2, 2]])\nv = torch.tensor([3., 4., 5., 6.])\ns = "
    "torch.sparse_coo_tensor(i, v, (3, 3))\nprint(s + s)\nprint(torch.ones(3, 3) + s)\nprint(torch.ones(3, 3) - s)")


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if snippet in _CUDA_CONCATENATES and gradlib.empty(0, device=device).device.type == "cuda":
        pytest.skip("PyTorch's CUDA kernel concatenates a sum of sparse tensors where the recorded CPU one merges")
    printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # on the default device
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if printed != expected:
        # 'gradlib.sparse_coo' is two characters longer than 'torch.sparse_coo' (and the device suffix, removed
        # above, lengthened the line): the suffixes may wrap at another place
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_every_part_lives_on_the_device(device):
    s = _coo(device)
    c = s.coalesce()
    csr = s.to_sparse_csr()
    dense = gradlib.ones(3, 2, device=device)
    parts = [s._indices(), s._values(), c.indices(), c.values(), s.to_dense(), gradlib.sparse.mm(s, dense),
             csr.crow_indices(), csr.col_indices(), csr.values(), csr.to_dense(), (s @ dense),
             gradlib.sparse.sum(s), gradlib.sparse.softmax(s, 1).values(), s.to_dense().to_sparse().indices()]
    assert s.device.type == device.split(":")[0] and csr.device == s.device
    for part in parts:
        assert part.device == s.device


def test_ops_wait_for_the_gpu_only_where_pytorch_does(device, host_syncs):
    """mm, to_dense, sum, softmax of a coalesced tensor and CSR products need no host sync; coalesce and
    to_sparse wait for the number of entries (as PyTorch's)."""
    s = _coo(device).coalesce()
    x = gradlib.ones(3, 2, device=device, requires_grad=True)
    csr = s.to_sparse_csr()
    with host_syncs() as syncs:
        out = gradlib.sparse.mm(s, x) + s @ x + csr @ x + s.to_dense().sum() + gradlib.sparse.sum(s)
        out = out + gradlib.sparse.softmax(s, 1).to_dense().sum() + csr.to_dense().sum()
        out.sum().backward()
    assert syncs.count == 0


def test_sparse_leaf_gradients_match_finite_differences(device):
    """The gradient of sparse.mm with respect to the values and the dense operand, float64."""
    values = gradlib.tensor([3., 4., 5., 6.], dtype=gradlib.float64, device=device, requires_grad=True)
    dense = gradlib.randn(3, 2, dtype=gradlib.float64, device=device, requires_grad=True)

    def product(v, x):
        return gradlib.sparse.mm(gradlib.sparse_coo_tensor(gradlib.tensor(INDICES, device=device), v, (3, 3)), x)

    assert gradlib.autograd.gradcheck(product, (values, dense))
    assert gradlib.autograd.gradgradcheck(product, (values, dense))


def test_second_derivative_through_a_sparse_product(device):
    """d/dx of sum((S @ x)^2), then differentiated again: 2 S^T S, from the dense ops' rules."""
    s = _coo(device, dtype=gradlib.float64).coalesce()
    x = gradlib.tensor([1., 2., 3.], dtype=gradlib.float64, device=device, requires_grad=True)
    (grad,) = gradlib.autograd.grad(((s @ x) ** 2).sum(), x, create_graph=True)
    (hessian_row,) = gradlib.autograd.grad(grad[0], x)
    dense = s.to_dense()
    assert gradlib.allclose(hessian_row, 2 * (dense.t() @ dense)[0])


def test_dense_and_sparse_gradients_of_one_leaf_add_up(device):
    s = _coo(device, requires_grad=True)
    x = gradlib.ones(3, 2, device=device)
    gradlib.sparse.mm(s, x).sum().backward()
    (s @ x).sum().backward()
    assert not s.grad.is_sparse
    # 2 everywhere from the dense gradient of @, plus 2 on the pattern from sparse.mm's sparse one
    assert gradlib.equal(s.grad, gradlib.tensor([[2., 2., 4.], [4., 2., 4.], [2., 2., 2.]], device=device))
    del s.grad
    assert s.grad is None


def test_dense_ops_refuse_sparse_tensors(device):
    s = _coo(device)
    backend = "SparseCUDA" if s.is_cuda else "SparseCPU"
    with pytest.raises(NotImplementedError, match=f"^Could not run 'aten::exp' with arguments from the '{backend}' "
                                                  "backend"):  # PyTorch's words (it goes on to list its backends)
        s.exp()
    with pytest.raises(NotImplementedError, match=f"^Could not run 'aten::view' with arguments from the '{backend}'"):
        s.view(9)
    if device == "cpu":  # CuPy itself refuses the storage stand-in (TypeError: Unsupported type)
        with pytest.raises(NotImplementedError, match=backend):
            gradlib.exp(s)  # a dense op meets the storage stand-in, which refuses its data
    with pytest.raises(NotImplementedError, match="SparseC"):
        s[0]
    with pytest.raises(TypeError, match="can't convert Sparse layout tensor to numpy"):
        s.numpy()
    with pytest.raises(RuntimeError, match="add\\(sparse, dense\\) is not supported"):
        s + gradlib.ones(3, 3, device=device)


def test_mixed_devices_are_refused(device):
    if device == "cpu":
        pytest.skip("needs a second device")
    s = _coo(device)
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        gradlib.sparse.mm(s, gradlib.ones(3, 2, device="cpu"))
    with pytest.raises(RuntimeError, match="device of indices \\(cpu\\) must match device of values"):
        gradlib.sparse_coo_tensor(gradlib.tensor(INDICES, device="cpu"), gradlib.ones(4, device=device), (3, 3))


def test_legacy_type_names(device):
    s = _coo(device)
    prefix = "torch.cuda." if s.is_cuda else "torch."  # as the dense Tensor.type() names them
    assert s.type() == prefix + "sparse.FloatTensor"
    assert s.double().type() == prefix + "sparse.DoubleTensor"
    assert s.to_sparse_csr().type() == prefix + "sparse_csr.FloatTensor"


def test_moving_a_sparse_tensor_copies_its_parts(device):
    s = _coo(device)
    on_cpu = s.cpu()
    assert on_cpu.device.type == "cpu" and on_cpu._indices().device.type == "cpu"
    assert gradlib.equal(on_cpu.to_dense(), s.to_dense().cpu())
    back = on_cpu.to(s.device)
    assert back.device == s.device and back._indices().device == s.device
    assert gradlib.equal(back.to_dense(), s.to_dense())


def test_requires_grad_on_a_non_leaf_is_refused(device):
    values = gradlib.ones(4, device=device, requires_grad=True)
    s = gradlib.sparse_coo_tensor(gradlib.tensor(INDICES, device=device), values * 2, (3, 3))
    assert not s.is_leaf and s.requires_grad and s.grad is None
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf variables"):
        s.requires_grad_(False)
    integer = gradlib.sparse_coo_tensor(gradlib.tensor(INDICES, device=device), gradlib.ones(4, dtype=gradlib.long,
                                                                                              device=device), (3, 3))
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require gradients"):
        integer.requires_grad_()


def test_gcn_layer_trains(device):
    """A Kipf-style GCN step: normalized sparse adjacency @ (features @ weight), loss down after a few steps."""
    gen = gradlib.Generator().manual_seed(0)
    adjacency = (gradlib.rand(6, 6, generator=gen, device="cpu") > 0.6).float().to(device)
    adjacency = ((adjacency + adjacency.t() + gradlib.eye(6, device=device)) > 0).float()
    degree = adjacency.sum(1).pow(-0.5)
    normalized = (degree[:, None] * adjacency * degree[None, :]).to_sparse()
    features = gradlib.randn(6, 4, generator=gen, device="cpu").to(device)
    weight = gradlib.randn(4, 2, generator=gen, device="cpu").to(device).requires_grad_()
    target = gradlib.tensor([0, 1, 0, 1, 1, 0], device=device)
    optimizer = gradlib.optim.SGD([weight], lr=0.5)
    losses = []
    for _ in range(10):
        optimizer.zero_grad()
        loss = gradlib.nn.functional.cross_entropy(gradlib.spmm(normalized, features @ weight), target)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
