"""The backward engine: ordering, accumulation, freeing, retain_graph, create_graph, grad(), deep graphs."""
import gc
import sys
import weakref

import pytest

import gradlib


def test_diamond_graph_accumulates_both_paths(device):
    x = gradlib.tensor(3.0, requires_grad=True)
    a = x * 2
    b = x * x
    (a + b + a * b).backward()
    # d/dx (2x + x^2 + 2x^3) = 2 + 2x + 6x^2
    assert x.grad.item() == pytest.approx(2 + 6 + 54)


def test_same_gradient_to_two_leaves_does_not_alias(device):
    a = gradlib.zeros(3, requires_grad=True)
    b = gradlib.zeros(3, requires_grad=True)
    (a + b).sum().backward()
    a.grad.zero_()
    assert b.grad.tolist() == [1.0, 1.0, 1.0]


def test_user_gradient_is_not_aliased_by_leaf_grad(device):
    x = gradlib.zeros(3, requires_grad=True)
    v = gradlib.ones(3)
    (x + 0).backward(v)
    v.zero_()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]


def test_leaf_grad_is_writable_after_broadcast_gradient(device):
    x = gradlib.zeros(3, requires_grad=True)
    x.sum().backward()
    x.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_saved_values_are_freed_after_backward(device):
    x = gradlib.ones(3, requires_grad=True)
    y = (x * x).sum()
    node = y.grad_fn.next_functions[0][0]
    assert node._saved is not None and node._saved != "freed"
    y.backward()
    assert node._saved == "freed"


def test_retain_graph_allows_second_backward(device):
    x = gradlib.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 8.0]


def test_second_backward_through_freed_graph_raises(device):
    x = gradlib.ones(2, requires_grad=True)
    y = (x.exp()).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_create_graph_second_derivative_of_cube_is_6x(device):
    x = gradlib.tensor([1.0, -2.0, 0.5], requires_grad=True)
    (dy,) = gradlib.autograd.grad((x ** 3).sum(), x, create_graph=True)
    assert dy.requires_grad
    (d2y,) = gradlib.autograd.grad(dy.sum(), x)
    assert d2y.tolist() == pytest.approx([6.0, -12.0, 3.0])


def test_backward_create_graph_makes_differentiable_leaf_grad(device):
    x = gradlib.tensor(2.0, requires_grad=True)
    (x ** 3).backward(create_graph=True)
    assert x.grad.grad_fn is not None
    grad = x.grad
    x.grad = None
    grad.backward()
    assert x.grad.item() == pytest.approx(12.0)


def test_grad_does_not_touch_dot_grad(device):
    x = gradlib.tensor([1.0, 2.0], requires_grad=True)
    (g,) = gradlib.autograd.grad((x * x).sum(), x)
    assert x.grad is None and g.tolist() == [2.0, 4.0]


def test_grad_allow_unused(device):
    x = gradlib.ones(2, requires_grad=True)
    y = gradlib.ones(2, requires_grad=True)
    gx, gy = gradlib.autograd.grad((x * 2).sum(), [x, y], allow_unused=True)
    assert gx.tolist() == [2.0, 2.0] and gy is None
    gx, gy = gradlib.autograd.grad((x * 2).sum(), [x, y], materialize_grads=True)
    assert gy.tolist() == [0.0, 0.0]


def test_grad_only_runs_needed_part_of_graph(device):
    x = gradlib.ones(2, requires_grad=True)
    y = gradlib.ones(2, requires_grad=True)
    branch = y.exp()
    out = (x * 2).sum() + branch.sum()
    (gx,) = gradlib.autograd.grad(out, x)
    assert gx.tolist() == [2.0, 2.0]
    assert branch.grad_fn._saved not in (None, "freed")  # the exp node never ran


def test_retain_grad_of_non_leaf_accumulates(device):
    x = gradlib.tensor(1.0, requires_grad=True)
    u = x * 3
    u.retain_grad()
    (u * u).backward(retain_graph=True)
    (u * u).backward()
    assert u.grad.item() == pytest.approx(12.0)
    assert u.retains_grad and not x.retains_grad


def test_retain_grad_on_leaf_without_grad_raises(device):
    with pytest.raises(RuntimeError, match="can't retain_grad on Tensor that has requires_grad=False"):
        gradlib.ones(2).retain_grad()


