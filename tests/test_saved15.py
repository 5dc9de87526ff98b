"""Every node shows PyTorch's saved values (tests/reference/saved15.py, recorded in torch_saved15.json): for each
output's grad_fn of every op-registry sample, of the expressions tutorials introspect, of the layer calls and of
the nodes no sample ends in, the node's type name, ``name()``, the sorted ``_saved_*``/``_raw_saved_*`` names and
each ``_saved_*`` value (a saved input or output *is* that tensor where PyTorch's is). What gradlib's nodes do not
keep (and would have to save more on the hot path to show) is listed in ``KNOWN`` with the reason."""
import json
import pathlib

import pytest

import gradlib
from reference.saved15 import record_of

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_saved15.json").read_text())

_NEGATIVE_DIM = ("PyTorch shows a dim argument as given, a negative one wrapped to uint64 (-1 -> 18446744073709551615);"
                 " gradlib's node keeps the dim normalized")
_COMPOSITE = "gradlib computes the op as a composite whose last node is another than PyTorch's one node"

#: {(PyTorch's node name, attribute): why gradlib's node cannot show PyTorch's value}
KNOWN = {}

#: {case: why}: cases whose last node is not PyTorch's (its type or its saved values all differ)
KNOWN_CASES = {}


@pytest.fixture(scope="module")
def found():
    return json.loads(json.dumps(record_of(gradlib)).replace("gradlib.", "torch."))


def differences(theirs, mine):
    """``[(node name, attribute)]`` where gradlib's node shows another thing than PyTorch's: a name PyTorch shows
    and gradlib does not (or the reverse), another value, another type or ``name()``."""
    if theirs == mine:
        return []
    if not isinstance(theirs, list) or not isinstance(mine, list) or len(theirs) != len(mine) or (
            theirs and theirs[0] == "error"):
        return [("", "record")]
    wrong = []
    for recorded, shown in zip(theirs, mine):
        if recorded == shown:
            continue
        if recorded is None or shown is None or recorded[0] != shown[0]:
            wrong.append(("", "type"))
            continue
        node = recorded[0]
        if recorded[1] != shown[1]:
            wrong.append((node, "name()"))
        wrong += [(node, name) for name in sorted(set(recorded[2]) ^ set(shown[2]))]
        wrong += [(node, name) for name in sorted(set(recorded[3]) & set(shown[3]))
                  if recorded[3][name] != shown[3][name]]
    return wrong


def test_every_case_is_recorded(found):
    assert sorted(found) == sorted(RECORDED), "run: python tests/reference/record_torch.py saved15"


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_saved_values_are_pytorchs(name, found):
    wrong = differences(RECORDED[name], found[name])
    if wrong and name in KNOWN_CASES:
        pytest.xfail(KNOWN_CASES[name])
    unexplained = [item for item in wrong if item not in KNOWN]
    assert not unexplained, f"torch: {RECORDED[name]}\ngradlib: {found[name]}"


def test_known_differences_still_differ(found):
    seen = set()
    for name in RECORDED:
        seen.update(differences(RECORDED[name], found[name]))
    assert not sorted(set(KNOWN) - seen), "now PyTorch's: remove from KNOWN"
    stale = sorted(name for name in KNOWN_CASES if not differences(RECORDED[name], found[name]))
    assert not stale, f"now PyTorch's: remove from KNOWN_CASES: {stale}"


def test_saved_outputs_as_pytorchs():
    # a saved output of the node itself comes back as a new tensor (PyTorch's tutorial: ``_saved_result is y`` is
    # False), a non-differentiable output as that very tensor
    x = gradlib.tensor([0.5, 1.0, 2.0], dtype=gradlib.float64, requires_grad=True)
    y = x.sqrt()
    assert y.grad_fn._saved_result is not y and y.grad_fn._saved_result.equal(y)
    values, indices = x.sort()
    assert values.grad_fn._saved_indices is indices
