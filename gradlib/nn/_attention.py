"""Attention: ``scaled_dot_product_attention`` and ``multi_head_attention_forward`` (re-exported by
``gradlib.nn.functional``), composed of differentiable ops so every order of gradient flows through them.

Mask conventions are PyTorch's and differ between the two: in ``scaled_dot_product_attention`` a boolean
``attn_mask`` is True where attention is *allowed*; in ``multi_head_attention_forward`` (``nn.MultiheadAttention``)
boolean ``attn_mask``/``key_padding_mask`` are True where attention is *not* allowed. Float masks are added to the
scores in both.
"""
import math
import warnings

from .. import _autocast, _creation, _memory_order, _sampling, dtypes
from ..ops import comparison, gather_scatter, join, linalg, nn_ops, rearrange, selection, shape
from . import _dropout as _dropout_module, attention
from .attention import bias as _bias

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


def _dropout(input, p):
    """Training-mode dropout (as ``torch.dropout``: RuntimeError for ``p`` above 1)."""
    _dropout_module.check_aten_probability(p)
    if p == 0:
        return input
    if p == 1:
        return input * 0
    keep = _sampling.keep_mask(tuple(input.shape), 1 - p, dtype=input.dtype, device=input.device,
                               order=_memory_order.order_of(input))  # empty_like(input): its memory order
    return input * (keep / (1 - p))


