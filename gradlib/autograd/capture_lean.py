"""Lean records for the CPU replay of ``gradlib.graphs``: common ops' formulas prepared once at capture time.

The generic record of an op (``capture._forward_runner``, a node's ``backward``) replays the op's own formula:
it goes through the node object, refills the node's saved values (``SavedValue`` records) so that the backward
formula can read them, asks ``needs_input_grad`` and the shapes again, and allocates every result afresh (for
arrays of more than 128 KB glibc hands that memory back to the system after each use, so every replay pays page
faults on it). A lean record is a closure built at capture time for one op on its captured shapes and dtypes:

* the arithmetic is the formula's, call for call (so the results are the same bits), written with ``out=`` into
  buffers the closure owns: a replay reuses the previous replay's memory, as a CUDA graph does;
* a lean backward takes the values the forward saved as arguments (slots of the program) instead of reading
  them from the node, so the forward no longer refills the node;
* what is constant for the captured shapes (which gradients are needed, reshapes, transposed views) is decided
  once.

Each builder returns ``None`` where its op's case is not the common one (another dtype or memory layout, an
option the closure does not cover): the generic record stays. Before a lean record replaces a generic one,
``Recorder`` runs it on the capture's own arrays and checks that it gives the same bits in the same memory
layout as the formula did (``identical``); if not (say, a formula changed and its builder here did not), the
generic record stays. Builders are looked up by the op class's name (and its bases'), because this low module
does not import the ops.

ReLU is computed on the integer view of its floats (their bits times a bool: kept or 0): the same bits as
``where(a < 0, 0, a)`` (negative numbers become +0; -0, NaN and the rest pass), and its backward likewise, without
NumPy's branchy ``where`` loop, which costs about 6 ns per element on unpredictable signs.
"""
from .. import dtypes
from ..backends import numpy_backend
from . import capture_im2col

__all__ = ["forward", "backward", "sum_to", "identical", "begin"]

_INTEGER_VIEW = {4: "int32", 8: "int64"}


def forward(cls, ctx, xp, arrays, result):
    """A lean replacement for ``cls.forward(ctx, xp, *arrays)`` (which gave ``result``): ``(function,
    positions)`` (``function`` takes the arguments at ``positions``), or None."""
    builder = _find(FORWARD, cls)
    if builder is None:
        return None
    return builder(ctx, xp, arrays, result)


def backward(node, xp, grad, saved, result, partner=None):
    """A lean replacement for ``node``'s backward formula on ``grad`` (which gave ``result``, a tuple per input
    or one array), with ``saved`` its saved arrays: ``(function, extras)``, called as ``function(grad,
    *extras)`` with ``extras`` arrays the node holds (saved values, outputs of its forward), or None.
    ``partner`` is the lean record of the node's forward, if it has one: a backward may read what that
    forward leaves in its ``state`` at each replay (values the formula keeps in the node instead)."""
    builder = _find(BACKWARD, type(node))
    if builder is None or saved is None:
        return None
    return builder(node, xp, grad, saved, result, partner)


def sum_to(xp, grad, shape, result):
    """The engine's reduction of a broadcast gradient to ``shape`` (which gave ``result``) where only leading
    axes are summed (a bias's gradient): ``function(grad)``, or None."""
    if not isinstance(grad, xp.ndarray) or not isinstance(result, xp.ndarray) or not shape:
        return None
    lead = grad.ndim - len(shape)
    if lead <= 0 or tuple(grad.shape[lead:]) != tuple(shape):
        return None
    axes = tuple(range(lead))
    out = _result(xp, result.shape, result.dtype)
    add_reduce = numpy_backend.xp.add.reduce  # grad.sum's own reduction, without its Python wrapper

    def sum_leading(grad):
        return add_reduce(grad, axes, None, out)

    return sum_leading


