"""NumPy functions applied to CPU tensors, and NumPy scalars beside tensors (issue 15, interop8): written once for
gradlib and PyTorch (``lib``). Each case is an expression of ``lib``, ``np``, ``t`` (float32 [[1.5, -2.], [3., 0.5]]),
``i`` (int64 [3, 1, 2]), ``b`` (bool [True, False, True]), ``s`` (float32 0-d 2.5), ``g`` (requires grad) and
``d`` (float64 [1., 4.]); the record is the result's kind (``Tensor``, a NumPy class, a Python class), dtype and
values, or the exception's class and message. Recorded by ``record_torch.py interop8`` (interop8.py).
"""
import warnings

CASES = {
    # reductions and NumPy's methods-by-name protocol (np.f(t) calls t.f(axis=..., out=None, ...))
    "argmax": "np.argmax(t)", "argmax_axis": "np.argmax(t, axis=1)", "argmin": "np.argmin(t)",
    "argmin_axis": "np.argmin(t, 0)", "sum": "np.sum(t)", "sum_axis": "np.sum(t, axis=0)",
    "mean": "np.mean(t)", "mean_axis": "np.mean(t, axis=1)", "max": "np.max(t)", "min": "np.min(t)",
    "amax": "np.amax(t, axis=0)", "std": "np.std(t)", "var": "np.var(t)", "round": "np.round(t)",
    "around": "np.around(t, 1)", "clip": "np.clip(t, 0, 1)", "transpose": "np.transpose(t)",
    "reshape": "np.reshape(t, (4,))", "reshape_neg": "np.reshape(t, -1)", "squeeze": "np.squeeze(t[None])",
    "cumsum": "np.cumsum(t)", "cumsum_axis": "np.cumsum(t, axis=0)", "prod": "np.prod(t)",
    "sort": "np.sort(i)", "argsort": "np.argsort(i)", "any": "np.any(b)", "all": "np.all(b)",
    "sum_int": "np.sum(i)", "mean_int": "np.mean(i)", "ravel": "np.ravel(t)", "shape": "np.shape(t)",
    "size": "np.size(t)", "ndim": "np.ndim(t)", "nonzero": "np.nonzero(i)", "take": "np.take(i, [0, 2])",
    "where1": "np.where(b)", "where3": "np.where(b, i, 0)", "unique": "np.unique(i)", "abs": "np.abs(t)",
    "dot": "np.dot(d, d)", "matmul": "np.matmul(t, t)", "linalg_norm": "np.linalg.norm(d)",
    "isnan": "np.isnan(t)", "sign": "np.sign(t)", "floor": "np.floor(t)", "trace": "np.trace(t)",
    "diag": "np.diag(t)", "argmax_0d": "np.argmax(s)", "sum_keepdims": "np.sum(t, axis=0, keepdims=True)",
    # ufuncs: PyTorch's __array_wrap__ gives the result back as a tensor
    "exp": "np.exp(t)", "sqrt": "np.sqrt(d)", "log": "np.log(d)", "add_scalar": "np.add(t, 1)",
    "add_tensors": "np.add(t, t)", "maximum": "np.maximum(t, 0)", "minimum": "np.minimum(i, 2)",
    "multiply_int": "np.multiply(i, 2)", "true_divide_int": "np.true_divide(i, 2)", "sin": "np.sin(s)",
    "greater": "np.greater(t, 1)", "logical_not": "np.logical_not(b)", "exp_int": "np.exp(i)",
    "add_array": "np.add(t, np.ones((2, 2), dtype=np.float32))", "negative": "np.negative(i)",
    "power": "np.power(d, 2)", "tanh": "np.tanh(t)", "square": "np.square(i)",
    # conversions
    "array": "np.array(t)", "asarray": "np.asarray(t)", "array_dtype": "np.array(t, dtype=np.float64)",
    "asarray_int": "np.asarray(i)", "array_bool": "np.asarray(b)", "array_0d": "np.array(s)",
    "stack": "np.stack([d, d])", "concatenate": "np.concatenate([d, d])", "vstack": "np.vstack([d, d])",
    "float32_0d": "np.float32(s)", "float64_0d": "np.float64(s)", "int64_0d": "np.int64(i[0])",
    "float": "float(s)", "int": "int(i[0])", "bool": "bool(b[0])", "complex": "complex(s)",
    "array_list": "np.array([s, s])", "array_of_tensors": "np.array([d, d])",
    "numpy_shares": "(lambda n: (n.__setitem__(0, 9.0), d.tolist())[1])(d.numpy())",
    "from_numpy_shares": "(lambda a: (lib.from_numpy(a).add_(1), a.tolist())[1])(np.zeros(2))",
    "numpy_dtype": "t.numpy().dtype", "numpy_bool": "b.numpy()",
    "tensor_from_np_scalar": "lib.tensor(np.float64(1.5), device='cpu')", "tensor_from_np_float32": "lib.tensor(np.float32(1.5), device='cpu')",
    "tensor_from_np_array": "lib.tensor(np.array([1, 2], dtype=np.int32), device='cpu')",
    "as_tensor_np": "lib.as_tensor(np.array([1., 2.], dtype=np.float16), device='cpu')",
    # NumPy scalars beside tensors: PyTorch treats them as Python scalars of their kind
    "t_plus_np_f64": "t + np.float64(1)", "np_f64_plus_t": "np.float64(1) + t",
    "t_times_np_f32": "t * np.float32(2)", "np_f32_times_t": "np.float32(2) * t",
    "i_plus_np_i64": "i + np.int64(1)", "np_i64_plus_i": "np.int64(1) + i", "i_plus_np_f64": "i + np.float64(0.5)",
    "np_f64_plus_i": "np.float64(0.5) + i", "np_f64_minus_t": "np.float64(1) - t", "np_f64_div_t": "np.float64(1) / t",
    "np_f64_pow_t": "np.float64(2) ** d", "t_pow_np": "t ** np.float64(2)", "np_i32_times_i": "np.int32(2) * i",
    "np_bool_and_b": "np.bool_(True) & b", "np_f64_lt_t": "np.float64(1) < t", "t_eq_np_f32": "t == np.float32(0.5)",
    "np_f64_plus_s": "np.float64(1) + s", "np_f64_plus_g": "np.float64(1) + g",
    "t_plus_ndarray": "t + np.ones((2, 2))", "ndarray_plus_t": "np.ones((2, 2)) + t",
    "ndarray_times_i": "np.array([1, 2, 3]) * i",
    "np_f64_plus_t_grad": "np.float64(2) * g",
    # tensors that require grad refuse NumPy
    "grad_numpy": "g.numpy()", "grad_asarray": "np.asarray(g)", "grad_exp": "np.exp(g)", "grad_sum": "np.sum(g)",
    "grad_array": "np.array(g)", "grad_float": "float(g[0])",
}


