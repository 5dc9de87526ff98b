"""Ties, signed zeros and NaN (session 14, ties14): where values tie (-0. against 0., equal elements, NaN against
NaN), PyTorch's kernels pick a specific element, and NumPy's functions sometimes pick another. Each case is
``function(lib, device)`` written once for gradlib and PyTorch, returning plain data: floats as their ``repr``
(so -0.0, inf and nan compare exactly), integers as they are, tensors' dtypes by name. Gradient cases return the
input's ``.grad``.

The recorder (``python tests/reference/record_torch.py ties14``) stores PyTorch's answer per case in
``torch_ties14.json``: ``{"value": ...}`` or ``{"error": [class, message]}``; tests/test_ties14.py demands gradlib
reproduce it on every device.
"""
import json
import pathlib

FILE = pathlib.Path(__file__).parent / "torch_ties14.json"
INF = float("inf")
NAN = float("nan")
F = [-7.5, -0.0, 0.0, 5.5, INF, NAN]   # the brief's tensor
FLOATS = ("float16", "float32", "float64")


def plain(value):
    """A result as plain data: tensors (with their dtype) and numbers to nested lists of ``repr`` strings."""
    if hasattr(value, "detach") and hasattr(value, "tolist"):
        return [str(value.dtype).replace("torch.", "").replace("gradlib.", ""), plain(value.detach().cpu().tolist())]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return repr(value)
    return repr(value)


def _t(lib, device, values, dtype="float32", grad=False):
    return lib.tensor(values, dtype=getattr(lib, dtype), device=device, requires_grad=grad)


CASES = {}


def case(name):
    def register(function):
        CASES[name] = function
        return function
    return register


def _each_float(name, body):
    for dtype in FLOATS:
        CASES[f"{name}/{dtype}"] = (lambda dt: lambda lib, device: body(lib, device, dt))(dtype)


# ----- binary maximum/minimum/fmax/fmin: -0. against 0. and NaN ------------------------------------------------
for _op in ("maximum", "minimum", "fmax", "fmin"):
    _each_float(f"{_op}_zeros", (lambda op: lambda lib, d, dt: getattr(lib, op)(_t(lib, d, F, dt),
                                                                              lib.zeros(6, dtype=getattr(lib, dt), device=d)))(_op))
    _each_float(f"{_op}_swapped", (lambda op: lambda lib, d, dt: getattr(lib, op)(lib.zeros(6, dtype=getattr(lib, dt), device=d),
                                                                                _t(lib, d, F, dt)))(_op))
    _each_float(f"{_op}_minus_zeros", (lambda op: lambda lib, d, dt: getattr(lib, op)(
        _t(lib, d, [0.0, -0.0, NAN, 1.0, -0.0, 0.0], dt), _t(lib, d, [-0.0, 0.0, -0.0, NAN, -0.0, 0.0], dt)))(_op))
    CASES[f"{_op}_0d"] = (lambda op: lambda lib, d: getattr(lib, op)(_t(lib, d, -0.0), _t(lib, d, 0.0)))(_op)
    CASES[f"{_op}_int"] = (lambda op: lambda lib, d: getattr(lib, op)(_t(lib, d, [1, -2, 3], "int64"),
                                                                      _t(lib, d, [1, 2, -3], "int64")))(_op)
    CASES[f"{_op}_empty"] = (lambda op: lambda lib, d: getattr(lib, op)(_t(lib, d, []), _t(lib, d, [])))(_op)

    def _grad_case(lib, d, op=_op):
        x = _t(lib, d, [1.0, 2.0, -0.0, 3.0], "float64", grad=True)
        y = _t(lib, d, [1.0, 1.0, 0.0, 4.0], "float64", grad=True)
        getattr(lib, op)(x, y).sum().backward()
        return [x.grad, y.grad]
    CASES[f"{_op}_grad_ties"] = _grad_case

