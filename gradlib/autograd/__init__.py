"""``gradlib.autograd``: backward, grad, gradient checks and grad modes."""
import warnings
from collections.abc import Mapping

from .. import dtypes
from .. import _creation, _tensor
from ..ops import _sparse_gradient, join
from ..backends import device_guard
from . import engine, grad_mode, graph, profiler, profiler_util
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


def _tensor_or_tensors_to_tuple(tensors, length):
    """PyTorch's: ``None`` for every output, one Tensor, or any iterable (``tuple`` raises for the rest)."""
    if tensors is None:
        return (None,) * length
    if isinstance(tensors, _tensor.Tensor):
        return (tensors,)
    return tuple(tensors)


def _tensors_tuple(value, what):
    """``outputs``/``inputs`` of grad and backward as PyTorch reads them: one Tensor, a dict's values, or any
    iterable."""
    if isinstance(value, _tensor.Tensor):
        return (value,)
    if type(value) is dict:
        return tuple(value.values())
    if isinstance(value, Mapping):
        raise TypeError(f"`inputs` argument to `{what}()` must be a dict, not {type(value).__name__}. Other "
                        "Mapping types are not supported.")
    return tuple(value)


#: the gradient ``_check_grads`` leaves for a scalar output given none; ``_engine_grad`` makes it on the device
_IMPLICIT_ONE = object()


def _check_grads(outputs, grad_outputs, is_grads_batched=False):
    """PyTorch's Python-side ``_make_grads``: pairs each output with its gradient (``zip``: extra gradients are
    dropped, too few are the engine's error), checks a given one's shape and complexity, creates the implicit
    ``1`` of a scalar output that requires grad. Dtype and device are the engine's (``_engine_grads``)."""
    grads = []
    for index, (output, grad) in enumerate(zip(outputs, grad_outputs)):
        if not isinstance(output, _tensor.Tensor):
            raise AssertionError("Expected output to be a gradlib.Tensor")  # PyTorch's class and wording
        if isinstance(grad, _tensor.Tensor):
            first = grad[0] if is_grads_batched else grad  # PyTorch prints first[1:] as the shape given
            if first.shape != output.shape:
                if is_grads_batched:
                    raise RuntimeError(
                        "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the "
                        "batch dimension. The sizes of the remaining dimensions are expected to match the shape "
                        f"of corresponding output, but a mismatch was detected: grad_output[{index}] has a shape "
                        f"of {first.shape[1:]} and output[{index}] has a shape of {output.shape}. If you only want some "
                        "tensors in `grad_output` to be considered batched, consider using vmap.")
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{index}] has a shape of {grad.shape} and output[{index}] "
                    f"has a shape of {output.shape}.")
            if grad.dtype.is_complex != output.dtype.is_complex:
                raise RuntimeError(
                    "For complex Tensors, both grad_output and output are required to have the same dtype. "
                    f"Mismatch in dtype: grad_output[{index}] has a dtype of {grad.dtype} and output[{index}] has "
                    f"a dtype of {output.dtype}.")
        elif grad is None:
            if output._requires_grad:
                if output._array.size != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                if not output.dtype.is_floating_point:  # complex too
                    raise RuntimeError(
                        f"grad can be implicitly created only for real scalar outputs but got {output.dtype}")
                grad = _creation.ones_like(output) if is_grads_batched else _IMPLICIT_ONE
        else:
            raise TypeError(f"gradients can be either Tensors or None, but got {type(grad).__name__}")
        grads.append(grad)
    return grads


def _check_roots(outputs, grads, inputs, accumulate=False):
    """The engine's questions before it runs (PyTorch's ``run_backward``), in its order: as many gradients as
    outputs, every output in a graph, every input requiring grad (``backward(inputs=)`` asks it as
    ``retain_grad`` does)."""
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    for index, output in enumerate(outputs):
        if engine._root_edge(output) is engine.NO_EDGE:
            raise RuntimeError(f"element {index} of tensors does not require grad and does not have a grad_fn")
    for tensor in inputs or ():
        if not tensor._requires_grad:
            if accumulate:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            raise RuntimeError("One of the differentiated Tensors does not require grad")


def _engine_grads(outputs, grads, create_graph):
    """Each output's gradient as the engine takes it: on the output's device, in its dtype (PyTorch's
    ``validate_outputs`` casts a real gradient of another dtype, integers and bool too), raw arrays on the fast
    path, Tensors under create_graph."""
    arrays = []
    for index, (output, grad) in enumerate(zip(outputs, grads)):
        backend = output._device._backend
        if backend.needs_guard:
            with backend.guard(output._device):  # seeds and copies are made on the output's GPU
                arrays.append(_engine_grad(index, output, grad, create_graph))
        else:
            arrays.append(_engine_grad(index, output, grad, create_graph))
    return arrays


