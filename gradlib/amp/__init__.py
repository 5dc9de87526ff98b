"""``torch.amp``: automatic mixed precision (``autocast``, ``GradScaler``).

>>> import gradlib
>>> with gradlib.amp.autocast("cpu", dtype=gradlib.float16):
...     (gradlib.ones(2, 3, device="cpu") @ gradlib.ones(3, 2, device="cpu")).dtype
gradlib.float16
"""
from . import autocast_mode, grad_scaler
from .autocast_mode import autocast, custom_bwd, custom_fwd, is_autocast_available
from .grad_scaler import GradScaler

__all__ = ["autocast", "GradScaler", "is_autocast_available", "custom_fwd", "custom_bwd"]
