"""Record what PyTorch prints for snippets of ``torch.func``, ``torch.autograd.forward_ad``, ``torch.testing`` and
``torch.distributions`` (``record()``, section 'funcs'): the tutorials' uses (per-sample gradients, model
ensembling, Jacobians/Hessians/hvp, neural tangent kernels, forward-mode AD, assert_close in custom-Function
tests, distributions in RL/VAE code), their edges and their errors. Writes ``tests/reference/torch_funcs.json``
({snippet: printed text}; an exception prints as ``TypeName: message``). tests/test_funcs.py runs each snippet
with gradlib in place of torch on the device under test and compares the text (``torch.`` read as ``gradlib.``).

Also records the keyword names PyTorch's ``torch.func``, ``torch.autograd.forward_ad``, ``torch.testing`` and
``torch.distributions`` callables accept (``"signatures"``), which tests/test_signature_parity.py compares.
"""
import contextlib
import io
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_funcs.json"

# deterministic weights for a model: linspace over each parameter (the same in both libraries)
SET_WEIGHTS = ("def set_weights(model):\n    with torch.no_grad():\n        for p in model.parameters():\n"
               "            p.copy_((torch.arange(p.numel()) / p.numel() - 0.45).reshape(p.shape) * 1.5)\n")
MLP = (SET_WEIGHTS + "model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()\n"
       "set_weights(model)\n")
DATA = "x = (torch.arange(15.) / 7 - 1.05).reshape(5, 3).double()\ny = torch.tensor([0, 1, 1, 0, 1])\n"

TESTING = [
    "from torch.testing import assert_close\nassert_close(torch.tensor([1., 2., 3.]), torch.tensor([1., 2.5, 3.1]))",
    "from torch.testing import assert_close\n"
    "assert_close(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[1., 2.], [3., 5.]]))",
    "torch.testing.assert_close(torch.tensor(1.), torch.tensor(2.))",
    "torch.testing.assert_close(torch.tensor([1, 2]), torch.tensor([1, 3]))",
    "torch.testing.assert_close(torch.tensor([True, False]), torch.tensor([True, True]))",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 2.], dtype=torch.float64))",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 2.], dtype=torch.float64), "
    "check_dtype=False)\nprint('ok')",
    "torch.testing.assert_close(torch.tensor([1, 2]), torch.tensor([1., 2.5]), check_dtype=False)",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 2., 3.]))",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([[1., 2.]]))",
    "torch.testing.assert_close(torch.tensor([1., float('nan')]), torch.tensor([1., float('nan')]))",
    "torch.testing.assert_close(torch.tensor([1., float('nan')]), torch.tensor([1., float('nan')]), equal_nan=True)\n"
    "print('ok')",
    "torch.testing.assert_close(torch.tensor([1., float('inf')]), torch.tensor([1., float('inf')]))\nprint('ok')",
    "torch.testing.assert_close(torch.tensor([1., float('inf')]), torch.tensor([1., -float('inf')]))",
    "torch.testing.assert_close([torch.tensor([1., 2.]), torch.tensor(3.)], [torch.tensor([1., 2.]), torch.tensor(4.)])",
    "torch.testing.assert_close({'a': torch.tensor([1.])}, {'a': torch.tensor([2.])})",
    "torch.testing.assert_close({'a': torch.tensor([1.])}, {'b': torch.tensor([2.])})",
    "torch.testing.assert_close({'a': [torch.tensor(1.)]}, {'a': [torch.tensor(2.)]})",
    "torch.testing.assert_close([[torch.tensor(1.)]], [[torch.tensor(2.)]])",
    "torch.testing.assert_close(1.0, 1.5)",
    "torch.testing.assert_close(1, 1.0)",
    "torch.testing.assert_close(1, 2)",
    "torch.testing.assert_close(True, False)",
    "torch.testing.assert_close(None, 1)",
    "torch.testing.assert_close(None, None)\ntorch.testing.assert_close(torch.tensor([]), torch.tensor([]))\nprint('ok')",
    "torch.testing.assert_close([1., 2.], [1., 2., 3.])",
    "torch.testing.assert_close(torch.tensor([1., 2.]), [1., 2.])",
    "torch.testing.assert_close(torch.tensor([1., 2.]), 1.0)",
    "torch.testing.assert_close('a', 'a')",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 2.1]), rtol=0.1, atol=0)\nprint('ok')",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 2.1]), rtol=0.01)",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 2.1]), atol=0.01)",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 2.1]), rtol=0.0, atol=0.05)",
    "torch.testing.assert_close(torch.tensor([0., 2.]), torch.tensor([1e-3, 2.]))",
    "torch.testing.assert_close(torch.tensor([1., 2.], dtype=torch.float64), torch.tensor([1., 2.0000001], "
    "dtype=torch.float64))",
    "torch.testing.assert_close(torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float16), "
    "torch.tensor([[1., 2.], [3., 4.01]], dtype=torch.float16))",
    "torch.testing.assert_close(torch.tensor([1., 2.], requires_grad=True), torch.tensor([1., 2.]))\nprint('ok')",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 3.]), msg='custom')",
    "torch.testing.assert_close(torch.tensor([1., 2.]), torch.tensor([1., 3.]), msg=lambda m: 'In my test: ' + m)",
    "torch.testing.assert_close((torch.tensor(1.),), [torch.tensor(1.)])\nprint('ok')",
    "x = torch.tensor([0.1, 0.2], dtype=torch.float64, requires_grad=True)\n"
    "y = (x * 3).sin().sum()\ng, = torch.autograd.grad(y, x)\n"
    "torch.testing.assert_close(g, 3 * (3 * x.detach()).cos())\nprint('ok')",
    "t = torch.testing.make_tensor(2, 3, dtype=torch.float32, device='cpu', low=-1, high=1)\n"
    "print(t.shape, t.dtype, bool(((t >= -1) & (t < 1)).all()))",
    "t = torch.testing.make_tensor((4,), dtype=torch.int64, device='cpu', low=3, high=5)\n"
    "print(t.shape, t.dtype, bool(((t >= 3) & (t < 5)).all()))",
    "t = torch.testing.make_tensor(3, dtype=torch.bool, device='cpu')\nprint(t.dtype)",
    "torch.testing.make_tensor(3, dtype=torch.int64, device='cpu', requires_grad=True)",
    "torch.testing.make_tensor(3, dtype=torch.float32, device='cpu', low=2, high=1)",
    "t = torch.testing.make_tensor(3, dtype=torch.float32, device='cpu', low=0, high=1e-30, exclude_zero=True)\n"
    "print(bool((t != 0).all()))",
]

