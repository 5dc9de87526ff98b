"""Recorder section ``complex9``: every op registry sample on complex input (``torch_complex9.json``;
tests/test_complex9.py).

    python tests/reference/record_torch.py complex9

Each sample runs in several variants (``VARIANTS``): all its float inputs complex128 or complex64, and, for samples
with two or more float inputs, the first one complex128 with the others float64, int64 or bool (the complex operand
mixed with real, integer and boolean ones). A complex input's real part is the sample's own value (so positive
inputs stay in the right half plane) and its imaginary part a seeded draw in [-0.5, 0.5). For each variant the
record holds the outputs (values, dtype, shape) and the gradients of the real loss
``sum(Re(out) * c_re + Im(out) * c_im)`` with seeded cotangents (PyTorch's convention: the conjugate Wirtinger
derivative), or the exception's class and message, and at which stage (forward or backward) it was raised.
The same code runs gradlib in the tests.
"""
import json
import pathlib
import zlib

import numpy

HERE = pathlib.Path(__file__).resolve().parent

VARIANTS = ("complex128", "complex64", "mixed_float", "mixed_int", "mixed_bool")

#: samples whose values depend on the random stream: only dtypes and shapes are compared
RANDOM_WORDS = ("dropout", "rrelu", "bernoulli", "multinomial", "normal", "random", "rand", "uniform", "poisson",
                "exponential", "cauchy", "geometric", "gumbel", "shuffle", "sampling", "fractional")


def _float_positions(sample):
    return [i for i, spec in enumerate(sample.inputs) if spec.kind in ("float", "spd")]


def applies(sample, variant):
    """Whether ``variant`` makes sense for ``sample``: mixed variants need two float inputs."""
    floats = _float_positions(sample)
    if not floats:
        return False
    if variant.startswith("mixed"):
        return len(floats) >= 2
    return True


def cases(samples):
    """The case names, ``<sample>/<variant>``, in a stable order."""
    return [f"{sample.name}/{variant}" for sample in samples for variant in VARIANTS if applies(sample, variant)]


def _imaginary(sample, index, shape):
    rng = numpy.random.default_rng(zlib.crc32(f"{sample.name}/imag/{index}".encode()))
    return rng.uniform(-0.5, 0.5, size=shape)


def make_inputs(lib, sample, variant, device="cpu"):
    """The sample's inputs for ``variant`` as ``lib`` tensors."""
    floats = _float_positions(sample)
    tensors = []
    for index, (spec, array, tensor) in enumerate(zip(sample.inputs, sample.arrays(),
                                                      sample.make_inputs(lib, device))):
        if index not in floats:
            tensors.append(tensor)
            continue
        complex_here = variant in ("complex128", "complex64") or index == floats[0]
        if not complex_here:
            kind = variant.split("_")[1]
            if kind == "int":
                tensors.append(lib.tensor(numpy.rint(array).astype(numpy.int64), device=device))
            elif kind == "bool":
                tensors.append(lib.tensor(array > 0, device=device))
            else:
                tensors.append(tensor)
            continue
        imag = _imaginary(sample, index, array.shape)
        if spec.kind == "spd":  # Hermitian positive definite: B B^H + n I
            base = array + 1j * imag
            values = base @ numpy.conj(numpy.swapaxes(base, -1, -2)) + array.shape[-1] * numpy.eye(array.shape[-1])
        else:
            values = array + 1j * imag
        dtype = lib.complex64 if variant == "complex64" else lib.complex128
        made = lib.tensor(values, dtype=dtype, device=device)
        if getattr(spec, "transposed", False):
            made = made.mT.contiguous().mT
        if spec.grad:
            made.requires_grad_()
        tensors.append(made)
    return tensors


def _values(lib, tensor):
    detached = tensor.detach()
    if detached.is_complex():
        detached = lib.view_as_real(detached.resolve_conj().contiguous())
    return detached.cpu().tolist()


def _describe(lib, tensor):
    return {"values": _values(lib, tensor), "dtype": str(tensor.dtype).split(".")[-1], "shape": list(tensor.shape)}


def _cotangent(sample, index, shape):
    rng = numpy.random.default_rng(zlib.crc32(f"{sample.name}/cot/{index}".encode()))
    return rng.standard_normal(shape), rng.standard_normal(shape)


