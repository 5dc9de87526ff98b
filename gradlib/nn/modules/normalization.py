"""``RMSNorm``: root-mean-square layer normalization (PyTorch's ``torch.nn.RMSNorm``)."""
from ... import _creation
from .. import functional as F
from ..parameter import Parameter
from .module import Module
from ... import _homes
from .layers import GroupNorm, LayerNorm, LocalResponseNorm

__all__ = ["RMSNorm", "GroupNorm", "LayerNorm", "LocalResponseNorm"]


class RMSNorm(Module):
    """``F.rms_norm`` over the last dims ``normalized_shape`` (an int or a sequence), with a learnable
    per-element ``weight`` (ones) when ``elementwise_affine``. ``eps=None``: the machine epsilon of the input's
    computation dtype. Mirrors ``torch.nn.RMSNorm``.

    >>> import gradlib
    >>> norm = gradlib.nn.RMSNorm(2)
    >>> norm
    RMSNorm((2,), eps=None, elementwise_affine=True)
    >>> norm(gradlib.tensor([[3., 4.]]))
    tensor([[0.8485, 1.1314]], grad_fn=<MulBackward0>)
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape = shape
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(_creation.ones(*shape, device=device, dtype=dtype))
        else:
            self.register_parameter("weight", None)

    def reset_parameters(self):
        if self.weight is not None:
            self.weight.data.fill_(1.0)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


_homes.adopt(__name__, GroupNorm, LayerNorm, LocalResponseNorm)
