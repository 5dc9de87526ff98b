"""Seeding and ``Generator`` objects: one call seeds every device's default generator; a ``Generator`` is an
independent stream on one device that every random function accepts as ``generator=``.

On the CPU the stream is PyTorch's own (mt19937 with PyTorch's transformations, ``backends/cpu_generator.py``):
after ``manual_seed(s)`` the CPU draws equal PyTorch's bit for bit, and ``get_rng_state`` is PyTorch's
5056-byte state, so a state saved by either library restores in the other. CUDA keeps CuPy's stream.
"""
import contextlib
import secrets
import sys

from . import _tensor, backends, dtypes
from .autograd import capture as _capture
from .backends import backend_for, cpu_generator, manual_seed_all
from .device import CPU
from .device import resolve

__all__ = ["manual_seed", "seed", "Generator", "initial_seed", "source_for", "get_rng_state", "set_rng_state",
           "manual_seed_cuda", "seed_cuda", "initial_seed_cuda", "fork_rng"]

#: PyTorch's seed for a new Generator
DEFAULT_SEED = 67280421310721
_initial = [backend_for(CPU).generator(CPU).initial_seed()]  # the CPU's start seed: fresh entropy, as PyTorch


def manual_seed(seed):
    """Seed the random generators of every device (CPU now, CUDA whenever it is first used).

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0); a = gradlib.randn(3)
    >>> _ = gradlib.manual_seed(0); bool((a == gradlib.randn(3)).all())
    True
    """
    _replayed(_seed_every_device, int(seed))
    return _GeneratorToken(int(seed))


def _seed_every_device(value):
    manual_seed_all(value)
    _initial[0] = _initial_cuda[0] = value


def _replayed(function, *args):
    """``function(*args)``: a read or write of a generator's state. While a step is captured (gradlib.graphs) it
    is recorded, so that every replay reads or sets the state again at that point of the step, as eager mode
    does (``fork_rng``, checkpoint's saved RNG states, ``manual_seed`` inside the step)."""
    if _capture.capturing():
        return _capture.recorder.call(function, *args)
    return function(*args)


def rng_state(device):
    """The state of ``device``'s default generator, in its backend's form (a copy), for ``restore_rng_state``."""
    return _replayed(_backend_state, device)


def restore_rng_state(device, state):
    """Put back a state from ``rng_state``."""
    _replayed(_set_backend_state, device, state)


def _backend_state(device):
    return backend_for(device).get_rng_state(device)


def _set_backend_state(device, state):
    backend_for(device).set_rng_state(device, state)


def initial_seed():
    """The seed last given to ``manual_seed`` (or ``seed``), as ``torch.initial_seed``."""
    return _initial[0]


def get_rng_state():
    """The CPU default generator's state as a 1-D uint8 CPU tensor (``torch.get_rng_state``), which
    ``set_rng_state`` puts back: the random numbers drawn after it repeat.

    >>> import gradlib
    >>> state = gradlib.get_rng_state()
    >>> a = gradlib.rand(2, device='cpu')
    >>> gradlib.set_rng_state(state)
    >>> bool((gradlib.rand(2, device='cpu') == a).all())
    True
    """
    return _encode_state(backend_for(CPU), rng_state(CPU))


def set_rng_state(new_state):
    """Restore the CPU default generator from ``get_rng_state`` (``torch.set_rng_state``). Raises TypeError for
    anything but a uint8 CPU tensor, RuntimeError for a tensor that is no such state."""
    _restore_cpu(backend_for(CPU).generator(CPU), new_state)


def _encode_state(backend, state):
    return _tensor.wrap(state, CPU)


def _decode_state(new_state):
    """The uint8 array of a CPU state tensor (PyTorch's layout), with PyTorch's errors for anything else."""
    if not isinstance(new_state, _tensor.Tensor) or new_state.dtype is not dtypes.uint8 or new_state.device is not CPU:
        raise TypeError("RNG state must be a torch.ByteTensor")
    if new_state.numel() != cpu_generator.STATE_BYTES:
        raise RuntimeError(f"Expected a CPUGeneratorImplState of size {cpu_generator.STATE_BYTES} but found the "
                           f"input RNG state size to be {new_state.numel()}")
    return new_state._array