FUNC = [
    # grad / grad_and_value
    "from torch.func import grad\nprint(grad(torch.sin)(torch.tensor(0.5)), grad(grad(torch.sin))(torch.tensor(0.5)))",
    "from torch.func import grad\nx = torch.tensor([0.3, -1.2, 2.0])\n"
    "print(grad(lambda x: (x.sin() * x).sum())(x))\nprint(grad(lambda x: grad(lambda y: (y ** 3).sum())(x).sum())(x))",
    "from torch.func import grad, grad_and_value\nf = lambda x, y: (x * y ** 2).sum()\n"
    "x, y = torch.tensor([1., 2.]), torch.tensor([3., -1.])\n"
    "print(grad(f)(x, y), grad(f, argnums=1)(x, y), grad(f, argnums=(0, 1))(x, y))\n"
    "print(grad_and_value(f, argnums=-1)(x, y))",
    "from torch.func import grad\ndef f(x):\n    y = x.exp()\n    return y.sum(), y\n"
    "g, aux = grad(f, has_aux=True)(torch.tensor([0., 1.]))\nprint(g, aux, aux.requires_grad)",
    "from torch.func import grad_and_value\ndef f(x):\n    return (x ** 2).sum(), {'n': x.norm()}\n"
    "print(grad_and_value(f, has_aux=True)(torch.tensor([3., 4.])))",
    "from torch.func import grad\nf = lambda d: (d['a'] * d['b']).sum() + d['c'][0].sum()\n"
    "print(grad(f)({'a': torch.tensor([1., 2.]), 'b': torch.tensor([3., 4.]), 'c': [torch.tensor([5.])]}))",
    "from torch.func import grad\ngrad(lambda x: x ** 2)(torch.tensor([1., 2.]))",
    "from torch.func import grad\ngrad(lambda x: 1.0)(torch.tensor(1.))",
    "from torch.func import grad\ngrad(lambda x: x.sum(), argnums=2)(torch.tensor(1.))",
    "from torch.func import grad\ngrad(lambda x, y: x.sum(), argnums=(0, 0))(torch.tensor(1.), torch.tensor(2.))",
    "from torch.func import grad\ngrad(lambda x: x.sum(), argnums=())(torch.tensor(1.))",
    "from torch.func import grad\ngrad(lambda x: x.sum(), argnums=[0])(torch.tensor(1.))",
    "from torch.func import grad\ngrad(lambda x: x.sum(), argnums=0.5)(torch.tensor(1.))",
    "from torch.func import grad\ngrad(lambda x: (x.sum(), 1, 2), has_aux=True)(torch.tensor(1.))",
    "from torch.func import grad\ngrad(lambda x: x.sum())(1.0)",
    "from torch.func import grad\nprint(grad(lambda x, y: (x * 2).sum())(torch.tensor([1., 2.]), torch.tensor(3.)))\n"
    "print(grad(lambda x, y: (y * 2).sum())(torch.tensor([1., 2.]), torch.tensor(3.)))",
    "from torch.func import grad\nw = torch.tensor([1., 2.], requires_grad=True)\n"
    "g = grad(lambda x: (x * w).sum() ** 2)(w)\nprint(g.requires_grad)\ng.sum().backward()\nprint(w.grad)",
    "from torch.func import grad\nwith torch.no_grad():\n    print(grad(lambda x: (x ** 3).sum())(torch.tensor([1., 2.])))",
    # vjp / jvp
    "from torch.func import vjp\nout, vjp_fn = vjp(torch.sin, torch.tensor([0., 1.]))\nprint(out, vjp_fn(torch.ones(2)))",
    "from torch.func import vjp\nf = lambda x, y: (x * y, x + y)\n"
    "out, fn = vjp(f, torch.tensor([1., 2.]), torch.tensor([3., 4.]))\n"
    "print(out, fn((torch.tensor([1., 0.]), torch.tensor([0., 1.]))))",
    "from torch.func import vjp\nout, fn, aux = vjp(lambda x: (x.exp(), x.sum()), torch.tensor([0., 1.]), has_aux=True)\n"
    "print(out, fn(torch.ones(2)), aux)",
    "from torch.func import vjp\nout, fn = vjp(lambda x: (x * 2, x * 3), torch.tensor([0., 1.]))\nfn(torch.ones(2))",
    "from torch.func import vjp\nvjp(lambda x: x.long(), torch.tensor([0., 1.]))",
    "from torch.func import vjp\nvjp(lambda x: [x, 3], torch.tensor([0., 1.]))",
    "from torch.func import jvp\nprint(jvp(lambda x: x ** 2, (torch.tensor([1., 2.]),), (torch.tensor([1., 0.]),)))",
    "from torch.func import jvp\nf = lambda x, y: (x * y).sin()\n"
    "print(jvp(f, (torch.tensor([1., 2.]), torch.tensor([0.5, -1.])), (torch.tensor([1., 1.]), torch.tensor([0., 2.]))))",
    "from torch.func import jvp\nprint(jvp(lambda x: (x.exp(), x.sum()), (torch.tensor([0., 1.]),), (torch.ones(2),)))",
    "from torch.func import jvp\nprint(jvp(lambda x: torch.ones(2), (torch.tensor([0., 1.]),), (torch.ones(2),)))",
    "from torch.func import jvp\njvp(lambda x: torch.ones(2), (torch.tensor([0., 1.]),), (torch.ones(2),), strict=True)",
    "from torch.func import jvp\njvp(torch.sin, torch.tensor([0., 1.]), torch.ones(2))",
    "from torch.func import jvp\njvp(torch.sin, (torch.tensor([0., 1.]),), (torch.ones(3),))",
    "from torch.func import jvp\njvp(torch.sin, (torch.tensor([0., 1.]),), [torch.ones(2)])",
    "from torch.func import jvp\nprint(jvp(lambda x: (x.sin(), x.cos()), (torch.tensor(1.),), (torch.tensor(2.),), "
    "has_aux=True))",
    # jacrev / jacfwd / hessian
    "from torch.func import jacrev, jacfwd\nf = lambda x: x.sin() * x.sum()\nx = torch.tensor([0.5, 1., -0.5])\n"
    "print(jacrev(f)(x))\nprint(jacfwd(f)(x))",
    "from torch.func import jacrev\nf = lambda x, y: x.outer(y)\nj = jacrev(f, argnums=(0, 1))(torch.tensor([1., 2.]), "
    "torch.tensor([3., 4., 5.]))\nprint(j[0].shape, j[1].shape)\nprint(j[1])",
    "from torch.func import jacrev\nf = lambda x: (x.sum(), x * 2)\nprint(jacrev(f)(torch.tensor([1., 2.])))",
    "from torch.func import jacrev\nf = lambda x: (x ** 2, x.sum())\nprint(jacrev(f, has_aux=True)(torch.tensor([1., 2.])))",
    "from torch.func import jacrev\nf = lambda p: p['w'] @ p['b']\n"
    "print(jacrev(f)({'w': torch.tensor([[1., 2.], [3., 4.]]), 'b': torch.tensor([1., -1.])}))",
    "from torch.func import jacrev\njacrev(torch.sin, chunk_size=0)",
    "from torch.func import hessian\nf = lambda x: (x ** 3).sum() + x.prod()\nprint(hessian(f)(torch.tensor([1., 2., 3.])))",
    "from torch.func import hessian, jacfwd, jacrev\nf = lambda x: x.sin().sum()\nx = torch.tensor([0.1, 0.2])\n"
    "print(hessian(f)(x))\nprint(jacrev(jacrev(f))(x))\nprint(jacfwd(jacfwd(f))(x).abs())",  # zeros' signs may differ
    "from torch.func import hessian\nf = lambda x, y: (x * y ** 2).sum()\n"
    "print(hessian(f, argnums=(0, 1))(torch.tensor([1., 2.]), torch.tensor([3., 4.])))",
    # hvp as in the tutorial: forward-over-reverse
    "from torch.func import grad, jvp, vjp\ndef hvp(f, primals, tangents):\n    return jvp(grad(f), primals, tangents)[1]\n"
    "def vhp(f, x, v):\n    return vjp(grad(f), x)[1](v)\nf = lambda x: x.sin().sum()\n"
    "x, v = torch.tensor([0.3, 0.6]), torch.tensor([1., 2.])\nprint(hvp(f, (x,), (v,)), vhp(f, x, v))",
    # vmap
    "from torch.func import vmap\nprint(vmap(torch.dot)(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[1., 1.], [0., 1.]])))",
    "from torch.func import vmap\nx = torch.arange(6.).reshape(2, 3)\nprint(vmap(lambda r: r.sum())(x), "
    "vmap(lambda c: c.sum(), in_dims=1)(x), vmap(lambda r: r * 2, out_dims=1)(x))",
    "from torch.func import vmap\nx = torch.arange(6.).reshape(2, 3)\n"
    "print(vmap(vmap(lambda a: a * 10))(x), vmap(vmap(torch.mul, in_dims=(0, None)), in_dims=(0, None))(x, 2.))",
    "from torch.func import vmap\nw = torch.tensor([[1., 0.], [0., 2.], [1., 1.]])\n"
    "print(vmap(lambda x, w: w @ x, in_dims=(0, None))(torch.tensor([[1., 2.], [3., 4.]]), w))",
    "from torch.func import vmap\nprint(vmap(lambda d: d['a'] + d['b'])({'a': torch.ones(2, 2), 'b': torch.arange(2.)"
    ".reshape(2, 1)}))",
    "from torch.func import vmap\nout = vmap(lambda x: (x.sum(), x * 2), out_dims=(0, 1))(torch.arange(4.).reshape(2, 2))"
    "\nprint(out)",
    "from torch.func import vmap\nprint(vmap(lambda x, n: x * n, in_dims=(0, None))(torch.ones(2), 3))",
    "from torch.func import vmap\nvmap(torch.sin, in_dims=(0, 0))(torch.ones(2))",
    "from torch.func import vmap\nvmap(torch.mul)(torch.ones(2), torch.ones(3))",
    "from torch.func import vmap\nvmap(torch.mul, in_dims=(0, 0))(torch.ones(2), 3.0)",
    "from torch.func import vmap\nvmap(torch.sin, in_dims=2)(torch.ones(2))",
    "from torch.func import vmap\nvmap(torch.sin, in_dims=None)(torch.ones(2))",
    "from torch.func import vmap\nvmap(torch.sin, in_dims=[0])(torch.ones(2))",
    "from torch.func import vmap\nvmap(lambda: 1)()",
    "from torch.func import vmap\nvmap(lambda x: 1)(torch.ones(2))",
    "from torch.func import vmap\nvmap(torch.sin, randomness='nope')",
    "from torch.func import vmap\nvmap(torch.sin, chunk_size=0)",
    "from torch.func import vmap\nprint(vmap(torch.sin, in_dims=-1)(torch.arange(4.).reshape(2, 2)))",
    "from torch.func import vmap\nprint(vmap(lambda x: x.sum(0), out_dims=-1)(torch.arange(8.).reshape(2, 2, 2)))",
    "from torch.func import vmap\nprint(vmap(lambda x: torch.rand(3), randomness='same')(torch.ones(4)).std(0))",
    "from torch.func import vmap\nr = vmap(lambda x: torch.rand(3), randomness='different')(torch.ones(4))\n"
    "print(r.shape, bool((r.std(0) > 0).all()))",
    # functional_call and per-sample gradients (the tutorial)
    MLP + DATA + "from torch.func import functional_call\nparams = {k: v.detach() for k, v in model.named_parameters()}\n"
    "print(functional_call(model, params, (x,)))\nprint(torch.equal(functional_call(model, params, x), model(x)))",
    MLP + DATA + "from torch.func import functional_call, grad, vmap\nimport torch.nn.functional as F\n"
    "params = {k: v.detach() for k, v in model.named_parameters()}\n"
    "buffers = {k: v.detach() for k, v in model.named_buffers()}\n"
    "def compute_loss(params, buffers, sample, target):\n    batch = sample.unsqueeze(0)\n"
    "    targets = target.unsqueeze(0)\n    predictions = functional_call(model, (params, buffers), (batch,))\n"
    "    return F.cross_entropy(predictions, targets)\n"
    "per_sample = vmap(grad(compute_loss), in_dims=(None, None, 0, 0))(params, buffers, x, y)\n"
    "for name, g in per_sample.items():\n    print(name, g.shape)\n    print(g)\n"
    "loss = sum(compute_loss(params, buffers, x[i], y[i]) for i in range(5))\n"
    "print([k for k in per_sample])",
    MLP + "from torch.func import functional_call\nnew = {'0.weight': torch.ones(4, 3).double(), '0.bias': torch.zeros(4).double()}\n"
    "print(functional_call(model, new, torch.ones(1, 3).double()))\nprint(model[0].weight[0])",
    MLP + "from torch.func import functional_call\nfunctional_call(model, {'0.weight': torch.ones(4, 3)}, "
    "torch.ones(1, 3).double(), strict=True)",
    MLP + "from torch.func import functional_call\nfunctional_call(model, ({'0.bias': torch.ones(4)}, "
    "{'0.bias': torch.zeros(4)}), torch.ones(1, 3).double())",
    MLP + "from torch.func import functional_call\nfunctional_call(model, [1], torch.ones(1, 3).double())",
    MLP + "from torch.func import functional_call\nfunctional_call(model, 3, torch.ones(1, 3).double())",
    "from torch.func import functional_call\nclass M(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.a = torch.nn.Linear(2, 2, bias=False)\n        self.b = torch.nn.Linear(2, 2, bias=False)\n"
    "        self.b.weight = self.a.weight\n    def forward(self, x, scale=1.0):\n        return self.b(self.a(x)) * scale\n"
    "m = M()\nw = torch.tensor([[1., 2.], [0., 1.]])\nprint(functional_call(m, {'a.weight': w}, (torch.ones(1, 2),), "
    "{'scale': 2.0}))\nprint(functional_call(m, {'a.weight': w}, torch.ones(1, 2), tie_weights=False)."
    "shape)\nfunctional_call(m, {'a.weight': w, 'b.weight': w * 2}, torch.ones(1, 2))",
    "from torch.func import functional_call\nbn = torch.nn.BatchNorm1d(2)\n"
    "state = {'running_mean': torch.tensor([1., 2.]), 'running_var': torch.tensor([4., 4.]), "
    "'weight': torch.ones(2), 'bias': torch.zeros(2)}\nbn.eval()\n"
    "print(functional_call(bn, state, torch.tensor([[3., 4.]])), bn.running_mean)",
    # model ensembling (the tutorial, without the meta device)
    SET_WEIGHTS + "from torch.func import stack_module_state, functional_call, vmap\n"
    "models = [torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU()) for _ in range(3)]\n"
    "for i, m in enumerate(models):\n    set_weights(m)\n    with torch.no_grad():\n        m[0].bias.add_(i)\n"
    "params, buffers = stack_module_state(models)\n"
    "print({k: (v.shape, v.requires_grad, v.is_leaf) for k, v in params.items()}, buffers)\n"
    "def fmodel(params, buffers, x):\n    return functional_call(models[0], (params, buffers), (x,))\n"
    "x = (torch.arange(6.) / 3 - 0.9).reshape(2, 3)\nout = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, x)\n"
    "print(out.detach(), out.requires_grad)\nout.sum().backward()\nprint(params['0.bias'].grad)\n"
    "print(vmap(fmodel)(params, buffers, torch.stack([x, x * 2, -x])).detach())",
    "from torch.func import stack_module_state\nstack_module_state([])",
    "from torch.func import stack_module_state\nstack_module_state([torch.nn.Linear(1, 1), torch.nn.Linear(1, 1).eval()])",
    "from torch.func import stack_module_state\nstack_module_state([torch.nn.Linear(1, 1), torch.nn.Sequential()])",
    "from torch.func import stack_module_state\na, b = torch.nn.Linear(1, 1), torch.nn.Linear(1, 1)\n"
    "b.bias.requires_grad_(False)\nstack_module_state([a, b])",
    "from torch.func import stack_module_state\nbns = [torch.nn.BatchNorm1d(2) for _ in range(2)]\n"
    "p, b = stack_module_state(bns)\nprint(sorted(p), sorted(b), b['num_batches_tracked'])",
    # Jacobians of a model's output with respect to its parameters (neural tangent kernel)
    MLP + "from torch.func import functional_call, jacrev, vmap\n"
    "params = {k: v.detach() for k, v in model.named_parameters()}\n"
    "def fnet_single(params, x):\n    return functional_call(model, params, (x.unsqueeze(0),)).squeeze(0)\n"
    "def ntk(params, x1, x2):\n    jac1 = vmap(jacrev(fnet_single), (None, 0))(params, x1)\n"
    "    jac1 = [j.flatten(2) for j in jac1.values()]\n    jac2 = vmap(jacrev(fnet_single), (None, 0))(params, x2)\n"
    "    jac2 = [j.flatten(2) for j in jac2.values()]\n"
    "    return torch.stack([torch.einsum('Naf,Mbf->NMab', j1, j2) for j1, j2 in zip(jac1, jac2)]).sum(0)\n"
    "x1 = (torch.arange(6.) / 3 - 0.9).reshape(2, 3)\nx2 = (torch.arange(9.) / 4).reshape(3, 3)\n"
    "k = ntk(params, x1, x2)\nprint(k.shape)\nprint(k)",
    # batched Jacobians and Hessians of the tutorial: vmap(jacrev), hessian of a model's output
    "from torch.func import jacrev, vmap, hessian\nweight = (torch.arange(12.) / 6 - 0.95).reshape(4, 3)\n"
    "bias = torch.tensor([0.1, 0.2, 0.3, 0.4])\ndef predict(weight, bias, x):\n"
    "    return torch.nn.functional.linear(x, weight, bias).tanh()\n"
    "x = (torch.arange(6.) * 0.7 - 1.9).reshape(2, 3)\nj = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))(weight, bias, x)\n"
    "print(j.shape)\nprint(j)\nh = hessian(predict, argnums=2)(weight, bias, x[0])\nprint(h.shape)\nprint(h[0])",
    "from torch.func import jacrev\nj = jacrev(lambda x: x.sum())(torch.tensor([[1., 2.], [3., 4.]]))\nprint(j, j.shape)",
]

