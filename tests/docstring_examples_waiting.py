"""Harvested PyTorch docstring examples that gradlib does not run as PyTorch does yet, each with its reason
(tests/test_docstring_examples.py marks them strict xfail: a block that starts passing must leave this list).
docs/docstring_examples.md groups them by reason."""

COMPLEX = "complex dtypes: gradlib has no torch.complex64/complex128 (nor complex Python scalars in tensors)"
OUT = "out= is refused by design (README, signature parity: results are always new tensors)"

WAITING = {
    "linalg:torch.linalg.cholesky": COMPLEX,
    "linalg:torch.linalg.cond": COMPLEX,
    "linalg:torch.linalg.eigh": COMPLEX,
    "linalg:torch.linalg.eigvalsh": COMPLEX,
    "linalg:torch.linalg.inv": COMPLEX,
    "linalg:torch.linalg.matrix_rank": COMPLEX,
    "linalg:torch.linalg.pinv": COMPLEX,
    "torch:torch.cholesky_solve": COMPLEX,
    "torch:torch.is_complex": COMPLEX,
    "torch:torch.is_floating_point": COMPLEX,
    "torch:torch.isreal": COMPLEX,
    "torch:torch.set_default_dtype": COMPLEX,
    "Tensor:torch.Tensor.view": "view(dtype) (a bit reinterpretation; the example also views as torch.cfloat, a "
                                "complex dtype) is refused by gradlib",
    "torch:torch.logical_and": OUT,
    "torch:torch.logical_not": OUT,
    "torch:torch.logical_or": OUT,
    "torch:torch.logical_xor": OUT,
    "torch:torch.vmap": "vmap of a function that calls torch.func.grad (helper vmap6 owns gradlib/func)",
    "torch:torch.Generator.get_state": "a generator's state is gradlib's own bytes (not PyTorch's MT19937 state)",
    "torch:torch.from_dlpack": "Tensor.__dlpack__() gives a 'dltensor_versioned' capsule where PyTorch's gives "
                               "'dltensor'",
    "torch:torch.sort": "the order of equal elements of an unstable sort is PyTorch's algorithm's (gradlib sorts "
                        "stably)",
}
