"""Autograd semantics at the edges (issue 14, class 4), with PyTorch 2.13's answers: views taken before an in-place
change see the new history; integer and bool casts are not differentiable; every gradient a node, a hook or a
custom Function returns is checked in PyTorch's words; backward(inputs=[non_leaf]) fills its .grad;
saved_tensors_hooks are thread-local."""
import threading

import pytest

import gradlib

# ----- views taken before an in-place change (PyTorch regenerates their grad_fn) ---------------------------------
# Each scenario is written once for gradlib and PyTorch; the expected x.grad is what PyTorch 2.13 computes.


def _mul_base(lib, x):
    y = x * 2
    v = y[1:]
    y.mul_(3)
    return (v * v).sum()


def _two_views(lib, x):
    y = x * 1
    row, column = y[1], y[:, 0]
    y.mul_(2)
    return (row * column.sum()).sum()


def _through_view_read_base(lib, x):
    y = x * 1
    w = y.view(2, 3)[:, 1:]
    w.mul_(w.detach() + 1)
    return (y * y).sum()


def _sibling_transposed(lib, x):
    y = x * 1
    v = y.view(2, 3)
    u = v.t()
    v[:, 1:].mul_(3)
    return u.sum()


def _two_in_place(lib, x):
    y = x * 2
    v = y[1:]
    y.mul_(3)
    y.add_(1)
    return (v * v).sum()


def _setitem_base(lib, x):
    y = x * 2
    v = y[1:]
    y[0] = 5.0
    return v.sum()


def _zero_sibling(lib, x):
    y = x * 2
    v, other = y[1:], y[:2]
    other.zero_()
    return (v * 3).sum()


def _view_of_view(lib, x):
    y = x * 1
    inner = y[:2][1:]
    y.mul_(2)
    return inner.sum()


VIEW_SCENARIOS = [  # (function, input shape, x.grad from PyTorch 2.13)
    (_mul_base, (3,), [0.0, 72.0, 72.0]),
    (_two_views, (2, 3), [[12.0, 0.0, 0.0], [20.0, 8.0, 8.0]]),
    (_through_view_read_base, (6,), [0.0, 8.0, 36.0, 6.0, 200.0, 360.0]),
    (_sibling_transposed, (6,), [1.0, 3.0, 3.0, 1.0, 3.0, 3.0]),
    (_two_in_place, (3,), [0.0, 84.0, 84.0]),
    (_setitem_base, (3,), [0.0, 2.0, 2.0]),
    (_zero_sibling, (3,), [0.0, 0.0, 6.0]),
    (_view_of_view, (4,), [0.0, 2.0, 0.0, 0.0]),
]


def _input(device, shape):
    count = 1
    for size in shape:
        count *= size
    if shape == (3,) or shape == (2, 3) or shape == (4,):
        return gradlib.ones(shape, device=device, requires_grad=True)
    return gradlib.arange(float(count), device=device).reshape(shape).requires_grad_()


@pytest.mark.parametrize("scenario, shape, expected", VIEW_SCENARIOS, ids=[s[0].__name__ for s in VIEW_SCENARIOS])
def test_a_view_taken_before_an_in_place_change_sees_the_new_history(device, scenario, shape, expected):
    x = _input(device, shape)
    scenario(gradlib, x).backward()
    assert x.grad.tolist() == expected


def test_regenerated_view_history_is_as_strided_and_grad_works(device):
    x = gradlib.ones(3, device=device, requires_grad=True)
    y = x * 2
    v = y[1:]
    assert v.grad_fn.name() == "SliceBackward0"
    y.mul_(3)
    assert v.grad_fn.name() == "AsStridedBackward0"
    (grad,) = gradlib.autograd.grad(v.sum(), x)
    assert grad.tolist() == [0.0, 6.0, 6.0]


def test_a_view_of_a_base_without_history_requires_grad_after_the_base_gets_one(device):
    y = gradlib.ones(3, device=device)
    v = y[1:]
    w = gradlib.tensor(2.0, device=device, requires_grad=True)
    y.mul_(w)
    assert v.requires_grad and not v.is_leaf and v.grad_fn.name() == "AsStridedBackward0"
    v.sum().backward()
    assert w.grad.item() == 2.0


