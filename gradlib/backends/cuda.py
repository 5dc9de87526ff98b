"""``torch.backends.cuda``: the switches programs set for CUDA matrix products and attention
(``torch.backends.cuda.matmul.allow_tf32 = True``), and ``torch.set_float32_matmul_precision``.

gradlib's CUDA products are CuPy's, which use cuBLAS without TF32 unless CuPy is told otherwise; these switches
are accepted and recorded, and change nothing in gradlib's results (float32 products stay float32 on every
setting: ``'highest'`` precision in PyTorch's terms). As in PyTorch, ``matmul.allow_tf32`` and the float32 matmul
precision are one setting seen two ways (``allow_tf32 = True`` reads back as precision ``'high'``). The
scaled-dot-product-attention switches (``enable_flash_sdp`` ...) are recorded likewise: gradlib has one attention
implementation.

>>> import gradlib
>>> gradlib.backends.cuda.matmul.allow_tf32 = True
>>> gradlib.get_float32_matmul_precision()
'high'
>>> gradlib.set_float32_matmul_precision("highest")
>>> gradlib.backends.cuda.matmul.allow_tf32
False
"""
import importlib.util
import warnings

__all__ = ["matmul", "is_built", "set_float32_matmul_precision", "get_float32_matmul_precision",
           "flash_sdp_enabled", "enable_flash_sdp", "mem_efficient_sdp_enabled", "enable_mem_efficient_sdp",
           "math_sdp_enabled", "enable_math_sdp", "cudnn_sdp_enabled", "enable_cudnn_sdp",
           "preferred_linalg_library"]

_PRECISIONS = ("highest", "high", "medium")
_settings = {"precision": "highest", "fp16_reduction": True, "bf16_reduction": True}
_sdp = {"flash": True, "mem_efficient": True, "math": True, "cudnn": True}


def set_float32_matmul_precision(precision):
    """Record the float32 matmul precision (``'highest'``, ``'high'`` or ``'medium'``; anything else warns and
    changes nothing, as PyTorch). No effect on gradlib's results: its float32 products are always full float32.
    Mirrors ``torch.set_float32_matmul_precision``."""
    if precision not in _PRECISIONS:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      f"setFloat32MatmulPrecision call has no effect.")
        return
    _settings["precision"] = precision


def get_float32_matmul_precision():
    """The recorded float32 matmul precision (``'highest'`` by default). Mirrors
    ``torch.get_float32_matmul_precision``."""
    return _settings["precision"]


class cuBLASModule:
    """``torch.backends.cuda.matmul``: ``allow_tf32`` (False; True is precision ``'high'``),
    ``allow_fp16_reduced_precision_reduction`` and ``allow_bf16_reduced_precision_reduction`` (True). Recorded,
    no effect in gradlib; other names raise PyTorch's AttributeError."""

    def __getattr__(self, name):
        if name == "allow_tf32":
            return _settings["precision"] != "highest"
        if name == "allow_fp16_reduced_precision_reduction":
            return _settings["fp16_reduction"]
        if name == "allow_bf16_reduced_precision_reduction":
            return _settings["bf16_reduction"]
        raise AttributeError(f"Unknown attribute {name}")

    def __setattr__(self, name, value):
        if name == "allow_tf32":
            _settings["precision"] = "high" if value else "highest"
        elif name == "allow_fp16_reduced_precision_reduction":
            _settings["fp16_reduction"] = value
        elif name == "allow_bf16_reduced_precision_reduction":
            _settings["bf16_reduction"] = value
        else:
            raise AttributeError(f"Unknown attribute {name}")


matmul = cuBLASModule()


def is_built():
    """True when CuPy, gradlib's CUDA array library, is installed (``torch.backends.cuda.is_built``: whether
    CUDA support is there; a GPU may still be missing, see ``torch.cuda.is_available``)."""
    return importlib.util.find_spec("cupy") is not None


def flash_sdp_enabled():
    return _sdp["flash"]


def enable_flash_sdp(enabled):
    _sdp["flash"] = bool(enabled)


def mem_efficient_sdp_enabled():
    return _sdp["mem_efficient"]


def enable_mem_efficient_sdp(enabled):
    _sdp["mem_efficient"] = bool(enabled)


def math_sdp_enabled():
    return _sdp["math"]


def enable_math_sdp(enabled):
    _sdp["math"] = bool(enabled)


def cudnn_sdp_enabled():
    return _sdp["cudnn"]


def enable_cudnn_sdp(enabled):
    _sdp["cudnn"] = bool(enabled)


def preferred_linalg_library(backend=None):
    """Accepted and ignored (gradlib's CUDA linear algebra is CuPy's); returns ``'default'``."""
    return "default"
