"""What the stand-in saw: refused calls, wrong-device work and device-to-host syncs, each with its site.

``events`` counts each distinct ``Event(kind, what, site, test)`` (a Counter, so that a long run holds one entry
per distinct event, not one per occurrence):

- kind: 'refusal' (a call real CuPy refuses; recorded even when the caller catches the error), 'device' (work
  on an array that is not on the current device), 'sync' (the host waits for a value from the device), or
  'stand-in' (a CuPy name the stand-in does not emulate).
- what: a short description ('bool()', 'boolean mask getitem', "Unsupported type <class 'numpy.ndarray'>").
- site: where in gradlib it happened, as 'gradlib/ops/indexing.py:34 (_IndexOp.forward)'; 'test/user code' when
  the first frame outside the stand-in and NumPy is not in gradlib (see ``site()`` for the rule).
- test: the test that was running (set by the pytest plugin through ``current_test``), or ''.
"""
import atexit
import collections
import json
import os
import sys

Event = collections.namedtuple("Event", "kind what site test")

events = collections.Counter()
current_test = [os.environ.get("CUPY_STAND_IN_TEST", "")]
_listeners = []  # callables (event) -> None, e.g. the host_syncs fixture's counters

_HERE = os.path.dirname(os.path.abspath(__file__))
_STAND_IN_DIRS = (_HERE + os.sep, os.path.join(os.path.dirname(_HERE), "cupyx") + os.sep)
_numpy_dir = []
_gradlib_dir = []

USER = "test/user code"

def _load_policy():
    """HOST_APIS and EXPLICIT from tests/cupy_stand_in/allowed_syncs.py (the one place for sync policy)."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "allowed_syncs.py")
    spec = importlib.util.spec_from_file_location("_cupy_stand_in_allowed_syncs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return set(module.HOST_APIS), set(module.EXPLICIT)


_PASS_THROUGH, _EXPLICIT = _load_policy()


def _dirs():
    if not _numpy_dir:
        import numpy
        _numpy_dir.append(os.path.dirname(os.path.abspath(numpy.__file__)) + os.sep)
    if not _gradlib_dir:
        module = sys.modules.get("gradlib")
        if module is None or not getattr(module, "__file__", None):
            return _numpy_dir[0], None
        _gradlib_dir.append(os.path.dirname(os.path.abspath(module.__file__)) + os.sep)
    return _numpy_dir[0], _gradlib_dir[0]


def _passes_through(path, qualname):
    return (path, qualname) in _PASS_THROUGH or (path, "*") in _PASS_THROUGH or path.startswith("gradlib/backends/")


def site():
    """Where the current stand-in call came from.

    Walk outwards from the stand-in, skipping its own frames and NumPy's. If the first frame left is not in
    gradlib, the call is the test's (or a user's) own: 'test/user code'. Otherwise take gradlib's frames from
    there outwards, skip the host APIs and the backend layer (their callers asked for the sync), and name the
    first other frame. When only host APIs remain before the test's code, the user asked for the value:
    'explicit: <api>'.
    """
    numpy_dir, gradlib_dir = _dirs()
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not (filename.startswith(_STAND_IN_DIRS) or filename.startswith(numpy_dir)):
            break
        frame = frame.f_back
    if frame is None or gradlib_dir is None or not frame.f_code.co_filename.startswith(gradlib_dir):
        return USER
    root = os.path.dirname(gradlib_dir.rstrip(os.sep)) + os.sep
    outermost = None
    while frame is not None and frame.f_code.co_filename.startswith(gradlib_dir):
        code = frame.f_code
        path = code.co_filename[len(root):].replace(os.sep, "/")
        qualname = getattr(code, "co_qualname", code.co_name)
        if (path, qualname) in _EXPLICIT:
            return f"explicit: {path}:{frame.f_lineno} ({qualname})"
        if not _passes_through(path, qualname):
            return f"{path}:{frame.f_lineno} ({qualname})"
        outermost = (path, frame.f_lineno, qualname)
        frame = frame.f_back
    return f"explicit: {outermost[0]}:{outermost[1]} ({outermost[2]})"


sync_hooks = []


def record(kind, what, gradlib_only=False):
    """Record an event at the current site (and tell the listeners); with ``gradlib_only``, only when the site is
    in gradlib (an attribute probe by pytest or a test is nobody's bug)."""
    if kind == "sync":
        for hook in sync_hooks:  # a stream capture in progress refuses it (cupy/_capture.py)
            hook(what)
    where = site()
    if gradlib_only and where == USER:
        return None
    event = Event(kind, what, where, current_test[0])
    events[event] += 1
    for listener in _listeners:
        listener(event)
    return event


def clear():
    events.clear()


def _dump_at_exit():
    """In a subprocess (an example run with --device cuda), leave the events for the parent test run."""
    folder = os.environ.get("CUPY_STAND_IN_EVENTS_DIR")
    if not folder or not events or os.environ.get("CUPY_STAND_IN_PARENT_PID") == str(os.getpid()):
        return
    try:
        with open(os.path.join(folder, f"events-{os.getpid()}.jsonl"), "w") as file:
            for event, count in events.items():
                file.write(json.dumps(dict(event._asdict(), count=count)) + "\n")
    except OSError:
        pass


atexit.register(_dump_at_exit)
