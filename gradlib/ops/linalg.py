"""Matrix products: matmul (every broadcasting case), mm, bmm, mv, dot, outer; inv, det, slogdet, solve, cholesky
(einsum and tensordot are in ``ops/einsum.py``, linear in ``ops/nn_ops.py``).

PyTorch does not promote dtypes in matrix products; neither does gradlib.
"""
import math

from .. import _autocast, _sparse_registry, _tensor as _tensor_module, dtypes, return_types
from ..backends import backend_of_array, host_linalg
from . import _broadcast, arithmetic, shape as _shape
from ._args import require_tensor
from . import complex_support
from ._op import Op, check_argument_devices, saved_sizes

__all__ = ["matmul", "mm", "mv", "dot", "bmm", "outer", "ger", "inv", "det", "slogdet", "solve", "cholesky",
           "LinAlgError"]


class _LinAlgError(RuntimeError):
    """Raised by ``linalg.inv`` and ``linalg.solve`` for a singular matrix and by ``linalg.cholesky`` for one that
    is not positive-definite: PyTorch's ``torch.linalg.LinAlgError`` (a RuntimeError subclass named
    ``_LinAlgError``, as PyTorch's ``torch._C._LinAlgError``). ``det`` and ``slogdet`` never raise it.

    On the CPU the call raises it with PyTorch's message, which names the zero pivot or the failing leading
    minor (counted from 1), and the batch element for batched input: "linalg.inv: The diagonal element 2 is
    zero, the inversion could not be completed because the input matrix is singular.". On CUDA the call returns
    at once with an invalid result (NaN for inv and solve), and the error is raised at the next synchronization
    on that GPU (``.item()``, ``float()``, ``.tolist()``, ``.cpu()``, printing, ``gradlib.cuda.synchronize()``;
    see ``gradlib.backends.deferred``), with the message less the pivot and the batch element; PyTorch raises
    at the call on CUDA too, by waiting for the GPU.

    >>> import gradlib
    >>> singular = gradlib.tensor([[1., 2.], [2., 4.]])
    >>> try:
    ...     gradlib.linalg.inv(singular).sum().item()  # on CUDA the error is raised by this .item()
    ... except gradlib.linalg.LinAlgError as error:
    ...     print(str(error).split(":")[0], "singular" in str(error), isinstance(error, RuntimeError))
    linalg.inv True True
    """


LinAlgError = _LinAlgError


def _factorize(xp, name, function, a, *rest):
    """``function(a, *rest)``, refusing singular (inv, solve) or non-positive-definite (cholesky) ``a`` with
    PyTorch's LinAlgError. On the CPU LAPACK reports it and the message names LAPACK's info, recomputed from a
    host copy of ``a``. On CUDA cuSOLVER's report would cost a sync, so the result is tested on the device
    (non-finite where the inputs were finite; a Cholesky factor whose diagonal is not positive) and the error,
    without the info, is raised at the next synchronization (see ``gradlib.backends.deferred``)."""
    backend = backend_of_array(a)
    operands = (a,) + rest

    def failed(out):
        if name == "cholesky":
            return ~(xp.diagonal(out, axis1=-2, axis2=-1).real > 0).all()
        inputs_finite = xp.isfinite(a).all()
        for operand in rest:
            inputs_finite = inputs_finite & xp.isfinite(operand).all()
        return inputs_finite & ~xp.isfinite(out).all()

    return backend.factorize(function, operands, failed, lambda: _linalg_error(name, backend.to_numpy(a)),
                             _LinAlgError(_DEFERRED_MESSAGES[name]), test_result=name == "cholesky")


def inv_array(xp, a):
    """The inverse of the raw array ``a``, refusing a singular one with PyTorch's LinAlgError (the primitive
    ``inv`` of backward formulas: NumPy's own LinAlgError never escapes)."""
    return _factorize(xp, "inv", xp.linalg.inv, a)


def solve_array(xp, a, b):
    """A^-1 B for raw arrays (B a matrix), refusing a singular A with PyTorch's LinAlgError (the primitive
    ``solve``)."""
    return _factorize(xp, "solve", xp.linalg.solve, a, b)


_DEFERRED_MESSAGES = {
    "inv": "linalg.inv: The inversion could not be completed because the input matrix is singular.",
    "solve": "torch.linalg.solve: The solver failed because the input matrix is singular.",
    "cholesky": "linalg.cholesky: The factorization could not be completed because the input is not "
                "positive-definite.",
}


