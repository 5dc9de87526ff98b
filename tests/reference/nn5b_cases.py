"""Snippets of issue 15's nn gaps B (helper nn5b): module full backward hooks, nn.utils.prune, parametrizations,
RMSNorm, Lazy modules, margin losses, gumbel_softmax and CTC loss, run with ``torch`` bound to PyTorch (recorded
by ``nn5b.py`` into ``torch_nn5b.json``) and to gradlib (``tests/test_nn5b.py``). Each sets ``result``, a dict of
observations, or raises (the exception class and message are compared). Fixed data only."""

_LOG = ("log = []\n"
        "def fmt(t):\n    return None if t is None else t.detach().flatten().tolist()\n")
_TWO = ("class Two(torch.nn.Module):\n"
        "    def forward(self, a, k, b):\n        return a * k + b, a - b\n"
        "a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor([3., 4.], requires_grad=True)\n")
_WARN = "import warnings\n"

HOOK_CASES = {
    "full_hooks_replace": _LOG + _TWO + "m = Two()\n"
        "def pre(mod, go):\n    log.append(['pre', [fmt(g) for g in go]])\n"
        "    return (None if go[0] is None else go[0] * 2, go[1])\n"
        "def full(mod, gi, go):\n    log.append(['full', [fmt(g) for g in gi], [fmt(g) for g in go]])\n"
        "    return (gi[0], None, gi[2] * 3)\n"
        "m.register_full_backward_pre_hook(pre)\nm.register_full_backward_hook(full)\n"
        "y, z = m(a, 5.0, b)\nnames = [y.grad_fn.name(), z.grad_fn.name(), y.grad_fn.next_functions[0][0].name()]\n"
        "(y.sum() + (z * 2).sum()).backward()\n"
        "y, z = m(a, 1.0, b)\nz.sum().backward()\n"
        "result = {'log': log, 'names': names, 'ga': a.grad, 'gb': b.grad}",
    "full_hook_order_prepend": _LOG + "m = torch.nn.Tanh()\n"
        "h1 = m.register_full_backward_hook(lambda *_: log.append('h1'))\n"
        "m.register_full_backward_hook(lambda *_: log.append('h2'))\n"
        "m.register_full_backward_hook(lambda *_: log.append('h0'), prepend=True)\n"
        "m.register_full_backward_pre_hook(lambda *_: log.append('p1'))\n"
        "m.register_full_backward_pre_hook(lambda *_: log.append('p0'), prepend=True)\n"
        "x = torch.tensor([0.5, -1.], requires_grad=True)\nm(x).sum().backward()\nh1.remove()\n"
        "m(x).sum().backward()\nresult = {'log': log, 'g': x.grad}",
    "full_hook_nested_modules": _LOG + "torch.manual_seed(0)\n"
        "net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))\n"
        "for name, mod in net.named_modules():\n"
        "    mod.register_full_backward_hook(lambda m, gi, go, name=name: log.append([name, "
        "[None if g is None else list(g.shape) for g in gi], [list(g.shape) for g in go]]))\n"
        "x = torch.ones(5, 3, requires_grad=True)\ny = net(x)\ny.sum().backward()\n"
        "result = {'log': log, 'name': y.grad_fn.name()}",
    "full_hook_no_input_grad": _LOG + _WARN + "lin = torch.nn.Linear(2, 1)\n"
        "lin.register_full_backward_hook(lambda m, gi, go: log.append([list(gi), [fmt(g) for g in go]]))\n"
        "with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
        "    lin(torch.ones(1, 2)).sum().backward()\n"
        "result = {'log': log, 'w': [str(i.message) for i in w], 'c': [i.category.__name__ for i in w]}",
    "full_hook_no_input_grad_return": "lin = torch.nn.Linear(2, 1)\n"
        "lin.register_full_backward_hook(lambda m, gi, go: (torch.ones(1, 2),))\n"
        "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n"
        "    lin(torch.ones(1, 2)).sum().backward()",
    "full_hook_wrong_count": "m = torch.nn.Tanh()\nm.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))\n"
        "m(torch.ones(2, requires_grad=True)).sum().backward()",
    "full_pre_hook_wrong_count": "m = torch.nn.Tanh()\nm.register_full_backward_pre_hook(lambda m, go: ())\n"
        "m(torch.ones(2, requires_grad=True)).sum().backward()",
    "full_hook_inplace_relu": "m = torch.nn.ReLU(inplace=True)\nm.register_full_backward_hook(lambda *a: None)\n"
        "x = torch.ones(3, requires_grad=True)\nm(x * 1)",
    "full_hook_inplace_after": "s = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(inplace=True))\n"
        "s[0].register_full_backward_hook(lambda *a: None)\ns(torch.ones(1, 2, requires_grad=True))",
    "custom_function_inplace_alias": "class Same(torch.autograd.Function):\n"
        "    @staticmethod\n    def forward(ctx, x):\n        return x\n"
        "    @staticmethod\n    def backward(ctx, g):\n        return g\n"
        "y = Same.apply(torch.ones(2, requires_grad=True) * 1)\ny.add_(1)",
    "full_hook_non_tensor_output": _WARN + "class D(torch.nn.Module):\n    def forward(self, x):\n"
        "        return {'y': x * 2}\nm = D()\nm.register_full_backward_hook(lambda *a: None)\n"
        "with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
        "    out = m(torch.ones(2, requires_grad=True))\n"
        "result = {'w': [str(i.message) for i in w], 'y': out['y']}",
    "full_hook_no_grad_mode": _LOG + "m = torch.nn.Tanh()\nm.register_full_backward_hook(lambda *a: log.append(1))\n"
        "with torch.no_grad():\n    y = m(torch.ones(2, requires_grad=True))\n"
        "result = {'y': y, 'log': log}",
    "global_full_backward_hooks": _LOG + "module = torch.nn.modules.module\n"
        "register_module_full_backward_hook = module.register_module_full_backward_hook\n"
        "register_module_full_backward_pre_hook = module.register_module_full_backward_pre_hook\n"
        "m = torch.nn.Sigmoid()\n"
        "m.register_full_backward_hook(lambda *a: log.append('own'))\n"
        "m.register_full_backward_pre_hook(lambda *a: log.append('own pre'))\n"
        "h = register_module_full_backward_hook(lambda mod, gi, go: log.append(type(mod).__name__))\n"
        "hp = register_module_full_backward_pre_hook(lambda mod, go: (go[0] * 0 + 1,))\n"
        "x = torch.tensor([0., 1.], requires_grad=True)\ntry:\n    m(x).sum().backward()\nfinally:\n"
        "    h.remove()\n    hp.remove()\nm(x).sum().backward()\nresult = {'log': log, 'g': x.grad}",
    "full_hook_grad_input_replaced_through_model": "torch.manual_seed(0)\n"
        "net = torch.nn.Sequential(torch.nn.Linear(2, 2, bias=False), torch.nn.Tanh())\n"
        "with torch.no_grad():\n    net[0].weight.copy_(torch.tensor([[1., 2.], [-1., 0.5]]))\n"
        "net[1].register_full_backward_hook(lambda m, gi, go: (gi[0].clamp(min=0.05),))\n"
        "x = torch.tensor([[0.3, -0.2]], requires_grad=True)\nnet(x).sum().backward()\n"
        "result = {'gw': net[0].weight.grad, 'gx': x.grad}",
}

