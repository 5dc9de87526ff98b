"""Recorder section ``nn5a``: the registry samples of op_registry_nn5a.py (values, gradients, dtypes,
grad_fn names) and the PyTorch behaviours of nn5a_cases.py (``torch_nn5a.json``).

    python tests/reference/record_torch.py nn5a
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from record_torch_shared import record_cases, record_registry_topic
    record_registry_topic(torch, "nn5a", grad_fn_names=True)
    from nn5a_cases import CASES
    record_cases(torch, CASES, HERE / "torch_nn5a.json", "nn5a")
