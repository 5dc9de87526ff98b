"""The nn.Module API and the layers added for issue 15 (nnapi8), written once for gradlib and PyTorch (``lib``).

* ``module_names``: the public attributes of ``torch.nn.Module`` (tests/test_nnapi8.py demands gradlib's Module
  has each, bar a listed few) and the private ones real programs override or call.
* ``cases``: each case is code run with ``lib``, ``nn``, ``F``, ``pickle`` in scope; its record is what ``observe``
  returns: the value of ``r`` (tensors as shape and float64 values; the library's name read as ``torch``) or the
  exception's class and message.

``python tests/reference/record_torch.py nnapi8`` writes ``torch_nnapi8.json``.
"""
import json
import pathlib
import pickle
import warnings

#: the private Module methods and attributes that programs override or call (compared like the public ones)
PRIVATE_NAMES = ("_apply", "_get_name", "_load_from_state_dict", "_save_to_state_dict", "_version",
                 "_register_state_dict_hook", "_register_load_state_dict_pre_hook", "_named_members",
                 "__setstate__", "__dir__", "_parameters", "_buffers", "_modules")

_EXTRA = """
class E(nn.Module):
    def __init__(s):
        super().__init__(); s.l = nn.Linear(1, 1); s.v = 3
    def get_extra_state(s):
        return {'v': s.v}
    def set_extra_state(s, st):
        s.v = st['v']
"""

