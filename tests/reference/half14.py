"""Recorder section ``half14``: float16/bfloat16 ops as PyTorch's CPU kernels compute them (half14_cases.py,
``torch_half14.json``).

    python tests/reference/record_torch.py half14
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from half14_cases import run
    recorded = run(torch)
    path = HERE / "torch_half14.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} half14 cases to {path.relative_to(HERE.parents[1])}")
