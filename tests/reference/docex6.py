"""Recorder section ``docex6``: the registry samples of op_registry_docex6.py (values, gradients, dtypes,
grad_fn names) and the PyTorch behaviours of docex6_cases.py (``torch_docex6.json``): the fixes made for PyTorch's
docstring examples (the examples themselves: section ``docstring_examples``).

    python tests/reference/record_torch.py docex6
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from record_torch_shared import record_cases, record_registry_topic
    record_registry_topic(torch, "docex6", grad_fn_names=True)
    from docex6_cases import CASES
    record_cases(torch, CASES, HERE / "torch_docex6.json", "docex6")