def _safe_softmax(scores):
    """Softmax over the last dim, with rows that are entirely -inf giving zeros and zero gradients (PyTorch's
    ``_safe_softmax``): such rows are replaced by zeros before the softmax, so no NaN enters forward or backward."""
    masked_rows = comparison.all(scores == -math.inf, -1, keepdim=True)
    zero = _creation.zeros((), dtype=scores.dtype, device=scores.device)
    out = nn_ops.softmax(selection.where(masked_rows, zero, scores), -1)
    return selection.where(masked_rows, zero, out)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(Q K^T * scale + mask) V over the last two dims.

    ``query`` (..., L, E), ``key`` (..., S, E), ``value`` (..., S, Ev) give (..., L, Ev). ``scale`` defaults to
    1/sqrt(E); ``attn_mask`` is boolean (True = may attend) or float (added), broadcast to (..., L, S);
    ``is_causal`` masks the upper triangle (together with ``attn_mask``: both apply in the flash kernel, the math
    path raises RuntimeError); an empty query or value gives zeros; ``dropout_p`` drops
    attention weights (always, as PyTorch: pass 0.0 in evaluation). A query row that may attend to nothing
    gives zeros. ``enable_gqa`` repeats key/value heads to the query's. ``attn_mask`` may be a
    ``gradlib.nn.attention.bias.CausalBias``; ``gradlib.nn.attention.sdpa_kernel`` limits the kernels (RuntimeError
    when none enabled can run). Mirrors
    ``torch.nn.functional.scaled_dot_product_attention``: where PyTorch's CPU dispatch picks its flash kernel (4-D
    inputs, no dropout, see ``_flash_applies``) one node, ScaledDotProductFlashAttentionForCpuBackward0, else its
    math path (Q and K each scaled by sqrt(scale)).

    >>> import gradlib
    >>> q = gradlib.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    >>> gradlib.nn.functional.scaled_dot_product_attention(q, q, q, is_causal=True)
    tensor([[[1.0000, 0.0000],
             [0.3302, 0.6698]]])
    """
    if isinstance(attn_mask, _bias.CausalBias):
        return attn_mask._dispatch(query, key, value, attn_mask, dropout_p, is_causal, scale, enable_gqa)
    if _autocast.active:
        query, key, value = _autocast.lower(query, key, value)
    if not query.dtype is key.dtype is value.dtype:
        raise RuntimeError(f"Expected query, key, and value to have the same dtype, but got query.dtype: "
                           f"{query.dtype.c_type} key.dtype: {key.dtype.c_type} and value.dtype: "
                           f"{value.dtype.c_type} instead.")
    _check_sdpa_inputs(query, key, value, attn_mask)
    if query.shape[-2] == 0 or value.numel() == 0:
        return _empty_attention(query, key, value)
    length, source = query.shape[-2], key.shape[-2]
    if scale is None:  # C++'s 1 / sqrt(0) is inf
        scale = 1.0 / math.sqrt(query.shape[-1]) if query.shape[-1] else math.inf
    factor = math.sqrt(scale)
    if enable_gqa and _grouped_query_applies(query, key, value):
        key, value = _grouped_query_heads(query, key, value)
    backends = attention.enabled_backends()
    flash = attention.SDPBackend.FLASH_ATTENTION in backends and _flash_applies(query, key, value, attn_mask,
                                                                                   dropout_p)
    if not flash and attention.SDPBackend.MATH not in backends:
        if attention.SDPBackend.FLASH_ATTENTION in backends:  # PyTorch's CPU kernels: math and flash
            raise RuntimeError("No available kernel.  Aborting execution.")
        raise RuntimeError("No viable backend for scaled_dot_product_attention was found. This is likely due to "
                           "turning off both the math kernel and the fused kernels.")
    if flash:
        if not query.dtype.is_floating_point:  # PyTorch's flash kernel reads the inputs as float
            raise RuntimeError(f"expected scalar type Float but found {query.dtype.scalar_type}")
        return nn_ops.ScaledDotProductFlashAttentionForCpuBackward0.apply(query, key, value, attn_mask, is_causal,
                                                                          scale)
    if is_causal and attn_mask is not None:  # the math path's check (the flash kernel applies both)
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when "
                           "is_causal=True")
    if enable_gqa:
        key, value = _grouped_query_heads(query, key, value)
    scores = linalg.matmul(query * factor, key.transpose(-2, -1) * factor)
    if is_causal:
        allowed = rearrange.tril(_creation.ones(length, source, dtype=dtypes.bool, device=query.device))
        scores = gather_scatter.masked_fill(scores, ~allowed, -math.inf)
    elif attn_mask is not None:
        if attn_mask.dtype is dtypes.bool:
            # PyTorch converts a boolean mask into an added bias of 0 and -inf: a NaN score stays NaN where masked
            bias = _creation.zeros(*attn_mask.shape, dtype=scores.dtype, device=scores.device)
            scores = scores + gather_scatter.masked_fill(bias, ~attn_mask, -math.inf)
        else:
            scores = scores + attn_mask
    weights = _safe_softmax(scores)
    if dropout_p > 0.0:
        weights = _dropout(weights, dropout_p)
    return linalg.matmul(weights, value)


def _flash_applies(query, key, value, attn_mask, dropout_p):
    """Whether PyTorch's CPU dispatch picks its flash kernel (one node, ScaledDotProductFlashAttentionForCpuBackward0)
    over the math path: 4-D (B, H, L, E) inputs of one batch and head count, one head size, non-empty sequences,
    no dropout and a 2-D or 4-D mask (if any) that needs no gradient."""
    if not (query.ndim == key.ndim == value.ndim == 4) or dropout_p > 0.0:
        return False
    if attn_mask is not None and (attn_mask.requires_grad or attn_mask.ndim not in (2, 4)):
        return False
    if not (query.shape[0] == key.shape[0] == value.shape[0] and query.shape[1] == key.shape[1] == value.shape[1]):
        return False
    if not (query.shape[-1] == key.shape[-1] == value.shape[-1]) or key.shape[-2] != value.shape[-2]:
        return False
    if attn_mask is not None and _broadcast_shape(attn_mask.shape, (*query.shape[:-1], key.shape[-2])) is None:
        return False
    return query.shape[-2] > 0 and key.shape[-2] > 0


def _check_sdpa_inputs(query, key, value, attn_mask):
    """PyTorch's validate_sdpa_input after the dtypes: at least 2-D inputs, a mask of bool, float or the query's
    dtype."""
    if query.ndim < 2 or key.ndim < 2 or value.ndim < 2:
        raise RuntimeError(f"Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{query.ndim} key.dim: {key.ndim} and value.dim: {value.ndim} instead.")
    if attn_mask is not None and attn_mask.dtype not in (dtypes.bool, dtypes.float32, query.dtype):
        raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           f"attn_mask.dtype: {attn_mask.dtype.c_type} and  query.dtype: {query.dtype.c_type} "
                           f"instead.")


def _empty_attention(query, key, value):
    """PyTorch's answer where there is no query row or no value element: zeros of (..., L, Ev), before any shape,
    mask or causal check, joined to every input (zero gradients; a non-finite input gives NaN, as PyTorch's)."""
    zeros = _creation.zeros(*query.shape[:-1], value.shape[-1], dtype=query.dtype, device=query.device)
    return zeros + (query.sum() + key.sum() + value.sum()) * 0


def _grouped_query_applies(query, key, value):
    """Whether grouped heads can be repeated (at least 3-D, key and value heads dividing the query's); otherwise the
    math path raises, after its causal check."""
    if min(query.ndim, key.ndim, value.ndim) < 3 or not key.shape[-3] or not value.shape[-3]:
        return False
    return not (query.shape[-3] % key.shape[-3] or query.shape[-3] % value.shape[-3])


def _grouped_query_heads(query, key, value):
    """Key and value heads repeated to the query's (PyTorch's pre_process_group_query_attention_input)."""
    for tensor in (query, key, value):
        if tensor.ndim < 3:
            raise IndexError(f"Dimension out of range (expected to be in range of [-{tensor.ndim}, "
                             f"{tensor.ndim - 1}], but got -3)")
    heads, key_heads, value_heads = query.shape[-3], key.shape[-3], value.shape[-3]
    if heads == key_heads == value_heads:
        return key, value
    if heads % key_heads or heads % value_heads:
        raise RuntimeError("Number of heads in key and value must divide the number of heads in ")
    return _repeat_heads(key, heads // key_heads), _repeat_heads(value, heads // value_heads)


def _broadcast_shape(shape, target):
    """Whether ``shape`` broadcasts to ``target`` (its shape then, else None)."""
    if len(shape) > len(target):
        return None
    for size, want in zip(reversed(shape), reversed(target)):
        if size not in (1, want):
            return None
    return target


def _repeat_heads(tensor, repeats):
    heads = tensor.shape[-3]
    expanded = tensor.unsqueeze(-3).expand(*tensor.shape[:-2], repeats, *tensor.shape[-2:])
    return expanded.reshape(*tensor.shape[:-3], heads * repeats, *tensor.shape[-2:])


def canonical_mask(mask, mask_name, target_dtype, other_type=None, other_name=""):
    """A boolean mask (True = masked) as a float mask of 0 and -inf; float masks pass; None stays None."""
    if mask is None:
        return None
    if other_type is not None and mask.dtype is not other_type and (mask.dtype is dtypes.bool
                                                                     or mask.dtype.is_floating_point):
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. Use same type for both "
                      "instead.", UserWarning, stacklevel=3)
    if mask.dtype is dtypes.bool:
        return gather_scatter.masked_fill(_creation.zeros(*mask.shape, dtype=target_dtype, device=mask.device), mask,
                                    -math.inf)
    if not mask.dtype.is_floating_point:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    return mask


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """PyTorch's _mha_shape_check: the dims of the inputs and masks; whether the query is batched."""
    if query.ndim == 3:
        if key.ndim != 3 or value.ndim != 3:
            raise AssertionError(f"For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                                 f"{key.ndim}-D and {value.ndim}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.ndim != 2:
            raise AssertionError(f"For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                                 f"found {key_padding_mask.ndim}-D tensor instead")
        if attn_mask is not None and attn_mask.ndim not in (2, 3):
            raise AssertionError(f"For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                                 f"found {attn_mask.ndim}-D tensor instead")
        return True
    if query.ndim == 2:
        if key.ndim != 2 or value.ndim != 2:
            raise AssertionError(f"For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                                 f"{key.ndim}-D and {value.ndim}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.ndim != 1:
            raise AssertionError(f"For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D "
                                 f"but found {key_padding_mask.ndim}-D tensor instead")
        if attn_mask is not None:
            if attn_mask.ndim not in (2, 3):
                raise AssertionError(f"For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                                     f"but found {attn_mask.ndim}-D tensor instead")
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.ndim == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}")
        return False
    raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.ndim}-D query "
                         f"tensor")


def _check_attn_mask_shape(attn_mask, target, source, batch, heads):
    """The attention mask's shape against the projected inputs' (a 2-D one gains a leading dim)."""
    if attn_mask is None:
        return None
    if attn_mask.ndim == 2:
        if tuple(attn_mask.shape) != (target, source):
            raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                               f"{(target, source)}.")
        return attn_mask.unsqueeze(0)
    if attn_mask.ndim == 3:
        if tuple(attn_mask.shape) != (batch * heads, target, source):
            raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                               f"{(batch * heads, target, source)}.")
        return attn_mask
    raise RuntimeError(f"attn_mask's dimension {attn_mask.ndim} is not supported")


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """The computation of ``nn.MultiheadAttention`` on (L, N, E) query and (S, N, E_k/E_v) key/value (or
    unbatched (L, E)). Returns (output (L, N, E), weights (N, L, S) averaged over heads, (N, H, L, S) with
    ``average_attn_weights=False``, or None without ``need_weights``). Mirrors
    ``torch.nn.functional.multi_head_attention_forward``."""
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    target, batch, embed_dim = query.shape
    source = key.shape[0]
    attn_mask_type = None if attn_mask is None else attn_mask.dtype  # before it is made a float mask
    key_padding_mask = canonical_mask(key_padding_mask, "key_padding_mask", query.dtype, attn_mask_type, "attn_mask")
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # SDPA applies the causal mask itself
    else:
        attn_mask = canonical_mask(attn_mask, "attn_mask", query.dtype)
        is_causal = False if key_padding_mask is not None else is_causal
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight and key.shape[:2] != value.shape[:2]:
        raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                             f"{value.shape[:2]}")
    if not use_separate_proj_weight and key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")

    q, k, v = _project(query, key, value, in_proj_weight, in_proj_bias, use_separate_proj_weight,
                       (q_proj_weight, k_proj_weight, v_proj_weight))
    attn_mask = _check_attn_mask_shape(attn_mask, target, source, batch, num_heads)
    if bias_k is not None and bias_v is not None:
        k = join.cat([k, bias_k.reshape(1, 1, -1).expand(1, batch, embed_dim)])
        v = join.cat([v, bias_v.reshape(1, 1, -1).expand(1, batch, embed_dim)])
        attn_mask = _pad_last(attn_mask)
        key_padding_mask = _pad_last(key_padding_mask)

    q = q.reshape(target, batch * num_heads, head_dim).transpose(0, 1)
    k = k.reshape(k.shape[0], batch * num_heads, head_dim).transpose(0, 1)
    v = v.reshape(v.shape[0], batch * num_heads, head_dim).transpose(0, 1)
    if add_zero_attn:
        zeros = _creation.zeros(batch * num_heads, 1, head_dim, dtype=k.dtype, device=k.device)
        k = join.cat([k, zeros], 1)
        v = join.cat([v, zeros], 1)
        attn_mask = _pad_last(attn_mask)
        key_padding_mask = _pad_last(key_padding_mask)
    source = k.shape[1]
    if key_padding_mask is not None:
        if key_padding_mask.shape[0] != batch:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {batch}, but got "
                                 f"{key_padding_mask.shape[0]}")
        if key_padding_mask.shape[1] != source:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {source}, but got "
                                 f"{key_padding_mask.shape[1]}")
        padding = key_padding_mask.reshape(batch, 1, 1, source).expand(-1, num_heads, -1, -1)
        padding = padding.reshape(batch * num_heads, 1, source)
        attn_mask = padding if attn_mask is None else attn_mask + padding
    if not training:
        dropout_p = 0.0

    if need_weights:
        output, weights = _attend_with_weights(q, k, v, attn_mask, dropout_p, (target, batch, embed_dim, num_heads),
                                               (out_proj_weight, out_proj_bias), average_attn_weights)
        if not batched:
            output, weights = output.squeeze(1), weights.squeeze(0)
        return output, weights
    output = _attend_sdpa(q, k, v, attn_mask, dropout_p, is_causal, (target, batch, embed_dim, num_heads),
                          (out_proj_weight, out_proj_bias))
    return (output if batched else output.squeeze(1)), None


