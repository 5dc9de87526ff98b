"""gradlib against PyTorch's recorded outcomes of the issue-14 class sweeps (tests/edge_classes.py,
tests/reference/torch_edge_classes.json): the value, dtype, first and second derivatives (under create_graph) or
the exception, and the first-order gradient without create_graph, on the device under test. Calls listed in
``edge_classes.KNOWN`` must still differ (on the CPU, where PyTorch was recorded)."""
import collections
import json
import pathlib
import warnings

import pytest

import gradlib
from edge_classes import CASES, CASES_BY_NAME, KNOWN
from edge_corpus import OK_CATEGORIES, compare, compare_first_order, first_order_gradient, run_case

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_classes.json").read_text())

GROUPS = collections.defaultdict(list)
for _case in CASES:
    GROUPS[_case.name.rsplit("/", 1)[0]].append(_case)


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES_BY_NAME), \
        "run python tests/reference/record_torch.py edge_classes after editing tests/edge_classes.py"
    assert set(KNOWN) <= set(CASES_BY_NAME)


def _difference(case, device):
    recorded = RECORDED[case.name]
    category, detail = compare(run_case(gradlib, case, device), recorded["outcome"], device)
    if category not in OK_CATEGORIES:
        return f"{category}: {detail}"
    if "first_order" in recorded:
        found = first_order_gradient(gradlib, case, device)
        if found is None:
            return "first order: gradlib's call raised where PyTorch computed a gradient"
        problem = compare_first_order(found, recorded["first_order"])
        if problem:
            return f"first order: {problem}"
    return ""


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_class_sweep_matches_pytorch(group, device):
    wrong, fixed = [], []
    on_cuda = gradlib.device(device).type == "cuda"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in GROUPS[group]:
            difference = _difference(case, device)
            if difference and case.name not in KNOWN:
                wrong.append(f"{case.name}: {difference}")
            elif not difference and case.name in KNOWN and not on_cuda:
                fixed.append(case.name)
    assert not wrong, f"{len(wrong)} calls differ from PyTorch:\n" + "\n".join(wrong)
    assert not fixed, "now matching PyTorch; remove from KNOWN in tests/edge_classes.py: " + ", ".join(fixed)
