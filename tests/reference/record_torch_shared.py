"""Running one op-registry sample or one printed snippet, identically for PyTorch (the recorder) and gradlib (the
tests), and recording a topic's registry samples (``record_registry_topic``)."""
import contextlib
import importlib
import io
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def run_sample(lib, sample, device="cpu"):
    """Outputs and input gradients of one registry sample (the same code serves PyTorch and gradlib)."""
    from op_registry import outputs_of  # tests/ is on sys.path in both callers
    inputs = sample.make_inputs(lib, device)
    outputs = outputs_of(sample.function(lib, *inputs))
    record = {"outputs": [{"values": o.detach().cpu().tolist(), "dtype": str(o.dtype).split(".")[-1],
                           "shape": list(o.shape)} for o in outputs]}
    differentiable = [o for o in outputs if o.requires_grad]
    wanted = [t for t in inputs if t.requires_grad]
    if differentiable and wanted:
        cotangents = sample.cotangents([tuple(o.shape) for o in differentiable])
        loss = sum((o * lib.tensor(c, dtype=o.dtype, device=o.device)).sum() for o, c in zip(differentiable, cotangents))
        grads = lib.autograd.grad(loss, wanted, allow_unused=True)
        record["grads"] = [None if g is None else g.detach().cpu().tolist() for g in grads]
    else:
        record["grads"] = []
    return record


DTYPE_INPUTS = ("float16", "int64", "int32", "uint8")


def run_sample_dtypes(lib, sample, dtype_name, device="cpu"):
    """The dtypes of one registry sample's outputs and input gradients when its float inputs are ``dtype_name``
    (integer inputs do not require grad), or the exception class it raises."""
    from op_registry import outputs_of
    dtype = getattr(lib, dtype_name)
    try:
        inputs = []
        for spec, tensor in zip(sample.inputs, sample.make_inputs(lib, device)):
            if spec.kind in ("float", "spd"):
                tensor = tensor.detach().to(dtype).requires_grad_(spec.grad and dtype.is_floating_point)
            inputs.append(tensor)
        outputs = outputs_of(sample.function(lib, *inputs))
        record = {"outputs": [str(o.dtype).split(".")[-1] for o in outputs]}
        differentiable = [o for o in outputs if o.requires_grad]
        wanted = [t for t in inputs if t.requires_grad]
        if differentiable and wanted:
            grads = lib.autograd.grad(sum(o.sum() for o in differentiable), wanted, allow_unused=True)
            record["grads"] = [None if g is None else str(g.dtype).split(".")[-1] for g in grads]
        return record
    except Exception as error:
        return {"error": type(error).__name__}


def run_snippet(lib, snippet):
    """What ``snippet`` prints with ``torch`` bound to ``lib``; an exception it raises is printed as
    ``Class: message``, since the printed error is what is compared."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            exec(snippet, {"torch": lib})
        except Exception as error:
            print(f"{type(error).__name__}: {error}")
    return output.getvalue()


def record_snippets(torch, snippets, path):
    """Record what each snippet prints with ``torch`` bound (seeded 0, warnings off) to ``path``:
    {snippet: printed text}; the snippet tests compare gradlib's text with it."""
    import warnings
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        recorded = {snippet: run_snippet(torch, snippet) for snippet in snippets}
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} snippets to {path.relative_to(HERE.parents[1])}")


def record_registry_topic(torch, topic, grad_fn_names=False):
    """Record PyTorch's references for ``tests/op_registry_<topic>.py``: ``torch_ops_<topic>.json`` and
    ``torch_op_dtypes_<topic>.json``, and with ``grad_fn_names`` also ``torch_grad_fn_names_<topic>.json``."""
    import op_registry  # first: it loads every op_registry_<topic> module
    from record_torch import record_op_dtypes, record_ops
    samples = importlib.import_module(f"op_registry_{topic}").SAMPLES
    record_ops(samples, f"torch_ops_{topic}.json")
    record_op_dtypes(samples, f"torch_op_dtypes_{topic}.json")
    if grad_fn_names:
        from grad_fn_names import _name
        names = {"op/" + sample.name: [_name(output) for output in
                                       op_registry.outputs_of(sample.function(torch, *sample.make_inputs(torch)))]
                 for sample in samples}
        (HERE / f"torch_grad_fn_names_{topic}.json").write_text(json.dumps(names, sort_keys=True, indent=0) + "\n")


def record_cases(torch, cases, path, label):
    """Run each case's code with ``torch`` bound and record its ``result`` dict (serialized) or its error, to
    ``path``: the nn recorder sections' behaviours."""
    from serialize import serialize
    recorded = {}
    for name, code in cases.items():
        scope = {"torch": torch}
        try:
            exec(code, scope)
        except Exception as error:
            recorded[name] = {"error": [type(error).__name__, str(error)]}
            continue
        recorded[name] = {"result": {key: serialize(value) for key, value in scope["result"].items()}}
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} {label} cases to {path.relative_to(HERE.parents[1])}")
