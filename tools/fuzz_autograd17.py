"""Differential fuzzer of the autograd API's edges (session 17, autograd17): the same programs under PyTorch and
gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_autograd17.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_autograd17.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_autograd17.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: autograd.grad over outputs x inputs x grad_outputs x flags; Tensor.backward over outputs x gradient x
inputs=; then programs for .grad accumulation, retain_grad, in-place checks, grad modes, hooks,
autograd.functional and custom Functions. The builders and the evaluation are tests/reference/autograd17.py's;
the cases that found a difference are copied there.
"""
import itertools
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import autograd17 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

SETUP = ("x = L([1.0, 2.0, 3.0]); u = L([4.0, 5.0]); k = C([1.0, 1.0, 1.0]); d = L([1.0, 2.0, 3.0], 'float64'); "
         "m = x * 2; ")
OUTPUTS = {
    "scalar": "(x * x).sum()", "vec": "x * x", "nograd": "k * 2", "tuple": "((x * x).sum(), (x * 3).sum())",
    "list2": "[x * x, x.exp()]", "leaf": "x", "nonleaf": "m", "f64": "(d * x.double()).sum()",
    "int": "x.long()", "empty": "x[:0] * 2", "detached": "(x * 2).detach()", "seq_nograd": "[k * 2, (x * 2).sum()]",
}
INPUTS = {
    "x": "x", "list": "[x]", "xu": "[x, u]", "xx": "[x, x]", "k": "k", "m": "m", "xd": "(x, d)", "empty": "[]",
    "int": "C([1, 2], 'int64')", "u": "u", "x_view": "x[1:]",
}
GOS = {
    "none": "None", "ones": "lib.ones_like(y) if not isinstance(y, (list, tuple)) else [lib.ones_like(t) for t in y]",
    "wrong_shape": "L([1.0, 2.0]).detach()", "f64": "C([1.0, 1.0, 1.0], 'float64')", "int": "C([1, 1, 1], 'int64')",
    "scalar0d": "C(2.0)", "list_none": "[None]", "list2": "[C(1.0), C(1.0)]", "bool": "C([True, False, True], 'bool')",
    "batched": "C([[1.0, 1.0, 1.0], [2.0, 0.0, 1.0]])", "float_py": "2.0",
}
FLAGS = ("", "allow_unused=True", "allow_unused=True, materialize_grads=True", "materialize_grads=True",
         "retain_graph=True", "create_graph=True", "is_grads_batched=True", "allow_unused=False, materialize_grads=True")

BACKWARD_GRADS = ("", "C(2.0)", "C([1.0, 1.0, 1.0])", "C([1.0, 1.0])", "C([1.0, 1.0, 1.0], 'float64')",
                  "C([1, 1, 1], 'int64')", "None", "C([[1.0, 1.0, 1.0]])", "2.0")
BACKWARD_INPUTS = ("", "inputs=[x]", "inputs=x", "inputs=[]", "inputs=[k]", "inputs=[m]", "inputs=[u]",
                   "inputs=(x, u)", "inputs=[x, x]")


def _grads():
    cases = {}
    for (on, o), (inn, i), (gn, g), flags in itertools.product(OUTPUTS.items(), INPUTS.items(), GOS.items(),
                                                               enumerate(FLAGS)):
        fi, fl = flags
        call = f"lib.autograd.grad(y, {i}, {g}{', ' + fl if fl else ''})"
        code = SETUP + f"y = {o}; r = {call}"
        cases[f"grad/{on}/{inn}/{gn}/{fi}"] = f"S({code!r})"
    return cases


def _backward():
    cases = {}
    for (on, o), (gi, g), (ii, i) in itertools.product(OUTPUTS.items(), enumerate(BACKWARD_GRADS),
                                                      enumerate(BACKWARD_INPUTS)):
        if on in ("tuple", "list2", "seq_nograd"):
            continue
        args = ", ".join(a for a in (g, i) if a)
        code = SETUP + f"y = {o}; y.backward({args}); r = [G(x), G(u), G(k), G(d)]"
        cases[f"backward/{on}/{gi}/{ii}"] = f"S({code!r})"
    return cases


