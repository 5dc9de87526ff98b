"""Snippets of the nn gaps built by helper nn5a (issue 15), run with ``torch`` bound to PyTorch (recorded by
``nn5a.py`` into ``torch_nn5a.json``) and to gradlib (``tests/test_nn5a.py``): module printing, values at edges
(ties, NaN), errors, grad_fn names. Fixed data only."""

_F = "F = torch.nn.functional\n"
_NAN = "nan = float('nan')\n"

CASES = {
    # ----- adaptive_max_pool1d/2d, AdaptiveMaxPool1d/2d -----------------------------------------------------------
    "AdaptiveMaxPool_repr": "result = {'a': repr(torch.nn.AdaptiveMaxPool2d((2, None))), 'b': repr(torch.nn."
                            "AdaptiveMaxPool1d(3, True)), 'c': repr(torch.nn.AdaptiveMaxPool2d(4, return_indices="
                            "True))}",
    "AdaptiveMaxPool2d_module": "x = torch.arange(30.).reshape(1, 5, 6).sin()\nx.requires_grad_()\n"
                                "y, i = torch.nn.AdaptiveMaxPool2d((3, 4), return_indices=True)(x)\ny.sum().backward()\n"
                                "result = {'y': y, 'i': i, 'g': x.grad, 'n': y.grad_fn.name()}",
    "AdaptiveMaxPool1d_module": "x = torch.tensor([[3., 1., 3., 2., 5., 5.]], requires_grad=True)\n"
                                "y, i = torch.nn.AdaptiveMaxPool1d(4, return_indices=True)(x)\ny.sum().backward()\n"
                                "result = {'y': y, 'i': i, 'g': x.grad, 'n': y.grad_fn.name()}",
    "adaptive_max_pool2d_ties_nan": _F + _NAN + "x = torch.tensor([[[[1., nan, 3.], [nan, 3., 3.], [2., 2., 0.]]]], "
                                    "requires_grad=True)\ny, i = F.adaptive_max_pool2d(x, (2, 2), True)\n"
                                    "y.sum().backward()\nz, j = F.adaptive_max_pool2d(torch.ones(1, 3, 3), 1, True)\n"
                                    "result = {'y': y, 'i': i, 'g': x.grad, 'z': z, 'j': j}",
    "adaptive_max_pool2d_keywords": _F + "x = torch.arange(16.).reshape(1, 1, 4, 4)\n"
                                    "y, i = F.adaptive_max_pool2d(input=x, output_size=(2, 3), return_indices=True)\n"
                                    "result = {'y': y, 'i': i, 'h': F.adaptive_max_pool2d(x.half(), 2)}",
    "adaptive_max_pool2d_empty_batch": _F + "result = {'y': F.adaptive_max_pool2d(torch.zeros(0, 2, 4, 4), 2), "
                                       "'z': F.adaptive_max_pool2d(torch.zeros(1, 1, 4, 4), (0, 2), True)}",
    "adaptive_max_pool2d_long": _F + "F.adaptive_max_pool2d(torch.arange(16).reshape(1, 4, 4), 2)",
    "adaptive_max_pool2d_2d": _F + "F.adaptive_max_pool2d(torch.zeros(4, 4), 2)",
    "adaptive_max_pool2d_5d": _F + "F.adaptive_max_pool2d(torch.zeros(1, 1, 4, 4, 2), 2)",
    "adaptive_max_pool2d_empty_channel": _F + "F.adaptive_max_pool2d(torch.zeros(1, 0, 4, 4), 2)",
    "adaptive_max_pool2d_negative": _F + "F.adaptive_max_pool2d(torch.zeros(1, 1, 4, 4), (-1, 2))",
    "adaptive_max_pool2d_list": _F + "F.adaptive_max_pool2d([1., 2.], 2)",
    "adaptive_max_pool1d_two_sizes": _F + "F.adaptive_max_pool1d(torch.zeros(1, 4), (2, 2))",
    "adaptive_max_pool1d_1d": _F + "F.adaptive_max_pool1d(torch.zeros(4), 2)",
    "adaptive_max_pool1d_4d": _F + "F.adaptive_max_pool1d(torch.zeros(1, 1, 4, 4), 2)",
    # ----- affine_grid / grid_sample -----------------------------------------------------------------------------
    "grid_sample_warns": _F + "import warnings\nx = torch.arange(12.).reshape(1, 1, 3, 4)\n"
                         "t = torch.tensor([[[0.8, -0.3, 0.1], [0.2, 0.9, -0.2]]], requires_grad=True)\n"
                         "with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
                         "    g = F.affine_grid(t, x.size())\n    y = F.grid_sample(x, g)\ny.sum().backward()\n"
                         "result = {'w': [str(i.message) for i in w], 'c': [i.category.__name__ for i in w], 'g': g, "
                         "'y': y, 't': t.grad, 'n': [g.grad_fn.name(), y.grad_fn.name()]}",
    "affine_grid_unit_aligned_warns": _F + "import warnings\nwith warnings.catch_warnings(record=True) as w:\n"
                                      "    warnings.simplefilter('always')\n"
                                      "    g = F.affine_grid(torch.tensor([[[1., 0., 0.], [0., 1., 0.]]]), (1, 1, 1, 3), "
                                      "align_corners=True)\nresult = {'w': [str(i.message) for i in w], 'g': g, "
                                      "'h': F.affine_grid(torch.eye(3, 4)[None], (1, 1, 1, 2, 1), align_corners=False)}",
    "grid_sample_edges": _F + _NAN + "x = torch.arange(1., 7.).reshape(1, 1, 2, 3)\n"
                         "g = torch.tensor([[[[-1., -1.], [1., 1.], [0., 0.], [-3., 0.5], [0.5, 7.], [-1.2, 1.]]]])\n"
                         "result = {m + p + str(a): F.grid_sample(x, g, mode=m, padding_mode=p, align_corners=a) "
                         "for m in ('bilinear', 'nearest') for p in ('zeros', 'border', 'reflection') "
                         "for a in (False, True)}\n"
                         "result['round'] = F.grid_sample(torch.arange(4.).reshape(1, 1, 1, 4), torch.tensor("
                         "[[[[-0.5, 0.], [0., 0.], [0.5, 0.]]]]), mode='nearest', align_corners=True)",
    "grid_sample_single_cell": _F + "x = torch.tensor([[[[2.5]]]])\ng = torch.tensor([[[[0.3, -0.9], [1.5, 0.]]]])\n"
                               "result = {p + str(a): F.grid_sample(x, g, padding_mode=p, align_corners=a) "
                               "for p in ('zeros', 'border', 'reflection') for a in (False, True)}",
    "grid_sample_empty": _F + "result = {'c': F.grid_sample(torch.zeros(1, 0, 2, 2), torch.zeros(1, 2, 2, 2), "
                         "align_corners=False), 'g': F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 0, 2, 2), "
                         "align_corners=False), 'b': F.grid_sample(torch.zeros(0, 1, 2, 2), torch.zeros(0, 3, 1, 2), "
                         "align_corners=False)}",
    "grid_sample_mode_error": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 2, 2, 2), mode='foo')",
    "grid_sample_padding_error": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 2, 2, 2), "
                                 "padding_mode='foo')",
    "grid_sample_last_dim": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 2, 2, 3), align_corners=False)",
    "grid_sample_batch": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(2, 2, 2, 2), align_corners=False)",
    "grid_sample_dtype": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 2, 2, 2).double(), "
                         "align_corners=False)",
    "grid_sample_long": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2).long(), torch.zeros(1, 2, 2, 2), "
                        "align_corners=False)",
    "grid_sample_3d_long": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2, 2).long(), torch.zeros(1, 2, 2, 2, 3).long(), "
                           "align_corners=False)",
    "grid_sample_3d_input": _F + "F.grid_sample(torch.zeros(1, 2, 2), torch.zeros(1, 2, 1), align_corners=False)",
    "grid_sample_rank_mismatch": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 2, 2, 2, 2), "
                                 "align_corners=False)",
    "grid_sample_6d": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2, 2, 2), torch.zeros(1, 2, 2, 2, 2, 4), "
                      "align_corners=False)",
    "grid_sample_3d_bicubic": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2, 2), torch.zeros(1, 2, 2, 2, 3), "
                              "mode='bicubic', align_corners=False)",
    "grid_sample_empty_spatial": _F + "F.grid_sample(torch.zeros(1, 1, 0, 2), torch.zeros(1, 2, 2, 2), "
                                 "align_corners=False)",
    "grid_sample_grid_list": _F + "F.grid_sample(torch.zeros(1, 1, 2, 2), [1.], align_corners=False)",
    "affine_grid_long": _F + "F.affine_grid(torch.zeros(1, 2, 3).long(), (1, 1, 2, 2), False)",
    "affine_grid_2d_shape": _F + "F.affine_grid(torch.zeros(2, 3), (1, 1, 2, 2), False)",
    "affine_grid_3d_shape": _F + "F.affine_grid(torch.zeros(1, 2, 3), (1, 1, 2, 3, 4), False)",
    "affine_grid_size_rank": _F + "F.affine_grid(torch.zeros(1, 2, 3), (1, 1, 2), False)",
    "affine_grid_zero_size": _F + "F.affine_grid(torch.zeros(1, 2, 3), (1, 1, 0, 2), False)",
    "affine_grid_batch": _F + "F.affine_grid(torch.zeros(2, 2, 3), (1, 1, 2, 3), False)",
}
