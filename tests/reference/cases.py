"""The executable spec: snippets run with ``torch`` bound to PyTorch (by ``record_torch.py``) and to gradlib
(by ``tests/test_torch_reference.py``). Each snippet leaves its observations in ``result`` (a dict of name ->
tensor, number, bool, string or tuple), or raises; both outcomes are compared.

Snippets use fixed data only (no random numbers), so values are comparable.
"""

CASES = {
    # ----- linspace/logspace steps: an int or a one-element integer tensor, else PyTorch's TypeError ----------
    "linspace_tensor_steps": "result = {'a': torch.linspace(0, 1, torch.tensor(5)), "
                             "'b': torch.logspace(0, 1, torch.tensor(3)), "
                             "'c': torch.linspace(torch.tensor(0.), torch.tensor(2.), torch.tensor(3))}",
    "linspace_float_steps": "torch.linspace(0, 1, 2.0)",
    "linspace_bool_steps": "torch.linspace(0, 1, True)",
    "linspace_float_tensor_steps": "torch.linspace(0., 1., torch.tensor(5.))",
    "logspace_float_steps": "torch.logspace(0, 1, 2.5)",
    # ----- printing -------------------------------------------------------------------------------
    "repr_float_vector": "result = {'r': repr(torch.tensor([1.5, -2.25, 3.0]))}",
    "repr_int_mode": "result = {'r': repr(torch.tensor([[1., 2.], [3., 40.]]))}",
    "repr_sci_mode": "result = {'r': repr(torch.tensor([1e-5, 1.0, 123.0]))}",
    "repr_sci_large": "result = {'r': repr(torch.tensor([1e9, 1.0]))}",
    "repr_int_sci": "result = {'r': repr(torch.tensor([1., 10000.]))}",
    "repr_nan_inf": "result = {'r': repr(torch.tensor([float('nan'), float('inf'), -float('inf'), 1.5]))}",
    "repr_int_nan": "result = {'r': repr(torch.tensor([float('nan'), 2., 3.]))}",
    "repr_zeros": "result = {'r': repr(torch.zeros(2, 3))}",
    "repr_scalar": "result = {'r': repr(torch.tensor(3.14159)), 'i': repr(torch.tensor(7))}",
    "repr_bool": "result = {'r': repr(torch.tensor([True, False]))}",
    "repr_int64": "result = {'r': repr(torch.tensor([[1, -20], [300, 4]]))}",
    "repr_int32": "result = {'r': repr(torch.tensor([1, 2], dtype=torch.int32))}",
    "repr_float64": "result = {'r': repr(torch.tensor([1.5, 2.0], dtype=torch.float64))}",
    "repr_float64_grad": "result = {'r': repr(torch.tensor([1.5], dtype=torch.float64, requires_grad=True))}",
    "repr_float16": "result = {'r': repr(torch.tensor([1.5, 2.0], dtype=torch.float16))}",
    "repr_empty": "result = {'a': repr(torch.zeros(0)), 'b': repr(torch.zeros(2, 0)), "
                  "'c': repr(torch.zeros(0, dtype=torch.int64))}",
    "repr_3d": "result = {'r': repr(torch.arange(24.).reshape(2, 3, 4))}",
    "repr_long_line": "result = {'r': repr(torch.arange(30.) * 1.5)}",
    "repr_summarized": "result = {'r': repr(torch.arange(2000.))}",
    "repr_summarized_2d": "result = {'r': repr(torch.arange(3000.).reshape(100, 30))}",
    "repr_grad_fn_wrap": "x = torch.arange(12.).reshape(3, 4).requires_grad_(); "
                         "result = {'r': repr(x * 1.123456)}",
    "repr_negative_small": "result = {'r': repr(torch.tensor([-0.0001, 0.5]))}",
    "repr_mixed_width": "result = {'r': repr(torch.tensor([[-1154.3105, 195.3638], [0.1, -919.358]]))}",
    "size_repr": "result = {'r': repr(torch.zeros(2, 3).shape), 's': str(torch.zeros(3).size()), "
                 "'n': torch.zeros(2, 3).size(1)}",
    "dtype_repr": "result = {'a': repr(torch.float32), 'b': str(torch.tensor([1]).dtype), "
                  "'c': repr(torch.tensor([True]).dtype)}",
    "device_repr": "result = {'a': repr(torch.device('cpu')), 'b': repr(torch.device('cuda:1')), "
                   "'c': str(torch.device('cuda', 0)), 'd': str(torch.zeros(1).device)}",
    "grad_fn_names": "x = torch.tensor([1., 2.], requires_grad=True)\n"
                     "m = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
                     "exprs = {'add': x + 2, 'radd': 2 + x, 'sub': x - 2, 'rsub': 2 - x, 'mul': x * 2, "
                     "'div': x / 2, 'rdiv': 2 / x, 'pow': x ** 2, 'rpow': 2 ** x, 'powt': x ** x, 'neg': -x, "
                     "'dot': x @ x, 'mv': m @ x, 'mm': m @ m, 'sum': x.sum(), 'sumdim': x.sum(0), "
                     "'mean': x.mean(), 'meandim': m.mean(1), 'max': x.max(), 'maxdim': m.max(1)[0], "
                     "'min': x.min(), 'norm': x.norm(), 'view': x.view(2, 1), 'reshape': x.reshape(1, 2), "
                     "'unsqueeze': x.unsqueeze(0), 'squeeze': m[None].squeeze(), 'squeeze0': m[None].squeeze(0), "
                     "'T': m.T, 'transpose': m.transpose(0, 1), 'permute': m.permute(1, 0), "
                     "'select': m[0], 'slice': x[1:], 'abs': x.abs(), 'exp': x.exp(), 'log': x.log(), "
                     "'sin': x.sin(), 'cos': x.cos(), 'tanh': x.tanh(), 'sigmoid': x.sigmoid(), "
                     "'relu': x.relu(), 'sqrt': x.sqrt(), 'todtype': x.double(), 'expand': x.expand(3, 2), "
                     "'clone': x.clone(), 'sign': x.sign(), 'amax': m.amax(0)}\n"
                     "result = {k: v.grad_fn.name() for k, v in exprs.items()}",
    # ----- values and gradients -------------------------------------------------------------------
    "seed_quadratic": "x = torch.ones(2, 2, requires_grad=True)\ny = x + 2\nz = y * y * 3\nout = z.mean()\n"
                      "out.backward()\nresult = {'z': z, 'out': out, 'grad': x.grad}",
    "seed_log_sin": "x = torch.tensor(2., requires_grad=True)\ny = torch.tensor(3., requires_grad=True)\n"
                    "z = y * torch.log(x) + torch.sin(y)\nz.backward()\n"
                    "result = {'z': z, 'dx': x.grad, 'dy': y.grad}",
    "vjp_chain": "x = torch.tensor([-0.5, 0.25, 1.5], requires_grad=True)\ny = x * 2\n"
                 "for _ in range(10):\n    y = y * 2\nv = torch.tensor([0.1, 1.0, 0.0001])\ny.backward(v)\n"
                 "result = {'y': y, 'grad': x.grad}",
    "broadcast_add_mul": "a = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)\n"
                         "b = torch.tensor([10., 20., 30.], requires_grad=True)\n"
                         "c = torch.tensor([[2.], [3.]], requires_grad=True)\n"
                         "out = ((a + b) * c).sum()\nout.backward()\n"
                         "result = {'out': out, 'a': a.grad, 'b': b.grad, 'c': c.grad}",
    "division_grads": "a = torch.tensor([1., 2., 3.], requires_grad=True)\n"
                      "b = torch.tensor([4., -5., 6.], requires_grad=True)\n"
                      "out = (a / b + 3 / a - b / 2).sum()\nout.backward()\n"
                      "result = {'out': out, 'a': a.grad, 'b': b.grad}",
    "pow_grads": "a = torch.tensor([0.5, 2., 3.], requires_grad=True)\n"
                 "b = torch.tensor([1.5, 2., -1.], requires_grad=True)\n"
                 "out = (a ** b + a ** 3 + 2 ** b + a ** 0.5).sum()\nout.backward()\n"
                 "result = {'out': out, 'a': a.grad, 'b': b.grad}",
    "unary_grads": "x = torch.tensor([0.3, -1.2, 2.5], dtype=torch.float64, requires_grad=True)\n"
                   "out = (x.exp() + x.abs().log() + x.sin() * x.cos() + x.tanh() + x.sigmoid() + x.relu() "
                   "+ x.abs().sqrt() + x.abs()).sum()\nout.backward()\nresult = {'out': out, 'grad': x.grad}",
    "relu_at_zero": "x = torch.tensor([-1., 0., 1.], requires_grad=True)\nx.relu().sum().backward()\n"
                    "result = {'grad': x.grad}",
    "abs_at_zero": "x = torch.tensor([-1., 0., 1.], requires_grad=True)\nx.abs().sum().backward()\n"
                   "result = {'grad': x.grad}",
    "sigmoid_extreme": "x = torch.tensor([-1e4, 0., 1e4], requires_grad=True)\ns = x.sigmoid()\n"
                       "s.sum().backward()\nresult = {'s': s, 'grad': x.grad}",
    "reductions": "m = torch.tensor([[1., 5., 2.], [7., 3., 7.]], requires_grad=True)\n"
                  "out = m.sum(0).prod() if False else (m.sum(0) * torch.tensor([1., 2., 3.])).sum() "
                  "+ m.mean(1, keepdim=True).sum() * 2 + m.sum((0, 1))\nout.backward()\n"
                  "result = {'out': out, 'grad': m.grad, 's0': m.sum(0), 'm1': m.mean(1, keepdim=True), "
                  "'neg': m.sum(-1)}",
    "max_ties": "m = torch.tensor([[1., 7., 2.], [7., 3., 7.]], requires_grad=True)\nm.max().backward()\n"
                "result = {'grad': m.grad}",
    "max_dim": "m = torch.tensor([[1., 7., 2.], [7., 3., 7.]], requires_grad=True)\nv, i = m.max(1)\n"
               "(v * torch.tensor([1., 10.])).sum().backward()\nresult = {'v': v, 'i': i, 'grad': m.grad}",
    "min_dim_keepdim": "m = torch.tensor([[4., 1., 1.], [0., 3., 0.]], requires_grad=True)\n"
                       "v, i = m.min(dim=1, keepdim=True)\nv.sum().backward()\n"
                       "result = {'v': v, 'i': i, 'grad': m.grad}",
    "amax_ties": "m = torch.tensor([[1., 7., 7.], [2., 3., 0.]], requires_grad=True)\n"
                 "m.amax(1).sum().backward()\nresult = {'grad': m.grad}",
    "norms": "x = torch.tensor([3., -4., 0.], requires_grad=True)\nn2 = x.norm()\nn1 = x.norm(p=1)\n"
             "ninf = x.norm(p=float('inf'))\nn3 = x.norm(p=3)\n(n2 + n1 + ninf + n3).backward()\n"
             "result = {'n2': n2, 'n1': n1, 'ninf': ninf, 'n3': n3, 'grad': x.grad}",
    "norm_zero": "x = torch.zeros(3, requires_grad=True)\nx.norm().backward()\nresult = {'grad': x.grad}",
    "norm_dim": "m = torch.tensor([[3., 4.], [6., 8.]], requires_grad=True)\nn = m.norm(dim=1)\n"
                "n.sum().backward()\nresult = {'n': n, 'grad': m.grad}",
    "matmul_cases": "a = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)\n"
                    "b = torch.tensor([[1., 0.], [0., 1.], [2., -1.]], requires_grad=True)\n"
                    "v = torch.tensor([1., -1., 2.], requires_grad=True)\n"
                    "w = torch.tensor([0.5, 2.], requires_grad=True)\n"
                    "out = (a @ b).sum() + (a @ v).sum() + (w @ a).sum() + v @ v\nout.backward()\n"
                    "result = {'out': out, 'a': a.grad, 'b': b.grad, 'v': v.grad, 'w': w.grad}",
    "matmul_batched": "a = torch.arange(12.).reshape(2, 2, 3).requires_grad_()\n"
                      "b = torch.tensor([[1., 0.], [0., 1.], [2., -1.]], requires_grad=True)\n"
                      "v = torch.tensor([1., -1., 2.], requires_grad=True)\n"
                      "out = (a @ b).sum() + (a @ v).sum()\nout.backward()\n"
                      "result = {'ab': a @ b, 'out': out, 'a': a.grad, 'b': b.grad, 'v': v.grad}",
    "shape_ops": "x = torch.arange(6.).requires_grad_()\nm = x.view(2, 3)\n"
                 "out = (m.T * torch.tensor([[1.], [2.], [3.]])).sum() + m.unsqueeze(0).squeeze(0)[1].sum() "
                 "+ m.permute(1, 0).reshape(-1)[0] * 10 + m.transpose(0, 1)[2, 1] * 100\nout.backward()\n"
                 "result = {'out': out, 'grad': x.grad, 'shape': tuple(m.T.shape)}",
    "slicing": "x = torch.arange(12.).reshape(3, 4).requires_grad_()\n"
               "y = x[1:, ::2] * 2 + x[0, 1] + x[..., -1].sum() + x[None, 2, 1:3].sum()\ny.sum().backward()\n"
               "result = {'y': y, 'grad': x.grad}",
    "indexing_advanced": "x = torch.arange(5.).requires_grad_()\ny = x[[0, 0, 2, 4, 4, 4]]\n"
                         "z = x[x > 2]\n(y.sum() + z.sum()).backward()\nresult = {'y': y, 'z': z, 'grad': x.grad}",
    "expand_grad": "x = torch.tensor([[1.], [2.]], requires_grad=True)\ny = x.expand(2, 3) * "
                   "torch.tensor([1., 2., 3.])\ny.sum().backward()\nresult = {'y': y, 'grad': x.grad}",
    "comparisons": "a = torch.tensor([1., 2., 3.])\nb = torch.tensor([3., 2., 1.])\n"
                   "result = {'eq': a.eq(b), 'ne': a != b, 'lt': a < b, 'le': a <= 2, 'gt': a > b, 'ge': a >= b, "
                   "'all': (a == a).all(), 'any': (a > 5).any(), 'rg': (a.requires_grad_() > 1).requires_grad}",
    "promotion": "f = torch.tensor([1., 2.])\nd = torch.tensor([1., 2.], dtype=torch.float64)\n"
                 "i = torch.tensor([1, 2])\nb = torch.tensor([True, False])\n"
                 "result = {'f_scalar': (f * 2.5).dtype, 'i_float': (i * 2.5).dtype, 'i_int': (i + 1).dtype, "
                 "'f_d': (f + d).dtype, 'i_f': (i + f).dtype, 'i_div': (i / 2).dtype, 'b_i': (b + i).dtype, "
                 "'f_d0': (f + torch.tensor(1., dtype=torch.float64)).dtype, "
                 "'i_f0': (i + torch.tensor(1.5)).dtype, 'exp_i': i.exp().dtype, 'sum_i': i.sum().dtype, "
                 "'sum_b': b.sum().dtype, 'i_f0_val': i + torch.tensor(1.5)}",
    "mixed_dtype_grad": "f = torch.tensor([1., 2.], requires_grad=True)\n"
                        "d = torch.tensor([3., 4.], dtype=torch.float64, requires_grad=True)\n"
                        "out = (f * d).sum()\nout.backward()\n"
                        "result = {'out': out, 'f': f.grad, 'd': d.grad}",
    "factories": "result = {'zeros': torch.zeros(2, 3), 'ones': torch.ones(2, dtype=torch.int64), "
                 "'full': torch.full((2,), 7), 'fullf': torch.full((2,), 1.5), 'arange': torch.arange(5), "
                 "'arangef': torch.arange(0, 1, 0.25), 'arange3': torch.arange(1, 10, 3), "
                 "'lin': torch.linspace(0, 1, 5), 'eye': torch.eye(2, 3), "
                 "'zl': torch.zeros_like(torch.tensor([1, 2])), 'ol': torch.ones_like(torch.tensor([1.5])), "
                 "'nested': torch.tensor([[1, 2.5], [3, 4]]), 'boolint': torch.tensor([True, 2]), "
                 "'empty_shape': tuple(torch.empty(2, 0, 3).shape)}",
    "item_tolist": "x = torch.tensor([[1.5, 2.0]])\n"
                   "result = {'item': torch.tensor([2.5]).item(), 'tolist': x.tolist(), 'numel': x.numel(), "
                   "'dim': x.dim(), 'ndim': x.ndim, 'int_item': torch.tensor(3).item(), "
                   "'bool': bool(torch.tensor([1.]))}",
    "retain_grad": "x = torch.tensor(2., requires_grad=True)\ny = torch.tensor(3., requires_grad=True)\n"
                   "u = x + y\nu.retain_grad()\nz = u ** 2\nz.backward()\n"
                   "result = {'u': u.grad, 'x': x.grad, 'is_leaf': u.is_leaf, 'retains': u.retains_grad}",
    "accumulate_twice": "x = torch.tensor(2., requires_grad=True)\nfor _ in range(3):\n    (x * x).backward()\n"
                        "result = {'grad': x.grad}",
    "retain_graph_twice": "x = torch.tensor([1., 2.], requires_grad=True)\ny = (x * x).sum()\n"
                          "y.backward(retain_graph=True)\ny.backward()\nresult = {'grad': x.grad}",
    "autograd_grad": "x = torch.tensor([1., 2.], requires_grad=True)\ny = (x ** 3).sum()\n"
                     "(g,) = torch.autograd.grad(y, x, create_graph=True)\n(h,) = torch.autograd.grad(g.sum(), x)\n"
                     "result = {'g': g, 'h': h, 'xgrad_is_none': x.grad is None}",
    "second_derivative_chain": "x = torch.tensor([0.5, -1.0], requires_grad=True)\n"
                               "y = (x.sin() * x.exp() + x.tanh() / (x * x + 1)).sum()\n"
                               "(g,) = torch.autograd.grad(y, x, create_graph=True)\n"
                               "(h,) = torch.autograd.grad(g.sum(), x)\nresult = {'g': g, 'h': h}",
    "grad_non_leaf_input": "x = torch.tensor([1., 2.], requires_grad=True)\nu = x * 3\ny = (u * u).sum()\n"
                           "result = {'du': torch.autograd.grad(y, u)[0]}",
    "backward_inputs": "x = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor([3., 4.], requires_grad=True)\n"
                       "(x * y).sum().backward(inputs=[x])\nresult = {'x': x.grad, 'y_none': y.grad is None}",
    "no_grad_modes": "x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    a = x * 2\n"
                     "    with torch.enable_grad():\n        b = x * 2\nwith torch.set_grad_enabled(False):\n"
                     "    c = x * 2\nresult = {'a': a.requires_grad, 'b': b.requires_grad, 'c': c.requires_grad, "
                     "'mode': torch.is_grad_enabled()}",
    "inplace_under_no_grad": "w = torch.ones(4, requires_grad=True)\nwith torch.no_grad():\n    w -= 0.5\n"
                             "    w *= 3\nw.grad = None\nresult = {'w': w, 'leaf': w.is_leaf}",
    "inplace_non_leaf": "x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny += 1\ny *= 3\n"
                        "y.sum().backward()\nresult = {'y': y, 'grad': x.grad}",
    "data_assignment": "x = torch.ones(1, requires_grad=True)\ny = 2 * x\nx.data *= 100\ny.backward()\n"
                       "result = {'x': x, 'grad': x.grad, 'data_rg': x.data.requires_grad}",
    "detach_shares": "x = torch.tensor([1., 2.], requires_grad=True)\nd = x.detach()\nwith torch.no_grad():\n"
                     "    x[0] = 5.\nresult = {'d': d, 'eq': x.eq(d).all()}",
    "setitem_grad": "x = torch.tensor([1., 2., 3.], requires_grad=True)\nv = torch.tensor(10., requires_grad=True)\n"
                    "y = x * 1\ny[1] = v * 2\ny.sum().backward()\nresult = {'y': y, 'x': x.grad, 'v': v.grad}",
    # ----- the rest of torch.autograd ----------------------------------------------------------------
    "function_basic": "class Cube(torch.autograd.Function):\n"
                      "    @staticmethod\n    def forward(ctx, x, k):\n        ctx.save_for_backward(x)\n"
                      "        ctx.k = k\n        return x ** 3 * k\n"
                      "    @staticmethod\n    def backward(ctx, g):\n        (x,) = ctx.saved_tensors\n"
                      "        return g * 3 * x ** 2 * ctx.k, None\n"
                      "x = torch.tensor([1., 2.], requires_grad=True)\ny = Cube.apply(x, 2.0)\ny.sum().backward()\n"
                      "result = {'y': y, 'grad': x.grad, 'name': y.grad_fn.name(), 'needs': None}",
    "function_needs_input_grad": "seen = []\nclass F(torch.autograd.Function):\n"
                                 "    @staticmethod\n    def forward(ctx, a, b, k):\n        return a * b * k\n"
                                 "    @staticmethod\n    def backward(ctx, g):\n"
                                 "        seen.append(ctx.needs_input_grad)\n        return g, g, None\n"
                                 "a = torch.ones(2, requires_grad=True)\nb = torch.ones(2)\n"
                                 "F.apply(a, b, 3.0).sum().backward()\nresult = {'needs': seen[0], 'a': a.grad}",
    "function_multiple_outputs": "class Split(torch.autograd.Function):\n"
                                 "    @staticmethod\n    def forward(ctx, x):\n        return x * 2, x * 3\n"
                                 "    @staticmethod\n    def backward(ctx, g1, g2):\n        return g1 * 2 + g2 * 3\n"
                                 "x = torch.ones(2, requires_grad=True)\na, b = Split.apply(x)\n(a.sum() * 10).backward()\n"
                                 "result = {'a': a, 'b': b, 'grad': x.grad, 'nr': b.output_nr}",
    "function_non_differentiable": "class Idx(torch.autograd.Function):\n"
                                   "    @staticmethod\n    def forward(ctx, x):\n        i = (x > 0).long()\n"
                                   "        ctx.mark_non_differentiable(i)\n        return x * 2, i\n"
                                   "    @staticmethod\n    def backward(ctx, g, gi):\n        return g * 2\n"
                                   "x = torch.tensor([1., -1.], requires_grad=True)\nv, i = Idx.apply(x)\n"
                                   "v.sum().backward()\nresult = {'v': v, 'i': i, 'i_rg': i.requires_grad, 'grad': x.grad}",
    "function_materialize_off": "seen = []\nclass Two(torch.autograd.Function):\n"
                                "    @staticmethod\n    def forward(ctx, x):\n        ctx.set_materialize_grads(False)\n"
                                "        return x * 1, x * 2\n"
                                "    @staticmethod\n    def backward(ctx, g1, g2):\n        seen.append(g2 is None)\n"
                                "        return g1\n"
                                "x = torch.ones(2, requires_grad=True)\na, b = Two.apply(x)\na.sum().backward()\n"
                                "result = {'none': seen[0], 'grad': x.grad}",
    "function_setup_context": "class Sq(torch.autograd.Function):\n"
                              "    @staticmethod\n    def forward(x):\n        return x * x\n"
                              "    @staticmethod\n    def setup_context(ctx, inputs, output):\n"
                              "        ctx.save_for_backward(inputs[0])\n"
                              "    @staticmethod\n    def backward(ctx, g):\n        (x,) = ctx.saved_tensors\n"
                              "        return 2 * x * g\n"
                              "x = torch.tensor([3.], requires_grad=True)\nSq.apply(x).backward()\nresult = {'grad': x.grad}",
    "function_double_backward": "class Cube(torch.autograd.Function):\n"
                                "    @staticmethod\n    def forward(ctx, x):\n        ctx.save_for_backward(x)\n"
                                "        return x ** 3\n"
                                "    @staticmethod\n    def backward(ctx, g):\n        (x,) = ctx.saved_tensors\n"
                                "        return g * 3 * x ** 2\n"
                                "x = torch.tensor([2.], requires_grad=True)\n"
                                "(g,) = torch.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)\n"
                                "(h,) = torch.autograd.grad(g.sum(), x)\nresult = {'g': g, 'h': h}",
    "function_mark_dirty": "class AddOne(torch.autograd.Function):\n"
                           "    @staticmethod\n    def forward(ctx, x):\n        x.add_(1)\n        ctx.mark_dirty(x)\n"
                           "        return x\n"
                           "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
                           "a = torch.ones(2, requires_grad=True)\nx = a * 2\ny = AddOne.apply(x)\n"
                           "y.sum().backward()\nresult = {'same': y is x, 'x': x, 'name': x.grad_fn.name(), 'grad': a.grad}",
    "hooks_tensor": "x = torch.tensor([1., 2.], requires_grad=True)\nseen = []\n"
                    "h = x.register_hook(lambda g: g * 10)\ny = x * 3\ny.register_hook(lambda g: seen.append(g.clone()))\n"
                    "y.sum().backward()\nh.remove()\nx.grad = None\n(x * 3).sum().backward()\n"
                    "result = {'seen': seen[0], 'after_remove': x.grad}",
    "hooks_retain_grad_order": "x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.retain_grad()\n"
                               "y.register_hook(lambda g: g * 100)\ny.sum().backward()\n"
                               "result = {'y': y.grad, 'x': x.grad}",
    "hooks_post_accumulate": "x = torch.tensor([1., 2.], requires_grad=True)\nseen = []\n"
                             "x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.clone()))\n"
                             "(x * 5).sum().backward()\nresult = {'seen': seen[0]}",
    "hooks_node": "x = torch.tensor([1., 2.], requires_grad=True)\ny = x * torch.tensor([2., 2.])\nz = y.exp()\n"
                  "z.grad_fn.register_prehook(lambda gouts: (gouts[0] * 2,))\n"
                  "y.grad_fn.register_hook(lambda gins, gouts: (gins[0] + 1, gins[1]))\nz.sum().backward()\n"
                  "result = {'grad': x.grad}",
    "err_hooks_node_count": "x = torch.tensor([1., 2.], requires_grad=True)\ny = x * torch.tensor([2., 2.])\n"
                            "y.grad_fn.register_hook(lambda gins, gouts: (gins[0] + 1,))\ny.sum().backward()",
    "functional_all": "F = torch.autograd.functional\n"
                      "f = lambda x: (x ** 3).sum()\ng = lambda x: x ** 2\nx = torch.tensor([1., 2.])\n"
                      "v = torch.tensor([1., -1.])\n"
                      "result = {'jac': F.jacobian(g, x), 'hess': F.hessian(f, x), 'vjp': F.vjp(g, x, v), "
                      "'jvp': F.jvp(g, x, v), 'hvp': F.hvp(f, x, v), 'vhp': F.vhp(f, x, v), "
                      "'jac2': F.jacobian(lambda a, b: a * b, (x, v))}",
    "err_function_wrong_count": "class W(torch.autograd.Function):\n"
                                "    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n"
                                "    @staticmethod\n    def backward(ctx, g):\n        return g, g\n"
                                "W.apply(torch.ones(3, requires_grad=True)).sum().backward()",
    "err_function_bad_shape": "class S(torch.autograd.Function):\n"
                              "    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n"
                              "    @staticmethod\n    def backward(ctx, g):\n        return g[:2]\n"
                              "S.apply(torch.ones(3, requires_grad=True)).sum().backward()",
    "err_function_dirty_leaf": "class D(torch.autograd.Function):\n"
                               "    @staticmethod\n    def forward(ctx, x):\n        x.add_(1)\n        ctx.mark_dirty(x)\n"
                               "        return x\n"
                               "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
                               "D.apply(torch.ones(3, requires_grad=True))",
    "err_function_saved_modified": "class F(torch.autograd.Function):\n"
                                   "    @staticmethod\n    def forward(ctx, x):\n        ctx.save_for_backward(x)\n"
                                   "        return x * 2\n"
                                   "    @staticmethod\n    def backward(ctx, g):\n        (x,) = ctx.saved_tensors\n"
                                   "        return g * x\n"
                                   "a = torch.ones(3, requires_grad=True)\nx = a * 1\ny = F.apply(x)\nx.mul_(2)\n"
                                   "y.sum().backward()",
    "inplace_view_mul": "x = torch.tensor([1., 2., 3., 4.], requires_grad=True)\n"
                        "b = torch.tensor([10., 20.], requires_grad=True)\ny = x * 1\nv = y[1:3]\nv.mul_(b)\n"
                        "(y * torch.arange(4.)).sum().backward()\n"
                        "result = {'y': y, 'v': v, 'x': x.grad, 'b': b.grad}",
    "inplace_view_accumulate": "out = torch.zeros(2, 3)\nw = torch.ones(2, requires_grad=True)\n"
                               "out[:, 1] += w * 5\nout[0] *= 2\nout.sum().backward()\n"
                               "result = {'out': out, 'w': w.grad}",
    "inplace_saved_self": "x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny *= x\n"
                          "y.sum().backward()\nresult = {'y': y, 'grad': x.grad}",
    "err_hook_no_grad": "torch.ones(2).register_hook(lambda g: g)",
    "err_inference_saved": "x = torch.ones(3, requires_grad=True)\nwith torch.inference_mode():\n    t = x * 2\n"
                           "(t * x).sum().backward()",
    "err_inference_requires_grad": "with torch.inference_mode():\n    t = torch.ones(2)\nt.requires_grad_()",
    "err_inference_inplace": "with torch.inference_mode():\n    t = torch.ones(2)\nt.add_(1)",
    "err_view_of_leaf_inplace": "x = torch.ones(3, requires_grad=True)\nx[0:2].mul_(2)",
    "err_anomaly_nan": "x = torch.tensor([-1.0], requires_grad=True)\nimport warnings\n"
                       "with warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n"
                       "    with torch.autograd.detect_anomaly():\n        x.sqrt().sum().backward()",
    # ----- errors ---------------------------------------------------------------------------------
    "err_nonscalar_backward": "x = torch.ones(3, requires_grad=True)\n(x * 2).backward()",
    "err_second_backward": "x = torch.ones(3, requires_grad=True)\ny = (x * x).sum()\ny.backward()\ny.backward()",
    "err_int_requires_grad": "torch.tensor([1, 2], requires_grad=True)",
    "err_int_requires_grad_": "torch.tensor([1, 2]).requires_grad_()",
    "err_inplace_leaf": "x = torch.ones(3, requires_grad=True)\nx += 1",
    "err_inplace_leaf_zero": "x = torch.ones(3, requires_grad=True)\nx.zero_()",
    "err_no_grad_backward": "x = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    y = (x * 2).sum()\n"
                            "y.backward()",
    "err_plain_backward": "torch.ones(2).sum().backward()",
    "err_broadcast": "torch.ones(3) + torch.ones(4)",
    "err_matmul_shape": "torch.ones(2, 3) @ torch.ones(4, 5)",
    "err_matmul_dtype": "torch.ones(2, 3) @ torch.ones(3, 2, dtype=torch.float64)",
    "err_dot_size": "torch.ones(3) @ torch.ones(4)",
    "err_dim_range": "torch.ones(2, 3).sum(2)",
    "err_index_range": "torch.ones(2, 3)[2]",
    "err_too_many_indices": "torch.ones(2)[0, 0]",
    "err_view_shape": "torch.ones(6).view(4, 2)",
    "err_view_noncontig": "torch.ones(2, 3).T.view(6)",
    "err_item": "torch.ones(2).item()",
    "err_bool_ambiguous": "bool(torch.ones(2))",
    "err_grad_shape": "x = torch.ones(3, requires_grad=True)\n(x * 2).backward(torch.ones(2))",
    "err_unused_input": "x = torch.ones(2, requires_grad=True)\ny = torch.ones(2, requires_grad=True)\n"
                        "torch.autograd.grad((x * 2).sum(), [x, y])",
    "err_grad_no_requires": "x = torch.ones(2, requires_grad=True)\ny = torch.ones(2)\n"
                            "torch.autograd.grad((x * 2).sum(), [y])",
    "err_non_leaf_requires_grad": "x = torch.ones(2, requires_grad=True)\n(x * 2).requires_grad_(False)",
    "err_numpy_requires_grad": "torch.ones(2, requires_grad=True).numpy()",
    "err_mean_int": "torch.tensor([1, 2]).mean()",
    "err_inplace_saved": "x = torch.ones(3, requires_grad=True)\ny = x * 2\nz = y * y\ny += 1\nz.sum().backward()",
    "err_inplace_saved_output": "x = torch.ones(3, requires_grad=True)\ny = x.exp()\ny += 1\ny.sum().backward()",
    "err_inplace_cast": "x = torch.tensor([1, 2])\nx += 1.5",
    "err_expand": "torch.ones(2, 3).expand(4, 3)",
    "err_len_0d": "len(torch.tensor(1.))",
    "err_max_empty": "torch.zeros(0).max()",
    "err_arange_sign": "torch.arange(0, 5, -1)",
    "err_reshape_infer": "torch.ones(6).reshape(-1, -1)",
    "err_float_index": "torch.ones(3)[torch.tensor([0.])]",
    "err_cat_shape": "torch.cat([torch.ones(2, 3), torch.ones(2, 4)])",
    "err_cat_dims": "torch.cat([torch.ones(2, 3), torch.ones(3)])",
    "err_stack_shape": "torch.stack([torch.ones(2), torch.ones(3)])",
    "err_gather_dtype": "torch.ones(2, 3).gather(1, torch.tensor([[0.5]]))",
    "err_gather_dims": "torch.ones(2, 3).gather(1, torch.tensor([0, 1]))",
    "err_index_select_dtype": "torch.ones(2, 3).index_select(0, torch.tensor([0.]))",
    "err_conv_channels": "torch.nn.functional.conv2d(torch.ones(1, 3, 5, 5), torch.ones(4, 2, 3, 3))",
    "err_nll_target_dtype": "torch.nn.functional.nll_loss(torch.ones(2, 3), torch.tensor([0., 1.]))",
    "err_cross_entropy_batch": "torch.nn.functional.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1, 2]))",
    "err_inv_square": "torch.linalg.inv(torch.ones(2, 3))",
    "err_where_condition": "torch.where(torch.ones(2), torch.ones(2), torch.zeros(2))",
    "err_clamp_none": "torch.clamp(torch.ones(2))",
    "err_split_sizes": "torch.ones(5).split([2, 2])",
    "err_narrow": "torch.ones(5).narrow(0, 3, 4)",
    "err_permute_dims": "torch.ones(2, 3).permute(0, 0)",
    "err_matmul_0d": "torch.tensor(2.) @ torch.ones(2)",
    "err_dropout_p": "torch.nn.functional.dropout(torch.ones(2), 1.5)",
    "err_one_hot_float": "torch.nn.functional.one_hot(torch.tensor([0.5]), 2)",
    # ----- max pooling: ties go to the first maximum, a window with NaN to its last NaN, shared maxima add up
    "max_pool_ties_nan": "nan = float('nan')\n"
                         "x = torch.tensor([[[[nan, 1., 3., 3.], [nan, 2., 1., 3.], [0., 0., 5., -1.], "
                         "[0., 0., 5., 5.]]]], requires_grad=True)\n"
                         "out, idx = torch.nn.functional.max_pool2d(x, 2, return_indices=True)\n"
                         "out.nan_to_num(0.).sum().backward()\n"
                         "result = {'out': repr(out), 'idx': idx, 'grad': x.grad}",
    "max_pool_overlapping": "x = torch.tensor([[[[1., 2., 0.], [0., 9., 0.], [4., 0., 3.]]]], requires_grad=True)\n"
                            "out, idx = torch.nn.functional.max_pool2d(x, 2, stride=1, return_indices=True)\n"
                            "(out * torch.tensor([1., 2., 3., 4.]).reshape(1, 1, 2, 2)).sum().backward()\n"
                            "result = {'out': out, 'idx': idx, 'grad': x.grad}",
    "max_pool_dilated_padded": "x = torch.arange(36.).reshape(1, 1, 6, 6).flip(-1).requires_grad_()\n"
                               "out, idx = torch.nn.functional.max_pool2d(x, 2, stride=2, padding=1, dilation=2, "
                               "return_indices=True)\n"
                               "out.sum().backward()\n"
                               "result = {'out': out, 'idx': idx, 'grad': x.grad}",
    # ----- torch.distributed before init_process_group, and DistributedSampler -------------------------
    "dist_all_reduce_before_init": "torch.distributed.all_reduce(torch.ones(2))",
    "dist_get_rank_before_init": "result = {'r': torch.distributed.get_rank()}",
    "dist_barrier_before_init": "torch.distributed.barrier()",
    "dist_is_initialized": "result = {'i': torch.distributed.is_initialized(), 'a': torch.distributed.is_available()}",
    "ddp_before_init": "torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(2, 2))",
    "sampler_before_init": "torch.utils.data.distributed.DistributedSampler(range(4))",
    "sampler_shares": "S = torch.utils.data.distributed.DistributedSampler\n"
                      "result = {f'{r}/{d}': str(list(S(range(10), num_replicas=3, rank=r, shuffle=False, "
                      "drop_last=d))) for r in range(3) for d in (False, True)}\n"
                      "result['len'] = len(S(range(11), num_replicas=4, rank=0, drop_last=True))",
    "sampler_in_dataloader": "D = torch.utils.data\n"
                             "ds = D.TensorDataset(torch.arange(10))\n"
                             "loader = D.DataLoader(ds, batch_size=3, sampler=D.DistributedSampler(ds, num_replicas=2, "
                             "rank=1, shuffle=False))\n"
                             "result = {'len': len(loader), 'batches': str([b[0].tolist() for b in loader])}",
    "sampler_invalid_rank": "torch.utils.data.DistributedSampler(range(10), num_replicas=3, rank=3)",
}