# ----- clamp family --------------------------------------------------------------------------------------------
_CLAMPS = {
    "clamp_min0": lambda lib, x, d: x.clamp(min=0),
    "clamp_min_minus0": lambda lib, x, d: x.clamp(min=-0.0),
    "clamp_max0": lambda lib, x, d: x.clamp(max=0),
    "clamp_max_minus0": lambda lib, x, d: x.clamp(max=-0.0),
    "clamp_both0": lambda lib, x, d: x.clamp(0, 0),
    "clamp_both_minus0": lambda lib, x, d: x.clamp(-0.0, -0.0),
    "clamp_nan_min": lambda lib, x, d: x.clamp(min=NAN),
    "clamp_nan_max": lambda lib, x, d: x.clamp(max=NAN),
    "clamp_min_gt_max": lambda lib, x, d: x.clamp(1.0, -1.0),
    "clip_min0": lambda lib, x, d: x.clip(0, None),
    "clamp_min_fn": lambda lib, x, d: lib.clamp_min(x, 0.0),
    "clamp_max_fn": lambda lib, x, d: lib.clamp_max(x, -0.0),
    "clamp_min_method_minus0": lambda lib, x, d: x.clamp_min(-0.0),
    "clamp_tensor_min0": lambda lib, x, d: x.clamp(min=lib.zeros(6, dtype=x.dtype, device=d)),
    "clamp_tensor_max0": lambda lib, x, d: x.clamp(max=lib.zeros(6, dtype=x.dtype, device=d)),
    "clamp_tensor_max_minus0": lambda lib, x, d: x.clamp(max=-lib.zeros(6, dtype=x.dtype, device=d)),
    "clamp_tensor_nan_bounds": lambda lib, x, d: x.clamp(min=lib.full((6,), NAN, dtype=x.dtype, device=d)),
    "clamp_tensor_both": lambda lib, x, d: x.clamp(lib.zeros(6, dtype=x.dtype, device=d),
                                                   lib.zeros(6, dtype=x.dtype, device=d)),
    "clamp_min_tensor_fn": lambda lib, x, d: lib.clamp_min(x, lib.zeros(6, dtype=x.dtype, device=d)),
    "clamp_max_tensor_fn": lambda lib, x, d: lib.clamp_max(x, lib.zeros(6, dtype=x.dtype, device=d)),
    "clamp_inplace_min0": lambda lib, x, d: x.clone().clamp_(min=0),
    "clamp_min_inplace_minus0": lambda lib, x, d: x.clone().clamp_min_(0.0),
}
for _name, _fn in _CLAMPS.items():
    _each_float(_name, (lambda fn: lambda lib, d, dt: fn(lib, _t(lib, d, F, dt), d))(_fn))


@case("clamp_int")
def _clamp_int(lib, d):
    x = _t(lib, d, [-3, 0, 4], "int64")
    return [x.clamp(min=0), x.clamp(max=0), x.clamp(1, -1), x.clamp(min=lib.zeros(3, dtype=lib.int64, device=d))]


@case("clamp_grad_at_bounds")
def _clamp_grad(lib, d):
    x = _t(lib, d, [-1.0, 0.0, 0.5, 1.0, 2.0, -0.0], "float64", grad=True)
    x.clamp(0.0, 1.0).sum().backward()
    g1 = x.grad
    x = _t(lib, d, [-1.0, 0.0, 0.5, 1.0, 2.0, -0.0], "float64", grad=True)
    lo = _t(lib, d, [0.0] * 6, "float64", grad=True)
    hi = _t(lib, d, [1.0] * 6, "float64", grad=True)
    x.clamp(lo, hi).sum().backward()
    return [g1, x.grad, lo.grad, hi.grad]


@case("clamp_grad_min_gt_max")
def _clamp_grad2(lib, d):
    x = _t(lib, d, [-1.0, 0.0, 0.5, 2.0], "float64", grad=True)
    lo = _t(lib, d, [1.0] * 4, "float64", grad=True)
    hi = _t(lib, d, [0.0] * 4, "float64", grad=True)
    x.clamp(lo, hi).sum().backward()
    return [x.grad, lo.grad, hi.grad]


