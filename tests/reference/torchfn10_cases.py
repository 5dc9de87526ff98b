"""Snippets of the ``torch.*`` spellings of the nn.functional ops (issue 15, helper torchfn10;
gradlib/_torch_functional.py): PyTorch's argument parsing (counts, missing and repeated arguments, unknown
keywords, argument types, the overload lists of conv and ctc_loss), the 3-tuples of native_layer_norm and
native_batch_norm, integer reductions and modes, dropout's draws (as summaries), pdist's errors. Run with
``torch`` bound to PyTorch by ``torchfn10.py`` (``python tests/reference/record_torch.py torchfn10`` writes
``torch_torchfn10.json``) and to gradlib by ``tests/test_torchfn10.py``. Each snippet leaves its observations in
``result`` or raises. Fixed data only."""

_X = "x = torch.linspace(-1, 1, 24).reshape(2, 3, 4)\n"

_ERRORS = {
    "dropout_missing_one": "torch.dropout(x, 0.5)",
    "dropout_missing_two": "torch.dropout(x)",
    "dropout_too_many": "torch.dropout(x, 0.5, True, 1)",
    "dropout_p_str": "torch.dropout(x, 'a', True)",
    "dropout_input_float": "torch.dropout(1.0, 0.5, True)",
    "dropout_unknown_keyword": "torch.dropout(x, 0.5, True, foo=1)",
    "dropout_train_int": "torch.dropout(x, 0.5, 1)",
    "dropout_train_keyword_int": "torch.dropout(x, 0.5, train=1)",
    "dropout_train_none": "torch.dropout(x, 0.5, None)",
    "dropout_twice": "torch.dropout(x, 0.5, True, p=0.3)",
    "dropout_p_range": "torch.dropout(x, 2, True)",
    "dropout_p_range_float": "torch.alpha_dropout(x, -0.5, True)",
    "feature_dropout_1d": "torch.feature_dropout(x[0, 0], 0.5, True)",
    "selu_none": "torch.selu()",
    "selu_two": "torch.selu(x, 1)",
    "threshold_missing": "torch.threshold(x, 0.5)",
    "celu_list": "torch.celu(x, [1.0])",
    "embedding_padding_float": "torch.embedding(x[0], torch.tensor([0, 1]), 1.5)",
    "embedding_padding_none": "torch.embedding(x[0], torch.tensor([0, 1]), padding_idx=None)",
    "conv1d_weight_int": "torch.conv1d(x, 3)",
    "conv1d_padding_float_list": "torch.conv1d(x, x[:, :, :2], None, 1, [1.5])",
    "conv1d_bias_int": "torch.conv1d(x, x[:, :, :2], bias=3)",
    "conv1d_padding_word": "torch.conv1d(x, x[:, :, :2], None, 1, 'foo')",
    "conv_transpose1d_too_many": "torch.conv_transpose1d(x, x, None, 1, 0, 0, 1, 1, 1)",
    "convolution_stride_int": "torch.convolution(x, x, None, 1, [0], [1], False, [0], 1)",
    "max_pool1d_kernel_float": "torch.max_pool1d(x, 2.0)",
    "max_pool1d_kernel_item": "torch.max_pool1d(x, [2.0])",
    "layer_norm_shape_int": "torch.layer_norm(x, 4)",
    "layer_norm_eps_none": "torch.layer_norm(x, [4], None, None, None)",
    "kl_div_reduction_str": "torch.kl_div(x, x, 'mean')",
    "kl_div_log_target_positional": "torch.kl_div(x, x, 1, True)",
    "pixel_shuffle_bool": "torch.pixel_shuffle(x[None], True)",
    "batch_norm_missing": "torch.batch_norm(x, None, None, None, None, True, 0.1, 1e-5)",
    "poisson_nll_missing": "torch.poisson_nll_loss(x, x, True, False, 1e-8)",
    "ctc_loss_lengths_int": "torch.ctc_loss(x, x, 3, 3)",
    "pdist_3d": "torch.pdist(x)",
    "pdist_negative": "torch.pdist(x[0], -1)",
    "pdist_long": "torch.pdist(torch.ones(2, 2, dtype=torch.long))",
    "pdist_p_str": "torch.pdist(x[0], 'a')",
    "embedding_bag_mode_str": "torch.embedding_bag(x[0], torch.tensor([0]), torch.tensor([0]), mode='sum')",
    "embedding_bag_mode_3": "torch.embedding_bag(x[0], torch.tensor([0]), torch.tensor([0]), False, 3)",
    "embedding_bag_psw_mean": "torch.embedding_bag(x[0], torch.tensor([0]), torch.tensor([0]), False, 1, False, torch.ones(1))",
    "embedding_bag_few": "torch.embedding_bag(x[0], torch.tensor([0]))",
    "grid_sampler_mode_str": "torch.grid_sampler(x[None], x[None, ..., :2], 'bilinear', 0, False)",
    "affine_grid_size_int": "torch.affine_grid_generator(x[:, :2], 4, False)",
    "constant_pad_odd": "torch.constant_pad_nd(x, [1])",
    "constant_pad_too_long": "torch.constant_pad_nd(x, [1, 1, 1, 1, 1, 1, 1, 1])",
    "prelu_method_number": "x.prelu(0.25)",
}

