"""Recorder section ``cplxlinalg``: the PyTorch behaviours of cplxlinalg_cases.py (``torch_cplxlinalg.json``).

    python tests/reference/record_torch.py cplxlinalg
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from cplxlinalg_cases import CASES
    from torch5 import run_cases
    recorded = run_cases(torch, CASES)
    path = HERE / "torch_cplxlinalg.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} cplxlinalg cases to {path.relative_to(HERE.parents[1])}")
