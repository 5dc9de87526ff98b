"""The CUDA backend: CuPy, imported the first time a CUDA device is used."""
from ..device import device
from .base import Backend
from .deferred import DeferredChecks

INSTALL_HINT = (
    "CUDA support needs CuPy, an NVIDIA GPU and its driver. Install the extra that matches the CUDA version "
    "your driver supports (nvidia-smi shows it): pip install 'gradlib[cuda12]' (CUDA 12.x) or "
    "pip install 'gradlib[cuda13]' (CUDA 13.x)."
)


NOT_COMPILED = "Torch not compiled with CUDA enabled"


def import_cupy():
    """Import CuPy, or raise what PyTorch's CPU-only build raises for a CUDA request: ``AssertionError('Torch
    not compiled with CUDA enabled')``, its note (shown in the traceback) saying how to install CuPy. A CuPy that
    is installed but cannot serve gives gradlib's RuntimeError with the hint and CuPy's reason."""
    try:
        import cupy
        import cupyx
    except ModuleNotFoundError as error:
        if error.name not in ("cupy", "cupyx"):
            raise _unusable("CuPy failed to import", error) from None
        raise not_compiled(error) from None
    except Exception as error:  # a broken install: missing CUDA libraries, a wrong wheel for this Python
        raise _unusable("CuPy failed to import", error) from None
    return cupy, cupyx


def not_compiled(error):
    """PyTorch's CPU-only build's error, with gradlib's install hint as its note (``str`` is PyTorch's message)."""
    assertion = AssertionError(NOT_COMPILED)
    assertion.add_note(missing_cupy_hint(error))
    return assertion


def missing_cupy_hint(error):
    """gradlib's words for a CUDA request without CuPy: what is missing and how to install it."""
    return f"gradlib cannot use CUDA: CuPy is not installed ({error}). {INSTALL_HINT}"


def _unusable(what, error):
    """gradlib's error for a CuPy that is installed but cannot serve: the hint, then CuPy's own reason."""
    return RuntimeError(f"gradlib cannot use CUDA: {what}. {INSTALL_HINT} (CuPy says: {error})")


# The dtypes of CUDA's atomicAdd that cupyx.scatter_add accepts in every CuPy release gradlib supports.
_ATOMIC_DTYPES = frozenset({"int32", "uint32", "uint64", "float16", "float32", "float64"})
# Arrays up to this size travel to the host with the pending checks' code in one copy.
_PACK_LIMIT = 1 << 20


