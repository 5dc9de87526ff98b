"""Harvested PyTorch docstring examples that gradlib does not run as PyTorch does yet, each with its reason
(tests/test_docstring_examples.py marks them strict xfail: a block that starts passing must leave this list).
docs/docstring_examples.md groups them by reason."""

OUT = "out= is refused by design (README, signature parity: results are always new tensors)"

WAITING = {
    "torch:torch.set_default_dtype": "with float16 as the default dtype PyTorch makes complex Python numbers "
                                     "complex32 (chalf), a dtype gradlib does not have (complex64 there)",
    "Tensor:torch.Tensor.view": "view(dtype) (a bit reinterpretation; the example also views as torch.cfloat, a "
                                "complex dtype) is refused by gradlib",
    "torch:torch.logical_and": OUT,
    "torch:torch.logical_not": OUT,
    "torch:torch.logical_or": OUT,
    "torch:torch.logical_xor": OUT,
    "torch:torch.vmap": "vmap runs a function that calls autograd.grad(y, x, v) once per row, so the graph is freed "
                        "after the first (PyTorch batches the call; helper vmap6 owns gradlib/func); the block "
                        "also prints torch.dot itself, a builtin method's repr",
    "torch:torch.from_dlpack": "to_dlpack gives DLPack 1.0's 'dltensor_versioned' capsule where PyTorch's gives "
                               "'dltensor', on purpose (gradlib/_dlpack.py: NumPy marks arrays from legacy capsules "
                               "read-only)",
    "torch:torch.sort": "the order of equal elements of an unstable sort is an artefact of PyTorch's CPU kernel "
                        "(gradlib sorts stably, which stable=True also gives in PyTorch)",
}
