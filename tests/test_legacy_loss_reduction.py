"""The deprecated ``size_average``/``reduce`` arguments choose the reduction, as PyTorch's ``legacy_get_string``,
in every loss module and function that takes them (they were accepted and ignored: ``MSELoss(size_average=False)``
returned the mean where PyTorch returns the sum)."""
import inspect
import warnings

import pytest

import gradlib
import gradlib.nn as nn
import gradlib.nn.functional as F

# (size_average, reduce) -> reduction, as PyTorch 2.13 answers (reduction='sum' given as well: it is overridden)
PYTORCH = {(None, None): "sum", (None, True): "mean", (None, False): "none", (True, None): "mean",
           (True, True): "mean", (True, False): "none", (False, None): "sum", (False, True): "sum",
           (False, False): "none"}

MODULES = [name for name in dir(nn) if name.endswith("Loss") and isinstance(getattr(nn, name), type)
           and "size_average" in inspect.signature(getattr(nn, name)).parameters]
FUNCTIONS = [name for name in dir(F) if callable(getattr(F, name)) and not name.startswith("_")
             and "size_average" in inspect.signature(getattr(F, name)).parameters]


def test_every_loss_with_the_legacy_arguments_is_covered():
    assert len(MODULES) >= 15 and "MSELoss" in MODULES and "CrossEntropyLoss" in MODULES
    assert len(FUNCTIONS) >= 15 and "mse_loss" in FUNCTIONS and "nll_loss" in FUNCTIONS


@pytest.mark.parametrize("legacy", sorted(PYTORCH, key=str))
@pytest.mark.parametrize("name", MODULES)
def test_module_reduction_follows_the_legacy_arguments(name, legacy):
    size_average, reduce = legacy
    parameters = inspect.signature(getattr(nn, name)).parameters
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = getattr(nn, name)(size_average=size_average, reduce=reduce, reduction="sum")
    assert module.reduction == PYTORCH[legacy]
    deprecated = [w for w in caught if "size_average and reduce args will be deprecated" in str(w.message)]
    assert len(deprecated) == (0 if legacy == (None, None) else 1)
    assert "reduction" in parameters


def _example(name, device):
    x = gradlib.tensor([[0.2, 0.7, 0.1], [0.6, 0.3, 0.9]], device=device)
    y = gradlib.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]], device=device)
    labels = gradlib.tensor([1, 2], device=device)
    signs = gradlib.tensor([1.0, -1.0], device=device)
    return {
        "nll_loss": (x.log(), labels), "cross_entropy": (x, labels), "kl_div": (x.log(), y.softmax(1)),
        "margin_ranking_loss": (x[:, 0], x[:, 1], signs), "hinge_embedding_loss": (x, y * 2 - 1),
        "soft_margin_loss": (x, y * 2 - 1), "multilabel_soft_margin_loss": (x, y),
        "cosine_embedding_loss": (x, y, signs), "triplet_margin_loss": (x, y, x.flip(0)),
        "poisson_nll_loss": (x, y), "multi_margin_loss": (x, labels),
        "multilabel_margin_loss": (x, gradlib.tensor([[1, -1, 0], [2, 0, -1]], device=device)),
    }.get(name, (x, y))


@pytest.mark.parametrize("legacy", [(False, None), (None, False), (True, True)])
@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_result_is_the_chosen_reductions(device, name, legacy):
    function = getattr(F, name)
    arguments = _example(name, device)
    expected = function(*arguments, reduction=PYTORCH[legacy])
    with pytest.warns(UserWarning, match=f"please use reduction='{PYTORCH[legacy]}' instead"):
        got = function(*arguments, size_average=legacy[0], reduce=legacy[1])
    assert got.shape == expected.shape and got.tolist() == expected.tolist()


def test_the_tutorial_spelling(device):
    x, y = gradlib.ones(4, device=device), gradlib.zeros(4, device=device)
    with pytest.warns(UserWarning):
        assert nn.MSELoss(size_average=False)(x, y).item() == 4.0
    with pytest.warns(UserWarning):
        assert F.mse_loss(x, y, reduce=False).tolist() == [1.0, 1.0, 1.0, 1.0]
