"""``gradlib.jit`` (issue 15, jit8): script, trace, save/load, freeze and the markers against PyTorch's record
(tests/reference/jit8.py, torch_jit8.json), and what gradlib does where PyTorch cannot be compared: modules on the
device under test, the conversion warnings' lines, archives PyTorch wrote, the runner."""
import io
import json
import pathlib
import subprocess
import sys
import textwrap
import warnings

import pytest

import gradlib
from gradlib.autograd import capture
from reference import jit8

REFERENCE = pathlib.Path(__file__).parent / "reference"
RECORDED = json.loads((REFERENCE / "torch_jit8.json").read_text())


@pytest.fixture(autouse=True)
def _quiet_deprecations():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@pytest.mark.parametrize("name", sorted(jit8.CASES))
def test_matches_pytorch(name, tmp_path):
    """Types, printing, state dicts, training flags, results, errors and warnings of each case (on the CPU, as
    recorded; the tests below run on the device under test)."""
    with gradlib.device("cpu"):
        assert jit8.observe(gradlib, name, str(tmp_path)) == RECORDED[name]


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(jit8.CASES)


class Net(gradlib.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = gradlib.nn.Linear(3, 2)
        self.bn = gradlib.nn.BatchNorm1d(2)

    def forward(self, x):
        return self.bn(self.fc(x)).relu()

    def helper(self, x):
        return self.fc(x).sum()


def _net(device):
    gradlib.manual_seed(0)
    return Net().to(device)


def test_script_on_the_device(device):
    """The scripted module shares the parameters on the device, trains them and evaluates as the module does."""
    net = _net(device)
    scripted = gradlib.jit.script(net)
    x = gradlib.arange(12., device=device).reshape(4, 3) / 10
    assert scripted.fc.weight is net.fc.weight and scripted.fc.weight.device.type == gradlib.device(device).type
    optimizer = gradlib.optim.SGD(scripted.parameters(), lr=0.1)
    before = net.fc.weight.detach().clone()
    scripted(x).sum().backward()
    optimizer.step()
    assert not gradlib.equal(net.fc.weight.detach(), before)
    scripted.eval()
    net.eval()
    assert gradlib.equal(scripted(x), net(x))
    assert scripted.helper(x).item() == net.helper(x).item()  # other methods run too (PyTorch: only compiled ones)


def test_save_load_round_trip_on_the_device(device, tmp_path):
    """Parameters, buffers, attributes and training flags come back; map_location puts them on the device."""
    net = _net("cpu")
    scripted = gradlib.jit.script(net)
    scripted(gradlib.randn(5, 3, device="cpu"))  # batch norm statistics change
    scripted.eval()
    scripted.fc.train()
    path = tmp_path / "model.pt"
    scripted.save(str(path))
    loaded = gradlib.jit.load(str(path), map_location=device)
    assert type(loaded) is gradlib.jit.RecursiveScriptModule
    assert [loaded.training, loaded.fc.training, loaded.bn.training] == [False, True, False]
    for (name, value), (_, saved) in zip(loaded.state_dict().items(), scripted.state_dict().items()):
        assert value.device.type == gradlib.device(device).type, name
        assert gradlib.equal(value.cpu(), saved), name
    x = gradlib.arange(6., device=device).reshape(2, 3)
    loaded.fc.eval()
    scripted.fc.eval()
    assert gradlib.allclose(loaded(x).cpu(), scripted(x.cpu()))
    assert gradlib.jit.load(str(path)).fc.weight.device.type == "cpu"  # where it was saved


def test_load_refuses_a_torchscript_archive():
    """A TorchScript archive written by PyTorch holds compiled code gradlib cannot run: PyTorch's class, a clear
    message; from a path and from a file object."""
    path = REFERENCE / jit8.TORCHSCRIPT_FILE
    with pytest.raises(RuntimeError, match="TorchScript archive written by PyTorch.*cannot run"):
        gradlib.jit.load(str(path))
    stream = io.BytesIO(path.read_bytes())
    with pytest.raises(RuntimeError, match="TorchScript archive written by PyTorch"):
        gradlib.jit.load(stream)
    assert stream.tell() == 0


def test_save_refuses_a_plain_module():
    with pytest.raises(TypeError, match="torch.jit.script or torch.jit.trace"):
        gradlib.jit.save(Net(), io.BytesIO())


def test_code_is_the_python_source_and_graph_is_refused():
    """``.code`` shows the Python that runs (never TorchScript text); ``.graph`` raises RuntimeError."""
    scripted = gradlib.jit.script(Net())
    assert scripted.code.startswith("def forward(self, x):") and "self.bn(self.fc(x))" in scripted.code
    traced = gradlib.jit.trace(Net(), gradlib.ones(2, 3))
    assert traced.code == scripted.code
    function = gradlib.jit.script(lambda_free)
    assert function.code.startswith("def lambda_free(a):")
    for owner in (scripted, traced, function):
        with pytest.raises(RuntimeError, match="no TorchScript graph"):
            owner.graph


def lambda_free(a):
    return a + 1


def test_tracer_warning_points_at_the_users_line():
    class Branchy(gradlib.nn.Module):
        def forward(self, x):
            if x.sum() > 0:  # the conversion PyTorch warns about
                return x
            return -x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gradlib.jit.trace(Branchy(), gradlib.ones(2))
    tracer = [w for w in caught if w.category is gradlib.jit.TracerWarning]
    assert len(tracer) == 1
    assert tracer[0].filename == __file__
    assert "Python boolean" in str(tracer[0].message)


def test_tracer_warning_once_torch_function_dispatch_is_live():
    # A Tensor subclass, a mode or an FX trace turns __torch_function__ dispatch on for the process: its frames then
    # sit between the user's line and Tensor.item, and must neither hide the warning nor move it off that line.
    import subprocess
    import sys
    code = """if True:
        import warnings, gradlib, gradlib.fx
        gradlib.fx.symbolic_trace(lambda x: x + 1)
        def f(x):
            return x * x.item()
        def g(x):
            return gradlib.nn.functional.relu(x)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gradlib.jit.trace(f, gradlib.ones(1))
            gradlib.jit.trace(g, gradlib.ones(1))
        print([(w.filename, w.lineno) for w in caught if w.category is gradlib.jit.TracerWarning])
    """
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    assert result.stdout.strip() == "[('<string>', 5)]", result.stderr


def test_no_warning_for_conversions_inside_gradlib_or_outside_trace():
    """gradlib's own Python code converting tensors (C++ in PyTorch) does not warn; nor does code run after trace,
    even when the example failed."""
    def one_hot(labels):
        return gradlib.nn.functional.one_hot(labels)  # reads labels.max() into Python inside gradlib

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gradlib.jit.trace(one_hot, gradlib.tensor([0, 2]))
        with pytest.raises(RuntimeError):
            gradlib.jit.trace(lambda x: x.item(), gradlib.ones(2))
        bool(gradlib.ones(1))
    assert not [w for w in caught if w.category is gradlib.jit.TracerWarning]
    assert capture.conversion_observer is None and not gradlib.jit.is_tracing()


def test_trace_reruns_python_control_flow():
    """The documented difference: PyTorch's trace freezes the example's branch, gradlib re-decides it per call
    (both agree on inputs that take the example's branch)."""
    class Branchy(gradlib.nn.Module):
        def forward(self, x):
            return x * 2 if x.sum() > 0 else x - 1

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gradlib.jit.TracerWarning)
        traced = gradlib.jit.trace(Branchy(), gradlib.ones(2))
    assert traced(gradlib.tensor([1., 2.])).tolist() == [2., 4.]
    assert traced(gradlib.tensor([-1., -2.])).tolist() == [-2., -3.]