FORWARD_AD = [
    "import torch.autograd.forward_ad as fwAD\nprimal = (torch.arange(9.) / 4 - 1).reshape(3, 3)\n"
    "tangent = (torch.arange(9.) % 4 / 3).reshape(3, 3)\ndef fn(x, y):\n    return x ** 2 + y ** 2\n"
    "with fwAD.dual_level():\n    dual_input = fwAD.make_dual(primal, tangent)\n"
    "    assert fwAD.unpack_dual(dual_input).tangent is tangent\n"
    "    dual_input_alt = fwAD.make_dual(primal, tangent.T)\n"
    "    assert fwAD.unpack_dual(dual_input_alt).tangent is not tangent\n    plain_tensor = torch.ones(3, 3)\n"
    "    dual_output = fn(dual_input, plain_tensor)\n    jvp = fwAD.unpack_dual(dual_output).tangent\n"
    "    print(jvp)\n    print(fwAD.unpack_dual(dual_output).primal)\n"
    "print(fwAD.unpack_dual(dual_output).tangent)",
    "import torch.autograd.forward_ad as fwAD\nx = torch.tensor([0.5, 1.0, 2.0])\nt = torch.tensor([1.0, -1.0, 0.5])\n"
    "with fwAD.dual_level():\n    d = fwAD.make_dual(x, t)\n"
    "    for f in (torch.sin, torch.exp, torch.log, torch.sigmoid, torch.tanh, torch.sqrt, lambda v: v.softmax(0),"
    " lambda v: v.cumsum(0), lambda v: v @ v, lambda v: v.max(), lambda v: v[1:], lambda v: v.reshape(3, 1).expand(3, 2),"
    " lambda v: torch.nn.functional.relu(v - 1)):\n"
    "        print(fwAD.unpack_dual(f(d)))",
    "import torch.autograd.forward_ad as fwAD\nx = torch.tensor([1.0, 2.0])\n"
    "with fwAD.dual_level():\n    a = fwAD.make_dual(x, torch.tensor([1.0, 0.0]))\n"
    "    b = fwAD.make_dual(torch.tensor([3.0, 4.0]), torch.tensor([0.0, 1.0]))\n"
    "    print(fwAD.unpack_dual(a * b + a / b))\n    print(fwAD.unpack_dual(torch.ones(2) * 3))\n"
    "    print(fwAD.unpack_dual(a.argmax()).tangent, fwAD.unpack_dual(a > 1).tangent)\n"
    "    print(fwAD.unpack_dual(a.detach()).tangent, fwAD.unpack_dual(x).tangent)",
    "import torch.autograd.forward_ad as fwAD\np = torch.tensor([1., 2.])\n"
    "with fwAD.dual_level():\n    d = fwAD.make_dual(p, torch.tensor([1., 0.]))\n    y = d * 3\n"
    "    print(fwAD.unpack_dual(d))\n    print(fwAD.unpack_dual(y))\n    print(fwAD.unpack_dual(d[0]))\nprint(p)",
    "import torch.autograd.forward_ad as fwAD\nfwAD.make_dual(torch.ones(2), torch.ones(2))",
    "import torch.autograd.forward_ad as fwAD\nprint(fwAD.unpack_dual(torch.ones(2)))\nfwAD.exit_dual_level()",
    "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    fwAD.make_dual(torch.ones(2), torch.ones(3))",
    "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n"
    "    fwAD.make_dual(torch.ones(2), torch.ones(2, dtype=torch.int64))",
    "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n"
    "    fwAD.make_dual(torch.tensor([1, 2]), torch.ones(2))",
    "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    fwAD.enter_dual_level()",
    "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n"
    "    d = fwAD.make_dual(torch.ones(2), torch.ones(2))\n    fwAD.make_dual(d, torch.ones(2))",
    "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    fwAD.make_dual(torch.ones(2), torch.ones(2), level=3)",
    "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level() as level:\n    print(level)\n"
    "    fwAD.exit_dual_level(level=5)",
    "import torch.autograd.forward_ad as fwAD\nlevel = fwAD.enter_dual_level()\n"
    "d = fwAD.make_dual(torch.tensor(2.), torch.tensor(1.))\nprint(fwAD.unpack_dual(d ** 3, level=level))\n"
    "fwAD.exit_dual_level(level=level)\nprint(fwAD.unpack_dual(d ** 3).tangent)",
    "import torch.autograd.forward_ad as fwAD\nprint(fwAD.UnpackedDualTensor(1, 2), fwAD.UnpackedDualTensor._fields)",
    # custom Functions in forward mode (the tutorial): jvp, save_for_forward, gradcheck(check_forward_ad=True)
    "import torch.autograd.forward_ad as fwAD\nclass Fn(torch.autograd.Function):\n    @staticmethod\n"
    "    def forward(ctx, foo):\n        result = torch.exp(foo)\n        ctx.result = result\n        return result\n"
    "    @staticmethod\n    def jvp(ctx, gI):\n        gO = gI * ctx.result\n        del ctx.result\n        return gO\n"
    "primal = torch.tensor([[0.1, 0.2], [0.3, -0.4]], dtype=torch.double, requires_grad=True)\n"
    "tangent = torch.tensor([[1., 0.5], [0., 2.]], dtype=torch.double)\nwith fwAD.dual_level():\n"
    "    dual_output = Fn.apply(fwAD.make_dual(primal, tangent))\n"
    "    print(fwAD.unpack_dual(dual_output).tangent.detach(), fwAD.unpack_dual(dual_output.sin()).tangent.detach())\n"
    "print(torch.autograd.gradcheck(Fn.apply, (primal,), check_forward_ad=True, check_backward_ad=False, "
    "check_undefined_grad=False, check_batched_grad=False))",
    "import torch.autograd.forward_ad as fwAD\nclass Mul(torch.autograd.Function):\n    @staticmethod\n"
    "    def forward(ctx, x, y, scale):\n        ctx.save_for_forward(x, y)\n        ctx.scale = scale\n"
    "        return x * y * scale\n    @staticmethod\n    def jvp(ctx, x_t, y_t, _):\n        x, y = ctx.saved_tensors\n"
    "        return (x_t * y + x * y_t) * ctx.scale\nx = torch.tensor([1., 2.], dtype=torch.double)\n"
    "y = torch.tensor([3., -1.], dtype=torch.double)\nwith fwAD.dual_level():\n"
    "    out = Mul.apply(fwAD.make_dual(x, torch.ones(2, dtype=torch.double)), y, 2.0)\n"
    "    print(fwAD.unpack_dual(out).tangent)\n"
    "    out = Mul.apply(x, fwAD.make_dual(y, torch.ones(2, dtype=torch.double)), 2.0)\n"
    "    print(fwAD.unpack_dual(out).tangent)\n"
    "print(torch.autograd.gradcheck(lambda a, b: Mul.apply(a, b, 2.0), (x.requires_grad_(), y.requires_grad_()), "
    "check_forward_ad=True, check_backward_ad=False))",
    "import torch.autograd.forward_ad as fwAD\nclass Twice(torch.autograd.Function):\n    @staticmethod\n"
    "    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def jvp(ctx, g):\n        return g * 3\n"
    "x = torch.tensor([1., 2.], dtype=torch.double, requires_grad=True)\n"
    "torch.autograd.gradcheck(Twice.apply, (x,), check_forward_ad=True, check_backward_ad=False, "
    "check_undefined_grad=False)",
    "import torch.autograd.forward_ad as fwAD\nclass OnlyBackward(torch.autograd.Function):\n    @staticmethod\n"
    "    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
    "with fwAD.dual_level():\n    print(OnlyBackward.apply(torch.ones(2)))\n"
    "    OnlyBackward.apply(fwAD.make_dual(torch.ones(2), torch.ones(2)))",
    "x = torch.tensor([0.5, 1.5], dtype=torch.double, requires_grad=True)\n"
    "print(torch.autograd.gradcheck(lambda t: (t.sin() * t).cumsum(0), (x,), check_forward_ad=True))",
    # a module's parameters as duals (the tutorial), and the same through functional_call
    SET_WEIGHTS + "import torch.autograd.forward_ad as fwAD\nfrom torch.func import functional_call\n"
    "model = torch.nn.Linear(3, 2)\nset_weights(model)\ninput = (torch.arange(12.) / 5 - 1).reshape(4, 3)\n"
    "params = {name: p for name, p in model.named_parameters()}\n"
    "tangents = {name: torch.ones_like(p) * (i + 1) for i, (name, p) in enumerate(params.items())}\n"
    "with fwAD.dual_level():\n    dual_params = {n: fwAD.make_dual(p, tangents[n]) for n, p in params.items()}\n"
    "    out = functional_call(model, dual_params, input)\n    jvp = fwAD.unpack_dual(out).tangent\n"
    "    print(jvp.detach())\n"
    "    print(fwAD.unpack_dual(out).primal.requires_grad)\n"
    "    for name, p in params.items():\n        delattr(model, name)\n"
    "        setattr(model, name, fwAD.make_dual(p, tangents[name]))\n    out = model(input)\n"
    "    print(fwAD.unpack_dual(out).tangent.detach())",
    SET_WEIGHTS + "import torch.autograd.forward_ad as fwAD\n"
    "model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))\nset_weights(model)\n"
    "x = (torch.arange(6.) / 5).reshape(2, 3)\nwith fwAD.dual_level():\n"
    "    out = model(fwAD.make_dual(x, torch.ones_like(x)))\n    print(fwAD.unpack_dual(out).tangent.detach())\n"
    "    loss = out.sum()\nloss.backward()\nprint(model[0].bias.grad)",
]

