"""nn.Module's machinery beyond forward, as PyTorch 2.13 has it (session 16, module16): attribute rules, forward,
backward, global and state-dict hooks, state_dict/load_state_dict, traversal, conversion and the containers.

Each case of ``tests/reference/module16.py`` runs on gradlib under ``warnings.simplefilter("always")``: its value,
printed text, error (class and message) and warnings must be PyTorch's (``tests/reference/torch_module16.json``).
"""
import json

import pytest

import gradlib
from gradlib.nn.modules import _global_hooks
from reference import module16

RECORDED = json.loads(module16.FILE.read_text())

#: the cases that gave another answer before the module16 commits, by cause: the global forward hooks were missing
#: (register_module_forward_pre_hook/register_module_forward_hook: AttributeError); the deprecated backward hooks
#: were missing (Module.register_backward_hook, register_module_backward_hook: AttributeError; with them the
#: RuntimeErrors of mixing them with full hooks, the FutureWarnings and the dead-module RuntimeError); the
#: registration hooks were missing; a module's own always_call hook warned as a global one, and an always_call hook
#: was not run when a later forward hook raised; named_modules' memo held ids where PyTorch's holds the modules;
#: Module.share_memory was missing; a module's _parameters/_buffers/_modules were OrderedDicts where PyTorch's are
#: dicts (printing model._modules, ModuleDict.keys()); nn.Parameter of an integer or bool tensor gave
#: requires_grad_'s message where PyTorch's Parameter says "Only Tensors of floating point and complex dtype ..."
#: a Module.requires_grad_ (Tensor.requires_grad_) of a non-bool was taken for its truth value (PyTorch: TypeError);
#: a full backward hook's size error named gradlib's method where PyTorch's node hook is called 'hook'
FIXED = {"more2/requires_grad_not_bool", "more2/full_backward_wrong_shape", "more/moduledict_items", "more/parameter_bool", "more/parameterlist_int_tensor", "more/table_types",
         "hooks/always_call_raising", "hooks/raises_after_forward", "hooks/old_backward",
         "hooks/old_backward_tuple_output", "hooks/old_backward_replaces", "hooks/old_backward_warns/dict",
         "hooks/old_backward_warns/nested", "hooks/old_backward_warns/flag", "hooks/mixed_full_then_old",
         "hooks/mixed_old_then_full", "hooks/global", "hooks/global_forward_replaces", "hooks/global_always_call",
         "hooks/global_pre_and_kwargs", "hooks/global_old_backward", "hooks/global_old_backward_alive",
         "hooks/global_old_then_full", "hooks/global_full_then_old", "hooks/registration", "named_modules/memo",
         "share_memory"}


def _answer(name):
    """The case on the CPU, whatever the device under test: PyTorch's answers were recorded there (tensor type
    names in messages, the CPU generator's initial weights); ``test_module_to_device_*`` covers the devices."""
    with gradlib.device("cpu"):
        return json.loads(json.dumps(module16.run(gradlib, name)))


def test_every_case_recorded():
    assert sorted(RECORDED) == sorted(module16.CASES)
    assert FIXED <= set(RECORDED)


@pytest.mark.parametrize("name", sorted(module16.CASES))
def test_case_as_pytorch(name):
    assert _answer(name) == RECORDED[name]


def test_global_tables_are_left_empty():
    """Every case removes the global hooks it registered (their handles also empty the call table)."""
    for name in sorted(FIXED):
        _answer(name)
    for table in (_global_hooks.CALL_HOOKS, _global_hooks.forward_pre_hooks, _global_hooks.forward_hooks,
                  _global_hooks.forward_hooks_always_called, _global_hooks.forward_hooks_with_kwargs,
                  _global_hooks.backward_hooks, _global_hooks.backward_pre_hooks,
                  _global_hooks.parameter_registration_hooks, _global_hooks.buffer_registration_hooks,
                  _global_hooks.module_registration_hooks):
        assert not table


def test_handle_extra_dict_removes_its_entries():
    """PyTorch's ``RemovableHandle(hooks, extra_dict=...)``: remove() takes the id out of every table, twice is
    harmless."""
    hooks, extra, more = {}, {}, {}
    handle = gradlib.utils.hooks.RemovableHandle(hooks, extra_dict=[extra, more])
    hooks[handle.id] = extra[handle.id] = more[handle.id] = True
    handle.remove()
    handle.remove()
    assert hooks == extra == more == {}


def _on(tensor, device):
    target = gradlib.device(device)
    return tensor.device.type == target.type and target.index in (None, tensor.device.index)


def test_module_to_device_keeps_parameters_and_integer_buffers(device):
    """``Module.to(device)`` then ``.half()``/``.double()``: the same Parameter objects (and their grads) on the
    device, integer buffers keep their dtype, registration hooks and share_memory as on the CPU."""
    from gradlib import nn
    with gradlib.device("cpu"):
        model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    model(gradlib.ones(3, 2, device="cpu")).sum().backward()
    weight, grad = model[0].weight, model[0].weight.grad
    assert model.to(device) is model
    assert model[0].weight is weight and _on(weight, device) and _on(weight.grad, device)
    assert _on(model[1].num_batches_tracked, device)
    model.half()
    assert [str(t.dtype) for t in model.state_dict().values()] == \
        ["gradlib.float16"] * 6 + ["gradlib.int64"]
    model.double()
    assert weight.dtype == gradlib.float64 and grad is weight.grad and grad.dtype == gradlib.float64
    assert model.share_memory() is model


def test_hooks_on_device(device):
    """Global and deprecated backward hooks see gradients on the module's device."""
    from gradlib import nn
    from gradlib.nn.modules import module as module_module
    seen = []
    layer = nn.Linear(2, 1).to(device)
    handle = module_module.register_module_forward_hook(lambda m, args, out: out * 2)
    layer.register_backward_hook(lambda m, grad_input, grad_output: seen.append(
        [None if g is None else _on(g, device) for g in grad_input]))
    try:
        x = gradlib.ones(3, 2, device=device, requires_grad=True)
        with pytest.warns(FutureWarning, match="the forward contains multiple autograd Nodes"):
            out = layer(x)
        out.sum().backward()
    finally:
        handle.remove()
    assert seen == [[True, None]]  # the hooks are on the node of the global hook's ``out * 2``, as PyTorch's
    assert _on(x.grad, device)
