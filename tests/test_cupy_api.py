"""Everything gradlib takes from CuPy exists in CuPy, and CuPy installed on a machine without a GPU gives
gradlib's install hint.

The names come from an AST scan of gradlib/: attribute chains on ``xp`` (however reached: ``self.xp``,
``tensor._device._backend.xp``), ``cupy``, ``cupyx``, ``nccl`` and the NCCL communicator, names imported from
``cupy``/``cupyx``, ``getattr(xp, ...)`` with names that the scan can resolve, and the primitives namespace
``F`` of backward formulas where it falls through to ``xp``. They are checked against the real CuPy when it is
installed (``ci/cupy-wheel.sh`` installs the 14.2 wheel on a machine without a GPU), else against
``tests/cupy_stand_in/cupy_names.json``, the names recorded from that wheel.
"""
import ast
import importlib
import inspect
import json
import os
import pathlib
import warnings

import pytest

import gradlib
import gradlib.distributed

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gradlib"
RECORDED_NAMES = ROOT / "tests" / "cupy_stand_in" / "cupy_names.json"

# Where a chain starts: the last of these names in it says which CuPy object the rest is looked up on.
ROOTS = {"xp": "cupy", "cupy": "cupy", "cupyx": "cupyx", "_cupyx": "cupyx", "nccl": "cupy.cuda.nccl"}
# Chains that mean CuPy in one file only: the nccl backend's communicator (its local ``comm`` is MPI's).
FILE_ROOTS = {"distributed/nccl_backend.py": {("self", "comm"): "cupy.cuda.nccl.NcclCommunicator"}}
NOT_CUPY = {"numpy_backend", "_numpy_backend"}  # numpy_backend.xp is NumPy (also under a private alias)


def _chain(node):
    """``a.b.c`` as ['a', 'b', 'c'] (None when it does not start at a plain name)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _cupy_name(parts, roots):
    """The CuPy name of an attribute chain (``self.xp.linalg.inv`` -> ``cupy.linalg.inv``), or None."""
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] in roots:
            if index and parts[index - 1] in NOT_CUPY:
                return None
            return ".".join([roots[parts[index]]] + parts[index + 1:])
    return None


def _string_constants(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple):
        return [value for item in node.elts for value in _string_constants(item)]
    return []


def _class_strings(tree, attribute):
    """Every string a class body assigns to ``attribute`` (``function, rounding = "fmod", "trunc"``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                names = [target] if isinstance(target, ast.Name) else getattr(target, "elts", [])
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for name, value in zip(names, values):
                    if isinstance(name, ast.Name) and name.id == attribute:
                        found += _string_constants(value)
    return found


def _argument_strings(tree, function, parameter):
    """The string constants that calls in ``tree`` pass for ``parameter`` of ``function`` (a FunctionDef):
    ``self._arith_inplace("add", ...)`` for ``ufunc_name``."""
    names = [argument.arg for argument in function.args.args]
    if parameter not in names:
        return []
    position = names.index(parameter) - (names[:1] == ["self"])
    return [value for node in ast.walk(tree) if isinstance(node, ast.Call) and len(node.args) > position
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == function.name
            for value in _string_constants(node.args[position])]


def _getattr_names(tree, node, parent_function):
    """The names ``getattr(xp, name)`` can look up: a constant, a class attribute, or a method's argument."""
    name = node.args[1]
    if isinstance(name, ast.Constant):
        return _string_constants(name)
    if isinstance(name, ast.Attribute):  # type(ctx).function, self.function
        return _class_strings(tree, name.attr)
    if isinstance(name, ast.Name) and parent_function is not None:
        return _argument_strings(tree, parent_function, name.id)
    return []


def _primitives_own_names():
    """What ``ArrayPrimitives`` defines itself (the rest falls through to ``xp``)."""
    tree = ast.parse((PACKAGE / "ops" / "_primitives.py").read_text())
    primitives = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "ArrayPrimitives")
    own = set()
    for node in ast.walk(primitives):
        if isinstance(node, ast.FunctionDef):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
    return own


def _has_parameter(function, name):
    """Whether ``function`` (a FunctionDef, or None at module level) takes a parameter ``name``."""
    return function is not None and name in [argument.arg for argument in function.args.args]


