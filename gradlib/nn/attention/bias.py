"""Causal attention biases for ``scaled_dot_product_attention`` (PyTorch's ``torch.nn.attention.bias``):
``causal_upper_left`` is ``is_causal=True``; ``causal_lower_right`` aligns the causal triangle to the last key.
"""
import enum
import warnings

from ... import _creation, _tensor, _torch_function, dtypes
from ...device import CPU
from ...ops import rearrange
from .. import _attention

__all__ = ["CausalVariant", "CausalBias", "causal_upper_left", "causal_lower_right"]


class CausalVariant(enum.IntEnum):
    """UPPER_LEFT: ``tril(ones(q, kv))``; LOWER_RIGHT: ``tril(ones(q, kv), diagonal=kv - q)`` (PyTorch's)."""

    UPPER_LEFT = 1
    LOWER_RIGHT = 2


class CausalBias(_tensor.Tensor):
    """A causal mask passed as ``attn_mask`` to scaled_dot_product_attention (PyTorch's ``CausalBias``, a Tensor
    subclass whose own data is PyTorch's legacy ``Tensor(variant, seq_len_q, seq_len_kv)``: float32 of that shape,
    zeros here). It prints as its materialized boolean mask. With is_causal=True it raises ValueError; a
    LOWER_RIGHT bias with seq_len_q > seq_len_kv warns (rows that may attend to nothing).

    >>> from gradlib.nn.attention.bias import causal_lower_right
    >>> causal_lower_right(2, 3)
    tensor([[ True,  True, False],
            [ True,  True,  True]])
    """

    #: scaled_dot_product_attention reads the bias itself (PyTorch routes it through __torch_function__)
    __torch_function__ = _torch_function.disabled_torch_function_impl

    __slots__ = ("variant", "seq_len_q", "seq_len_kv")

    def __new__(cls, variant, seq_len_q, seq_len_kv):
        self = object.__new__(cls)
        data = _creation.zeros(int(variant), seq_len_q, seq_len_kv, device=CPU)
        _tensor._init_leaf(self, data._array, data._device)
        return self

    def __init__(self, variant, seq_len_q, seq_len_kv):
        if not isinstance(variant, CausalVariant):
            raise AssertionError(f"variant must be a CausalVariant, got {type(variant).__name__}")
        self.variant = variant
        self.seq_len_q = seq_len_q
        self.seq_len_kv = seq_len_kv
        if seq_len_q > seq_len_kv and variant == CausalVariant.LOWER_RIGHT:
            warnings.warn("Lower right causal bias will produce NaNs in the output when seq_len_q > seq_len_kv!",
                          stacklevel=2)

    def _materialize(self, device=None):
        """The boolean mask (True: may attend), on ``device`` (CPU by default)."""
        ones = _creation.ones(self.seq_len_q, self.seq_len_kv, dtype=dtypes.bool, device=device or CPU)
        if self.variant == CausalVariant.UPPER_LEFT:
            return rearrange.tril(ones)
        return rearrange.tril(ones, diagonal=self.seq_len_kv - self.seq_len_q)

    @staticmethod
    def _dispatch(query, key, value, attn_mask, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False):
        """scaled_dot_product_attention with this bias: ``is_causal=True`` for UPPER_LEFT (or equal lengths), the
        materialized mask for LOWER_RIGHT (PyTorch's CPU path)."""
        if is_causal:
            raise ValueError("CausalBias should not be used with causal=True")
        sdpa = _attention.scaled_dot_product_attention
        if attn_mask.seq_len_q == attn_mask.seq_len_kv or attn_mask.variant == CausalVariant.UPPER_LEFT:
            return sdpa(query, key, value, attn_mask=None, dropout_p=dropout_p, is_causal=True, scale=scale,
                        enable_gqa=enable_gqa)
        if attn_mask.variant == CausalVariant.LOWER_RIGHT:
            return sdpa(query, key, value, attn_mask=attn_mask._materialize(query.device), dropout_p=dropout_p,
                        is_causal=False, scale=scale, enable_gqa=enable_gqa)
        raise ValueError(f"CausalBias.variant must be a CausalVariant type, but found: {attn_mask.variant}")

    def __repr__(self):
        return repr(self._materialize())

    __str__ = __repr__


def causal_upper_left(*size):
    """The upper-left causal bias of shape ``(seq_len_q, seq_len_kv)``: the same as ``is_causal=True``."""
    if len(size) != 2:
        raise AssertionError("causal_upper_left only supports 2D tensors")
    seq_len_q, seq_len_kv = size
    return CausalBias(CausalVariant.UPPER_LEFT, seq_len_q, seq_len_kv)


def causal_lower_right(*size):
    """The lower-right causal bias of shape ``(seq_len_q, seq_len_kv)``: query i may attend to keys up to
    ``i + seq_len_kv - seq_len_q``."""
    if len(size) != 2:
        raise AssertionError("causal_lower_right only supports 2D tensors")
    seq_len_q, seq_len_kv = size
    return CausalBias(CausalVariant.LOWER_RIGHT, seq_len_q, seq_len_kv)