def identical(xp, made, result):
    """Whether ``made`` and ``result`` (arrays, tuples of arrays and None) hold the same bits in the same
    layout."""
    if made.__class__ is tuple or result.__class__ is tuple:
        if made.__class__ is not tuple or result.__class__ is not tuple or len(made) != len(result):
            return False
        return all(identical(xp, a, b) for a, b in zip(made, result))
    if made is None or result is None:
        return made is None and result is None
    if not (isinstance(made, xp.ndarray) and isinstance(result, xp.ndarray)):
        return False
    if made.shape != result.shape or made.dtype != result.dtype or made.strides != result.strides:
        return False
    return bool(xp.array_equal(_bytes(xp, made), _bytes(xp, result)))


def _bytes(xp, array):
    return xp.ascontiguousarray(array).reshape(-1).view(xp.uint8)


def _find(table, cls):
    for klass in cls.__mro__:
        builder = table.get(klass.__dict__.get("_impl_name", klass.__name__))  # the source name (MulScalar)
        if builder is not None:
            return builder
    return None


#: scratch arrays of the capture in progress, by (shape, dtype, number): see ``_scratch``
_pool = {}


def begin():
    """A new capture: its lean records get scratch arrays of their own (not shared with another graph's, which
    may replay on another thread)."""
    global _pool
    _pool = {}


def _scratch(xp, shape, dtype, number=0):
    """A scratch array for values a closure makes and uses up within one call (ReLU's masks, log_softmax's
    shifted input): the closures of one capture share them by shape and dtype (``number`` tells apart two
    used at once), so a replay touches less memory (after other work has evicted it from the caches, each
    array it touches costs misses). The program runs one closure at a time, so no two calls overlap."""
    key = (tuple(shape), xp.dtype(dtype).str, number)
    array = _pool.get(key)
    if array is None:
        array = _pool[key] = xp.empty(shape, dtype=dtype)
    return array


def _result(xp, shape, dtype):
    """The buffer a closure writes its result of ``shape`` into, kept across replays. (Fresh arrays for the
    small results, as in eager mode, measured the same on the small MLP; for large ones a kept buffer saves
    the page faults.)"""
    return xp.empty(shape, dtype=dtype)


def _float(*arrays, contiguous=True):
    """All float32/float64 arrays of one dtype, C-contiguous unless not asked (the results of a closure are;
    whether they have the formula's layout too is part of the check at capture)."""
    first = arrays[0]
    for array in arrays:
        if array.__class__ is not first.__class__ or not hasattr(array, "dtype"):
            return False
        if (array.dtype != first.dtype or not dtypes.floating_np(array.dtype)
                or array.dtype.itemsize not in _INTEGER_VIEW):
            return False
        if contiguous and not array.flags.c_contiguous:
            return False
    return True


# ----- forward formulas -------------------------------------------------------------------------------------
def _relu_forward(ctx, xp, arrays, result):
    """``where(a < 0, +0, a)``: the input's integer bits times the bool ``not a < 0`` (its bits, or 0: +0.)."""
    a = arrays[0]
    if not _float(a, result) or a.shape != result.shape:
        return None
    integers = xp.dtype(_INTEGER_VIEW[a.dtype.itemsize])
    kept = _scratch(xp, a.shape, bool)
    out = xp.empty(a.shape, dtype=a.dtype)
    out_bits = out.view(integers)
    less, invert, multiply = xp.less, xp.invert, xp.multiply

    def relu(a):
        invert(less(a, 0, kept), kept)   # not negative: NaN and -0. are kept
        multiply(a.view(integers), kept, out_bits)
        return out

    def relu_in_place(a):
        invert(less(a, 0, kept), kept)
        a_bits = a.view(integers)
        multiply(a_bits, kept, a_bits)
        return a

    relu.in_place = relu_in_place  # for an input nothing else reads (``capture._fuse_in_place``)
    return relu, (0,)


