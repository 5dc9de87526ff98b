"""``cross_entropy``'s common eager call in one pass: (N, C) float logits on the CPU, N int64 class indices, mean,
no weights, no label smoothing, every target a class index other than ``ignore_index``.

PyTorch records two nodes for it, ``NllLossBackward0`` over ``LogSoftmaxBackward0``, and so does this: the same
node classes, edges, saved values and attributes ``Op.apply`` would give them, built here directly, with the
forward arithmetic of ``LogSoftmaxBackward0.forward`` and ``_nll_mean_of_rows`` (the same array calls on the
same values, so the same bits). What it leaves out is what this call cannot need: ``Op.apply``'s questions for the
second node (its input is the first node's fresh output), and the NLL formula's masking of ignored rows, which
no row needs once the targets were found inside [0, C) and ``ignore_index`` outside it (the mask is all True:
``where(keep, picked, 0)`` is ``picked``, the row weights are ones, their sum is N).

``log_softmax_nll(input, labels, ignore_index)`` returns the loss, or None where the call is not that case
(another device or dtype, a target out of range or equal to ``ignore_index``, saved-tensor hooks, anomaly
detection, vmap, a capture for replay): the caller then applies the two nodes one by one, which also raises
PyTorch's errors.
"""
from .. import _tensor as _tensor_module
from ..autograd import anomaly as _anomaly
from ..autograd import capture as _capture
from ..autograd import saved_hooks as _saved_hooks
from ..autograd.grad_mode import state as _grad_state
from ..autograd.graph import edge_of
from ..backends import numpy_backend as _numpy_backend
from ..backends import quiet as _quiet
from ..device import CPU
from . import _batching
from .nn_ops import LogSoftmaxBackward0, NllLossBackward0

__all__ = ["log_softmax_nll"]

_new = object.__new__
_XP = _numpy_backend.xp
_ARRAY = _numpy_backend.array_type
_FLOATS = (_XP.dtype("float32"), _XP.dtype("float64"))
_UNSIGNED = _XP.dtype("uint64")
_INT64 = _XP.dtype("int64")
_SavedValue = _saved_hooks.SavedValue
_MAX = _XP.maximum.reduce  # ndarray.max/sum without their Python wrappers (numpy/_core/_methods.py): the same
_SUM = _XP.add.reduce      # ufunc reductions, the same bits
_enter = _quiet.enter
_leave = _quiet.leave


