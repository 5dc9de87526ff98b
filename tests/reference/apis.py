"""Recorder section ``apis``: the registry samples of op_registry_apis.py (values, gradients, dtypes) and the
PyTorch behaviours of the issue-15 APIs that tests compare against (``torch_apis.json``).

    python tests/reference/record_torch.py apis
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    import op_registry  # noqa: F401  (first: it imports op_registry_apis itself)
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from op_registry_apis import SAMPLES as APIS_SAMPLES
    from record_torch import record_op_dtypes, record_ops
    record_ops(APIS_SAMPLES, "torch_ops_apis.json")
    record_op_dtypes(APIS_SAMPLES, "torch_op_dtypes_apis.json")
    from apis_cases import CASES
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
    path = HERE / "torch_apis.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} API cases to {path.relative_to(HERE.parents[1])}")
