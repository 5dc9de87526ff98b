"""Snippets of issue 15's torch-level gaps (helper torch5): autocast and GradScaler, torch.compile and the backends
flags, the top-level math functions, optimizer state and small semantic differences. Run with ``torch`` bound to
PyTorch by ``torch5.py`` (``python tests/reference/record_torch.py torch5`` writes ``torch_torch5.json``) and to
gradlib by ``tests/test_torch5.py``. Each snippet leaves its observations in ``result`` or raises; ``DEV`` is the
device type under test (``'cpu'`` when recorded). Names starting ``cpu/`` hold CPU-only behaviour (CPU autocast's
op lists differ from CUDA's) and run on the CPU only. Fixed data only."""

_WARN = ("import warnings\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n")
_NET = ("torch.manual_seed(0)\nx = torch.linspace(-1, 1, 24).reshape(6, 4)\ny = torch.linspace(0, 2, 12).reshape(6, 2)\n"
        "lin = torch.nn.Linear(4, 2)\nwith torch.no_grad():\n"
        "    lin.weight.copy_(torch.tensor([[0.5, -0.25, 0.125, 1.0], [-1.0, 0.75, 0.25, -0.5]]))\n"
        "    lin.bias.copy_(torch.tensor([0.1, -0.2]))\n")

