"""Recorder section ``bfloat16``: the PyTorch behaviours of bfloat16_cases.py (``torch_bfloat16.json``).

    python tests/reference/record_torch.py bfloat16
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    from bfloat16_cases import CASES
    from torch5 import run_cases
    recorded = run_cases(torch, CASES)
    recorded["files"] = {"result": record_files(torch)}
    path = HERE / "torch_bfloat16.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} bfloat16 cases to {path.relative_to(HERE.parents[1])}")
    record_op_sweep(torch)


def run_sample_bfloat16(lib, sample, device="cpu"):
    """One registry sample with its float inputs in bfloat16: the dtypes of its outputs and input gradients
    (as the float16 sweep, record_torch_shared.run_sample_dtypes) and its floating outputs' values."""
    from op_registry import outputs_of
    try:
        from record_torch_shared import run_sample_dtypes  # the recorder (tests/reference on sys.path)
    except ImportError:
        from reference.record_torch_shared import run_sample_dtypes  # the tests
    record = run_sample_dtypes(lib, sample, "bfloat16", device)
    if "error" in record:
        return record
    inputs = []
    for spec, tensor in zip(sample.inputs, sample.make_inputs(lib, device)):
        if spec.kind in ("float", "spd"):
            tensor = tensor.detach().to(lib.bfloat16)
        inputs.append(tensor)
    lib.manual_seed(0)
    outputs = outputs_of(sample.function(lib, *inputs))
    record["values"] = [o.detach().float().tolist() if o.dtype.is_floating_point else None for o in outputs]
    return record


def record_op_sweep(torch):
    """Every op registry sample in bfloat16 (``torch_bf16_op_sweep.json``; tests/test_bfloat16.py)."""
    import op_registry
    recorded = {}
    for name, sample in sorted(op_registry.SAMPLES_BY_NAME.items()):
        try:
            recorded[name] = run_sample_bfloat16(torch, sample)
        except Exception as error:  # a value PyTorch cannot turn into a list: the dtypes are still compared
            recorded[name] = {"error": type(error).__name__}
    path = HERE / "torch_bf16_op_sweep.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} bfloat16 op samples to {path.relative_to(HERE.parents[1])}")


def file_tensors(torch):
    """The bfloat16 tensors written to torch_bfloat16.pt and .safetensors (fixed values, PyTorch's rounding)."""
    return {"w": torch.tensor([[0.1, -2.5, 3e20], [1e-3, 7.0, -0.0]], dtype=torch.bfloat16),
            "b": torch.linspace(-1, 1, 5).to(torch.bfloat16), "f": torch.tensor([0.1, 0.2])}


def record_files(torch):
    """Write PyTorch's bfloat16 checkpoint (torch.save) and safetensors file; return their tensors' values."""
    from serialize import serialize
    tensors = file_tensors(torch)
    torch.save(tensors, HERE / "torch_bfloat16.pt")
    (HERE / "torch_bfloat16.safetensors").write_bytes(safetensors_bytes(torch, tensors))
    return {name: serialize(value) for name, value in tensors.items()}


def safetensors_bytes(torch, tensors):
    """The safetensors file of ``tensors`` as the format specifies it (the recorder's environment may lack the
    package): an 8-byte little-endian header length, the JSON header (dtype code, shape, byte range per name,
    sorted by name), then the raw little-endian bytes. PyTorch's own bytes: a bfloat16 tensor viewed as int16."""
    codes = {torch.bfloat16: ("BF16", torch.int16), torch.float32: ("F32", torch.int32)}
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        tensor = tensors[name].contiguous()
        code, raw_dtype = codes[tensor.dtype]
        raw = tensor.view(raw_dtype).numpy().tobytes()
        header[name] = {"dtype": code, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the header is padded to 8 bytes, as the package writes it
    return len(text).to_bytes(8, "little") + text + b"".join(chunks)
