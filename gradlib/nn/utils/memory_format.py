"""``gradlib.nn.utils.memory_format``: lay the weights of a model's 2-D or 3-D convolutions out in a memory
format (PyTorch's ``torch.nn.utils.memory_format``), leaving every other layer as it is."""
from ..modules import conv as _conv

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def _convert(module, memory_format, kinds):
    """PyTorch's walk: the weight of ``module`` itself if it is one of ``kinds``, then each child's in turn
    (recursively); the weight keeps its Parameter, its data becomes a copy in ``memory_format``."""
    if isinstance(module, kinds):
        weight_data = module.weight.detach().clone(memory_format=memory_format)
        module.weight.data = weight_data.resize_(weight_data.size(), memory_format=memory_format)
    for child in module.children():
        _convert(child, memory_format, kinds)
    return module


def convert_conv2d_weight_memory_format(module, memory_format):
    """Lay the weight of every ``Conv2d`` and ``ConvTranspose2d`` in ``module`` (itself and its submodules, at any
    depth) out in ``memory_format`` (``channels_last`` or ``contiguous_format``); returns ``module``, changed in
    place. Only the strides change, not the shapes or values. Mirrors
    ``torch.nn.utils.convert_conv2d_weight_memory_format``.

    Raises RuntimeError for a format a 4-D weight cannot take (``channels_last_3d``, ``preserve_format``),
    TypeError for something that is not a memory format, AttributeError for a ``module`` that is not a Module.

    >>> import gradlib
    >>> model = gradlib.nn.Sequential(gradlib.nn.Conv2d(2, 3, 2), gradlib.nn.Linear(3, 3))
    >>> model = gradlib.nn.utils.convert_conv2d_weight_memory_format(model, gradlib.channels_last)
    >>> model[0].weight.stride(), model[1].weight.stride()
    ((8, 1, 4, 2), (3, 1))
    """
    return _convert(module, memory_format, (_conv.Conv2d, _conv.ConvTranspose2d))


def convert_conv3d_weight_memory_format(module, memory_format):
    """Lay the weight of every ``Conv3d`` and ``ConvTranspose3d`` in ``module`` (itself and its submodules, at any
    depth) out in ``memory_format`` (``channels_last_3d`` or ``contiguous_format``); returns ``module``, changed in
    place. Mirrors ``torch.nn.utils.convert_conv3d_weight_memory_format``.

    Raises RuntimeError for a format a 5-D weight cannot take (``channels_last``, ``preserve_format``), TypeError
    for something that is not a memory format, AttributeError for a ``module`` that is not a Module.

    >>> import gradlib
    >>> conv = gradlib.nn.Conv3d(2, 3, 2)
    >>> gradlib.nn.utils.convert_conv3d_weight_memory_format(conv, gradlib.channels_last_3d).weight.stride()
    (16, 1, 8, 4, 2)
    """
    return _convert(module, memory_format, (_conv.Conv3d, _conv.ConvTranspose3d))
