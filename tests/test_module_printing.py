"""Printing details that real programs show (found by the programs in examples/programs/): ``print(parameter)``,
ModuleList's compressed repeats, BatchNorm's ``bias`` argument. Expected text is PyTorch 2.13's."""
import gradlib
import gradlib.nn as nn


def test_print_parameter_says_parameter_containing(device):
    p = nn.Parameter(gradlib.ones(2, device=device))
    assert str(p).splitlines()[0] == "Parameter containing:"
    assert f"{p}" == str(p) == repr(p)
    assert str([p]).startswith("[Parameter containing:\n")


def test_module_list_compresses_repeated_children():
    blocks = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2)])
    assert repr(blocks) == ("ModuleList(\n"
                            "  (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n"
                            "  (2): ReLU()\n"
                            "  (3): Linear(in_features=2, out_features=2, bias=True)\n"
                            ")")
    nested = nn.Sequential(nn.ModuleList([nn.Sequential(nn.Tanh())] * 3))
    assert repr(nested) == ("Sequential(\n"
                            "  (0): ModuleList(\n"
                            "    (0-2): 3 x Sequential(\n"
                            "      (0): Tanh()\n"
                            "    )\n"
                            "  )\n"
                            ")")
    assert repr(nn.ModuleList()) == "ModuleList()"


def test_batch_norm_bias_argument(device):
    bn = nn.BatchNorm1d(3, bias=False, device=device)
    assert bn.bias is None and bn.weight is not None
    assert repr(bn) == "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=False, track_running_stats=True)"
    assert sorted(bn.state_dict()) == ["num_batches_tracked", "running_mean", "running_var", "weight"]
    out = bn(gradlib.tensor([[1.0, 2.0, 3.0], [3.0, 6.0, 9.0]], device=device))
    assert out.sum(0).abs().max().item() < 1e-5
    assert repr(nn.BatchNorm2d(2, affine=False)) == (
        "BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=True)")


def test_deepcopy_of_a_model_and_of_tensors(device):
    import copy
    import pytest
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).to(device)
    twin = copy.deepcopy(model)
    assert twin[0].weight is not model[0].weight and isinstance(twin[0].weight, nn.Parameter)
    assert gradlib.equal(twin[0].weight, model[0].weight) and twin[1].running_var is not model[1].running_var
    gradlib.optim.SGD(twin.parameters(), lr=0.1)  # the copy's parameters are leaves an optimizer accepts
    twin[0](gradlib.ones(3, 2, device=device)).sum().backward()
    assert model[0].weight.grad is None and twin[0].weight.grad is not None
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    x.grad = gradlib.ones(2, device=device)
    y = copy.deepcopy(x)
    assert y.requires_grad and y.is_leaf and gradlib.equal(y.grad, x.grad) and y.grad is not x.grad
    y.data[0] = 5.0
    assert x[0].item() == 1.0
    with pytest.raises(RuntimeError, match="Only Tensors created explicitly by the user"):
        copy.deepcopy(x * 2)


def test_forward_hook_options(device):
    import pytest
    layer = nn.Linear(2, 2).to(device)
    order = []
    layer.register_forward_hook(lambda m, a, o: order.append("first"))
    layer.register_forward_hook(lambda m, a, o: order.append("prepended"), prepend=True)
    seen = {}

    def with_kwargs(module, args, kwargs, output):
        seen["kwargs"] = dict(kwargs)
        return output * 0

    layer.register_forward_hook(with_kwargs, with_kwargs=True)
    x = gradlib.ones(1, 2, device=device)
    assert layer(x).abs().sum().item() == 0 and order == ["prepended", "first"] and seen["kwargs"] == {}

    class Scaled(nn.Module):
        def forward(self, x, scale=1.0):
            return x * scale

    scaled = Scaled()
    scaled.register_forward_pre_hook(lambda m, args, kwargs: (args, {"scale": 3.0}), with_kwargs=True)
    assert scaled(x).tolist() == [[3.0, 3.0]]
    bad = Scaled()
    bad.register_forward_pre_hook(lambda m, args, kwargs: args, with_kwargs=True)
    with pytest.raises(RuntimeError, match="forward pre-hook must return None or a tuple"):
        bad(x)

    class Failing(nn.Module):
        def forward(self, x):
            raise ValueError("forward failed")

    failing = Failing()
    calls = []
    failing.register_forward_hook(lambda m, a, o: calls.append(o), always_call=True)
    failing.register_forward_hook(lambda m, a, o: calls.append("not always"))
    with pytest.raises(ValueError, match="forward failed"):
        failing(x)
    assert calls == [None]


def test_modules_remove_duplicate():
    shared = nn.Linear(1, 1)
    model = nn.Sequential(shared, shared)
    assert len(list(model.modules())) == 2
    assert len(list(model.modules(remove_duplicate=False))) == 3
    assert [name for name, _ in model.named_modules(remove_duplicate=False)] == ["", "0", "1"]


def test_modules_refuse_arguments_they_do_not_take():
    import pytest
    with pytest.raises(TypeError, match=r"Sigmoid.__init__\(\) got an unexpected keyword argument 'inplace'"):
        nn.Sigmoid(inplace=True)
    with pytest.raises(TypeError, match=r"Tanh.__init__\(\) takes 1 positional argument but 2 were given"):
        nn.Tanh(1)
    assert repr(nn.Mish(inplace=True)) == "Mish(inplace=True)" and repr(nn.SiLU(inplace=True)) == "SiLU(inplace=True)"
    assert repr(nn.Mish()) == "Mish()"
