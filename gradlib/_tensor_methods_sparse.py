"""The sparse side of a dense Tensor: its layout, the conversions to the sparse layouts, and PyTorch's refusals
of the sparse-only methods (``indices``, ``values``, ``coalesce``) on a strided tensor. The sparse classes
themselves are ``gradlib/_sparse_coo.py`` and ``_sparse_csr.py``, found through ``_sparse_registry``."""
from . import _formats, _sparse_registry

__all__ = ["SparseTensorMethods"]


class SparseTensorMethods:
    """Methods of ``Tensor`` about sparse layouts (a dense tensor's answers)."""

    __slots__ = ()

    #: True for a sparse COO tensor (``SparseCooTensor`` overrides it)
    is_sparse = False
    #: True for a sparse CSR tensor
    is_sparse_csr = False

    @property
    def layout(self):
        """``gradlib.strided`` for a dense tensor."""
        return _formats.strided

    def to_sparse(self, sparse_dim=None, *, layout=None, blocksize=None, dense_dim=None):
        """The nonzero entries as a coalesced sparse COO tensor (``layout=gradlib.sparse_csr``: CSR); on CUDA it
        waits for the number of nonzeros, as PyTorch. Differentiable.

        >>> import gradlib
        >>> gradlib.tensor([[0., 1.], [2., 0.]]).to_sparse()
        tensor(indices=tensor([[0, 1],
                               [1, 0]]),
               values=tensor([1., 2.]),
               size=(2, 2), nnz=2, layout=gradlib.sparse_coo)
        """
        if layout is _formats.sparse_csr:
            return _sparse_registry.CONVERSIONS["to_sparse_csr"](self)
        if layout is not None and layout is not _formats.sparse_coo:
            raise RuntimeError(f"to_sparse: gradlib converts to sparse_coo or sparse_csr, not {layout!r}")
        return _sparse_registry.CONVERSIONS["to_sparse"](self, sparse_dim)

    def to_sparse_coo(self):
        """``to_sparse()``."""
        return self.to_sparse()

    def to_sparse_csr(self, dense_dim=None):
        """This matrix in sparse CSR layout (2-D).

        >>> import gradlib
        >>> gradlib.tensor([[0., 1.], [2., 0.]]).to_sparse_csr().crow_indices()
        tensor([0, 1, 2])
        """
        return _sparse_registry.CONVERSIONS["to_sparse_csr"](self)

    def to_dense(self, dtype=None, *, masked_grad=None):
        """A dense tensor is its own dense form (converted to ``dtype`` where given)."""
        return self if dtype is None else self.to(dtype)

    def sparse_dim(self):
        return 0

    def dense_dim(self):
        return self.ndim

    def is_coalesced(self):
        raise RuntimeError("is_coalesced expected sparse coordinate tensor layout but got Strided")

    def coalesce(self):
        raise RuntimeError("coalesce expected sparse coordinate tensor layout but got Strided")

    def indices(self):
        raise RuntimeError("indices expected sparse coordinate tensor layout but got Strided")

    def values(self):
        raise RuntimeError("values expected sparse tensor layout but got Strided")

    def crow_indices(self):
        raise RuntimeError("crow_indices expected sparse row compressed tensor layout but got Strided")

    def col_indices(self):
        raise RuntimeError("col_indices expected sparse row compressed tensor layout but got Strided")

    def _nnz(self):
        backend = "CUDA" if self.device.type == "cuda" else "CPU"
        raise NotImplementedError(f"Could not run 'aten::_nnz' with arguments from the '{backend}' backend. This "
                                  "could be because the operator doesn't exist for this backend")
