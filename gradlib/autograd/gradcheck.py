"""``gradcheck`` and ``gradgradcheck``: analytical gradients against central finite differences.

Use float64 (complex128) inputs: in float32 the finite differences are too noisy for the tolerances.

Complex inputs and outputs are checked as PyTorch's gradcheck checks them, through their real and imaginary
parts: each complex number counts as two real coordinates (re, im). The numerical Jacobian perturbs the real and
the imaginary part of each input element in turn; the analytical one feeds grad_output 1 (d Re(out)) and 1j
(d Im(out)) for each output element and reads the gradient's real and imaginary parts as d/d Re(z) and
d/d Im(z), which is exactly PyTorch's convention (the conjugate Wirtinger derivative, times 2).
"""
import warnings

import numpy

from .. import _creation, _formats, _tensor, autograd, dtypes
from ..backends import device_guard, quiet as _quiet

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck when the analytical and numerical Jacobians differ."""


def _differentiable_inputs(inputs):
    return [(index, t) for index, t in enumerate(inputs) if isinstance(t, _tensor.Tensor) and t.requires_grad]


def _outputs_of(func, inputs):
    result = func(*inputs)
    outputs = (result,) if isinstance(result, _tensor.Tensor) else tuple(
        r for r in result if isinstance(r, _tensor.Tensor))
    if any(output.is_sparse for output in outputs):  # PyTorch's _check_outputs
        raise ValueError("Sparse output is not supported at gradcheck yet. Please call to_dense(masked_grad=...) "
                         "on the output of fn for gradcheck.")
    return outputs


def _host(tensor):
    return tensor._device._backend.to_numpy(tensor._array)


def _real_coordinates(array):
    """A host array as float64 real coordinates, flat: complex elements as (re, im) pairs."""
    if array.dtype.kind == "c":
        return numpy.stack([array.real, array.imag], -1).astype(numpy.float64).reshape(-1)
    return array.astype(numpy.float64).reshape(-1)


def _width(tensor):
    """How many real coordinates ``tensor`` has (two per complex element)."""
    return tensor.numel() * (2 if tensor.dtype.is_complex else 1)


def _parts(tensor):
    """The unit steps of one element: 1 for a real tensor, 1 and 1j for a complex one."""
    return (1, 1j) if tensor.dtype.is_complex else (1,)


def _numerical_jacobians(func, inputs, targets, eps):
    """numerical[i][j]: a (input_i.numel(), output_j.numel()) NumPy matrix of central differences."""
    jacobians = []
    # Grad mode stays on: gradgradcheck's function itself calls autograd.grad.
    outputs = _outputs_of(func, inputs)
    for _, tensor in targets:
        jacobians.append(_perturbed(func, inputs, tensor, outputs, eps))
    return jacobians, outputs


def _perturbed(func, inputs, tensor, outputs, eps):
    """The central differences of every output with respect to each element of ``tensor``. The copy and the
    writes run under the input's device guard (they would land on the current GPU), ``func`` outside it."""
    guard = device_guard(tensor._device)
    with guard:
        if not tensor._array.flags.c_contiguous:
            tensor._array = tensor._array.copy()
        flat = tensor._array.reshape(-1)
    per_output = [numpy.zeros((_width(tensor), _width(out))) for out in outputs]
    parts = _parts(tensor)
    for k in range(flat.size):
        for p, part in enumerate(parts):
            row = k * len(parts) + p
            with guard:
                original = flat[k].copy()
                flat[k] = original + eps * part
            plus = [_real_coordinates(_host(o)) for o in _outputs_of(func, inputs)]
            with guard:
                flat[k] = original - eps * part
            minus = [_real_coordinates(_host(o)) for o in _outputs_of(func, inputs)]
            with guard:
                flat[k] = original
            quiet = _quiet.enter()  # an overflowing function: inf - inf is NaN without NumPy's warning, as PyTorch
            try:
                for j in range(len(outputs)):
                    per_output[j][row] = (plus[j] - minus[j]) / (2 * eps)
            finally:
                _quiet.leave(quiet)
    return per_output


def _analytical_jacobians(func, inputs, targets):
    """analytical[i][j]: rows of vector-Jacobian products with one-hot vectors; and PyTorch's complaint about a
    gradient whose layout is not its input's (None when there is none)."""
    layout_error = None
    outputs = _outputs_of(func, inputs)
    tensors = [t for _, t in targets]
    jacobians = [[numpy.zeros((_width(t), _width(o))) for o in outputs] for t in tensors]
    for j, output in enumerate(outputs):
        if not output.requires_grad:
            continue
        parts = _parts(output)
        for k in range(output.numel()):
            for p, part in enumerate(parts):
                grad_output = _creation.zeros_like(output, memory_format=_formats.contiguous_format)  # one-hot
                with device_guard(output._device):
                    grad_output._array.reshape(-1)[k] = part
                grads = autograd.grad(output, tensors, grad_output, retain_graph=True, allow_unused=True)
                for i, grad in enumerate(grads):
                    if grad is not None:
                        if grad.layout is not tensors[i].layout:  # a sparse gradient (Embedding(sparse=True))
                            layout_error = layout_error or (f"grad is incorrect layout ({grad.layout} is not "
                                                            f"{tensors[i].layout})")
                            grad = grad.to_dense()
                        jacobians[i][j][:, k * len(parts) + p] = _real_coordinates(_host(grad))
    return jacobians, layout_error