_LIN = ("P = torch.nn.utils.prune\nm = torch.nn.Linear(4, 3)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.tensor([[0.5, -0.1, 0.9, -1.3], [0.05, 2.0, -0.7, 0.35], [-0.2, 0.6, 1.1, -0.4]]))\n"
        "    m.bias.copy_(torch.tensor([0.3, -0.25, 0.1]))\n")
_NAMES = ("names = {'p': [n for n, _ in m.named_parameters()], 'b': [n for n, _ in m.named_buffers()], "
          "'s': list(m.state_dict()), 'pruned': P.is_pruned(m)}\n")

PRUNE_CASES = {
    "prune_l1_unstructured": _LIN + "out = P.l1_unstructured(m, 'weight', amount=0.25)\n" + _NAMES +
        "x = torch.tensor([[1., 2., -1., 1.5]])\ny = m(x)\ny.sum().backward()\n"
        "result = {'same': out is m, 'w': m.weight, 'mask': m.weight_mask, 'y': y, 'g': m.weight_orig.grad, "
        "'gb': m.bias.grad, 'hooks': [type(h).__name__ for h in m._forward_pre_hooks.values()], **names}",
    "prune_l1_int_amount_and_remove": _LIN + "P.l1_unstructured(m, 'weight', amount=5)\nP.remove(m, 'weight')\n"
        + _NAMES + "result = {'w': m.weight, 'type': type(m.weight).__name__, 'hooks': len(m._forward_pre_hooks), "
        "**names}",
    "prune_importance_scores": _LIN + "P.l1_unstructured(m, 'bias', 1, importance_scores=torch.tensor([3., 1., 2.]))\n"
        + _NAMES + "result = {'b': m.bias, 'mask': m.bias_mask, **names}",
    "prune_importance_scores_shape": _LIN + "P.l1_unstructured(m, 'bias', 1, importance_scores=torch.ones(2))",
    "prune_ln_structured": _LIN + "P.ln_structured(m, 'weight', amount=1, n=2, dim=0)\n"
        "a = m.weight_mask.clone()\nP.ln_structured(m, 'weight', amount=0.5, n=1, dim=1)\n" + _NAMES +
        "h = list(m._forward_pre_hooks.values())[0]\n"
        "result = {'a': a, 'mask': m.weight_mask, 'w': m.weight, 'container': type(h).__name__, 'len': len(h), "
        "'kinds': [type(x).__name__ for x in h], **names}",
    "prune_ln_structured_inf_negative_dim": _LIN + "P.ln_structured(m, 'weight', amount=2, n=float('inf'), dim=-1)\n"
        "result = {'mask': m.weight_mask}",
    "prune_structured_1d": _LIN + "P.ln_structured(m, 'bias', amount=1, n=2, dim=0)",
    "prune_structured_bad_dim": _LIN + "P.ln_structured(m, 'weight', amount=1, n=2, dim=2)",
    "prune_structured_failure_restores": _LIN + "try:\n    P.ln_structured(m, 'bias', amount=1, n=2, dim=0)\n"
        "except ValueError:\n    pass\n" + _NAMES + "result = names",
    "prune_amount_type": _LIN + "P.l1_unstructured(m, 'weight', amount='a')",
    "prune_amount_negative": _LIN + "P.l1_unstructured(m, 'weight', amount=-1)",
    "prune_amount_fraction_range": _LIN + "P.random_unstructured(m, 'weight', amount=1.5)",
    "prune_amount_too_many": _LIN + "P.l1_unstructured(m, 'weight', amount=13)",
    "prune_remove_unpruned": _LIN + "P.remove(m, 'weight')",
    "prune_custom_from_mask_then_l1": _LIN +
        "P.custom_from_mask(m, 'weight', mask=torch.tensor([[1, 0, 1, 0], [1, 1, 1, 1], [0, 0, 1, 1]]))\n"
        "a = m.weight_mask.clone()\nP.l1_unstructured(m, 'weight', amount=3)\n" + _NAMES +
        "result = {'a': a, 'mask': m.weight_mask, 'w': m.weight, **names}",
    "prune_identity": _LIN + "P.identity(m, 'bias')\n" + _NAMES + "result = {'b': m.bias, 'mask': m.bias_mask, **names}",
    "prune_random_counts": "torch.manual_seed(0)\nP = torch.nn.utils.prune\nm = torch.nn.Conv2d(4, 6, 3)\n"
        "P.random_unstructured(m, 'weight', amount=0.3)\nP.random_structured(m, 'bias', amount=2, dim=0) "
        "if False else None\nP.random_structured(m, 'weight', amount=2, dim=0)\n"
        "mask = m.weight_mask\nrows = (mask.flatten(1).sum(1) == 0).sum()\n"
        "result = {'rows': rows, 'shape': list(mask.shape), 'dtype': mask.dtype, 'kept': ((mask == 1) | (mask == 0)).all()}",
    "prune_random_unstructured_count": "torch.manual_seed(0)\nP = torch.nn.utils.prune\nm = torch.nn.Linear(10, 10)\n"
        "P.random_unstructured(m, 'weight', amount=0.37)\nresult = {'pruned': (m.weight_mask == 0).sum(), "
        "'zero_w': (m.weight == 0).sum()}",
    "prune_global_unstructured": "P = torch.nn.utils.prune\n"
        "net = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 2))\nwith torch.no_grad():\n"
        "    net[0].weight.copy_(torch.tensor([[0.1, -0.5, 0.9], [1.2, -0.05, 0.3]]))\n"
        "    net[1].weight.copy_(torch.tensor([[-0.2, 0.4], [0.8, -0.15]]))\n"
        "P.global_unstructured([(net[0], 'weight'), (net[1], 'weight')], pruning_method=P.L1Unstructured, "
        "amount=0.4)\nresult = {'m0': net[0].weight_mask, 'm1': net[1].weight_mask, "
        "'keys': list(net.state_dict()), 'pruned': P.is_pruned(net)}",
    "prune_global_structured_refused": "P = torch.nn.utils.prune\nm = torch.nn.Linear(2, 2)\n"
        "P.global_unstructured([(m, 'weight')], pruning_method=P.LnStructured, amount=1, n=2, dim=0)",
    "prune_global_not_iterable": "torch.nn.utils.prune.global_unstructured(3, torch.nn.utils.prune.L1Unstructured, "
        "amount=1)",
    "prune_method_prune": "t = torch.tensor([[1., -3.], [0.5, 2.]])\n"
        "result = {'a': torch.nn.utils.prune.L1Unstructured(amount=2).prune(t), "
        "'b': torch.nn.utils.prune.LnStructured(1, 1, dim=1).prune(t)}",
}

