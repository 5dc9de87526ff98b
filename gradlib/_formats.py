"""``layout`` and ``memory_format`` values, so that code passing PyTorch's ``layout=torch.strided``,
``memory_format=torch.contiguous_format`` or ``pin_memory=False`` runs.

Dense gradlib tensors are strided (``gradlib.strided``; the sparse layouts ``sparse_coo`` and ``sparse_csr``
are made by ``gradlib.sparse_coo_tensor``, ``to_sparse()`` and ``to_sparse_csr()``, not by the factories); new tensors are row-major
(``contiguous_format``). ``channels_last`` (rank 4) and ``channels_last_3d`` (rank 5) are storage orders (the
same values, PyTorch's strides: channels innermost) that ``empty``, the ``*_like`` factories, ``Tensor.to``,
``contiguous``, ``clone`` and ``nn.Module.to`` give and ``is_contiguous`` recognizes; ``preserve_format`` (the
default of ``clone``, ``to`` and the ``*_like`` factories) keeps a dense tensor's strides and otherwise takes the
format its strides suggest. Elementwise ops, convolutions, batch norm and pooling carry the layout on as
PyTorch's kernels do; the stride arithmetic is ``gradlib._layout``. ``pin_memory=True`` is accepted where a CUDA
device is usable (gradlib copies to the GPU synchronously, so pinning would change nothing but speed; the memory is
not pinned), and refused as in PyTorch where none is.

>>> import gradlib
>>> gradlib.zeros(2, layout=gradlib.strided, pin_memory=False)
tensor([0., 0.])
>>> gradlib.ones(2, 2).contiguous(memory_format=gradlib.contiguous_format).is_contiguous()
True
>>> gradlib.strided, gradlib.channels_last
(gradlib.strided, gradlib.channels_last)
"""
from . import _layout
from . import _public_name

__all__ = ["layout", "memory_format", "strided", "sparse_coo", "sparse_csr", "contiguous_format", "preserve_format", "channels_last",
           "channels_last_3d", "check_layout", "check_memory_format", "check_pin_memory", "check_format_argument",
           "check_rank", "check_factory_format", "target_strides", "arranged", "is_in_format", "suggested"]


class layout:
    """A tensor layout: ``gradlib.strided`` (dense), ``gradlib.sparse_coo``, ``gradlib.sparse_csr``."""
    __module__ = "gradlib"  # PyTorch's name (``torch.layout``); gradlib/_homes.py

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return _public_name.PREFIX + self.name

    def __reduce__(self):
        return self.name


class memory_format:
    """A memory format: ``contiguous_format``, ``preserve_format``, ``channels_last``, ``channels_last_3d``."""
    __module__ = "gradlib"  # PyTorch's name (``torch.memory_format``); gradlib/_homes.py

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return _public_name.PREFIX + self.name

    def __reduce__(self):
        return self.name


strided = layout("strided")
#: the sparse layouts (``gradlib/_sparse_coo.py``, ``gradlib/_sparse_csr.py``): tensors have them; factories do not
sparse_coo = layout("sparse_coo")
sparse_csr = layout("sparse_csr")
contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
_BY_NAME = {value.name: value for value in (contiguous_format, preserve_format, channels_last, channels_last_3d)}


def check_layout(value):
    """Accept ``None`` and ``gradlib.strided``; refuse anything else with PyTorch's TypeError."""
    if value is None or value is strided:
        return
    raise TypeError(f"layout must be gradlib.strided (the factories make dense tensors; make sparse ones with "
                    f"gradlib.sparse_coo_tensor or .to_sparse()), not {value!r}")


def check_memory_format(value):
    """Accept ``None``, ``contiguous_format`` and ``preserve_format`` (where a format is only passed on: ``cpu()``,
    ``float()``); TypeError for anything that is not a memory format."""
    check_format_argument(value)


def check_factory_format(value, ndim):
    """A factory's ``memory_format=`` (``empty``): None, ``contiguous_format`` or a channels-last order of the
    tensor's rank (PyTorch's RuntimeErrors for ``preserve_format`` and for another rank)."""
    check_format_argument(value)
    if value is preserve_format:
        raise RuntimeError("unsupported memory format Preserve")
    check_rank(value, ndim)


def check_format_argument(value):
    """Accept ``None`` and any ``gradlib.memory_format`` (where the channels-last orders are supported)."""
    if value is None or isinstance(value, memory_format):
        return
    raise TypeError(f"memory_format must be a gradlib.memory_format, not {type(value).__name__}")


def _channels_last(value):
    return value is channels_last or value is channels_last_3d


def check_rank(value, ndim):
    """PyTorch's RuntimeError for a channels-last order on a tensor of another rank."""
    rank = _layout.RANKS.get(value.name) if value is not None else None
    if rank is not None and ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {value.name} format")


def target_strides(shape, strides, value):
    """The strides a copy of a tensor of ``shape`` and ``strides`` gets in ``value``'s order: the format's own
    strides, or for None and ``preserve_format`` the tensor's (``_layout.preserve_strides``)."""
    if value is None or value is preserve_format:
        return _layout.preserve_strides(shape, strides)
    return _layout.format_strides(shape, value.name)


def arranged(xp, array, value):
    """``array``'s values stored in ``value``'s order (``target_strides``): ``array`` itself when it already
    is, a view when only dims of size 1 differ, else a copy."""
    strides = target_strides(array.shape, _layout.element_strides(array), value)
    return _layout.restrided(xp, array, strides)


def is_in_format(array, strides, value):
    """Whether an array of element ``strides`` is stored in ``value``'s order (dims of size 1 do not count, as in
    PyTorch); a channels-last order needs its rank. TypeError for a ``value`` that is not a memory format."""
    check_format_argument(value)
    shape = array.shape
    if _channels_last(value):
        return _layout.is_channels_last_contiguous(shape, strides, _layout.RANKS[value.name])
    return _layout.is_contiguous(shape, strides)


def suggested(shape, strides):
    """PyTorch's ``suggest_memory_format()`` as a ``gradlib.memory_format``."""
    return _BY_NAME[_layout.suggest_memory_format(shape, strides)]


def check_pin_memory(value, cuda_available):
    """``pin_memory=True`` needs a usable CUDA device, as in PyTorch (the memory is not actually pinned)."""
    if value and not cuda_available():
        raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                           "allocator is available on this system.")
