"""Run an unchanged PyTorch program on gradlib: ``python -m gradlib.run script.py [args]``.

The program's ``import torch``, ``import torch.nn as nn``, ``import torch.nn.functional as F``,
``from torch.utils.data import DataLoader`` ... get gradlib's modules (``gradlib``, ``gradlib.nn``,
``gradlib.nn.functional``, ``gradlib.utils.data``). The mapping is an import hook (a finder placed first on
``sys.meta_path``) installed for this process only: no ``torch`` package is put on ``sys.path``, and a real
PyTorch installation, if there is one, is never searched, imported or read. A torch submodule that gradlib does not
provide raises ``ModuleNotFoundError`` (an ``ImportError``) naming it, and so do PyTorch's extension packages
(``torchvision``, ``torchaudio``, ...), which would need the real ``torch``.

Forms (as ``python`` itself)::

    python -m gradlib.run script.py [args]      # sys.argv == ['script.py', *args], sys.path[0] = its directory
    python -m gradlib.run -m package.module [args]
    python -m gradlib.run -c "import torch; print(torch.ones(2))" [args]

Inside the program ``__name__ == '__main__'``; exceptions and ``sys.exit`` behave as under ``python``, and the reprs
that mirror PyTorch's text name ``torch`` (``torch.Size([2])``; gradlib/_public_name.py).

>>> import subprocess, sys
>>> code = "import torch.nn.functional as F, torch; print(F.relu(torch.tensor([-1., 2.])))"
>>> print(subprocess.run([sys.executable, "-m", "gradlib.run", "-c", code],
...                      capture_output=True, text=True).stdout, end="")
tensor([0., 2.])
"""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import runpy
import sys
import types

from . import _public_name

__all__ = ["TorchFinder", "install", "uninstall", "run_program", "main"]

#: Packages built on the real PyTorch (they import ``torch._C`` and its compiled kernels): refused by name.
EXTENSION_PACKAGES = ("functorch", "torchvision", "torchaudio", "torchtext", "torchdata", "torchgen", "triton")

_USAGE = "usage: python -m gradlib.run script.py [args] | -m module [args] | -c command [args]"


def _missing(fullname, why="this program runs on gradlib in place of PyTorch"):
    return ModuleNotFoundError(f"gradlib.run: {fullname} is not provided by gradlib ({why}; see the README's "
                               f"'Running PyTorch programs' for what the runner does not cover)")


#: (gradlib parent module, attribute name, value before) for every torch submodule handed out: Python's import
#: system sets ``parent.child = module`` after an import (so ``torch.utils.checkpoint`` becomes the module, as in
#: PyTorch); ``uninstall`` puts the old value back (``gradlib.utils.checkpoint`` is also a function).
_PARENT_ATTRIBUTES = []
_NOTHING = object()


class _TorchModule(types.ModuleType):
    """The program's ``torch``: gradlib's top-level module seen through one difference, ``__version__``.

    Every attribute is read from and written to ``gradlib`` itself (``torch.nn is gradlib.nn``; a program that
    sets ``torch.x = ...`` sets ``gradlib.x``), except ``__name__`` ('torch') and ``__version__``, which reads
    ``gradlib.version.__version__``: the PyTorch release gradlib mirrors with gradlib's version as its local label
    (``2.13.0+gradlib.0.1.0``), so programs that gate on ``torch.__version__ >= "2.0"`` take PyTorch 2's branch
    while ``gradlib.__version__`` stays gradlib's own.
    """

    def __init__(self, gradlib_module):
        super().__init__("torch", gradlib_module.__doc__)
        self.__dict__["_gradlib_module"] = gradlib_module
        self.__dict__["__version__"] = gradlib_module.version.__version__

    def __getattr__(self, name):
        module = self.__dict__["_gradlib_module"]
        if name == "__all__" and not hasattr(module, "__all__"):  # ``from torch import *``: gradlib's public names
            return [public for public in vars(module) if not public.startswith("_")]
        return getattr(module, name)

    def __setattr__(self, name, value):
        setattr(self.__dict__["_gradlib_module"], name, value)

    def __delattr__(self, name):
        delattr(self.__dict__["_gradlib_module"], name)

    def __dir__(self):
        return dir(self.__dict__["_gradlib_module"])


def _is_gradlib(module):
    return getattr(module, "__name__", "").startswith("gradlib") or isinstance(module, _TorchModule)


