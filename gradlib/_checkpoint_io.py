"""Files for ``gradlib.save``/``gradlib.load``: reading only regular files, and writing atomically.

Writing goes to a temporary file next to the target, named ``.<target>.<host>-<pid>-<token>.gradlib-tmp``, that is
renamed over the target once complete. SIGINT and SIGTERM during the write remove it (handlers installed only
around the write, in the main thread, and restored after); a SIGKILL cannot be caught, so each save first removes
the temporaries of the same target whose process (on this host) no longer exists.
"""
import contextlib
import io
import os
import secrets
import signal
import socket
import stat
import threading

_SUFFIX = ".gradlib-tmp"


class Source:
    """The bytes of a checkpoint from its start: ``size``, ``file`` (seekable, binary) and ``name``."""

    def __init__(self, file, size, name, owned):
        self.file = file
        self.size = size
        self.name = name
        self._start = file.tell()
        self._owned = owned

    def peek(self, count):
        """Up to ``count`` bytes from the start, without moving on."""
        position = self.file.tell()
        self.file.seek(self._start)
        head = self.file.read(count)
        self.file.seek(position)
        return bytes(head)

    def read_into(self, buffer):
        """Fill ``buffer`` (a writable buffer) from the current position; False when the data ends first."""
        view = memoryview(buffer).cast("B")
        filled = 0
        readinto = getattr(self.file, "readinto", None)
        while filled < len(view):
            if readinto is not None:
                count = readinto(view[filled:])
            else:
                chunk = self.file.read(len(view) - filled)
                count = len(chunk)
                view[filled:filled + count] = chunk
            if not count:
                return False
            filled += count
        return True

    def close(self):
        if self._owned:
            self.file.close()


@contextlib.contextmanager
def open_source(f, refuse):
    """A ``Source`` for a path (a regular file: never a device, FIFO or directory, even behind a symlink) or a
    seekable binary file object, read from its current position. ``refuse(name, reason)`` raises."""
    if hasattr(f, "read"):
        if not (hasattr(f, "seekable") and f.seekable()):
            raise io.UnsupportedOperation("gradlib.load needs a seekable file object; read the data into an "
                                          "io.BytesIO first")
        start = f.tell()
        size = f.seek(0, os.SEEK_END) - start
        f.seek(start)
        source = Source(f, size, getattr(f, "name", "<file object>"), owned=False)
    else:
        path = os.fspath(f)
        # O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(path, flags)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                refuse(path, "it is not a regular file (a device, FIFO, socket or directory, perhaps behind a "
                             "symlink); only regular files are read")
        except BaseException:
            os.close(descriptor)
            raise
        source = Source(os.fdopen(descriptor, "rb", buffering=0), info.st_size, path, owned=True)
    try:
        yield source
    finally:
        source.close()


def write_all(stream, data):
    """Write the whole buffer ``data`` (a raw stream may write part of it per call)."""
    view = memoryview(data).cast("B")
    while len(view):
        written = stream.write(view)
        if written is None or written >= len(view):
            return
        view = view[written:]


def _host():
    return socket.gethostname().replace(os.sep, "_").replace("/", "_") or "host"


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_stale_temporaries(directory, name):
    """Remove temporaries of the target ``name`` left by a save on this host whose process is gone (SIGKILL)."""
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process there
        return
    prefix = f".{name}."
    host = _host()
    with os.scandir(directory) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(_SUFFIX)):
                continue
            owner = entry.name[len(prefix):-len(_SUFFIX)].rsplit("-", 2)
            if len(owner) != 3 or owner[0] != host or not owner[1].isascii() or not owner[1].isdigit():
                continue
            if not _alive(int(owner[1])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _unlink(path):
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


@contextlib.contextmanager
def _cleanup_on_signals(temporary):
    """Around a write in the main thread: SIGINT/SIGTERM with the default action remove ``temporary`` and end
    the process as they would have; a Python handler (SIGINT's KeyboardInterrupt) runs as before, and an
    exception it raises removes the temporary on its way out; ignored signals stay ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def handler(signum, frame):
        former = previous[signum]
        if former is signal.SIG_IGN:
            return
        if callable(former):
            former(signum, frame)
            return
        _unlink(temporary)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        former = signal.getsignal(signum)
        if former is None:  # installed outside Python: cannot be restored, so left alone
            continue
        previous[signum] = former
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, former in previous.items():
            signal.signal(signum, former)


@contextlib.contextmanager
def atomic_write(path):
    """A binary stream whose content replaces ``path`` only once completely written and flushed to disk.

    The file gets the mode ``open(path, 'wb')`` would give it: an existing target's, else 0o666 less the umask.
    A symlink is followed, so the file it points to is replaced, as writing through it would.
    """
    path = os.fsdecode(os.fspath(path))
    if os.path.islink(path):
        path = os.path.realpath(path)
    directory, name = os.path.split(os.path.abspath(path))
    remove_stale_temporaries(directory, name)
    temporary = os.path.join(directory, f".{name}.{_host()}-{os.getpid()}-{secrets.token_hex(4)}{_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    with _cleanup_on_signals(temporary):
        stream = os.fdopen(os.open(temporary, flags, 0o666), "wb")
        try:
            with stream:
                if hasattr(os, "fchmod"):
                    with contextlib.suppress(FileNotFoundError):
                        os.fchmod(stream.fileno(), stat.S_IMODE(os.stat(path).st_mode))
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            _unlink(temporary)
            raise


def unreachable_cuda_reason(target, device_count):
    """Why storages cannot be placed on the CUDA device ``target`` when ``device_count`` GPUs are visible
    (PyTorch's words, as ``torch.load`` says them), or None when they can."""
    if device_count == 0:
        return ("Attempting to deserialize object on a CUDA device but gradlib.cuda.is_available() is False. If you "
                "are running on a CPU-only machine, please use gradlib.load with map_location=gradlib.device('cpu') "
                "to map your storages to the CPU.")
    if target.index is not None and target.index >= device_count:
        return (f"Attempting to deserialize object on CUDA device {target.index} but gradlib.cuda.device_count() is "
                f"{device_count}. Please use gradlib.load with map_location to map your storages to an existing "
                "device.")
    return None
