"""``torch.nn.modules.channelshuffle`` as PyTorch's module path: the public home of ``ChannelShuffle``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import ChannelShuffle

__all__ = ["ChannelShuffle"]


_homes.adopt(__name__, ChannelShuffle)
