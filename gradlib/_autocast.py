"""Autocast's per-thread state and the casts ops apply at their entry (the public context manager is
``gradlib.amp.autocast``).

PyTorch's autocast runs each op of a fixed list in a chosen precision: matrix products and convolutions in the
low dtype (``lower``), numerically sensitive ops (softmax, norms, losses) in float32 (``fp32``). The op's public
function calls ``lower(...)`` / ``fp32(...)`` on its tensor arguments first; the casts are ordinary
differentiable ``.to(dtype)`` calls (``ToCopyBackward0``), so gradients reach float32 parameters in float32.

Only floating tensors other than float64 (float32, float16, bfloat16) are cast (PyTorch's "eligible" tensors), and
only on a device type whose autocast is enabled on this thread. ``active`` counts the enabled autocast regions of all threads, so an
op outside autocast pays one global read. Casts of leaf tensors that require grad (weights) to the low dtype are
cached until the outermost autocast region exits, as PyTorch's ``cache_enabled``.
"""
import threading

from . import _tensor, dtypes

__all__ = ["active", "is_enabled", "get_dtype", "lower", "lower_cuda", "fp32", "fp32_cuda", "fp32_dtype",
           "refuse_on_cuda_bce", "clear_cache"]

#: the enabled autocast regions open on all threads (the ops' fast check)
active = 0
DEVICE_TYPES = ("cpu", "cuda")
#: the default low dtype per device type, PyTorch's: bfloat16 on the CPU (stored with the bfloat16 extra,
#: ml_dtypes), float16 on CUDA
DEFAULT_DTYPES = {"cpu": dtypes.bfloat16, "cuda": dtypes.float16}


class _State(threading.local):
    def __init__(self):
        self.enabled = {"cpu": False, "cuda": False}
        self.dtype = dict(DEFAULT_DTYPES)
        self.cache_enabled = True
        self.nesting = 0
        self.cache = {}  # id(weight) -> (weight, its low-precision copy)


state = _State()


def is_enabled(device_type):
    return state.enabled.get(device_type, False)


def get_dtype(device_type):
    return state.dtype.get(device_type)


def clear_cache():
    state.cache.clear()


#: PyTorch's eligible tensors: floating, not float64
_ELIGIBLE = (dtypes.float32, dtypes.float16, dtypes.bfloat16)


def _eligible(value):
    return isinstance(value, _tensor.Tensor) and value.dtype in _ELIGIBLE \
        and state.enabled.get(value._device.type, False)


def _cast(value, dtype):
    if value.dtype is dtype:
        return value
    cacheable = state.cache_enabled and value._requires_grad and value._base is None and value.is_leaf and \
        value.dtype is dtypes.float32 and dtype is state.dtype.get(value._device.type)
    if cacheable:
        hit = state.cache.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
    result = value.to(dtype)
    if cacheable:
        state.cache[id(value)] = (value, result)
    return result


def lower(*values, device_types=DEVICE_TYPES):
    """``values`` with each eligible tensor cast to its device type's autocast dtype (PyTorch's
    ``lower_precision_fp`` ops: matmul, linear, conv, bmm, addmm, ...; ``device_types``: the device types
    whose list holds the op). Call only when ``active``."""
    return tuple(_cast(value, state.dtype[value._device.type])
                 if _eligible(value) and value._device.type in device_types else value for value in values)


def lower_cuda(*values):
    """``lower`` for the ops only CUDA's list holds (mv, addmv, addr, einsum, chain_matmul)."""
    return lower(*values, device_types=("cuda",))


def fp32(*values, device_types=DEVICE_TYPES):
    """``values`` with each eligible tensor cast to float32 (PyTorch's ``fp32`` ops: losses, ...)."""
    return tuple(_cast(value, dtypes.float32) if _eligible(value) and value._device.type in device_types
                 else value for value in values)


def fp32_cuda(*values):
    """``fp32`` for the ops only CUDA's list holds (layer_norm, group_norm)."""
    return fp32(*values, device_types=("cuda",))


def fp32_dtype(value, dtype):
    """The ``dtype`` argument of softmax / log_softmax under CUDA autocast: float32 in place of None for an
    eligible input (PyTorch's ``fp32_set_opt_dtype``; CPU autocast leaves them alone)."""
    if dtype is None and _eligible(value) and value._device.type == "cuda":
        return dtypes.float32
    return dtype


_BCE_UNSAFE = ("torch.nn.functional.binary_cross_entropy and torch.nn.BCELoss are unsafe to autocast.\n"
               "Many models use a sigmoid layer right before the binary cross entropy layer.\n"
               "In this case, combine the two layers using torch.nn.functional.binary_cross_entropy_with_logits\n"
               "or torch.nn.BCEWithLogitsLoss.  binary_cross_entropy_with_logits and BCEWithLogits are\n"
               "safe to autocast.")


def refuse_on_cuda_bce(input):
    """PyTorch's CUDA autocast bans binary_cross_entropy (its RuntimeError); CPU autocast runs it in float32."""
    if isinstance(input, _tensor.Tensor) and input._device.type == "cuda" and state.enabled["cuda"]:
        raise RuntimeError(_BCE_UNSAFE)
