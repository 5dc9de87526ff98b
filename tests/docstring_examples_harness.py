"""Run one harvested docstring example block the way PyTorch's doctests run it, and say what it printed.

A block is the list of ``>>>`` examples of one docstring (tools/docstring_examples.py harvests them from PyTorch
2.13). Like ``doctest`` (and PyTorch's ``xdoctest`` run, whose global setup is ``import torch``,
``from torch import nn``, ``import torch.nn.functional as F``), each example is compiled in 'single' mode, so an
expression statement prints its ``repr``; an example whose docstring shows a traceback prints one line
``Traceback: <ExceptionClass>`` and the block goes on. Besides torch, nn and F the block sees the public names of
its area's module (``Normal`` in a torch.distributions docstring, ``StepLR`` in torch.optim.lr_scheduler's).

The same code runs the block under the real torch (the recorder, tests/reference/docstring_examples.py) and under
gradlib (tests/test_docstring_examples.py, tools/docstring_examples.py), where ``import torch`` is gradlib's
runner mapping (gradlib.run). Nothing here imports torch: ``importer`` is ``importlib.import_module``, called
after the runner's hook is installed when the block runs on gradlib.
"""
import ast
import builtins
import contextlib
import io
import os
import sys
import tempfile

#: area -> the module whose public names a block of that area sees (besides torch, nn, F)
AREA_MODULES = {
    "torch": "torch", "Tensor": "torch", "nn": "torch.nn", "nn.functional": "torch.nn.functional",
    "optim": "torch.optim", "optim.lr_scheduler": "torch.optim.lr_scheduler", "utils.data": "torch.utils.data",
    "autograd": "torch.autograd", "autograd.functional": "torch.autograd.functional",
    "autograd.forward_ad": "torch.autograd.forward_ad", "autograd.graph": "torch.autograd.graph",
    "linalg": "torch.linalg", "special": "torch.special", "distributions": "torch.distributions",
    "func": "torch.func", "nn.init": "torch.nn.init", "nn.utils": "torch.nn.utils", "nn.utils.rnn": "torch.nn.utils.rnn",
    "nn.utils.parametrize": "torch.nn.utils.parametrize", "optim.swa_utils": "torch.optim.swa_utils",
}


def namespace(importer, area):
    """The globals a block of ``area`` starts with."""
    torch = importer("torch")
    scope = {"torch": torch, "nn": importer("torch.nn"), "F": importer("torch.nn.functional"),
             "__name__": "__main__", "__builtins__": builtins}
    home = importer(AREA_MODULES[area])
    if home is not torch:
        for name in getattr(home, "__all__", None) or [n for n in dir(home) if not n.startswith("_")]:
            if hasattr(home, name):
                scope.setdefault(name, getattr(home, name))
    return scope


def _display(value):
    if value is not None:
        builtins._ = value
        print(repr(value))


#: names PyTorch's optimizer and scheduler docstrings leave to the reader (``model``, ``optimizer``, ``train(...)``,
#: ``validate(...)``), and a last line that prints the learning rates the block left, so the block says something
SCAFFOLDS = {
    area: ("import math\nmodel = nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
           "def train(*args, **kwargs):\n    optimizer.step()\n"
           "def validate(*args, **kwargs):\n    return 1.0\n",
           "print([group['lr'] for group in optimizer.param_groups])\n")
    for area in ("optim", "optim.lr_scheduler", "optim.swa_utils")
}
#: modules a docstring example uses without importing them
PRELUDE = "import math\nimport io\nimport itertools\nimport numpy\nimport numpy as np\n"


def _statements(examples):
    """The examples' text as one program (PyTorch writes a loop's body with ``>>>`` too, as xdoctest allows), and
    for each top-level statement the compiled code and whether its docstring shows it raising."""
    text, raising_lines = "", set()
    for example in examples:
        first = text.count("\n") + 1
        text += example["source"] if example["source"].endswith("\n") else example["source"] + "\n"
        if example.get("raises"):
            raising_lines.update(range(first, text.count("\n") + 1))
    tree = ast.parse(text)
    return [(compile(ast.Interactive(body=[node]), "<docstring example>", "single"), node.lineno in raising_lines)
            for node in tree.body]


def run_block(importer, area, examples):
    """Run ``examples`` ([{'source': str, 'raises': bool}]) in a fresh scope inside a temporary directory; return
    the printed text. An example that raises where its docstring shows no traceback stops the block: the
    exception propagates, the output so far in its ``printed`` attribute."""
    scope = namespace(importer, area)
    prelude, epilogue = SCAFFOLDS.get(area, ("", ""))
    exec(PRELUDE + prelude, scope)
    statements = _statements(examples + ([{"source": epilogue}] if epilogue else []))
    output = io.StringIO()
    saved_hook, saved_cwd = sys.displayhook, os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        sys.displayhook = _display
        try:
            with contextlib.redirect_stdout(output):
                for code, raises in statements:
                    try:
                        exec(code, scope)
                    except Exception as error:
                        if not raises:
                            error.printed = output.getvalue()
                            raise
                        print(f"Traceback: {type(error).__name__}")
        finally:
            sys.displayhook = saved_hook
            os.chdir(saved_cwd)
    return output.getvalue()


def reset(torch, device=None):
    """Put back the process-wide settings a block may change (default dtype and device, print options, grad mode,
    determinism), on torch or on gradlib; ``device`` is the default device to restore."""
    torch.set_default_dtype(torch.float32)
    torch.set_printoptions(profile="default")
    torch.set_grad_enabled(True)
    torch.use_deterministic_algorithms(False)
    if hasattr(torch, "set_default_device"):
        torch.set_default_device(device)