def cupy_names_gradlib_uses():
    """{CuPy name: first place gradlib uses it} for all of gradlib/."""
    used = {}
    primitives_own = _primitives_own_names()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        prefixes = FILE_ROOTS.get(relative, {})
        tree = ast.parse(path.read_text())
        functions = {id(child): node for node in ast.walk(tree)
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) for child in ast.walk(node)}
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Attribute):
                parts = _chain(node)
                if parts:
                    names.append(_cupy_name(parts, ROOTS))
                    for prefix, target in prefixes.items():
                        if tuple(parts[:len(prefix)]) == prefix and len(parts) > len(prefix):
                            names.append(".".join([target] + parts[len(prefix):]))
                    if (parts[0] == "F" and len(parts) == 2 and parts[1] not in primitives_own
                            and _has_parameter(functions.get(id(node)), "F")):
                        names.append(f"cupy.{parts[1]}")  # F.name on the fast path is xp.name
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("cupy", "cupyx"):
                names += [f"{node.module}.{alias.name}" for alias in node.names]
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getattr"
                  and len(node.args) >= 2):
                parts = _chain(node.args[0]) or []
                parent = functions.get(id(node))
                base = "cupy" if parts[-1:] == ["xp"] and parts[-2:-1] not in (["numpy_backend"], ["_numpy_backend"]) else None
                if parts == ["F"] and _has_parameter(parent, "F"):
                    base = "cupy"
                if base:
                    names += [f"{base}.{name}" for name in _getattr_names(tree, node, parent)]
            for name in names:
                if name is not None:
                    used.setdefault(name, f"gradlib/{relative}:{node.lineno}")
    return used


def _real_cupy():
    try:
        import cupy
        import cupyx
    except ImportError:
        return None
    if hasattr(cupy, "_stand_in") or "cupy_stand_in" in str(getattr(cupy, "__file__", "")):
        return None  # tests/cupy_stand_in: its names are checked through the recorded list
    return cupy


