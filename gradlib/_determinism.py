"""``use_deterministic_algorithms`` and its queries, as in PyTorch.

gradlib has one implementation of each op, so the setting selects nothing: on the CPU (NumPy) every op gives the
same bits on every run; on CUDA (CuPy) the scatter-adds behind index_add, embedding and indexing backward use
atomic additions whose order, and so the last bits of float sums, may vary between runs whatever this says.
The setting is kept so that programs that turn it on (the DCGAN tutorial does) run and can read it back.
"""

__all__ = ["use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled"]

_STATE = {"mode": False, "warn_only": False}


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Record whether the program asks for deterministic algorithms (``torch.use_deterministic_algorithms``);
    ``mode`` and ``warn_only`` must be bools (TypeError otherwise). See the module's docstring for what gradlib's
    ops guarantee.

    >>> import gradlib
    >>> gradlib.use_deterministic_algorithms(True)
    >>> gradlib.are_deterministic_algorithms_enabled()
    True
    >>> gradlib.use_deterministic_algorithms(False)
    """
    if not isinstance(mode, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not "
                        f"{type(mode).__name__}")
    if not isinstance(warn_only, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'warn_only' must be bool, not "
                        f"{type(warn_only).__name__}")
    _STATE["mode"] = mode
    _STATE["warn_only"] = warn_only


def are_deterministic_algorithms_enabled():
    """True after ``use_deterministic_algorithms(True)`` (``torch.are_deterministic_algorithms_enabled``).

    >>> import gradlib
    >>> gradlib.are_deterministic_algorithms_enabled()
    False
    """
    return _STATE["mode"]


def is_deterministic_algorithms_warn_only_enabled():
    """True after ``use_deterministic_algorithms(True, warn_only=True)``.

    >>> import gradlib
    >>> gradlib.is_deterministic_algorithms_warn_only_enabled()
    False
    """
    return _STATE["warn_only"]
