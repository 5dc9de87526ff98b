"""``parallel_apply`` (``torch.nn.parallel.parallel_apply``): run each replica on its inputs, on its GPU.

PyTorch starts one Python thread per replica. gradlib runs the replicas one after another in the calling thread,
each with its GPU current: CuPy queues kernels without waiting for them, so the GPUs still compute at the same
time, and grad mode, autocast and the calling thread's state apply to every replica as they are. An exception in a
replica is raised again as PyTorch raises it from its thread: the same class, with "Caught ValueError in replica 1
on device 1." and the original traceback as its message.
"""
import traceback
from ... import backends
from ..._cuda_device import device as _device_context
from ..._cuda_device import device_index

__all__ = ["parallel_apply"]


def parallel_apply(modules, inputs, kwargs_tup=None, devices=None):
    """``[modules[i](*inputs[i], **kwargs_tup[i]) for i ...]``, each with GPU ``devices[i]`` current (the current
    GPU where ``devices`` is None) (mirrors ``torch.nn.parallel.parallel_apply``). An input that is not a
    tuple or list is one positional argument. Raises AssertionError when the lengths differ, and PyTorch's
    RuntimeError "Cannot access accelerator device when none is available." without CUDA.

    >>> import gradlib
    >>> if gradlib.cuda.device_count() >= 2:
    ...     replicas = gradlib.nn.parallel.replicate(gradlib.nn.Linear(2, 1).to("cuda:0"), [0, 1])
    ...     parts = gradlib.nn.parallel.scatter(gradlib.ones(4, 2), [0, 1])
    ...     outputs = gradlib.nn.parallel.parallel_apply(replicas, parts)
    ...     assert outputs[1].device == gradlib.device("cuda:1")
    """
    for what, given in (("inputs", inputs), ("kwargs_tup", kwargs_tup), ("devices", devices)):
        if given is not None and len(modules) != len(given):
            raise AssertionError(f"The number of modules {len(modules)} is not equal to the number of {what} "
                                 f"{len(given)}")
    if kwargs_tup is None:
        kwargs_tup = ({},) * len(modules)
    if devices is None:
        devices = [None] * len(modules)
    if not backends.cuda_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    outputs = []
    for module, args, kwargs, gpu in zip(modules, inputs, kwargs_tup, devices):
        if not isinstance(args, (list, tuple)):
            args = (args,)
        index = device_index(gpu, optional=True)
        try:
            with _device_context(index):
                outputs.append(module(*args, **kwargs))
        except Exception as error:
            _reraise(error, f"in replica {len(outputs)} on device {index}")
    return outputs


class _KeyErrorMessage(str):
    """A KeyError's message shown as written (KeyError shows ``repr`` of its argument), as PyTorch's."""

    def __repr__(self):
        return self


def _reraise(error, where):
    """PyTorch's ``ExceptionWrapper.reraise``: ``error``'s class again, its message naming the replica and holding
    the original traceback (a RuntimeError where the class cannot be made from one message)."""
    kind = type(error)
    message = f"Caught {kind.__name__} {where}.\nOriginal {''.join(traceback.format_exception(error))}"
    if kind is KeyError:
        message = _KeyErrorMessage(message)
    try:
        again = kind(message)
    except Exception:
        raise RuntimeError(message) from None
    raise again from None
