"""Differential fuzzing of tensor creation and type promotion against PyTorch (session 17, create17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
fuzz15's builders (``T(dtype, form, variant, grad)``, ``D``, ``GRAD``; tests/reference/fuzz15.py) plus these:

- ``DEV``: the case's device (``"cpu"`` for PyTorch); ``np``: NumPy;
- ``SH(x)``: a tensor's dtype, shape and requires_grad without its values (``empty``/``new_empty``);
- ``DD(dtype, thunk)``: ``thunk()`` under ``set_default_dtype(dtype)``, restored after.

An answer is the value with every tensor as ``[dtype, shape, values, requires_grad]`` (values by ``repr``: -0.0
and nan count; dtypes and sizes as ``gradlib.`` text), or ``{"error": [class, message]}``, and the warnings.
The recorder (``python tests/reference/record_torch.py create17``) stores PyTorch's answers in
``torch_create17.json``; tests/test_create17.py demands gradlib give the same on every device.
tools/fuzz_create17.py draws the sweep these cases were chosen from.
"""
import pathlib
import re

import numpy

try:
    import fuzz15  # as the recorder and tools/fuzz_create17.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.create17)

FILE = pathlib.Path(__file__).parent / "torch_create17.json"


def _text(value):
    return re.sub(r"\btorch\.", "gradlib.", str(value))


def plain(value):
    if hasattr(value, "detach") and hasattr(value, "tolist") and hasattr(value, "dtype"):
        return [_text(value.dtype).split(".")[-1], list(value.shape), plain(value.detach().cpu().tolist()),
                bool(value.requires_grad)]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return repr(value)
    return _text(repr(value))


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def SH(x):  # noqa: N802
        return [_text(x.dtype).split(".")[-1], list(x.shape), bool(x.requires_grad)]

    def DD(dtype, thunk):  # noqa: N802
        before = lib.get_default_dtype()
        lib.set_default_dtype(dtype)
        try:
            return thunk()
        finally:
            lib.set_default_dtype(before)

    names.update(DEV=device or "cpu", np=numpy, SH=SH, DD=DD)
    return names


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), plain)


