"""Record what PyTorch prints for small snippets of the APIs tutorial programs use (``record()``, section
'tutorial_apis'): load_state_dict's result, get_parameter/get_buffer/get_submodule, use_deterministic_algorithms,
set_printoptions, chained learning-rate schedules, Tensor.fill_diagonal_,
nn.EmbeddingBag / F.embedding_bag; and the registry samples of tests/op_registry_tutorial.py. Writes ``tests/reference/torch_tutorial_apis.json``:
{snippet: printed text}; an exception prints as ``TypeName: message``. tests/test_tutorial_apis.py runs each snippet
with gradlib in place of torch and compares the text (``torch.`` read as ``gradlib.``).
"""
import contextlib
import io
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_tutorial_apis.json"

SNIPPETS = [
    # load_state_dict's result prints as PyTorch's _IncompatibleKeys
    "m = torch.nn.Linear(2, 2)\nprint(m.load_state_dict(m.state_dict()))",
    "m = torch.nn.Linear(2, 2)\nr = m.load_state_dict({'weight': m.weight.detach()}, strict=False)\n"
    "print(r, r.missing_keys, r.unexpected_keys, str(r), repr(r))",
    "m = torch.nn.Linear(2, 2)\nr = m.load_state_dict(m.state_dict())\nprint(r.missing_keys, r.unexpected_keys, "
    "tuple(r), str(r))",
    # get_submodule / get_parameter / get_buffer
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))\n"
    "print(m.get_submodule('0'), m.get_parameter('0.bias').shape, m.get_buffer('1.running_mean'))\n"
    "print(m.get_submodule('') is m, m.get_buffer('1.num_batches_tracked'))",
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3))\nm.get_submodule('1')",
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3))\nm.get_submodule('0.weight')",
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3))\nm.get_parameter('0.foo')",
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3))\nm.get_parameter('0.training')",
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3))\nm.get_buffer('0.weight')",
    "m = torch.nn.Sequential(torch.nn.Linear(2, 3))\nm.get_buffer('2.x')",
    # use_deterministic_algorithms
    "print(torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled())\n"
    "torch.use_deterministic_algorithms(True, warn_only=True)\n"
    "print(torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled())\n"
    "torch.use_deterministic_algorithms(False)\n"
    "print(torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled())",
    "torch.use_deterministic_algorithms(1)",
    "torch.use_deterministic_algorithms(True, warn_only='yes')",
    # set_printoptions (each snippet ends with the defaults back)
    "torch.set_printoptions(precision=2)\nprint(torch.tensor([1.23456, 100.5]), torch.tensor([1e-5, 1.0]))\n"
    "torch.set_printoptions(profile='default')",
    "torch.set_printoptions(sci_mode=False)\nprint(torch.tensor([1e-5, 1.0]), torch.tensor([1., 2e9]))\n"
    "torch.set_printoptions(sci_mode=True)\nprint(torch.tensor([1.5, 2.0]), torch.tensor([1., 2.]))\n"
    "torch.set_printoptions()",
    "torch.set_printoptions(threshold=5, edgeitems=1, linewidth=20)\nprint(torch.arange(10.), torch.arange(4.) * 1.5)\n"
    "print(torch.arange(12.).view(4, 3))\ntorch.set_printoptions(profile='default')",
    "torch.set_printoptions(profile='short')\nprint(torch.arange(100.) / 7)\n"
    "torch.set_printoptions(profile='full')\nprint(torch.arange(1001)[-3:], torch.arange(1001).sum())\n"
    "torch.set_printoptions(profile='nonsense', precision=6)\nprint(torch.tensor([1 / 3]))\n"
    "torch.set_printoptions(profile='default')\nprint(torch.tensor([1 / 3]))",
    "torch.set_printoptions(precision=3, linewidth=30)\n"
    "print(torch.tensor([[0.123456, 2.5], [3.25, 4.0]], requires_grad=True))\ntorch.set_printoptions(profile='default')",
    # chained schedules: PyTorch multiplies the current lr at each step
    "o = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1e-3)\n"
    "s = torch.optim.lr_scheduler.StepLR(o, 3, 0.1)\nout = []\n"
    "for i in range(9):\n    o.step(); s.step(); out.append(s.get_last_lr()[0])\nprint(out)",
    "o = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=5.0)\n"
    "s = torch.optim.lr_scheduler.MultiStepLR(o, [2, 4, 4, 7], 0.3)\nout = []\n"
    "for i in range(9):\n    o.step(); s.step(); out.append(o.param_groups[0]['lr'])\nprint(out)",
    "o = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)\n"
    "s = torch.optim.lr_scheduler.ExponentialLR(o, 0.7)\nout = []\n"
    "for i in range(6):\n    o.step(); s.step(); out.append(s.get_last_lr()[0])\nprint(out, s.last_epoch)",
    # matrix @ vector: the gradients' own nodes under create_graph are PyTorch's (an outer product, an mv)
    "w = torch.tensor([0.5, -0.5], requires_grad=True)\na = torch.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)\n"
    "g, gw = torch.autograd.grad(torch.tanh(a @ w).sum(), (a, w), create_graph=True)\nprint(g, gw)\n"
    "print(torch.autograd.grad((g ** 2).sum() + gw.sum(), (a, w)))",
    # torch.save / torch.load keep a state dict's OrderedDict, and plain dicts plain
    "import io, collections\nm = torch.nn.Linear(2, 2)\nb = io.BytesIO()\n"
    "torch.save({'sd': m.state_dict(), 'plain': {'a': 1}, 'od': collections.OrderedDict([(1, 2.5)])}, b)\nb.seek(0)\n"
    "d = torch.load(b)\nprint(type(d).__name__, type(d['sd']).__name__, list(d['sd']), d['plain'], d['od'])",
    # nn.EmbeddingBag and F.embedding_bag: printing, modes, errors
    "bag = torch.nn.EmbeddingBag(5, 2, mode='sum')\nprint(bag, torch.nn.EmbeddingBag(4, 3, padding_idx=-1, max_norm=1.0))\n"
    "with torch.no_grad():\n    bag.weight.copy_(torch.arange(10.).view(5, 2))\n"
    "print(bag(torch.tensor([1, 2, 4, 4]), torch.tensor([0, 3])))\nprint(bag(torch.tensor([[0, 1], [2, 3]])))",
    "bag = torch.nn.EmbeddingBag.from_pretrained(torch.arange(10.).view(5, 2), mode='mean')\n"
    "print(bag(torch.tensor([0, 1, 3]), torch.tensor([0, 1])), bag.weight.requires_grad, bag)\n"
    "print(torch.nn.EmbeddingBag.from_pretrained(torch.ones(2, 2), freeze=False).weight.requires_grad)",
    "w = torch.arange(10.).view(5, 2).requires_grad_()\n"
    "y = torch.nn.functional.embedding_bag(torch.tensor([1, 2, 4, 4, 0]), w, torch.tensor([0, 2, 2]), mode='max')\n"
    "y.sum().backward()\nprint(y, w.grad)",
    # max mode as PyTorch's kernel: a NaN first entry stays, a later NaN never wins, the first of tied maxima
    # alone gets the gradient (also among -inf and behind a padding entry); double backward
    "w = torch.tensor([[float('nan'), 1.], [5., float('nan')], [5., 2.], [-float('inf'), 2.]]).requires_grad_()\n"
    "i = torch.tensor([0, 1, 2, 1, 2, 0, 2, 1, 3, 3, 3, 2, 2])\no = torch.tensor([0, 3, 6, 8, 10, 11])\n"
    "y = torch.nn.functional.embedding_bag(i, w, o, mode='max')\n"
    "g = torch.arange(12.).view(6, 2) + 1\ny.backward(g)\nprint(y, w.grad)\n"
    "w.grad = None\ny = torch.nn.functional.embedding_bag(i, w, o, mode='max', padding_idx=0)\n"
    "y.backward(g)\nprint(y, w.grad)",
    "w = torch.zeros(4, 3, dtype=torch.float64, requires_grad=True)\n"
    "y = torch.nn.functional.embedding_bag(torch.tensor([[1, 2, 3], [3, 3, 0]]), w, mode='max')\n"
    "(gw,) = torch.autograd.grad(y, w, torch.ones(2, 3, dtype=torch.float64), create_graph=True)\n"
    "print(y, gw, gw.requires_grad)",
    "w = torch.ones(3, 2, requires_grad=True)\n"
    "y = torch.nn.functional.embedding_bag(torch.tensor([], dtype=torch.long), w, torch.tensor([0, 0]), mode='max')\n"
    "y.sum().backward()\nprint(y, w.grad)",
    # per_sample_weights: its gradient has no derivative in PyTorch
    "w = torch.arange(15.).view(5, 3).requires_grad_()\np = torch.tensor([[0.5, 2.], [1., -1.]], requires_grad=True)\n"
    "y = torch.nn.functional.embedding_bag(torch.tensor([[1, 2], [4, 1]]), w, mode='sum', per_sample_weights=p)\n"
    "gw, gp = torch.autograd.grad(y.sum(), (w, p), create_graph=True)\nprint(y, gw.detach(), gp)\n"
    "torch.autograd.grad(gp.sum(), w)",
    "torch.nn.functional.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 2), [0])",
    "torch.nn.functional.embedding_bag(torch.tensor([1, 2]), torch.ones(5, 2))",
    "torch.nn.functional.embedding_bag(torch.tensor([1, 2]), torch.ones(5, 2), torch.tensor([0]), mode='mean', "
    "per_sample_weights=torch.ones(2))",
    # linear algebra for regression tutorials
    "A = torch.tensor([[2., 1.], [0.5, 3.]])\nprint(torch.linalg.slogdet(A), torch.linalg.cond(A), torch.linalg.cond(A, 1))\n"
    "L = torch.tensor([[2., 0.], [1., 1.]])\nB = torch.tensor([[1.], [2.]])\n"
    "print(torch.cholesky_solve(B, L), B.cholesky_solve(L.T, upper=True), torch.linalg.solve_triangular(L, B, upper=False))\n"
    "print(torch.linalg.solve_triangular(L, B.T, upper=False, left=False), "
    "torch.linalg.solve_triangular(L, B, upper=False, unitriangular=True))\n"
    "print(torch.linalg.solve_triangular(torch.tensor([[0., 0.], [1., 1.]]), B, upper=False))",
    # solve_triangular's gradient is PyTorch's formula (dB a triangular solve): a NaN in A spreads alike
    "A = torch.tensor([[float('nan'), 1., 2.], [0., 3., 1.], [0., 0., 4.]], requires_grad=True)\n"
    "B = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)\n"
    "X = torch.linalg.solve_triangular(A, B, upper=True)\nX.sum().backward()\nprint(X, A.grad, B.grad)\n"
    "A2 = torch.tensor([[2., 0.], [1., float('nan')]], requires_grad=True)\n"
    "X = torch.linalg.solve_triangular(A2, B[:2], upper=False, left=False)\n"
    "X.sum().backward()\nprint(X, A2.grad)",
    "torch.cholesky_solve(torch.ones(2), torch.eye(2))",
    "torch.linalg.solve_triangular(torch.eye(2), torch.ones(2), upper=False)",
    # Tensor.stride, storage_offset, data_ptr (the layout chapter of "Deep Learning with PyTorch")
    "x = torch.arange(12.).view(3, 4)\nprint(x.stride(), x.stride(1), x.stride(-1), x[:, 1:].stride(), x[:, 1:].storage_offset())\n"
    "print(x.t().stride(), x.t()[1].storage_offset(), x.expand(2, 3, 4).stride(), torch.zeros(3, 1).stride())\n"
    "print(torch.zeros(0, 3).stride(), torch.zeros(2, 0, 3).stride(), torch.tensor(1.).stride(), x.flip(0).stride())\n"
    "print(x[::2].stride(), x[1].storage_offset(), x.storage_offset(), torch.arange(6.)[1:].view(5, 1).stride())\n"
    "print(x.transpose(0, 1).contiguous().stride(), x.unsqueeze(1).stride(), x[1].data_ptr() - x.data_ptr(), "
    "x.t().data_ptr() == x.data_ptr(), torch.zeros(0).data_ptr())",
    "torch.zeros(3, 4).stride(2)",
    "torch.tensor(1.).stride(0)",
    # finfo / iinfo, set_num_threads / get_num_threads
    "f = torch.finfo(torch.float32)\nprint(f)\nprint(f.eps, f.max, f.min, f.tiny, f.smallest_normal, f.resolution, f.bits, f.dtype)\n"
    "print(torch.finfo(torch.float16), torch.finfo(torch.float64).eps, torch.finfo().dtype, torch.finfo(torch.float64))\n"
    "i = torch.iinfo(torch.int32)\nprint(i)\nprint(i.max, i.min, i.bits, i.dtype)\n"
    "print(torch.iinfo(torch.uint8), torch.iinfo(torch.int64), torch.iinfo(torch.int16).min, torch.iinfo(torch.int8))",
    "torch.finfo(torch.int32)",
    "torch.finfo('float32')",
    "torch.iinfo(torch.float32)",
    "torch.iinfo(torch.bool)",
    "torch.set_num_threads(3)\nprint(torch.get_num_threads())",
    "torch.set_num_threads(0)",
    "torch.set_num_threads(1.5)",
    # Tensor.fill_diagonal_
    "a = torch.zeros(3, 5)\nprint(a.fill_diagonal_(2), torch.zeros(7, 3).fill_diagonal_(1, wrap=True))\n"
    "print(torch.zeros(7, 3).fill_diagonal_(1), torch.zeros(2, 2, 2).fill_diagonal_(3), torch.zeros(2, 2, dtype=torch.long).fill_diagonal_(4))",
    "torch.zeros(2, 3, 2).fill_diagonal_(1)",
    "torch.zeros(2).fill_diagonal_(1)",
]


def _run(torch, snippet):
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            exec(snippet, {"torch": torch})
        except Exception as error:  # the snippet's printed error is what is compared
            print(f"{type(error).__name__}: {error}")
    return output.getvalue()


def record():
    import torch
    import op_registry  # noqa: F401  (first: it imports op_registry_tutorial itself)
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from op_registry_tutorial import SAMPLES as TUTORIAL_SAMPLES
    from record_torch import record_op_dtypes, record_ops
    record_ops(TUTORIAL_SAMPLES, "torch_ops_tutorial.json")
    record_op_dtypes(TUTORIAL_SAMPLES, "torch_op_dtypes_tutorial.json")
    recorded = {snippet: _run(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} tutorial API snippets to {PATH.name}")


if __name__ == "__main__":
    record()