def _binary_forward(ufunc_name):
    def build(ctx, xp, arrays, result):
        a, b = arrays[0], arrays[1]
        if len(arrays) > 2 and not (arrays[2].__class__ in (int, float) and arrays[2] == 1):  # alpha
            return None
        if not isinstance(result, xp.ndarray) or not result.flags.c_contiguous:
            return None
        ufunc = getattr(xp, ufunc_name)
        out = _result(xp, result.shape, result.dtype)
        a_array, b_array = isinstance(a, xp.ndarray), isinstance(b, xp.ndarray)
        if a_array and b_array:
            def binary(a, b):
                return ufunc(a, b, out)

            binary.ufunc = ufunc  # for the replay's fusion with a matmul before it (``capture._fuse_products``)
            return binary, (0, 1)
        if a_array:
            return (lambda a: ufunc(a, b, out)), (0,)
        return None

    return build


def _mul_scalar_forward(ctx, xp, arrays, result):
    a, scalar = arrays[0], arrays[1]
    if not isinstance(a, xp.ndarray) or not isinstance(result, xp.ndarray) or not result.flags.c_contiguous:
        return None
    out = _result(xp, result.shape, result.dtype)
    multiply = xp.multiply

    def mul_scalar(a):
        return multiply(a, scalar, out)

    mul_scalar.scaled = (multiply, scalar, out)  # for the replay's fusion with an in-place update that follows
    return mul_scalar, (0,)


def _matmul_forward(ctx, xp, arrays, result):
    a, b = arrays[0], arrays[1]
    if a.ndim != 2 or b.ndim != 2 or not _float(result):
        return None
    out = _result(xp, result.shape, result.dtype)
    matmul = xp.matmul

    def product(a, b):
        return matmul(a, b, out)

    product.matmul = (matmul, out)  # for the replay's fusion with a bias added after it
    return product, (0, 1)


def _addmm_forward(ctx, xp, arrays, result):
    x, weight = arrays[0], arrays[1]
    bias = arrays[2] if len(arrays) > 2 else None
    if x.ndim != 2 or weight.ndim != 2 or not _float(result):
        return None
    out = _result(xp, result.shape, result.dtype)
    matmul, add = xp.matmul, xp.add
    if bias is None:
        return (lambda x, weight: matmul(x, weight.T, out)), (0, 1)

    def linear(x, weight, bias):
        product = matmul(x, weight.T, out)
        return add(product, bias, product)   # the formula's ``out += bias``

    return linear, (0, 1, 2)


def _log_softmax_forward(ctx, xp, arrays, result):
    """The formula's six calls (max, subtract, exp, sum, log, subtract), the reductions as the ufuncs' own
    ``reduce`` into kept buffers (``a.max``/``a.sum`` are Python wrappers around the same reductions)."""
    a, axis = arrays[0], arrays[1]
    if not _float(a, result) or a.size == 0 or a.ndim == 0:
        return None
    reduced_shape = a.shape[:axis] + (1,) + a.shape[axis + 1:]
    peak = _scratch(xp, reduced_shape, a.dtype, 0)
    total = _scratch(xp, reduced_shape, a.dtype, 1)
    shifted = _scratch(xp, a.shape, a.dtype, 0)
    exp_shifted = _scratch(xp, a.shape, a.dtype, 1)
    out = xp.empty(a.shape, dtype=a.dtype)
    subtract, exp, log = xp.subtract, xp.exp, xp.log
    maximum_reduce, add_reduce = numpy_backend.xp.maximum.reduce, numpy_backend.xp.add.reduce

    def log_softmax(a):
        subtract(a, maximum_reduce(a, axis, None, peak, True), shifted)
        add_reduce(exp(shifted, exp_shifted), axis, None, total, True)
        return subtract(shifted, log(total, total), out)

    return log_softmax, (0,)