def _resolve(name):
    """The object ``name`` (``cupy.cuda.nccl.NcclCommunicator.allReduce``) names in the installed CuPy."""
    parts = name.split(".")
    found = importlib.import_module(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        try:
            found = getattr(found, part)
        except AttributeError:
            found = importlib.import_module(".".join(parts[:index + 1]))  # a submodule not imported yet
    return found


def test_the_scan_finds_what_gradlib_is_known_to_use():
    """The scan itself: names reached each way (a chain on xp, self.xp and a backend's xp; an import from
    cupyx; getattr with a class attribute and with a method's argument; F falling through; the NCCL
    communicator) are found, and NumPy-only ones are not."""
    used = cupy_names_gradlib_uses()
    for name in ("cupy.matmul", "cupy.linalg.inv", "cupy.cuda.runtime.getDeviceCount", "cupy.ascontiguousarray",
                 "cupy.lib.stride_tricks.as_strided", "cupyx.scipy.special.erf", "cupyx.scatter_add",
                 "cupy.fmax", "cupy.fmod", "cupy.trunc", "cupy.true_divide", "cupy.random.XORWOW",
                 "cupy.cuda.nccl.NcclCommunicator", "cupy.cuda.nccl.NcclCommunicator.allReduce",
                 "cupy.cuda.nccl.NCCL_FLOAT16", "cupy.cuda.nccl.get_unique_id", "cupy.cuda.Device"):
        assert name in used, name
    assert "cupy.generic" not in used  # numpy_backend.xp.generic
    assert "cupy.cuda.nccl.NcclCommunicator.Get_rank" not in used  # _bootstrap's comm is MPI's
    assert "cupy.relu" not in used and "cupy.cross_entropy" not in used  # F is nn.functional outside backward
    assert len(used) > 100, len(used)


NCCL_PREFIX = "cupy.cuda.nccl."


def _check_names(names):
    """The names among ``names`` ({name: where}) that the real CuPy, or else the recorded names, lack."""
    cupy = _real_cupy()
    if cupy is None and os.environ.get("GRADLIB_REQUIRE_REAL_CUPY"):
        pytest.fail("GRADLIB_REQUIRE_REAL_CUPY is set, but the real CuPy does not import")
    if cupy is not None:
        missing = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # importing cupy.cuda.nccl warns when libnccl is missing
            for name, where in sorted(names.items()):
                try:
                    _resolve(name)
                except (AttributeError, ImportError):
                    missing.append(f"{name} ({where})")
        return missing, f"CuPy {cupy.__version__}"
    if not RECORDED_NAMES.exists():
        pytest.skip(f"CuPy is not installed and {RECORDED_NAMES.relative_to(ROOT)} (the names recorded from "
                    "the real wheel) is not there yet: run ci/cupy-wheel.sh for the real check")
    recorded = _recorded_names()
    return [f"{name} ({where})" for name, where in sorted(names.items()) if name not in recorded], \
        RECORDED_NAMES.name


def test_every_cupy_name_gradlib_uses_exists():
    used = {name: where for name, where in cupy_names_gradlib_uses().items() if not name.startswith(NCCL_PREFIX)}
    missing, source = _check_names(used)
    assert not missing, f"not in {source}: " + ", ".join(missing)


def test_every_nccl_name_gradlib_uses_exists():
    """CuPy defines its NCCL names only once it has loaded libnccl (nvidia-nccl-cu12 from the extras)."""
    used = {name: where for name, where in cupy_names_gradlib_uses().items() if name.startswith(NCCL_PREFIX)}
    assert len(used) > 15, used
    if _real_cupy() is not None and not _nccl_module().available:
        pytest.skip("CuPy cannot load libnccl here: NCCL=1 ci/cupy-wheel.sh also installs nvidia-nccl-cu12")
    missing, source = _check_names(used)
    assert not missing, f"not in {source}: " + ", ".join(missing)


def _nccl_module():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nccl library could not be loaded" without nvidia-nccl-cu12
        from cupy.cuda import nccl
    return nccl


def _recorded_names():
    """Every dotted name ``cupy_names.json`` (recorded from the real wheel) says exists: module members,
    NCCL constants and communicator methods, and members of cupy.ndarray, the cuda classes, the random
    Generator and XORWOW."""
    data = json.loads(RECORDED_NAMES.read_text())
    names = set()
    for module, members in data["modules"].items():
        names.add(module)
        names.update(f"{module}.{member}" for member in members)
    nccl = data["nccl"]
    names.update(f"cupy.cuda.nccl.{name}" for name in ["NcclCommunicator", "get_unique_id", "available"]
                 + list(nccl["constants"]))
    names.update(f"cupy.cuda.nccl.NcclCommunicator.{method}" for method in nccl["methods"])
    for owner, members in data["cuda_classes"].items():
        names.update(f"cupy.cuda.{owner}.{member}" for member in members)
    names.update(f"cupy.ndarray.{member}" for member in data["ndarray"])
    names.update(f"cupy.random.Generator.{member}" for member in data["generator"])
    names.update(f"cupy.random.XORWOW.{member}" for member in data["xorwow"]["attributes"])
    return names


# ----- with the real CuPy installed (ci/cupy-wheel.sh); skipped otherwise -------------------------------------
def _needs_real_cupy_without_gpu():
    cupy = _real_cupy()
    if cupy is None:
        if os.environ.get("GRADLIB_REQUIRE_REAL_CUPY"):
            pytest.fail("GRADLIB_REQUIRE_REAL_CUPY is set, but the real CuPy does not import")
        pytest.skip("needs the real CuPy installed (ci/cupy-wheel.sh installs cupy-cuda12x 14.2.0)")
    if gradlib.cuda.is_available():
        pytest.skip("this machine has a usable GPU: the no-GPU error path cannot be seen here")
    return cupy


def test_cupy_without_gpu_says_why_and_how_to_install():
    cupy = _needs_real_cupy_without_gpu()
    with pytest.raises(Exception) as raw:
        cupy.cuda.runtime.getDeviceCount()  # what gradlib must not let through (what tests/broken_cupy.py fakes)
    assert type(raw.value).__name__ == "CUDARuntimeError" and str(raw.value).startswith("cudaError"), raw.value
    assert gradlib.cuda.is_available() is False and gradlib.cuda.device_count() == 0
    for attempt in (lambda: gradlib.zeros(2, device="cuda"), lambda: gradlib.ones(2).cuda(),
                    gradlib.cuda.current_device, gradlib.cuda.synchronize):
        with pytest.raises(RuntimeError) as caught:
            attempt()
        assert type(caught.value) is RuntimeError, type(caught.value)
        message = str(caught.value)
        assert message.startswith("gradlib cannot use CUDA") and "pip install 'gradlib[cuda12]'" in message
        assert f"(CuPy says: {raw.value})" in message, message


def test_nccl_module_as_gradlib_expects_it():
    """``available`` says whether libnccl loaded; the constants gradlib maps dtypes and ops to (the NCCL
    API's values); without a GPU, init_process_group('nccl') gives the install hint first."""
    _needs_real_cupy_without_gpu()
    nccl = _nccl_module()
    assert isinstance(nccl.available, bool)
    assert gradlib.distributed.is_nccl_available() is nccl.available
    with pytest.raises(RuntimeError) as caught:
        gradlib.distributed.init_process_group("nccl")
    assert str(caught.value).startswith("gradlib cannot use CUDA"), caught.value
    if not nccl.available:
        pytest.skip("CuPy cannot load libnccl here: NCCL=1 ci/cupy-wheel.sh also installs nvidia-nccl-cu12")
    constants = {"NCCL_INT8": 0, "NCCL_UINT8": 1, "NCCL_INT32": 2, "NCCL_INT64": 4, "NCCL_FLOAT16": 6,
                 "NCCL_FLOAT32": 7, "NCCL_FLOAT64": 8, "NCCL_SUM": 0, "NCCL_PROD": 1, "NCCL_MAX": 2, "NCCL_MIN": 3}
    assert {name: getattr(nccl, name) for name in constants} == constants


# Members of objects gradlib gets back from calls (devices, streams, events, memory pointers).
MEMBERS = (("cupy.cuda.Device", "use"), ("cupy.cuda.Stream", "record"), ("cupy.cuda.Stream", "synchronize"),
           ("cupy.cuda.Event", "done"), ("cupy.ndarray", "data"))


def test_assumptions_about_cupy_objects():
    """What gradlib's code relies on beyond names: XORWOW's ``state`` is a method (the cuRAND states live in
    ``_state``, an int8 device array; checked in cupy/random/_bit_generator.pyx v14.2.0, since no generator can
    be made without a GPU), so gradlib saves ``_state`` rather than ``state``; erf has no float16 loop of its
    own (``e->d``): float16 input gives float64, which gradlib must cast back (audit finding D4). Checked on the
    real CuPy when installed, else in what was recorded from it."""
    cupy = _real_cupy()
    if cupy is None and not os.environ.get("GRADLIB_REQUIRE_REAL_CUPY") and RECORDED_NAMES.exists():
        data = json.loads(RECORDED_NAMES.read_text())
        assert data["xorwow"]["state_is_method"] is True
        assert data["erf_types"] == ["e->d", "f->f", "d->d"], data["erf_types"]
        recorded = _recorded_names()
        assert [f"{owner}.{member}" for owner, member in MEMBERS if f"{owner}.{member}" not in recorded] == []
        assert "cupy.cuda.MemoryPointer" in recorded
        return
    cupy = _needs_real_cupy_without_gpu()
    from cupy_backends.cuda.api.runtime import CUDARuntimeError
    from cupyx.scipy.special import erf
    state = inspect.getattr_static(cupy.random.XORWOW, "state")
    assert callable(state) and not inspect.isdatadescriptor(state), type(state)
    assert erf.types == ["e->d", "f->f", "d->d"], erf.types
    assert issubclass(CUDARuntimeError, RuntimeError)  # so only its message tells it from gradlib's error
    for owner, member in MEMBERS + (("cupy.cuda.Stream.null", "ptr"), ("cupy.cuda.MemoryPointer", "ptr")):
        assert hasattr(_resolve(owner), member), f"{owner}.{member}"


def test_gpu_extras_bring_cupy_14_with_its_cuda_libraries_and_nccl():
    """A fresh GPU machine has no CUDA toolkit: CuPy 14's ``[ctk]`` extra brings NVRTC, cuBLAS, cuRAND and
    cuSOLVER as wheels (CuPy 13 has no such extra, and promotes Python scalars by value), and NCCL is a separate
    wheel. The NCCL hint names the same packages and bounds as the extras."""
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")
    from gradlib.distributed import nccl_backend
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for cuda in ("12", "13"):
        requirements = extras[f"cuda{cuda}"]
        assert f"cupy-cuda{cuda}x[ctk]>=14" in requirements
        nccl = [r for r in requirements if r.startswith(f"nvidia-nccl-cu{cuda}")]
        assert len(nccl) == 1
        package = nccl[0].split(";")[0].strip()
        assert f"'{package}'" in nccl_backend.NCCL_MISSING
