"""The fused "add a product" functions: ``addmm``, ``addmv``, ``addr``, ``baddbmm``, ``addbmm`` (``beta * input +
alpha * product``), each one node with PyTorch's name, and ``chain_matmul``, ``inner``.

As PyTorch: ``input`` broadcasts to the product's shape (never the other way: RuntimeError "The expanded size of
the tensor ..."), all operands share one dtype (no promotion), and ``beta=0`` ignores ``input``'s values (NaN
and inf included) and gives it a zero gradient.
"""
import math
import warnings

from .. import dtypes
from .. import _autocast
from . import linalg
from ._args import require_tensor
from ._op import Op, check_argument_devices, saved_sizes

__all__ = ["addmm", "addmv", "addr", "baddbmm", "addbmm", "chain_matmul", "inner"]


def _product(xp, kind, a, b):
    if kind == "addr":
        return a[:, None] * b[None, :]
    product = xp.matmul(a, b)
    if kind == "addbmm":
        return product.sum(axis=0)
    return product


def _addbmm_half(xp, input, a, b, beta, alpha):
    """float16 addbmm as PyTorch's CPU kernel computes it: one addmm per batch element, each accumulated in float32
    and rounded to float16 into the running result."""
    shape = (a.shape[1], b.shape[2])
    result = xp.broadcast_to(input * input.dtype.type(beta) if beta != 0 else xp.zeros_like(input), shape)
    for index in range(a.shape[0]):
        product = xp.matmul(a[index].astype(xp.float32), b[index].astype(xp.float32))
        result = (result.astype(xp.float32) + alpha * product).astype(a.dtype)
    return xp.array(result, copy=True) if a.shape[0] == 0 else result


def _scalar(xp, value, dtype):
    """alpha or beta in the operands' dtype (integer tensors take its integer part, wrapping as PyTorch's)."""
    if dtype.kind in "iub":
        return xp.asarray(int(value)).astype(dtype)
    return value


