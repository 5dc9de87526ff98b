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
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from op_registry_nn5b import SAMPLES as NN5B_SAMPLES
    from op_registry import outputs_of
    from record_torch import record_op_dtypes, record_ops
    record_ops(NN5B_SAMPLES, "torch_ops_nn5b.json")
    record_op_dtypes(NN5B_SAMPLES, "torch_op_dtypes_nn5b.json")
    names = {"op/" + sample.name: [_name(o) for o in outputs_of(sample.function(torch, *sample.make_inputs(torch)))]
             for sample in NN5B_SAMPLES}
    (HERE / "torch_grad_fn_names_nn5b.json").write_text(json.dumps(names, sort_keys=True, indent=0) + "\n")
    _record_edge_corpus(torch, NN5B_SAMPLES)
    _record_signatures(torch)
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


#: callables of these APIs outside the areas signatures.py records (nn.utils submodules, module-level hooks),
#: compared by tests/test_nn5b.py like tests/test_signature_parity.py compares the others
SIGNATURE_NAMES = (
    [f"nn.utils.prune.{name}" for name in (
        "identity", "random_unstructured", "l1_unstructured", "random_structured", "ln_structured",
        "global_unstructured", "custom_from_mask", "remove", "is_pruned", "Identity", "RandomUnstructured",
        "L1Unstructured", "RandomStructured", "LnStructured", "CustomFromMask", "PruningContainer",
        "BasePruningMethod.apply", "BasePruningMethod.prune", "BasePruningMethod.remove",
        "BasePruningMethod.apply_mask", "PruningContainer.add_pruning_method", "PruningContainer.compute_mask")]
    + [f"nn.utils.parametrize.{name}" for name in (
        "register_parametrization", "remove_parametrizations", "is_parametrized", "cached",
        "type_before_parametrizations", "transfer_parametrizations_and_params", "ParametrizationList",
        "ParametrizationList.right_inverse")]
    + ["nn.utils.parametrizations.weight_norm", "nn.utils.parametrizations.spectral_norm",
       "nn.utils.weight_norm", "nn.utils.remove_weight_norm", "nn.utils.spectral_norm",
       "nn.utils.remove_spectral_norm", "nn.modules.module.register_module_full_backward_hook",
       "nn.modules.module.register_module_full_backward_pre_hook", "nn.Module.register_full_backward_hook",
       "nn.Module.register_full_backward_pre_hook", "nn.parameter.UninitializedParameter",
       "nn.parameter.UninitializedBuffer", "nn.parameter.UninitializedParameter.materialize", "nn.parameter.is_lazy",
       "nn.modules.lazy.LazyModuleMixin.has_uninitialized_params", "nn.RMSNorm", "nn.LazyLinear", "nn.LazyConv1d",
       "nn.LazyConv2d", "nn.LazyConvTranspose1d", "nn.LazyConvTranspose2d", "nn.LazyBatchNorm1d",
       "nn.LazyBatchNorm2d", "nn.MultiMarginLoss", "nn.MultiLabelMarginLoss", "nn.CTCLoss",
       "nn.functional.rms_norm", "nn.functional.multi_margin_loss", "nn.functional.multilabel_margin_loss",
       "nn.functional.gumbel_softmax", "nn.functional.ctc_loss"])


def resolve(library, qualified):
    """The callable named ``area.name`` under ``library`` (torch or gradlib); a class stands for its
    ``__init__``; None where it is missing."""
    obj = library
    for part in qualified.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj.__init__ if isinstance(obj, type) else obj


def _record_signatures(torch):
    from signatures import _python_keywords
    recorded = {}
    for qualified in SIGNATURE_NAMES:
        keywords, var_keyword = _python_keywords(resolve(torch, qualified))
        recorded[qualified] = {"keywords": sorted(keywords), "var_keyword": var_keyword}
    path = HERE / "torch_signatures_nn5b.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