_W = ("m = torch.nn.Linear(3, 2)\nwith torch.no_grad():\n    m.weight.copy_(torch.tensor([[1., 2., -2.], "
      "[0.5, 0., 1.]]))\n    m.bias.copy_(torch.tensor([0.1, -0.2]))\n")
_SYM = ("class Sym(torch.nn.Module):\n    def forward(self, X):\n        return X.triu() + X.triu(1).transpose(-1, -2)\n"
        "    def right_inverse(self, A):\n        return A.triu()\n"
        "class Scale(torch.nn.Module):\n    def forward(self, X):\n        return X * 2\n")
_PARAMS = ("names = {'p': [n for n, _ in m.named_parameters()], 'b': [n for n, _ in m.named_buffers()], "
           "'s': list(m.state_dict()), 'type': type(m).__name__}\n")
_IGNORE = "import warnings\nwarnings.simplefilter('ignore')\n"

PARAMETRIZE_CASES = {
    "parametrize_register_symmetric": "m = torch.nn.Linear(3, 3)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.arange(9.).reshape(3, 3))\n" + _SYM + "PZ = torch.nn.utils.parametrize\n"
        "out = PZ.register_parametrization(m, 'weight', Sym())\n" + _PARAMS +
        "y = m(torch.tensor([[1., -1., 2.]]))\ny.sum().backward()\n"
        "result = {'same': out is m, 'repr': repr(m), 'w': m.weight, 'orig': m.parametrizations.weight.original, "
        "'g': m.parametrizations.weight.original.grad, 'is': [PZ.is_parametrized(m), PZ.is_parametrized(m, 'weight'), "
        "PZ.is_parametrized(m, 'bias')], 'before': PZ.type_before_parametrizations(m).__name__, **names}",
    "parametrize_assign_right_inverse": "m = torch.nn.Linear(2, 2)\n" + _SYM + "PZ = torch.nn.utils.parametrize\n"
        "PZ.register_parametrization(m, 'weight', Sym())\nm.weight = torch.tensor([[1., 2.], [3., 4.]])\n"
        "result = {'w': m.weight, 'orig': m.parametrizations.weight.original}",
    "parametrize_two_and_remove": "m = torch.nn.Linear(2, 2)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.tensor([[1., 2.], [3., 4.]]))\n" + _SYM + "PZ = torch.nn.utils.parametrize\n"
        "PZ.register_parametrization(m, 'weight', Sym())\nPZ.register_parametrization(m, 'weight', Scale())\n"
        "w = m.weight\nrep = repr(m)\nPZ.remove_parametrizations(m, 'weight')\n" + _PARAMS +
        "result = {'w': w, 'after': m.weight, 'repr': rep, 'is': PZ.is_parametrized(m), **names}",
    "parametrize_remove_keep_original": "m = torch.nn.Linear(2, 2)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.tensor([[1., 2.], [3., 4.]]))\n" + _SYM + "PZ = torch.nn.utils.parametrize\n"
        "PZ.register_parametrization(m, 'weight', Sym())\n"
        "PZ.remove_parametrizations(m, 'weight', leave_parametrized=False)\nresult = {'w': m.weight}",
    "parametrize_buffer": "m = torch.nn.BatchNorm1d(2)\n" + _SYM.split("class Scale")[0] +
        "class Twice(torch.nn.Module):\n    def forward(self, X):\n        return X * 2\n"
        "torch.nn.utils.parametrize.register_parametrization(m, 'running_var', Twice())\n" + _PARAMS +
        "result = {'v': m.running_var, **names}",
    "parametrize_cached": "m = torch.nn.Linear(2, 2)\ncalls = []\n"
        "class Count(torch.nn.Module):\n    def forward(self, X):\n        calls.append(1)\n        return X\n"
        "PZ = torch.nn.utils.parametrize\nPZ.register_parametrization(m, 'weight', Count())\nn0 = len(calls)\n"
        "with PZ.cached():\n    a = m.weight\n    b = m.weight\nc = m.weight\n"
        "result = {'calls': len(calls) - n0, 'same': a is b, 'other': a is c}",
    "parametrize_shape_change_refused": "m = torch.nn.Linear(3, 2)\n"
        "class T(torch.nn.Module):\n    def forward(self, X):\n        return X.T\n"
        "torch.nn.utils.parametrize.register_parametrization(m, 'weight', T())",
    "parametrize_missing_name": "m = torch.nn.Linear(3, 2)\n"
        "torch.nn.utils.parametrize.register_parametrization(m, 'nothing', torch.nn.Identity())",
    "parametrize_remove_unparametrized": "torch.nn.utils.parametrize.remove_parametrizations(torch.nn.Linear(1, 1), 'weight')",
    "parametrize_no_right_inverse_assign": "m = torch.nn.Linear(2, 2)\n" + _SYM +
        "torch.nn.utils.parametrize.register_parametrization(m, 'weight', Scale())\nm.weight = torch.ones(2, 2)",
    "parametrize_sequence_right_inverse": "m = torch.nn.Linear(2, 2)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.tensor([[1., 2.], [3., 4.]]))\n"
        "class Split(torch.nn.Module):\n    def forward(self, A, B):\n        return A + B\n"
        "    def right_inverse(self, W):\n        return W * 0.25, W * 0.75\n"
        "torch.nn.utils.parametrize.register_parametrization(m, 'weight', Split())\n" + _PARAMS +
        "result = {'w': m.weight, 'o1': m.parametrizations.weight.original1, **names}",
    "weight_norm_parametrization": _W + "torch.nn.utils.parametrizations.weight_norm(m)\n" + _PARAMS +
        "y = m(torch.tensor([[1., 1., 1.], [0., 2., -1.]]))\n(y * torch.tensor([1., -2.])).sum().backward()\n"
        "pw = m.parametrizations.weight\nresult = {'repr': repr(m), 'w': m.weight.detach(), 'g': pw.original0, "
        "'v': pw.original1, 'gg': pw.original0.grad, 'gv': pw.original1.grad, 'y': y, **names}",
    "weight_norm_parametrization_dims": "m = torch.nn.Conv1d(2, 3, 2)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.arange(12.).reshape(3, 2, 2) - 5)\n"
        "PZ = torch.nn.utils.parametrizations\nPZ.weight_norm(m, dim=None)\n"
        "n = torch.nn.Conv1d(2, 3, 2)\nwith torch.no_grad():\n    n.weight.copy_(torch.arange(12.).reshape(3, 2, 2) - 5)\n"
        "PZ.weight_norm(n, dim=1)\nresult = {'a': m.parametrizations.weight.original0, "
        "'b': n.parametrizations.weight.original0, 'wa': m.weight, 'wb': n.weight}",
    "weight_norm_legacy": _IGNORE + _W + "out = torch.nn.utils.weight_norm(m)\n" + _PARAMS +
        "y = m(torch.tensor([[1., 1., 1.]]))\ny.sum().backward()\n"
        "result = {'same': out is m, 'g': m.weight_g, 'v': m.weight_v, 'w': m.weight, 'gg': m.weight_g.grad, "
        "'gv': m.weight_v.grad, 'hooks': [type(h).__name__ for h in m._forward_pre_hooks.values()], **names}",
    "weight_norm_legacy_warns": "import warnings\nwith warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n    torch.nn.utils.weight_norm(torch.nn.Linear(2, 2))\n"
        "result = {'w': [str(i.message) for i in w], 'c': [i.category.__name__ for i in w]}",
    "weight_norm_legacy_remove": _IGNORE + _W + "torch.nn.utils.weight_norm(m, name='weight', dim=1)\n"
        "torch.nn.utils.remove_weight_norm(m)\n" + _PARAMS + "result = {'w': m.weight, 'hooks': "
        "len(m._forward_pre_hooks), **names}",
    "weight_norm_legacy_twice": _IGNORE + _W + "torch.nn.utils.weight_norm(m)\ntorch.nn.utils.weight_norm(m)",
    "weight_norm_legacy_remove_missing": "torch.nn.utils.remove_weight_norm(torch.nn.Linear(2, 2))",
    "spectral_norm_parametrization": "torch.manual_seed(0)\nm = torch.nn.Linear(4, 3)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.tensor([[1., 2., 0., -1.], [0.5, -1., 3., 0.], [2., 0., 1., 1.]]))\n"
        "torch.nn.utils.parametrizations.spectral_norm(m)\n" + _PARAMS +
        "sigma = torch.linalg.matrix_norm(m.weight.detach(), 2)\nm.eval()\nu = m.parametrizations.weight[0]._u.clone()\n"
        "m(torch.ones(1, 4))\nunchanged = torch.equal(u, m.parametrizations.weight[0]._u)\n"
        "result = {'repr': repr(m), 'sigma': round(sigma.item(), 4), 'unchanged': unchanged, "
        "'ushape': list(u.shape), **names}",
    "spectral_norm_conv_dims": "torch.manual_seed(0)\nm = torch.nn.utils.parametrizations.spectral_norm("
        "torch.nn.ConvTranspose1d(2, 3, 2))\nn = torch.nn.utils.parametrizations.spectral_norm(torch.nn.Conv1d(2, 3, 2))\n"
        "result = {'a': [list(m.parametrizations.weight[0]._u.shape), list(m.parametrizations.weight[0]._v.shape)], "
        "'b': [list(n.parametrizations.weight[0]._u.shape), list(n.parametrizations.weight[0]._v.shape)]}",
    "spectral_norm_bad_dim": "torch.nn.utils.parametrizations.spectral_norm(torch.nn.Linear(2, 2), dim=2)",
    "spectral_norm_bad_iterations": "torch.nn.utils.parametrizations.spectral_norm(torch.nn.Linear(2, 2), "
        "n_power_iterations=0)",
    "spectral_norm_missing": "torch.nn.utils.parametrizations.spectral_norm(torch.nn.ReLU())",
    "spectral_norm_legacy": "torch.manual_seed(0)\nm = torch.nn.Linear(4, 3)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.tensor([[1., 2., 0., -1.], [0.5, -1., 3., 0.], [2., 0., 1., 1.]]))\n"
        "out = torch.nn.utils.spectral_norm(m)\n" + _PARAMS + "plain = type(m.weight).__name__\n"
        "for _ in range(30):\n    y = m(torch.ones(1, 4))\nsigma = torch.linalg.matrix_norm(m.weight.detach(), 2)\n"
        "y.sum().backward()\nm.eval()\nu = m.weight_u.clone()\nm(torch.ones(1, 4))\n"
        "result = {'same': out is m, 'sigma': round(sigma.item(), 4), 'unchanged': torch.equal(u, m.weight_u), "
        "'g': list(m.weight_orig.grad.shape), 'hooks': [type(h).__name__ for h in m._forward_pre_hooks.values()], "
        "'shapes': [list(m.weight_u.shape), list(m.weight_v.shape)], 'name': y.grad_fn.name(), 'plain': plain, **names}",
    "spectral_norm_legacy_remove": "m = torch.nn.utils.spectral_norm(torch.nn.Conv2d(2, 3, 2))\n"
        "torch.nn.utils.remove_spectral_norm(m)\n" + _PARAMS + "result = {'hooks': len(m._forward_pre_hooks), "
        "'w': type(m.weight).__name__, **names}",
    "spectral_norm_legacy_transposed": "m = torch.nn.utils.spectral_norm(torch.nn.ConvTranspose2d(2, 3, 2))\n"
        "result = {'u': list(m.weight_u.shape), 'v': list(m.weight_v.shape)}",
    "spectral_norm_legacy_twice": "m = torch.nn.utils.spectral_norm(torch.nn.Linear(2, 2))\ntorch.nn.utils.spectral_norm(m)",
    "spectral_norm_legacy_none": "torch.nn.utils.spectral_norm(torch.nn.Linear(2, 2, bias=False), name='bias')",
    "spectral_norm_legacy_remove_missing": "torch.nn.utils.remove_spectral_norm(torch.nn.Linear(2, 2))",
}