def _linalg_error(name, host):
    if name == "cholesky":
        batch, order = host_linalg.first_failure(host, host_linalg.cholesky_failure_order)
        problem = (f"The factorization could not be completed because the input is not positive-definite (the "
                   f"leading minor of order {order or host.shape[-1]} is not positive-definite).")
        prefix = "linalg.cholesky: "
    elif name == "inv":
        batch, pivot = host_linalg.first_failure(host, host_linalg.lu_zero_pivot)
        problem = (f"The diagonal element {pivot or host.shape[-1]} is zero, the inversion could not be "
                   f"completed because the input matrix is singular.")
        prefix = "linalg.inv: "
    else:
        batch, _ = host_linalg.first_failure(host, host_linalg.lu_zero_pivot)
        problem = "The solver failed because the input matrix is singular."
        prefix = "torch.linalg.solve: "
    if host.ndim > 2:
        prefix += f"(Batch element {batch}): "
    return _LinAlgError(prefix + problem)


class _MatmulOp(Op):
    """``a @ b`` with NumPy/PyTorch matmul semantics; 1-D operands gain and lose a dim."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.matmul(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        a_vector = a.ndim == 1
        b_vector = b.ndim == 1
        if a_vector and b_vector:
            return (grad * b if needs[0] else None), (grad * a if needs[1] else None)
        if a_vector:
            a = P.expand_dims(a, 0)
            grad = P.expand_dims(grad, -2)
        if b_vector:
            b = P.expand_dims(b, -1)
            grad = P.expand_dims(grad, -1)
        grad_a = grad_b = None
        if needs[0]:
            grad_a = P.matmul(grad, P.swapaxes(b, -1, -2))
            if a_vector:
                grad_a = P.sum(grad_a, -2)
        if needs[1]:
            grad_b = P.matmul(P.swapaxes(a, -1, -2), grad)
            if b_vector:
                grad_b = P.sum(grad_b, -1)
        return grad_a, grad_b


class DotBackward0(_MatmulOp):
    __slots__ = ()
    saved_names = ("self", "tensor")


class MvBackward0(_MatmulOp):
    """matrix @ vector. Its gradients are PyTorch's formulas: ``grad`` outer ``vec`` for the matrix (a broadcast
    product: MulBackward0 under create_graph) and ``self^T @ grad`` for the vector (MvBackward0)."""

    __slots__ = ()
    saved_names = ("self", "vec")

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        if a.ndim != 2 or b.ndim != 1:
            return _MatmulOp.backward(ctx, P, grad)
        needs = ctx.needs_input_grad
        grad_a = P.expand_dims(grad, -1) * b if needs[0] else None
        grad_b = P.matmul(P.swapaxes(a, 0, 1), grad) if needs[1] else None
        return grad_a, grad_b


def _input_strides(node, index, saved_index=None):
    """PyTorch's ``_saved_<input>_sym_strides``: the strides (in elements) of tensor input ``index``, read from its
    saved value (``saved_index``, where it is not ``index``), or a contiguous layout's where the node did not keep
    it."""
    saved = node._saved
    saved_index = index if saved_index is None else saved_index
    array = getattr(saved[saved_index], "array", None) if isinstance(saved, tuple) else None
    if array is not None:
        return tuple(stride // array.itemsize for stride in array.strides)
    shape = node.input_shape(index)
    strides = []
    step = 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


class MmBackward0(_MatmulOp):
    """``mm``: as PyTorch's, it keeps ``self`` only where ``mat2`` needs a gradient and ``mat2`` only where ``self``
    does, and packs ``mat2`` first under saved_tensors_hooks."""

    __slots__ = ()
    saved_names = ("self", "mat2")
    saved_for_inputs = ((1,), (0,))
    pack_order = (1, 0)
    saved_scalars = {"self_sym_sizes": saved_sizes(0), "mat2_sym_sizes": saved_sizes(1),
                     "self_sym_strides": lambda node: _input_strides(node, 0),
                     "mat2_sym_strides": lambda node: _input_strides(node, 1)}

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        first, second = ctx._edges
        if not P.differentiable and grad.ndim == 2:  # raw 2-D arrays (not vmap's batches): the same products, with .T
            return (grad @ b.T if first[0] is not None else None), (a.T @ grad if second[0] is not None else None)
        grad_a = P.matmul(grad, P.swapaxes(b, -1, -2)) if first[0] is not None else None
        grad_b = P.matmul(P.swapaxes(a, -1, -2), grad) if second[0] is not None else None
        return grad_a, grad_b


class UnsafeViewBackward0(_MatmulOp):
    """Batched matmul (PyTorch folds batches into one mm, then views: hence the name)."""

    __slots__ = ()


class BmmBackward0(_MatmulOp):
    """``bmm``: a batch of matrix products."""

    __slots__ = ()
    saved_names = ("self", "mat2")


class SqueezeBackward4(_MatmulOp):
    """vector @ matrix (PyTorch computes it as an unsqueezed mm, then squeezes)."""

    __slots__ = ()


def check_matmul(input, other):
    if input.ndim == 0 or other.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {input.ndim}D and {other.ndim}D")
    if input.dtype is not other.dtype:
        raise RuntimeError(_mixed_dtypes_message(input, other))
    if input.dtype.name == "bool":  # NumPy multiplies bools; PyTorch has no bool kernel
        kernel = "dot" if input.ndim == other.ndim == 1 else "addmm_impl_cpu_"
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')
    a_shape, b_shape = input.shape, other.shape
    if input.ndim == 1 and other.ndim == 1:
        if a_shape[0] != b_shape[0]:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{a_shape[0]}] and src [{b_shape[0]}] to have the "
                f"same number of elements, but got {a_shape[0]} and {b_shape[0]} elements respectively")
        return
    inner_a = a_shape[-1]
    inner_b = b_shape[0] if other.ndim == 1 else b_shape[-2]
    if input.ndim >= 3 and other.ndim >= 3:  # PyTorch broadcasts the batch dims first (infer_size's words)
        _check_batch_broadcast(a_shape[:-2], b_shape[:-2])
    if inner_a != inner_b:
        if input.ndim == 2 and other.ndim == 1:
            raise RuntimeError(
                f"size mismatch, got input ({a_shape[0]}), mat ({a_shape[0]}x{a_shape[1]}), vec ({b_shape[0]})")
        if other.ndim >= 3:
            _refuse_batched_other(input, other, inner_a, inner_b)
        if input.ndim >= 3 and other.ndim == 1:  # folded onto a vector: mv's words
            rows = math.prod(a_shape[:-1])
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{inner_a}), vec ({inner_b})")
        rows_a = "x".join(str(s) for s in ((1,) + a_shape if input.ndim == 1 else a_shape)[-2:])
        left = _flat2d(a_shape) if input.ndim > 2 else rows_a
        right = "x".join(str(s) for s in (b_shape[-2:] if other.ndim > 1 else (b_shape[0], 1)))
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({left} and {right})")


def _mixed_dtypes_message(input, other):
    """PyTorch's refusal of mixed dtypes in matmul, in the words of the kernel its dims dispatch to: dot, mv (a
    batch folded onto a vector too), bmm (the other operand batched), else mm."""
    first, second = input.dtype, other.dtype
    if input.ndim == 1 and other.ndim == 1:
        return (f"dot : expected both vectors to have same dtype, but found {first.scalar_type} and "
                f"{second.scalar_type}")
    if other.ndim == 1 and input.ndim >= 2:
        return (f"addmv input tensors must have the same dtype, but got {second.scalar_type}, {first.scalar_type}, "
                f"and {second.scalar_type}")
    if other.ndim >= 3 or (input.ndim >= 3 and other.ndim >= 3):
        return f"expected scalar type {first.scalar_type} but found {second.scalar_type}"
    return f"expected m1 and m2 to have the same dtype, but got: {first.c_type} != {second.c_type}"


def _refuse_batched_other(input, other, inner_a, inner_b):
    """PyTorch's refusal where ``other`` is batched: a 1-D/2-D ``input`` that requires grad is folded into the
    batch (other transposed, mv or mm words); otherwise both are expanded to one batch and bmm refuses."""
    a_shape, b_shape = input.shape, other.shape
    if input.ndim <= 2 and input.requires_grad:
        rows = math.prod(b_shape[:-2]) * b_shape[-1]
        if input.ndim == 1:
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{inner_b}), vec ({inner_a})")
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{inner_b} and {inner_a}x"
                           f"{a_shape[0]})")
    batch = _broadcast_batch(a_shape[:-2], b_shape[:-2])
    if batch is not None:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {inner_a}] "
                           f"but got: [{batch}, {inner_b}].")


def _check_batch_broadcast(first, second):
    length = max(len(first), len(second))
    for index in range(length - 1, -1, -1):
        offset = length - 1 - index
        a = first[len(first) - 1 - offset] if offset < len(first) else 1
        b = second[len(second) - 1 - offset] if offset < len(second) else 1
        if a != b and 1 not in (a, b):
            raise RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton "
                               f"dimension {index}")


def _broadcast_batch(first, second):
    """The element count of two batch shapes broadcast together (None where they do not broadcast)."""
    count = 1
    for index in range(1, max(len(first), len(second)) + 1):
        a = first[-index] if index <= len(first) else 1
        b = second[-index] if index <= len(second) else 1
        if a != b and 1 not in (a, b):
            return None
        count *= b if a == 1 else a
    return count


def _flat2d(shape):
    return f"{math.prod(shape[:-1])}x{shape[-1]}"


def check_matmul_devices(input, other):
    """The device check of the kernel PyTorch's matmul dispatches to for these dims (dot, mv, mm or bmm), whose
    generated wrapper names the arguments; ``input`` and ``other`` are at least 1-D."""
    dims = (input.ndim, other.ndim)
    if dims == (1, 1):
        check_argument_devices("_dot", ("self", input), ("tensor", other))
    elif dims == (2, 1):
        _check_mv_devices(input, other)
    elif dims in ((1, 2), (2, 2)):
        check_argument_devices("mm", ("self", input), ("mat2", other))
    elif _folds(input, other):
        if input.ndim >= other.ndim:
            check_argument_devices("mm", ("self", input), ("mat2", other))
        else:  # the larger operand, transposed, comes first
            check_argument_devices("mm", ("self", other), ("mat2", input))
    else:
        check_argument_devices("bmm", ("self", input), ("mat2", other))


def _folds(input, other):
    """PyTorch's should_fold: a >= 3-D operand beside a <= 2-D one is folded into one mm when the smaller one
    requires grad or the larger one folds without a copy."""
    larger, smaller = (input, other) if input.ndim >= other.ndim else (other, input)
    if not (larger.ndim >= 3 and smaller.ndim <= 2):
        return False
    if smaller._requires_grad:
        return True
    if input.ndim == 2:
        return False
    array = larger._array if larger is input else larger._array.swapaxes(-1, -2)
    if array.size == 0:
        return True
    strides, shape = array.strides, array.shape
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(array.ndim - 2))


def _check_mv_devices(matrix, vector):
    # PyTorch's mv allocates its result on the vector's device, then runs addmv_ into it
    check_argument_devices("addmv_", ("self", vector), ("mat", matrix), ("vec", vector))


def matmul(input, other):
    """Matrix product with broadcasting batch dims; 1-D operands act as vectors.

    >>> import gradlib
    >>> a = gradlib.tensor([[1., 2.], [3., 4.]])
    >>> a @ gradlib.tensor([1., 1.])
    tensor([3., 7.])
    """
    if input.__class__ in _sparse_registry.CLASSES or other.__class__ in _sparse_registry.CLASSES:
        return _sparse_registry.CONVERSIONS["mm"](input, other, "mm")
    if _autocast.active:
        input, other = _autocast.lower(input, other)
    return _matmul(input, other)


def _matmul(input, other):
    """``matmul`` without autocast's cast (``mv`` and ``dot``, which CPU autocast leaves alone, call it)."""
    if isinstance(input, _tensor_module.Tensor) and isinstance(other, _tensor_module.Tensor):
        a, b = input._array, other._array
        if a.ndim == 2 and b.ndim == 2 and a.dtype is b.dtype and dtypes.floating_np(a.dtype) \
                and a.shape[1] == b.shape[0] \
                and input._device is other._device:
            return MmBackward0.apply(input, other)  # the common case first, without the general checks
    require_tensor("matmul", input)
    require_tensor("matmul", other, "other", 2)
    if input.dtype is dtypes.bool and other.dtype is dtypes.bool:
        _refuse_bool_product(input, other)
    a, b = input._array, other._array
    if a.ndim == 2 and b.ndim == 2 and a.dtype is b.dtype and a.shape[1] == b.shape[0] \
            and input._device is other._device and a.dtype.kind != "b":
        return MmBackward0.apply(input, other)  # the common case, already checked
    if input._device is not other._device and input.ndim and other.ndim:
        check_matmul_devices(input, other)
    check_matmul(input, other)
    if input.ndim == 1 and other.ndim == 1:
        return DotBackward0.apply(input, other)
    if input.ndim == 2 and other.ndim == 1:
        return MvBackward0.apply(input, other)
    if input.ndim == 1 and other.ndim == 2:
        return SqueezeBackward4.apply(input, other)
    if input.ndim == 2 and other.ndim == 2:
        return MmBackward0.apply(input, other)
    return UnsafeViewBackward0.apply(input, other)