def test_a_view_used_before_a_second_in_place_change_is_refused_as_in_pytorch(device):
    x = gradlib.ones(3, device=device, requires_grad=True)
    y = x * 2
    v = y[1:]
    y.mul_(3)
    squared = v * v
    y.mul_(10)
    with pytest.raises(RuntimeError, match="which is output 0 of AsStrided, is at version 2; expected version 1"):
        squared.sum().backward()


def test_a_view_of_a_leaf_changed_under_no_grad_keeps_its_history(device):
    p = gradlib.ones(3, device=device, requires_grad=True)
    row = p[1:]
    with gradlib.no_grad():
        p.mul_(2)
    assert row.grad_fn.name() == "SliceBackward0"
    row.sum().backward()
    assert p.grad.tolist() == [0.0, 1.0, 1.0]


# ----- integer and bool casts -------------------------------------------------------------------------------------
CASTS = {
    "long": lambda x: x.long(), "int": lambda x: x.int(), "short": lambda x: x.short(), "char": lambda x: x.char(),
    "byte": lambda x: x.byte(), "bool": lambda x: x.bool(), "to_int32": lambda x: x.to(gradlib.int32),
    "to_dtype_int64": lambda x: x.to(dtype=gradlib.int64), "type_int32": lambda x: x.type(gradlib.int32),
    "to_uint8": lambda x: x.to(gradlib.uint8), "to_bool": lambda x: x.to(gradlib.bool),
}


@pytest.mark.parametrize("cast", sorted(CASTS))
def test_integer_and_bool_casts_are_not_differentiable(device, cast):
    x = gradlib.tensor([1.5, -2.0], device=device, requires_grad=True)
    out = CASTS[cast](x)
    assert not out.dtype.is_floating_point
    assert out.requires_grad is False and out.grad_fn is None
    assert (x.half().requires_grad, x.double().requires_grad) == (True, True)


# ----- every gradient checked in one place --------------------------------------------------------------------
class _Returns(gradlib.autograd.Function):
    """2x forward; backward returns whatever ``ctx.make(grad)`` gives."""

    @staticmethod
    def forward(ctx, x, make):
        ctx.make = make
        return x * 2

    @staticmethod
    def backward(ctx, grad):
        return ctx.make(grad), None


def _custom(device, make):
    x = gradlib.ones(3, device=device, requires_grad=True)
    _Returns.apply(x, make).sum().backward()
    return x.grad


@pytest.mark.parametrize("make, message", [
    (lambda g: gradlib.ones(2, device=g.device), "got [2] but expected shape compatible with [3]"),
    (lambda g: gradlib.ones(1, device=g.device), "got [1] but expected shape compatible with [3]"),
    (lambda g: gradlib.tensor(2.0, device=g.device), "got [] but expected shape compatible with [3]"),
    (lambda g: gradlib.ones(3, 2, device=g.device), "got [3, 2] but expected shape compatible with [3]"),
])
def test_a_custom_function_gradient_of_the_wrong_shape_is_refused(device, make, message):
    with pytest.raises(RuntimeError) as error:
        _custom(device, make)
    assert str(error.value) == f"Function _ReturnsBackward returned an invalid gradient at index 0 - {message}"


def test_a_custom_function_gradient_that_broadcasts_is_summed_and_cast(device):
    assert _custom(device, lambda g: gradlib.ones(2, 3, device=g.device)).tolist() == [2.0, 2.0, 2.0]
    cast = _custom(device, lambda g: gradlib.ones(3, dtype=gradlib.float64, device=g.device))
    assert cast.dtype == gradlib.float32 and cast.tolist() == [1.0, 1.0, 1.0]
    assert _custom(device, lambda g: gradlib.ones(3, dtype=gradlib.int64, device=g.device)).tolist() == [1.0] * 3


@pytest.mark.parametrize("value", [3, 3.0, [1.0, 2.0, 3.0], "a"], ids=["int", "float", "list", "str"])
def test_a_custom_function_returning_a_non_tensor_is_refused(device, value):
    with pytest.raises(RuntimeError) as error:
        _custom(device, lambda g: value)
    assert str(error.value) == f"expected Variable or None (got {type(value).__name__})"


def _tensor_hook(device, result, leaf):
    x = gradlib.ones(3, device=device, requires_grad=True)
    target = x if leaf else x * 1
    target.register_hook(lambda grad: result(grad))
    (target * 2).sum().backward()


