"""Recorder section ``torchfn10``: the registry samples of op_registry_torchfn10.py (values, gradients, dtypes,
grad_fn names) and the PyTorch behaviours of torchfn10_cases.py (``torch_torchfn10.json``): the ``torch.*``
spellings of the nn.functional ops.

    python tests/reference/record_torch.py torchfn10
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from grad_fn_names import _name
    from op_registry import outputs_of
    from op_registry_torchfn10 import SAMPLES
    from record_torch import record_op_dtypes, record_ops
    from torch5 import run_cases
    from torchfn10_cases import CASES
    record_ops(SAMPLES, "torch_ops_torchfn10.json")
    record_op_dtypes(SAMPLES, "torch_op_dtypes_torchfn10.json")
    names = {"op/" + sample.name: [_name(o) for o in outputs_of(sample.function(torch, *sample.make_inputs(torch)))]
             for sample in SAMPLES}
    (HERE / "torch_grad_fn_names_torchfn10.json").write_text(json.dumps(names, sort_keys=True, indent=0) + "\n")
    recorded = run_cases(torch, CASES)
    path = HERE / "torch_torchfn10.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} torchfn10 cases to {path.relative_to(HERE.parents[1])}")
