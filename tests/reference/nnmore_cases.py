"""Snippets of the nn / nn.functional names added for tutorial programs (helper nnmore4), run with ``torch``
bound to PyTorch (recorded by ``nnmore.py`` into ``torch_nnmore.json``) and to gradlib (``tests/test_nnmore.py``):
module printing, state_dict keys, running statistics, errors, warnings, grad_fn names. Fixed data only."""

_X = ("x = torch.tensor([[[1., 2., 4., 0.], [3., -1., 0., 2.]], [[0., 5., 1., 1.], [2., 2., 3., -4.]]], "
      "requires_grad=True)\n")
_WARN = "import warnings\n"

CASES = {
    # ----- instance_norm / InstanceNorm1d/2d/3d ---------------------------------------------------------
    "instance_norm_running_stats": _X + "rm = torch.zeros(2)\nrv = torch.ones(2)\n"
                                        "y = torch.nn.functional.instance_norm(x, rm, rv, momentum=0.25)\n"
                                        "result = {'y': y, 'rm': rm, 'rv': rv, 'name': y.grad_fn.name()}",
    "instance_norm_one_spatial": "torch.nn.functional.instance_norm(torch.zeros(2, 3, 1))",
    "instance_norm_one_spatial_eval": "y = torch.nn.functional.instance_norm(torch.ones(2, 3, 1), torch.zeros(3), "
                                      "torch.ones(3), use_input_stats=False)\nresult = {'y': y}",
    "instance_norm_no_running_eval": "torch.nn.functional.instance_norm(torch.zeros(2, 3, 4), use_input_stats=False)",
    "instance_norm_not_tensor": "torch.nn.functional.instance_norm([1., 2.])",
    "InstanceNorm_repr": "result = {'a': repr(torch.nn.InstanceNorm1d(3)), 'b': repr(torch.nn.InstanceNorm2d(4, "
                         "affine=True, track_running_stats=True, momentum=None)), 'c': repr(torch.nn.InstanceNorm3d(2, "
                         "eps=1e-3)), 'd': repr(torch.nn.InstanceNorm1d(3, affine=True, bias=False))}",
    "InstanceNorm_state_dict": "m = torch.nn.InstanceNorm2d(3, affine=True, track_running_stats=True)\n"
                               "result = {'keys': list(m.state_dict()), 'p': [n for n, _ in m.named_parameters()], "
                               "'n': list(torch.nn.InstanceNorm1d(3).state_dict())}",
    "InstanceNorm1d_train_eval": _X + "m = torch.nn.InstanceNorm1d(2, affine=True, track_running_stats=True)\n"
                                      "y = m(x)\n(y * torch.tensor([1., -2., 3., 0.5])).sum().backward()\nm.eval()\nz = m(x)\n"
                                      "result = {'y': y, 'z': z, 'rm': m.running_mean, 'rv': m.running_var, "
                                      "'nbt': m.num_batches_tracked, 'gw': m.weight.grad, 'gx': x.grad}",
    "InstanceNorm1d_unbatched": _X + "m = torch.nn.InstanceNorm1d(2)\ny = m(x[0])\nresult = {'y': y, 's': y.shape}",
    "InstanceNorm1d_momentum_none": _X + "m = torch.nn.InstanceNorm1d(2, track_running_stats=True, momentum=None)\n"
                                         "m(x)\nresult = {'rm': m.running_mean, 'rv': m.running_var}",
    "InstanceNorm2d_dim_error": "torch.nn.InstanceNorm2d(3)(torch.zeros(2, 3))",
    "InstanceNorm3d_dim_error": "torch.nn.InstanceNorm3d(3)(torch.zeros(2, 3, 4, 4, 4, 1))",
    "InstanceNorm_affine_mismatch": _X + "torch.nn.InstanceNorm1d(3, affine=True)(x)",
    "InstanceNorm_mismatch_warns": _X + _WARN + "with warnings.catch_warnings(record=True) as w:\n"
                                   "    warnings.simplefilter('always')\n    y = torch.nn.InstanceNorm1d(3)(x)\n"
                                   "result = {'w': [str(i.message) for i in w], 'c': [i.category.__name__ for i in w], "
                                   "'y': y}",
    "InstanceNorm2d_values": "x = torch.arange(24., dtype=torch.float64).reshape(2, 3, 2, 2) ** 1.5\n"
                             "y = torch.nn.InstanceNorm2d(3, affine=True, dtype=torch.float64)(x)\nresult = {'y': y.detach(), 'r': repr(y.grad_fn)[1:15]}",
    "InstanceNorm3d_values": "x = torch.arange(16.).reshape(1, 2, 2, 2, 2) ** 2\n"
                             "result = {'y': torch.nn.InstanceNorm3d(2)(x)}",
    # ----- local_response_norm / LocalResponseNorm ------------------------------------------------------
    "LocalResponseNorm_repr": "result = {'a': repr(torch.nn.LocalResponseNorm(2)), 'b': repr(torch.nn.LocalResponseNorm("
                              "5, alpha=0.01, beta=0.5, k=2))}",
    "LocalResponseNorm_5d": "x = torch.arange(48.).reshape(1, 4, 2, 3, 2) / 10\ny = torch.nn.LocalResponseNorm(3, "
                            "alpha=0.5)(x)\nresult = {'y': y, 'name': repr(y.grad_fn)[1:14]}",
    "LocalResponseNorm_size_1_large": "x = torch.tensor([[[1., 2.], [3., 4.], [5., 6.]]])\n"
                                      "result = {'a': torch.nn.functional.local_response_norm(x, 1, alpha=1.0), "
                                      "'b': torch.nn.functional.local_response_norm(x, 7, alpha=1.0, beta=2.0)}",
    "local_response_norm_2d": "torch.nn.functional.local_response_norm(torch.zeros(2, 3), 2)",
    "local_response_norm_empty": "result = {'y': torch.nn.functional.local_response_norm(torch.zeros(0, 3, 2), 2)}",
    # ----- alpha_dropout / feature_alpha_dropout / AlphaDropout / FeatureAlphaDropout ---------------------------
    "AlphaDropout_repr": "result = {'a': repr(torch.nn.AlphaDropout(0.2)), 'b': repr(torch.nn.FeatureAlphaDropout("
                         "inplace=True)), 'c': repr(torch.nn.AlphaDropout())}",
    "AlphaDropout_p_error": "torch.nn.AlphaDropout(1.5)",
    "alpha_dropout_p_error": "torch.nn.functional.alpha_dropout(torch.ones(2), -0.1, True)",
    "feature_alpha_dropout_p_error": "torch.nn.functional.feature_alpha_dropout(torch.ones(2, 2), 2.0)",
    "feature_alpha_dropout_1d": "torch.nn.functional.feature_alpha_dropout(torch.ones(3), 0.5, True)",
    "alpha_dropout_identity": "x = torch.tensor([1., -2.], requires_grad=True)\nF = torch.nn.functional\n"
                              "m = torch.nn.AlphaDropout(0.5).eval()\nresult = {'eval': F.alpha_dropout(x, 0.5) is x, "
                              "'p0': F.alpha_dropout(x, 0.0, True) is x, 'fe': F.feature_alpha_dropout(torch.ones(3), "
                              "0.5), 'empty': F.alpha_dropout(torch.zeros(0), 0.5, True), 'm': m(x) is x}",
    "alpha_dropout_p1_inplace": "x = torch.tensor([[1., -2.], [3., 4.]])\ny = torch.nn.functional.alpha_dropout(x, 1.0, "
                                "True, inplace=True)\nresult = {'same': y is x, 'x': x}",
    # ----- channel_shuffle / ChannelShuffle ----------------------------------------------------------------
    "ChannelShuffle_values": "x = torch.arange(24).reshape(2, 6, 2)\nm = torch.nn.ChannelShuffle(3)\n"
                             "result = {'r': repr(m), 'y': m(x), 'e': torch.nn.functional.channel_shuffle("
                             "torch.zeros(0, 4, 2), 2)}",
    "channel_shuffle_2d": "torch.nn.functional.channel_shuffle(torch.ones(2, 4), 0)",
    "channel_shuffle_groups": "torch.nn.functional.channel_shuffle(torch.ones(2, 4, 1), -2)",
    "channel_shuffle_divisible": "torch.nn.ChannelShuffle(3)(torch.ones(2, 4, 1))",
    # ----- unfold / fold / Unfold / Fold -----------------------------------------------------------------
    "Unfold_Fold_repr": "result = {'u': repr(torch.nn.Unfold((2, 3))), 'f': repr(torch.nn.Fold((4, 5), 2, padding=1)), "
                        "'u2': repr(torch.nn.Unfold(3, dilation=2, padding=(1, 0), stride=2))}",
    "Unfold_Fold_roundtrip": "x = torch.arange(32.).reshape(1, 2, 4, 4)\nu = torch.nn.Unfold(2, stride=2)(x)\n"
                             "result = {'u': u, 'f': torch.nn.Fold((4, 4), 2, stride=2)(u), 'i': torch.nn.functional."
                             "unfold(torch.arange(6.).reshape(1, 1, 2, 3), (1, 2))}",
    "unfold_too_small": "torch.nn.functional.unfold(torch.ones(1, 1, 2, 2), 3)",
    "unfold_kernel_zero": "torch.nn.functional.unfold(torch.ones(1, 1, 2, 2), 0)",
    "unfold_stride_zero": "torch.nn.functional.unfold(torch.ones(1, 1, 2, 2), 1, stride=0)",
    "unfold_dilation_zero": "torch.nn.functional.unfold(torch.ones(1, 1, 2, 2), 1, dilation=0)",
    "unfold_5d": "torch.nn.functional.unfold(torch.ones(1, 1, 2, 2, 2), 1)",
    "fold_blocks": "torch.nn.functional.fold(torch.ones(1, 4, 5), (3, 3), 2)",
    "fold_divisible": "torch.nn.functional.fold(torch.ones(1, 5, 4), (3, 3), 2)",
    "fold_4d": "torch.nn.functional.fold(torch.ones(1, 4, 4, 1), (3, 3), 2)",
}