@pytest.mark.parametrize("leaf", [True, False], ids=["leaf", "non_leaf"])
@pytest.mark.parametrize("value", [3, [1.0]], ids=["int", "list"])
def test_a_tensor_hook_returning_a_non_tensor_raises_pytorchs_type_error(device, leaf, value):
    with pytest.raises(TypeError) as error:
        _tensor_hook(device, lambda grad: value, leaf)
    assert str(error.value) == f"expected Variable, but hook returned '{type(value).__name__}'"


def _node_hook(device, hook, pre):
    x = gradlib.ones(3, device=device, requires_grad=True)
    y = x * gradlib.full((3,), 2.0, device=device)
    (y.grad_fn.register_prehook if pre else y.grad_fn.register_hook)(hook)
    y.sum().backward()
    return x.grad


@pytest.mark.parametrize("pre", [True, False], ids=["prehook", "hook"])
def test_node_hooks_results_are_checked_as_pytorch_does(device, pre):
    def returning(value):
        return (lambda grads: (value(grads[0]),)) if pre else (lambda grads, outputs: (value(grads[0]), None))

    with pytest.raises(TypeError, match="expected Variable, but hook returned 'int'"):
        _node_hook(device, returning(lambda g: 3), pre)
    with pytest.raises(RuntimeError, match="hook '<lambda>' has changed the size of value"):
        _node_hook(device, returning(lambda g: gradlib.ones(2, device=g.device)), pre)
    with pytest.raises(RuntimeError, match=r"hook '<lambda>' has changed the type of value \(was gradlib\.(cuda\.)?"
                                           r"FloatTensor got gradlib\.(cuda\.)?DoubleTensor\)"):
        _node_hook(device, returning(lambda g: g.double()), pre)
    assert _node_hook(device, returning(lambda g: g * 10), pre).tolist() == [20.0, 20.0, 20.0]


# ----- backward(inputs=[non_leaf]) ----------------------------------------------------------------------------
def test_backward_inputs_fills_the_grad_of_a_non_leaf(device):
    x = gradlib.ones(3, device=device, requires_grad=True)
    y = x * 2
    (y * 3).sum().backward(inputs=[y])
    assert y.grad.tolist() == [3.0, 3.0, 3.0] and x.grad is None
    (y * 3).sum().backward(inputs=[y])
    assert y.grad.tolist() == [6.0, 6.0, 6.0]  # accumulates, as for leaves


def test_backward_inputs_non_leaf_grad_does_not_alias_a_leaf_grad(device):
    x = gradlib.ones(3, device=device, requires_grad=True)
    y = x + 0  # the same gradient array reaches y and x
    (y * 3).sum().backward(inputs=[y, x])
    y.grad.add_(1)
    assert x.grad.tolist() == [3.0, 3.0, 3.0] and y.grad.tolist() == [4.0, 4.0, 4.0]


def test_backward_inputs_non_leaf_with_create_graph_is_differentiable(device):
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    y = x * x
    (y * y).sum().backward(inputs=[y], create_graph=True)
    assert y.grad.tolist() == [2.0, 8.0] and y.grad.requires_grad


# ----- saved_tensors_hooks are thread-local -----------------------------------------------------------------
def test_saved_tensors_hooks_are_thread_local(device):
    packed = []
    other_thread = []
    start, done = threading.Event(), threading.Event()

    def worker():
        start.wait()
        z = gradlib.ones(2, device=device, requires_grad=True)
        other_thread.append((z * z).sum())  # saves z twice: must not go through this thread's hooks
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()

    def pack(tensor):
        packed.append(tuple(tensor.shape))
        return tensor

    x = gradlib.ones(3, device=device, requires_grad=True)
    with gradlib.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        start.set()
        done.wait(30)
        y = (x * x).sum()
    thread.join(30)
    assert packed == [(3,), (3,)]
    y.backward()
    other_thread[0].backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_retain_grad_and_hooks_of_a_view_follow_its_new_history(device):
    x = gradlib.ones(3, device=device, requires_grad=True)
    y = x * 2
    v = y[1:]
    y.mul_(3)
    v.retain_grad()
    seen = []
    v.register_hook(lambda grad: seen.append(grad.tolist()))
    (v * v).sum().backward()
    assert v.grad.tolist() == [12.0, 12.0] and seen == [[12.0, 12.0]]
    assert x.grad.tolist() == [0.0, 72.0, 72.0]


