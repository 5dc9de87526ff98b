"""grad_fn names as PyTorch prints them (``grad_fn=<...>``, ``grad_fn.name()``), for every op-registry sample and the
layers and losses tutorials print (tests/reference/grad_fn_names.py, recorded in torch_grad_fn_names.json).

KNOWN_DIFFERENT lists the cases where gradlib's graph still ends in another node than PyTorch's (a composite, or
a name PyTorch gives an overload); each is reported as an expected failure until its node gets PyTorch's name."""
import json
import pathlib
import warnings

import pytest

import gradlib
from reference.grad_fn_names import names

RECORDED = {name: record for file in sorted((pathlib.Path(__file__).parent / "reference").glob("torch_grad_fn_names*.json"))
            for name, record in json.loads(file.read_text()).items()}

KNOWN_DIFFERENT = {
    # forward mode (funcs5): jvp and forward-mode tangents come from a double vjp (the last node of that backward
    # graph, where PyTorch's forward formulas end in their own ops)
    "op/func_jvp", "op/forward_ad_tangent",
    # (einsum and tensordot contract in one node named after PyTorch's last step: View/Mul/Sum/PermuteBackward)
    # circular padding is written by PyTorch as copies into slices of a new tensor (CopySlices); gradlib indexes
    "op/pad_circular",
    # quantile computes every q at once and drops a helper dim in place at the end (squeeze_, SqueezeBackward4)
    "op/nanquantile", "op/quantile", "op/quantile_nearest",
    "op/unfold", "op/unfold_unbatched", "op/fold", "op/fold_unbatched_overlap",  # Im2Col/Col2ImBackward0
    # issue 15's top-level math composed of gradlib's ops (values and gradients are PyTorch's): PyTorch's renorm
    # and mvlgamma are nodes of their own; its chain_matmul ends in a view, its trapezoid and
    # cumulative_trapezoid in a multiplication by a Python number (MulBackward1) and a cumsum
    "op/renorm", "op/mvlgamma", "op/chain_matmul", "op/trapezoid", "op/cumulative_trapezoid",
}


@pytest.fixture(scope="module")
def found():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return names(gradlib)


def test_every_case_is_recorded(found):
    assert sorted(found) == sorted(RECORDED), "run: python tests/reference/record_torch.py grad_fn_names"


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_grad_fn_name_is_pytorchs(name, found):
    if name in KNOWN_DIFFERENT and found[name] != RECORDED[name]:
        pytest.xfail(f"gradlib prints {found[name]}, PyTorch {RECORDED[name]}")
    assert found[name] == RECORDED[name]



def test_known_differences_still_differ(found):
    """An entry of KNOWN_DIFFERENT whose node got PyTorch's name is taken out, so the list stays the true one."""
    stale = sorted(name for name in KNOWN_DIFFERENT if found[name] == RECORDED[name])
    assert not stale, f"now named as PyTorch names them; remove from KNOWN_DIFFERENT: {stale}"
