"""``gradlib.fx`` (issue 15, fx10): symbolic tracing, the generated code and graph text, graph edits, Interpreter
and Transformer against PyTorch's record (tests/reference/fx10.py, torch_fx10.json), and what cannot be recorded:
modules on the device under test, the runner's ``import torch.fx``, ``print_tabular`` without ``tabulate``."""
import json
import pathlib
import subprocess
import sys
import warnings

import pytest

import gradlib
from reference import fx10

REFERENCE = pathlib.Path(__file__).parent / "reference"
RECORDED = json.loads((REFERENCE / "torch_fx10.json").read_text())


@pytest.mark.parametrize("name", sorted(fx10.CASES))
def test_matches_pytorch(name):
    """Code and graph text, node fields, results, errors of each case (on the CPU, as recorded)."""
    with gradlib.device("cpu"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert fx10.observe(gradlib, name) == RECORDED[name]


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(fx10.CASES)


class Net(gradlib.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = gradlib.nn.Conv2d(3, 4, 3, padding=1)
        self.bn = gradlib.nn.BatchNorm2d(4)
        self.fc = gradlib.nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        y = gradlib.relu(self.bn(self.conv(x)))
        return self.fc(gradlib.flatten(y, 1)) + y.mean()


def test_traced_module_on_the_device(device):
    """The traced module runs on the device, gives the module's values and gradients, and trains its parameters
    (the same objects as the original's)."""
    gradlib.manual_seed(0)
    net = Net().to(device)
    gm = gradlib.fx.symbolic_trace(net)
    x = gradlib.randn(2, 3, 4, 4, device=device)
    out = gm(x)
    assert out.device == x.device
    assert gradlib.allclose(out, net(x))
    out.sum().backward()
    grad = net.conv.weight.grad.clone()
    net.zero_grad()
    net(x).sum().backward()
    assert gradlib.allclose(grad, net.conv.weight.grad)
    assert gm.fc.weight is net.fc.weight and gm.fc.weight.device == x.device


def test_interpreter_and_transformer_on_the_device(device):
    gradlib.manual_seed(0)
    net = Net().to(device).eval()
    gm = gradlib.fx.symbolic_trace(net)
    x = gradlib.randn(2, 3, 4, 4, device=device)
    assert gradlib.allclose(gradlib.fx.Interpreter(gm).run(x), net(x))
    assert gradlib.allclose(gradlib.fx.Transformer(gm).transform()(x), net(x))


def test_gradcheck_through_traced_function():
    """A traced function is differentiable as the original (double precision gradcheck and gradgradcheck)."""
    def f(x, y):
        return gradlib.sigmoid(x) * y + (x * y).relu().sum(dim=1, keepdim=True)

    gm = gradlib.fx.symbolic_trace(f)
    x = gradlib.tensor([[0.3, -0.2, 0.1], [1.5, -2.0, 0.7]], dtype=gradlib.float64, requires_grad=True)
    y = gradlib.tensor([[1.0, 0.5, -0.3], [0.2, 0.4, 2.0]], dtype=gradlib.float64, requires_grad=True)
    assert gradlib.autograd.gradcheck(gm, (x, y))
    assert gradlib.autograd.gradgradcheck(gm, (x, y))


def test_tracing_leaves_modules_unpatched():
    """Module.__call__/__getattr__ and wrapped globals are restored after a trace, also one that fails."""
    call, getattr_ = gradlib.nn.Module.__call__, gradlib.nn.Module.__getattr__

    def bad(x):
        if x.sum() > 0:
            return x
        return x

    with pytest.raises(gradlib.fx.proxy.TraceError):
        gradlib.fx.symbolic_trace(bad)
    assert gradlib.nn.Module.__call__ is call and gradlib.nn.Module.__getattr__ is getattr_
    assert not gradlib.fx.is_fx_tracing()


def test_print_tabular_needs_tabulate(capsys):
    """PyTorch's message and ImportError without the optional ``tabulate`` package (the ``fx`` extra)."""
    graph = gradlib.fx.symbolic_trace(lambda x: x + 1).graph
    try:
        import tabulate  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError):
            graph.print_tabular()
        assert "`print_tabular` relies on the library `tabulate`" in capsys.readouterr().out
    else:
        graph.print_tabular()
        assert "opcode" in capsys.readouterr().out


def test_runner_imports_torch_fx():
    code = ("import torch, torch.fx\nfrom torch.fx import symbolic_trace\n"
            "gm = symbolic_trace(lambda x: torch.relu(x) + 1)\nprint(gm.code.strip().splitlines()[1])\n"
            "print(torch.fx is torch.fx.graph_module.__package__ and 0 or type(torch.fx).__name__)")
    result = subprocess.run([sys.executable, "-m", "gradlib.run", "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["    relu = torch.relu(x);  x = None", "module"]
