"""Records for the programs waiting in CI (issue 15, waits8): written once for gradlib and PyTorch.

* ``host_memory``: ``pin_memory``/``is_pinned``/``share_memory_``/``is_shared``/``apply_``/``map_`` and factories'
  ``pin_memory=`` on a machine without an accelerator (PyTorch's CPU-only build);
* ``cuda_requests``: what each CUDA entry point raises without CUDA (gradlib: without CuPy);
* ``trunc_normal``: ``nn.init.trunc_normal_``'s values and the stream after it (both of PyTorch's algorithms);
* ``versions``: ``TorchVersion`` comparisons (``torch.__version__ >= "2.0"``).

``python tests/reference/record_torch.py waits8`` writes ``torch_waits8.json``; tests/test_waits8.py demands
gradlib reproduce it.
"""
import json
import pathlib
import warnings

HOST_MEMORY = (
    "torch.ones(2).pin_memory()", "torch.empty(2, pin_memory=True)", "torch.zeros(2, 3, pin_memory=True)",
    "torch.tensor([1.], pin_memory=True)", "torch.ones(2).share_memory_().is_shared()", "torch.ones(2).is_shared()",
    "torch.ones(4)[1:].share_memory_().is_shared()", "torch.ones(2).is_pinned()", "torch.zeros(0).is_pinned()",
    "torch.ones(2, requires_grad=True).apply_(lambda x: x)", "torch.ones(2).apply_(lambda x: x * 3)",
    "torch.arange(3).apply_(lambda x: x / 2)", "torch.arange(3).apply_(lambda x: 2.7)",
    "torch.ones(2, 3).t().apply_(lambda x: x + 1)", "torch.tensor([True, False]).apply_(lambda x: not x)",
    "torch.zeros(0).apply_(lambda x: x + 1)", "torch.tensor(2.5).apply_(lambda x: -x)",
    "torch.arange(4.).view(2, 2)[:, 1].apply_(lambda x: x * 10)",
    "torch.arange(3.).map_(torch.ones(3), lambda a, b: a + b + 1)",
    "torch.arange(3.).map_(torch.ones(1), lambda a, b: a * 10 + b)",
    "torch.arange(3.).map_(torch.ones(2), lambda a, b: a)",
    "torch.arange(3.).map_(torch.ones(3, dtype=torch.int64), lambda a, b: a)",
    "torch.arange(6.).view(2, 3).map_(torch.tensor([1., 2., 3.]), lambda a, b: a * b)",
    "torch.ones(2, requires_grad=True).map_(torch.ones(2), lambda a, b: a)",
)

CUDA_REQUESTS = (
    "torch.zeros(1, device='cuda')", "torch.ones(2).cuda()", "torch.ones(2).to('cuda')",
    "torch.tensor([1.], device='cuda:0')", "torch.randn(2, device=torch.device('cuda'))",
    "torch.nn.Linear(2, 2).cuda()", "torch.cuda.current_device()", "torch.cuda.synchronize()",
    "torch.cuda.get_rng_state()", "torch.ones(2).to('cuda', non_blocking=True)", "torch.empty(3, device='cuda')",
    "torch.ones(2).to(torch.device('cuda', 0))",
)


def _outcome(lib, expression):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = eval(expression, {"torch": lib})
        except Exception as error:
            return ["error", type(error).__name__, str(error)]
    if isinstance(value, lib.Tensor):
        return ["tensor", str(value.dtype).replace(lib.__name__ + ".", "torch."), value.tolist()]
    return ["value", value]


