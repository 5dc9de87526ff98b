"""SparseAdam: Adam's update masked to the entries of a sparse gradient (PyTorch's ``torch.optim.SparseAdam``)."""
from .. import _sparse_registry
from . import _sparse_updates
from . import optimizer
from .optimizer import Optimizer

__all__ = ["SparseAdam"]


class SparseAdam(Optimizer):
    """Adam for dense parameters with sparse COO gradients (``nn.Embedding(sparse=True)``): only the moments and
    parameter entries at the gradient's (coalesced) indices change, as PyTorch's masked approximation of Adam.
    State: ``step`` (a Python int, as PyTorch's), ``exp_avg``, ``exp_avg_sq`` (dense). A dense gradient raises
    PyTorch's RuntimeError at ``step()``; sparse or complex parameters, lr or eps not positive, betas outside
    [0, 1) raise its ValueErrors at construction. Mirrors ``torch.optim.SparseAdam``.

    >>> import gradlib
    >>> emb = gradlib.nn.Embedding(3, 1, sparse=True, _weight=gradlib.ones(3, 1))
    >>> opt = gradlib.optim.SparseAdam(emb.parameters(), lr=0.1)
    >>> emb(gradlib.tensor([0, 0])).sum().backward(); opt.step()
    >>> emb.weight
    Parameter containing:
    tensor([[0.9000],
            [1.0000],
            [1.0000]], requires_grad=True)
    """

    _sparse_refusal = None
    _dense_refusal = "SparseAdam does not support dense gradients, please consider Adam instead"

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False):
        optimizer.check_tensor_lr(lr)
        if not 0.0 < lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, maximize=maximize))
        sparse_params = []
        complex_params = []
        for index, group in enumerate(self.param_groups):
            for d_index, param in enumerate(group["params"]):
                if _sparse_registry.is_sparse(param):
                    sparse_params.append([index, d_index])
                if param.is_complex():
                    complex_params.append([index, d_index])
        if sparse_params:
            raise ValueError(f"Sparse params at indices {sparse_params}: SparseAdam requires dense parameter "
                             f"tensors")
        if complex_params:
            raise ValueError(f"Complex params at indices {complex_params}: SparseAdam does not support complex "
                             f"parameters")

    def _update(self, xp, group, param, grad, state, tensor):
        raise RuntimeError(self._dense_refusal)  # _check_gradient_layouts refuses dense gradients first

    def _sparse_update(self, xp, group, param, grad, state, tensor):
        _sparse_updates.sparse_adam(group, param, grad, state, tensor, self._zeros_like)