CASES = {
    # ----- fixed: arange reads its bounds as PyTorch's Scalars (end= alone; a 0-d integer tensor or NumPy integer
    # infers int64) and checks them in its order (complex, non-finite, int64 overflow, size)
    "arange/end_keyword": "lib.arange(end=4, device=DEV)",
    "arange/end_keyword_dtype": "lib.arange(end=4, dtype=lib.float16, device=DEV)",
    "arange/tensor_end_int64": "lib.arange(lib.tensor(3), device=DEV)",
    "arange/numpy_int_end": "lib.arange(np.int64(5), device=DEV)",
    "arange/tensor_end_requires_grad": "lib.arange(0, lib.tensor(4), requires_grad=True, device=DEV)",
    "arange/complex": "lib.arange(0, 3, 1j, dtype=lib.int32, device=DEV)",
    "arange/inf": "lib.arange(float('inf'), dtype=lib.int32, device=DEV)",
    "arange/nan": "lib.arange(0, float('nan'), device=DEV)",
    "arange/size_overflow": "lib.arange(0, 1, 1e-20, device=DEV)",
    "arange/size_overflow_int64": "lib.arange(0, 1, 1e-20, dtype=lib.int64, device=DEV)",
    "arange/int64_overflow": "lib.arange(1e20, 1e20 + 1e5, dtype=lib.int8, device=DEV)",
    "arange/default_float64": "DD(lib.float64, lambda: lib.arange(0, float('nan')))",
    # ----- fixed: linspace/logspace: complex ends give the default complex dtype, tensor ends must be 0-d, the ends
    # are converted to the dtype once, bool has no kernel past one step; logspace is PyTorch's kernel
    "spacing/linspace_complex_end": "lib.linspace(0, 1j, 3, device=DEV)",
    "spacing/linspace_complex_start": "lib.linspace(1+1j, 2, 3, requires_grad=True, device=DEV)",
    "spacing/linspace_complex_float64": "DD(lib.float64, lambda: lib.linspace(1+1j, 2, 5))",
    "spacing/linspace_complex_dtype": "lib.linspace(lib.tensor(0.), lib.tensor(1.), 4, dtype=lib.complex64, device=DEV)",
    "spacing/linspace_complex_nan": "lib.linspace(float('nan'), 1, 3, dtype=lib.complex64, device=DEV)",
    "spacing/linspace_complex_refused": "lib.linspace(0, 1j, 3, dtype=lib.float32, device=DEV)",
    "spacing/logspace_complex_refused": "lib.logspace(0, 1j, 3, base=2, dtype=lib.uint8, device=DEV)",
    "spacing/linspace_bool": "lib.linspace(0, 1, steps=3, dtype=lib.bool, device=DEV)",
    "spacing/linspace_bool_one_step": "lib.linspace(0, 1, 1, dtype=lib.bool, device=DEV)",
    "spacing/linspace_bool_negative_steps": "lib.linspace(0, 1, -1, dtype=lib.bool, device=DEV)",
    "spacing/logspace_bool": "lib.logspace(True, False, 3, dtype=lib.bool, device=DEV)",
    "spacing/linspace_tensor_dims": "lib.linspace(lib.tensor([0.]), 1, 3, device=DEV)",
    "spacing/logspace_tensor_dims": "lib.logspace(0, lib.tensor([1.]), 3, device=DEV)",
    "spacing/linspace_nan_int": "lib.linspace(float('nan'), 1, 3, dtype=lib.int64, device=DEV)",
    "spacing/linspace_int8_overflow": "lib.linspace(0, 255, 4, dtype=lib.int8, device=DEV)",
    "spacing/logspace_inf_int": "lib.logspace(0, float('inf'), 3, dtype=lib.int32, device=DEV)",
    "spacing/logspace_int_truncates_ends": "lib.logspace(0.5, 2.5, 5, dtype=lib.int32, device=DEV)",
    "spacing/logspace_uint8_wraps": "lib.logspace(-3, 3, 7, base=2, dtype=lib.uint8, device=DEV)",
    "spacing/logspace_uint8_base": "lib.logspace(0.5, 2.5, 5, base=2, dtype=lib.uint8, device=DEV)",
    "spacing/logspace_numpy_start": "lib.logspace(np.float32(0.5), 1, 3, dtype=lib.int32, device=DEV)",
    "spacing/logspace_nan": "lib.logspace(float('nan'), 1, 3, device=DEV)",
    "spacing/logspace_inf_end": "lib.logspace(0, float('inf'), 3, base=2, device=DEV)",
    "spacing/logspace_complex_dtype": "lib.logspace(0, 1j, 3, base=True, device=DEV)",
    "spacing/logspace_float16": "lib.logspace(-1, 2, 7, dtype=lib.float16, device=DEV)",
    "spacing/logspace_bfloat16_nan": "lib.logspace(float('nan'), 1, 3, dtype=lib.bfloat16, device=DEV)",
    # ----- fixed: a number as a function's first operand is PyTorch's wrapped 0-d tensor: add(2, x, alpha=2) is
    # 2 + 2 * x (gradlib computed x + 2 * 2), div(2.5, x) a true division (the operator 2.5 / x stays a reciprocal)
    "number_first/add_alpha_float16": "lib.add(2, T('float16', 'vec'), alpha=2)",
    "number_first/add_alpha_bool": "lib.add(0.0, T('bool', 'vec'), alpha=2)",
    "number_first/add_alpha_int": "lib.add(-3, T('int16', 'vec'), alpha=2)",
    "number_first/add_alpha_uint8": "lib.add(-1, T('uint8', 'vec'), alpha=2)",
    "number_first/add_alpha_complex": "lib.add(2.5, T('complex128', 'vec'), alpha=2)",
    "number_first/add_alpha_grad": "GRAD(lambda x: lib.add(1.5, x, alpha=-2), T('float64', 'vec', grad=True))",
    "number_first/true_divide_int": "lib.true_divide(2.5, T('int16', 'vec'))",
    "number_first/true_divide_uint8_negative": "lib.true_divide(-1, T('uint8', 'vec'))",
    "number_first/div_float16": "lib.div(2.5, T('float16', 'vec'))",
    "number_first/div_complex": "lib.true_divide(2.5, T('complex128', 'vec'))",
    "number_first/div_grad": "GRAD(lambda x: lib.div(3.0, x), T('float64', 'mat', grad=True))",
    "number_first/operator_guard": "2.5 / T('int16', 'vec')",
    # ----- fixed: a Python int beyond float16's range beside a float16 tensor is inf in the op (gradlib's rounding
    # of the number to the half dtype made inf an int: OverflowError "cannot convert float infinity to integer")
    "half_int_overflow/add": "T('float16', 'vec') + 2**40",
    "half_int_overflow/sub": "T('float16', 'special') - 2**40",
    "half_int_overflow/eq": "T('float16', 'vec') == 2**40",
    "half_int_overflow/inplace": "T('float16', 'vec').add_(2**40)",
    "half_int_overflow/guard_bfloat16": "T('bfloat16', 'vec') + 2**62",
    # ----- fixed: a 0-d complex tensor beside a dimensioned float tensor takes the float's width (PyTorch's
    # combine_categories: float32 with complex128 0-d is complex64)
    "complex_0d/result_type": "lib.result_type(T('bfloat16', 'vec'), T('complex128', '0d'))",
    "complex_0d/mul": "T('complex128', '0d') * T('float32', 'vec', 1)",
    "complex_0d/sub": "T('float32', 'vec') - T('complex128', '0d', 1)",
    "complex_0d/div_bfloat16": "lib.true_divide(T('bfloat16', 'vec'), T('complex128', '0d', 1))",
    "complex_0d/float64_complex64": "T('float64', 'vec') + T('complex64', '0d', 1)",
    "complex_0d/int_keeps_complex": "T('int32', 'vec') * T('complex128', '0d', 1)",
    "complex_0d/grad": "GRAD(lambda x, z: x * z, T('float32', 'vec', grad=True), T('complex128', '0d', 1, grad=True))",
    # ----- fixed: in-place ops check the cast back to self before the kernel's dtype check, and name the result
    # dtype as PyTorch (ComplexDouble; ComplexHalf for float16 with a complex number)
    "inplace_cast/bitwise_float_scalar": "T('int16', 'vec').bitwise_and_(0.0)",
    "inplace_cast/bitwise_complex_tensor": "T('bool', 'vec').bitwise_or_(T('complex64', 'vec', 1))",
    "inplace_cast/bitwise_xor_float": "T('float32', 'vec').bitwise_xor_(T('complex128', '0d', 1))",
    "inplace_cast/div_floor_complex": "T('int64', 'vec').div_(1j, rounding_mode='floor')",
    "inplace_cast/add_complex_float64": "T('float64', 'vec').add_(1j)",
    "inplace_cast/add_complex_float16": "T('float16', 'vec').add_(1j)",
    "inplace_cast/add_complex_0d_float16": "T('float16', 'vec').add_(T('complex64', '0d', 1))",
    "inplace_cast/sub_complex_0d_float32": "T('float32', 'vec').sub_(T('complex128', '0d', 1))",
    "inplace_cast/add_complex_into_complex": "T('complex128', 'vec').add_(1j)",
    "inplace_cast/atan2_complex": "T('float64', 'vec').atan2_(T('complex128', 'vec', 1))",
    "inplace_cast/clamp_complex_tensor": "T('bool', 'vec').clamp_(T('complex64', 'vec', 1))",
    "inplace_cast/clamp_complex_number_int": "T('int16', 'vec').clamp_(1j)",
    "inplace_cast/clamp_complex_number_float": "T('float64', 'vec').clamp_(1j)",
    "inplace_cast/clamp_complex_self": "T('complex128', 'vec').clamp_(0.0)",
    "inplace_cast/clamp_bool_int": "T('bool', 'vec').clamp_(-1)",
    "inplace_cast/div_bool_int_guard": "T('bool', 'vec').div_(-1)",
    # ----- fixed: factories parse their size as PyTorch's argument parser (NumPy and 0-d integer tensor sizes;
    # bool, float, tensor and array sizes refused in its words; new_* named after themselves)
    "sizes/numpy_int": "lib.zeros(np.int64(2), device=DEV)",
    "sizes/tensor_0d": "T('int8', 'vec').new_zeros(lib.tensor(2))",
    "sizes/float_item": "lib.ones((2, 3.0), device=DEV)",
    "sizes/none_item": "T('int8', 'vec').new_zeros((2, None))",
    "sizes/str": "lib.zeros('2', device=DEV)",
    "sizes/float": "T('float64', 'vec', grad=True).new_ones(2.5)",
    "sizes/tuple_then_int": "lib.empty((2,), 3, device=DEV)",
    "sizes/nested_list": "T('complex64', 'vec').new_empty([[2, 3]])",
    "sizes/bool": "lib.zeros(True, device=DEV)",
    "sizes/bool_item": "lib.ones((True, 2), device=DEV)",
    "sizes/tensor": "lib.zeros(lib.tensor([2, 3]), device=DEV)",
    "sizes/ndarray": "lib.empty(np.array([2, 3]), device=DEV)",
    "sizes/keyword_int": "lib.zeros(size=2, device=DEV)",
    "sizes/tuple_second": "SH(lib.rand(2, (3,), device=DEV))",
    "sizes/float_tensor": "lib.zeros(lib.tensor(2.0), device=DEV)",
    "sizes/full_int": "lib.full(2, 1)",
    "sizes/full_float_item": "lib.full((2, 3.0), 1.5)",
    "sizes/full_bool_item": "lib.full((True, 2), 1.5)",
    "sizes/guard_size": "lib.zeros(lib.Size([2, 3]), dtype=lib.int32, device=DEV)",
    "sizes/guard_negative": "lib.zeros(2, -1, device=DEV)",
    "sizes/guard_new_negative": "T('int8', 'vec').new_zeros((2, -1))",
    # ----- fixed: fill values as PyTorch's Scalar conversion (full, new_full, full_like, fill_)
    "fill/complex_zero_imag_int": "lib.full((2, 2), 2.5 + 0j, dtype=lib.int32, device=DEV)",
    "fill/complex_zero_imag_fill": "lib.zeros(2, dtype=lib.uint8, device=DEV).fill_(2.5 + 0j)",
    "fill/complex_into_float": "lib.zeros(2, device=DEV).fill_(1j)",
    "fill/complex_into_half": "lib.full((2, 2), 1j, dtype=lib.float16, device=DEV)",
    "fill/complex_into_int8": "lib.zeros(2, dtype=lib.int8, device=DEV).fill_(1j)",
    "fill/complex_into_int64_grad": "lib.full((2, 2), 1j, dtype=lib.int64, requires_grad=True, device=DEV)",
    "fill/below_int64": "lib.zeros(2, device=DEV).fill_(-2**63 - 1)",
    "fill/below_int64_full": "lib.full((2, 2), -2**63 - 1, dtype=lib.float16, device=DEV)",
    "fill/beyond_int64_bool": "lib.full((2, 2), 2**63, dtype=lib.bool, device=DEV)",
    "fill/complex64_range": "lib.zeros(2, dtype=lib.complex64, device=DEV).fill_(1e40)",
    "fill/none": "lib.zeros(2, device=DEV).fill_(None)",
    "fill/str": "lib.zeros(2, dtype=lib.int32, device=DEV).fill_('a')",
    "fill/tensor_0d_dtype": "lib.full((2, 2), lib.tensor(2), device=DEV)",
    "fill/tensor_0d_float64": "DD(lib.float64, lambda: lib.full((2,), lib.tensor(2)))",
    "fill/tensor_dims": "lib.full((2, 2), lib.tensor([2]), device=DEV)",
    "fill/new_full_none": "T('float16', 'vec').new_full((2,), None)",
    "fill/new_full_complex": "T('float16', 'vec').new_full((2,), 1j, dtype=lib.float32)",
    "fill/full_like_complex": "lib.full_like(T('int16', 'mat'), 1j, dtype=lib.float16)",
    "fill/guard_int_wraps": "lib.full((2,), 300, dtype=lib.uint8, device=DEV)",
    # ----- fixed: tril/triu_indices check row, col and offset as ints, sizes non-negative, an index dtype
    "tri/float_offset": "lib.tril_indices(3, 3, 1.5)",
    "tri/float_row": "lib.triu_indices(3.0, 3)",
    "tri/negative_row": "lib.tril_indices(-1, 3)",
    "tri/negative_col": "lib.triu_indices(3, -1)",
    "tri/float_dtype": "lib.tril_indices(3, 3, dtype=lib.float32)",
    "tri/uint8_dtype": "lib.triu_indices(3, 4, 1, dtype=lib.uint8)",
    "tri/guard_int32": "lib.tril_indices(4, 3, -1, dtype=lib.int32, device=DEV)",
    # ----- fixed: result_type reads a NumPy scalar as its Python kind
    "result_type/numpy_int_bool": "lib.result_type(T('bool', 'vec'), np.int64(2))",
    "result_type/numpy_int_uint8": "lib.result_type(np.int64(2), T('uint8', '0d'))",
    "result_type/numpy_int_number": "lib.result_type(np.int64(2), -3)",
    "result_type/guard_numpy_float": "lib.result_type(T('float16', 'vec'), np.float64(2.5))",
    # ----- fixed: meshgrid's checks in PyTorch's order and words; cartesian_prod wants 1-D tensors; polar has no
    # float16 kernel
    "grids/meshgrid_empty": "lib.meshgrid()",
    "grids/meshgrid_dtype_first": "lib.meshgrid(T('int64', 'vec'), T('float32', 'vec'), indexing='ab')",
    "grids/cartesian_0d": "lib.cartesian_prod(T('float32', '0d'), T('float32', 'vec'))",
    "grids/cartesian_mat": "lib.cartesian_prod(T('float32', 'mat'))",
    "grids/cartesian_empty": "lib.cartesian_prod()",
    "grids/polar_half": "lib.polar(T('float16', 'vec'), T('float16', '0d'))",
    "grids/guard_cartesian": "lib.cartesian_prod(T('int64', 'vec')[:2], T('int64', 'vec')[:3])",
    "grids/guard_meshgrid_xy": "lib.meshgrid(T('float32', 'vec'), T('float32', 'vec', 1)[:3], indexing='xy')",
    # ----- guards: creation and promotion PyTorch's already (the sweep's other sections)
    "guards/tensor_mixed": "lib.tensor([True, 2, 2.5], device=DEV)",
    "guards/tensor_complex_bool": "lib.tensor([True, 1j], device=DEV)",
    "guards/tensor_ragged": "lib.tensor([[1, 2], [3]], device=DEV)",
    "guards/tensor_empty_nested": "lib.tensor([[], []], device=DEV)",
    "guards/tensor_overflow": "lib.tensor([2**63], device=DEV)",
    "guards/tensor_int_requires_grad": "lib.tensor([1, 2], requires_grad=True, device=DEV)",
    "guards/tensor_list_of_tensors": "lib.tensor([lib.tensor(1), lib.tensor(2.5)], device=DEV)",
    "guards/tensor_numpy_scalars": "lib.tensor([np.float16(1.5), np.float16(2)], device=DEV)",
    "guards/as_tensor_uint8": "lib.as_tensor(np.array([1, 2], dtype=np.uint8), dtype=lib.float64, device=DEV)",
    "guards/asarray_dtype": "lib.asarray([1, 2.5], dtype=lib.int32, device=DEV)",
    "guards/default_float64": "DD(lib.float64, lambda: lib.tensor([1.5, 1j]))",
    "guards/arange_negative_step": "lib.arange(1, 0, -0.3, device=DEV)",
    "guards/arange_wrong_sign": "lib.arange(0, 5, -1, device=DEV)",
    "guards/linspace_steps_one": "lib.linspace(0.5, 2.5, 1, device=DEV)",
    "guards/linspace_int": "lib.linspace(0, 10, 7, dtype=lib.int32, device=DEV)",
    "guards/full_bool": "lib.full((2,), True, device=DEV)",
    "guards/eye": "lib.eye(2, 3, dtype=lib.int32, device=DEV)",
    "guards/promote_types": "lib.promote_types(D('bfloat16'), D('float16'))",
    "guards/can_cast": "lib.can_cast(D('float32'), D('int32'))",
    "guards/int8_wrap": "T('int8', 'vec') * 60 + 250",
    "guards/floor_divide_zero": "T('int32', 'vec') // 0",
    "guards/pow_negative": "lib.pow(T('int64', 'vec'), -1)",
    "guards/bool_neg": "-T('bool', 'vec')",
    "guards/inplace_cast": "T('int64', 'vec').div_(2)",
    "guards/to_uint8_special": "lib.tensor([float('nan'), float('inf'), -1.5, 255.5, 256.0, -129.0], device=DEV)"
                               ".to(lib.uint8)",
    "guards/remainder_signs": "lib.remainder(T('float32', 'vec'), -1.5)",
}