CASES = {f"error/{name}": _X + code for name, code in _ERRORS.items()}
CASES.update({
    "accepted_conversions": _X + "result = {'p_tensor': torch.dropout(x, torch.tensor(0.), True), "
                                 "'p_int': torch.dropout(x, 0, False), 'k_tensor': torch.max_pool1d(x, torch.tensor([2])), "
                                 "'k_tuple': torch.max_pool1d(x, (2,), [2], 0), 'alpha_tensor': torch.celu(x, torch.tensor(2.0)), "
                                 "'keywords': torch.dropout(input=x, p=0.5, train=False), "
                                 "'pad_tuple': torch.constant_pad_nd(x, (1, 1), value=2)}",
    "int_reductions": _X + "x = x.double()\nt = torch.linspace(0.1, 1, 24, dtype=torch.float64).reshape(2, 3, 4)\n"
                           "result = {str(r): [torch.kl_div(x, t, r), torch.hinge_embedding_loss(x, t.sign(), 1.0, r), "
                           "torch.binary_cross_entropy_with_logits(x, t, None, None, r), "
                           "torch.margin_ranking_loss(x, t, t.sign(), 0.0, r)] for r in (0, 1, 2, 3, -1)}",
    "native_layer_norm": _X + "w = torch.linspace(0.5, 2, 4)\nx.requires_grad_()\n"
                              "out, mean, rstd = torch.native_layer_norm(x, [4], w, None, 1e-5)\n"
                              "out2, mean2, rstd2 = torch.native_layer_norm(x, (3, 4), None, None, 0.1)\n"
                              "result = {'out': out, 'mean': mean, 'rstd': rstd, 'mean2': mean2, 'rstd2': rstd2, "
                              "'out2': out2, 'type': type(out).__name__, 'stats_grad': [mean.requires_grad, "
                              "rstd.requires_grad, out.grad_fn.name()]}",
    "native_batch_norm_train": _X + "rm = torch.zeros(3)\nrv = torch.ones(3)\n"
                                    "out, m, v = torch.native_batch_norm(x, None, None, rm, rv, True, 0.2, 1e-5)\n"
                                    "result = {'out': out, 'mean': m, 'invstd': v, 'rm': rm, 'rv': rv}",
    "native_batch_norm_eval": _X + "rm = torch.tensor([0.5, 0., -0.5])\nrv = torch.tensor([1., 2., 4.])\n"
                                   "out, m, v = torch.native_batch_norm(x, torch.ones(3), None, rm, rv, False, 0.2, 1e-5)\n"
                                   "result = {'out': out, 'mean': m, 'invstd': v}",
    "batch_norm_running_stats": _X + "rm = torch.zeros(3)\nrv = torch.ones(3)\n"
                                     "out = torch.batch_norm(x, None, None, rm, rv, True, 0.3, 1e-5, True)\n"
                                     "im = torch.zeros(3)\niv = torch.ones(3)\n"
                                     "out2 = torch.instance_norm(x, None, None, im, iv, True, 0.3, 1e-5, False)\n"
                                     "result = {'rm': rm, 'rv': rv, 'out': out, 'im': im, 'iv': iv, 'out2': out2}",
    "with_indices_tuples": _X + "a = torch.max_pool1d_with_indices(x, 2)\nb = torch.adaptive_max_pool1d(x, 3)\n"
                                "result = {'types': [type(a).__name__, type(b).__name__], 'a': list(a), 'b': list(b)}",
    "dropout_draws": "torch.manual_seed(0)\nx = torch.ones(40, 50, 3)\n"
                     "d = torch.dropout(x, 0.5, True)\nf = torch.feature_dropout(x, 0.5, True)\n"
                     "a = torch.alpha_dropout(x, 0.5, True)\nfa = torch.feature_alpha_dropout(x, 0.5, True)\n"
                     "result = {'d_values': sorted(set(d.flatten().tolist())), 'd_some': bool(800 < int((d == 0).sum()) < 5200), "
                     "'f_values': sorted(set(f.flatten().tolist())), "
                     "'f_channel': bool((f.amax(2) == f.amin(2)).all()), 'a_count': len(set(a.flatten().tolist())), "
                     "'fa_channel': bool((fa.amax(2) == fa.amin(2)).all())}",
    "dropout_inplace": "x = torch.ones(4, 3, 2)\ny = torch.feature_dropout_(x, 1.0, True)\nz = torch.ones(2, 2)\n"
                       "result = {'same': y is x, 'x': x, 'z': torch.feature_dropout_(z, 0.5, False)}",
    "embedding_padding_grad": "w = torch.linspace(-1, 1, 12).reshape(4, 3).requires_grad_()\n"
                              "torch.embedding(w, torch.tensor([1, 1, 3, 0]), 1, True).sum().backward()\n"
                              "g1 = w.grad.clone()\nw.grad = None\n"
                              "torch.embedding(w, torch.tensor([1, 1, 3, 0]), -2).sum().backward()\n"
                              "result = {'g1': g1, 'g2': w.grad}",
    "grid_sampler_modes": "x = torch.linspace(-1, 1, 12).reshape(1, 1, 3, 4)\n"
                          "g = torch.linspace(-1.2, 1.2, 8).reshape(1, 2, 2, 2)\n"
                          "result = {str(m): [torch.grid_sampler(x, g, m, p, a) for p in (0, 1, 2) for a in (False, True)]"
                          " for m in (0, 1, 2)}",
    "grad_fn_names": _X + "x.requires_grad_()\nw = torch.ones(2, 3, 2)\n"
                          "outs = [torch.conv1d(x, w), torch.convolution(x, w, None, [1], [0], [1], False, [0], 1), "
                          "torch.dropout(x, 0.5, False) * 1, torch.layer_norm(x, [4]), torch.group_norm(x, 3), "
                          "torch.pixel_shuffle(x[None], 1), torch.selu(x), torch.celu(x), torch.threshold(x, 0., 1.), "
                          "torch.prelu(x, torch.ones(1)), torch.hardshrink(x), torch.pdist(x[0]), "
                          "torch.constant_pad_nd(x, [1, 1]), torch.kl_div(x, x, 2), torch.binary_cross_entropy_with_logits(x, x), "
                          "torch.embedding(x[0], torch.tensor([0]))]\n"
                          "result = {'names': [o.grad_fn.name() for o in outs]}",
    "pdist_empty": "x = torch.linspace(-1, 1, 6).reshape(3, 2)\n"
                   "result = {'one': torch.pdist(x[:1]), 'no_columns': torch.pdist(x[:, :0]), 'none': torch.pdist(x[:0]), "
                   "'no_columns_inf': torch.pdist(x[:, :0], float('inf'))}",
    "refused_functional_keywords": "x = torch.linspace(0.1, 1, 24).reshape(2, 3, 4)\nt = x.flip(0)\ny = torch.ones(2, 3, 4)\n"
                                   "calls = {'adaptive_max_pool1d': (lambda **k: torch.adaptive_max_pool1d(x, 2, **k), ['return_indices']), "
                                   "'alpha_dropout': (lambda **k: torch.alpha_dropout(x, 0.5, False, **k), ['inplace', 'training']), "
                                   "'binary_cross_entropy_with_logits': (lambda **k: torch.binary_cross_entropy_with_logits(x, t, **k), ['reduce', 'size_average']), "
                                   "'cosine_embedding_loss': (lambda **k: torch.cosine_embedding_loss(x[0], t[0], y[0, :, 0], **k), ['reduce', 'size_average']), "
                                   "'dropout': (lambda **k: torch.dropout(x, 0.5, False, **k), ['inplace', 'training']), "
                                   "'embedding': (lambda **k: torch.embedding(x[0], torch.tensor([0]), **k), ['input', 'max_norm', 'norm_type']), "
                                   "'feature_alpha_dropout': (lambda **k: torch.feature_alpha_dropout(x, 0.5, False, **k), ['inplace', 'training']), "
                                   "'hinge_embedding_loss': (lambda **k: torch.hinge_embedding_loss(x, y, **k), ['reduce', 'size_average']), "
                                   "'kl_div': (lambda **k: torch.kl_div(x, t, **k), ['reduce', 'size_average']), "
                                   "'margin_ranking_loss': (lambda **k: torch.margin_ranking_loss(x, t, y, **k), ['reduce', 'size_average']), "
                                   "'max_pool1d': (lambda **k: torch.max_pool1d(x, 2, **k), ['return_indices']), "
                                   "'max_pool1d_with_indices': (lambda **k: torch.max_pool1d_with_indices(x, 2, **k), ['return_indices']), "
                                   "'max_pool2d': (lambda **k: torch.max_pool2d(x, 2, **k), ['return_indices']), "
                                   "'max_pool3d': (lambda **k: torch.max_pool3d(x[None], 2, **k), ['return_indices']), "
                                   "'poisson_nll_loss': (lambda **k: torch.poisson_nll_loss(x, t, True, False, 1e-8, 1, **k), ['reduce', 'size_average']), "
                                   "'threshold': (lambda **k: torch.threshold(x, 0.5, 0., **k), ['inplace']), "
                                   "'triplet_margin_loss': (lambda **k: torch.triplet_margin_loss(x, t, y, **k), ['reduce', 'size_average'])}\n"
                                   "messages = []\nfor name, (call, keywords) in calls.items():\n    for keyword in keywords:\n"
                                   "        try:\n            call(**{keyword: 1})\n            messages.append('accepted')\n"
                                   "        except TypeError as error:\n            messages.append(str(error))\n"
                                   "result = {'messages': messages, 'axis': torch.cosine_similarity(x, t, axis=2), "
                                   "'positional': torch.cosine_similarity(x, t, 0, 1e-8)}",
    "embedding_bag_bookkeeping": "w = torch.arange(12.).reshape(4, 3)\ni = torch.tensor([1, 2, 0, 3, 3])\no = torch.tensor([0, 2, 2])\n"
                                 "ties = torch.tensor([[1., 5.], [3., 3.], [3., 5.], [0., 0.]])\n"
                                 "result = {'modes': [list(torch.embedding_bag(w, i, o, False, m)) for m in (0, 1, 2)], "
                                 "'double': list(torch.embedding_bag(w.double(), i, o)), "
                                 "'half': list(torch.embedding_bag(w.half(), i, o))[1:], "
                                 "'int32': list(torch.embedding_bag(w, i.int(), o.int(), False, 2)), "
                                 "'last': list(torch.embedding_bag(w, i, torch.tensor([0, 2, 5]), False, 1, False, None, True)), "
                                 "'pad_mean': list(torch.embedding_bag(w, i, o, False, 1, False, None, False, 1)), "
                                 "'pad_max': list(torch.embedding_bag(w, i, o, False, 2, False, None, False, 3)), "
                                 "'pad_sum': list(torch.embedding_bag(w, i, o, False, 0, False, None, False, 3)), "
                                 "'pad_negative': list(torch.embedding_bag(w, i, o, False, 1, False, None, False, -1)), "
                                 "'psw': list(torch.embedding_bag(w, i, o, False, 0, False, torch.linspace(0, 1, 5))), "
                                 "'ties': [list(torch.embedding_bag(ties, torch.tensor(order), torch.tensor([0]), False, 2)) "
                                 "for order in ([0, 1, 2, 3], [2, 1, 0, 3])], 'type': type(torch.embedding_bag(w, i, o)).__name__}",
    "pdist_gradients": "x = torch.tensor([[0., 0.], [3., 4.], [0., 0.], [1., 1.]], requires_grad=True)\n"
                       "g = [torch.autograd.grad(torch.pdist(x, p).sum(), x)[0] for p in (2., 1., 0., 3., float('inf'))]\n"
                       "result = {'d': torch.pdist(x), 'g': g, 'f_is_torch': torch.nn.functional.pdist(x).tolist()}",
})
