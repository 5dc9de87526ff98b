"""``torch.nn.utils.skip_init``: a module built on the meta device, then given uninitialized storage."""
import inspect

from ... import nn as _nn


def skip_init(module_cls, *args, **kwargs):
    """Instantiate ``module_cls(*args, **kwargs)`` without initializing its parameters and buffers (PyTorch's
    ``torch.nn.utils.skip_init``): the module is built with ``device='meta'`` and moved with ``to_empty`` to the
    ``device`` keyword (default ``'cpu'``), so its tensors hold uninitialized values, as if made by ``empty``.
    The class must take a ``device`` argument and do nothing but ``nn.init`` on its parameters while built.

    Raises RuntimeError (PyTorch's wording) when ``module_cls`` is not a Module subclass or takes no ``device``.

    >>> import gradlib
    >>> m = gradlib.nn.utils.skip_init(gradlib.nn.Linear, 5, 1)
    >>> m, m.weight.shape, m.weight.device
    (Linear(in_features=5, out_features=1, bias=True), gradlib.Size([1, 5]), device(type='cpu'))
    """
    if not issubclass(module_cls, _nn.Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    final_device = kwargs.pop("device", "cpu")
    kwargs["device"] = "meta"
    return module_cls(*args, **kwargs).to_empty(device=final_device)