def _restore_cpu(generator, new_state):
    _replayed(_set_cpu_state, generator, _decode_state(new_state))


def _set_cpu_state(generator, state):
    """Set a CPU generator from the array of a state tensor (any shape: its bytes in order)."""
    try:
        generator.set_state(state.reshape(-1))
    except ValueError:
        raise RuntimeError("Invalid mt19937 state") from None


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type="cuda"):
    """A context whose random draws leave the generators as they were (``torch.random.fork_rng``): the CPU
    generator's state, and that of each ``cuda`` device index in ``devices``, is saved on entry and restored on
    exit (also after an exception). ``enabled=False`` does nothing. ``devices=None`` forks the CPU only here
    (PyTorch also forks every visible GPU).

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> with gradlib.random.fork_rng():
    ...     inside = gradlib.rand(2, device='cpu')
    >>> bool((gradlib.rand(2, device='cpu') == inside).all())
    True
    """
    if not enabled:
        yield
        return
    cpu_state = get_rng_state()
    saved = []
    for index in devices or ():
        where = resolve(f"{device_type}:{int(index)}" if not isinstance(index, str) else index)
        saved.append((where, rng_state(where)))
    try:
        yield
    finally:
        set_rng_state(cpu_state)
        for where, state in saved:
            restore_rng_state(where, state)


_initial_cuda = [DEFAULT_SEED]


def manual_seed_cuda(seed):
    """Seed the CUDA generators (``torch.cuda.manual_seed``/``manual_seed_all``; a no-op until CUDA is used)."""
    _replayed(_seed_cuda, int(seed))


def _seed_cuda(value):
    _initial_cuda[0] = value
    backends.manual_seed_cuda(value)


def seed_cuda():
    """Seed the CUDA generators from fresh OS entropy (``torch.cuda.seed``/``seed_all``)."""
    manual_seed_cuda(secrets.randbits(63))


def initial_seed_cuda():
    """The seed last given to the CUDA generators (``torch.cuda.initial_seed``)."""
    return _initial_cuda[0]


class _GeneratorToken:
    """What ``manual_seed`` returns (PyTorch returns the default generator); it remembers the seed."""

    def __init__(self, seed):
        self._seed = seed

    def initial_seed(self):
        return self._seed

    def __repr__(self):  # as PyTorch's default generator (and gradlib.Generator) prints
        return f"<gradlib._C.Generator object at {hex(id(self))}>"


def seed():
    """Seed every device from fresh OS entropy and return the seed."""
    return _replayed(_seed_from_entropy)


def _seed_from_entropy():
    value = secrets.randbits(53)  # PyTorch's non-deterministic seeds have 53 bits
    _seed_every_device(value)
    return value


