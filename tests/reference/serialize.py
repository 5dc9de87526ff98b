"""Turn a case's observations into JSON-able data, identically for PyTorch and gradlib."""


def serialize(value):
    kind = type(value).__name__
    module = type(value).__module__.split(".")[0]
    if kind == "Tensor" or (hasattr(value, "grad_fn") and hasattr(value, "tolist") and hasattr(value, "dtype")):
        detached = value.detach()
        if detached.is_complex():  # JSON has no complex numbers: (re, im) pairs
            detached = detached.resolve_conj()
            detached = __import__(module).view_as_real(detached)
        return {"tensor": {"values": detached.tolist(), "dtype": str(value.dtype).split(".")[-1],
                           "shape": list(value.shape), "repr": repr(value),
                           "requires_grad": bool(value.requires_grad)}}
    if kind in ("dtype", "_ExtensionDtype") and module in ("torch", "gradlib"):  # gradlib.bfloat16's class
        return {"dtype": str(value).split(".")[-1]}
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, complex):
        return {"complex": [value.real, value.imag]}
    if isinstance(value, (tuple, list)):
        return [serialize(item) for item in value]
    raise TypeError(f"cannot serialize {type(value)}")
