"""PyTorch's own warnings and deprecated names, as PyTorch 2.13 gives them (session 15, warn15).

Each case of ``tests/reference/warn15.py`` is called twice on gradlib under ``warnings.simplefilter("always")``:
the errors or values of both calls, and each warning's category, message and count over the two calls, must be
PyTorch's (recorded in ``tests/reference/torch_warn15.json``). gradlib's once-a-process warnings
(``gradlib._warn_once``) start fresh for each case, as PyTorch's do in the recorder's fresh process. The messages
name ``torch`` as PyTorch's do (gradlib mirrors PyTorch's text, names included).
"""
import json

import pytest

import gradlib
import gradlib._warn_once
from reference import warn15

RECORDED = json.loads(warn15.FILE.read_text())

#: the cases that warned otherwise, raised otherwise (AttributeError for a missing name, TypeError, RuntimeError)
#: or gave another value before the warn15 commits; the cases ending in "_quiet" (PyTorch gives no warning) and
#: these passed before: the warnings gradlib already gave as PyTorch, in text, category and count
ALREADY = {"tensor_of_list_quiet", "as_tensor_of_tensor_quiet", "softmax_dim_quiet", "T_2d_quiet",
           "scheduler_after_optimizer_quiet", "cosine_warm_restarts_before_optimizer_quiet",
           "plateau_before_optimizer_quiet", "mha_same_masks_quiet", "module_to_float64_quiet"}
FIXED = sorted(set(warn15.CASES) - ALREADY)


@pytest.fixture(autouse=True)
def fresh_once_warnings(monkeypatch):
    monkeypatch.setattr(gradlib._warn_once, "WARNED", set())


def test_every_case_recorded():
    assert sorted(RECORDED) == sorted(warn15.CASES)


@pytest.mark.parametrize("name", sorted(warn15.CASES))
def test_case_warns_as_pytorch(name):
    assert warn15.run(gradlib, name) == RECORDED[name]


def test_the_fixed_cases_warned_or_raised_differently_before():
    """The bookkeeping of FIXED: every case PyTorch warns for, or raises in, is among them."""
    for name, answer in RECORDED.items():
        if answer["warned"] or any("error" in call for call in answer["calls"]):
            assert name in FIXED, name


def test_scheduler_wrapper_leaves_the_optimizer_step_after_its_first_call():
    """The optimizer's step is the plain method again once it has run (nothing added to later steps)."""
    optimizer = gradlib.optim.SGD([gradlib.nn.Parameter(gradlib.zeros(1))], lr=1.0)
    gradlib.optim.lr_scheduler.StepLR(optimizer, 3)
    assert "step" in optimizer.__dict__
    optimizer.step()
    assert "step" not in optimizer.__dict__ and optimizer._opt_called
    gradlib.optim.lr_scheduler.ExponentialLR(optimizer, 0.9)  # a later scheduler: the optimizer has stepped
    assert "step" not in optimizer.__dict__


def test_once_warnings_come_once_whatever_the_filter():
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore")
        gradlib.ones(2, 2, 2).T  # used up while ignored, as PyTorch's TORCH_WARN_ONCE
        warnings.simplefilter("always")
        gradlib.ones(2, 2, 2).T
    assert caught == []


def test_copy_construct_warning_points_at_the_callers_line():
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gradlib.tensor(gradlib.ones(2))
    assert [w.filename for w in caught] == [__file__]


def test_gradlibs_own_calls_give_no_copy_construct_warning(device):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        indices = gradlib.tensor([[0, 1]], device=device)
        values = gradlib.tensor([1.0, 2.0], device=device)
        assert gradlib.sparse_coo_tensor(indices, values, (2,)).to_dense().tolist() == [1.0, 2.0]
        assert gradlib.FloatTensor(gradlib.tensor([1.0, 2.0], device="cpu")).tolist() == [1.0, 2.0]
