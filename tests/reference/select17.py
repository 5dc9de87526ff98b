"""Differential fuzzing of sorting, selection and statistics ops against PyTorch (session 17, select17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
index16's builders (fuzz15's ``T(dtype, form, variant, grad)``, ``GRAD``, ``D``; index16's ``I``, ``N``, ``MK``)
plus these:

- ``X(dtype, form, grad=False)``: ``T``'s forms and tie-heavy ones: ``"tvec"`` (7,), ``"tmat"`` (3, 5),
  ``"tcube"`` (2, 3, 4) hold few distinct values (ties everywhere); ``"nmat"`` (3, 5) and ``"nvec"`` (7,) also
  hold NaN and +-inf (floats; other dtypes get the ties only); ``"tt"`` is ``"tmat"`` transposed;
- ``Q(values, dtype="float32")``: a float tensor (quantiles, bounds, weights) on the case's device;
- ``SRT(x)``: ``x`` sorted along its last dim (sorted boundaries for searchsorted).

Warnings are part of the answer. The recorder (``python tests/reference/record_torch.py select17``) stores
PyTorch's answers in ``torch_select17.json``; tests/test_select17.py demands gradlib give the same on every device.
tools/fuzz_select17.py draws the sweep these cases were chosen from.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_select17.py import it (tests/reference on sys.path)
    import index16
except ImportError:
    from . import fuzz15  # as the tests import it (reference.select17)
    from . import index16

FILE = pathlib.Path(__file__).parent / "torch_select17.json"

NAN = float("nan")
INF = float("inf")
_TIES = [1, 0, 2, 1, -1, 0, 1, 2, 0, -1, 1, 0, 2, 2, -1, 1, 0, 1, -1, 2, 0, 0, 1, 2]
_NANS = [1.0, NAN, 0.0, 1.0, -INF, NAN, 2.0, 0.0, INF, 1.0, -0.0, NAN, 2.0, -1.0, 1.0]
_TIE_SHAPES = {"tvec": (7,), "tmat": (3, 5), "tcube": (2, 3, 4), "nmat": (3, 5), "nvec": (7,), "tt": (5, 3)}


def builders(lib, device):
    """The names a case's expression sees."""
    names = index16.builders(lib, device)
    plain_t = names["T"]

    def X(dtype, form, grad=False):  # noqa: N802
        if form not in _TIE_SHAPES:
            return plain_t(dtype, form, 0, grad)
        shape = _TIE_SHAPES[form]
        count = math.prod(shape)
        floating = dtype.startswith(("float", "bfloat", "complex"))
        flat = (_NANS if form[0] == "n" and floating else _TIES)[:count]
        flat = (flat * 2)[:count]
        if dtype == "bool":
            flat = [bool(v > 0) for v in flat]
        elif dtype == "uint8":
            flat = [int(v) + 1 for v in flat]
        elif not floating:
            flat = [int(v) for v in flat]
        x = lib.tensor(flat, dtype=getattr(lib, dtype), device=device)
        x = x.reshape(shape[::-1]).t() if form == "tt" else x.reshape(shape)
        if grad:
            x.requires_grad_(True)
        return x

    def Q(values, dtype="float32"):  # noqa: N802
        return lib.tensor(values, dtype=getattr(lib, dtype), device=device)

    def SRT(x):  # noqa: N802
        return lib.sort(x, -1).values if x.dim() else x

    names.update(X=X, Q=Q, SRT=SRT, nan=NAN, inf=INF)
    return names


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device))


