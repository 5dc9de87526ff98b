"""``nn.functional.linear`` as one node with PyTorch's edges.

PyTorch computes a 2-D linear with a bias as ``addmm(bias, input, weight.t())``: the node's ``next_functions``
list the bias first, then the input, then a ``TBackward0`` node between the product and the weight::

    out ── AddmmBackward0 ──> (bias: AccumulateGrad, input's node, TBackward0 ──> weight: AccumulateGrad)

gradlib records the same edges (``MmBackward0``: input, TBackward0 without a bias). The TBackward0 node is a
bare node (no tensor is made for ``weight.t()``). Along its one edge from the product node the gradient of
``weight.t()`` travels already transposed, in the weight's shape (``grad^T @ input``, contiguous), and the node
passes it on: the weight receives a contiguous gradient without a transpose or a copy. (Only a hook registered on
that TBackward0 node itself could tell: it sees the weight's shape.) The engine runs a leaf's AccumulateGrad as
soon as its gradient is complete, as PyTorch's does, so listing the bias first accumulates it first (DDP's
buckets fill in that order).
"""
import math

from .. import _autocast
from ._args import require_tensor
from . import _batching, _op as _op_module, linalg, products
from ._op import Op, check_argument_devices, iterator_device
from .shape import TBackward0
from ..autograd import grad_mode
from ..autograd.graph import NO_EDGE

__all__ = ["AddmmBackward0", "linear"]


def _saved_strides(node, index, shape):
    """The strides (in elements) of saved value ``index`` (the input 0, the weight 1), or a row-major layout of
    ``shape``'s where the node did not keep it (as ``linalg._input_strides``)."""
    saved = node._saved
    array = getattr(saved[index], "array", None) if isinstance(saved, tuple) else None
    if array is not None:
        return tuple(stride // array.itemsize for stride in array.strides)
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def _input_sizes(node):
    """The input's sizes (the input is the tensor input before the weight: after the bias where there is one)."""
    return tuple(node.input_shape(len(node._input_meta) - 2))


def _weight_sizes(node):
    return tuple(node.input_shape(len(node._input_meta) - 1))


def _mat2_strides(node):
    """``weight.t()``'s strides: the weight's, reversed."""
    return tuple(reversed(_saved_strides(node, 1, _weight_sizes(node))))


def _product_sizes(node):
    """The sizes of PyTorch's (rows, out_features) product before its view back to the input's leading dims."""
    rows = 1
    for size in _input_sizes(node)[:-1]:
        rows *= size
    return (rows, _weight_sizes(node)[0])


class AddmmBackward0(Op):
    """``x @ W^T + b`` in one node (nn.functional.linear); x may have leading batch dims, b may be absent.

    ``forward`` takes ``(x, weight, bias)``; ``linear`` then reorders the recorded edges to PyTorch's
    ``(bias, x, weight.t())`` (``(x, weight.t())`` without a bias), and ``backward`` returns its gradients in
    that order: the last one is the gradient of ``weight.t()``, transposed (see the module docstring)."""

    __slots__ = ()
    #: as PyTorch's: the input is kept only for the weight's gradient, the weight only for the input's
    saved_for_inputs = ((1,), (0,))
    saved_names = ("mat1",)
    saved_scalars = {"alpha": lambda node: 1, "beta": lambda node: 1, "mat1_sym_sizes": _input_sizes,
                     "mat1_sym_strides": lambda node: _saved_strides(node, 0, _input_sizes(node)),
                     "mat2_sym_sizes": lambda node: tuple(reversed(_weight_sizes(node))),
                     "mat2_sym_strides": _mat2_strides}

    @staticmethod
    def forward(ctx, xp, x, weight, bias=None):
        ctx.save_for_backward(x, weight)
        out = xp.matmul(x, weight.T)
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, P, grad):
        x, weight = P.saved(ctx)
        needs = ctx.needs_input_grad
        out_features = grad.shape[-1]
        batch = math.prod(grad.shape[:-1])  # not -1: a zero-size feature dim leaves -1 undetermined
        rows = P.reshape(grad, (batch, out_features))
        grad_x = P.matmul(grad, weight) if needs[-2] else None
        grad_weight = None
        if needs[-1]:  # weight.t()'s gradient, transposed (the module docstring): the weight's gradient
            grad_weight = P.matmul(P.swapaxes(rows, 0, 1), P.reshape(x, (batch, x.shape[-1])))
        if len(needs) == 2:
            return grad_x, grad_weight
        if not needs[0]:
            return None, grad_x, grad_weight
        if len(ctx.input_shape(0)) != 1:  # a bias of more dims broadcasts against the output: the engine reduces
            return grad, grad_x, grad_weight
        return P.sum(rows, 0), grad_x, grad_weight

    @property
    def _saved_mat2(self):
        # PyTorch's mat2 is weight.t(): the saved weight, transposed (kept only where the input needs a gradient)
        if not self.saved_names:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '_saved_mat2'")
        weight = _op_module._saved_tensor(self, 1)
        return None if weight is None else weight.t()

    def __dir__(self):
        names = [name for name in super().__dir__() if name != "_saved_mat2"]
        return sorted(names + ["_saved_mat2"]) if self.saved_names else names


