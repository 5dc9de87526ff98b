"""gradlib's first-order gradient path (``backward`` without ``create_graph``: the raw-array formulas) against
PyTorch's first-order gradient of every edge-corpus call that has one (tests/reference/torch_edge_first_order.json).
The corpus's own comparison (tests/test_edge_corpus.py) takes gradients with ``create_graph`` for the second
derivative, so it runs the differentiable formulas; masked formulas at zeros, NaN and inf are written twice in
places (prod, cumprod, logit, scatter_reduce, qr, det) and both must be PyTorch's."""
import collections
import json
import pathlib
import warnings

import pytest

import gradlib
from edge_corpus import (CASES_BY_NAME, DELIBERATE, FIRST_ORDER_DELIBERATE, NOT_UNIQUE, PENDING, SECOND_ORDER_ONLY,
                         compare_first_order, first_order_gradient, without_values)

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_first_order.json").read_text())


def _listed(name):
    if name in FIRST_ORDER_DELIBERATE or name in PENDING:
        return True
    return name in DELIBERATE and DELIBERATE[name] not in SECOND_ORDER_ONLY


GROUPS = collections.defaultdict(list)
for _name in RECORDED:
    GROUPS[_name.rsplit("/", 1)[0]].append(_name)


def test_recording_names_corpus_calls():
    assert set(RECORDED) <= set(CASES_BY_NAME), \
        "run python tests/reference/record_torch.py edge_first_order after editing tests/edge_corpus.py"
    assert len(RECORDED) >= 3000
    assert set(FIRST_ORDER_DELIBERATE) <= set(RECORDED)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_first_order_gradient_is_pytorchs(group, device):
    wrong, fixed = [], []
    on_cuda = gradlib.device(device).type == "cuda"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in GROUPS[group]:
            found = first_order_gradient(gradlib, CASES_BY_NAME[name], device)
            if found is None:
                problem = "PyTorch computed a gradient, gradlib's call raised"
            else:
                expected = RECORDED[name]
                if name in NOT_UNIQUE:  # compared for outcome and shape only
                    found, expected = without_values(found), without_values(expected)
                problem = compare_first_order(found, expected)
            if problem and not _listed(name):
                wrong.append(f"{name}: {problem}")
            elif not problem and name in FIRST_ORDER_DELIBERATE and not on_cuda:
                fixed.append(name)
    assert not wrong, f"{len(wrong)} first-order gradients differ from PyTorch's:\n" + "\n".join(wrong)
    assert not fixed, "now PyTorch's; remove from FIRST_ORDER_DELIBERATE in tests/edge_corpus.py: " + ", ".join(fixed)
