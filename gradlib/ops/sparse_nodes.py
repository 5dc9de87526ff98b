"""The nodes that name a sparse tensor's history as PyTorch names it.

gradlib's sparse tensors (``gradlib/_sparse_coo.py``, ``_sparse_csr.py``) keep their values in a dense tensor, and
their ops (coalesce, to_dense, ``sparse.mm``, ``sparse.softmax``) are compositions of dense differentiable ops
(index_select, index_add, scatter_reduce) on those values, so that first and higher derivatives come from the dense
ops' own rules. Each composition ends in one of the identity nodes below, whose only job is the name PyTorch gives
the step (``grad_fn=<SparseAddmmBackward0>``): the value and the gradient pass through unchanged.
"""
from ._op import Op, saved_sizes

__all__ = ["SparseCooTensorWithDimsAndTensorsBackward0", "ToSparseBackward1", "CoalesceBackward0",
           "SparseAddmmBackward0", "ToDenseBackward0", "SparseSoftmaxBackward0", "SparseLogSoftmaxBackward0",
           "SparseMmBackward0", "SparseMvBackward0", "ValuesBackward0", "SparseCsrTensorBackward0", "name_step"]


class _Named(Op):
    """Identity: the forward returns a view of its input, the backward hands the gradient on."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a):
        return a.view()

    @staticmethod
    def backward(ctx, P, grad):
        return grad


class SparseCooTensorWithDimsAndTensorsBackward0(_Named):
    """``sparse_coo_tensor(indices, values)`` of values that require grad."""
    __slots__ = ()


class SparseCsrTensorBackward0(_Named):
    """``sparse_csr_tensor(crow, col, values)`` of values that require grad."""
    __slots__ = ()


class ToSparseBackward1(_Named):
    """``dense.to_sparse()``."""
    __slots__ = ()


class CoalesceBackward0(_Named):
    """``sparse.coalesce()``."""
    __slots__ = ()


class SparseAddmmBackward0(_Named):
    """``gradlib.sparse.mm(sparse, dense)`` (``gradlib.spmm``)."""
    __slots__ = ()
    saved_scalars = {'mat2_sym_sizes': saved_sizes()}


class SparseMvBackward0(_Named):
    """``gradlib.mv(sparse, vector)``, ``sparse @ vector``: PyTorch's MvBackward0."""
    __slots__ = ()
    node_name = "MvBackward0"


class ValuesBackward0(_Named):
    """``sparse.values()``."""
    __slots__ = ()


class ToDenseBackward0(_Named):
    """``sparse.to_dense()``."""
    __slots__ = ()


class SparseSoftmaxBackward0(_Named):
    """``gradlib.sparse.softmax``."""
    __slots__ = ()


class SparseLogSoftmaxBackward0(_Named):
    """``gradlib.sparse.log_softmax``."""
    __slots__ = ()


class SparseMmBackward0(_Named):
    """``gradlib.mm(sparse, dense)``, ``sparse @ dense``: PyTorch's MmBackward0."""
    __slots__ = ()
    node_name = "MmBackward0"


def name_step(node_class, tensor):
    """``tensor`` under the node ``node_class`` when it is in a graph (untouched otherwise)."""
    if tensor.requires_grad:
        return node_class.apply(tensor)
    return tensor