class _AddProduct(Op):
    """``beta * input + alpha * product(a, b)``; ``kind`` says which product (the node class's function)."""

    __slots__ = ("beta", "alpha")
    kind = None

    @classmethod
    def forward(cls, ctx, xp, input, a, b, beta, alpha):
        ctx.beta, ctx.alpha = beta, alpha
        ctx.save_for_backward(a, b)
        if cls.kind == "addbmm" and dtypes.floating_np(a.dtype) and a.dtype.itemsize == 2:
            return _addbmm_half(xp, input, a, b, beta, alpha)
        product = _product(xp, cls.kind, a, b)
        if alpha != 1:
            product = product * _scalar(xp, alpha, a.dtype)
        if beta == 0:
            return product.astype(a.dtype, copy=False)
        if beta != 1:
            input = input * _scalar(xp, beta, a.dtype)
        return (product + input).astype(a.dtype, copy=False)

    @classmethod
    def backward(cls, ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_input = None
        if needs[0]:
            grad_input = grad * ctx.beta if ctx.beta != 1 else grad
        scaled = grad * ctx.alpha if ctx.alpha != 1 else grad
        grad_a = grad_b = None
        kind = cls.kind
        if kind == "addr":
            grad_a = P.matmul(scaled, b) if needs[1] else None
            grad_b = P.matmul(P.swapaxes(scaled, 0, 1), a) if needs[2] else None
            return grad_input, grad_a, grad_b
        if kind == "addmv":
            grad_a = P.expand_dims(scaled, -1) * b if needs[1] else None
            grad_b = P.matmul(P.swapaxes(a, 0, 1), scaled) if needs[2] else None
            return grad_input, grad_a, grad_b
        if kind == "addbmm":
            scaled = P.broadcast_to(scaled, (a.shape[0],) + tuple(scaled.shape))
        if needs[1]:
            grad_a = P.matmul(scaled, P.swapaxes(b, -1, -2))
        if needs[2]:
            grad_b = P.matmul(P.swapaxes(a, -1, -2), scaled)
        return grad_input, grad_a, grad_b


class AddmmBackward0(_AddProduct):
    __slots__ = ()
    kind = "addmm"
    saved_names = ("mat1", "mat2")
    saved_scalars = {"alpha": "alpha", "beta": "beta", "mat1_sym_sizes": saved_sizes(1),
                     "mat1_sym_strides": lambda node: linalg._input_strides(node, 1, 0),
                     "mat2_sym_sizes": saved_sizes(2),
                     "mat2_sym_strides": lambda node: linalg._input_strides(node, 2, 1)}
    saved_for_inputs = ((), (1,), (0,))  # as PyTorch's: mat1 kept only for mat2's gradient, mat2 for mat1's


class AddmvBackward0(_AddProduct):
    __slots__ = ()
    saved_scalars = {'alpha': 'alpha', 'beta': 'beta'}
    kind = "addmv"
    saved_names = ("mat", "vec")


class AddrBackward0(_AddProduct):
    __slots__ = ()
    saved_scalars = {'alpha': 'alpha', 'beta': 'beta'}
    kind = "addr"
    saved_names = ("vec1", "vec2")


class BaddbmmBackward0(_AddProduct):
    __slots__ = ()
    saved_scalars = {'alpha': 'alpha', 'beta': 'beta'}
    kind = "baddbmm"
    saved_names = ("batch1", "batch2")


class AddbmmBackward0(_AddProduct):
    __slots__ = ()
    saved_scalars = {"alpha": "alpha", "batch1_sym_argsize_0": lambda node: node.input_shape(1)[0],
                     "batch1_sym_argsize_1": lambda node: node.input_shape(1)[1],
                     "batch2_sym_argsize_2": lambda node: node.input_shape(2)[2], "beta": "beta"}
    kind = "addbmm"
    saved_names = ("batch1", "batch2")


def _expand_error(input_shape, target):
    for offset in range(1, len(input_shape) + 1):
        size, want = input_shape[-offset], target[-offset] if offset <= len(target) else None
        if want is not None and size != 1 and size != want:
            dim = len(target) - offset
            return RuntimeError(f"The expanded size of the tensor ({want}) must match the existing size ({size}) at "
                                f"non-singleton dimension {dim}.  Target sizes: {list(target)}.  Tensor sizes: "
                                f"{list(input_shape)}")
    return RuntimeError(f"the number of sizes provided ({len(target)}) must be greater or equal to the number of "
                        f"dimensions in the tensor ({len(input_shape)})")


def _apply(node, name, input, a, b, names, target, beta, alpha):
    """Checks common to the five functions, then the node. ``names``: PyTorch's argument names of a and b."""
    if not (input._device is a._device is b._device):
        check_argument_devices(name, ("self", input), (names[0], a), (names[1], b))
    if len(input.shape) > len(target) or any(
            size != 1 and size != want for size, want in zip(reversed(input.shape), reversed(target))):
        raise _expand_error(input.shape, target)
    if input.dtype is not b.dtype and name != "addr":
        raise RuntimeError(f"self and {names[1]} must have the same dtype, but got {input.dtype.scalar_type} and "
                           f"{b.dtype.scalar_type}")
    if a.dtype is not b.dtype or input.dtype is not a.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {a.dtype.c_type} != "
                           f"{b.dtype.c_type}")
    if _autocast.active:
        input, a, b = _autocast.lower(input, a, b) if name in ("addmm", "baddbmm", "addbmm") else \
            _autocast.lower_cuda(input, a, b)
    return node.apply(input, a, b, beta, alpha)


def _require(name, tensors):
    for position, (value, argument) in enumerate(tensors):
        require_tensor(name, value, argument, position + 1)


