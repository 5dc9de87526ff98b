"""Registry entries of helper fast13: ``CopyBackwards``, the copy AccumulateGrad makes of a leaf's first gradient
under ``backward(create_graph=True)`` (gradlib/ops/grad_copy.py). No sample's ``autograd.grad`` reaches it (it
records only into a leaf's ``.grad``); tests/test_fast13.py compares its name, edges, version and values with
PyTorch's and runs gradcheck and gradgradcheck through it on every device."""

SAMPLES = []
COVERED_ELSEWHERE = {"CopyBackwards": "tests/test_fast13.py: PyTorch's recorded .grad under create_graph (name, "
                                      "next_functions, version, values); gradcheck and gradgradcheck"}
