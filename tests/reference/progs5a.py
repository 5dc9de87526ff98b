"""Record what PyTorch prints for snippets of the APIs the p55–p69 programs needed (``record()``, section
'progs5a'): torch.tensor of other Python sequences (deque, range), Tensor.unfold, a 0-d index in scatter/gather,
nn.Sequential slicing (names kept), del/insert/pop/+/*, Embedding.from_pretrained, the in-place elementwise
methods, repeat_interleave, and torch.save/torch.load of a whole module; and the
registry samples of tests/op_registry_progs5a.py. Writes ``tests/reference/torch_progs5a.json``: {snippet: printed
text}; an exception prints as ``TypeName: message``. tests/test_progs5a.py runs each snippet with gradlib in place
of torch and compares the text (``torch.`` read as ``gradlib.``).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs5a.json"

SNIPPETS = [
    # torch.tensor reads any Python sequence (reinforce.py: torch.tensor(returns) of a deque)
    "import collections\nprint(torch.tensor(collections.deque([1.0, 2.5])), torch.tensor(range(3)))\n"
    "print(torch.tensor([collections.deque([1, 2]), range(2)]), torch.tensor((range(2), [3, 4])))\n"
    "print(torch.tensor(collections.deque([torch.tensor(1.5), 2])), torch.tensor(range(0)))",
    "import collections\ntorch.tensor(collections.deque([[1, 2], [3]]))",
    "import collections\ntorch.tensor(collections.OrderedDict(a=1))",
    "torch.tensor({1, 2})",
    "torch.tensor(i for i in range(2))",
    "torch.tensor({'a': 1})",
    # Tensor.unfold: a view of sliding windows
    "x = torch.arange(10.)\nprint(x.unfold(0, 4, 1).shape, x.unfold(0, 3, 2))\n"
    "print(torch.arange(12.).view(3, 4).unfold(1, 2, 2))",
    "y = torch.arange(6., requires_grad=True)\nz = y.unfold(0, 3, 1)\nprint(z, z._base is y, z.is_contiguous(), "
    "z.stride())\nz.sum().backward()\nprint(y.grad)",
    "w = torch.arange(6.)\nv = w.unfold(0, 2, 2)\nv[1, 0] = 100\nprint(w, v.shape)",
    "print(torch.arange(6.).unfold(0, 0, 1).shape, torch.tensor(5.).unfold(0, 1, 1), torch.tensor(5.).unfold(-1, 0, "
    "3).shape)",
    "torch.arange(6.).unfold(0, 7, 1)",
    "torch.arange(6.).unfold(0, 2, 0)",
    "torch.arange(6.).unfold(1, 2, 1)",
    "torch.arange(6.).unfold(0, -1, 1)",
    "torch.tensor(5.).unfold(0, 2, 1)",
    "x = torch.arange(4, dtype=torch.int32)\nprint(x.unfold(0, 2, 1), x.unfold(0, 2, 1).dtype)",
    "a = torch.arange(6., requires_grad=True)\ng, = torch.autograd.grad(a.unfold(0, 3, 2).pow(2).sum(), a, "
    "create_graph=True)\nprint(g)\ng.sum().backward()\nprint(a.grad)",
    # a 0-d index in scatter/gather on a vector (the one-hot Lambda of the data tutorial)
    "print(torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(3), value=1))\n"
    "print(torch.zeros(4).scatter(0, torch.tensor(1), torch.tensor(2.)), torch.zeros(4).scatter(0, torch.tensor(1), "
    "torch.tensor([7., 8.])))\nprint(torch.zeros(3).scatter_(0, torch.tensor(1), 5.0, reduce='add'))\n"
    "print(torch.zeros(4).scatter_add(0, torch.tensor(2), torch.tensor(3.)))\n"
    "print(torch.zeros(4).scatter_reduce(0, torch.tensor(1), torch.tensor(3.), 'amax'))\n"
    "v = torch.arange(4., requires_grad=True)\ng = v.gather(0, torch.tensor(2))\nprint(g)\ng.backward()\nprint(v.grad)",
    "torch.zeros(2, 3).gather(0, torch.tensor(1))",
    "torch.zeros(2, 3).scatter(0, torch.tensor(1), 1.0)",
    "torch.zeros(2, 3).scatter_add(0, torch.tensor(1), torch.tensor(1.))",
    "torch.zeros(2, 3).scatter_reduce(0, torch.tensor(1), torch.tensor(1.), 'sum')",
    "torch.zeros(3).scatter(0, torch.tensor([[1]]), 1.)",
    # nn.Sequential: a slice keeps the children's names (style transfer's model[:(i + 1)]), list-like edits
    "from collections import OrderedDict\nnn = torch.nn\n"
    "m = nn.Sequential(OrderedDict([('conv_1', nn.Linear(1, 2)), ('relu_1', nn.ReLU()), ('fc', nn.Linear(2, 3))]))\n"
    "print(m[:2])\nprint(m[1:], m[-1], m[::2])\nm.add_module('style_loss_1', nn.Tanh())\nprint(m[:(len(m) - 1)])",
    "nn = torch.nn\ns = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Tanh())\ndel s[1]\nprint(s)\n"
    "s.insert(0, nn.Sigmoid())\ns.insert(-1, nn.ReLU())\nprint(s)\nprint(s.pop(1))\nprint(s)\n"
    "print(s + nn.Sequential(nn.ELU()))\nprint(nn.Sequential(nn.ReLU()) * 2, 2 * nn.Sequential(nn.ReLU()))\n"
    "t = nn.Sequential(nn.ReLU())\nt += nn.Sequential(nn.Tanh())\nt *= 2\nprint(t)\ndel t[1:3]\nprint(t)\n"
    "print(nn.Sequential(nn.ReLU()).extend([nn.Tanh()]))",
    "nn = torch.nn\nnn.Sequential(nn.ReLU())[1]",
    "nn = torch.nn\nnn.Sequential(nn.ReLU())['a']",
    "nn = torch.nn\nnn.Sequential(nn.ReLU()) + 1",
    "nn = torch.nn\nnn.Sequential(nn.ReLU()) * 0",
    "nn = torch.nn\nnn.Sequential(nn.ReLU()).insert(3, nn.ReLU())",
    "nn = torch.nn\nnn.Sequential(nn.ReLU())[2] = nn.Tanh()",
    # nn.Embedding.from_pretrained / _weight: the given tensor itself, frozen unless freeze=False
    "w = torch.arange(6.).view(3, 2)\ne = torch.nn.Embedding.from_pretrained(w)\n"
    "print(e, e.weight.requires_grad, e(torch.tensor([[2, 0]])))\n"
    "e2 = torch.nn.Embedding.from_pretrained(w, freeze=False, padding_idx=1)\n"
    "print(e2, e2.weight.requires_grad, e2.weight[1])\nout = e2(torch.tensor([1, 2, 2])).sum()\nout.backward()\n"
    "print(e2.weight.grad)\nw[0, 0] = 50.\nprint(e.weight[0])\n"
    "print(torch.nn.Embedding(3, 2, _weight=torch.ones(3, 2)).weight)",
    "torch.nn.Embedding.from_pretrained(torch.ones(3))",
    "torch.nn.Embedding(3, 2, _weight=torch.ones(2, 2))",
    # a ParameterList of one parameter prints on one line (Module.__repr__ of a one-line extra_repr)
    "print(torch.nn.ParameterList([torch.nn.Parameter(torch.ones(1, device='cpu'))]))\n"
    "print(torch.nn.ParameterList([torch.nn.Parameter(torch.ones(1, device='cpu')), "
    "torch.nn.Parameter(torch.ones(2, 3, device='cpu'))]))",
    # in-place forms of the elementwise methods, and the aliases PyTorch keeps beside them
    "for name in ['abs_', 'absolute_', 'sqrt_', 'rsqrt_', 'square_', 'reciprocal_', 'sign_', 'log_', 'log2_', "
    "'log10_', 'log1p_', 'expm1_', 'exp2_', 'sin_', 'cos_', 'tan_', 'sinh_', 'cosh_', 'erf_', 'erfc_', 'lgamma_', "
    "'digamma_', 'sinc_', 'floor_', 'ceil_', 'round_', 'trunc_', 'fix_', 'frac_', 'negative_', 'logical_not_']:\n"
    "    x = torch.tensor([0.25, 0.5, 2.0])\n    print(name, getattr(x, name)(), x)",
    "for name in ['asin_', 'acos_', 'atan_', 'erfinv_', 'logit_']:\n    print(name, getattr(torch.tensor([0.1, 0.5, "
    "0.9]), name)())\nprint(torch.tensor([0.25, 2.]).polygamma_(1), torch.tensor([0., 1.]).logit_(1e-3))\n"
    "print(torch.tensor([1.2345]).round_(decimals=2), torch.tensor([float('nan'), float('inf'), -float('inf')])"
    ".nan_to_num_(0.0, 5.0, -5.0))",
    "for name in ['atan2_', 'arctan2_', 'hypot_', 'xlogy_', 'eq_', 'ne_', 'lt_', 'le_', 'gt_', 'ge_', 'logical_and_', "
    "'logical_or_', 'logical_xor_', 'multiply_', 'divide_', 'true_divide_', 'subtract_', 'heaviside_']:\n"
    "    print(name, getattr(torch.tensor([0.25, 0.5, 2.0]), name)(torch.tensor([1.0, 0.5, 3.0])))",
    "x, o = torch.tensor([0.25, 0.5, 2.0]), torch.tensor([1.0, 0.5, 3.0])\n"
    "print(x.clone().clamp_min_(0.4), x.clone().clamp_max_(0.4), torch.zeros(3).lerp_(o, 0.25), "
    "torch.zeros(3).lerp_(o, x))\nprint(torch.zeros(3).addcmul_(x, o, value=2), torch.ones(3).addcdiv_(x, o, value=-0.5))\n"
    "print(torch.tensor([7., -7.]).divide_(2., rounding_mode='floor'), torch.ones(2).subtract_(torch.ones(2), "
    "alpha=3))\nprint(torch.ones(3, 3).tril_(), torch.ones(3, 3).triu_(1))\n"
    "print(torch.ones(2, 3).cumsum_(1), torch.full((3,), 2.).cumprod_(0))\n"
    "print(torch.tensor([0.2, 0.8]).mul_(2).sub_(1).erfinv_().mul_(2 ** 0.5))",
    "print(torch.tensor([4, 5]).eq_(4), torch.tensor([True, False]).lt_(1), torch.tensor([-4]).abs_(), "
    "torch.tensor([4]).floor_(), torch.tensor([4]).round_(), torch.tensor([-4, 0]).sign_(), "
    "torch.tensor([0, 3]).logical_not_())",
    "torch.tensor([4]).sqrt_()",
    "torch.tensor([4]).lerp_(torch.tensor([2]), 0.5)",
    "torch.ones(2, requires_grad=True).abs_()",
    "torch.ones(2).lerp_(torch.ones(3), 0.5)",
    "a = torch.tensor([[1.0, 4.0], [9.0, 16.0]], requires_grad=True)\nb = a * 1\nb[0].sqrt_()\nb.sum().backward()\n"
    "print(b, a.grad)\na = torch.tensor([1.0, 2.0], requires_grad=True)\ne = torch.tensor([3.0, 5.0], "
    "requires_grad=True)\nb = a * 1\nb.lerp_(e, 0.25)\nb.sum().backward()\nprint(b, a.grad, e.grad)\n"
    "a = torch.tensor([1.0, 2.0], requires_grad=True)\nt = torch.tensor([3.0, 5.0], requires_grad=True)\n"
    "b = a * 1\nb.addcmul_(t, t, value=0.5)\nb.addcdiv_(t, a, value=2)\nb.sum().backward()\nprint(b, a.grad, t.grad)\n"
    "print((torch.ones(1, requires_grad=True) * 1).sqrt_().grad_fn.name(), "
    "(torch.ones(1, requires_grad=True) * 1).eq_(1.).requires_grad)",
    "x, o = torch.tensor([0.25, 0.5, 2.0]), torch.tensor([1.0, 0.5, 3.0])\n"
    "print(torch.tensor([-1, 2]).absolute(), torch.tensor([0., 2.]).logical_not(), x.greater(o), x.greater_equal(0.5), "
    "x.less(o), x.less_equal(0.5), x.not_equal(0.5))\nprint(torch.tensor([12, 10]).bitwise_and(torch.tensor([10, 6])), "
    "torch.tensor([12]).bitwise_or(3), torch.tensor([True, False]).bitwise_xor(torch.tensor([True, True])), "
    "torch.tensor([-1.]).positive())",
    "torch.tensor([True]).positive()",
    # repeat_interleave: an int repeats (a reshaped broadcast), tensor counts (index_select), the one-argument form
    "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
    "for args in [(2,), (2, 0), (2, 1), (torch.tensor([1, 2]), 0), (torch.tensor(2), 1), (torch.tensor([2]), 0), "
    "(0, 1)]:\n    y = x.repeat_interleave(*args)\n    print(y, type(y.grad_fn).__name__)\n"
    "print(torch.repeat_interleave(torch.tensor([1, 0, 2])), torch.repeat_interleave(torch.tensor([1, 3], "
    "dtype=torch.int32)))\ny = torch.repeat_interleave(x, torch.tensor([1, 2]), dim=1, output_size=3)\nprint(y)\n"
    "y.sum().backward()\nprint(x.grad)\nx.grad = None\nx.repeat_interleave(3, dim=-1).pow(2).sum().backward()\n"
    "print(x.grad)\nprint(torch.tensor(5.).repeat_interleave(3), torch.zeros(0, 2).repeat_interleave(2, 0).shape, "
    "torch.zeros(0, 2).repeat_interleave(torch.tensor([], dtype=torch.long), 0).shape)\n"
    "print(torch.tensor([1, 2]).repeat_interleave(2).dtype, torch.repeat_interleave(torch.tensor([True, False]), 2))",
    "torch.ones(2, 2).repeat_interleave(-1)",
    "torch.ones(2, 2).repeat_interleave(torch.tensor([1, 2, 3]), 0)",
    "torch.ones(2, 2).repeat_interleave(torch.tensor([1, -1]), 0)",
    "torch.ones(2, 2).repeat_interleave(2, 2)",
    "torch.ones(2, 2).repeat_interleave(torch.tensor([[1]]), 0)",
    # the other names of existing ops: select, ravel, swapdims, fix, positive, divide, concatenate, arcsin, greater...
    "x = torch.arange(6.).view(2, 3).requires_grad_()\n"
    "print(torch.select(x, 1, -1), torch.select(x, 0, 1).grad_fn.name(), x.select(1, 0))\n"
    "print(torch.ravel(x.t()), torch.ravel(x.t()).grad_fn.name(), torch.ravel(x).grad_fn.name(), x.ravel().shape)\n"
    "print(torch.swapdims(x, 0, 1).grad_fn.name(), x.swapdims(1, 0).shape)\n"
    "print(torch.fix(torch.tensor([-1.5, 2.7])), torch.fix(x).grad_fn.name(), x.fix().grad_fn.name(), "
    "torch.positive(x) is x, torch.divide(x, 2, rounding_mode='floor'), torch.divide(x, 2))\n"
    "print(torch.concatenate([torch.ones(1), torch.zeros(1)], axis=0), torch.concatenate((torch.ones(1, 2), "
    "torch.zeros(1, 2)), 1))\nprint(torch.arcsin(torch.tensor([0.5])), torch.arccos(torch.tensor([0.5])), "
    "torch.arctan(torch.tensor([0.5])), torch.absolute(torch.tensor([-1])))\n"
    "print(torch.greater(torch.tensor([1]), 0), torch.greater_equal(torch.tensor([1]), 1), torch.less(torch.tensor([1]), "
    "0), torch.less_equal(torch.tensor([1]), 1), torch.not_equal(torch.tensor([1]), 1))\n"
    "y = torch.select(x, 1, 2) * 2\ny.sum().backward()\nprint(x.grad)",
    "torch.arange(6.).view(2, 3).select(0, 5)",
    "torch.arange(6.).view(2, 3).select(2, 0)",
    "torch.tensor(1.).select(0, 0)",
    "torch.positive(torch.tensor([True]))",
    # nn.init's private fan helpers, which custom layers copied from PyTorch's reset_parameters call
    "init = torch.nn.init\nprint(init._calculate_fan_in_and_fan_out(torch.ones(4, 3, 2, 2)), "
    "init._calculate_fan_in_and_fan_out(torch.ones(5, 2)), init._calculate_correct_fan(torch.ones(3, 4), 'fan_out'))",
    "torch.nn.init._calculate_fan_in_and_fan_out(torch.ones(3))",
    "torch.nn.init._calculate_correct_fan(torch.ones(3, 4), 'x')",
    # a custom Function's node prints by PyTorch's qualified name (the address aside)
    "class MyReLU(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, input):\n"
    "        ctx.save_for_backward(input)\n        return input.clamp(min=0)\n\n    @staticmethod\n"
    "    def backward(ctx, grad_output):\n        input, = ctx.saved_tensors\n        grad_input = grad_output.clone()\n"
    "        grad_input[input < 0] = 0\n        return grad_input\n\n"
    "y = MyReLU.apply(torch.tensor([-1., 2.], requires_grad=True))\n"
    "print(repr(y.grad_fn).rpartition(' at ')[0], y.grad_fn.name(), y)",
    # a whole module saved and loaded (the Learn-the-Basics save & load chapter)
    "import io\ntorch.manual_seed(0)\nm = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))\n"
    "buffer = io.BytesIO()\ntorch.save(m, buffer)\nbuffer.seek(0)\nm2 = torch.load(buffer, weights_only=False)\n"
    "print(m2, type(m2[0].weight).__name__, m2[0].weight.requires_grad)\n"
    "print(torch.equal(m2[0].weight, m[0].weight), m2[1].running_var, m2[1].num_batches_tracked)",
    "import io\nm = torch.nn.Linear(2, 3)\nopt = torch.optim.SGD(m.parameters(), lr=0.5, momentum=0.9)\n"
    "buffer = io.BytesIO()\ntorch.save({'model': m, 'optimizer': opt, 'epoch': 3}, buffer)\nbuffer.seek(0)\n"
    "loaded = torch.load(buffer, weights_only=False)\nprint(loaded['epoch'], loaded['model'])\n"
    "print(loaded['optimizer'].param_groups[0]['params'][0] is loaded['model'].weight)",
    "import io, pickle\nbuffer = io.BytesIO()\ntorch.save(torch.nn.Linear(2, 3), buffer)\nbuffer.seek(0)\n"
    "try:\n    torch.load(buffer)\nexcept pickle.UnpicklingError as error:\n"
    "    print(str(error).partition('Weights only load failed.')[1])",
]


def record():
    import torch
    from record_torch_shared import record_registry_topic, run_snippet
    record_registry_topic(torch, "progs5a")
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} progs5a snippets to {PATH.name}")


if __name__ == "__main__":
    record()
