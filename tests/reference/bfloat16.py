"""Recorder section ``bfloat16``: the PyTorch behaviours of bfloat16_cases.py (``torch_bfloat16.json``).

    python tests/reference/record_torch.py bfloat16
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from bfloat16_cases import CASES
    from torch5 import run_cases
    recorded = run_cases(torch, CASES)
    path = HERE / "torch_bfloat16.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} bfloat16 cases to {path.relative_to(HERE.parents[1])}")