#: Cases where NumPy calls the tensor method by name with NumPy's keywords (``t.sum(axis=None, out=None)``) and
#: PyTorch refuses them: the TypeError's words come from PyTorch's C++ argument parser, so only the class is compared.
ARGUMENT_PARSER_ERRORS = ("sum", "sum_axis", "mean", "mean_axis", "max", "min", "amax", "std", "var", "prod", "any",
                          "all", "sum_int", "mean_int", "sum_keepdims", "grad_sum")

# operators with NumPy arrays: PyTorch takes them only in some places (gradlib/_tensor_operators.py)
CASES.update({
    "t_lt_array": "t < np.ones((2, 2))", "array_lt_t": "np.ones((2, 2)) < t", "t_ne_array": "t != np.ones((2, 2))",
    "array_ne_t": "np.ones((2, 2)) != t", "t_eq_array": "t == np.ones((2, 2))", "array_eq_t": "np.ones((2, 2)) == t",
    "t_ge_0d_array": "t >= np.array(1.)", "t_pow_array": "t ** np.ones((2, 2))", "array_pow_t": "np.ones((2, 2)) ** t",
    "t_floordiv_array": "t // np.ones((2, 2))", "array_floordiv_t": "np.ones((2, 2)) // t",
    "t_mod_array": "t % np.ones((2, 2))", "array_mod_t": "np.ones((2, 2)) % t", "t_matmul_array": "t @ np.ones((2, 2))",
    "array_matmul_t": "np.ones((2, 2)) @ t", "array_div_t": "np.ones((2, 2)) / t", "array_minus_t": "np.ones((2, 2)) - t",
    "b_and_array": "b & np.ones(3, dtype=bool)", "array_or_b": "np.ones(3, dtype=bool) | b",
    "b_xor_array": "b ^ np.ones(3, dtype=bool)", "i_lshift_array": "i << np.ones(3, dtype=np.int64)",
    "array_lshift_i": "np.ones(3, dtype=np.int64) << i", "0d_array_times_t": "np.array(2.) * t",
    "t_times_0d_array": "t * np.array(2.)", "t_minus_array": "t - np.ones((2, 2), dtype=np.float32)",
})


def _inputs(lib):
    cpu = {"device": "cpu"}  # NumPy reads host memory: the cases are CPU tensors on every test device
    return {"t": lib.tensor([[1.5, -2.], [3., 0.5]], **cpu), "i": lib.tensor([3, 1, 2], **cpu),
            "b": lib.tensor([True, False, True], **cpu), "s": lib.tensor(2.5, **cpu),
            "g": lib.tensor([1., 2.], requires_grad=True, **cpu), "d": lib.tensor([1., 4.], dtype=lib.float64, **cpu)}


def describe(lib, value):
    """A result as JSON: its kind (torch's Tensor as 'Tensor'), dtype and values."""
    import numpy as np
    if isinstance(value, lib.Tensor):
        return {"kind": "Tensor", "dtype": str(value.dtype).replace(lib.__name__ + ".", ""),
                "values": value.detach().tolist(), "requires_grad": value.requires_grad}
    if isinstance(value, (np.ndarray, np.generic)):
        return {"kind": "numpy." + type(value).__name__, "dtype": str(value.dtype), "values": value.tolist()}
    if isinstance(value, (tuple, list)):
        return {"kind": type(value).__name__, "items": [describe(lib, item) for item in value]}
    if isinstance(value, np.dtype):
        return {"kind": "numpy.dtype", "values": str(value)}
    if isinstance(value, complex):
        return {"kind": "complex", "values": [value.real, value.imag]}
    if callable(value):  # np.size(t) is t.size, the method (PyTorch's too)
        return {"kind": "callable"}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"kind": type(value).__name__, "values": value}
    return {"kind": type(value).__name__, "repr": repr(value).replace(lib.__name__, "torch")}


def observe(lib, name):
    import numpy as np
    scope = {"lib": lib, "np": np, **_inputs(lib)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = eval(CASES[name], scope)
    except Exception as error:  # noqa: BLE001 - the error is the record
        return {"error": [type(error).__name__, str(error).replace(lib.__name__ + ".", "torch.")]}
    return describe(lib, value)


def record(torch):
    return {name: observe(torch, name) for name in CASES}
