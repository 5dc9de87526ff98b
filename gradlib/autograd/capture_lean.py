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

ReLU is computed on the integer view of its floats (an AND with a mask): the same bits as ``where(a < 0, 0, a)``
(negative numbers become +0; -0, NaN and the rest pass), without NumPy's branchy ``where`` loop, which costs
about 6 ns per element on unpredictable signs.
"""
__all__ = ["forward", "backward", "sum_to", "identical"]

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

    def sum_leading(grad):
        return grad.sum(axis=axes, out=out)

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
        builder = table.get(klass.__name__)
        if builder is not None:
            return builder
    return None


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
        if array.dtype != first.dtype or array.dtype.kind != "f" or array.dtype.itemsize not in _INTEGER_VIEW:
            return False
        if contiguous and not array.flags.c_contiguous:
            return False
    return True


# ----- forward formulas -------------------------------------------------------------------------------------
def _relu_forward(ctx, xp, arrays, result):
    a = arrays[0]
    if not _float(a, result) or a.shape != result.shape:
        return None
    integers = xp.dtype(_INTEGER_VIEW[a.dtype.itemsize])
    negative = xp.empty(a.shape, dtype=bool)
    mask = xp.empty(a.shape, dtype=integers)
    out = xp.empty(a.shape, dtype=a.dtype)
    out_bits = out.view(integers)
    less, add, bitwise_and = xp.less, xp.add, xp.bitwise_and

    def relu(a):
        less(a, 0, out=negative)
        add(negative, -1, out=mask, dtype=integers)   # 0 where negative, all ones elsewhere
        bitwise_and(a.view(integers), mask, out=out_bits)
        return out

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
            return (lambda a, b: ufunc(a, b, out=out)), (0, 1)
        if a_array:
            return (lambda a: ufunc(a, b, out=out)), (0,)
        return None

    return build


def _mul_scalar_forward(ctx, xp, arrays, result):
    a, scalar = arrays[0], arrays[1]
    if not isinstance(a, xp.ndarray) or not isinstance(result, xp.ndarray) or not result.flags.c_contiguous:
        return None
    out = _result(xp, result.shape, result.dtype)
    multiply = xp.multiply

    def mul_scalar(a):
        return multiply(a, scalar, out=out)

    mul_scalar.scaled = (multiply, scalar, out)  # for the replay's fusion with an in-place update that follows
    return mul_scalar, (0,)


def _matmul_forward(ctx, xp, arrays, result):
    a, b = arrays[0], arrays[1]
    if a.ndim != 2 or b.ndim != 2 or not _float(result):
        return None
    out = _result(xp, result.shape, result.dtype)
    matmul = xp.matmul
    return (lambda a, b: matmul(a, b, out=out)), (0, 1)


def _addmm_forward(ctx, xp, arrays, result):
    x, weight = arrays[0], arrays[1]
    bias = arrays[2] if len(arrays) > 2 else None
    if x.ndim != 2 or weight.ndim != 2 or not _float(result):
        return None
    out = _result(xp, result.shape, result.dtype)
    matmul, add = xp.matmul, xp.add
    if bias is None:
        return (lambda x, weight: matmul(x, weight.T, out=out)), (0, 1)

    def linear(x, weight, bias):
        product = matmul(x, weight.T, out=out)
        return add(product, bias, out=product)   # the formula's ``out += bias``

    return linear, (0, 1, 2)


def _log_softmax_forward(ctx, xp, arrays, result):
    a, axis = arrays[0], arrays[1]
    if not _float(a, result) or a.size == 0:
        return None
    shifted = xp.empty(a.shape, dtype=a.dtype)
    exp_shifted = xp.empty(a.shape, dtype=a.dtype)
    out = xp.empty(a.shape, dtype=a.dtype)
    subtract, exp, log = xp.subtract, xp.exp, xp.log

    def log_softmax(a):
        subtract(a, a.max(axis=axis, keepdims=True), out=shifted)
        exp(shifted, out=exp_shifted)
        total = exp_shifted.sum(axis=axis, keepdims=True)
        return subtract(shifted, log(total, out=total), out=out)

    return log_softmax, (0,)


def _offset_slices(kernel, stride, dilation, out_hw):
    """(rows, cols) slices of the padded input met by each kernel offset, in the flattened kernel's order (as
    ``ops.conv`` builds its im2col columns and pooling views)."""
    slices = []
    for i in range(kernel[0]):
        top = i * dilation[0]
        rows = slice(top, top + stride[0] * (out_hw[0] - 1) + 1, stride[0])
        for j in range(kernel[1]):
            left = j * dilation[1]
            slices.append((rows, slice(left, left + stride[1] * (out_hw[1] - 1) + 1, stride[1])))
    return slices


def _im2col(xp, x_shape, dtype, kernel, stride, padding, dilation, out_hw):
    """A closure filling fixed buffers with the im2col columns (N, C * KH * KW, OH * OW) of an input of
    ``x_shape``: the zero-padded copy and the per-offset block copies of ``ops.conv._columns``, with every view
    made once."""
    n, c, h, w = x_shape
    (top, bottom), (left, right) = padding
    columns = xp.empty((n, c, kernel[0] * kernel[1], out_hw[0], out_hw[1]), dtype=dtype)
    if top == bottom == left == right == 0:
        padded = None
        inner = None
    else:
        padded = xp.zeros((n, c, h + top + bottom, w + left + right), dtype=dtype)  # the border stays 0
        inner = padded[:, :, top:top + h, left:left + w]
    targets = [columns[:, :, k] for k in range(kernel[0] * kernel[1])]
    slices = _offset_slices(kernel, stride, dilation, out_hw)
    sources = None if padded is None else [padded[:, :, rows, cols] for rows, cols in slices]
    flat = columns.reshape(n, c * kernel[0] * kernel[1], out_hw[0] * out_hw[1])
    copyto = xp.copyto

    def fill(x):
        if padded is None:
            for target, (rows, cols) in zip(targets, slices):
                copyto(target, x[:, :, rows, cols])
        else:
            copyto(inner, x)
            for target, source in zip(targets, sources):
                copyto(target, source)
        return flat

    fill.buffer = flat
    return fill


def _conv_forward(ctx, xp, arrays, result):
    x, w, bias, params = arrays[0], arrays[1], arrays[2], arrays[3]
    unit_height = len(arrays) > 4 and arrays[4]
    stride, padding, dilation, groups = params
    if unit_height or groups != 1 or x.ndim != 4 or not _float(x, w, result):
        return None
    if bias is not None and not _float(bias):
        return None
    n, out_c, oh, ow = result.shape
    columns = _im2col(xp, x.shape, x.dtype, w.shape[2:], stride, padding, dilation, (oh, ow))
    out = xp.empty((n, out_c, oh * ow), dtype=result.dtype)
    out4 = out.reshape(n, out_c, oh, ow)
    matmul, add = xp.matmul, xp.add
    if bias is None:
        def conv(x, w):
            matmul(w.reshape(out_c, -1), columns(x), out=out)
            return out4
        conv.columns = columns.buffer
        return conv, (0, 1)
    summed = xp.empty(result.shape, dtype=result.dtype)

    def conv_bias(x, w, bias):
        matmul(w.reshape(out_c, -1), columns(x), out=out)
        return add(out4, bias.reshape(1, -1, 1, 1), out=summed)

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
    slices = _offset_slices(kernel, stride, dilation, out_hw)
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
        subtract(offset, offsets[k], out=step)
        multiply(hit, step, out=step)
        subtract(offset, step, out=offset)

    def max_pool(x):
        for k, (rows, cols) in enumerate(slices):
            copyto(stacked[k], x[:, :, rows, cols])
        maximum(stacked[0], stacked[1], out=out)
        for k in range(2, last + 1):
            maximum(out, stacked[k], out=out)
        offset.fill(offsets[last])
        for k in range(last - 1, -1, -1):  # later matches are overwritten: the first maximum wins
            equal(stacked[k], out, out=hit)
            choose(k)
        if not_equal(out, out, out=hit).any():
            for k in range(last + 1):  # NaN windows: the last NaN wins
                not_equal(stacked[k], stacked[k], out=hit)
                choose(k)
        return out, add(offset, corner, out=within_channel)

    return max_pool, (0,)


def _unary_forward(ufunc_name):
    def build(ctx, xp, arrays, result):
        a = arrays[0]
        if not _float(a, result, contiguous=False) or not result.flags.c_contiguous:
            return None
        ufunc = getattr(xp, ufunc_name)
        out = _result(xp, result.shape, result.dtype)
        return (lambda a: ufunc(a, out=out)), (0,)

    return build


def _nll_forward(ctx, xp, arrays, result):
    """``NllLossBackward0``'s common case (N, C) log-probabilities, N class indices, mean: the formula's
    arithmetic, with the row indices made once. What its backward reads from the node (the picked positions,
    the weights of the kept rows, their total) is left in the closure's ``state`` for the lean backward. A
    class index out of range makes the closure call the formula itself, which raises PyTorch's IndexError."""
    log_probs, target, weights, ignore_index, reduction = arrays[:5]
    if weights is not None or reduction != "mean" or len(arrays) != 5 or not _float(log_probs):
        return None
    if log_probs.ndim != 2 or target.ndim != 1 or target.dtype.kind not in "iu":
        return None
    classes = log_probs.shape[1]
    formula = type(ctx).forward
    rows = xp.arange(target.shape[0])
    dtype = log_probs.dtype
    keep = xp.empty(target.shape, dtype=bool)
    not_equal, where, dot, asarray = xp.not_equal, xp.where, xp.dot, xp.asarray
    state = [None]

    def nll(log_probs, target):
        not_equal(target, ignore_index, out=keep)
        safe = where(keep, target, 0)
        if safe.size and (safe.min() < 0 or safe.max() >= classes):
            formula(ctx, xp, log_probs, target, None, ignore_index, "mean")  # raises the IndexError
        scale = keep.astype(dtype)
        total = scale.sum()
        state[0] = (safe, scale, total)
        return asarray(-dot(log_probs[rows, safe], scale) / total)

    nll.state = state
    nll.keep = keep
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
    (out,) = saved
    if out is None or not _float(grad, out, contiguous=False) or grad.shape != out.shape:
        return None
    integers = xp.dtype(_INTEGER_VIEW[grad.dtype.itemsize])
    clipped = xp.empty(grad.shape, dtype=bool)
    mask = xp.empty(grad.shape, dtype=integers)
    grad_input = xp.empty(grad.shape, dtype=grad.dtype)
    grad_bits = grad_input.view(integers)
    less_equal, add, bitwise_and = xp.less_equal, xp.add, xp.bitwise_and

    def relu_backward(grad, out):  # where(out <= 0, +0, grad)
        less_equal(out, 0, out=clipped)
        add(clipped, -1, out=mask, dtype=integers)
        bitwise_and(grad.view(integers), mask, out=grad_bits)
        return grad_input

    return relu_backward, (out,)