CASES = {
    # ----- autocast ------------------------------------------------------------------------------------------------
    "amp/linear_mse": _NET + "with torch.autocast(DEV, dtype=torch.float16):\n    out = lin(x)\n"
                             "    loss = torch.nn.functional.mse_loss(out, y)\nloss.backward()\n"
                             "result = {'out': out, 'loss': loss, 'gw': lin.weight.grad, 'gb': lin.bias.grad}",
    "amp/matmul_dtypes": "a = torch.linspace(-1, 1, 6).reshape(2, 3)\nd = a.double()\n"
                         "with torch.autocast(DEV, dtype=torch.float16):\n"
                         "    result = {'mm': (a @ a.T).dtype, 'mm2': torch.mm(a, a.T).dtype, "
                         "'bmm': torch.bmm(a[None], a.T[None]).dtype, 'f64': (d @ d.T).dtype, "
                         "'ce': torch.nn.functional.cross_entropy(a, torch.tensor([0, 2])).dtype, "
                         "'add': (a + a.half()).dtype, 'int': (torch.ones(2, 2, dtype=torch.long) @ "
                         "torch.ones(2, 2, dtype=torch.long)).dtype, "
                         "'enabled': torch.is_autocast_enabled(DEV)}\n"
                         "result['after'] = torch.is_autocast_enabled(DEV)",
    "amp/conv_nested_disable": "x = torch.linspace(-1, 1, 32).reshape(1, 2, 4, 4)\nw = torch.linspace(0, 1, 36).reshape(2, 2, 3, 3)\n"
                               "with torch.autocast(DEV, dtype=torch.float16):\n"
                               "    a = torch.nn.functional.conv2d(x, w)\n"
                               "    with torch.autocast(DEV, enabled=False):\n        b = torch.nn.functional.conv2d(x, w)\n"
                               "    c = torch.nn.functional.conv1d(x[:, :, 0], w[:, :, 0])\n"
                               "result = {'a': a, 'b': b, 'c': c}",
    "amp/decorator": "@torch.autocast(DEV, dtype=torch.float16)\ndef f(a):\n    return a @ a\n"
                     "result = {'d': f(torch.eye(2)).dtype, 'outside': (torch.eye(2) @ torch.eye(2)).dtype}",
    "amp/device_type_not_str": "torch.autocast(0)",
    "amp/unknown_device_type": "try:\n    torch.autocast('xyz')\nexcept RuntimeError as e:\n"
                               "    result = {'t': type(e).__name__, 'end': str(e).split(':')[-1]}",
    "cpu/amp_softmax_layer_norm_stay_half": "a = torch.linspace(-1, 1, 6).reshape(2, 3)\n"
                                             "with torch.autocast('cpu', dtype=torch.float16):\n"
                                             "    h = a @ torch.eye(3)\n"
                                             "    result = {'sm': torch.softmax(h, -1).dtype, "
                                             "'ln': torch.nn.functional.layer_norm(h, (3,)).dtype, "
                                             "'mv': torch.mv(a, a[0]).dtype, 'dot': torch.dot(a[0], a[1]).dtype, "
                                             "'bce': torch.nn.functional.binary_cross_entropy(torch.sigmoid(h), "
                                             "torch.ones(2, 3)).dtype, 'dtype': torch.get_autocast_dtype('cpu')}",
    "cpu/amp_float64_warns": _WARN + "    a = torch.autocast('cpu', dtype=torch.float64)\n"
                                     "with a:\n    d = (torch.eye(2) @ torch.eye(2)).dtype\n"
                                     "result = {'c': [i.category.__name__ for i in w], 'd': d}",
    "cpu/amp_cuda_unavailable_warns": _WARN + "    a = torch.autocast('cuda')\n    s = torch.amp.GradScaler('cuda')\n"
                                          "    t = torch.cuda.amp.GradScaler()\n"
                                          "result = {'w': [str(i.message) for i in w], 'c': [i.category.__name__ for i in w], "
                                          "'e': s.is_enabled(), 'scale': s.get_scale(), 'sd': len(s.state_dict()), "
                                          "'bf16': torch.cuda.is_bf16_supported()}",
    # ----- GradScaler ----------------------------------------------------------------------------------------------
    "scaler/steps": _NET + "opt = torch.optim.SGD(lin.parameters(), lr=0.1)\n"
                           "scaler = torch.amp.GradScaler(DEV, init_scale=256.0, growth_interval=2)\nscales = []\n"
                           "for step in range(5):\n    opt.zero_grad()\n"
                           "    with torch.autocast(DEV, dtype=torch.float16):\n"
                           "        loss = torch.nn.functional.mse_loss(lin(x), y)\n"
                           "    scaler.scale(loss).backward()\n    if step == 2:\n"
                           "        lin.weight.grad[0, 0] = float('inf')\n"
                           "    scaler.unscale_(opt)\n    torch.nn.utils.clip_grad_norm_(lin.parameters(), 1.0)\n"
                           "    scaler.step(opt)\n    scaler.update()\n    scales.append(scaler.get_scale())\n"
                           "result = {'w': lin.weight.detach(), 'b': lin.bias.detach(), 'scales': scales, "
                           "'sd': sorted(scaler.state_dict().items())}",
    "scaler/scale_values": "s = torch.amp.GradScaler(DEV, init_scale=8.0)\n"
                           "result = {'t': s.scale(torch.tensor([1.0, 2.0])), 'l': s.scale([torch.tensor(1.0), "
                           "(torch.tensor(3.0, dtype=torch.float16),)]), 'h': s.scale(torch.tensor([1.5], "
                           "dtype=torch.float16)), 'init': torch.amp.GradScaler(DEV).get_scale()}",
    "scaler/scale_bad": "torch.amp.GradScaler(DEV).scale(3.0)",
    "scaler/unscale_twice": "w = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([w], lr=0.1)\n"
                            "s = torch.amp.GradScaler(DEV)\ns.scale(w.sum()).backward()\ns.unscale_(opt)\ns.unscale_(opt)",
    "scaler/unscale_after_step": "w = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([w], lr=0.1)\n"
                                 "s = torch.amp.GradScaler(DEV)\ns.scale(w.sum()).backward()\ns.step(opt)\ns.unscale_(opt)",
    "scaler/step_twice": "w = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([w], lr=0.1)\n"
                         "s = torch.amp.GradScaler(DEV)\ns.scale(w.sum()).backward()\ns.step(opt)\ns.step(opt)",
    "scaler/closure": "w = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([w], lr=0.1)\n"
                      "s = torch.amp.GradScaler(DEV)\ns.scale(w.sum()).backward()\ns.step(opt, closure=lambda: 0)",
    "scaler/fp16_grads": "w = torch.nn.Parameter(torch.ones(2, dtype=torch.float16))\nopt = torch.optim.SGD([w], lr=0.1)\n"
                         "s = torch.amp.GradScaler(DEV)\ns.scale(w.sum()).backward()\ns.step(opt)",
    "scaler/load_empty": "torch.amp.GradScaler(DEV).load_state_dict({})",
    "scaler/disabled": "w = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([w], lr=0.5)\n"
                       "s = torch.amp.GradScaler(DEV, enabled=False)\nloss = s.scale((w * w).sum())\nloss.backward()\n"
                       "s.step(opt)\ns.update()\nresult = {'w': w.detach(), 'scale': s.get_scale(), 'sd': sorted(s.state_dict().items()), "
                       "'e': s.is_enabled(), 'l': loss}",
    "scaler/state_dict_roundtrip": "w = torch.nn.Parameter(torch.ones(2))\nopt = torch.optim.SGD([w], lr=0.5)\n"
                                   "s = torch.amp.GradScaler(DEV, init_scale=4.0, growth_interval=1)\n"
                                   "s.scale(w.sum()).backward()\ns.step(opt)\ns.update(3.0)\n"
                                   "t = torch.amp.GradScaler(DEV)\nt.load_state_dict(s.state_dict())\n"
                                   "result = {'s': sorted(s.state_dict().items()), 't': sorted(t.state_dict().items()), "
                                   "'gf': t.get_growth_factor(), 'bf': t.get_backoff_factor(), 'gi': t.get_growth_interval()}",
    "scaler/bad_factor": "torch.amp.GradScaler(DEV, growth_factor=0.5)",
    # ----- torch.compile, torch.compiler, backends flags, torch.mps --------------------------------------------
    "compile/module": "torch.manual_seed(0)\nm = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())\n"
                      "c = torch.compile(m)\nx = torch.tensor([[1., -2.]])\nc.eval()\n"
                      "result = {'repr': repr(c), 'keys': list(c.state_dict()), 'same': c(x).tolist() == m(x).tolist(), "
                      "'type': type(c).__name__, 'attr': c._orig_mod[0].out_features, 'training': m.training, "
                      "'params': [n for n, _ in c.named_parameters()], 'off': torch.compile(m, disable=True) is m}",
    "compile/function": "def f(x):\n    return torch.sin(x) * 2\ng = torch.compile(f, fullgraph=True, dynamic=False)\n"
                        "h = torch.compile(mode='reduce-overhead')(f)\nx = torch.tensor([0.5, 1.5], requires_grad=True)\n"
                        "y = g(x)\ny.sum().backward()\n"
                        "result = {'y': y.detach(), 'g': x.grad, 'name': g.__name__, 'h': h(x).detach(), 'wrapped': g.__wrapped__ is f, "
                        "'compiling': torch.compiler.is_compiling(), 'backends': torch.compiler.list_backends()}",
    "compile/mode_and_options": "torch.compile(torch.sin, mode='default', options={})",
    "compile/bad_mode": "torch.compile(torch.sin, mode='fastest')",
    "compile/bad_backend": "torch.compile(torch.sin, backend='nope')",
    "backends/flags": "p0 = torch.get_float32_matmul_precision()\ntf0 = torch.backends.cuda.matmul.allow_tf32\n"
                      "torch.backends.cuda.matmul.allow_tf32 = True\np1 = torch.get_float32_matmul_precision()\n"
                      "torch.set_float32_matmul_precision('medium')\ntf1 = torch.backends.cuda.matmul.allow_tf32\n"
                      "torch.set_float32_matmul_precision('highest')\n"
                      "torch.backends.cudnn.benchmark = True\ntorch.backends.cudnn.deterministic = True\n"
                      "result = {'p': [p0, p1], 'tf': [tf0, tf1, torch.backends.cuda.matmul.allow_tf32], "
                      "'cudnn': [torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic, "
                      "torch.backends.cudnn.enabled, torch.backends.cudnn.allow_tf32], "
                      "'fp16': torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction, "
                      "'mps': [torch.backends.mps.is_available(), torch.backends.mps.is_built(), "
                      "torch.mps.is_available(), torch.mps.device_count()], 'flash': torch.backends.cuda.flash_sdp_enabled()}\n"
                      "torch.backends.cudnn.benchmark = False\ntorch.backends.cudnn.deterministic = False",
    "backends/precision_bad": _WARN + "    torch.set_float32_matmul_precision('fast')\n"
                              "result = {'w': [str(i.message).split(' (Triggered')[0] for i in w], "
                              "'p': torch.get_float32_matmul_precision()}",
    "backends/matmul_unknown": "torch.backends.cuda.matmul.allow_tf64 = True",
    "backends/mps_synchronize": "torch.mps.synchronize()",
}
