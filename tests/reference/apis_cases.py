"""Snippets of the issue-15 APIs run with ``torch`` bound to PyTorch (recorded by ``apis.py`` into
``torch_apis.json``) and to gradlib (``tests/test_apis.py``): printing, values at edges, errors, dtypes and
grad_fn names. Fixed data only, except the random cases, which observe shapes, dtypes, ranges and errors."""

_T = "x = torch.tensor([[3., 1., 2., 1.], [0., 5., -1., 5.]], requires_grad=True)\n"

CASES = {
    # ----- ordering ------------------------------------------------------------------------------------
    "sort_repr": "result = {'r': repr(torch.sort(torch.tensor([3., 1., 2.])))}",
    "sort_nan": "v, i = torch.sort(torch.tensor([1., float('nan'), 0.]), descending=True)\n"
                "w, j = torch.tensor([1., float('nan'), 0.]).sort()\nresult = {'v': v, 'i': i, 'w': w, 'j': j}",
    "sort_stable_ties": "v, i = torch.sort(torch.tensor([2, 1, 2, 1, 2]), stable=True, descending=True)\n"
                        "a = torch.argsort(torch.tensor([2, 1, 2, 1]), stable=True)\nresult = {'i': i, 'a': a}",
    "sort_0d_bool": "result = {'s': torch.tensor(3.).sort().values, 'b': torch.tensor([True, False, True]).sort()[0]}",
    "sort_dim_error": "torch.zeros(2, 3).sort(2)",
    "topk_errors": "torch.tensor([1., 2.]).topk(3)",
    "topk_grad": _T + "v, i = x.topk(2, dim=1)\nv.sum().backward()\nresult = {'v': v, 'i': i, 'g': x.grad, "
                      "'name': v.grad_fn.name()}",
    "kthvalue_error": "torch.tensor([1., 2.]).kthvalue(3)",
    "kthvalue_empty": "torch.zeros(0).kthvalue(1)",
    "median_even_nan": "result = {'m': torch.tensor([1., 2., 3., 4.]).median(), 'n': torch.tensor([1., float('nan'), "
                       "2.]).median(), 'i': torch.tensor([[1., float('nan'), 3., 0.]]).median(1).indices, "
                       "'nm': torch.tensor([4., float('nan'), 1., 3.]).nanmedian()}",
    "median_grad_ties": "x = torch.tensor([1., 2., 2., 3.], requires_grad=True)\nm = x.median()\nm.backward()\n"
                        "result = {'m': m, 'g': x.grad}",
    "median_dim_error": "torch.zeros(2, 0).median(1)",
    "unique_forms": "t = torch.tensor([3, 1, 3, 2])\nu, inv, c = torch.unique(t, return_inverse=True, "
                    "return_counts=True)\nd = torch.unique(torch.tensor([[1, 2], [0, 1], [1, 2]]), dim=0)\n"
                    "result = {'u': u, 'inv': inv, 'c': c, 'd': d, 'm': t.unique()}",
    "unique_grad_fn": "u = torch.unique(torch.tensor([2., 1., 2.], requires_grad=True))\nresult = {'r': repr(u)}",
    "nonzero_forms": "t = torch.tensor([[0, 1], [2, 0]])\nresult = {'n': torch.nonzero(t), 't': t.nonzero(as_tuple=True), "
                     "'w': torch.where(t > 0), 's': torch.nonzero(torch.tensor(5.)), "
                     "'st': torch.nonzero(torch.tensor(5.), as_tuple=True), 'a': torch.argwhere(t)}",
    # ----- tests of values -------------------------------------------------------------------------------
    "isclose_rules": "a = torch.tensor([1., float('nan'), float('inf'), 1.])\n"
                     "b = torch.tensor([1.000001, float('nan'), float('inf'), 1.1])\n"
                     "result = {'c': torch.isclose(a, b), 'n': torch.isclose(a, b, equal_nan=True), "
                     "'i': torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3]), rtol=0.5, atol=0), "
                     "'all': torch.allclose(a[:1], b[:1]), 'all2': torch.allclose(a, b, equal_nan=True)}",
    "isclose_dtype_error": "torch.isclose(torch.tensor([1.]), torch.tensor([1.], dtype=torch.float64))",
    "isclose_rtol_error": "torch.isclose(torch.tensor([1.]), torch.tensor([1.]), rtol=-1)",
    "isnan_family": "t = torch.tensor([1., float('nan'), float('inf'), -float('inf')])\n"
                    "result = {'n': t.isnan(), 'i': torch.isinf(t), 'p': t.isposinf(), 'q': torch.isneginf(t), "
                    "'f': t.isfinite(), 'int': torch.tensor([1, 2]).isnan()}",
    # ----- bits -----------------------------------------------------------------------------------------
    "shifts": "t = torch.tensor([1, -8, 3])\nu = torch.tensor([1, 2, 70])\n"
              "result = {'l': t << u, 'r': t >> u, 's': t << 2, 'rl': 1 << u, 'b': torch.tensor([True, False]) << 1, "
              "'u8': torch.tensor([1, 2], dtype=torch.uint8) << torch.tensor([1, 9]), "
              "'f': torch.bitwise_right_shift(torch.tensor([16]), torch.tensor([2]))}",
    "shift_inplace": "t = torch.tensor([1, 2])\nt <<= 2\nu = torch.tensor([8, -8])\nu >>= 1\nresult = {'t': t, 'u': u}",
    "shift_float_error": "torch.tensor([1., 2.]) << 1",
    "invert": "result = {'i': ~torch.tensor([1, -2]), 'u': ~torch.tensor([1, 2], dtype=torch.uint8), "
              "'b': ~torch.tensor([True, False]), 'n': torch.bitwise_not(torch.tensor([0]))}",
    "invert_float_error": "~torch.tensor([1.])",
    "reflected_floordiv_mod": "t = torch.tensor([2, -3])\nresult = {'a': 7 // t, 'b': 7. // t, 'c': 7 % t, "
                              "'d': 7.5 % torch.tensor([2., -3.])}",
    # ----- conversion -----------------------------------------------------------------------------------
    "type_strings": "x = torch.tensor([1.5, 2.])\nresult = {'t': x.type(), 'l': x.type('torch.LongTensor'), "
                    "'d': x.type(torch.float64), 'i': torch.tensor([1]).type(), 'a': x.type_as(torch.tensor([1]))}",
    "legacy_types": "x = torch.zeros(2, device='cpu')\nresult = {'f': torch.FloatTensor(2, 3).shape, 'l': torch.FloatTensor([1, 2]), "
                    "'c': torch.LongTensor([1.7]), 't': torch.FloatTensor(torch.tensor([1., 2.], device='cpu')), "
                    "'e': torch.FloatTensor().shape, 'b': torch.BoolTensor([1, 0]), "
                    "'is': (isinstance(x, torch.FloatTensor), isinstance(x, torch.LongTensor)), "
                    "'d': torch.DoubleTensor.dtype, 'ty': x.type(torch.LongTensor), 'r': repr(torch.FloatTensor)}",
    "legacy_type_mismatch": "torch.FloatTensor(torch.tensor([1, 2], device='cpu'))",
    "legacy_linalg": "A = torch.tensor([[1., 2.], [3., 4.], [5., 7.]])\nresult = {'svd': repr(torch.svd(A)), "
                     "'full': torch.svd(A, some=False).U.shape, 'nouv': torch.svd(A, compute_uv=False).V, "
                     "'pinv': torch.tensor([[1., 2.], [3., 4.]]).pinverse(), "
                     "'rank': torch.linalg.matrix_rank(torch.tensor([[1., 2.], [2., 4.]])), "
                     "'rankh': torch.linalg.matrix_rank(torch.eye(3), hermitian=True), 'qr': torch.qr(A).R.shape}",
    "type_bad_name": "torch.tensor([1.]).type('torch.Nope')",
    # ----- running reductions ----------------------------------------------------------------------------
    "cummax_ties_nan": "v, i = torch.tensor([1., 3., 3., float('nan'), 2., float('nan')]).cummax(0)\n"
                       "w, j = torch.cummin(torch.tensor([2, 1, 1, 3]), 0)\nresult = {'v': v, 'i': i, 'w': w, 'j': j}",
    "cummax_grad": _T + "v, i = x.cummax(1)\nv.sum().backward()\nresult = {'g': x.grad, 'name': v.grad_fn.name()}",
    "logcumsumexp_values": "result = {'a': torch.logcumsumexp(torch.tensor([0., -1000., 1000., 1.]), 0), "
                           "'b': torch.tensor([-float('inf'), 0.]).logcumsumexp(0)}",
    # ----- special functions -----------------------------------------------------------------------------
    "special_values": "x = torch.tensor([0.1, 0.5, 1., 1.5, 2., 3.7, 10., 123.4, -0.5, -2.5], dtype=torch.float64)\n"
                      "result = {'lg': torch.lgamma(x), 'dg': torch.digamma(x), "
                      "'p3': torch.polygamma(3, x[:8]), 'gl': torch.special.gammaln(x), 'psi': torch.special.psi(x)}",
    "special_edges": "z = torch.tensor([0., -0., -1., -2., float('inf')], dtype=torch.float64)\n"
                     "result = {'lg': torch.lgamma(z), 'dg': torch.digamma(z)}",
    "erfinv_values": "x = torch.tensor([-1., -0.999999, -0.9, -0.3, 0., 1e-10, 0.5, 0.99, 0.9999999, 1., 1.5], "
                     "dtype=torch.float64)\nresult = {'e': torch.erfinv(x), 's': torch.special.erfinv(x.float())}",
    "xlogy_edges": "x = torch.tensor([0., 0., 0., 1., 2.])\ny = torch.tensor([0., float('nan'), -1., 0., -1.])\n"
                   "result = {'t': torch.xlogy(x, y), 's': torch.special.xlogy(2., torch.tensor([3.])), "
                   "'o': torch.xlogy(x, 0.), 'i': torch.xlogy(torch.tensor([1, 0]), torch.tensor([3, 0]))}",
    "entr_logit": "x = torch.tensor([-1., 0., 0.25, 1., 2.])\nresult = {'e': torch.special.entr(x), "
                  "'l': torch.logit(x), 'le': torch.logit(x, eps=0.1), 'x': torch.special.expit(x), "
                  "'s': torch.special.sinc(x), 'e2': torch.special.exp2(x)}",
    "special_grad_fn_names": "x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)\n"
                             "exprs = {'lgamma': torch.lgamma(x), 'digamma': torch.digamma(x), "
                             "'polygamma': torch.polygamma(1, x), 'erfinv': torch.erfinv(x / 2), "
                             "'entr': torch.special.entr(x), 'logit': torch.logit(x / 2), "
                             "'xlogy': torch.xlogy(x, x), 'xlogy1': torch.xlogy(2., x), 'xlogy2': torch.xlogy(x, 2.), "
                             "'sort': x.sort().values, 'stable': x.sort(stable=True).values, "
                             "'median': x.median(), 'mediandim': x.median(0).values, 'kth': x.kthvalue(1).values, "
                             "'cummax': x.cummax(0).values, 'cummin': x.cummin(0).values, "
                             "'lcse': x.logcumsumexp(0), 'cdist': torch.cdist(x[None, :, None], x[None, :, None]), "
                             "'dist': torch.dist(x, x * 2), 'normal': torch.normal(x, 1.), "
                             "'normal2': torch.normal(1., x), 'normal3': torch.normal(x, x), "
                             "'bern': torch.bernoulli(x / 2), "
                             "'index_put': x.index_put((torch.tensor([0]),), x[1:]), "
                             "'scatter_reduce': x.scatter_reduce(0, torch.tensor([0, 0]), x, 'amax')}\n"
                             "result = {k: v.grad_fn.name() for k, v in exprs.items()}",
    # ----- writing at indices ------------------------------------------------------------------------------
    "index_put_forms": "x = torch.zeros(3, 2)\nresult = {"
                       "'acc': x.index_put((torch.tensor([0, 0]),), torch.tensor([1., 2.]), accumulate=True), "
                       "'two': x.index_put((torch.tensor([0, 2]), torch.tensor([1, 0])), torch.tensor(5.)), "
                       "'mask': x.index_put([torch.tensor([True, False, True])], torch.tensor([7., 8.]))}\n"
                       "x.index_put_((torch.tensor([1]),), torch.tensor([4., 4.]))\nresult['inplace'] = x",
    "index_put_dtype_error": "torch.zeros(3).index_put((torch.tensor([0]),), torch.tensor([1]))",
    "scatter_reduce_forms": "t = torch.tensor([1., 2., 3.])\ni = torch.tensor([0, 0, 2, 2])\n"
                            "s = torch.tensor([4., 5., 6., -7.])\nresult = {r + str(inc): t.scatter_reduce(0, i, s, r, "
                            "include_self=inc) for r in ('sum', 'prod', 'mean', 'amax', 'amin') for inc in (True, False)}\n"
                            "result['int_mean'] = torch.tensor([1, 2, 3]).scatter_reduce(0, torch.tensor([0, 0, 0]), "
                            "torch.tensor([4, 5, 7]), 'mean', include_self=False)",
    "scatter_reduce_bad": "torch.zeros(3).scatter_reduce(0, torch.tensor([0]), torch.ones(1), 'foo')",
    "scatter_reduce_amax_grad": "t = torch.tensor([1., 5., 3.], requires_grad=True)\n"
                                "s = torch.tensor([5., 2., 3.], requires_grad=True)\n"
                                "o = t.scatter_reduce(0, torch.tensor([1, 0, 2]), s, 'amax')\no.sum().backward()\n"
                                "result = {'o': o, 'gt': t.grad, 'gs': s.grad}",
    # ----- distances, grids, einsum ------------------------------------------------------------------------
    "cdist_values": "a = torch.tensor([[0., 0.], [1., 1.]])\nb = torch.tensor([[3., 4.], [0., 0.]])\n"
                    "result = {p: torch.cdist(a, b, p=float(p)) for p in ('0', '1', '2', '3', 'inf')}\n"
                    "a.requires_grad_()\ntorch.cdist(a, b).sum().backward()\nresult['g'] = a.grad",
    "cdist_errors": "torch.cdist(torch.zeros(2, 3), torch.zeros(4, 2))",
    "cdist_1d_error": "torch.cdist(torch.zeros(3), torch.zeros(4, 3))",
    "dist_values": "a = torch.tensor([1., 2.])\nb = torch.tensor([4., 6.])\n"
                   "result = {'2': torch.dist(a, b), '0': torch.dist(a, b, 0), '1': a.dist(b, 1), "
                   "'inf': torch.dist(a, b, float('inf')), '3': torch.dist(a, b, 3)}",
    "meshgrid_forms": "a = torch.tensor([1, 2])\nb = torch.tensor([3, 4, 5])\nij = torch.meshgrid(a, b, indexing='ij')\n"
                      "xy = torch.meshgrid([a, b], indexing='xy')\nresult = {'ij': ij, 'xy': xy}",
    "einsum_ellipsis": "a = torch.arange(24.).reshape(2, 3, 4)\nb = torch.arange(8.).reshape(4, 2)\n"
                       "result = {'a': torch.einsum('...ij,jk->...ik', a, b), 'b': torch.einsum('i...->...', a), "
                       "'c': torch.einsum('...ii', torch.arange(18.).reshape(2, 3, 3)), "
                       "'d': torch.einsum('b...,b...->b', a, a)}",
    # ----- linalg ------------------------------------------------------------------------------------------
    "linalg_repr": "A = torch.tensor([[1., 2.], [3., 4.], [5., 7.]])\nB = torch.tensor([[1.], [2.], [2.]])\n"
                   "result = {'y': repr(torch.linalg.lstsq(A, B)), 'd': repr(torch.linalg.lstsq(A, B, driver='gelsd')), "
                   "'r': repr(torch.linalg.qr(A, mode='r')), 's': torch.linalg.svd(A).U.shape, "
                   "'sr': torch.linalg.svd(A, full_matrices=False).U.shape, 'sv': torch.linalg.svdvals(A), "
                   "'nuc': torch.linalg.matrix_norm(A, 'nuc'), 'two': torch.linalg.matrix_norm(A, 2), "
                   "'neg': torch.linalg.matrix_norm(A, -2), 'e': torch.linalg.eigvalsh(A.mT @ A), "
                   "'p': torch.linalg.pinv(torch.tensor([[2., 0.], [0., 0.]])), "
                   "'ph': torch.linalg.pinv(torch.tensor([[2., 0.], [0., 1e-9]]), hermitian=True, atol=1e-6)}",
    "linalg_grad_fn_names": "A = torch.tensor([[1., 2.], [3., 4.], [5., 7.]], requires_grad=True)\n"
                            "S = torch.tensor([[2., 1.], [1., 2.]], requires_grad=True)\n"
                            "exprs = {'svd': torch.linalg.svd(A).S, 'svdvals': torch.linalg.svdvals(A), "
                            "'qr': torch.linalg.qr(A).R, 'eigh': torch.linalg.eigh(S).eigenvalues, "
                            "'eigvalsh': torch.linalg.eigvalsh(S), 'pinv': torch.linalg.pinv(A), "
                            "'lstsq': torch.linalg.lstsq(A, A).solution, 'nuc': torch.linalg.matrix_norm(A, 'nuc'), "
                            "'two': torch.linalg.matrix_norm(A, 2), 'neg': torch.linalg.matrix_norm(A, -2)}\n"
                            "result = {k: v.grad_fn.name() for k, v in exprs.items()}",
    "qr_r_backward_error": "A = torch.tensor([[1., 2.], [3., 4.], [5., 7.]], requires_grad=True)\n"
                           "torch.linalg.qr(A, mode='r').R.sum().backward()",
    "qr_complete_backward_error": "A = torch.tensor([[1., 2.], [3., 4.], [5., 7.]], requires_grad=True)\n"
                                  "torch.linalg.qr(A, mode='complete').Q.sum().backward()",
    "qr_mode_error": "torch.linalg.qr(torch.eye(2), mode='x')",
    "eigh_square_error": "torch.linalg.eigh(torch.ones(2, 3))",
    "eigh_uplo_error": "torch.linalg.eigh(torch.eye(2), UPLO='X')",
    "svd_int_error": "torch.linalg.svd(torch.ones(2, 3, dtype=torch.int64))",
    "matrix_norm_order_error": "torch.linalg.matrix_norm(torch.eye(2), 3)",
    "lstsq_rows_error": "torch.linalg.lstsq(torch.ones(3, 2), torch.ones(2, 1))",
    # ----- random: shapes, dtypes, ranges, errors -----------------------------------------------------------
    "normal_forms": "m = torch.zeros(2, 3)\nresult = {'a': torch.normal(m, 1.).shape, 'b': torch.normal(0., torch.ones(3)).shape, "
                    "'c': torch.normal(m, torch.ones(3)).shape, 'd': torch.normal(2., 3., (4,)).dtype, "
                    "'e': torch.normal(2, 3, size=(2,), dtype=torch.float64).dtype, 'f': torch.normal(2., 0., (2,)), "
                    "'g': torch.normal(m.double(), 0.).dtype}",
    "normal_std_error": "torch.normal(torch.tensor([0., 1.]), -1.)",
    "normal_int_error": "torch.normal(torch.tensor([1, 2]), 1.)",
    "multinomial_forms": "p = torch.tensor([0., 1., 2., 0.])\nw = torch.multinomial(p, 2)\n"
                         "r = torch.multinomial(p, 6, replacement=True)\nrows = torch.multinomial(torch.tensor([[0., 1.], [1., 0.]]), 1)\n"
                         "result = {'w': sorted(w.tolist()), 'rok': bool(((r == 1) | (r == 2)).all()), 'rs': r.shape, "
                         "'rows': rows, 'dt': w.dtype}",
    "multinomial_too_many": "torch.multinomial(torch.tensor([0., 1., 2.]), 4)",
    "multinomial_negative": "torch.multinomial(torch.tensor([0., -1.]), 1)",
    "multinomial_int": "torch.multinomial(torch.tensor([1, 2]), 1)",
    "multinomial_zero_sum": "torch.multinomial(torch.tensor([0., 0.]), 1)",
    "multinomial_3d": "torch.multinomial(torch.ones(1, 1, 2), 1)",
    "randperm_forms": "p = torch.randperm(6)\nresult = {'s': sorted(p.tolist()), 'd': p.dtype, "
                      "'f': torch.randperm(3, dtype=torch.float32).dtype, 'e': torch.randperm(0)}",
    "bernoulli_forms": "result = {'c': torch.bernoulli(torch.tensor([0., 1., 1.])), "
                       "'d': torch.bernoulli(torch.tensor([0., 1.], dtype=torch.float64)).dtype, "
                       "'p': torch.bernoulli(torch.zeros(3), p=1.0), 'i': torch.zeros(3).bernoulli_(0.).sum()}",
    "bernoulli_p_error": "torch.bernoulli(torch.tensor([0., 1.5]))",
    "bernoulli_fill_error": "torch.zeros(3).bernoulli_(1.5)",
    "fills": "x = torch.zeros(1000)\nu = x.clone().uniform_(2, 3)\nn = x.clone().normal_(5, 0.)\n"
             "r = torch.zeros(1000, dtype=torch.int64).random_(3, 6)\nt = torch.zeros(100).random_(4)\n"
             "e = x.clone().exponential_(2.)\n"
             "result = {'u': bool(((u >= 2) & (u < 3)).all()), 'n': n[:3], 'r': sorted(set(r.tolist())), "
             "'t': bool(((t >= 0) & (t < 4) & (t == t.round())).all()), 'e': bool((e > 0).all()), 'rd': r.dtype}",
    "uniform_bounds_error": "torch.zeros(3).uniform_(2, 1)",
    "random_bounds_error": "torch.zeros(3).random_(5, 2)",
    "uniform_int_error": "torch.zeros(3, dtype=torch.int32).uniform_()",
    "fill_grad_fn": "x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.uniform_()\nz = x * 2\nz.normal_()\n"
                    "w = x * 2\nw.bernoulli_(0.5)\nv = x * 2\nv.random_(0, 5)\n"
                    "result = {'u': y.grad_fn.name(), 'n': z.grad_fn.name(), 'b': w.grad_fn.name(), 'r': v.grad_fn.name()}",
    "rng_state_replay": "s = torch.get_rng_state()\na = torch.rand(4, device='cpu')\ntorch.set_rng_state(s)\n"
                        "b = torch.rand(4, device='cpu')\ntorch.cuda.manual_seed(3)\ntorch.cuda.manual_seed_all(3)\n"
                        "result = {'same': bool((a == b).all()), 'dtype': s.dtype, 'dim': s.dim()}",
    "rng_state_type_error": "torch.set_rng_state(torch.zeros(3))",
    "generator_object": "g = torch.Generator(device=torch.get_default_device())\ns0 = g.initial_seed()\ng.manual_seed(3)\na = torch.rand(4, generator=g)\n"
                        "g.manual_seed(3)\nb = torch.rand(4, generator=g)\nstate = g.get_state()\nc = torch.randn(3, generator=g)\n"
                        "g.set_state(state)\nd = torch.randn(3, generator=g)\n"
                        "result = {'s0': s0, 'same': bool((a == b).all()), 'replay': bool((c == d).all()), "
                        "'st': state.dtype, 'seed': g.initial_seed(), "
                        "'perm': sorted(torch.randperm(5, generator=g).tolist()), "
                        "'ri': torch.randint(0, 3, (4,), generator=g).dtype, "
                        "'m': torch.multinomial(torch.tensor([0., 1.]), 1, generator=g), "
                        "'n': torch.normal(torch.zeros(2), 0., generator=g), "
                        "'b': torch.bernoulli(torch.ones(2), generator=g), "
                        "'u': torch.zeros(2).uniform_(1, 1, generator=g)}",
    # ----- autograd ------------------------------------------------------------------------------------------
    "no_grad_bare_decorator": "@torch.no_grad\ndef f(x):\n    return x * 2\n@torch.enable_grad\ndef g(x):\n    return x * 2\n"
                              "@torch.inference_mode\ndef h(x):\n    return x * 2\nx = torch.ones(2, requires_grad=True)\n"
                              "with torch.no_grad():\n    e = g(x)\nresult = {'f': f(x).requires_grad, 'g': e.requires_grad, "
                              "'h': h(x).is_inference(), 'name': f.__name__}",
    "grad_list_inputs": "a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor(3., requires_grad=True)\n"
                        "out = (a * b).sum()\nga, gb = torch.autograd.grad(out, [a, b])\n"
                        "gc = torch.autograd.grad([(a * a).sum()], (a,))\nresult = {'ga': ga, 'gb': gb, 'gc': gc}",
    "variable_legacy": "Variable = torch.autograd.Variable\nv = Variable(torch.ones(2), requires_grad=True)\n"
                       "w = Variable(torch.ones(1))\nresult = {'v': v, 'w': w.requires_grad, 'is': isinstance(v, torch.Tensor), "
                       "'isv': isinstance(torch.zeros(1), Variable)}",
    "saved_introspection": "x = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor([3., 4.], requires_grad=True)\n"
                           "m = torch.tensor([[1., 2.], [3., 5.]], requires_grad=True)\n"
                           "mul, muls, div, pw, pwt, rpw = x * y, x * 2, x / y, x ** 2, x ** y, 2 ** x\n"
                           "e, t, s, mm, mv, dot = x.exp(), x.tanh(), x.sigmoid(), m @ m, m @ x, x @ y\n"
                           "result = {'mul': (mul.grad_fn._saved_self is x, mul.grad_fn._saved_other is y), "
                           "'muls': (muls.grad_fn._saved_self, muls.grad_fn._saved_other), "
                           "'div': (div.grad_fn._saved_self is x, div.grad_fn._saved_other is y), "
                           "'divs': div.grad_fn._saved_other, 'pw': (pw.grad_fn._saved_self is x, pw.grad_fn._saved_exponent), "
                           "'pwt': (pwt.grad_fn._saved_exponent is y, pwt.grad_fn._saved_result), "
                           "'rpw': (rpw.grad_fn._saved_self, rpw.grad_fn._saved_result), "
                           "'e': e.grad_fn._saved_result, 't': t.grad_fn._saved_result, 's': s.grad_fn._saved_result, "
                           "'same': (e.grad_fn._saved_result.grad_fn is e.grad_fn, torch.equal(e.grad_fn._saved_result, e)), "
                           "'mm': (mm.grad_fn._saved_self is m, mm.grad_fn._saved_mat2 is m), "
                           "'mv': (mv.grad_fn._saved_self is m, mv.grad_fn._saved_vec is x), "
                           "'dot': (dot.grad_fn._saved_self is x, dot.grad_fn._saved_tensor is y)}",
    "saved_after_backward": "x = torch.tensor([1., 2.], requires_grad=True)\ny = x.exp()\ny.sum().backward()\n"
                            "y.grad_fn._saved_result",
    "saved_missing_attribute": "x = torch.tensor([1., 2.], requires_grad=True)\n(x.exp()).grad_fn._saved_nothing",
    "saved_hooks_order": "log = []\ndef pack(t):\n    log.append(('pack', tuple(t.shape), round(float(t.reshape(-1)[0]), 3)))\n"
                         "    return t\ndef unpack(t):\n    log.append(('unpack', tuple(t.shape), round(float(t.reshape(-1)[0]), 3)))\n"
                         "    return t\nx = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor([3., 4.], requires_grad=True)\n"
                         "m = torch.tensor([[1., 2.], [3., 5.]], requires_grad=True)\n"
                         "with torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n"
                         "    out = ((x * y).exp().sum() + (m @ x).tanh().sum() + (x / y).sigmoid().sum() + (x ** y).sum())\n"
                         "log.append('backward')\nout.backward()\nresult = {'log': [str(entry) for entry in log], 'g': x.grad}",
    "save_on_cpu": "x = torch.tensor([1., 2.], requires_grad=True)\n"
                   "with torch.autograd.graph.save_on_cpu(pin_memory=True):\n    y = (x * x.exp()).sum()\n"
                   "y.backward()\nresult = {'g': x.grad, 'y': y}",
    "accelerator": "result = {'a': torch.accelerator.is_available(), 'c': str(torch.accelerator.current_accelerator()), "
                   "'n': torch.accelerator.device_count()}",
}
