"""The ``torch.*`` spellings of the nn.functional losses (integer reductions), embeddings, padding and sampling
grids: adapters over gradlib's ``nn.functional`` as those of ``_torch_functional.py`` (which see), parsed against
PyTorch's native schemas by its ``_native``.
"""
from . import _creation
from ._torch_functional import _native
from .autograd import grad_mode
from .nn import functional as F
from .ops.statistics import searchsorted as _searchsorted

__all__ = []  # filled by @_native

#: PyTorch's ``at::Reduction`` values (any other int reduces nothing, as ``apply_loss_reduction``)
_REDUCTIONS = {1: "mean", 2: "sum"}
_INTERPOLATION = ("bilinear", "nearest", "bicubic")
_PADDING = ("zeros", "border", "reflection")


def _reduction(value):
    return _REDUCTIONS.get(value, "none")


# ----- losses (reduction: 0 none, 1 mean, 2 sum) ---------------------------------------------------------------------
# PyTorch's schemas declare ``int reduction=Mean``, but its Python parser reads that default
# (``at::Reduction::Mean``) as 0: an omitted reduction reduces nothing (``torch.kl_div(x, t)`` is elementwise).
# The functions below keep that behaviour: their Python default is 0.
@_native("Tensor input, Tensor target, int reduction=1, *, bool log_target=False")
def kl_div(input, target, reduction=0, *, log_target=False):
    """``torch.kl_div``: ``torch.nn.functional.kl_div`` with an integer ``reduction`` (0 none, 1 mean, 2 sum: note
    that 1 is the mean over every element, not ``'batchmean'``; omitted, no reduction, as PyTorch's parser).

    >>> import gradlib
    >>> gradlib.kl_div(gradlib.tensor([0., 0.]), gradlib.tensor([1., 1.]), 2)
    tensor(0.)
    """
    return F.kl_div(input, target, reduction=_reduction(reduction), log_target=log_target)


@_native("Tensor input1, Tensor input2, Tensor target, float margin=0., int reduction=1")
def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    """``torch.margin_ranking_loss``: ``torch.nn.functional.margin_ranking_loss`` with an integer ``reduction``.

    >>> import gradlib
    >>> gradlib.margin_ranking_loss(gradlib.tensor([1.]), gradlib.tensor([2.]), gradlib.tensor([1.]))
    tensor([1.])
    """
    return F.margin_ranking_loss(input1, input2, target, margin, reduction=_reduction(reduction))


@_native("Tensor input, Tensor target, float margin=1., int reduction=1")
def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    """``torch.hinge_embedding_loss``: ``torch.nn.functional.hinge_embedding_loss`` with an integer ``reduction``.

    >>> import gradlib
    >>> gradlib.hinge_embedding_loss(gradlib.tensor([0.5, 2.]), gradlib.tensor([-1., 1.]), reduction=0)
    tensor([0.5000, 2.0000])
    """
    return F.hinge_embedding_loss(input, target, margin, reduction=_reduction(reduction))


@_native("Tensor input, Tensor target, bool log_input, bool full, float eps, int reduction")
def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """``torch.poisson_nll_loss``: ``torch.nn.functional.poisson_nll_loss`` with every argument given and an
    integer ``reduction``.

    >>> import gradlib
    >>> gradlib.poisson_nll_loss(gradlib.tensor([0.]), gradlib.tensor([1.]), True, False, 1e-8, 1)
    tensor(1.)
    """
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps, reduction=_reduction(reduction))


@_native("Tensor anchor, Tensor positive, Tensor negative, float margin=1., float p=2., float eps=1e-06, "
         "bool swap=False, int reduction=1")
def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, reduction=0):
    """``torch.triplet_margin_loss``: ``torch.nn.functional.triplet_margin_loss`` with an integer ``reduction``.

    >>> import gradlib
    >>> gradlib.triplet_margin_loss(gradlib.zeros(1, 2), gradlib.zeros(1, 2), gradlib.ones(1, 2), eps=0.0)
    tensor([0.])
    """
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction=_reduction(reduction))


@_native("Tensor input1, Tensor input2, Tensor target, float margin=0., int reduction=1")
def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    """``torch.cosine_embedding_loss``: ``torch.nn.functional.cosine_embedding_loss`` with an integer
    ``reduction``.

    >>> import gradlib
    >>> gradlib.cosine_embedding_loss(gradlib.tensor([[1., 0.]]), gradlib.tensor([[0., 1.]]), gradlib.tensor([1.]))
    tensor([1.])
    """
    return F.cosine_embedding_loss(input1, input2, target, margin, reduction=_reduction(reduction))


_CTC = "Tensor log_probs, Tensor targets, {0} input_lengths, {0} target_lengths, int blank=0, int reduction=1, " \
       "bool zero_infinity=False"


