"""vmap's batching rules: each op called once on the whole batch (see ``_batched`` for batched tensors).

A rule receives the op class and the arguments ``Op.apply`` got (dims already made non-negative or checked by
the public function, against the *logical* shapes), and the level being unwrapped (the innermost one among the
arguments). It moves that level's batch dim (always dim 0 of ``_value``) where the op needs it, calls the op on
the physical tensors and wraps the result. Arguments batched at outer levels stay batched tensors: calling the
op on them dispatches again, one level further out. Every op without a rule runs once per element and its
results are stacked (``_loop``): correct, slow. Families:

- elementwise (unary, binary, ternary; comparisons; the activations): operands of lower logical rank get size-1
  dims after the batch dim, so that broadcasting aligns logical dims, then one call;
- reductions over dims (sum, mean, amax, amin, logsumexp, prod, all, any, max/min(dim)): dims shifted by one;
  full reductions become reductions over every non-batch dim;
- linear (a batched input: one linear node; a batched weight, as per-sample gradients make: one batched
  matmul) and matmul of operands up to 2-D (one broadcast matmul: a gemm where PyTorch's batched run has one, so
  float32 rounding matches PyTorch's);
- convolution (a batched input folds its batch into N; a batched weight makes one grouped convolution), pooling
  over (N, C, ...) (batch folded into N), nll_loss of (N, C) without class weights (so cross_entropy, which is
  log_softmax then nll_loss, is batched too);
- views: view/reshape, transpose, permute, unsqueeze, squeeze, expand, t, basic indexing (ints, slices, None,
  Ellipsis); unbind/split; cat/stack (unbatched operands expanded); softmax/log_softmax.
"""
from .. import _tensor
from ..ops import _batching, activation, arithmetic, comparison, conv, elementwise, join, linalg, linear, nn_ops
from ..ops import conversion, indexing, rearrange, reduction, shape, ternary
from . import _batched

__all__ = ["dispatch", "install"]

_ELEMENTWISE_NAMES = {
    elementwise: ("ExpBackward0", "LogBackward0", "SinBackward0", "CosBackward0", "TanhBackward0", "SigmoidBackward0",
                  "ReluBackward0", "SqrtBackward0", "AbsBackward0", "SignBackward0", "ReciprocalBackward0",
                  "Atan2Backward0", "HypotBackward0"),
    arithmetic: ("RemainderBackward0", "RemainderBackward1", "RemainderScalarTensor", "FmodBackward0", "FmodBackward1",
                 "DivRoundedBackward2", "FloorDivide", "AddBackward0", "AddScalar", "SubBackward0", "RsubBackward1",
                 "MulBackward0", "MulScalar", "DivScalar", "DivBackward1", "DivBackward0", "DivBackward2",
                 "NegBackward0", "PowBackward0", "PowBackward1", "PowBackward2"),
    comparison: ("Eq", "Ne", "Lt", "Le", "Gt", "Ge", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "IsFinite",
                 "LogicalNot"),
    ternary: ("LerpBackward1", "LerpBackward0", "AddcmulBackward0", "AddcdivBackward0"),
    shape: ("CloneBackward0",),
    conversion: ("ToCopyBackward0",),
}


def _elementwise_classes():
    found = set()
    for module, names in _ELEMENTWISE_NAMES.items():
        found.update(getattr(module, name) for name in names)
    for module in (elementwise, activation):  # the classes made by ops._op.elementwise_op
        for value in vars(module).values():
            if isinstance(value, type) and (value.__doc__ or "").startswith("Node of an elementwise op"):
                found.add(value)
    return found


def _is_tensor(value):
    return isinstance(value, _tensor.Tensor)


def _level(args):
    return max(_batched.level_of(_batched.owner(a)) for a in args if _batched.owner(a) is not None)


def _at(value, level):
    return _is_tensor(value) and _batched.level_of(value) == level


def _element(value, level, index):
    """One element of an argument batched at ``level`` (a tensor, or its raw array passed as ``_array``)."""
    owner = _batched.owner(value)
    if owner is None or owner._level != level:
        return value
    element = owner._value[index]
    return element if owner is value else element._array


def _batch_size(args, level):
    return next(_batched.owner(a)._value.shape[0] for a in args if _batched.level_of(_batched.owner(a)) == level)


def _wrap_result(out, level):
    if out.__class__ is tuple:
        return tuple(_batched.wrap(o, level) for o in out)
    return _batched.wrap(out, level)


def _loop(op, args, level, call=None):
    """The fallback: the op (or ``call``) once per element, results stacked."""
    call = op.apply if call is None else call
    outputs = []
    for index in range(_batch_size(args, level)):
        outputs.append(call(*[_element(a, level, index) for a in args]))
    if outputs and outputs[0].__class__ is tuple:
        return tuple(_batched.wrap(join.stack(list(parts)), level) for parts in zip(*outputs))
    return _batched.wrap(join.stack(outputs), level)


