"""Recorder section ``complex8``: the PyTorch behaviours of complex8_cases.py (``torch_complex8.json``).

    python tests/reference/record_torch.py complex8
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from complex8_cases import CASES
    from torch5 import run_cases
    recorded = run_cases(torch, CASES)
    path = HERE / "torch_complex8.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} complex8 cases to {path.relative_to(HERE.parents[1])}")
