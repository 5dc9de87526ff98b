"""Every gradlib module imports on its own in a fresh interpreter (whatever is imported first).

gradlib's layers know each other across one seam (Tensor methods call ops; ops build Tensors): modules import
each other as *modules* at the top and look names up when called, so no import order can hit a partially
initialized module. This test imports each module first, with nothing of gradlib loaded before it.
"""
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "gradlib"

SCRIPT = """
import importlib, sys, traceback
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "gradlib" or m.startswith("gradlib.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        if getattr(error, "name", None) in ("cupy", "mpi4py", "scipy", "matplotlib", "graphviz", "safetensors"):
            continue  # an optional third-party package that is not installed
        failed.append(name + ": " + traceback.format_exc().strip().splitlines()[-1])
    except Exception:
        failed.append(name + ": " + traceback.format_exc().strip().splitlines()[-1])
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
