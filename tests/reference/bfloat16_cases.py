"""Snippets of torch.bfloat16 on the CPU (helper bf16_8, issue 15): storage, rounding, promotion, printing,
conversions, arithmetic, reductions, gradients, autocast, random draws, serialization. Run with ``torch`` bound to
PyTorch by ``bfloat16.py`` (``python tests/reference/record_torch.py bfloat16`` writes ``torch_bfloat16.json``) and
to gradlib by ``tests/test_bfloat16.py``. Each snippet leaves its observations in ``result`` or raises. Values are
compared exactly (bf16 results are exact binary fractions), except the ``close/`` cases: accumulations (matmul,
sum, mean, norms) whose float32 accumulation order differs between PyTorch's kernels and NumPy's, compared to one
bf16 rounding step (PyTorch's own bf16 tolerance, 1.6e-2 relative). Fixed data only."""

_B = "b = torch.bfloat16\n"
_V = _B + "x = torch.tensor([0.1, -1.7, 3.14159, 1000.5, 1e-3, -0.0, 65504.0, 1e30], dtype=b)\n"
_ROUND = (_B + "vals = [1.00390625, 1.01171875, 1.0078125, -1.00390625, 1.0 + 2**-9, 3.0e38, 3.4e38, -3.4e38, "
          "float('inf'), float('nan'), 1e-40, 2**-133, 2**-134, 0.1]\n")

