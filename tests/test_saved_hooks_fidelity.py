"""saved_tensors_hooks as PyTorch's: what ``grad_fn._saved_*`` gives back under hooks (a new tensor with the saved
tensor's autograd metadata at each read, never the original), the output handed to the pack hook itself,
nn.Linear packing what addmm packs, ``disable_saved_tensors_hooks`` and ``save_on_cpu(pin_memory=...)``.
PyTorch 2.13's behaviour is written in each test (checked with tests/reference/saved_hooks_table.py)."""
import pytest

import gradlib

graph = gradlib.autograd.graph


def _identity_hooks(seen):
    def pack(tensor):
        seen.append(tensor)
        return tensor
    return pack, (lambda tensor: tensor)


def test_saved_input_under_hooks_is_a_new_leaf_whose_gradient_reaches_the_input(device):
    x = gradlib.tensor([1.0, -2.0, 3.0], device=device, requires_grad=True)
    seen = []
    with graph.saved_tensors_hooks(*_identity_hooks(seen)):
        y = x.pow(2)
    assert seen[0] is x  # the pack hook sees the input itself
    saved = y.grad_fn._saved_self
    assert saved is not x and y.grad_fn._saved_self is not saved  # a new object at each read
    assert saved.requires_grad and saved.is_leaf and saved.grad_fn is None
    saved.sum().backward()  # its gradient goes to the original leaf, as PyTorch's grad accumulator does
    assert x.grad.tolist() == [1.0, 1.0, 1.0]


def test_saved_output_under_hooks_is_handed_to_the_pack_hook_and_comes_back_with_the_node(device):
    x = gradlib.tensor([0.5, 1.0], device=device, requires_grad=True)
    seen = []
    with graph.saved_tensors_hooks(*_identity_hooks(seen)):
        y = x.exp()
    assert seen == [y] and seen[0] is y
    result = y.grad_fn._saved_result
    assert result is not y and result.grad_fn is y.grad_fn and not result.is_leaf
    assert gradlib.equal(result, y)


def test_a_tensor_needing_no_gradient_comes_back_as_the_unpack_hook_returned_it(device):
    x = gradlib.ones(2, 3, device=device, requires_grad=True)
    w = gradlib.ones(3, 2, device=device)
    returned = []

    def unpack(tensor):
        returned.append(tensor.clone())
        return returned[-1]
    with graph.saved_tensors_hooks(lambda t: t, unpack):
        y = x @ w
    assert y.grad_fn._saved_mat2 is returned[-1]


def test_clone_packed_input_keeps_the_saved_tensors_metadata(device):
    x = gradlib.ones(3, device=device, requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: t.clone().detach(), lambda t: t):
        y = x.sin()
    saved = y.grad_fn._saved_self
    assert saved.requires_grad and saved.is_leaf


@pytest.mark.parametrize("x_grad, w_grad, packs", [
    (True, True, [(2, 4), (4, 3)]), (False, True, [(2, 4)]), (True, False, [(4, 3)]), (False, False, [])])
def test_linear_packs_what_addmm_packs(device, x_grad, w_grad, packs):
    layer = gradlib.nn.Linear(4, 3).to(device)
    layer.weight.requires_grad_(w_grad)
    x = gradlib.ones(2, 4, device=device, requires_grad=x_grad)
    shapes = []
    with graph.saved_tensors_hooks(lambda t: shapes.append(tuple(t.shape)) or t, lambda t: t):
        out = layer(x)
    assert shapes == packs
    assert out.grad_fn.name() == "AddmmBackward0"
    out.sum().backward()
    if w_grad:
        assert layer.weight.grad.tolist() == [[2.0] * 4] * 3
    if x_grad:
        assert gradlib.allclose(x.grad, layer.weight.sum(0).detach().expand(2, 4))


def test_linear_without_hooks_keeps_only_what_gradients_need(device):
    layer = gradlib.nn.Linear(4, 3).to(device)
    x = gradlib.ones(2, 4, device=device)
    out = layer(x)
    assert out.grad_fn._saved_mat1 is x
    assert out.grad_fn._saved_mat2 is None  # the input needs no gradient: weight.t() is not kept
    x.requires_grad_()
    out = layer(x)
    assert tuple(out.grad_fn._saved_mat2.shape) == (4, 3) and out.grad_fn._saved_mat2.requires_grad
    layer.weight.requires_grad_(False)
    layer.bias.requires_grad_(False)
    out = layer(x)
    out.sum().backward()
    assert x.grad.tolist() == [layer.weight.sum(0).tolist()] * 2


def test_disable_saved_tensors_hooks_refuses_hooks_with_its_message(device):
    with graph.disable_saved_tensors_hooks("no hooks here"):
        with pytest.raises(RuntimeError, match="^no hooks here$"):
            with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass
        x = gradlib.ones(2, device=device, requires_grad=True)
        (x * x).sum().backward()  # ops themselves are not affected
    with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        with pytest.raises(RuntimeError, match="^msg2$"):
            with graph.disable_saved_tensors_hooks("msg2"):
                pass
    with graph.saved_tensors_hooks(lambda t: t, lambda t: t):  # the message is gone after exit
        pass


def test_disable_saved_tensors_hooks_nests_and_decorates():
    @graph.disable_saved_tensors_hooks("inner")
    def opens_hooks():
        with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            pass
    with graph.disable_saved_tensors_hooks("outer"):
        with pytest.raises(RuntimeError, match="^inner$"):
            opens_hooks()
        with pytest.raises(RuntimeError, match="^outer$"):
            with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass


@pytest.mark.parametrize("pin_memory", [False, True])
def test_save_on_cpu_gives_the_gradient(device, pin_memory):
    x = gradlib.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
    with graph.save_on_cpu(pin_memory=pin_memory):
        z = x.exp() * x
    z.sum().backward()
    assert x.grad.device == x.device
    assert gradlib.allclose(x.grad, x.detach().exp() * (x.detach() + 1))
