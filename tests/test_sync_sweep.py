"""Device-to-host waits, swept over the public API: every op of the registry (forward, backward, double
backward), every Tensor method and operator, in-place ops, indexing and index assignment with each kind of index,
factories, nn modules, losses, optimizers, schedulers, clip_grad_norm_, DataLoader collation and state_dict.
Only calls that wait in PyTorch too may wait (``EXPECTED``, ``expect=`` below), and only as often.

What is counted:
- under ``--cupy-stand-in``: every device-to-host sync the stand-in sees inside the call, explicit or not (a
  host API that gradlib calls on itself counts too); only the test's own code is not counted;
- on the CPU (or a real GPU, where nothing records syncs): the Tensor-level host reads gradlib makes inside the
  call (``item``, ``tolist``, ``numpy``, ``bool/int/float/index``, the backends' ``to_numpy``): a read that is no
  sync on the CPU is one on CUDA. A CPU run may read less than a CUDA run syncs (NumPy counts a mask's Trues
  without gradlib asking), never more.
"""
import pytest

import gradlib
import gradlib.nn.functional as F
from gradlib import nn, optim
from gradlib.backends.base import Backend
import sync_sweep_progs5a
import sync_sweep_linalg9
import sync_sweep_sparse
import sync_sweep_special9
import sync_sweep_elem10
import sync_sweep_plumb10
from op_registry import SAMPLES, SAMPLES_BY_NAME, outputs_of

_HOST_APIS = ("item", "tolist", "numpy", "__float__", "__complex__", "__int__", "__bool__", "__index__", "__array__")


class Waits:
    """The waits seen in a ``waits()`` block (``count``, ``seen``): stand-in syncs or Tensor-level host reads."""

    def __init__(self, syncs):
        self.syncs = syncs  # True: stand-in syncs; False: Tensor-level host reads
        self.seen = []

    @property
    def count(self):
        return len(self.seen)

    def check(self, expected, what):
        """Exactly ``expected`` syncs on the stand-in; at most that many host reads elsewhere."""
        if self.syncs:
            assert self.count == expected, f"{what}: {self.count} syncs where {expected} expected: {self.seen}"
        else:
            assert self.count <= expected, f"{what}: {self.count} host reads where {expected} expected: {self.seen}"


@pytest.fixture
def waits(device, host_syncs, monkeypatch):
    """``with waits() as w: ...; w.check(n, what)``: see the module docstring."""
    import contextlib
    import sys
    events = sys.modules.get("cupy._events")
    state = {"recording": None, "depth": 0}

    def reading(owner, name):
        original = getattr(owner, name)

        def wrapper(self, *args, **kwargs):
            recording = state["recording"]
            if recording is not None and not recording.syncs and not state["depth"]:
                recording.seen.append(f"{owner.__name__}.{name}")
            state["depth"] += 1  # a host API calling another one reads once
            try:
                return original(self, *args, **kwargs)
            finally:
                state["depth"] -= 1
        return wrapper

    if events is None:  # under the stand-in, wrappers here would hide gradlib's frames from its sync sites
        for name in _HOST_APIS:
            if hasattr(gradlib.Tensor, name):
                monkeypatch.setattr(gradlib.Tensor, name, reading(gradlib.Tensor, name))
        for backend_class in {type(b) for b in _backends()} | {Backend}:
            if "to_numpy" in vars(backend_class):
                monkeypatch.setattr(backend_class, "to_numpy", reading(backend_class, "to_numpy"))

    @contextlib.contextmanager
    def block():
        with host_syncs(on_sync=lambda event: found.seen.append(f"{event.what} at {event.site}")
                        if event.site != "test/user code" else None) as counter:
            found = Waits(counter.active)
            state["recording"] = found
            try:
                yield found
            finally:
                state["recording"] = None
    return block


def _backends():
    from gradlib.backends import numpy_backend
    found = [numpy_backend]
    if gradlib.cuda.is_available():
        from gradlib.backends import cupy_backend
        found.append(cupy_backend())
    return found


# ----- the op registry: forward, backward, double backward ------------------------------------------------------
# (sample, phase) -> syncs PyTorch makes too; every other phase of every sample: none.
EXPECTED = {
    ("index_mask", "forward"): 1,  # x[mask]: the output's size is the mask's count of Trues (nonzero)
    ("masked_select", "forward"): 1,
    ("to_device", "forward"): 1,  # .to('cpu') copies to the host
    ("to_device", "double backward"): 1,  # the seed's gradient goes back to the CPU
    ("gaussian_nll_loss", "forward"): 1,  # torch.any(var < 0) is read to raise for negative variances
    # the output's size depends on the data: one wait, as PyTorch's nonzero and unique
    ("unique", "forward"): 1, ("unique_dim", "forward"): 1, ("unique_consecutive", "forward"): 1,
    ("nonzero", "forward"): 1, ("nonzero_tuple", "forward"): 1, ("where_one_argument", "forward"): 1,
    ("counting", "forward"): 1,  # bincount sizes its output from the data's maximum
    # repeat_interleave with a counts tensor and no output_size: their sum and sign, read once (PyTorch: twice)
    ("repeat_interleave_counts", "forward"): 1, ("repeat_interleave_one_count", "forward"): 1,
    # distributions that build an inner one with the default validation, as PyTorch's (OneHotCategorical's
    # Categorical checks its logits, StudentT's Chi2 its df; the mixture's Normal component checks the value in
    # log_prob, PyTorch's _validate_sample): validation reads its verdict on the host
    ("one_hot_categorical", "forward"): 3, ("binomial_studentt_halfnormal_mixture", "forward"): 2,
}
# reads PyTorch makes on the CPU only: a CPU q tensor's range is read to raise for values outside [0, 1] (on a GPU
# PyTorch asserts asynchronously, and gradlib does not read it)
CPU_ONLY_READS = {("quantile", "forward"): 1}
# matrix_exp reads how many squarings its batch needs (PyTorch's CUDA kernel copies that count to the host too);
# its gradient is another matrix_exp
EXPECTED.update({(name, phase): 1 for name in ("matrix_exp", "matrix_exp_scaled")
                 for phase in ("forward", "backward", "double backward")})
# prod's and cumprod's backward under create_graph read whether the input holds a zero to pick their formula, as
# PyTorch's prod_backward (total_zeros.item()) and cumprod_backward (is_zero.any().item()) do; gradlib's
# first-order backward decides on the device instead
CREATE_GRAPH_READS = {"prod": 1, "cumprod": 1}
EXPECTED.update({(name, "backward"): 1 for name in ("prod", "prod_dim", "prod_one_zero", "prod_two_zeros", "cumprod")})
# PyTorch has no second derivative here and gradlib refuses it alike: the double backward raises, still without a wait
REFUSED_DOUBLE_BACKWARD = {"embedding_bag_per_sample_weights", "ctc_loss", "ctc_loss_concat_sum_blank",
                           "ctc_loss_none_zero_infinity", "ctc_loss_unbatched",
                           # the torch.* spellings (tests/op_registry_torchfn10.py): _pdist_backward has no
                           # derivative either
                           "torchfn_embedding_bag", "torchfn_ctc_loss", "pdist", "pdist_zero_distance"}
# torch.ctc_loss with lengths given as tensors reads both on the host (PyTorch's lengths.to(kCPU))
EXPECTED[("torchfn_ctc_loss", "forward")] = 2


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", [sample.name for sample in SAMPLES])
def test_registry_ops_wait_only_where_pytorch_does(name, dtype, device, waits):
    sample = SAMPLES_BY_NAME[name]
    inputs = sample.make_inputs(gradlib, device, dtype=getattr(gradlib, dtype))
    with waits() as found:
        outputs = outputs_of(sample.function(gradlib, *inputs))
    cpu_only = 0 if found.syncs else CPU_ONLY_READS.get((name, "forward"), 0)
    found.check(EXPECTED.get((name, "forward"), 0) + cpu_only, f"{name} forward")
    outputs = [o for o in outputs if o.requires_grad]
    wanted = [t for t in inputs if t.requires_grad]
    if not (outputs and wanted):
        return
    seeds = [gradlib.ones_like(o).requires_grad_() for o in outputs]  # so that every backward node records
    with waits() as found:
        grads = gradlib.autograd.grad(outputs, wanted, seeds, create_graph=True, allow_unused=True)
    found.check(EXPECTED.get((name, "backward"), 0), f"{name} backward")
    grads = [g for g in grads if g is not None and g.requires_grad]
    if not grads:
        return
    with waits() as found:
        if name in REFUSED_DOUBLE_BACKWARD:
            with pytest.raises(RuntimeError, match="is not implemented"):
                gradlib.autograd.grad(grads, wanted + seeds, [gradlib.ones_like(g) for g in grads], allow_unused=True)
        else:
            gradlib.autograd.grad(grads, wanted + seeds, [gradlib.ones_like(g) for g in grads], allow_unused=True)
    found.check(EXPECTED.get((name, "double backward"), 0), f"{name} double backward")


# ----- indexing and index assignment, each kind of index ----------------------------------------------------------
def _t(values, device, **kwargs):
    return gradlib.tensor(values, device=device, **kwargs)


# (id, index on a (4, 3) tensor, getitem syncs): PyTorch syncs for a mask (nonzero) and for a 0-d tensor (item);
# gradlib never more than PyTorch (a 0-d integer tensor is an index array, no sync). ``d`` is the device.
INDEX_KINDS = [
    ("int", lambda d: 1, 0),
    ("negative_int", lambda d: -1, 0),
    ("slice", lambda d: slice(1, 3), 0),
    ("slice_step", lambda d: slice(None, None, 2), 0),
    ("none", lambda d: None, 0),
    ("ellipsis", lambda d: (Ellipsis, 0), 0),
    ("int_slice", lambda d: (1, slice(None)), 0),
    ("list", lambda d: [0, 2, 2], 0),
    ("list_negative", lambda d: [-1, 0], 0),
    ("tuple_of_lists", lambda d: ([0, 1], [2, 0]), 0),
    ("tensor", lambda d: _t([0, 3], d), 0),
    ("tensor_2d", lambda d: _t([[0, 1], [2, 3]], d), 0),
    ("tensor_int32", lambda d: _t([1, 2], d, dtype=gradlib.int32), 0),
    ("tensor_0d", lambda d: _t(2, d), 0),
    ("cpu_tensor", lambda d: _t([0, 3], "cpu"), 0),
    ("two_tensors", lambda d: (_t([0, 1], d), _t([2, 0], d)), 0),
    ("slice_and_list", lambda d: (slice(1, None), [0, 2, 2]), 0),
    ("empty_tensor", lambda d: _t([], d, dtype=gradlib.int64), 0),
    ("python_true", lambda d: True, 0),
    ("python_false", lambda d: False, 0),
    ("true_and_int", lambda d: (0, True), 0),
    ("mask", lambda d: _t([True, False, True, True], d), 1),
    ("mask_2d", lambda d: _t([[True, False, True]] * 2 + [[False] * 3] * 2, d), 1),
    ("mask_and_int", lambda d: (_t([True, False, True, True], d), 1), 1),
    ("slice_and_mask", lambda d: (slice(None), _t([True, False, True], d)), 1),
    ("mask_and_list", lambda d: (_t([True, False, True, True], d), [0, 2, 1]), 1),
    ("mask_0d", lambda d: _t(True, d), 1),
]
KIND_IDS = [kind[0] for kind in INDEX_KINDS]


