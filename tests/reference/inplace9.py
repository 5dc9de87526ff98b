"""Recorder section ``inplace9``: the PyTorch behaviours of inplace9_cases.py (``torch_inplace9.json``).

    python tests/reference/record_torch.py inplace9
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from inplace9_cases import CASES
    from torch5 import run_cases
    recorded = run_cases(torch, CASES)
    path = HERE / "torch_inplace9.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} inplace9 cases to {path.relative_to(HERE.parents[1])}")