def mm(input, mat2):
    """Product of two matrices.

    >>> import gradlib
    >>> gradlib.mm(gradlib.eye(2), gradlib.tensor([[1., 2.], [3., 4.]]))
    tensor([[1., 2.],
            [3., 4.]])
    """
    if input.__class__ in _sparse_registry.CLASSES or mat2.__class__ in _sparse_registry.CLASSES:
        return _sparse_registry.CONVERSIONS["mm"](input, mat2, "mm")
    require_tensor("mm", input)
    require_tensor("mm", mat2, "mat2", 2)
    if input._device is not mat2._device:
        check_argument_devices("mm", ("self", input), ("mat2", mat2))
    if input.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    return matmul(input, mat2)


def mv(input, vec):
    """Matrix-vector product.

    >>> import gradlib
    >>> gradlib.mv(gradlib.eye(2), gradlib.tensor([5., 6.]))
    tensor([5., 6.])
    """
    if _autocast.active:
        input, vec = _autocast.lower_cuda(input, vec)
    require_tensor("mv", input)
    require_tensor("mv", vec, "vec", 2)
    if input._device is not vec._device and input.ndim:
        _check_mv_devices(input, vec)
    if input.ndim == 0:  # PyTorch reads the matrix's size(0) first
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    return _matmul(input, vec)