def _conv_forward(ctx, xp, arrays, result):
    x, w, bias, params = arrays[0], arrays[1], arrays[2], arrays[3]
    unit_height = len(arrays) > 4 and arrays[4]
    stride, padding, dilation, groups = params
    if unit_height or groups != 1 or x.ndim != 4 or not _float(x, w, result):
        return None
    if bias is not None and not _float(bias):
        return None
    n, out_c, oh, ow = result.shape
    columns = capture_im2col.im2col(xp, x.shape, x.dtype, w.shape[2:], stride, padding, dilation, (oh, ow))
    out = xp.empty((n, out_c, oh * ow), dtype=result.dtype)
    out4 = out.reshape(n, out_c, oh, ow)
    matmul, add = xp.matmul, xp.add
    if bias is None:
        def conv(x, w):
            matmul(w.reshape(out_c, -1), columns(x), out)
            return out4
        conv.columns = columns.buffer
        return conv, (0, 1)
    summed = xp.empty(result.shape, dtype=result.dtype)

    def conv_bias(x, w, bias):
        matmul(w.reshape(out_c, -1), columns(x), out)
        return add(out4, bias.reshape(1, -1, 1, 1), summed)

    conv_bias.columns = columns.buffer  # this replay's im2col of x, for the lean backward
    return conv_bias, (0, 1, 2)


def _max_pool_forward(ctx, xp, arrays, result):
    """The formula's running ``maximum`` over the kernel offsets' views and its first-maximum offsets, on
    contiguous copies of the views (NumPy's loops over stride-2 views are several times slower), in the
    formula's integer arithmetic (a masked copy would be a branch per element), on int16 where the offsets
    fit (the same integers, widened to int64 at the end)."""
    x, kernel, stride, padding, dilation, out_hw = arrays[:6]
    out_ref, arg_ref = result
    if x.ndim != 4 or any(before or after for before, after in padding) or not _float(x, out_ref):
        return None
    if len(arrays) != 6 or arg_ref.dtype != xp.int64 or not arg_ref.flags.c_contiguous:
        return None
    n, c, h, w = x.shape
    slices = capture_im2col.offset_slices(kernel, stride, dilation, out_hw)
    if len(slices) < 2:
        return None
    offsets = [i * dilation[0] * w + j * dilation[1] for i in range(kernel[0]) for j in range(kernel[1])]
    last = len(slices) - 1
    corner = ((xp.arange(out_hw[0]) * stride[0] - padding[0][0]).reshape(-1, 1) * w
              + xp.arange(out_hw[1]) * stride[1] - padding[1][0])   # constant for the captured shape
    stacked = xp.empty((len(slices),) + out_ref.shape, dtype=out_ref.dtype)
    out = xp.empty(out_ref.shape, dtype=out_ref.dtype)
    small = xp.int16 if max(offsets) < 2 ** 15 else xp.int64   # exact integers either way; half the memory
    offset = xp.empty(out_ref.shape, dtype=small)
    step = xp.empty(out_ref.shape, dtype=small)
    hit = xp.empty(out_ref.shape, dtype=bool)
    within_channel = xp.empty(out_ref.shape, dtype=xp.int64)
    maximum, equal, not_equal, copyto = xp.maximum, xp.equal, xp.not_equal, xp.copyto
    subtract, multiply, add = xp.subtract, xp.multiply, xp.add

    def choose(k):  # offset -= hit * (offset - offsets[k]): offsets[k] where hit
        subtract(offset, offsets[k], step)
        multiply(hit, step, step)
        subtract(offset, step, offset)

    def max_pool(x):
        for k, (rows, cols) in enumerate(slices):
            copyto(stacked[k], x[:, :, rows, cols])
        maximum(stacked[0], stacked[1], out=out)  # NumPy deprecates a positional out for maximum
        for k in range(2, last + 1):
            maximum(out, stacked[k], out=out)
        offset.fill(offsets[last])
        for k in range(last - 1, -1, -1):  # later matches are overwritten: the first maximum wins
            equal(stacked[k], out, hit)
            choose(k)
        if not_equal(out, out, hit).any():
            for k in range(last + 1):  # NaN windows: the last NaN wins
                not_equal(stacked[k], stacked[k], hit)
                choose(k)
        return out, add(offset, corner, within_channel)

    return max_pool, (0,)


def _unary_forward(ufunc_name):
    def build(ctx, xp, arrays, result):
        a = arrays[0]
        if not _float(a, result, contiguous=False) or not result.flags.c_contiguous:
            return None
        ufunc = getattr(xp, ufunc_name)
        out = _result(xp, result.shape, result.dtype)
        return (lambda a: ufunc(a, out)), (0,)

    return build


