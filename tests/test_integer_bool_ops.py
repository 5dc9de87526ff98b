"""Bool and integer tensors in arithmetic follow PyTorch (2.13), not the array library: NumPy refuses ``-bool``
and ``bool - bool`` in its own words, CuPy computes them (a bool negated is itself, a difference is a xor), CuPy's
sign of a bool is int8, and NumPy's and CuPy's integer powers, clips and scalar parameters widen differently."""
import pytest

import gradlib

NEGATION = ("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, "
            "use the `~` or `logical_not()` operator instead.")
TWO_BOOLS = ("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` "
             "operator instead.")
ONE_BOOL = ("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, "
            "use the `~` or `logical_not()` operator instead.")
ALPHA = "For integral input tensors, argument alpha must not be a floating point number."


def _operands(device):
    return (gradlib.tensor([True, False], device=device), gradlib.tensor([1, 2], device=device),
            gradlib.tensor([1.0, 2.0], device=device))


@pytest.mark.parametrize("call, message", [
    (lambda b, i, f: -b, NEGATION), (lambda b, i, f: b.neg(), NEGATION), (lambda b, i, f: b.clone().neg_(), NEGATION),
    (lambda b, i, f: gradlib.negative(b), NEGATION), (lambda b, i, f: +b, "The `+` operator, on a bool tensor is not supported."),
    (lambda b, i, f: b - b, TWO_BOOLS), (lambda b, i, f: b - True, TWO_BOOLS), (lambda b, i, f: b.clone().sub_(b), TWO_BOOLS),
    (lambda b, i, f: True - b, TWO_BOOLS), (lambda b, i, f: b - i, ONE_BOOL), (lambda b, i, f: i - b, ONE_BOOL),
    (lambda b, i, f: b - 1, ONE_BOOL), (lambda b, i, f: 1 - b, ONE_BOOL), (lambda b, i, f: i.clone().sub_(b), ONE_BOOL),
    (lambda b, i, f: i - gradlib.tensor(True), ONE_BOOL),
    (lambda b, i, f: gradlib.add(i, i, alpha=2.5), ALPHA), (lambda b, i, f: gradlib.sub(i, i, alpha=1.5), ALPHA),
    (lambda b, i, f: i ** -1, "Integers to negative integer powers are not allowed."),
    (lambda b, i, f: gradlib.addcdiv(f, i, i), "Integer division with addcdiv is no longer supported"),
], ids=["neg_op", "neg", "neg_", "negative", "pos", "sub_bools", "sub_true", "sub_", "rsub", "bool_minus_int",
        "int_minus_bool", "bool_minus_1", "1_minus_bool", "int_sub_bool_", "int_minus_0d_bool", "add_float_alpha",
        "sub_float_alpha", "int_negative_power", "addcdiv_integers"])
