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
}
