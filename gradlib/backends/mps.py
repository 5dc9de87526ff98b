"""``torch.backends.mps``: Apple's Metal backend, which gradlib does not have (device-selection code such as
``"mps" if torch.backends.mps.is_available() else "cpu"`` then picks another device).

>>> import gradlib
>>> gradlib.backends.mps.is_available(), gradlib.backends.mps.is_built()
(False, False)
"""

__all__ = ["is_available", "is_built"]


def is_available():
    """False: gradlib has no MPS backend."""
    return False


def is_built():
    """False: gradlib has no MPS backend."""
    return False