def _matmul_backward(node, xp, grad, saved, result, partner=None):
    a, b = saved
    if a is None or b is None or a.ndim != 2 or b.ndim != 2 or not _float(grad, contiguous=False):
        return None
    needs = node.needs_input_grad
    grad_a = _result(xp, a.shape, grad.dtype)
    grad_b = _result(xp, b.shape, grad.dtype)
    matmul = xp.matmul
    if needs[0] and needs[1]:
        def mm_backward(grad, a, b):
            return matmul(grad, b.T, out=grad_a), matmul(a.T, grad, out=grad_b)
    elif needs[1]:
        def mm_backward(grad, a, b):
            return None, matmul(a.T, grad, out=grad_b)
    elif needs[0]:
        def mm_backward(grad, a, b):
            return matmul(grad, b.T, out=grad_a), None
    else:
        return None
    return mm_backward, (a, b)


def _addmm_backward(node, xp, grad, saved, result, partner=None):
    x, weight = saved
    if x is None or weight is None or x.ndim != 2 or grad.ndim != 2 or not _float(grad, contiguous=False):
        return None
    needs = node.needs_input_grad
    grad_x = _result(xp, x.shape, grad.dtype)
    grad_w = _result(xp, weight.shape, grad.dtype)
    need_x, need_w = needs[0], needs[1]
    with_bias = len(needs) == 3
    sum_bias = with_bias and needs[2]
    matmul = xp.matmul

    def linear_backward(grad, x, weight):
        gx = matmul(grad, weight, out=grad_x) if need_x else None
        gw = matmul(grad.T, x, out=grad_w) if need_w else None
        if not with_bias:
            return gx, gw
        return gx, gw, (grad.sum(axis=0) if sum_bias else None)

    return linear_backward, (x, weight)


