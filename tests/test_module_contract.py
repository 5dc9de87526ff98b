"""Issue 14, class 6: the nn.Module contract as PyTorch keeps it. Assigning to a registered parameter, buffer or
submodule name (a tensor, a number, None, a Parameter, a Module, a Buffer), deleting each kind, and
register_parameter / register_buffer / add_module with dotted, empty, non-string and already-taken names: the
tables the value lands in, or PyTorch's exception class and message (``module/...`` cases of
tests/reference/edge_semantics.py)."""
import pytest

from edge_cases import check_case, check_recorded, names

NAMES = names("module/")


def test_every_case_is_recorded():
    check_recorded("module/")


@pytest.mark.parametrize("name", NAMES)
def test_module_contract(name, device):
    check_case(name, device)