# ----- reductions with ties -------------------------------------------------------------------------------------
_TIE = [[-0.0, 0.0, 1.0, 1.0], [0.0, -0.0, NAN, 2.0], [3.0, 3.0, -0.0, 0.0]]
_REDUCE = {
    "max_whole": lambda lib, x: x.max(),
    "min_whole": lambda lib, x: x.min(),
    "amax_whole": lambda lib, x: x.amax(),
    "amin_whole": lambda lib, x: x.amin(),
    "max_dim1": lambda lib, x: list(x.max(dim=1)),
    "min_dim1": lambda lib, x: list(x.min(dim=1)),
    "max_dim0": lambda lib, x: list(x.max(dim=0)),
    "min_dim0": lambda lib, x: list(x.min(dim=0)),
    "amax_dim1": lambda lib, x: x.amax(dim=1),
    "amin_dim1": lambda lib, x: x.amin(dim=1),
    "amax_dim0": lambda lib, x: x.amax(dim=0),
    "amin_dim0": lambda lib, x: x.amin(dim=0),
    "aminmax_whole": lambda lib, x: list(lib.aminmax(x)),
    "aminmax_dim1": lambda lib, x: list(lib.aminmax(x, dim=1)),
    "argmax_whole": lambda lib, x: x.argmax(),
    "argmin_whole": lambda lib, x: x.argmin(),
    "argmax_dim1": lambda lib, x: x.argmax(dim=1),
    "argmin_dim1": lambda lib, x: x.argmin(dim=1),
    "argmax_dim0": lambda lib, x: x.argmax(dim=0),
    "argmin_dim0": lambda lib, x: x.argmin(dim=0),
    "median_whole": lambda lib, x: x.median(),
    "nanmedian_whole": lambda lib, x: x.nanmedian(),
    "median_dim1": lambda lib, x: list(x.median(dim=1)),
    "nanmedian_dim1": lambda lib, x: list(x.nanmedian(dim=1)),
    "median_dim0": lambda lib, x: list(x.median(dim=0)),
    "nanmedian_dim0": lambda lib, x: list(x.nanmedian(dim=0)),
    "mode_dim1": lambda lib, x: list(x.mode(dim=1)),
    "mode_dim0": lambda lib, x: list(x.mode(dim=0)),
    "kthvalue2_dim1": lambda lib, x: list(x.kthvalue(2, dim=1)),
    "kthvalue1_dim0": lambda lib, x: list(x.kthvalue(1, dim=0)),
    "kthvalue3_dim1": lambda lib, x: list(x.kthvalue(3, dim=1)),
    "quantile_whole": lambda lib, x: x.quantile(0.5),
    "nanquantile_whole": lambda lib, x: x.nanquantile(0.25),
    "quantile_dim1": lambda lib, x: x.quantile(lib.tensor([0.0, 0.5, 1.0], dtype=x.dtype, device=x.device), dim=1),
    "nanquantile_dim1": lambda lib, x: x.nanquantile(lib.tensor([0.0, 0.5, 1.0], dtype=x.dtype, device=x.device),
                                                     dim=1),
    "nanquantile_lower": lambda lib, x: x.nanquantile(0.5, dim=1, interpolation="lower"),
    "nanquantile_nearest": lambda lib, x: x.nanquantile(0.5, dim=1, interpolation="nearest"),
    "cummax_dim1": lambda lib, x: list(x.cummax(dim=1)),
    "cummin_dim1": lambda lib, x: list(x.cummin(dim=1)),
    "cummax_dim0": lambda lib, x: list(x.cummax(dim=0)),
    "cummin_dim0": lambda lib, x: list(x.cummin(dim=0)),
    "sort_dim1": lambda lib, x: list(x.sort(dim=1)),
    "sort_stable": lambda lib, x: list(x.sort(dim=1, stable=True)),
    "sort_desc": lambda lib, x: list(x.sort(dim=1, descending=True)),
    "sort_desc_stable": lambda lib, x: list(x.sort(dim=1, descending=True, stable=True)),
    "sort_dim0": lambda lib, x: list(x.sort(dim=0, stable=True)),
    "argsort_stable": lambda lib, x: x.argsort(dim=1, stable=True),
    "argsort_desc": lambda lib, x: x.argsort(dim=1, descending=True, stable=True),
    "msort": lambda lib, x: lib.msort(x),
    "topk2": lambda lib, x: list(x.topk(2, dim=1)),
    "topk2_smallest": lambda lib, x: list(x.topk(2, dim=1, largest=False)),
    "topk3_sorted": lambda lib, x: list(x.topk(3, dim=1, sorted=True)),
}
for _name, _fn in _REDUCE.items():
    _each_float(_name, (lambda fn: lambda lib, d, dt: fn(lib, _t(lib, d, _TIE, dt)))(_fn))
    CASES[f"{_name}/int64"] = (lambda fn, n: (lambda lib, d: fn(lib, _t(lib, d, [[2, 1, 2, 1], [0, 0, 5, 5], [3, 3, 3, 1]],
                                                                      "int64" if "quantile" not in n else "float32"))))(_fn, _name)