def check_addmm_dtypes(input, mat1, mat2):
    """addmm's meta checks of dtypes, in PyTorch's order: ``self`` against ``mat2``, then ``mat1`` against ``mat2``
    (``linear`` with a bias folds into addmm, so it reports them too)."""
    if input.dtype is not mat2.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {input.dtype.scalar_type} and "
                           f"{mat2.dtype.scalar_type}")
    if mat1.dtype is not mat2.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {mat1.dtype.scalar_type} and "
                           f"{mat2.dtype.scalar_type}")


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)`` for matrices mat1 (n, m) and mat2 (m, p); ``input`` broadcasts to
    (n, p). Mirrors ``torch.addmm`` (one AddmmBackward0 node). RuntimeError for non-matrices, mismatched shapes or
    dtypes.

    >>> import gradlib
    >>> gradlib.addmm(gradlib.tensor([1., 2.]), gradlib.ones(2, 3), gradlib.ones(3, 2), alpha=0.5)
    tensor([[2.5000, 3.5000],
            [2.5000, 3.5000]])
    """
    _require("addmm", ((input, "input"), (mat1, "mat1"), (mat2, "mat2")))
    check_addmm_dtypes(input, mat1, mat2)
    for matrix, argument in ((mat1, "mat1"), (mat2, "mat2")):
        if matrix.ndim != 2:
            raise RuntimeError(f"{argument} must be a matrix, got {matrix.ndim}-D tensor")
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x{mat1.shape[1]} and "
                           f"{mat2.shape[0]}x{mat2.shape[1]})")
    return _apply(AddmmBackward0, "addmm", input, mat1, mat2, ("mat1", "mat2"), (mat1.shape[0], mat2.shape[1]),
                  beta, alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat @ vec)`` for a matrix (n, m) and a vector (m,); ``input`` broadcasts to (n,).
    Mirrors ``torch.addmv``.

    >>> import gradlib
    >>> gradlib.addmv(gradlib.tensor([1., 2.]), gradlib.eye(2), gradlib.tensor([3., 4.]), beta=2)
    tensor([5., 8.])
    """
    _require("addmv", ((input, "input"), (mat, "mat"), (vec, "vec")))
    if mat.ndim != 2 or vec.ndim != 1 or mat.shape[1] != vec.shape[0] or \
            (input.ndim == 1 and input.shape[0] not in (1, mat.shape[0])) or input.ndim > 1:
        raise RuntimeError(f"size mismatch, got input ({', '.join(map(str, input.shape))}), mat "
                           f"({'x'.join(map(str, mat.shape))}), vec ({', '.join(map(str, vec.shape))})")
    if input.dtype is dtypes.bool and mat.dtype is dtypes.bool and vec.dtype is dtypes.bool:  # no bool gemv kernel
        suffix = "cpu" if input.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"addmv_impl_{suffix}" not implemented for \'Bool\'')
    return _apply(AddmvBackward0, "addmv", input, mat, vec, ("mat", "vec"), (mat.shape[0],), beta, alpha)


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """``beta * input + alpha * outer(vec1, vec2)``; ``input`` broadcasts to (len(vec1), len(vec2)). Mirrors
    ``torch.addr``.

    >>> import gradlib
    >>> gradlib.addr(gradlib.zeros(2, 2), gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.]))
    tensor([[3., 4.],
            [6., 8.]])
    """
    _require("addr", ((input, "input"), (vec1, "vec1"), (vec2, "vec2")))
    for vector, number in ((vec1, 1), (vec2, 2)):
        if vector.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument vec{number}, but got {vector.ndim}-D")
    return _apply(AddrBackward0, "addr", input, vec1, vec2, ("vec1", "vec2"), (vec1.shape[0], vec2.shape[0]),
                  beta, alpha)


