"""The fixes made so that PyTorch's own docstring examples run under gradlib (helper docex6; the examples
themselves: tests/test_docstring_examples.py), against PyTorch's recorded behaviour (tests/reference/torch_docex6.json,
cases in tests/reference/docex6_cases.py), on each device. Values, gradients and dtypes of the ops are checked by
the op registry (tests/op_registry_docex6.py)."""
import json
import pathlib

import pytest

from reference.docex6_cases import CASES
from test_torch_reference import check_recorded_case

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_docex6.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py docex6"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    check_recorded_case(CASES[name], RECORDED[name], device, name)