CASES = {
    # ----- fixed: quantile's checks in PyTorch's order (a number q's range, the interpolation, non-empty, q's dims,
    # the dtypes, the dim, a q tensor's values); an empty q; keepdim of a 0-d input
    "quantile_checks/empty_before_dtype": "lib.quantile(X('bfloat16', 'empty'), 0.5)",
    "quantile_checks/q_range_before_dtype": "lib.quantile(X('int64', '0d'), 1.5)",
    "quantile_checks/nan_q_range": "lib.nanquantile(X('bfloat16', '0d'), 2.0)",
    "quantile_checks/interpolation_before_dtype": "lib.quantile(X('int32', 'mat'), 0.5, interpolation='bad')",
    "quantile_checks/q_dims_before_dtype": "lib.quantile(X('float16', 'mat'), Q([[0.5]]))",
    "quantile_checks/q_dtype": "lib.quantile(X('float64', 'mat'), Q([0.1, 0.5]), dim=-1)",
    "quantile_checks/nan_q_dtype": "lib.nanquantile(X('float64', '0d'), Q([0.1, 0.9]), dim=-1)",
    "quantile_checks/q_values": "lib.quantile(X('float32', 'mat'), Q([0.5, 1.2]))",
    "guards/quantile_checks_dim_before_q_values": "lib.quantile(X('float32', 'mat'), Q([1.5]), dim=4)",
    "quantile_checks/empty_q": "lib.quantile(X('float32', 'mat'), Q([]), dim=0)",
    "quantile_checks/empty_q_flat": "lib.quantile(X('float32', 'mat'), Q([]))",
    "quantile_checks/keepdim_0d": "lib.nanquantile(X('float32', '0d'), 0.5, dim=-1, keepdim=True, "
                                  "interpolation='midpoint')",
    # ----- fixed: lerp (and quantile's interpolation through it) rounds once, PyTorch's fused multiply-add
    "lerp_fma/quantile_float32": "lib.quantile(X('float32', 'cube'), 0.3, dim=0)",
    "lerp_fma/nanquantile_float32": "lib.nanquantile(X('float32', 'cube'), 0.3, dim=0)",
    "lerp_fma/quantile_float64": "lib.quantile(X('float64', 'mat'), 0.3, dim=0)",
    "guards/lerp_fma_quantile_grad": "GRAD(lambda x: lib.quantile(x, Q([0.1, 0.7], 'float64'), dim=-1), "
                              "X('float64', 'mat', grad=True))",
    "lerp_fma/scalar_weight": "lib.lerp(Q([-1.0, 0.5, 2.0]), Q([1.5, -3.25, 7.0]), 0.3)",
    "lerp_fma/scalar_weight_large": "lib.lerp(Q([-1.0, 0.5, 2.1], 'float64'), Q([1.5, -3.3, 7.7], 'float64'), 0.7)",
    "lerp_fma/tensor_weight": "lib.lerp(Q([-1.0, 0.5, 2.1], 'float64'), Q([1.5, -3.1, 7.3], 'float64'), "
                              "Q([0.3, 0.7, 1.7], 'float64'))",
    "lerp_fma/tensor_weight_float32": "lib.lerp(Q([-1.0, 0.5, 2.1]), Q([1.5, -3.1, 7.3]), Q([0.3, 0.7, -0.4]))",
    # ----- fixed: renorm's checks (p, maxnorm as C++ prints it, at least 2 dims, the dim, then the dtype);
    # float16/bfloat16 take the norm and the factor in float32
    "renorm/maxnorm_message": "lib.renorm(X('bfloat16', 'mat'), 2, 0, -1.0)",
    "renorm/dims_before_dtype": "lib.renorm(X('int16', 'empty'), 2, 0, 1.0)",
    "renorm/dims_0d": "lib.renorm(X('float32', '0d'), 2, 0, 1.0)",
    "renorm/dim_before_dtype": "lib.renorm(X('int64', 'mat'), 2, 5, 1.0)",
    "renorm/p_before_dtype": "lib.renorm(X('bool', 'mat'), -1, 0, 1.0)",
    "renorm/vec": "lib.renorm(X('float32', 'vec'), 2, 0, 1.0)",
    "renorm/bfloat16": "lib.renorm(X('bfloat16', 'cube'), 2, 0, 1.0)",
    "guards/renorm_float16": "lib.renorm(X('float16', 'mat'), 1, -1, 0.5)",
    # ----- fixed: histc's checks (bins, min > max, the data's range, its finiteness, the edges in the input's
    # dtype, linspace's dtype, the kernel's)
    "histc/min_max_before_dtype": "lib.histc(X('int16', '0d'), bins=3, min=2, max=-1)",
    "histc/bins_message": "lib.histc(X('bool', '0d'), bins=0)",
    "histc/bool_linspace": "lib.histc(X('bool', 'mat'))",
    "histc/uint8_edges": "lib.histc(X('uint8', 'empty'))",
    "histc/uint8_min": "lib.histc(X('uint8', '0d'), bins=4, min=-1, max=2)",
    "histc/complex_range": "lib.histc(X('complex64', 'mat'))",
    "histc/bfloat16_nan": "lib.histc(X('bfloat16', 'nmat'))",
    "guards/histc_float16_nan": "lib.histc(X('float16', 'nmat'))",
    "guards/histc_int_kernel": "lib.histc(X('int64', 'mat'), bins=3, min=0, max=2)",
    # ----- fixed: histogram's checks (the range, the min/max kernel named histogramdd, linspace, the weight,
    # then the kernel histogram_cpu)
    "histogram/int_kernel": "lib.histogram(X('int16', 'empty'), bins=3, density=True)",
    "histogram/bool_linspace": "lib.histogram(X('bool', 'empty'), bins=3)",
    "histogram/half_range_from_data": "lib.histogram(X('float16', 'mat'), bins=3)",
    "guards/histogram_half_given_range": "lib.histogram(X('float16', 'mat'), bins=3, range=(-1.0, 2.0))",
    "histogram/range_before_dtype": "lib.histogram(X('int32', 'mat'), bins=3, range=(2.0, -1.0))",
    "histogram/uint8_edges": "lib.histogram(X('uint8', '0d'), bins=3, range=(-1.0, 2.0))",
    "guards/histogram_weight_after_edges": "lib.histogram(X('bool', '0d'), bins=2, "
                                           "weight=lib.ones_like(X('bool', '0d')) * 2)",
    "histogram/complex_no_warning": "lib.histogram(X('complex64', '0d'), bins=3, range=(-1.0, 2.0))",
    "histogram/int_bins_tensor": "lib.histogram(X('int64', 'mat'), bins=Q([0, 1, 2], 'int64'))",
    # ----- fixed: searchsorted's checks (side, the sorter, a scalar value, the boundaries' dims); an empty value
    # returns before the dtype; the common dtype's kernel (no bool, no complex)
    "searchsorted/scalar_value_dims": "lib.searchsorted(SRT(X('float32', '0d')), X('float32', '0d'))",
    "searchsorted/sorter_0d": "lib.searchsorted(X('float32', '0d'), X('float32', '0d'), "
                              "sorter=lib.argsort(X('float32', '0d')))",
    "searchsorted/side_right_conflict_first": "lib.searchsorted(SRT(X('bool', 'mat')), X('bool', 'mat'), "
                                              "side='left', right=True)",
    "searchsorted/side_right_conflict": "lib.searchsorted(SRT(X('float32', 'mat')), X('float32', 'mat'), "
                                        "side='left', right=True)",
    "searchsorted/boundaries_0d": "lib.searchsorted(SRT(X('float32', '0d')), Q([0.5, 1.0]))",
    "searchsorted/number_into_rows": "lib.searchsorted(SRT(X('int64', 'mat')), 1)",
    "searchsorted/empty_bool": "lib.searchsorted(SRT(X('bool', 'empty')), X('bool', 'empty'))",
    "searchsorted/bucketize_complex": "lib.bucketize(X('complex64', '0d'), Q([-1.0, 0.0, 1.0]))",
    "searchsorted/bucketize_empty_bool": "lib.bucketize(X('bool', 'empty'), SRT(lib.flatten(X('bool', 'empty'))), "
                                         "right=True)",
    # ----- fixed: topk, kthvalue, mode, sort check the dim and k before the dtype; a 0-d input is its own answer
    "select_checks/topk_k_before_bool": "lib.topk(X('bool', 'empty'), 1)",
    "select_checks/topk_k_before_complex": "lib.topk(X('complex64', '0d'), 2, 0)",
    "select_checks/topk_0d_k0": "lib.topk(X('float32', '0d'), 0)",
    "select_checks/topk_dim_before_bool": "lib.topk(X('bool', 'vec'), 2, dim=5)",
    "select_checks/kthvalue_0d_bool": "lib.kthvalue(X('bool', '0d'), 1)",
    "select_checks/kthvalue_0d_complex": "lib.kthvalue(X('complex64', '0d'), 1)",
    "select_checks/kthvalue_k_before_bool": "lib.kthvalue(X('bool', 'mat'), 99)",
    "select_checks/kthvalue_0d_k": "lib.kthvalue(X('complex64', '0d'), 2, 0)",
    "select_checks/mode_empty_dim": "lib.mode(X('float32', 'empty'))",
    "guards/select_checks_mode_empty_other_dim": "lib.mode(X('int64', 'zero_mid'))",
    "select_checks/mode_complex": "lib.mode(X('complex64', 'mat'))",
    "select_checks/sort_dim_before_complex": "lib.sort(X('complex64', 'mat'), dim=2)",
    "select_checks/argsort_dim_before_complex": "lib.argsort(X('complex64', 'mat'), dim=2)",
    "select_checks/cummax_empty_any_dim": "lib.cummax(X('float32', 'empty'), 3)",
    "select_checks/cummin_empty_any_dim": "lib.cummin(X('int64', 'zero_mid'), 3)",
    "select_checks/cummax_0d_complex": "lib.cummax(X('complex64', '0d'), 0)",
    "select_checks/take_along_dim_0d": "lib.take_along_dim(X('float32', '0d'), lib.argsort(X('float32', '0d'), -1), "
                                       "-1)",
    # ----- fixed: unique and unique_consecutive: a 0-d input has no dim, other empty dims refuse dim=; a flat
    # result is 1-D; complex refused first
    "unique_dims/unique_0d_dim": "lib.unique(X('float32', '0d'), dim=0)",
    "unique_dims/unique_0d_dim_1": "lib.unique(X('int64', '0d'), dim=1, return_counts=True)",
    "unique_dims/unique_zero_sized_other": "lib.unique(X('int64', 'zero_mid'), return_inverse=True, "
                                           "return_counts=True, dim=0)",
    "unique_dims/consecutive_0d": "lib.unique_consecutive(X('float32', '0d'))",
    "unique_dims/consecutive_zero_mid_flat": "lib.unique_consecutive(X('int16', 'zero_mid'), return_inverse=True, "
                                             "return_counts=True)",
    "unique_dims/consecutive_complex": "lib.unique_consecutive(X('complex64', 'mat'))",
    "unique_dims/consecutive_complex_dim": "lib.unique_consecutive(X('complex64', '0d'), dim=0)",
    "unique_dims/consecutive_0d_dim": "lib.unique_consecutive(X('float32', '0d'), dim=1)",
    "unique_dims/consecutive_zero_sized_other": "lib.unique_consecutive(X('float32', 'zero_mid'), dim=0)",
    # ----- fixed: bincount's checks (the integer kernel, minlength, an empty input, the dims); weights' dtypes
    "bincount/bool": "lib.bincount(X('bool', 'vec'))",
    "bincount/complex": "lib.bincount(X('complex64', 'mat'))",
    "bincount/minlength_empty": "lib.bincount(X('int16', 'empty'), minlength=-1)",
    "bincount/minlength_before_dims": "lib.bincount(X('int16', 'mat'), minlength=-1)",
    "bincount/minlength_values": "lib.bincount(X('uint8', 'nvec'), minlength=-1)",
    "bincount/empty_weights_int64": "lib.bincount(X('int16', 'empty'), weights=lib.ones_like(X('int16', 'empty'), "
                                    "dtype=D('float32')))",
    "bincount/float16_weights_double": "lib.bincount(X('uint8', 'tvec'), weights=lib.ones_like(X('uint8', 'tvec'), "
                                       "dtype=D('float16')))",
    # ----- fixed: diff refuses a negative order
    "diff/negative_n": "lib.diff(X('float32', 'mat'), n=-1)",
    "diff/negative_n_int": "lib.diff(X('int64', 'vec'), n=-2, prepend=X('int64', 'vec'))",
    # ----- fixed: trapezoid and cumulative_trapezoid: 0-d inputs, bool refusals, empty results' dtypes
    "trapezoid/0d": "lib.trapezoid(X('float32', '0d'))",
    "trapezoid/0d_dim": "lib.trapezoid(X('float32', '0d'), dim=0)",
    "trapezoid/0d_x": "lib.trapezoid(X('float32', '0d'), X('float32', '0d'))",
    "trapezoid/bool": "lib.trapezoid(X('bool', 'mat'))",
    "trapezoid/bool_x": "lib.trapezoid(X('bool', 'cube'), X('bool', 'cube'))",
    "trapezoid/bool_float_x": "lib.trapezoid(X('bool', 'mat'), Q([0.0, 1.0, 3.0, 4.0]))",
    "trapezoid/empty_bool": "lib.trapezoid(X('bool', 'empty'))",
    "trapezoid/empty_int": "lib.trapezoid(X('int16', 'zero_mid'), dim=1)",
    "trapezoid/trapz_bool": "lib.trapz(X('bool', 'mat'))",
    "trapezoid/empty_no_graph": "GRAD(lambda x: lib.trapezoid(x), X('float64', 'empty', grad=True))",
    "trapezoid/cumulative_0d": "lib.cumulative_trapezoid(X('float32', '0d'))",
    "trapezoid/cumulative_bool": "lib.cumulative_trapezoid(X('bool', 'mat'))",
    "trapezoid/cumulative_bool_0d_x": "lib.cumulative_trapezoid(X('bool', '0d'), X('bool', '0d'))",
    "trapezoid/cumulative_0d_x": "lib.cumulative_trapezoid(X('float32', '0d'), X('float32', '0d'))",
    "trapezoid/cumulative_empty_int": "lib.cumulative_trapezoid(X('int16', 'empty'))",
    "trapezoid/cumulative_empty_int_x": "lib.cumulative_trapezoid(X('int16', 'empty'), X('int16', 'empty'))",
    "trapezoid/cumulative_x_signed_zero": "lib.cumulative_trapezoid(X('bfloat16', 'tt'), X('bfloat16', 'tt'))",
    # ----- fixed: cumsum's running sum starts from +0. (a leading -0. gives 0.)
    "cumsum_zero/rows": "lib.cumsum(Q([[-0.0, 1.0], [-0.0, -0.0]]), 1)",
    "cumsum_zero/cols_float64": "lib.cumsum(Q([[-0.0, 1.0], [-0.0, -0.0]], 'float64'), 0)",
    "cumsum_zero/special": "lib.cumsum(X('float32', 'special')[3:], 0)",
    "cumsum_zero/bfloat16": "lib.cumsum(Q([-0.0, -0.0, 2.0], 'bfloat16'), 0)",
    # ----- fixed: cov and corrcoef: bool refused, corrcoef's own dims message, degrees of freedom <= 0 warns and
    # divides by 0
    "cov/bool": "lib.cov(X('bool', 'mat'))",
    "cov/bool_before_weights": "lib.cov(X('bool', 'empty'), fweights=I([], 'int64'))",
    "cov/corrcoef_dims": "lib.corrcoef(X('float32', 'cube'))",
    "cov/corrcoef_bool": "lib.corrcoef(X('bool', 'vec'))",
    "cov/dof_0d": "lib.cov(X('float32', '0d'))",
    "cov/dof_empty": "lib.cov(X('bfloat16', 'empty'))",
    "cov/dof_correction": "lib.cov(X('float64', 'mat'), correction=4)",
    "cov/corrcoef_0d": "lib.corrcoef(X('int64', '0d'))",
    # ----- fixed: cdist's checks (columns, dtypes, p, then the kernel's dtype unless the result is empty); p=0 and
    # p=inf with NaN as PyTorch's kernel; p=0's gradient is 0
    "cdist/bfloat16_message": "lib.cdist(X('bfloat16', 'cube'), X('bfloat16', 'cube'))",
    "cdist/half_empty": "lib.cdist(X('bfloat16', 'zero_mid'), X('bfloat16', 'zero_mid'))",
    "cdist/p_before_half": "lib.cdist(X('float16', 'cube'), X('float16', 'cube'), p=-1)",
    "guards/cdist_columns_before_dtype": "lib.cdist(X('int64', 'mat'), X('int64', 'cube'))",
    "cdist/p0_nan": "lib.cdist(X('float32', 'nmat'), X('float32', 'nmat'), p=0)",
    "cdist/inf_nan": "lib.cdist(X('float64', 'nmat'), X('float64', 'nmat'), p=float('inf'))",
    "cdist/p0_grad_nan": "GRAD(lambda x: lib.cdist(x, x, p=0), X('float64', 'nmat', grad=True))",
    # ----- fixed: clamp with tensor bounds keeps the input on a tie (-0. against 0. stays -0.); None before complex
    "clamp/tensor_bounds_signed_zero": "lib.clamp(X('bfloat16', 'cube'), min=Q(0, 'int64'), max=Q(1, 'int64'))",
    "clamp/tensor_min_signed_zero": "lib.clamp(X('float32', 'special'), min=Q(0.0))",
    "clamp/tensor_max_signed_zero": "lib.clamp(Q([0.0, -0.0, 1.0]), max=Q([-0.0, 0.0, 0.5]))",
    "clamp/no_bounds_complex": "lib.clamp(X('complex64', '0d'))",
    # ----- guards: neighbours gradlib already answered as PyTorch
    "guards/quantile": "lib.quantile(X('float64', 'nmat'), Q([0.25, 0.5, 0.75], 'float64'), dim=-1, keepdim=True)",
    "guards/nanquantile_nearest": "lib.nanquantile(X('float32', 'nmat'), 0.5, dim=-1, interpolation='nearest')",
    "guards/searchsorted": "lib.searchsorted(SRT(X('float32', 'mat')), X('float32', 'mat'), side='right', "
                           "out_int32=True)",
    "guards/searchsorted_sorter": "lib.searchsorted(X('int64', 'vec'), X('int64', 'vec'), "
                                  "sorter=lib.argsort(X('int64', 'vec')))",
    "guards/bucketize": "lib.bucketize(X('float32', 'special'), Q([-1.0, 0.0, 1.0]), right=True)",
    "guards/histc": "lib.histc(X('float32', 'cube'), bins=4, min=-1, max=2)",
    "guards/histc_nan": "lib.histc(X('float32', 'nmat'))",
    "guards/histogram": "lib.histogram(X('float64', 'mat'), bins=3, range=(-1.0, 2.0), density=True)",
    "guards/bincount": "lib.bincount(X('uint8', 'tvec'), weights=lib.ones_like(X('uint8', 'tvec'), dtype=D('int32')))",
    "guards/sort_ties": "lib.sort(X('float32', 'tcube'), dim=-1, descending=True, stable=True)",
    "guards/topk_distinct": "lib.topk(X('float32', 'cube'), 2, largest=False)",
    "guards/median_dim_ties": "lib.median(X('int64', 'tmat'), 1)",
    "guards/nanmedian_dim": "lib.nanmedian(X('float32', 'nmat'), -1, True)",
    "guards/mode_ties": "lib.mode(X('int64', 'tmat'), 0)",
    "guards/cummax_ties": "lib.cummax(X('float32', 'nmat'), -1)",
    "guards/cummin_ties": "lib.cummin(X('int16', 'tcube'), 0)",
    "guards/unique": "lib.unique(X('float32', 'nvec'), return_inverse=True, return_counts=True)",
    "guards/unique_consecutive": "lib.unique_consecutive(X('int64', 'tmat'), return_counts=True, dim=1)",
    "guards/dist_inf_nan": "lib.dist(X('float32', 'nvec'), X('float32', 'tvec'), float('inf'))",
    "guards/dist_zero_nan": "lib.dist(X('float32', 'nvec'), X('float32', 'tvec'), 0)",
    "guards/pdist_zero_nan": "lib.pdist(X('float64', 'nmat'), 0)",
    "guards/clamp_number_signed_zero": "lib.clamp(X('float32', 'special'), min=0.0)",
    "guards/where": "lib.where(X('int64', 'mat') > 0, X('int64', 'mat'), 1.5)",
    "guards/count_nonzero": "lib.count_nonzero(X('float32', 'nmat'), dim=(0, -1))",
    "guards/nonzero_tuple": "lib.nonzero(X('bool', 'tcube'), as_tuple=True)",
    "guards/isin": "lib.isin(X('float32', 'nmat'), Q([0.0, 1.0, nan]), invert=True)",
    "guards/cumulative_trapezoid": "GRAD(lambda x: lib.cumulative_trapezoid(x, x, dim=0), "
                                   "X('float64', 'tmat', grad=True))",
    "guards/clamp_tensor_grad": "GRAD(lambda x: lib.clamp(x, x * 0, x * 0 + 1), X('float64', 'tmat', grad=True))",
}

