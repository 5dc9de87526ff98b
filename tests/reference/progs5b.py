"""Record what PyTorch prints for snippets of the behaviour the p70-p84 programs needed (``record()``, section
'progs5b'): Module.apply's order, in-place views (unsqueeze_, squeeze_, t_, transpose_), repeat_interleave's
values, errors and gradients, tanh's float32 gradient bit for bit, saving and loading whole modules, storages,
bfloat16 as a name, and APIs a probe of tutorial idioms found missing (Embedding.from_pretrained, index_fill,
tensor(range), is_floating_point, Tensor.H/mH); and the registry samples of tests/op_registry_progs5b.py. Writes
``tests/reference/torch_progs5b.json``: {snippet: printed text}; an exception prints as ``TypeName: message``.
tests/test_progs5b_apis.py runs each snippet with gradlib in place of torch and compares the text (``torch.``
read as ``gradlib.``).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs5b.json"

SNIPPETS = [
    # Module.apply: each child's subtree (children first), then the next child, then self; a module registered
    # twice under one parent is visited once there, one shared by two parents under each
    "inner = torch.nn.Sequential(torch.nn.Linear(8, 2), torch.nn.Tanh())\n"
    "net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), inner)\n"
    "shared = torch.nn.Linear(2, 3)\n"
    "outer = torch.nn.Sequential(net, shared, torch.nn.ReLU(), shared)\n"
    "outer.add_module('again', inner)\n"
    "names = []\n"
    "r = outer.apply(lambda m: names.append(type(m).__name__ + str(getattr(m, 'out_features', ''))))\n"
    "print(r is outer, names)\n"
    "print([type(m).__name__ for m in outer.children()], [n for n, _ in outer.named_children()])\n"
    "print(len(list(outer.modules())), [n for n, _ in outer.named_modules()])",
    # in-place views
    "a = torch.ones(3, requires_grad=True)\nb = a * 2\nr = b.unsqueeze_(-1)\n"
    "print(r is b, b.shape, b._version, b.requires_grad)\nb.sum().backward()\nprint(a.grad)",
    "a = torch.ones(3, requires_grad=True)\na.unsqueeze_(0)",
    "a = torch.ones(2, 3, requires_grad=True)\nv = a[0]\nv.unsqueeze_(0)",
    "a = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    a.unsqueeze_(0)\nprint(a.shape, a.is_leaf)",
    "c = torch.arange(6.).reshape(2, 3)\nd = c[1]\nd.unsqueeze_(0)\nprint(d, d.shape, c.shape)\n"
    "d.mul_(10)\nprint(c)",
    "x = torch.arange(6.).reshape(2, 3)\nx.t_()\nprint(x, x.shape, x.stride(), x.is_contiguous())\n"
    "x.transpose_(0, 1)\nprint(x.shape, x.stride())\nx.swapaxes_(0, 1)\nprint(x.shape)\nx.swapdims_(1, 0)\n"
    "print(x.shape)",
    "y = torch.ones(1, 3, 1)\ny.squeeze_()\nprint(y.shape)\ny = torch.ones(1, 3, 1)\ny.squeeze_(0)\nprint(y.shape)\n"
    "y = torch.ones(1, 3, 1)\ny.squeeze_((0, 2))\nprint(y.shape)\ny = torch.ones(1, 3, 1)\ny.squeeze_(dim=-1)\n"
    "print(y.shape)",
    "torch.ones(2).unsqueeze_(3)",
    "w = torch.tensor([0.2126, 0.7152, 0.0722])\nu = w.unsqueeze(-1).unsqueeze_(-1)\nprint(u.shape, u._base is w)",
    "a = torch.tensor([1., 2.], requires_grad=True)\nb = a * 1\nc = b * b\nb.unsqueeze_(0)\ntry:\n"
    "    c.sum().backward()\nexcept RuntimeError as e:\n    print(str(e).split(', ')[1:3])",
    # repeat_interleave
    "x = torch.tensor([1, 2, 3])\nprint(x.repeat_interleave(2), torch.repeat_interleave(x, torch.tensor([1, 0, 2])))\n"
    "y = torch.tensor([[1, 2], [3, 4]])\nprint(torch.repeat_interleave(y, 2))\n"
    "print(torch.repeat_interleave(y, 3, dim=1))\nprint(torch.repeat_interleave(y, torch.tensor([1, 2]), dim=0))\n"
    "print(torch.repeat_interleave(y, torch.tensor([1, 2]), dim=0, output_size=3))\n"
    "print(torch.repeat_interleave(y, repeats=torch.tensor(2), dim=-1))\n"
    "print(y.repeat_interleave(torch.tensor([3]), dim=0).shape, y.repeat_interleave(0, dim=0).shape)",
    "print(torch.repeat_interleave(torch.tensor([1, 2, 0, 3])))\n"
    "print(torch.repeat_interleave(torch.tensor([1, 2], dtype=torch.int32)))\n"
    "print(torch.repeat_interleave(torch.tensor([2, 1]), output_size=3))\n"
    "print(torch.repeat_interleave(torch.tensor(3.), 2), torch.repeat_interleave(torch.empty(0), 2).shape)",
    "x = torch.arange(6.).reshape(2, 3).requires_grad_()\n"
    "for args in [(2,), (2, 0), (torch.tensor([1, 2]), 0), (torch.tensor(2),), (torch.tensor([1, 0, 2]), 1)]:\n"
    "    y = torch.repeat_interleave(x, *args)\n"
    "    (y * torch.arange(float(y.numel())).reshape(y.shape)).sum().backward()\n"
    "    print(type(y.grad_fn).__name__, y.shape, x.grad)\n"
    "    x.grad = None",
    "torch.repeat_interleave(torch.ones(2, 3), torch.tensor([1, 2, 3]), dim=0)",
    "torch.repeat_interleave(torch.ones(2, 3), -1)",
    "torch.repeat_interleave(torch.ones(2, 3), torch.tensor([1, -2]), dim=0)",
    "torch.repeat_interleave(torch.ones(2, 3), torch.tensor([[1, 2]]), dim=0)",
    "torch.repeat_interleave(torch.tensor([[1, 2]]))",
    "torch.repeat_interleave(torch.ones(2, 3), torch.tensor([1., 2.]), dim=0)",
    "torch.repeat_interleave(torch.tensor([1, 2], dtype=torch.int16))",
    "torch.repeat_interleave(torch.ones(2, 3), 2, dim=3)",
    "torch.repeat_interleave(torch.ones(2, 3), 2.0)",
    # whole modules: torch.save pickles them; torch.load gives them back only with weights_only=False
    "import os, pickle, tempfile\nnet = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))\n"
    "net.register_buffer('steps', torch.zeros(1))\nnet.note = {'name': 'net', 'sizes': (3, 2)}\n"
    "net[0].weight.data = torch.arange(6.).reshape(2, 3) / 10\nnet[0].bias.data.fill_(0.5)\n"
    "path = os.path.join(tempfile.mkdtemp(), 'net.pkl')\ntorch.save(net, path)\n"
    "try:\n    torch.load(path)\nexcept pickle.UnpicklingError as error:\n"
    "    print(type(error).__name__ in ('UnpicklingError', 'CheckpointError'), 'Weights only load failed' in str(error))\n"
    "clone = torch.load(path, weights_only=False)\nprint(type(clone).__name__, clone.note, clone.steps)\nprint(clone)\n"
    "print(clone[0].weight, type(clone[0].weight).__name__, clone[0].weight is net[0].weight)\n"
    "x = torch.tensor([[1., 2., 3.], [0., -1., 4.]])\nprint(torch.equal(clone(x), net(x)))",
    "import os, tempfile\nshared = torch.nn.Linear(2, 2)\nmodel = torch.nn.Sequential(shared, torch.nn.Tanh(), shared)\n"
    "path = os.path.join(tempfile.mkdtemp(), 'model.ckpt')\ntorch.save([model, {'epoch': 3}], path)\n"
    "loaded, extra = torch.load(path, weights_only=False)\n"
    "print(loaded[0] is loaded[2], loaded[0].weight is loaded[2].weight, extra, len(list(loaded.parameters())))",
    # storages ("Deep Learning with PyTorch", chapter 3): the whole allocation, shared by views, written through
    "import warnings\nwarnings.simplefilter('ignore')\npoints = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])\n"
    "print(points.untyped_storage().nbytes(), list(points.untyped_storage())[:8], len(points.untyped_storage()))\n"
    "points_storage = points.storage()\nprint(points_storage[0], points.storage()[1], points_storage[-1])\n"
    "points_storage[0] = 2.0\nprint(points)\npoints_t = points.t()\nprint(points_t.storage())\n"
    "print(points.untyped_storage() is points_t.untyped_storage(), id(points.untyped_storage()) == "
    "id(points_t.untyped_storage()), points.untyped_storage().data_ptr() == points_t.untyped_storage().data_ptr())\n"
    "print(points_t.storage().untyped() is points.untyped_storage(), points_t.storage().data_ptr() == "
    "points.data_ptr())\n"
    "second = points[1]\nprint(second.storage().size(), second.untyped_storage().nbytes(), second.storage_offset())\n"
    "s = points.storage()\nprint(s.size(), len(s), s.nbytes(), s.element_size(), s.dtype, s.device == points.device, "
    "type(s).__name__, type(s[0]).__name__, s.is_cuda == points.is_cuda, s.tolist())\n"
    "u = points.untyped_storage()\nprint(u.size(), u.element_size(), type(u).__name__, u[3], u[-1])",
    "print(torch.arange(3).storage())\nprint(torch.tensor([True, False]).storage())\n"
    "print(torch.tensor([1.5, 2.25], dtype=torch.float64).storage())\nprint(torch.tensor([1e-5, 123456.]).storage())\n"
    "print(torch.empty(0).storage())\nprint(torch.empty(0).untyped_storage())\n"
    "print(torch.tensor([[1., 2.]]).untyped_storage())",
    "torch.zeros(4).storage()[10]",
    "torch.zeros(4).untyped_storage()[-17]",
    "s = torch.zeros(4).storage()\ns[4] = 1.0",
    # bfloat16: named (nanoGPT's dtype table), compared and promoted as PyTorch; gradlib stores no bfloat16 tensors
    "ptdtype = {'float32': torch.float32, 'bfloat16': torch.bfloat16, 'float16': torch.float16}['float32']\n"
    "b = torch.bfloat16\nprint(ptdtype, b, b.is_floating_point, b.itemsize, b.is_signed, b == torch.bfloat16, "
    "b is torch.float16, isinstance(b, torch.dtype))\n"
    "print(torch.promote_types(b, torch.float16), torch.promote_types(b, torch.float64), torch.promote_types(b, "
    "torch.int64), torch.promote_types(torch.bool, b), torch.promote_types(b, b))",
    # Embedding.from_pretrained (GloVe-style tutorials): the table itself, frozen unless freeze=False
    "w = torch.tensor([[1., 2.3, 3.], [4., 5.1, 6.3]])\ne = torch.nn.Embedding.from_pretrained(w)\n"
    "print(e, e(torch.tensor([1])), e.weight.requires_grad, e.weight.data_ptr() == w.data_ptr())\n"
    "e = torch.nn.Embedding.from_pretrained(w, freeze=False, padding_idx=0)\nprint(e, e.weight.requires_grad, e.weight[0])\n"
    "b = torch.nn.EmbeddingBag.from_pretrained(w, mode='sum')\nprint(b, b(torch.tensor([[0, 1]])), b.weight.requires_grad)",
    "torch.nn.Embedding.from_pretrained(torch.ones(3))",
    "torch.nn.Embedding(3, 2, _weight=torch.ones(2, 2))",
    # index_fill / index_fill_
    "x = torch.arange(6.).reshape(2, 3).requires_grad_()\ny = x.index_fill(1, torch.tensor([0, 2, 2]), -1.)\n"
    "y.sum().backward()\nprint(y.detach(), x.grad)\nv = torch.tensor(5., requires_grad=True)\n"
    "y = torch.index_fill(x, 0, torch.tensor([1]), v)\n(y * torch.arange(6.).reshape(2, 3)).sum().backward()\n"
    "print(y.detach(), v.grad)\nprint(torch.zeros(3).index_fill_(0, torch.tensor([-1]), 2.), "
    "torch.zeros(3, dtype=torch.long).index_fill_(0, torch.tensor([1]), 2.5), torch.tensor(1.).index_fill(0, "
    "torch.tensor([0]), 3.), torch.zeros(2, 2).index_fill_(1, torch.tensor(1), True))",
    "torch.ones(2, 3).index_fill(0, torch.tensor([1.]), 1)",
    "torch.ones(2, 3).index_fill(0, torch.tensor([5]), 1)",
    "torch.ones(2, 3).index_fill(2, torch.tensor([0]), 1)",
    "torch.ones(2, 3).index_fill(0, torch.tensor([[0]]), 1)",
    "torch.ones(2, 3).index_fill(0, torch.tensor([0]), torch.ones(2))",
    # small names tutorials use
    "print(torch.tensor(range(3)), torch.tensor([range(2), range(2)]), torch.tensor(range(3), dtype=torch.float32))\n"
    "print(torch.is_floating_point(torch.ones(1)), torch.is_floating_point(torch.arange(2)), "
    "torch.is_complex(torch.ones(1)))",
    "torch.is_floating_point([1.])",
    "print(torch.nn.ParameterList([torch.nn.Parameter(torch.ones(1))]))\n"
    "print(torch.nn.ParameterList([torch.nn.Parameter(torch.ones(1)), torch.nn.Parameter(torch.ones(2, 2))]))\n"
    "print(torch.nn.ParameterList())",
    "x = torch.arange(6.).reshape(2, 3)\nprint(x.H, x.mH.shape, x.adjoint().shape, torch.ones(2, 3, 4).mH.shape)",
    "torch.ones(3).H",
    "torch.ones(3).mH",
    # tanh's float32 gradient: 1 - y*y rounded once (PyTorch's fused kernel), bit for bit
    "x = (torch.arange(-48., 49.) / 16).requires_grad_()\ny = torch.tanh(x)\ng = torch.arange(97.) / 97 - 0.5\n"
    "y.backward(g)\nh = y.detach()\nprint([round(v, 6) for v in x.grad.tolist()])\n"
    "print((x.grad == (1 - h.double() ** 2).float() * g).all().item(), (x.grad == g * (1 - h * h)).all().item())",
    "h = torch.tanh(torch.tensor([0.5, -1.25, 2.0], requires_grad=True))\nh.retain_grad()\n"
    "out = torch.tanh(h * 3)\nout.backward(torch.tensor([0.1, 0.2, 0.3]))\nprint([round(v, 7) for v in h.grad.tolist()])",
    "x = torch.tensor([0.3, -0.7], dtype=torch.float64, requires_grad=True)\ny = torch.tanh(x)\n"
    "g, = torch.autograd.grad(y.sum(), x, create_graph=True)\ng.sum().backward()\n"
    "print([round(v, 12) for v in g.tolist()], [round(v, 12) for v in x.grad.tolist()])",
]


def record():
    import torch
    from record_torch_shared import record_registry_topic, run_snippet
    record_registry_topic(torch, "progs5b")
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} progs5b snippets to {PATH.name}")


if __name__ == "__main__":
    record()
