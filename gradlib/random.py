"""Seeding: one call seeds every device's generator."""
from .backends import manual_seed_all

__all__ = ["manual_seed", "seed"]


def manual_seed(seed):
    """Seed the random generators of every device (CPU now, CUDA whenever it is first used).

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0); a = gradlib.randn(3)
    >>> _ = gradlib.manual_seed(0); bool((a == gradlib.randn(3)).all())
    True
    """
    manual_seed_all(int(seed))
    return _GeneratorToken(int(seed))


class _GeneratorToken:
    """What ``manual_seed`` returns (PyTorch returns the default generator); it remembers the seed."""

    def __init__(self, seed):
        self._seed = seed

    def initial_seed(self):
        return self._seed


def seed():
    """Seed every device from fresh OS entropy and return the seed."""
    import secrets
    value = secrets.randbits(63)
    manual_seed_all(value)
    return value
