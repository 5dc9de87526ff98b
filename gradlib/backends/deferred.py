"""Checks whose outcome stays on the GPU until the program synchronizes.

PyTorch's CUDA kernels check their indices themselves and, on a bad one, stop the CUDA context ("device-side
assert triggered"), which the program sees at its next synchronization. CuPy wraps bad indices around and
returns NaN for singular matrices instead, and looking at the data from the host would make every such op wait
for the GPU. So gradlib computes each check's outcome on the device (a 0-d bool), folds it into one int scalar
per device that holds the code of the first failed check (0 while none failed), and reads that scalar only where
the program synchronizes anyway: ``.item()``, ``float()``/``int()``/``bool()``, ``.tolist()``, ``.cpu()`` and
``.to()`` another device, printing (all through the backend's ``to_numpy``) and ``gradlib.cuda.synchronize()``.
There a failed check raises its exception, with the place where it was found; results computed after the
failing op are not valid. However many checks run, the pending state is one scalar per device, and the messages
are kept once each (at most ``LIMIT``). A read on one GPU raises only that GPU's failed checks.

The checks (the CPU raises the same errors at the call, with PyTorch's messages):
- indices within range: ``x[idx]`` and ``x[idx] = v`` (tensor, list and CPU-tensor indices),
  ``index_select``, ``index_add``, ``gather``, ``scatter``, ``scatter_add``, ``embedding``, ``one_hot``, and the
  class targets of ``nll_loss``/``cross_entropy``: RuntimeError naming the op and the range, where PyTorch's
  kernel asserts (``CUDA_KERNEL_ASSERT``); a Python int index is checked at once (IndexError), as PyTorch;
- ``linalg.inv``/``solve`` of a singular and ``linalg.cholesky`` of a non-positive-definite matrix:
  ``gradlib.linalg.LinAlgError``, where PyTorch's CUDA call waits for cuSOLVER's status and raises at once;
- ``x[mask] = rows`` whose number of rows is not the mask's number of Trues: RuntimeError "shape mismatch".
"""

LIMIT = 4096
_UNNAMED = 1


class DeferredChecks:
    """The pending checks of one device backend (``xp`` is its array module: CuPy; NumPy works too, for tests).

    ``add`` queues a 0-d bool array and the exception to raise if it holds; ``take`` hands over a device's
    pending code (a 0-d int64 array on the device) and forgets it; the caller reads that code with the data it
    copies to the host and passes it to ``raise_for``, which raises the first failed check's exception.

    >>> import gradlib
    >>> from gradlib.backends import backend_for
    >>> from gradlib.backends.deferred import DeferredChecks
    >>> xp = backend_for(gradlib.get_default_device()).xp  # NumPy, or CuPy under pytest --device cuda
    >>> checks = DeferredChecks(xp)
    >>> index = xp.asarray([0, 7])
    >>> checks.add(0, (index < 0).any(), IndexError("negative index"))
    >>> checks.add(0, (index >= 4).any(), IndexError("index 7 is out of bounds for size 4"))
    >>> code = checks.take(0)
    >>> code.shape, str(code.dtype), checks.take(0)
    ((), 'int64', None)
    >>> checks.raise_for(0, code.item())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    IndexError: index 7 is out of bounds for size 4 (found on ...)
    """

    def __init__(self, xp):
        self.xp = xp
        self.pending = {}  # device index -> 0-d int array: the first failed check's code, 0 if none
        self.codes = {}  # (exception class, message) -> code (2, 3, ...)

    def add(self, device_index, failed, exception):
        """Queue ``failed`` (a 0-d bool array on GPU ``device_index``, computed under that GPU): if it holds,
        ``exception`` (an exception instance; its class and message are kept) is raised at the next read of that
        GPU's pending code. Costs one ``where`` on the device, no sync."""
        xp = self.xp
        found = xp.where(failed, self._code(exception), 0)
        earlier = self.pending.get(device_index)
        self.pending[device_index] = found if earlier is None else xp.where(earlier == 0, found, earlier)

    def _code(self, exception):
        key = (type(exception), str(exception))
        code = self.codes.get(key)
        if code is None:
            if len(self.codes) >= LIMIT:
                return _UNNAMED
            code = self.codes[key] = len(self.codes) + 2
        return code

    def take(self, device_index):
        """The device's pending code (a 0-d int64 array on the device: 0, or the first failed check's code),
        forgetting it; None when nothing was queued since the last ``take``."""
        return self.pending.pop(device_index, None)

    def raise_for(self, device_index, code):
        """Raise the exception of check ``code`` (a host integer, read from ``take``'s array), if it is not 0:
        the queued exception's class and message, plus where it was found; a RuntimeError for a check whose
        message was not kept (past ``LIMIT`` distinct messages)."""
        code = int(code)
        if not code:
            return
        found = {number: key for key, number in self.codes.items()}.get(code)
        kind, message = found if found is not None else (RuntimeError, "a check failed (its message was not kept)")
        raise kind(f"{message} (found on cuda:{device_index} at this synchronization: gradlib checks this on the "
                   "GPU without waiting for it, so results computed since the failing op are not valid)")
