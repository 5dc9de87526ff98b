"""Complex numbers: conj, real, imag, angle, sgn, complex, polar, view_as_real, view_as_complex.

Gradients follow PyTorch's convention for complex autograd: a node receives ``grad`` = the conjugate Wirtinger
derivative of a real loss (times 2), ``dL/dRe + i dL/dIm``. A holomorphic op's formula ``grad * f'(z)`` (written
once for real numbers) therefore becomes ``grad * conj(f'(z))``: ``Op`` applies that conjugation around every
backward unless the class sets ``complex_aware`` (``ops/_op.py``). The ops here are not holomorphic (or change
the dtype between real and complex) and write their complex formulas themselves.
"""
from .. import _tensor, dtypes
from ._args import require_tensor
from ._op import Op

__all__ = ["conj", "real", "imag", "angle", "sgn", "complex", "polar", "view_as_real", "view_as_complex",
           "conj_physical", "resolve_conj", "is_conj"]

_REAL_KINDS = {"complex64": "float32", "complex128": "float64"}


def refuse_complex(array_or_tensor, kernel, device_type="cpu"):
    """PyTorch's NotImplementedError for a kernel without complex support (comparisons, max over everything):
    ``"lt_cpu" not implemented for 'ComplexFloat'`` (``kernel`` with ``{device}`` where PyTorch names it)."""
    kind = array_or_tensor.dtype
    np_dtype = kind if hasattr(kind, "kind") else kind.np
    if np_dtype.kind == "c":
        name = kernel.format(device=device_type)
        raise NotImplementedError(f'"{name}" not implemented for \'{dtypes.from_np(np_dtype).scalar_type}\'')


def _real_np(np_dtype):
    """The NumPy dtype of a complex dtype's parts (complex64 -> float32)."""
    return np_dtype.type(0).real.dtype


class ConjBackward0(Op):
    """conj(z): the gradient is conj(grad)."""

    __slots__ = ()
    pointwise = True
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a):
        return xp.conj(a)

    @staticmethod
    def backward(ctx, P, grad):
        return P.conj(grad)


class _PartBackward(Op):
    """The real or imaginary part of a complex tensor: a view of its storage, as PyTorch's (which goes through
    ``view_as_real`` and ``select``, hence the node's name)."""

    __slots__ = ()
    is_view = True
    complex_aware = True


class RealBackward(_PartBackward):
    """Re(z): the gradient is grad (a real number, the real part of the input's gradient)."""

    __slots__ = ()
    node_name = "SelectBackward0"

    @staticmethod
    def forward(ctx, xp, a):
        return a.real

    @staticmethod
    def backward(ctx, P, grad):
        return grad  # the engine casts it to the complex input's dtype: grad + 0j


class ImagBackward(_PartBackward):
    """Im(z): the gradient is i * grad."""

    __slots__ = ()
    node_name = "SelectBackward0"

    @staticmethod
    def forward(ctx, xp, a):
        return a.imag

    @staticmethod
    def backward(ctx, P, grad):
        return grad * 1j


class AngleBackward0(Op):
    """arg(z) in (-pi, pi]; for real x, pi where x < 0, else 0 (NaN stays NaN). The gradient of a complex input is
    i * grad * z / |z|^2 (0 at z = 0), of a real input 0, as PyTorch's ``angle_backward``."""

    __slots__ = ()
    pointwise = True
    complex_aware = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        if a.dtype.kind == "c":
            return xp.angle(a)
        pi = a.dtype.type(3.141592653589793)
        return xp.where(a < 0, pi, xp.where(a == a, a.dtype.type(0), a))

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        if ctx.input_dtype(0).kind != "c":
            return P.zeros_like(grad)
        size = P.abs(a)
        quotient = grad * a / (size * size) * 1j
        return P.where(a == 0, P.zeros_like(quotient), quotient)


class SgnBackward0(Op):
    """sgn(z) = z / |z| (0 at 0); for real inputs the sign. The gradient of a complex input is
    (grad - sgn * Re(grad * conj(sgn))) / |z| (0 at z = 0), of a real input 0, as PyTorch's ``sgn_backward``."""

    __slots__ = ()
    pointwise = True
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return sgn_array(xp, a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        if ctx.input_dtype(0).kind != "c":
            return P.zeros_like(grad)
        size = P.abs(a)
        sign = P.sgn(a)
        out = (grad - sign * P.real(grad * P.conj(sign))) / size
        return P.where(size == 0, P.zeros_like(out), out)


def sgn_array(xp, a):
    """z / |z| (0 at 0) for a complex array, the sign (0 at NaN) for a real one, on raw arrays."""
    if a.dtype.kind == "b":
        return a.copy()
    if a.dtype.kind != "c":
        sign = xp.sign(a)  # the primitives' sign_of: sign(NaN) = 0 as in PyTorch
        return xp.where(a == a, sign, sign.dtype.type(0)) if dtypes.floating_np(a.dtype) else sign
    size = xp.abs(a)
    zero = size == 0
    return xp.where(zero, a.dtype.type(0), a / xp.where(zero, size.dtype.type(1), size))


def _from_parts(xp, re, im):
    """The complex array re + i im (broadcast), built from its parts' storage (no re + 1j * im, whose inf * 1j
    would make a NaN real part)."""
    pairs = xp.stack(xp.broadcast_arrays(re, im), -1)
    return pairs.view(dtypes.to_complex_np(pairs.dtype))[..., 0]


class ComplexBackward0(Op):
    """complex(real, imag): the gradients are Re(grad) and Im(grad)."""

    __slots__ = ()
    pointwise = True
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, re, im):
        return _from_parts(xp, re, im)

    @staticmethod
    def backward(ctx, P, grad):
        return P.real(grad), P.imag(grad)


