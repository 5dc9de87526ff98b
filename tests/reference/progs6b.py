"""Record what PyTorch prints for snippets of the behaviour the p100-p114 programs needed (``record()``, section
'progs6b'): Python attributes on tensors (fast.ai's ``x.g``) and what copies, pickles, saves and views keep of
them; cholesky_inverse's values, errors and gradients; RandomSampler with replacement and a huge num_samples
(minGPT's Trainer); float() of a tensor that requires grad under no_grad (LBFGS.step) not warning; and the registry
samples of tests/op_registry_progs6b.py. Writes ``tests/reference/torch_progs6b.json``: {snippet: printed text};
an exception prints as ``TypeName: message``. tests/test_progs6b_apis.py runs each snippet with gradlib in place
of torch and compares the text (``torch.`` read as ``gradlib.``).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs6b.json"

SNIPPETS = [
    # Python attributes on tensors
    "x = torch.ones(2)\nx.g = torch.zeros(2)\nx.tag = 'w'\nprint(sorted(x.__dict__), x.g, x.tag, vars(torch.ones(1)))\n"
    "print(hasattr(x.clone(), 'g'), hasattr(x.detach(), 'g'), hasattr(x[0], 'g'), hasattr(x.view(2), 'g'), "
    "hasattr(x * 1, 'g'), hasattr(x.to(torch.float64), 'g'))\ndel x.g\nprint(x.__dict__)\ntry:\n    x.g\n"
    "except AttributeError as e:\n    print(e)",
    "a = torch.ones(2, requires_grad=True)\nb = a * 2\nb.g = 3\nb.sum().backward()\nprint(b.g, a.grad, b.__dict__)",
    "import copy\nx = torch.tensor([1., 2.], requires_grad=True)\nx.g = torch.zeros(2)\nx.meta = {'k': [1, 2]}\n"
    "c = copy.deepcopy(x)\nprint(sorted(c.__dict__), c.g is x.g, torch.equal(c.g, x.g), c.meta, c.meta is x.meta)\n"
    "s = copy.copy(x)\nprint(type(s).__name__, sorted(s.__dict__), s.g is x.g)",
    "import copy\np = torch.nn.Parameter(torch.ones(2))\np.tag = 'x'\nprint(copy.deepcopy(p).__dict__, p.__dict__)\n"
    "m = torch.nn.Linear(2, 2)\nm.weight.tag = 'w'\nprint(copy.deepcopy(m).weight.__dict__)",
    "import pickle\nx = torch.arange(3.)\nx.tag = 'w'\nx.g = torch.ones(1)\ny = pickle.loads(pickle.dumps(x))\n"
    "print(y, y.__dict__)",
    "import io\nx = torch.arange(3.)\nx.tag = 'w'\nx.g = torch.ones(1)\nx.n = {'a': (1, 2.5)}\nb = io.BytesIO()\n"
    "torch.save({'x': x, 'again': x, 'p': torch.nn.Parameter(torch.ones(1))}, b)\nb.seek(0)\nd = torch.load(b)\n"
    "print(d['x'].__dict__, d['again'] is d['x'], d['p'].__dict__)",
    "import io\nm = torch.nn.Linear(2, 1)\nm.weight.tag = 'w'\nb = io.BytesIO()\ntorch.save(m, b)\nb.seek(0)\n"
    "print(torch.load(b, weights_only=False).weight.__dict__)",
    # cholesky_inverse
    "L = torch.tensor([[2., 0.], [1., 1.]])\nprint(torch.cholesky_inverse(L), L.cholesky_inverse())\n"
    "print(torch.cholesky_inverse(L, upper=True).abs(), torch.cholesky_inverse(torch.tensor([[2., 5.], [1., 1.]])))",
    "A = torch.tensor([[4., 2., 0.6], [2., 5., 1.], [0.6, 1., 3.]], dtype=torch.float64)\n"
    "for upper in (False, True):\n    f = torch.linalg.cholesky(A, upper=upper)\n"
    "    print(torch.allclose(torch.cholesky_inverse(f, upper=upper), torch.linalg.inv(A)))\n"
    "print(torch.cholesky_inverse(torch.linalg.cholesky(A)).dtype)",
    "x = torch.tensor([[2., 0.], [1., 1.]], requires_grad=True)\ny = torch.cholesky_inverse(x)\nprint(y.grad_fn.name())\n"
    "y.sum().backward()\nprint(x.grad)\nx.grad = None\ntorch.cholesky_inverse(x, True).sum().backward()\nprint(x.grad)",
    "print(torch.cholesky_inverse(torch.ones(0, 2, 2)).shape, torch.cholesky_inverse(torch.ones(2, 0, 0)).shape)",
    "print(torch.cholesky_inverse(torch.tensor([[float('nan'), 0.], [1., 1.]])))",
    "torch.cholesky_inverse(torch.ones(3))",
    "torch.cholesky_inverse(torch.ones(2, 3))",
    "torch.cholesky_inverse(torch.ones(2, 2, dtype=torch.long))",
    "torch.cholesky_inverse(torch.ones(2, 2, dtype=torch.bool))",
    "torch.cholesky_inverse(torch.ones(2, 2), 1)",
    "torch.cholesky_inverse(torch.zeros(2, 2))",
    "torch.cholesky_inverse(torch.tensor([[1., 0.], [0., 0.]]))",
    "b = torch.eye(2).repeat(3, 1, 1)\nb[1, 1, 1] = 0\ntorch.cholesky_inverse(b, upper=True)",
    # RandomSampler with replacement draws as it goes
    "data = torch.utils.data\nds = data.TensorDataset(torch.arange(10.))\n"
    "s = data.RandomSampler(ds, replacement=True, num_samples=int(1e10))\nprint(len(s))\nit = iter(s)\n"
    "first = [next(it) for _ in range(70)]\nprint(len(first), all(0 <= i < 10 for i in first))\n"
    "dl = data.DataLoader(ds, sampler=s, batch_size=4)\n(xb,) = next(iter(dl))\nprint(xb.shape, len(dl))",
    "for n in (1, 31, 32, 33, 65):\n"
    "    print(n, len(list(torch.utils.data.RandomSampler(range(3), replacement=True, num_samples=n))))",
    # float() of a tensor that requires grad: PyTorch warns only with grad mode on (once a process)
    "import warnings\nx = torch.ones(1, requires_grad=True) * 2\nwith warnings.catch_warnings(record=True) as w:\n"
    "    warnings.simplefilter('always')\n    with torch.no_grad():\n        v = float(x)\n"
    "print(v, len(w), int(x), x.item())",
    "import warnings\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.LBFGS([w], max_iter=3)\n"
    "def closure():\n    opt.zero_grad()\n    loss = ((w - 3) ** 2).sum()\n    loss.backward()\n    return loss\n"
    "with warnings.catch_warnings(record=True) as caught:\n    warnings.simplefilter('always')\n"
    "    opt.step(closure)\nprint([str(c.message)[:40] for c in caught], w.detach().round(decimals=3))",
]


def record_edge_corpus(torch):
    """The edge-corpus calls of these registry samples (``registry/<sample>/<edge>`` of tests/edge_corpus.py), in
    ``torch_edge_corpus_progs6b.json`` (a file of their own, as funcs.py does, not the shared corpus file)."""
    import warnings
    from edge_corpus import CASES, run_case
    from op_registry_progs6b import SAMPLES
    prefixes = tuple(f"registry/{sample.name}/" for sample in SAMPLES)
    outcomes = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in CASES:
            if case.name.startswith(prefixes):
                torch.manual_seed(0)
                outcomes[case.name] = run_case(torch, case)
    (HERE / "torch_edge_corpus_progs6b.json").write_text(json.dumps(outcomes, sort_keys=True, indent=0) + "\n")
    print(f"recorded {len(outcomes)} edge-corpus calls of the progs6b samples")


def record():
    import torch
    from record_torch_shared import record_registry_topic, run_snippet
    record_registry_topic(torch, "progs6b", grad_fn_names=True)
    record_edge_corpus(torch)
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} progs6b snippets to {PATH.name}")


if __name__ == "__main__":
    record()