PROGRAMS = {
    # second backward, retain_graph
    "twice/freed": "y = (x * x).sum(); y.backward(); y.backward(); r = G(x)",
    "twice/retained": "y = (x * x).sum(); y.backward(retain_graph=True); y.backward(); r = G(x)",
    "twice/grad_then_backward": "y = (x * x).sum(); lib.autograd.grad(y, x); y.backward(); r = G(x)",
    "twice/exp_freed": "y = x.exp().sum(); y.backward(); y.backward(); r = G(x)",
    "twice/no_saved": "y = (x + 1).sum(); y.backward(); y.backward(); r = G(x)",
    "twice/sum_only": "y = x.sum(); y.backward(); y.backward(); r = G(x)",
    "twice/saved_access": "y = x * x; y.sum().backward(); r = y.grad_fn._saved_self",
    "twice/create_graph_again": "y = (x ** 3).sum(); g, = lib.autograd.grad(y, x, create_graph=True); "
                                "g.sum().backward(); r = G(x)",
    "twice/create_graph_twice": "y = (x ** 3).sum(); g, = lib.autograd.grad(y, x, create_graph=True); "
                                "g.sum().backward(retain_graph=True); g.sum().backward(); r = G(x)",
    # accumulation and non-leaf .grad
    "accum/two_calls": "(x * 2).sum().backward(); (x * 3).sum().backward(); r = G(x)",
    "accum/nonleaf_grad": "y = x * 2; y.sum().backward(); r = G(y)",
    "accum/nonleaf_retain": "y = x * 2; y.retain_grad(); y.sum().backward(); r = [G(y), y.retains_grad]",
    "accum/nonleaf_retain_twice": "y = x * 2; y.retain_grad(); y.sum().backward(retain_graph=True); "
                                  "y.sum().backward(); r = G(y)",
    "accum/leaf_retain": "x.retain_grad(); (x * 2).sum().backward(); r = [G(x), x.retains_grad]",
    "accum/nograd_retain": "k.retain_grad(); r = k.retains_grad",
    "accum/set_grad_wrong_shape": "x.grad = C([1.0, 2.0]); r = G(x)",
    "accum/set_grad_wrong_dtype": "x.grad = C([1.0, 2.0, 3.0], 'float64'); r = G(x)",
    "accum/set_grad_int": "x.grad = C([1, 2, 3], 'int64'); r = G(x)",
    "accum/set_grad_nonleaf": "m.grad = C([1.0, 2.0, 3.0]); r = G(m)",
    "accum/set_grad_then_backward": "x.grad = C([1.0, 1.0, 1.0]); (x * 2).sum().backward(); r = G(x)",
    "accum/grad_none_then": "(x * 2).sum().backward(); x.grad = None; (x * 3).sum().backward(); r = G(x)",
    "accum/requires_grad_nonleaf": "m.requires_grad_(False); r = m.requires_grad",
    "accum/requires_grad_int": "C([1, 2], 'int64').requires_grad_(); r = 1",
    "accum/requires_grad_int_ctor": "r = L([1, 2], 'int64')",
    "accum/backward_nograd": "k.sum().backward(); r = 1",
    "accum/backward_int": "x.long().sum().backward(); r = 1",
    "accum/grad_of_nonleaf_inputs": "y = x * 2; z = (y * y).sum(); z.backward(inputs=[y]); r = [G(y), G(x)]",
    # in-place on saved tensors and leaves
    "inplace/saved_mul": "y = x * 1; z = y * y; y.add_(1); z.sum().backward(); r = G(x)",
    "inplace/saved_exp": "y = x.exp(); y.mul_(2); y.sum().backward(); r = G(x)",
    "inplace/saved_sin": "y = x * 1; z = y.sin(); y.mul_(2); z.sum().backward(); r = G(x)",
    "inplace/saved_twice": "y = x * 1; z = y * y; y.add_(1); y.add_(1); z.sum().backward(); r = G(x)",
    "inplace/saved_view": "y = x * 1; z = y.sigmoid(); y[0] = 5; z.sum().backward(); r = G(x)",
    "inplace/saved_2d": "a = L([[1.0, 2.0], [3.0, 4.0]]); y = a * 1; z = y @ y; y.zero_(); z.sum().backward(); r = 1",
    "inplace/saved_f64": "y = d * 1; z = y.pow(2); y.add_(1); z.sum().backward(); r = 1",
    "inplace/leaf": "x.add_(1); r = 1",
    "inplace/leaf_setitem": "x[0] = 1; r = 1",
    "inplace/leaf_view": "v = x[1:]; v.mul_(2); r = 1",
    "inplace/leaf_view_nograd": "v = x[1:]\nwith lib.no_grad():\n    v.mul_(2)\nr = [x, G(x)]",
    "inplace/leaf_nograd": "with lib.no_grad():\n    x.add_(1)\nr = [x, x.requires_grad, x.is_leaf]",
    "inplace/leaf_data": "x.data.add_(1); r = [x, x.requires_grad]",
    "inplace/detach_inplace": "v = x.detach(); v.add_(1); (x * x).sum().backward(); r = G(x)",
    "inplace/detach_saved": "y = x * x; x.detach().add_(1); y.sum().backward(); r = G(x)",
    "inplace/view_of_nonleaf": "y = x * 1; v = y[1:]; v.mul_(2); y.sum().backward(); r = [G(x), y.grad_fn.name()]",
    "inplace/view_multi_output": "y = x * 1; a, b = y.split(2); a.mul_(2); r = 1",
    "inplace/view_unbind": "y = x * 1; a, b, c = y.unbind(); a.mul_(2); r = 1",
    "inplace/nograd_view_then_inplace": "y = x * 1\nwith lib.no_grad():\n    v = y[1:]\nv.mul_(2); r = 1",
    "inplace/output_of_inplace": "y = x * 1; z = y.exp_(); z.sum().backward(); r = G(x)",
    "inplace/sigmoid_saved_out": "y = x.sigmoid(); y.add_(1); y.sum().backward(); r = 1",
    "inplace/relu_inplace_twice": "y = x * 1; y.relu_(); y.relu_(); y.sum().backward(); r = G(x)",
    "inplace/version": "y = x * 1; v0 = y._version; y.add_(1); y[0] = 2; r = [v0, y._version, x._version]",
    # grad modes
    "modes/no_grad": "with lib.no_grad():\n    y = x * 2\nr = [y.requires_grad, y.grad_fn]",
    "modes/nested_enable": "with lib.no_grad():\n    with lib.enable_grad():\n        y = x * 2\nr = y.requires_grad",
    "modes/set_false_enable": "with lib.set_grad_enabled(False):\n    with lib.enable_grad():\n        y = x * 2\n"
                              "    z = x * 2\nr = [y.requires_grad, z.requires_grad, lib.is_grad_enabled()]",
    "modes/set_call": "lib.set_grad_enabled(False); y = x * 2; lib.set_grad_enabled(True); r = y.requires_grad",
    "modes/inference": "with lib.inference_mode():\n    y = x * 2\nr = [y.requires_grad, y.is_inference(), "
                       "lib.is_inference_mode_enabled()]",
    "modes/inference_false": "with lib.inference_mode(False):\n    y = x * 2\nr = [y.requires_grad, y.is_inference()]",
    "modes/inference_saved": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\ny = x * t; "
                             "r = y.requires_grad",
    "modes/inference_saved_exp": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\nt.requires_grad_(); r = 1",
    "modes/inference_mul_backward": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\ny = (x * t).sum(); "
                                    "y.backward(); r = G(x)",
    "modes/inference_pow": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\ny = (t * x).pow(2).sum(); r = 1",
    "modes/inference_input_saved": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\ny = x.mul(t); "
                                   "r = [y.grad_fn.name()]",
    "modes/inference_inplace": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\nt.add_(1); r = t",
    "modes/inference_version": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\nr = t._version",
    "modes/inference_view_outside": "with lib.inference_mode():\n    t = C([1.0, 2.0, 3.0])\nv = t[1:]; "
                                    "r = [v.is_inference(), v.requires_grad]",
    "modes/inference_in_nograd": "with lib.no_grad():\n    with lib.inference_mode():\n        y = x * 2\n"
                                 "r = y.is_inference()",
    "modes/nograd_in_inference": "with lib.inference_mode():\n    with lib.enable_grad():\n        y = x * 2\n"
                                 "r = [y.requires_grad, y.is_inference()]",
    "modes/inference_leaf_requires": "with lib.inference_mode():\n    t = L([1.0, 2.0])\nr = [t.requires_grad, "
                                     "t.is_inference()]",
    "modes/inference_backward_inside": "y = (x * x).sum()\nwith lib.inference_mode():\n    y.backward()\nr = G(x)",
    "modes/nograd_backward_inside": "y = (x * x).sum()\nwith lib.no_grad():\n    y.backward()\nr = G(x)",
    "modes/nograd_grad_create": "y = (x * x).sum()\nwith lib.no_grad():\n    g, = lib.autograd.grad(y, x, "
                                "create_graph=True)\nr = [g, g.requires_grad]",
    "modes/decorator": "@lib.no_grad()\ndef f(a):\n    return a * 2\nr = f(x).requires_grad",
    "modes/decorator_bare": "@lib.no_grad\ndef f(a):\n    return a * 2\nr = f(x).requires_grad",
    "modes/set_grad_decorator": "@lib.set_grad_enabled(False)\ndef f(a):\n    return a * 2\nr = f(x).requires_grad",
    "modes/inference_decorator": "@lib.inference_mode()\ndef f(a):\n    return a * 2\nr = f(x).is_inference()",
    "modes/set_grad_bad": "lib.set_grad_enabled(1); r = lib.is_grad_enabled()",
    "modes/set_grad_none": "lib.set_grad_enabled(None); r = 1",
    # anomaly
    "anomaly/nan": "with lib.autograd.detect_anomaly():\n    y = (x * 0).sqrt() * 0\n    (y / y).sum().backward()\nr = G(x)",
    "anomaly/sqrt0": "with lib.autograd.detect_anomaly():\n    y = (x - x).sqrt().sum()\n    y.backward()\nr = G(x)",
    "anomaly/enabled": "with lib.autograd.detect_anomaly():\n    r = lib.is_anomaly_enabled()",
    "anomaly/no_check_nan": "with lib.autograd.detect_anomaly(check_nan=False):\n    y = (x - x).sqrt().sum()\n"
                            "    y.backward()\nr = [G(x), lib.is_anomaly_check_nan_enabled()]",
    "anomaly/set": "lib.autograd.set_detect_anomaly(True); r = lib.is_anomaly_enabled(); "
                   "lib.autograd.set_detect_anomaly(False)",
    "anomaly/inplace": "with lib.autograd.detect_anomaly():\n    y = x * 1\n    z = y.exp()\n    y.exp_()\n"
                       "    z.sum().backward()\nr = 1",
    # hooks
    "hooks/order": "o = []\nx.register_hook(lambda g: o.append(1))\nx.register_hook(lambda g: o.append(2))\n"
                   "(x * 2).sum().backward(); r = [o, G(x)]",
    "hooks/modify": "x.register_hook(lambda g: g * 10); (x * 2).sum().backward(); r = G(x)",
    "hooks/chain": "x.register_hook(lambda g: g * 10); x.register_hook(lambda g: g + 1); (x * 2).sum().backward(); "
                   "r = G(x)",
    "hooks/wrong_shape": "x.register_hook(lambda g: g[:2]); (x * 2).sum().backward(); r = G(x)",
    "hooks/wrong_dtype": "x.register_hook(lambda g: g.double()); (x * 2).sum().backward(); r = G(x)",
    "hooks/wrong_type": "x.register_hook(lambda g: 1.0); (x * 2).sum().backward(); r = G(x)",
    "hooks/nonleaf_wrong_shape": "y = x * 2; y.register_hook(lambda g: g[:2]); y.sum().backward(); r = G(x)",
    "hooks/nonleaf_wrong_dtype": "y = x * 2; y.register_hook(lambda g: g.double()); y.sum().backward(); r = G(x)",
    "hooks/nonleaf_int": "y = x * 2; y.register_hook(lambda g: g.long()); y.sum().backward(); r = G(x)",
    "hooks/nonleaf_expand": "y = x * 2; y.register_hook(lambda g: g.expand(2, 3)); y.sum().backward(); r = G(x)",
    "hooks/nonleaf_0d": "y = x * 2; y.register_hook(lambda g: g.sum()); y.sum().backward(); r = G(x)",
    "hooks/nonleaf_modify": "y = x * 2; y.register_hook(lambda g: g * 3); y.sum().backward(); r = G(x)",
    "hooks/remove": "h = x.register_hook(lambda g: g * 10); h.remove(); (x * 2).sum().backward(); r = G(x)",
    "hooks/nograd": "k.register_hook(lambda g: g); r = 1",
    "hooks/retain_and_hook": "y = x * 2; y.retain_grad(); y.register_hook(lambda g: g * 3); y.sum().backward(); "
                             "r = [G(y), G(x)]",
    "hooks/hook_then_retain": "y = x * 2; y.register_hook(lambda g: g * 3); y.retain_grad(); y.sum().backward(); "
                              "r = [G(y), G(x)]",
    "hooks/inplace_in_hook": "def h(g):\n    g.mul_(2)\nx.register_hook(h); (x * 2).sum().backward(); r = G(x)",
    "hooks/post_accumulate": "o = []\nx.register_post_accumulate_grad_hook(lambda p: o.append(p.grad.clone()))\n"
                             "(x * 2).sum().backward(); r = [o, G(x)]",
    "hooks/post_accumulate_nonleaf": "m.register_post_accumulate_grad_hook(lambda p: None); r = 1",
    "hooks/grad_fn_hook": "y = x * 2; o = []\ny.grad_fn.register_hook(lambda gi, go: o.append(len(gi)))\n"
                          "y.sum().backward(); r = o",
    "hooks/grad_fn_prehook_wrong": "y = x * 2; y.grad_fn.register_prehook(lambda go: (go[0][:1],)); "
                                   "y.sum().backward(); r = G(x)",
    "hooks/grad_fn_hook_wrong_count": "y = x * 2; y.grad_fn.register_hook(lambda gi, go: (gi[0], gi[0])); "
                                      "y.sum().backward(); r = G(x)",
    "hooks/grad_fn_prehook_count": "y = x * 2; y.grad_fn.register_prehook(lambda go: (go[0], go[0])); "
                                   "y.sum().backward(); r = G(x)",
    "hooks/hook_returns_list": "x.register_hook(lambda g: [g]); (x * 2).sum().backward(); r = G(x)",
    # functional
    "functional/jacobian": "r = lib.autograd.functional.jacobian(lambda a: a * a, C([1.0, 2.0]))",
    "functional/jacobian_tuple": "r = lib.autograd.functional.jacobian(lambda a, b: (a * b, a + b), "
                                 "(C([1.0, 2.0]), C([3.0, 4.0])))",
    "functional/jacobian_strict": "r = lib.autograd.functional.jacobian(lambda a: C([1.0, 2.0]), C([1.0, 2.0]), "
                                  "strict=True)",
    "functional/jacobian_strict_indep": "r = lib.autograd.functional.jacobian(lambda a: a.detach() * 2, "
                                        "C([1.0, 2.0]), strict=True)",
    "functional/jacobian_nonstrict_indep": "r = lib.autograd.functional.jacobian(lambda a: C([1.0, 2.0]), "
                                           "C([1.0, 2.0]))",
    "functional/jacobian_vectorize": "r = lib.autograd.functional.jacobian(lambda a: a.exp(), C([1.0, 2.0]), "
                                     "vectorize=True)",
    "functional/jacobian_vectorize_strict": "r = lib.autograd.functional.jacobian(lambda a: a.exp(), C([1.0, 2.0]), "
                                            "vectorize=True, strict=True)",
    "functional/jacobian_create": "j = lib.autograd.functional.jacobian(lambda a: a ** 3, L([1.0, 2.0]), "
                                  "create_graph=True); r = [j, j.requires_grad]",
    "functional/jacobian_nocreate": "j = lib.autograd.functional.jacobian(lambda a: a ** 3, L([1.0, 2.0])); "
                                    "r = [j, j.requires_grad]",
    "functional/jacobian_not_tensor": "r = lib.autograd.functional.jacobian(lambda a: 1.0, C([1.0, 2.0]))",
    "functional/jacobian_bad_input": "r = lib.autograd.functional.jacobian(lambda a: a, [1.0, 2.0])",
    "functional/jacobian_strategy": "r = lib.autograd.functional.jacobian(lambda a: a * 2, C([1.0, 2.0]), "
                                    "strategy='forward-mode')",
    "functional/jacobian_strategy_vec": "r = lib.autograd.functional.jacobian(lambda a: a * 2, C([1.0, 2.0]), "
                                        "strategy='forward-mode', vectorize=True)",
    "functional/jacobian_strategy_bad": "r = lib.autograd.functional.jacobian(lambda a: a * 2, C([1.0, 2.0]), "
                                        "strategy='x')",
    "functional/jacobian_0d": "r = lib.autograd.functional.jacobian(lambda a: a * a, C(3.0))",
    "functional/jacobian_tuple_out_single_in": "r = lib.autograd.functional.jacobian(lambda a: (a, a * 2), "
                                               "C([1.0, 2.0]))",
    "functional/jacobian_list_in": "r = lib.autograd.functional.jacobian(lambda a: a * 2, [C([1.0, 2.0])])",
    "functional/hessian": "r = lib.autograd.functional.hessian(lambda a: (a ** 3).sum(), C([1.0, 2.0]))",
    "functional/hessian_nonscalar": "r = lib.autograd.functional.hessian(lambda a: a ** 3, C([1.0, 2.0]))",
    "functional/hessian_tuple": "r = lib.autograd.functional.hessian(lambda a, b: (a * b).sum(), "
                                "(C([1.0, 2.0]), C([3.0, 4.0])))",
    "functional/hessian_strict_linear": "r = lib.autograd.functional.hessian(lambda a: a.sum(), C([1.0, 2.0]), "
                                        "strict=True)",
    "functional/hessian_linear": "r = lib.autograd.functional.hessian(lambda a: a.sum(), C([1.0, 2.0]))",
    "functional/hessian_vectorize": "r = lib.autograd.functional.hessian(lambda a: (a ** 3).sum(), C([1.0, 2.0]), "
                                    "vectorize=True)",
    "functional/hessian_outer": "r = lib.autograd.functional.hessian(lambda a: (a ** 3).sum(), C([1.0, 2.0]), "
                                "outer_jacobian_strategy='forward-mode')",
    "functional/hessian_outer_vec": "r = lib.autograd.functional.hessian(lambda a: (a ** 3).sum(), C([1.0, 2.0]), "
                                    "outer_jacobian_strategy='forward-mode', vectorize=True)",
    "functional/hessian_tuple_out": "r = lib.autograd.functional.hessian(lambda a: ((a ** 3).sum(),), C([1.0, 2.0]))",
    "functional/vjp": "r = lib.autograd.functional.vjp(lambda a: a * a, C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/vjp_none_v": "r = lib.autograd.functional.vjp(lambda a: (a * a).sum(), C([1.0, 2.0]))",
    "functional/vjp_none_v_vec": "r = lib.autograd.functional.vjp(lambda a: a * a, C([1.0, 2.0]))",
    "functional/vjp_wrong_v": "r = lib.autograd.functional.vjp(lambda a: a * a, C([1.0, 2.0]), C([1.0, 1.0, 1.0]))",
    "functional/vjp_strict": "r = lib.autograd.functional.vjp(lambda a: C([1.0, 2.0]), C([1.0, 2.0]), "
                             "C([1.0, 1.0]), strict=True)",
    "functional/vjp_indep": "r = lib.autograd.functional.vjp(lambda a: C([1.0, 2.0]), C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/vjp_tuple_v_single": "r = lib.autograd.functional.vjp(lambda a: a * a, C([1.0, 2.0]), "
                                     "(C([1.0, 1.0]),))",
    "functional/vjp_tuple_out": "r = lib.autograd.functional.vjp(lambda a: (a * a, a), C([1.0, 2.0]), "
                                "(C([1.0, 1.0]), C([2.0, 2.0])))",
    "functional/vjp_tuple_out_short": "r = lib.autograd.functional.vjp(lambda a: (a * a, a), C([1.0, 2.0]), "
                                      "(C([1.0, 1.0]),))",
    "functional/jvp": "r = lib.autograd.functional.jvp(lambda a: a * a, C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/jvp_none_v": "r = lib.autograd.functional.jvp(lambda a: a * a, C([1.0, 2.0]))",
    "functional/jvp_none_v_0d": "r = lib.autograd.functional.jvp(lambda a: a * a, C(2.0))",
    "functional/jvp_wrong_v": "r = lib.autograd.functional.jvp(lambda a: a * a, C([1.0, 2.0]), C([1.0]))",
    "functional/jvp_strict": "r = lib.autograd.functional.jvp(lambda a: C([1.0, 2.0]), C([1.0, 2.0]), "
                             "C([1.0, 1.0]), strict=True)",
    "functional/jvp_indep": "r = lib.autograd.functional.jvp(lambda a: C([1.0, 2.0]), C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/hvp": "r = lib.autograd.functional.hvp(lambda a: (a ** 3).sum(), C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/hvp_nonscalar": "r = lib.autograd.functional.hvp(lambda a: a ** 3, C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/hvp_strict_linear": "r = lib.autograd.functional.hvp(lambda a: a.sum(), C([1.0, 2.0]), "
                                    "C([1.0, 1.0]), strict=True)",
    "functional/hvp_linear": "r = lib.autograd.functional.hvp(lambda a: a.sum(), C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/vhp": "r = lib.autograd.functional.vhp(lambda a: (a ** 3).sum(), C([1.0, 2.0]), C([1.0, 1.0]))",
    "functional/vhp_none": "r = lib.autograd.functional.vhp(lambda a: (a ** 3).sum(), C([1.0, 2.0]))",
    "functional/hvp_none_v": "r = lib.autograd.functional.hvp(lambda a: (a ** 3).sum(), C([1.0, 2.0]))",
    "functional/hvp_create": "o = lib.autograd.functional.hvp(lambda a: (a ** 3).sum(), L([1.0, 2.0]), "
                             "C([1.0, 1.0]), create_graph=True); r = [o, o[1].requires_grad]",
    "functional/vjp_create_strict": "r = lib.autograd.functional.vjp(lambda a: a * a, C([1.0, 2.0]), C([1.0, 1.0]), "
                                    "create_graph=True, strict=True)",
    "functional/jvp_create_strict": "r = lib.autograd.functional.jvp(lambda a: a * a, C([1.0, 2.0]), C([1.0, 1.0]), "
                                    "create_graph=True, strict=True)",
    "functional/jacobian_create_strict": "r = lib.autograd.functional.jacobian(lambda a: a * a, C([1.0, 2.0]), "
                                         "create_graph=True, strict=True)",
    "functional/jacobian_create_vec_strict": "r = lib.autograd.functional.jacobian(lambda a: a * a, C([1.0, 2.0]), "
                                             "create_graph=True, strict=True, vectorize=True)",
}

