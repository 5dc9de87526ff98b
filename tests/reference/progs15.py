"""Record what PyTorch prints for snippets of the behaviour the p203-p214 programs needed (``record()``, section
'progs15'): ``ctx.needs_input_grad`` is known from the start of a custom Function's ``forward`` (old style, with
``ctx``) and inside ``setup_context`` (new style, and a torch.library custom_op's ``setup_context``, as the
"Custom Python Operators" tutorial's numpy_mul reads it), in grad mode and under no_grad, for inputs that
require grad or not, non-Tensor arguments and defaulted ones; and it is the same tuple in ``backward``.
Writes ``tests/reference/torch_progs15.json``: {snippet: printed text}; an exception prints as ``TypeName: message``.
tests/test_progs15_apis.py runs each snippet with gradlib in place of torch and compares the text (``torch.`` read
as ``gradlib.``).
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs15.json"

SNIPPETS = [
    # old-style forward(ctx, ...): the tuple in forward and in backward, a non-Tensor argument, grad mode off
    "class Mul(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x, k, y):\n"
    "        print('forward', ctx.needs_input_grad)\n        ctx.save_for_backward(x, y)\n        return x * k * y\n"
    "    @staticmethod\n    def backward(ctx, g):\n        print('backward', ctx.needs_input_grad)\n"
    "        x, y = ctx.saved_tensors\n        return g * y * 2 if ctx.needs_input_grad[0] else None, None, "
    "g * x * 2 if ctx.needs_input_grad[2] else None\n"
    "x = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor([3., 4.])\n"
    "Mul.apply(x, 2.0, y).sum().backward()\nprint(x.grad)\n"
    "Mul.apply(y, 2.0, x).sum().backward()\nprint(x.grad)\n"
    "with torch.no_grad():\n    print(Mul.apply(x, 2.0, y))\n"
    "print(Mul.apply(y, 2.0, y))\n"
    "z = x * 1\nout = Mul.apply(z, 1.0, z)\nprint(out.grad_fn.needs_input_grad)\nout.sum().backward()\nprint(x.grad)",
    # new style: forward without ctx, setup_context reads the tuple; defaulted arguments count
    "class Scale(torch.autograd.Function):\n    @staticmethod\n    def forward(x, w, k=3.0, bias=None):\n"
    "        return x * w * k if bias is None else x * w * k + bias\n"
    "    @staticmethod\n    def setup_context(ctx, inputs, output):\n"
    "        print('setup_context', len(inputs), ctx.needs_input_grad)\n        x, w, k, bias = inputs\n"
    "        ctx.save_for_backward(x if ctx.needs_input_grad[1] else None, w if ctx.needs_input_grad[0] else None)\n"
    "        ctx.k = k\n"
    "    @staticmethod\n    def backward(ctx, g):\n        x, w = ctx.saved_tensors\n"
    "        print('backward', ctx.needs_input_grad, x is None, w is None)\n"
    "        return (g * w * ctx.k if w is not None else None, g * x * ctx.k if x is not None else None, None,\n"
    "                g if ctx.needs_input_grad[3] else None)\n"
    "x = torch.tensor([1., -2.], requires_grad=True)\nw = torch.tensor([0.5, 4.])\n"
    "Scale.apply(x, w).sum().backward()\nprint(x.grad)\n"
    "w.requires_grad_()\nb = torch.zeros(2, requires_grad=True)\nScale.apply(x.detach(), w, 2.0, b).sum().backward()\nprint(w.grad, b.grad)\n"
    "with torch.no_grad():\n    print(Scale.apply(x, w))",
    # a torch.library custom_op whose setup_context saves only what backward needs (the tutorial's numpy_mul)
    "@torch.library.custom_op('progs15::mul', mutates_args=())\n"
    "def mul(x: torch.Tensor, y: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:\n    return x * y * alpha\n"
    "def setup_context(ctx, inputs, output):\n    x, y, alpha = inputs\n    print('setup_context', ctx.needs_input_grad)\n"
    "    ctx.alpha = alpha\n    ctx.save_for_backward(x if ctx.needs_input_grad[1] else None, y if ctx.needs_input_grad[0] else None)\n"
    "def backward(ctx, grad):\n    x, y = ctx.saved_tensors\n    print('backward', ctx.needs_input_grad)\n"
    "    return (grad * y * ctx.alpha if ctx.needs_input_grad[0] else None,\n"
    "            grad * x * ctx.alpha if ctx.needs_input_grad[1] else None, None)\n"
    "mul.register_autograd(backward, setup_context=setup_context)\n"
    "a = torch.tensor([1., 2., 3.], requires_grad=True)\nb = torch.tensor([4., 5., 6.])\n"
    "mul(a, b, 2.0).sum().backward()\nprint(a.grad)\n"
    "b.requires_grad_()\nout = mul(a.detach(), b)\nout.sum().backward()\nprint(b.grad, out.grad_fn.name())\n"
    "mul(a, b).sum().backward()\nprint(a.grad, b.grad)\n"
    "with torch.no_grad():\n    print(mul(a, b))\nprint(mul(a.detach(), b.detach()))",
    # the dispatcher drops trailing arguments equal to their defaults before the autograd kernel (so
    # needs_input_grad is shorter), but not a `Tensor w=None` given as None (an undefined Tensor, not the default);
    # setup_context sees them all
    "from typing import Optional\n"
    "@torch.library.custom_op('progs15::scaled', mutates_args=())\n"
    "def scaled(x: torch.Tensor, alpha: float = 1.0, c: Optional[float] = None, flag: bool = False, s: str = 'a',\n"
    "           z: Optional[torch.Tensor] = None) -> torch.Tensor:\n    return x * alpha if z is None else x * alpha + z\n"
    "def setup_context(ctx, inputs, output):\n    print(len(inputs), ctx.needs_input_grad, [type(i).__name__ for i in inputs])\n"
    "def backward(ctx, grad):\n    print('backward', ctx.needs_input_grad)\n    return grad, None, None, None, None, None\n"
    "scaled.register_autograd(backward, setup_context=setup_context)\n"
    "x = torch.tensor([1., 2.], requires_grad=True)\n"
    "for args, kwargs in (((), {}), ((1.0,), {}), ((1,), {}), ((2.0,), {}), ((1.0, None), {}), ((1.0, 1.5), {}),\n"
    "                     ((1.0, None, False), {}), ((1.0, None, True), {}), ((1.0, None, False, 'a'), {}),\n"
    "                     ((1.0, None, False, 'b'), {}), ((1.0, None, False, 'a', None), {}),\n"
    "                     ((1.0, None, False, 'a', torch.ones(2)), {}), ((), {'alpha': 1.0, 'flag': False}),\n"
    "                     ((), {'z': None}), ((), {'s': 'a'})):\n"
    "    out = scaled(x, *args, **kwargs)\n    out.sum().backward()\n    print(out)\n"
    "@torch.library.custom_op('progs15::shift', mutates_args=())\n"
    "def shift(x: torch.Tensor, k: int = 2, w: torch.Tensor = None) -> torch.Tensor:\n    return x + k\n"
    "shift.register_autograd(backward, setup_context=setup_context)\n"
    "for args in ((), (2,), (2, None), (3,), (2, torch.zeros(2))):\n    shift(x, *args).sum().backward()",
]


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
