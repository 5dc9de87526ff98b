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

_NEGATIVE_DIM = ("PyTorch shows a dim argument as given, a negative one read as uint64 (-1 -> 18446744073709551615);"
                 " gradlib's node keeps the dim normalized, the value given is not kept")
_NOT_KEPT = "the node does not keep it (showing it would mean saving more in forward)"
_POSITIONS = ("the node keeps the selected positions as an index array (along its dim), not the indices output "
              "tensor nor the dim and keepdim")
_INDEX_ARRAYS = ("the node keeps the advanced index it built from the index tensor (or mask), not the tensor itself "
                 "nor the dim")
_RESAMPLE_PLAN = "the node keeps its per-axis interpolation plan, not the scale factors nor align_corners"
_NORM_STATISTICS = ("the node recomputes mean and rstd in backward: the statistics, the bias and the running stats "
                    "are not kept")
_WINDOWS = ("the node keeps its window positions (or kernel of ones), not the input nor the pooling or padding "
            "arguments as given")
_WRAPPED_NUMBER = ("a Python number operand is kept as the number (its _saved_ value is PyTorch's wrapped 0-d "
                   "tensor); PyTorch keeps a SavedVariable of it whose hooks backward then reads (hooks registered on "
                   "it change the gradient), gradlib's backward reads the number")
_LINEAR_MAT2 = ("linear's node saves the weight, PyTorch's mm saves weight.t(): _saved_mat2 shows the transpose, "
                "but there is no saved value of it to hook")
_AS_GIVEN = ("PyTorch shows the argument as the call gave it (an int or a float, None or () when not given, the "
             "pad's trailing zeros, the overload's correction); the node keeps it converted or normalized")
_SQUEEZED = ("the squeeze node does not keep the dims it was given (the input's size-1 dims do not tell which, "
             "nor how they were written)")
_ROUNDED = ("div with rounding_mode 'trunc'/'floor' has zero gradients: its node keeps neither operand nor the "
            "mode")
_IN_PLACE_RESULT = ("an in-place activation's node keeps the input's values from before the write, PyTorch's "
                    "its result")
_COMPOSITE = "gradlib computes the op as a composite: its last node is not PyTorch's (type or saved values)"


def _known(node, names, why):
    return {(node, name): why for name in names.split()}


