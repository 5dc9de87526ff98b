"""Snippets of the fixes made for PyTorch's docstring examples (helper docex6), run with ``torch`` bound to PyTorch
(recorded by ``docex6.py`` into ``torch_docex6.json``) and to gradlib (``tests/test_docex6.py``): values, shapes,
printing and errors. Fixed data only."""

_UP = ("x = (torch.arange(144.).reshape(1, 1, 12, 12) % 7 - 3) / 4\n"
       "down = torch.nn.Conv2d(1, 2, 3, stride=2, padding=1)\nup = torch.nn.ConvTranspose2d(2, 1, 3, stride=2, padding=1)\n"
       "with torch.no_grad():\n    down.weight.copy_((torch.arange(18.).reshape(2, 1, 3, 3) % 5 - 2) / 4)\n"
       "    up.weight.copy_((torch.arange(18.).reshape(2, 1, 3, 3) % 3 - 1) / 2)\n    down.bias.zero_()\n    up.bias.fill_(0.5)\n"
       "h = down(x)\n")

_STREAM = ("class Split(torch.utils.data.IterableDataset):\n    def __init__(self, start, end):\n"
           "        self.start, self.end = start, end\n    def __iter__(self):\n"
           "        info = torch.utils.data.get_worker_info()\n        if info is None:\n"
           "            return iter(range(self.start, self.end))\n"
           "        per = -(-(self.end - self.start) // info.num_workers)\n        first = self.start + info.id * per\n"
           "        return iter(range(first, min(first + per, self.end)))\n"
           "class Count(torch.utils.data.IterableDataset):\n    def __init__(self, start, end):\n"
           "        self.start, self.end = start, end\n    def __iter__(self):\n"
           "        return iter(range(self.start, self.end))\n")