FUNCTION_PREFIX = "class F(lib.autograd.Function):\n"
FUNCTIONS = {
    "save_nontensor": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a, 3)\n"
                       "        return a * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
                       "r = F.apply(x)"),
    "save_none": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a, None)\n"
                  "        return a * 2\n    @staticmethod\n    def backward(ctx, g):\n        s = ctx.saved_tensors\n"
                  "        return g * 2\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "too_many": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                 "    def backward(ctx, g):\n        return g * 2, g\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "too_many_none": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                      "    def backward(ctx, g):\n        return g * 2, None\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "too_few": ("    @staticmethod\n    def forward(ctx, a, b):\n        return a * b\n    @staticmethod\n"
                "    def backward(ctx, g):\n        return g\ny = F.apply(x, x); y.sum().backward(); r = G(x)"),
    "too_few_tuple": ("    @staticmethod\n    def forward(ctx, a, b):\n        return a * b\n    @staticmethod\n"
                      "    def backward(ctx, g):\n        return (g,)\ny = F.apply(x, 2.0); y.sum().backward(); r = G(x)"),
    "nontensor_arg_grad": ("    @staticmethod\n    def forward(ctx, a, b):\n        return a * b\n    @staticmethod\n"
                           "    def backward(ctx, g):\n        return g, g\ny = F.apply(x, 2.0); y.sum().backward(); r = G(x)"),
    "wrong_shape": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                    "    def backward(ctx, g):\n        return g[:2]\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "wrong_dtype": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                    "    def backward(ctx, g):\n        return g.double()\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "broadcast_grad": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                       "    def backward(ctx, g):\n        return g.expand(2, 3)\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "grad_0d": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                "    def backward(ctx, g):\n        return g.sum()\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "grad_nontensor": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                       "    def backward(ctx, g):\n        return 1.0\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "grad_int": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                 "    def backward(ctx, g):\n        return g.long()\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "mark_dirty": ("    @staticmethod\n    def forward(ctx, a):\n        a.mul_(2)\n        ctx.mark_dirty(a)\n"
                   "        return a\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
                   "y = x * 1; z = F.apply(y); z.sum().backward(); r = [G(x), z is y, z.grad_fn.name(), y._version]"),
    "mark_dirty_leaf": ("    @staticmethod\n    def forward(ctx, a):\n        a.mul_(2)\n        ctx.mark_dirty(a)\n"
                        "        return a\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
                        "z = F.apply(x); r = 1"),
    "mark_dirty_not_returned": ("    @staticmethod\n    def forward(ctx, a):\n        a.mul_(2)\n        ctx.mark_dirty(a)\n"
                                "        return a * 1\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
                                "y = x * 1; z = F.apply(y); r = 1"),
    "no_mark_dirty": ("    @staticmethod\n    def forward(ctx, a):\n        a.mul_(2)\n        return a\n"
                      "    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
                      "y = x * 1; z = F.apply(y); z.sum().backward(); r = [G(x), z is y]"),
    "non_diff": ("    @staticmethod\n    def forward(ctx, a):\n        b = a.argmax()\n        c = a * 2\n"
                 "        ctx.mark_non_differentiable(b)\n        return c, b\n    @staticmethod\n"
                 "    def backward(ctx, g, gb):\n        return g * 2 + (0 if gb is None else gb.sum())\n"
                 "c, b = F.apply(x); c.sum().backward(); r = [G(x), b.requires_grad, c.requires_grad]"),
    "non_diff_float": ("    @staticmethod\n    def forward(ctx, a):\n        b = a * 3\n        c = a * 2\n"
                       "        ctx.mark_non_differentiable(b)\n        return c, b\n    @staticmethod\n"
                       "    def backward(ctx, g, gb):\n        return g * 2 + gb\n"
                       "c, b = F.apply(x); (c.sum() + b.sum()).backward(); r = [G(x), b.requires_grad]"),
    "non_diff_backward_through": ("    @staticmethod\n    def forward(ctx, a):\n        b = a * 3\n"
                                  "        ctx.mark_non_differentiable(b)\n        return b\n    @staticmethod\n"
                                  "    def backward(ctx, g):\n        return g\n"
                                  "b = F.apply(x); b.sum().backward(); r = G(x)"),
    "materialize_default": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2, a * 3\n"
                            "    @staticmethod\n    def backward(ctx, g1, g2):\n        return g1 + g2\n"
                            "p, q = F.apply(x); p.sum().backward(); r = G(x)"),
    "materialize_off": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.set_materialize_grads(False)\n"
                        "        return a * 2, a * 3\n    @staticmethod\n    def backward(ctx, g1, g2):\n"
                        "        return g1 + g2\np, q = F.apply(x); p.sum().backward(); r = G(x)"),
    "materialize_off_ok": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.set_materialize_grads(False)\n"
                           "        return a * 2, a * 3\n    @staticmethod\n    def backward(ctx, g1, g2):\n"
                           "        return g1 * 2 if g2 is None else g1 + g2\n"
                           "p, q = F.apply(x); p.sum().backward(); r = G(x)"),
    "once_diff": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a)\n        return a * a\n"
                  "    @staticmethod\n    @lib.autograd.function.once_differentiable\n    def backward(ctx, g):\n"
                  "        a, = ctx.saved_tensors\n        return g * 2 * a\n"
                  "y = F.apply(x).sum(); g, = lib.autograd.grad(y, x, create_graph=True); "
                  "r = [g, g.requires_grad, g.grad_fn is None]"),
    "once_diff_double": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a)\n"
                         "        return a * a\n    @staticmethod\n    @lib.autograd.function.once_differentiable\n"
                         "    def backward(ctx, g):\n        a, = ctx.saved_tensors\n        return g * 2 * a\n"
                         "y = F.apply(x).sum(); g, = lib.autograd.grad(y, x, create_graph=True); "
                         "g.sum().backward(); r = G(x)"),
    "saved_twice": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a)\n        return a * a\n"
                    "    @staticmethod\n    def backward(ctx, g):\n        a, = ctx.saved_tensors\n"
                    "        return g * 2 * a\ny = F.apply(x).sum(); y.backward(); y.backward(); r = G(x)"),
    "saved_modified": ("    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a)\n        return a * a\n"
                       "    @staticmethod\n    def backward(ctx, g):\n        a, = ctx.saved_tensors\n"
                       "        return g * 2 * a\ny0 = x * 1; y = F.apply(y0).sum(); y0.add_(1); y.backward(); r = G(x)"),
    "return_input": ("    @staticmethod\n    def forward(ctx, a):\n        return a\n    @staticmethod\n"
                     "    def backward(ctx, g):\n        return g * 2\ny = F.apply(x); y.sum().backward(); "
                     "r = [G(x), y is x, y.grad_fn.name()]"),
    "return_view": ("    @staticmethod\n    def forward(ctx, a):\n        return a[1:]\n    @staticmethod\n"
                    "    def backward(ctx, g):\n        return lib.cat([g[:1] * 0, g])\ny = F.apply(x); y.sum().backward(); "
                    "r = [G(x), y._is_view()]"),
    "return_view_inplace": ("    @staticmethod\n    def forward(ctx, a):\n        return a.view_as(a)\n    @staticmethod\n"
                            "    def backward(ctx, g):\n        return g\nxx = x * 1; y = F.apply(xx); y.mul_(2); r = 1"),
    "nontensor_out": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2, 3\n    @staticmethod\n"
                      "    def backward(ctx, g, h):\n        return g\np, q = F.apply(x); p.sum().backward(); r = [G(x), q]"),
    "no_grad_input": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                      "    def backward(ctx, g):\n        return g\ny = F.apply(k); r = [y.requires_grad, y.grad_fn]"),
    "needs_input_grad": ("    @staticmethod\n    def forward(ctx, a, b, c):\n        ctx.n = ctx.needs_input_grad\n"
                         "        return a * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g, None, None\n"
                         "y = F.apply(x, k, 3); r = y.grad_fn.n"),
    "backward_returns_none_all": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n"
                                  "    @staticmethod\n    def backward(ctx, g):\n        return None\n"
                                  "y = F.apply(x); y.sum().backward(); r = G(x)"),
    "forward_returns_none": ("    @staticmethod\n    def forward(ctx, a):\n        return None\n    @staticmethod\n"
                             "    def backward(ctx, g):\n        return g\ny = F.apply(x); r = y"),
    "no_backward": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n"
                    "y = F.apply(x); y.sum().backward(); r = G(x)"),
    "call_instance": ("    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n    @staticmethod\n"
                      "    def backward(ctx, g):\n        return g\nr = F()(x)"),
    "setup_context": ("    @staticmethod\n    def forward(a):\n        return a * 2\n    @staticmethod\n"
                      "    def setup_context(ctx, inputs, output):\n        ctx.k = 2\n    @staticmethod\n"
                      "    def backward(ctx, g):\n        return g * ctx.k\ny = F.apply(x); y.sum().backward(); r = G(x)"),
    "save_output_modified": ("    @staticmethod\n    def forward(ctx, a):\n        o = a.exp()\n"
                             "        ctx.save_for_backward(o)\n        return o\n    @staticmethod\n"
                             "    def backward(ctx, g):\n        o, = ctx.saved_tensors\n        return g * o\n"
                             "y = F.apply(x); y.add_(1); y.sum().backward(); r = G(x)"),
    "save_intermediate": ("    @staticmethod\n    def forward(ctx, a):\n        t = a * 3\n"
                          "        ctx.save_for_backward(t)\n        return a * 2\n    @staticmethod\n"
                          "    def backward(ctx, g):\n        t, = ctx.saved_tensors\n        return g * t\n"
                          "y = F.apply(x); y.sum().backward(); r = G(x)"),
    "dirty_and_nondiff": ("    @staticmethod\n    def forward(ctx, a):\n        a.mul_(2)\n        ctx.mark_dirty(a)\n"
                          "        ctx.mark_non_differentiable(a)\n        return a\n    @staticmethod\n"
                          "    def backward(ctx, g):\n        return g\ny = x * 1; z = F.apply(y); r = [z.requires_grad]"),
}


