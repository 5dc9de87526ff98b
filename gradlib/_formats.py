"""``layout`` and ``memory_format`` values, so that code passing PyTorch's ``layout=torch.strided``,
``memory_format=torch.contiguous_format`` or ``pin_memory=False`` runs.

gradlib tensors are dense and strided (``gradlib.strided``, the only layout); new tensors are row-major
(``contiguous_format``), which is also what ``preserve_format`` gives for them. ``channels_last`` is refused with a
RuntimeError (gradlib has no NHWC storage order). ``pin_memory=True`` is accepted where a CUDA device is usable
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

__all__ = ["layout", "memory_format", "strided", "contiguous_format", "preserve_format", "channels_last",
           "channels_last_3d", "check_layout", "check_memory_format", "check_pin_memory"]


class layout:
    """A tensor layout; gradlib has one, ``gradlib.strided``."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"gradlib.{self.name}"

    def __reduce__(self):
        return self.name


class memory_format:
    """A memory format: ``contiguous_format``, ``preserve_format``, ``channels_last``, ``channels_last_3d``."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"gradlib.{self.name}"

    def __reduce__(self):
        return self.name


strided = layout("strided")
contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


def check_layout(value):
    """Accept ``None`` and ``gradlib.strided``; refuse anything else with PyTorch's TypeError."""
    if value is None or value is strided:
        return
    raise TypeError(f"layout must be gradlib.strided (gradlib tensors are dense), not {value!r}")


def check_memory_format(value):
    """Accept ``None``, ``contiguous_format`` and ``preserve_format``; refuse the channels-last orders."""
    if value is None or value is contiguous_format or value is preserve_format:
        return
    if isinstance(value, memory_format):
        raise RuntimeError(f"memory_format={value!r} is not supported: gradlib tensors are stored row-major "
                           f"(gradlib.contiguous_format)")
    raise TypeError(f"memory_format must be a gradlib.memory_format, not {type(value).__name__}")


def check_pin_memory(value, cuda_available):
    """``pin_memory=True`` needs a usable CUDA device, as in PyTorch (the memory is not actually pinned)."""
    if value and not cuda_available():
        raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                           "allocator is available on this system.")
