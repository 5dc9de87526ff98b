"""Interoperability with PyTorch programs (issue 15, interop8), against PyTorch's record
(tests/reference/interop8.py, torch_interop8.json): class names and their importable homes, pickles of whole
models and optimizers, torch submodules, NumPy functions on tensors, bool results, container modules."""
import copy
import importlib
import json
import pathlib
import pickle
import subprocess
import sys

import pytest

import gradlib
from reference import interop8, interop8_bool, interop8_containers, interop8_numpy

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_interop8.json").read_text())

#: Classes whose PyTorch home gradlib cannot give them, with the reason.
CLASS_NAME_EXCEPTIONS = {
    "cuda.amp:GradScaler": "torch.cuda.amp.grad_scaler: gradlib.cuda is a module, not a package",
    "cuda.amp:autocast": "torch.cuda.amp.autocast_mode: the same",
    "cuda:CUDAGraph": "torch.cuda.graphs: the same",
    "cuda:graph": "torch.cuda.graphs: the same",
    "cuda:Stream": "torch.cuda.streams: the same",
    "cuda:Event": "torch.cuda.streams: the same",
    "profiler:ProfilerAction": "torch.profiler.profiler: gradlib.profiler is one module",
    "profiler:profile": "the same",
    "profiler:ProfilerActivity": "torch._C._profiler: a C extension module",
    "nn.attention:SDPBackend": "PyTorch's is a C enum named _SDPBackend",
    "linalg:LinAlgError": "PyTorch's is torch._C._LinAlgError (a C class)",
}


def _shared_classes():
    mine = interop8.class_names(gradlib)
    return sorted(key for key in mine if key in RECORDED["class_names"])


def test_the_sweep_covers_the_public_classes():
    shared = _shared_classes()
    assert len(shared) >= 300
    for key in (":Tensor", ":Size", ":dtype", ":device", ":Generator", "nn:Linear", "nn:Parameter", "optim:SGD",
                "optim.lr_scheduler:StepLR", "utils.data:DataLoader", "autograd:Function", "distributions:Normal"):
        assert key in shared


@pytest.mark.parametrize("key", _shared_classes())
def test_class_prints_and_pickles_by_pytorch_name(key):
    """``__module__``, ``__qualname__`` and ``repr(cls)`` are PyTorch's (torch read as gradlib), and the module
    is importable and holds the class under that name (what pickle needs)."""
    mine = interop8.class_names(gradlib)[key]
    if key in CLASS_NAME_EXCEPTIONS:
        assert mine != RECORDED["class_names"][key], f"{key} matches now: remove it from the exceptions"
        return
    assert mine == RECORDED["class_names"][key]
    namespace, _, name = key.partition(":")
    cls = getattr(importlib.import_module("gradlib" + ("." + namespace if namespace else "")), name)
    home = importlib.import_module(cls.__module__)
    assert getattr(home, cls.__qualname__) is cls


def test_type_of_objects_prints_as_pytorch():
    model = gradlib.nn.Sequential(gradlib.nn.Linear(2, 2), gradlib.nn.BatchNorm1d(2))
    assert str(type(gradlib.ones(2))) == "<class 'gradlib.Tensor'>"
    assert str(type(model[0])) == "<class 'gradlib.nn.modules.linear.Linear'>"
    assert str(type(model[1])) == "<class 'gradlib.nn.modules.batchnorm.BatchNorm1d'>"
    assert type(gradlib.optim.SGD(model.parameters(), lr=0.1)).__module__ == "gradlib.optim.sgd"
    assert str(type(gradlib.ones(2).shape)) == "<class 'gradlib.Size'>"
    assert str(type(gradlib.float32)) == "<class 'gradlib.dtype'>"


def _trained():
    gradlib.manual_seed(0)
    model = gradlib.nn.Sequential(gradlib.nn.Linear(3, 4), gradlib.nn.BatchNorm1d(4), gradlib.nn.ReLU(),
                                  gradlib.nn.Linear(4, 1))
    optimizer = gradlib.optim.Adam(model.parameters(), lr=0.1)
    scheduler = gradlib.optim.lr_scheduler.StepLR(optimizer, 2)
    model(gradlib.randn(5, 3)).sum().backward()
    optimizer.step()
    scheduler.step()
    return model, optimizer, scheduler