def _nll_forward(ctx, xp, arrays, result):
    """``NllLossBackward0``'s common case (N, C) log-probabilities, N class indices, mean, no weights: the
    formula's arithmetic on the same values, in fewer calls: the kept rows' targets as ``target * keep``
    (the formula's ``where(keep, target, 0)``), one bounds test (the largest target read as unsigned: a
    negative one is huge), the picked log-probabilities taken at flat positions (row offsets made once).
    What its backward reads from the node (the picked positions, the weights of the kept rows, their total) is
    left in the closure's ``state`` for the lean backward. A class index out of range makes the closure call
    the formula itself, which raises PyTorch's IndexError."""
    log_probs, target, weights, ignore_index, reduction = arrays[:5]
    if weights is not None or reduction != "mean" or len(arrays) != 5 or not _float(log_probs):
        return None
    if log_probs.ndim != 2 or target.ndim != 1 or target.dtype.kind not in "iu" or target.shape[0] == 0:
        return None
    rows, classes = log_probs.shape
    if classes == 0:
        return None
    if rows >= 2 ** 24:
        return None  # the count of kept rows below is exact (as the formula's float sum of ones is)
    formula = type(ctx).forward
    counts = xp.arange(rows + 1, dtype=log_probs.dtype)  # counts[k]: k in the loss's dtype (exact below 2**24)
    unsigned = target.dtype if target.dtype.kind == "u" else xp.dtype(f"u{target.dtype.itemsize}")
    limit = xp.asarray(classes, dtype=unsigned)
    offsets = xp.arange(rows, dtype=xp.intp) * classes   # constant for the captured shape
    keep = xp.empty(target.shape, dtype=bool)
    outside = _scratch(xp, target.shape, bool)
    safe = _scratch(xp, target.shape, target.dtype)
    flat = xp.empty(target.shape, dtype=xp.intp)
    not_equal, multiply, add = xp.not_equal, xp.multiply, xp.add
    greater_equal, count_nonzero, asarray, where = xp.greater_equal, xp.count_nonzero, xp.asarray, xp.where
    dot, dtype = xp.dot, log_probs.dtype
    state = [None]

    def nll(log_probs, target):
        not_equal(target, ignore_index, keep)
        multiply(target, keep, safe)
        if count_nonzero(greater_equal(safe.view(unsigned), limit, outside)):
            formula(ctx, xp, log_probs, target, None, ignore_index, "mean")  # raises the IndexError
        add(offsets, safe, flat)
        total = counts[count_nonzero(keep)]   # the formula's scale.sum(): a sum of ones, exact
        state[0] = total
        picked = where(keep, log_probs.reshape(-1).take(flat), 0.0)  # ignored rows: 0, as the formula
        return asarray(-dot(picked, keep.astype(dtype)) / total)

    nll.state = state
    nll.keep = keep
    nll.flat = flat
    return nll, (0, 1)


FORWARD = {
    "NllLossBackward0": _nll_forward,
    "SinBackward0": _unary_forward("sin"),
    "CosBackward0": _unary_forward("cos"),
    "ExpBackward0": _unary_forward("exp"),
    "TanhBackward0": _unary_forward("tanh"),
    "MulBackward0": _binary_forward("multiply"),
    "ConvolutionBackward0": _conv_forward,
    "MaxPool2DWithIndicesBackward0": _max_pool_forward,
    "ReluBackward0": _relu_forward,
    "AddBackward0": _binary_forward("add"),
    "MulScalar": _mul_scalar_forward,
    "_MatmulOp": _matmul_forward,
    "AddmmBackward0": _addmm_forward,
    "LogSoftmaxBackward0": _log_softmax_forward,
}