_FLAT = [-0.0, 0.0, 0.0, -0.0, NAN, 1.0, -0.0]
for _name in ("max_whole", "min_whole", "amax_whole", "amin_whole", "median_whole", "nanmedian_whole",
              "argmax_whole", "argmin_whole", "aminmax_whole"):
    CASES[f"{_name}/flat"] = (lambda fn: lambda lib, d: fn(lib, _t(lib, d, _FLAT)))(_REDUCE[_name])
    CASES[f"{_name}/flat_nonan"] = (lambda fn: lambda lib, d: fn(lib, _t(lib, d, [0.0, -0.0, 0.0, -0.0, 1.0])))(
        _REDUCE[_name])
    CASES[f"{_name}/0d"] = (lambda fn: lambda lib, d: fn(lib, _t(lib, d, -0.0)))(_REDUCE[_name])


@case("nanmedian_brief")
def _nanmedian_brief(lib, d):
    return [_t(lib, d, F).nanmedian(), _t(lib, d, F).median(), _t(lib, d, F[:5]).median(),
            _t(lib, d, [0.0, -0.0, 0.0]).median(), _t(lib, d, [-0.0, 0.0, -0.0, 0.0]).nanmedian()]


@case("mode_flat")
def _mode_flat(lib, d):
    out = []
    for values in ([-0.0, 0.0, 1.0], [0.0, -0.0, 1.0], [NAN, NAN, 1.0], [2.0, 1.0, 2.0, 1.0], [-0.0, 0.0, -0.0]):
        out.append(list(_t(lib, d, values).mode()))
    return out


# ----- gradients at ties ---------------------------------------------------------------------------------------
def _grad_of(body, values=((1.0, 3.0, 3.0, 2.0), (3.0, 0.0, -0.0, 3.0))):
    def run(lib, d):
        x = _t(lib, d, [list(v) for v in values], "float64", grad=True)
        out = body(lib, x)
        out.sum().backward()
        return x.grad
    return run


