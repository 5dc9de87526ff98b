"""gradlib against PyTorch's recorded outcome of every call of the edge corpus (tests/edge_corpus.py,
tests/reference/torch_edge_corpus.json): the same value, dtype, shape and float64 first and second derivatives,
or the same exception class (the wording is compared and counted by ``python -m tests.edge_corpus --report``).
Calls listed in DELIBERATE or PENDING must still differ: fixing one fails the test until the entry is removed."""
import collections
import json
import pathlib
import warnings

import pytest

import gradlib
from edge_corpus import (CASES, CASES_BY_NAME, DELIBERATE, NOT_UNIQUE, OK_CATEGORIES, PENDING, PENDING_ON_CUDA,
                         compare, run_case, without_values)

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_corpus.json").read_text())
# the registry samples of op_registry_funcs.py, recorded by tests/reference/funcs.py
RECORDED.update(json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_corpus_funcs.json").read_text()))
# ... and of op_registry_progs6b.py, recorded by tests/reference/progs6b.py
RECORDED.update(json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_corpus_progs6b.json").read_text()))
# ... and of op_registry_sparse.py, recorded by tests/reference/sparse.py
RECORDED.update(json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_corpus_sparse.json").read_text()))
# ... and of op_registry_elem10.py, recorded by tests/reference/elem10.py
RECORDED.update(json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_corpus_elem10.json").read_text()))

GROUPS = collections.defaultdict(list)
for _case in CASES:
    GROUPS[_case.name.rsplit("/", 1)[0] if _case.name.count("/") >= 2 else _case.name.split("/")[0]].append(_case)


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES_BY_NAME), \
        "run python tests/reference/record_torch.py edge_corpus after editing tests/edge_corpus.py"


def test_corpus_size():
    assert len(CASES) >= 1500


def test_listed_differences_name_cases():
    assert not set(DELIBERATE) & set(PENDING)
    assert set(NOT_UNIQUE) <= set(CASES_BY_NAME)
    assert set(DELIBERATE) <= set(CASES_BY_NAME)
    assert set(PENDING) <= set(CASES_BY_NAME)
    for name, (issue_class, reason) in PENDING.items():
        assert issue_class in (1, 2, 4, 5, 6, 7) and reason, name


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_edge_corpus_matches_pytorch(group, device):
    wrong, fixed = [], []
    on_cuda = gradlib.device(device).type == "cuda"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in GROUPS[group]:
            found, expected = run_case(gradlib, case, device), RECORDED[case.name]
            if case.name in NOT_UNIQUE:
                found, expected = without_values(found), without_values(expected)
            category, detail = compare(found, expected, device)
            listed = case.name in DELIBERATE or case.name in PENDING or (on_cuda and case.name in PENDING_ON_CUDA)
            if category in OK_CATEGORIES and listed and not on_cuda:
                fixed.append(case.name)  # the lists are kept for the CPU, where PyTorch was recorded
            elif category not in OK_CATEGORIES and not listed:
                wrong.append(f"{case.name}: {category}: {detail}")
    assert not wrong, f"{len(wrong)} calls differ from PyTorch:\n" + "\n".join(wrong)
    assert not fixed, "now matching PyTorch; remove from DELIBERATE/PENDING in tests/edge_corpus.py: " + \
        ", ".join(fixed)


def test_deliberate_differences_are_in_the_readme():
    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("### Deliberate differences from PyTorch")[1].split("\n## ")[0]
    for name in DELIBERATE:
        family = name.rsplit("/", 1)[0] + "/*"
        assert name in section or family in section, f"{name}: say why in the README's deliberate differences"
