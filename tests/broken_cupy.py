"""Fake ``cupy`` modules that fail the way the real CuPy 14.2 wheel fails on a machine without a CUDA driver
(``getDeviceCount`` raises ``CUDARuntimeError``) or without libnccl (``cupy.cuda.nccl.available`` is False)."""
import sys
import types

import gradlib
from gradlib import backends


class CUDARuntimeError(RuntimeError):
    """What CuPy raises (``cupy_backends.cuda.api.runtime.CUDARuntimeError`` is a RuntimeError too)."""


CUDARuntimeError.__module__ = "cupy_backends.cuda.api.runtime"
NO_DRIVER = "cudaErrorInsufficientDriver: CUDA driver version is insufficient for CUDA runtime version"


def install(monkeypatch, device_count=None, nccl_available=True):
    """Make ``import cupy`` give a fake for this test (``monkeypatch`` undoes it) and forget gradlib's cached
    CUDA backend. ``device_count``: what ``getDeviceCount()`` returns; None makes it raise CuPy's
    no-driver error."""
    def get_device_count():
        if device_count is None:
            raise CUDARuntimeError(NO_DRIVER)
        return device_count

    cupy = types.ModuleType("cupy")
    cupy.ndarray = type("ndarray", (), {})
    cuda = types.ModuleType("cupy.cuda")
    cuda.runtime = types.SimpleNamespace(getDeviceCount=get_device_count, getDevice=lambda: 0)
    nccl = types.ModuleType("cupy.cuda.nccl")
    nccl.available = nccl_available
    cuda.nccl = nccl
    cupy.cuda = cuda
    for name, module in (("cupy", cupy), ("cupy.cuda", cuda), ("cupy.cuda.nccl", nccl),
                         ("cupyx", types.ModuleType("cupyx"))):
        monkeypatch.setitem(sys.modules, name, module)
    forget_cuda_backend(monkeypatch)


class _FailingImport:
    """A meta-path finder whose ``cupy`` raises ``error`` while importing (a broken install)."""

    def __init__(self, error):
        self.error = error

    def find_spec(self, name, path=None, target=None):
        import importlib.util
        return importlib.util.spec_from_loader(name, self) if name == "cupy" else None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        raise self.error


def install_failing_import(monkeypatch, error):
    """Make ``import cupy`` raise ``error`` for this test and forget gradlib's cached CUDA backend."""
    monkeypatch.delitem(sys.modules, "cupy", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_FailingImport(error)] + sys.meta_path)
    forget_cuda_backend(monkeypatch)


def hide(monkeypatch):
    """Make ``import cupy`` (and its submodules, even if already imported) fail for this test, as if CuPy
    were not installed, and forget gradlib's cached CUDA backend."""
    for name in list(sys.modules):
        if name.startswith(("cupy.", "cupyx.")):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "cupy", None)
    monkeypatch.setitem(sys.modules, "cupyx", None)
    forget_cuda_backend(monkeypatch)


def forget_cuda_backend(monkeypatch):
    """Make gradlib create its CUDA backend afresh in this test (``monkeypatch`` puts the old one back)."""
    monkeypatch.setattr(backends, "_loaded", {kind: made for kind, made in backends._loaded.items() if kind != "cuda"})
    for device in set(gradlib.device._interned.values()):
        if device.type == "cuda":
            monkeypatch.setattr(device, "_backend", None)