CASES = {
    # devices gradlib (and this PyTorch build) does not have: refused where the module holds tensors
    "xpu": "nn.Linear(2, 2).xpu()",
    "ipu": "nn.Linear(2, 2).ipu()",
    "mtia": "nn.Linear(2, 2).mtia()",
    "xpu_no_tensors": "r = [type(nn.ReLU().xpu()).__name__, type(nn.ReLU().ipu()).__name__, type(nn.Tanh().mtia()).__name__]",
    "class_attributes": "r = [nn.Linear(1, 1)._get_name(), nn.Module._version, nn.Module.call_super_init, nn.Module.dump_patches, str(nn.Module.T_destination)]",
    "get_extra_state_base": "nn.Linear(1, 1).get_extra_state()",
    "set_extra_state_base": "nn.Linear(1, 1).set_extra_state({})",
    "extra_state_saved": _EXTRA + "sd = E().state_dict(); r = [list(sd), sd['_extra_state']]",
    "extra_state_loaded": _EXTRA + "sd = E().state_dict(); e = E(); e.v = 0; k = e.load_state_dict(sd); r = [repr(k), e.v]",
    "extra_state_missing_loose": _EXTRA + "sd = E().state_dict(); del sd['_extra_state']; r = repr(E().load_state_dict(sd, strict=False))",
    "extra_state_missing_strict": _EXTRA + "sd = E().state_dict(); del sd['_extra_state']; E().load_state_dict(sd)",
    "extra_state_unexpected": "sd = nn.Linear(1, 1).state_dict(); sd['_extra_state'] = 5; nn.Linear(1, 1).load_state_dict(sd)",
    "extra_state_nested": _EXTRA + "s = nn.Sequential(E(), E()); sd = s.state_dict(); r = list(sd)",
    "load_non_tensor": "nn.Linear(1, 1).load_state_dict({'weight': 3, 'bias': lib.zeros(1)})",
    "load_loose_keys": "m = nn.Sequential(nn.Linear(1, 1)); r = repr(m.load_state_dict({'0.weight': lib.zeros(1, 1), 'x': lib.zeros(1), '0.a.b': lib.zeros(1)}, strict=False))",
    "load_strict_keys": "m = nn.Sequential(nn.Linear(1, 1)); m.load_state_dict({'0.weight': lib.zeros(1, 1), 'x': lib.zeros(1), '0.a.b': lib.zeros(1), '1.c': lib.zeros(1)})",
    "load_size_mismatch": "nn.Linear(2, 1).load_state_dict({'weight': lib.zeros(1, 3), 'bias': lib.zeros(1)})",
    "load_zero_dim_from_one": "m = nn.Module(); m.register_parameter('p', nn.Parameter(lib.tensor(1.0))); k = m.load_state_dict({'p': lib.tensor([5.0])}); r = [repr(k), m.p.item(), list(m.p.shape)]",
    "load_from_state_dict_override": """
class Old(nn.Module):
    def __init__(s):
        super().__init__(); s.w = nn.Parameter(lib.ones(2))
    def _load_from_state_dict(s, sd, prefix, md, strict, mk, uk, em):
        if prefix + 'old_w' in sd:
            sd[prefix + 'w'] = sd.pop(prefix + 'old_w')
        super()._load_from_state_dict(sd, prefix, md, strict, mk, uk, em)
    def _save_to_state_dict(s, dest, prefix, keep_vars):
        super()._save_to_state_dict(dest, prefix, keep_vars); dest[prefix + 'note'] = lib.zeros(1)
o = nn.Sequential(Old())
k = o.load_state_dict({'0.old_w': lib.tensor([3., 4.])})
r = [repr(k), o[0].w.tolist(), list(o.state_dict())]
""",
    "load_from_state_dict_direct": "m = nn.Linear(1, 1); mk, uk, em = [], [], []; m._load_from_state_dict({'weight': lib.ones(1, 1), 'extra': lib.ones(1)}, '', {}, True, mk, uk, em); r = [mk, uk, em, m.weight.tolist()]",
    "load_from_state_dict_loose": "m = nn.Linear(1, 1); mk, uk, em = [], [], []; m._load_from_state_dict({'extra': lib.ones(1)}, '', {}, False, mk, uk, em); r = [mk, uk, em]",
    "save_to_state_dict_direct": "d = {}; nn.Linear(2, 1)._save_to_state_dict(d, 'fc.', False); r = list(d)",
    "private_load_pre_hook": "h = []\nm = nn.Linear(1, 1); m._register_load_state_dict_pre_hook(lambda sd, prefix, md, strict, mk, uk, em: h.append([prefix, strict, sorted(sd)])); m.load_state_dict(m.state_dict()); r = h",
    "private_load_pre_hook_with_module": "h = []\nm = nn.Sequential(nn.Linear(1, 1)); m[0]._register_load_state_dict_pre_hook(lambda mod, sd, prefix, *rest: h.append([type(mod).__name__, prefix]), with_module=True); m.load_state_dict(m.state_dict()); r = h",
    "public_load_pre_hook": "h = []\nm = nn.Linear(1, 1); m.register_load_state_dict_pre_hook(lambda mod, sd, prefix, *rest: h.append([type(mod).__name__, len(rest)])); m.load_state_dict(m.state_dict()); r = h",
    "private_state_dict_hook_replaces": "m = nn.Linear(1, 1); m._register_state_dict_hook(lambda mod, sd, prefix, md: {'replaced': 1}); r = dict(m.state_dict())",
    "public_state_dict_post_hook_returns": "m = nn.Linear(1, 1); m.register_state_dict_post_hook(lambda mod, sd, prefix, md: {'replaced': 1}); m.state_dict()",
    "type_dtype": "m = nn.BatchNorm1d(2).type(lib.float64); r = [str(m.weight.dtype), str(m.running_mean.dtype), str(m.num_batches_tracked.dtype)]",
    "type_string": "m = nn.BatchNorm1d(2); m.type('torch.DoubleTensor'.replace('torch', lib.__name__)); m.type(lib.float32); r = [str(m.weight.dtype), str(m.num_batches_tracked.dtype)]",
    "type_keeps_parameter": "m = nn.Linear(1, 1); w = m.weight; m.type(lib.float64); r = [m.weight is w, str(w.dtype), type(m.weight).__name__]",
    "set_submodule_replace": "s = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU())); s.set_submodule('1.0', nn.Tanh()); r = repr(s)",
    "set_submodule_new": "s = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU())); s.set_submodule('1.5', nn.Tanh()); r = repr(s)",
    "set_submodule_new_strict": "s = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU())); s.set_submodule('1.5', nn.Tanh(), strict=True)",
    "set_submodule_missing_parent": "s = nn.Sequential(nn.Linear(1, 1)); s.set_submodule('2.0', nn.Tanh())",
    "set_submodule_empty": "nn.Sequential(nn.Linear(1, 1)).set_submodule('', nn.Tanh())",
    "set_submodule_parameter": "nn.Sequential(nn.Linear(1, 1)).set_submodule('0.weight', nn.Tanh())",
    "set_submodule_not_module": "nn.Sequential(nn.Linear(1, 1)).set_submodule('0', 3)",
    "set_submodule_top": "m = nn.Module(); m.set_submodule('fc', nn.Linear(1, 2)); r = repr(m)",
    "named_parameters_duplicates": "m = nn.Sequential(nn.Linear(1, 1, bias=False), nn.Linear(1, 1, bias=False)); m[1] = m[0]; r = [[n for n, _ in m.named_parameters(remove_duplicate=False)], [n for n, _ in m.named_parameters()]]",
    "named_buffers_duplicates": "m = nn.Sequential(nn.Identity(), nn.Identity()); m.register_buffer('b', lib.ones(1)); m[0].register_buffer('c', m.b); m[1] = m[0]; r = [[n for n, _ in m.named_buffers(remove_duplicate=False)], [n for n, _ in m.named_buffers()]]",
    "named_modules_duplicates": "m = nn.Sequential(nn.Linear(1, 1), nn.ReLU()); m.append(m[0]); r = [[n for n, _ in m.named_modules(remove_duplicate=False)], [n for n, _ in m.named_modules()]]",
    "pickle_roundtrip": "m = pickle.loads(pickle.dumps(nn.Sequential(nn.Linear(2, 3)))); r = [repr(m), m[0].in_features, list(m.state_dict())]",
    "setstate_old_dict": "m = nn.Linear(1, 1); state = dict(m.__dict__); [state.pop(k, None) for k in ('_state_dict_pre_hooks', '_state_dict_hooks', '_load_state_dict_pre_hooks', '_load_state_dict_post_hooks')]; n = nn.Linear.__new__(nn.Linear); n.__setstate__(state); r = [repr(n), list(n.state_dict()), n(lib.ones(1, 1)).shape[1]]",
    "get_name_override": "class Fancy(nn.Linear):\n    def _get_name(s):\n        return 'Fancy'\nr = repr(nn.Sequential(Fancy(1, 1)))",
    "train_not_bool": "nn.Linear(1, 1).train('x')",
    "requires_grad_": "m = nn.Linear(1, 1).requires_grad_(False); r = [p.requires_grad for p in m.parameters()]",
    "zero_grad_keep": "m = nn.Linear(1, 1); m(lib.ones(1, 1)).sum().backward(); m.zero_grad(set_to_none=False); r = [p.grad.tolist() for p in m.parameters()]",
    "dir_has_members": "m = nn.Linear(1, 1); d = dir(m); r = [n in d for n in ('weight', 'bias', 'forward', 'training', 'in_features')]",
    # padding layers
    "circular_pad1d": "x = lib.arange(12.).reshape(1, 2, 6).double(); r = nn.CircularPad1d((1, 2))(x)",
    "circular_pad1d_unbatched": "x = lib.arange(6.).reshape(2, 3).double(); r = nn.CircularPad1d(3)(x)",
    "circular_pad1d_bad_rank": "nn.CircularPad1d(1)(lib.ones(1, 1, 1, 2))",
    "circular_pad2d": "x = lib.arange(24.).reshape(1, 2, 3, 4).double(); r = nn.CircularPad2d((1, 0, 2, 1))(x)",
    "circular_pad2d_bad_rank": "nn.CircularPad2d(1)(lib.ones(2, 2))",
    "circular_pad3d": "x = lib.arange(48.).reshape(1, 2, 2, 3, 4).double(); r = nn.CircularPad3d((1, 2, 0, 1, 1, 0))(x)",
    "circular_pad3d_bad_rank": "nn.CircularPad3d(1)(lib.ones(2, 2, 2))",
    "circular_pad_too_wide": "nn.CircularPad1d(4)(lib.ones(1, 1, 3))",
    "circular_pad_repr": "r = [repr(nn.CircularPad1d(1)), repr(nn.CircularPad2d((1, 2, 3, 4))), repr(nn.CircularPad3d(2))]",
    "constant_pad3d": "x = lib.arange(24.).reshape(2, 1, 3, 4).double(); r = nn.ConstantPad3d((1, 0, 0, 2, 1, 1), -2.5)(x)",
    "constant_pad3d_repr": "r = repr(nn.ConstantPad3d(1, 3.5))",
    "zero_pad3d": "x = lib.arange(24.).reshape(1, 2, 3, 4).double(); r = nn.ZeroPad3d((0, 1, 2, 0, 1, 0))(x)",
    "zero_pad3d_repr": "r = [repr(nn.ZeroPad3d(1)), repr(nn.ZeroPad3d((1, 2, 3, 4, 5, 6)))]",
    "reflection_pad3d": "x = lib.arange(48.).reshape(1, 2, 2, 3, 4).double(); r = nn.ReflectionPad3d((1, 2, 0, 2, 1, 1))(x)",
    "reflection_pad3d_too_wide": "nn.ReflectionPad3d(2)(lib.ones(1, 1, 2, 2, 2))",
    "reflect_pad_checks_width_first": "F.pad(lib.ones(1, 1, 2, 2, 2), (2, 2, 2, 2, 2, 2), 'reflect')",
    "reflect_pad_height_argument": "F.pad(lib.ones(1, 1, 2, 2, 2), (0, 0, 2, 0, 0, 0), 'reflect')",
    "reflect_pad_depth_argument": "F.pad(lib.ones(1, 2, 2, 2), (0, 0, 0, 0, 2, 2), 'reflect')",
    "reflect_pad2d_height_argument": "F.pad(lib.ones(1, 2, 2), (0, 0, 2, 2), 'reflect')",
    "circular_pad_wraps_left": "F.pad(lib.ones(1, 1, 3), (4, 0), 'circular')",
    "circular_pad_outer_dim_first": "F.pad(lib.ones(1, 1, 2, 2), (5, 0, 3, 0), 'circular')",
    "circular_pad_negative_empty": "F.pad(lib.ones(1, 1, 3), (-4, 0), 'circular')",
    "circular_pad_full_wrap": "r = F.pad(lib.arange(3.).reshape(1, 1, 3).double(), (3, 3), 'circular')",
    "replication_pad3d": "x = lib.arange(48.).reshape(2, 2, 3, 4).double(); r = nn.ReplicationPad3d((3, 0, 1, 1, 0, 2))(x)",
    "pad3d_reprs": "r = [repr(nn.ReflectionPad3d(1)), repr(nn.ReplicationPad3d((1, 2, 3, 4, 5, 6)))]",
    "pad3d_int_input": "r = nn.ZeroPad3d(1)(lib.ones(1, 1, 1, 1, dtype=lib.int64)).sum().item()",
    "circular_pad_grad": "x = lib.arange(6.).reshape(1, 2, 3).double().requires_grad_(); y = nn.CircularPad1d((2, 1))(x); (y * lib.arange(12.).reshape(1, 2, 6).double()).sum().backward(); r = x.grad",
    # adaptive softmax
    "asm_init_repr": "lib.manual_seed(0); m = nn.AdaptiveLogSoftmaxWithLoss(8, 10, cutoffs=[4, 7], div_value=2.0, head_bias=True); r = [repr(m), [p for p in m.parameters()], [m.shortlist_size, m.n_clusters, m.head_size, m.cutoffs]]",
    "asm_forward_backward": "lib.manual_seed(0); m = nn.AdaptiveLogSoftmaxWithLoss(8, 10, cutoffs=[4, 7], div_value=2.0, head_bias=True).double(); x = lib.randn(6, 8, dtype=lib.float64, requires_grad=True); o = m(x, lib.tensor([0, 3, 5, 9, 7, 4])); o.loss.backward(); r = [type(o).__name__, list(o._fields), o.output, o.loss, x.grad, m.head.weight.grad, m.head.bias.grad, m.tail[0][0].weight.grad, m.tail[1][1].weight.grad]",
    "asm_unbatched": "lib.manual_seed(0); m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]).double(); o = m(lib.randn(4, dtype=lib.float64), lib.tensor(5)); r = [o.output, o.loss]",
    "asm_log_prob_predict": "lib.manual_seed(0); m = nn.AdaptiveLogSoftmaxWithLoss(8, 12, cutoffs=[3, 6, 9]).double(); x = lib.randn(5, 8, dtype=lib.float64); r = [m.log_prob(x), m.predict(x)]",
    "asm_log_prob_unbatched": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m.log_prob(lib.ones(4))",
    "asm_predict_unbatched": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m.predict(lib.ones(4))",
    "asm_batch_mismatch": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m(lib.ones(3, 4), lib.tensor([0, 1]))",
    "asm_input_rank": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m(lib.ones(1, 2, 4), lib.tensor([0]))",
    "asm_zero_dim_target_rank": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m(lib.ones(2, 4), lib.tensor(1))",
    "asm_multi_target": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m(lib.ones(2, 4), lib.zeros(2, 1, dtype=lib.int64))",
    "asm_target_too_large": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m(lib.ones(3, 4), lib.tensor([0, 6, 2]))",
    "asm_target_negative": "m = nn.AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs=[2]); m(lib.ones(3, 4), lib.tensor([0, -1, 2]))",
    "asm_cutoffs_empty": "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [])",
    "asm_cutoffs_unsorted": "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [3, 2])",
    "asm_cutoffs_zero": "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [0, 3])",
    "asm_cutoffs_too_large": "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [2, 6])",
    "asm_cutoffs_repeated": "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [2, 2])",
    "asm_cutoffs_fraction": "nn.AdaptiveLogSoftmaxWithLoss(4, 6, [2.5])",
    # transposed 3-D convolution
    "conv_transpose3d_init": "lib.manual_seed(3); m = nn.ConvTranspose3d(2, 4, (3, 2, 2), stride=2, groups=2); r = [m.weight, m.bias, list(m.weight.shape)]",
    "conv_transpose3d_init_nobias": "lib.manual_seed(1); m = nn.ConvTranspose3d(3, 2, 2, bias=False); r = [m.weight, m.bias]",
    "conv_transpose3d_repr": "r = [repr(nn.ConvTranspose3d(2, 4, 3, stride=2, padding=1, output_padding=1)), repr(nn.ConvTranspose3d(1, 2, (1, 2, 3), dilation=2, groups=1, bias=False))]",
    "conv_transpose3d_forward": "lib.manual_seed(0); m = nn.ConvTranspose3d(2, 4, 3, stride=2, padding=1, output_padding=1, groups=2).double(); x = lib.randn(1, 2, 2, 3, 2, dtype=lib.float64); r = m(x)",
    "conv_transpose3d_unbatched": "lib.manual_seed(0); m = nn.ConvTranspose3d(2, 1, 2).double(); r = m(lib.ones(2, 1, 2, 2, dtype=lib.float64))",
    "conv_transpose3d_output_size": "lib.manual_seed(0); m = nn.ConvTranspose3d(1, 1, 3, stride=2, padding=1); r = list(m(lib.ones(1, 1, 2, 3, 3), output_size=(4, 6, 5)).shape)",
    "conv_transpose3d_output_size_bad": "m = nn.ConvTranspose3d(1, 1, 3, stride=2, padding=1); m(lib.ones(1, 1, 2, 3, 3), output_size=(9, 6, 5))",
    "conv_transpose3d_padding_mode": "nn.ConvTranspose3d(1, 1, 3, padding_mode='circular')",
    "conv_transpose3d_grads": "lib.manual_seed(0); x = lib.randn(2, 2, 2, 2, 3, dtype=lib.float64, requires_grad=True); w = lib.randn(2, 3, 2, 3, 2, dtype=lib.float64, requires_grad=True); b = lib.randn(3, dtype=lib.float64, requires_grad=True); y = F.conv_transpose3d(x, w, b, stride=(2, 1, 2), padding=(1, 0, 1), output_padding=(1, 0, 0), dilation=(1, 2, 1)); (y * y).sum().backward(); r = [y.grad_fn.name(), y, x.grad, w.grad, b.grad]",
    "conv_transpose3d_groups_grads": "lib.manual_seed(0); x = lib.randn(1, 4, 2, 2, 2, dtype=lib.float64, requires_grad=True); w = lib.randn(4, 1, 2, 2, 2, dtype=lib.float64, requires_grad=True); y = F.conv_transpose3d(x, w, groups=2, stride=2); y.pow(3).sum().backward(); r = [y, x.grad, w.grad]",
    "conv_transpose3d_empty_batch": "r = F.conv_transpose3d(lib.ones(0, 1, 2, 2, 2), lib.ones(1, 2, 2, 2, 2))",
    "conv_transpose3d_bad_rank": "F.conv_transpose3d(lib.ones(2, 3, 3), lib.ones(2, 1, 2, 2, 2))",
    "conv_transpose3d_bad_weight": "F.conv_transpose3d(lib.ones(1, 2, 3, 3, 3), lib.ones(2, 1, 2, 2))",
    "conv_transpose3d_bad_groups": "F.conv_transpose3d(lib.ones(1, 2, 3, 3, 3), lib.ones(2, 1, 2, 2, 2), groups=3)",
    "conv_transpose3d_bad_channels": "F.conv_transpose3d(lib.ones(1, 2, 3, 3, 3), lib.ones(3, 1, 2, 2, 2))",
    "conv_transpose3d_bad_output_padding": "F.conv_transpose3d(lib.ones(1, 2, 3, 3, 3), lib.ones(2, 1, 2, 2, 2), stride=2, output_padding=2)",
    "conv_transpose3d_too_small": "F.conv_transpose3d(lib.ones(1, 2, 3, 3, 3), lib.ones(2, 1, 2, 2, 2), padding=5)",
    "conv_transpose3d_bad_bias": "F.conv_transpose3d(lib.ones(1, 2, 3, 3, 3), lib.ones(2, 1, 2, 2, 2), lib.ones(2))",
}


