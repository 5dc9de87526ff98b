"""Host reads during CUDA training steps, counted on CuPy's own arrays.

    python -m benchmarks.host_reads [--out FILE]

Every ``bool()``, ``float()``, ``int()``, ``complex()``, ``.item()``, ``.tolist()`` and ``.get()`` on a
``cupy.ndarray``, and ``cupy.asnumpy()``, copies device memory to the host and waits for the GPU. On CuPy >= 13
``cupy.ndarray`` is a Python subclass of the compiled ``_ndarray_base``, so these can be replaced by counting
wrappers (the stand-in's ndarray is a Python class too). Each call is
attributed to the first stack frame outside CuPy and NumPy, which is the line that asked for the value (CuPy's
own internal reads, such as the element count of a boolean mask, land on the gradlib line that called CuPy).
gradlib's host APIs (``Tensor.item``, ``.tolist``, ``float(t)``, printing, ``.to``, the backend layer) read on
their caller's behalf: a read inside them is charged to the gradlib line that called them, or is 'explicit'
when the user did.

An MLP and a CNN take training steps (zero_grad, forward, loss, backward, optimizer step) with each optimizer;
reads attributed to gradlib's source are hidden syncs, and the goal is 0. After the steps the script asks for
the loss with ``loss.item()``, which must be counted: that proves the counter works. Exit status: 0 when
gradlib read nothing, 1 when it did, 2 when the counter missed the control read, 3 without CUDA.

Not seen here: synchronizations inside CuPy's compiled code that never go through these methods (the
counting works at the array level, as tests/test_host_transfers.py does at the tensor level).
"""
import argparse
import collections
import os
import pathlib
import sys
import threading

import gradlib
from gradlib import nn, optim

READS = ("__bool__", "__float__", "__int__", "__complex__", "item", "tolist", "get")
# (path inside gradlib, function) of the host APIs; "*": every function of the file
HOST_APIS = {("_tensor.py", "Tensor." + name) for name in (
    "item", "_python_value", "tolist", "numpy", "__bool__", "__float__", "__int__", "__complex__", "__index__",
    "__repr__", "__format__", "__array__", "to", "cpu", "cuda")} | {
    ("_tensor_str.py", "*"), ("serialization.py", "*"), ("ops/conversion.py", "*"), ("ops/_op.py", "Op.apply"),
    ("_creation.py", "*"), ("cuda.py", "synchronize")}
OPTIMIZERS = {
    "SGD": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-4),
    "Adam": lambda p: optim.Adam(p, lr=1e-3),
    "AdamW": lambda p: optim.AdamW(p, lr=1e-3, amsgrad=True),
    "RMSprop": lambda p: optim.RMSprop(p, lr=1e-3, momentum=0.5),
    "Adagrad": lambda p: optim.Adagrad(p, lr=1e-2),
}


class HostReadCounter:
    """Counts host reads on ``cupy.ndarray`` while installed (a context manager); ``sites`` maps
    (where, method) -> count. ``where`` is 'gradlib/path:line (function)' for a read gradlib made,
    'explicit: gradlib/path:line (function)' for one the caller asked for through a host API, else the
    'path:line (function)' of the caller's own line."""

    def __init__(self, cupy):
        self.cupy = cupy
        self.array_type = cupy.ndarray
        self.sites = collections.Counter()
        self._nested = threading.local()
        self._saved = {}
        # NumPy too: code that NumPy runs on CuPy's behalf (or the stand-in's) is not where a read was asked for
        self._cupy_dirs = tuple(_package_dir(name) for name in ("cupy", "cupyx", "cupy_backends", "numpy")
                                if _package_dir(name))
        self.gradlib_dir = _package_dir("gradlib")

    def __enter__(self):
        for name in READS:
            original = getattr(self.array_type, name, None)
            if original is None:
                continue
            self._saved[name] = (name in vars(self.array_type), original)
            setattr(self.array_type, name, self._counting(name, original))
        self._asnumpy = self.cupy.asnumpy
        self.cupy.asnumpy = self._counting("cupy.asnumpy", self._asnumpy)
        return self

    def __exit__(self, *exc):
        for name, (owned, original) in self._saved.items():
            if owned:
                setattr(self.array_type, name, original)
            else:
                delattr(self.array_type, name)
        self._saved.clear()
        self.cupy.asnumpy = self._asnumpy

    def _counting(self, name, original):
        counter = self

        def counted(array, *args, **kwargs):
            depth = getattr(counter._nested, "depth", 0)
            if depth == 0:  # float(a) may call a.get() inside: one read, not two
                counter.sites[(counter._caller(sys._getframe(1)), name)] += 1
            counter._nested.depth = depth + 1
            try:
                return original(array, *args, **kwargs)
            finally:
                counter._nested.depth = depth
        return counted

    def _caller(self, frame):
        while frame is not None and frame.f_code.co_filename.startswith(self._cupy_dirs):
            frame = frame.f_back
        if frame is None:
            return "?"
        if not frame.f_code.co_filename.startswith(self.gradlib_dir):
            return _where(frame, frame.f_code.co_filename)
        outermost = None
        while frame is not None and frame.f_code.co_filename.startswith(self.gradlib_dir):
            path = os.path.relpath(frame.f_code.co_filename, self.gradlib_dir).replace(os.sep, "/")
            function = getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
            if not (path.startswith("backends/") or (path, function) in HOST_APIS or (path, "*") in HOST_APIS):
                return _where(frame, "gradlib/" + path)
            outermost = _where(frame, "gradlib/" + path)
            frame = frame.f_back
        return "explicit: " + outermost

    def gradlib_reads(self):
        """The reads gradlib made on its own: (where, method) -> count."""
        return {key: count for key, count in self.sites.items() if key[0].startswith("gradlib/")}


