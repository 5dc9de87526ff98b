"""``python -m gradlib.run``: unchanged PyTorch programs import gradlib's modules as ``torch``, in a subprocess each.

With PyTorch installed (the interpreter at $GRADLIB_TORCH_PYTHON, default /tmp/benchvenv/bin/python, when it
exists), the same program must still run on gradlib: no module of the real torch may be imported (every entry of
``sys.modules`` is checked by its ``__file__``).
"""
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
TORCH_PYTHON = os.environ.get("GRADLIB_TORCH_PYTHON", "/tmp/benchvenv/bin/python")

PROGRAM = """\
import sys
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset
from torch.optim.lr_scheduler import StepLR
from torch import autograd

print("argv", sys.argv[1:])
print("path0", sys.path[0])
print("name", __name__)
x = torch.linspace(-1, 1, 8).reshape(8, 1)
y = 3 * x + 1
model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.5)
    model.bias.zero_()
opt = optim.SGD(model.parameters(), lr=0.2)
sched = StepLR(opt, step_size=100)
for epoch in range(3):
    for xb, yb in DataLoader(TensorDataset(x, y), batch_size=4):
        opt.zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        opt.step()
    sched.step()
print("loss", round(loss.item(), 4))
print("same", torch.ones is sys.modules["gradlib"].ones and torch.__name__ == "torch", nn is sys.modules["gradlib.nn"], F is sys.modules["gradlib.nn.functional"])
print("grad", autograd.grad(x.sum() * 0 + (model.weight ** 2).sum(), model.weight)[0])
real = sorted(name for name, module in list(sys.modules.items())
              if "site-packages/torch" in str(getattr(module, "__file__", None) or "").replace(os.sep, "/"))
print("real torch modules", real)
"""