#: {(PyTorch's node name, attribute): why gradlib's node cannot show PyTorch's name or value}
KNOWN = {
    **_known("EmbeddingBackward0", "_raw_saved_indices _saved_indices", _INDEX_ARRAYS),
    **_known("EmbeddingBagBackward0", "_raw_saved_indices _raw_saved_offsets _raw_saved_per_sample_weights "
                                      "_raw_saved_result1 _raw_saved_result2 _raw_saved_result3 _raw_saved_weight "
                                      "_saved_indices _saved_mode _saved_offsets _saved_padding_idx "
                                      "_saved_per_sample_weights _saved_result1 _saved_result2 _saved_result3 "
                                      "_saved_scale_grad_by_freq _saved_sparse _saved_weight "
                                      "_saved_weight_sym_argsize_0", _INDEX_ARRAYS),
    **_known("GatherBackward0", "_raw_saved_index _raw_saved_self _saved_dim _saved_index _saved_self "
                                "_saved_sparse_grad", _INDEX_ARRAYS),
    **_known("IndexAddBackward0", "_raw_saved_index _raw_saved_source _saved_alpha _saved_dim _saved_index "
                                  "_saved_source _saved_source_dim", _INDEX_ARRAYS),
    **_known("IndexBackward0", "_raw_saved_indices _saved_indices _saved_self_sym_sizes", _INDEX_ARRAYS),
    **_known("IndexCopyBackward0", "_raw_saved_index _raw_saved_source _saved_dim _saved_index _saved_source "
                                   "_saved_source_dim", _INDEX_ARRAYS),
    **_known("IndexFillBackward0", "_raw_saved_index _saved_dim _saved_index", _INDEX_ARRAYS),
    **_known("IndexFillBackward1", "_raw_saved_index _saved_dim _saved_index", _INDEX_ARRAYS),
    **_known("IndexPutBackward0", "_raw_saved_indices _saved_indices", _INDEX_ARRAYS),
    **_known("IndexReduceBackward0", "_raw_saved_index _raw_saved_result _raw_saved_self _raw_saved_source "
                                     "_saved_dim _saved_index _saved_result _saved_self _saved_source",
                                     _INDEX_ARRAYS),
    **_known("IndexSelectBackward0", "_raw_saved_index _saved_index", _INDEX_ARRAYS),
    **_known("MaskedSelectBackward0", "_raw_saved_mask _raw_saved_self _saved_mask _saved_self", _INDEX_ARRAYS),
    **_known("PutBackward0", "_raw_saved_index _raw_saved_source _saved_index _saved_source", _INDEX_ARRAYS),
    **_known("ScatterAddBackward0", "_raw_saved_index _saved_dim _saved_index", _INDEX_ARRAYS),
    **_known("ScatterBackward0", "_raw_saved_index _saved_dim _saved_index", _INDEX_ARRAYS),
    **_known("ScatterBackward1", "_raw_saved_index _saved_dim _saved_index", _INDEX_ARRAYS),
    **_known("ScatterReduceBackward0", "_raw_saved_index _raw_saved_result _raw_saved_self _raw_saved_src "
                                       "_saved_dim _saved_index _saved_result _saved_self _saved_src", _INDEX_ARRAYS),
    **_known("SelectScatterBackward0", "_saved_dim _saved_index", _INDEX_ARRAYS),
    **_known("SliceScatterBackward0", "_saved_dim _saved_end _saved_start _saved_step", _INDEX_ARRAYS),
    **_known("TakeBackward0", "_raw_saved_index _raw_saved_self _saved_index _saved_self", _INDEX_ARRAYS),
    **_known("AddmmBackward0", "_raw_saved_mat2", _LINEAR_MAT2),
    **_known("MmBackward0", "_raw_saved_mat2", _LINEAR_MAT2),
    **_known("CatBackward0", "_saved_dim", _NEGATIVE_DIM),
    **_known("DiagEmbedBackward0", "_saved_dim1 _saved_dim2", _NEGATIVE_DIM),
    **_known("DiagonalBackward0", "_saved_dim1 _saved_dim2", _NEGATIVE_DIM),
    **_known("LogSoftmaxBackward0", "_saved_dim", _NEGATIVE_DIM),
    **_known("MeanBackward1", "_saved_dim", _NEGATIVE_DIM),
    **_known("Rot90Backward0", "_saved_k", _NEGATIVE_DIM),
    **_known("SoftmaxBackward0", "_saved_dim", _NEGATIVE_DIM),
    **_known("SumBackward1", "_saved_dim", _NEGATIVE_DIM),
    **_known("TransposeBackward0", "_saved_dim0 _saved_dim1", _NEGATIVE_DIM),
    **_known("UnsqueezeBackward0", "_saved_dim", _NEGATIVE_DIM),
    **_known("NativeBatchNormBackward0", "_raw_saved_result1 _raw_saved_result2 _raw_saved_running_mean "
                                         "_raw_saved_running_var _saved_result1 _saved_result2 _saved_running_mean "
                                         "_saved_running_var", _NORM_STATISTICS),
    **_known("NativeGroupNormBackward0", "_raw_saved_result1 _raw_saved_result2 _saved_result1 _saved_result2",
                                         _NORM_STATISTICS),
    **_known("NativeLayerNormBackward0", "_raw_saved_bias _raw_saved_result1 _raw_saved_result2 _saved_bias "
                                         "_saved_result1 _saved_result2", _NORM_STATISTICS),
    **_known("AffineGridGeneratorBackward0", "_saved_align_corners _saved_size", _NOT_KEPT),
    **_known("AminBackward0", "_saved_dim", _NEGATIVE_DIM),
    **_known("AsStridedScatterBackward0", "_saved_storage_offset", _AS_GIVEN),
    **_known("BinaryCrossEntropyWithLogitsBackward0", "_raw_saved_pos_weight _raw_saved_weight _saved_pos_weight "
                                                      "_saved_weight", _NOT_KEPT),
    **_known("CholeskySolveBackward0", "_raw_saved_self _saved_self", _NOT_KEPT),
    **_known("ConstantPadNdBackward0", "_saved_pad", _AS_GIVEN),
    **_known("ConvolutionBackward0", "_saved_output_padding", _NOT_KEPT),
    **_known("CtcLossBackward0", "_raw_saved_result1 _raw_saved_targets _saved_result1 _saved_targets", _NOT_KEPT),
    **_known("DistBackward0", "_saved_p", _AS_GIVEN),
    **_known("DivBackward2", "_raw_saved_other _raw_saved_self _saved_other _saved_rounding_mode _saved_self",
                             _ROUNDED),
    **_known("ErfinvBackward0", "_raw_saved_self _saved_self", _NOT_KEPT),
    **_known("GridSampler2DBackward0", "_saved_align_corners _saved_padding_mode", _NOT_KEPT),
    **_known("GridSampler3DBackward0", "_saved_align_corners _saved_padding_mode", _NOT_KEPT),
    **_known("EluBackward1", "_raw_saved_result _saved_result", _IN_PLACE_RESULT),
    **_known("EluBackward1", "_saved_alpha", _AS_GIVEN),
    **_known("LeakyReluBackward1", "_raw_saved_result _saved_result", _IN_PLACE_RESULT),
    **_known("HardtanhBackward0", "_saved_max_val _saved_min_val", _AS_GIVEN),
    **_known("LinalgCrossBackward0", "_saved_dim", _NEGATIVE_DIM),
    **_known("LinalgDetBackward0", "_raw_saved_LU _raw_saved_pivots _saved_LU _saved_pivots", _NOT_KEPT),
    **_known("LinalgLstsqBackward0", "_raw_saved_solution _saved_solution", _NOT_KEPT),
    **_known("LinalgSlogdetBackward0", "_raw_saved_LU _raw_saved_pivots _saved_LU _saved_pivots", _NOT_KEPT),
    **_known("LinalgSolveExBackward0", "_raw_saved_LU _raw_saved_pivots _saved_LU _saved_pivots", _NOT_KEPT),
    **_known("LinalgVectorNormBackward0", "_saved_dim _saved_ord", _AS_GIVEN),
    **_known("LogSigmoidBackward0", "_raw_saved_buffer _saved_buffer", _NOT_KEPT),
    **_known("MultiMarginLossBackward0", "_raw_saved_self _raw_saved_target _raw_saved_weight "
                                         "_saved_self _saved_target _saved_weight", _NOT_KEPT),
    **_known("MultilabelMarginLossBackward0", "_raw_saved_is_target _raw_saved_self _raw_saved_target "
                                              "_saved_is_target _saved_self _saved_target",
                                              _NOT_KEPT),
    **_known("NllLoss2DBackward0", "_raw_saved_self _raw_saved_target _raw_saved_total_weight _raw_saved_weight "
                                   "_saved_ignore_index _saved_self _saved_target "
                                   "_saved_total_weight _saved_weight", _NOT_KEPT),
    **_known("NllLossBackward0", "_raw_saved_self _raw_saved_target _raw_saved_total_weight _raw_saved_weight "
                                 "_saved_ignore_index _saved_self _saved_target "
                                 "_saved_total_weight _saved_weight", _NOT_KEPT),
    **_known("PowBackward0", "_saved_exponent", _AS_GIVEN),
    **_known("PreluKernelBackward0", "_raw_saved_weight _saved_weight", _NOT_KEPT),
    **_known("RreluWithNoiseBackward0", "_raw_saved_noise _saved_lower _saved_noise _saved_training _saved_upper",
                                        _NOT_KEPT),
    **_known("ScaledDotProductFlashAttentionForCpuBackward0", "_raw_saved_attn_mask _raw_saved_logsumexp "
                                                              "_raw_saved_output _saved_attn_mask _saved_dropout_p "
                                                              "_saved_is_causal _saved_logsumexp _saved_output",
                                                              _NOT_KEPT),
    **_known("SoftplusBackward0", "_saved_threshold", _AS_GIVEN),
    **_known("SparseAddmmBackward0", "_raw_saved_mat1 _raw_saved_mat2 _saved_alpha _saved_beta _saved_mat1 "
                                     "_saved_mat2 _saved_mat2_sym_strides", _NOT_KEPT),
    **_known("SqueezeBackward1", "_saved_dim", _SQUEEZED),
    **_known("SqueezeBackward2", "_saved_dim", _SQUEEZED),
    **_known("SqueezeBackward4", "_saved_dim", _SQUEEZED),
    **_known("SqueezeBackward5", "_saved_dim", _SQUEEZED),
    **_known("StdBackward0", "_saved_correction", _AS_GIVEN),
    **_known("ToDenseBackward0", "_raw_saved_self _saved_self", _NOT_KEPT),
    **_known("UnsafeSplitBackward0", "_saved_dim", _NEGATIVE_DIM),
    **_known("ValuesBackward0", "_raw_saved_self _saved_self", _NOT_KEPT),
    **_known("VarBackward0", "_saved_correction", _AS_GIVEN),
    **_known("WeightNormInterfaceBackward0", "_raw_saved_result1 _saved_result1", _NOT_KEPT),
    **_known("CummaxBackward0", "_raw_saved_indices _raw_saved_self _saved_dim _saved_indices _saved_self",
                                _POSITIONS),
    **_known("CumminBackward0", "_raw_saved_indices _raw_saved_self _saved_dim _saved_indices _saved_self",
                                _POSITIONS),
    **_known("KthvalueBackward0", "_raw_saved_indices _saved_dim _saved_indices _saved_keepdim", _POSITIONS),
    **_known("MaxBackward0", "_raw_saved_indices _saved_indices", _POSITIONS),
    **_known("MaxUnpool2DBackward0", "_raw_saved_indices _saved_indices", _POSITIONS),
    **_known("MaxUnpool3DBackward0", "_raw_saved_indices _saved_indices", _POSITIONS),
    **_known("MedianBackward1", "_raw_saved_indices _saved_dim _saved_indices _saved_keepdim", _POSITIONS),
    **_known("MinBackward0", "_raw_saved_indices _saved_indices", _POSITIONS),
    **_known("ModeBackward0", "_raw_saved_indices _saved_dim _saved_indices _saved_keepdim", _POSITIONS),
    **_known("NanmedianBackward1", "_raw_saved_indices _saved_dim _saved_indices _saved_keepdim", _POSITIONS),
    **_known("SortBackward0", "_raw_saved_indices _saved_dim _saved_indices", _POSITIONS),
    **_known("SortBackward1", "_raw_saved_indices _saved_dim _saved_indices", _POSITIONS),
    **_known("TopkBackward0", "_raw_saved_indices _saved_dim _saved_indices", _POSITIONS),
    **_known("UpsampleBicubic2DBackward0", "_saved_align_corners _saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleBilinear2DBackward0", "_saved_align_corners _saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleBicubic2DAaBackward0", "_saved_align_corners _saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleBilinear2DAaBackward0", "_saved_align_corners _saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleLinear1DBackward0", "_saved_align_corners _saved_scales", _RESAMPLE_PLAN),
    **_known("UpsampleNearest1DBackward0", "_saved_scales", _RESAMPLE_PLAN),
    **_known("UpsampleNearest2DBackward0", "_saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleNearest3DBackward0", "_saved_scales_d _saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleNearestExact1DBackward0", "_saved_scales", _RESAMPLE_PLAN),
    **_known("UpsampleNearestExact2DBackward0", "_saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleNearestExact3DBackward0", "_saved_scales_d _saved_scales_h _saved_scales_w", _RESAMPLE_PLAN),
    **_known("UpsampleTrilinear3DBackward0", "_saved_align_corners _saved_scales_d _saved_scales_h _saved_scales_w",
                                             _RESAMPLE_PLAN),
    **_known("AdaptiveAvgPool2DBackward0", "_raw_saved_self _saved_self", _WINDOWS),
    **_known("AdaptiveAvgPool3DBackward0", "_raw_saved_self _saved_self", _WINDOWS),
    **_known("AdaptiveMaxPool2DBackward0", "_raw_saved_result1 _raw_saved_self _saved_result1 _saved_self", _WINDOWS),
    **_known("AdaptiveMaxPool3DBackward0", "_raw_saved_result1 _raw_saved_self _saved_result1 _saved_self", _WINDOWS),
    **_known("AvgPool2DBackward0", "_raw_saved_self _saved_ceil_mode _saved_count_include_pad "
                                   "_saved_divisor_override _saved_self _saved_stride", _WINDOWS),
    **_known("AvgPool3DBackward0", "_raw_saved_self _saved_ceil_mode _saved_count_include_pad "
                                   "_saved_divisor_override _saved_self _saved_stride", _WINDOWS),
    **_known("MaxPool2DWithIndicesBackward0", "_raw_saved_result1 _raw_saved_self _saved_ceil_mode _saved_dilation "
                                              "_saved_kernel_size _saved_padding _saved_result1 _saved_self "
                                              "_saved_stride", _WINDOWS),
    **_known("MaxPool3DWithIndicesBackward0", "_raw_saved_result1 _raw_saved_self _saved_ceil_mode _saved_dilation "
                                              "_saved_kernel_size _saved_padding _saved_result1 _saved_self "
                                              "_saved_stride", _WINDOWS),
    **_known("ReflectionPad1DBackward0", "_raw_saved_self _saved_padding _saved_self", _WINDOWS),
    **_known("ReflectionPad2DBackward0", "_raw_saved_self _saved_padding _saved_self", _WINDOWS),
    **_known("ReflectionPad3DBackward0", "_raw_saved_self _saved_padding _saved_self", _WINDOWS),
    **_known("ReplicationPad1DBackward0", "_raw_saved_self _saved_padding _saved_self", _WINDOWS),
    **_known("ReplicationPad2DBackward0", "_raw_saved_self _saved_padding _saved_self", _WINDOWS),
    **_known("ReplicationPad3DBackward0", "_raw_saved_self _saved_padding _saved_self", _WINDOWS),
    **_known("DivBackward0", "_raw_saved_other", _WRAPPED_NUMBER),
    **_known("MulBackward0", "_raw_saved_other", _WRAPPED_NUMBER),
}

