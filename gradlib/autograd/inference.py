"""``inference_mode``: like ``no_grad``, and tensors made inside can never join a graph afterwards."""
from . import grad_mode
from .grad_mode import inference_mode  # its home is grad_mode, as PyTorch's

INPLACE_MESSAGE = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a "
    "normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.")

__all__ = ["inference_mode", "is_inference_mode_enabled", "check_not_inference"]

INFERENCE_SAVED_MESSAGE = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in "
    "computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use "
    "it in autograd, or use `gradlib.no_grad()` instead of `gradlib.inference_mode()`.")


def check_not_inference(tensor):
    """Refuse to save an inference tensor for backward (PyTorch's rule and message)."""
    if tensor._is_inference:
        raise RuntimeError(INFERENCE_SAVED_MESSAGE)


def is_inference_mode_enabled():
    """True inside ``inference_mode``."""
    return grad_mode.state.inference