def _base(device, requires_grad=False):
    return gradlib.arange(12.0, device=device).reshape(4, 3).requires_grad_(requires_grad)


@pytest.mark.parametrize("graph", [False, True], ids=["no_graph", "graph"])
@pytest.mark.parametrize("kind, make_index, expected", INDEX_KINDS, ids=KIND_IDS)
def test_getitem_waits_only_for_masks(kind, make_index, expected, graph, device, waits):
    x = _base(device, graph)
    index = make_index(device)
    with waits() as found:
        out = x[index]
    found.check(expected, f"x[{kind}]")
    if not graph:
        return
    seed = gradlib.ones_like(out).requires_grad_()
    with waits() as found:
        (grad,) = gradlib.autograd.grad(out, x, seed, create_graph=True)
    found.check(0, f"x[{kind}] backward")
    with waits() as found:
        gradlib.autograd.grad(grad, seed, gradlib.ones_like(grad))
    found.check(0, f"x[{kind}] double backward")


def _values(x, index, device):
    """(id, value) pairs for ``x[index] = value``: a scalar, a 0-d tensor (on the device, on the CPU), one row
    broadcast, and the full shape."""
    shape = tuple(x[index].shape)
    values = [("scalar", 5.0), ("0d", _t(5.0, device)), ("cpu_0d", _t(5.0, "cpu")),
              ("full", gradlib.ones(shape, device=device))]
    if len(shape) >= 2:
        values.append(("row", gradlib.ones(shape[-1], device=device)))
    return values


def _setitem_syncs(kind, value_kind):
    """A mask mixed with other index arrays becomes positions (nonzero, as in PyTorch); so does a mask after other
    dims when the value has one row per True (PyTorch: nonzero for any value but a scalar); a 0-d bool tensor is
    read (PyTorch's item())."""
    if kind in ("mask_and_list", "mask_0d"):
        return 1
    return 1 if kind == "slice_and_mask" and value_kind in ("full", "row") else 0



@pytest.mark.parametrize("graph", [False, True], ids=["no_graph", "graph"])
@pytest.mark.parametrize("kind, make_index, expected", INDEX_KINDS, ids=KIND_IDS)
def test_setitem_waits_only_where_pytorch_does(kind, make_index, expected, graph, device, waits):
    # x[mask] = scalar, row or 0-d is PyTorch's masked_fill (no sync); a value with one row per True is written
    # at positions computed on the device (its length checked there): no sync, where PyTorch syncs once.
    for value_kind, value in _values(_base(device), make_index(device), device):
        leaf = _base(device, graph)
        x = leaf * 1
        if graph and isinstance(value, gradlib.Tensor):
            value.requires_grad_()
        index = make_index(device)
        with waits() as found:
            x[index] = value
        found.check(_setitem_syncs(kind, value_kind), f"x[{kind}] = {value_kind}")
        if not graph:
            continue
        wanted = [value] if isinstance(value, gradlib.Tensor) else []
        with waits() as found:
            gradlib.autograd.grad(x.sum(), [leaf] + wanted, allow_unused=True)
        # the gradient of a 0-d CPU value goes back to the CPU (one scalar copied back, as in PyTorch); x[False]
        # records nothing
        found.check(1 if value_kind == "cpu_0d" and kind != "python_false" else 0, f"x[{kind}] = {value_kind}: backward")


# ----- every public Tensor method, property and operator -----------------------------------------------------------
def _operands(device):
    """x (3, 4) float leaf requiring grad, w (4, 2), v (4,), i (int64 index (3, 2)), m (bool mask (3, 4))."""
    gradlib.manual_seed(0)
    x = gradlib.randn(3, 4, device=device).requires_grad_()
    w = gradlib.randn(4, 2, device=device).requires_grad_()
    v = gradlib.rand(4, device=device).add(0.5).requires_grad_()
    i = gradlib.tensor([[0, 3], [1, 1], [2, 0]], device=device)
    m = x.detach() > 0
    return x, w, v, i, m


def _pin_memory_or_refusal(x):
    """``x.pin_memory()``, or None where it refuses as PyTorch does (no accelerator to pin for; a CUDA tensor)."""
    try:
        return x.detach().pin_memory()
    except RuntimeError:
        return None


