"""``Work``: a collective in flight, finished by ``wait()`` within the group's timeout."""
import time

from .errors import DistBackendError

__all__ = ["Work"]

_SPIN_S = 0.05  # poll without sleeping this long: collectives usually finish well within it


class Work:
    """The handle ``async_op=True`` returns. ``wait()`` finishes the collective (its result is then in the
    tensors) or raises ``DistBackendError`` once the group's timeout has passed, so a rank whose peer died
    fails instead of hanging.

    >>> import gradlib, gradlib.distributed as dist
    >>> dist.init_process_group("mpi")
    >>> t = gradlib.tensor([1., 2.])
    >>> work = dist.all_reduce(t, async_op=True)
    >>> work.wait(), t
    (True, tensor([1., 2.]))
    >>> dist.destroy_process_group()
    """

    __slots__ = ("_pending", "_finish", "_timeout_s", "_what", "_rank", "_done")

    def __init__(self, pending, finish, timeout_s, what, rank):
        self._pending = pending      # backend request: .test() -> bool
        self._finish = finish        # called once, after completion (copy back, divide for AVG)
        self._timeout_s = timeout_s
        self._what = what
        self._rank = rank
        self._done = False

    def is_completed(self):
        """True once the collective has finished (does not block); see the class example."""
        if not self._done and self._pending.test():
            self._complete()
        return self._done

    def wait(self, timeout=None):
        """Block until the collective finishes; raise ``DistBackendError`` after the timeout (see the class
        example)."""
        if self._done:
            return True
        limit = self._timeout_s if timeout is None else _seconds(timeout)
        pending = self._pending
        if not pending.test():
            start = time.monotonic()
            while not pending.test():
                waited = time.monotonic() - start
                if waited > _SPIN_S:  # a long wait: stop spinning the CPU (MPI moves data inside test())
                    if waited > limit:
                        raise DistBackendError(
                            f"[rank {self._rank}] {self._what} timed out after {limit:g} s: a peer rank died, "
                            "hangs, or did not call the same collective")
                    time.sleep(0.001)
        self._complete()
        return True

    def _complete(self):
        self._done = True
        if self._finish is not None:
            self._finish()
            self._finish = None


def _seconds(timeout):
    return timeout.total_seconds() if hasattr(timeout, "total_seconds") else float(timeout)