def _where(frame, path):
    return f"{path}:{frame.f_lineno} ({getattr(frame.f_code, 'co_qualname', frame.f_code.co_name)})"


def _package_dir(name):
    module = sys.modules.get(name)
    if module is None:
        try:
            module = __import__(name)
        except ImportError:
            return None
    return os.path.dirname(os.path.abspath(module.__file__)) + os.sep


def _mlp():
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 4))


def _cnn():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Dropout(0.1), nn.Linear(4 * 4 * 4, 4))


def training_steps(kind, make_optimizer, steps=2):
    """``steps`` training steps on CUDA (the second runs with optimizer state in place); returns the last loss."""
    gradlib.manual_seed(0)
    model = (_mlp() if kind == "MLP" else _cnn()).to("cuda")
    optimizer = make_optimizer(model.parameters())
    x = gradlib.randn(6, 8, device="cuda") if kind == "MLP" else gradlib.randn(6, 1, 8, 8, device="cuda")
    y = gradlib.randint(0, 4, (6,), device="cuda")
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    return loss


def count(cupy):
    """Run every (model, optimizer) case under the counter; one row per case."""
    rows = []
    for kind in ("MLP", "CNN"):
        for label, make_optimizer in OPTIMIZERS.items():
            training_steps(kind, make_optimizer)  # compile CuPy's kernels outside the count
            with HostReadCounter(cupy) as counter:
                loss = training_steps(kind, make_optimizer)
                gradlib.cuda.synchronize()
                inside = counter.gradlib_reads()
                in_steps = sum(counter.sites.values())
                loss.item()  # the control: a read asked for by the caller, which must be seen
                control = sum(counter.sites.values()) - in_steps
            rows.append({"case": f"{kind} + {label}", "gradlib_reads": sum(inside.values()),
                         "other_reads": in_steps - sum(inside.values()), "control_reads": control,
                         "sites": [f"{where} {method}: {n}" for (where, method), n in sorted(inside.items())]})
    return rows


def report(rows, cupy):
    total = sum(row["gradlib_reads"] for row in rows)
    lines = [f"# Host reads in CUDA training steps (CuPy {cupy.__version__}, {cupy.__file__})", "",
             "Two steps each (zero_grad, forward, cross-entropy, backward, optimizer step), counted on "
             "cupy.ndarray's bool/float/int/complex/item/tolist/get and cupy.asnumpy; the control is a "
             "loss.item() after the steps.", "",
             "| case | reads in gradlib | other reads | control reads (expected >= 1) |", "|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['case']} | {row['gradlib_reads']} | {row['other_reads']} | {row['control_reads']} |")
    lines += ["", f"Total reads attributed to gradlib: {total}"]
    for row in rows:
        for site in row["sites"]:
            lines.append(f"- {row['case']}: {site}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the markdown report to this file")
    args = parser.parse_args(argv)
    if not gradlib.cuda.is_available():
        print("no usable CUDA GPU (CuPy missing or no GPU visible): nothing to count")
        return 3
    import cupy
    rows = count(cupy)
    text = report(rows, cupy)
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text)
    if any(row["control_reads"] < 1 for row in rows):
        print("the counter missed the control loss.item(): the counts above cannot be trusted")
        return 2
    return 1 if any(row["gradlib_reads"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