#: {case: why}: cases whose last node is not PyTorch's
KNOWN_CASES = {case: _COMPOSITE for case in (
    "op/chain_matmul", "op/conv2d_same_even", "op/conv3d_same", "op/cross_entropy_probabilities",
    "op/ctc_loss_none_zero_infinity", "op/cumulative_trapezoid", "op/eigh", "op/fold", "op/fold_unbatched_overlap",
    "op/forward_ad_tangent", "op/func_jvp", "op/matrix_power_negative", "op/mse_loss_broadcast_sum", "op/mvlgamma",
    "op/nanquantile", "op/outer", "op/pad_circular", "op/quantile", "op/quantile_nearest", "op/renorm",
    "op/sparse_sum_all", "op/svd", "op/trapezoid", "op/unfold", "op/unfold_unbatched",
)}
_SPARSE = "a product with a sparse operand: gradlib's node keeps the dense operand as another tensor than PyTorch's"
_MATMUL_FOLDS = ("matmul of batches: PyTorch folds the batch dims into an mm or bmm whose result it views back, "
                 "gradlib's one node shows the sizes of its own product")
_EINSUM = ("einsum: gradlib contracts in one node named as PyTorch's last step, whose saved values are those of "
           "PyTorch's intermediate tensors")
KNOWN_CASES.update({case: _SPARSE for case in (
    "op/dense_matmul_sparse", "op/sparse_csr_matmul", "op/sparse_matmul_operator", "op/sparse_mm_function", "op/spmm",
    "op/sparse_matmul_vector")})