_GRADS = {
    "amax": lambda lib, x: x.amax(),
    "amin": lambda lib, x: x.amin(),
    "amax_dim1": lambda lib, x: x.amax(dim=1),
    "amin_dim0": lambda lib, x: x.amin(dim=0),
    "max_whole": lambda lib, x: x.max(),
    "min_whole": lambda lib, x: x.min(),
    "max_dim1": lambda lib, x: x.max(dim=1).values,
    "min_dim1": lambda lib, x: x.min(dim=1).values,
    "max_dim0": lambda lib, x: x.max(dim=0).values,
    "median_whole": lambda lib, x: x.median(),
    "nanmedian_whole": lambda lib, x: x.nanmedian(),
    "median_dim1": lambda lib, x: x.median(dim=1).values,
    "kthvalue_dim1": lambda lib, x: x.kthvalue(2, dim=1).values,
    "mode_dim1": lambda lib, x: x.mode(dim=1).values,
    "sort_dim1": lambda lib, x: x.sort(dim=1).values * lib.arange(4, dtype=x.dtype, device=x.device),
    "sort_desc": lambda lib, x: x.sort(dim=1, descending=True).values * lib.arange(4, dtype=x.dtype, device=x.device),
    "topk2": lambda lib, x: x.topk(2, dim=1).values * lib.arange(2, dtype=x.dtype, device=x.device),
    "cummax_dim1": lambda lib, x: x.cummax(dim=1).values * lib.arange(4, dtype=x.dtype, device=x.device),
    "cummin_dim1": lambda lib, x: x.cummin(dim=1).values * lib.arange(4, dtype=x.dtype, device=x.device),
    "msort": lambda lib, x: lib.msort(x) * lib.arange(4, dtype=x.dtype, device=x.device),
    "quantile_dim1": lambda lib, x: x.quantile(0.5, dim=1),
    "aminmax_max": lambda lib, x: lib.aminmax(x).max,
    "aminmax_min_dim": lambda lib, x: lib.aminmax(x, dim=1).min,
}
for _name, _fn in _GRADS.items():
    CASES[f"grad_{_name}"] = _grad_of(_fn)


# ----- unique / unique_consecutive / isin / searchsorted --------------------------------------------------------
@case("unique_nan")
def _unique_nan(lib, d):
    x = _t(lib, d, [NAN, 1.0, NAN])
    return [lib.unique(x), lib.unique(x, return_inverse=True, return_counts=True),
            lib.unique(x, sorted=False, return_counts=True)]


@case("unique_zeros")
def _unique_zeros(lib, d):
    x = _t(lib, d, [0.0, -0.0, 1.0, -0.0])
    return [lib.unique(x), lib.unique(x, return_inverse=True, return_counts=True)]


@case("unique_zeros_minus_first")
def _unique_zeros2(lib, d):
    x = _t(lib, d, [-0.0, 0.0, NAN, -0.0, NAN, 2.0])
    return [lib.unique(x), lib.unique(x, return_inverse=True, return_counts=True)]


@case("unique_dim")
def _unique_dim(lib, d):
    x = _t(lib, d, [[0.0, 1.0], [-0.0, 1.0], [NAN, 1.0], [NAN, 1.0]])
    return [lib.unique(x, dim=0), lib.unique(x, dim=0, return_inverse=True, return_counts=True)]


@case("unique_consecutive")
def _unique_cons(lib, d):
    x = _t(lib, d, [-0.0, 0.0, NAN, NAN, 1.0, 1.0, 0.0, -0.0])
    return [lib.unique_consecutive(x), lib.unique_consecutive(x, return_inverse=True, return_counts=True)]


@case("unique_consecutive_dim")
def _unique_cons_dim(lib, d):
    x = _t(lib, d, [[NAN, 1.0], [NAN, 1.0], [0.0, 2.0], [-0.0, 2.0]])
    return [lib.unique_consecutive(x, dim=0), lib.unique_consecutive(x, dim=0, return_counts=True)]


@case("unique_int_empty")
def _unique_int(lib, d):
    return [lib.unique(_t(lib, d, [3, 1, 3], "int64"), return_counts=True), lib.unique(_t(lib, d, []))]


@case("isin")
def _isin(lib, d):
    x = _t(lib, d, [NAN, -0.0, 0.0, 1.0])
    return [lib.isin(x, _t(lib, d, [NAN, 0.0])), lib.isin(x, _t(lib, d, [-0.0])),
            lib.isin(x, _t(lib, d, [NAN, 0.0]), invert=True), lib.isin(x, -0.0)]


@case("searchsorted")
def _searchsorted(lib, d):
    s = _t(lib, d, [-1.0, -0.0, 0.0, 1.0, NAN])
    v = _t(lib, d, [-0.0, 0.0, NAN, -NAN, INF])
    return [lib.searchsorted(s, v), lib.searchsorted(s, v, right=True), lib.searchsorted(s, v, side="right")]