#: differences the sweep found and gradlib does not follow (tests/test_select17.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/topk_tie_indices": "lib.topk(X('float32', 'tcube'), 1)",
    "known/kthvalue_tie_indices": "lib.kthvalue(X('int64', 'tcube'), 1)",
    "known/unstable_sort_over_16": "lib.argsort(lib.flatten(X('float32', 'cube')))",
    "known/unique_signed_zero_over_16": "lib.unique(X('float32', 'cube'))",
    "known/median_signed_zero": "lib.median(X('float32', 'mat'))",
    "known/quantile_tie_gradient": "GRAD(lambda x: lib.quantile(x, 0.3), X('float64', 'cube', grad=True))",
    "known/mode_nan": "lib.mode(X('float32', 'nmat'))",
    "known/unique_dim_nan": "lib.unique(X('float32', 'nmat'), dim=-1)",
    "known/gather_expanded_index_bounds": "lib.take_along_dim(X('float32', 'mat'), I([[9]]), 0)",
    "known/take_along_dim_view": "lib.take_along_dim(X('float32', 't'), lib.argsort(lib.flatten(X('float32', 't'))))",
    "known/isin_view": "lib.isin(X('float32', 'cube'), X('float32', 'cube')[..., :2])",
    "known/cov_blas_rounding": "lib.cov(X('float32', 'tmat'))",
    "known/cov_weighted_dof_warning": "lib.cov(X('float32', '0d'), fweights=I(1))",
    "known/where_complex32": "lib.where(X('float16', 'mat') > 0, X('float16', 'mat'), 1j)",
    "known/clamp_vectorized_zero": "lib.clamp(X('float64', 'special'), Q([[0.0], [0.5], [1.0]], 'float64'))",
    "known/renorm_gradient_rounding": "GRAD(lambda x: lib.renorm(x, 2, 0, 1.0), X('float64', 'cube', grad=True))",
    "known/cdist_rounding": "lib.cdist(X('float32', 'cube'), X('float32', 'cube')[..., :1, :], p=3)",
    "known/cdist_mm_half": "lib.cdist(X('float16', 'cube'), X('float16', 'cube'), "
                           "compute_mode='use_mm_for_euclid_dist')",
    "known/histc_bfloat16_edges": "lib.histc(X('bfloat16', 'cube'))",
    "known/mode_0d_complex": "lib.mode(X('complex64', '0d'))",
    "known/renorm_complex_inf": "lib.renorm(X('complex64', 'mat'), float('inf'), 0, 1.0)",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