def _refuse_bool_product(input, other):
    """PyTorch has no bool kernel for products (dot, addmv, addmm): its NotImplementedError."""
    suffix = "cpu" if input.device.type == "cpu" else "cuda"
    if input.ndim == 1 and other.ndim == 1:
        kernel = "dot"
    elif input.ndim == 1 or other.ndim == 1:
        kernel = f"addmv_impl_{suffix}"
    else:
        kernel = f"addmm_impl_{suffix}_"
    raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def dot(input, tensor):
    """Inner product of two 1-D tensors.

    >>> import gradlib
    >>> gradlib.dot(gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.]))
    tensor(11.)
    """
    other = tensor
    require_tensor("dot", input)
    require_tensor("dot", other, "tensor", 2)
    if input._device is not other._device:
        check_argument_devices("_dot", ("self", input), ("tensor", other))
    if input.dtype is dtypes.bool and other.dtype is dtypes.bool and input.ndim == 1 and other.ndim == 1:
        _refuse_bool_product(input, other)
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{input.dtype.scalar_type} and {other.dtype.scalar_type}")
    return _matmul(input, other)


def bmm(input, mat2):
    """Batched product of two 3-D tensors.

    >>> import gradlib
    >>> gradlib.bmm(gradlib.ones(2, 1, 3), gradlib.ones(2, 3, 1)).shape
    gradlib.Size([2, 1, 1])
    """
    if _autocast.active:
        input, mat2 = _autocast.lower(input, mat2)
    require_tensor("bmm", input)
    require_tensor("bmm", mat2, "mat2", 2)
    if input._device is not mat2._device:
        check_argument_devices("bmm", ("self", input), ("mat2", mat2))
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    expected = [input.shape[0], input.shape[2]]
    if list(mat2.shape[:2]) != expected:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: {expected} but got: "
                           f"{list(mat2.shape[:2])}.")
    if input.dtype is dtypes.bool:  # PyTorch's order: the kernel's dtype first, then mat2's
        raise NotImplementedError('"bmm" not implemented for \'Bool\'')
    if input.dtype is not mat2.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype.scalar_type} but found {mat2.dtype.scalar_type}")
    return BmmBackward0.apply(input, mat2)