# distributions: printing, shapes, log_prob/entropy/mean/variance/kl values, sample shapes and dtypes, errors
_D = "from torch.distributions import *\n"
_COV = "cov = torch.tensor([[2., 0.5, 0.1], [0.5, 1., 0.2], [0.1, 0.2, 0.5]])\n"
DISTRIBUTIONS = [
    _D + "for d in (Normal(0., 1.), Normal(torch.zeros(3), torch.ones(3)), Uniform(0., 2.), Bernoulli(0.3), "
    "Bernoulli(logits=torch.zeros(2)), Categorical(logits=torch.zeros(4)), Categorical(probs=torch.ones(2, 3)), "
    "Gamma(2., 3.), Gamma(torch.ones(2), 1.), Beta(2., 3.), Dirichlet(torch.ones(3)), Exponential(2.), "
    "Laplace(0., torch.ones(2)), LogNormal(0., 1.), Poisson(torch.ones(2)), OneHotCategorical(torch.ones(3)), "
    "Independent(Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1)):\n"
    "    print(d, tuple(d.batch_shape), tuple(d.event_shape), d.has_rsample if not isinstance(d, (Gamma, Beta, "
    "Dirichlet)) else '')",  # gradlib's Gamma, Beta, Dirichlet have no rsample
    _D + _COV + "for kw in ('covariance_matrix', 'precision_matrix', 'scale_tril'):\n"
    "    m = cov if kw != 'scale_tril' else torch.linalg.cholesky(cov)\n"
    "    d = MultivariateNormal(torch.tensor([0.5, -1., 0.]), **{kw: m})\n"
    "    print(d, d.batch_shape, d.event_shape)\n"
    "    print(d.log_prob(torch.tensor([[1., 0., 0.], [0., 0., 1.]])), d.entropy(), d.mean, d.variance)\n"
    "    print(*[(m * 1e4).round() / 1e4 for m in (d.covariance_matrix, d.scale_tril, d.precision_matrix)])",
    _D + _COV + "loc = torch.tensor([[0., 1., 2.], [1., 1., 1.]])\nd = MultivariateNormal(loc, cov)\n"
    "print(d, d.batch_shape, d.event_shape, d.log_prob(torch.zeros(3)), d.entropy())\n"
    "print(d.sample().shape, d.sample((4,)).shape, d.rsample((2, 5)).shape, d.sample().dtype)\n"
    "q = MultivariateNormal(torch.zeros(3), torch.eye(3) * 2)\nprint(kl_divergence(d, q), kl_divergence(q, d))",
    _D + _COV + "loc = torch.tensor([0.5, -1., 0.], requires_grad=True)\nc = cov.clone().requires_grad_()\n"
    "d = MultivariateNormal(loc, c)\nlp = d.log_prob(torch.tensor([1., 1., 1.]))\nlp.backward()\n"
    "print(lp, loc.grad, c.grad)",
    _D + "MultivariateNormal(torch.zeros(2))",
    _D + "MultivariateNormal(torch.tensor(0.), torch.eye(2))",
    _D + "MultivariateNormal(torch.zeros(2), torch.ones(2))",
    _D + "MultivariateNormal(torch.zeros(2), -torch.eye(2))",
    _D + "MultivariateNormal(torch.zeros(2), torch.tensor([[1., 2.], [0., 1.]]))",
    _D + "MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1., 2.], [0., 1.]]))",
    _D + "MultivariateNormal(torch.zeros(2), torch.eye(2)).log_prob(torch.tensor([float('nan'), 0.]))",
    _D + "kl_divergence(MultivariateNormal(torch.zeros(2), torch.eye(2)), MultivariateNormal(torch.zeros(3), "
    "torch.eye(3)))",
    _D + "base = Normal(torch.tensor([[0., 1., 2.], [1., 0., -1.]]), torch.tensor([1., 2., 0.5]))\n"
    "d = Independent(base, 1)\nprint(d, d.batch_shape, d.event_shape, d.has_rsample)\n"
    "print(d.log_prob(torch.zeros(3)), d.entropy(), d.mean, d.variance, d.rsample((4,)).shape)\n"
    "print(Independent(base, 2).log_prob(torch.zeros(2, 3)), Independent(base, 0).log_prob(torch.zeros(3)))\n"
    "q = Independent(Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1)\nprint(kl_divergence(d, q))",
    _D + "Independent(Normal(torch.zeros(3), torch.ones(3)), 2)",
    _D + "kl_divergence(Independent(Normal(torch.zeros(3), torch.ones(3)), 1), Normal(torch.zeros(3), torch.ones(3)))",
    _D + "kl_divergence(Independent(Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1), "
    "Independent(Normal(torch.zeros(2, 3), torch.ones(2, 3)), 2))",
    _D + "d = Gamma(torch.tensor([2., 0.5, 3.]), torch.tensor([3., 1., 0.5]))\n"
    "print(d.log_prob(torch.tensor([0.5, 2., 4.])), d.entropy(), d.mean, d.mode, d.variance)\n"
    "print(d.sample().shape, d.sample((2,)).shape, d.sample().dtype, bool((d.sample((100,)) > 0).all()))\n"
    "print(kl_divergence(d, Gamma(torch.ones(3), 2.)), d.log_prob(torch.tensor(0.)))",
    _D + "Gamma(torch.tensor([1., -2.]), 3.)",
    _D + "Gamma(2., 3.).log_prob(torch.tensor(-1.))",
    _D + "d = Beta(torch.tensor([2., 0.5]), torch.tensor([3., 0.5]))\n"
    "print(d, d.concentration1, d.concentration0, d.batch_shape)\n"
    "print(d.log_prob(torch.tensor([0.4, 0.9])), d.entropy(), d.mean, d.variance)\n"
    "print(d.sample((3,)).shape, bool(((d.sample((50,)) >= 0) & (d.sample((50,)) <= 1)).all()))\n"
    "print(kl_divergence(d, Beta(torch.ones(2), torch.ones(2) * 2)), Beta(2., 3.).mode)",
    _D + "Beta(torch.tensor([1., -2.]), torch.tensor(3.))",
    _D + "Beta(torch.tensor([1., 2.]), torch.tensor(3.)).log_prob(torch.tensor(1.5))",
    _D + "d = Dirichlet(torch.tensor([[1., 2., 3.], [0.5, 0.5, 4.]]))\nprint(d, d.batch_shape, d.event_shape)\n"
    "print(d.log_prob(torch.tensor([0.2, 0.3, 0.5])), d.entropy(), d.mean, d.variance, d.mode)\n"
    "s = d.sample((4,))\nprint(s.shape, bool(((s.sum(-1) - 1).abs() < 1e-5).all()))\n"
    "print(kl_divergence(d, Dirichlet(torch.ones(3))))",
    _D + "Dirichlet(torch.tensor(1.))",
    _D + "Dirichlet(torch.tensor([1., -2.]))",
    _D + "Dirichlet(torch.tensor([1., 2.])).log_prob(torch.tensor([0.5, 0.6]))",
    _D + "d = Exponential(torch.tensor([2., 0.5]))\nprint(d.log_prob(torch.tensor([1., 3.])), d.entropy(), d.mean, "
    "d.stddev, d.variance, d.mode)\nprint(d.cdf(torch.tensor([1., 1.])), d.icdf(torch.tensor([0.5, 0.9])))\n"
    "print(d.rsample((3,)).shape, kl_divergence(d, Exponential(torch.ones(2))))",
    _D + "Exponential(torch.tensor([1., 2.])).log_prob(torch.tensor([-1., 1.]))",
    _D + "d = Laplace(torch.tensor([0., 1.]), torch.tensor([2., 0.5]))\n"
    "print(d.log_prob(torch.tensor([1., 3.])), d.entropy(), d.mean, d.stddev, d.variance)\n"
    "print(d.cdf(torch.tensor([1., 0.])), d.rsample((3,)).shape, kl_divergence(d, Laplace(0., 1.)))",
    _D + "d = LogNormal(torch.tensor([0., 1.]), torch.tensor([1., 0.5]))\nprint(d, d.loc, d.scale)\n"
    "print(d.log_prob(torch.tensor([2., 0.5])), d.entropy(), d.mean, d.variance, d.mode)\n"
    "print(d.rsample((3,)).shape, bool((d.sample((20,)) > 0).all()), kl_divergence(d, LogNormal(0., 1.)))",
    _D + "d = Poisson(torch.tensor([2., 0.5]))\nprint(d.log_prob(torch.tensor([3., 0.])), d.mean, d.variance, d.mode)\n"
    "s = d.sample((5,))\nprint(s.shape, s.dtype, bool((s == s.floor()).all()), kl_divergence(d, Poisson(torch.ones(2))))",
    _D + "Poisson(2.).log_prob(torch.tensor(1.5))",
    _D + "Poisson(2.).entropy()",
    _D + "d = OneHotCategorical(probs=torch.tensor([[0.2, 0.8, 0.], [0.3, 0.3, 0.4]]))\n"
    "print(d, d.batch_shape, d.event_shape, d.probs, d.logits)\n"
    "print(d.log_prob(torch.tensor([[0., 1., 0.], [0., 0., 1.]])), d.entropy(), d.mean, d.variance, d.mode)\n"
    "s = d.sample((4,))\nprint(s.shape, s.dtype, s.sum(-1))\n"
    "print(kl_divergence(OneHotCategorical(logits=torch.zeros(3)), OneHotCategorical(torch.tensor([0.2, 0.3, 0.5]))))",
    _D + "OneHotCategorical(probs=torch.tensor([0.2, 0.8])).log_prob(torch.tensor([1., 1.]))",
    _D + "kl_divergence(Categorical(logits=torch.zeros(2)), Normal(0., 1.))",
    # the RL and VAE tutorials' uses
    _D + "logits = torch.tensor([[1., 2., 0.5], [0., 0., 3.]], requires_grad=True)\nm = Categorical(logits=logits)\n"
    "action = torch.tensor([1, 2])\nloss = -(m.log_prob(action) * torch.tensor([0.5, -1.])).sum() - 0.01 * "
    "m.entropy().sum()\nloss.backward()\nprint(loss, logits.grad)\nprint(m.sample().shape, m.sample((3,)).shape, "
    "m.sample().dtype, m.probs)",
    _D + "mu = torch.tensor([[0.5, -1.]], requires_grad=True)\nlog_std = torch.tensor([[0.1, -0.3]], requires_grad=True)\n"
    "dist = Independent(Normal(mu, log_std.exp()), 1)\na = torch.tensor([[0.4, -0.2]])\n"
    "lp = dist.log_prob(a)\n(-lp.sum() - dist.entropy().sum()).backward()\nprint(lp, mu.grad, log_std.grad)\n"
    "prior = Independent(Normal(torch.zeros(1, 2), torch.ones(1, 2)), 1)\nprint(kl_divergence(dist, prior))",
    _D + "p = Normal(torch.tensor([0.5, -1.]), torch.tensor([1.5, 0.3]))\nq = Normal(0., 1.)\n"
    "print(kl_divergence(p, q), p.rsample((2, 3)).shape, p.sample().requires_grad)\n"
    "z = p.rsample()\nprint(z.requires_grad, z.shape)",
    # transforms and TransformedDistribution (the squashed Gaussian of SAC)
    _D + "from torch.distributions.transforms import *\n"
    "b = Normal(torch.tensor([0., 1.]), torch.tensor([1., 0.5]))\nt = TransformedDistribution(b, [TanhTransform(cache_size=1)])\n"
    "print(t, t.batch_shape, t.event_shape, t.has_rsample, t.transforms)\nprint(t.log_prob(torch.tensor([0.3, -0.5])))\n"
    "t2 = TransformedDistribution(b, [AffineTransform(loc=1., scale=2.), ExpTransform()])\n"
    "print(t2.log_prob(torch.tensor([2., 5.])), t2.rsample((3,)).shape, t2.sample().shape)\n"
    "print(TanhTransform(), ExpTransform(), AffineTransform(1., 2.), SigmoidTransform(), ComposeTransform([ExpTransform()]))\n"
    "print(TanhTransform().inv, TanhTransform().inv.inv, ExpTransform() == ExpTransform(), "
    "AffineTransform(0., 2.) == AffineTransform(0., 2.))\nprint(ExpTransform().sign, TanhTransform().sign, "
    "AffineTransform(0., -2.).sign)\nx = torch.tensor([0.5, -2.])\n"
    "for tr in (TanhTransform(), SigmoidTransform(), ExpTransform(), AffineTransform(1., -3.), "
    "ComposeTransform([AffineTransform(0., 2.), TanhTransform()])):\n"
    "    y = tr(x)\n    print(y, tr.inv(y), tr.log_abs_det_jacobian(x, y), tr.inv.log_abs_det_jacobian(y, x))\n"
    "a = AffineTransform(torch.tensor([1., 2.]), torch.tensor([-2., 3.]), event_dim=1)\n"
    "print(a.log_abs_det_jacobian(x, a(x)))\n"
    "print(TransformedDistribution(MultivariateNormal(torch.zeros(2), torch.eye(2)), "
    "[AffineTransform(0., 2., event_dim=1)]).log_prob(torch.ones(2)))\n"
    "i = Independent(TransformedDistribution(b, [TanhTransform()]), 1)\nprint(i, i.log_prob(torch.tensor([0.3, -0.5])))\n"
    "print(TransformedDistribution(b, TanhTransform()).batch_shape, LogNormal(0., 1.).base_dist, "
    "LogNormal(0., 1.).transforms, isinstance(LogNormal(0., 1.), TransformedDistribution))",
    _D + "TransformedDistribution(Normal(0., 1.), []).mean",
    _D + "TransformedDistribution(Normal(0., 1.), 3)",
    _D + "mu = torch.tensor([[0.2, -0.4]], requires_grad=True)\nstd = torch.tensor([[0.5, 1.5]], requires_grad=True)\n"
    "from torch.distributions.transforms import TanhTransform\n"
    "pi = TransformedDistribution(Normal(mu, std), [TanhTransform(cache_size=1)])\ntorch.manual_seed(0)\n"
    "a = pi.rsample()\nlp = pi.log_prob(a)\nprint(a.shape, lp.shape, a.requires_grad, bool((a.abs() < 1).all()))\n"
    "u = torch.tensor([[0.1, -0.3]])\nlp2 = Normal(mu, std).log_prob(u) - torch.log(1 - torch.tanh(u).pow(2) + 1e-6)\n"
    "lp3 = pi.log_prob(torch.tanh(u))\nprint(lp2.detach(), lp3.detach())\nlp3.sum().backward()\nprint(mu.grad, std.grad)",
    # Binomial, Multinomial, StudentT, HalfNormal, MixtureSameFamily
    _D + "b = Binomial(10, torch.tensor([0.2, 0.5]))\nprint(b, b.batch_shape, b.log_prob(torch.tensor([3., 5.])), b.mean, "
    "b.variance, b.mode, b.entropy())\nprint(b.sample((4,)).shape, b.sample().dtype, "
    "bool((b.sample((50,)) <= 10).all()))\nb2 = Binomial(torch.tensor([5., 10.]), logits=torch.tensor([0., 1.]))\n"
    "print(b2, b2.probs, b2.log_prob(torch.tensor([2., 9.])), b2.enumerate_support().shape)",
    _D + "Binomial(10, torch.tensor([0.2, 0.5])).log_prob(torch.tensor([3.5, 7.]))",
    _D + "Binomial(10, 1.2)",
    _D + "Binomial(torch.tensor([5., 10.]), torch.tensor([0.2, 0.5])).entropy()",
    _D + "mn = Multinomial(5, torch.tensor([0.2, 0.3, 0.5]))\nprint(mn, mn.batch_shape, mn.event_shape, "
    "mn.log_prob(torch.tensor([1., 1., 3.])), mn.mean, mn.variance)\ns = mn.sample((2,))\n"
    "print(s.shape, s.dtype, s.sum(-1), mn.log_prob(torch.tensor([1., 1., 2.])))\n"
    "m2 = Multinomial(3, logits=torch.tensor([[0., 1., -1.], [2., 0., 0.]]))\n"
    "print(m2.batch_shape, m2.log_prob(torch.tensor([[0., 3., 0.], [1., 1., 1.]])), m2.sample().sum(-1))\n"
    "print(Multinomial(2, torch.tensor([0., 1.])).log_prob(torch.tensor([0., 2.])))",
    _D + "t = StudentT(torch.tensor([3., 1., 2.]), 1., 2.)\nprint(t, t.log_prob(torch.tensor([0.5, 1., -3.])), "
    "t.entropy(), t.mean, t.variance, t.mode)\nprint(t.sample((3,)).shape, StudentT(3.))",
    _D + "StudentT(torch.tensor([-1.]))",
    _D + "c = Chi2(torch.tensor([3., 0.5]))\nprint(c, c.df, c.log_prob(torch.tensor([2., 0.1])), c.mean, c.variance, "
    "c.entropy(), c.sample((2,)).shape)\nChi2(torch.tensor([-3.]))",
    _D + "h = HalfNormal(torch.tensor([1., 2.]))\nprint(h, h.log_prob(torch.tensor([0.5, 3.])), h.entropy(), h.mean, "
    "h.variance, h.cdf(torch.tensor([0.5, 1.])), h.scale)\ns = h.sample((10,))\nprint(s.shape, bool((s >= 0).all()), "
    "h.rsample().shape)\nprint(HalfNormal(torch.tensor([1., 2.]), validate_args=False).log_prob(torch.tensor([0.5, -1.])))",
    _D + "HalfNormal(torch.tensor([1., 2.])).log_prob(torch.tensor([0.5, -1.]))",
    _D + "m = MixtureSameFamily(Categorical(probs=torch.tensor([0.3, 0.7])), Normal(torch.tensor([-1., 2.]), "
    "torch.tensor([0.5, 1.])))\nprint(m)\nprint(m.log_prob(torch.tensor([0., 1.5])), m.mean, m.variance, m.batch_shape, "
    "m.event_shape, m.sample((3,)).shape)\nmi = MixtureSameFamily(Categorical(logits=torch.tensor([[0., 1., 2.], "
    "[1., 1., 0.]])), Independent(Normal(torch.arange(24.).reshape(2, 3, 4) / 10, torch.ones(2, 3, 4)), 1))\n"
    "print(mi)\nprint(mi.batch_shape, mi.event_shape, mi.log_prob(torch.ones(4)), mi.sample((5,)).shape, mi.mean)",
    _D + "MixtureSameFamily(Normal(0., 1.), Normal(torch.zeros(2), torch.ones(2)))",
    _D + "MixtureSameFamily(Categorical(logits=torch.zeros(3)), Normal(torch.zeros(2), torch.ones(2)))",
    _D + "Categorical(probs=torch.tensor([0.2, -0.3]))",
    _D + "Normal(0., -1.)",
    _D + "Normal(torch.zeros(2), torch.ones(2), validate_args=False).log_prob(torch.tensor([0.5, 1.]))\n"
    "print(Normal(0., -1., validate_args=False).scale)",
]

