"""The CUDA backend: CuPy, imported the first time a CUDA device is used."""
from .base import Backend

INSTALL_HINT = (
    "CUDA support needs CuPy, an NVIDIA GPU and its driver. Install the extra that matches the CUDA version "
    "your driver supports (nvidia-smi shows it): pip install 'gradlib[cuda12]' (CUDA 12.x) or "
    "pip install 'gradlib[cuda13]' (CUDA 13.x)."
)


def import_cupy():
    """Import CuPy or raise a RuntimeError that says how to install it."""
    try:
        import cupy
        import cupyx
    except ModuleNotFoundError as error:
        if error.name not in ("cupy", "cupyx"):
            raise _unusable("CuPy failed to import", error) from None
        raise RuntimeError(f"gradlib cannot use CUDA: CuPy is not installed ({error}). {INSTALL_HINT}") from None
    except Exception as error:  # a broken install: missing CUDA libraries, a wrong wheel for this Python
        raise _unusable("CuPy failed to import", error) from None
    return cupy, cupyx


def _unusable(what, error):
    """gradlib's error for a CuPy that is installed but cannot serve: the hint, then CuPy's own reason."""
    return RuntimeError(f"gradlib cannot use CUDA: {what}. {INSTALL_HINT} (CuPy says: {error})")


# The dtypes of CUDA's atomicAdd that cupyx.scatter_add accepts in every CuPy release gradlib supports.
_ATOMIC_DTYPES = frozenset({"int32", "uint32", "uint64", "float16", "float32", "float64"})
# Distinct bounds-check messages remembered for naming a failed check (code 1 is the unnamed overflow).
_MAX_CHECK_MESSAGES = 4096


class CupyBackend(Backend):
    name = "cupy"

    def __init__(self):
        cupy, cupyx = import_cupy()
        self.xp = cupy
        self.array_type = cupy.ndarray
        self._cupyx = cupyx
        self._generators = {}
        self._seed = None
        self._failed_check = {}  # device index -> 0-d int array: code of the first failed check, 0 if none
        self._check_codes = {}  # message -> code (1, 2, ...), at most _MAX_CHECK_MESSAGES of them

    def device_of(self, array):
        from ..device import device
        return device("cuda", array.device.id)

    def asarray(self, data, dtype, device):
        with self.xp.cuda.Device(device.index):
            return self.xp.asarray(data, dtype=dtype)

    def to_numpy(self, array):
        host = self.xp.asnumpy(array)
        self._raise_failed_checks(array.device.id)
        return host

    def check_bounds(self, index, low, high, what, error):
        """Queue the bounds test on the device; raise at the next synchronization.

        PyTorch checks indices inside its CUDA kernels and stops the process's CUDA context with "device-side
        assert triggered". CuPy wraps out-of-range indices around instead, and looking at the indices from the
        host would wait for the GPU on every indexing op. So the test runs on the device (a min and a max),
        its outcome joins one int scalar per device that keeps the first failed check's code, and nothing is
        read back until the program itself synchronizes: ``.item()``, ``.tolist()``, ``.numpy()``,
        ``.cpu()``, printing (all through ``to_numpy``) or ``gradlib.cuda.synchronize()``. There a failed check
        raises a RuntimeError naming the op and the bounds; results computed after that op are not valid.
        The pending state is one scalar per device, however many checks ran.
        """
        if not index.size:
            return
        xp = self.xp
        outside = None
        if low is not None:
            outside = index.min() < low
        if high is not None:
            above = index.max() >= high
            outside = above if outside is None else outside | above
        bounds = f"[{'-inf' if low is None else low}, {'inf' if high is None else high})"
        code = self._check_code(f"{what}: an index is out of range {bounds}")
        found = xp.where(outside, code, 0)
        device = index.device.id
        earlier = self._failed_check.get(device)
        self._failed_check[device] = found if earlier is None else xp.where(earlier == 0, found, earlier)

    def _check_code(self, message):
        code = self._check_codes.get(message)
        if code is None:
            if len(self._check_codes) >= _MAX_CHECK_MESSAGES:
                return 1
            code = self._check_codes[message] = len(self._check_codes) + 2
        return code

    def _raise_failed_checks(self, device_index):
        failed = self._failed_check.pop(device_index, None)
        if failed is None:
            return
        code = int(self.xp.asnumpy(failed))
        if not code:
            return
        messages = {code: message for message, code in self._check_codes.items()}
        message = messages.get(code, "an index was out of range in an indexing op")
        raise RuntimeError(
            f"{message}, found on cuda:{device_index} at this synchronization (gradlib checks indices on the "
            "GPU without waiting; PyTorch stops here with 'CUDA error: device-side assert triggered'). Results "
            "computed since that op are invalid.")

    def linalg_errors(self):
        """CuPy skips its cuSOLVER status checks unless asked: this asks, so singular or non-positive-definite
        input raises. Reading the status waits for the GPU, as PyTorch's linalg.inv, solve and cholesky do on
        CUDA (their ``*_ex`` variants are the ones that do not)."""
        return self._cupyx.errstate(linalg="raise")

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

    def guard(self, device):
        return self.xp.cuda.Device(device.index)

    def generator(self, device):
        found = self._generators.get(device.index)
        if found is None:
            with self.xp.cuda.Device(device.index):
                found = self.xp.random.Generator(self.xp.random.XORWOW(self._seed))
            self._generators[device.index] = found
        return found

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
        self._raise_failed_checks(device.index)

    def device_count(self):
        """The number of GPUs CuPy sees; gradlib's RuntimeError (with CuPy's reason) when it cannot ask
        the driver, as CuPy raises ``CUDARuntimeError`` without a driver or GPU rather than answering 0."""
        try:
            return self.xp.cuda.runtime.getDeviceCount()
        except Exception as error:
            raise _unusable("CuPy found no usable CUDA driver or GPU", error) from None

    def current_index(self):
        return self.xp.cuda.runtime.getDevice()