def run_case(lib, sample, variant, device="cpu"):
    """One sample in one variant: outputs and gradients, or the error (class, message, stage)."""
    from op_registry import outputs_of
    stage = "inputs"
    try:
        inputs = make_inputs(lib, sample, variant, device)
        stage = "forward"
        lib.manual_seed(0)
        outputs = [o for o in outputs_of(sample.function(lib, *inputs))]
        record = {"outputs": [_describe(lib, o) if hasattr(o, "dtype") else repr(o) for o in outputs]}
        stage = "backward"
        differentiable = [o for o in outputs if hasattr(o, "requires_grad") and o.requires_grad]
        wanted = [t for t in inputs if t.requires_grad]
        record["grads"] = []
        if differentiable and wanted:
            loss = 0
            for index, out in enumerate(differentiable):
                re, im = _cotangent(sample, index, tuple(out.shape))
                real_dtype = out.real.dtype
                loss = loss + (out.real * lib.tensor(re, dtype=real_dtype, device=out.device)).sum()
                if out.is_complex():
                    loss = loss + (out.imag * lib.tensor(im, dtype=real_dtype, device=out.device)).sum()
            grads = lib.autograd.grad(loss, wanted, allow_unused=True)
            record["grads"] = [None if g is None else _describe(lib, g) for g in grads]
        return record
    except Exception as error:
        return {"error": [type(error).__name__, str(error)], "stage": stage}


#: complex tensors whose repr and str are recorded (sci mode, 0-d, empty, requires_grad, nan/inf, wide, negative
#: zeros, integer-valued, complex64 and complex128, views and grad_fn), each an expression of ``torch``
PRINTED = {
    "0d": "torch.tensor(1.5-2j)",
    "0d_c128": "torch.tensor(-0.25+1e-3j, dtype=torch.complex128)",
    "0d_int_valued": "torch.tensor(3+4j)",
    "empty": "torch.zeros(0, dtype=torch.complex64)",
    "empty_2d": "torch.zeros(2, 0, dtype=torch.complex128)",
    "requires_grad": "torch.tensor([1+1j, -2j], requires_grad=True)",
    "grad_fn": "torch.tensor([1+1j, -2j], requires_grad=True) * 2",
    "grad_fn_c128": "torch.tensor([0.5j], dtype=torch.complex128, requires_grad=True).exp()",
    "sci_large": "torch.tensor([1e10+1j, 2-3e-5j])",
    "sci_small": "torch.tensor([1e-10+1e-9j, 3e-8j], dtype=torch.complex128)",
    "sci_mixed_parts": "torch.tensor([123456.+0.001j, -1e-4-7e5j])",
    "nan_inf": "torch.tensor([complex(float('nan'), 1), complex(1, float('inf')), complex(-float('inf'), 0)])",
    "negative_zero": "torch.tensor([-0.0-0.0j, 0.0-0.0j, -1-0.0j])",
    "integer_valued": "torch.tensor([[1+2j, 3-4j], [-5+0j, 6j]])",
    "matrix": "torch.arange(12.).reshape(3, 4) * (0.5-1.25j)",
    "batch": "(torch.arange(8.).reshape(2, 2, 2) - 3) * (1+1j) / 3",
    "wide": "torch.arange(40.) * (1-0.1j)",
    "summarized": "torch.arange(2000.) * (0.5+0.5j)",
    "c128_precise": "torch.tensor([1/3 + 2j/3, -1.123456789j], dtype=torch.complex128)",
    "conj_view": "torch.tensor([1+2j, 3-4j]).conj()",
    "real_view": "torch.tensor([1+2j, 3-4j], requires_grad=True).real",
    "from_real": "torch.complex(torch.tensor([1., 2.]), torch.tensor([0.5, -0.5]))",
    "polar": "torch.polar(torch.tensor([1., 2.], dtype=torch.float64), torch.tensor([0., 3.14159], dtype=torch.float64))",
}


def record_printing(torch):
    """repr and str of each ``PRINTED`` tensor, or the exception."""
    recorded = {}
    for name, expression in PRINTED.items():
        try:
            value = eval(expression, {"torch": torch})
            recorded[name] = {"repr": repr(value), "str": str(value)}
        except Exception as error:
            recorded[name] = {"error": [type(error).__name__, str(error)]}
    return recorded


def record():
    import torch  # only the recorder needs PyTorch; pytest collects this module without it
    import warnings
    import op_registry
    recorded = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sample in op_registry.SAMPLES:
            for variant in VARIANTS:
                if applies(sample, variant):
                    recorded[f"{sample.name}/{variant}"] = run_case(torch, sample, variant)
    path = HERE / "torch_complex9.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    printed = HERE / "torch_complex9_printing.json"
    printed.write_text(json.dumps(record_printing(torch), indent=1, sort_keys=True) + "\n")
    errors = sum("error" in r for r in recorded.values())
    print(f"wrote {len(recorded)} complex9 cases ({errors} refusals) to {path.relative_to(HERE.parents[1])}")
