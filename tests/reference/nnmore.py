"""Recorder section ``nnmore``: the registry samples of op_registry_nnmore.py (values, gradients, dtypes,
grad_fn names) and the PyTorch behaviours of nnmore_cases.py (``torch_nnmore.json``).

    python tests/reference/record_torch.py nnmore
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from record_torch_shared import record_cases, record_registry_topic
    record_registry_topic(torch, "nnmore", grad_fn_names=True)
    from nnmore_cases import CASES
    record_cases(torch, CASES, HERE / "torch_nnmore.json", "nn")