# ----- backward formulas ------------------------------------------------------------------------------------
def _relu_backward(node, xp, grad, saved, result, partner=None):
    """``where(out <= 0, +0, grad)`` in two calls: ReLU's output is never below zero, so ``out <= 0`` is
    ``out == 0`` (either zero; NaN is neither), and the gradient's integer bits times the bool ``out != 0`` are
    its bits or 0 (+0.): the formula's select, NaN gradients included, without a branch per element."""
    (out,) = saved
    if out is None or not _float(grad, out, contiguous=False) or grad.shape != out.shape:
        return None
    integers = xp.dtype(_INTEGER_VIEW[grad.dtype.itemsize])
    kept = _scratch(xp, grad.shape, bool)
    grad_input = xp.empty(grad.shape, dtype=grad.dtype)
    grad_bits = grad_input.view(integers)
    not_equal, multiply = xp.not_equal, xp.multiply

    def relu_backward(grad, out):
        not_equal(out, 0, kept)
        multiply(grad.view(integers), kept, grad_bits)
        return grad_input

    def relu_backward_in_place(grad, out):
        not_equal(out, 0, kept)
        bits = grad.view(integers)
        multiply(bits, kept, bits)
        return grad

    if grad.flags.c_contiguous:  # written into the gradient itself only where it has the result's layout
        relu_backward.in_place = relu_backward_in_place
    return relu_backward, (out,)


def _matmul_backward(node, xp, grad, saved, result, partner=None):
    a, b = saved  # as PyTorch's mm, a is kept only where b needs a gradient and b only where a does
    needs = node.needs_input_grad
    if (needs[0] and b is None) or (needs[1] and a is None) or not _float(grad, contiguous=False):
        return None
    if (a is not None and a.ndim != 2) or (b is not None and b.ndim != 2):
        return None
    grad_a = _result(xp, node.input_shape(0), grad.dtype) if needs[0] else None
    grad_b = _result(xp, node.input_shape(1), grad.dtype) if needs[1] else None
    matmul = xp.matmul
    if needs[0] and needs[1]:
        def mm_backward(grad, a, b):
            return matmul(grad, b.T, grad_a), matmul(a.T, grad, grad_b)
        return mm_backward, (a, b)
    if needs[1]:
        def mm_backward_b(grad, a):
            return None, matmul(a.T, grad, grad_b)
        return mm_backward_b, (a,)
    if needs[0]:
        def mm_backward_a(grad, b):
            return matmul(grad, b.T, grad_a), None
        return mm_backward_a, (b,)
    return None


def _addmm_backward(node, xp, grad, saved, result, partner=None):
    x, weight = saved  # x kept only where the weight needs a gradient, the weight only where x does
    needs = node.needs_input_grad
    need_x, need_w = needs[-2], needs[-1]  # PyTorch's edge order: (bias,) input, weight.t() (ops/linear.py)
    if (need_x and weight is None) or (need_w and x is None) or grad.ndim != 2:
        return None
    if (x is not None and x.ndim != 2) or not _float(grad, contiguous=False):
        return None
    grad_x = _result(xp, node.input_shape(len(needs) - 2), grad.dtype) if need_x else None
    grad_w = _result(xp, node.input_shape(len(needs) - 1), grad.dtype) if need_w else None
    with_bias = len(needs) == 3
    sum_bias = with_bias and needs[0]
    grad_bias = xp.empty(grad.shape[1:], dtype=grad.dtype) if sum_bias else None
    matmul, add_reduce = xp.matmul, numpy_backend.xp.add.reduce

    def linear_backward(grad, x, weight):  # transposes are views: BLAS reads them as they are
        gx = matmul(grad, weight, grad_x) if need_x else None
        gw = matmul(grad.T, x, grad_w) if need_w else None
        if not with_bias:
            return gx, gw
        return (add_reduce(grad, 0, None, grad_bias) if sum_bias else None), gx, gw

    if x is not None and weight is not None:
        return linear_backward, (x, weight)
    if x is not None:  # only the weight needs a gradient (a first layer): the weight itself was not kept
        return (lambda grad, x: linear_backward(grad, x, None)), (x,)
    return (lambda grad, weight: linear_backward(grad, None, weight)), (weight,)


