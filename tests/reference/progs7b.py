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
]


def record():
    import torch
    from record_torch_shared import run_snippet
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} progs7b snippets to {PATH.name}")


if __name__ == "__main__":
    record()
