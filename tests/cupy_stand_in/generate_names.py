"""Write cupy_names.json: the public names of the real CuPy wheel, for the stand-in to expose no more.

Run it in a scratch venv outside the repository that has the real wheel (it imports without a GPU)::

    python3 -m venv /tmp/cupywheel && /tmp/cupywheel/bin/pip install cupy-cuda12x==14.2.0 \
        "nvidia-nccl-cu12>=2.18.1,<3"
    /tmp/cupywheel/bin/python tests/cupy_stand_in/generate_names.py

(NCCL's library is needed for ``cupy.cuda.nccl`` to show its communicator and constants.) With
``--ufunc-types`` it only (re)writes the ``ufunc_types`` entry of the existing file, which needs no NCCL.
"""
import inspect
import json
import os
import re
import sys
import warnings

import numpy

warnings.simplefilter("ignore")
import cupy  # noqa: E402
import cupy.cuda.nccl  # noqa: E402
import cupy.lib.stride_tricks  # noqa: E402
import cupyx  # noqa: E402
import cupyx.scipy.special  # noqa: E402

MODULES = {  # CuPy module -> the NumPy module whose same-named objects it may re-export
    "cupy": numpy, "cupy.linalg": numpy.linalg, "cupy.random": numpy.random, "cupy.lib": numpy.lib,
    "cupy.lib.stride_tricks": numpy.lib.stride_tricks, "cupy.fft": numpy.fft, "cupy.cuda": None,
    "cupy.cuda.runtime": None, "cupy.cuda.nccl": None, "cupyx": None, "cupyx.scipy": None,
    "cupyx.scipy.special": None,
}


def kind(value, numpy_module, name):
    """'numpy' when CuPy re-exports NumPy's own object, else what sort of thing it is."""
    if numpy_module is not None and getattr(numpy_module, name, object()) is value:
        return "numpy"
    if inspect.ismodule(value):
        return "module"
    if type(value).__name__ == "ufunc":
        return "ufunc"
    if isinstance(value, type):
        home = value.__module__ or ""
        return f"numpy:{home}.{value.__qualname__}" if home == "numpy" or home.startswith("numpy.") else "class"
    if callable(value):
        return "function"
    if isinstance(value, (bool, int, float, str)):
        return f"constant:{value!r}"
    return type(value).__name__


def lazy_names(module):
    """Names a module provides through its ``__getattr__`` (cupy.random.Generator, cupyx.lapack)."""
    getter = vars(module).get("__getattr__")
    if getter is None:
        return []
    return re.findall(r"key == '(\w+)'", inspect.getsource(getter))


def module_names(name, numpy_module):
    module = eval(name)  # noqa: S307 (a fixed list of module names above)
    names = {attr for attr in dir(module) if not attr.startswith("_")} | set(lazy_names(module))
    found = {}
    for attr in sorted(names):
        try:
            found[attr] = kind(getattr(module, attr), numpy_module, attr)
        except ImportError:  # a lazy submodule whose CUDA library this machine lacks (cupy.cuda.cublas)
            found[attr] = "module"
    return found


def static_kind(cls, attr):
    found = inspect.getattr_static(cls, attr)
    return "property" if isinstance(found, property) or type(found).__name__ == "getset_descriptor" else (
        "method" if callable(found) else type(found).__name__)


def first_line(function):
    return ((function.__doc__ or "").strip().splitlines() or [""])[0]


def ufunc_types():
    """The loops of every ufunc of ``cupy`` and ``cupyx.scipy.special`` ('ff->f', ...), in CuPy's order: CuPy
    runs the first loop that every input casts to safely, which may differ from NumPy's choice."""
    found = {}
    for module_name in ("cupy", "cupyx.scipy.special"):
        module = eval(module_name)  # noqa: S307 (a fixed module name)
        for attr in sorted(dir(module)):
            value = getattr(module, attr, None)
            if not attr.startswith("_") and type(value).__name__ == "ufunc":
                found[f"{module_name}.{attr}"] = list(value.types)
    return found


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cupy_names.json")
    if sys.argv[1:] == ["--ufunc-types"]:
        with open(path) as file:
            names = json.load(file)
        names["ufunc_types"] = ufunc_types()
        _write(path, names)
        return
    nccl = cupy.cuda.nccl
    names = {
        "cupy_version": cupy.__version__,
        "modules": {name: module_names(name, numpy_module) for name, numpy_module in MODULES.items()},
        "ndarray": {attr: static_kind(cupy.ndarray, attr) for attr in sorted(dir(cupy.ndarray))},
        "ufunc_attributes": sorted(a for a in dir(cupy.add) if not a.startswith("__")),
        "erf_types": list(cupyx.scipy.special.erf.types),
        "xorwow": {"state": type(inspect.getattr_static(cupy.random.XORWOW, "state")).__name__,
                   "state_is_method": inspect.isfunction(cupy.random.XORWOW.state)
                   or type(cupy.random.XORWOW.state).__name__ == "cython_function_or_method",
                   "attributes": sorted(a for a in dir(cupy.random.XORWOW) if not a.startswith("__"))},
        "generator": {m: first_line(getattr(cupy.random.Generator, m))
                      for m in dir(cupy.random.Generator) if not m.startswith("_")},
        "cuda_classes": {c: {a: static_kind(getattr(cupy.cuda, c), a)
                             for a in dir(getattr(cupy.cuda, c)) if not a.startswith("_")}
                         for c in ("Device", "Stream", "Event", "Graph")},
        "nccl": {
            "available": bool(nccl.available),
            "constants": {a: getattr(nccl, a) for a in dir(nccl) if a.startswith("NCCL_")},
            "get_unique_id": first_line(nccl.get_unique_id),
            "get_unique_id_doc": inspect.cleandoc(nccl.get_unique_id.__doc__ or ""),
            "NcclCommunicator": first_line(nccl.NcclCommunicator),
            "methods": {m: first_line(getattr(nccl.NcclCommunicator, m))
                        for m in dir(nccl.NcclCommunicator) if not m.startswith("_")},
        },
        "scatter_add": first_line(cupyx.scatter_add),
        "ufunc_types": ufunc_types(),
    }
    _write(path, names)


def _write(path, names):
    with open(path, "w") as file:
        json.dump(names, file, indent=1, sort_keys=True)
        file.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