#: differences the sweep found and gradlib does not follow (tests/test_create17.py KNOWN gives each one's reason)
CASES["conversion/cfloat"] = "T('float32', 'vec').cfloat()"  # known until tensorapi17 added cfloat()

KNOWN_CASES = {
    "known/uint64_number": "lib.result_type(2**63, -3)",
    "known/uint16_dtypes": "lib.promote_types(D('uint16'), D('uint8'))",
    "known/complex32": "lib.result_type(T('float16', 'vec'), 1j)",
    "known/arg_parser_message": "lib.linspace(0, 1, 2.5, dtype=lib.int32, device=DEV)",
    "known/arg_parser_inplace_method": "T('float32', 'vec').lerp_(2, 0.5)",
    "known/logspace_float64_pow": "lib.logspace(0, 1, 5, dtype=lib.float64, device=DEV)",
    "known/logspace_complex_pow": "lib.logspace(0, 2, 3, dtype=lib.complex64, device=DEV)",
    "known/complex_linspace_lanes": "lib.linspace(0, 1, 1000, dtype=lib.complex64, device=DEV)[510:520]",
    "known/complex_pow_integer": "lib.pow(1j, T('int16', 'vec'))",
    "known/atan2_float32_ulp": "lib.atan2(T('int16', 'vec'), T('bool', 'vec', 1))",
    "known/polar_float32_ulp": "lib.polar(T('float32', '0d'), T('float32', '0d'))",
    "known/complex_add_nan_number": "T('complex128', 'vec') + float('nan')",
    "known/full_size_keyword": "lib.full(size=2, fill_value=1.5)",
    "known/meshgrid_tensor_print": "lib.meshgrid(T('float32', 'mat'), T('float32', 'vec'))",
    "known/range_tiny_step": "lib.range(0, 1, 1e-20, device=DEV)",
    "known/randn_empty_integer": "SH(lib.randn(0, dtype=lib.int32, device=DEV))",
    "known/randint_like_bool": "SH(lib.randint_like(T('float32', 'mat'), 5, dtype=lib.bool))",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
