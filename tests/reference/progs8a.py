"""Record what PyTorch prints for snippets of the behaviour the p148-p162 programs needed (``record()``, section
'progs8a'): affine_grid's base grid to the last bit and the side grid_sample's bilinear gradient takes on cell
centers (its coordinate rounded as PyTorch's CPU kernel rounds it), SavedTensor.register_hooks
(grad_fn._raw_saved_*) and its errors, a backward formula fed a wrong-shaped saved tensor by an unpack hook, non-reentrant checkpoint packing its inputs under the
saved_tensors_hooks outside it, torch.cuda.is_initialized, devices compared with strings, Tensor.is_pinned.
Writes ``tests/reference/torch_progs8a.json``: {snippet: printed text}; an exception prints as
``TypeName: message``. tests/test_progs8a_apis.py runs each snippet with gradlib in place of torch and compares the
text (``torch.`` read as ``gradlib.``).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs8a.json"

SNIPPETS = [
    # affine_grid's base grid, bit for bit (PyTorch's linspace, then * (n - 1) / n without align_corners)
    "F = torch.nn.functional\nfor dtype in (torch.float32, torch.float64):\n    for ac in (False, True):\n"
    "        for size in ((1, 1, 1, 7), (1, 1, 3, 28), (1, 1, 2, 13), (1, 1, 1, 1), (1, 1, 2, 3, 11)):\n"
    "            n = len(size) - 2\n            theta = torch.eye(n, n + 1, dtype=dtype).unsqueeze(0)\n"
    "            g = F.affine_grid(theta, size, align_corners=ac)\n"
    "            print(dtype, ac, size, [float(v).hex() for v in g.flatten()[0::n].tolist()])",
    # the side the bilinear gradient takes on cell centers: dL/dgrid of an identity grid over a binary image
    "F = torch.nn.functional\ng = torch.Generator().manual_seed(3)\nfor ac in (False, True):\n"
    "    for size in ((2, 1, 6, 9), (1, 2, 28, 28)):\n"
    "        img = (torch.rand(*size, generator=g) > 0.5).float()\n"
    "        theta = torch.tensor([[[1., 0, 0], [0, 1, 0]]]).repeat(size[0], 1, 1).requires_grad_(True)\n"
    "        grid = F.affine_grid(theta, size, align_corners=ac)\n"
    "        grid.retain_grad()\n"
    "        out = F.grid_sample(img, grid, align_corners=ac)\n"
    "        (out * torch.linspace(-1, 1, out.numel()).view(out.shape)).sum().backward()\n"
    "        print(ac, size, grid.grad.flatten()[:24].round(decimals=3) + 0.0, theta.grad.round(decimals=2))",
    # grad_fn._raw_saved_*: SavedTensor.register_hooks
    "a = torch.tensor([1., 2., 3.], requires_grad=True)\nb = (torch.ones(3) * 2).requires_grad_()\ny = a * b\n"
    "s = y.grad_fn._raw_saved_self\nprint(type(s).__name__)\n"
    "s.register_hooks(lambda t: (print('pack', t), t * 10)[1], lambda t: (print('unpack', t), t / 10)[1])\n"
    "try:\n    y.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: t)\nexcept RuntimeError as e:\n"
    "    print('RuntimeError:', e)\nprint('before backward')\ny.sum().backward()\nprint(a.grad, b.grad)\n"
    "for again in (s, y.grad_fn._raw_saved_other):\n    try:\n        again.register_hooks(lambda t: t, lambda t: t)\n"
    "    except RuntimeError as e:\n        print('RuntimeError:', e)\n"
    "z = a.exp()\nz.grad_fn._raw_saved_result.register_hooks(lambda t: t.clone(), lambda t: t)\nprint(z.grad_fn._saved_result)\n"
    "z.sum().backward()\nprint(a.grad)\ntry:\n    z.grad_fn._raw_saved_result.register_hooks(lambda t: t, lambda t: t)\n"
    "except RuntimeError as e:\n    print('RuntimeError:', e)\n"
    "print('_raw_saved_self' in dir((a * b).grad_fn), '_raw_saved_result' in dir(a.exp().grad_fn))",
    "a = torch.ones(2, requires_grad=True)\ny = a.sin()\ntry:\n    y.grad_fn._raw_saved_self.register_hooks(1, lambda t: t)\n"
    "except TypeError as e:\n    print('TypeError:', str(e).splitlines()[0])\n"
    "y.grad_fn._raw_saved_self.register_hooks(lambda t: 7, lambda t: t)\ntry:\n    y.sum().backward()\n"
    "except TypeError as e:\n    print('TypeError:', e)",
    # a formula fed a saved tensor of another shape by an unpack hook fails with the formula's broadcast error
    "w = torch.ones(3, requires_grad=True)\nfor shape in ((2, 2), (4,), (2, 5)):\n"
    "    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t, shape=shape: torch.zeros(shape)):\n"
    "        y = w.exp()\n    try:\n        y.sum().backward()\n    except RuntimeError as e:\n        print('RuntimeError:', e)",
    # non-reentrant checkpoint: its tensor inputs are packed by the hooks outside it, unpacked to recompute
    "checkpoint = torch.utils.checkpoint.checkpoint\nlin = torch.nn.Linear(3, 2)\nlin.weight.data = torch.arange(6.).view(2, 3) / 10\n"
    "x = torch.ones(4, 3)\n"
    "def pack(t):\n    print('pack', tuple(t.shape), t.requires_grad)\n    return t * 1\n"
    "def unpack(t):\n    print('unpack', tuple(t.shape))\n    return t\n"
    "with torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    y = checkpoint(lin, x, use_reentrant=False)\n"
    "    z = checkpoint(lambda u, v: (u * v).tanh(), x.requires_grad_(), torch.full((4, 3), 0.5), use_reentrant=False)\n"
    "print('backward')\n(y.sum() + z.sum()).backward()\nprint(x.grad, lin.weight.grad)\n"
    "with torch.no_grad(), torch.autograd.graph.saved_tensors_hooks(pack, unpack):\n    checkpoint(lin, x, use_reentrant=False)\n"
    "with torch.autograd.graph.save_on_cpu():\n    y = checkpoint(lin, x, use_reentrant=False)\ny.sum().backward()\nprint(x.grad)",
    # torch.cuda.is_initialized on a machine without a GPU; devices never equal strings; is_pinned
    "print(torch.cuda.is_available(), torch.cuda.device_count(), torch.cuda.is_initialized())\n"
    "d = torch.device('cpu')\nprint(d == 'cpu', 'cpu' == d, d != 'cpu', d == torch.device('cpu'), torch.ones(1).device == 'cpu',\n"
    "      torch.device('cuda:0') == 'cuda:0', torch.device('cuda', 0) == torch.device('cuda:0'), d in ('cpu',),\n"
    "      d.type == 'cpu', str(d) == 'cpu')\n"
    "print(torch.ones(2).is_pinned(), torch.ones(2, dtype=torch.int64).is_pinned(), torch.empty(0).is_pinned())",
]


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
