"""``cupy.random``: ``Generator`` over the ``XORWOW`` bit generator, and the legacy functions.

As in CuPy, ``XORWOW.state`` is a *method* (it returns the device address of the states) and the generator
state lives in ``bit_generator._state``, an int8 device array. The stand-in keeps a PCG64 state in those bytes,
so copying ``_state`` (or assigning a saved copy back) replays the stream, and nothing else does. Streams differ
from the CPU's (as the real cuRAND streams do)."""
import sys as _sys

import numpy as _numpy

from . import _core, _devices, _events, _namespace

_STATE_BYTES = 48  # sizeof(curandStateXORWOW)
_MASK = (1 << 64) - 1


def _pack(state):
    s = state["state"]
    words = [s["state"] & _MASK, s["state"] >> 64, s["inc"] & _MASK, s["inc"] >> 64, state["has_uint32"],
             state["uinteger"]]
    return _numpy.array(words, dtype=_numpy.uint64).view(_numpy.int8)


def _unpack(raw):
    w = [int(v) for v in raw.view(_numpy.uint64)]
    return {"bit_generator": "PCG64", "state": {"state": w[0] | (w[1] << 64), "inc": w[2] | (w[3] << 64)},
            "has_uint32": w[4], "uinteger": w[5]}


class BitGenerator:
    def __init__(self, seed=None):
        if isinstance(seed, _core.ndarray):
            seed = _namespace.asnumpy(seed)
        self._seed_seq = seed if isinstance(seed, _numpy.random.SeedSequence) else _numpy.random.SeedSequence(seed)
        self._current_device_id = _devices.current()

    def _check_device(self):
        if _devices.current() != self._current_device_id:
            _events.record("device", f"random generator of device {self._current_device_id} used while device "
                                     f"{_devices.current()} is current")
            _core.refuse(RuntimeError("This Generator state is allocated in a different device"))

    def random_raw(self, size=None, output=True):
        raise NotImplementedError("Not implemented in base BitGenerator")


class XORWOW(BitGenerator):
    """cuRAND's XORWOW, emulated: see the module docstring."""

    generator = 0

    def __init__(self, seed=None, *, size=-1):
        super().__init__(seed)
        pcg = _numpy.random.PCG64(self._seed_seq)
        self._size = size
        raw = _numpy.zeros(_STATE_BYTES, dtype=_numpy.int8)
        raw[:_STATE_BYTES] = _pack(pcg.state)
        self._state = _core._new(raw, _devices.current())

    def state(self):
        self._check_device()
        return self._state.data.ptr

    def _state_size(self):
        return self._size

    def _type_size(self):
        return _STATE_BYTES

    def _numpy_generator(self):
        pcg = _numpy.random.PCG64()
        pcg.state = _unpack(self._state._a)
        return _numpy.random.Generator(pcg)

    def _store(self, generator):
        self._state._a[...] = _pack(generator.bit_generator.state)

    def random_raw(self, size=None, output=True):
        self._check_device()
        g = self._numpy_generator()
        values = g.integers(0, 2 ** 31, size=size, dtype=_numpy.int32)
        self._store(g)
        return _core._new(_numpy.asarray(values), _devices.current()) if output else None


