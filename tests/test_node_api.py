"""The graph node's API as PyTorch's (tests/reference/node_api.py, recorded in torch_node_api.json): the saved
values a node shows (``grad_fn._saved_<name>``) for the calls tutorials inspect (every one PyTorch shows) and for
every op-registry sample (every one gradlib shows has PyTorch's value), and the rest of Node's surface: name(),
metadata, hooks and their order, calling a node, version counters, increment_version, leaves and output_nr."""
import json
import pathlib

import pytest

import gradlib
from reference.node_api import record_of

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_node_api.json").read_text())

# samples where a saved value gradlib shows is not PyTorch's:
SAVED_DIFFERENT = {
    # PyTorch keeps a dim argument as given, a negative one wrapped to uint64 (-1 -> 18446744073709551615);
    # gradlib's nodes keep the dim normalized (the value is the same dim)
    "adaptive_avg_pool2d_1", "cat_neg_dim", "log_softmax", "log_softmax_extreme", "mT", "swapaxes", "sum_neg_dim",
    "categorical_distribution", "independent_normal", "kl_divergence", "one_hot_categorical", "matrix_norm_nuc",
    "quantile", "binomial_studentt_halfnormal_mixture", "diag_embed", "diag_embed_offset", "diag_forms",
    "diagonal_dims", "rot90_flips_take", "cross", "matrix_norm_neg2", "unsafe_chunk",
    # composites whose last node saves another tensor than PyTorch's (a broadcast copy, an unpadded input, a
    # number as a 0-d tensor: MulBackward1 in PyTorch), or whose matmuls run on other layouts
    "outer", "conv2d_same_even", "conv3d_same",
    "cross_entropy_probabilities", "cumulative_trapezoid", "trapezoid", "mvlgamma", "chain_matmul", "eigh",
    "matrix_power_negative", "svd", "unfold", "sparse_sum_all",
    # fold/unfold are composites in gradlib (a slice or squeeze last), one Col2Im/Im2Col node in PyTorch: the last
    # node's input sizes are not PyTorch's
    "fold", "fold_unbatched_overlap", "unfold_unbatched", "ctc_loss_none_zero_infinity", "renorm",
    "mse_loss_broadcast_sum",
    # full_matrices: the extra singular vectors span the null space in a basis of the backend's choosing
    "svd_wide_full",
    # torch.convolution called directly shows an absent bias's sizes as None, F.conv* as (0,): the node does not
    # know which was called
    "torchfn_convolution",
    # forward mode (jvp, forward-AD tangents) comes from a double vjp: other last nodes than PyTorch's
    "forward_ad_tangent", "func_jvp",
    # frexp's node keeps a copy of its int32 exponent output (the same values), not the output tensor itself:
    # gradlib's saved outputs come back as differentiable outputs of the node
    "frexp",
}


@pytest.fixture(scope="module")
def found():
    return json.loads(json.dumps(record_of(gradlib)))


def _same_text(value):
    """gradlib names itself where PyTorch's messages name torch (``gradlib.FloatTensor``,
    ``gradlib.autograd.set_detect_anomaly``)."""
    return json.loads(json.dumps(value).replace("gradlib.", "torch."))


def test_every_case_is_recorded(found):
    assert sorted(found) == sorted(RECORDED), "run: python tests/reference/record_torch.py node_api"


@pytest.mark.parametrize("name", sorted(name for name in RECORDED if not name.startswith("op/")))
def test_node_api_is_pytorchs(name, found):
    assert _same_text(found[name]) == RECORDED[name]


def _differences(recorded, mine):
    """The saved names gradlib shows whose value is not PyTorch's (or that PyTorch does not show)."""
    if not isinstance(recorded, list) or not isinstance(mine, list) or (recorded and recorded[0] == "error"):
        return []
    wrong = []
    for theirs, ours in zip(recorded, mine):
        for key, value in (ours or {}).items():
            if theirs is None or key not in theirs or theirs[key] != value:
                wrong.append(key)
    return wrong


@pytest.mark.parametrize("name", sorted(name for name in RECORDED if name.startswith("op/")))
def test_saved_values_shown_are_pytorchs(name, found):
    wrong = _differences(RECORDED[name], found[name])
    if wrong and name[3:] in SAVED_DIFFERENT:
        pytest.xfail(f"{wrong}: see SAVED_DIFFERENT")
    assert not wrong


def test_saved_differences_still_differ(found):
    stale = sorted(sample for sample in SAVED_DIFFERENT
                   if not _differences(RECORDED["op/" + sample], found["op/" + sample]))
    assert not stale, f"now PyTorch's saved values; remove from SAVED_DIFFERENT: {stale}"


def test_calling_a_node_on_a_device(device):
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    y = x * x
    (grad,) = (y.grad_fn(gradlib.ones(2, device=device)),)
    assert grad[0].device == x.device and grad[0].tolist() == [1.0, 2.0] and grad[0].requires_grad
    leaf = y.grad_fn.next_functions[0][0]
    assert leaf(gradlib.ones(2, device=device)) == () and x.grad.tolist() == [1.0, 1.0]
    with pytest.raises(TypeError, match="expected a Tensor or None"):
        y.grad_fn([1.0, 1.0])