SNIPPETS = TESTING + FUNC + FORWARD_AD + DISTRIBUTIONS


def _run(torch, snippet):
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            exec(snippet, {"torch": torch})
        except Exception as error:  # the snippet's printed error is what is compared
            print(f"{type(error).__name__}: {error}")
    return output.getvalue()


#: modules whose public callables' keyword names are recorded: {area: module path}
SIGNATURE_AREAS = {"func": "torch.func", "testing": "torch.testing", "autograd.forward_ad": "torch.autograd.forward_ad",
                   "distributions": "torch.distributions"}
#: the public names compared in each area (the ones gradlib builds)
SIGNATURE_NAMES = {
    "func": ["functional_call", "stack_module_state", "grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd",
             "hessian", "vmap"],
    "testing": ["assert_close", "make_tensor"],
    "autograd.forward_ad": ["dual_level", "make_dual", "unpack_dual", "enter_dual_level", "exit_dual_level"],
    "distributions": ["Normal", "Uniform", "Bernoulli", "Categorical", "kl_divergence", "MultivariateNormal",
                      "Independent", "Beta", "Dirichlet", "Gamma", "Exponential", "Laplace", "OneHotCategorical",
                      "Poisson", "Binomial", "LogNormal", "Distribution", "TransformedDistribution",
                      "AffineTransform", "TanhTransform", "ExpTransform", "SigmoidTransform", "ComposeTransform",
                      "register_kl", "StudentT", "HalfNormal", "MixtureSameFamily", "Multinomial", "Chi2",
                      # the later ones (tests/reference/dist10.py compares their values)
                      "Cauchy", "HalfCauchy", "Gumbel", "Geometric", "Weibull", "Pareto", "InverseGamma",
                      "Kumaraswamy", "NegativeBinomial", "FisherSnedecor", "VonMises", "LowRankMultivariateNormal",
                      "LogisticNormal", "ContinuousBernoulli", "OneHotCategoricalStraightThrough",
                      "ExponentialFamily", "GeneralizedPareto", "LKJCholesky", "Wishart", "CatTransform",
                      "StackTransform", "PowerTransform", "SoftplusTransform", "ReshapeTransform",
                      "LowerCholeskyTransform", "CorrCholeskyTransform", "PositiveDefiniteTransform",
                      "IndependentTransform", "CumulativeDistributionTransform"],
}


