"""Differential fuzzer of nn.utils and nn.init (session 17, utils17): the same case list under PyTorch and
gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_utils17.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_utils17.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_utils17.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: clipping templates x parameter sets x norm types, rnn packing/padding templates, weight/spectral norm and
parametrize, init templates x shapes x dtypes. The builders and the evaluation are tests/reference/utils17.py's;
the cases that found a difference are copied there.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import utils17 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

PARAM_SETS = {
    "one": "PS([(3,)])", "two": "PS([(2, 3), (4,)])", "f32": "PS([(2, 3), (4,)], 'float32')",
    "f16": "PS([(3,)], 'float16')", "bf16": "PS([(5,)], 'bfloat16')", "mixed": "PS([(3,)]) + PS([(2,)], 'float32')",
    "nograd": "PS([(3,), None])", "allnone": "PS([(3,)], grads=False)", "empty": "[]", "small": "PS([(3,)], scale=1e-3)",
    "zero": "PS([(0,), (2, 0)])", "d0": "PS([()])", "nan": "PS([(3,)]) + [lib.nn.Parameter(S((1,)))] ",
}
NORMS = ("2", "1", "inf", "float('inf')", "0.5", "0", "3", "-inf", "'inf'", "'fro'", "2.0")
CLIP_TEMPLATES = (
    "CLIP(U.clip_grad_norm_, {p}, 1.0, {n})", "CLIP(U.clip_grad_norm_, {p}, 100.0, {n})",
    "CLIP(U.clip_grad_norm_, {p}, 0.5, {n}, foreach=True)", "CLIP(U.clip_grad_norm_, {p}, 0.5, {n}, foreach=False)",
    "CLIP(U.clip_grad_norm_, {p}, 1.0, norm_type={n}, error_if_nonfinite=True)",
    "CLIP(U.get_total_norm, [q.grad for q in {p} if q.grad is not None], {n})",
    "CLIP(U.get_total_norm, [q.grad for q in {p} if q.grad is not None], {n}, True)",
    "CLIP(U.get_total_norm, [q.grad for q in {p} if q.grad is not None], {n}, foreach=True)",
)
CLIP_ONCE = (
    "CLIP(U.clip_grad_value_, {p}, 1.0)", "CLIP(U.clip_grad_value_, {p}, 0.1, foreach=True)",
    "CLIP(U.clip_grad_value_, {p}, 0.1, foreach=False)", "CLIP(U.clip_grad_value_, {p}, -1)",
    "CLIP(U.clip_grads_with_norm_, {p}, 1.0, lib.tensor(5.0, dtype=lib.float64))",
    "CLIP(U.clip_grads_with_norm_, {p}, 1.0, lib.tensor(0.5))", "CLIP(U.clip_grads_with_norm_, {p}, 1.0, 5.0)",
    "CLIP(U.clip_grads_with_norm_, {p}, 1.0, lib.tensor(5.0), foreach=True)",
    "CLIP(lambda ps, *a, **k: U.clip_grad_norm_(iter(ps), *a, **k), {p}, 1.0)",
    "CLIP(lambda ps, *a, **k: U.clip_grad_norm_((x for x in ps), *a, **k), {p}, 1.0)",
    "CLIP(lambda ps, *a, **k: U.clip_grad_norm_(ps[0], *a, **k), {p}, 1.0)",
    "CLIP(lambda ps, *a, **k: U.clip_grad_value_(ps[0], *a, **k), {p}, 0.3)",
    "CLIP(lambda ps, *a, **k: U.clip_grad_value_((x for x in ps), *a, **k), {p}, 0.3)",
    "CLIP(U.clip_grad_norm_, {p}, lib.tensor(1.0))", "CLIP(U.clip_grad_norm_, {p}, 1)", "CLIP(U.clip_grad_norm_, {p}, -1.0)",
    "CLIP(U.clip_grad_norm_, {p}, 0.0)", "CLIP(U.clip_grad_norm_, {p}, float('nan'))", "CLIP(U.clip_grad_norm_, {p}, float('inf'))",
    "U.parameters_to_vector({p})", "U.parameters_to_vector(x for x in {p})",
    "[U.vector_to_parameters(lib.arange(20.0, dtype=lib.float64), P := {p}), P]",
    "[U.vector_to_parameters(lib.arange(2.0, dtype=lib.float64), P := {p}), P]",
    "[U.vector_to_parameters(lib.arange(2.0).reshape(1, 2), P := {p}), P]",
    "[U.vector_to_parameters([1.0], P := {p}), P]",
)
NAN_SETS = {
    "pnan": "[lib.nn.Parameter(S((3,)))]", "pinf": "[lib.nn.Parameter(S((3,)))]",
}
NONFINITE = (
    "(P := PS([(3,), (2,)]), P[0].grad.__setitem__(1, {v}), CLIP(U.clip_grad_norm_, P, 1.0, {n}, {e}))[2]",
    "(P := PS([(3,), (2,)], 'float32'), P[1].grad.__setitem__(0, {v}), CLIP(U.clip_grad_norm_, P, 1.0, {n}, {e}, foreach={f}))[2]",
)
RNN = (
    "R.pack_padded_sequence(S((4, 3, 2)), lib.tensor([4, 2, 1]))",
    "R.pack_padded_sequence(S((4, 3, 2)), [4, 2, 1])",
    "R.pack_padded_sequence(S((4, 3, 2)), [2, 4, 1])",
    "R.pack_padded_sequence(S((4, 3, 2)), [2, 4, 1], enforce_sorted=False)",
    "R.pack_padded_sequence(S((3, 4, 2)), [2, 4, 1], batch_first=True, enforce_sorted=False)",
    "R.pack_padded_sequence(S((4, 3)), [3, 3, 3])",
    "R.pack_padded_sequence(S((4, 3)), [4, 2, 0])",
    "R.pack_padded_sequence(S((4, 3)), [4, 2, 0], enforce_sorted=False)",
    "R.pack_padded_sequence(S((4, 3)), [5, 2, 1])",
    "R.pack_padded_sequence(S((4, 3)), [4, 2])",
    "R.pack_padded_sequence(S((4, 3)), [4, -1, 1])",
    "R.pack_padded_sequence(S((4, 3)), lib.tensor([4, 2, 1], dtype=lib.int32))",
    "R.pack_padded_sequence(S((4, 3)), lib.tensor([4.0, 2.0, 1.0]))",
    "R.pack_padded_sequence(S((4, 3)), lib.tensor([[4, 2, 1]]))",
    "R.pack_padded_sequence(S((4, 3)), lib.tensor(4))",
    "R.pack_padded_sequence(S((4, 3)), [])",
    "R.pack_padded_sequence(S((0, 3)), [0, 0, 0])",
    "R.pack_padded_sequence(S((4,)), [4])",
    "R.pack_padded_sequence(S((4, 3, 2)), (4, 2, 1))",
    "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [4, 2, 1]))",
    "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [4, 2, 1]), batch_first=True, padding_value=-1.5)",
    "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [3, 2, 1]), total_length=6)",
    "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [3, 2, 1]), total_length=2)",
    "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [2, 3, 1], enforce_sorted=False), batch_first=True)",
    "R.pad_packed_sequence(R.pack_padded_sequence(S((4, 3, 2)), [3, 2, 1]), total_length=3)",
    "R.pad_sequence([S((3,)), S((1,)), S((2,))])",
    "R.pad_sequence([S((3, 2)), S((1, 2)), S((2, 2))], batch_first=True)",
    "R.pad_sequence([S((3, 2)), S((1, 2))], padding_value=7)",
    "R.pad_sequence([S((3, 2)), S((1, 2))], batch_first=True, padding_side='left')",
    "R.pad_sequence([S((3, 2)), S((1, 2))], padding_side='left', padding_value=-1)",
    "R.pad_sequence([S((3, 2)), S((1, 2))], padding_side='middle')",
    "R.pad_sequence([S((3, 2)), S((1, 3))])",
    "R.pad_sequence([])",
    "R.pad_sequence(S((3, 2)))",
    "R.pad_sequence((S((2,)), S((3,))))",
    "R.pad_sequence([S((3,)), S((2,), 'float64')])",
    "R.pad_sequence([S((0,)), S((0,))])",
    "R.pad_sequence([S(()), S(())])",
    "R.pad_sequence([S((2,), 'int64'), S((1,), 'int64')], padding_value=1.5)",
    "R.pack_sequence([S((3,)), S((2,)), S((1,))])",
    "R.pack_sequence([S((1,)), S((3,)), S((2,))])",
    "R.pack_sequence([S((1,)), S((3,)), S((2,))], enforce_sorted=False)",
    "R.pack_sequence([S((2, 2)), S((2, 2))])",
    "R.pack_sequence([])",
    "R.unpack_sequence(R.pack_sequence([S((1,)), S((3,)), S((2,))], enforce_sorted=False))",
    "R.unpad_sequence(S((4, 3)), lib.tensor([4, 2, 1]))",
    "R.unpad_sequence(S((3, 4, 2)), lib.tensor([2, 4, 1]), batch_first=True)",
    "R.unpad_sequence(S((3, 4, 2)), [2, 4, 1], batch_first=True)",
    "R.pack_padded_sequence(S((4, 3)), [4, 2, 1]).data",
    "R.pack_padded_sequence(S((4, 3)), [4, 2, 1]).to(lib.float64)",
    "R.pack_padded_sequence(S((4, 3)), [3, 1, 2], enforce_sorted=False).unsorted_indices",
    "R.PackedSequence(S((3,)), lib.tensor([2, 1]))",
    "R.PackedSequence(S((3,)), [2, 1])",
    "R.invert_permutation(lib.tensor([2, 0, 1]))",
    "R.invert_permutation(None)",
)
NORM_MOD = (
    "(m := U.weight_norm(lib.nn.Linear(3, 2)), sorted(n for n, _ in m.named_parameters()), m.weight_g, m.weight_v)[1:]",
    "(m := U.weight_norm(lib.nn.Linear(3, 2), dim=None), m.weight_g, m.weight_v)[1:]",
    "(m := U.weight_norm(lib.nn.Linear(3, 2), dim=1), m.weight_g)[1:]",
    "(m := U.weight_norm(lib.nn.Linear(3, 2), dim=-1), m.weight_g)[1:]",
    "(m := U.weight_norm(lib.nn.Linear(3, 2), 'bias'), m.bias_g)[1:]",
    "U.weight_norm(U.weight_norm(lib.nn.Linear(3, 2)))",
    "U.weight_norm(lib.nn.Linear(3, 2), 'nope')",
    "(m := U.remove_weight_norm(U.weight_norm(lib.nn.Linear(3, 2))), sorted(n for n, _ in m.named_parameters()), m.weight)[1:]",
    "U.remove_weight_norm(lib.nn.Linear(3, 2))",
    "(m := U.spectral_norm(lib.nn.Linear(3, 2)), sorted(n for n, _ in m.named_parameters()), sorted(n for n, _ in m.named_buffers()))[1:]",
    "U.spectral_norm(U.spectral_norm(lib.nn.Linear(3, 2)))",
    "U.remove_spectral_norm(lib.nn.Linear(3, 2))",
    "U.spectral_norm(lib.nn.Linear(3, 2), n_power_iterations=0)",
    "U.spectral_norm(lib.nn.Linear(3, 2), n_power_iterations=-1)",
    "(m := U.remove_spectral_norm(U.spectral_norm(lib.nn.Linear(3, 2))), sorted(n for n, _ in m.named_parameters()))[1:]",
    "U.spectral_norm(lib.nn.Linear(3, 2), 'nope')",
)
PARAMETRIZE = (
    "(m := lib.nn.Linear(3, 2), P.register_parametrization(m, 'weight', Sym()), P.is_parametrized(m), P.is_parametrized(m, 'weight'), P.is_parametrized(m, 'bias'), type(m).__name__)[2:]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Sym()), m.weight, sorted(n for n, _ in m.named_parameters()))[2:]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'nope', Sym()))[1]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Sym()), P.remove_parametrizations(m, 'weight'), m.weight, sorted(n for n, _ in m.named_parameters()), type(m).__name__)[3:]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Sym()), P.remove_parametrizations(m, 'weight', leave_parametrized=False), m.weight, type(m).__name__)[3:]",
    "(m := lib.nn.Linear(3, 3), P.remove_parametrizations(m, 'weight'))[1]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Sym()), P.remove_parametrizations(m, 'bias'))[2]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Sym()), P.register_parametrization(m, 'weight', Scale()), m.weight, m.parametrizations.weight.original)[3:]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Scale()), setattr(m, 'weight', lib.eye(3)), m.weight, m.parametrizations.weight.original)[3:]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Sym()), setattr(m, 'weight', lib.eye(3)))[2]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Scale()), P.cached().__enter__(), m.weight is m.weight, P.cached().__exit__(None, None, None))[3]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Scale(), unsafe=True), P.type_before_parametrizations(m).__name__)[2]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Bad()))[1]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Scale()), P.remove_parametrizations(m, 'weight', leave_parametrized=False), m.weight)[3]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Half()), P.remove_parametrizations(m, 'weight', leave_parametrized=False))[2]",
    "(m := lib.nn.Linear(3, 3), P.register_parametrization(m, 'weight', Half(), unsafe=True), m.weight.shape, P.remove_parametrizations(m, 'weight'), m.weight.shape)[2:]",
)
OTHER = (
    "U.fuse_conv_bn_weights(S((2, 1, 1, 1)), S((2,)), S((2,)), S((2,)).abs(), S((2,)), S((2,)), 1e-5)",
    "U.fuse_linear_bn_weights(S((2, 3)), S((2,)), S((2,)), S((2,)).abs(), 1e-5, S((2,)), S((2,)))",
    "(m := U.fuse_conv_bn_eval(lib.nn.Conv2d(1, 2, 1).eval(), lib.nn.BatchNorm2d(2).eval()), m.weight, m.bias)[1:]",
    "U.fuse_conv_bn_eval(lib.nn.Conv2d(1, 2, 1), lib.nn.BatchNorm2d(2))",
    "U.fuse_linear_bn_eval(lib.nn.Linear(3, 2).eval(), lib.nn.BatchNorm1d(2).eval()).weight",
    "U.fuse_linear_bn_eval(lib.nn.Linear(3, 2).eval(), lib.nn.BatchNorm1d(3).eval())",
    "U.fuse_linear_bn_eval(lib.nn.Linear(3, 2), lib.nn.BatchNorm1d(2))",
    "U.convert_parameters.parameters_to_vector(PS([(2,)]))",
    "U.convert_conv2d_weight_memory_format(lib.nn.Conv2d(1, 2, 1), lib.channels_last).weight.is_contiguous(memory_format=lib.channels_last)",
)
INIT_FNS = (
    "NI.uniform_", "NI.normal_", "lambda t: NI.uniform_(t, -2, 3)", "lambda t: NI.normal_(t, 1.5, 0.5)",
    "NI.trunc_normal_", "lambda t: NI.trunc_normal_(t, 0.0, 1.0, -0.5, 0.5)", "lambda t: NI.trunc_normal_(t, 2.0, 0.1, 3.0, 4.0)",
    "lambda t: NI.trunc_normal_(t, 0.0, 1.0, 1.0, -1.0)",
    "lambda t: NI.constant_(t, 0.3)", "NI.ones_", "NI.zeros_", "NI.eye_", "NI.dirac_", "lambda t: NI.dirac_(t, 2)",
    "NI.xavier_uniform_", "NI.xavier_normal_", "lambda t: NI.xavier_uniform_(t, gain=2.0)",
    "NI.kaiming_uniform_", "NI.kaiming_normal_", "lambda t: NI.kaiming_uniform_(t, a=0.2, mode='fan_out')",
    "lambda t: NI.kaiming_normal_(t, mode='fan_avg')", "lambda t: NI.kaiming_normal_(t, nonlinearity='relu')",
    "lambda t: NI.kaiming_uniform_(t, nonlinearity='gelu')", "lambda t: NI.kaiming_uniform_(t, a=None)",
    "NI.orthogonal_", "lambda t: NI.orthogonal_(t, gain=2)", "lambda t: NI.sparse_(t, 0.5)", "lambda t: NI.sparse_(t, 0.1, std=1.0)",
    "lambda t: NI.sparse_(t, 1.0)", "NI._calculate_fan_in_and_fan_out", "lambda t: NI._calculate_correct_fan(t, 'fan_out')",
    "NI.uniform", "NI.normal", "NI.xavier_uniform", "NI.kaiming_normal",
)
SHAPES = ("(3, 4)", "(4, 3)", "(5,)", "()", "(0, 3)", "(2, 0)", "(2, 3, 4)", "(4, 2, 3, 3)", "(2, 2, 3)",
          "(6, 1, 3, 3, 3)", "(0,)")
INIT_DT = ("float32", "float64", "float16", "bfloat16", "int64")
GAIN = (
    "NI.calculate_gain('{g}')", "NI.calculate_gain('{g}', 0.2)", "NI.calculate_gain('{g}', True)",
    "NI.calculate_gain('{g}', 'x')", "NI.calculate_gain('{g}', 2)",
)
GAINS = ("linear", "conv1d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu", "gelu", "Relu", "identity")


def generate():
    cases = {}
    for i, template in enumerate(CLIP_TEMPLATES):
        for pname, p in PARAM_SETS.items():
            for n in NORMS:
                cases[f"clip/{i}/{pname}/{n}"] = template.format(p=p, n=n)
    for i, template in enumerate(CLIP_ONCE):
        for pname, p in PARAM_SETS.items():
            cases[f"clip1/{i}/{pname}"] = template.format(p=p)
    for i, template in enumerate(NONFINITE):
        for v in ("float('nan')", "float('inf')", "-float('inf')"):
            for n in ("2", "1", "inf", "0", "0.5"):
                for e in ("True", "False"):
                    for f in ("None", "True", "False"):
                        cases[f"nonfinite/{i}/{v}/{n}/{e}/{f}"] = template.format(v=v, n=n, e=e, f=f)
    for i, expr in enumerate(RNN):
        cases[f"rnn/{i}"] = expr
        cases[f"rnn/{i}/f64"] = expr.replace("S((", "S(dtype='float64', shape=(") if "S((" in expr else expr
    for i, expr in enumerate(NORM_MOD):
        cases[f"norm/{i}"] = f"(lib.manual_seed(0), {expr})[1]"
    for i, expr in enumerate(PARAMETRIZE):
        cases[f"param/{i}"] = f"(lib.manual_seed(0), {expr})[1]"
    for i, expr in enumerate(OTHER):
        cases[f"other/{i}"] = f"(lib.manual_seed(0), {expr})[1]"
    for i, fn in enumerate(INIT_FNS):
        for shape in SHAPES:
            for dt in INIT_DT:
                cases[f"init/{i}/{shape}/{dt}"] = f"INIT({fn}, {shape}, dtype='{dt}')"
    for i, template in enumerate(GAIN):
        for g in GAINS:
            cases[f"gain/{i}/{g}"] = template.format(g=g)
    return cases


def _op(name, expr):
    parts = name.split("/")
    if parts[0] == "init":
        return "init " + INIT_FNS[int(parts[1])][:40]
    if parts[0] in ("clip", "clip1"):
        t = (CLIP_TEMPLATES if parts[0] == "clip" else CLIP_ONCE)[int(parts[1])]
        return parts[0] + " " + t[:45]
    return "/".join(parts[:2])


if __name__ == "__main__":
    main(generate, R.evaluate, group=lambda name, expression, c: c + " " + _op(name, expression))