def _project(query, key, value, in_proj_weight, in_proj_bias, separate, separate_weights):
    """The Q, K, V input projections (one packed weight, or three when kdim/vdim differ)."""
    biases = (None, None, None) if in_proj_bias is None else shape.chunk(in_proj_bias, 3)
    weights = separate_weights if separate else shape.chunk(in_proj_weight, 3)
    if separate:  # PyTorch's _in_projection asserts each shape against the inputs' feature sizes
        features = query.shape[-1]
        for name, input, weight, bias in zip(("query", "key", "value"), (query, key, value), weights, biases):
            if tuple(weight.shape) != (features, input.shape[-1]):
                raise AssertionError(f"expecting {name} weights shape of {(features, input.shape[-1])}, but got "
                                     f"{weight.shape}")
        for name, bias in zip(("query", "key", "value"), biases):
            if bias is not None and tuple(bias.shape) != (features,):
                raise AssertionError(f"expecting {name} bias shape of {(features,)}, but got {bias.shape}")
    return (nn_ops.linear(query, weights[0], biases[0]), nn_ops.linear(key, weights[1], biases[1]),
            nn_ops.linear(value, weights[2], biases[2]))


def _attend_with_weights(q, k, v, attn_mask, dropout_p, sizes, out_proj, average_attn_weights):
    """Attention with explicit weights (bmm, softmax, bmm) and the output projection: PyTorch's need_weights
    path."""
    target, batch, embed_dim, num_heads = sizes
    source = k.shape[1]
    scaled = q * math.sqrt(1.0 / float(q.shape[-1]))
    scores = linalg.bmm(scaled, k.transpose(-2, -1))
    if attn_mask is not None:
        scores = attn_mask + scores
    weights = nn_ops.softmax(scores, -1)
    if dropout_p > 0.0:
        weights = _dropout(weights, dropout_p)
    output = linalg.bmm(weights, v)
    output = output.transpose(0, 1).reshape(target * batch, embed_dim)
    output = nn_ops.linear(output, *out_proj).reshape(target, batch, embed_dim)
    weights = weights.reshape(batch, num_heads, target, source)
    if average_attn_weights:
        weights = weights.mean(1)
    return output, weights


def _attend_sdpa(q, k, v, attn_mask, dropout_p, is_causal, sizes, out_proj):
    """Attention through scaled_dot_product_attention and the output projection: PyTorch's path without
    weights."""
    target, batch, embed_dim, num_heads = sizes
    source = k.shape[1]
    head_dim = q.shape[-1]
    if attn_mask is not None:
        if attn_mask.shape[0] == 1 and attn_mask.ndim == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.reshape(batch, num_heads, -1, source)
    q = q.reshape(batch, num_heads, target, head_dim)
    k = k.reshape(batch, num_heads, source, head_dim)
    v = v.reshape(batch, num_heads, source, head_dim)
    output = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    output = output.permute(2, 0, 1, 3).reshape(batch * target, embed_dim)
    return nn_ops.linear(output, *out_proj).reshape(target, batch, embed_dim)


def _pad_last(mask):
    """One more (unmasked) key column: PyTorch's ``pad(mask, (0, 1))``."""
    if mask is None:
        return None
    zeros = _creation.zeros(*mask.shape[:-1], 1, dtype=mask.dtype, device=mask.device)
    return join.cat([mask, zeros], -1)