HOOK_RETURNS = ("None", "g * 2", "g[:2]", "g.double()", "g.long()", "g.sum()", "g.expand(2, 3)", "1.0", "(g,)",
                "g.t()", "g.unsqueeze(0)", "g.bool()", "g.to(lib.float16)", "g.reshape(3, 1)", "g.clone().requires_grad_()")
HOOK_TARGETS = {"leaf": ("x", "(x * 2).sum().backward()"), "nonleaf": ("m", "(m * 2).sum().backward()"),
                "leaf_grad": ("x", "r2 = lib.autograd.grad((x * 2).sum(), x)"),
                "nonleaf_grad": ("m", "r2 = lib.autograd.grad((m * 2).sum(), x)")}
FN_GRADS = ("g", "g * 2", "g[:2]", "g.double()", "g.long()", "g.sum()", "g.expand(2, 3)", "1.0", "None", "(g, g)",
            "(g, None)", "(None,)", "[g]", "g.t()", "g.unsqueeze(0)", "g.bool()", "g.to(lib.float16)", "(g,) * 3",
            "g.reshape(3, 1)", "g.cfloat()")
FN_ARGS = {"x": "x", "x_2": "x, 2.0", "x_k": "x, k", "x_x": "x, x", "x_none": "x, None"}
INPLACE = ("add_(1)", "mul_(2)", "zero_()", "__setitem__(0, 5.0)", "exp_()", "sin_()", "copy_(k)", "relu_()",
           "clamp_(0, 1)", "t_()" , "unsqueeze_(0)", "resize_(3)", "detach_()", "requires_grad_(False)",
           "fill_(1.0)")