CASES = {
    # ----- ConvTranspose{1,2}d.forward(input, output_size) ---------------------------------------------------------
    "conv_transpose2d_output_size": _UP + "y = up(h, output_size=x.size())\nz = up(h, output_size=[11, 11])\n"
                                          "result = {'y': y, 'z': z, 'shape': str(y.shape), 'default': str(up(h).shape)}",
    "conv_transpose2d_output_size_spatial": _UP + "result = {'y': up(h, output_size=(12, 12)), "
                                                  "'u': up(h[0], output_size=(1, 12, 12))}",
    "conv_transpose2d_output_size_gradient": _UP + "h = h.detach().requires_grad_()\n"
                                                   "y = up(h, output_size=x.size())\n(y * y).sum().backward()\nresult = {'g': h.grad, 'w': up.weight.grad}",
    "conv_transpose2d_output_size_too_large": _UP + "up(h, output_size=(20, 20))",
    "conv_transpose2d_output_size_too_small": _UP + "up(h, output_size=[10, 12])",
    "conv_transpose2d_output_size_length": _UP + "up(h, output_size=(12,))",
    "conv_transpose2d_output_size_unbatched_length": _UP + "up(h[0], output_size=(1, 1, 12, 12))",
    "conv_transpose1d_output_size": "m = torch.nn.ConvTranspose1d(2, 1, 3, stride=3)\n"
                                    "with torch.no_grad():\n    m.weight.copy_(torch.arange(6.).reshape(2, 1, 3))\n"
                                    "    m.bias.zero_()\nx = torch.arange(10.).reshape(1, 2, 5)\n"
                                    "result = {str(k): m(x, output_size=[k]) for k in (15, 16, 17)}",
    "conv_transpose1d_output_size_error": "m = torch.nn.ConvTranspose1d(2, 1, 3, stride=3)\n"
                                          "m(torch.ones(1, 2, 5), output_size=[18])",
    # ----- Size: slices, concatenation and repetition are Sizes ------------------------------------------------------
    "size_slice_and_concatenation": "s = torch.zeros(2, 3, 4).shape\nresult = {'slice': repr(s[1:]), "
                                    "'reverse': repr(s[::-1]), 'item': s[1], 'add': repr(s + (5,)), "
                                    "'radd': repr((1,) + s), 'mul': repr(s * 2), 'rmul': repr(2 * s), "
                                    "'equal': s[1:] == (3, 4), 'hash': hash(s[1:]) == hash((3, 4))}",
    "size_add_list": "torch.zeros(2).shape + [1]",
    # ----- linalg.solve: batch dims broadcast, a (n, 1) B under a batch of A ----------------------------------------
    "solve_broadcast_shapes": "A = torch.eye(3) * 2 + torch.arange(9.).reshape(3, 3) / 10\nAb = torch.stack([A, A.T])\n"
                              "result = {'col': torch.linalg.solve(Ab, torch.ones(3, 1)), "
                              "'vec': torch.linalg.solve(Ab, torch.arange(3.)), "
                              "'bat': torch.linalg.solve(A, torch.arange(12.).reshape(2, 3, 2))}",
    "solve_rows_mismatch": "torch.linalg.solve(torch.eye(3), torch.ones(2, 3))",
    "solve_vector_mismatch": "torch.linalg.solve(torch.eye(3), torch.ones(4))",
    "solve_batch_mismatch": "torch.linalg.solve(torch.eye(3).expand(2, 3, 3), torch.ones(4, 3, 2))",
    # ----- einsum's sublist form ----------------------------------------------------------------------------------
    "einsum_sublist": "a = torch.arange(6.).reshape(2, 3)\nb = torch.arange(12.).reshape(3, 4)\n"
                      "result = {'mm': torch.einsum(a, [0, 1], b, [1, 2], [0, 2]), 'implicit': torch.einsum(a, [0, 1], "
                      "b, [1, 2]), 'lower': torch.einsum(a, [30, 51], [51]), 'ellipsis': torch.einsum("
                      "torch.ones(2, 2, 3), [..., 0], torch.ones(3), [0], [...]), 'trace': torch.einsum("
                      "torch.arange(9.).reshape(3, 3), [7, 7])}",
    "einsum_sublist_gradient": "a = torch.arange(6.).reshape(2, 3).requires_grad_()\nb = torch.arange(12.).reshape(3, 4)\n"
                               "y = torch.einsum(a, [0, 1], b, [1, 2], [2])\ny.sum().backward()\ny = y.detach()\n"
                               "result = {'y': y, 'g': a.grad}",
    "einsum_sublist_range": "torch.einsum(torch.ones(2), [52])",
    "einsum_sublist_negative": "torch.einsum(torch.ones(2), [-1])",
    "einsum_no_operand": "torch.einsum('i->i')",
    # ----- scatter(reduce='multiply'), nanmedian's result type, manual_seed's result, inference tensors' version ----
    "scatter_multiply": "i = torch.tensor([[0, 0], [1, 1]])\ns = torch.tensor([[3., 4., 5.], [7., 8., 9.]])\n"
                        "z = torch.full((2, 4), 2.)\nz.scatter_(1, torch.tensor([[2], [3]]), 1.23, reduce='multiply')\n"
                        "result = {'src': torch.ones(2, 4).scatter(1, i, s, reduce='multiply'), "
                        "'value': torch.ones(2, 4, dtype=torch.long).scatter(1, i, 3, reduce='multiply'), 'inplace': z, "
                        "'add': torch.ones(2, 4).scatter(1, i, s, reduce='add')}",
    "scatter_unknown_reduce": "torch.ones(2).scatter(0, torch.tensor([0]), 2., reduce='mean')",
    "nanmedian_dim_result": "nan = float('nan')\nr = torch.tensor([[4., nan, 1.], [nan, nan, nan]]).nanmedian(1)\n"
                            "result = {'repr': repr(r), 'type': type(r).__name__, 'values': r.values, "
                            "'all': torch.nanmedian(torch.tensor([2., nan, 1.]))}",
    "manual_seed_result": "g = torch.manual_seed(3)\nresult = {'repr': repr(g).split(' object at ')[0], "
                          "'seed': g.initial_seed()}",
    "inference_tensor_version": "with torch.inference_mode():\n    y = torch.ones(2) * 2\ny._version",
    "normal_tensor_version": "x = torch.ones(2)\nx.add_(1)\nwith torch.inference_mode():\n    v = x._version\n"
                             "result = {'v': v}",
    # ----- Tensor.resize_ / resize_as_ -----------------------------------------------------------------------------
    "resize_shapes": "x = torch.arange(1., 7.)\nv = x.view(2, 3)\na = x.resize_(3, 2)\nb = torch.arange(6.).resize_((4,))\n"
                     "c = torch.arange(4).resize_(2, 3)[0]\nx[0, 0] = 9.\n"
                     "result = {'a': a, 'same': a is x, 'b': b, 'c': c, 'v': v, 'as': torch.zeros(2, 3).resize_as_("
                     "torch.ones(3, 2)).shape}",
    "resize_requires_grad": "torch.ones(2, requires_grad=True).resize_(3)",
    "resize_negative": "torch.ones(2).resize_(3, -1)",
    # ----- DataLoader(IterableDataset, num_workers=k): PyTorch's workers' order, get_worker_info, worker_init_fn ---
    "iterable_workers": _STREAM + "result = {'k%d_b%s' % (k, b): [getattr(x, 'tolist', lambda: x)() for x in torch.utils.data.DataLoader("
                        "Split(3, 10), num_workers=k, batch_size=b)] for k in (0, 1, 2, 3, 12) for b in (None, 1, 2)}",
    "iterable_workers_repeat": _STREAM + "result = {'k%d_b%s_%s' % (k, b, d): [getattr(x, 'tolist', lambda: x)() for x in "
                               "torch.utils.data.DataLoader(Count(3, 8), num_workers=k, batch_size=b, drop_last=d)] "
                               "for k in (2, 3) for b, d in ((None, False), (2, False), (2, True))}",
    "iterable_worker_init_fn": _STREAM + "def init(worker_id):\n    info = torch.utils.data.get_worker_info()\n"
                               "    info.dataset.end = info.dataset.start + 2 + worker_id\n"
                               "result = {'x': [getattr(x, 'tolist', lambda: x)() for x in torch.utils.data.DataLoader(Count(0, 9), "
                               "num_workers=3, worker_init_fn=init)], 'outside': str(torch.utils.data.get_worker_info())}",
    # ----- erfc in the tails (not 1 - erf) ---------------------------------------------------------------------------
    "erfc_tails": "v = [-4., 0., 1., 3., 4., 5., 9., 10., 12.]\nx = torch.tensor(v, dtype=torch.float64, requires_grad=True)\n"
                  "y = torch.erfc(x)\ny.sum().backward()\n"
                  "result = {'f32': torch.erfc(torch.tensor(v)), 'f64': y.detach(), 'g': x.grad, "
                  "'f16': torch.erfc(torch.tensor(v[:6], dtype=torch.float16)), 'special': torch.special.erfc("
                  "torch.tensor(v)), 'int': torch.erfc(torch.tensor([1, 3]))}",
    # ----- unsqueeze's gradient is a squeeze at its dim (the node a double backward ends in) -------------------------
    "unsqueeze_double_backward_node": "x = torch.arange(6.).reshape(2, 3).requires_grad_()\n"
                                      "u = torch.ones(2, 3, 1, requires_grad=True)\n"
                                      "g, = torch.autograd.grad(x.unsqueeze(-1), x, u, create_graph=True)\n"
                                      "h, = torch.autograd.grad(x.unsqueeze(0) ** 2, x, torch.ones(1, 2, 3), create_graph=True)\n"
                                      "j = torch.autograd.functional.jvp(lambda t: t.exp().sum(dim=1), torch.zeros(2, 2), "
                                      "torch.ones(2, 2), create_graph=True)\n"
                                      "result = {'g': g.grad_fn.name(), 'h': h.grad_fn.name(), 'j': [t.grad_fn.name() "
                                      "for t in j], 'values': j[1].detach(), 'gv': g.detach()}",
}
