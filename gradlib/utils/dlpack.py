"""``gradlib.utils.dlpack``, as ``torch.utils.dlpack``: ``from_dlpack``, ``to_dlpack`` and ``DLDeviceType``.

See ``gradlib._dlpack`` for what is shared and what the version counters can and cannot see.
"""
from .._dlpack import DLDeviceType, from_dlpack, to_dlpack

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]