SAVERS = ("y * y", "y.exp()", "y.sin()", "y.sigmoid()", "y.pow(2)", "y.sum()", "y + 1", "y[0] * y", "y.tanh()",
          "y.sqrt()", "y.relu()", "y.view(3, 1) * 2", "y.clone()", "y.log()")
SOURCES = {"nonleaf": "y = x * 1", "leaf": "y = x", "view": "y = (x * 1)[:]", "f64": "y = x.double()",
           "leaf_nograd": "y = k.clone()"}


def _more():
    cases = {}
    for (tn, (target, run)), (ri, ret) in itertools.product(HOOK_TARGETS.items(), enumerate(HOOK_RETURNS)):
        code = SETUP + f"{target}.register_hook(lambda g: {ret}); {run}; r = [G(x), r2 if 'r2' in dir() else 0]"
        cases[f"hook/{tn}/{ri}"] = f"S({code!r})"
    for (gi, grad), (an, args) in itertools.product(enumerate(FN_GRADS), FN_ARGS.items()):
        code = (SETUP + FUNCTION_PREFIX + "    @staticmethod\n    def forward(ctx, a, *rest):\n"
                "        return a * 2\n    @staticmethod\n    def backward(ctx, g):\n"
                f"        return {grad}\ny = F.apply({args}); y.sum().backward(); r = [G(x), G(k)]")
        cases[f"fng/{an}/{gi}"] = f"S({code!r})"
    for (sn, source), (si, saver), (ii, op) in itertools.product(SOURCES.items(), enumerate(SAVERS),
                                                                enumerate(INPLACE)):
        code = SETUP + f"{source}; z = {saver}; y.{op}; z.sum().backward(); r = G(x)"
        cases[f"inpl/{sn}/{si}/{ii}"] = f"S({code!r})"
    return cases


def generate():
    cases = _more()
    cases.update(_grads())
    cases.update(_backward())
    for name, code in PROGRAMS.items():
        cases["prog/" + name] = f"S({SETUP + code!r})"
    for name, code in FUNCTIONS.items():
        cases["fn/" + name] = f"S({SETUP + FUNCTION_PREFIX + code!r})"
    return cases


def _group(name, expression, c):
    parts = name.split("/")
    return c + " " + parts[0]


def _reset(lib):
    lib.set_grad_enabled(True)
    lib.autograd.set_detect_anomaly(False)


if __name__ == "__main__":
    main(generate, R.evaluate, group=_group, before_each=_reset)
