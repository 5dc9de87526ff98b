"""``layout`` and ``memory_format`` values, so that code passing PyTorch's ``layout=torch.strided``,
``memory_format=torch.contiguous_format`` or ``pin_memory=False`` runs.

Dense gradlib tensors are strided (``gradlib.strided``; the sparse layouts ``sparse_coo`` and ``sparse_csr``
are made by ``gradlib.sparse_coo_tensor``, ``to_sparse()`` and ``to_sparse_csr()``, not by the factories); new tensors are row-major
(``contiguous_format``), which is also what ``preserve_format`` gives for them. ``channels_last`` (rank 4) and
``channels_last_3d`` (rank 5) are storage orders that ``Tensor.to``, ``contiguous``, ``clone`` and ``nn.Module.to``
give (the same values, PyTorch's strides: channels innermost) and ``is_contiguous`` recognizes; the factories
refuse them with a RuntimeError, and ops do not carry them on to their results. ``pin_memory=True`` is accepted where a CUDA device is usable
(gradlib copies to the GPU synchronously, so pinning would change nothing but speed; the memory is not pinned), and
refused as in PyTorch where none is.

>>> import gradlib
>>> gradlib.zeros(2, layout=gradlib.strided, pin_memory=False)
tensor([0., 0.])
>>> gradlib.ones(2, 2).contiguous(memory_format=gradlib.contiguous_format).is_contiguous()
True
>>> gradlib.strided, gradlib.channels_last
(gradlib.strided, gradlib.channels_last)
"""

__all__ = ["layout", "memory_format", "strided", "sparse_coo", "sparse_csr", "contiguous_format", "preserve_format", "channels_last",
           "channels_last_3d", "check_layout", "check_memory_format", "check_pin_memory", "check_format_argument",
           "check_rank", "arranged", "is_in_format"]


class layout:
    """A tensor layout: ``gradlib.strided`` (dense), ``gradlib.sparse_coo``, ``gradlib.sparse_csr``."""
    __module__ = "gradlib"  # PyTorch's name (``torch.layout``); gradlib/_homes.py

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"gradlib.{self.name}"

    def __reduce__(self):
        return self.name


class memory_format:
    """A memory format: ``contiguous_format``, ``preserve_format``, ``channels_last``, ``channels_last_3d``."""
    __module__ = "gradlib"  # PyTorch's name (``torch.memory_format``); gradlib/_homes.py

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"gradlib.{self.name}"

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


def check_layout(value):
    """Accept ``None`` and ``gradlib.strided``; refuse anything else with PyTorch's TypeError."""
    if value is None or value is strided:
        return
    raise TypeError(f"layout must be gradlib.strided (the factories make dense tensors; make sparse ones with "
                    f"gradlib.sparse_coo_tensor or .to_sparse()), not {value!r}")


def check_memory_format(value):
    """Accept ``None``, ``contiguous_format`` and ``preserve_format``; refuse the channels-last orders."""
    if value is None or value is contiguous_format or value is preserve_format:
        return
    if isinstance(value, memory_format):
        raise RuntimeError(f"memory_format={value!r} is not supported: gradlib tensors are stored row-major "
                           f"(gradlib.contiguous_format)")
    raise TypeError(f"memory_format must be a gradlib.memory_format, not {type(value).__name__}")


def check_format_argument(value):
    """Accept ``None`` and any ``gradlib.memory_format`` (where the channels-last orders are supported)."""
    if value is None or isinstance(value, memory_format):
        return
    raise TypeError(f"memory_format must be a gradlib.memory_format, not {type(value).__name__}")


_RANKS = {"channels_last": 4, "channels_last_3d": 5}


def _channels_last(value):
    return value is channels_last or value is channels_last_3d


def check_rank(value, ndim):
    """PyTorch's RuntimeError for a channels-last order on a tensor of another rank."""
    rank = _RANKS.get(value.name) if value is not None else None
    if rank is not None and ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {value.name} format")


def arranged(xp, array, value):
    """``array``'s values stored in ``value``'s order (channels innermost for the channels-last orders, else
    row-major): a copy unless ``array`` is stored so already."""
    if _channels_last(value):
        moved = xp.moveaxis(array, 1, -1)
        stored = xp.empty_like(moved, order="C")  # a fresh copy: PyTorch's strides at dims of size 1 too
        stored[...] = moved
        return xp.moveaxis(stored, -1, 1)
    return xp.ascontiguousarray(array)


def is_in_format(array, strides, value):
    """Whether an array of element ``strides`` is stored in ``value``'s order (dims of size 1 do not count, as in
    PyTorch); a channels-last order needs its rank. TypeError for a ``value`` that is not a memory format."""
    check_format_argument(value)
    if not _channels_last(value):
        return bool(array.flags.c_contiguous)
    shape = array.shape
    if len(shape) != _RANKS[value.name]:
        return False
    expected = 1
    for dim in [1] + list(range(len(shape) - 1, 1, -1)) + [0]:
        if shape[dim] != 1 and strides[dim] != expected:
            return False
        expected *= shape[dim]
    return True


def check_pin_memory(value, cuda_available):
    """``pin_memory=True`` needs a usable CUDA device, as in PyTorch (the memory is not actually pinned)."""
    if value and not cuda_available():
        raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                           "allocator is available on this system.")