class Generator:
    """An independent random stream on one device, as ``torch.Generator``: pass it as ``generator=`` to any
    random function (``rand``, ``randn``, ``randint``, ``randperm``, ``normal``, ``bernoulli``, ``multinomial``,
    the in-place fills such as ``uniform_``) and to the data loaders.

    Seeded with PyTorch's default seed (67280421310721) until ``manual_seed`` or ``seed`` is called. On the CPU
    its numbers are PyTorch's (mt19937: the same seed gives the same draws as ``torch.Generator``); on a GPU
    they are CuPy's XORWOW stream, not PyTorch's Philox. ``get_state`` returns a uint8 CPU tensor that
    ``set_state`` puts back: on the CPU PyTorch's 5056-byte state (interchangeable with PyTorch's), on a GPU a
    copy of the generator's state to the host.

    >>> import gradlib
    >>> g = gradlib.Generator().manual_seed(0)
    >>> a = gradlib.rand(3, generator=g, device='cpu')
    >>> bool((a == gradlib.rand(3, generator=gradlib.Generator().manual_seed(0), device='cpu')).all())
    True
    >>> g.initial_seed(), g.device
    (0, device(type='cpu'))
    """
    __module__ = "gradlib._C"  # PyTorch's name (``torch._C.Generator``); gradlib/_homes.py

    def __init__(self, device="cpu"):
        where = resolve(device if not isinstance(device, int) else f"cuda:{device}")
        if where.type not in backends.device_types():  # every device type of the backend table
            raise RuntimeError(f"{where.type.upper()} device type not an accelerator.")
        self._device = where
        self._backend = backend_for(where)
        self._reseed(DEFAULT_SEED)

    @property
    def device(self):
        return self._device

    def _reseed(self, value):
        self._seed = value
        self._generator = self._backend.new_generator(self._device, value)

    def manual_seed(self, seed):
        """Restart the stream from ``seed``; returns the generator."""
        _replayed(self._reseed, int(seed) & 0xFFFF_FFFF_FFFF_FFFF)
        return self

    def seed(self):
        """Reseed from fresh OS entropy; returns the new seed."""
        return _replayed(self._reseed_from_entropy)

    def _reseed_from_entropy(self):
        value = secrets.randbits(53)
        self._reseed(value)
        return value

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """The stream's state as a 1-D uint8 CPU tensor (a copy from the GPU for a CUDA generator)."""
        return _tensor.wrap(_replayed(self._state_copy), CPU)

    def _state_copy(self):
        """A host copy of the stream's state: PyTorch's bytes on the CPU, the device state's bytes on a GPU."""
        backend = self._backend
        if self._device is CPU:
            return self._generator.get_state()
        with backend.guard(self._device):
            state = self._generator.bit_generator._state.view(backend.xp.uint8)
            return backend.to_numpy(state).copy()

    def set_state(self, new_state):
        """Restore a state from ``get_state``; returns the generator."""
        if not isinstance(new_state, _tensor.Tensor) or new_state.dtype is not dtypes.uint8 or new_state.device is not CPU:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if self._device is CPU:
            _replayed(self._set_cpu, _decode_state(new_state))
            return self
        if new_state._array.size != self._generator.bit_generator._state.nbytes:
            raise RuntimeError("RNG state is wrong size")
        _replayed(self._set_device, new_state._array)
        return self

    def _set_cpu(self, state):
        _set_cpu_state(self._generator, state)

    def _set_device(self, state):
        backend = self._backend
        target = self._generator.bit_generator._state
        with backend.guard(self._device):
            target[...] = backend.asarray(state.reshape(-1), None, self._device).view(target.dtype)

    def permutation(self, size):
        """A random order of range(size), as a list (drawn on the host; used by the data samplers)."""
        if self._device is not CPU:
            raise RuntimeError("permutation(): the data samplers need a CPU generator")
        return self._generator.permutation(size).tolist()

    def __repr__(self):
        return f"<gradlib._C.Generator object at {hex(id(self))}>"


def source_for(generator, device):
    """The array library's generator to draw from for ``device``: the given ``Generator``'s, or the device's
    default one. Refuses a Generator of another device (PyTorch's RuntimeError). While a step is captured for
    replay (gradlib.graphs), a draw is only taken inside a recorded sample (a factory, ``_sampling._drawn``),
    which every replay runs again: any other would freeze its numbers into the replay, and is refused."""
    if _capture.capturing():
        _capture.refuse(f"a random draw ({sys._getframe(1).f_code.co_name} on {device}) outside a recorded sample",
                        "its numbers would be frozen into the replay instead of drawn afresh each time")
    check_generator(generator, device)
    if generator is None:
        return backend_for(device).generator(device)
    return generator._generator


def check_generator(generator, device):
    """``source_for``'s checks of ``generator`` for ``device`` (PyTorch's errors), without a draw."""
    if generator is None:
        return
    if not isinstance(generator, Generator):
        raise TypeError(f"generator must be a gradlib.Generator, not {type(generator).__name__}")
    if generator._device.type != device.type:
        raise RuntimeError(f"Expected a '{device.type}' device type for generator but found "
                           f"'{generator._device.type}'")
    if generator._device is not device:
        raise RuntimeError(f"Expected a generator on {device} but found one on {generator._device}")

