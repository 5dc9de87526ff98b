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
FIXED = {"more/moduledict_items", "more/parameter_bool", "more/parameterlist_int_tensor", "more/table_types",
         "hooks/always_call_raising", "hooks/raises_after_forward", "hooks/old_backward",
         "hooks/old_backward_tuple_output", "hooks/old_backward_replaces", "hooks/old_backward_warns/dict",
         "hooks/old_backward_warns/nested", "hooks/old_backward_warns/flag", "hooks/mixed_full_then_old",
         "hooks/mixed_old_then_full", "hooks/global", "hooks/global_forward_replaces", "hooks/global_always_call",
         "hooks/global_pre_and_kwargs", "hooks/global_old_backward", "hooks/global_old_backward_alive",
         "hooks/global_old_then_full", "hooks/global_full_then_old", "hooks/registration", "named_modules/memo",
         "share_memory"}


def _answer(name):
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