@case("searchsorted_batched")
def _searchsorted_batched(lib, d):
    rows = _t(lib, d, [[-1.0, 0.0, NAN], [1.0, 2.0, 3.0]])
    values = _t(lib, d, [[0.0, NAN], [2.0, 5.0]])
    return [lib.searchsorted(rows, values), lib.searchsorted(rows, values, right=True),
            lib.searchsorted(rows, values, out_int32=True), lib.searchsorted(_t(lib, d, [1.0, 2.0]), 2.0),
            lib.searchsorted(_t(lib, d, []), _t(lib, d, [1.0])), lib.searchsorted(_t(lib, d, [1.0]), _t(lib, d, []))]


@case("unique_nan_inverse")
def _unique_nan_inverse(lib, d):
    return [lib.unique(_t(lib, d, [NAN, 2.0, NAN, 2.0]), return_inverse=True, return_counts=True),
            lib.unique(_t(lib, d, [[NAN, 1.0], [1.0, NAN]]), return_inverse=True),
            lib.unique(_t(lib, d, []), return_inverse=True, return_counts=True),
            lib.unique(_t(lib, d, NAN), return_inverse=True, return_counts=True)]


@case("bucketize")
def _bucketize(lib, d):
    b = _t(lib, d, [-1.0, -0.0, 0.0, 1.0])
    v = _t(lib, d, [-0.0, 0.0, NAN, INF])
    return [lib.bucketize(v, b), lib.bucketize(v, b, right=True)]


# ----- activations and signs at -0. -----------------------------------------------------------------------------
_Z = [-0.0, 0.0, -1e-30, 1e-30, NAN, -INF, 7.0, -7.0]
_ACT = {
    "relu": lambda lib, x: lib.relu(x),
    "relu_functional": lambda lib, x: lib.nn.functional.relu(x),
    "relu6": lambda lib, x: lib.nn.functional.relu6(x),
    "hardtanh": lambda lib, x: lib.nn.functional.hardtanh(x),
    "hardtanh_0_1": lambda lib, x: lib.nn.functional.hardtanh(x, 0.0, 1.0),
    "threshold": lambda lib, x: lib.nn.functional.threshold(x, 0.0, 5.0),
    "threshold_minus0_value": lambda lib, x: lib.nn.functional.threshold(x, -0.0, -0.0),
    "leaky_relu": lambda lib, x: lib.nn.functional.leaky_relu(x),
    "elu": lambda lib, x: lib.nn.functional.elu(x),
    "sign": lambda lib, x: lib.sign(x),
    "sgn": lambda lib, x: lib.sgn(x),
    "abs": lambda lib, x: lib.abs(x),
    "neg": lambda lib, x: lib.neg(x),
    "signbit": lambda lib, x: lib.signbit(x),
    "copysign_minus0": lambda lib, x: lib.copysign(x, -0.0),
    "copysign_tensor": lambda lib, x: lib.copysign(_t(lib, x.device, 1.0, str(x.dtype).split(".")[-1]), x),
    "nan_to_num": lambda lib, x: lib.nan_to_num(x),
    "nan_to_num_args": lambda lib, x: lib.nan_to_num(x, nan=-0.0, posinf=0.0, neginf=-0.0),
}
for _name, _fn in _ACT.items():
    _each_float(_name, (lambda fn: lambda lib, d, dt: fn(lib, _t(lib, d, _Z, dt)))(_fn))