_X3 = "x = torch.tensor([[[1., 2., 4.], [3., -1., 0.]], [[0., 5., 1.], [2., 2., -4.]]], requires_grad=True)\n"

RMS_CASES = {
    "RMSNorm_repr_state": "result = {'a': repr(torch.nn.RMSNorm(4)), 'b': repr(torch.nn.RMSNorm([2, 3], eps=1e-3, "
        "elementwise_affine=False)), 'keys': list(torch.nn.RMSNorm(3).state_dict()), "
        "'none': torch.nn.RMSNorm(3, elementwise_affine=False).weight, 'w': torch.nn.RMSNorm((2, 2)).weight}",
    "RMSNorm_forward_backward": _X3 + "m = torch.nn.RMSNorm(3)\nwith torch.no_grad():\n"
        "    m.weight.copy_(torch.tensor([1., -2., 0.5]))\ny = m(x)\n(y * torch.tensor([1., 2., 3.])).sum().backward()\n"
        "result = {'y': y, 'gx': x.grad, 'gw': m.weight.grad, 'name': y.grad_fn.name()}",
    "RMSNorm_two_dims_eps": _X3 + "y = torch.nn.RMSNorm([2, 3], eps=0.5, elementwise_affine=False)(x)\nresult = {'y': y}",
    "RMSNorm_double": "x = torch.tensor([[1e-9, 2e-9], [3., 4.]], dtype=torch.float64)\n"
        "result = {'y': torch.nn.RMSNorm(2, dtype=torch.float64)(x), 'f': torch.nn.functional.rms_norm(x.float(), (2,))}",
    "RMSNorm_half": "x = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float16)\n"
        "y = torch.nn.functional.rms_norm(x, (2,), torch.tensor([1., 0.5]))\n"
        "z = torch.nn.functional.rms_norm(x.float(), (2,), torch.tensor([1., 0.5], dtype=torch.float64))\n"
        "result = {'y': y, 'z': z}",
    "rms_norm_shape_error": "torch.nn.functional.rms_norm(torch.ones(2, 3), (4,))",
    "rms_norm_weight_error": "torch.nn.functional.rms_norm(torch.ones(2, 3), (3,), torch.ones(2))",
    "rms_norm_int_shape": "torch.nn.functional.rms_norm(torch.ones(2, 3), 3)",
    "rms_norm_integer_input": "torch.nn.functional.rms_norm(torch.ones(2, 3, dtype=torch.int64), (3,))",
    "weight_norm_integer": "torch._weight_norm(torch.ones(2, 3, dtype=torch.int64), torch.ones(2, 1, "
        "dtype=torch.int64), 0)",
}