def _engine_grad(index, output, grad, create_graph):
    if grad is _IMPLICIT_ONE:  # loss.backward(): on the fast path a raw 1, no Tensor (a replayed step makes none)
        return _creation.ones_like(output) if create_graph else output._device._backend.ones_like(output._array)
    if grad._device is not output._device:
        if grad._array.ndim:  # PyTorch's engine moves a 0-d gradient to the output's device
            raise RuntimeError(
                f"invalid gradient at index {index} - expected device {output._device} but got {grad._device}")
        grad = grad.to(output._device)
    if grad.dtype is not output.dtype:
        grad = grad.to(output.dtype)
    elif not create_graph:
        grad = grad.detach()
        grad._array = grad._array.copy(order="K")  # the caller keeps theirs (a leaf's .grad must never alias
        # it), in its layout: a transposed grad_output gives PyTorch's transposed gradients
    return grad if create_graph else grad._array


def _make_grads(outputs, grad_outputs, create_graph):
    """Check or create the gradient of each output: raw arrays on the fast path, Tensors under create_graph."""
    grads = _check_grads(outputs, grad_outputs)
    _check_roots(outputs, grads, None)
    return _engine_grads(outputs, grads, create_graph)


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
            raise RuntimeError("`grad_tensors` and `grad_variables` (deprecated) arguments both passed to "
                               "`backward()`. Please only use `grad_tensors`.")
        grad_tensors = grad_variables
    target_inputs = _tensors_tuple(inputs, "backward") if inputs is not None else None
    if target_inputs is not None and not target_inputs:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    outputs = _tensors_tuple(tensors, "backward")
    grads = _check_grads(outputs, _tensor_or_tensors_to_tuple(grad_tensors, len(outputs)))
    if retain_graph is None:
        retain_graph = create_graph
    _check_roots(outputs, grads, target_inputs, accumulate=True)
    arrays = _engine_grads(outputs, grads, create_graph)
    run_backward(outputs, arrays, retain_graph, create_graph, inputs=target_inputs, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned (``.grad`` is left alone).

    PyTorch's checks in PyTorch's order: ``materialize_grads`` with ``allow_unused=False``, empty ``inputs``,
    the gradients' shapes (``_check_grads``), then the engine's (``_check_roots``). ``is_grads_batched`` runs
    one backward per row of the gradients and stacks the results (PyTorch vmaps the same backward).

    >>> import gradlib
    >>> x = gradlib.tensor(2., requires_grad=True)
    >>> (dx,) = gradlib.autograd.grad(x ** 3, x, create_graph=True)
    >>> dx, gradlib.autograd.grad(dx, x)[0]
    (tensor(12., grad_fn=<MulBackward0>), tensor(12.))
    """
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    output_tuple = _tensors_tuple(outputs, "grad")
    input_tuple = _tensors_tuple(inputs, "grad")
    if not input_tuple:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if not only_inputs:  # deprecated and ignored by PyTorch too
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.", FutureWarning,
                      stacklevel=2)
    grads = _check_grads(output_tuple, _tensor_or_tensors_to_tuple(grad_outputs, len(output_tuple)),
                         is_grads_batched)
    if retain_graph is None:
        retain_graph = create_graph
    if is_grads_batched:
        results = _batched_grad(output_tuple, input_tuple, grads, retain_graph, create_graph, allow_unused)
    else:
        results = _grad(output_tuple, input_tuple, grads, retain_graph, create_graph, allow_unused)
    if materialize_grads:
        results = tuple(_creation.zeros_like(tensor, requires_grad=create_graph) if value is None else value
                        for tensor, value in zip(input_tuple, results))
    if type(inputs) is dict:
        return dict(zip(inputs.keys(), results))
    return results


def _batched_grad(outputs, inputs, grads, retain_graph, create_graph, allow_unused):
    """``is_grads_batched``: PyTorch's vmap over the gradients' first dim (its checks, its messages), as one
    backward per row (the graph kept until the last)."""
    prefix = "vmap(vjp, in_dims=0, ...)(<inputs>): "
    for grad in grads:
        if not isinstance(grad, _tensor.Tensor):
            raise ValueError(f"{prefix}Got in_dim=0 for an input but the input is of type {type(grad)}. We cannot "
                             "vmap over non-Tensor arguments, please use None as the respective in_dim")
        if grad.dim() == 0:
            raise ValueError(f"{prefix}Got in_dim=0 for some input, but that input is a Tensor of dimensionality 0 "
                             "so expected in_dim to satisfy 0 <= in_dim < 0.")
    sizes = [grad.shape[0] for grad in grads]
    if any(size != sizes[0] for size in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{sizes} for the mapped dimension")
    rows = []
    for row in range(sizes[0]):
        last = row == sizes[0] - 1
        rows.append(_grad(outputs, inputs, [grad[row] for grad in grads], retain_graph or not last,
                          create_graph, allow_unused))
    results = []
    for index, tensor in enumerate(inputs):
        column = [row[index] for row in rows]
        if not column or column[0] is None:
            results.append(None)
        else:
            results.append(join.stack(column))
    return tuple(results)


def _grad(output_tuple, input_tuple, grads, retain_graph, create_graph, allow_unused):
    """One backward of grad(): the engine's checks, then the walk; the gradient reaching each input."""
    _check_roots(output_tuple, grads, input_tuple)
    arrays = _engine_grads(output_tuple, grads, create_graph)
    captured = run_backward(output_tuple, arrays, retain_graph, create_graph, inputs=input_tuple,
                            accumulate=False)
    results = []
    for index, (tensor, value) in enumerate(zip(input_tuple, captured)):
        if value is None:
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