def test_frozen_module_is_constant():
    scripted = gradlib.jit.script(Net()).eval()
    frozen = gradlib.jit.freeze(scripted)
    x = gradlib.ones(2, 3)
    assert frozen(x).grad_fn is None and not frozen.fc.weight.requires_grad
    assert list(gradlib.jit.freeze(scripted, preserved_attrs=["bias"]).state_dict()) == ["fc.bias", "bn.bias"]
    scripted.fc.weight.data.fill_(0.)
    assert not gradlib.equal(frozen.fc.weight, scripted.fc.weight)  # copies, not the module's tensors


def test_container_magic_methods():
    scripted = gradlib.jit.script(gradlib.nn.Sequential(gradlib.nn.ReLU(), gradlib.nn.Tanh()))
    assert len(scripted) == 2 and [m.original_name for m in scripted] == ["ReLU", "Tanh"]
    assert scripted[1].original_name == "Tanh"
    with pytest.raises(NotImplementedError, match="Module 'Net' has no method '__len__'"):
        len(gradlib.jit.script(Net()))


def test_markers_and_annotations():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dropped = gradlib.jit.ignore(drop=True)(lambda_free)
    assert dropped(1) == 2 and caught[0].category is FutureWarning
    with pytest.raises(RuntimeError, match="must be a bool or a function"):
        gradlib.jit.ignore("yes")
    with pytest.raises(TypeError, match="<class 'int'> is a built-in class"):
        gradlib.jit.script(3)
    assert gradlib.jit.interface(Net) is Net
    with gradlib.jit.optimized_execution(True):
        assert not gradlib.jit.is_scripting()


def test_trace_needs_an_example():
    with pytest.raises(RuntimeError, match="example_kwarg_inputs or example_inputs should be provided"):
        gradlib.jit.trace(Net())


def test_a_program_runs_under_the_runner(tmp_path):
    """A deployment recipe: script, trace, save, load, freeze, unchanged through ``python -m gradlib.run``."""
    script = tmp_path / "deploy.py"
    script.write_text(textwrap.dedent("""\
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2)

            def forward(self, x):
                return torch.softmax(self.fc(x), dim=1)

        model = Net().eval()
        example = torch.ones(1, 4)
        scripted = torch.jit.script(model)
        traced = torch.jit.trace(model, example)
        scripted.save("scripted.pt")
        torch.jit.save(traced, "traced.pt")
        for path in ("scripted.pt", "traced.pt"):
            loaded = torch.jit.load(path, map_location="cpu")
            print(type(loaded).__name__, loaded.training, torch.allclose(loaded(example), model(example)))
        frozen = torch.jit.freeze(scripted)
        print(isinstance(frozen, torch.jit.ScriptModule), len(list(frozen.parameters())))
        print(scripted)
        """))
    result = subprocess.run([sys.executable, "-W", "ignore::DeprecationWarning", "-m", "gradlib.run", str(script)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "RecursiveScriptModule False True", "RecursiveScriptModule False True", "True 0",
        "RecursiveScriptModule(", "  original_name=Net", "  (fc): RecursiveScriptModule(original_name=Linear)", ")"]