_LAZY_NAMES = ("def names(m):\n    return [[n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()], "
               "list(m.state_dict()), repr(m), type(m).__name__]\n")

LAZY_CASES = {
    "LazyLinear_lifecycle": _LAZY_NAMES + "torch.manual_seed(0)\nm = torch.nn.LazyLinear(3)\nbefore = names(m)\n"
        "w = m.weight\nu = [repr(m.weight), m.has_uninitialized_params(), type(m.weight).__name__, "
        "repr(m.state_dict()['bias'])]\nopt = torch.optim.SGD(m.parameters(), lr=0.5)\n"
        "y = m(torch.ones(2, 5))\ny.sum().backward()\nopt.step()\n"
        "result = {'before': before, 'u': u, 'after': names(m), 'same': w is m.weight, 'shape': list(m.weight.shape), "
        "'y': list(y.shape), 'gb': m.bias.grad, 'hooks': len(m._forward_pre_hooks), "
        "'cls': type(m.weight).__name__, 'lazy': hasattr(m, 'has_uninitialized_params')}",
    "LazyLinear_no_bias_dtype": "m = torch.nn.LazyLinear(2, bias=False, dtype=torch.float64)\n"
        "m(torch.ones(3, 4, dtype=torch.float64))\nresult = {'r': repr(m), 'd': m.weight.dtype, 'b': m.bias}",
    "LazyLinear_load_state_dict": _LAZY_NAMES + "src = torch.nn.Linear(3, 2)\nm = torch.nn.LazyLinear(2)\n"
        "m.load_state_dict(src.state_dict())\nmid = names(m)\ny = m(torch.ones(1, 3))\n"
        "result = {'mid': mid, 'after': names(m), 'eq': torch.equal(m.weight, src.weight), 'y': y.detach() - src(torch.ones(1, 3)).detach()}",
    # the message names the method as Python prints it (<method 'mul' of 'torch._C.TensorBase' objects>)
    "LazyLinear_uninitialized_use": "p = torch.nn.LazyLinear(2).weight\ntry:\n    p.mul(2)\nexcept ValueError as e:\n"
        "    result = {'head': str(e).split(' in ')[0], 'tail': str(e).split('objects>')[1], 'name': 'mul' in str(e)}",
    "LazyLinear_uninitialized_shape": "torch.nn.LazyLinear(2).weight.shape",
    "LazyConv_reprs": "result = {'a': repr(torch.nn.LazyConv2d(4, 3, padding=1)), 'b': repr(torch.nn.LazyConv1d(4, 3, "
        "bias=False)), 'c': repr(torch.nn.LazyConv2d(4, 3, groups=2)), 'd': repr(torch.nn.LazyConvTranspose2d(3, 2, "
        "stride=2)), 'e': repr(torch.nn.LazyConvTranspose1d(3, 2))}",
    "LazyConv2d_forward": _LAZY_NAMES + "torch.manual_seed(0)\nc = torch.nn.LazyConv2d(4, 3, padding=1)\n"
        "y = c(torch.ones(1, 2, 4, 4))\nu = torch.nn.LazyConv1d(3, 2)\nz = u(torch.ones(5, 4))\n"
        "t = torch.nn.LazyConvTranspose2d(3, 2, groups=1)\nv = t(torch.ones(2, 4, 3, 3))\n"
        "result = {'c': names(c), 'y': list(y.shape), 'w': list(c.weight.shape), 'u': names(u), 'z': list(z.shape), "
        "'t': names(t), 'tw': list(t.weight.shape), 'v': list(v.shape)}",
    "LazyConv2d_bad_dims": "torch.nn.LazyConv2d(4, 3)(torch.ones(3, 3))",
    "LazyConv2d_groups": "torch.nn.LazyConv2d(4, 3, groups=2)(torch.ones(1, 3, 5, 5))",
    "LazyBatchNorm_lifecycle": _LAZY_NAMES + "b = torch.nn.LazyBatchNorm2d()\nbefore = names(b)\n"
        "x = torch.arange(24.).reshape(2, 3, 2, 2)\ny = b(x)\n"
        "result = {'before': before, 'after': names(b), 'rm': b.running_mean, 'rv': b.running_var, "
        "'n': b.num_batches_tracked, 'w': b.weight, 'y': y}",
    "LazyBatchNorm1d_plain": _LAZY_NAMES + "b = torch.nn.LazyBatchNorm1d(affine=False, track_running_stats=False)\n"
        "before = names(b)\ny = b(torch.tensor([[1., 2.], [3., 5.]]))\n"
        "result = {'before': before, 'after': names(b), 'y': y}",
    "LazyBatchNorm1d_no_bias": _LAZY_NAMES + "b = torch.nn.LazyBatchNorm1d(bias=False)\nbefore = names(b)\n"
        "b(torch.tensor([[1., 2.], [3., 5.]]))\nresult = {'before': before, 'after': names(b)}",
    "UninitializedParameter_basics": "P = torch.nn.parameter.UninitializedParameter\np = P()\n"
        "q = P(requires_grad=False, dtype=torch.float64)\nq.materialize(2, dtype=torch.float32)\n"
        "b = torch.nn.parameter.UninitializedBuffer()\nrb = repr(b)\nb.materialize((2, 1))\n"
        "import copy\nresult = {'p': repr(p), 'rg': p.requires_grad, 'd': p.dtype, 'q': [type(q).__name__, "
        "q.dtype, q.requires_grad, list(q.shape)], 'b': [rb, type(b).__name__, list(b.shape), b.requires_grad], "
        "'copy': repr(copy.deepcopy(P())), 'lazy': [torch.nn.parameter.is_lazy(p), torch.nn.parameter.is_lazy(q)], "
        "'top': [torch.nn.UninitializedParameter is P]}",
    "weight_norm_uninitialized": "torch.nn.utils.weight_norm(torch.nn.LazyLinear(2))",
}

