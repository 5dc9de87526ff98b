"""Record what PyTorch prints for snippets of the behaviour the p215-p226 programs needed (``record()``, section
'progs16'): the CPU gamma family's draws after a seed (``torch._standard_gamma`` in float32 and float64, with
concentrations below 1, at 0 and large; Gamma/Beta/Dirichlet/Chi2/StudentT samples, printed bit for bit as float
hex, and the stream after them), and torch.autograd.functional's strict-mode error for an output that does not
require grad (jacobian, vjp, jvp, hvp, vhp, hessian); interpolate's antialias=True; lazy
properties computed with grad mode on; linear/addmm's dtype messages.
Writes ``tests/reference/torch_progs16.json``: {snippet: printed text}; an exception prints as ``TypeName: message``.
tests/test_progs16_apis.py runs each snippet with gradlib in place of torch and compares the text (``torch.`` read
as ``gradlib.``); the seeded snippets (PyTorch's CPU stream) on the CPU only.
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs16.json"

_HEX = "def show(t):\n    print(t.dtype, [v.hex() for v in t.double().reshape(-1).tolist()])\n"

SNIPPETS = [
    # Marsaglia-Tsang with PyTorch's boost for alpha < 1, float32's own steps, the FLT_MIN floor, alpha = 0
    _HEX + "torch.manual_seed(3)\na = torch.tensor([0.1, 0.5, 0.9, 1.0, 1.7, 3.3, 20.0, 1e-3, 0.0, 250.0] * 2)\n"
    "show(torch._standard_gamma(a))\nshow(torch._standard_gamma(a.double()))\nshow(torch.rand(3))",
    # the distributions built on it: Gamma (rate), Beta and Dirichlet (double draws, normalized, cast), Chi2, StudentT
    _HEX + "torch.manual_seed(0)\nD = torch.distributions\n"
    "show(D.Gamma(torch.tensor([3.0, 0.4]), torch.tensor([2.0, 1.0])).rsample((3,)))\n"
    "show(D.Beta(torch.tensor([0.3, 2.0]), torch.tensor([0.7, 5.0])).sample((3,)))\n"
    "show(D.Dirichlet(torch.tensor([[0.05, 1.0, 9.0], [2.0, 2.0, 2.0]])).sample())\n"
    "show(D.Chi2(torch.tensor([1.0, 4.0])).sample((2,)))\nshow(D.StudentT(torch.tensor(3.0)).sample((3,)))\n"
    "show(D.Beta(torch.tensor(16.0, dtype=torch.float64), torch.tensor(14.0, dtype=torch.float64)).sample((3,)))\n"
    "show(torch.randn(2))",
    # a Beta guide's reparameterized sample has the Dirichlet's gradient
    _HEX + "torch.manual_seed(1)\na = torch.tensor(2.5, requires_grad=True)\nb = torch.tensor(1.5, requires_grad=True)\n"
    "x = torch.distributions.Beta(a, b).rsample((4,))\nshow(x.detach())\nx.sum().backward()\n"
    "print(round(a.grad.item(), 5), round(b.grad.item(), 5))",
    # interpolate(antialias=True): PIL's filters stretched by the scale, bilinear and bicubic, down and up, sizes
    # and scale factors, align_corners, an unchanged axis; node names, values and gradients (p224)
    "F = torch.nn.functional\nx = (torch.arange(2 * 11 * 13, dtype=torch.float64).reshape(1, 2, 11, 13) * 0.37).sin()\n"
    "x.requires_grad_(True)\n"
    "for mode in ('bilinear', 'bicubic'):\n"
    "    for size, sf, ac in [((5, 4), None, False), ((3, 13), None, True), (None, 0.4, False), ((20, 7), None, False),\n"
    "                         ((1, 1), None, False), ((11, 6), None, False), ((4, 30), None, True)]:\n"
    "        y = F.interpolate(x, size=size, scale_factor=sf, mode=mode, antialias=True, align_corners=ac)\n"
    "        w = torch.arange(y.numel(), dtype=torch.float64).reshape(y.shape).cos()\n"
    "        g, = torch.autograd.grad((y * w).sum(), x)\n"
    "        print(mode, size, sf, ac, y.grad_fn.name(), tuple(y.shape), [round(v, 6) for v in y[0, 1, :2].reshape(-1).tolist()],\n"
    "              round(y.sum().item(), 6), round(g.abs().sum().item(), 6), round(g[0, 0, 3].sum().item(), 6))\n"
    "for dt in (torch.float16, torch.int64):\n"
    "    try:\n        F.interpolate(torch.ones(1, 1, 4, 4, dtype=dt), size=(2, 2), mode='bilinear', antialias=True)\n"
    "    except NotImplementedError as e:\n        print('NotImplementedError:', e)\n"
    "try:\n    F.interpolate(torch.ones(1, 4, 4), size=2, mode='linear', antialias=True)\nexcept ValueError as e:\n"
    "    print('ValueError:', e)",
    # lazy probs/logits/matrices are computed with grad mode on (PyTorch's lazy_property): first read under
    # no_grad (as sample() does), they still carry the graph; OneHotCategoricalStraightThrough.rsample (p226)
    "D = torch.distributions\nl = torch.zeros(3, requires_grad=True)\n"
    "st = D.OneHotCategoricalStraightThrough(logits=l)\nprint(st.rsample((2,)).grad_fn.name())\n"
    "c = D.Categorical(logits=l)\nwith torch.no_grad():\n    c.probs\nprint(c.probs.grad_fn.name())\n"
    "bern = D.Bernoulli(probs=torch.tensor([0.3], requires_grad=True))\nwith torch.no_grad():\n    bern.logits\n"
    "print(bern.logits.grad_fn.name())\n"
    "L = torch.tensor([[2., 0.], [0.5, 1.]], requires_grad=True)\n"
    "m = D.MultivariateNormal(torch.zeros(2), scale_tril=L)\nwith torch.no_grad():\n    m.precision_matrix\n"
    "print(m.precision_matrix.requires_grad)\n"
    "w = D.Wishart(df=torch.tensor(3.), scale_tril=L)\nwith torch.no_grad():\n    w.covariance_matrix\n"
    "print(w.covariance_matrix.requires_grad)",
    # linear with a bias is addmm(bias, input, weight.t()): addmm's dtype checks and messages (self vs mat2 first)
    "F = torch.nn.functional\nw = torch.randn(3, 4, dtype=torch.float64)\nb = torch.randn(3, dtype=torch.float64)\n"
    "for name, c in [('2d bias', lambda: F.linear(torch.randn(2, 4), w, b)), ('2d no bias', lambda: F.linear(torch.randn(2, 4), w)),\n"
    "                ('1d bias', lambda: F.linear(torch.randn(4), w, b)), ('3d bias', lambda: F.linear(torch.randn(2, 5, 4), w, b)),\n"
    "                ('4d bias', lambda: F.linear(torch.randn(2, 2, 5, 4), w, b)),\n"
    "                ('bias differs', lambda: F.linear(torch.randn(2, 4), w.float(), b)),\n"
    "                ('all differ', lambda: F.linear(torch.randn(2, 4), w, b.float())),\n"
    "                ('module', lambda: torch.nn.Linear(4, 3).double()(torch.randn(2, 4))),\n"
    "                ('addmm', lambda: torch.addmm(b, torch.randn(2, 4), w.T)),\n"
    "                ('addmm self', lambda: torch.addmm(b.float(), w, w.T)),\n"
    "                ('long input', lambda: F.linear(torch.ones(2, 4, dtype=torch.long), w, b)),\n"
    "                ('same', lambda: F.linear(torch.ones(2, 4, dtype=torch.float64), w, b).dtype)]:\n"
    "    try:\n        print(name, c())\n    except RuntimeError as e:\n        print(name, 'RuntimeError:', e)",
    # strict mode: an output that does not require grad
    "AF = torch.autograd.functional\njacobian, vjp, jvp, hvp, vhp, hessian = AF.jacobian, AF.vjp, AF.jvp, AF.hvp, AF.vhp, AF.hessian\n"
    "x = torch.rand(2)\n"
    "for name, call in [('jacobian', lambda: jacobian(lambda x: torch.ones(2), x, strict=True)),\n"
    "                   ('jacobian 2 outputs', lambda: jacobian(lambda x: (x * 2, torch.ones(2)), x, strict=True)),\n"
    "                   ('vjp', lambda: vjp(lambda x: torch.ones(2), x, torch.ones(2), strict=True)),\n"
    "                   ('jvp', lambda: jvp(lambda x: torch.ones(2), x, torch.ones(2), strict=True)),\n"
    "                   ('hvp', lambda: hvp(lambda x: torch.ones(()), x, torch.ones(2), strict=True)),\n"
    "                   ('vhp', lambda: vhp(lambda x: torch.ones(()), x, torch.ones(2), strict=True)),\n"
    "                   ('hessian', lambda: hessian(lambda x: torch.ones(()), x, strict=True)),\n"
    "                   ('not strict', lambda: jacobian(lambda x: torch.ones(2), x))]:\n"
    "    try:\n        print(name, call())\n    except RuntimeError as e:\n        print(name, 'RuntimeError:', e)",
]


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