def _log_softmax_backward(node, xp, grad, saved, result, partner=None):
    (out,) = saved
    if out is None or not _float(grad, out, contiguous=False) or grad.shape != out.shape:
        return None
    axis = node.axis
    product = xp.empty(out.shape, dtype=out.dtype)
    grad_input = xp.empty(out.shape, dtype=out.dtype)
    exp, multiply, subtract = xp.exp, xp.multiply, xp.subtract

    def log_softmax_backward(grad, out):  # grad - exp(out) * sum(grad, axis, keepdims)
        exp(out, out=product)
        multiply(product, grad.sum(axis=axis, keepdims=True), out=product)
        return subtract(grad, product, out=grad_input)

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
        columns = _im2col(xp, x.shape, x.dtype, w.shape[2:], stride, padding, dilation, (oh, ow))
    products = xp.empty((n, 1, out_c, columns(x).shape[1]), dtype=grad.dtype)
    weight_shape = w.shape
    matmul = xp.matmul
    with_bias = node.has_bias
    sum_bias = with_bias and needs[2]

    def conv_backward(grad, x):
        grouped = grad.reshape(n, 1, out_c, oh * ow)
        matmul(grouped, columns(x).reshape(n, 1, -1, oh * ow).swapaxes(-1, -2), out=products)
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
        add(arg, base, out=positions)
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
    return (lambda grad: multiply(grad, scalar, out=grad_input)), ()


