"""The one small interface on which NumPy and CuPy differ.

Everything else is written once against the array module ``xp``; op code never
asks which backend it runs on.
"""
from .. import _layout


class Backend:
    """What gradlib needs from an array library beyond its array module.

    Attributes:
        name: 'numpy' or 'cupy'.
        xp: the array module (``numpy`` or ``cupy``).
        array_type: the library's ndarray class.
        array_library: the top-level name of the array library's package (arrays whose type comes from it belong
            to this backend, even before it is created).

    The registry (``gradlib.backends.BACKENDS``) maps a device type to a subclass; everything gradlib calls on a
    backend is declared here.
    """

    name = None
    xp = None
    array_type = None
    array_library = None
    #: whether work for a device must run under ``guard(device)`` (CUDA: make the tensor's GPU current); hot paths
    #: test this flag and skip the guard entirely where it is False (the CPU)
    needs_guard = False

    def check_usable(self):
        """Raise a RuntimeError that says what to install when this backend cannot serve here (called once, when
        the registry creates it)."""

    def check_dtype(self, dtype):
        """Raise TypeError where this backend cannot store ``dtype`` (a gradlib dtype); the CPU stores them all."""

    def owns(self, array):
        """Whether ``array`` is an array of this backend."""
        return isinstance(array, self.array_type)

    def device_count(self):
        """How many devices of this type there are."""
        return 1

    def current_index(self):
        """The index of the current device of this type (None where there is only one)."""
        return None

    def set_current_index(self, index):
        """Make device ``index`` of this type the current one (nothing to do where there is only one)."""

    def device_of(self, array):
        """The gradlib device holding ``array``."""
        raise NotImplementedError

    def asarray(self, data, dtype, device):
        """An array on ``device`` from host data (lists, NumPy arrays, scalars); copies only when needed."""
        raise NotImplementedError

    def to_numpy(self, array):
        """A host NumPy copy (or view on CPU) of ``array``: user-facing APIs only (``.numpy()``, printing)."""
        raise NotImplementedError

    def item(self, array):
        """The one element of ``array`` as a Python number, copied to the host (``Tensor.item()``)."""
        return self.to_numpy(array).reshape(()).item()

    def copy_between_devices(self, array, device):
        """``array``, on another device of this backend, copied to ``device`` (CUDA: GPU to GPU)."""
        return self.asarray(self.to_numpy(array), None, device)

    def ensure_array(self, value):
        """Turn a NumPy scalar (what NumPy returns from 0-d arithmetic) back into a 0-d array."""
        return value

    def ones_like(self, array):
        """Ones of ``array``'s shape and dtype: the seed gradient of ``loss.backward()``."""
        return self.xp.ones_like(array)

    def may_be_any(self, mask):
        """False only when no element of the boolean ``mask`` is true and knowing it is free: the host
        backend looks; a device backend answers True rather than copy a result to the host. For skipping
        work that rare values (NaN) need."""
        return True

    def scatter_add(self, target, index, values):
        """``target[index] += values`` where repeated indices accumulate."""
        raise NotImplementedError

    def guard(self, device):
        """A context manager making ``device`` current: kernels launch and arrays are allocated there."""
        raise NotImplementedError

    def generator(self, device):
        """The random generator of ``device`` (seeded by ``gradlib.manual_seed``)."""
        raise NotImplementedError

    def new_generator(self, device, seed):
        """A new random generator on ``device`` seeded with ``seed`` (for ``gradlib.Generator``)."""
        raise NotImplementedError

    def manual_seed(self, seed):
        """Reseed the generators of every device of this backend."""
        raise NotImplementedError

    def get_rng_state(self, device):
        """A copy of the state of ``device``'s generator, which ``set_rng_state`` restores (on a device
        backend the copy stays on the device: no host transfer)."""
        raise NotImplementedError

    def set_rng_state(self, device, state):
        """Put back a state from ``get_rng_state``: the next random numbers repeat those drawn after it."""
        raise NotImplementedError

    def view_positions(self, view, base):
        """For each element of ``view`` (a view into the C-contiguous ``base``), its flat index in ``base``;
        None when ``base`` is not C-contiguous."""
        if not base.flags.c_contiguous:
            return None
        xp = self.xp
        item = base.itemsize
        offset = (self._address(view) - self._address(base)) // item
        flat = xp.arange(base.size, dtype=xp.int64)
        strides = tuple(stride // item * flat.itemsize for stride in view.strides)
        return self._as_strided(flat[offset:], view.shape, strides).copy()

    def element_strides(self, array):
        """``array``'s strides in elements, as PyTorch's ``Tensor.stride()``. A view with a negative stride (a
        NumPy/CuPy flip) reports the C-contiguous strides of its shape: PyTorch's flip returns such a new tensor;
        so does an empty array whose strides NumPy left at 0 (``gradlib._layout.element_strides``)."""
        return _layout.element_strides(array)

    def owner(self, array):
        """The array that owns the memory ``array`` views: the last array along its chain of bases (``array``
        itself when it owns its memory)."""
        owner = node = array
        for _ in range(1000):
            node = getattr(node, "base", None)
            if node is None:
                break
            if isinstance(node, self.array_type):
                owner = node
        return owner

    def storage_offset(self, array):
        """Elements between the start of the memory ``array`` views (its ``owner``) and its first element, as
        PyTorch's ``Tensor.storage_offset()`` (0 for an array owning its memory)."""
        owner = self.owner(array)
        if owner is array or any(step < 0 for step in array.strides):
            return 0
        return (self._address(array) - self._address(owner)) // array.itemsize

    def data_ptr(self, array):
        """The address of ``array``'s first element, as PyTorch's ``Tensor.data_ptr()`` (0 for an empty array)."""
        return self._address(array) if array.size else 0

    def erf(self, array):
        """The error function, elementwise, in ``array``'s dtype (NumPy has none; SciPy's or CuPy's is used).
        Both compute float16 in a wider type (CuPy 14's ``erf`` returns float64 for float16, CuPy 13's and
        SciPy's float32); PyTorch keeps float16, so the result is cast back."""
        out = self._erf(array)
        if out.dtype != array.dtype:
            out = out.astype(array.dtype)
        return out

    def _erf(self, array):
        raise NotImplementedError

    def erfc(self, array):
        """The complementary error function, elementwise, in ``array``'s dtype, computed as such: ``1 - erf``
        loses every digit in the tails (float32 erfc(4.) is 1.5417e-08 and erfc(10.) the subnormal 1.4013e-45,
        as PyTorch's, not 0). Float16 is cast back as in ``erf``."""
        out = self._erfc(array)
        if out.dtype != array.dtype:
            out = out.astype(array.dtype)
        return out

    def _erfc(self, array):
        raise NotImplementedError

    @staticmethod
    def _address(array):
        """The address of ``array``'s first element (for ``view_positions``)."""
        raise NotImplementedError

    def _as_strided(self, array, shape, strides):
        """A strided view of ``array`` (for ``view_positions``)."""
        raise NotImplementedError

    def special_function(self, name):
        """The array library's own elementwise special function ``name`` ('gammaln', 'digamma', 'erfinv',
        'polygamma'), or None where gradlib's portable array code serves (NumPy: SciPy is no dependency)."""
        return None

    def synchronize(self, device):
        """Wait for queued device work (benchmarks only)."""

    # Device queries of ``gradlib.cuda`` (a device backend answers them; the host backend has nothing to say).
    def device_properties(self, index):
        """A dict of device ``index``'s properties: ``name`` (str), ``major``, ``minor``, ``total_memory`` (bytes)
        and ``multi_processor_count``."""
        raise TypeError(f"the {self.name} backend has no device properties")

    def memory_info(self, index):
        """(free, total) bytes of device ``index``."""
        raise TypeError(f"the {self.name} backend has no device memory")

    def pool_bytes(self, index):
        """(bytes in live arrays, bytes held by the allocator's pool) on device ``index``."""
        raise TypeError(f"the {self.name} backend has no device memory pool")

    def limit_pool(self, index, fraction):
        """Cap the allocator's pool on device ``index`` at ``fraction`` of the device's memory."""
        raise TypeError(f"the {self.name} backend has no device memory pool")

    def release_cached_memory(self):
        """Give the allocator's cached, unused memory back to the driver (nothing to do without a pool)."""

    def check_bounds(self, index, low, high, what, error):
        """Refuse values of the integer array ``index`` outside [``low``, ``high``) (None: no bound).

        The host backend looks now and raises ``error()``, PyTorch's exception for the op. A device backend
        cannot look without waiting for the device, so it queues the test there and raises a RuntimeError
        naming ``what`` and the bounds at the next synchronization (see ``gradlib.backends.deferred``).
        """
        if not index.size:
            return
        if low == 0 and high is not None and index.dtype.kind == "i":
            # one reduction instead of a min and a max: read as unsigned, a negative value is above every bound
            if index.view(f"u{index.dtype.itemsize}").max() >= high:
                raise error()
            return
        if (low is not None and index.min() < low) or (high is not None and index.max() >= high):
            raise error()

    def check(self, failed, error, deferred):
        """Raise ``error()`` where the 0-d bool array ``failed`` holds. The host backend looks now; a device
        backend raises ``deferred`` at the next synchronization instead of waiting for the device here."""
        if failed:
            raise error()

    def mask_positions(self, mask, count):
        """The integer positions of the ``count`` Trues of ``mask`` (``mask.nonzero()``), computed without
        reading anything back: a cumulative sum gives each True its slot, and the positions are scattered into
        those slots. Wrong when ``count`` is (the caller checks the count)."""
        xp = self.xp
        flat = mask.reshape(-1)
        slot = xp.cumsum(flat, dtype=xp.int64) - 1
        slot = xp.where(flat & (slot < count), slot, count)  # Falses (and any extra Trues) go to a spare slot
        found = xp.zeros(count + 1, dtype=xp.int64)
        found[slot] = xp.arange(flat.size, dtype=xp.int64)
        found = found[:count]
        # one index array per dim, unravelled here: cupy.unravel_index checks its input on the host (two syncs)
        positions = []
        for size in reversed(mask.shape[1:]):
            positions.append(found % size if size else found)
            found = found // size if size else found
        positions.append(found)
        return tuple(reversed(positions))

    def factorize(self, function, args, failed, error, deferred, test_result=False):
        """``function(*args)`` for a factorization that fails on singular or non-positive-definite input
        (inv, solve, cholesky). The host library (LAPACK) raises ``LinAlgError``: ``error()`` is raised instead,
        PyTorch's exception. A device library may return NaN instead: there ``failed(out)`` (a 0-d bool
        array) tests the result and ``deferred`` is raised at the next synchronization. ``test_result``: the
        host tests ``failed(out)`` too (NumPy's cholesky returns NaN for an input holding NaN, where LAPACK's
        potrf, and so PyTorch, reports a failure)."""
        try:
            out = function(*args)
        except self.xp.linalg.LinAlgError:
            raise error() from None
        if test_result:
            self.check(failed(out), error, deferred)
        return out