def host_memory(lib):
    seen = {expression: _outcome(lib, expression) for expression in HOST_MEMORY}
    x = lib.ones(3)
    view = x[1:]
    x.share_memory_()
    seen["view shares"] = [view.is_shared(), x.is_shared(), x.clone().is_shared()]
    loader = lib.utils.data.DataLoader(lib.utils.data.TensorDataset(lib.ones(4)), batch_size=2, pin_memory=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        batches = [[b.tolist(), b.is_pinned()] for (b,) in loader]
    # ImportWarnings of modules first imported during the loop (ignored by Python's default filters) are not the
    # loader's
    seen["loader"] = [batches, [str(w.message) for w in caught if not issubclass(w.category, ImportWarning)]]
    return seen


def cuda_requests(lib):
    """``[class, str]`` of each request; gradlib runs it only where CUDA is not usable."""
    return {expression: _outcome(lib, expression)[1:] for expression in CUDA_REQUESTS}


TRUNC_NORMAL = ({"std": 0.02}, {}, {"mean": 0.0, "std": 1.0, "a": -0.1, "b": 0.1},
                {"mean": 3.0, "std": 1.0, "a": 0.0, "b": 1.0}, {"a": -1.0, "b": 1.0}, {"mean": 0.5, "std": 2.0},
                {"a": 0.0, "b": 0.0}, {"mean": 1.0, "std": 0.5, "a": 0.9, "b": 3.0})


def trunc_normal(lib):
    seen = []
    for kwargs in TRUNC_NORMAL:
        for dtype in (lib.float32, lib.float64):
            for shape in ((4, 5), (17,), (0,), ()):
                lib.manual_seed(0)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    w = lib.nn.init.trunc_normal_(lib.empty(shape, dtype=dtype), **kwargs)
                seen.append([kwargs, str(dtype).replace(lib.__name__ + ".", "torch."), list(shape), w.tolist(), lib.rand(2).tolist()])
    generator = lib.Generator().manual_seed(3)
    seen.append(lib.nn.init.trunc_normal_(lib.empty(7), a=-0.5, b=0.5, generator=generator).tolist())
    seen.append(lib.nn.init.trunc_normal_(lib.empty(3, 3).t(), std=0.1).tolist())
    try:
        lib.nn.init.trunc_normal_(lib.empty(2), a=1.0, b=-1.0)
    except Exception as error:
        seen.append([type(error).__name__, str(error)])
    return seen


VERSIONS = ("2.13.0+cpu", "2.0", "2.0.0", "2.2", "2.13", "2.13.0", "2.13.1", "2.13.0a0", "2.13.0.dev20250101",
            "1.13.1", "3", "2.13.0.post1", "2.13.0rc1")


def versions(lib):
    """``TorchVersion(a) < b``, ``==`` and ``>=`` for every pair of ``VERSIONS``, and against tuples."""
    version_class = __import__(f"{lib.__name__}.torch_version", fromlist=["TorchVersion"]).TorchVersion
    seen = {}
    for a in VERSIONS:
        v = version_class(a)
        seen[a] = [[v < b, v == b, v >= b] for b in VERSIONS] + [[v >= (2, 0), v < (2, 13, 1), v == [2, 13]]]
    return seen


def record():
    import torch
    recorded = {"host_memory": host_memory(torch), "cuda_requests": cuda_requests(torch),
                "trunc_normal": trunc_normal(torch), "versions": versions(torch),
                "poisson": poisson(torch), "test_helpers": test_helpers(torch),
                "forward_tangents": forward_tangents(torch)}
    path = pathlib.Path(__file__).parent / "torch_waits8.json"
    path.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {path.name}")


POISSON = (
    "torch.poisson(torch.tensor([0., 0.5, 3., 9.99, 10., 25., 1000., 1e6]))",
    "torch.poisson(torch.full((2, 3), 4.0, dtype=torch.float64), generator=torch.Generator().manual_seed(1))",
    "torch.poisson(torch.tensor(2.))", "torch.poisson(torch.zeros(0, 2))",
    "torch.poisson(torch.full((3,), 2., dtype=torch.float16))", "torch.poisson(torch.full((3,), 2., dtype=torch.bfloat16))",
    "torch.poisson(torch.tensor([[1., 2., 3.], [40., 50., 60.]]).t())", "torch.poisson(torch.tensor([1., 2.]).expand(3, 2))",
    "torch.poisson(torch.tensor([1., 2., -1., 3.]))", "torch.poisson(torch.tensor([1, 2]))",
    "torch.poisson(torch.tensor([float('nan')]))", "torch.poisson(torch.tensor([float('inf')]))",
    "torch.poisson(torch.tensor([True]))", "torch.poisson([1.])", "torch.poisson(torch.tensor([-0.]))",
)


def poisson(lib):
    """Each of ``POISSON`` after ``manual_seed(0)``, with the next ``rand(2)`` (the draws spent); the zero gradient."""
    seen = {}
    for expression in POISSON:
        lib.manual_seed(0)
        seen[expression] = [_outcome(lib, expression), lib.rand(2).tolist()]
    rates = lib.tensor([0., 0.5, 3., 10., 25.], requires_grad=True)
    sample = lib.poisson(rates)
    (sample * lib.arange(5.)).sum().backward()
    seen["grad"] = [type(sample.grad_fn).__name__, sample.grad_fn.name(), rates.grad.tolist(), sample.requires_grad]
    return seen


def test_helpers(lib):
    """``testing.make_tensor`` (noncontiguous, memory_format) and ``gradgradcheck``'s default grad_outputs: the
    values drawn and the stream after them."""
    from importlib import import_module
    make_tensor = import_module(f"{lib.__name__}.testing").make_tensor
    gradgradcheck = import_module(f"{lib.__name__}.autograd").gradgradcheck
    seen = []
    for shape, kwargs in [((2, 3), {"noncontiguous": True}), ((2, 3), {"noncontiguous": True, "low": -1, "high": 1}),
                          ((1, 2, 2, 3), {"memory_format": lib.channels_last}), ((1,), {"noncontiguous": True}),
                          ((3,), {"noncontiguous": True, "dtype": lib.int64}), ((0, 2), {"noncontiguous": True})]:
        lib.manual_seed(0)
        kwargs = dict({"dtype": lib.float32}, **kwargs)
        t = make_tensor(shape, device="cpu", **kwargs)
        seen.append([t.flatten().tolist(), t.is_contiguous(), list(t.stride()), lib.rand(1).item()])
    lib.manual_seed(0)
    x = lib.randn(2, 3, dtype=lib.float64, requires_grad=True)
    seen.append([gradgradcheck(lambda t: (t ** 3, t.sum() * 2), (x,)), lib.rand(3).tolist()])
    seen.append([gradgradcheck(lambda t: t.exp(), (x,), gen_non_contig_grad_outputs=True), lib.rand(3).tolist()])
    return seen


FORWARD_TANGENTS = (
    "x*2", "x+1", "x.sin()", "x*q", "q*x", "x@m", "m@x", "x.sum()", "x.view(-1)", "-x", "x+q", "x/2", "x.exp()",
    "x*x", "torch.nn.functional.linear(m, x.expand(3,3))", "x.relu()", "x.pow(2)", "x.mean()", "torch.cat([x, q])",
    "x[0]", "x.abs()", "x.clone()", "2*x+q", "(x*q).sum()", "torch.nn.functional.linear(m, x.expand(3,3), q)",
    "torch.addmm(q, m, x.expand(3,3))", "x.matmul(m)", "x.div(q)", "q.div(x)", "x.unsqueeze(0).t()", "x - q",
    "torch.stack([x, q]).sum(0)", "x.expand(2, 3)", "x.tanh()", "(x + q)[1:]")


def forward_tangents(lib):
    """Whether the tangent of each ``FORWARD_TANGENTS`` expression requires grad, for a dual whose primal does and
    for one whose primal does not (PyTorch's formulas: a zero tangent times a primal gives a graph), and its value."""
    forward_ad = __import__(f"{lib.__name__}.autograd.forward_ad", fromlist=["make_dual"])
    lib.manual_seed(0)
    p, q, m, t = lib.randn(3, requires_grad=True), lib.randn(3), lib.randn(3, 3), lib.randn(3)
    seen = {}
    for primal in (p, p.detach()):
        with forward_ad.dual_level():
            x = forward_ad.make_dual(primal, t)
            for expression in FORWARD_TANGENTS:
                tangent = forward_ad.unpack_dual(eval(expression, {"torch": lib, "x": x, "q": q, "m": m})).tangent
                seen.setdefault(expression, []).append([tangent.requires_grad, tangent.detach().tolist()])
    return seen