def _forward_jacobians(func, inputs, targets):
    """forward[i][j]: the Jacobian of output j by forward-mode AD, one one-hot tangent of input i at a time."""
    fw = autograd.forward_ad
    jacobians = []
    for i, (_, tensor) in enumerate(targets):
        per_output = None
        for k in range(tensor.numel()):
            with fw.dual_level():
                replaced = list(inputs)
                for m, (index, other) in enumerate(targets):
                    tangent = _creation.zeros_like(other, memory_format=_formats.contiguous_format)
                    if m == i:
                        with device_guard(tangent._device):
                            tangent._array.reshape(-1)[k] = 1
                    replaced[index] = fw.make_dual(other, tangent)
                outputs = _outputs_of(func, replaced)
                if per_output is None:
                    per_output = [numpy.zeros((tensor.numel(), o.numel())) for o in outputs]
                for j, output in enumerate(outputs):
                    found = fw.unpack_dual(output).tangent
                    if found is not None:
                        per_output[j][k] = _host(found.detach()).astype(numpy.float64).reshape(-1)
        jacobians.append(per_output or [])
    return jacobians


def _compare(numerical, found, targets, outputs, rtol, atol, raise_exception, mode=""):
    for i, (input_index, _) in enumerate(targets):
        for j in range(len(outputs)):
            expected = numerical[i][j]
            if not numpy.allclose(found[i][j], expected, rtol=rtol, atol=atol):
                message = (f"Jacobian {mode}mismatch for output {j} with respect to input {input_index},\n"
                           f"numerical:{_as_tensor_text(expected)}\nanalytical:{_as_tensor_text(found[i][j])}\n")
                if raise_exception:
                    raise GradcheckError(message)
                return False
    return True


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, nondet_tol=0.0,
              check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
              check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True, fast_mode=False,
              masked=None):
    """Check ``func``'s gradients against finite differences for every input that requires grad.

    Returns True, or raises ``GradcheckError`` naming the output and input whose Jacobians differ
    (returns False instead when ``raise_exception=False``). ``check_forward_ad=True`` also compares the Jacobian
    found by forward-mode AD (``gradlib.autograd.forward_ad``: custom Functions' ``jvp``);
    ``check_backward_ad=False`` skips the reverse-mode one. ``check_batched_forward_grad=True`` raises a
    ValueError (gradlib has no batched forward mode).

    >>> import gradlib
    >>> x = gradlib.randn(3, dtype=gradlib.float64, requires_grad=True)
    >>> gradlib.autograd.gradcheck(lambda t: (t.sin() * t).sum(), (x,))
    True
    """
    if check_batched_forward_grad:
        raise ValueError("gradcheck: gradlib has no batched forward-mode AD; check_batched_forward_grad must be "
                         "False")
    inputs = (inputs,) if isinstance(inputs, _tensor.Tensor) else tuple(inputs)
    targets = _differentiable_inputs(inputs)
    if not targets:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, but none of the them have "
            "requires_grad=True.")
    for index, tensor in targets:
        if tensor.dtype.name not in ("float64", "complex128"):
            warnings.warn(
                f"Input #{index} requires gradient and is not a double precision floating point or complex. This "
                "check will likely fail if all the inputs are not of double precision floating point or complex. ")
    numerical, outputs = _numerical_jacobians(func, inputs, targets, eps)
    if check_backward_ad:
        analytical, layout_error = _analytical_jacobians(func, inputs, targets)
        if not _compare(numerical, analytical, targets, outputs, rtol, atol, raise_exception):
            return False
        if layout_error is not None:  # after the values, as PyTorch's _test_backward_mul_by_grad_output
            if raise_exception:
                raise GradcheckError(layout_error)
            return False
    if check_forward_ad:
        forward = _forward_jacobians(func, inputs, targets)
        if not _compare(numerical, forward, targets, outputs, rtol, atol, raise_exception,
                        "computed with forward mode "):
            return False
    return True


def _as_tensor_text(matrix):
    return repr(_creation.tensor(matrix, dtype=dtypes.float64))


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3, gen_non_contig_grad_outputs=False,
                  raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
                  check_batched_grad=False, check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """Check second derivatives: gradcheck of the function that maps inputs to their (differentiable) gradients.

    >>> import gradlib
    >>> x = gradlib.randn(3, dtype=gradlib.float64, requires_grad=True)
    >>> gradlib.autograd.gradgradcheck(lambda t: (t ** 3).sum(), (x,))
    True
    """
    inputs = (inputs,) if isinstance(inputs, _tensor.Tensor) else tuple(inputs)
    targets = _differentiable_inputs(inputs)
    if grad_outputs is None:
        outputs = _outputs_of(func, inputs)
        # PyTorch's: make_tensor(low=-1, high=1), uniform draws (so a seeded program's stream stays PyTorch's)
        from ..testing import make_tensor
        grad_outputs = tuple(make_tensor(o.shape, dtype=o.dtype if o.dtype.is_floating_point or o.dtype.is_complex
                                         else dtypes.float64, device=o.device, low=-1, high=1, requires_grad=True,
                                         noncontiguous=gen_non_contig_grad_outputs)
                             for o in outputs)
    else:
        grad_outputs = (grad_outputs,) if isinstance(grad_outputs, _tensor.Tensor) else tuple(grad_outputs)
    count = len(inputs)

    def first_derivatives(*values):
        given_inputs = values[:count]
        given_grads = values[count:]
        outputs = _outputs_of(func, given_inputs)
        tensors = [given_inputs[i] for i, _ in targets]
        grads = autograd.grad(outputs, tensors, given_grads, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivatives, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