def log_softmax_nll(input, labels, ignore_index):
    """The mean NLL of ``labels`` (a raw int64 array of N class indices) under ``log_softmax(input, 1)`` for a
    Tensor ``input`` (N, C), with PyTorch's two nodes; None where this is not the common case (module docstring)."""
    array = input._array
    dtype = array.dtype
    if (input._device is not CPU or array.__class__ is not _ARRAY or labels.__class__ is not _ARRAY
            or dtype not in _FLOATS or labels.dtype != _INT64 or not array.flags.c_contiguous
            or _capture.recorder is not None or _batching.active or _anomaly.state.enabled
            or _grad_state.saved_hooks or (input._base is not None and input._view_version is not None)):
        return None
    rows, classes = array.shape
    if not rows or not classes or 0 <= ignore_index < classes:
        return None
    unsigned = labels.view(_UNSIGNED)  # a negative label reads as a huge unsigned one
    if unsigned[unsigned.argmax()] >= classes:  # the largest (argmax: ~1 us less than a maximum reduction)
        return None  # out of range or ignored rows: the general formula (and its IndexError)
    xp = _XP
    quiet = _enter()  # NumPy's overflow/invalid-value warnings: PyTorch prints none
    try:
        # LogSoftmaxBackward0.forward(ctx, xp, array, 1)
        shifted = array - _MAX(array, axis=1, keepdims=True)
        total = _SUM(xp.exp(shifted), axis=1, keepdims=True)
        log_probs = xp.subtract(shifted, xp.log(total), out=shifted)
        # _nll_mean_of_rows with every row kept: keep all True, the scale ones, their sum N (read-only constants
        # kept per (rows, dtype): _constants)
        constants = _CONSTANTS.get((rows, dtype))
        if constants is None:
            constants = _constants(rows, dtype)
        rows_index, scale, keep, count = constants
        index = (rows_index, labels.copy())  # a copy, as the formula's target * keep: labels may change later
        loss = -xp.dot(log_probs[index], scale) / count
    finally:
        _leave(quiet)
    loss = xp.asarray(loss)  # the NumPy scalar as a 0-d array (Op.apply's _as_array)
    out = _tensor(log_probs)
    result = _tensor(loss)
    state = _grad_state
    if not (input._requires_grad and state.enabled):
        if state.inference:
            out._is_inference = result._is_inference = True
        return result
    # the LogSoftmaxBackward0 node, as Op.apply records it: one edge, its output saved
    softmax_node = _new(LogSoftmaxBackward0)
    softmax_node.axis = 1
    softmax_node._told_row_sum = None
    grad_fn = input._grad_fn
    softmax_node._edges = ((grad_fn, input._output_nr) if grad_fn is not None else edge_of(input),)
    softmax_node._input_meta = ((array.shape, dtype),)
    softmax_node._device = CPU
    softmax_node._extras = None
    counter = out._vc = [0]
    value = _new(_SavedValue)  # SavedValue(log_probs, None, counter, 0, CPU), without its __init__
    value.array = log_probs
    value.tensor = None
    value.counter = counter
    value.version = 0
    value.output_nr = 0
    value.device = CPU
    value.unpack_hook = value.packed = None
    softmax_node._saved = (value,)
    out._grad_fn = softmax_node
    out._requires_grad = True
    # the NllLossBackward0 node over it: the row weights and the mask saved as constants of backward
    nll_node = _new(NllLossBackward0)
    nll_node.index = index
    nll_node.reduction = "mean"
    nll_node.weighted = False
    nll_node.dense = True
    nll_node.total = count
    nll_node._edges = ((softmax_node, 0),)
    nll_node._input_meta = ((log_probs.shape, dtype),)
    nll_node._device = CPU
    nll_node._extras = None
    nll_node._saved = (_constant(scale), _constant(keep))
    result._grad_fn = nll_node
    result._requires_grad = True
    return result


#: (rows, dtype) -> (arange(rows), ones(rows, dtype), ones(rows, bool), their count as a dtype scalar), each array
#: read-only: they are saved by every node of their shape (``NllLossBackward0``'s index, scale and mask) and only
#: ever read (its backward indexes with them, multiplies by the scale, ``where``s on the mask; under create_graph
#: they are wrapped as constants of backward, which nothing writes). Building them per call was three NumPy calls,
#: about 22,000 instructions of a (32, 10) call's ~150,000 (``ones`` alone is ~9,000: ``empty`` plus ``copyto``).
#: A few shapes at most in a training loop (the batch size, a smaller last batch); cleared past _KEPT entries.
_CONSTANTS = {}
_KEPT = 8


def _constants(rows, dtype):
    """Make, keep and return the read-only constants of ``rows`` rows of ``dtype`` (see ``_CONSTANTS``)."""
    xp = _XP
    rows_index = xp.arange(rows)
    scale = xp.ones(rows, dtype=dtype)
    keep = xp.ones(rows, dtype=bool)
    count = dtype.type(rows) if rows < 2 ** 24 else _SUM(scale)  # the sum of N ones: N, exact below 2**24
    for array in (rows_index, scale, keep):
        array.flags.writeable = False
    if len(_CONSTANTS) >= _KEPT:
        _CONSTANTS.clear()
    constants = _CONSTANTS[rows, dtype] = (rows_index, scale, keep, count)
    return constants


def _constant(array):
    """SavedValue(array): a value of backward that is no tensor's, without its __init__."""
    value = _new(_SavedValue)
    value.array = array
    value.tensor = value.counter = value.version = value.output_nr = value.device = None
    value.unpack_hook = value.packed = None
    return value


def _tensor(array):
    """_tensor.wrap(array, CPU), inlined as in Op.apply."""
    tensor = _new(_tensor_module.Tensor)
    tensor._array = array
    tensor._device = CPU
    tensor._grad_fn = None
    tensor._requires_grad = False
    tensor._output_nr = 0
    tensor._vc = None
    tensor._grad = None
    tensor._base = None
    tensor._grad_accumulator = None
    tensor._is_inference = False
    tensor._hooks = None
    tensor._view_version = None
    return tensor
