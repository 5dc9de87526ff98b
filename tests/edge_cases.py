"""The shared harness of the edge-semantics tests (tests/reference/edge_semantics.py): the case names of one
class, and one check per case on the device under test."""
import pytest

import gradlib
from reference import edge_semantics

RECORDED = edge_semantics.recorded()


def names(prefix):
    return sorted(name for name in edge_semantics.CASES if name.startswith(prefix))


def check_recorded(prefix):
    assert sorted(name for name in RECORDED if name.startswith(prefix)) == names(prefix), \
        "run python tests/reference/record_torch.py edge_semantics after editing edge_semantics.py"


def check_case(name, device):
    expected = RECORDED[name]
    reason = edge_semantics.KNOWN_DIFFERENCES.get(name)
    if reason is not None:
        with pytest.raises(AssertionError):
            edge_semantics.check(gradlib, name, expected, device)
        pytest.xfail(reason)
    edge_semantics.check(gradlib, name, expected, device)