def _run(python, args, cwd, env_extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(env_extra or {})
    return subprocess.run([python, "-m", "gradlib.run", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def _write(directory, name, text):
    path = directory / name
    path.write_text(textwrap.dedent(text))
    return path


def _interpreters():
    found = [pytest.param(sys.executable, id="without-torch")]
    have_torch = os.path.exists(TORCH_PYTHON)
    found.append(pytest.param(TORCH_PYTHON, id="with-torch", marks=pytest.mark.skipif(
        not have_torch, reason=f"no Python with PyTorch at {TORCH_PYTHON} ($GRADLIB_TORCH_PYTHON)")))
    return found


@pytest.mark.parametrize("python", _interpreters())
def test_program_with_torch_imports_runs_on_gradlib(python, tmp_path, device):
    script = _write(tmp_path, "train.py", "import os\n" + PROGRAM)
    result = _run(python, [str(script), "--epochs", "3"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "argv ['--epochs', '3']"
    assert lines[1] == f"path0 {os.path.realpath(tmp_path)}"  # as `python train.py`: the script's directory
    assert lines[2] == "name __main__"
    assert lines[3].startswith("loss ")
    assert lines[4] == "same True True True"
    assert lines[5].startswith("grad tensor([[")
    assert lines[6] == "real torch modules []"


def test_real_torch_is_importable_without_the_runner():
    """The check above can fail: the same interpreter imports the real torch when run without the runner."""
    if not os.path.exists(TORCH_PYTHON):
        pytest.skip(f"no Python with PyTorch at {TORCH_PYTHON}")
    code = "import torch, sys; print(torch.__file__)"
    result = subprocess.run([TORCH_PYTHON, "-c", code], capture_output=True, text=True, timeout=120)
    assert "site-packages/torch" in result.stdout.replace(os.sep, "/")


@pytest.mark.parametrize("python", _interpreters())
def test_missing_submodule_names_itself(python, tmp_path):
    script = _write(tmp_path, "onnx.py", """\
        import torch
        import torch.onnx
        """)
    result = _run(python, [str(script)], cwd=tmp_path)
    assert result.returncode == 1
    assert "ModuleNotFoundError: gradlib.run: torch.onnx is not provided by gradlib" in result.stderr
    assert "site-packages/torch" not in result.stderr


@pytest.mark.parametrize("python", _interpreters())
def test_extension_packages_are_refused(python, tmp_path):
    script = _write(tmp_path, "vision.py", """\
        try:
            import torchvision
        except ImportError as error:
            print(type(error).__name__ + ":", error)
        import sys
        print(sorted(name for name in sys.modules if name.startswith(("torch", "functorch"))))
        """)
    result = _run(python, [str(script)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first.startswith("ModuleNotFoundError: gradlib.run: torchvision is not provided by gradlib")
    assert second == "[]"


def test_exceptions_and_exit_codes_pass_through(tmp_path):
    failing = _write(tmp_path, "fail.py", "import torch\nraise ValueError('boom')\n")
    result = _run(sys.executable, [str(failing)], cwd=tmp_path)
    assert result.returncode == 1 and "ValueError: boom" in result.stderr
    exiting = _write(tmp_path, "exit.py", "import sys\nsys.exit(3)\n")
    assert _run(sys.executable, [str(exiting)], cwd=tmp_path).returncode == 3


def test_module_and_command_forms(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    _write(package, "__init__.py", "")
    _write(package, "helper.py", "VALUE = 2\n")
    _write(package, "main.py", """\
        import sys
        import torch.nn.functional as F
        import torch
        from pkg.helper import VALUE
        print(__name__, sys.argv[1:], F.softplus(torch.zeros(1)) * VALUE)
        """)
    result = _run(sys.executable, ["-m", "pkg.main", "a"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "__main__ ['a'] tensor([1.3863])\n"
    result = _run(sys.executable, ["-c", "import sys, torch; print(sys.argv, torch.ones(1))", "b"], cwd=tmp_path)
    assert result.stdout == "['-c', 'b'] tensor([1.])\n"


def test_script_imports_its_own_directory(tmp_path):
    _write(tmp_path, "mymodel.py", "import torch.nn as nn\nNet = lambda: nn.Sequential(nn.Linear(2, 1))\n")
    script = _write(tmp_path, "main.py", "from mymodel import Net\nprint(Net())\n")
    result = _run(sys.executable, [str(script)], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Sequential("


def test_usage_without_arguments():
    result = _run(sys.executable, [], cwd=ROOT)
    assert result.returncode == 2 and "usage: python -m gradlib.run" in result.stderr


def test_install_refuses_a_real_torch_already_imported():
    code = ("import sys, types; sys.modules['torch'] = types.ModuleType('torch'); import gradlib.run\n"
            "try:\n    gradlib.run.install()\nexcept RuntimeError as e:\n    print(e)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "the real torch is already imported" in result.stdout


def test_hook_is_for_that_process_only():
    # Importing gradlib (or gradlib.run) maps nothing: only running a program through the runner does.
    code = "import gradlib.run\ntry:\n    import torch\n    print(torch.__name__)\nexcept ImportError:\n    print('none')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() in ("none", "torch")


def test_device_selection_idioms_run(tmp_path):
    script = _write(tmp_path, "pick_device.py", """\
        import torch
        import torch.backends.cudnn as cudnn
        torch.backends.cudnn.benchmark = True
        cudnn.deterministic = True
        device = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
        print(torch.backends.mps.is_available(), torch.backends.cudnn.is_available(), device in ("cuda", "cpu"))
        """)
    result = _run(sys.executable, [str(script)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "False False True\n"


def test_the_submodules_the_readme_names_import(tmp_path):
    names = ["torch.nn", "torch.nn.functional", "torch.nn.init", "torch.optim", "torch.optim.lr_scheduler",
             "torch.utils.data", "torch.utils.checkpoint", "torch.autograd", "torch.autograd.functional",
             "torch.linalg", "torch.special", "torch.cuda", "torch.accelerator", "torch.distributed",
             "torch.backends.cudnn", "torch.backends.mps", "torch.amp", "torch.cuda.amp", "torch.cpu.amp",
             "torch.func", "torch.testing", "torch.autograd.forward_ad", "torch.distributions",
             "torch.nn.utils.prune", "torch.nn.utils.parametrize", "torch.nn.utils.parametrizations"]
    script = _write(tmp_path, "imports.py", "import importlib\n"
                    f"for name in {names!r}:\n"
                    "    module = importlib.import_module(name)\n"
                    "    print(name, module.__name__)\n")
    result = _run(sys.executable, [str(script)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{name} gradlib{name[len('torch'):]}" for name in names]


def test_checkpoint_spellings_of_tutorials(tmp_path):
    # torch.utils.checkpoint is a module (as in PyTorch), reached by attribute and by both import forms
    script = _write(tmp_path, "ckpt.py", """\
        import torch
        import torch.utils.checkpoint
        from torch.utils import checkpoint as module
        from torch.utils.checkpoint import checkpoint, checkpoint_sequential
        x = torch.tensor([0.5, -1.0], requires_grad=True)
        torch.utils.checkpoint.checkpoint(torch.tanh, x, use_reentrant=False).sum().backward()
        print(module.checkpoint is checkpoint, callable(checkpoint_sequential), x.grad)
        """)
    result = _run(sys.executable, [str(script)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "True True tensor([0.7864, 0.4200])\n"


def test_reprs_name_torch_under_the_runner_and_gradlib_after(tmp_path):
    # Text a program slices or compares is PyTorch's: the runner's torch prints as torch, not as gradlib.
    script = _write(tmp_path, "names.py", """\
        import torch
        x = torch.zeros(2, 3)
        print(x.shape, x.dtype, x.layout, str(x.dtype) == "torch.float32")
        print(repr(x.max(dim=1)).splitlines()[0])
        try:
            torch.cat([])
        except ValueError as error:
            print(str(error)[:10])
        """)
    result = _run(sys.executable, [str(script)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("torch.Size([2, 3]) torch.float32 torch.strided True\n"
                             "torch.return_types.max(\ntorch.cat(\n")
    import gradlib
    import gradlib.run
    gradlib.run.run_program(script)
    assert repr(gradlib.zeros(2).shape) == "gradlib.Size([2])" and repr(gradlib.float32) == "gradlib.float32"