_SMALL = [-0.4, -0.0, 0.0, -0.5, -1.5, 0.4, -2.5, 2.5, -0.6, -1e-30, NAN, -INF]
_ROUND = {
    "floor": lambda lib, x: lib.floor(x),
    "ceil": lambda lib, x: lib.ceil(x),
    "trunc": lambda lib, x: lib.trunc(x),
    "fix": lambda lib, x: lib.fix(x),
    "round": lambda lib, x: lib.round(x),
    "round_decimals": lambda lib, x: lib.round(x, decimals=1),
    "frac": lambda lib, x: lib.frac(x),
    "fmod_1": lambda lib, x: lib.fmod(x, 1.0),
    "fmod_minus1": lambda lib, x: lib.fmod(x, -1.0),
    "remainder_1": lambda lib, x: lib.remainder(x, 1.0),
    "remainder_minus1": lambda lib, x: lib.remainder(x, -1.0),
    "remainder_by_x": lambda lib, x: lib.remainder(_t(lib, x.device, -0.0, str(x.dtype).split(".")[-1]), x),
    "fmod_by_x": lambda lib, x: lib.fmod(_t(lib, x.device, -0.0, str(x.dtype).split(".")[-1]), x),
    "floor_divide_1": lambda lib, x: lib.floor_divide(x, 1.0),
    "div_floor": lambda lib, x: lib.div(x, 2.0, rounding_mode="floor"),
    "div_trunc": lambda lib, x: lib.div(x, 2.0, rounding_mode="trunc"),
}
for _name, _fn in _ROUND.items():
    _each_float(_name, (lambda fn: lambda lib, d, dt: fn(lib, _t(lib, d, _SMALL, dt)))(_fn))


@case("atan2_signed_zeros")
def _atan2(lib, d):
    y = _t(lib, d, [0.0, -0.0, 0.0, -0.0, 1.0, -1.0], "float64")
    x = _t(lib, d, [0.0, 0.0, -0.0, -0.0, -0.0, -0.0], "float64")
    return [lib.atan2(y, x), lib.atan2(y.float(), x.float())]


@case("fmod_remainder_minus0")
def _fmod_minus0(lib, d):
    x = _t(lib, d, [-0.0, 0.0, -2.0, 2.0, -3.0])
    y = _t(lib, d, [1.0, -1.0, 1.0, -1.0, 3.0])
    return [lib.fmod(x, y), lib.remainder(x, y), lib.fmod(x, 0.0), lib.remainder(x, 0.0)]


@case("activation_grads_at_zero")
def _act_grads(lib, d):
    out = []
    for fn in (lib.relu, lib.nn.functional.relu6, lib.nn.functional.hardtanh, lib.nn.functional.leaky_relu,
               lambda x: lib.nn.functional.threshold(x, 0.0, 5.0), lib.abs, lib.sign):
        x = _t(lib, d, [-0.0, 0.0, -1.0, 1.0, 6.0, -6.0], "float64", grad=True)
        fn(x).sum().backward()
        out.append(x.grad)
    return out


# ----- quantile's messages (nanquantile's are quantile()'s) --------------------------------------------------------
_QUANTILE_ERRORS = {
    "interpolation": lambda lib, x: x.nanquantile(0.5, interpolation="bad"),
    "interpolation_quantile": lambda lib, x: x.quantile(0.5, interpolation="bad"),
    "q_range": lambda lib, x: x.nanquantile(2.0),
    "q_range_fraction": lambda lib, x: x.quantile(-1e-20),
    "q_2d": lambda lib, x: x.nanquantile(lib.ones(2, 2, device=x.device)),
    "dtype": lambda lib, x: x.long().nanquantile(0.5),
    "dtype_half": lambda lib, x: x.half().nanquantile(0.5),
}
for _name, _fn in _QUANTILE_ERRORS.items():
    CASES[f"quantile_error/{_name}"] = (lambda fn: lambda lib, d: fn(lib, _t(lib, d, [1.0, 2.0])))(_fn)


@case("quantile_midpoint_linear_large")
def _quantile_large(lib, d):
    x = _t(lib, d, [3e38, 3.4e38, -0.0, 0.0])
    return [x.quantile(0.5, interpolation="midpoint"), x.quantile(0.9), x.quantile(0.9, interpolation="midpoint"),
            _t(lib, d, [3e38, 3.4e38]).quantile(0.5, interpolation="midpoint"),
            _t(lib, d, [1.0, 2.0, 3.0, 10.0]).quantile(lib.tensor([0.1, 0.7, 0.9], device=d))]