def test_next_functions_and_accumulate_grad(device):
    x = gradlib.ones(2, requires_grad=True)
    c = gradlib.ones(2)
    y = x * c
    (first, nr), (second, _) = y.grad_fn.next_functions
    assert first.name() == "torch::autograd::AccumulateGrad" and nr == 0 and first.variable is x  # PyTorch's name
    assert second is None
    assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")


def test_graph_is_freed_when_output_dies(device):
    x = gradlib.ones(2, requires_grad=True)
    y = (x * 2).exp()
    node = weakref.ref(y.grad_fn)
    del y
    assert node() is None  # no reference cycles: freed without the garbage collector


def test_million_op_chain_backward_and_deletion_without_recursion(device):
    """A chain of 10^6 recorded ops: backward and teardown never recurse in Python or overflow the C stack."""
    limit = sys.getrecursionlimit()
    x = gradlib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = gradlib.tensor([1.0, 1.0, 1.0], requires_grad=True)
    y = x
    gc.disable()  # the chain has no cycles: spare the collector's passes over millions of new objects
    try:
        for _ in range(10 ** 6):
            y = y * w  # saves tensors: node -> tensor -> node ... alternates through the whole chain
        tail = weakref.ref(y.grad_fn)
        y.sum().backward(retain_graph=True)
    finally:
        gc.enable()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]
    assert w.grad.tolist() == pytest.approx([1e6, 2e6, 3e6])
    del y
    gc.collect()
    assert tail() is None
    assert sys.getrecursionlimit() == limit


def test_backward_on_leaf_itself(device):
    x = gradlib.tensor(5.0, requires_grad=True)
    x.backward()
    assert x.grad.item() == 1.0


def test_backward_inputs_must_not_be_empty(device):
    x = gradlib.ones(1, requires_grad=True)
    with pytest.raises(RuntimeError, match="cannot be empty"):
        (x * 2).sum().backward(inputs=[])


def test_gradient_dtype_is_cast_to_output_dtype(device):
    x = gradlib.ones(2, requires_grad=True)
    (x * 2).backward(gradlib.ones(2, dtype=gradlib.float64))
    assert x.grad.dtype is gradlib.float32


def test_gradcheck_reports_wrong_gradient(device):
    from gradlib.autograd.gradcheck import GradcheckError

    class Wrong(gradlib.ops.Op):
        __slots__ = ()

        @staticmethod
        def forward(ctx, xp, a):
            return a * a

        @staticmethod
        def backward(ctx, F, grad):
            return grad  # should be 2 a grad

    x = gradlib.tensor([1.0, 2.0], dtype=gradlib.float64, requires_grad=True)
    with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect to input 0"):
        gradlib.autograd.gradcheck(Wrong.apply, (x,))
    assert gradlib.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False) is False


def test_gradcheck_needs_an_input_that_requires_grad(device):
    with pytest.raises(ValueError, match="at least one input tensor to require gradient"):
        gradlib.autograd.gradcheck(lambda t: t * 2, (gradlib.ones(2, dtype=gradlib.float64),))


@pytest.mark.parametrize("shape_a, shape_b", [((3, 4), (4,)), ((2, 1, 3), (4, 3)), ((5,), (2, 5)), ((), (3,))])
def test_product_under_a_sum_matches_general_gradient(shape_a, shape_b, device):
    """(a * b).sum() takes a shortcut (the incoming gradient is one broadcast value); it must agree with the
    general formula, which a non-uniform gradient exercises."""
    gradlib.manual_seed(0)
    a = gradlib.randn(*shape_a, dtype=gradlib.float64, requires_grad=True)
    b = gradlib.randn(*shape_b, dtype=gradlib.float64, requires_grad=True)
    (a * b).sum().backward()
    shortcut = (a.grad.clone(), b.grad.clone())
    a.grad = b.grad = None
    product = a * b
    product.backward(gradlib.ones(*product.shape, dtype=gradlib.float64) * 1.0)  # materialized: general path
    assert a.grad.shape == shortcut[0].shape and b.grad.shape == shortcut[1].shape
    assert bool(((a.grad - shortcut[0]).abs() < 1e-12).all()) and bool(((b.grad - shortcut[1]).abs() < 1e-12).all())
    assert gradlib.autograd.gradcheck(lambda x, y: (x * y).sum() * 2, (a, b))
