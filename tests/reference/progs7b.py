"""Record what PyTorch prints for snippets of the behaviour the p133-p147 programs needed (``record()``, section
'progs7b'): torch.broadcast_shapes' errors, custom Functions with setup_context and default arguments, F.unfold of
low-dimensional inputs, torch.optim.ASGD, torch.distributions.constraints / biject_to / transform_to and the
distributions' support and arg_constraints, serialization of views and slices, einsum's errors. Writes
``tests/reference/torch_progs7b.json``: {snippet: printed text}; an exception prints as ``TypeName: message``.
tests/test_progs7b_apis.py runs each snippet with gradlib in place of torch and compares the text (``torch.`` read
as ``gradlib.``).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs7b.json"

SNIPPETS = [
    # broadcast_shapes
    "for s in [((2, 3), (4,)), ((2, 3), (3,), (4, 1)), ((2, 1), (3, 5)), ((5,), (2, 3)), ((2,), 3), ((1, 2), [2, 2, 3]),\n"
    "          ((3,), (2,), (4,)), ((2, 1), (1, 3), 1), ((), (0,)), ((0,), (1,)), ((-1,), (2,))]:\n"
    "    try:\n        print(torch.broadcast_shapes(*s))\n    except Exception as e:\n"
    "        print(type(e).__name__, e)\nprint(torch.broadcast_shapes())",
    # Function.apply with setup_context binds defaults and keywords
    "class F(torch.autograd.Function):\n    @staticmethod\n    def forward(x, scale=2.0, bias=None):\n"
    "        out = x * scale\n        return out if bias is None else out + bias\n    @staticmethod\n"
    "    def setup_context(ctx, inputs, output):\n        print('inputs:', len(inputs), inputs[1:])\n"
    "        ctx.scale = inputs[1]\n    @staticmethod\n    def backward(ctx, g):\n        return g * ctx.scale, None, None\n"
    "x = torch.ones(2, requires_grad=True)\nF.apply(x).sum().backward()\nprint(x.grad)\n"
    "F.apply(x, 3.0).sum().backward()\nprint(x.grad)\nF.apply(x, bias=torch.ones(2)).sum().backward()\nprint(x.grad)\n"
    "try:\n    F.apply()\nexcept TypeError as e:\n    print('TypeError', e)\n"
    "try:\n    F.apply(x, 1.0, None, 5)\nexcept TypeError as e:\n    print('TypeError', e)",
    # unfold of low-dimensional inputs
    "F = torch.nn.functional\nfor x in [torch.ones(2, 3), torch.ones(3), torch.tensor(1.), torch.ones(1, 2, 3, 4, 5)]:\n"
    "    try:\n        print(F.unfold(x, 2).shape)\n    except Exception as e:\n        print(type(e).__name__, e)",
    # ASGD
    "w = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5]))\nopt = torch.optim.ASGD([w], lr=0.1, lambd=0.01, alpha=0.5, t0=2,"
    " weight_decay=0.1)\nfor i in range(5):\n    opt.zero_grad()\n    (w ** 2 * torch.tensor([1.0, 2.0, 3.0])).sum().backward()\n"
    "    opt.step()\n    s = opt.state[w]\n    print(w.data, s['ax'], s['eta'], s['mu'], s['step'].item())\nprint(opt)\n"
    "print(sorted(opt.state_dict()['state'][0]), opt.state_dict()['param_groups'])",
    "w = torch.nn.Parameter(torch.tensor([[1.0, 2.0]], dtype=torch.float64))\nopt = torch.optim.ASGD([w], maximize=True)\n"
    "for i in range(3):\n    opt.zero_grad()\n    (w * 3).sum().backward()\n    opt.step()\nprint(w.data, opt.state[w]['ax'], "
    "opt.state[w]['eta'].dtype)\nfor kw in [dict(lr=-1.0), dict(weight_decay=-0.5)]:\n    try:\n"
    "        torch.optim.ASGD([w], **kw)\n    except ValueError as e:\n        print('ValueError', e)",
    # distributions: constraints, support, arg_constraints, biject_to/transform_to, expand, Laplace.icdf
    "C = torch.distributions.constraints\nfor c in [C.real, C.positive, C.nonnegative, C.unit_interval, C.simplex, C.boolean,\n"
    "          C.one_hot, C.nonnegative_integer, C.positive_integer, C.real_vector, C.lower_cholesky, C.positive_definite,\n"
    "          C.interval(-1.0, 2.0), C.half_open_interval(0.0, 1.0), C.greater_than(3), C.less_than(-1.0),\n"
    "          C.integer_interval(0, 4), C.independent(C.positive, 2), C.greater_than_eq(2.0)]:\n"
    "    print(c, c.is_discrete, c.event_dim)\n"
    "x = torch.tensor([-1.0, 0.0, 0.5, 1.0, 2.0, float('nan')])\n"
    "for c in [C.real, C.positive, C.nonnegative, C.unit_interval, C.boolean, C.nonnegative_integer, C.interval(0.0, 1.5),\n"
    "          C.half_open_interval(0.0, 1.0), C.less_than(1.0), C.integer_interval(0, 1), C.greater_than_eq(0.5)]:\n"
    "    print(c.check(x))\n"
    "print(C.simplex.check(torch.tensor([[0.2, 0.8], [0.5, 0.6], [-0.1, 1.1]])), C.one_hot.check(torch.tensor([[0., 1.], [1., 1.]])))\n"
    "print(C.real_vector.check(torch.tensor([[1.0, float('nan')], [1.0, 2.0]])), C.independent(C.positive, 2).check(torch.ones(3, 2, 2)))\n"
    "print(C.lower_cholesky.check(torch.tensor([[[1.0, 0.0], [2.0, 3.0]], [[1.0, 1.0], [0.0, 1.0]], [[-1.0, 0.0], [0.0, 1.0]]])))\n"
    "print(C.positive_definite.check(torch.tensor([[[2.0, 0.5], [0.5, 1.0]], [[1.0, 2.0], [2.0, 1.0]]])))\n"
    "print(C.is_dependent(C.dependent), C.is_dependent(C.real))\ntry:\n    C.dependent.check(x)\nexcept ValueError as e:\n    print('ValueError', e)",
    "D = torch.distributions\nfor d in [D.Normal(0.0, 1.0), D.Uniform(torch.tensor([0.0, 1.0]), torch.tensor([2.0, 3.0])), D.Uniform(0.0, 2.0),\n"
    "          D.Bernoulli(0.3), D.Categorical(logits=torch.zeros(4)), D.Beta(2.0, 3.0), D.Dirichlet(torch.ones(3)),\n"
    "          D.Gamma(2.0, 1.0), D.Exponential(1.0), D.Laplace(0.0, 1.0), D.Poisson(2.0), D.OneHotCategorical(torch.ones(3) / 3),\n"
    "          D.MultivariateNormal(torch.zeros(2), torch.eye(2)), D.Independent(D.Normal(torch.zeros(2, 3), 1.0), 1),\n"
    "          D.Independent(D.Normal(torch.zeros(2, 3), 1.0), 0), D.LogNormal(0.0, 1.0), D.Binomial(5, probs=torch.tensor(0.3)),\n"
    "          D.StudentT(3.0), D.HalfNormal(1.0), D.Chi2(3.0),\n"
    "          D.MixtureSameFamily(D.Categorical(logits=torch.zeros(2)), D.Gamma(torch.ones(2), torch.ones(2))),\n"
    "          D.RelaxedBernoulli(torch.tensor(0.5), probs=torch.tensor(0.3)),\n"
    "          D.RelaxedOneHotCategorical(torch.tensor(0.5), probs=torch.ones(3) / 3)]:\n"
    "    print(type(d).__name__, d.support, sorted(d.arg_constraints.items()))\n"
    "print(D.Uniform.support, D.Categorical.support, D.Normal.support)\n"
    "m = D.MixtureSameFamily(D.Categorical(logits=torch.zeros(2)), D.Gamma(torch.ones(2), torch.ones(2)))\n"
    "print(m.support.check(torch.tensor([-1.0, 2.0])))",
    "D = torch.distributions\nT = D.transforms\nC = D.constraints\n"
    "for c in [C.real, C.positive, C.nonnegative, C.greater_than(2.0), C.greater_than_eq(-1.0), C.less_than(1.0),\n"
    "          C.unit_interval, C.interval(-2.0, 3.0), C.half_open_interval(0.0, 4.0), C.simplex, C.independent(C.positive, 1)]:\n"
    "    for registry in (D.biject_to, D.transform_to):\n        t = registry(c)\n"
    "        x = torch.tensor([[-1.0, 0.0, 0.5], [2.0, -0.3, 1.2]])\n        y = t(x)\n"
    "        print(c, y, c.check(y), t.inv(y), t.log_abs_det_jacobian(x, y) if t.bijective else '-')\n"
    "try:\n    D.biject_to(C.boolean)\nexcept NotImplementedError as e:\n    print('NotImplementedError', e)\n"
    "s = T.SoftmaxTransform()\nprint(s, s.bijective, s.event_dim, s(torch.tensor([1000.0, 1000.0, 999.0])), s.inv(torch.tensor([0.5, 0.5])))\n"
    "sb = T.StickBreakingTransform()\nx = torch.tensor([[0.5, -1.0, 2.0]], requires_grad=True)\ny = sb(x)\nprint(sb, y, sb.inv(y), "
    "sb.log_abs_det_jacobian(x, y))\ny[0, 1].backward()\nprint(x.grad)\n"
    "u = torch.zeros(3, requires_grad=True)\nopt = torch.optim.SGD([u], lr=0.5)\nfor _ in range(20):\n"
    "    p = D.transform_to(C.simplex)(u)\n    loss = ((p - torch.tensor([0.7, 0.2, 0.1])) ** 2).sum()\n    opt.zero_grad()\n"
    "    loss.backward()\n    opt.step()\nprint(p)",
    "D = torch.distributions\nn = D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))\ne = n.expand(torch.Size([3, 2]))\n"
    "print(e, e.batch_shape, e.event_shape, e.log_prob(torch.zeros(3, 2)), e.mean, e.sample().shape)\n"
    "i = D.Independent(n, 1).expand([4])\nprint(i.batch_shape, i.event_shape, i.log_prob(torch.zeros(4, 2)), i.sample((5,)).shape)\n"
    "c = D.Categorical(probs=torch.tensor([0.2, 0.8])).expand([3])\nprint(c.batch_shape, c.probs, c.sample().shape)\n"
    "mv = D.MultivariateNormal(torch.zeros(2), torch.eye(2)).expand([3])\nprint(mv.batch_shape, mv.log_prob(torch.zeros(3, 2)))\n"
    "print(D.Bernoulli(torch.tensor(0.3)).expand([2, 2]).probs)\ntry:\n    n.expand([2, 3])\nexcept RuntimeError as e:\n"
    "    print('RuntimeError', e)\nl = D.Laplace(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))\n"
    "q = torch.tensor([0.1, 0.75])\nprint(l.icdf(q), l.cdf(l.icdf(q)), l.icdf(torch.tensor(0.5)), l.icdf(torch.tensor([0.0, 1.0])))\n"
    "loc = torch.tensor(0.5, requires_grad=True)\nD.Laplace(loc, 2.0).icdf(torch.tensor(0.9)).backward()\nprint(loc.grad)",
    # einsum's equation errors
    "cases = [('ij,jk->ik', [(2, 3), (4, 5)]), ('ij->k', [(2, 3)]), ('ijk->ij', [(2, 3)]), ('ij->ii', [(2, 2)]),\n"
    "         ('ij,jk', [(2, 3)]), ('ij', [(2, 3), (3, 3)]), ('i j->j i', [(2, 3)]), ('ij->j->i', [(2, 3)]),\n"
    "         ('i1->i', [(2, 3)]), ('ii->i', [(2, 3)]), ('...ij,...jk->...ik', [(2, 2, 3), (3, 3, 4)]), ('i->', [()]),\n"
    "         ('ij-', [(2, 3)]), ('ij->I', [(2, 3)]), ('..i->i', [(2,)]), ('i.->i', [(2, 3)]), ('ij->.', [(2, 3)]),\n"
    "         ('ij->...', [(2, 3)]), ('...i,...i->...', [(5, 2, 3), (4, 1, 3)]), ('...i,...i->...', [(2, 3), (4, 1, 3)]),\n"
    "         ('i,...i', [(3,), (2, 4, 3)]), ('ii', [(2, 3)]), ('ij,jk,', [(2, 3), (3, 4)]), ('ij,,jk', [(2, 3), (3, 4)]),\n"
    "         ('...i...', [(2, 3)]), ('ij,jk->ik', [(2, 3), (3, 4)])]\nfor eq, shapes in cases:\n    try:\n"
    "        print(eq, torch.einsum(eq, *[torch.ones(s) for s in shapes]).shape)\n    except Exception as e:\n"
    "        print(eq, type(e).__name__, e)",
    # serialization: a slice keeps its whole storage, clone() does not; views share again; weights_only refusal
    "import io\nlarge = torch.arange(1, 1000)\nfor t in (large[0:5], large[0:5].clone(), large[10:20:3], large.view(9, 111)[2]):\n"
    "    b = io.BytesIO()\n    torch.save(t, b)\n    b.seek(0)\n    u = torch.load(b)\n"
    "    print(u, u.untyped_storage().size(), u.storage_offset(), u.stride(), len(b.getvalue()) > 7000)\n"
    "numbers = torch.arange(1, 10)\nb = io.BytesIO()\ntorch.save([numbers, numbers[1::2], numbers[:3]], b)\nb.seek(0)\n"
    "n, e, f = torch.load(b)\ne *= 2\nf += 100\nprint(n, e.untyped_storage().size(), f.storage_offset())",
    "import io, pickle\nm = torch.nn.Linear(2, 1)\nb = io.BytesIO()\ntorch.save(m, b)\nb.seek(0)\ntry:\n"
    "    torch.load(b, weights_only=True)\nexcept Exception as e:\n"
    "    print(type(e).__name__, isinstance(e, pickle.UnpicklingError))\nb.seek(0)\n"
    "print(type(torch.load(b, weights_only=False)).__name__)",
    # finfo of bfloat16 (no bfloat16 array needed)
    "f = torch.finfo(torch.bfloat16)\nprint(f)\nprint(f.bits, f.eps, f.max, f.min, f.tiny, f.smallest_normal, f.resolution, f.dtype)",
    # einsum's grad_fn: the name of PyTorch's last step
    "cases = ['ij,jk->ik', 'bij,bjk->bik', 'i,j->ij', 'i,i->', 'ii->i', 'ii', 'ij->ji', 'ij->', 'ij->j', 'ij,j->i',\n"
    "         'ij,ij->ij', 'ij', 'i,j->ji', 'ij,k->k', 'ij,k->ik', 'ij,jk->ki', 'i->i', 'ij,ij->', 'bi,bi->b', 'i,i->i',\n"
    "         'ij,jk,kl->il', '...ij->...ji', '...ij,...jk->...ik']\nsizes = {'i': 3, 'j': 3, 'k': 3, 'l': 2, 'b': 2}\n"
    "for eq in cases:\n    terms = eq.split('->')[0].split(',')\n"
    "    ops = [torch.ones([2] * (t.count('.') // 3) + [sizes[c] for c in t if c != '.'], requires_grad=True) for t in terms]\n"
    "    y = torch.einsum(eq, *ops)\n    y.sum().backward()\n    print(eq, y.grad_fn.name(), tuple(y.shape), [o.grad.sum().item() for o in ops])",
]


def record():
    import torch
    from record_torch_shared import run_snippet
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} progs7b snippets to {PATH.name}")


if __name__ == "__main__":
    record()
