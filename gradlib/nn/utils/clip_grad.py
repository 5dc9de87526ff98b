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
    """``clip_grad_norm_`` under its old name, with PyTorch's FutureWarning."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)
