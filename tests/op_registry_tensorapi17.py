"""Registry entries of helper tensorapi17: ``FillBackward3``, the node of ``fill_`` with a 0-d tensor value on a
tensor that is not a view (gradlib/ops/grad_copy.py). No sample's function fills in place; tests/test_tensorapi17.py
compares its name, edges and values with PyTorch's and runs gradcheck and gradgradcheck through it on every device."""

SAMPLES = []
COVERED_ELSEWHERE = {"FillBackward3": "tests/test_tensorapi17.py: PyTorch's recorded fill_ with a tensor value "
                                      "(name, values); gradcheck and gradgradcheck"}