@_native(_CTC.format("int[]"), _CTC.format("Tensor"), printed=tuple(
    f"(Tensor log_probs, Tensor targets, {kind} input_lengths, {kind} target_lengths, int blank = 0, "
    "int reduction = at::Reduction::Mean, bool zero_infinity = False)" for kind in ("tuple of ints", "Tensor")))
def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0, zero_infinity=False):
    """``torch.ctc_loss``: ``torch.nn.functional.ctc_loss`` with an integer ``reduction`` (lengths as lists of
    ints or tensors). ``log_probs`` ``(T, N, C)`` or ``(T, C)``.

    >>> import gradlib
    >>> log_probs = gradlib.full((2, 1, 2), 0.5).log()
    >>> gradlib.ctc_loss(log_probs, gradlib.tensor([[1]]), [2], [1], reduction=2)
    tensor(0.2877)
    """
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, _reduction(reduction),
                      zero_infinity)


@_native("Tensor input, Tensor target, Tensor? weight=None, Tensor? pos_weight=None, int reduction=1")
def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    """``torch.binary_cross_entropy_with_logits``: ``torch.nn.functional.binary_cross_entropy_with_logits`` with
    an integer ``reduction``.

    >>> import gradlib
    >>> gradlib.binary_cross_entropy_with_logits(gradlib.tensor([0.]), gradlib.tensor([1.]))
    tensor([0.6931])
    """
    return F.binary_cross_entropy_with_logits(input, target, weight, reduction=_reduction(reduction),
                                              pos_weight=pos_weight)


# ----- padding and sampling grids ----------------------------------------------------------------------------------
@_native("Tensor input, SymInt[] pad, Scalar value=0")
def constant_pad_nd(input, pad, value=0):
    """``torch.constant_pad_nd``: ``torch.nn.functional.pad(input, pad, 'constant', value)`` (``pad`` a list of
    ints, last dim first).

    >>> import gradlib
    >>> gradlib.constant_pad_nd(gradlib.tensor([1., 2.]), [1, 0], 9)
    tensor([9., 1., 2.])
    """
    if len(pad) % 2:
        raise RuntimeError(f"Length of pad must be even but instead it equals {len(pad)}")
    if len(pad) > 2 * input.ndim:
        raise RuntimeError("Length of pad should be no more than twice the number of dimensions of the input. Pad "
                           f"length is {len(pad)}while the input has {input.ndim}dimensions.")  # PyTorch's spacing
    return F.pad(input, pad, "constant", value)


@_native("Tensor input, Tensor grid, int interpolation_mode, int padding_mode, bool align_corners")
def grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners):
    """``torch.grid_sampler``: ``torch.nn.functional.grid_sample`` with integer modes (interpolation 0 bilinear,
    1 nearest, 2 bicubic; padding 0 zeros, 1 border, 2 reflection) and every argument given.

    >>> import gradlib
    >>> gradlib.grid_sampler(gradlib.ones(1, 1, 2, 2), gradlib.zeros(1, 1, 1, 2), 0, 0, False)
    tensor([[[[1.]]]])
    """
    mode = _INTERPOLATION[interpolation_mode] if 0 <= interpolation_mode < 3 else interpolation_mode
    padding = _PADDING[padding_mode] if 0 <= padding_mode < 3 else padding_mode
    return F.grid_sample(input, grid, mode, padding, align_corners)


@_native("Tensor theta, SymInt[] size, bool align_corners")
def affine_grid_generator(theta, size, align_corners):
    """``torch.affine_grid_generator``: ``torch.nn.functional.affine_grid`` with ``align_corners`` given.

    >>> import gradlib
    >>> gradlib.affine_grid_generator(gradlib.tensor([[[1., 0., 0.], [0., 1., 0.]]]), [1, 1, 1, 2], False)
    tensor([[[[-0.5000,  0.0000],
              [ 0.5000,  0.0000]]]])
    """
    return F.affine_grid(theta, size, align_corners)


