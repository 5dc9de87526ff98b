"""Resetting parameters' gradients, what ``Module.zero_grad`` and ``Optimizer.zero_grad`` share (re-exported by
``gradlib.nn.utils``). A file of its own below ``nn.modules``: ``Module`` needs it, and ``nn.utils`` imports the
module classes (``convert_conv2d_weight_memory_format`` tests for Conv2d), so ``Module`` cannot import ``nn.utils``."""

__all__ = ["zero_grads"]


def zero_grads(parameters, set_to_none=True):
    """Reset the gradients of ``parameters``: to None, or to zeros in place (what Module and Optimizer
    ``zero_grad`` do)."""
    for param in parameters:
        if param.grad is None:
            continue
        if set_to_none:
            param.grad = None
        else:
            if param.grad.grad_fn is not None:  # PyTorch's Optimizer.zero_grad (detach_ refuses views)
                param.grad.detach_()
            else:
                param.grad.requires_grad_(False)
            param.grad.zero_()
