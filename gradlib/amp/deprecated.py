"""``torch.cuda.amp`` and ``torch.cpu.amp``: the deprecated device-specific spellings of ``torch.amp``'s
``autocast`` and ``GradScaler`` (each warns PyTorch's FutureWarning, then behaves as ``torch.amp``'s).

>>> import warnings, gradlib
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     scaler = gradlib.cuda.amp.GradScaler(enabled=False)
>>> scaler.get_scale()
1.0
"""
import sys
import types
import warnings

from .. import dtypes
from . import autocast_mode, grad_scaler

__all__ = ["cuda_amp", "cpu_amp"]


def _deprecated(name, device_type):
    warnings.warn(f"`torch.{device_type}.amp.{name}(args...)` is deprecated. Please use "
                  f"`torch.amp.{name}('{device_type}', args...)` instead.", FutureWarning, stacklevel=3)


class _CudaAutocast(autocast_mode.autocast):
    """``torch.cuda.amp.autocast(enabled=True, dtype=torch.float16, cache_enabled=True)`` (deprecated)."""

    def __init__(self, enabled=True, dtype=dtypes.float16, cache_enabled=True):
        _deprecated("autocast", "cuda")
        super().__init__("cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class _CpuAutocast(autocast_mode.autocast):
    """``torch.cpu.amp.autocast(enabled=True, dtype=torch.bfloat16, cache_enabled=True)`` (deprecated)."""

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        _deprecated("autocast", "cpu")
        super().__init__("cpu", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class _CudaGradScaler(grad_scaler.GradScaler):
    """``torch.cuda.amp.GradScaler(init_scale=65536.0, growth_factor=2.0, backoff_factor=0.5,
    growth_interval=2000, enabled=True)`` (deprecated)."""

    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                 enabled=True):
        _deprecated("GradScaler", "cuda")
        super().__init__("cuda", init_scale, growth_factor, backoff_factor, growth_interval, enabled)


for _class, _name in ((_CudaAutocast, "autocast"), (_CpuAutocast, "autocast"), (_CudaGradScaler, "GradScaler")):
    _class.__name__ = _class.__qualname__ = _name

cuda_amp = types.ModuleType("gradlib.cuda.amp", "torch.cuda.amp: deprecated autocast and GradScaler for CUDA")
cuda_amp.autocast = _CudaAutocast
cuda_amp.GradScaler = _CudaGradScaler
cpu_amp = types.ModuleType("gradlib.cpu.amp", "torch.cpu.amp: deprecated autocast for the CPU")
cpu_amp.autocast = _CpuAutocast
# importable by name (``from torch.cuda.amp import GradScaler``), though gradlib.cuda and gradlib.cpu are modules
sys.modules.setdefault(cuda_amp.__name__, cuda_amp)
sys.modules.setdefault(cpu_amp.__name__, cpu_amp)