def _log_softmax_backward(node, xp, grad, saved, result, partner=None):
    (out,) = saved
    if out is None or not _float(grad, out, contiguous=False) or grad.shape != out.shape or out.ndim == 0:
        return None
    axis = node.axis
    total = _scratch(xp, out.shape[:axis] + (1,) + out.shape[axis + 1:], out.dtype)
    product = _scratch(xp, out.shape, out.dtype)
    grad_input = xp.empty(out.shape, dtype=out.dtype)
    exp, multiply, subtract, add_reduce = xp.exp, xp.multiply, xp.subtract, numpy_backend.xp.add.reduce

    def log_softmax_backward(grad, out):  # grad - exp(out) * sum(grad, axis, keepdims)
        multiply(exp(out, product), add_reduce(grad, axis, None, total, True), product)
        return subtract(grad, product, grad_input)

    return log_softmax_backward, (out,)


def _conv_backward(node, xp, grad, saved, result, partner=None):
    x, w = saved
    stride, padding, dilation, groups = node.params
    needs = node.needs_input_grad
    if node.unit_height or groups != 1 or needs[0] or not needs[1] or x is None or w is None:
        return None  # the input's gradient (col2im) stays the formula's
    if x.ndim != 4 or not _float(x, w, grad):
        return None
    n, out_c, oh, ow = grad.shape
    shared = getattr(partner, "columns", None)
    if shared is not None:
        # The forward's im2col of the same x: eager mode's version check on the saved x (which the capture
        # passed) guarantees that nothing wrote into x between the forward and this backward.
        columns = lambda x: shared  # noqa: E731
    else:
        columns = capture_im2col.im2col(xp, x.shape, x.dtype, w.shape[2:], stride, padding, dilation, (oh, ow))
    products = xp.empty((n, 1, out_c, columns(x).shape[1]), dtype=grad.dtype)
    weight_shape = w.shape
    matmul = xp.matmul
    with_bias = node.has_bias
    sum_bias = with_bias and needs[2]

    def conv_backward(grad, x):
        grouped = grad.reshape(n, 1, out_c, oh * ow)
        matmul(grouped, columns(x).reshape(n, 1, -1, oh * ow).swapaxes(-1, -2), products)
        grad_w = products.sum(axis=0).reshape(weight_shape)
        if not with_bias:
            return None, grad_w
        return None, grad_w, (grad.sum(axis=(0, 2, 3)) if sum_bias else None)

    return conv_backward, (x,)


def _max_pool_backward(node, xp, grad, saved, result, partner=None):
    arg = node.arg
    if not node.disjoint or not _float(grad) or arg.dtype != xp.int64 or not arg.flags.c_contiguous:
        return None  # overlapping windows accumulate (scatter-add): the formula's
    n, c, h, w = node.input_shape(0)
    base = xp.arange(n * c).reshape(n, c, 1, 1) * (h * w)   # constant for the captured shape
    positions = xp.empty(arg.shape, dtype=xp.int64)
    flat_positions = positions.reshape(-1)
    out = xp.empty(n * c * h * w, dtype=grad.dtype)
    out4 = out.reshape(n, c, h, w)
    add = xp.add

    def max_pool_backward(grad, arg):  # zeros with grad put at each window's maximum
        add(arg, base, positions)
        out.fill(0)
        out[flat_positions] = grad.reshape(-1)
        return out4

    return max_pool_backward, (arg,)


def _mul_scalar_backward(node, xp, grad, saved, result, partner=None):
    if not isinstance(grad, xp.ndarray) or not isinstance(result, xp.ndarray):
        return None
    scalar = node.scalar
    grad_input = _result(xp, result.shape, result.dtype)
    multiply = xp.multiply
    return (lambda grad: multiply(grad, scalar, grad_input)), ()


def _elementwise_backward(formula):
    """A backward ``grad * f(saved)`` of a unary op, ``formula(xp, grad, saved, scratch, out)`` writing it into
    ``out`` in the formula's order of operations."""
    def build(node, xp, grad, saved, result, partner=None):
        (value,) = saved
        if value is None or not _float(grad, value, result, contiguous=False) or grad.shape != value.shape:
            return None
        scratch = _scratch(xp, result.shape, result.dtype)
        out = _result(xp, result.shape, result.dtype)
        return (lambda grad, value: formula(xp, grad, value, scratch, out)), (value,)

    return build


