"""relu's output and input gradient, bit for bit, on every pair of special inputs and gradients (NaN, -NaN, +-inf,
+-0., +-subnormal, +-max, -1., 2.) in float16, float32 and float64 (session 12, arr12: relu's backward as the
gradient's integer bits times ``out != 0``). Written once for gradlib and PyTorch; the recorder (``python
tests/reference/record_torch.py relu_arr12``) stores PyTorch's bits in ``torch_relu_arr12.json``;
tests/test_perf_arr12.py demands gradlib reproduce them on every device."""
import json
import pathlib

import numpy

DTYPES = ("float16", "float32", "float64")
FILE = pathlib.Path(__file__).parent / "torch_relu_arr12.json"
_UNSIGNED = {2: numpy.uint16, 4: numpy.uint32, 8: numpy.uint64}


def _specials(dtype):
    info = numpy.finfo(dtype)
    return numpy.array([numpy.nan, -numpy.nan, numpy.inf, -numpy.inf, -0.0, 0.0, -1.0, 2.0,
                        info.smallest_subnormal, -info.smallest_subnormal, info.max, info.min], dtype=dtype)


def inputs(dtype):
    """(x, grad): every (input, gradient) pair of the specials once, as 1-D arrays of ``dtype``."""
    specials = _specials(dtype)
    return numpy.tile(specials, specials.size), numpy.repeat(specials, specials.size)


def _bits(array):
    return numpy.ascontiguousarray(array).view(_UNSIGNED[array.itemsize]).tolist()


def run(lib, dtype, device=None):
    """{"out": relu's output bits, "grad": the input gradient's bits} for ``lib`` (gradlib or torch)."""
    x_host, grad_host = inputs(dtype)
    kwargs = {} if device is None else {"device": device}
    x = lib.tensor(x_host, **kwargs).requires_grad_()
    y = x.relu()
    y.backward(lib.tensor(grad_host, **kwargs))
    return {"out": _bits(y.detach().cpu().numpy()), "grad": _bits(x.grad.cpu().numpy())}


def record():
    import torch
    FILE.write_text(json.dumps({dtype: run(torch, dtype) for dtype in DTYPES}) + "\n")
    print(f"recorded {FILE.name}")
