"""Dropout in ``gradlib.nn.functional``: ``dropout``, ``dropout1d/2d/3d`` (whole channels) and the alpha dropouts that
keep SELU networks self-normalizing. ``functional`` re-exports these."""
import math
import warnings

from .. import _creation, _memory_order, _sampling
from ..ops._args import refuse_integral, require_tensor

__all__ = ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"]


def check_aten_probability(p):
    """The RuntimeError of PyTorch's ATen dropouts (``torch.dropout``, scaled_dot_product_attention's dropout_p)
    for ``p`` outside [0, 1]; ``nn.functional``'s own check raises a ValueError."""
    if not 0 <= p <= 1:
        shown = int(p) if float(p).is_integer() else p
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {shown}")


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p) (identity when not training).

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> out = gradlib.nn.functional.dropout(gradlib.ones(1000), 0.5)
    >>> sorted(set(out.tolist())), 400 < int((out == 0).sum()) < 600
    ([0.0, 2.0], True)
    """
    require_tensor("dropout", input)
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:  # PyTorch's input.mul(zeros({})): a 0-d tensor operand (MulBackward0 saves it)
        return input * _creation.zeros((), dtype=input.dtype, device=input.device)
    noise = _sampling.keep_mask(tuple(input.shape), 1 - p, dtype=input.dtype, device=input.device,
                                order=_memory_order.order_of(input)) / (1 - p)  # as PyTorch: in input's memory order
    if inplace:
        return input.mul_(noise)
    return input * noise


def _feature_dropout(input, p, training, inplace, batched_dims, name):
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    spatial = batched_dims - 2
    note = (f"Note that {name} exists to provide channel-wise dropout on inputs with {spatial} spatial "
            f"dimension{'s' if spatial > 1 else ''}, a channel dimension, and an optional batch dimension (i.e. "
            f"{batched_dims - 1}D or {batched_dims}D inputs).")
    channels_at = input.ndim - spatial  # every element of a channel shares one draw
    if input.ndim not in (batched_dims - 1, batched_dims):
        if spatial == 1:
            raise RuntimeError(f"{name}: Expected {batched_dims - 1}D or {batched_dims}D input, but received a "
                               f"{input.ndim}D input. " + note)
        warnings.warn(f"{name}: Received a {input.ndim}-D input to {name}, which is deprecated and will result in "
                      "an error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. " + note, stacklevel=3)
        channels_at = min(2, input.ndim)
    elif name == "dropout2d" and input.ndim == 3:  # PyTorch keeps its historic (N, C, L) reading, and says so
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This "
                      "behavior will change in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.", stacklevel=3)
        channels_at = 2
    if not training or p == 0:
        return input
    mask_shape = tuple(input.shape[:channels_at]) + (1,) * (input.ndim - channels_at)
    keep = _sampling.keep_mask(mask_shape, 1 - p, dtype=input.dtype, device=input.device)
    scale = keep / (1 - p) if p < 1 else keep
    return input.mul_(scale) if inplace else input * scale


_SELU_ALPHA = 1.7580993408473766  # SELU's -scale * alpha: the value a dropped unit takes before the affine fix


def _alpha_dropout(input, p, training, inplace, feature):
    """PyTorch's ``_dropout_impl`` with ``alpha_dropout``: a kept unit becomes a * x + a * alpha * p, a dropped one
    a * alpha * (p - 1), with a = 1 / sqrt((alpha^2 p + 1)(1 - p)), so a SELU network's zero mean and unit
    variance survive. ``feature``: one draw per (sample, channel)."""
    require_tensor("feature_alpha_dropout" if feature else "alpha_dropout", input)
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or input.numel() == 0:
        return input
    if feature and input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    zero = _creation.zeros((), dtype=input.dtype, device=input.device)
    if p == 1:
        return input.mul_(zero) if inplace else input * zero
    refuse_integral("alpha_dropout", input)
    shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2) if feature else tuple(input.shape)
    order = None if feature else _memory_order.order_of(input)  # empty_like(input), or the feature noise's own
    keep = _sampling.keep_mask(shape, 1 - p, dtype=input.dtype, device=input.device, order=order)
    a = 1.0 / math.sqrt((_SELU_ALPHA * _SELU_ALPHA * p + 1) * (1 - p))
    shift = (keep - 1) * (_SELU_ALPHA * a) + _SELU_ALPHA * a * p
    noise = keep * a
    if inplace:
        return input.mul_(noise).add_(shift)
    return input * noise + shift


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks: while training, each element is set to SELU's negative saturation value with
    probability ``p`` and an affine map restores zero mean and unit variance (identity when not training, for
    ``p=0`` or an empty input; zeros for ``p=1``). Any shape, floating dtype. ValueError for ``p`` outside
    [0, 1]. Mirrors ``torch.nn.functional.alpha_dropout`` (note ``training=False`` by default, as PyTorch).

    >>> import gradlib
    >>> x = gradlib.ones(3)
    >>> gradlib.nn.functional.alpha_dropout(x, 0.5) is x, gradlib.nn.functional.alpha_dropout(x, 1.0, True)
    (True, tensor([0., 0., 0.]))
    """
    return _alpha_dropout(input, p, training, inplace, feature=False)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """``alpha_dropout`` with one draw per channel: (N, C, *) inputs, every element of a (sample, channel) pair
    kept or dropped together. RuntimeError for fewer than 2 dims while training. Mirrors
    ``torch.nn.functional.feature_alpha_dropout``.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> out = gradlib.nn.functional.feature_alpha_dropout(gradlib.zeros(2, 3, 4), 0.5, True)
    >>> bool((out == out[:, :, :1]).all())
    True
    """
    return _alpha_dropout(input, p, training, inplace, feature=True)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) with probability ``p`` (scaling the rest). Mirrors
    ``torch.nn.functional.dropout1d``."""
    return _feature_dropout(input, p, training, inplace, 3, "dropout1d")


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) with probability ``p`` (scaling the rest); a 3-D input is read as
    (N, C, L), with PyTorch's UserWarning. Mirrors ``torch.nn.functional.dropout2d``.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> out = gradlib.nn.functional.dropout2d(gradlib.ones(1, 64, 2, 2))
    >>> sorted(set(out.flatten().tolist())), bool((out.amax((2, 3)) == out.amin((2, 3))).all())
    ([0.0, 2.0], True)
    """
    return _feature_dropout(input, p, training, inplace, 4, "dropout2d")


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) with probability ``p``. Mirrors
    ``torch.nn.functional.dropout3d``."""
    return _feature_dropout(input, p, training, inplace, 5, "dropout3d")