class _LinearNamed(AddmmBackward0):
    """The linear node under the name PyTorch's grad_fn has for this input (its linear is addmm or mm on a
    flattened view, then a view back): see ``_linear_node``."""

    __slots__ = ()
    saved_names = ()
    saved_scalars = {}


class LinearMm(_LinearNamed):
    __slots__ = ()
    saved_names = ("self",)
    saved_scalars = {"mat2_sym_sizes": lambda node: tuple(reversed(_weight_sizes(node))),
                     "mat2_sym_strides": _mat2_strides, "self_sym_sizes": _input_sizes,
                     "self_sym_strides": lambda node: _saved_strides(node, 0, _input_sizes(node))}
    node_name = "MmBackward0"


class LinearView(_LinearNamed):
    __slots__ = ()
    saved_scalars = {"self_sym_sizes": _product_sizes}
    node_name = "ViewBackward0"


class LinearAdd(_LinearNamed):
    __slots__ = ()
    saved_scalars = {"alpha": lambda node: 1}
    node_name = "AddBackward0"


class LinearSqueeze(_LinearNamed):
    __slots__ = ()
    saved_scalars = {"dim": lambda node: 0, "self_sym_sizes": _product_sizes}
    node_name = "SqueezeBackward4"


class LinearUnsafeView(_LinearNamed):
    __slots__ = ()
    saved_scalars = {"self_sym_sizes": _product_sizes}
    node_name = "UnsafeViewBackward0"


class LinearT(TBackward0):
    """The ``weight.t()`` node between a linear node and its weight (no tensor is made for it): the gradient
    arrives in the weight's shape already (the module docstring) and passes on."""

    __slots__ = ()
    node_name = "TBackward0"

    @staticmethod
    def backward(ctx, P, grad):
        return grad


_LINEAR_NAMES = {node.node_name: node for node in (LinearMm, LinearView, LinearAdd, LinearSqueeze, LinearUnsafeView)}
_new = object.__new__
_state = grad_mode.state  # .saved_hooks: this thread's saved_tensors_hooks


def _linear_node(input, bias, weight=None):
    """AddmmBackward0 for a 2-D input with a bias, MmBackward0 without; ViewBackward0 for other inputs with a
    bias (AddBackward0 for a non-contiguous 3-D one); UnsafeViewBackward0 without (SqueezeBackward4 for 1-D)."""
    if input.ndim == 2:
        name = "AddmmBackward0" if bias is not None else "MmBackward0"
    elif bias is not None:
        name = "AddBackward0" if input.ndim == 3 and not input.is_contiguous() else "ViewBackward0"
    else:
        name = "SqueezeBackward4" if input.ndim == 1 else "UnsafeViewBackward0"
    return AddmmBackward0 if name == "AddmmBackward0" else _LINEAR_NAMES[name]


def _check_linear_devices(input, weight, bias):
    """PyTorch's linear: a 2-D (or contiguous 3-D) input with a bias is one addmm(bias, input, weight.t()), whose
    wrapper names self, mat1, mat2; otherwise matmul(input, weight.t()), then the bias added in place."""
    if bias is not None and (input.ndim == 2 or (input.ndim == 3 and input.is_contiguous())):
        check_argument_devices("addmm", ("self", bias), ("mat1", input), ("mat2", weight))
        return
    if input.ndim == 0 or weight.ndim == 0:
        return  # matmul's dims check comes first
    linalg.check_matmul_devices(input, weight.mT if weight.ndim == 2 else weight)
    if bias is not None and bias._device is not input._device:
        iterator_device([input, bias])


