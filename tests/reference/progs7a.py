"""Record what PyTorch prints for the snippets behind the progs7a fixes (``record()``, section 'progs7a'):
gradients of 0-d tensors are tensors that in-place ops write (``x.grad.zero_()`` in d2l's gradient-descent loops,
``autograd.grad`` results, ``retain_grad``, hooks, custom Function backward), ``nn.BatchNorm3d``, and the
``torch.utils.hooks.RemovableHandle`` every ``register_*hook`` returns. Writes
``tests/reference/torch_progs7a.json``: {snippet: printed text}; tests/test_progs7a.py runs each with gradlib in
place of torch and compares the text.
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs7a.json"

ZERO_DIM_GRADS = [
    # d2l 12.1: gradient descent on a 0-d leaf, the gradient zeroed in place each step
    "import math\nx = torch.tensor(-0.8, requires_grad=True)\nfor _ in range(5):\n"
    "    y = x * torch.cos(math.pi * x)\n    y.backward()\n    with torch.no_grad():\n        x -= 0.05 * x.grad\n"
    "    x.grad.zero_()\nprint(x, x.grad)",
    # every kind of op's gradient of a 0-d leaf takes in-place ops
    "for name in ['exp', 'sin', 'tanh', 'sigmoid', 'sqrt', 'log', 'abs', 'reciprocal']:\n"
    "    x = torch.tensor(0.7, requires_grad=True)\n    getattr(torch, name)(x * 2).backward()\n"
    "    x.grad.mul_(10).add_(1)\n    print(name, x.grad)",
    # a view of a 0-d gradient shares its storage
    "x = torch.tensor(3.0, requires_grad=True)\n(x * x).backward()\nv = x.grad.view(1)\nv[0] = 5.0\n"
    "print(x.grad, v, x.grad.data_ptr() == v.data_ptr())",
    # accumulation into a 0-d gradient, then zero_, then accumulation again
    "x = torch.tensor(1.5, requires_grad=True)\n(x * 3).backward()\n(x * 3).backward()\nprint(x.grad)\n"
    "x.grad.zero_()\n(x ** 2).backward()\nprint(x.grad, x.grad._version)",
    # autograd.grad's 0-d results
    "x = torch.tensor(2.0, requires_grad=True)\ng, = torch.autograd.grad(x ** 3, x)\ng.add_(1)\nprint(g)\n"
    "g2, = torch.autograd.grad(x.exp() * x, x, create_graph=True)\nh, = torch.autograd.grad(g2, x)\nh.zero_()\n"
    "print(g2, h)",
    # retain_grad of a 0-d non-leaf
    "x = torch.tensor(2.0, requires_grad=True)\ny = x * 3\ny.retain_grad()\n(y * y).backward()\ny.grad.div_(2)\n"
    "print(y.grad, x.grad)",
    # a tensor hook and a custom Function's backward get 0-d gradient tensors
    "seen = []\nx = torch.tensor(1.0, requires_grad=True)\nx.register_hook(lambda g: seen.append(g.clone().fill_(7)))\n"
    "(x * 4).backward()\nprint(seen, x.grad)\n"
    "class Triple(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, a):\n        return a * 3\n"
    "    @staticmethod\n    def backward(ctx, grad):\n        return grad.mul_(3)\n"
    "z = torch.tensor(2.0, requires_grad=True)\nTriple.apply(z * z).backward()\nprint(z.grad)",
    # an optimizer on a 0-d parameter, with momentum and zero_grad(set_to_none=False)
    "w = torch.nn.Parameter(torch.tensor(4.0))\nopt = torch.optim.SGD([w], lr=0.1, momentum=0.9)\nfor _ in range(3):\n"
    "    opt.zero_grad(set_to_none=False)\n    (w ** 2).backward()\n    opt.step()\nprint(w, w.grad)",
]

BATCHNORM3D = [
    "bn = torch.nn.BatchNorm3d(3)\nprint(bn)\nx = (torch.arange(48, dtype=torch.float32).reshape(2, 3, 2, 2, 2) ** 1.5) / 10\n"
    "y = bn(x)\nprint(y.shape, y.grad_fn.name())\nprint(y.mean(dim=(0, 2, 3, 4)).abs().max() < 1e-5, y[0, 1, 0])\n"
    "print(bn.running_mean, bn.running_var, bn.num_batches_tracked)\nbn.eval()\nprint(bn(x)[1, 2, 1])",
    "bn = torch.nn.BatchNorm3d(2, affine=False, momentum=None)\nx = torch.linspace(-1, 2, 32).reshape(2, 2, 2, 2, 2)\n"
    "bn(x)\nbn(x * 2)\nprint(bn, bn.running_mean, bn.running_var, bn.weight)",
    "bn = torch.nn.BatchNorm3d(2)\nx = torch.linspace(-1, 2, 32).reshape(2, 2, 2, 2, 2).requires_grad_()\n"
    "(bn(x) * torch.linspace(0, 1, 32).reshape(2, 2, 2, 2, 2) ** 2).sum().backward()\n"
    "print(bn.weight.grad, bn.bias.grad, x.grad[1, 0, 1])",
    "bn = torch.nn.BatchNorm3d(3)\nfor shape in [(2, 3, 4, 4), (3, 4, 4, 4)]:\n    try:\n        bn(torch.ones(shape))\n"
    "    except ValueError as e:\n        print(type(e).__name__, e)\n"
    "print(isinstance(bn, torch.nn.modules.batchnorm._BatchNorm) if hasattr(torch.nn.modules, 'batchnorm') else True)",
]

HANDLES = [
    "h = torch.nn.Linear(2, 2).register_forward_hook(lambda m, a, o: None)\nprint(repr(h).split(' object at ')[0])\n"
    "print(type(h).__module__, type(h).__qualname__, isinstance(h, torch.utils.hooks.RemovableHandle))",
    "x = torch.ones(2, requires_grad=True)\ny = x * 2\nhandles = [x.register_hook(lambda g: g), y.grad_fn.register_hook(lambda gi, go: None),\n"
    "           y.grad_fn.register_prehook(lambda go: None), x.register_post_accumulate_grad_hook(lambda t: None),\n"
    "           torch.nn.Linear(1, 1).register_full_backward_hook(lambda m, gi, go: None),\n"
    "           torch.optim.SGD([x], lr=1.0).register_step_post_hook(lambda o, a, k: None)]\n"
    "print([type(h).__name__ for h in handles], all(isinstance(h, torch.utils.hooks.RemovableHandle) for h in handles))",
]

SNIPPETS = ZERO_DIM_GRADS + BATCHNORM3D + HANDLES


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
