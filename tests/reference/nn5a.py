"""Recorder section ``nn5a``: the registry samples of op_registry_nn5a.py (values, gradients, dtypes,
grad_fn names) and the PyTorch behaviours of nn5a_cases.py (``torch_nn5a.json``).

    python tests/reference/record_torch.py nn5a
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    import op_registry  # noqa: F401  (first: it imports op_registry_nn5a itself)
    from grad_fn_names import _name
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from op_registry_nn5a import SAMPLES as NN5A_SAMPLES
    from op_registry import outputs_of
    from record_torch import record_op_dtypes, record_ops
    record_ops(NN5A_SAMPLES, "torch_ops_nn5a.json")
    record_op_dtypes(NN5A_SAMPLES, "torch_op_dtypes_nn5a.json")
    names = {"op/" + sample.name: [_name(o) for o in outputs_of(sample.function(torch, *sample.make_inputs(torch)))]
             for sample in NN5A_SAMPLES}
    (HERE / "torch_grad_fn_names_nn5a.json").write_text(json.dumps(names, sort_keys=True, indent=0) + "\n")
    from nn5a_cases import CASES
    from serialize import serialize
    recorded = {}
    for name, code in CASES.items():
        scope = {"torch": torch}
        try:
            exec(code, scope)
        except Exception as error:
            recorded[name] = {"error": [type(error).__name__, str(error)]}
            continue
        recorded[name] = {"result": {key: serialize(value) for key, value in scope["result"].items()}}
    path = HERE / "torch_nn5a.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} nn5a cases to {path.relative_to(HERE.parents[1])}")