KNOWN_CASES.update({case: _MATMUL_FOLDS for case in (
    "call/matmul_batched", "op/func_vmap_grad", "op/matmul_batched", "op/matmul_batched_broadcast",
    "op/matmul_batched_vector", "op/matrix_power", "op/sdpa", "op/sdpa_bool_mask", "op/sdpa_float_mask",
    "op/svd_wide_full", "op/matmul_vm")})
KNOWN_CASES.update({case: _EINSUM for case in (
    "op/einsum_batch_outer", "op/einsum_diagonal", "op/einsum_ellipsis", "op/einsum_ellipsis_broadcast",
    "op/einsum_implicit", "op/einsum_matmul", "op/einsum_sublist_batched", "op/tensordot",
    "op/einsum_ellipsis_implicit",
    "op/einsum_trace", "probe/lib.einsum('ij,jk->ik', x, m)", "probe/lib.outer(x[0], m[0])")})
KNOWN_CASES.update({case: _COMPOSITE for case in ("op/binomial_studentt_halfnormal_mixture", "op/logdet_spd")})
KNOWN_CASES.update({
    "op/frexp": "frexp's node keeps a copy of its int32 exponent output, not the output tensor",
    "op/torchfn_convolution": ("torch.convolution called directly shows an absent bias's sizes as None, F.conv* as "
                               "(0,): the node does not know which was called"),
})


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
        if name not in KNOWN_CASES:
            seen.update(differences(RECORDED[name], found[name]))
    stale = sorted(set(KNOWN) - seen)
    assert not stale, f"now PyTorch's: remove from KNOWN: {stale}"
    stale = sorted(name for name in KNOWN_CASES if not differences(RECORDED[name], found[name]))
    assert not stale, f"now PyTorch's: remove from KNOWN_CASES: {stale}"