class _AliasLoader(importlib.abc.Loader):
    """Hands out an already imported gradlib module under its torch name (the same object, not a copy; for the
    top-level ``torch``, a ``_TorchModule`` that reads and writes gradlib's attributes)."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        parent_name, _, child = spec.name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent is not None:
            _PARENT_ATTRIBUTES.append((parent, child, getattr(parent, child, _NOTHING)))
        if not hasattr(self.module, "__path__"):
            # Python refuses ``import torch.cuda.amp`` when torch.cuda is not a package, before asking any
            # finder; so a plain module's submodule objects (gradlib.cuda.amp) get their torch names here
            prefix = self.module.__name__ + "."
            for name, value in vars(self.module).items():
                if isinstance(value, types.ModuleType) and value.__name__.startswith(prefix):
                    sys.modules.setdefault(f"{spec.name}.{name}", value)
        if spec.name == "torch":
            return _TorchModule(self.module)
        return self.module

    def exec_module(self, module):
        pass  # gradlib's module is already initialized


class TorchFinder(importlib.abc.MetaPathFinder):
    """A ``sys.meta_path`` finder that answers every ``torch`` / ``torch.*`` import with gradlib's module.

    ``torch.a.b`` is ``gradlib.a.b``: a gradlib submodule, or a module object that is an attribute of its parent
    (``torch.nn.utils.rnn`` when ``gradlib.nn.utils`` holds ``rnn``). Anything else raises ``ModuleNotFoundError``
    naming it. Since this finder is asked first, Python's path finders never look for ``torch`` on ``sys.path``.
    """

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top in EXTENSION_PACKAGES:
            raise _missing(fullname, "it is built on PyTorch's compiled library, which gradlib does not replace")
        if top != "torch":
            return None
        module = self._gradlib_module(fullname)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module),
                                              is_package=hasattr(module, "__path__"))

    @staticmethod
    def _gradlib_module(fullname):
        name = "gradlib" + fullname[len("torch"):]
        module = sys.modules.get(name)
        if module is not None:
            return module
        parent_name, _, child = name.rpartition(".")
        if parent_name:
            parent = importlib.import_module(parent_name)  # torch.x.y: torch.x was imported just before
            attribute = getattr(parent, child, None)
            if isinstance(attribute, types.ModuleType):
                return attribute
            if not hasattr(parent, "__path__"):
                raise _missing(fullname)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            raise _missing(fullname)
        return importlib.import_module(name)


_FINDER = TorchFinder()


def install():
    """Put the torch -> gradlib finder first on ``sys.meta_path`` (idempotent).

    A ``torch`` module imported before (the real PyTorch) is refused: the hook must be installed first.
    """
    loaded = [name for name in sys.modules
              if name.partition(".")[0] in ("torch",) + EXTENSION_PACKAGES
              and not _is_gradlib(sys.modules[name])]
    if loaded:
        raise RuntimeError(f"gradlib.run: the real {loaded[0]} is already imported in this process; install the "
                           f"hook before anything imports torch")
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    _public_name.set_name("torch")  # the program's torch prints as PyTorch: torch.Size([2]), torch.float32


def uninstall():
    """Remove the finder and the ``torch`` names it added to ``sys.modules``."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    _public_name.set_name("gradlib")
    for name in [name for name in sys.modules if name == "torch" or name.startswith("torch.")]:
        del sys.modules[name]
    while _PARENT_ATTRIBUTES:
        parent, child, before = _PARENT_ATTRIBUTES.pop()
        if before is _NOTHING:
            if child in vars(parent):
                delattr(parent, child)
        else:
            setattr(parent, child, before)


def run_program(path, args=()):
    """Run the PyTorch program at ``path`` in this process with torch mapped to gradlib, as ``main`` does, then
    restore ``sys.argv``, ``sys.path[0]`` and ``sys.modules`` and remove the hook (if it was not installed before).
    Returns the program's globals. For tests and notebooks; the command line is ``main``.
    """
    was_installed = _FINDER in sys.meta_path
    saved_argv, saved_path0 = sys.argv, sys.path[0]
    install()
    try:
        sys.argv = [str(path), *args]
        sys.path[0] = _script_directory(path)
        return runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = saved_argv
        sys.path[0] = saved_path0
        if not was_installed:
            uninstall()


def _script_directory(path):
    # As `python script.py`: the directory of the script, symbolic links resolved.
    return os.path.dirname(os.path.realpath(path))


def main(argv=None):
    """Run a program as ``python`` would, with torch mapped to gradlib. Returns nothing; exits like the program."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_USAGE, file=sys.stderr if not argv else sys.stdout)
        raise SystemExit(2 if not argv else 0)
    install()
    if argv[0] == "-m":
        if len(argv) < 2:
            raise SystemExit(_USAGE)
        sys.argv = [argv[1]] + argv[2:]  # runpy replaces argv[0] by the module's file
        sys.path[0] = os.getcwd()
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    elif argv[0] == "-c":
        if len(argv) < 2:
            raise SystemExit(_USAGE)
        sys.argv = ["-c"] + argv[2:]
        sys.path[0] = ""
        main_module = types.ModuleType("__main__")
        sys.modules["__main__"] = main_module
        exec(compile(argv[1], "<string>", "exec"), main_module.__dict__)
    else:
        script = argv[0]
        sys.argv = argv
        sys.path[0] = _script_directory(script)
        runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