_S = "x = torch.tensor([[0.1, 0.2, 0.4, 0.8], [0.5, -1., 2., 0.]], requires_grad=True)\nF = torch.nn.functional\n"

MARGIN_CASES = {
    "MultiMarginLoss_module": _S + "m = torch.nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor([1., 2., 3., 4.]))\n"
        "y = m(x, torch.tensor([3, 1]))\ny.backward()\nresult = {'r': [repr(m), repr(torch.nn.MultiMarginLoss())], "
        "'keys': list(m.state_dict()), 'none': list(torch.nn.MultiMarginLoss().state_dict()), 'y': y, 'g': x.grad}",
    "MultiMarginLoss_bad_p": "torch.nn.MultiMarginLoss(p=3)",
    "MultiMarginLoss_bad_weight": "torch.nn.MultiMarginLoss(weight=torch.ones(2, 2))",
    "multi_margin_loss_reductions": _S + "t = torch.tensor([0, 3])\nresult = {'mean': F.multi_margin_loss(x, t), "
        "'sum': F.multi_margin_loss(x, t, reduction='sum'), 'none': F.multi_margin_loss(x, t, reduction='none'), "
        "'one': F.multi_margin_loss(x[0], torch.tensor(2), reduction='none'), 'oneb': F.multi_margin_loss(x[0], "
        "torch.tensor([2]))}",
    "multi_margin_loss_legacy": _S + "import warnings\nwith warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n    y = F.multi_margin_loss(x, torch.tensor([0, 3]), size_average=False)\n"
        "result = {'y': y, 'w': [str(i.message) for i in w]}",
    "multi_margin_loss_target_range": _S + "F.multi_margin_loss(x, torch.tensor([0, 4]))",
    "multi_margin_loss_target_size": _S + "F.multi_margin_loss(x, torch.tensor([0, 1, 2]))",
    "multi_margin_loss_target_dtype": _S + "F.multi_margin_loss(x, torch.tensor([0., 1.]))",
    "multi_margin_loss_integer": "torch.nn.functional.multi_margin_loss(torch.ones(2, 3, dtype=torch.int64), "
        "torch.tensor([0, 1]))",
    "multi_margin_loss_weight_size": _S + "F.multi_margin_loss(x, torch.tensor([0, 1]), weight=torch.ones(3))",
    "multi_margin_loss_weight_grad": _S + "F.multi_margin_loss(x, torch.tensor([0, 1]), weight=torch.ones(4, "
        "requires_grad=True))",
    "multi_margin_loss_3d": "torch.nn.functional.multi_margin_loss(torch.ones(2, 3, 4), torch.tensor([1, 1]))",
    "multi_margin_loss_bad_reduction": _S + "F.multi_margin_loss(x, torch.tensor([0, 1]), reduction='max')",
    "MultiLabelMarginLoss_module": _S + "m = torch.nn.MultiLabelMarginLoss(reduction='sum')\n"
        "y = m(x, torch.tensor([[3, 0, -1, 1], [1, 2, 3, -1]]))\ny.backward()\n"
        "result = {'r': repr(m), 'y': y, 'g': x.grad, 'name': y.grad_fn.name()}",
    "multilabel_margin_loss_repeats": _S + "y = F.multilabel_margin_loss(x, torch.tensor([[0, 0, -1, 1], [-1, 2, 3, -1]]), "
        "reduction='none')\ny.sum().backward()\nresult = {'y': y, 'g': x.grad}",
    "multilabel_margin_loss_range": _S + "F.multilabel_margin_loss(x, torch.tensor([[-2, 0, -1, 1], [1, 2, 3, -1]]))",
    "multilabel_margin_loss_range_after_end": _S + "y = F.multilabel_margin_loss(x, torch.tensor([[1, -1, 2, -1], "
        "[1, 2, 3, -1]]))\nresult = {'y': y}",
    "multilabel_margin_loss_range_after_end_bad": _S + "F.multilabel_margin_loss(x, torch.tensor([[1, -1, 9, 0], "
        "[1, 2, 3, -1]]))",
    "multilabel_margin_loss_size": _S + "F.multilabel_margin_loss(x, torch.tensor([[1, 2, -1]]))",
    "multilabel_margin_loss_dtype": _S + "F.multilabel_margin_loss(x, torch.tensor([[1., 2., -1., 0.], [0., 1., 2., 3.]]))",
}