def _pytorch_edges(node, weight, with_bias):
    """Reorder the edges ``apply`` recorded in argument order (input, weight, bias) to PyTorch's (bias, input,
    weight.t()), with a TBackward0 node in front of the weight."""
    edges = node._edges
    meta = node._input_meta
    weight_edge = edges[1]
    if weight_edge is not NO_EDGE:
        transposed = _new(LinearT)
        transposed._edges = (weight_edge,)
        transposed._input_meta = (meta[1],)
        transposed._saved = None
        transposed._extras = None
        transposed._device = weight._device
        weight_edge = (transposed, 0)
    extras = node._extras
    if with_bias:
        node._edges = (edges[2], edges[0], weight_edge)
        node._input_meta = (meta[2], meta[0], meta[1])
        if extras is not None and extras.input_devices is not None:
            devices = extras.input_devices
            extras.input_devices = (devices[2], devices[0], devices[1])
    else:
        node._edges = (edges[0], weight_edge)
        node._input_meta = (meta[0], meta[1])


def _linear_as_pytorch_saves(input, weight, bias):
    """linear under saved_tensors_hooks, as PyTorch's composite runs it, so the hooks see what PyTorch's do:
    ``addmm(bias, input, weight.t())`` (``mm`` without a bias; a flattened input, then a view back, for other
    ranks), which saves ``mat1`` only where the weight needs a gradient and ``weight.t()`` only where the input
    does."""
    transposed = weight.t()
    if bias is None:
        return input.mm(transposed)
    if input.ndim == 2:
        return products.addmm(bias, input, transposed)
    flat = products.addmm(bias, input.reshape(-1, input.shape[-1]), transposed)
    return flat.view(*input.shape[:-1], weight.shape[0])


def linear(input, weight, bias=None):
    """``input @ weight.T + bias``, recorded as one node (PyTorch's ``torch.nn.functional.linear``).

    ``input`` (*, in_features), ``weight`` (out_features, in_features), ``bias`` (out_features) or None; returns
    (*, out_features) in their (common) dtype. Raises RuntimeError for mismatched sizes, dtypes or devices, in
    PyTorch's words. The node's ``next_functions`` are PyTorch's: (bias, input, TBackward0 of weight).

    >>> import gradlib
    >>> out = gradlib.nn.functional.linear(gradlib.ones(1, 2), gradlib.tensor([[1., 2.]], requires_grad=True),
    ...                                    gradlib.tensor([0.5], requires_grad=True))
    >>> out
    tensor([[3.5000]], grad_fn=<AddmmBackward0>)
    >>> [function.name() for function, _ in out.grad_fn.next_functions if function is not None]
    ['torch::autograd::AccumulateGrad', 'TBackward0']
    """
    if _autocast.active:
        input, weight, bias = _autocast.lower(input, weight, bias)
    require_tensor("linear", input)
    if not (input._device is weight._device and (bias is None or bias._device is input._device)):
        _check_linear_devices(input, weight, bias)
    if weight.ndim != 2 or input.ndim == 0:
        out = input @ weight.mT if weight.ndim == 2 else input @ weight
        return out if bias is None else out + bias
    if input.shape[-1] != weight.shape[1]:
        rows = 1
        for size in input.shape[:-1]:
            rows *= size
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{input.shape[-1]} and "
                           f"{weight.shape[1]}x{weight.shape[0]})")
    mixed = input.dtype is not weight.dtype
    if mixed or (bias is not None and bias._array.dtype != input._array.dtype):  # one stored dtype per dtype
        # PyTorch folds these into addmm(bias, input, weight.t()), but not under vmap (matmul's check, below)
        if bias is not None and (input.ndim != 3 or input.is_contiguous()) and not (_batching.active or _batching.looping):
            products.check_addmm_dtypes(bias, input, weight)
        if mixed:
            linalg.check_matmul(input, weight.mT)
    if _state.saved_hooks and (bias is not None or input.ndim == 2):
        return _linear_as_pytorch_saves(input, weight, bias)
    node = _linear_node(input, bias)
    out = node.apply(input, weight) if bias is None else node.apply(input, weight, bias)
    recorded = out._grad_fn
    if recorded is not None and recorded.__class__ is node:
        _pytorch_edges(recorded, weight, bias is not None)
    return out
