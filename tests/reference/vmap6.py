"""Recorder section ``vmap6``: PyTorch's results for the vmap cases of vmap6_cases.py (``torch_vmap6.json``) and
what the torch.func Jacobians tutorial program (examples/programs/judge_x/j04_jacobians_hessians.py) prints.

    python tests/reference/record_torch.py vmap6
"""
import contextlib
import io
import json
import pathlib
import runpy

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
J04 = ROOT / "examples" / "programs" / "judge_x" / "j04_jacobians_hessians.py"


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from record_torch_shared import record_cases
    from vmap6_cases import CASES
    record_cases(torch, CASES, HERE / "torch_vmap6.json", "vmap6")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        runpy.run_path(str(J04), run_name="__main__")
    (HERE / "torch_vmap6_j04.json").write_text(json.dumps({"printed": printed.getvalue()}, indent=1) + "\n")
    print("recorded j04's output")
