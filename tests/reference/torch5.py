"""Recorder section ``torch5``: the registry samples of op_registry_torch5.py (values, gradients, dtypes, grad_fn
names) and the PyTorch behaviours of torch5_cases.py (``torch_torch5.json``).

    python tests/reference/record_torch.py torch5
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def run_cases(torch, cases, device_type="cpu"):
    """Each case's serialized ``result``, or its exception's class and message."""
    from serialize import serialize
    recorded = {}
    for name, code in cases.items():
        scope = {"torch": torch, "DEV": device_type}
        try:
            exec(code, scope)
        except Exception as error:
            recorded[name] = {"error": [type(error).__name__, str(error)]}
            continue
        recorded[name] = {"result": {key: serialize(value) for key, value in scope["result"].items()}}
    return recorded


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    import op_registry  # noqa: F401  (first: it imports op_registry_torch5 itself)
    from grad_fn_names import _name
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from op_registry_torch5 import SAMPLES as TORCH5_SAMPLES
    from op_registry import outputs_of
    from record_torch import record_op_dtypes, record_ops
    record_ops(TORCH5_SAMPLES, "torch_ops_torch5.json")
    record_op_dtypes(TORCH5_SAMPLES, "torch_op_dtypes_torch5.json")
    names = {"op/" + sample.name: [_name(o) for o in outputs_of(sample.function(torch, *sample.make_inputs(torch)))]
             for sample in TORCH5_SAMPLES}
    (HERE / "torch_grad_fn_names_torch5.json").write_text(json.dumps(names, sort_keys=True, indent=0) + "\n")
    from torch5_cases import CASES
    recorded = run_cases(torch, CASES)
    path = HERE / "torch_torch5.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} torch5 cases to {path.relative_to(HERE.parents[1])}")
