"""``torch.nn.modules.upsampling`` as PyTorch's module path: the public home of
``Upsample``, ``UpsamplingBilinear2d``, ``UpsamplingNearest2d``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .sampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d

__all__ = ["Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d"]


_homes.adopt(__name__, Upsample, UpsamplingBilinear2d, UpsamplingNearest2d)
