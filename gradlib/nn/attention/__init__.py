"""``gradlib.nn.attention``: choosing the kernel of ``scaled_dot_product_attention`` (PyTorch's
``torch.nn.attention``). gradlib has PyTorch's two CPU kernels: the math path and the fused one that PyTorch's
CPU dispatch calls flash attention (one node, ScaledDotProductFlashAttentionForCpuBackward0); ``sdpa_kernel``
limits which of them may run, as PyTorch's does. The causal biases are in ``gradlib.nn.attention.bias``.
"""
import contextlib
import enum
import threading

__all__ = ["SDPBackend", "sdpa_kernel"]


class SDPBackend(int, enum.Enum):
    """The kernels of scaled_dot_product_attention (PyTorch's ``torch.nn.attention.SDPBackend``; ``int()`` of a
    member is PyTorch's number). On CPU only MATH and FLASH_ATTENTION exist; the others are never viable.

    >>> from gradlib.nn.attention import SDPBackend
    >>> SDPBackend.MATH, int(SDPBackend.FLASH_ATTENTION)
    (<SDPBackend.MATH: 0>, 1)
    """

    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4

    def __str__(self):
        return f"SDPBackend.{self.name}"


_ALL = (SDPBackend.MATH, SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.CUDNN_ATTENTION,
        SDPBackend.OVERRIDEABLE)
_STATE = threading.local()


def enabled_backends():
    """The backends scaled_dot_product_attention may use now (all outside ``sdpa_kernel``)."""
    return getattr(_STATE, "backends", _ALL)


@contextlib.contextmanager
def sdpa_kernel(backends, set_priority=False):
    """Within the ``with`` block, scaled_dot_product_attention uses only ``backends`` (one SDPBackend or a list of
    them; PyTorch's ``torch.nn.attention.sdpa_kernel``). ``set_priority`` is accepted (gradlib picks the fused
    kernel where PyTorch's CPU dispatch does, else the math one). A call that no enabled kernel can run raises
    PyTorch's RuntimeError; ``backends`` of another type raise its AssertionError.

    >>> import gradlib
    >>> from gradlib.nn.attention import SDPBackend, sdpa_kernel
    >>> q = gradlib.ones(1, 1, 2, 2, requires_grad=True)
    >>> with sdpa_kernel(SDPBackend.MATH):
    ...     out = gradlib.nn.functional.scaled_dot_product_attention(q, q, q)
    >>> out.grad_fn.name()
    'UnsafeViewBackward0'
    """
    if isinstance(backends, SDPBackend):
        backends = [backends]
    if not isinstance(backends, (list, tuple, set)) or not all(isinstance(b, SDPBackend) for b in backends):
        raise AssertionError(f"Backend must be an instance of SDPBackend or a list of SDPBackend instances, got "
                             f"{type(backends).__name__}")
    previous = enabled_backends()
    _STATE.backends = tuple(b for b in _ALL if b in backends)
    try:
        yield {}
    finally:
        _STATE.backends = previous
