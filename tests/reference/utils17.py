"""Differential fuzzing of ``nn.utils`` (gradient clipping, parameters <-> vector, rnn packing, weight/spectral
norm, parametrize) and ``nn.init`` against PyTorch (session 17, utils17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
fuzz15's builders plus these:

- ``PS(shapes, dtype="float64", grads=True, scale=1.0)``: a list of Parameters of those shapes, with fixed values
  and (``grads``) fixed gradients (``None`` in ``shapes`` gives a parameter without a gradient);
- ``CLIP(function, params, *args, **kwargs)``: ``[result, [p.grad for p in params]]`` (the in-place effect);
- ``INIT(function, shape, *args, dtype="float32", **kwargs)``: a fresh tensor of ``shape`` after
  ``lib.manual_seed(0)`` and ``function(tensor, *args, **kwargs)`` (the tensor starts full of 7); the answer is
  the tensor and what ``function`` returned (``"self"`` for the tensor itself);
- ``S(shape, dtype="float32")``: a tensor of fixed values (sequences, inputs);
- ``U``: ``lib.nn.utils``; ``R``: ``lib.nn.utils.rnn``; ``NI``: ``lib.nn.init``.

Warnings are part of the answer. The recorder (``python tests/reference/record_torch.py utils17``) stores
PyTorch's answers in ``torch_utils17.json``; tests/test_utils17.py demands gradlib give the same on every device.
tools/fuzz_utils17.py draws the sweep these cases were chosen from.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_utils17.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.utils17)

FILE = pathlib.Path(__file__).parent / "torch_utils17.json"

_VALUES = [0.5, -1.25, 2.0, 0.75, -3.5, 1.5, 0.25, -0.125, 4.0, -2.5, 1.0, 3.25]


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def S(shape=(), dtype="float32", offset=0):  # noqa: N802
        count = math.prod(shape)
        flat = [_VALUES[(i + offset) % len(_VALUES)] * (1 + (i + offset) // len(_VALUES)) for i in range(count)]
        return lib.tensor(flat, dtype=getattr(lib, dtype), device=device).reshape(shape)

    def PS(shapes, dtype="float64", grads=True, scale=1.0):  # noqa: N802
        params = []
        for k, shape in enumerate(shapes):
            if shape is None:
                params.append(lib.nn.Parameter(S((2,), dtype, k)))
                continue
            p = lib.nn.Parameter(S(shape, dtype, k))
            if grads:
                p.grad = S(shape, dtype, 3 * k + 1) * scale
            params.append(p)
        return params

    def CLIP(function, params, *args, **kwargs):  # noqa: N802
        params = list(params) if not hasattr(params, "grad") else params
        result = function(params, *args, **kwargs)
        listed = [params] if hasattr(params, "grad") else params
        return [result, [p.grad for p in listed]]

    def INIT(function, shape, *args, dtype="float32", **kwargs):  # noqa: N802
        lib.manual_seed(0)
        tensor = lib.full(shape, 7, dtype=getattr(lib, dtype), device=device)
        result = function(tensor, *args, **kwargs)
        return [tensor, "self" if result is tensor else result]

    P = lib.nn.utils.parametrize

    class Sym(lib.nn.Module):
        def forward(self, x):
            return x.triu() + x.triu(1).transpose(-1, -2)

    class Scale(lib.nn.Module):
        def forward(self, x):
            return x * 2

        def right_inverse(self, x):
            return x / 2

    class Bad(lib.nn.Module):
        def forward(self, x):
            return x.sum()

    class Half(lib.nn.Module):
        def forward(self, x):
            return x.to(lib.float16)

    names.update(P=P, Sym=Sym, Scale=Scale, Bad=Bad, Half=Half)
    names.update(S=S, PS=PS, CLIP=CLIP, INIT=INIT, U=lib.nn.utils, R=lib.nn.utils.rnn, NI=lib.nn.init,
                 math=math)
    return names


def describe(value):
    """fuzz15's ``plain``, with a PackedSequence's fields and a float's bits."""
    if type(value).__name__ == "PackedSequence":
        return ["PackedSequence"] + [describe(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    return fuzz15.plain(value)


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), describe)


