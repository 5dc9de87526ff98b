"""Every public callable that takes two or more tensors, called with one of them on another device.

Each case names its tensor arguments and PyTorch's rule for them; each argument in turn goes elsewhere, in three
situations: a 0-d CPU tensor, a CPU tensor, a tensor on a second GPU. Expected: PyTorch's result (the output on
the GPU, each input's gradient on that input's device, the values of the one-device computation), or PyTorch's
exception class and message (the CUDA kernel's: TensorIterator's, the generated wrapper's, or the op's own).

Under ``--device cuda`` the device under test is cuda:0 and the second GPU is cuda:1 (the stand-in has two); under
``--device cuda:1`` the device under test is cuda:1 and the other GPU cuda:0 (the current one).
Under the CPU run, cuda:0 and cuda:1 are NumPy-served devices for the test's duration (``devices`` fixture): what
is checked, device checks and the device of every result and gradient, reads only device labels.
"""
import math
import re
import warnings
from dataclasses import dataclass, field

import numpy
import pytest

import gradlib
import gradlib.nn.functional as F
from gradlib._tensor import wrap

CPU = gradlib.device("cpu")
SITUATIONS = ("cpu-scalar", "cpu", "second-gpu")


# ----- the rules: PyTorch's outcome for the devices of a call's tensor arguments ------------------------------
def _iterator_error(common, other):
    return RuntimeError, (f"Expected all tensors to be on the same device, but found at least two devices, {common} "
                          f"and {other}!")


def iterator(cpu_scalars=1, order=None, output=False):
    """TensorIterator: the first non-CPU operand's device is the common one; up to ``cpu_scalars`` 0-d CPU inputs
    may join (1 for binary ops, 0 for ternary ones and clamp, unbounded where the op moves them itself); with
    ``output`` the first operand is written (in-place) and may not be a CPU scalar. ``order``: PyTorch's operand
    order as argument positions."""
    def rule(devices, zero_dims):
        positions = order if order is not None else range(len(devices))
        operands = [(devices[i], zero_dims[i], output and k == 0) for k, i in enumerate(positions)]
        common = next((d for d, _, _ in operands if d.type != "cpu"), CPU)
        used = 0
        for device, zero_dim, is_output in operands:
            if common.type != "cpu" and device.type == "cpu" and zero_dim and not is_output and cpu_scalars:
                if used >= cpu_scalars:
                    return RuntimeError, "Trying to pass too many CPU scalars to non-CPU kernel!"
                used += 1
            elif device != common:
                return _iterator_error(common, device)
        return None
    return rule


def wrapper(method, *names, order=None):
    """The generated CUDA wrapper's check: each named argument (in ``order``) on the first one's device, 0-d CPU
    tensors included."""
    def rule(devices, zero_dims):
        positions = order if order is not None else range(len(devices))
        common = None
        for position in positions:
            name, device = names[position], devices[position]
            if name is None:
                continue
            if common is None:
                common = device
            elif device != common:
                return RuntimeError, (f"Expected all tensors to be on the same device, but got {name} is on {device}, "
                                      f"different from other tensors on {common} (when checking argument in method "
                                      f"wrapper_CUDA_{method})")
        return None
    return rule


def copies(devices, zero_dims):
    """Allowed from any device: a copy (copy_, setitem with basic indices, load_state_dict)."""
    return None


def first(*rules):
    """The first rule that refuses (PyTorch's checks in the order the op makes them)."""
    def rule(devices, zero_dims):
        for each in rules:
            outcome = each(devices, zero_dims)
            if outcome is not None:
                return outcome
        return None
    return rule


def raises(exception, message):
    return lambda devices, zero_dims: (exception, message)


# ----- the cases -------------------------------------------------------------------------------------------------
@dataclass
class A:
    """A tensor argument: its values, dtype, whether it requires grad, and whether a 0-d version of it is a call
    PyTorch answers by device (False: a shape check comes first, so the 0-d situation says nothing here)."""
    values: object
    dtype: object = None
    grad: bool = None
    zero_d: bool = True

    def array(self):
        array = numpy.array(self.values)
        if self.dtype is not None:
            return array.astype(self.dtype.np)
        return array.astype(numpy.float32) if array.dtype.kind == "f" else array


@dataclass
class Case:
    name: str
    call: object
    args: tuple
    rule: object
    positions: tuple = None        # the arguments that go elsewhere (default: all)
    out: str = "common"            # the output's device: 'common' (the first non-CPU one) or 'self' (argument 0)
    zero_d_rule: object = None     # the rule for the 0-d CPU situation where it differs (shape checks first)
    marks: list = field(default_factory=list)

    def __repr__(self):
        return self.name


F2 = A([0.5, 2.0])
G2 = A([1.5, 3.0])
H2 = A([1.25, 0.75])
M22 = A([[1.0, 2.0], [3.0, 4.0]])
N22 = A([[0.5, -1.0], [2.0, 1.5]])
B2 = A([True, False], grad=False)
C2 = A([False, False], grad=False)
MASK = A([True, False], grad=False, zero_d=False)  # a 0-d mask index is a sync question, not a device one
T3 = A([[[1.0, 2.0], [3.0, 4.0]], [[0.5, 1.0], [1.5, 2.0]]], zero_d=False)
IDX = A([[0, 1], [1, 0]], dtype=gradlib.int64)
ROW = A([1, 0], dtype=gradlib.int64)
M22X = A(M22.values, zero_d=False)
ONE_D = dict(zero_d=False)

TI = iterator()
TI0 = iterator(cpu_scalars=0)