def record_signatures(torch):
    import importlib
    import inspect
    signatures = {}
    for area, path in SIGNATURE_AREAS.items():
        module = importlib.import_module(path)
        for name in SIGNATURE_NAMES[area]:
            obj = getattr(module, name)
            function = obj.__init__ if isinstance(obj, type) else obj
            parameters = inspect.signature(function).parameters.values()
            keywords = sorted(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                              and p.name != "self")
            var_keyword = any(p.kind == p.VAR_KEYWORD for p in parameters)
            signatures[f"{area}.{name}"] = {"keywords": keywords, "var_keyword": var_keyword}
    return signatures


def public_names():
    """{area: PyTorch's public names} for the README's coverage table (tools/coverage.py): ``__all__`` where the
    module has one, else its public attributes that are not modules."""
    import importlib
    import types
    names = {}
    for area, path in SIGNATURE_AREAS.items():
        module = importlib.import_module(path)
        listed = getattr(module, "__all__", None)
        if listed is None:
            listed = [n for n in dir(module) if not isinstance(getattr(module, n), types.ModuleType)]
        names[area] = sorted(set(n for n in listed if not n.startswith("_")))
    return names


def record_registry_extras(torch, samples):
    """The registry sweeps over these samples: their grad_fn names (``torch_grad_fn_names_funcs.json``, as
    tests/reference/grad_fn_names.py records the others) and their edge-corpus calls (``registry/<sample>/<edge>``
    of tests/edge_corpus.py, in ``torch_edge_corpus_funcs.json``)."""
    import warnings
    from edge_corpus import CASES, run_case
    from grad_fn_names import _name
    from op_registry import outputs_of
    names = {"op/" + sample.name: [_name(o) for o in outputs_of(sample.function(torch, *sample.make_inputs(torch)))]
             for sample in samples}
    (HERE / "torch_grad_fn_names_funcs.json").write_text(json.dumps(names, sort_keys=True, indent=0) + "\n")
    prefixes = tuple(f"registry/{sample.name}/" for sample in samples)
    outcomes = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in CASES:
            if case.name.startswith(prefixes):
                torch.manual_seed(0)
                outcomes[case.name] = run_case(torch, case)
    (HERE / "torch_edge_corpus_funcs.json").write_text(json.dumps(outcomes, sort_keys=True, indent=0) + "\n")
    print(f"recorded {len(names)} grad_fn names and {len(outcomes)} edge-corpus calls of the funcs samples")


def record():
    import torch
    import op_registry  # noqa: F401  (first: it imports op_registry_funcs itself)
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from op_registry_funcs import SAMPLES as FUNCS_SAMPLES
    from record_torch import record_op_dtypes, record_ops
    record_ops(FUNCS_SAMPLES, "torch_ops_funcs.json")
    record_op_dtypes(FUNCS_SAMPLES, "torch_op_dtypes_funcs.json")
    record_registry_extras(torch, FUNCS_SAMPLES)
    recorded = {snippet: _run(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps({"torch_version": torch.__version__, "snippets": recorded,
                                "signatures": record_signatures(torch), "names": public_names()}, indent=1) + "\n")
    print(f"recorded {len(recorded)} func/testing/forward_ad/distributions snippets to {PATH.name}")


if __name__ == "__main__":
    record()
