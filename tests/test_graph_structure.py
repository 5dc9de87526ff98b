"""The recorded graph as tutorials walk it, PyTorch's: ``grad_fn.next_functions`` recursively (node names,
``(None, 0)`` edges, input numbers, output numbers of multi-output nodes), for every op-registry sample (all float
inputs requiring grad, then only the first) and for the graphs tutorials print (Python numbers against tensors,
views, indexing, in-place writes and CopySlices, split/unbind/max(dim), cat/stack of tensors some of which need no
gradient, custom Functions, MLP/CNN/RNN cells, losses). PyTorch's trees: tests/reference/graph_structure.py,
recorded in torch_graph_structure.json.

KNOWN_DIFFERENT lists the samples whose graph below the output is still gradlib's own: composites computed in
fewer or other nodes than PyTorch's (matmul of batches and linear of 3-D inputs in one node, einsum, tensordot,
embedding_bag, sparse tensors, distributions, torch.func transforms, losses
composed of other primitives). Values and gradients are PyTorch's; each entry is an expected failure until its
graph is PyTorch's, and an entry that became PyTorch's fails test_known_differences_still_differ."""
import json
import pathlib

import pytest

import gradlib
from reference.graph_structure import cases, structures

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_graph_structure.json").read_text())

KNOWN_DIFFERENT = {
    # the torch.* spellings (tests/op_registry_torchfn10.py) of functionals listed here for the same reasons
    "torchfn_bilinear_cosine", "torchfn_ctc_loss", "torchfn_embedding_bag", "torchfn_margin_losses",
    "torchfn_poisson_bce", "torchfn_rms_norm", "torchfn_triplet",
    "bernoulli_distribution", "bernoulli_fill_tensor", "bilinear", "bilinear_1d",
    "bilinear_batched_no_bias", "binomial_studentt_halfnormal_mixture",
    "cartesian_combinations", "categorical_distribution", "chain_matmul", "conv2d_same_even",
    "conv3d_same", "cosine_embedding_loss", "cosine_similarity", "cov_corrcoef", "cov_weights",
    "cross_entropy_smoothing", "cross_entropy_smoothing_weight", "ctc_loss", "ctc_loss_concat_sum_blank",
    "ctc_loss_none_zero_infinity", "ctc_loss_unbatched", "cumulative_trapezoid", "dense_matmul_sparse",
    "dense_plus_sparse", "dense_to_sparse", "dense_to_sparse_values", "det_rank_deficient", "diag_forms",
    "einsum_batch_outer", "einsum_diagonal", "einsum_ellipsis", "einsum_ellipsis_broadcast",
    "einsum_ellipsis_implicit", "einsum_implicit", "einsum_matmul", "einsum_sublist_batched", "einsum_trace",
    "embedding_bag_include_last_offset", "embedding_bag_max", "embedding_bag_max_padding", "embedding_bag_mean",
    "embedding_bag_mean_padding", "embedding_bag_per_sample_weights", "embedding_bag_sum", 
    "fill_diagonal_", "fill_diagonal_wrap", "fold", "fold_unbatched_overlap", "forward_ad_tangent", "func_grad",
    "func_grad_and_value_argnums", "func_hessian", "func_jacfwd", "func_jacrev", "func_jvp", "func_vjp", "func_vmap",
    "func_vmap_grad", "gaussian_nll_loss", "hinge_embedding_loss", "independent_normal",
    "index_add", "index_combined", "inner", "kl_divergence",
    "kron", "linear_1d_no_bias", "linear_3d", "linear_3d_no_bias", "linear_3d_transposed", "local_response_norm",
    "local_response_norm_4d", "lognormal_poisson", "margin_ranking_loss", "masked_select", "matmul_batched",
    "matmul_batched_broadcast", "matmul_batched_vector", "matmul_vm", "matrix_norm_1", "matrix_norm_inf",
    "matrix_power", "mse_loss_broadcast_sum", "multi_margin_loss", "multi_margin_loss_none_1d",
    "multi_margin_loss_p2_weight_sum", "multilabel_margin_loss", "multilabel_margin_loss_1d_sum",
    "multilabel_margin_loss_none", "multivariate_normal", "multivariate_normal_kl", "multivariate_normal_precision",
    "multivariate_normal_scale_tril", "mvlgamma", "nanquantile", "norm_except_dim", "normal_distribution",
    "normalize", "one_hot_categorical", "outer", "pad_circular", "pairwise_distance_1d", "pairwise_distance_inf",
    "pairwise_distance_p1_row", "pairwise_distance_p2", "pairwise_distance_p3_keepdim", "poisson_nll_loss_rates_full",
    "prelu_shared", "quantile", "quantile_nearest", "renorm", "rms_norm", "rms_norm_1d", "rms_norm_weight_eps",
    "scatter_value", "sdpa", "sdpa_bool_mask", "sdpa_float_mask", "sparse_coalesce_values",
    "sparse_coo_to_dense", "sparse_coo_to_dense_hybrid", "sparse_csr_matmul", "sparse_csr_to_dense",
    "sparse_log_softmax", "sparse_matmul_operator", "sparse_matmul_vector", "sparse_mm", "sparse_mm_coalesced",
    "sparse_mm_function", "sparse_scaled", "sparse_softmax_columns", "sparse_softmax_rows", "sparse_sum_all",
    "sparse_sum_dense_dim", "sparse_sum_dim0", "spmm", "svd_wide_full", "tensordot", "transformed_distribution",
    "trapezoid", "triplet_margin_loss", "triplet_with_distance_default", "unfold", "unfold_unbatched",
    "weight_norm_middle_dim", "weight_norm_whole",
}
# the tutorial graphs that still differ: attention's batched matmul is one node (PyTorch: expand/view/bmm/
# unsafe_view); LSTM/GRU cells chunk with split (PyTorch: unsafe_split); nn.LSTM runs in PyTorch's one fused
# layer node; MultiheadAttention's projections
KNOWN_DIFFERENT_CASES = {"attention", "lstm_cell", "gru_cell", "lstm", "multihead_attention"}


def _known(name):
    kind, sample = name.split("/", 1)
    return sample in (KNOWN_DIFFERENT_CASES if kind == "case" else KNOWN_DIFFERENT)


@pytest.fixture(scope="module")
def found():
    trees = structures(gradlib)
    trees.update(cases(gradlib))
    return json.loads(json.dumps(trees))  # tuples as lists, as recorded


def test_every_case_is_recorded(found):
    assert sorted(found) == sorted(RECORDED), "run: python tests/reference/record_torch.py graph_structure"


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_graph_is_pytorchs(name, found):
    if _known(name) and found[name] != RECORDED[name]:
        pytest.xfail("gradlib's graph below this output is its own (see KNOWN_DIFFERENT)")
    assert found[name] == RECORDED[name]


def test_known_differences_still_differ(found):
    """An entry whose graph became PyTorch's is taken out, so the lists stay the true ones."""
    same = {}
    for name, tree in found.items():
        kind, sample = name.split("/", 1)
        key = ("case/" if kind == "case" else "") + sample
        same[key] = same.get(key, True) and tree == RECORDED[name]
    stale = sorted(key for key, equal in same.items() if equal and _known(key if key.startswith("case/")
                                                                         else "all/" + key))
    assert not stale, f"now PyTorch's graph; remove from KNOWN_DIFFERENT(_CASES): {stale}"