# ----- embeddings ---------------------------------------------------------------------------------------------------
@_native("Tensor weight, Tensor indices, SymInt padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False")
def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """``torch.embedding``: ``torch.nn.functional.embedding(indices, weight, ...)`` with the weight first and
    ``padding_idx=-1`` meaning none (a negative index never matches). Indices: an integer tensor of any shape;
    result ``indices.shape + (embedding_dim,)``. Errors: PyTorch's TypeError for wrong arguments, IndexError for
    an index out of range.

    >>> import gradlib
    >>> gradlib.embedding(gradlib.tensor([[1., 2.], [3., 4.]]), gradlib.tensor([1, 0]))
    tensor([[3., 4.],
            [1., 2.]])
    """
    padding = padding_idx if padding_idx >= 0 else None
    return F.embedding(indices, weight, padding, scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


_EMBEDDING_BAG = ("Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq=False, int mode=0, "
                  "bool sparse=False, Tensor? per_sample_weights=None, bool include_last_offset=False")
_EMBEDDING_BAG_PRINTED = (
    "(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq, int mode, bool sparse, Tensor "
    "per_sample_weights, bool include_last_offset, int padding_idx)",
    "(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq = False, int mode = 0, bool sparse = "
    "False, Tensor per_sample_weights = None, bool include_last_offset = False)")


@_native("Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq, int mode, bool sparse, "
         "Tensor? per_sample_weights, bool include_last_offset, int? padding_idx", _EMBEDDING_BAG,
         printed=_EMBEDDING_BAG_PRINTED)
def embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """``torch.embedding_bag``: ``(output, offset2bag, bag_size, max_indices)``. ``output`` is
    ``torch.nn.functional.embedding_bag(indices, weight, offsets, ...)`` with the weight first and an integer
    ``mode`` (0 sum, 1 mean, 2 max; ``padding_idx`` None: none, negative: counted from the end). The other three are PyTorch's CPU
    kernel's bookkeeping, in ``indices``' dtype: ``offset2bag`` the bag of each index (empty for a float32,
    float16 or bfloat16 sum without padding, PyTorch's fast path), ``bag_size`` the count of each bag without
    padding (zeros for a sum), ``max_indices`` the row picked for each bag and column in max mode (first of tied
    maxima; 0 for an empty bag), ``bag_size`` again in mean mode, zeros for a sum. Errors: RuntimeError for a
    mode outside 0-2 or ``per_sample_weights`` outside sum mode; PyTorch's TypeError for wrong arguments.

    >>> import gradlib
    >>> weight = gradlib.tensor([[1., 5.], [3., 3.], [3., 5.]])
    >>> gradlib.embedding_bag(weight, gradlib.tensor([0, 1, 2]), gradlib.tensor([0, 1]), False, 2)
    (tensor([[1., 5.],
            [3., 5.]]), tensor([0, 1, 1]), tensor([1, 2]), tensor([[0, 0],
            [1, 2]]))
    """
    if mode not in (0, 1, 2):
        raise RuntimeError("`mode` must be sum, mean, or max.")
    if per_sample_weights is not None and mode != 0:
        raise RuntimeError("embedding_bag: per_sample_weights only supported with mode='sum'")
    padding = padding_idx
    if padding is not None and padding < 0:  # counted from the end, as PyTorch's kernel
        padding += weight.shape[0]
    output = F.embedding_bag(indices, weight, offsets, scale_grad_by_freq=scale_grad_by_freq,
                             mode=("sum", "mean", "max")[mode], sparse=sparse, per_sample_weights=per_sample_weights,
                             include_last_offset=include_last_offset, padding_idx=padding)
    with grad_mode.no_grad():
        return (output,) + _bag_bookkeeping(weight, indices, offsets, mode, include_last_offset, padding, output)


def _bag_bookkeeping(weight, indices, offsets, mode, include_last_offset, padding, output):
    """PyTorch's CPU kernel's offset2bag, bag_size and max_indices (see ``embedding_bag``)."""
    bags = offsets.shape[0] - (1 if include_last_offset else 0)
    kind = indices.dtype
    starts = offsets[:bags].to(kind)
    positions = _creation.arange(indices.shape[0], dtype=kind, device=indices.device)
    offset2bag = (_searchsorted(starts, positions, right=True) - 1).to(kind)
    zeros = _creation.zeros(bags, dtype=kind, device=indices.device)
    if mode == 0:
        fast = padding is None and weight.dtype.itemsize in (2, 4) and weight.dtype.is_floating_point
        if fast:
            offset2bag = _creation.empty(0, dtype=kind, device=indices.device)
        return offset2bag, zeros, zeros.clone()
    kept = indices != padding if padding is not None else indices >= 0
    bag = offset2bag.long()  # index arguments are int64
    bag_size = zeros.index_add(0, bag, kept.to(kind))
    if mode == 1:
        return offset2bag, bag_size, bag_size.clone()
    rows = weight[indices]
    hit = (rows == output[bag]) & kept[:, None]
    last = indices.shape[0]
    first = _creation.full_like(output, last, dtype=kind).scatter_reduce(
        0, bag[:, None].expand_as(rows), positions[:, None].expand_as(rows).where(hit, last), "amin")
    padded = _creation.zeros(last + 1, dtype=kind, device=indices.device)
    padded[:last] = indices
    return offset2bag, bag_size, padded[first.long()]