GUMBEL_CASES = {
    "gumbel_softmax_integer": "torch.nn.functional.gumbel_softmax(torch.tensor([1, 2]))",
    "exponential_integer": "torch.tensor([1, 2]).exponential_()",
    "gumbel_softmax_shapes": "torch.manual_seed(0)\nF = torch.nn.functional\nx = torch.zeros(2, 3, 4, requires_grad=True)\n"
        "a = F.gumbel_softmax(x, tau=2.0, dim=1)\nb = F.gumbel_softmax(x.double(), hard=True)\n"
        "result = {'a': [list(a.shape), a.dtype, a.grad_fn.name()], 'sa': a.sum(1).detach().round(decimals=5), "
        "'b': [b.dtype, b.grad_fn.name()], 'sb': b.sum(-1).detach()}",
}

_LP = ("x = (torch.arange(48, dtype=torch.float64).reshape(6, 2, 4) * 0.37).sin().requires_grad_()\n"
       "lp = x.log_softmax(2)\nt = torch.tensor([[1, 2], [3, 3]])\nil = torch.tensor([6, 5])\ntl = torch.tensor([2, 2])\n"
       "F = torch.nn.functional\n")

CTC_CASES = {
    "CTCLoss_module": _LP + "m = torch.nn.CTCLoss(blank=0, reduction='sum', zero_infinity=True)\ny = m(lp, t, il, tl)\n"
        "y.backward()\nresult = {'r': [repr(m), repr(torch.nn.CTCLoss())], 'y': y, 'g': x.grad, 'name': y.grad_fn.name(), "
        "'keys': list(m.state_dict())}",
    "ctc_loss_reductions": _LP + "result = {r + str(z): F.ctc_loss(lp, t, il, tl, reduction=r, zero_infinity=z) "
        "for r in ('none', 'sum', 'mean') for z in (False, True)}\n"
        "result['names'] = [F.ctc_loss(lp, t, il, tl, reduction=r, zero_infinity=z).grad_fn.name() "
        "for r in ('none', 'sum', 'mean') for z in (False, True)]",
    "ctc_loss_log_probs_grad": _LP + "lp2 = lp.detach().requires_grad_()\n"
        "F.ctc_loss(lp2, t, il, tl, reduction='sum').backward()\nresult = {'g': lp2.grad}",
    "ctc_loss_concatenated_lists": _LP + "result = {'a': F.ctc_loss(lp, torch.tensor([1, 2, 3, 3]), il, tl), "
        "'b': F.ctc_loss(lp, t, [6, 5], (2, 2)), 'c': F.ctc_loss(lp, t.float(), il, tl)}",
    "ctc_loss_impossible": _LP + "lp2 = lp.detach().requires_grad_()\n"
        "a = F.ctc_loss(lp2, torch.tensor([[1, 1], [3, 3]]), torch.tensor([2, 5]), tl, reduction='none')\n"
        "b = F.ctc_loss(lp2, t, torch.tensor([0, 5]), tl, reduction='none')\n"
        "z = F.ctc_loss(lp2, torch.tensor([[1, 1], [3, 3]]), torch.tensor([2, 5]), tl, reduction='sum', zero_infinity=True)\n"
        "z.backward()\nresult = {'a': a, 'b': b, 'z': z, 'g': lp2.grad}",
    "ctc_loss_empty_target_blank": _LP + "result = {'a': F.ctc_loss(lp, t, il, torch.tensor([0, 1]), reduction='none'), "
        "'b': F.ctc_loss(lp, t, il, tl, blank=1, reduction='none'), 'c': F.ctc_loss(lp, t, il, tl, blank=3)}",
    "ctc_loss_unbatched": _LP + "y = F.ctc_loss(lp[:, 0], torch.tensor([1, 2]), torch.tensor(6), torch.tensor(2), "
        "reduction='none')\nresult = {'y': y, 'name': y.grad_fn.name()}",
    "ctc_loss_double_backward": _LP + "g, = torch.autograd.grad(F.ctc_loss(lp, t, il, tl), x, create_graph=True)\n"
        "g.sum().backward()",
    "ctc_loss_input_lengths_size": _LP + "F.ctc_loss(lp, t, torch.tensor([6]), tl)",
    "ctc_loss_target_lengths_size": _LP + "F.ctc_loss(lp, t, il, torch.tensor([2]))",
    "ctc_loss_input_too_long": _LP + "F.ctc_loss(lp, t, torch.tensor([7, 5]), tl)",
    "ctc_loss_targets_too_short": _LP + "F.ctc_loss(lp, t, il, torch.tensor([3, 2]))",
    "ctc_loss_concatenated_size": _LP + "F.ctc_loss(lp, torch.tensor([1, 2, 3]), il, tl)",
    "ctc_loss_integer_log_probs": _LP + "F.ctc_loss(lp.long(), t, il, tl)",
    "ctc_loss_float_lengths": _LP + "F.ctc_loss(lp, t, il.float(), tl)",
    "ctc_loss_blank_range": _LP + "F.ctc_loss(lp, t, il, tl, blank=4)",
    "ctc_loss_reduction": _LP + "F.ctc_loss(lp, t, il, tl, reduction='x')",
    "ctc_loss_half": _LP + "F.ctc_loss(lp.half(), t, il, tl)",
}

CASES = {**HOOK_CASES, **PRUNE_CASES, **PARAMETRIZE_CASES, **RMS_CASES, **LAZY_CASES, **MARGIN_CASES, **GUMBEL_CASES,
         **CTC_CASES}
