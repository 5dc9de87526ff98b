"""The CPU backend: NumPy."""
import contextlib
import functools
import math
import secrets

import numpy

from ..device import CPU
from . import cpu_generator
from .base import Backend


class NumpyBackend(Backend):
    name = "numpy"
    xp = numpy
    array_type = numpy.ndarray

    def owns(self, array):
        """Whether ``array`` is a NumPy array of the CPU: not a meta array (a subclass the meta backend owns)."""
        return isinstance(array, numpy.ndarray) and not getattr(array, "_gradlib_meta", False)
    array_library = "numpy"

    def __init__(self):
        self.needs_guard = False  # an instance attribute: the quickest read on every op
        # PyTorch's stream; its default generator starts from fresh entropy (53 bits, as PyTorch's)
        self._generator = cpu_generator.CPUGenerator(secrets.randbits(53))

    def device_of(self, array):
        return CPU

    def asarray(self, data, dtype, device):
        return numpy.asarray(data, dtype=dtype)

    def to_numpy(self, array):
        return array

    def may_be_any(self, mask):
        return bool(mask.any())

    def ensure_array(self, value):
        if value.__class__ is numpy.ndarray:
            return value
        return numpy.asarray(value)

    def ones_like(self, array):
        if array.ndim == 0:  # a loss: numpy.array is one C call, numpy.ones_like a Python function (about 1 us)
            return numpy.array(1, dtype=array.dtype)
        return numpy.ones_like(array)

    def mask_positions(self, mask, count):
        return mask.nonzero()  # one pass on the host (nothing to wait for)

    def scatter_add(self, target, index, values):
        numpy.add.at(target, index, values)

    @staticmethod
    def _address(array):
        return array.__array_interface__["data"][0]

    @staticmethod
    def _as_strided(array, shape, strides):
        return numpy.lib.stride_tricks.as_strided(array, shape=shape, strides=strides)

    def _erf(self, array):
        return _erf()(array)

    def _erfc(self, array):
        return _erfc()(array)

    def guard(self, device):
        return _NO_GUARD

    def generator(self, device):
        return self._generator

    def new_generator(self, device, seed):
        return cpu_generator.CPUGenerator(seed)

    def manual_seed(self, seed):
        self._generator.manual_seed(seed)

    def get_rng_state(self, device):
        return self._generator.get_state()  # PyTorch's 5056-byte layout, a new array on every read

    def set_rng_state(self, device, state):
        self._generator.set_state(state)


_NO_GUARD = contextlib.nullcontext()  # reusable: one host "device" has nothing to make current

@functools.cache
def _erf():
    """SciPy's erf when SciPy is installed, else math.erf applied elementwise (slower, same values); found once."""
    try:
        from scipy.special import erf
    except ImportError:
        vectorized = numpy.frompyfunc(math.erf, 1, 1)

        def erf(array):
            # asarray: on a 0-d array frompyfunc returns a Python float
            return numpy.asarray(vectorized(array)).astype(array.dtype)
    return erf


@functools.cache
def _erfc():
    """SciPy's erfc when SciPy is installed, else math.erfc applied elementwise; found once."""
    try:
        from scipy.special import erfc
    except ImportError:
        vectorized = numpy.frompyfunc(math.erfc, 1, 1)

        def erfc(array):
            return numpy.asarray(vectorized(array)).astype(array.dtype)
    return erfc