def test_saved_tensors_as_pytorchs(device):
    # a saved input is that very tensor; a saved output of the node itself comes back as a new tensor (PyTorch's
    # tutorial: ``y.grad_fn._saved_result is y`` is False); numbers the node derives read the same on any device
    x = gradlib.tensor([[0.5, 1.0, 2.0]], dtype=gradlib.float64, device=device, requires_grad=True)
    assert (x * x).grad_fn._saved_self is x
    y = x.sqrt()
    saved = y.grad_fn._saved_result
    assert saved is not y and saved.equal(y) and saved.device == x.device
    node = x[0, 1:].grad_fn
    assert (node._saved_dim, node._saved_start, node._saved_end, node._saved_self_sym_sizes) == (0, 1, (1 << 63) - 1,
                                                                                                 (3,))
    assert x.squeeze(0).unsqueeze(1).grad_fn._saved_dim == 1
    weight = gradlib.ones(2, 1, 1, 3, dtype=gradlib.float64, device=device, requires_grad=True)
    node = gradlib.nn.functional.conv2d(x[None, None], weight, padding=(0, 1)).grad_fn
    assert (node._saved_padding, node._saved_stride, node._saved_bias_sym_sizes_opt) == ((0, 1), (1, 1), (0,))
    assert node._saved_input.device == x.device