def _padded(value, rank):
    """A batched tensor's physical value with size-1 dims after the batch dim up to logical ``rank``."""
    missing = rank - value.ndim
    physical = value._value
    if missing <= 0:
        return physical
    return physical.reshape(physical.shape[0], *((1,) * missing), *value.shape)


def _elementwise(op, args, level):
    rank = max(a.ndim for a in args if _is_tensor(a))
    return _wrap_result(op.apply(*[_padded(a, rank) if _at(a, level) else a for a in args]), level)


def _shift(axes, ndim):
    return tuple(axis % ndim + 1 for axis in axes) if ndim else ()


def _reduce_axes(op, args, level):
    """(a, axes, keepdim, ...) or (a, axis, keepdim): the dims shifted past the batch dim."""
    a, axes = args[0], args[1]
    if not _at(a, level) or any(_at(x, level) for x in args[1:]):
        return _loop(op, args, level)
    if isinstance(axes, int):
        if a.ndim == 0:
            return _loop(op, args, level)
        moved = axes % a.ndim + 1
    elif isinstance(axes, tuple) and all(isinstance(axis, int) for axis in axes):
        moved = _shift(axes, a.ndim)
    else:
        return _loop(op, args, level)
    return _wrap_result(op.apply(a._value, moved, *args[2:]), level)


def _reduce_all(target, extra):
    def rule(op, args, level):
        a = args[0]
        if not _at(a, level) or len(args) != 1 + len(extra(args)):
            return _loop(op, args, level)
        every = tuple(range(1, a.ndim + 1))
        return _batched.wrap(target.apply(a._value, every, False, *extra(args)), level)
    return rule


def _softmax(op, args, level):
    a, axis = args
    if not _at(a, level) or not isinstance(axis, int) or a.ndim == 0:
        return _loop(op, args, level)
    return _batched.wrap(op.apply(a._value, axis % a.ndim + 1), level)


def _linear(op, args, level):
    x, weight = args[0], args[1]
    bias = args[2] if len(args) > 2 else None
    if x.ndim == 0 or weight.ndim != 2:
        return _loop(op, args, level, linear.linear)  # linear's own call: it names and rewires the node
    if not _at(weight, level) and not _at(bias, level):
        return _batched.wrap(linear.linear(x._value, weight, bias), level)  # one node, named and rewired
    if x.ndim > 2:
        return _loop(op, args, level, linear.linear)
    # a batched weight (B, out, in), as per-sample gradients lift it: one batched matmul
    size = _batch_size(args, level)
    weights = weight._value if _at(weight, level) else weight.unsqueeze(0).expand(size, *weight.shape)
    left = x.unsqueeze(0) if x.ndim == 1 else x  # (rows, in), batched or not
    added = x.ndim == 1
    out = linalg.matmul(left._value if _at(left, level) else left, weights.transpose(-1, -2))  # (B, rows, out)
    if bias is not None:
        out = out + (bias._value.unsqueeze(1) if _at(bias, level) else bias)
    return _batched.wrap(out.squeeze(1) if added else out, level)


def _convolution(op, args, level):
    """ConvolutionBackward0(x, w, bias, (stride, pads, dilation, groups)[, unit_height]): a batched input alone
    folds its batch into N; a batched weight or bias makes one grouped convolution (groups times B)."""
    x, weight, bias, params = args[:4]
    if any(_at(a, level) for a in args[3:]):
        return _loop(op, args, level)
    size = _batch_size(args, level)
    if not _at(weight, level) and not _at(bias, level):
        physical = x._value
        out = op.apply(physical.reshape(size * x.shape[0], *x.shape[1:]), weight, bias, *args[3:])
        return _batched.wrap(out.reshape(size, x.shape[0], *out.shape[1:]), level)
    stride, pads, dilation, groups = params
    batch = x.shape[0]
    inputs = x._value if _at(x, level) else x.unsqueeze(0).expand(size, *x.shape)
    inputs = inputs.movedim(0, 1).reshape(batch, size * x.shape[1], *x.shape[2:])
    weights = weight._value if _at(weight, level) else weight.unsqueeze(0).expand(size, *weight.shape)
    weights = weights.reshape(size * weight.shape[0], *weight.shape[1:])
    if bias is not None:
        bias = bias._value if _at(bias, level) else bias.unsqueeze(0).expand(size, *bias.shape)
        bias = bias.reshape(size * weight.shape[0])
    out = op.apply(inputs, weights, bias, (stride, pads, dilation, groups * size), *args[4:])
    out = out.reshape(batch, size, weight.shape[0], *out.shape[2:]).movedim(1, 0)
    return _batched.wrap(out, level)