class CupyBackend(Backend):
    name = "cupy"
    array_library = "cupy"

    def __init__(self):
        cupy, cupyx = import_cupy()
        self.needs_guard = True  # CuPy launches kernels and allocates on the current GPU, whatever its inputs' device
        self.xp = cupy
        self.array_type = cupy.ndarray
        self._cupyx = cupyx
        self._special = None
        self._generators = {}
        self._seed = None
        self._checks = DeferredChecks(cupy)
        # PyTorch's CUDA state is created lazily, by the first CUDA tensor or device call (not by is_available or
        # device_count): True from the first array, guard, generator or device query here
        self.initialized = False

    def check_usable(self):
        if self.device_count() == 0:
            raise RuntimeError(f"gradlib cannot use CUDA: no CUDA GPU is visible. {INSTALL_HINT}")

    def check_dtype(self, dtype):
        """CuPy has no bfloat16 element type (``torch.cuda.is_bf16_supported()`` is False here): refuse it
        before CuPy is asked, with what to do instead."""
        if dtype.name == "bfloat16":
            raise TypeError("gradlib has no bfloat16 tensors on CUDA devices (CuPy has no bfloat16 element type; "
                            "torch.cuda.is_bf16_supported() is False): keep bfloat16 tensors on the CPU, or use "
                            "torch.float16 on the GPU")

    def device_of(self, array):
        return device("cuda", array.device.id)

    def asarray(self, data, dtype, device):
        self.initialized = True
        with self.xp.cuda.Device(device.index):
            return self.xp.asarray(data, dtype=dtype)

    def to_numpy(self, array):
        """A host copy. Pending device checks (see ``gradlib.backends.deferred``) are read here too: for arrays
        up to 1 MiB in the same transfer (packed after the data on the device), so reading a loss stays one
        device-to-host copy; for larger ones in a second 8-byte copy, after the stream has drained."""
        xp = self.xp
        device = array.device.id
        pending = self._checks.take(device)
        if pending is None:
            return xp.asnumpy(array)
        if array.nbytes > _PACK_LIMIT:
            host = xp.asnumpy(array)
            self._checks.raise_for(device, xp.asnumpy(pending))
            return host
        with xp.cuda.Device(device):
            data = xp.ascontiguousarray(array).reshape(-1).view(xp.uint8)
            packed = xp.asnumpy(xp.concatenate((data, pending.astype(xp.int64).reshape(1).view(xp.uint8))))
        self._checks.raise_for(device, packed[-8:].view("int64")[0])
        return packed[:-8].view(array.dtype).reshape(array.shape)

    def copy_between_devices(self, array, device):
        """A peer copy onto ``device`` without a host round trip, as PyTorch's ``.to('cuda:N')``: the target's
        stream first waits for the work queued on the source's, and the source's stream then waits for the
        copy (so memory the source frees afterwards is not reused before it is read). No host sync."""
        cuda = self.xp.cuda
        with cuda.Device(array.device.id):
            source = self.xp.ascontiguousarray(array)  # made here, so that the event below covers it
            source_stream = cuda.get_current_stream()
            ready = source_stream.record()
        with cuda.Device(device.index):
            target_stream = cuda.get_current_stream()
            target_stream.wait_event(ready)
            out = source.copy()
            done = target_stream.record()
        with cuda.Device(array.device.id):
            source_stream.wait_event(done)
        return out.reshape(array.shape)  # ascontiguousarray makes a 0-d array 1-d

    def check_bounds(self, index, low, high, what, error):
        """Queue the bounds test (a min and a max on the device); a failure raises a RuntimeError naming
        ``what`` and the bounds at the next synchronization (``gradlib.backends.deferred``)."""
        if not index.size:
            return
        with self.xp.cuda.Device(index.device.id):  # callers need not be under the index's device guard
            outside = None
            if low is not None:
                outside = index.min() < low
            if high is not None:
                above = index.max() >= high
                outside = above if outside is None else outside | above
            bounds = f"[{'-inf' if low is None else low}, {'inf' if high is None else high})"
            self._checks.add(index.device.id, outside, RuntimeError(
                f"{what}: an index is out of range {bounds}; PyTorch's CUDA kernel stops here with 'device-side "
                "assert triggered'"))

    def check(self, failed, error, deferred):
        """Queue ``failed`` on the device; ``deferred`` is raised at the next synchronization."""
        with self.xp.cuda.Device(failed.device.id):
            self._checks.add(failed.device.id, failed, deferred)

    def factorize(self, function, args, failed, error, deferred, test_result=False):
        """``function(*args)``: cuSOLVER reports a singular or non-positive-definite matrix only in a status
        array that CuPy reads (a sync) under ``cupyx.errstate(linalg='raise')``, and otherwise returns NaN.
        So ``failed(out)`` tests the result on the device and ``deferred`` is raised at the next
        synchronization (``gradlib.backends.deferred``); PyTorch's linalg.inv/solve/cholesky raise at once on
        CUDA, waiting for the GPU to do so."""
        out = function(*args)
        self.check(failed(out), error, deferred)
        return out

    def scatter_add(self, target, index, values):
        """``target[index] += values``, repeats accumulating, for every dtype. ``cupyx.scatter_add`` is CUDA's
        atomicAdd, which released CuPy (13.0 to 14.2) offers for int32, uint32, uint64 and the floats only.
        The rest reduce exactly to those, on the device: int64 is added as uint64 (two's complement addition
        is the same bit pattern), narrower integers in int32 and then wrapped to their width (keeping the low
        bits, as their own overflow would), and bool as a count of Trues that becomes ``count != 0`` (True
        where any True landed, PyTorch's bool sum)."""
        xp = self.xp
        dtype = target.dtype
        values = xp.asarray(values, dtype=dtype)
        if dtype.name in _ATOMIC_DTYPES:
            self._cupyx.scatter_add(target, index, values)
        elif dtype == xp.int64:
            self._cupyx.scatter_add(target.view(xp.uint64), index, values.view(xp.uint64))
        elif dtype == xp.bool_:
            count = xp.zeros(target.shape, dtype=xp.uint64)
            self._cupyx.scatter_add(count, index, values.astype(xp.uint64))
            target |= count != 0
        elif dtype.kind in "iu" and dtype.itemsize < 4:
            total = target.astype(xp.int32)
            self._cupyx.scatter_add(total, index, values.astype(xp.int32))
            low_bits = (total & (256 ** dtype.itemsize - 1)).astype(xp.dtype(f"u{dtype.itemsize}"))
            target[...] = low_bits.view(dtype)
        elif dtype.kind == "c":  # no complex atomics: the real and imaginary parts, each in its float dtype
            real, imag = target.real.copy(), target.imag.copy()
            self._cupyx.scatter_add(real, index, values.real.copy())
            self._cupyx.scatter_add(imag, index, values.imag.copy())
            target.real[...] = real
            target.imag[...] = imag
        else:
            raise TypeError(f"scatter-add of {dtype.name} is not supported on CUDA")

    @staticmethod
    def _address(array):
        return array.data.ptr

    def _as_strided(self, array, shape, strides):
        return self.xp.lib.stride_tricks.as_strided(array, shape=shape, strides=strides)

    def _erf(self, array):
        from cupyx.scipy.special import erf
        return erf(array)

    def _erfc(self, array):
        from cupyx.scipy.special import erfc
        return erfc(array)

    def special_function(self, name):
        """``cupyx.scipy.special``'s function: one kernel where gradlib's array code launches dozens."""
        special = self._special
        if special is None:
            import cupyx.scipy.special as special  # optional third-party module: imported when first needed
            self._special = special
        return getattr(special, name)

    def guard(self, device):
        self.initialized = True
        return self.xp.cuda.Device(device.index)

    def generator(self, device):
        self.initialized = True
        found = self._generators.get(device.index)
        if found is None:
            with self.xp.cuda.Device(device.index):
                found = self.xp.random.Generator(self.xp.random.XORWOW(self._seed))
            self._generators[device.index] = found
        return found

    def new_generator(self, device, seed):
        with self.xp.cuda.Device(device.index):
            return self.xp.random.Generator(self.xp.random.XORWOW(seed))

    def manual_seed(self, seed):
        self._seed = seed
        self._generators.clear()

    # CuPy's XORWOW keeps one cuRAND state per thread in ``_state``, an int8 device array; that array is the
    # whole state (its ``state()`` is a method returning a pointer to it, unlike NumPy's ``state`` dict).
    # It is 48 bytes x 2048 threads per multiprocessor: about 13 MB on a 132-SM GPU, per saved copy.
    def get_rng_state(self, device):
        generator = self.generator(device)
        with self.xp.cuda.Device(device.index):
            return generator.bit_generator._state.copy()

    def set_rng_state(self, device, state):
        target = self.generator(device).bit_generator._state
        if state.dtype != target.dtype or state.shape != target.shape:
            raise RuntimeError("RNG state is wrong size")
        with self.xp.cuda.Device(device.index):
            target[...] = state

    def synchronize(self, device):
        with self.xp.cuda.Device(device.index):
            self.xp.cuda.get_current_stream().synchronize()
        pending = self._checks.take(device.index)
        if pending is not None:
            self._checks.raise_for(device.index, self.xp.asnumpy(pending))

    def device_count(self):
        """The number of GPUs CuPy sees; gradlib's RuntimeError (with CuPy's reason) when it cannot ask
        the driver, as CuPy raises ``CUDARuntimeError`` without a driver or GPU rather than answering 0."""
        try:
            return self.xp.cuda.runtime.getDeviceCount()
        except Exception as error:
            raise _unusable("CuPy found no usable CUDA driver or GPU", error) from None

    def current_index(self):
        self.initialized = True
        return self.xp.cuda.runtime.getDevice()

    def set_current_index(self, index):
        self.initialized = True
        self.xp.cuda.Device(index).use()

    def device_properties(self, index):
        """CUDA's properties of GPU ``index`` (``cupy.cuda.runtime.getDeviceProperties``), in PyTorch's names."""
        self.initialized = True
        found = self.xp.cuda.runtime.getDeviceProperties(index)
        name = found["name"]
        return {"name": name.decode() if isinstance(name, bytes) else name, "major": found["major"],
                "minor": found["minor"], "total_memory": found["totalGlobalMem"],
                "multi_processor_count": found["multiProcessorCount"]}

    def memory_info(self, index):
        """(free, total) bytes of GPU ``index`` as the driver sees them (``cudaMemGetInfo``)."""
        self.initialized = True
        with self.xp.cuda.Device(index):
            free, total = self.xp.cuda.runtime.memGetInfo()
        return int(free), int(total)

    def pool_bytes(self, index):
        """(bytes in live arrays, bytes held) of CuPy's default memory pool on GPU ``index``: ``used_bytes()`` and
        ``total_bytes()`` (what the pool holds, in use or cached for reuse)."""
        pool = self.xp.get_default_memory_pool()
        with self.xp.cuda.Device(index):
            return int(pool.used_bytes()), int(pool.total_bytes())

    def limit_pool(self, index, fraction):
        """Cap CuPy's default memory pool on GPU ``index`` at ``fraction`` of the GPU's memory (``set_limit``)."""
        pool = self.xp.get_default_memory_pool()
        with self.xp.cuda.Device(index):
            pool.set_limit(fraction=fraction)

    def release_cached_memory(self):
        """Give the memory pool's cached free blocks back to the driver on every GPU (``free_all_blocks``)."""
        pool = self.xp.get_default_memory_pool()
        for index in range(self.device_count()):
            with self.xp.cuda.Device(index):
                pool.free_all_blocks()

    @staticmethod
    def import_nccl():
        """CuPy's NCCL module (``cupy.cuda.nccl``), for the ``nccl`` distributed backend; raises what importing it
        raises."""
        from cupy.cuda import nccl
        return nccl
