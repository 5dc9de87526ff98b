"""``torch.geqrf``: LAPACK's packed QR factorization (``(a, tau)``: R on and above the diagonal, the Householder
vectors below it, their scalars in ``tau``; ``linalg.householder_product(a, tau)`` rebuilds Q). The node is
PyTorch's GeqrfBackward0, whose derivative PyTorch does not implement: backward raises its NotImplementedError.
"""
from .. import return_types
from ..autograd.grad_mode import state as _grad_state
from ._op import Op

__all__ = ["geqrf"]


class GeqrfBackward0(Op):
    __slots__ = ()
    multi_output = True
    num_outputs = 2

    @staticmethod
    def forward(ctx, xp, a):
        packed, tau = xp.linalg.qr(a, mode="raw")  # LAPACK's column-major a: transposed
        return xp.ascontiguousarray(xp.swapaxes(packed, -1, -2)), tau

    @staticmethod
    def backward(ctx, P, grads):
        raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


def geqrf(input):
    """``(a, tau)`` of LAPACK's geqrf for (batches of) matrices ``input`` ``(*, m, n)``: ``a`` ``(*, m, n)`` holds R
    and the Householder vectors, ``tau`` ``(*, min(m, n))`` their scalars. Mirrors ``torch.geqrf``, whose backward
    is not implemented (NotImplementedError, as PyTorch's; complex input that requires grad raises at once).

    >>> import gradlib
    >>> gradlib.geqrf(gradlib.tensor([[4., 2.], [2., 3.]])).tau
    tensor([1.8944, 0.0000])
    """
    if input.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    if not (input.dtype.is_floating_point or input.dtype.is_complex) or input.dtype.itemsize == 2:
        suffix = "cpu" if input.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"geqrf_{suffix}" not implemented for \'{input.dtype.scalar_type}\'')
    if input.dtype.is_complex and input.requires_grad and _grad_state.enabled:
        raise RuntimeError("geqrf does not support automatic differentiation for outputs with complex dtype.")
    a, tau = GeqrfBackward0.apply(input)
    return return_types.geqrf(a, tau)