class Generator:
    """``cupy.random.Generator``: draws on the current device from the bit generator's device state."""

    def __init__(self, bit_generator):
        self.bit_generator = bit_generator

    def _draw(self, how, out=None):
        self.bit_generator._check_device()
        g = self.bit_generator._numpy_generator()
        values = _numpy.asarray(how(g))
        self.bit_generator._store(g)
        if out is not None:
            out._a[...] = values
            return out
        return _core._new(values, _devices.current())

    def random(self, size=None, dtype=_numpy.float64, out=None):
        _float_only(dtype)
        return self._draw(lambda g: g.random(size, dtype=dtype), out)

    def standard_normal(self, size=None, dtype=_numpy.float64, out=None):
        _float_only(dtype)
        return self._draw(lambda g: g.standard_normal(size, dtype=dtype), out)

    def uniform(self, low=0.0, high=1.0, size=None, dtype=_numpy.float64):
        return self._draw(lambda g: g.uniform(low, high, size).astype(dtype))

    def integers(self, low, high=None, size=None, dtype=_numpy.int64, endpoint=False):
        return self._draw(lambda g: g.integers(low, high, size, dtype=_numpy.int64, endpoint=endpoint))

    def standard_exponential(self, size=None, dtype=_numpy.float64, method="inv", out=None):
        return self._draw(lambda g: g.standard_exponential(size, dtype=dtype), out)

    def standard_gamma(self, shape, size=None, dtype=_numpy.float64, out=None):
        _float_only(dtype)
        shape = _host_parameter(shape)
        return self._draw(lambda g: g.standard_gamma(shape, size, dtype=dtype), out)

    def binomial(self, n, p, size=None):
        n, p = _host_parameter(n), _host_parameter(p)
        return self._draw(lambda g: g.binomial(n, p, size))

    def poisson(self, lam=1.0, size=None):
        lam = _host_parameter(lam)
        return self._draw(lambda g: g.poisson(lam, size))


def _host_parameter(value):
    """A distribution parameter given as a device array (CuPy takes those), read for NumPy's generator."""
    array = getattr(value, "_a", None)
    if array is None:
        return value
    if value._dev != _devices.current():
        _events.record("device", f"random parameter on device {value._dev} used while device "
                                 f"{_devices.current()} is current")
    return array


def _float_only(dtype):
    if _numpy.dtype(dtype).char not in "fd":
        _core.refuse(TypeError(f"Unsupported dtype {_numpy.dtype(dtype).name} for random"))


class RandomState:
    """The legacy API (``cupy.random.seed``, ``rand``, ``randn``, ...): one per device."""

    def __init__(self, seed=None):
        self._generator = _numpy.random.RandomState(seed)

    def seed(self, seed=None):
        self._generator.seed(seed)

    def _new(self, values, dtype=None):
        values = _numpy.asarray(values)
        return _core._new(values.astype(dtype) if dtype is not None else values, _devices.current())

    def rand(self, *size, dtype=float):
        return self._new(self._generator.random_sample(size), dtype)

    def randn(self, *size, dtype=float):
        return self._new(self._generator.standard_normal(size), dtype)

    def random_sample(self, size=None, dtype=float):
        return self._new(self._generator.random_sample(size), dtype)

    def standard_normal(self, size=None, dtype=float):
        return self._new(self._generator.standard_normal(size), dtype)

    def normal(self, loc=0.0, scale=1.0, size=None, dtype=float):
        return self._new(self._generator.normal(loc, scale, size), dtype)

    def uniform(self, low=0.0, high=1.0, size=None, dtype=float):
        return self._new(self._generator.uniform(low, high, size), dtype)

    def randint(self, low, high=None, size=None, dtype=int):
        return self._new(self._generator.randint(low, high, size), dtype)

    def permutation(self, num):
        return self._new(self._generator.permutation(num))


_states = {}


def get_random_state():
    return _states.setdefault(_devices.current(), RandomState())


def seed(seed=None):
    get_random_state().seed(seed)


def reset_states():
    _states.clear()


def default_rng(seed=None):
    return Generator(XORWOW(seed))


def _legacy(name):
    def stand_in(*args, **kwargs):
        return getattr(get_random_state(), name)(*args, **kwargs)
    stand_in.__name__ = name
    return stand_in


_overrides = {"BitGenerator": BitGenerator, "XORWOW": XORWOW, "Generator": Generator, "RandomState": RandomState,
              "get_random_state": get_random_state, "seed": seed, "reset_states": reset_states,
              "default_rng": default_rng}
for _name in ("rand", "randn", "random_sample", "standard_normal", "normal", "uniform", "randint", "permutation"):
    _overrides[_name] = _legacy(_name)
_overrides["random"] = _overrides["ranf"] = _overrides["sample"] = _legacy("random_sample")
_namespace.populate(globals(), "cupy.random", None, _overrides)
_namespace.MODULES["numpy.random"] = _sys.modules[__name__]