# name -> (call of (x, w, v, i, m), syncs PyTorch makes too); calls on ``x * 1`` where the method works in place.
HOST_READS = {  # a copy to the host that the caller asked for: one wait each
    "item": lambda x, w, v, i, m: x[0, 0].item(), "tolist": lambda x, w, v, i, m: x.tolist(),
    "numpy": lambda x, w, v, i, m: x.detach().numpy() if x.device.type == "cpu" else x.detach().cpu().numpy(),
    "cpu": lambda x, w, v, i, m: x.cpu(), "__bool__": lambda x, w, v, i, m: bool(x[0, 0]),
    "__float__": lambda x, w, v, i, m: float(x[0, 0]), "__int__": lambda x, w, v, i, m: int(x[0, 0]),
    "__complex__": lambda x, w, v, i, m: complex(x[0, 0]),
    "__index__": lambda x, w, v, i, m: [0, 1][i[0, 0]], "__repr__": lambda x, w, v, i, m: repr(x),
    "__str__": lambda x, w, v, i, m: str(x), "__format__": lambda x, w, v, i, m: f"{x[0, 0]:.2f}",
    "__array__": lambda x, w, v, i, m: __import__("numpy").asarray(x.detach().cpu()),
    "equal": lambda x, w, v, i, m: x.equal(x),  # returns a Python bool
    "masked_select": lambda x, w, v, i, m: x.masked_select(m),  # the output's size is the mask's count
    # the output's size depends on the data (PyTorch's nonzero and unique wait too); allclose returns a bool
    "nonzero": lambda x, w, v, i, m: m.nonzero(), "argwhere": lambda x, w, v, i, m: x.argwhere(),
    "unique": lambda x, w, v, i, m: i.unique(return_inverse=True, return_counts=True),
    "unique_consecutive": lambda x, w, v, i, m: i.unique_consecutive(return_counts=True),
    "allclose": lambda x, w, v, i, m: x.allclose(x * 1.0000001),
    "bincount": lambda x, w, v, i, m: i[:, 0].bincount(),  # sized by the data's maximum, as PyTorch's
}
NO_WAIT = {
    # ----- layout queries, and what tutorial programs needed (progs4): metadata and device work only
    "stride": lambda x, w, v, i, m: (x.stride(), x.t().stride(1)), "storage_offset": lambda x, w, v, i, m: x[1:].storage_offset(),
    "data_ptr": lambda x, w, v, i, m: x.data_ptr(),
    # ----- what the p70-p84 programs needed (progs5b): views in place, storages, counts given, a mask on the device
    "unsqueeze_": lambda x, w, v, i, m: (x * 1).unsqueeze_(0), "squeeze_": lambda x, w, v, i, m: (v * 1)[None].squeeze_(0),
    "t_": lambda x, w, v, i, m: (x * 1).t_(), "transpose_": lambda x, w, v, i, m: (x * 1).transpose_(0, 1),
    "swapaxes_": lambda x, w, v, i, m: (x * 1).swapaxes_(0, 1), "swapdims_": lambda x, w, v, i, m: (x * 1).swapdims_(0, 1),
    "untyped_storage": lambda x, w, v, i, m: x.untyped_storage().nbytes(),
    "storage": lambda x, w, v, i, m: x.storage().size(),
    "repeat_interleave": lambda x, w, v, i, m: (x.repeat_interleave(2, dim=1),
                                                x.repeat_interleave(i[:, 0] + 1, dim=0, output_size=6)),
    "index_fill": lambda x, w, v, i, m: x.index_fill(1, i[:, 1], -1.0),
    "index_fill_": lambda x, w, v, i, m: (x * 1).index_fill_(1, i[:, 1], v.sum()),
    "H": lambda x, w, v, i, m: x.H, "mH": lambda x, w, v, i, m: x.mH, "adjoint": lambda x, w, v, i, m: x.adjoint(),
    "fill_diagonal_": lambda x, w, v, i, m: (x * 1).fill_diagonal_(2.0, wrap=True),
    "cholesky_solve": lambda x, w, v, i, m: x[:, :2].cholesky_solve((x @ x.mT + 4 * gradlib.eye(3, device=x.device)).tril()),
    "cholesky_inverse": lambda x, w, v, i, m: (x @ x.mT + 4 * gradlib.eye(3, device=x.device)).tril().cholesky_inverse(),
    # ----- issue 15's families: ordering, value tests, bits, random fills, running reductions, special functions,
    # scatter reductions, decompositions (random draws and their value checks stay on the device)
    "sort": lambda x, w, v, i, m: x.sort(1, descending=True), "argsort": lambda x, w, v, i, m: x.argsort(0),
    "msort": lambda x, w, v, i, m: x.msort(), "topk": lambda x, w, v, i, m: x.topk(2),
    "kthvalue": lambda x, w, v, i, m: x.kthvalue(2, 1), "median": lambda x, w, v, i, m: (x.median(), x.median(0)),
    "nanmedian": lambda x, w, v, i, m: (x.nanmedian(), x.nanmedian(1)),
    "isnan": lambda x, w, v, i, m: x.isnan(), "isinf": lambda x, w, v, i, m: x.isinf(),
    "isposinf": lambda x, w, v, i, m: x.isposinf(), "isneginf": lambda x, w, v, i, m: x.isneginf(),
    "isreal": lambda x, w, v, i, m: x.isreal(), "isclose": lambda x, w, v, i, m: x.isclose(x * 1.01),
    "bitwise_left_shift": lambda x, w, v, i, m: i.bitwise_left_shift(2),
    "bitwise_left_shift_": lambda x, w, v, i, m: (i * 1).bitwise_left_shift_(i),
    "bitwise_right_shift": lambda x, w, v, i, m: i.bitwise_right_shift(i),
    "bitwise_right_shift_": lambda x, w, v, i, m: (i * 1).bitwise_right_shift_(1),
    "bitwise_not": lambda x, w, v, i, m: i.bitwise_not(), "bitwise_not_": lambda x, w, v, i, m: (i * 1).bitwise_not_(),
    "__lshift__": lambda x, w, v, i, m: i << 2, "__rlshift__": lambda x, w, v, i, m: 2 << i,
    "__rshift__": lambda x, w, v, i, m: i >> i, "__rrshift__": lambda x, w, v, i, m: 64 >> i,
    "__ilshift__": lambda x, w, v, i, m: _iop(i, "__ilshift__", 1), "__irshift__": lambda x, w, v, i, m: _iop(i, "__irshift__", 1),
    "__rfloordiv__": lambda x, w, v, i, m: (7.0 // v, 2 // v), "__rmod__": lambda x, w, v, i, m: (7 % (i + 1), 2 % v),
    "type_as": lambda x, w, v, i, m: x.type_as(i), "uniform_": lambda x, w, v, i, m: (x * 1).uniform_(-1, 1),
    "normal_": lambda x, w, v, i, m: (x * 1).normal_(0, 2), "bernoulli_": lambda x, w, v, i, m: (x * 1).bernoulli_(v * 0.5),
    "random_": lambda x, w, v, i, m: (i * 1).random_(0, 5), "exponential_": lambda x, w, v, i, m: (x * 1).exponential_(),
    "cauchy_": lambda x, w, v, i, m: (x * 1).cauchy_(), "log_normal_": lambda x, w, v, i, m: (x * 1).log_normal_(),
    "geometric_": lambda x, w, v, i, m: (x * 1).geometric_(0.5), "bernoulli": lambda x, w, v, i, m: (v * 0.5).bernoulli(),
    "multinomial": lambda x, w, v, i, m: (v + w[:, 0].abs()).multinomial(3),
    "cummax": lambda x, w, v, i, m: x.cummax(1), "cummin": lambda x, w, v, i, m: x.cummin(0),
    "logcumsumexp": lambda x, w, v, i, m: x.logcumsumexp(1), "lgamma": lambda x, w, v, i, m: v.lgamma(),
    "exp2": lambda x, w, v, i, m: x.exp2(), "sinc": lambda x, w, v, i, m: x.sinc(),
    "digamma": lambda x, w, v, i, m: v.digamma(), "polygamma": lambda x, w, v, i, m: v.polygamma(1),
    "erfinv": lambda x, w, v, i, m: (x * 0.3).tanh().erfinv(), "xlogy": lambda x, w, v, i, m: x.xlogy(v),
    "xlogy_": lambda x, w, v, i, m: (x * 1).xlogy_(v), "logit": lambda x, w, v, i, m: (v * 0.5).logit(eps=0.01),
    "index_put": lambda x, w, v, i, m: x.index_put((i[:, 0],), v), "index_put_": lambda x, w, v, i, m: (
        x * 1).index_put_((i[:, 0], i[:, 1]), v[:3], accumulate=True),
    "scatter_reduce": lambda x, w, v, i, m: x.scatter_reduce(1, i, x[:, :2] * 2, "amax"),
    "scatter_reduce_": lambda x, w, v, i, m: (x * 1).scatter_reduce_(1, i, x[:, :2], "mean", include_self=False),
    "scatter_": lambda x, w, v, i, m: (x * 1).scatter_(1, i, x[:, :2]),
    "scatter_add_": lambda x, w, v, i, m: (x * 1).scatter_add_(1, i, x[:, :2]),
    "index_add_": lambda x, w, v, i, m: (x * 1).index_add_(1, i[:, 0], x[:, :3], alpha=2),
    "dist": lambda x, w, v, i, m: x.dist(v, 3), "svd": lambda x, w, v, i, m: (lambda r: r.U @ r.V.mT)(x.svd()),
    "qr": lambda x, w, v, i, m: w.qr(), "pinverse": lambda x, w, v, i, m: x.pinverse(),
    "trace": lambda x, w, v, i, m: x[:, :3].trace(), "diff": lambda x, w, v, i, m: x.diff(dim=0, append=x[:1]),
    "cross": lambda x, w, v, i, m: x[:, :3].cross(x[:, 1:], dim=1), "logaddexp": lambda x, w, v, i, m: x.logaddexp(v),
    "logaddexp2": lambda x, w, v, i, m: x.logaddexp2(v), "logical_and": lambda x, w, v, i, m: x.logical_and(m),
    "logical_or": lambda x, w, v, i, m: m.logical_or(i[0, 0]), "logical_xor": lambda x, w, v, i, m: m.logical_xor(m),
    "clamp_min": lambda x, w, v, i, m: x.clamp_min(0.1), "clamp_max": lambda x, w, v, i, m: x.clamp_max(v),
    "signbit": lambda x, w, v, i, m: x.signbit(), "heaviside": lambda x, w, v, i, m: x.detach().heaviside(v.detach()),
    "kron": lambda x, w, v, i, m: x.kron(w), "histc": lambda x, w, v, i, m: x.histc(4, -1, 1),
    "quantile": lambda x, w, v, i, m: x.quantile(0.3, dim=1), "nanquantile": lambda x, w, v, i, m: x.nanquantile(0.7),
    "mode": lambda x, w, v, i, m: x.mode(0), "nansum": lambda x, w, v, i, m: x.nansum(1),
    "nanmean": lambda x, w, v, i, m: x.nanmean(), "aminmax": lambda x, w, v, i, m: x.aminmax(dim=0),
    "cov": lambda x, w, v, i, m: x.cov(), "corrcoef": lambda x, w, v, i, m: x.corrcoef(),
    "diag": lambda x, w, v, i, m: v.diag(), "diagflat": lambda x, w, v, i, m: x.diagflat(1),
    "fliplr": lambda x, w, v, i, m: x.fliplr(), "flipud": lambda x, w, v, i, m: x.flipud(),
    "rot90": lambda x, w, v, i, m: x.rot90(3), "take": lambda x, w, v, i, m: x.take(i),
    "T": lambda x, w, v, i, m: x.T, "mT": lambda x, w, v, i, m: x.mT, "abs": lambda x, w, v, i, m: x.abs(),
    "acos": lambda x, w, v, i, m: (x * 0.5).tanh().acos(), "asin": lambda x, w, v, i, m: (x * 0.5).tanh().asin(),
    "arccos": lambda x, w, v, i, m: (x * 0.5).tanh().arccos(),
    "arcsin": lambda x, w, v, i, m: (x * 0.5).tanh().arcsin(), "arctan": lambda x, w, v, i, m: x.arctan(),
    "atan": lambda x, w, v, i, m: x.atan(), "arctan2": lambda x, w, v, i, m: x.arctan2(v),
    "atan2": lambda x, w, v, i, m: x.atan2(v), "add": lambda x, w, v, i, m: x.add(v, alpha=2),
    "add_": lambda x, w, v, i, m: (x * 1).add_(v), "addcdiv": lambda x, w, v, i, m: x.addcdiv(x, v, value=0.5),
    "addcmul": lambda x, w, v, i, m: x.addcmul(x, v), "all": lambda x, w, v, i, m: m.all(1),
    "any": lambda x, w, v, i, m: m.any(), "amax": lambda x, w, v, i, m: x.amax(1),
    "amin": lambda x, w, v, i, m: x.amin(0), "argmax": lambda x, w, v, i, m: x.argmax(),
    "argmin": lambda x, w, v, i, m: x.argmin(1), "backward": lambda x, w, v, i, m: (x * x).sum().backward(),
    "bmm": lambda x, w, v, i, m: x[None].bmm(w[None]), "bool": lambda x, w, v, i, m: x.bool(),
    "ceil": lambda x, w, v, i, m: x.ceil(), "chunk": lambda x, w, v, i, m: x.chunk(2, 1),
    "clamp": lambda x, w, v, i, m: x.clamp(-0.5, 0.5), "clamp_": lambda x, w, v, i, m: (x * 1).clamp_(max=v),
    "clip": lambda x, w, v, i, m: x.clip(min=-0.5), "clip_": lambda x, w, v, i, m: (x * 1).clip_(-1, 1),
    "clone": lambda x, w, v, i, m: x.clone(), "contiguous": lambda x, w, v, i, m: x.t().contiguous(),
    "copy_": lambda x, w, v, i, m: (x * 1).copy_(v), "cos": lambda x, w, v, i, m: x.cos(),
    "cosh": lambda x, w, v, i, m: x.cosh(), "count_nonzero": lambda x, w, v, i, m: x.count_nonzero(0),
    "cuda": lambda x, w, v, i, m: x.cuda() if x.is_cuda else x,
    "cumprod": lambda x, w, v, i, m: x.cumprod(1), "cumsum": lambda x, w, v, i, m: x.cumsum(0),
    "data": lambda x, w, v, i, m: x.data, "detach": lambda x, w, v, i, m: x.detach(),
    "__deepcopy__": lambda x, w, v, i, m: x.detach().__deepcopy__({}),
    "detach_": lambda x, w, v, i, m: (x * 1).detach_(), "device": lambda x, w, v, i, m: x.device,
    "diag_embed": lambda x, w, v, i, m: x.diag_embed(), "diagonal": lambda x, w, v, i, m: x.diagonal(),
    "dim": lambda x, w, v, i, m: x.dim(), "div": lambda x, w, v, i, m: x.div(v),
    "div_": lambda x, w, v, i, m: (x * 1).div_(v), "divide": lambda x, w, v, i, m: x.divide(2.0),
    "dot": lambda x, w, v, i, m: x[0].dot(v), "double": lambda x, w, v, i, m: x.double(),
    "dtype": lambda x, w, v, i, m: x.dtype, "element_size": lambda x, w, v, i, m: x.element_size(),
    "eq": lambda x, w, v, i, m: x.eq(v), "erf": lambda x, w, v, i, m: x.erf(),
    "erfc": lambda x, w, v, i, m: x.erfc(), "exp": lambda x, w, v, i, m: x.exp(),
    "exp_": lambda x, w, v, i, m: (x * 1).exp_(), "expand": lambda x, w, v, i, m: v.expand(2, 4),
    "expand_as": lambda x, w, v, i, m: v.expand_as(x), "broadcast_to": lambda x, w, v, i, m: v.broadcast_to((2, 4)),
    "expm1": lambda x, w, v, i, m: x.expm1(),
    "fill_": lambda x, w, v, i, m: (x * 1).fill_(v[0]), "flatten": lambda x, w, v, i, m: x.flatten(),
    "flip": lambda x, w, v, i, m: x.flip(0), "float": lambda x, w, v, i, m: x.double().float(),
    "floor": lambda x, w, v, i, m: x.floor(), "floor_divide": lambda x, w, v, i, m: x.floor_divide(v),
    "fmax": lambda x, w, v, i, m: x.fmax(v), "fmin": lambda x, w, v, i, m: x.fmin(v),
    "fmod": lambda x, w, v, i, m: x.fmod(v), "frac": lambda x, w, v, i, m: x.frac(),
    "gather": lambda x, w, v, i, m: x.gather(1, i), "ge": lambda x, w, v, i, m: x.ge(0.5),
    "grad": lambda x, w, v, i, m: x.grad, "grad_fn": lambda x, w, v, i, m: (x * 1).grad_fn,
    "gt": lambda x, w, v, i, m: x.gt(v), "half": lambda x, w, v, i, m: x.half(),
    "hypot": lambda x, w, v, i, m: x.hypot(v), "index_add": lambda x, w, v, i, m: x.index_add(1, i[:, 0], x[:, :3]),
    "index_select": lambda x, w, v, i, m: x.index_select(1, i[:, 0]), "int": lambda x, w, v, i, m: x.int(),
    "short": lambda x, w, v, i, m: x.short(), "char": lambda x, w, v, i, m: x.char(),
    "byte": lambda x, w, v, i, m: x.byte(),
    "is_contiguous": lambda x, w, v, i, m: x.t().is_contiguous(), "is_cuda": lambda x, w, v, i, m: x.is_cuda,
    "is_floating_point": lambda x, w, v, i, m: x.is_floating_point(), "is_pinned": lambda x, w, v, i, m: x.is_pinned(),
    "is_shared": lambda x, w, v, i, m: x.is_shared(),
    "share_memory_": lambda x, w, v, i, m: x.detach().clone().share_memory_(),
    # host-memory methods of a CPU build (PyTorch refuses apply_/map_ on CUDA tensors: tests/test_waits8.py)
    "pin_memory": lambda x, w, v, i, m: _pin_memory_or_refusal(x),
    "apply_": lambda x, w, v, i, m: x.detach().clone().apply_(abs) if x.device.type == "cpu" else None,
    "map_": lambda x, w, v, i, m: (x.detach().clone().map_(x.detach(), lambda a, b: a + b)
                                   if x.device.type == "cpu" else None),
    "is_inference": lambda x, w, v, i, m: x.is_inference(), "is_leaf": lambda x, w, v, i, m: x.is_leaf,
    "is_meta": lambda x, w, v, i, m: x.is_meta,
    "isfinite": lambda x, w, v, i, m: x.isfinite(), "itemsize": lambda x, w, v, i, m: x.itemsize,
    "le": lambda x, w, v, i, m: x.le(v), "lerp": lambda x, w, v, i, m: x.lerp(v, 0.25),
    "log": lambda x, w, v, i, m: v.log(), "log10": lambda x, w, v, i, m: v.log10(),
    "log1p": lambda x, w, v, i, m: v.log1p(), "log2": lambda x, w, v, i, m: v.log2(),
    "log_softmax": lambda x, w, v, i, m: x.log_softmax(1), "logsumexp": lambda x, w, v, i, m: x.logsumexp(1),
    "long": lambda x, w, v, i, m: x.long(), "lt": lambda x, w, v, i, m: x.lt(v),
    "masked_fill": lambda x, w, v, i, m: x.masked_fill(m, 0.0),
    "masked_fill_": lambda x, w, v, i, m: (x * 1).masked_fill_(m, v[0]),
    "matmul": lambda x, w, v, i, m: x.matmul(w), "max": lambda x, w, v, i, m: x.max(1),
    "maximum": lambda x, w, v, i, m: x.maximum(v), "mean": lambda x, w, v, i, m: x.mean((0, 1)),
    "min": lambda x, w, v, i, m: x.min(), "minimum": lambda x, w, v, i, m: x.minimum(v),
    "mm": lambda x, w, v, i, m: x.mm(w), "moveaxis": lambda x, w, v, i, m: x.moveaxis(0, 1),
    "movedim": lambda x, w, v, i, m: x.movedim(1, 0), "mul": lambda x, w, v, i, m: x.mul(v),
    "mul_": lambda x, w, v, i, m: (x * 1).mul_(2.0), "multiply": lambda x, w, v, i, m: x.multiply(v),
    "resize_": lambda x, w, v, i, m: x.detach().clone().resize_(2),
    "resize_as_": lambda x, w, v, i, m: x.detach().clone().resize_as_(v),
    "mv": lambda x, w, v, i, m: x.mv(v), "nan_to_num": lambda x, w, v, i, m: x.nan_to_num(),
    "narrow": lambda x, w, v, i, m: x.narrow(1, 1, 2), "nbytes": lambda x, w, v, i, m: x.nbytes,
    "ndim": lambda x, w, v, i, m: x.ndim, "ndimension": lambda x, w, v, i, m: x.ndimension(),
    "ne": lambda x, w, v, i, m: x.ne(v), "neg": lambda x, w, v, i, m: x.neg(),
    "neg_": lambda x, w, v, i, m: (x * 1).neg_(), "negative": lambda x, w, v, i, m: x.negative(),
    "nelement": lambda x, w, v, i, m: x.nelement(), "new_empty": lambda x, w, v, i, m: x.new_empty((2,)),
    "new_full": lambda x, w, v, i, m: x.new_full((2,), 1.5), "new_ones": lambda x, w, v, i, m: x.new_ones(2),
    "new_tensor": lambda x, w, v, i, m: x.new_tensor([1.0, 2.0]),
    "new_zeros": lambda x, w, v, i, m: x.new_zeros(2, 2), "norm": lambda x, w, v, i, m: x.norm(p=2, dim=1),
    "numel": lambda x, w, v, i, m: x.numel(), "outer": lambda x, w, v, i, m: v.outer(v),
    "output_nr": lambda x, w, v, i, m: x.output_nr, "permute": lambda x, w, v, i, m: x.permute(1, 0),
    "pow": lambda x, w, v, i, m: v.pow(x), "pow_": lambda x, w, v, i, m: (x * 1).pow_(2),
    "prod": lambda x, w, v, i, m: x.prod(1), "reciprocal": lambda x, w, v, i, m: v.reciprocal(),
    "register_hook": lambda x, w, v, i, m: x.register_hook(lambda g: g * 2),
    "register_post_accumulate_grad_hook": lambda x, w, v, i, m: x.register_post_accumulate_grad_hook(print),
    "relu": lambda x, w, v, i, m: x.relu(), "relu_": lambda x, w, v, i, m: (x * 1).relu_(),
    "prelu": lambda x, w, v, i, m: x.prelu(v),  # one weight per channel (dim 1)
    "remainder": lambda x, w, v, i, m: x.remainder(v), "repeat": lambda x, w, v, i, m: x.repeat(2, 1),
    "requires_grad": lambda x, w, v, i, m: x.requires_grad,
    "requires_grad_": lambda x, w, v, i, m: x.detach().requires_grad_(),
    "reshape": lambda x, w, v, i, m: x.reshape(4, 3), "reshape_as": lambda x, w, v, i, m: x.reshape_as(x.t()),
    "retain_grad": lambda x, w, v, i, m: (x * 1).retain_grad(), "retains_grad": lambda x, w, v, i, m: x.retains_grad,
    "roll": lambda x, w, v, i, m: x.roll(1, 0), "round": lambda x, w, v, i, m: x.round(),
    "rsqrt": lambda x, w, v, i, m: v.rsqrt(), "scatter": lambda x, w, v, i, m: x.scatter(1, i, -1.0),
    "scatter_add": lambda x, w, v, i, m: x.scatter_add(1, i, x[:, :2]), "shape": lambda x, w, v, i, m: x.shape,
    "sigmoid": lambda x, w, v, i, m: x.sigmoid(), "sigmoid_": lambda x, w, v, i, m: (x * 1).sigmoid_(),
    "sign": lambda x, w, v, i, m: x.sign(), "sin": lambda x, w, v, i, m: x.sin(),
    "angle": lambda x, w, v, i, m: (x * 1j).angle(), "conj": lambda x, w, v, i, m: (x * 1j).conj(),
    "conj_physical": lambda x, w, v, i, m: (x * 1j).conj_physical(), "imag": lambda x, w, v, i, m: (x * 1j).imag,
    "real": lambda x, w, v, i, m: (x * 1j).real, "is_complex": lambda x, w, v, i, m: x.is_complex(),
    "is_conj": lambda x, w, v, i, m: x.is_conj(), "resolve_conj": lambda x, w, v, i, m: x.resolve_conj(),
    "sgn": lambda x, w, v, i, m: (x * 1j).sgn(),
    "sinh": lambda x, w, v, i, m: x.sinh(), "size": lambda x, w, v, i, m: x.size(1),
    "softmax": lambda x, w, v, i, m: x.softmax(0), "split": lambda x, w, v, i, m: x.split([1, 3], 1),
    "sqrt": lambda x, w, v, i, m: v.sqrt(), "square": lambda x, w, v, i, m: x.square(),
    "squeeze": lambda x, w, v, i, m: x[None].squeeze(0), "std": lambda x, w, v, i, m: x.std(1),
    "sub": lambda x, w, v, i, m: x.sub(v, alpha=0.5), "sub_": lambda x, w, v, i, m: (x * 1).sub_(v),
    "subtract": lambda x, w, v, i, m: x.subtract(1.0), "sum": lambda x, w, v, i, m: x.sum(1, keepdim=True),
    "sum_to_size": lambda x, w, v, i, m: x.sum_to_size(1, 4), "swapaxes": lambda x, w, v, i, m: x.swapaxes(0, 1),
    "t": lambda x, w, v, i, m: x.t(), "take_along_dim": lambda x, w, v, i, m: x.take_along_dim(i, 1),
    "tan": lambda x, w, v, i, m: (x * 0.5).tan(), "tanh": lambda x, w, v, i, m: x.tanh(),
    "tanh_": lambda x, w, v, i, m: (x * 1).tanh_(), "tile": lambda x, w, v, i, m: x.tile((2,)),
    "to": lambda x, w, v, i, m: x.to(gradlib.float16), "transpose": lambda x, w, v, i, m: x.transpose(0, 1),
    "tril": lambda x, w, v, i, m: x.tril(), "triu": lambda x, w, v, i, m: x.triu(1),
    "true_divide": lambda x, w, v, i, m: x.true_divide(v), "trunc": lambda x, w, v, i, m: x.trunc(),
    "type": lambda x, w, v, i, m: x.type(gradlib.float64), "unbind": lambda x, w, v, i, m: x.unbind(1),
    "unflatten": lambda x, w, v, i, m: x.unflatten(1, (2, 2)), "unsqueeze": lambda x, w, v, i, m: x.unsqueeze(-1),
    "var": lambda x, w, v, i, m: x.var(0, correction=0), "view": lambda x, w, v, i, m: x.view(2, 6),
    "view_as": lambda x, w, v, i, m: x.view_as(x.t()), "where": lambda x, w, v, i, m: x.where(m, v),
    "zero_": lambda x, w, v, i, m: (x * 1).zero_(),
    # operators
    "__abs__": lambda x, w, v, i, m: abs(x), "__add__": lambda x, w, v, i, m: x + v,
    "__radd__": lambda x, w, v, i, m: 1 + x, "__iadd__": lambda x, w, v, i, m: _iop(x, "__iadd__", v),
    "__sub__": lambda x, w, v, i, m: x - 1, "__rsub__": lambda x, w, v, i, m: 1 - x,
    "__isub__": lambda x, w, v, i, m: _iop(x, "__isub__", 2.0), "__mul__": lambda x, w, v, i, m: x * v,
    "__rmul__": lambda x, w, v, i, m: 2 * x, "__imul__": lambda x, w, v, i, m: _iop(x, "__imul__", v),
    "__truediv__": lambda x, w, v, i, m: x / v, "__rtruediv__": lambda x, w, v, i, m: 1 / v,
    "__itruediv__": lambda x, w, v, i, m: _iop(x, "__itruediv__", v),
    "__floordiv__": lambda x, w, v, i, m: x // v, "__mod__": lambda x, w, v, i, m: x % v,
    "__ifloordiv__": lambda x, w, v, i, m: _iop(x, "__ifloordiv__", v),
    "__imod__": lambda x, w, v, i, m: _iop(x, "__imod__", v),
    "floor_divide_": lambda x, w, v, i, m: _iop(x, "floor_divide_", v),
    "remainder_": lambda x, w, v, i, m: _iop(x, "remainder_", v), "fmod_": lambda x, w, v, i, m: _iop(x, "fmod_", v),
    "__pow__": lambda x, w, v, i, m: x ** 2, "__rpow__": lambda x, w, v, i, m: 2 ** x,
    "__ipow__": lambda x, w, v, i, m: _iop(x, "__ipow__", 2), "__matmul__": lambda x, w, v, i, m: x @ w,
    "__rmatmul__": lambda x, w, v, i, m: w.__rmatmul__(x), "__neg__": lambda x, w, v, i, m: -x,
    "__pos__": lambda x, w, v, i, m: +x, "__invert__": lambda x, w, v, i, m: ~m,
    "__and__": lambda x, w, v, i, m: m & m, "__rand__": lambda x, w, v, i, m: True & m,
    "__or__": lambda x, w, v, i, m: m | m, "__ror__": lambda x, w, v, i, m: False | m,
    "__xor__": lambda x, w, v, i, m: m ^ m, "__rxor__": lambda x, w, v, i, m: True ^ m,
    "__eq__": lambda x, w, v, i, m: x == v, "__ne__": lambda x, w, v, i, m: x != 0,
    "__lt__": lambda x, w, v, i, m: x < v, "__le__": lambda x, w, v, i, m: x <= v,
    "__gt__": lambda x, w, v, i, m: x > 0, "__ge__": lambda x, w, v, i, m: x >= v,
    "__getitem__": lambda x, w, v, i, m: x[1:, i[:, 0]], "__setitem__": lambda x, w, v, i, m: _setitem(x, v),
    "__len__": lambda x, w, v, i, m: len(x), "__iter__": lambda x, w, v, i, m: list(x),
    "__dlpack__": lambda x, w, v, i, m: x.detach().__dlpack__(),
    "__dlpack_device__": lambda x, w, v, i, m: x.__dlpack_device__(),
    "__hash__": lambda x, w, v, i, m: hash(x),
    # pickle's description (the pickler copies the data later); NumPy's wrapping of its own host result
    "__reduce_ex__": lambda x, w, v, i, m: x.detach().__reduce_ex__(2),
    "__array_wrap__": lambda x, w, v, i, m: x.__array_wrap__(__import__("numpy").zeros(2)),
}
# issue 15's top-level math (helper torch5): device work only; matrix_exp reads its squaring count, as PyTorch's
NO_WAIT.update({
    "addmm": lambda x, w, v, i, m: x.addmm(x[:, :3], x[:3]), "addmm_": lambda x, w, v, i, m: (x * 1).addmm_(x[:, :3], x[:3]),
    "addmv": lambda x, w, v, i, m: x[0].addmv(x.mT, x[:, 0]), "addmv_": lambda x, w, v, i, m: (v * 1).addmv_(x.mT, x[:, 0]),
    "addr": lambda x, w, v, i, m: x.addr(x[:, 0], v), "addr_": lambda x, w, v, i, m: (x * 1).addr_(x[:, 0], v),
    "baddbmm": lambda x, w, v, i, m: x[None].baddbmm(x[None, :, :3], x[None, :3]),
    "baddbmm_": lambda x, w, v, i, m: (x[None] * 1).baddbmm_(x[None, :, :3], x[None, :3]),
    "addbmm": lambda x, w, v, i, m: x.addbmm(x[None, :, :3], x[None, :3]),
    "addbmm_": lambda x, w, v, i, m: (x * 1).addbmm_(x[None, :, :3], x[None, :3]),
    "inner": lambda x, w, v, i, m: x.inner(v), "det": lambda x, w, v, i, m: x[:, :3].det(),
    "logdet": lambda x, w, v, i, m: (x[:, :3] @ x[:, :3].mT).logdet(), "slogdet": lambda x, w, v, i, m: x[:, :3].slogdet(),
    "inverse": lambda x, w, v, i, m: x[:, :3].inverse(), "matrix_power": lambda x, w, v, i, m: x[:, :3].matrix_power(3),
    "copysign": lambda x, w, v, i, m: x.copysign(v), "copysign_": lambda x, w, v, i, m: (x * 1).copysign_(-1.0),
    "float_power": lambda x, w, v, i, m: x.float_power(2), "float_power_": lambda x, w, v, i, m: x.double().float_power_(v),
    "mvlgamma": lambda x, w, v, i, m: (x.abs() + 2).mvlgamma(2), "mvlgamma_": lambda x, w, v, i, m: (x.abs() + 2).mvlgamma_(2),
    "renorm": lambda x, w, v, i, m: x.renorm(2, 0, 1.0), "renorm_": lambda x, w, v, i, m: (x * 1).renorm_(1, 1, 0.5),
    "select_scatter": lambda x, w, v, i, m: x.select_scatter(v, 0, 1),
    "slice_scatter": lambda x, w, v, i, m: x.slice_scatter(x[:1], 0, 2),
    "diagonal_scatter": lambda x, w, v, i, m: x.diagonal_scatter(v[:3]),
    "index_reduce": lambda x, w, v, i, m: x.index_reduce(0, i[:, 0], x, "amax"),
    "index_reduce_": lambda x, w, v, i, m: (x * 1).index_reduce_(0, i[:, 0], x, "prod", include_self=False),
    "tensor_split": lambda x, w, v, i, m: x.tensor_split(3, dim=1), "hsplit": lambda x, w, v, i, m: x.hsplit(2),
    "vsplit": lambda x, w, v, i, m: x.vsplit([1]), "dsplit": lambda x, w, v, i, m: x[None].dsplit(2),
})
HOST_READS["matrix_exp"] = lambda x, w, v, i, m: x[:, :3].matrix_exp()  # the squaring count (PyTorch's CUDA too)
# tensorapi17: `in` answers a Python bool ((element == x).any().item(), PyTorch's); the complex casts and the
# named-tensor/quantized queries wait for nothing
HOST_READS["__contains__"] = lambda x, w, v, i, m: 2.0 in x
NO_WAIT.update({"cfloat": lambda x, w, v, i, m: x.cfloat(), "cdouble": lambda x, w, v, i, m: x.cdouble(),
                "is_quantized": lambda x, w, v, i, m: x.is_quantized, "name": lambda x, w, v, i, m: x.name})
# not methods: __dict__ holds a tensor's Python attributes; __slotnames__ is copyreg's cache, set on the class by the
# first copy.copy or pickle of a tensor
NOT_CALLED = {"__init__", "__doc__", "__module__", "__slots__", "__weakref__", "__array_priority__", "__dict__",
              "__slotnames__"}


def _bfloat16(x):
    """CPU: the conversion (and its backward in float32); CUDA: its TypeError (CuPy has no bfloat16), raised before
    any device work."""
    if x.device.type == "cpu":
        return x.bfloat16()
    with pytest.raises(TypeError, match="bfloat16"):
        x.bfloat16()
    return x


NO_WAIT["bfloat16"] = lambda x, w, v, i, m: _bfloat16(x)


def _iop(x, name, other):
    out = x * 1
    return getattr(out, name)(other)


def _setitem(x, v):
    out = x * 1
    out[1:, 0] = v[:2]
    return out


NO_WAIT.update(sync_sweep_progs5a.NO_WAIT)
HOST_READS.update(sync_sweep_progs5a.HOST_READS)
EXPECTED.update(sync_sweep_progs5a.EXPECTED)
CREATE_GRAPH_READS.update(sync_sweep_progs5a.CREATE_GRAPH_READS)
NO_WAIT["as_subclass"] = lambda x, w, v, i, m: x.as_subclass(gradlib.nn.Parameter)  # (a subclass of its own would
# make the __torch_function__ protocol live for the rest of the run)
NO_WAIT.update(sync_sweep_sparse.NO_WAIT)
NO_WAIT.update({name: (lambda name: lambda x, w, v, i, m: getattr((x * 0.5).clamp(-0.9, 0.9), name)())(name)
                for name in ("arccos_", "arcsin_", "arctan_")})  # inplace9's aliases of acos_, asin_, atan_
HOST_READS.update(sync_sweep_sparse.HOST_READS)
EXPECTED.update(sync_sweep_sparse.EXPECTED)
NO_WAIT.update(sync_sweep_linalg9.NO_WAIT)
NO_WAIT.update(sync_sweep_special9.NO_WAIT)
HOST_READS.update(sync_sweep_special9.HOST_READS)
NO_WAIT.update(sync_sweep_elem10.NO_WAIT)
HOST_READS.update(sync_sweep_elem10.HOST_READS)
NO_WAIT.update(sync_sweep_plumb10.NO_WAIT)


def _removed(x, name):
    """A Tensor method PyTorch removed in 1.9 and keeps as a stub (``x.symeig()``): its RuntimeError, no wait."""
    with pytest.raises(RuntimeError, match="deprecated since version 1.9 and is now removed"):
        getattr(x, name)(x) if name in ("lstsq", "solve") else getattr(x, name)()


NO_WAIT.update({name: (lambda name: lambda x, w, v, i, m: _removed(x[:3, :3], name))(name)
                for name in ("eig", "lstsq", "solve", "symeig")})


def test_every_public_method_is_swept():
    names = {name for name in dir(gradlib.Tensor) if not name.startswith("_")}
    names |= {name for name in vars(gradlib.Tensor) if name.startswith("__")} - NOT_CALLED
    missing = sorted(names - set(HOST_READS) - set(NO_WAIT))
    assert not missing, f"Tensor attributes without a call in tests/test_sync_sweep.py: {missing}"


@pytest.mark.parametrize("name", sorted(NO_WAIT))
def test_methods_never_wait(name, device, waits):
    _sweep(lambda: NO_WAIT[name](*_operands(device)), 0, name, waits, CREATE_GRAPH_READS.get(name, 0))


@pytest.mark.parametrize("name", sorted(HOST_READS))
def test_host_reads_wait_once(name, device, waits):
    operands = _operands(device)
    with waits() as found:
        HOST_READS[name](*operands)
    found.check(1, name)


def _sweep(call, expected, what, waits, backward_expected=0):
    """``call()`` waits ``expected`` times; backward (create_graph) ``backward_expected`` times (0 but for
    ``CREATE_GRAPH_READS``) and double backward of whatever it returns that requires grad, never."""
    with waits() as found:
        result = call()
    found.check(expected, what)
    outputs = [o for o in outputs_of(result) if isinstance(o, gradlib.Tensor) and o.requires_grad
               and (o.grad_fn is None or type(o.grad_fn).__name__ != "NotImplemented")]  # floor_divide: PyTorch's node that refuses backward
    if not outputs:
        return
    leaves = _leaves(outputs)
    if not leaves:
        return  # grad() with no inputs is an error, as in PyTorch
    seeds = [gradlib.ones_like(o).requires_grad_() for o in outputs]
    with waits() as found:
        grads = gradlib.autograd.grad(outputs, leaves, seeds, create_graph=True, allow_unused=True)
    found.check(backward_expected, f"{what}: backward")
    grads = [g for g in grads if g is not None and g.requires_grad]
    if grads:
        with waits() as found:
            gradlib.autograd.grad(grads, leaves + seeds, [gradlib.ones_like(g) for g in grads], allow_unused=True)
        found.check(0, f"{what}: double backward")


def _leaves(outputs):
    """The leaves requiring grad that ``outputs`` depend on (walking the graph)."""
    found, stack, seen = [], [o.grad_fn for o in outputs], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if variable is not None:
            found.append(variable)
        stack.extend(child for child, _ in node.next_functions)
    return found


# ----- factories, functions outside the registry, nn modules ---------------------------------------------------------
def _x(device, *shape):
    gradlib.manual_seed(0)
    return gradlib.randn(*shape, device=device).requires_grad_()


def _images(device):
    return _x(device, 2, 4, 6, 6)


FUNCTIONS = {  # name -> call of the device; its outputs are differentiated where they require grad
    "zeros": lambda d: gradlib.zeros(2, 3, device=d), "ones": lambda d: gradlib.ones(2, device=d),
    "full": lambda d: gradlib.full((2,), 1.5, device=d), "full_0d_tensor_value": lambda d: gradlib.full(
        (2,), 2.0, device=d), "empty": lambda d: gradlib.empty(3, device=d),
    "arange": lambda d: gradlib.arange(0, 5, 2, device=d), "linspace": lambda d: gradlib.linspace(0, 1, 5, device=d),
    "eye": lambda d: gradlib.eye(3, device=d), "rand": lambda d: gradlib.rand(2, device=d),
    "randn": lambda d: gradlib.randn(2, device=d), "randint": lambda d: gradlib.randint(0, 5, (3,), device=d),
    "tensor": lambda d: gradlib.tensor([[1.0, 2.0]], device=d), "as_tensor": lambda d: gradlib.as_tensor([1, 2], device=d),
    "tensor_of_device_tensor": lambda d: gradlib.tensor(gradlib.ones(2, device=d)),
    "zeros_like": lambda d: gradlib.zeros_like(_x(d, 2)), "ones_like": lambda d: gradlib.ones_like(_x(d, 2)),
    "full_like": lambda d: gradlib.full_like(_x(d, 2), 3.0), "empty_like": lambda d: gradlib.empty_like(_x(d, 2)),
    "rand_like": lambda d: gradlib.rand_like(_x(d, 2)), "randn_like": lambda d: gradlib.randn_like(_x(d, 2)),
    "randint_like": lambda d: gradlib.randint_like(_x(d, 2), 0, 4),
    "dropout": lambda d: F.dropout(_x(d, 4, 3), 0.5), "huber_loss": lambda d: F.huber_loss(_x(d, 3), _x(d, 3) * 2),
    "std_mean": lambda d: gradlib.std_mean(_x(d, 3, 2), 0), "var_mean": lambda d: gradlib.var_mean(_x(d, 3, 2), 1),
    "ger": lambda d: gradlib.ger(_x(d, 2), _x(d, 3)), "result_type": lambda d: gradlib.result_type(_x(d, 2), 1.0),
    "linalg_norm": lambda d: gradlib.linalg.norm(_x(d, 3, 3)), "linalg_amax": lambda d: gradlib.linalg.amax(_x(d, 3)),
    "one_hot": lambda d: F.one_hot(gradlib.tensor([0, 2], device=d), 3),
    "embedding_max_norm": lambda d: nn.Embedding(4, 3, max_norm=1.0).to(d)(gradlib.tensor([0, 2, 2], device=d)),
    "embedding_padding": lambda d: nn.Embedding(4, 3, padding_idx=0).to(d)(gradlib.tensor([[0, 2], [3, 0]], device=d)),
    "relu_inplace": lambda d: F.relu_(_x(d, 3) * 1), "checkpoint": lambda d: gradlib.utils.checkpoint.checkpoint(
        lambda t: F.dropout(t.sin(), 0.3), _x(d, 4), use_reentrant=False),
}
FUNCTION_SYNCS = {"one_hot_inferred": 1}  # one_hot(num_classes=-1) reads the largest class (PyTorch too)
FUNCTIONS["one_hot_inferred"] = lambda d: F.one_hot(gradlib.tensor([0, 2], device=d))

MODULES = {  # name -> (module, input) of the device
    "Identity": lambda d: (nn.Identity(), _x(d, 2)), "Linear": lambda d: (nn.Linear(3, 2), _x(d, 4, 3)),
    "Bilinear": lambda d: (nn.Bilinear(3, 2, 4), (_x(d, 5, 3), _x(d, 5, 2))),
    "Conv1d": lambda d: (nn.Conv1d(4, 2, 3, padding=1), _x(d, 2, 4, 6)),
    "Conv2d": lambda d: (nn.Conv2d(4, 2, 3, stride=2), _images(d)),
    "ConvTranspose2d": lambda d: (nn.ConvTranspose2d(4, 2, 2, stride=2), _images(d)),
    "MaxPool2d": lambda d: (nn.MaxPool2d(2), _images(d)),
    "MaxPool2d_indices": lambda d: (nn.MaxPool2d(3, 2, 1, return_indices=True), _images(d)),
    "AvgPool2d": lambda d: (nn.AvgPool2d(2), _images(d)), "AdaptiveAvgPool2d": lambda d: (nn.AdaptiveAvgPool2d(3), _images(d)),
    "Flatten": lambda d: (nn.Flatten(), _images(d)), "Unflatten": lambda d: (nn.Unflatten(1, (2, 2)), _x(d, 3, 4)),
    "Dropout": lambda d: (nn.Dropout(0.5), _x(d, 4, 4)), "Dropout_inplace": lambda d: (nn.Dropout(0.5, True), _x(d, 4) * 1),
    "BatchNorm1d": lambda d: (nn.BatchNorm1d(3), _x(d, 4, 3)), "BatchNorm2d": lambda d: (nn.BatchNorm2d(4), _images(d)),
    "BatchNorm1d_cumulative": lambda d: (nn.BatchNorm1d(3, momentum=None), _x(d, 4, 3)),
    "BatchNorm2d_eval": lambda d: (nn.BatchNorm2d(4).eval(), _images(d)),
    "BatchNorm3d": lambda d: (nn.BatchNorm3d(4), _x(d, 2, 4, 3, 3, 3)),
    "LayerNorm": lambda d: (nn.LayerNorm(6), _images(d)), "GroupNorm": lambda d: (nn.GroupNorm(2, 4), _images(d)),
    "Embedding": lambda d: (nn.Embedding(5, 3), gradlib.tensor([[1, 4], [0, 0]], device=d)),
    "EmbeddingBag": lambda d: (nn.EmbeddingBag(5, 3, mode="max", padding_idx=0), gradlib.tensor([[1, 4], [0, 0]], device=d)),
    "ReLU": lambda d: (nn.ReLU(), _x(d, 3)), "ReLU_inplace": lambda d: (nn.ReLU(inplace=True), _x(d, 3) * 1),
    "LeakyReLU": lambda d: (nn.LeakyReLU(0.1), _x(d, 3)), "ELU": lambda d: (nn.ELU(), _x(d, 3)),
    "GELU": lambda d: (nn.GELU("tanh"), _x(d, 3)), "SiLU": lambda d: (nn.SiLU(), _x(d, 3)),
    "Mish": lambda d: (nn.Mish(), _x(d, 3)), "Sigmoid": lambda d: (nn.Sigmoid(), _x(d, 3)),
    "Tanh": lambda d: (nn.Tanh(), _x(d, 3)), "Softplus": lambda d: (nn.Softplus(2.0), _x(d, 3)),
    "Softmax": lambda d: (nn.Softmax(1), _x(d, 2, 3)), "LogSoftmax": lambda d: (nn.LogSoftmax(1), _x(d, 2, 3)),
    "Sequential": lambda d: (nn.Sequential(nn.Linear(3, 3), nn.ReLU()), _x(d, 2, 3)),
    # on the device under test only (several GPUs gather through the first: test_cuda9 has that with its syncs)
    "DataParallel": lambda d: (nn.DataParallel(nn.Linear(3, 3).to(d), device_ids=(
        [gradlib.device(d)] if gradlib.device(d).type == "cuda" else None)), _x(d, 2, 3)),
    "MSELoss": lambda d: (nn.MSELoss(), (_x(d, 3), _x(d, 3))), "L1Loss": lambda d: (nn.L1Loss(), (_x(d, 3), _x(d, 3))),
    "SmoothL1Loss": lambda d: (nn.SmoothL1Loss(), (_x(d, 3), _x(d, 3))),
    "CrossEntropyLoss": lambda d: (nn.CrossEntropyLoss(label_smoothing=0.1), (_x(d, 3, 4), gradlib.tensor([0, 3, 1], device=d))),
    "NLLLoss": lambda d: (nn.NLLLoss(ignore_index=1), (_x(d, 3, 4), gradlib.tensor([0, 1, 2], device=d))),
    "BCELoss": lambda d: (nn.BCELoss(), (_x(d, 3).sigmoid(), gradlib.rand(3, device=d))),
    "BCEWithLogitsLoss": lambda d: (nn.BCEWithLogitsLoss(), (_x(d, 3), gradlib.rand(3, device=d))),
    "KLDivLoss": lambda d: (nn.KLDivLoss(reduction="batchmean"), (_x(d, 2, 3).log_softmax(1), gradlib.rand(2, 3, device=d))),
    "HuberLoss": lambda d: (nn.HuberLoss(delta=0.5), (_x(d, 3), _x(d, 3))),
    "MarginRankingLoss": lambda d: (nn.MarginRankingLoss(0.1), (_x(d, 3), _x(d, 3), _x(d, 3).detach().sign())),
    "HingeEmbeddingLoss": lambda d: (nn.HingeEmbeddingLoss(), (_x(d, 3), _x(d, 3).detach().sign())),
    "SoftMarginLoss": lambda d: (nn.SoftMarginLoss(), (_x(d, 3), _x(d, 3).detach().sign())),
    "MultiLabelSoftMarginLoss": lambda d: (nn.MultiLabelSoftMarginLoss(), (_x(d, 2, 3), gradlib.rand(2, 3, device=d))),
    "CosineEmbeddingLoss": lambda d: (nn.CosineEmbeddingLoss(), (_x(d, 2, 3), _x(d, 2, 3), _x(d, 2).detach().sign())),
    "TripletMarginLoss": lambda d: (nn.TripletMarginLoss(swap=True), (_x(d, 2, 3), _x(d, 2, 3), _x(d, 2, 3))),
    "TripletMarginWithDistanceLoss": lambda d: (nn.TripletMarginWithDistanceLoss(swap=True),
                                                (_x(d, 2, 3), _x(d, 2, 3), _x(d, 2, 3))),
    "PoissonNLLLoss": lambda d: (nn.PoissonNLLLoss(full=True), (_x(d, 3), gradlib.rand(3, device=d) * 3)),
    # issue 15: activations, recurrent, attention and resampling layers
    **{name: (lambda d, name=name: (getattr(nn, name)(), _x(d, 2, 4))) for name in (
        "ReLU6", "Hardtanh", "SELU", "CELU", "Hardswish", "Hardsigmoid", "LogSigmoid", "Tanhshrink", "Softshrink",
        "Hardshrink", "Softsign", "PReLU", "RReLU", "GLU", "Softmin")},
    "Threshold": lambda d: (nn.Threshold(0.1, 2.0), _x(d, 2, 4)),
    "Softmax2d": lambda d: (nn.Softmax2d(), _images(d)),
    "RNN": lambda d: (nn.RNN(3, 4, num_layers=2, dropout=0.5, bidirectional=True), _x(d, 5, 2, 3)),
    "LSTM": lambda d: (nn.LSTM(3, 4, batch_first=True, proj_size=2), _x(d, 2, 5, 3)),
    "GRU": lambda d: (nn.GRU(3, 4), (_x(d, 5, 2, 3), _x(d, 1, 2, 4))),
    "RNNBase_lstm_mode": lambda d: (nn.RNNBase("LSTM", 3, 4), _x(d, 5, 2, 3)),
    "RNNCell": lambda d: (nn.RNNCell(3, 4), _x(d, 2, 3)), "LSTMCell": lambda d: (nn.LSTMCell(3, 4), _x(d, 2, 3)),
    "GRUCell": lambda d: (nn.GRUCell(3, 4), _x(d, 2, 3)),
    "RNNCellBase_through_GRUCell": lambda d: (nn.GRUCell(3, 4), _x(d, 3)),
    "MultiheadAttention": lambda d: (nn.MultiheadAttention(4, 2, dropout=0.5), (_x(d, 3, 2, 4), _x(d, 5, 2, 4), _x(d, 5, 2, 4))),
    "MultiheadAttention_masks": lambda d: (nn.MultiheadAttention(4, 2, batch_first=True), (
        _x(d, 2, 3, 4), _x(d, 2, 3, 4), _x(d, 2, 3, 4), gradlib.tensor([[False, True, False]] * 2, device=d))),
    "TransformerEncoderLayer": lambda d: (nn.TransformerEncoderLayer(4, 2, 8, batch_first=True), _x(d, 2, 3, 4)),
    "TransformerEncoder": lambda d: (nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, batch_first=True), 2),
                                     _x(d, 2, 3, 4)),
    "TransformerDecoderLayer": lambda d: (nn.TransformerDecoderLayer(4, 2, 8), (_x(d, 3, 2, 4), _x(d, 5, 2, 4))),
    "TransformerDecoder": lambda d: (nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8), 2),
                                     (_x(d, 3, 2, 4), _x(d, 5, 2, 4))),
    "Transformer": lambda d: (nn.Transformer(4, 2, 1, 1, 8), (_x(d, 5, 2, 4), _x(d, 3, 2, 4))),
    "Upsample": lambda d: (nn.Upsample(scale_factor=1.5, mode="bilinear"), _images(d)),
    "Upsample_nearest": lambda d: (nn.Upsample(size=(7, 9)), _images(d)),
    "UpsamplingNearest2d": lambda d: (nn.UpsamplingNearest2d(scale_factor=2), _images(d)),
    "UpsamplingBilinear2d": lambda d: (nn.UpsamplingBilinear2d(size=(5, 5)), _images(d)),
    "PixelShuffle": lambda d: (nn.PixelShuffle(2), _images(d)),
    "PixelUnshuffle": lambda d: (nn.PixelUnshuffle(2), _images(d)),
    "ConvTranspose1d": lambda d: (nn.ConvTranspose1d(4, 2, 3, stride=2, output_padding=1), _x(d, 2, 4, 6)),
    "MaxPool1d": lambda d: (nn.MaxPool1d(2, return_indices=True), _x(d, 2, 4, 6)),
    "AvgPool1d": lambda d: (nn.AvgPool1d(3, 2, 1), _x(d, 2, 4, 6)),
    "AdaptiveAvgPool1d": lambda d: (nn.AdaptiveAvgPool1d(4), _x(d, 2, 4, 6)),
    **{name: (lambda d, name=name: (getattr(nn, name)(1), _images(d))) for name in (
        "ZeroPad1d", "ZeroPad2d", "ReflectionPad2d", "ReplicationPad2d")},
    # PyTorch pads one dim of 2-D or 3-D inputs only (reflection and replication)
    **{name: (lambda d, name=name: (getattr(nn, name)(1), _x(d, 2, 4, 6))) for name in (
        "ReflectionPad1d", "ReplicationPad1d")},
    "ConstantPad1d": lambda d: (nn.ConstantPad1d(2, 0.5), _x(d, 2, 4)),
    # issue 15's nn gaps B (the Lazy modules initialize on this first call; CTC's lengths as tuples: tensors are
    # read on the host, as PyTorch reads them; its input detached: CTC refuses a double backward, as PyTorch's,
    # swept with the registry's ctc_loss samples)
    "RMSNorm": lambda d: (nn.RMSNorm(4), _x(d, 2, 3, 4)),
    "LazyLinear": lambda d: (nn.LazyLinear(3), _x(d, 2, 4)),
    "LazyConv1d": lambda d: (nn.LazyConv1d(3, 2), _x(d, 2, 4, 6)),
    "LazyConv2d": lambda d: (nn.LazyConv2d(3, 2), _images(d)),
    "LazyConvTranspose1d": lambda d: (nn.LazyConvTranspose1d(3, 2), _x(d, 2, 4, 6)),
    "LazyConvTranspose2d": lambda d: (nn.LazyConvTranspose2d(3, 2), _images(d)),
    "LazyBatchNorm1d": lambda d: (nn.LazyBatchNorm1d(), _x(d, 4, 3)),
    "LazyBatchNorm2d": lambda d: (nn.LazyBatchNorm2d(), _images(d)),
    "MultiMarginLoss": lambda d: (nn.MultiMarginLoss(p=2, weight=gradlib.ones(4, device=d)),
                                  (_x(d, 3, 4), gradlib.tensor([0, 3, 1], device=d))),
    "MultiLabelMarginLoss": lambda d: (nn.MultiLabelMarginLoss(), (_x(d, 2, 3), gradlib.tensor([[2, -1, 0], [0, 1, -1]],
                                                                                                device=d))),
    "CTCLoss": lambda d: (nn.CTCLoss(zero_infinity=True), (_x(d, 5, 2, 4).log_softmax(2).detach(),
                                                           gradlib.tensor([[1, 2], [3, 3]], device=d), (5, 4), (2, 2))),
    "ConstantPad2d": lambda d: (nn.ConstantPad2d(1, 0.5), _images(d)),
    "Dropout1d": lambda d: (nn.Dropout1d(), _x(d, 2, 4, 6)), "Dropout2d": lambda d: (nn.Dropout2d(), _images(d)),
    "Dropout3d": lambda d: (nn.Dropout3d(), _x(d, 2, 2, 3, 3, 3)),
    "InstanceNorm1d": lambda d: (nn.InstanceNorm1d(3, affine=True, track_running_stats=True), _x(d, 2, 3, 5)),
    "InstanceNorm2d": lambda d: (nn.InstanceNorm2d(4), _images(d)),
    "InstanceNorm3d": lambda d: (nn.InstanceNorm3d(2), _x(d, 2, 2, 3, 3, 3)),
    "LocalResponseNorm": lambda d: (nn.LocalResponseNorm(3), _images(d)),
    "AlphaDropout": lambda d: (nn.AlphaDropout(0.3), _x(d, 4, 4)),
    "FeatureAlphaDropout": lambda d: (nn.FeatureAlphaDropout(0.3), _images(d)),
    "ChannelShuffle": lambda d: (nn.ChannelShuffle(2), _images(d)),
    "Unfold": lambda d: (nn.Unfold(3, padding=1, stride=2), _images(d)),
    "Fold": lambda d: (nn.Fold((4, 4), 2, stride=2), _x(d, 2, 8, 4)),
    "CosineSimilarity": lambda d: (nn.CosineSimilarity(), (_x(d, 2, 4), _x(d, 2, 4))),
    "PairwiseDistance": lambda d: (nn.PairwiseDistance(), (_x(d, 2, 4), _x(d, 2, 4))),
    # nn5a: 3-d layers, adaptive max pooling, unpooling (its index range is queued, not read), LP pooling
    "Conv3d": lambda d: (nn.Conv3d(2, 3, 2, padding="same"), _x(d, 2, 2, 3, 4, 3)),
    "MaxPool3d": lambda d: (nn.MaxPool3d(2, return_indices=True), _x(d, 2, 2, 4, 4, 4)),
    "AvgPool3d": lambda d: (nn.AvgPool3d(2, padding=1, count_include_pad=False), _x(d, 2, 2, 4, 4, 4)),
    "AdaptiveAvgPool3d": lambda d: (nn.AdaptiveAvgPool3d((2, 3, 1)), _x(d, 2, 2, 5, 4, 3)),
    "AdaptiveMaxPool1d": lambda d: (nn.AdaptiveMaxPool1d(4, return_indices=True), _x(d, 2, 4, 6)),
    "AdaptiveMaxPool2d": lambda d: (nn.AdaptiveMaxPool2d((4, 5)), _images(d)),
    "MaxUnpool1d": lambda d: (nn.MaxUnpool1d(2), nn.MaxPool1d(2, return_indices=True)(_x(d, 2, 4, 6))),
    "MaxUnpool2d": lambda d: (nn.MaxUnpool2d(2), nn.MaxPool2d(2, return_indices=True)(_images(d))),
    "LPPool1d": lambda d: (nn.LPPool1d(2, 3, stride=2), _x(d, 2, 4, 6)),
    "LPPool2d": lambda d: (nn.LPPool2d(3, 2), _images(d)),
    # layers18: the 3-D adaptive max pooling, unpooling (its index range queued, not read) and LP pooling
    "AdaptiveMaxPool3d": lambda d: (nn.AdaptiveMaxPool3d((2, None, 3), return_indices=True), _x(d, 2, 2, 5, 4, 3)),
    "MaxUnpool3d": lambda d: (nn.MaxUnpool3d(2), nn.MaxPool3d(2, return_indices=True)(_x(d, 2, 2, 4, 4, 4))),
    "LPPool3d": lambda d: (nn.LPPool3d(2, 2, stride=1), _x(d, 2, 2, 3, 4, 3)),
    # nnapi8: 3-D and circular padding, transposed 3-D convolution
    "ConvTranspose3d": lambda d: (nn.ConvTranspose3d(2, 3, 2, stride=2, output_padding=1), _x(d, 2, 2, 3, 2, 3)),
    **{name: (lambda d, name=name: (getattr(nn, name)(1), _x(d, 2, 2, 3, 3, 3))) for name in (
        "ZeroPad3d", "ReflectionPad3d", "ReplicationPad3d", "CircularPad3d")},
    "ConstantPad3d": lambda d: (nn.ConstantPad3d((1, 0, 2, 1, 0, 1), 0.5), _x(d, 2, 3, 3, 3)),
    "CircularPad1d": lambda d: (nn.CircularPad1d((2, 1)), _x(d, 2, 4, 6)),
    "CircularPad2d": lambda d: (nn.CircularPad2d(1), _images(d)),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_functions_wait_only_where_pytorch_does(name, device, waits):
    _sweep(lambda: FUNCTIONS[name](device), FUNCTION_SYNCS.get(name, 0), name, waits)


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_never_wait(name, mode, device, waits):
    module, inputs = MODULES[name](device)
    module = module.to(device).train(mode == "train")
    inputs = inputs if isinstance(inputs, tuple) else (inputs,)
    _sweep(lambda: module(*inputs), 0, f"{name}.{mode}()", waits)


