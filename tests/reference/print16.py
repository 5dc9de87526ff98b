"""Printing cases (session 16, print16) that tools/fuzz_print16.py found printed differently from PyTorch 2.13, one
group per cause, with neighbours that guard the fix. Each case is a snippet of tests/reference/print16_cases.py's
form (``lib`` bound to the library, ``V``/``OPTS`` builders, the text left in ``out``; ``torch.``/``gradlib.``
written ``lib.``). ``python tests/reference/record_torch.py print16`` stores PyTorch's text per case in
``torch_print16.json``; tests/test_print16.py demands gradlib print the same.
"""
import json
import pathlib

FILE = pathlib.Path(__file__).parent / "torch_print16.json"

_PARAMS = "def P():\n    return [nn.Parameter(lib.ones(2))]\n"

CASES = {
    # the dtype suffix measured as PyTorch measures "dtype=torch.float16": gradlib's longer name broke lines early
    "wrap/float16_requires_grad": "out = repr(V('float16', (5,), 'ints').requires_grad_())",
    "wrap/bfloat16_linewidth40": "OPTS(linewidth=40)\nout = repr(V('bfloat16', (1,), 'small'))",
    "wrap/parameter_float64": "out = str(nn.Parameter(V('float64', (5,), 'ints')))",
    "wrap/complex128_matrix": "out = repr(V('complex128', (3, 4), 'ints'))",
    "wrap/complex128_special": "out = repr(V('complex128', (5,), 'special'))",
    "wrap/float64_precision0": "OPTS(precision=0)\nout = repr(V('float64', (4, 6), 'mixed', 3))",
    "wrap/bfloat16_summarized_grad": "out = repr(V('bfloat16', (3, 400), 'mixed').requires_grad_())",
    "wrap/grad_fn_after_dtype": "out = repr(V('float64', (2, 7), 'small').requires_grad_() * 2)",
    "wrap/int32_long_row": "out = repr(V('int32', (1, 12), 'big'))",
    "wrap/empty_int16_size": "OPTS(linewidth=30)\nout = repr(V('int16', (2, 0), 'small'))",
    "wrap/short_still_one_line": "out = repr(V('float16', (3,), 'small'))",
    # an optimizer's parameter groups are separated by a blank line
    "optim/two_groups": _PARAMS + "out = repr(lib.optim.SGD([{'params': P()}, {'params': P(), 'lr': 0.5}], lr=0.1))",
    "optim/adam_two_groups": _PARAMS + "out = repr(lib.optim.Adam([{'params': P(), 'weight_decay': 0.1}, "
                                       "{'params': P()}], foreach=False))",
    "optim/one_group": _PARAMS + "out = repr(lib.optim.RMSprop(P(), centered=True))",
    "optim/empty_list": "out = repr(lib.optim.SGD([], lr=0.1))",
    # edgeitems=0: "[...]" with the size; the size printed even when nothing is summarized
    "edge0/vector_summarized": "OPTS(edgeitems=0, threshold=5)\nout = repr(lib.arange(20.))",
    "edge0/matrix_summarized": "OPTS(edgeitems=0)\nout = repr(lib.arange(2000.).reshape(20, 100))",
    "edge0/small_not_summarized": "OPTS(edgeitems=0)\nout = repr(V('float32', (2, 3), 'small'))",
    "edge0/int_cube": "OPTS(edgeitems=0, threshold=3)\nout = repr(V('int64', (2, 3, 4), 'small'))",
    "edge0/complex_grad": "OPTS(edgeitems=0, threshold=5)\nout = repr(V('complex64', (12,), 'small').requires_grad_())",
    "edge0/empty": "OPTS(edgeitems=0)\nout = repr(V('float32', (0, 3, 1), 'small'))",
    # format(): only a plain 0-d tensor formats its number; others are object.__format__
    "format/vector_spec": "out = format(lib.tensor([1.5, 2.0]), '.2f')",
    "format/vector_empty_spec": "out = format(lib.tensor([1.5, 2.0]), '')",
    "format/parameter_0d_spec": "out = format(nn.Parameter(lib.tensor(2.5)), '.2f')",
    "format/parameter_0d_fstring": "out = f'{nn.Parameter(lib.tensor(2.5))}'",
    "format/requires_grad_0d": "out = f'{lib.tensor(2.5, requires_grad=True):.2f}'",
    "format/int_0d": "out = f'{lib.tensor(7):>5}|{lib.tensor(7):.2f}|{lib.tensor(True)}'",
    "format/half_0d": "out = format(lib.tensor(3.14159, dtype=lib.float16), '.3f')",
    # a Python complex number given to a real dtype is refused (NumPy dropped the imaginary part)
    "complex_data/float32": "out = repr(lib.tensor(2.5+1j, dtype=lib.float32))",
    "complex_data/float64_list": "out = repr(lib.tensor([1.0, 2.5+1j], dtype=lib.float64))",
    "complex_data/bfloat16": "out = repr(lib.tensor([1j], dtype=lib.bfloat16))",
    "complex_data/int32": "out = repr(lib.tensor([1.5, 2+1j], dtype=lib.int32))",
    "complex_data/int8_0d": "out = repr(lib.tensor(1j, dtype=lib.int8))",
    "complex_data/uint8_nested": "out = repr(lib.tensor([[2+1j]], dtype=lib.uint8))",
    "complex_data/as_tensor": "out = repr(lib.as_tensor([1j], dtype=lib.float32))",
    "complex_data/bool_takes_it": "out = repr(lib.tensor([2+1j, 0j], dtype=lib.bool))",
    "complex_data/complex_fine": "out = repr(lib.tensor([1, 2.5], dtype=lib.complex64))",
    # Unflatten: PyTorch's type check, and the size printed as given (list, Size)
    "unflatten/named": "out = repr(nn.Unflatten('features', (('C', 2), ('H', 3))))",
    "unflatten/list": "out = repr(nn.Unflatten(1, [2, 5]))",
    "unflatten/size": "out = repr(nn.Unflatten(-1, lib.Size([2, 5])))",
    "unflatten/int": "out = repr(nn.Unflatten(1, 10))",
    "unflatten/float_item": "out = repr(nn.Unflatten(1, (2.0, 5)))",
    "unflatten/list_forward": "out = str(nn.Unflatten(1, [2, 5])(lib.ones(3, 10)).shape)",
    # torch.device(type=...) and the private printoptions context manager (found by hand next to the sweep)
    "device/type_keyword": "out = repr(lib.device(type='cuda', index=2)) + str(lib.device(type='cpu'))",
    "device/no_argument": "out = repr(lib.device())",
    "device/type_twice": "out = repr(lib.device('cuda', type='cpu'))",
    "device/positional": "out = repr(lib.device('cuda', 1)) + repr(lib.device('cuda:0'))",
    "options/context_manager": "with lib._tensor_str.printoptions(precision=1, sci_mode=True):\n"
                               "    inside = repr(V('float32', (3,), 'small'))\n"
                               "out = inside + repr(V('float32', (3,), 'small')) + str(lib._tensor_str.get_printoptions())",
    # differences gradlib does not follow (tests/test_print16.py KNOWN says why)
    "known/complex_neg_zero": "out = repr(-V('complex64', (2, 3, 4), 'negzero'))",
    "known/buffer_is_a_tensor": "out = repr(nn.Buffer(lib.ones(2)))",
    "known/cpu_index_zero": "out = repr(lib.device('cpu', 0)) + repr(lib.device('cpu:0'))",
}


def record():
    import torch
    import print16_cases
    recorded = {name: print16_cases.run_case(torch, code) for name, code in CASES.items()}
    FILE.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases in {FILE.name}")
