"""``torch.functional``: the tensor functions PyTorch writes in Python (``einsum``, ``split``, ``norm``,
``meshgrid``, ``unique``, ``tensordot``, ``cdist``, ``broadcast_tensors``, ``atleast_1d`` ...). They are
gradlib's top-level functions themselves (``gradlib.functional.einsum is gradlib.einsum``, as in PyTorch), for
programs that import them from here (``from torch.functional import einsum``).

>>> import gradlib
>>> from gradlib.functional import einsum, split
>>> einsum("i,i->", gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.]))
tensor(11.)
>>> split(gradlib.arange(5), 2)
(tensor([0, 1]), tensor([2, 3]), tensor([4]))
"""
from . import (atleast_1d, atleast_2d, atleast_3d, block_diag, broadcast_shapes, broadcast_tensors,  # noqa: F401
               cartesian_prod, cdist, chain_matmul, einsum, istft, lu, meshgrid, norm, pca_lowrank, split, stft,
               svd_lowrank, tensordot, unique, unique_consecutive, unravel_index)

__all__ = ["atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "broadcast_shapes", "broadcast_tensors",
           "cartesian_prod", "cdist", "chain_matmul", "einsum", "istft", "lu", "meshgrid", "norm", "pca_lowrank",
           "split", "stft", "svd_lowrank", "tensordot", "unique", "unique_consecutive", "unravel_index"]