def test_every_module_is_swept():
    classes = {name for name in dir(nn) if isinstance(getattr(nn, name), type) and issubclass(getattr(nn, name), nn.Module)}
    swept = {name.split("_")[0] for name in MODULES}
    # GaussianNLLLoss reads var < 0 (PyTorch's torch.any): tested with its allowed sync in test_nn_modules;
    # AdaptiveLogSoftmaxWithLoss reads its targets' range (PyTorch too): with its allowed sync in test_nnapi8
    missing = sorted(classes - swept - {"Module", "ModuleDict", "ModuleList", "ParameterDict", "ParameterList",
                                        "GaussianNLLLoss", "AdaptiveLogSoftmaxWithLoss"})
    assert not missing, f"nn modules without a case in tests/test_sync_sweep.py: {missing}"


# ----- training utilities --------------------------------------------------------------------------------------------
OPTIMIZERS = {
    "SGD": lambda p: optim.SGD(p, lr=0.1), "SGD_momentum": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True,
                                                                             weight_decay=0.01),
    "Adam": lambda p: optim.Adam(p), "Adam_amsgrad": lambda p: optim.Adam(p, amsgrad=True, weight_decay=0.1),
    "AdamW": lambda p: optim.AdamW(p, lr=0.01), "RMSprop": lambda p: optim.RMSprop(p, momentum=0.5, centered=True),
    "Adagrad": lambda p: optim.Adagrad(p, lr_decay=0.01, weight_decay=0.1),
    "Adadelta": lambda p: optim.Adadelta(p, weight_decay=0.01), "Adamax": lambda p: optim.Adamax(p),
    "NAdam": lambda p: optim.NAdam(p, weight_decay=0.1, decoupled_weight_decay=True),
    "RAdam": lambda p: optim.RAdam(p, weight_decay=0.1),
}
SCHEDULERS = {
    "StepLR": lambda o: optim.lr_scheduler.StepLR(o, 1), "MultiStepLR": lambda o: optim.lr_scheduler.MultiStepLR(o, [1]),
    "ExponentialLR": lambda o: optim.lr_scheduler.ExponentialLR(o, 0.9),
    "CosineAnnealingLR": lambda o: optim.lr_scheduler.CosineAnnealingLR(o, 10),
    "LambdaLR": lambda o: optim.lr_scheduler.LambdaLR(o, lambda epoch: 0.5 ** epoch),
    "LinearLR": lambda o: optim.lr_scheduler.LinearLR(o, 0.5, total_iters=2),
    "CosineAnnealingWarmRestarts": lambda o: optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 2),
    "CyclicLR": lambda o: optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=1, cycle_momentum=False),
    "OneCycleLR": lambda o: optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=5, cycle_momentum=False),
    "ConstantLR": lambda o: optim.lr_scheduler.ConstantLR(o, 0.5, 2),
    "PolynomialLR": lambda o: optim.lr_scheduler.PolynomialLR(o, 4, 2.0),
    "MultiplicativeLR": lambda o: optim.lr_scheduler.MultiplicativeLR(o, lambda epoch: 0.9),
    "SequentialLR": lambda o: optim.lr_scheduler.SequentialLR(o, [optim.lr_scheduler.LinearLR(o, 0.5, total_iters=1),
                                                                  optim.lr_scheduler.ExponentialLR(o, 0.9)], [1]),
}