def _fold_pool(op, args, level):
    """A pooling op over (N, C, *spatial): the batch folded into N, one call."""
    x = args[0]
    if not _at(x, level) or any(_batched.owner(a) is not None for a in args[1:]) or x.ndim < 3:
        return _loop(op, args, level)
    size = x._value.shape[0]
    out = op.apply(x._value.reshape(size * x.shape[0], *x.shape[1:]), *args[1:])
    unfold = lambda o: _batched.wrap(o.reshape(size, x.shape[0], *o.shape[1:]), level)  # noqa: E731
    return tuple(unfold(o) for o in out) if out.__class__ is tuple else unfold(out)


def _nll_loss(op, args, level):
    """nll_loss of (N, C) log-probabilities and (N,) targets without class weights: 'none' losses for the whole
    batch, then each element's reduction ('mean' over its rows that are not ignored, as PyTorch's)."""
    log_probs, target, weights, ignore_index, reduction = args
    owner = _batched.owner(target)
    if weights is not None or log_probs.ndim != 2 or len(target.shape) != 1 or reduction not in ("none", "sum",
                                                                                                   "mean"):
        return _loop(op, args, level)
    size = _batch_size(args, level)
    rows, classes = log_probs.shape
    probs = log_probs._value if _at(log_probs, level) else log_probs.unsqueeze(0).expand(size, rows, classes)
    if owner is not None and owner._level == level:
        targets = owner._value
    else:
        targets = _tensor.wrap(target, log_probs.device) if owner is None else owner
        targets = targets.unsqueeze(0).expand(size, rows)
    losses = op.apply(probs.reshape(size * rows, classes), targets.reshape(size * rows)._array, None, ignore_index,
                      "none").reshape(size, rows)
    if reduction == "none":
        return _batched.wrap(losses, level)
    if reduction == "sum":
        return _batched.wrap(losses.sum(1), level)
    kept = (targets != ignore_index).sum(1).to(losses.dtype)
    return _batched.wrap(losses.sum(1) / kept, level)


def _matmul(op, args, level):
    """Vectors become matrices (logically, with this level's rules), batched operands get size-1 dims after the
    batch dim up to the common rank, one broadcast matmul, and the vectors' dims are dropped again."""
    a, b = args
    if a.ndim == 0 or b.ndim == 0:
        return _loop(op, args, level)
    left = a.unsqueeze(0) if a.ndim == 1 else a
    right = b.unsqueeze(-1) if b.ndim == 1 else b
    rank = max(left.ndim, right.ndim)
    out = linalg.matmul(_padded(left, rank) if _at(left, level) else left,
                        _padded(right, rank) if _at(right, level) else right)
    if a.ndim == 1 or b.ndim == 1:
        kept = list(out.shape[:-2]) + ([out.shape[-2]] if a.ndim > 1 else []) + ([out.shape[-1]] if b.ndim > 1
                                                                                 else [])
        out = out.reshape(kept)
    return _batched.wrap(out, level)


def _only_first(rule):
    """Rules for ops whose other arguments are plain: the first batched, nothing else at this level."""
    def checked(op, args, level):
        if not _at(args[0], level) or any(_at(a, level) for a in args[1:]):
            return _loop(op, args, level)
        return rule(op, args, level)
    return checked


@_only_first
def _view(op, args, level):
    a, size = args[0], args[1]
    physical = a._value
    return _batched.wrap(op.apply(physical, (physical.shape[0],) + tuple(size), *args[2:]), level)


@_only_first
def _repeat(op, args, level):
    a, reps = args
    return _batched.wrap(op.apply(_padded(a, len(reps)), (1,) + tuple(reps)), level)


@_only_first
def _transpose(op, args, level):
    a, dim0, dim1 = args
    n = max(a.ndim, 1)
    return _batched.wrap(op.apply(a._value, dim0 % n + 1, dim1 % n + 1), level)


@_only_first
def _permute(op, args, level):
    a, dims = args
    return _batched.wrap(op.apply(a._value, (0,) + _shift(dims, a.ndim)), level)


@_only_first
def _unsqueeze(op, args, level):
    a, axis = args
    return _batched.wrap(op.apply(a._value, axis % (a.ndim + 1) + 1), level)


@_only_first
def _squeeze(op, args, level):
    a, axes = args
    if not isinstance(axes, tuple):
        return _loop(op, args, level)
    return _batched.wrap(op.apply(a._value, _shift(axes, a.ndim)), level)


@_only_first
def _expand(op, args, level):
    a, size = args
    physical = _padded(a, len(size))
    return _batched.wrap(op.apply(physical, (physical.shape[0],) + tuple(size)), level)