ELEMENTWISE = [
    Case("add", gradlib.add, (F2, G2), TI),
    Case("sub(alpha)", lambda a, b: gradlib.sub(a, b, alpha=2), (F2, G2), TI),
    Case("mul", gradlib.mul, (F2, G2), TI),
    Case("div", gradlib.div, (F2, G2), TI),
    Case("true_divide", gradlib.true_divide, (F2, G2), TI),
    Case("pow", gradlib.pow, (F2, G2), TI),
    Case("atan2", gradlib.atan2, (F2, G2), TI),
    Case("hypot", gradlib.hypot, (F2, G2), TI),
    Case("fmax", gradlib.fmax, (F2, G2), TI),
    Case("fmin", gradlib.fmin, (F2, G2), TI),
    Case("maximum", gradlib.maximum, (F2, G2), TI),
    Case("minimum", gradlib.minimum, (F2, G2), TI),
    Case("remainder", gradlib.remainder, (F2, G2), TI),
    Case("fmod", gradlib.fmod, (F2, G2), TI),
    Case("floor_divide", gradlib.floor_divide, (F2, G2), TI),
    Case("eq", gradlib.eq, (F2, G2), TI),
    Case("ne", gradlib.ne, (F2, G2), TI),
    Case("lt", gradlib.lt, (F2, G2), TI),
    Case("le", gradlib.le, (F2, G2), TI),
    Case("gt", gradlib.gt, (F2, G2), TI),
    Case("ge", gradlib.ge, (F2, G2), TI),
    Case("bitwise_and", gradlib.bitwise_and, (B2, C2), TI),
    Case("bitwise_or", gradlib.bitwise_or, (B2, C2), TI),
    Case("bitwise_xor", gradlib.bitwise_xor, (B2, C2), TI),
    Case("a + b", lambda a, b: a + b, (F2, G2), TI),
    Case("a - b", lambda a, b: a - b, (F2, G2), TI),
    Case("a * b", lambda a, b: a * b, (F2, G2), TI),
    Case("a / b", lambda a, b: a / b, (F2, G2), TI),
    Case("a ** b", lambda a, b: a ** b, (F2, G2), TI),
    Case("a // b", lambda a, b: a // b, (F2, G2), TI),
    Case("a % b", lambda a, b: a % b, (F2, G2), TI),
    Case("a == b", lambda a, b: a == b, (F2, G2), TI),
    Case("a != b", lambda a, b: a != b, (F2, G2), TI),
    Case("a < b", lambda a, b: a < b, (F2, G2), TI),
    Case("a <= b", lambda a, b: a <= b, (F2, G2), TI),
    Case("a > b", lambda a, b: a > b, (F2, G2), TI),
    Case("a >= b", lambda a, b: a >= b, (F2, G2), TI),
    Case("a & b", lambda a, b: a & b, (B2, C2), TI),
    Case("a | b", lambda a, b: a | b, (B2, C2), TI),
    Case("a ^ b", lambda a, b: a ^ b, (B2, C2), TI),
    Case("Tensor.add", lambda a, b: a.add(b, alpha=3), (F2, G2), TI),
    Case("Tensor.maximum", lambda a, b: a.maximum(b), (F2, G2), TI),
    Case("Tensor.fmod", lambda a, b: a.fmod(b), (F2, G2), TI),
    Case("lerp(weight=0.5)", lambda a, b: gradlib.lerp(a, b, 0.5), (F2, G2), TI),
    Case("lerp", gradlib.lerp, (F2, G2, H2), TI),
    Case("Tensor.lerp", lambda a, b, w: a.lerp(b, w), (F2, G2, H2), TI),
    Case("where", gradlib.where, (B2, F2, G2), iterator(cpu_scalars=math.inf)),
    Case("Tensor.where", lambda a, c, b: a.where(c, b), (F2, B2, G2), iterator(cpu_scalars=math.inf, order=(1, 0, 2))),
    Case("addcmul", lambda a, b, c: gradlib.addcmul(a, b, c, value=2), (F2, G2, H2), TI0),
    Case("addcdiv", lambda a, b, c: gradlib.addcdiv(a, b, c, value=2), (F2, G2, H2), TI0),
    Case("Tensor.addcmul", lambda a, b, c: a.addcmul(b, c), (F2, G2, H2), TI0),
    Case("clamp(min=)", lambda a, b: gradlib.clamp(a, min=b), (F2, G2), TI0),
    Case("clamp(max=)", lambda a, b: gradlib.clamp(a, max=b), (F2, G2), TI0),
    Case("clamp(min, max)", gradlib.clamp, (F2, A([0.25, 1.0]), G2), TI0),
    Case("Tensor.clip", lambda a, b: a.clip(b), (F2, G2), TI0),
    Case("cosine_similarity", lambda a, b: F.cosine_similarity(a, b, dim=0), (F2, G2), TI0),
]

IN_PLACE = [  # self is written: it cannot be a CPU scalar beside a GPU operand (nor 0-d beside a vector)
    Case(name, call, (A([0.5, 2.0], zero_d=False), G2), rule, out="self")
    for name, call, rule in [
        ("add_", lambda a, b: a.clone().add_(b, alpha=2), iterator(output=True)),
        ("sub_", lambda a, b: a.clone().sub_(b), iterator(output=True)),
        ("mul_", lambda a, b: a.clone().mul_(b), iterator(output=True)),
        ("div_", lambda a, b: a.clone().div_(b), iterator(output=True)),
        ("pow_", lambda a, b: a.clone().pow_(b), iterator(output=True)),
        ("a += b", lambda a, b: a.clone().__iadd__(b), iterator(output=True)),
        ("a -= b", lambda a, b: a.clone().__isub__(b), iterator(output=True)),
        ("a *= b", lambda a, b: a.clone().__imul__(b), iterator(output=True)),
        ("a /= b", lambda a, b: a.clone().__itruediv__(b), iterator(output=True)),
        ("a **= b", lambda a, b: a.clone().__ipow__(b), iterator(output=True)),
        ("clamp_(min=)", lambda a, b: a.clone().clamp_(min=b), iterator(cpu_scalars=0, output=True)),
        ("copy_", lambda a, b: a.clone().copy_(b), copies),
        ("a[...] = b", lambda a, b: _set(a.clone(), Ellipsis, b), copies),
        ("a[:] = b", lambda a, b: _set(a.clone(), slice(None), b), copies),
    ]
] + [
    Case("a[1] = b", lambda a, b: _set(a.clone(), 1, b), (M22, A([5.0, 6.0])), copies, positions=(1,),
         out="self"),
    Case("a[index] = b", lambda a, i, b: _set(a.clone(), i, b), (F2, ROW, G2),
         lambda d, z: None if z[2] else iterator(cpu_scalars=0, output=True, order=(0, 2))(d, z),
         positions=(2,), out="self"),
    Case("a[mask] = b", lambda a, m, b: _set(a.clone(), m, b), (F2, MASK, A(7.0)), copies, positions=(2,), out="self"),
]


def _set(tensor, index, value):
    tensor[index] = value
    return tensor


LINALG = [
    Case("mm", gradlib.mm, (M22, N22), wrapper("mm", "self", "mat2")),
    Case("Tensor.mm", lambda a, b: a.mm(b), (M22, N22), wrapper("mm", "self", "mat2")),
    Case("bmm", gradlib.bmm, (T3, T3), wrapper("bmm", "self", "mat2")),
    Case("dot", gradlib.dot, (F2, G2), wrapper("_dot", "self", "tensor")),
    Case("mv", gradlib.mv, (A([[1.0, 2.0], [3.0, 4.0]], zero_d=False), G2),  # result made on vec's device first
         wrapper("addmv_", "mat", "vec", order=(1, 0))),
    Case("matmul 1x1", gradlib.matmul, (F2, G2), wrapper("_dot", "self", "tensor"),
         zero_d_rule=lambda d, z: _matmul_dims(z, (1, 1))),
    Case("matmul 2x1", gradlib.matmul, (M22, G2), wrapper("addmv_", "mat", "vec", order=(1, 0)),
         zero_d_rule=lambda d, z: _matmul_dims(z, (2, 1))),
    Case("matmul 1x2", gradlib.matmul, (F2, M22), wrapper("mm", "self", "mat2"),
         zero_d_rule=lambda d, z: _matmul_dims(z, (1, 2))),
    Case("matmul 2x2", gradlib.matmul, (M22, N22), wrapper("mm", "self", "mat2"),
         zero_d_rule=lambda d, z: _matmul_dims(z, (2, 2))),
    Case("a @ b", lambda a, b: a @ b, (M22, N22), wrapper("mm", "self", "mat2"),
         zero_d_rule=lambda d, z: _matmul_dims(z, (2, 2))),
    Case("matmul 3x2 (folded)", gradlib.matmul, (T3, M22), wrapper("mm", "self", "mat2"),
         zero_d_rule=lambda d, z: _matmul_dims(z, (3, 2))),
    Case("matmul 2x3 (folded)", gradlib.matmul, (M22, T3), wrapper("mm", "mat2", "self", order=(1, 0)),
         zero_d_rule=lambda d, z: _matmul_dims(z, (2, 3))),
    Case("matmul 3x3", gradlib.matmul, (T3, T3), wrapper("bmm", "self", "mat2")),
    Case("outer", gradlib.outer, (F2, G2), TI0,
         zero_d_rule=lambda d, z: (RuntimeError, f"outer: Expected 1-D argument {'self' if z[0] else 'vec2'}, "
                                                 "but got 0-D")),
    Case("tensordot", lambda a, b: gradlib.tensordot(a, b, 1), (A(M22.values, **ONE_D), A(N22.values, **ONE_D)),
         wrapper("mm", "self", "mat2")),
    Case("einsum ij,jk->ik", lambda a, b: gradlib.einsum("ij,jk->ik", a, b),
         (A(M22.values, **ONE_D), A(N22.values, **ONE_D)), wrapper("bmm", "self", "mat2")),
    Case("einsum i,i->", lambda a, b: gradlib.einsum("i,i->", a, b), (A(F2.values, **ONE_D), A(G2.values, **ONE_D)),
         wrapper("bmm", "self", "mat2")),
    Case("einsum i,i->i", lambda a, b: gradlib.einsum("i,i->i", a, b),
         (A(F2.values, **ONE_D), A(G2.values, **ONE_D)), TI),
    Case("linalg.solve", gradlib.linalg.solve, (M22, N22), wrapper("_linalg_solve_ex", "A", "B")),
    Case("equal", gradlib.equal, (F2, G2), wrapper("_equal", "self", "other")),
]


def _matmul_dims(zero_dims, ndims):
    dims = [0 if zero else n for zero, n in zip(zero_dims, ndims)]
    return RuntimeError, f"both arguments to matmul need to be at least 1D, but they are {dims[0]}D and {dims[1]}D"


def _linear_2d(d, z):   # addmm(bias, input, weight.t())
    return wrapper("addmm", "mat1", "mat2", "self", order=(2, 0, 1))(d, z)


NN = [
    Case("linear (2-D input, bias)", F.linear, (M22, N22, A([0.5, -0.5])), _linear_2d,
         zero_d_rule=lambda d, z: _matmul_dims(z, (2, 2)) if z[0] else _linear_2d(d, z)),  # weight.t() of 0-d
    Case("linear (3-D input, bias)", F.linear, (T3, A(N22.values, **ONE_D), A([0.5, -0.5])), _linear_2d),
    Case("linear (2-D input)", F.linear, (M22, N22), wrapper("mm", "self", "mat2"),
         zero_d_rule=lambda d, z: _matmul_dims(z, (2, 2))),
    Case("linear (1-D input, bias)", F.linear, (A(F2.values, **ONE_D), A(N22.values, **ONE_D), A([0.5, -0.5])),
         first(wrapper("mm", "self", "mat2", None), iterator(output=True))),
    Case("conv2d weight", lambda x, w: F.conv2d(x, w), (A(numpy.arange(36.0).reshape(2, 2, 3, 3) / 16, **ONE_D),
                                                       A(numpy.ones((1, 2, 2, 2)) / 4, **ONE_D)),
         lambda d, z: _conv_types(d, ("weight",), "_cudnn_convolution", ("self", "weight"))),
    Case("conv2d bias", lambda x, w, b: F.conv2d(x, w, b),
         (A(numpy.arange(36.0).reshape(2, 2, 3, 3) / 16, **ONE_D), A(numpy.ones((1, 2, 2, 2)) / 4, **ONE_D),
          A([0.5], **ONE_D)),
         lambda d, z: _conv_types(d, ("weight", "bias"), "_cudnn_convolution", ("self", "weight", None))),
    Case("conv1d", lambda x, w, b: F.conv1d(x, w, b),
         (A(numpy.arange(12.0).reshape(2, 2, 3) / 8, **ONE_D), A(numpy.ones((1, 2, 2)) / 4, **ONE_D),
          A([0.5], **ONE_D)),
         lambda d, z: _conv_types(d, ("weight", "bias"), "_cudnn_convolution", ("self", "weight", None))),
    Case("conv_transpose2d", lambda x, w, b: F.conv_transpose2d(x, w, b),
         (A(numpy.arange(36.0).reshape(2, 2, 3, 3) / 16, **ONE_D), A(numpy.ones((2, 1, 2, 2)) / 4, **ONE_D),
          A([0.5], **ONE_D)),
         lambda d, z: _conv_types(d, ("weight", "bias"), "_cudnn_convolution_transpose", ("self", "weight", None))),
    Case("layer_norm", lambda x, w, b: F.layer_norm(x, (2,), w, b), (M22, A([1.5, 0.5]), A([0.25, 0.0])),
         wrapper("_native_layer_norm", "input", "weight", "bias")),
    Case("group_norm", lambda x, w, b: F.group_norm(x, 1, w, b),
         (A(numpy.arange(8.0).reshape(1, 2, 4) / 4, **ONE_D), A([1.5, 0.5], **ONE_D), A([0.25, 0.0], **ONE_D)),
         wrapper("_native_group_norm", "input", "weight", "bias")),
    Case("batch_norm (4-D, eval)", lambda x, m, v, w, b: F.batch_norm(x, m, v, w, b, training=False),
         (A(numpy.arange(16.0).reshape(2, 2, 2, 2) / 8, **ONE_D), A([0.5, 1.0], grad=False, zero_d=False),
          A([1.0, 2.0], grad=False, zero_d=False), A([1.5, 0.5], **ONE_D), A([0.25, 0.0], **ONE_D)),
         lambda d, z: _batch_norm(d, z, training=False, stats=True)),
    Case("batch_norm (2-D, train)", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
         (A([[1.0, 2.0], [3.0, 5.0]], **ONE_D), A([1.5, 0.5], **ONE_D), A([0.25, 0.0], **ONE_D)),
         wrapper("_native_batch_norm", "input", "weight", "bias")),
    Case("embedding", lambda i, w: F.embedding(i, w), (IDX, A([[1.0, 2.0], [3.0, 4.0]], **ONE_D)),
         wrapper("_index_select", "index", "self", order=(1, 0))),
]


def _type_name(device):
    return f"gradlib.{'cuda.' if device.type == 'cuda' else ''}FloatTensor"


def _conv_types(devices, names, method, wrapper_names):
    """convolution: first the parameters' tensor types against the input's (device type, not index), then on a GPU
    the cuDNN kernel's wrapper (input and weight), then the bias added by TensorIterator."""
    input_device = devices[0]
    for name, device in zip(names, devices[1:]):
        if device.type != input_device.type:
            extra = " or input should be a MKLDNN tensor and " + name + " is a dense tensor" \
                if input_device.type == "cpu" else ""
            return RuntimeError, (f"Input type ({_type_name(input_device)}) and {name} type ({_type_name(device)}) "
                                  f"should be the same{extra}")
    outcome = wrapper(method, *wrapper_names)(devices, [False] * len(devices))
    if outcome is None and len(devices) > 2:
        outcome = iterator(output=True)(devices, [False] * len(devices))
    return outcome


def _batch_norm(devices, zero_dims, training, stats):
    names = ("input", "running_mean", "running_var", "weight", "bias")
    order = (0, 3, 4, 1, 2)
    cudnn = devices[0].type == "cuda"  # 4-D input with weight, bias and both running statistics
    return wrapper("_cudnn_batch_norm" if cudnn else "_native_batch_norm", *names, order=order)(devices, zero_dims)


LOSSES = [
    Case("mse_loss", F.mse_loss, (F2, G2), TI, zero_d_rule=iterator(cpu_scalars=0)),  # a 0-d target is broadcast
    Case("mse_loss(weight=)", lambda a, b, w: F.mse_loss(a, b, weight=w), (F2, G2, A([1.0, 3.0], **ONE_D)), TI0,
         zero_d_rule=lambda d, z: (ValueError, "Weights and input must have the same size.") if z[0] else TI0(d, z)),
    Case("l1_loss", F.l1_loss, (F2, G2), TI, zero_d_rule=iterator(cpu_scalars=0)),
    Case("smooth_l1_loss", F.smooth_l1_loss, (F2, G2), TI, zero_d_rule=iterator(cpu_scalars=0)),
    Case("huber_loss", F.huber_loss, (F2, G2), wrapper("_huber_loss", "self", "target")),
    Case("kl_div", F.kl_div, (F2, G2), iterator(order=(1, 0))),
    Case("kl_div(log_target)", lambda a, b: F.kl_div(a, b, log_target=True), (F2, G2), iterator(order=(1, 0))),
    Case("binary_cross_entropy", lambda a, b: F.binary_cross_entropy(a, b),
         (A([0.25, 0.75], **ONE_D), A([1.0, 0.0], grad=False, zero_d=False)), TI0),
    Case("binary_cross_entropy(weight=)", lambda a, b, w: F.binary_cross_entropy(a, b, weight=w),
         (A([0.25, 0.75], **ONE_D), A([1.0, 0.0], grad=False, zero_d=False), A([2.0, 0.5])), TI0),
    Case("binary_cross_entropy_with_logits", F.binary_cross_entropy_with_logits,
         (A([0.5, -1.0], **ONE_D), A([1.0, 0.0], grad=False, zero_d=False)), iterator(order=(1, 0))),
    Case("bce_with_logits(weight=)", lambda a, b, w: F.binary_cross_entropy_with_logits(a, b, weight=w),
         (A([0.5, -1.0], **ONE_D), A([1.0, 0.0], grad=False, zero_d=False), A([2.0, 0.5])),
         first(iterator(order=(1, 0)), iterator(order=(1, 2)))),
    Case("bce_with_logits(pos_weight=)", lambda a, b, p: F.binary_cross_entropy_with_logits(a, b, pos_weight=p),
         (A([0.5, -1.0], **ONE_D), A([1.0, 0.0], grad=False, zero_d=False), A([2.0, 0.5])),
         first(iterator(order=(2, 1)), iterator(order=(0, 2)), iterator(order=(1, 0)))),
    Case("nll_loss", lambda x, t: F.nll_loss(x, t), (M22X, A([1, 0], dtype=gradlib.int64, zero_d=False)),
         wrapper("nll_loss_forward", "self", "target")),
    Case("nll_loss(weight=)", lambda x, t, w: F.nll_loss(x, t, weight=w),
         (M22X, A([1, 0], dtype=gradlib.int64, zero_d=False), A([0.5, 2.0], grad=False)),
         wrapper("nll_loss_forward", "self", "target", "weight")),
    Case("cross_entropy(weight=)", lambda x, t, w: F.cross_entropy(x, t, weight=w),
         (M22X, A([1, 0], dtype=gradlib.int64, zero_d=False), A([0.5, 2.0], grad=False)),
         wrapper("nll_loss_forward", "self", "target", "weight")),
]

INDEXING = [
    Case("cat", lambda a, b: gradlib.cat([a, b]), (F2, G2), wrapper("cat", "tensors", "tensors")),
    Case("concat", lambda a, b: gradlib.concat([a, b]), (F2, G2), wrapper("cat", "tensors", "tensors")),
    Case("stack", lambda a, b: gradlib.stack([a, b]), (A(F2.values, **ONE_D), A(G2.values, **ONE_D)),
         wrapper("cat", "tensors", "tensors")),
    Case("stack of 0-d", lambda a, b: gradlib.stack([a, b]), (A(1.0), A(2.0)), wrapper("cat", "tensors", "tensors")),
    Case("gather", lambda x, i: gradlib.gather(x, 1, i), (M22, IDX), wrapper("gather", "self", "index")),
    Case("Tensor.gather", lambda x, i: x.gather(0, i), (M22, IDX), wrapper("gather", "self", "index")),
    Case("index_select", lambda x, i: x.index_select(0, i), (M22, ROW), wrapper("_index_select", "self", "index")),
    Case("take_along_dim", lambda x, i: gradlib.take_along_dim(x, i, 1), (M22, IDX), lambda d, z: None if d[0] == d[1]
         else (RuntimeError, f"Expected tensor to have {d[0]} Device, but got tensor with {d[1]} Device (while "
                             "checking arguments for torch.take_along_dim():)")),
    Case("scatter(src)", lambda x, i, s: x.scatter(1, i, s), (M22, IDX, N22),
         wrapper("scatter_src", "self", "index", "src")),
    Case("scatter(value)", lambda x, i: x.scatter(1, i, value=5.0), (M22, IDX), wrapper("scatter_value", "self", "index")),
    Case("scatter_add", lambda x, i, s: gradlib.scatter_add(x, 1, i, s), (M22, IDX, N22),
         wrapper("scatter_add", "self", "index", "src")),
    Case("index_add", lambda x, i, s: gradlib.index_add(x, 0, i, s, alpha=2), (M22, ROW, N22),
         wrapper("index_add", "self", "index", "source")),
    Case("masked_select", lambda x, m: gradlib.masked_select(x, m), (F2, B2), wrapper("_masked_select", "self", "mask")),
    Case("masked_fill(mask)", lambda x, m: x.masked_fill(m, 5.0), (F2, B2), lambda d, z: None if d[0] == d[1] else (
        RuntimeError, f"expected self and mask to be on the same device, but got mask on {d[1]} and self on {d[0]}")),
    Case("masked_fill_(mask)", lambda x, m: x.clone().masked_fill_(m, 5.0), (A(F2.values, **ONE_D), B2),
         lambda d, z: None if d[0] == d[1] else (
             RuntimeError, f"expected self and mask to be on the same device, but got mask on {d[1]} and self on "
                           f"{d[0]}"), out="self"),
    Case("masked_fill(value)", lambda x, m, v: gradlib.masked_fill(x, m, v), (F2, B2, A([7.0])),
         lambda d, z: None if z[2] else (RuntimeError, "masked_fill_ only supports a 0-dimensional value tensor, but "
                                                        "got tensor with 1 dimension(s)."), positions=(2,)),
    Case("a[index]", lambda x, i: x[i], (F2, ROW), lambda d, z: None if d[1] in (d[0], CPU) else (
        IndexError, f"indices should be either on cpu or on the same device as the indexed tensor ({d[0]})"),
        positions=(1,)),
    Case("a[mask]", lambda x, m: x[m], (F2, MASK), lambda d, z: None if d[1] in (d[0], CPU) else (
        IndexError, f"indices should be either on cpu or on the same device as the indexed tensor ({d[0]})"),
        positions=(1,)),
    Case("a[index] = 5", lambda x, i: _set(x.clone(), i, 5.0), (A(F2.values, **ONE_D), ROW), copies, out="self"),  # index_put_ moves
    Case("a[mask] = 5", lambda x, m: _set(x.clone(), m, 5.0), (A(F2.values, **ONE_D), MASK), copies, out="self"),    # indices anywhere
]

CASES = ELEMENTWISE + IN_PLACE + LINALG + NN + LOSSES + INDEXING


# ----- the harness -----------------------------------------------------------------------------------------------
@pytest.fixture
def devices(device, monkeypatch):
    """Under CUDA, the GPUs. On the CPU run, devices labelled cuda:0 and cuda:1 served by the NumPy backend
    (for this test only): the device logic under test reads labels, the arithmetic is the CPU's."""
    if gradlib.device(device).type == "cuda":
        return
    from gradlib.backends import numpy_backend
    for name in ("cuda:0", "cuda:1"):
        monkeypatch.setattr(gradlib.device(name), "_backend", numpy_backend)


def _devices(device, situation):
    """(device under test, the other device)."""
    if gradlib.device(device).type != "cuda":  # the CPU run's labels
        return gradlib.device("cuda:0"), gradlib.device("cuda:1" if situation == "second-gpu" else "cpu")
    here = gradlib.empty(0, device=device).device  # 'cuda' is the current GPU
    if situation != "second-gpu":
        return here, CPU
    count = gradlib.cuda.device_count()
    if count < 2:
        pytest.skip("needs two CUDA devices")
    return here, gradlib.device("cuda", (here.index + 1) % count)


def _tensor(spec, device, zero_d=False):
    array = spec.array()
    if zero_d:
        array = array.reshape(-1)[:1].reshape(())
    requires_grad = spec.grad if spec.grad is not None else array.dtype.kind == "f"
    if device.type == "cuda" and device._backend is not None and device._backend.name == "numpy":
        tensor = wrap(array, device)  # the CPU run's labelled device
        tensor._requires_grad = requires_grad
        return tensor
    return gradlib.tensor(array, device=device, requires_grad=requires_grad)


def _outputs(result):
    return [t for t in (result if isinstance(result, (tuple, list)) else (result,)) if isinstance(t, gradlib.Tensor)]


def _run(case, tensors):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's warnings about targets of another size, 'mean' of kl_div
        result = case.call(*tensors)
    outputs = _outputs(result)
    # floor_divide records PyTorch's NotImplemented node, whose backward refuses: nothing to differentiate
    differentiable = [o for o in outputs
                      if o.requires_grad and (o.grad_fn is None or type(o.grad_fn).__name__ != "NotImplemented")]
    if differentiable:
        sum(o.sum() for o in differentiable).backward()
    return outputs


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("case", CASES, ids=repr)
def test_one_tensor_elsewhere(devices, device, case, situation):
    here, elsewhere = _devices(device, situation)
    zero_d = situation == "cpu-scalar"
    checked = 0
    for position in case.positions if case.positions is not None else range(len(case.args)):
        if zero_d and not case.args[position].zero_d:
            continue
        places = [elsewhere if i == position else here for i in range(len(case.args))]
        zero_dims = [zero_d and i == position for i in range(len(case.args))]
        rule = case.zero_d_rule if zero_d and case.zero_d_rule is not None else case.rule
        expected = rule(places, zero_dims)
        tensors = [_tensor(s, d, z) for s, d, z in zip(case.args, places, zero_dims)]
        if expected is None:
            _check_result(case, tensors, places, zero_dims, here)
        else:
            exception, message = expected
            with pytest.raises(exception, match="^" + re.escape(message) + "$"):
                _run(case, tensors)
        checked += 1
    if not checked:
        pytest.skip("every argument's 0-d version fails a shape check first: nothing here is answered by device")


def _check_result(case, tensors, devices, zero_dims, here):
    outputs = _run(case, tensors)
    reference_tensors = [_tensor(s, here, z) for s, z in zip(case.args, zero_dims)]
    reference = _run(case, reference_tensors)
    out_device = devices[0] if case.out == "self" else next((d for d in devices if d.type != "cpu"), CPU)
    for output, expected in zip(outputs, reference):
        assert output.device == out_device
        assert numpy.allclose(output.detach().cpu().numpy(), expected.detach().cpu().numpy(), equal_nan=True)
    for tensor, reference_tensor, device in zip(tensors, reference_tensors, devices):
        if reference_tensor.grad is None:
            assert tensor.grad is None
            continue
        assert tensor.grad is not None and tensor.grad.device == device and tensor.grad.shape == tensor.shape
        assert numpy.allclose(tensor.grad.cpu().numpy(), reference_tensor.grad.cpu().numpy())


# ----- beyond the table ------------------------------------------------------------------------------------------
def test_weighted_elementwise_losses_take_pytorchs_formula(device):
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    zeros = gradlib.zeros(2, device=device)
    weight = gradlib.tensor([1.0, 3.0], device=device)
    assert F.mse_loss(x, zeros, weight=weight, reduction="none").tolist() == [1.0, 12.0]
    assert F.mse_loss(x, zeros, weight=weight, reduction="sum").item() == 13.0
    loss = F.mse_loss(x, zeros, weight=weight)  # the weighted sum over the sum of the weights
    assert loss.item() == 3.25
    loss.backward()
    assert x.grad.tolist() == [0.5, 3.0]
    assert F.l1_loss(x, zeros, weight=weight).item() == 7.0 / 4.0
    with pytest.raises(ValueError, match="^Weights and input must have the same size.$"):
        F.mse_loss(x, zeros, weight=weight[:1])


def _on(values, device, requires_grad=False, dtype=None):
    return _tensor(A(values, dtype=dtype, grad=requires_grad), device)


def _raises(exception, message):
    return pytest.raises(exception, match="^" + re.escape(message) + "$")


@pytest.mark.parametrize("situation", ["cpu", "second-gpu"])
def test_fill_takes_a_zero_dim_value_from_any_device(devices, device, situation):
    here, elsewhere = _devices(device, situation)
    value = _on(4.0, elsewhere, requires_grad=True)
    x = _on([1.0, 2.0], here, requires_grad=True) * 1
    x.fill_(value)
    assert x.device == here and x.tolist() == [4.0, 4.0]
    x.sum().backward()
    assert value.grad.device == elsewhere and value.grad.item() == 2.0
    with _raises(RuntimeError, "fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions."):
        _on([1.0, 2.0], here).fill_(_on([3.0], elsewhere))


def test_masked_fill_takes_a_zero_dim_value_from_another_gpu(devices, device):
    here, elsewhere = _devices(device, "second-gpu")
    x = _on([1.0, 2.0], here)
    filled = x.masked_fill(x > 1.5, _on(7.0, elsewhere))
    assert filled.device == here and filled.tolist() == [1.0, 7.0]
    with _raises(RuntimeError, "masked_fill_: Expected inputs to be on same device"):
        _on([1.0, 2.0], CPU).masked_fill(_on([True, False], CPU), _on(7.0, here))


def test_one_cpu_scalar_per_kernel(devices, device):
    here, _ = _devices(device, "cpu")
    with _raises(RuntimeError, "Trying to pass too many CPU scalars to non-CPU kernel!"):
        gradlib.lerp(_on([1.0, 2.0], here), _on(3.0, CPU), _on(0.5, CPU))
    chosen = gradlib.where(_on([True, False], here), _on(3.0, CPU), _on(4.0, CPU))  # where moves them itself
    assert chosen.device == here and chosen.tolist() == [3.0, 4.0]


def test_a_zero_dim_cpu_tensor_written_in_place_takes_no_gpu_operand(devices, device):
    here, _ = _devices(device, "cpu")
    message = f"Expected all tensors to be on the same device, but found at least two devices, {here} and cpu!"
    with _raises(RuntimeError, message):
        _on(1.0, CPU).add_(_on(2.0, here))
    with _raises(RuntimeError, message):
        (_on(1.0, CPU, requires_grad=True) * 1).mul_(_on(2.0, here, requires_grad=True))


@pytest.mark.parametrize("situation", ["cpu", "second-gpu"])
def test_backward_and_grad_take_a_zero_dim_gradient_from_another_device(devices, device, situation):
    here, elsewhere = _devices(device, situation)
    x = _on([1.0, 2.0], here, requires_grad=True)
    (x * 3).sum().backward(gradient=_on(2.0, elsewhere))
    assert x.grad.device == here and x.grad.tolist() == [6.0, 6.0]
    (grad,) = gradlib.autograd.grad((x * x).sum(), x, grad_outputs=_on(1.0, elsewhere), create_graph=True)
    assert grad.device == here and grad.tolist() == [2.0, 4.0]
    message = f"invalid gradient at index 0 - expected device {here} but got {elsewhere}"
    with _raises(RuntimeError, message):
        (x * 3).backward(gradient=_on([1.0, 1.0], elsewhere))
    with _raises(RuntimeError, message):
        gradlib.autograd.grad(x * 3, x, grad_outputs=_on([1.0, 1.0], elsewhere))


class _Across(gradlib.autograd.Function):
    """a * b computed on a's device; each gradient returned on its input's device."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b.to(a.device)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_b = (grad * a).sum() if b.ndim == 0 else grad * a
        return grad * b.to(a.device), grad_b.to(b.device)


@pytest.mark.parametrize("situation", SITUATIONS)
def test_custom_function_with_inputs_on_two_devices(devices, device, situation):
    here, elsewhere = _devices(device, situation)
    a = _on([1.0, 2.0], here, requires_grad=True)
    b = _on(3.0 if situation == "cpu-scalar" else [3.0, 4.0], elsewhere, requires_grad=True)
    out = _Across.apply(a, b)  # PyTorch leaves devices to forward
    out.sum().backward()
    assert out.device == here and a.grad.device == here and b.grad.device == elsewhere
    assert a.grad.tolist() == b.tolist() if b.ndim else a.grad.tolist() == [3.0, 3.0]
    with _raises(RuntimeError, f"Function _MoverBackward returned an invalid gradient at index 0 - expected device "
                               f"{here} but got {elsewhere}"):
        _Mover.apply(a, elsewhere).sum().backward()
    moved = _on(5.0, here, requires_grad=True)
    _Mover.apply(moved, elsewhere).backward()  # a 0-d gradient on another device is moved, as PyTorch does
    assert moved.grad.device == here and moved.grad.item() == 2.0


class _Mover(gradlib.autograd.Function):
    """2a, with the gradient returned on ``device`` (wrongly, unless it is a 0-d one PyTorch moves)."""

    @staticmethod
    def forward(ctx, a, device):
        ctx.device = device
        return a * 2

    @staticmethod
    def backward(ctx, grad):
        return (grad * 2).to(ctx.device), None


def test_a_tensor_hook_may_not_move_the_gradient_to_another_device_type(devices, device):
    here, _ = _devices(device, "cpu")
    x = _on([1.0, 2.0], here, requires_grad=True)
    x.register_hook(lambda grad: grad.cpu())
    with _raises(RuntimeError, "hook '<lambda>' has changed the type of value (was gradlib.cuda.FloatTensor got "
                               "gradlib.FloatTensor)"):
        (x * 2).sum().backward()
    y = _on([1.0, 2.0], here, requires_grad=True)
    y.register_hook(lambda grad: grad[:1])
    with _raises(RuntimeError, "hook '<lambda>' has changed the size of value"):
        (y * 2).sum().backward()


OPTIMIZERS = [gradlib.optim.SGD, gradlib.optim.Adam, gradlib.optim.AdamW, gradlib.optim.RMSprop,
              gradlib.optim.Adagrad]


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("situation", ["cpu", "second-gpu"])
def test_optimizer_step_meets_a_gradient_or_state_on_another_device(devices, device, situation, optimizer_class):
    here, elsewhere = _devices(device, situation)
    param = gradlib.nn.Parameter(_on([1.0, 2.0], here))
    param.grad = _on([1.0, 1.0], here)
    optimizer = optimizer_class([param], lr=0.1, momentum=0.9) if optimizer_class is gradlib.optim.SGD else \
        optimizer_class([param], lr=0.1)
    optimizer.step()  # creates the state on the parameter's device
    param.grad.data = _on([1.0, 1.0], elsewhere)  # PyTorch allows .data to change device
    with _raises(RuntimeError, f"Expected all tensors to be on the same device, but found at least two devices, "
                               f"{here if here.type != 'cpu' else elsewhere} and {elsewhere}!"):
        optimizer.step()
    param.data = _on([1.0, 2.0], elsewhere)  # parameter and gradient moved; the state stayed (and is written)
    with _raises(RuntimeError, f"Expected all tensors to be on the same device, but found at least two devices, "
                               f"{here} and {elsewhere}!"):
        optimizer.step()


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS, ids=lambda c: c.__name__)
def test_optimizer_step_takes_a_zero_dim_cpu_gradient_for_a_zero_dim_parameter(devices, device, optimizer_class):
    here, _ = _devices(device, "cpu")
    expected = gradlib.nn.Parameter(_on(2.0, here))
    expected.grad = _on(0.5, here)
    param = gradlib.nn.Parameter(_on(2.0, here))
    param.grad = _on(0.5, here)
    param.grad.data = _on(0.5, CPU)
    for tensor in (expected, param):
        optimizer_class([tensor], lr=0.1).step()
    assert param.device == here and param.item() == pytest.approx(expected.item())


@pytest.mark.parametrize("situation", ["cpu", "second-gpu"])
def test_clip_grad_norm_over_gradients_on_two_devices(devices, device, situation):
    here, elsewhere = _devices(device, situation)
    a = gradlib.nn.Parameter(_on([3.0, 0.0], here))
    b = gradlib.nn.Parameter(_on([4.0], elsewhere))
    a.grad, b.grad = _on([3.0, 0.0], here), _on([4.0], elsewhere)
    total = gradlib.nn.utils.clip_grad_norm_([a, b], max_norm=1.0)
    assert total.device == here and total.item() == pytest.approx(5.0)
    assert a.grad.device == here and a.grad.tolist() == pytest.approx([0.6, 0.0], rel=1e-5)
    assert b.grad.device == elsewhere and b.grad.tolist() == pytest.approx([0.8], rel=1e-5)


@pytest.mark.parametrize("situation", ["cpu", "second-gpu"])
def test_parameters_and_a_vector_on_other_devices(devices, device, situation):
    here, elsewhere = _devices(device, situation)
    a, b = gradlib.nn.Parameter(_on([1.0, 2.0], here)), gradlib.nn.Parameter(_on([3.0], elsewhere))
    message = "Found two parameters on different devices, this is currently not supported."
    with _raises(TypeError, message):
        gradlib.nn.utils.parameters_to_vector([a, b])
    with _raises(TypeError, message):
        gradlib.nn.utils.vector_to_parameters(_on([1.0, 2.0, 3.0], here), [a, b])
    c = gradlib.nn.Parameter(_on([0.0], here))
    gradlib.nn.utils.vector_to_parameters(_on([5.0, 6.0, 7.0], elsewhere), [a, c])  # data becomes the vector's
    assert a.device == elsewhere and c.device == elsewhere and a.tolist() == [5.0, 6.0] and c.tolist() == [7.0]


@pytest.mark.parametrize("situation", ["cpu", "second-gpu"])
def test_modules_with_parameters_on_another_device(devices, device, situation):
    here, elsewhere = _devices(device, situation)
    x = _on(numpy.ones((2, 2)), here)

    def wrapper_error(argument, method, common=elsewhere, other=here):
        return (f"Expected all tensors to be on the same device, but got {argument} is on {other}, different from "
                f"other tensors on {common} (when checking argument in method wrapper_CUDA_{method})")

    with _raises(RuntimeError, wrapper_error("mat1", "addmm")):
        gradlib.nn.Linear(2, 3, device=elsewhere)(x)
    with _raises(RuntimeError, wrapper_error("weight", "_native_layer_norm", here, elsewhere)):
        gradlib.nn.LayerNorm(2, device=elsewhere)(x)
    with _raises(RuntimeError, wrapper_error("weight", "_cudnn_batch_norm", here, elsewhere)):
        gradlib.nn.BatchNorm2d(2, device=elsewhere)(_on(numpy.ones((2, 2, 2, 2)), here))
    with _raises(RuntimeError, wrapper_error("index", "_index_select", elsewhere, here)):
        gradlib.nn.Embedding(3, 2, device=elsewhere)(_on([0, 2], here, dtype=gradlib.int64))
    image = _on(numpy.ones((2, 1, 3, 3)), here)
    if elsewhere.type == "cpu":
        message = "Input type (gradlib.cuda.FloatTensor) and weight type (gradlib.FloatTensor) should be the same"
    else:
        message = wrapper_error("weight", "_cudnn_convolution", here, elsewhere)
    with _raises(RuntimeError, message):
        gradlib.nn.Conv2d(1, 1, 2, device=elsewhere)(image)
    model = gradlib.nn.Linear(2, 3, device=here)
    source = gradlib.nn.Linear(2, 3, device=elsewhere)
    model.load_state_dict(source.state_dict())  # copies, as PyTorch's
    assert model.weight.device == here and model.weight.tolist() == source.weight.tolist()