def _plain(value, lib):
    """A JSON-able form of a case's result: tensors as {"shape", "values"} (float64), the library read as torch."""
    if isinstance(value, lib.Tensor):
        return {"shape": list(value.shape), "values": value.detach().double().flatten().tolist()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, lib) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item, lib) for key, item in value.items()}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value).replace(lib.__name__ + ".", "torch.")


def observe(lib, name):
    scope = {"lib": lib, "nn": lib.nn, "F": lib.nn.functional, "pickle": pickle}
    try:
        # the recorded random streams are the CPU's: the cases run there on every test device (the device tests
        # of tests/test_nnapi8.py run on it)
        with warnings.catch_warnings(), lib.device("cpu"):
            warnings.simplefilter("ignore")
            exec(CASES[name], scope)
    except Exception as error:  # noqa: BLE001 - the error is the record
        return {"error": [type(error).__name__, str(error).replace(lib.__name__ + ".", "torch.")]}
    return {"result": _plain(scope.get("r"), lib)}


def module_names(lib):
    names = dir(lib.nn.Module)
    return sorted(name for name in names if not name.startswith("_") or name in PRIVATE_NAMES) + \
        sorted(name for name in PRIVATE_NAMES if name in ("_parameters", "_buffers", "_modules"))


def record():
    import torch
    recorded = {"module_names": module_names(torch), "cases": {name: observe(torch, name) for name in CASES}}
    path = pathlib.Path(__file__).parent / "torch_nnapi8.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded['cases'])} cases to {path.name}")
