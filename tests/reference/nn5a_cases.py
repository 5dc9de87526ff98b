"""Snippets of the nn gaps built by helper nn5a (issue 15), run with ``torch`` bound to PyTorch (recorded by
``nn5a.py`` into ``torch_nn5a.json``) and to gradlib (``tests/test_nn5a.py``): module printing, values at edges
(ties, NaN), errors, grad_fn names. Fixed data only."""

_F = "F = torch.nn.functional\n"
_NAN = "nan = float('nan')\n"
_HALF_X = ("x0 = (torch.arange(72.).reshape(4, 6, 3).sin() * 3 + 1).half()\n"
           "g = torch.arange(72.).reshape(4, 6, 3).cos().half()\n")

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
                         "for m in ('bilinear', 'nearest', 'bicubic') for p in ('zeros', 'border', 'reflection') "
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
    # ----- conv3d / Conv3d, max_pool3d / avg_pool3d / adaptive_avg_pool3d and their modules -------------------------
    "Conv3d_repr": "result = {'a': repr(torch.nn.Conv3d(2, 4, 3)), 'b': repr(torch.nn.Conv3d(2, 4, (1, 2, 3), stride=2, "
                   "padding=1, dilation=2, groups=2, bias=False)), 'c': repr(torch.nn.Conv3d(2, 2, 3, padding_mode="
                   "'circular')), 'd': repr(torch.nn.Conv3d(2, 2, 3, padding='same', padding_mode='reflect')), "
                   "'shapes': [tuple(p.shape) for p in torch.nn.Conv3d(4, 6, (1, 2, 3), groups=2).parameters()]}",
    "Conv3d_padding_modes": "x = torch.arange(54.).reshape(1, 2, 3, 3, 3).sin()\nresult = {}\n"
                            "for mode in ('zeros', 'reflect', 'replicate', 'circular'):\n"
                            "    for padding in (1, 'same', (0, 1, 2)):\n"
                            "        m = torch.nn.Conv3d(2, 2, (1, 2, 3), padding=padding, padding_mode=mode)\n"
                            "        torch.nn.init.constant_(m.bias, 0.5)\n"
                            "        with torch.no_grad():\n"
                            "            m.weight.copy_(torch.arange(12.).reshape(2, 1, 1, 2, 3).expand(2, 2, 1, 2, 3) / 10)\n"
                            "        result[mode + str(padding)] = m(x).detach()",
    "Pool3d_repr": "result = {'a': repr(torch.nn.MaxPool3d(2)), 'b': repr(torch.nn.MaxPool3d((1, 2, 3), stride=1, "
                   "dilation=2, return_indices=True, ceil_mode=True)), 'c': repr(torch.nn.AvgPool3d(2)), "
                   "'d': repr(torch.nn.AvgPool3d((1, 2, 2), stride=(1, 1, 2), padding=1, ceil_mode=True, "
                   "count_include_pad=False, divisor_override=3)), 'e': repr(torch.nn.AdaptiveAvgPool3d((2, None, 3)))}",
    "Pool3d_modules": "x = torch.arange(60.).reshape(1, 3, 4, 5).cos()\nx.requires_grad_()\n"
                      "y, i = torch.nn.MaxPool3d(2, stride=1, return_indices=True)(x)\n"
                      "a = torch.nn.AvgPool3d((1, 2, 2), padding=(0, 1, 1), count_include_pad=False)(x)\n"
                      "b = torch.nn.AdaptiveAvgPool3d((2, 3, None))(x)\n(y.sum() + a.sum() + b.sum()).backward()\n"
                      "result = {'y': y, 'i': i, 'a': a, 'b': b, 'g': x.grad, 'n': [y.grad_fn.name(), "
                      "a.grad_fn.name(), b.grad_fn.name()]}",
    "pool3d_integers": _F + "x = torch.arange(-30, 34).reshape(1, 1, 4, 4, 4)\n"
                       "result = {'max': F.max_pool3d(x, 2), 'avg': F.avg_pool3d(x, 2), "
                       "'avg3': F.avg_pool3d(x, 3, stride=1, padding=1), 'one': F.adaptive_avg_pool3d(x.double(), 1)}",
    "max_pool3d_nan_ties": _F + _NAN + "x = torch.tensor([[[[[1., 1.], [nan, 2.]], [[2., nan], [0., 2.]]]]], "
                           "requires_grad=True)\ny, i = F.max_pool3d(x, (1, 2, 2), return_indices=True)\n"
                           "z, j = F.max_pool3d(x.detach().nan_to_num(), 2, return_indices=True)\n"
                           "y.sum().backward()\nresult = {'y': y, 'i': i, 'g': x.grad, 'z': z, 'j': j}",
    "conv3d_4d_channels": _F + "F.conv3d(torch.zeros(1, 2, 3, 3), torch.zeros(1, 2, 1, 1, 1))",
    "conv3d_weight_rank": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 2, 1, 1))",
    "conv3d_channels": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 3, 1, 1, 1))",
    "conv3d_kernel_too_large": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 2, 4, 1, 1))",
    "conv_same_strided": _F + "F.conv2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 1, 1), stride=2, padding='same')",
    "conv1d_same_strided": _F + "F.conv1d(torch.zeros(1, 1, 3), torch.zeros(1, 1, 1), stride=2, padding='same')",
    "Conv2d_repr_same": "result = {'a': repr(torch.nn.Conv2d(2, 2, 3, padding='same')), 'b': repr(torch.nn.Conv1d(2, 2, 3, "
                        "padding='valid'))}",
    "conv3d_same_strided": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 2, 1, 1, 1), stride=2, "
                           "padding='same')",
    "conv3d_stride_zero": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 2, 1, 1, 1), stride=0)",
    "conv3d_padding_negative": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 2, 1, 1, 1), padding=-1)",
    "conv3d_dilation_zero": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 2, 1, 1, 1), dilation=0)",
    "conv3d_bias": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(3, 2, 1, 1, 1), torch.zeros(2))",
    "conv3d_groups_zero": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(1, 2, 1, 1, 1), groups=0)",
    "conv3d_groups_weight": _F + "F.conv3d(torch.zeros(1, 2, 3, 3, 3), torch.zeros(3, 1, 1, 1, 1), groups=2)",
    "conv3d_6d": _F + "F.conv3d(torch.zeros(1, 1, 1, 1, 1, 1), torch.zeros(1, 1, 1, 1, 1))",
    "max_pool3d_2d": _F + "F.max_pool3d(torch.zeros(2, 2), 2)",
    "max_pool3d_too_small": _F + "F.max_pool3d(torch.zeros(1, 1, 2, 2, 2), 3)",
    "max_pool3d_pad": _F + "F.max_pool3d(torch.zeros(1, 1, 4, 4, 4), 2, padding=2)",
    "max_pool3d_pad_negative": _F + "F.max_pool3d(torch.zeros(1, 1, 4, 4, 4), 2, padding=-1)",
    "max_pool3d_kernel_zero": _F + "F.max_pool3d(torch.zeros(1, 1, 4, 4, 4), 0, 1)",
    "max_pool3d_stride_zero": _F + "F.max_pool3d(torch.zeros(1, 1, 4, 4, 4), 2, stride=0)",
    "max_pool3d_dilation_zero": _F + "F.max_pool3d(torch.zeros(1, 1, 4, 4, 4), 2, dilation=0)",
    "max_pool3d_empty_channel": _F + "F.max_pool3d(torch.zeros(1, 0, 4, 4, 4), 2)",
    "avg_pool3d_too_small": _F + "F.avg_pool3d(torch.zeros(1, 1, 2, 2, 2), 3, padding=1)",
    "avg_pool3d_divisor_zero": _F + "F.avg_pool3d(torch.zeros(1, 1, 4, 4, 4), 2, divisor_override=0)",
    "avg_pool3d_empty_channel": _F + "F.avg_pool3d(torch.zeros(1, 0, 4, 4, 4), 2)",
    "avg_pool3d_2d": _F + "F.avg_pool3d(torch.zeros(2, 2), 2)",
    "adaptive_avg_pool3d_2d": _F + "F.adaptive_avg_pool3d(torch.zeros(2, 2), 2)",
    "adaptive_avg_pool3d_long": _F + "F.adaptive_avg_pool3d(torch.arange(64).reshape(1, 1, 4, 4, 4), 2)",
    "adaptive_avg_pool3d_negative": _F + "F.adaptive_avg_pool3d(torch.zeros(1, 1, 4, 4, 4), (2, -1, 1))",
    "adaptive_avg_pool3d_empty": _F + "F.adaptive_avg_pool3d(torch.zeros(1, 0, 4, 4, 4), 2)",
    "adaptive_avg_pool3d_zero_out": _F + "result = {'y': F.adaptive_avg_pool3d(torch.zeros(1, 1, 4, 4, 4), (2, 0, 1))}",
    # ----- max_unpool1d/2d, MaxUnpool1d/2d, lp_pool1d/2d, LPPool1d/2d ----------------------------------------------
    "Unpool_LPPool_repr": "result = {'a': repr(torch.nn.MaxUnpool2d(2)), 'b': repr(torch.nn.MaxUnpool1d(3, stride=2, "
                          "padding=1)), 'c': repr(torch.nn.MaxUnpool2d((2, 3), (1, 2), (0, 1))), 'd': repr(torch.nn."
                          "LPPool2d(2, 3)), 'e': repr(torch.nn.LPPool1d(1.5, 2, stride=1, ceil_mode=True)), "
                          "'f': repr(torch.nn.LPPool2d(2, (2, 3), stride=(1, 2)))}",
    "MaxUnpool2d_roundtrip": "x = torch.arange(30.).reshape(1, 5, 6).cos()\nx.requires_grad_()\n"
                             "pool = torch.nn.MaxPool2d(2, stride=2, return_indices=True)\nunpool = torch.nn.MaxUnpool2d(2)\n"
                             "y, i = pool(x)\nu = unpool(y, i)\nv = unpool(y, i, output_size=x.size())\n"
                             "(u.sum() + (v * v).sum()).backward()\nresult = {'u': u, 'v': v, 'g': x.grad, "
                             "'n': u.grad_fn.name()}",
    "MaxUnpool1d_roundtrip": "x = torch.tensor([[[3., 1., 4., 1., 5., 9., 2.]]], requires_grad=True)\n"
                             "y, i = torch.nn.MaxPool1d(2, return_indices=True)(x)\n"
                             "u = torch.nn.MaxUnpool1d(2)(y, i, output_size=[7])\nu.sum().backward()\n"
                             "result = {'u': u, 'g': x.grad, 'n': u.grad_fn.name()}",
    "max_unpool2d_repeated_index": _F + "y = torch.tensor([[[[1., 2.], [3., 4.]]]], requires_grad=True)\n"
                                   "u = F.max_unpool2d(y, torch.zeros(1, 1, 2, 2, dtype=torch.long), 2)\n"
                                   "u.sum().backward()\nresult = {'g': y.grad, "
                                   "'h': F.max_unpool2d(y.detach().half(), torch.tensor([[[[0, 5], [10, 15]]]]), 2)}",
    "max_unpool2d_output_size_len": _F + "F.max_unpool2d(torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 2).long(), 2, "
                                    "output_size=(5,))",
    "max_unpool2d_output_size_range": _F + "F.max_unpool2d(torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 2).long(), 2, "
                                      "output_size=(6, 5))",
    "max_unpool2d_float_indices": _F + "F.max_unpool2d(torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 2), 2)",
    "max_unpool2d_indices_shape": _F + "F.max_unpool2d(torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 1).long(), 2)",
    "max_unpool2d_invalid_index": _F + "F.max_unpool2d(torch.ones(1, 1, 2, 2), torch.tensor([[[[0, 1], [18, 3]]]]), 2)",
    "max_unpool2d_negative_index": _F + "F.max_unpool2d(torch.ones(1, 1, 2, 2), torch.tensor([[[[0, -1], [2, 3]]]]), 2)",
    "max_unpool2d_2d": _F + "F.max_unpool2d(torch.ones(2, 2), torch.zeros(2, 2).long(), 2)",
    "max_unpool2d_long": _F + "F.max_unpool2d(torch.ones(1, 1, 2, 2).long(), torch.zeros(1, 1, 2, 2).long(), 2)",
    "max_unpool2d_empty_channel": _F + "F.max_unpool2d(torch.ones(1, 0, 2, 2), torch.zeros(1, 0, 2, 2).long(), 2)",
    "max_unpool1d_1d": _F + "F.max_unpool1d(torch.ones(3), torch.tensor([0, 2, 4]), 2)",
    "lp_pool_values": _F + "x = torch.arange(16.).reshape(1, 1, 4, 4) - 8\nresult = {'a': F.lp_pool2d(x + 8, 2, 2), "
                      "'b': F.lp_pool2d(x, 3, 2), 'c': F.lp_pool2d(x, 1.5, (2, 3), stride=1, ceil_mode=True), "
                      "'d': F.lp_pool2d(torch.arange(16).reshape(1, 1, 4, 4), 2, 2), 'e': F.lp_pool1d(torch.arange("
                      "6.).reshape(1, 6), 2, 3, ceil_mode=True), 'f': torch.nn.LPPool2d(2, 2)(x[0])}",
    "lp_pool_zero_grad": _F + "x = torch.zeros(1, 1, 4, 4, requires_grad=True)\ny = F.lp_pool2d(x, 2, 2)\n"
                         "y.sum().backward()\nresult = {'y': y, 'g': x.grad, 'n': y.grad_fn.name()}",
    "lp_pool1d_1d": _F + "F.lp_pool1d(torch.zeros(4), 2, 2)",
    # ----- bilinear / Bilinear ---------------------------------------------------------------------------------------
    "Bilinear_module": "m = torch.nn.Bilinear(2, 3, 2)\nwith torch.no_grad():\n"
                       "    m.weight.copy_(torch.arange(12.).reshape(2, 2, 3) / 10)\n    m.bias.fill_(0.5)\n"
                       "a = torch.tensor([[1., -2.], [0.5, 3.]], requires_grad=True)\nb = torch.tensor([[1., 0., 2.], "
                       "[-1., 1., 1.]])\ny = m(a, b)\ny.sum().backward()\nz = torch.nn.Bilinear(2, 3, 2, bias=False)(a, b)\n"
                       "result = {'y': y, 'g': a.grad, 'gw': m.weight.grad, 'gb': m.bias.grad, 'n': y.grad_fn.name(), "
                       "'nz': z.grad_fn.name(), 'u': m(a[0], b[0]), 'r': repr(m), 'keys': list(m.state_dict())}",
    "bilinear_integers": _F + "result = {'y': F.bilinear(torch.ones(3, 2, dtype=torch.long), torch.ones(3, 4, "
                         "dtype=torch.long), torch.ones(5, 2, 4, dtype=torch.long)), 'e': F.bilinear(torch.ones(0, 2), "
                         "torch.ones(0, 4), torch.ones(5, 2, 4))}",
    "bilinear_dtypes": _F + "F.bilinear(torch.ones(3, 2).double(), torch.ones(3, 4), torch.ones(5, 2, 4), torch.ones(5))",
    "bilinear_dtypes_half": _F + "F.bilinear(torch.ones(3, 2).half(), torch.ones(3, 4), torch.ones(5, 2, 4))",
    "bilinear_dtypes_long": _F + "F.bilinear(torch.ones(3, 2).long(), torch.ones(3, 4), torch.ones(5, 2, 4))",
    "bilinear_ranks": _F + "F.bilinear(torch.ones(2, 3, 2), torch.ones(3, 4), torch.ones(5, 2, 4))",
    "bilinear_batch": _F + "F.bilinear(torch.ones(3, 2), torch.ones(2, 4), torch.ones(5, 2, 4))",
    "bilinear_input1": _F + "F.bilinear(torch.ones(3, 3), torch.ones(3, 4), torch.ones(5, 2, 4))",
    "bilinear_input2": _F + "F.bilinear(torch.ones(3, 2), torch.ones(3, 3), torch.ones(5, 2, 4))",
    "bilinear_bias": _F + "F.bilinear(torch.ones(3, 2), torch.ones(3, 4), torch.ones(5, 2, 4), torch.ones(4))",
    "bilinear_weight_2d": _F + "F.bilinear(torch.ones(3, 2), torch.ones(3, 4), torch.ones(5, 2))",
    "bilinear_weight_4d": _F + "F.bilinear(torch.ones(3, 2), torch.ones(3, 4), torch.ones(5, 2, 4, 1))",
    "bilinear_0d": _F + "F.bilinear(torch.ones(()), torch.ones(()), torch.ones(5, 2, 4))",
    "bilinear_list": _F + "F.bilinear([1.], torch.ones(3, 4), torch.ones(5, 2, 4))",
    "Bilinear_mismatch": "torch.nn.Bilinear(2, 3, 4)(torch.ones(5, 2), torch.ones(5, 2))",
    # ----- float16 batch_norm / group_norm / layer_norm: one node, computed in float32 -------------------------------
    # (values exactly as PyTorch's; gradients: tests/test_nn5a.py compares them with float64 ones rounded once,
    # since PyTorch's CPU float16 backward kernels round intermediates and miss by up to tens of float16 ulps)
    "half_norms": _F + _HALF_X + "result = {}\n"
                  "for pd in (torch.float16, torch.float32):\n"
                  "    for name in ('layer', 'group', 'batch', 'batch_eval'):\n"
                  "        x = x0.detach().requires_grad_()\n"
                  "        c = 3 if name == 'layer' else 6\n"
                  "        w = (torch.arange(c) / 4 - 0.3).to(pd).requires_grad_()\n"
                  "        b = (torch.arange(c) / 7 + 0.1).to(pd).requires_grad_()\n"
                  "        rm = (torch.arange(6) / 5).to(pd)\n        rv = (torch.arange(6) / 3 + 0.5).to(pd)\n"
                  "        if name == 'layer':\n            y = F.layer_norm(x, (3,), w, b)\n"
                  "        elif name == 'group':\n            y = F.group_norm(x, 2, w, b)\n"
                  "        else:\n            y = F.batch_norm(x, rm, rv, w, b, training=name == 'batch', momentum=0.3)\n"
                  "        key = name + str(pd)[-2:]\n"
                  "        result[key] = [y, rm, rv, y.grad_fn.name()]",
    "half_norms_no_affine": _F + _HALF_X + "x = x0.detach().requires_grad_()\n"
                            "a = F.layer_norm(x, (6, 3))\nb = F.group_norm(x, 3)\nc = F.batch_norm(x, None, None, "
                            "training=True)\n"
                            "result = {'a': a, 'b': b, 'c': c, 'n': [t.grad_fn.name() for t in (a, b, c)]}",
    "half_norm_modules": _HALF_X + "torch.manual_seed(0)\nx = x0.detach().requires_grad_()\n"
                         "ln, bn, gn = torch.nn.LayerNorm(3).half(), torch.nn.BatchNorm1d(6).half(), "
                         "torch.nn.GroupNorm(3, 6).half()\ny = gn(bn(ln(x)))\nbn.eval()\n"
                         "result = {'y': y, 'n': y.grad_fn.name(), 'rm': bn.running_mean, 'rv': bn.running_var, "
                         "'e': bn(x), 'dtypes': [str(p.dtype) for p in bn.parameters()]}",
}