def test_refused_as_pytorch_refuses(call, message, device):
    with pytest.raises(RuntimeError) as caught:
        call(*_operands(device))
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("call, dtype, values", [
    (lambda b, i, f: b + b, "bool", [True, False]), (lambda b, i, f: gradlib.add(b, b, alpha=2), "bool", [True, False]),
    (lambda b, i, f: b.clone().add_(b), "bool", [True, False]), (lambda b, i, f: b + True, "bool", [True, True]),
    (lambda b, i, f: b + 1, "int64", [2, 1]), (lambda b, i, f: b + i, "int64", [2, 2]),
    (lambda b, i, f: gradlib.add(i, f, alpha=2.5), "float32", [3.5, 7.0]),
    (lambda b, i, f: gradlib.sign(b), "bool", [True, False]), (lambda b, i, f: b.sign(), "bool", [True, False]),
    (lambda b, i, f: gradlib.addcmul(i, i, i, value=0.5), "int64", [1, 2]),
    (lambda b, i, f: gradlib.addcmul(i, i, i, value=2), "int64", [3, 10]),
    (lambda b, i, f: gradlib.clamp(i, 1.5), "float32", [1.5, 2.0]), (lambda b, i, f: i.clamp(max=1), "int64", [1, 1]),
    (lambda b, i, f: b.clamp(0, 1), "int64", [1, 0]),
    (lambda b, i, f: gradlib.nn.functional.hardtanh(gradlib.tensor([-3, 0, 3], device=i.device), -0.5, 1.5), "int64",
     [0, 0, 1]),
    (lambda b, i, f: gradlib.nn.functional.relu6(i * 4), "int64", [4, 6]),
    (lambda b, i, f: i.masked_fill(i > 1, 1.7), "int64", [1, 1]),
    (lambda b, i, f: gradlib.einsum("ii->", gradlib.eye(2, dtype=gradlib.int32, device=i.device)), "int64", 2),
    (lambda b, i, f: gradlib.einsum("ij,jk->ik", i.int()[None], i.int()[:, None]), "int32", [[5]]),
    (lambda b, i, f: 2 ** gradlib.tensor([-1, 2, 0], device=i.device), "int64", [0, 4, 1]),
    (lambda b, i, f: gradlib.tensor([0, 1, -1, 2, -2, 3], device=i.device) ** gradlib.tensor(-1, device=i.device),
     "int64", [0, 1, -1, 0, 0, 0]),
    (lambda b, i, f: gradlib.tensor([-1, 1], device=i.device) ** gradlib.tensor([-2, -3], device=i.device), "int64",
     [1, 1]),
    (lambda b, i, f: gradlib.arange(6, dtype=gradlib.uint8, device=i.device).reshape(2, 3).sum_to_size(1, 3), "int64",
     [[3, 5, 7]]),
    (lambda b, i, f: gradlib.nn.functional.max_pool2d(gradlib.arange(16, device=i.device).reshape(1, 1, 4, 4), 3, 2,
                                                      1), "int64", [[[[5, 7], [13, 15]]]]),
], ids=["bool_add", "bool_add_alpha", "bool_add_", "bool_add_true", "bool_add_1", "bool_add_int", "int_add_float_alpha",
        "sign_bool", "sign_method", "addcmul_int_fraction", "addcmul_int", "clamp_int_float", "clamp_int_int",
        "clamp_bool", "hardtanh_int", "relu6_int", "masked_fill_int", "einsum_int_trace", "einsum_int_matmul",
        "scalar_pow_int", "int_pow_negative_0d", "minus_one_pow_negative", "sum_to_size_uint8", "max_pool2d_int_padded"])
def test_dtypes_and_values_as_pytorch(call, dtype, values, device):
    out = call(*_operands(device))
    assert str(out.dtype) == f"gradlib.{dtype}" and out.tolist() == values


@pytest.mark.parametrize("dtype", [gradlib.float16, gradlib.int64, gradlib.uint8, gradlib.bool])
@pytest.mark.parametrize("name", ["inv", "det", "slogdet", "solve", "cholesky"])
def test_linalg_refuses_low_precision_and_integers(name, dtype, device):
    a = (gradlib.eye(3, device=device) * 2).to(dtype)
    call = {"solve": lambda: gradlib.linalg.solve(a, a)}.get(name, lambda: getattr(gradlib.linalg, name)(a))
    with pytest.raises((RuntimeError, NotImplementedError)) as caught:
        call()
    words = {"float16": "Half", "int64": "Long", "uint8": "Byte", "bool": "Bool"}[dtype.name]
    if dtype is gradlib.float16:  # PyTorch 2.13 on the CPU
        expected = {"inv": "linalg.inv: Low precision dtypes not supported. Got Half",
                    "slogdet": "linalg.slogdet: Low precision dtypes not supported. Got Half",
                    "cholesky": "\"cholesky_cpu\" not implemented for 'Half'"}.get(name, "\"lu_cpu\" not implemented for 'Half'")
    else:
        expected = f"linalg.{name}: Expected a floating point or complex tensor as input. Got {words}"
    assert str(caught.value) == expected
