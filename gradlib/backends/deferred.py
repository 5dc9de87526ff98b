"""Checks whose outcome stays on the GPU until the program synchronizes.

PyTorch's CUDA kernels check their indices themselves and, on a bad one, stop the CUDA context ("device-side
assert triggered"), which the program sees at its next synchronization. CuPy wraps bad indices around and
returns NaN for singular matrices instead, and looking at the data from the host would make every such op wait
for the GPU. So gradlib computes each check's outcome on the device (a 0-d bool), folds it into one int scalar
per device that holds the code of the first failed check (0 while none failed), and reads that scalar only where
the program synchronizes anyway: ``.item()``, ``.tolist()``, ``.numpy()``, ``.cpu()``, printing (the backend's
``to_numpy``) and ``gradlib.cuda.synchronize()``. There a failed check raises its exception, with the place where
it was found; results computed after the failing op are not valid. However many checks run, the pending state is
one scalar per device, and the messages are kept once each (at most ``LIMIT``).
"""

LIMIT = 4096
_UNNAMED = 1


class DeferredChecks:
    """The pending checks of one device backend (``xp`` is its array module)."""

    def __init__(self, xp):
        self.xp = xp
        self.pending = {}  # device index -> 0-d int array: the first failed check's code, 0 if none
        self.codes = {}  # (exception class, message) -> code (2, 3, ...)

    def add(self, device_index, failed, exception):
        """Queue ``failed`` (a 0-d bool on the device): if it holds, ``exception`` is raised later."""
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
        """The device's pending code scalar (forgetting it), or None."""
        return self.pending.pop(device_index, None)

    def raise_for(self, device_index, code):
        """Raise the exception of check ``code`` (a host int), if any failed."""
        code = int(code)
        if not code:
            return
        found = {number: key for key, number in self.codes.items()}.get(code)
        kind, message = found if found is not None else (RuntimeError, "a check failed (its message was not kept)")
        raise kind(f"{message} (found on cuda:{device_index} at this synchronization: gradlib checks this on the "
                   "GPU without waiting for it, so results computed since the failing op are not valid)")
