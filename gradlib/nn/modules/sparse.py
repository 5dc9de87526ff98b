"""``torch.nn.modules.sparse`` as PyTorch's module path: the public home of ``Embedding``, ``EmbeddingBag``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import Embedding, EmbeddingBag

__all__ = ["Embedding", "EmbeddingBag"]


_homes.adopt(__name__, Embedding, EmbeddingBag)
