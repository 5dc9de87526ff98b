"""Running one op-registry sample, identically for PyTorch (the recorder) and gradlib (the tests)."""


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
