"""``inference_mode``: like ``no_grad``, and tensors made inside can never join a graph afterwards."""
from . import grad_mode

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


class inference_mode(grad_mode._DecoratorContextManager):
    """Disable recording; tensors created inside are inference tensors (they cannot be used for backward later).

    >>> import gradlib
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> with gradlib.inference_mode():
    ...     y = x * 2
    >>> y.requires_grad, y.is_inference()
    (False, True)
    """

    def __new__(cls, mode=True):
        # ``@inference_mode`` without parentheses: called with the function, as PyTorch allows
        if mode is not None and not isinstance(mode, bool) and callable(mode):
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode=True):
        self.mode = bool(mode)

    def __enter__(self):
        state = grad_mode.state
        self._previous = (state.enabled, state.inference)
        if self.mode:
            state.enabled = False
            state.inference = True

    def __exit__(self, *exc):
        grad_mode.state.enabled, grad_mode.state.inference = self._previous
        return False

    def clone(self):
        return inference_mode(self.mode)
