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
    # ----- top-level math: errors, in-place forms, dtypes ---------------------------------------------------------
    "math/addmm_expand_error": "torch.addmm(torch.zeros(3), torch.zeros(2, 3), torch.zeros(3, 4))",
    "math/addmm_dtype_error": "torch.addmm(torch.zeros(4), torch.zeros(2, 3), torch.zeros(3, 4, dtype=torch.float64))",
    "math/addmm_shape_error": "torch.addmm(torch.zeros(4), torch.zeros(2, 3), torch.zeros(2, 4))",
    "math/addmm_not_matrix": "torch.addmm(torch.zeros(4), torch.zeros(3), torch.zeros(3, 4))",
    "math/addmv_size_error": "torch.addmv(torch.zeros(2), torch.zeros(2, 3), torch.zeros(4))",
    "math/baddbmm_expand_error": "torch.baddbmm(torch.zeros(4), torch.zeros(1, 2, 3), torch.zeros(1, 3, 2))",
    "math/addbmm_expand_error": "torch.addbmm(torch.zeros(4), torch.zeros(1, 2, 3), torch.zeros(1, 3, 3))",
    "math/inplace_products": "a = torch.ones(2, 2)\nb = torch.tensor([[1., 2.], [3., 4.]])\n"
                             "a.addmm_(b, b, beta=0.5)\nc = torch.ones(2)\nc.addmv_(b, torch.tensor([1., -1.]), alpha=2)\n"
                             "d = torch.zeros(2, 2)\nd.addr_(torch.tensor([1., 2.]), torch.tensor([3., 4.]))\n"
                             "e = torch.zeros(1, 2, 2)\ne.baddbmm_(b[None], b[None])\nf = torch.zeros(2, 2)\n"
                             "f.addbmm_(b[None].expand(3, 2, 2), b[None].expand(3, 2, 2))\n"
                             "result = {'a': a, 'c': c, 'd': d, 'e': e, 'f': f, 'int': torch.addmm(torch.ones(2, "
                             "dtype=torch.long), torch.ones(2, 2, dtype=torch.long), torch.ones(2, 2, dtype=torch.long), "
                             "alpha=3)}",
    "math/matrix_power_not_square": "torch.matrix_power(torch.zeros(2, 3), 2)",
    "math/matrix_power_1d": "torch.matrix_power(torch.zeros(3), 2)",
    "math/matrix_power_values": "a = torch.tensor([[1, 1], [0, 1]])\nf = torch.tensor([[2., 1.], [0., 0.5]])\n"
                                "result = {'p3': torch.matrix_power(a, 3), 'p0': a.matrix_power(0), "
                                "'neg': torch.matrix_power(f, -3), 'one': torch.linalg.matrix_power(f, 1)}",
    "math/matrix_exp_values": "a = torch.tensor([[[0., 1.], [-1., 0.]], [[1., 2.], [3., 4.]], [[-40., 0.], [0., 3.]]], "
                              "dtype=torch.float64)\nresult = {'e': torch.matrix_exp(a), 'empty': "
                              "torch.matrix_exp(torch.zeros(0, 2, 2)).shape}",
    "math/matrix_exp_not_square": "torch.matrix_exp(torch.zeros(2, 3))",
    "math/det_logdet_slogdet": "a = torch.tensor([[2., 1.], [1., 3.]])\nn = torch.tensor([[-1., 0.], [0., 1.]])\n"
                               "s = torch.slogdet(n)\nresult = {'det': torch.det(a), 'm': a.det(), 'logdet': "
                               "torch.logdet(a), 'neg': torch.logdet(n), 'zero': torch.logdet(torch.zeros(2, 2)), "
                               "'sign': s.sign, 'abs': s.logabsdet, 'type': type(s).__name__, 'inv': torch.inverse(a), "
                               "'mi': a.inverse()}",
    "math/det_not_square": "torch.det(torch.zeros(2, 3))",
    "cpu/inverse_singular": "torch.inverse(torch.zeros(2, 2))",
    "math/chain_matmul": _WARN + "    r = torch.chain_matmul(torch.eye(2), torch.tensor([[1., 2.], [3., 4.]]))\n"
                                 "result = {'r': r, 'one': torch.chain_matmul(torch.eye(2))}",
    "math/chain_matmul_empty": "torch.chain_matmul()",
    "math/chain_matmul_vector": "torch.chain_matmul(torch.eye(2), torch.ones(2))",
    "math/inner_values": "a = torch.arange(6.).reshape(2, 3)\nresult = {'m': torch.inner(a, a), 'v': torch.inner(a[0], "
                         "a[1]), 's': torch.inner(a, torch.tensor(2.)), 't': a.inner(torch.ones(3))}",
    "math/inner_mismatch": "torch.inner(torch.zeros(2, 3), torch.zeros(4))",
    "math/logspace": "result = {'a': torch.logspace(0, 2, 3), 'b': torch.logspace(0, 2, 3, base=2, dtype=torch.float64), "
                     "'c': torch.logspace(0, 1, 3, dtype=torch.int64), 'd': torch.logspace(-1, 1, 5, requires_grad=True), "
                     "'e': torch.logspace(1, 0, 0)}",
    "math/splits": "x = torch.arange(24).reshape(2, 3, 4)\n"
                   "result = {'a': torch.tensor_split(torch.arange(7), 3), 'b': torch.tensor_split(torch.arange(7), [1, 5]), "
                   "'c': torch.tensor_split(torch.arange(7), torch.tensor(3, device='cpu')), 'd': torch.tensor_split(torch.arange(7), "
                   "torch.tensor([1, 5], device='cpu')), 'e': x.tensor_split([1, 10], dim=2), 'f': torch.tensor_split(x, 4, dim=1), "
                   "'g': torch.hsplit(x, 3), 'h': torch.vsplit(x, [1]), 'i': x.dsplit(2), 'j': torch.hsplit(torch.arange(4), 2), "
                   "'k': torch.tensor_split(torch.arange(5), [3, 1])}",
    "math/hsplit_indivisible": "torch.hsplit(torch.zeros(2, 5), 2)",
    "math/vsplit_1d": "torch.vsplit(torch.arange(6), 2)",
    "math/dsplit_2d": "torch.dsplit(torch.zeros(2, 2), 2)",
    "math/isin": "result = {'a': torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2, 5])), 'b': torch.isin(torch.tensor("
                 "[1, 2, 3]), 2, invert=True), 'c': torch.isin(2.0, torch.tensor([1, 2, 3])), 'd': torch.isin(torch.tensor("
                 "[[1., float('nan')], [3., 0.]]), torch.tensor([float('nan'), 0.])), 'e': torch.isin(torch.tensor([1, 2]), "
                 "torch.tensor([], dtype=torch.long))}",
    "math/float_power_copysign": "a = torch.tensor([1., -2., 0.])\nb = torch.tensor([2])\n"
                                 "result = {'fp': torch.float_power(b, 2), 'fpt': torch.float_power(a, torch.tensor(2.)), "
                                 "'fs': torch.float_power(2, torch.tensor([0.5])), 'cs': torch.copysign(a, torch.tensor("
                                 "[-0., 1., -1.])), 'ci': torch.copysign(torch.tensor([1, -2]), -1), 'cz': a.copysign(0.), "
                                 "'cn': torch.copysign(a, float('nan'))}",
    "math/float_power_inplace_dtype": "torch.ones(2).float_power_(2)",
    "math/trapezoid_values": "y = torch.tensor([[1., 2., 4.], [0., 1., -1.]])\nx = torch.tensor([0., 1., 3.])\n"
                             "result = {'a': torch.trapezoid(y), 'b': torch.trapezoid(y, x), 'c': torch.trapz(y, dx=2), "
                             "'d': torch.trapezoid(torch.tensor([1, 2, 4])), 'e': torch.cumulative_trapezoid(y), "
                             "'f': torch.cumulative_trapezoid(y, x), 'g': torch.trapezoid(y, dim=0), 'h': "
                             "torch.trapezoid(torch.zeros(2, 0))}",
    "math/trapezoid_number_x": "torch.trapezoid(torch.ones(3), 0.5)",
    "math/renorm_values": "a = torch.tensor([[1., 2.], [3., 4.]])\nb = a.clone()\nb.renorm_(2, 0, 2.5)\n"
                          "result = {'a': torch.renorm(a, 2, 0, 2.5), 'b': b, 'c': a.renorm(1, 1, 5), 'd': torch.renorm("
                          "a, float('inf'), 0, 3)}",
    "math/renorm_int": "torch.renorm(torch.ones(2, 2, dtype=torch.long), 2, 0, 1)",
    "math/scatters": "a = torch.zeros(3, 4)\nresult = {'s': torch.select_scatter(a, torch.ones(4), 0, -1), "
                     "'l': torch.slice_scatter(a, torch.ones(3, 2), 1, 1, None, 2), 'l0': a.slice_scatter(torch.ones(1, 4), "
                     "start=2, end=3), 'd': torch.diagonal_scatter(a, torch.ones(3)), 'd1': a.diagonal_scatter("
                     "torch.ones(2), -1), 'i': torch.select_scatter(torch.zeros(2, 2, dtype=torch.long), "
                     "torch.tensor([5, 6]), 1, 0)}",
    "math/select_scatter_size_error": "torch.select_scatter(torch.zeros(2, 2), torch.ones(3), 0, 0)",
    "math/mvlgamma": "result = {'a': torch.mvlgamma(torch.tensor([2.5, 3.]), 2), 'b': torch.special.multigammaln("
                     "torch.tensor([[1.5, 4.]]), 1), 'c': torch.mvlgamma(torch.tensor([0.5]), 2), "
                     "'x': torch.special.xlog1py(torch.tensor([0., 1., 0.]), torch.tensor([-1., 1., float('nan')])), "
                     "'xs': torch.special.xlog1py(2., torch.tensor([1.]))}",
    "math/can_cast": "result = {'fi': torch.can_cast(torch.float32, torch.int32), 'if': torch.can_cast(torch.int32, "
                     "torch.float32), 'bi': torch.can_cast(torch.bool, torch.int8), 'ib': torch.can_cast(torch.int64, "
                     "torch.bool), 'ff': torch.can_cast(torch.float64, torch.float16)}",
    "math/index_reduce": "i = torch.tensor([0, 0, 2])\ns = torch.tensor([2., 3., 4.])\n"
                         "result = {'p': torch.zeros(3).index_reduce(0, i, s, 'prod'), 'm': torch.ones(3).index_reduce(0, i, "
                         "s, 'mean', include_self=False), 'x': torch.ones(3).index_reduce(0, i, s, 'amax'), 'n': "
                         "torch.ones(2, 3).index_reduce(1, i, torch.arange(6.).reshape(2, 3), 'amin')}",
    "math/index_reduce_bad": "torch.ones(3).index_reduce(0, torch.tensor([0]), torch.tensor([1.]), 'sum')",
    # ----- optim.swa_utils, Rprop -------------------------------------------------------------------------------
    "swa/averaged_model": _NET + "swa = torch.optim.swa_utils.AveragedModel(lin)\n"
                                 "ema = torch.optim.swa_utils.AveragedModel(lin, multi_avg_fn=torch.optim.swa_utils."
                                 "get_ema_multi_avg_fn(0.9))\nopt = torch.optim.SGD(lin.parameters(), lr=0.1)\n"
                                 "for step in range(4):\n    opt.zero_grad()\n"
                                 "    torch.nn.functional.mse_loss(lin(x), y).backward()\n    opt.step()\n"
                                 "    swa.update_parameters(lin)\n    ema.update_parameters(lin)\n"
                                 "result = {'w': swa.module.weight.detach(), 'b': swa.module.bias.detach(), "
                                 "'ew': ema.module.weight.detach(), 'n': swa.n_averaged, 'keys': list(swa.state_dict()), "
                                 "'out': swa(x).detach(), 'repr': repr(swa)}",
    "swa/avg_fn": _NET + "a = torch.optim.swa_utils.AveragedModel(lin, avg_fn=torch.optim.swa_utils.get_ema_avg_fn(0.5))\n"
                         "for k in range(3):\n    with torch.no_grad():\n        lin.weight.mul_(2.)\n"
                         "    a.update_parameters(lin)\nresult = {'w': a.module.weight.detach()}",
    "swa/swalr": "p = torch.nn.Parameter(torch.zeros(1))\nopt = torch.optim.SGD([p], lr=1.0)\n"
                 "s = torch.optim.swa_utils.SWALR(opt, swa_lr=0.05, anneal_epochs=3)\nlrs = []\n"
                 "for k in range(6):\n    opt.step()\n    s.step()\n    lrs.append(s.get_last_lr()[0])\n"
                 "opt2 = torch.optim.SGD([p], lr=0.5)\ns2 = torch.optim.swa_utils.SWALR(opt2, swa_lr=0.1, anneal_epochs=0, "
                 "anneal_strategy='linear')\nl2 = []\nfor k in range(3):\n    opt2.step()\n    s2.step()\n"
                 "    l2.append(s2.get_last_lr()[0])\nresult = {'cos': lrs, 'linear0': l2, 'group': opt.param_groups[0]['swa_lr']}",
    "swa/swalr_bad_strategy": "torch.optim.swa_utils.SWALR(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0), "
                              "0.1, anneal_strategy='exp')",
    "swa/swalr_bad_epochs": "torch.optim.swa_utils.SWALR(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0), "
                            "0.1, anneal_epochs=-1)",
    "swa/update_bn": "torch.manual_seed(0)\nm = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))\n"
                     "with torch.no_grad():\n    m[0].weight.copy_(torch.tensor([[1., -1., 0.5], [0.2, 0.3, -2.]]))\n"
                     "    m[0].bias.zero_()\nm.eval()\n"
                     "data = [(torch.linspace(-1, 1, 12).reshape(4, 3), 0), (torch.linspace(0, 3, 6).reshape(2, 3), 1)]\n"
                     "torch.optim.swa_utils.update_bn(data, m)\nbn = m[1]\n"
                     "result = {'mean': bn.running_mean, 'var': bn.running_var, 'n': bn.num_batches_tracked, "
                     "'momentum': bn.momentum, 'training': m.training}",
    "cpu/rprop_state": "w = torch.nn.Parameter(torch.tensor([1.0, -2.0]))\nopt = torch.optim.Rprop([w], lr=0.1)\n"
                         "for k in range(3):\n    opt.zero_grad()\n    ((w - torch.tensor([0.5, 0.5])) ** 2).sum().backward()\n"
                         "    opt.step()\nresult = {'w': w.detach(), 'state': str(opt.state_dict()['state']), "
                         "'groups': str(opt.state_dict()['param_groups']), 'repr': repr(opt)}",
    # ----- small semantic differences --------------------------------------------------------------------------
    "sem/trace_bool": "torch.trace(torch.tensor([[True, False], [True, True]]))",
    "sem/trace_dtypes": "result = {'i8': torch.trace(torch.tensor([[100, 0], [0, 100]], dtype=torch.int8)), "
                        "'h': torch.trace(torch.ones(2, 2, dtype=torch.float16))}",
    "sem/index_0d_tensor": "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
                           "i = torch.tensor(1, device='cpu')\ny = x[i]\nz = x[:, i]\nb = x[torch.tensor(True, device='cpu')]\n"
                           "(y * 2 + z).sum().backward()\n"
                           "result = {'y': y, 'name': y.grad_fn.name(), 'z': z.grad_fn.name(), 'b': b.grad_fn.name(), "
                           "'bs': b.shape, 'g': x.grad, 'view': y._base is x, 'list': [5, 6][torch.tensor(1)]}",
    "sem/int_item_do_not_warn": _WARN + "    x = torch.tensor([2.5], requires_grad=True)\n    a = int(x)\n    b = x.item()\n"
                                        "    c = bool(x)\nresult = {'w': len(w), 'v': [a, b, c]}",
    "sem/no_grad_view_inplace_leaf": "x = torch.tensor([1.5, 2.0], requires_grad=True)\nwith torch.no_grad():\n"
                                     "    v = x[:1]\nv.add_(1)",
    "sem/no_grad_view_inplace_nonleaf": "x = torch.tensor([1.5, 2.0], requires_grad=True)\ny = x * 2\n"
                                        "with torch.no_grad():\n    v = y.view(2, 1)\nv.mul_(3)",
    "sem/no_grad_view_setitem": "x = torch.tensor([1.5, 2.0], requires_grad=True)\ny = x * 2\n"
                                "with torch.no_grad():\n    v = y[1:]\ntry:\n    v[0] = 7.0\nexcept RuntimeError as e:\n"
                                "    result = {'tail': str(e).split('no_grad mode')[1]}",
    "sem/no_grad_view_inplace_under_no_grad": "x = torch.tensor([1.5, 2.0], requires_grad=True)\ny = x * 2\n"
                                              "with torch.no_grad():\n    v = y[:1]\n    v.add_(1)\n"
                                              "z = torch.zeros(3)\nwith torch.no_grad():\n    w = z[:2]\nw.add_(1)\n"
                                              "result = {'y': y.detach(), 'z': z}",
}