class PolarBackward0(Op):
    """polar(r, theta) = r (cos theta + i sin theta): the gradients are Re(grad conj(sgn(out))) and
    Re(grad conj(i out)) (PyTorch's ``polar_backward``: through sgn(out), so a negative r gets the gradient of
    |r|, and r = 0 gets 0)."""

    __slots__ = ()
    pointwise = True
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, r, theta):
        out = _from_parts(xp, r * xp.cos(theta), r * xp.sin(theta))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        sign = P.sgn(out)
        grad_r = P.real(grad) * P.real(sign) + P.imag(grad) * P.imag(sign)
        # Re(grad * conj(i out)) = Im(grad) Re(out) - Re(grad) Im(out)
        grad_theta = P.imag(grad) * P.real(out) - P.real(grad) * P.imag(out)
        return grad_r, grad_theta


class ViewAsRealBackward0(Op):
    """The complex tensor's storage read as real pairs, shape (..., 2): a view. The gradient is the pairs read
    back as complex numbers."""

    __slots__ = ()
    is_view = True
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a):
        return a[..., None].view(_real_np(a.dtype))

    @staticmethod
    def backward(ctx, P, grad):
        return P.view_as_complex(P.contiguous(grad))


class ViewAsComplexBackward0(Op):
    """Real pairs (last dim of size 2, stride 1) read as complex numbers: a view. The gradient is the complex
    gradient read as real pairs."""

    __slots__ = ()
    is_view = True
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a):
        return a.view(dtypes.to_complex_np(a.dtype))[..., 0]

    @staticmethod
    def backward(ctx, P, grad):
        return P.view_as_real(grad)


def conj(input):
    """The complex conjugate, as ``torch.conj``; a real tensor is returned as it is.

    Shapes and dtypes are kept. gradlib conjugates eagerly (a new tensor; PyTorch returns a lazily conjugated
    view, whose values are the same); the result carries PyTorch's conjugate bit (``is_conj()`` True, and on its
    views), unless ``input`` carried it (the conjugate of a conjugate view is not conjugated). Writes to the result
    do not reach ``input`` (PyTorch's view shares memory). Raises TypeError for a non-tensor.

    >>> import gradlib
    >>> z = gradlib.conj(gradlib.tensor([1+2j, 3-1j]))
    >>> z, z.is_conj(), z.conj().is_conj(), z.resolve_conj().is_conj()
    (tensor([1.-2.j, 3.+1.j]), True, False, False)
    """
    require_tensor("conj", input)
    if not input.dtype.is_complex:
        return input
    result = ConjBackward0.apply(input)
    if not _tensor.has_conjugate_bit(input):
        _tensor.set_conjugate_bit(result)
    return result


def conj_physical(input):
    """The complex conjugate as a new tensor (``torch.conj_physical``), without the conjugate bit; a real tensor is
    returned as it is.

    >>> import gradlib
    >>> gradlib.conj_physical(gradlib.tensor([2j]))
    tensor([0.-2.j])
    """
    require_tensor("conj_physical", input)
    if not input.dtype.is_complex:
        return input
    return ConjBackward0.apply(input)


def resolve_conj(input):
    """A tensor of ``input``'s values without the conjugate bit (``torch.resolve_conj``): a copy when ``input``
    carries it (its values are already conjugated in gradlib), ``input`` itself otherwise.

    >>> import gradlib
    >>> gradlib.tensor([1j]).conj().resolve_conj().is_conj()
    False
    """
    require_tensor("resolve_conj", input)
    if _tensor.has_conjugate_bit(input):
        return input.clone()
    return input


def is_conj(input):
    """Whether ``input`` carries PyTorch's conjugate bit (``torch.is_conj``): the result of ``conj()`` of a complex
    tensor and its views (gradlib's values are conjugated eagerly; the bit is what PyTorch reports).

    >>> import gradlib
    >>> z = gradlib.tensor([1+1j, 2-1j])
    >>> z.is_conj(), z.conj().is_conj(), z.conj()[0].is_conj(), (z.conj() + 1).is_conj()
    (False, True, True, False)
    """
    require_tensor("is_conj", input)
    return _tensor.has_conjugate_bit(input)