def _check_batches(name, batch1, batch2):
    for batch, number in ((batch1, 1), (batch2, 2)):
        if batch.ndim != 3:
            raise RuntimeError(f"batch{number} must be a 3D tensor")
    if batch1.shape[0] != batch2.shape[0] or batch1.shape[2] != batch2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch1.shape[0]}, {batch1.shape[2]}] but got: [{batch2.shape[0]}, {batch2.shape[1]}].")


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * bmm(batch1, batch2)`` for (b, n, m) and (b, m, p) batches; ``input`` broadcasts to
    (b, n, p). Mirrors ``torch.baddbmm``.

    >>> import gradlib
    >>> gradlib.baddbmm(gradlib.ones(1, 2, 2), gradlib.ones(1, 2, 3), gradlib.ones(1, 3, 2), beta=0.5)
    tensor([[[3.5000, 3.5000],
             [3.5000, 3.5000]]])
    """
    _require("baddbmm", ((input, "input"), (batch1, "batch1"), (batch2, "batch2")))
    _check_batches("baddbmm", batch1, batch2)
    target = (batch1.shape[0], batch1.shape[1], batch2.shape[2])
    return _apply(BaddbmmBackward0, "baddbmm", input, batch1, batch2, ("batch1", "batch2"), target, beta, alpha)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * sum over the batch of batch1[i] @ batch2[i]``; ``input`` broadcasts to (n, p).
    Mirrors ``torch.addbmm``.

    >>> import gradlib
    >>> gradlib.addbmm(gradlib.zeros(2, 2), gradlib.ones(3, 2, 1), gradlib.ones(3, 1, 2))
    tensor([[3., 3.],
            [3., 3.]])
    """
    _require("addbmm", ((input, "input"), (batch1, "batch1"), (batch2, "batch2")))
    _check_batches("addbmm", batch1, batch2)
    target = (batch1.shape[1], batch2.shape[2])
    return _apply(AddbmmBackward0, "addbmm", input, batch1, batch2, ("batch1", "batch2"), target, beta, alpha)


_WARNED = []  # chain_matmul's deprecation warning, once


def chain_matmul(*matrices):
    """The product of 2-D tensors, left to right (deprecated in PyTorch, with its warning, once: use
    ``linalg.multi_dot``). One matrix gives a copy. Mirrors ``torch.chain_matmul``.

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gradlib.chain_matmul(gradlib.eye(2), gradlib.tensor([[1., 2.], [3., 4.]]), gradlib.eye(2))
    tensor([[1., 2.],
            [3., 4.]])
    """
    if not _WARNED:
        _WARNED.append(True)  # once per process, as PyTorch's TORCH_WARN_ONCE
        warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
                      "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than "
                      "multiple parameters.", UserWarning, stacklevel=2)
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for matrix in matrices:
        if matrix.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {matrix.ndim}, expected 2 instead.")
    if _autocast.active:
        matrices = _autocast.lower_cuda(*matrices)
    if len(matrices) == 1:
        return matrices[0].clone()
    result = linalg.mm(matrices[0], matrices[1])
    for matrix in matrices[2:]:
        result = linalg.mm(result, matrix)
    return result


def inner(input, other):
    """The inner product over the last dim: (..., n) and (..., n) give input.shape[:-1] + other.shape[:-1]; a
    0-d operand multiplies. Mirrors ``torch.inner``.

    >>> import gradlib
    >>> gradlib.inner(gradlib.tensor([[1., 2.], [3., 4.]]), gradlib.tensor([1., 1.]))
    tensor([3., 7.])
    """
    require_tensor("inner", input)
    require_tensor("inner", other, "other", 2)
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{list(input.shape)} and {list(other.shape)}")
    if input.dtype is not other.dtype:  # PyTorch's inner is a tensordot, whose check this is
        raise RuntimeError("both inputs should have same dtype")
    # the row counts spelled out: -1 cannot be inferred beside a last dim of 0
    left = input.reshape(math.prod(input.shape[:-1]), input.shape[-1])
    right = other.reshape(math.prod(other.shape[:-1]), other.shape[-1])
    return linalg.mm(left, right.mT).reshape(tuple(input.shape[:-1]) + tuple(other.shape[:-1]))