@_only_first
def _t(op, args, level):
    a = args[0]
    if a.ndim < 2:
        return _loop(op, args, level)
    return _batched.wrap(shape.TransposeBackward0.apply(a._value, 1, 2), level)


def _basic_index(op, args, level):
    a, index, advanced = args[0], args[1], args[2]
    plain = isinstance(index, tuple) and all(
        part is None or part is Ellipsis or part.__class__ in (int, slice) for part in index)
    if advanced or not plain or not _at(a, level) or len(args) != 3 or any(
            part.__class__ is slice and any(_is_tensor(p) for p in (part.start, part.stop, part.step))
            for part in index):
        return _loop(op, args, level)
    return _batched.wrap(op.apply(a._value, (slice(None),) + index, False), level)


@_only_first
def _pieces(op, args, level):
    a, axis = args[0], args[1]
    if not isinstance(axis, int) or a.ndim == 0:
        return _loop(op, args, level)
    return _wrap_result(op.apply(a._value, axis % a.ndim + 1, *args[2:]), level)


def _join(op, args, level):
    axis, tensors = args[0], args[1:]
    if not isinstance(axis, int) or not tensors:
        return _loop(op, args, level)
    size = _batch_size(tensors, level)
    rank = tensors[0].ndim + (1 if op is join.StackBackward0 else 0)
    physical = []
    for tensor in tensors:
        if _at(tensor, level):
            physical.append(tensor._value)
        else:
            physical.append(tensor.unsqueeze(0).expand(size, *tensor.shape))
    return _batched.wrap(op.apply(axis % max(rank, 1) + 1, *physical), level)


def _loop_rule(op, args, level):
    return _loop(op, args, level)


def _rules():
    rules = {cls: _elementwise for cls in _elementwise_classes()}
    for cls in (reduction.SumBackward1, reduction.MeanBackward1, reduction.AmaxBackward0, reduction.AminBackward0,
                reduction.LogsumexpBackward0, reduction.ProdBackward1, reduction.MaxBackward0,
                reduction.MinBackward0, comparison.All, comparison.Any):
        rules[cls] = _reduce_axes
    rules[reduction.SumBackward0] = _reduce_all(reduction.SumBackward1, lambda args: args[1:2])
    rules[reduction.MeanBackward0] = _reduce_all(reduction.MeanBackward1, lambda args: ())
    rules[nn_ops.SoftmaxBackward0] = _softmax
    rules[nn_ops.LogSoftmaxBackward0] = _softmax
    for cls in (linear.AddmmBackward0, linear.LinearMm, linear.LinearView, linear.LinearAdd, linear.LinearSqueeze,
                linear.LinearUnsafeView):
        rules[cls] = _linear
    for cls in (linalg.DotBackward0, linalg.MvBackward0, linalg.MmBackward0, linalg.UnsafeViewBackward0,
                linalg.BmmBackward0, linalg.SqueezeBackward4):
        rules[cls] = _matmul
    rules[conv.ConvolutionBackward0] = _convolution
    for cls in (conv.MaxPool2DWithIndicesBackward0, conv.MaxPool3DWithIndicesBackward0, conv.AvgPool2DBackward0,
                conv.AvgPool3DBackward0, conv.AdaptiveAvgPool2DBackward0, conv.AdaptiveAvgPool3DBackward0):
        rules[cls] = _fold_pool
    rules[nn_ops.NllLossBackward0] = _nll_loss
    rules[shape.ViewBackward0] = _view
    rules[shape.TransposeBackward0] = _transpose
    rules[rearrange.RepeatBackward0] = _repeat
    rules[shape.PermuteBackward0] = _permute
    rules[shape.UnsqueezeBackward0] = _unsqueeze
    for cls in (shape.SqueezeBackward0, shape.SqueezeBackward1, shape.SqueezeBackward2):
        rules[cls] = _squeeze
    rules[shape.ExpandBackward0] = _expand
    rules[shape.TBackward0] = _t
    for cls in (indexing.SelectBackward0, indexing.SliceBackward0, indexing.UnsqueezeIndex, indexing.AliasIndex):
        rules[cls] = _basic_index
    for cls in (shape.SplitBackward0, shape.SplitWithSizesBackward0, shape.UnbindBackward0):
        rules[cls] = _pieces
    rules[join.CatBackward0] = _join
    rules[join.StackBackward0] = _join
    return rules


RULES = _rules()


def dispatch(op, args):
    """``Op.apply``'s answer for a call with a batched tensor among ``args``."""
    level = _level(args)
    return RULES.get(op, _loop_rule)(op, args, level)



def install():
    """Make ``Op.apply`` hand calls with batched tensors to ``dispatch`` (vmap's module does, at import)."""
    _batching.install(_batched.BatchedTensor, dispatch)
