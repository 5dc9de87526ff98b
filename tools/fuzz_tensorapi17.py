"""Differential fuzzer of the Tensor object's own API and Python protocols (session 17, tensorapi17).

    /work/benchvenv/bin/python tools/fuzz_tensorapi17.py torch  OUT.json [FILTER]   # PyTorch
    .venv/bin/python tools/fuzz_tensorapi17.py gradlib OUT.json [FILTER] [DEVICE]     # gradlib
    python tools/fuzz_tensorapi17.py diff TORCH.json GRADLIB.json [FILTER]            # classes of differences

Cases: every template below (an expression of ``x``) x every input (a dtype x a shape form, and float leaves,
non-leaves and complex leaves requiring grad). The builders and the evaluation are tests/reference/tensorapi17.py's;
the cases that found a difference are copied there.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import tensorapi17 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

DT = ("bool", "uint8", "int8", "int32", "int64", "float16", "bfloat16", "float32", "float64", "complex64")
FORMS = ("0d", "vec", "mat", "cube", "empty", "zero_mid", "t", "slice", "expand")

TEMPLATES = (
    # transposes and parts
    "x.T", "x.mT", "x.H", "x.mH", "x.t()", "x.adjoint()", "x.real", "x.imag", "x.T.T", "x.mT.is_contiguous()",
    "SETATTR(x.clone(), 'real', T('float32', '0d'))", "SETATTR(x.clone(), 'imag', T('float32', '0d'))",
    # Python conversions
    "x.item()", "len(x)", "bool(x)", "int(x)", "float(x)", "complex(x)", "operator.index(x)", "list(iter(x))",
    "[v for v in x]", "x.__bool__()", "x.__int__()", "x.__float__()", "x.__index__()",
    # containment, hashing, formatting
    "0 in x", "1.5 in x", "True in x", "T('float32', '0d') in x", "x in x", "'a' in x", "None in x",
    "T('int64', 'vec')[:2] in x", "1j in x", "hash(x) == hash(x)", "type(hash(x)).__name__", "x.__hash__ is None",
    "format(x, '.2f')", "format(x, '')", "format(x)", "'{:.3e}'.format(x)", "'{:>8}'.format(x)", "f'{x:d}'",
    "format(x, 'g')", "str(x) == format(x)",
    # builtins
    "round(x)", "round(x, 1)", "round(x, 0)", "math.floor(x)", "math.ceil(x)", "math.trunc(x)", "abs(x)",
    "divmod(x, 2)", "divmod(7, x)", "divmod(x, x)", "-x", "+x", "~x", "pow(x, 2)", "pow(2, x)", "x.__round__()",
    "math.isnan(x)", "math.sqrt(x)",
    # host copies
    "x.numpy()", "x.numpy(force=True)", "x.tolist()", "x.cpu().numpy().dtype.name",
    # to()
    "x.to(D('float64'))", "x.to(x.device)", "x.to(DEVICE)", "x.to(T('int32', 'vec'))", "x.to(D('float32'), copy=True)",
    "x.to(DEVICE, D('float16'))", "x.to(D('float32'), non_blocking=True)", "x.to(memory_format=lib.channels_last)",
    "x.to(memory_format=lib.contiguous_format)", "x.to(x.dtype) is x", "x.to(D('float64'), copy=False) is x",
    "x.to() is x", "x.to(None)", "x.to(device=None, dtype=None) is x", "x.to('float32')", "x.to(1.5)",
    "x.to(x.dtype, copy=True) is x", "x.to(T('float64', '0d'), copy=True)", "x.to(dtype=D('int8'))",
    "x.to(D('bool'))", "x.to(D('complex64'))", "x.to(x.device, x.dtype, True)", "x.to(D('float32'), D('float64'))",
    "x.to(other=T('float16', 'vec'))", "x.to(device=DEVICE, dtype=D('int16'), non_blocking=True, copy=True)",
    "x.to(x.dtype, memory_format=lib.preserve_format).stride()",
    # type()
    "x.type()", "x.type('torch.DoubleTensor')", "x.type('torch.IntTensor')", "x.type(D('int32'))",
    "x.type('torch.FloatTensor') is x", "x.type(x.dtype) is x", "x.type('float')", "x.type('torch.float32')",
    "x.type(lib.FloatTensor)", "x.type(lib.BoolTensor)", "x.type('torch.BFloat16Tensor')", "x.type(None)",
    "x.type('torch.cuda.FloatTensor').device.type", "x.type(D('float64'), non_blocking=True)",
    "x.float()", "x.double()", "x.half()", "x.bfloat16()", "x.int()", "x.long()", "x.short()", "x.char()",
    "x.byte()", "x.bool()", "x.cfloat()", "x.cdouble()",
    # new_*
    "x.new_tensor([1, 2])", "x.new_tensor(x)", "x.new_tensor([1.5, 2])", "x.new_tensor(True)", "x.new_zeros(2, 3)",
    "x.new_zeros((2,))", "x.new_zeros([])", "x.new_full((2,), 1.5)", "x.new_full((2,), 7)", "x.new_full((2,), True)",
    "x.new_full((2,), 1j)", "x.new_full(2, 1.0)", "x.new_empty(0)", "x.new_empty((2, 0)).shape", "x.new_ones(2, dtype=D('int8'))",
    "x.new_tensor(1.5, requires_grad=True)", "x.new_zeros(2, requires_grad=True)", "x.new_ones(())",
    "x.new_tensor([1, 2], dtype=D('float16'))", "x.new_tensor(N([1, 2]))", "x.new_tensor([])", "x.new_zeros(-1)",
    "x.new_full((2,), T('float32', '0d'))", "x.new_empty(2, 3).dtype", "x.new()", "x.new(2, 3).shape", "x.new([1, 2])",
    "x.new_tensor(T('float64', 'vec', grad=True))", "x.new_ones(2, 2, requires_grad=True)",
    # sizes
    "x.element_size()", "x.nbytes", "x.itemsize", "x.nelement()", "x.numel()", "x.dim()", "x.ndimension()", "x.ndim",
    "x.size(0)", "x.size(-1)", "x.size(5)", "x.size(-5)", "x.size()", "x.shape", "x.size('a')", "x.size(1.0)",
    "x.size(dim=0)", "x.size(T('int64', '0d'))", "x.size(True)", "x.size(None)", "x.shape[0]", "len(x.shape)",
    # strides
    "x.stride()", "x.stride(0)", "x.stride(-1)", "x.stride(5)", "x.stride(None)", "x.storage_offset()",
    "x.is_contiguous()", "x.is_contiguous(memory_format=lib.channels_last)", "x[..., 1:].storage_offset()",
    "x.is_contiguous(memory_format=lib.preserve_format)", "x.is_contiguous(lib.contiguous_format)",
    "x.clone(memory_format=lib.preserve_format).stride()", "x.clone(memory_format=lib.contiguous_format).stride()",
    "x.clone(memory_format=lib.channels_last).stride()", "x.clone(memory_format=lib.channels_last_3d).stride()",
    "x.clone()", "x.clone(memory_format=None)", "x.contiguous().stride()", "x.contiguous() is x",
    # copy_ / fill_ / zero_
    "x.clone().copy_(T('float64', '0d'))", "x.clone().copy_(T('int64', 'vec'))", "x.clone().copy_(x.clone().flip(0))",
    "(lambda y: y.copy_(y.flip(0)))(x.clone())", "(lambda y: y.copy_(y))(x.clone())",
    "(lambda y: y[1:].copy_(y[:-1]) and y)(x.clone())", "T('float32', 'expand').copy_(x)", "x.clone().copy_(3)",
    "x.clone().copy_(N([1.0]))", "x.clone().copy_(T('complex64', '0d'))", "x.clone().copy_(x, non_blocking=True)",
    "x.clone().copy_(T('float32', 'mat', grad=True))", "x.copy_(T('float32', '0d'))",
    "x.clone().fill_(T('float32', '0d'))", "x.clone().fill_(T('float32', 'vec'))", "x.clone().fill_(1.5)",
    "x.clone().fill_(T('complex64', '0d'))", "x.clone().fill_(T('float64', 'vec')[:1])", "x.clone().fill_(True)",
    "x.clone().fill_(N(2.0))", "x.clone().fill_(T('float32', '0d', grad=True))", "x.fill_(0)", "x.zero_()",
    "x.clone().zero_()", "x.clone().fill_(300)", "x.clone().fill_(-1)", "x.clone().fill_(float('nan'))",
    "x.detach().zero_()", "x.data.zero_()",
    # apply_/map_
    "x.clone().apply_(lambda v: v * 2)", "x.clone().map_(x, lambda a, b: a + b)", "x.apply_(lambda v: v)",
    "x.clone().map_(T('float32', '0d'), lambda a, b: a)", "x.clone().apply_(lambda v: 'a')",
    "x.clone().map_(T('float32', 'vec'), lambda a, b: a)", "x.clone().apply_(lambda v: type(v).__name__ == 'float')",
    # dtype predicates
    "x.is_floating_point()", "x.is_complex()", "x.is_signed()", "x.dtype.is_floating_point", "x.dtype.itemsize",
    "x.dtype.to_real()", "x.dtype.to_complex()", "x.dtype.is_complex", "x.dtype.is_signed", "lib.is_tensor(x)",
    "lib.is_storage(x)", "lib.numel(x)", "lib.is_floating_point(x)", "lib.is_complex(x)", "lib.is_nonzero(x)",
    "x.is_nonzero()", "x.dtype == x.dtype.to_real()", "lib.is_storage(x.untyped_storage())", "x.is_conj()",
    "x.is_neg()", "x.is_leaf", "x.is_inference()", "x.is_shared()", "x.is_pinned()",
    # comparisons with foreign values
    "x == None", "x != None", "x == 'a'", "x < None", "None == x", "x != 'a'", "x == []", "x == (1,)",
    "x.eq(None)", "x > 'a'", "x == object()", "x.__eq__(None)", "x.__lt__('a')",
    # NumPy interplay
    "np.array(x)", "np.asarray(x)", "np.array(x, dtype=np.float64)", "N([1.0]) + x", "x + N([1.0])", "N(2) * x",
    "x * N(2)", "np.float64(2.0) * x", "x * np.float64(2.0)", "np.int64(2) + x", "x + np.int64(2)",
    "np.float32(1.5) - x", "x.__array_priority__", "np.add(x, 1)", "np.sum(x)", "np.exp(x)", "N([1, 2], 'int32') + x",
    "np.bool_(True) & x", "x == N([1.0])", "N([1.0]) < x", "np.array([x, x])", "np.array(x).flags.writeable",
    "np.shares_memory(np.asarray(x), x.numpy())", "x.__array__()", "x.__array__(np.float64)", "N([[1.0]]) @ x",
    "np.complex64(1j) * x", "np.array(x, copy=False)", "np.float64(1.0) == x",
    # autograd flags
    "x.data", "SETATTR(x, 'data', T('float64', 'cube'))", "SETATTR(x, 'data', T('int64', 'vec'))",
    "SETATTR(x, 'data', x.detach()[..., :1])", "SETATTR(x, 'data', 3)", "SETATTR(x, 'data', N([1.0]))",
    "GRADS(x, 'grad', T('float32', 'vec'))", "GRADS(x, 'grad', x.detach().clone())", "GRADS(x, 'grad', x.detach().double())",
    "GRADS(x, 'grad', None)", "GRADS(x, 'grad', x.detach().clone().to(D('int64')))", "GRADS(x, 'grad', 1.0)",
    "GRADS(x, 'grad', x.detach().clone().expand(2, *x.shape))", "GRADS(x, 'grad', x.detach().clone().t())",
    "GRADS(x, 'grad', x.detach().clone().requires_grad_())", "GRADS(x, 'grad', x.detach().clone().to(D('float16')))",
    "x.requires_grad_()", "x.requires_grad_(False)", "x.requires_grad_(True).requires_grad_(False)",
    "SETATTR(x, 'requires_grad', True)", "SETATTR(x, 'requires_grad', False)", "x.requires_grad_(1)",
    "x.requires_grad_(None)", "SETATTR(x, 'requires_grad', 'yes')", "x.detach_()", "x[0].detach_()", "x[..., :1].detach_()",
    "x.view(-1).detach_()", "x.detach()", "x.detach()._base is None", "x.retain_grad()", "x.retains_grad",
    "(x.retain_grad(), x.retains_grad)", "x.register_hook(lambda g: g).__class__.__name__", "x.grad", "x.grad_fn",
    "x.is_leaf", "x.requires_grad", "x.output_nr", "x._version", "x.clone()._version", "x.clone().add_(1)._version",
    "x.register_post_accumulate_grad_hook(lambda t: None).__class__.__name__", "x.data_ptr() == x.data.data_ptr()",
    "x.data._version == x._version", "x.name", "x.names", "x.layout", "x.is_sparse", "x.is_quantized", "x.is_meta",
    "x.is_cuda", "x.is_cpu", "x.device.type", "x.get_device()", "x.dtype", "x.grad is None",
)

INPUTS = tuple(f"T('{dt}', '{form}')" for dt in DT for form in FORMS) + \
    tuple(f"T('float32', '{form}', grad=True)" for form in FORMS) + \
    tuple(f"(T('float32', '{form}', grad=True) * 2)" for form in FORMS) + \
    tuple(f"(T('float32', '{form}', grad=True)[..., :])" for form in ("vec", "mat", "cube")) + \
    tuple(f"T('complex64', '{form}', grad=True)" for form in ("0d", "vec", "mat", "cube"))


def generate():
    cases = {}
    for i, template in enumerate(TEMPLATES):
        for j, x in enumerate(INPUTS):
            cases[f"{i}/{j}"] = f"(lambda x: {template})({x})"
    return cases


if __name__ == "__main__":
    main(generate, R.evaluate,
         group=lambda name, expression, c: f"{TEMPLATES[int(name.split('/')[0])]} :: {c}")
