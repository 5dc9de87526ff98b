"""PyTorch's ``TORCH_WARN_ONCE``: a warning raised from PyTorch's C++ code that fires once per process.

Python's filters do not bring it back (``warnings.simplefilter("always")`` still sees it once), and a first call
made while warnings were ignored uses it up, as in PyTorch. ``warn_once(message)`` is the one place gradlib keeps
that; the warnings PyTorch raises from Python (``warnings.warn``) are plain ``warnings.warn`` calls, each time.

>>> import warnings
>>> from gradlib._warn_once import warn_once, WARNED
>>> WARNED.discard("example")
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     warn_once("example"); warn_once("example")
>>> len(caught)
1
"""
import warnings

__all__ = ["warn_once"]

#: the messages already given in this process
WARNED = set()


def warn_once(message, category=UserWarning, stacklevel=2, key=None):
    """Warn ``message`` the first time it is given in this process (``stacklevel`` as ``warnings.warn``'s, counted
    from the caller of ``warn_once``). ``key``: where several messages share one PyTorch call site (one static
    flag), the name that site has here; the first of them to come is the only one given."""
    key = message if key is None else key
    if key not in WARNED:
        WARNED.add(key)
        warnings.warn(message, category, stacklevel=stacklevel + 1)