@pytest.mark.parametrize("reduce, name", [
    (lambda x: x.sum(dtype=gradlib.int64), "Long"), (lambda x: x.cumsum(0, dtype=gradlib.int64), "Long"),
    (lambda x: x.prod(dtype=gradlib.int32), "Int"), (lambda x: gradlib.sum(x, 0, dtype=gradlib.int16), "Short"),
])
def test_a_reduction_to_an_integer_dtype_of_a_tensor_requiring_grad_is_refused(device, reduce, name):
    x = gradlib.tensor([1.5, -2.0, 3.0], device=device, requires_grad=True)
    with pytest.raises(RuntimeError) as error:
        reduce(x)
    assert str(error.value) == f"Autograd not support dtype: {name}"
    with gradlib.no_grad():
        assert not reduce(x).dtype.is_floating_point
    assert not reduce(x.detach()).requires_grad


@pytest.mark.parametrize("name, dtype, differentiable", [
    ("gradlib.LongTensor", gradlib.int64, False), ("torch.IntTensor", gradlib.int32, False),
    ("gradlib.BoolTensor", gradlib.bool, False), ("gradlib.DoubleTensor", gradlib.float64, True),
    ("torch.HalfTensor", gradlib.float16, True),
])
def test_type_with_a_legacy_name_converts_and_only_floats_stay_differentiable(device, name, dtype, differentiable):
    x = gradlib.tensor([1.5, -2.0], device=device, requires_grad=True)
    if gradlib.device(device).type == "cuda":
        name = name.replace("gradlib.", "gradlib.cuda.").replace("torch.", "torch.cuda.")
    out = x.type(name)
    assert out.dtype == dtype and out.requires_grad is differentiable and out.device == x.device
    with pytest.raises(ValueError, match="invalid type: 'torch.Foo'"):
        x.type("torch.Foo")


def test_assigning_a_wrong_grad_is_refused_in_pytorchs_words(device):
    x = gradlib.zeros(3, device=device, requires_grad=True)
    with pytest.raises(TypeError, match="assigned grad expected to be a Tensor or None but got grad of type int"):
        x.grad = 3
    with pytest.raises(RuntimeError, match="with dtype 'c10::Half' to a tensor with grad_dtype 'Float'"):
        x.grad = gradlib.zeros(2, 2, dtype=gradlib.float16, device=device)
    with pytest.raises(RuntimeError, match=r"of size '\[1, 3\]' to a tensor of size '\[3\]'"):
        x.grad = gradlib.zeros(1, 3, device=device)
    if gradlib.device(device).type == "cuda":
        with pytest.raises(RuntimeError) as error:
            x.grad = gradlib.zeros(3, device="cpu")
        assert str(error.value) == ("attempting to assign a gradient with device type 'cpu' to a tensor with device "
                                    "type 'cuda'. Please ensure that the gradient and the tensor are on the same "
                                    "device")
    x.grad = gradlib.ones(3, device=device)
    assert x.grad.tolist() == [1.0, 1.0, 1.0]


def test_embedding_module_scales_gradients_by_frequency(device):
    layer = gradlib.nn.Embedding(3, 2, scale_grad_by_freq=True, device=device)
    assert repr(layer) == "Embedding(3, 2, scale_grad_by_freq=True)"
    layer(gradlib.tensor([0, 0, 2, 0], device=device)).sum().backward()
    assert layer.weight.grad.tolist() == [[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]]  # PyTorch: each row's sum / count


# ----- an unpack hook must give back a tensor (PyTorch 2.13's TypeError, not an internal error) -------------------
@pytest.mark.parametrize("returned", [None, 3])
def test_unpack_hook_returning_a_non_tensor_raises_pytorchs_type_error(device, returned):
    a = gradlib.randn(5, device=device, requires_grad=True)
    with gradlib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda packed: returned):
        y = a.pow(2)
    with pytest.raises(TypeError, match="^Output of saved tensor unpack_hook expected to be a Tensor but got result "
                                        f"of type {type(returned).__name__}$"):
        y.sum().backward()


def test_float_constants_are_pytorchs():
    """torch.inf / nan / pi / e are Python floats; torch.newaxis is None (tutorials mask with -torch.inf)."""
    import math
    assert gradlib.inf == math.inf and math.isnan(gradlib.nan) and gradlib.pi == math.pi and gradlib.e == math.e
    assert gradlib.newaxis is None and type(gradlib.inf) is float
    scores = gradlib.zeros(2, 2).masked_fill(gradlib.ones(2, 2).triu(1).bool(), -gradlib.inf)
    assert scores.softmax(-1).tolist() == [[1.0, 0.0], [0.5, 0.5]]
