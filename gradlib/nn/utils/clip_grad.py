"""``torch.nn.utils.clip_grad``: ``clip_grad_norm_``, ``clip_grad_value_`` (those of ``gradlib.nn.utils``) and
the deprecated ``clip_grad_norm``.

>>> import warnings, gradlib
>>> from gradlib.nn.utils.clip_grad import clip_grad_norm
>>> p = gradlib.nn.Parameter(gradlib.zeros(2)); p.grad = gradlib.tensor([3., 4.])
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     clip_grad_norm([p], 1.0)
tensor(5.)
"""
import warnings

from . import clip_grad_norm_, clip_grad_value_

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_"]


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """``clip_grad_norm_`` under its old name (deprecated): scales the gradients of ``parameters`` (tensors of any
    shape and floating dtype) in place so that their total ``norm_type`` norm is at most ``max_norm`` and returns
    that norm (a 0-d tensor), with PyTorch's FutureWarning each call; errors as ``clip_grad_norm_``'s. Mirrors
    ``torch.nn.utils.clip_grad_norm``.

    >>> import gradlib, warnings
    >>> p = gradlib.nn.Parameter(gradlib.zeros(2)); p.grad = gradlib.tensor([3., 4.])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     gradlib.nn.utils.clip_grad_norm([p], 1.0), p.grad
    (tensor(5.), tensor([0.6000, 0.8000]))
    >>> caught[0].category.__name__
    'FutureWarning'
    """
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)
