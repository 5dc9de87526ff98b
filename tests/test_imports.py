"""Every gradlib module imports on its own in a fresh interpreter (whatever is imported first).

gradlib's layers know each other across one seam (Tensor methods call ops; ops build Tensors): modules import
each other as *modules* at the top and look names up when called, so no import order can hit a partially
initialized module. This test imports each module first, with nothing of gradlib loaded before it.

Python imports a package before any of its modules, so importing ``gradlib.x.y`` first runs ``gradlib/__init__``
to its end and then finds ``gradlib.x.y`` loaded, if ``__init__`` reached it: for every such module the fresh
import is the same run as ``import gradlib``. The script makes that run once, and a fresh one for each module that
``import gradlib`` does not load (the runner, the optional tools).
"""
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "gradlib"

SCRIPT = """
import importlib, sys, traceback
failed = []
names = sys.argv[1:]
after_package = set()
for position, name in enumerate(["gradlib", *names]):
    if position and name in after_package:
        continue  # the run for "gradlib" above was this module's fresh import
    for loaded in [m for m in sys.modules if m == "gradlib" or m.startswith("gradlib.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        if getattr(error, "name", None) in ("cupy", "mpi4py", "scipy", "matplotlib", "graphviz", "safetensors",
                                                 "tensorboard"):
            continue  # an optional third-party package that is not installed
        failed.append(name + ": " + traceback.format_exc().strip().splitlines()[-1])
    except Exception:
        failed.append(name + ": " + traceback.format_exc().strip().splitlines()[-1])
    if not position:
        after_package = {m for m in sys.modules if m == "gradlib" or m.startswith("gradlib.")}
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def module_names():
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_module_names_cover_the_package():
    names = module_names()
    assert "gradlib" in names and "gradlib._tensor" in names and "gradlib.ops._op" in names
    assert len(names) > 60


@pytest.mark.cpu_only(reason="importing does not depend on the device under test: the CPU pass runs it once")
def test_every_module_imports_first_in_a_fresh_interpreter():
    result = subprocess.run([sys.executable, "-c", SCRIPT, *module_names()], capture_output=True, text=True,
                            cwd=PACKAGE.parent, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