def _elementwise_backward(formula):
    """A backward ``grad * f(saved)`` of a unary op, ``formula(xp, grad, saved, scratch, out)`` writing it into
    ``out`` in the formula's order of operations."""
    def build(node, xp, grad, saved, result, partner=None):
        (value,) = saved
        if value is None or not _float(grad, value, result, contiguous=False) or grad.shape != value.shape:
            return None
        scratch = xp.empty(result.shape, dtype=result.dtype)
        out = _result(xp, result.shape, result.dtype)
        return (lambda grad, value: formula(xp, grad, value, scratch, out)), (value,)

    return build


def _sin_backward(xp, grad, a, scratch, out):  # grad * cos(a)
    return xp.multiply(grad, xp.cos(a, out=scratch), out=out)


def _cos_backward(xp, grad, a, scratch, out):  # grad * -sin(a)
    return xp.multiply(grad, xp.negative(xp.sin(a, out=scratch), out=scratch), out=out)


def _exp_backward(xp, grad, result, scratch, out):  # grad * result
    return xp.multiply(grad, result, out=out)


def _tanh_backward(xp, grad, result, scratch, out):  # grad * (1 - result * result)
    if result.dtype == xp.float32:  # 1 - y*y rounded once, as eager's (ops/_primitives.py: one_minus_square)
        wide = result.astype(xp.float64)
        xp.multiply(wide, wide, out=wide)
        scratch[...] = xp.subtract(1, wide, out=wide)
        return xp.multiply(grad, scratch, out=out)
    xp.multiply(result, result, out=scratch)
    return xp.multiply(grad, xp.subtract(1, scratch, out=scratch), out=out)


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
        return (lambda grad, a, b: (multiply(grad, b, out=grad_a), multiply(grad, a, out=grad_b))), (a, b)
    if result[0] is not None:
        return (lambda grad, b: (multiply(grad, b, out=grad_a), None)), (b,)
    if result[1] is not None:
        return (lambda grad, a: (None, multiply(grad, a, out=grad_b))), (a,)
    return None


def _nll_backward(node, xp, grad, saved, result, partner=None):
    """Zeros with ``where(keep, -grad / total * scale, 0)`` put at the picked positions (the formula's
    ``index_add`` without accumulation), from the state the lean forward left."""
    if partner is None or getattr(partner, "state", None) is None or node.reduction != "mean":
        return None
    if not isinstance(result, xp.ndarray) or result.ndim != 2 or not result.flags.c_contiguous:
        return None
    state, keep = partner.state, partner.keep
    rows = xp.arange(result.shape[0])
    out = xp.empty(result.shape, dtype=result.dtype)
    where = xp.where

    def nll_backward(grad):
        safe, scale, total = state[0]
        grad = grad / total
        out.fill(0)
        out[rows, safe] = where(keep, -grad * scale, 0.0)
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
