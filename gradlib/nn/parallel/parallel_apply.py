"""``parallel_apply`` (``torch.nn.parallel.parallel_apply``): run each replica on its inputs, on its GPU.

PyTorch starts one Python thread per replica. gradlib runs the replicas one after another in the calling thread,
each with its GPU current: CuPy queues kernels without waiting for them, so the GPUs still compute at the same
time, and grad mode, autocast and the calling thread's state apply to every replica as they are. An exception in a
replica propagates as raised (PyTorch re-raises it from its thread with the replica and device named).
"""
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
        with _device_context(device_index(gpu, optional=True)):
            outputs.append(module(*args, **kwargs))
    return outputs
