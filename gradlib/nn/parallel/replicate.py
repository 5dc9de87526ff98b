"""``replicate`` (``torch.nn.parallel.replicate``): copies of a module on several GPUs whose parameters are
differentiable copies of the original's, so that the gradients of every replica flow back into the original
parameters' ``.grad`` (summed), as PyTorch's ``Broadcast``.

A replica is a shallow copy of each module of the tree (its hooks and plain attributes shared with the original,
its tables of parameters, buffers and children its own): its parameters are plain tensors (``param.to(gpu)``,
recorded in the graph; on the original's own GPU the original Parameter itself), not registered Parameters, so a
replica has no ``parameters()`` of its own, as in PyTorch. Buffers are copied without a graph (unless they
require grad); the replica on the original's GPU shares them, so in-place updates there (BatchNorm's running
statistics) reach the original, as in PyTorch.
"""
from ..._cuda_device import device_index
from ...autograd import grad_mode
from ...device import device as _device

__all__ = ["replicate"]


def _copies(tensors, devices, detach):
    """For each GPU, the copies of ``tensors`` there (the tensor itself on its own GPU)."""
    for tensor in tensors:
        if tensor.device.type == "cpu":
            raise AssertionError("Broadcast function not implemented for CPU tensors")
    copies = []
    for index in devices:
        target = _device("cuda", index)
        moved = []
        for tensor in tensors:
            copy = tensor.to(target)
            moved.append(copy.detach() if detach else copy)
        copies.append(moved)
    return copies


def _shallow_copy(module):
    """A replica of one module: the same class and attributes, its own tables (PyTorch's
    ``Module._replicate_for_data_parallel``)."""
    replica = module.__new__(type(module))
    replica.__dict__ = module.__dict__.copy()
    replica.__dict__["_parameters"] = type(module._parameters)()
    replica.__dict__["_buffers"] = module._buffers.copy()
    replica.__dict__["_modules"] = module._modules.copy()
    replica.__dict__["_is_replica"] = True
    return replica


def replicate(network, devices, detach=False):
    """Copies of ``network`` on each GPU of ``devices`` (mirrors ``torch.nn.parallel.replicate``); the first
    replica shares the original's parameters and buffers when ``devices[0]`` is their GPU. ``detach=True`` (or
    grad mode off) gives parameter copies without a graph. Raises AssertionError "Broadcast function not
    implemented for CPU tensors" when a parameter or buffer is not on a GPU, as PyTorch.

    >>> import gradlib
    >>> if gradlib.cuda.device_count() >= 2:
    ...     model = gradlib.nn.Linear(2, 1).to("cuda:0")
    ...     first, second = gradlib.nn.parallel.replicate(model, [0, 1])
    ...     assert second.weight.device == gradlib.device("cuda:1") and second.weight.grad_fn is not None
    """
    indices = [device_index(gpu, optional=True) for gpu in devices]
    detach = detach or not grad_mode.is_grad_enabled()
    params = list(network.parameters())
    param_indices = {id(param): i for i, param in enumerate(params)}
    param_copies = _copies(params, indices, detach)
    buffers = list(network.buffers())
    buffer_indices = {id(buf): i for i, buf in enumerate(buffers)}
    buffer_copies = _copies(buffers, indices, True)
    for j, index in enumerate(indices):
        for i, buf in enumerate(buffers):
            if buf.requires_grad and not detach:
                buffer_copies[j][i] = buf.to(_device("cuda", index))

    modules = list(network.modules())
    module_indices = {id(module): i for i, module in enumerate(modules)}
    module_copies = [[_shallow_copy(module) for module in modules] for _ in indices]
    for i, module in enumerate(modules):
        for j in range(len(indices)):
            replica = module_copies[j][i]
            for key, child in module._modules.items():
                replica._modules[key] = None if child is None else module_copies[j][module_indices[id(child)]]
            for key, param in module._parameters.items():
                value = None if param is None else param_copies[j][param_indices[id(param)]]
                object.__setattr__(replica, key, value)
            for key, buf in module._buffers.items():
                replica._buffers[key] = None if buf is None else buffer_copies[j][buffer_indices[id(buf)]]
    return [copies[0] for copies in module_copies]