def test_pickle_round_trip_of_a_whole_model_and_optimizer():
    model, optimizer, scheduler = _trained()
    model.weight_note = "kept"
    again, optimizer_again, scheduler_again = pickle.loads(pickle.dumps((model, optimizer, scheduler)))
    assert repr(again) == repr(model)
    assert again.weight_note == "kept"
    for (name, param), (name_again, param_again) in zip(model.named_parameters(), again.named_parameters()):
        assert name == name_again and type(param_again) is gradlib.nn.Parameter
        assert gradlib.equal(param, param_again) and param_again.requires_grad and param_again.grad is None
    assert gradlib.equal(model[1].running_mean, again[1].running_mean)
    # the optimizer's parameters are the model's (pickle's memo), its state came along
    assert optimizer_again.param_groups[0]["params"][0] is again[0].weight
    assert optimizer_again.state_dict()["state"][0]["step"] == optimizer.state_dict()["state"][0]["step"]
    assert scheduler_again.get_last_lr() == scheduler.get_last_lr()
    x = gradlib.randn(2, 3)
    model.eval()
    again.eval()
    assert gradlib.equal(model(x), again(x))
    loss = again(x).sum()
    loss.backward()
    optimizer_again.step()  # it trains on
    assert not gradlib.equal(again[0].weight, model[0].weight)


def test_pickle_and_copy_of_tensors_follow_pytorch():
    x = gradlib.tensor([1., 2.], requires_grad=True)
    x.grad = gradlib.ones(2)
    x.tag = 3
    y = pickle.loads(pickle.dumps(x))
    assert y.requires_grad and y.grad is None and y.tag == 3 and y.is_leaf
    z = pickle.loads(pickle.dumps(x * 2))  # a non-leaf comes back a leaf, as in PyTorch
    assert z.is_leaf and z.requires_grad and z.tolist() == [2., 4.]
    shallow = copy.copy(x)
    shallow.data[0] = 7.  # copy.copy shares the data (PyTorch's too)
    assert x.tolist() == [7., 2.] and shallow.grad is None


def test_whole_model_pickle_under_the_runner(tmp_path):
    script = tmp_path / "program.py"
    script.write_text(
        "import pickle, torch, torch.nn as nn\n"
        "from torch.nn.modules.linear import Linear\n"
        "m = nn.Sequential(Linear(2, 3), nn.Conv1d(1, 1, 1))\n"
        "print(type(m[0]), type(m[1]), type(torch.ones(1)))\n"
        "again = pickle.loads(pickle.dumps(m))\n"
        "print(type(again[0]) is Linear, torch.equal(again[0].weight, m[0].weight))\n")
    done = subprocess.run([sys.executable, "-m", "gradlib.run", str(script)], capture_output=True, text=True,
                          timeout=120)
    assert done.stderr == ""
    assert done.stdout == ("<class 'gradlib.nn.modules.linear.Linear'> <class 'gradlib.nn.modules.conv.Conv1d'> "
                           "<class 'gradlib.Tensor'>\nTrue True\n")


# ----- torch submodules --------------------------------------------------------------------------------------------

def test_torch_submodules_import_as_in_pytorch():
    assert interop8.submodules(gradlib) == RECORDED["submodules"]


def test_torch_functional_holds_the_top_level_functions():
    recorded = RECORDED["functional_all"]
    assert sorted(gradlib.functional.__all__) == [name for name in recorded if name not in interop8.FUNCTIONAL_MISSING]
    for name in interop8.FUNCTIONAL_MISSING:
        assert not hasattr(gradlib, name), f"gradlib.{name} exists now: export it from gradlib.functional"


@pytest.mark.parametrize("key", sorted(RECORDED["helpers"]))
def test_submodule_helpers_match_pytorch(key):
    observed = interop8.helpers(gradlib)[key]
    expected = RECORDED["helpers"][key]
    if key == "functional_is_top_level":
        expected = [name for name in expected if name not in interop8.FUNCTIONAL_MISSING]
    assert observed == expected