def outer(input, vec2):
    """The outer product of two vectors.

    >>> import gradlib
    >>> gradlib.outer(gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.]))
    tensor([[3., 4.],
            [6., 8.]])
    """
    require_tensor("outer", input)
    require_tensor("outer", vec2, "vec2", 2)
    for name, tensor in (("self", input), ("vec2", vec2)):
        if tensor.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {tensor.ndim}-D")
    return arithmetic.mul(_shape.unsqueeze(input, 1), _shape.unsqueeze(vec2, 0))


ger = outer


class LinalgInvExBackward0(Op):
    __slots__ = ()
    saved_names = ('inverse',)

    @staticmethod
    def forward(ctx, xp, a):
        out = _factorize(xp, "inv", xp.linalg.inv, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        out_t = P.swapaxes(out, -1, -2)
        return -P.matmul(P.matmul(out_t, grad), out_t)


class LinalgDetBackward0(Op):
    __slots__ = ()
    saved_names = ('A', 'result')

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.linalg.det(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        if not a.shape[-1]:
            return a * 0
        if P.differentiable:  # the cofactors as a node of their own, whose backward is det's second derivative
            return LinalgDetBackwardBackward0.apply(grad, a)
        return _cofactors(P.xp, grad, a)


def _svd_parts(xp, a):
    """A = U diag(s) Vh with sign = det U det Vh (+-1), so det A = sign prod s. A matrix holding NaN or inf
    (where LAPACK's SVD does not converge) is decomposed as zeros and its parts made NaN, so its gradients are
    NaN, as PyTorch's, and the other matrices of the batch keep theirs."""
    finite = xp.isfinite(a).all(axis=(-2, -1))
    u, s, vh = xp.linalg.svd(xp.where(finite[..., None, None], a, 0))
    nan = a.dtype.type(float("nan"))
    u = xp.where(finite[..., None, None], u, nan)
    s = xp.where(finite[..., None], s, nan)
    vh = xp.where(finite[..., None, None], vh, nan)
    return u, s, vh, xp.linalg.det(u) * xp.linalg.det(vh)


def _cofactors(xp, grad, a):
    """grad times the matrix of cofactors through the SVD, as PyTorch does for singular matrices (no inverse):
    d det / dA = U diag(sign prod_{j != i} s_j) Vh, exact whatever the rank."""
    u, s, vh, sign = _svd_parts(xp, a)
    others = _exclusive_products(xp, s)
    scaled = (grad * sign)[..., None] * others
    if a.dtype.kind == "c":  # det(A) A^-T = sign conj(U) diag(others) conj(Vh) for A = U diag(s) Vh
        u, vh = xp.conj(u), xp.conj(vh)
    return xp.matmul(u * scaled[..., None, :], vh)


def _exclusive_products(xp, s):
    """Along the last axis, the product of the other elements (no division: exact with zeros)."""
    ones = xp.ones_like(s[..., :1])
    before = xp.cumprod(xp.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
    after = xp.flip(xp.cumprod(xp.concatenate([ones, xp.flip(s[..., 1:], -1)], axis=-1), axis=-1), -1)
    return before * after


class LinalgDetBackwardBackward0(Op):
    """grad * cofactors(A) (det's gradient under create_graph), with the second derivative of det as its
    backward, exact at singular matrices: for an outer gradient G, d/dA <G, grad cof(A)> is grad times the
    derivative of cof along G (det's Hessian is symmetric), which in the SVD basis (Gh = U^T G Vh^T) is
    N_ii = sum_{k != i} Gh_kk P_ik, N_ij = -Gh_ji P_ij, P_ij the product of the singular values other than
    s_i and s_j; the result is sign U N Vh. Third derivatives of det are not available."""

    __slots__ = ()
    promote = True

    @staticmethod
    def forward(ctx, xp, grad, a):
        ctx.save_for_backward(grad, a)
        return _cofactors(xp, grad, a)

    @staticmethod
    def backward(ctx, P, outer):
        if P.differentiable:
            raise RuntimeError("gradlib: the third derivative of linalg.det is not implemented")
        grad, a = P.saved(ctx)
        xp = P.xp
        needs = ctx.needs_input_grad
        grad_grad = (outer * _cofactors(xp, xp.ones_like(grad), a)).sum(axis=(-2, -1)) if needs[0] else None
        grad_a = None
        if needs[1]:
            u, s, vh, sign = _svd_parts(xp, a)
            n = s.shape[-1]
            rotated = xp.matmul(xp.matmul(xp.swapaxes(u, -1, -2), outer), xp.swapaxes(vh, -1, -2))
            eye = xp.eye(n, dtype=bool)
            # P[..., i, j]: the product of s without s_i and s_j (s_i replaced by 1, then exclusive products)
            pairs = _exclusive_products(xp, xp.where(eye, 1, s[..., None, :]))
            diagonal = xp.diagonal(rotated, axis1=-2, axis2=-1)
            on_diagonal = (xp.where(eye, 0, pairs) * diagonal[..., None, :]).sum(axis=-1)
            n_matrix = xp.where(eye, 0, -xp.swapaxes(rotated, -1, -2) * pairs)
            n_matrix = n_matrix + on_diagonal[..., None] * eye
            grad_a = (grad * sign)[..., None, None] * xp.matmul(xp.matmul(u, n_matrix), vh)
        return grad_grad, grad_a


class LinalgSlogdetBackward0(Op):
    """(sign, log|det|): the sign is differentiable with zero gradient, as in PyTorch."""

    __slots__ = ()
    saved_names = ('A', 'sign')
    multi_output = True
    num_outputs = 2
    complex_aware = True  # complex: PyTorch's slogdet_backward, written with A^-H

    @staticmethod
    def forward(ctx, xp, a):
        sign, logabsdet = xp.linalg.slogdet(a)
        ctx.save_for_backward(a, sign)
        return sign, logabsdet

    @staticmethod
    def backward(ctx, P, grads):
        a, sign = P.saved(ctx)
        grad_sign, grad = grads
        dtype = ctx.input_dtype(0)
        if dtype.kind == "c":
            # log|det| = Re log det and sign = det/|det|: gA = g A^-H, g = g_logabsdet - i Im(conj(g_sign) sign)
            if grad is not None:
                grad = P.cast(grad, dtype)
            if grad_sign is not None:
                rotated = P.cast(P.imag(P.conj(grad_sign) * sign), dtype) * (-1j)
                grad = rotated if grad is None else grad + rotated
            if grad is None:
                return a * 0
            return P.expand_dims(P.expand_dims(grad, -1), -1) * P.conj(P.swapaxes(P.inv(a), -1, -2))
        if grad is None:
            return a * 0
        return P.expand_dims(P.expand_dims(grad, -1), -1) * P.swapaxes(P.inv(a), -1, -2)


class LinalgSolveExBackward0(Op):
    """X = A^-1 B; dB = A^-T G, dA = -dB X^T. B is a vector (batched like A) or a matrix, and the batch dims of A
    and B broadcast (``is_vector_rhs`` and the broadcast as PyTorch's linalg_solve)."""

    __slots__ = ("vector",)
    saved_names = ('A', 'result')
    saved_scalars = {"left": lambda node: True}  # A X = B (linalg_ex's node solves X A = B too)

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.vector = is_vector_rhs(a.shape, b.shape)
        rhs = b[..., None] if ctx.vector else b
        batch = _broadcast.broadcast_shapes(rhs.shape[:-2], a.shape[:-2])
        if rhs.shape[:-2] != batch:
            rhs = xp.broadcast_to(rhs, batch + rhs.shape[-2:])
        out = _factorize(xp, "solve", xp.linalg.solve, xp.broadcast_to(a, batch + a.shape[-2:]), rhs)
        if ctx.vector:
            out = out[..., 0]
        ctx.save_for_backward(a, out)  # the output itself, so double backward sees it as one
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        if ctx.vector:
            grad = P.expand_dims(grad, -1)
            out = P.expand_dims(out, -1)
        if tuple(a.shape[:-2]) != tuple(grad.shape[:-2]):  # A broadcast over B's batch: its gradient is summed
            a = P.broadcast_to(a, tuple(grad.shape[:-2]) + tuple(a.shape[-2:]))
        grad_b = P.solve(P.swapaxes(a, -1, -2), grad)
        grad_a = -P.matmul(grad_b, P.swapaxes(out, -1, -2))
        if ctx.vector:
            grad_b = P.sum(grad_b, -1)
        return grad_a, grad_b


def is_vector_rhs(a_shape, b_shape):
    """Whether B of ``linalg.solve(A, B)`` is a (batch of) vector(s): 1-D, or A's shape without its last dim."""
    return len(b_shape) == 1 or (len(b_shape) == len(a_shape) - 1 and tuple(b_shape) == tuple(a_shape[:-1]))


class LinalgCholeskyExBackward0(Op):
    """L with A = L L^T; dA = sym(L^-T Phi(L^T dL) L^-1) where Phi keeps the lower triangle, halving the
    diagonal (Murray, 2016). Complex (A = L L^H): PyTorch's formula with conjugate transposes (``complex_aware``)."""

    __slots__ = ("upper",)
    saved_names = ('L',)
    saved_scalars = {'upper': 'upper'}
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a, upper=False):
        ctx.upper = upper
        if upper:  # LAPACK's uplo='U' reads A's upper triangle: the lower one of A^H
            a = xp.swapaxes(a, -1, -2)
            a = xp.conj(a) if a.dtype.kind == "c" else a
        out = _factorize(xp, "cholesky", xp.linalg.cholesky, a)
        if upper:  # U = L^H, PyTorch's linalg.cholesky(upper=True) under the same node
            out = xp.swapaxes(out, -1, -2)
            out = xp.conj(out) if out.dtype.kind == "c" else out
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        if not ctx.upper:
            return cholesky_backward(P, out, grad)
        complex_values = out.dtype.is_complex if P.differentiable else out.dtype.kind == "c"
        adjoint = (lambda x: P.conj(P.swapaxes(x, -1, -2))) if complex_values else (lambda x: P.swapaxes(x, -1, -2))
        return cholesky_backward(P, adjoint(out), adjoint(grad))


def cholesky_backward(P, lower, grad):
    """LinalgCholeskyExBackward0's formula: the gradient of A from L and the gradient of L (``linalg.cholesky_ex``
    uses it too). For complex L, PyTorch's cholesky_backward in the conjugate Wirtinger convention:
    gA = L^-H pi(L^H gL) L^-1, pi(X) = (tril(X) + tril(X, -1)^H) / 2 (not Hermitian-symmetrized, as PyTorch's)."""
    if lower.dtype.is_complex if P.differentiable else lower.dtype.kind == "c":
        adjoint = P.conj(P.swapaxes(lower, -1, -2))
        inner = P.tril(P.matmul(adjoint, grad), 0)
        inner = (inner + P.conj(P.swapaxes(P.tril(inner, -1), -1, -2))) * 0.5
        inverse = P.inv(lower)
        return P.matmul(P.matmul(P.conj(P.swapaxes(inverse, -1, -2)), inner), inverse)
    phi = P.matmul(P.swapaxes(lower, -1, -2), grad)
    phi = (P.tril(phi, -1) + P.tril(phi, 0)) * 0.5  # strictly lower part, plus half the diagonal
    inverse = P.inv(lower)
    middle = P.matmul(P.matmul(P.swapaxes(inverse, -1, -2), phi), inverse)
    return (middle + P.swapaxes(middle, -1, -2)) * 0.5


def _square(name, a, complex_ok=False):
    """PyTorch's checks of (batches of) square float matrices (complex ones too with ``complex_ok``: the ops whose
    gradients serve complex numbers, inv and solve)."""
    check_square(f"linalg.{name}", a)
    if a.dtype.is_complex and not (complex_ok or complex_support.linalg_accepts(name, a.dtype)):
        raise NotImplementedError(f"linalg.{name} of complex matrices is not supported by gradlib yet; "
                                  f"linalg.solve, inv, det, eigh, eigvalsh, eig and eigvals take them")
    if not a.dtype.is_floating_point and not a.dtype.is_complex:
        raise RuntimeError(f"linalg.{name}: Expected a floating point or complex tensor as input. Got "
                           f"{a.dtype.scalar_type}")
    if a.dtype.itemsize == 2:  # float16, bfloat16: NumPy and CuPy refuse them in their own words
        if name in ("inv", "slogdet"):
            raise RuntimeError(f"linalg.{name}: Low precision dtypes not supported. Got {a.dtype.scalar_type}")
        kernel = "cholesky_cpu" if name == "cholesky" else "lu_cpu"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{a.dtype.scalar_type}\'')


def check_matrix(name, a, argument="A"):
    """PyTorch's ``checkIsMatrix``: at least 2 dims."""
    if a.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {argument} must have at least 2 dimensions.")


def check_square(name, a, argument="A"):
    """PyTorch's ``squareCheckInputs``: at least 2 dims, then square."""
    check_matrix(name, a, argument)
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError(f"{name}: {argument} must be batches of square matrices, but they are "
                           f"{a.shape[-2]} by {a.shape[-1]} matrices")


def check_solve(A, B, left):
    """``_linalg_solve_ex``'s checks in PyTorch's order: A's dtype, B's, the shapes (``checkInputsSolver`` on B or,
    for a vector right-hand side, B with a trailing dim); then A's low-precision kernel. Returns whether B is a
    (batch of) vector(s)."""
    if A._device is not B._device:
        check_argument_devices("_linalg_solve_ex", ("A", A), ("B", B))
    if not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError(f"linalg.solve: Expected a floating point or complex tensor as input. Got "
                           f"{A.dtype.scalar_type}")
    if A.dtype is not B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                           f"{A.dtype.scalar_type} and B of type {B.dtype.scalar_type} instead")
    vector = A.ndim >= 1 and is_vector_rhs(A.shape, B.shape)
    check_square("linalg.solve", A)
    b_shape = tuple(B.shape) + (1,) if vector else tuple(B.shape)
    if len(b_shape) < 2:
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    if (A.shape[-2] != b_shape[-2]) if left else (A.shape[-1] != b_shape[-1]):
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({A.shape[-2]}x{A.shape[-1]} and "
                           f"{b_shape[-2]}x{b_shape[-1]})")
    if vector and not left:
        raise RuntimeError("linalg.solve: Vector broadcasting of the left hand side is not supported for left=False. "
                           "In this case linalg.solve is equivalent to B / A.squeeze(-1)")
    _square("solve", A, complex_ok=True)
    return vector


