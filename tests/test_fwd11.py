"""Issue 16, session 11 (fwd11): Op.apply's fast path asks the layout question once per call (each input's
c_contiguous flag, the output's shape once) and makes a leaf's edge without extra frames. The fast path must give
what the general path (``Op._apply``) gives: values, strides, node types, edges, saved values, gradients to second
order, for inputs whose size-1 dims carry odd strides (broadcast or not), transposed, sliced and empty inputs."""
import numpy as np
import pytest

import gradlib
from gradlib.autograd import graph
from gradlib.ops import arithmetic, elementwise, linalg

_VALUES = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1e-40, -1e-40, 1.0, -1.0, 2.5, 5e-324, 3e38])


def _odd_strided(dtype, shape):
    """An array of ``shape`` whose size-1 dims have strides no row-major array has (c_contiguous all the same)."""
    base = np.resize(_VALUES, shape).astype(dtype)
    strides = tuple(7 * base.itemsize if size == 1 else stride for size, stride in zip(shape, base.strides))
    odd = np.lib.stride_tricks.as_strided(base, shape, strides)
    assert odd.flags.c_contiguous and odd.strides != base.strides
    return odd


def _inputs(dtype):
    """(name, array) pairs: row-major, transposed, sliced, Fortran, odd size-1 strides, channels-last with one
    channel, empty."""
    base = np.resize(_VALUES, (4, 6, 5)).astype(dtype)
    return [("row-major", base), ("transposed", base.transpose(2, 0, 1)), ("sliced", base[:, ::2, :]),
            ("fortran", np.asfortranarray(base)), ("odd (4,1,5)", _odd_strided(dtype, (4, 1, 5))),
            ("odd (1,6,1)", _odd_strided(dtype, (1, 6, 1))),
            ("channels-last C=1", np.resize(_VALUES, (2, 3, 3, 1)).astype(dtype).transpose(0, 3, 1, 2)),
            ("empty", np.empty((0, 5), dtype))]


def _tensor(array, requires_grad):
    tensor = gradlib.from_numpy(array)  # keeps the array's strides
    return tensor.requires_grad_() if requires_grad else tensor


def _partners(array, dtype):
    """Second operands of a binary op with ``array``: its last dim as a bias, a column, a wider array that
    ``array``'s size-1 dims broadcast against."""
    shape = array.shape
    wide = tuple(3 if size == 1 else size for size in shape)
    return [np.resize(_VALUES[::-1], shape[-1:]).astype(dtype), np.resize(_VALUES, shape[:-1] + (1,)).astype(dtype),
            np.resize(_VALUES, wide).astype(dtype)]


def _describe(out):
    array = out._array
    fn = out.grad_fn
    return (array.dtype, array.shape, array.strides, array.tobytes(order="A"), type(fn).__name__,
            None if fn is None else [(type(node).__name__, nr) for node, nr in fn.next_functions])


def _saved(out):
    fn = out.grad_fn
    if fn is None or fn._saved is None or fn._saved.__class__ is not tuple:
        return None
    return [None if value is None else (value.array.shape, value.array.strides, value.array.tobytes(order="A"),
                                        value.version, value.output_nr) for value in fn._saved]


def _same(fast, general):
    assert _describe(fast) == _describe(general)
    assert _saved(fast) == _saved(general)
    assert np.array_equal(fast._array, general._array, equal_nan=True)


def _calls(first, second):
    """(node class, arguments): the pointwise ops of the small MLP and the mixed chain, and mm."""
    yield arithmetic.AddBackward0, (first, second, 1)
    yield arithmetic.AddBackward0, (second, first, 1)
    yield arithmetic.MulBackward0, (first, second)
    yield arithmetic.MulScalar, (first, 0.01)
    yield arithmetic.AddScalar, (first, 1.5)
    yield elementwise.ReluBackward0, (first,)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_fast_path_lays_outputs_out_as_the_general_path(dtype):
    for name, array in _inputs(dtype):
        for partner in _partners(array, dtype):
            for grads in ((False, False), (True, False), (True, True)):
                first = _tensor(array, grads[0])
                second = _tensor(partner, grads[1])
                for cls, args in _calls(first, second):
                    fast = cls.apply(*args)
                    general = cls._apply(args)
                    _same(fast, general)
                    if fast.requires_grad and fast.numel():
                        wanted = [t for t in args if isinstance(t, gradlib.Tensor) and t.requires_grad]
                        for one, other in zip(gradlib.autograd.grad(fast.sum(), wanted),
                                              gradlib.autograd.grad(general.sum(), wanted)):
                            assert one._array.strides == other._array.strides, name
                            assert np.array_equal(one._array, other._array, equal_nan=True), name


def test_the_small_mlp_ops_match_the_general_path_to_second_order(device):
    rng = np.random.default_rng(0)
    x = gradlib.tensor(rng.standard_normal((5, 4)), device=device)
    w = gradlib.tensor(rng.standard_normal((4, 3)), device=device, requires_grad=True)
    b = gradlib.tensor(rng.standard_normal(3), device=device, requires_grad=True)

    def forward(apply):
        h = apply(linalg.MmBackward0, (x, w))
        h = apply(arithmetic.AddBackward0, (h, b, 1))
        h = apply(elementwise.ReluBackward0, (h,))
        return apply(arithmetic.MulBackward0, (h, h)), h

    results = []
    for apply in (lambda cls, args: cls.apply(*args), lambda cls, args: cls._apply(args)):
        out, h = forward(apply)
        assert type(out.grad_fn).__name__ == "MulBackward0"
        assert [type(node).__name__ for node, _ in h.grad_fn.next_functions] == ["AddBackward0"]
        grad_w, grad_b = gradlib.autograd.grad(out.sum(), (w, b), create_graph=True)
        second = gradlib.autograd.grad((grad_w.sum() + grad_b.sum()), (w, b), allow_unused=True)
        results.append([out.detach().cpu().numpy(), grad_w.detach().cpu().numpy(), grad_b.detach().cpu().numpy()]
                       + [None if g is None else g.cpu().numpy() for g in second])
    for one, other in zip(*results):
        assert (one is None and other is None) or one.tobytes() == other.tobytes()
    assert gradlib.autograd.gradcheck(lambda w, b: forward(lambda cls, args: cls.apply(*args))[0], (w, b))
    assert gradlib.autograd.gradgradcheck(lambda w, b: forward(lambda cls, args: cls.apply(*args))[0], (w, b))


def test_a_leaf_edge_is_made_once_and_a_constant_has_none(device):
    leaf = gradlib.ones(3, device=device, requires_grad=True)
    constant = gradlib.ones(3, device=device)
    edge = graph.edge_of(leaf)
    assert type(edge[0]).__name__ == "AccumulateGrad" and edge[1] == 0 and edge[0].variable is leaf
    assert graph.edge_of(leaf)[0] is edge[0] and graph.accumulate_grad_node(leaf) is edge[0]
    out = constant * leaf  # a constant first input: no edge, as edge_of answers
    assert graph.edge_of(constant) is graph.NO_EDGE
    assert out.grad_fn.next_functions == ((None, 0), (edge[0], 0))
    del out, edge
    fresh = graph.edge_of(leaf)[0]  # the node died with the graph: a new one, then kept while alive
    assert fresh.variable is leaf and graph.edge_of(leaf)[0] is fresh
    with gradlib.no_grad():
        view = leaf[:2]
    assert graph.edge_of(view) is graph.NO_EDGE  # a view made under no_grad: no AccumulateGrad of its own
