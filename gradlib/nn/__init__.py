"""``gradlib.nn``: neural-network building blocks. So far the functional API (``gradlib.nn.functional``)."""
from . import functional

__all__ = ["functional"]