def _sin_backward(xp, grad, a, scratch, out):  # grad * cos(a)
    return xp.multiply(grad, xp.cos(a, scratch), out)


def _cos_backward(xp, grad, a, scratch, out):  # grad * -sin(a)
    return xp.multiply(grad, xp.negative(xp.sin(a, scratch), scratch), out)


def _exp_backward(xp, grad, result, scratch, out):  # grad * result
    return xp.multiply(grad, result, out)


def _tanh_backward(xp, grad, result, scratch, out):  # grad * (1 - result * result), as P.one_minus_square rounds it
    if result.dtype == xp.float32:  # rounded once, through float64 (ops/_primitives._array_one_minus_square)
        wide = result.astype(xp.float64)
        xp.multiply(wide, wide, wide)
        xp.subtract(1, wide, scratch, casting="same_kind")
    else:
        xp.multiply(result, result, scratch)
        xp.subtract(1, scratch, scratch)
    return xp.multiply(grad, scratch, out)


def _mul_backward(node, xp, grad, saved, result, partner=None):
    """The two products of ``a * b``'s backward when no broadcast is involved (the formula's other cases, a
    gradient broadcast from a sum or inputs of other shapes, stay the formula's)."""
    a, b = saved
    needs = node.needs_input_grad
    if not isinstance(grad, xp.ndarray) or grad.ndim and not all(grad.strides):
        return None
    for value, made in ((b, result[0]), (a, result[1])):
        if made is not None and (value is None or value.shape != grad.shape or made.shape != grad.shape):
            return None
    grad_a = None if result[0] is None else _result(xp, grad.shape, result[0].dtype)
    grad_b = None if result[1] is None else _result(xp, grad.shape, result[1].dtype)
    multiply = xp.multiply
    if result[0] is not None and result[1] is not None:
        return (lambda grad, a, b: (multiply(grad, b, grad_a), multiply(grad, a, grad_b))), (a, b)
    if result[0] is not None:
        return (lambda grad, b: (multiply(grad, b, grad_a), None)), (b,)
    if result[1] is not None:
        return (lambda grad, a: (None, multiply(grad, a, grad_b))), (a,)
    return None


def _nll_backward(node, xp, grad, saved, result, partner=None):
    """Zeros with ``where(keep, -(grad / total) * scale, 0)`` put at the picked positions (the formula's
    ``index_add`` without accumulation), from the state the lean forward left. Without class weights
    ``scale`` is 1 on every kept row, so the value of a kept row is ``-(grad / total)`` itself (the same bits,
    computed on NumPy scalars), and an ignored row's position keeps its zero."""
    if partner is None or getattr(partner, "state", None) is None or node.reduction != "mean":
        return None
    if not isinstance(result, xp.ndarray) or result.ndim != 2 or not result.flags.c_contiguous:
        return None
    keep, flat = partner.keep, partner.flat
    out = xp.empty(result.shape, dtype=result.dtype)
    out_flat = out.reshape(-1)
    state = partner.state

    def nll_backward(grad):
        out.fill(0)
        out_flat[flat[keep]] = -(grad[()] / state[0])
        return out

    return nll_backward, ()


BACKWARD = {
    "NllLossBackward0": _nll_backward,
    "SinBackward0": _elementwise_backward(_sin_backward),
    "CosBackward0": _elementwise_backward(_cos_backward),
    "ExpBackward0": _elementwise_backward(_exp_backward),
    "TanhBackward0": _elementwise_backward(_tanh_backward),
    "MulBackward0": _mul_backward,
    "MulScalar": _mul_scalar_backward,
    "ConvolutionBackward0": _conv_backward,
    "MaxPool2DWithIndicesBackward0": _max_pool_backward,
    "ReluBackward0": _relu_backward,
    "_MatmulOp": _matmul_backward,
    "AddmmBackward0": _addmm_backward,
    "LogSoftmaxBackward0": _log_softmax_backward,
}
