"""NumPy's spellings that PyTorch's argument parser accepts: ``axis=`` for ``dim=``, ``keepdims=`` for ``keepdim=``.

``x.sum(axis=1)``, ``torch.cat(ts, axis=0)`` and ``x.argmax(axis=1, keepdims=True)`` work in PyTorch because its C
argument parser maps these names for every native function. gradlib's functions say ``dim`` and ``keepdim``; the
decorator below adds the NumPy names to a function that has them. Its signature (``inspect.signature``) shows them as
keyword-only parameters.

The wrapper costs one extra Python call per use (about 0.1 us); ``@numpy_names`` is applied to the public
functions and Tensor methods that take ``dim``/``keepdim``, not to the operators (``+``, ``*``, ``@``, indexing)
or internal calls.

>>> import gradlib
>>> x = gradlib.tensor([[1., 2.], [3., 4.]])
>>> x.sum(axis=1), gradlib.amax(x, axis=0, keepdims=True)
(tensor([3., 7.]), tensor([[3., 4.]]))
>>> x.sum(dim=1, axis=1)
Traceback (most recent call last):
  ...
TypeError: sum() got multiple values for argument 'dim' (given as 'dim' and as 'axis')
"""
import functools
import inspect

__all__ = ["numpy_names", "ALIASES"]

#: NumPy's name -> PyTorch's name, as in PyTorch's python_arg_parser.cpp (numpy_compatibility_arg_names).
ALIASES = {"axis": "dim", "keepdims": "keepdim"}


def numpy_names(function):
    """Make ``function`` accept ``axis=`` for its ``dim`` and ``keepdims=`` for its ``keepdim`` parameter."""
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    translate = {alias: name for alias, name in ALIASES.items() if name in signature.parameters}
    if not translate:
        raise TypeError(f"{function.__qualname__} has neither dim nor keepdim")
    name = function.__name__

    @functools.wraps(function)
    def accepting_numpy_names(*args, **kwargs):
        if kwargs:
            for alias, original in translate.items():
                if alias in kwargs:
                    if original in kwargs:
                        raise TypeError(f"{name}() got multiple values for argument '{original}' (given as "
                                        f"'{original}' and as '{alias}')")
                    kwargs[original] = kwargs.pop(alias)
        return function(*args, **kwargs)

    keyword_position = len(parameters)
    if parameters and parameters[-1].kind == inspect.Parameter.VAR_KEYWORD:
        keyword_position -= 1
    extra = [inspect.Parameter(alias, inspect.Parameter.KEYWORD_ONLY, default=None) for alias in translate]
    accepting_numpy_names.__signature__ = signature.replace(
        parameters=parameters[:keyword_position] + extra + parameters[keyword_position:])
    accepting_numpy_names.numpy_names = dict(translate)
    return accepting_numpy_names