CASES = {
    # ----- the dtype ------------------------------------------------------------------------------------------------
    "dtype/attributes": _B + "result = {'fp': b.is_floating_point, 'signed': b.is_signed, 'itemsize': b.itemsize, "
                             "'complex': b.is_complex, 'str': str(b), 'repr': repr(b), "
                             "'eq': b == torch.bfloat16, 'half': b == torch.float16}",
    "dtype/finfo": _B + "f = torch.finfo(b)\nresult = {'repr': repr(f), 'eps': f.eps, 'max': f.max, 'min': f.min, "
                        "'tiny': f.tiny, 'res': f.resolution, 'bits': f.bits, 'dtype': f.dtype}",
    "dtype/promote_types": _B + "result = {str(d).split('.')[-1]: torch.promote_types(b, d) for d in (torch.float16, torch.float32, "
                                "torch.float64, torch.int64, torch.int8, torch.uint8, torch.bool, b)}",
    "dtype/result_type": _B + "x = torch.ones(2, dtype=b)\n"
                              "result = {'int_scalar': torch.result_type(x, 3), 'float_scalar': torch.result_type(x, 2.5), "
                              "'f64_0d': torch.result_type(x, torch.tensor(1.0, dtype=torch.float64)), "
                              "'f16_1d': torch.result_type(x, torch.ones(2, dtype=torch.float16)), "
                              "'int_1d': torch.result_type(torch.ones(2, dtype=torch.int64), x), "
                              "'0d_with_int': torch.result_type(torch.tensor(1.0, dtype=b), torch.ones(2, dtype=torch.int32)), "
                              "'0d_with_f32': torch.result_type(torch.tensor(1.0, dtype=b), torch.ones(2))}",
    "dtype/default_dtype": "previous = torch.get_default_dtype()\ntorch.set_default_dtype(torch.bfloat16)\n"
                           "try:\n    result = {'default': torch.get_default_dtype(), 't': torch.tensor([1.5, 2.25]), "
                           "'zeros': torch.zeros(2).dtype, 'arange': torch.arange(0.0, 2.0).dtype, "
                           "'int': torch.tensor([1, 2]).dtype, 'lin': torch.nn.Linear(2, 2).weight.dtype, "
                           "'scalar_mul': (torch.ones(2, dtype=torch.int64) * 1.5).dtype}\n"
                           "finally:\n    torch.set_default_dtype(previous)",
    # ----- rounding and conversion ----------------------------------------------------------------------------------
    "round/from_python": _ROUND + "t = torch.tensor(vals, dtype=b)\nresult = {'t': t, 'list': [str(v) for v in t.tolist()]}",
    "round/from_float32": _ROUND + "t = torch.tensor(vals, dtype=torch.float32).to(b)\nresult = {'t': t}",
    "round/from_float64": _ROUND + "t = torch.tensor(vals, dtype=torch.float64).bfloat16()\nresult = {'t': t}",
    "round/to_others": _V + "result = {'f32': x.float(), 'f64': x.double(), 'f16': x.half(), 'i64': x.long(), "
                            "'i32': x.int(), 'bool': x.bool(), 'i8': x[:5].to(torch.int8)}",
    "round/from_ints": _B + "i = torch.tensor([0, 1, 255, 257, 1023, -1025, 123456789])\n"
                            "result = {'t': i.to(b), 'from_bool': torch.tensor([True, False]).to(b)}",
    "round/type_methods": _V + "result = {'type': x.type(), 'is_fp': x.is_floating_point(), 'elem': x.element_size(), "
                               "'nbytes': x.nbytes, 'to_str': x.to(dtype=torch.float32).type(), "
                               "'type_b': torch.ones(2).type(torch.bfloat16).dtype}",
    "round/item_tolist": _B + "t = torch.tensor([[1.0, 2.7], [3.3, -0.1]], dtype=b)\n"
                              "result = {'item': t[0, 1].item(), 'list': t.tolist(), 'float': float(t[1, 0]), "
                              "'int': int(t[0, 1]), 'bool': bool(t[1, 1])}",
    "round/numpy_refused": _B + "torch.ones(2, dtype=b).numpy()",
    # ----- printing -------------------------------------------------------------------------------------------------
    "print/simple": _B + "result = {'a': repr(torch.tensor([1.0, 2.0], dtype=b)), "
                         "'b': repr(torch.tensor([1.5, 2.0], dtype=b)), 'c': str(torch.tensor(3.14159, dtype=b)), "
                         "'d': repr(torch.tensor([], dtype=b)), 'e': repr(torch.zeros(2, 0, dtype=b))}",
    "print/sci_and_special": _B + "result = {'a': repr(torch.tensor([1/3, 100.7, 1e-3], dtype=b)), "
                                  "'b': repr(torch.tensor([1e10, 1.0], dtype=b)), "
                                  "'c': repr(torch.tensor([float('inf'), float('nan'), -2.5], dtype=b)), "
                                  "'d': repr(torch.tensor([123456.0, 7.0], dtype=b)), "
                                  "'e': repr(torch.linspace(-1, 1, 12).reshape(3, 4).to(b)), "
                                  "'f': repr(torch.arange(1000.0).to(b)), "
                                  "'g': repr(torch.tensor([0.1, 0.2], dtype=b, requires_grad=True))}",
    "print/grad_fn": _B + "x = torch.tensor([0.5, 1.5], dtype=b, requires_grad=True)\nresult = {'r': repr(x * 2)}",
    # ----- arithmetic: computed in float32, rounded once ---------------------------------------------------------
    "arith/binary": _V + "y = torch.tensor([0.3, 2.9, -1.1, 7.7, 3.0, 2.0, 0.5, 1e-30], dtype=b)\n"
                         "result = {'add': x + y, 'sub': x - y, 'mul': x * y, 'div': x / y, 'pow': y.abs() ** 1.5, "
                         "'max': torch.maximum(x, y), 'fmod': torch.fmod(x, 0.7), 'floordiv': x // y, "
                         "'rem': torch.remainder(x.abs(), 0.7), 'atan2': torch.atan2(x, y)}",
    "arith/scalars": _V + "result = {'add_f': x + 0.1, 'mul_f': x * 1.3, 'radd': 2.5 - x, 'div_i': x / 3, "
                          "'add_i': x + 7, 'rdiv': 1 / x[:5], 'neg': -x, 'pow2': x ** 2, 'sq': torch.square(x)}",
    "arith/scalar_rules": _V + "y = torch.full((8,), 0.3, dtype=b)\n"
                               "result = {'floordiv': x // 0.3, 'trunc': torch.div(x, 0.3, rounding_mode='trunc'), "
                               "'div': x / 0.3, 'mul_bf16_1': x * torch.tensor([0.1], dtype=b), "
                               "'mul_f64_0d': x * torch.tensor(0.1, dtype=torch.float64), 'pow': x.abs() ** 1.3, "
                               "'sub': x - 0.3, 'add_alpha': torch.add(x, y, alpha=0.3), 'rsub': 0.3 - x, "
                               "'rdiv': 0.3 / x, 'rmul': 0.3 * x, 'div_0d': x / torch.tensor(0.3), "
                               "'add_0d': x + torch.tensor(0.3), 'gt': x > 0.1, 'ge': x >= torch.tensor(0.1), "
                               "'clamp': x.clamp(0.1, 0.3), 'lerp': torch.lerp(x, y, 0.3)}",
    "arith/mixed": _V + "f = torch.linspace(-2, 2, 8)\nh = f.half()\n"
                        "result = {'f32': x + f, 'f16': x + h, 'i64': x * torch.arange(8), "
                        "'f64_0d': x * torch.tensor(0.1, dtype=torch.float64), 'bool': x * torch.tensor([True] * 8)}",
    "arith/unary": _B + "x = torch.linspace(-3, 3, 13).to(b)\n"
                        "result = {'exp': x.exp(), 'log': x.abs().log(), 'sqrt': x.abs().sqrt(), 'tanh': x.tanh(), "
                        "'sigmoid': x.sigmoid(), 'sin': x.sin(), 'cos': x.cos(), 'rsqrt': x.abs().rsqrt(), "
                        "'relu': x.relu(), 'abs': x.abs(), 'recip': x.reciprocal(), 'floor': (x * 1.3).floor(), "
                        "'round': (x * 1.3).round(), 'clamp': x.clamp(-1.2, 0.7), 'sign': x.sign(), "
                        "'log1p': x.abs().log1p(), 'expm1': x.expm1(), 'erf': x.erf()}",
    "arith/compare": _V + "result = {'gt': x > 0.1, 'eq': x == torch.tensor(0.1), 'isnan': x.isnan(), "
                          "'isinf': x.isinf(), 'where': torch.where(x > 1, x, torch.zeros_like(x))}",
    "arith/inplace": _V + "y = x.clone()\ny.add_(0.3)\ny.mul_(torch.ones(8))\nz = torch.zeros(8, dtype=b)\n"
                          "z += torch.linspace(0, 1, 8)\nresult = {'y': y, 'z': z}",
    "arith/activations": _B + "x = torch.linspace(-4, 4, 17).to(b)\nF = torch.nn.functional\n"
                              "result = {'gelu': F.gelu(x), 'gelu_tanh': F.gelu(x, approximate='tanh'), "
                              "'silu': F.silu(x), 'softplus': F.softplus(x), 'elu': F.elu(x), 'leaky': F.leaky_relu(x, 0.1), "
                              "'hardswish': F.hardswish(x), 'mish': F.mish(x)}",
    # ----- reductions and products --------------------------------------------------------------------------------
    "close/reductions": _B + "x = torch.linspace(-2, 3, 60).reshape(6, 10).to(b)\n"
                             "result = {'sum': x.sum(), 'sum1': x.sum(1), 'mean': x.mean(0), 'prod': x[0, :4].prod(), "
                             "'var': x.var(1), 'std': x.std(), 'norm': x.norm(), 'max': x.max(), 'amax': x.amax(1), "
                             "'argmax': x.argmax(1), 'cumsum': x[0].cumsum(0), 'logsumexp': x.logsumexp(1), "
                             "'softmax': x.softmax(1)[0], 'log_softmax': x.log_softmax(1)[0]}",
    "close/products": _B + "a = torch.linspace(-1, 1, 24).reshape(4, 6).to(b)\nc = torch.linspace(0, 2, 18).reshape(6, 3).to(b)\n"
                           "result = {'mm': a @ c, 'bmm': torch.bmm(a[None], c[None]), 'mv': a @ c[:, 0], "
                           "'dot': a[0] @ a[1], 'addmm': torch.addmm(torch.ones(3, dtype=b), a, c), "
                           "'linear': torch.nn.functional.linear(a, c.T, torch.ones(3, dtype=b))}",
    "close/norms": _B + "x = torch.linspace(-2, 3, 24).reshape(2, 3, 4).to(b)\nF = torch.nn.functional\n"
                        "w = torch.linspace(0.5, 1.5, 4).to(b)\n"
                        "result = {'ln': F.layer_norm(x, (4,), w, w), 'rms': F.rms_norm(x, (4,), w), "
                        "'gn': F.group_norm(x.reshape(2, 4, 3), 2), 'ce': F.cross_entropy(x.reshape(6, 4), "
                        "torch.tensor([0, 1, 2, 3, 0, 1])), 'mse': F.mse_loss(x, x * 0.5)}",
    # ----- gradients ----------------------------------------------------------------------------------------------
    "grad/leaf_dtype": _B + "x = torch.tensor([0.5, -1.25, 2.0], dtype=b, requires_grad=True)\n"
                           "y = (x * x * 3 + x.exp()).sum()\ny.backward()\n"
                           "result = {'y': y, 'grad': x.grad, 'dtype': x.grad.dtype}",
    "grad/mixed_to": _B + "w = torch.tensor([0.5, -1.25, 2.0], requires_grad=True)\n"
                          "y = (w.to(b) * torch.tensor([1.5, 2.5, 3.5], dtype=b)).sum()\ny.backward()\n"
                          "result = {'y': y, 'grad': w.grad, 'gdtype': w.grad.dtype}",
    "close/grad_linear": _B + "torch.manual_seed(0)\nlin = torch.nn.Linear(4, 3).to(b)\n"
                              "x = torch.linspace(-1, 1, 8).reshape(2, 4).to(b)\nout = lin(x)\n"
                              "loss = out.float().pow(2).mean()\nloss.backward()\n"
                              "result = {'w': lin.weight, 'out': out, 'gw': lin.weight.grad, 'gb': lin.bias.grad, "
                              "'loss': loss}",
    "grad/module_to": _B + "torch.manual_seed(0)\nm = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.LayerNorm(2))\n"
                           "m.to(torch.bfloat16)\nm2 = torch.nn.Linear(2, 2).bfloat16()\n"
                           "result = {'dtypes': [p.dtype for p in m.parameters()], 'm2': m2.weight.dtype, "
                           "'sd': [v.dtype for v in m.state_dict().values()]}",
    "close/optimizer_step": _B + "w = torch.nn.Parameter(torch.tensor([0.5, -1.25, 2.0], dtype=b))\n"
                                "opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)\nfor _ in range(3):\n"
                                "    opt.zero_grad()\n    (w * w).sum().backward()\n    opt.step()\n"
                                "result = {'w': w, 'buf': opt.state[w]['momentum_buffer']}",
    # ----- autocast on the CPU ------------------------------------------------------------------------------------
    "autocast/dtypes": _B + "torch.manual_seed(0)\nF = torch.nn.functional\nlin = torch.nn.Linear(4, 3)\n"
                            "ln = torch.nn.LayerNorm(3)\nx = torch.linspace(-1, 1, 8).reshape(2, 4)\n"
                            "with torch.autocast(device_type='cpu', dtype=torch.bfloat16):\n"
                            "    h = lin(x)\n    n = ln(h)\n    g = F.gelu(n)\n    s = F.softmax(g, -1)\n"
                            "    ce = F.cross_entropy(h, torch.tensor([0, 2]))\n    mm = x @ x.T\n    add = h + x[:, :3]\n"
                            "    mse = F.mse_loss(h, torch.zeros(2, 3))\n    e = torch.exp(h)\n"
                            "    enabled = torch.is_autocast_enabled('cpu')\n    dt = torch.get_autocast_dtype('cpu')\n"
                            "result = {k: v.dtype for k, v in dict(h=h, n=n, g=g, s=s, ce=ce, mm=mm, add=add, mse=mse, "
                            "e=e).items()}\nresult['enabled'] = enabled\nresult['dt'] = dt\n"
                            "result['after'] = torch.is_autocast_enabled('cpu')",
    "autocast/default_dtype": "with torch.autocast('cpu'):\n    y = torch.ones(2, 2) @ torch.ones(2, 2)\n"
                              "result = {'y': y, 'dt': torch.get_autocast_dtype('cpu')}",
    "close/autocast_values": _B + "torch.manual_seed(0)\nlin = torch.nn.Linear(4, 3)\n"
                                  "x = torch.linspace(-1, 1, 8).reshape(2, 4)\n"
                                  "with torch.autocast(device_type='cpu', dtype=torch.bfloat16):\n"
                                  "    out = lin(x)\n    loss = torch.nn.functional.cross_entropy(out, torch.tensor([0, 2]))\n"
                                  "loss.backward()\nresult = {'out': out, 'loss': loss, 'gw': lin.weight.grad, "
                                  "'gb': lin.bias.grad}",
    "autocast/deprecated_cpu_amp": "import warnings\nwith warnings.catch_warnings():\n"
                                   "    warnings.simplefilter('ignore')\n    ctx = torch.cpu.amp.autocast()\n"
                                   "with ctx:\n    y = torch.ones(2, 2) @ torch.ones(2, 2)\nresult = {'d': y.dtype}",
    # ----- creation and random draws ------------------------------------------------------------------------------
    "create/factories": _B + "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n"
                             "    copied = torch.tensor(torch.ones(2, dtype=b))  # PyTorch's copy-construct warning\n"
                             "result = {'zeros': torch.zeros(2, 3, dtype=b), 'ones': torch.ones(3, dtype=b), "
                             "'full': torch.full((2,), 0.1, dtype=b), 'arange': torch.arange(0, 3, 0.7, dtype=b), "
                             "'linspace': torch.linspace(0, 1, 7, dtype=b), 'eye': torch.eye(2, dtype=b), "
                             "'empty_like': torch.empty_like(torch.ones(2, dtype=b)).dtype, "
                             "'zeros_like': torch.zeros_like(torch.ones(2), dtype=b), "
                             "'new_ones': torch.ones(2, dtype=b).new_ones(3), 'tensor_of': copied}",
    "create/randn_small": _B + "torch.manual_seed(0)\nresult = {'randn': torch.randn(5, dtype=b), "
                               "'rand': torch.rand(5, dtype=b), 'randn2': torch.randn(3, 2, dtype=b)}",
    "create/randn_large": _B + "torch.manual_seed(0)\nresult = {'randn16': torch.randn(16, dtype=b), "
                               "'randn20': torch.randn(20, dtype=b), 'rand20': torch.rand(20, dtype=b)}",
    "create/random_inplace": _B + "torch.manual_seed(3)\nresult = {'normal': torch.empty(20, dtype=b).normal_(0.5, 2.0), "
                                  "'uniform': torch.empty(6, dtype=b).uniform_(-1, 1), "
                                  "'randint': torch.randint(0, 10, (5,), dtype=b), "
                                  "'dropout': torch.nn.functional.dropout(torch.ones(8, dtype=b), 0.5)}",
    "create/init": _B + "torch.manual_seed(0)\nlin = torch.nn.Linear(3, 2, dtype=b)\n"
                        "result = {'w': lin.weight, 'b': lin.bias}",
    # ----- indexing and shape ops keep the dtype ------------------------------------------------------------------
    "shape/ops": _B + "x = torch.linspace(-1, 1, 12).reshape(3, 4).to(b)\n"
                      "result = {'t': x.t(), 'cat': torch.cat([x, x]), 'stack': torch.stack([x[0], x[1]]), "
                      "'idx': x[[0, 2], 1:3], 'mask': x[x > 0], 'gather': x.gather(1, torch.tensor([[0], [1], [3]])), "
                      "'sort': x[1].sort(descending=True).values, 'topk': x.flatten().topk(3).values, "
                      "'flip': x.flip(0), 'pad': torch.nn.functional.pad(x, (1, 1))}",
    # ----- edges: empty and zero-size dims, 0-d, NaN and inf, ties -----------------------------------------------
    "edge/empty_and_0d": _B + "e = torch.zeros(0, 3, dtype=b)\nz = torch.tensor(2.5, dtype=b)\n"
                              "result = {'sum0': e.sum(0), 'sum': e.sum(), 'mean0': e.mean(0), 'amax1': e.amax(1), "
                              "'mm': e.T @ e, 'exp': e.exp(), 'z_mul': z * torch.ones(2, dtype=b), "
                              "'z_f32': z + torch.ones(2), 'z_item': z.item(), 'z_int': z * 3, 'z_sq': z ** 2, "
                              "'cat': torch.cat([e, torch.ones(1, 3, dtype=b)])}",
    "edge/nan_inf_ties": _B + "x = torch.tensor([float('nan'), float('inf'), -float('inf'), 1.0, 1.0, -0.0, 0.0], "
                              "dtype=b)\nresult = {'max': x.max(), 'argmax': x[3:].argmax(), 'argmin': x[3:].argmin(), "
                              "'sort': x.sort().values, 'relu': x.relu(), 'sign': x.sign(), 'clamp': x.clamp(-1, 1), "
                              "'nan_to_num': x.nan_to_num(), 'sum': x[1:].sum(), 'isfinite': x.isfinite(), "
                              "'round_half': torch.tensor([0.5, 1.5, 2.5, -0.5], "
                              "dtype=b).round(), 'div0': torch.tensor([1.0, -1.0, 0.0], dtype=b) / 0.0}",
    "edge/grad_at_edges": _B + "x = torch.tensor([0.0, -0.0, 1.0, 1.0, 4.0], dtype=b, requires_grad=True)\n"
                              "y = (x.relu() + x.abs() + x.max() + x.sqrt() + x.clamp(0.5, 2.0)).sum()\ny.backward()\n"
                              "result = {'y': y, 'grad': x.grad}",
    # ----- serialization ------------------------------------------------------------------------------------------
    "save/roundtrip": _B + "import io\nx = torch.tensor([0.1, -2.5, 3e20], dtype=b)\nbuf = io.BytesIO()\n"
                           "torch.save({'x': x, 'sd': torch.nn.Linear(2, 2).bfloat16().state_dict()}, buf)\n"
                           "buf.seek(0)\nback = torch.load(buf)\nresult = {'x': back['x'], 'w': back['sd']['weight'].dtype}",
}
