"""Seeding: one call seeds every device's generator."""
import secrets

import numpy

from .backends import manual_seed_all

__all__ = ["manual_seed", "seed", "Generator"]


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
    value = secrets.randbits(63)
    manual_seed_all(value)
    return value


class Generator:
    """An independent random stream (on the CPU), e.g. for a DataLoader's shuffling.

    >>> import gradlib
    >>> g = gradlib.Generator().manual_seed(0)
    >>> g.permutation(4) == gradlib.Generator().manual_seed(0).permutation(4)
    True
    """

    def __init__(self, device="cpu"):
        self.device = device
        self._seed = None
        self._generator = numpy.random.Generator(numpy.random.PCG64())

    def manual_seed(self, seed):
        self._seed = int(seed)
        self._generator = numpy.random.Generator(numpy.random.PCG64(self._seed))
        return self

    def initial_seed(self):
        return self._seed

    def permutation(self, size):
        """A random order of range(size), as a list."""
        return self._generator.permutation(size).tolist()
