"""PyTorch's deprecated Scalar-first overloads of the Tensor methods ``add``/``sub``/``addcmul``/``addcdiv`` (and
their in-place forms): ``p.data.add_(-lr, grad)``, ``exp_avg_sq.addcmul_(1 - beta2, grad, grad)``, as optimizers
written for PyTorch < 1.5 call them. PyTorch still accepts them, with a UserWarning naming the signature to use,
once a process for all of them (its argument parser warns from one place). The methods take the extra positional
argument (``NOT_GIVEN`` when absent: one identity test on their common path) and call ``scalar_first`` when it is
there.

>>> import gradlib, warnings
>>> x = gradlib.ones(2)
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     x.add_(2, gradlib.tensor([1., 3.]))
tensor([3., 7.])
"""
from ._warn_once import warn_once

__all__ = ["NOT_GIVEN", "scalar_first"]

#: the default of the methods' extra positional parameter
NOT_GIVEN = object()

_ALPHA = ("(Number alpha, Tensor other)", "(Tensor other, *, Number alpha = 1)")
_VALUE = ("(Number value, Tensor tensor1, Tensor tensor2)", "(Tensor tensor1, Tensor tensor2, *, Number value = 1)")
_FORMS = {"add": _ALPHA, "add_": _ALPHA, "sub": _ALPHA, "sub_": _ALPHA, "addcmul": _VALUE, "addcmul_": _VALUE,
          "addcdiv": _VALUE, "addcdiv_": _VALUE}


def scalar_first(name, scalar):
    """Check the old overload's first argument (a Python number, else PyTorch's TypeError) and give PyTorch's
    UserWarning for it, once a process."""
    if not isinstance(scalar, (bool, int, float, complex)):
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({type(scalar).__name__}, "
                        "Tensor), but expected (Tensor other, *, Number alpha)")
    old, new = _FORMS[name]
    warn_once(f"This overload of {name} is deprecated:\n\t{name}{old}\nConsider using one of the following "
              f"signatures instead:\n\t{name}{new}", stacklevel=3, key="deprecated overload")