CASES = {
    # ----- fixed: get_total_norm and clip_grads_with_norm_ were missing; clip_grad_norm_ is now both of them, as
    # PyTorch's (norms per (device, dtype) group, the foreach kernel's messages, a number total_norm refused by clamp)
    "total_norm/two": "CLIP(U.get_total_norm, [q.grad for q in PS([(2, 3), (4,)]) if q.grad is not None], 2)",
    "total_norm/mixed_inf": "CLIP(U.get_total_norm, [q.grad for q in PS([(3,)]) + PS([(2,)], 'float32')], 'inf')",
    "total_norm/one_tensor": "U.get_total_norm(S((2, 3)), 1)",
    "total_norm/empty": "U.get_total_norm([], 2)",
    "total_norm/fro": "U.get_total_norm([S((2,))], 'fro')",
    "total_norm/half_zero": "U.get_total_norm([S((3,), 'float16'), S((2,), 'float16')], 0, foreach=True)",
    "total_norm/bf16_nonfinite": "U.get_total_norm([S((3,), 'bfloat16') * float('inf')], 2, True)",
    "total_norm/empty_inf": "U.get_total_norm([S((0,)), S((2, 0))], float('inf'))",
    "total_norm/empty_inf_foreach_false": "U.get_total_norm([S((0,))], 'inf', foreach=False)",
    "clip_norm/empty_inf": "CLIP(U.clip_grad_norm_, PS([(0,), (2, 0)]), 1.0, 'inf')",
    "clip_norm/nonfinite": "(P := PS([(3,), (2,)], 'float32'), P[1].grad.__setitem__(0, float('nan')), "
                           "CLIP(U.clip_grad_norm_, P, 1.0, 2, True, foreach=True))[2]",
    "clip_norm/generator_empty": "U.clip_grad_norm_((x for x in []), 1.0)",
    "clip_norm/one_param": "CLIP(lambda ps, *a, **k: U.clip_grad_norm_(ps[0], *a, **k), PS([(2, 3)]), 1.0, 1)",
    "clip_norm/f32_inf": "CLIP(U.clip_grad_norm_, PS([(2, 3), (4,)], 'float32'), 0.5, float('inf'), foreach=False)",
    "clip_norm/nograd": "CLIP(U.clip_grad_norm_, PS([(3,), None]), 1.0, 3)",
    "with_norm/tensor": "CLIP(U.clip_grads_with_norm_, PS([(2, 3), (4,)]), 1.0, lib.tensor(5.0, dtype=lib.float64))",
    "with_norm/f32_norm": "CLIP(U.clip_grads_with_norm_, PS([(3,)], 'float16'), 1.0, lib.tensor(0.5))",
    "with_norm/number": "CLIP(U.clip_grads_with_norm_, PS([(3,)]), 1.0, 5.0)",
    "with_norm/none": "CLIP(U.clip_grads_with_norm_, PS([(3,)], grads=False), 1.0, 5.0)",
    "with_norm/foreach": "CLIP(U.clip_grads_with_norm_, PS([(3,)]) + PS([(2,)], 'float32'), 1.0, lib.tensor(5.0), "
                         "foreach=True)",
    # ----- fixed: clip_grad_value_ without any gradient (PyTorch's grouping kernel refuses an empty list)
    "clip_value/no_grads": "CLIP(U.clip_grad_value_, PS([(3,)], grads=False), 1.0)",
    "clip_value/empty": "CLIP(U.clip_grad_value_, [], 0.1, foreach=False)",
    "clip_value/generator": "CLIP(lambda ps, *a, **k: U.clip_grad_value_((x for x in ps), *a, **k), PS([(3,)], "
                            "grads=False), 0.3)",
    "guards/clip_value": "CLIP(U.clip_grad_value_, PS([(2, 3), (4,)], 'float32'), 0.3, foreach=True)",
    "guards/clip_value_negative": "CLIP(U.clip_grad_value_, PS([(3,)]), -1)",
    # ----- fixed: nn.utils.fusion and nn.utils.convert_parameters were missing
    "fusion/conv_weights": "U.fuse_conv_bn_weights(S((2, 1, 1, 1)), S((2,)), S((2,)), S((2,)).abs(), S((2,)), S((2,)), "
                           "1e-5)",
    "fusion/conv_weights_none": "U.fuse_conv_bn_weights(S((2, 3, 1, 1), 'float64'), None, S((2,)), S((2,)).abs(), "
                                "1e-3, None, None, True)",
    "fusion/linear_weights": "U.fuse_linear_bn_weights(S((2, 3)), S((2,)), S((2,)), S((2,)).abs(), 1e-5, S((2,)), "
                             "S((2,)))",
    "fusion/conv_eval": "(lib.manual_seed(0), (m := U.fuse_conv_bn_eval(lib.nn.Conv2d(1, 2, 1).eval(), "
                        "lib.nn.BatchNorm2d(2).eval()), m.weight, m.bias)[1:])[1]",
    "fusion/conv_training": "U.fuse_conv_bn_eval(lib.nn.Conv2d(1, 2, 1), lib.nn.BatchNorm2d(2))",
    "fusion/linear_eval": "(lib.manual_seed(0), U.fuse_linear_bn_eval(lib.nn.Linear(3, 2).eval(), "
                          "lib.nn.BatchNorm1d(2).eval()).weight)[1]",
    "fusion/linear_features": "U.fuse_linear_bn_eval(lib.nn.Linear(3, 2).eval(), lib.nn.BatchNorm1d(3).eval())",
    "convert_parameters/to_vector": "U.convert_parameters.parameters_to_vector(PS([(2,), (1, 2)]))",
    # ----- fixed: rnn: invert_permutation was missing; PyTorch's check order of pack_padded_sequence (empty input,
    # lengths count, last length, order); a list where PyTorch reads .device; a 0-d first sequence
    "rnn/invert_permutation": "R.invert_permutation(lib.tensor([2, 0, 1]))",
    "rnn/invert_none": "R.invert_permutation(None)",
    "rnn/pack_empty": "R.pack_padded_sequence(S((0, 3)), [0, 0, 0])",
    "rnn/pack_1d": "R.pack_padded_sequence(S((4,)), [4])",
    "rnn/pack_zero_unsorted": "R.pack_padded_sequence(S((4, 3)), [2, 4, 0])",
    "rnn/unpad_list": "R.unpad_sequence(S((3, 4, 2)), [2, 4, 1], batch_first=True)",
    "rnn/packed_list": "R.PackedSequence(S((3,)), [2, 1])",
    "rnn/pad_0d": "R.pad_sequence([S(()), S(())])",
    "guards/pack_unsorted": "R.pack_padded_sequence(S((3, 4, 2)), [2, 4, 1], batch_first=True, enforce_sorted=False)",
    "guards/pad_packed_total": "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [3, 2, 1]), total_length=6)",
    "guards/pad_packed_short": "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [3, 2, 1]), total_length=2)",
    "guards/pad_left": "R.pad_sequence([S((3, 2)), S((1, 2))], batch_first=True, padding_side='left')",
    "guards/unpack": "R.unpack_sequence(R.pack_sequence([S((1,)), S((3,)), S((2,))], enforce_sorted=False))",
    "guards/pack_unsorted_error": "R.pack_padded_sequence(S((4, 3)), [2, 4, 1])",
    # ----- fixed: normal_ (and the initializers drawing with it) of an empty integer tensor is a no-op, as PyTorch's
    # kernel; trunc_normal_ with a > b checks uniform_'s dtype first
    "init_empty_int/normal_": "INIT(NI.normal_, (0, 3), dtype='int64')",
    "init_empty_int/trunc_normal_": "INIT(NI.trunc_normal_, (2, 0), dtype='int64')",
    "init_empty_int/xavier_normal_": "INIT(NI.xavier_normal_, (0, 3), dtype='int64')",
    "init_empty_int/sparse_": "INIT(lambda t: NI.sparse_(t, 0.5), (2, 0), dtype='int64')",
    "init_empty_int/std_first": "INIT(lambda t: NI.normal_(t, 0.0, -1.0), (0,), dtype='int64')",
    "init_trunc_bounds/int": "INIT(lambda t: NI.trunc_normal_(t, 0.0, 1.0, 1.0, -1.0), (3, 4), dtype='int64')",
    "init_trunc_bounds/float": "INIT(lambda t: NI.trunc_normal_(t, 0.0, 1.0, 1.0, -1.0), (3, 4))",
    # ----- fixed: xavier_uniform_'s bound is sqrt(3) * std (PyTorch's rounding)
    "xavier_uniform/cube": "INIT(NI.xavier_uniform_, (2, 2, 3), dtype='float64')",
    "xavier_uniform/gain": "INIT(lambda t: NI.xavier_uniform_(t, gain=2.0), (6, 1, 3, 3, 3), dtype='float64')",
    # ----- fixed: orthogonal_ of half and integer tensors raises PyTorch's NotImplementedError
    "orthogonal_dtype/half": "INIT(NI.orthogonal_, (3, 4), dtype='float16')",
    "orthogonal_dtype/bfloat16": "INIT(NI.orthogonal_, (4, 3), dtype='bfloat16')",
    "orthogonal_dtype/int": "INIT(NI.orthogonal_, (2, 3, 4), dtype='int64')",
    "guards/orthogonal_1d": "INIT(NI.orthogonal_, (5,))",
    "guards/orthogonal_empty": "INIT(NI.orthogonal_, (0, 3), dtype='float16')",
    # ----- fixed: calculate_gain of the linear family is the int 1
    "gain/linear": "NI.calculate_gain('linear')",
    "gain/conv_transpose3d": "NI.calculate_gain('conv_transpose3d', True)",
    "gain/sigmoid": "NI.calculate_gain('sigmoid', 0.2)",
    "guards/gain_leaky": "NI.calculate_gain('leaky_relu', True)",
    "guards/gain_unknown": "NI.calculate_gain('gelu')",
    "guards/fan_1d": "INIT(NI.xavier_uniform_, (5,))",
    "guards/kaiming_empty": "INIT(NI.kaiming_uniform_, (0, 3))",
    "guards/kaiming_mode": "INIT(lambda t: NI.kaiming_normal_(t, mode='fan_avg'), (3, 4))",
    # ----- fixed: remove_parametrizations(leave_parametrized=True) of a parametrization that changed the dtype
    # (PyTorch's set_ refuses it)
    "parametrize/remove_dtype": "(lib.manual_seed(0), (m := lib.nn.Linear(3, 3), P.register_parametrization(m, "
                                "'weight', Half(), unsafe=True), P.remove_parametrizations(m, 'weight'))[2])[1]",
    "guards/parametrize_remove": "(lib.manual_seed(0), (m := lib.nn.Linear(3, 3), P.register_parametrization(m, "
                                 "'weight', Scale()), P.remove_parametrizations(m, 'weight', "
                                 "leave_parametrized=False), m.weight)[3])[1]",
}

#: differences the sweep found and gradlib does not follow (tests/test_utils17.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/vector_norm_rounding": "CLIP(U.clip_grad_norm_, PS([(3,)], scale=1e-3), 1.0)",
    "known/vector_norm_single_element": "U.get_total_norm([S((), 'float64')], 0.5)",
    "known/weight_norm_rounding": "(lib.manual_seed(0), (m := U.weight_norm(lib.nn.Linear(3, 2)), m.weight_g)[1])[1]",
    "known/normal_half_fill": "INIT(NI.normal_, (2, 3, 4), dtype='float16')",
    "known/orthogonal_qr_rounding": "INIT(NI.orthogonal_, (3, 4))",
    "known/pack_length_over_time": "R.pack_padded_sequence(S((4, 3)), [5, 2, 1])",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
