"""``gradlib.autograd``: backward, grad, gradient checks and grad modes."""
import warnings

from .. import dtypes
from .. import _creation, _tensor
from ..ops import _sparse_gradient
from ..backends import device_guard
from . import grad_mode, graph, profiler, profiler_util
from .anomaly import detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .engine import run_backward
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck
from .graph import Node
from .inference import inference_mode, is_inference_mode_enabled
from .variable import Variable
from . import anomaly_mode  # noqa: F401  (PyTorch's path: the home of detect_anomaly)

__all__ = ["backward", "grad", "gradcheck", "gradgradcheck", "no_grad", "enable_grad", "set_grad_enabled",
           "is_grad_enabled", "Node", "Function", "FunctionCtx", "once_differentiable", "detect_anomaly",
           "set_detect_anomaly", "is_anomaly_enabled", "inference_mode", "is_inference_mode_enabled", "functional",
           "graph", "Variable"]


def _as_tuple(value):
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def _make_grads(outputs, grad_outputs, create_graph):
    """Check or create the gradient of each output: raw arrays on the fast path, Tensors under create_graph."""
    grads = []
    for index, (output, grad) in enumerate(zip(outputs, grad_outputs)):
        backend = output._device._backend
        if backend.needs_guard:
            with backend.guard(output._device):  # seeds and copies are made on the output's GPU
                grads.append(_make_grad(index, output, grad, create_graph))
        else:
            grads.append(_make_grad(index, output, grad, create_graph))
    return grads


def _make_grad(index, output, grad, create_graph):
    if grad is None and not create_graph and output._array.size == 1 and dtypes.floating_np(output._array.dtype):
        return output._device._backend.ones_like(output._array)  # the common loss.backward()
    if grad is None:
        if output._requires_grad and output._array.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        if output._requires_grad and not output.dtype.is_floating_point:  # complex too
            raise RuntimeError(
                f"grad can be implicitly created only for real scalar outputs but got {output.dtype}")
        grad = _creation.ones_like(output)
    elif not isinstance(grad, _tensor.Tensor):
        raise TypeError(f"gradients can be either Tensors or None, but got {type(grad).__name__}")
    else:
        if grad.shape != output.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{index}] has a shape of {grad.shape} and output[{index}] "
                f"has a shape of {output.shape}.")
        if grad._device is not output._device:
            if grad._array.ndim:  # PyTorch's engine moves a 0-d gradient to the output's device
                raise RuntimeError(
                    f"invalid gradient at index {index} - expected device {output._device} but got {grad._device}")
            grad = grad.to(output._device)
        if (grad.dtype.is_complex or output.dtype.is_complex) and grad.dtype is not output.dtype:
            raise RuntimeError(
                "For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in "
                f"dtype: grad_output[{index}] has a dtype of {grad.dtype} and output[{index}] has a dtype of "
                f"{output.dtype}.")
        if grad.dtype.is_floating_point != output.dtype.is_floating_point:
            raise RuntimeError(
                f"invalid gradient at index {index} - expected dtype {output.dtype} but got {grad.dtype}")
        if grad.dtype is not output.dtype:
            grad = grad.to(output.dtype)
        elif not create_graph:
            grad = grad.detach()
            grad._array = grad._array.copy(order="K")  # the caller keeps theirs (a leaf's .grad must never alias
            # it), in its layout: a transposed grad_output gives PyTorch's transposed gradients
    return grad if create_graph else grad._array


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of graph leaves (or of ``inputs`` only).

    >>> import gradlib
    >>> x = gradlib.tensor([1., 2.], requires_grad=True)
    >>> gradlib.autograd.backward([(x * x).sum()])
    >>> x.grad
    tensor([2., 4.])
    """
    if (tensors.__class__ is _tensor.Tensor and grad_tensors is None and inputs is None and retain_graph is None
            and create_graph is False and grad_variables is None):
        array = tensors._array
        backend = tensors._device._backend
        if array.size == 1 and dtypes.floating_np(array.dtype) and not backend.needs_guard:
            # loss.backward() on the CPU: what the general path below does for it, without its questions
            run_backward((tensors,), [backend.ones_like(array)], False, False, inputs=None, accumulate=True)
            return
    if grad_variables is not None:  # PyTorch's deprecated name for grad_tensors
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.", FutureWarning, stacklevel=2)
        if grad_tensors is not None:
            raise RuntimeError("'grad_tensors' and 'grad_variables' (deprecated) arguments both passed to "
                               "backward(). Please only use 'grad_tensors'.")
        grad_tensors = grad_variables
    outputs = _as_tuple(tensors)
    grad_outputs = _as_tuple(grad_tensors) or (None,) * len(outputs)
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(f"got {len(grad_outputs)} tensors and {len(outputs)} gradients")
    if retain_graph is None:
        retain_graph = create_graph
    target_inputs = _as_tuple(inputs) if inputs is not None else None
    if target_inputs is not None and not target_inputs:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    grads = _make_grads(outputs, grad_outputs, create_graph)
    run_backward(outputs, grads, retain_graph, create_graph, inputs=target_inputs, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned (``.grad`` is left alone).

    >>> import gradlib
    >>> x = gradlib.tensor(2., requires_grad=True)
    >>> (dx,) = gradlib.autograd.grad(x ** 3, x, create_graph=True)
    >>> dx, gradlib.autograd.grad(dx, x)[0]
    (tensor(12., grad_fn=<MulBackward0>), tensor(12.))
    """
    if not only_inputs:  # deprecated and ignored by PyTorch too
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.", FutureWarning,
                      stacklevel=2)
    if is_grads_batched:
        raise RuntimeError("gradlib.autograd.grad does not support is_grads_batched; loop over the grads")
    if allow_unused is None:
        allow_unused = materialize_grads
    output_tuple = _as_tuple(outputs)
    input_tuple = _as_tuple(inputs)
    for output in output_tuple:
        if not isinstance(output, _tensor.Tensor):
            raise AssertionError("Expected output to be a gradlib.Tensor")  # PyTorch's class and wording
    if not input_tuple:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grad_outputs = _as_tuple(grad_outputs) or (None,) * len(output_tuple)
    if len(grad_outputs) != len(output_tuple):
        raise RuntimeError(f"got {len(grad_outputs)} tensors and {len(output_tuple)} gradients")
    if retain_graph is None:
        retain_graph = create_graph
    grads = _make_grads(output_tuple, grad_outputs, create_graph)
    captured = run_backward(output_tuple, grads, retain_graph, create_graph, inputs=input_tuple,
                            accumulate=False)
    results = []
    for index, (tensor, value) in enumerate(zip(input_tuple, captured)):
        if value is None:
            if materialize_grads:
                results.append(_creation.zeros_like(tensor))
                continue
            if not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {index} appears to not have been used in the graph. "
                    "Set allow_unused=True if this is the desired behavior.")
            results.append(None)
        elif isinstance(value, _tensor.Tensor):
            results.append(value)
        elif value.__class__ is _sparse_gradient.SparseGradient:  # nn.Embedding(sparse=True)'s weight
            results.append(value.tensor())
        else:
            if value.base is not None:
                with device_guard(tensor._device):
                    value = value.copy(order="K")  # in the view's layout (relu's gradient: a dtype view)
            results.append(_tensor.wrap(tensor._device._backend.ensure_array(value), tensor._device))
    return tuple(results)


from . import functional  # noqa: E402  (it builds on grad() above)
from . import forward_ad  # noqa: E402  (so does forward mode's double-vjp)