def test_submodules_under_the_runner():
    code = ("import torch, torch.functional, torch.types, torch.nn.common_types\n"
            "from torch.functional import einsum\n"
            "from torch.nn.modules.utils import _pair\n"
            "from torch.nn.utils.clip_grad import clip_grad_norm_\n"
            "from torch.optim.sgd import SGD\n"
            "from torch.nn.modules.batchnorm import BatchNorm2d\n"
            "print(einsum is torch.einsum, torch.functional.split(torch.arange(3), 2), _pair(1), SGD, BatchNorm2d)")
    done = subprocess.run([sys.executable, "-m", "gradlib.run", "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stderr == ""
    assert done.stdout == ("True (tensor([0, 1]), tensor([2])) (1, 1) <class 'gradlib.optim.sgd.SGD'> "
                           "<class 'gradlib.nn.modules.batchnorm.BatchNorm2d'>\n")


# ----- NumPy functions on tensors, NumPy scalars and arrays beside tensors ----------------------------------------

@pytest.mark.parametrize("name", sorted(interop8_numpy.CASES))
def test_numpy_interop_matches_pytorch(name):
    """Result kind (a tensor where PyTorch gives one), dtype and values, or PyTorch's exception (CPU tensors: NumPy
    reads only host memory)."""
    observed = interop8_numpy.observe(gradlib, name)
    expected = RECORDED["numpy"][name]
    if name in interop8_numpy.ARGUMENT_PARSER_ERRORS:
        assert expected["error"][0] == "TypeError"
        assert observed["error"][0] == "TypeError"
        return
    assert observed == expected


def test_numpy_refuses_cuda_tensors_as_pytorch(device):
    """NumPy given a CUDA tensor: PyTorch's TypeError from ``numpy()``, before any copy."""
    if device == "cpu":
        pytest.skip("a CUDA tensor")
    import numpy as np
    x = gradlib.ones(2, device=device)
    refused = f"can't convert {x.device} device type tensor to numpy"
    with pytest.raises(TypeError, match=refused):
        np.exp(x)
    with pytest.raises(TypeError, match=refused):
        np.asarray(x)


def test_array_wrap_under_no_grad_and_of_non_contiguous_results():
    import numpy as np
    g = gradlib.tensor([[1., 2.], [3., 4.]], requires_grad=True, device="cpu")
    with gradlib.no_grad():  # numpy() of a tensor that requires grad is allowed there (PyTorch's too)
        out = np.exp(g)
    assert type(out) is gradlib.Tensor and not out.requires_grad
    flipped = np.transpose(gradlib.arange(6., device="cpu").reshape(2, 3))  # a non-contiguous result
    assert flipped.shape == (3, 2) and flipped.tolist() == [[0., 3.], [1., 4.], [2., 5.]]
    assert flipped.sum().item() == 15.


# ----- ops that give bool --------------------------------------------------------------------------------------------

def _same(observed, expected):
    return json.dumps(observed, sort_keys=True) == json.dumps(expected, sort_keys=True)  # NaN == NaN


@pytest.mark.parametrize("name", sorted(interop8_bool.CASES))
def test_bool_results_match_pytorch(name, device):
    """Comparisons (every operand kind and dtype mix), logical and bitwise ops, value tests, any/all, equal,
    masks and joins of bool tensors: PyTorch's dtype (bool where it gives bool) and values, or its exception."""
    observed = json.loads(json.dumps(interop8_bool.observe(gradlib, name, device)))
    if "error" in observed:  # PyTorch names its kernel by device ("abs_cuda")
        observed["error"][1] = observed["error"][1].replace('_cuda"', '_cpu"')
    assert _same(observed, RECORDED["bool"][name]), (observed, RECORDED["bool"][name])


def test_bool_sweep_covers_the_ops():
    assert len(interop8_bool.CASES) >= 400
    bools = [name for name, record in RECORDED["bool"].items() if record.get("dtype") == "bool"]
    assert len(bools) >= 300


# ----- container modules ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(interop8_containers.CASES))
def test_containers_match_pytorch(name):
    """Key order, repr, parameter and module names, results and errors of the container modules."""
    observed = json.loads(json.dumps(interop8_containers.observe(gradlib, name)))
    assert observed == RECORDED["containers"][name]


def test_containers_on_the_device(device):
    """The containers' entries print their device off the CPU, and training through them reaches every entry."""
    params = gradlib.nn.ParameterDict({"b": gradlib.ones(2, device=device), "a": gradlib.zeros(2, device=device)})
    plist = gradlib.nn.ParameterList([gradlib.ones(2, device=device)])
    layers = gradlib.nn.ModuleList([gradlib.nn.Linear(2, 2)]).to(device)
    if device != "cpu":
        assert f"of size 2 ({params['a'].device})]" in repr(params)
        assert f"of size 2 ({plist[0].device})]" in repr(plist)
    (layers[0](params["a"] + params["b"]) * plist[0]).sum().backward()
    assert [name for name, _ in params.named_parameters()] == ["a", "b"]  # a plain dict is added sorted
    assert all(p.grad is not None for p in [*params.values(), *plist, *layers.parameters()])


@pytest.mark.parametrize("key", sorted(RECORDED["private_bases"]))
def test_private_base_classes_at_pytorch_paths(key):
    """``nn.modules.batchnorm._BatchNorm``, ``loss._WeightedLoss``, ``dropout._DropoutNd`` ...: importable at
    PyTorch's paths, the layers instances of them where PyTorch's are, a custom ``_WeightedLoss`` as PyTorch's."""
    assert interop8.private_bases(gradlib)[key] == RECORDED["private_bases"][key]


def test_nn_modules_package_holds_the_layers():
    """``from torch.nn.modules import Linear``: every class PyTorch's ``torch.nn.modules`` holds that gradlib.nn
    has, the same object."""
    import gradlib.nn.modules
    shared = [name for name in RECORDED["nn_modules_names"] if hasattr(gradlib.nn, name)]
    assert len(shared) >= 130
    assert [name for name in shared if getattr(gradlib.nn.modules, name, None) is not getattr(gradlib.nn, name)] == []