def inv(A):
    """The inverse of (batches of) square matrices.

    >>> import gradlib
    >>> gradlib.linalg.inv(gradlib.tensor([[2., 0.], [0., 4.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    _square("inv", A, complex_ok=True)
    return LinalgInvExBackward0.apply(A)


def det(A):
    """The determinant of (batches of) square matrices.

    >>> import gradlib
    >>> gradlib.linalg.det(gradlib.tensor([[2., 1.], [1., 3.]]))
    tensor(5.)
    """
    _square("det", A)
    return LinalgDetBackward0.apply(A)


def slogdet(A):
    """(sign, log|det|) of (batches of) square matrices; for complex ones sign = det/|det| is complex and log|det|
    real, as ``torch.linalg.slogdet``.

    >>> import gradlib
    >>> gradlib.linalg.slogdet(gradlib.tensor([[2., 1.], [1., 3.]])).logabsdet
    tensor(1.6094)
    """
    _square("slogdet", A)
    sign, logabsdet = LinalgSlogdetBackward0.apply(A)
    return return_types.linalg_slogdet(sign, logabsdet)


def solve(A, B, *, left=True):
    """X with A X = B (``left=False``: X A = B), B a matrix or, batched like A, a vector; the batch dims broadcast;
    floating or complex A and B of one dtype. Mirrors ``torch.linalg.solve``; RuntimeError (PyTorch's, in its
    order) for fewer than 2 dims, an integer dtype, different dtypes, non-square A, B's size not A's, batch dims
    that do not broadcast; LinAlgError for a singular A.

    >>> import gradlib
    >>> gradlib.linalg.solve(gradlib.tensor([[2., 0.], [0., 4.]]), gradlib.tensor([2., 2.]))
    tensor([1.0000, 0.5000])
    """
    check_solve(A, B, left)
    if not left:
        from .linalg_ex import solve_ex  # the X A = B form: solve_ex's node (PyTorch's LinalgSolveExBackward0)
        return solve_ex(A, B, left=False, check_errors=True).result
    return LinalgSolveExBackward0.apply(A, B)


def cholesky(input, *, upper=False):
    """The lower Cholesky factor L (A = L L^H) of Hermitian (real: symmetric) positive-definite matrices, read from
    their lower triangle; ``upper=True`` gives U = L^H. Mirrors ``torch.linalg.cholesky``.

    >>> import gradlib
    >>> gradlib.linalg.cholesky(gradlib.tensor([[4., 2.], [2., 2.]]))
    tensor([[2., 0.],
            [1., 1.]])
    """
    A = input
    _square("cholesky", A)
    return LinalgCholeskyExBackward0.apply(A, bool(upper))
