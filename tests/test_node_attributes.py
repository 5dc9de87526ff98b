"""Nodes' saved-value attributes (``grad_fn._saved_self``, ``_raw_saved_result``) are descriptors on the node
classes, not a ``__getattr__``: a class with ``__getattr__`` is left unspecialized by CPython 3.11+'s attribute
caches, which made every attribute read of every node (the engine's ``_edges``, ``_saved`` ...) about 3x slower."""
import gradlib
from gradlib.ops import _op
from gradlib.ops.arithmetic import MulBackward0


def _node_classes():
    stack = [_op.Op]
    seen = []
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen


def test_no_node_class_defines_getattr():
    offenders = [cls.__qualname__ for cls in _node_classes() if "__getattr__" in vars(cls)]
    assert not offenders, offenders


def test_saved_values_read_through_descriptors(device):
    x = gradlib.tensor([1.0, -2.0], requires_grad=True, device=device)
    product = (x * x).grad_fn
    assert isinstance(vars(MulBackward0)["_saved_self"], _op._SavedAttribute)
    assert product._saved_self.tolist() == [1.0, -2.0]
    assert type(product._raw_saved_other).__name__ == "SavedTensor"
    scaled = (x * 2).grad_fn
    assert scaled._saved_self is None  # PyTorch saves x * 2's self as undefined
    assert scaled._saved_other.item() == 2
    relu = x.relu().grad_fn
    assert relu._saved_result.tolist() == [1.0, 0.0]
    assert "_saved_result" in dir(relu) and "_saved_self" not in dir(relu)


def test_a_subclass_saving_less_has_no_inherited_attribute():
    class Saves(_op.Op):
        saved_names = ("self", "other")

    class SavesLess(Saves):
        saved_names = ("self",)

    node = object.__new__(SavesLess)
    assert not hasattr(node, "_saved_other") and not hasattr(node, "_raw_saved_other")
    assert "_saved_other" not in dir(node) and "_saved_self" in dir(node)
    try:
        node._saved_other
    except AttributeError as error:
        assert str(error) == "'SavesLess' object has no attribute '_saved_other'"
    else:
        raise AssertionError("no AttributeError")


def test_linear_node_mat2_is_the_transposed_weight(device):
    layer = gradlib.nn.Linear(2, 3).to(device)
    x = gradlib.ones(4, 2, device=device, requires_grad=True)
    node = layer(x).grad_fn
    assert tuple(node._saved_mat2.shape) == (2, 3)
    assert dir(node).count("_saved_mat2") == 1