def real(input):
    """The real part of a complex tensor as a real view (complex64 -> float32), as ``torch.real``; a real tensor
    is returned as it is.

    >>> import gradlib
    >>> gradlib.real(gradlib.tensor([1+2j, 3-1j]))
    tensor([1., 3.])
    """
    require_tensor("real", input)
    if not input.dtype.is_complex:
        return input
    return RealBackward.apply(input)


def imag(input):
    """The imaginary part of a complex tensor as a real view, as ``torch.imag``. Raises RuntimeError for a real
    tensor (PyTorch's message).

    >>> import gradlib
    >>> gradlib.imag(gradlib.tensor([1+2j, 3-1j]))
    tensor([ 2., -1.])
    """
    require_tensor("imag", input)
    if not input.dtype.is_complex:
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return ImagBackward.apply(input)


def angle(input):
    """The argument of each element in (-pi, pi] (``torch.angle``): real results (complex64 -> float32); for a
    real tensor pi where negative, else 0; integers give the default float dtype.

    >>> import gradlib
    >>> gradlib.angle(gradlib.tensor([1j, -1.+0j]))
    tensor([1.5708, 3.1416])
    """
    require_tensor("angle", input)
    return AngleBackward0.apply(input)


def sgn(input):
    """z / |z| for complex elements (0 at 0), the sign for real ones, as ``torch.sgn``.

    >>> import gradlib
    >>> gradlib.sgn(gradlib.tensor([3+4j, 0j]))
    tensor([0.6000+0.8000j, 0.0000+0.0000j])
    """
    require_tensor("sgn", input)
    return SgnBackward0.apply(input)


def _check_parts(name, first, second, first_name, second_name):
    require_tensor(name, first)
    if not isinstance(second, _tensor.Tensor):
        raise TypeError(f"{name}(): argument '{second_name}' (position 2) must be Tensor, not "
                        f"{type(second).__name__}")
    for value in (first, second):
        if value.dtype not in (dtypes.float32, dtypes.float64, dtypes.float16):
            raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got "
                               f"{first.dtype.scalar_type} and {second.dtype.scalar_type}")
    if first.dtype is not second.dtype:
        raise RuntimeError(f"Expected object of scalar type {first.dtype.scalar_type} but got scalar type "
                           f"{second.dtype.scalar_type} for second argument")


def complex(real, imag):
    """The complex tensor real + i imag (``torch.complex``): float32 parts give complex64, float64 complex128;
    the shapes broadcast. Raises RuntimeError for parts that are not both float32/float64 of one dtype.

    >>> import gradlib
    >>> gradlib.complex(gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.]))
    tensor([1.+3.j, 2.+4.j])
    """
    _check_parts("complex", real, imag, "real", "imag")
    return ComplexBackward0.apply(real, imag)


def polar(abs, angle):
    """The complex tensor abs * (cos(angle) + i sin(angle)) (``torch.polar``); float32/float64 inputs of one
    dtype, broadcast.

    >>> import gradlib
    >>> gradlib.polar(gradlib.tensor([2.]), gradlib.tensor([0.]))
    tensor([2.+0.j])
    """
    _check_parts("polar", abs, angle, "abs", "angle")
    if abs.dtype is dtypes.float16:  # complex() takes float16 (complex32), polar's kernel does not
        suffix = "cuda" if abs.device.type == "cuda" else "cpu"
        raise NotImplementedError(f'"polar_{suffix}" not implemented for \'Half\'')
    return PolarBackward0.apply(abs, angle)


def view_as_real(input):
    """A complex tensor's storage as real pairs: shape (..., 2), complex64 -> float32, a view (``torch.view_as_real``).
    Raises RuntimeError for a real tensor.

    >>> import gradlib
    >>> gradlib.view_as_real(gradlib.tensor([1+2j]))
    tensor([[1., 2.]])
    """
    require_tensor("view_as_real", input)
    if not input.dtype.is_complex:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return ViewAsRealBackward0.apply(input)


def view_as_complex(input):
    """Real pairs (float32/float64, last dim of size 2 and stride 1) as a complex view of shape ``input.shape[:-1]``
    (``torch.view_as_complex``). Raises RuntimeError as PyTorch for another dtype, last dim or stride.

    >>> import gradlib
    >>> gradlib.view_as_complex(gradlib.tensor([[1., 2.]]))
    tensor([1.+2.j])
    """
    require_tensor("view_as_complex", input)
    if input.dtype not in (dtypes.float32, dtypes.float64):
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a tensor of "
                           f"scalar type: {input.dtype.scalar_type}")
    if input.dim() == 0 or input.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if input.stride(-1) != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    for stride in input.stride()[:-1]:
        if stride % 2:
            raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    return ViewAsComplexBackward0.apply(input)
