"""Recorder section ``nn5b``: the registry samples of op_registry_nn5b.py (values, gradients, dtypes, grad_fn
names) and the PyTorch behaviours of nn5b_cases.py (``torch_nn5b.json``).

    python tests/reference/record_torch.py nn5b
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    import torch.nn.utils.parametrizations  # noqa: F401  (submodules the cases use as attributes, as gradlib's)
    import torch.nn.utils.parametrize  # noqa: F401
    import torch.nn.utils.prune  # noqa: F401
    import op_registry  # noqa: F401  (first: it imports op_registry_nn5b itself)
    from grad_fn_names import _name
    from op_registry import NN5B_SAMPLES, outputs_of
    from record_torch import record_op_dtypes, record_ops
    record_ops(NN5B_SAMPLES, "torch_ops_nn5b.json")
    record_op_dtypes(NN5B_SAMPLES, "torch_op_dtypes_nn5b.json")
    names = {"op/" + sample.name: [_name(o) for o in outputs_of(sample.function(torch, *sample.make_inputs(torch)))]
             for sample in NN5B_SAMPLES}
    (HERE / "torch_grad_fn_names_nn5b.json").write_text(json.dumps(names, sort_keys=True, indent=0) + "\n")
    _record_edge_corpus(torch, NN5B_SAMPLES)
    from nn5b_cases import CASES
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
    path = HERE / "torch_nn5b.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} nn5b cases to {path.relative_to(HERE.parents[1])}")


def _record_edge_corpus(torch, samples):
    """The edge-corpus entries of these samples (``registry/<sample>/<edge>``) written into
    ``torch_edge_corpus.json`` as ``edge_corpus_record.py`` writes them; the other entries are left as they are."""
    import warnings
    from edge_corpus import CASES as EDGE_CASES, run_case
    names = {sample.name for sample in samples}
    path = HERE / "torch_edge_corpus.json"
    recorded = json.loads(path.read_text())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in EDGE_CASES:
            if case.name.startswith("registry/") and case.name.split("/")[1] in names:
                torch.manual_seed(0)
                recorded[case.name] = run_case(torch, case)
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