def _model(device):
    gradlib.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2)).to(device)


@pytest.mark.parametrize("scheduler", sorted(SCHEDULERS))
@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_training_steps_never_wait(optimizer, scheduler, device, waits):
    model = _model(device)
    opt = OPTIMIZERS[optimizer](model.parameters())
    sched = SCHEDULERS[scheduler](opt)
    x = _x(device, 5, 3).detach()
    for step in range(3):  # the second and third steps run with state in place
        with waits() as found:
            opt.zero_grad()
            model(x).pow(2).mean().backward()
            gradlib.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
            gradlib.nn.utils.clip_grad_value_(model.parameters(), 0.1)
            opt.step()
            sched.step()
        found.check(0, f"{optimizer} + {scheduler}, step {step}")


def test_state_dicts_and_parameter_vectors_never_wait(device, waits):
    model = _model(device)
    opt = optim.Adam(model.parameters())
    model(_x(device, 5, 3)).sum().backward()
    opt.step()
    other = _model(device)
    with waits() as found:
        state = model.state_dict()
        other.load_state_dict(state)
        opt_state = opt.state_dict()
        optim.Adam(other.parameters()).load_state_dict(opt_state)
        vector = gradlib.nn.utils.parameters_to_vector(model.parameters())
        gradlib.nn.utils.vector_to_parameters(vector * 2, other.parameters())
        model.zero_grad(set_to_none=False)
        model.to(device).float()
        copied = gradlib.tensor(model[0].weight)
        moved = model[0].weight.to(device, gradlib.float64, copy=True)
    found.check(0, "state_dict, load_state_dict, parameters_to_vector, zero_grad, to, tensor(tensor)")
    assert copied.device == moved.device == model[0].weight.device


def test_clip_grad_norm_reads_the_norm_only_when_asked_to_check_it(device, waits):
    model = _model(device)
    model(_x(device, 5, 3)).sum().backward()
    with waits() as found:
        gradlib.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
    found.check(1, "clip_grad_norm_(error_if_nonfinite=True)")  # PyTorch reads it too


@pytest.mark.parametrize("collate", ["tensor_dataset", "samples", "dict_samples"])
def test_data_loader_collates_device_tensors_without_waiting(collate, device, waits):
    from gradlib.utils.data import DataLoader, TensorDataset
    xs, ys = gradlib.arange(12.0, device=device).reshape(6, 2), gradlib.arange(6, device=device)
    if collate == "tensor_dataset":
        dataset = TensorDataset(xs, ys)
    elif collate == "samples":
        dataset = [(xs[k], ys[k], k, float(k)) for k in range(6)]
    else:
        dataset = [{"x": xs[k], "y": ys[k]} for k in range(6)]
    with waits() as found:
        batches = list(DataLoader(dataset, batch_size=4, shuffle=True))
    found.check(0, f"DataLoader over {collate}")
    assert len(batches) == 2
