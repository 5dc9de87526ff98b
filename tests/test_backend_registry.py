"""The backend registry: one table from device type to backend class, and an interface declared in one place."""
import ast
import pathlib

import pytest

import gradlib
from gradlib import backends
from gradlib.backends.base import Backend
from gradlib.backends.cupy_backend import CupyBackend
from gradlib.backends.numpy_backend import NumpyBackend

PACKAGE = pathlib.Path(gradlib.__file__).parent


def test_device_types_come_from_the_table():
    assert backends.device_types() == tuple(backends.BACKENDS) == ("cpu", "cuda", "meta")
    with pytest.raises(RuntimeError, match="^Expected one of cpu, cuda, meta device type at start of device string: tpu$"):
        gradlib.device("tpu")


def test_every_method_callers_use_is_declared_on_the_base():
    own = {name for cls in (NumpyBackend, CupyBackend) for name, value in vars(cls).items()
           if callable(value) or isinstance(value, (staticmethod, classmethod))}
    own = {name for name in own if not name.startswith("__")}
    cuda_only = {"import_nccl"}  # the nccl distributed backend is CuPy's NCCL binding
    assert own - cuda_only <= set(dir(Backend)), sorted(own - cuda_only - set(dir(Backend)))


def test_no_array_library_is_named_outside_backends():
    """Outside ``gradlib/backends/`` code asks the registry; only the nccl backend (CuPy's NCCL binding) keeps its
    module in a variable named after it. Docstrings, comments and messages may name CuPy."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("backends/") or relative == "distributed/nccl_backend.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Name):
                names.append(node.id)
            elif isinstance(node, ast.Attribute):
                names.append(node.attr)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names += [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
            if any("cupy" in name for name in names):
                found.append(f"{relative}:{node.lineno}")
    assert not found


def test_a_registered_backend_serves_its_device_type(device, monkeypatch):
    class HostBackend(NumpyBackend):
        name = "host-copy"

    monkeypatch.setitem(backends.BACKENDS, "xla", HostBackend)
    monkeypatch.setattr(backends, "_loaded", dict(backends._loaded))
    assert "xla" in backends.device_types()
    where = gradlib.device("xla")
    monkeypatch.setattr(where, "_backend", None)
    x = gradlib.ones(3, device=where, requires_grad=True)
    assert isinstance(backends.backend_for(where), HostBackend) and x.device == where
    y = (x * 2).sum()
    y.backward()
    assert y.device == where and x.grad.device == where and x.grad.tolist() == [2.0, 2.0, 2.0]
    here = gradlib.ones(2, device=device)  # the device under test is still served by its own backend
    assert backends.backend_of_array(here._array) is backends.backend_for(gradlib.device(device))


def test_manual_seed_reaches_backends_created_later(monkeypatch):
    monkeypatch.setitem(backends.BACKENDS, "xla", NumpyBackend)
    monkeypatch.setattr(backends, "_loaded", dict(backends._loaded))
    gradlib.manual_seed(3)
    first = backends.backend_for_type("xla").generator(None).random(2)
    gradlib.manual_seed(3)
    monkeypatch.setattr(backends, "_loaded", {k: v for k, v in backends._loaded.items() if k != "xla"})
    assert (backends.backend_for_type("xla").generator(None).random(2) == first).all()


def test_a_registered_backend_makes_generators(monkeypatch):
    """gradlib.Generator serves every device type of the table, not only cpu and cuda."""
    monkeypatch.setitem(backends.BACKENDS, "xla", NumpyBackend)
    monkeypatch.setattr(backends, "_loaded", dict(backends._loaded))
    first = gradlib.Generator(device="xla").manual_seed(5)
    assert first.device == gradlib.device("xla")
    values = gradlib.rand(3, generator=first, device="xla")
    again = gradlib.rand(3, generator=gradlib.Generator(device="xla").manual_seed(5), device="xla")
    assert values.device == gradlib.device("xla") and values.tolist() == again.tolist()