_REASONS = {
    "maximum": "maximum/minimum and tensor-bound clamp at -0. against 0.: PyTorch's scalar loop (under 16 float32 / "
               "8 float64 elements, and a tail) returns the first operand, its SIMD body (_mm256_max_ps) the second; "
               "gradlib returns the second everywhere (NumPy's), PyTorch's answer for the body of a long tensor",
    "amin": "amin/amax at -0. against 0.: PyTorch's vectorized reduction picks by SIMD lane (the first element at "
            "short lengths, a later one past 8 or 16 elements), no rule to follow",
    "nanmedian": "whole-tensor nanmedian: PyTorch's CPU std::nth_element reorders ties; gradlib takes the element of "
                 "the stable sort",
    "kthvalue": "kthvalue: PyTorch's CPU quickselect reorders ties (index, sign of zero; the gradient follows the "
                "index); gradlib takes the stable sort's",
    "topk": "topk: PyTorch's CPU partial sort returns tied elements in an order of its own (the gradient follows "
            "it); gradlib's is the stable sort's",
    "mode": "mode with NaN: PyTorch's CPU sort of NaN has no strict weak order, so the answer depends on the "
            "order ([nan, 1.] -> nan, [1., nan] -> 1.)",
}
# Cases where gradlib's answer stays different from PyTorch's CPU kernel's (the sweep's remaining gaps), and why
KNOWN_DIFFERENT = {
    **dict.fromkeys((
    'maximum_zeros/float32', 'maximum_zeros/float64', 'maximum_swapped/float32', 'maximum_swapped/float64',
    'maximum_minus_zeros/float32', 'maximum_minus_zeros/float64', 'maximum_0d', 'minimum_zeros/float32',
    'minimum_zeros/float64', 'minimum_swapped/float32', 'minimum_swapped/float64', 'minimum_minus_zeros/float32',
    'minimum_minus_zeros/float64', 'minimum_0d',
    'maximum_zeros/float16', 'maximum_swapped/float16', 'maximum_minus_zeros/float16',
    'minimum_zeros/float16', 'minimum_swapped/float16', 'minimum_minus_zeros/float16',
    ), _REASONS['maximum']),
    **dict.fromkeys((
    'amin_dim1/float32', 'amin_dim1/float64', 'amin_dim0/float32', 'amin_dim0/float64',
    'aminmax_dim1/float32', 'aminmax_dim1/float64', 'amin_whole/flat_nonan', 'amin_dim0/float16', 'amin_dim1/float16',
    'aminmax_dim1/float16',
    ), _REASONS['amin']),
    **dict.fromkeys((
    'nanmedian_whole/float16', 'nanmedian_whole/float32', 'nanmedian_whole/float64', 'nanmedian_whole/flat',
    'nanmedian_brief',
    ), _REASONS['nanmedian']),
    **dict.fromkeys((
    'kthvalue2_dim1/float16', 'kthvalue2_dim1/float32', 'kthvalue2_dim1/float64', 'kthvalue2_dim1/int64',
    'kthvalue1_dim0/float16', 'kthvalue1_dim0/float32', 'kthvalue1_dim0/float64', 'kthvalue1_dim0/int64',
    'kthvalue3_dim1/int64', 'grad_kthvalue_dim1',
    ), _REASONS['kthvalue']),
    **dict.fromkeys((
    'topk2/float16', 'topk2/float32', 'topk2/float64', 'topk2/int64', 'topk2_smallest/float16',
    'topk2_smallest/float32', 'topk2_smallest/float64', 'topk2_smallest/int64', 'topk3_sorted/float16',
    'topk3_sorted/float32', 'topk3_sorted/float64', 'topk3_sorted/int64', 'grad_topk2',
    ), _REASONS['topk']),
    **dict.fromkeys((
    'mode_flat',
    ), _REASONS['mode']),
}


def record():
    import torch
    recorded = {}
    for name, function in CASES.items():
        try:
            recorded[name] = {"value": plain(function(torch, "cpu"))}
        except Exception as error:  # the message is the spec
            recorded[name] = {"error": [type(error).__name__, str(error)]}
    FILE.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases in {FILE.name}")


def run(lib, name, device=None):
    try:
        return {"value": plain(CASES[name](lib, device))}
    except Exception as error:
        return {"error": [type(error).__name__, str(error)]}
