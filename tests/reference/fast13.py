"""Record what PyTorch prints for snippets that attack gradlib's eager shortcuts (helper fast13, session 13;
``record()``, section 'fast13'): the unrecorded scalar operators and apply's fast path (Python ints no PyTorch
Scalar holds), inference_mode(False) nested in inference_mode or no_grad, ``_plain_update``/``_arith_inplace``
(operands over part of the target's memory), relu's backward (its layout for a transposed input, its node under
create_graph) and the engine's leaf accumulation (a .grad never shares memory with a grad_outputs tensor, a hook's
result or another leaf's gradient; its version where PyTorch copies; CopyBackwards under create_graph; an
expanded .grad refused).

Each snippet runs after ``PRELUDE`` with ``torch`` bound to the library and ``DEV`` to a device ('cpu' when
recorded); ``D(t)`` prints a tensor's class, dtype, shape, strides, flags, grad_fn (name and next_functions),
version, inference flag and values. Writes ``tests/reference/torch_fast13.json``: {snippet: printed text};
tests/test_fast13.py runs each with gradlib on the device under test and compares the text.
"""
import contextlib
import io
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_fast13.json"

PRELUDE = '''
def D(t):
    if not isinstance(t, torch.Tensor):
        return repr(t)
    a = t.detach()
    values = a.cpu().tolist()
    fn = t.grad_fn
    edges = None if fn is None else [(f.name() if f is not None else None, i) for f, i in fn.next_functions]
    try:
        version = t._version
    except RuntimeError as error:
        version = type(error).__name__
    return (f"{type(t).__name__} {str(t.dtype)} {tuple(t.shape)} {t.stride()} rg={t.requires_grad} "
            f"leaf={t.is_leaf} fn={None if fn is None else fn.name()} next={edges} v={version} "
            f"inf={t.is_inference()} {values}")
def P(*tensors):
    for t in tensors:
        print(D(t))
def tr(f):
    try:
        r = f()
        print(D(r))
    except Exception as e:
        print(type(e).__name__ + ':', e)
'''

SNIPPETS = [
    # inference_mode(False) turns inference off and grad mode on, inside inference_mode or no_grad too
    "x = torch.ones(2, 3, device=DEV)\nw = torch.ones(2, 3, device=DEV, requires_grad=True)\n"
    "with torch.inference_mode():\n    with torch.inference_mode(False):\n"
    "        print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())\n"
    "        P(x * 2.0, 2 * x, x + 1, 1 + x, x.t() * 2, x * x, torch.ones(2, device=DEV), w * 2)\n"
    "        with torch.no_grad():\n            P(x * 2)\n"
    "    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())\n    P(x * 2)\n"
    "with torch.no_grad():\n    with torch.inference_mode(False):\n"
    "        print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())\n        P(w * 2.0, w + 1)\n"
    "    print(torch.is_grad_enabled())",
    # Python ints no Scalar holds: PyTorch's OverflowError on every path (unrecorded, recorded, general)
    "x = torch.ones(2, 3, device=DEV)\ni = torch.ones(2, 3, dtype=torch.int64, device=DEV)\n"
    "w = torch.ones(2, 3, device=DEV, requires_grad=True)\n"
    "for f in (lambda: x * 2**64, lambda: 2**64 * x, lambda: x + 2**64, lambda: 2**70 + x, lambda: x * (-2**63 - 1),\n"
    "          lambda: x.t() * 2**70, lambda: i * 2**70, lambda: i + 2**64, lambda: w * 2**64, lambda: w + 2**64,\n"
    "          lambda: torch.mul(x, 2**64), lambda: torch.add(x, x, alpha=2**64), lambda: x - 2**64,\n"
    "          lambda: x / 2**64, lambda: x * (2**64 - 1), lambda: i * 2**63, lambda: x + (-2**63),\n"
    "          lambda: x.sub(x, alpha=-2**63 - 1), lambda: x.add_(x, alpha=2**64), lambda: x.sub_(x, alpha=2**64),\n"
    "          lambda: x.add_(2**64), lambda: x.__iadd__(2**64), lambda: x.__isub__(-2**63 - 1), lambda: x.mul_(2**64),\n"
    "          lambda: i.add_(2**64), lambda: i.__iadd__(2**63), lambda: w.add(w, alpha=2**64)):\n"
    "    tr(f)\nP(x, i)",
    # in-place arithmetic with an operand over part of the target's memory: PyTorch refuses
    "p = torch.arange(6., device=DEV).reshape(2, 3)\ntr(lambda: p.__iadd__(p.view(3, 2).t().reshape(2, 3)))\nP(p)\n"
    "with torch.no_grad():\n    tr(lambda: p.__isub__(p.view(3, 2).t().reshape(2, 3)))\n    tr(lambda: p.sub_(p.view(3, 2).t().reshape(2, 3)))\nP(p)\n"
    "q = torch.arange(4., device=DEV)\nr = q[:3]\ntr(lambda: r.__iadd__(q[1:]))\ntr(lambda: r.mul_(q[1:]))\nP(q)\n"
    "tr(lambda: q.__iadd__(q))\ntr(lambda: q.__isub__(q.flip(0)))\ntr(lambda: r.__iadd__(r))\ntr(lambda: r.add_(q[:3]))\n"
    "s = torch.arange(8., device=DEV)\ntr(lambda: s[:4].__iadd__(s[4:]))\ntr(lambda: s[::2].__iadd__(s[1::2]))\nP(s)",
    # relu's backward takes relu's output's layout (a transposed input); x.grad adopts it (version 0)
    "for shape in ((2, 2), (2, 3), (3, 2)):\n    a = torch.arange(6., device=DEV)[:shape[0] * shape[1]].reshape(shape) - 2\n"
    "    for transposed_input in (False, True):\n        for transposed_grad in (False, True):\n"
    "            x = (a.t().contiguous().t() if transposed_input else a.clone()).requires_grad_()\n"
    "            g = torch.ones(shape[::-1], device=DEV).t() if transposed_grad else torch.ones(shape, device=DEV)\n"
    "            r = torch.autograd.grad(x.relu(), x, g)[0]\n            x.relu().backward(g)\n"
    "            print(shape, transposed_input, transposed_grad, r.stride(), x.grad.stride(), x.grad._version)",
    # relu's gradient under create_graph is PyTorch's ThresholdBackwardBackward0 node
    "x = torch.tensor([-1., 0., 2., -0.], device=DEV, requires_grad=True)\ny = x.relu()\n"
    "g = torch.autograd.grad(y.sum(), x, create_graph=True)[0]\nP(g)\nprint(g.grad_fn._saved_threshold, D(g.grad_fn._saved_self))\n"
    "P(torch.autograd.grad(g.sum(), x, allow_unused=True)[0])\n"
    "seed = torch.tensor([1., 2., 3., 4.], device=DEV, requires_grad=True)\ny = (x * 1).relu()\n"
    "g2 = torch.autograd.grad(y, x, seed, create_graph=True)[0]\nP(g2)\n"
    "P(*torch.autograd.grad(g2.sum(), [seed, y], allow_unused=True))\n"
    "h = torch.autograd.grad(g2, seed, torch.ones(4, device=DEV))[0]\nP(h)",
    # create_graph: the first .grad is a copy (never grad_outputs' tensor, never another leaf's gradient)
    "x = torch.ones(3, device=DEV, requires_grad=True)\ng = torch.full((3,), 2., device=DEV)\n"
    "x.backward(g, create_graph=True)\nprint(x.grad is g, x.grad.data_ptr() == g.data_ptr())\nP(x.grad)\n"
    "x.backward(g)\nP(x.grad, g)\n"
    "a = torch.ones(3, device=DEV, requires_grad=True)\nb = torch.ones(3, device=DEV, requires_grad=True)\n"
    "(a + b).sum().backward(create_graph=True)\nprint(a.grad.data_ptr() == b.grad.data_ptr())\n"
    "with torch.no_grad():\n    a.grad.mul_(5)\nP(a.grad, b.grad)\n"
    "c = torch.ones(3, device=DEV, requires_grad=True)\n(c * c).sum().backward(create_graph=True)\nP(c.grad)\nprint(c.grad)\n"
    "(c * 2).sum().backward()\nP(c.grad)\nc.grad.sum().backward()\nP(c.grad)\n"
    "e = torch.ones(1, 3, device=DEV).expand(2, 3).requires_grad_()\n(e * e).sum().backward(create_graph=True)\nP(e.grad)",
    # a tensor hook's result is copied into .grad, never adopted (the user holds it; PyTorch's copy of a held
    # result is at version 1, its adoption of a fresh one at 0: gradlib copies both, at version 0 without
    # create_graph, so versions are not compared here)
    "for create_graph in (False, True):\n    x = torch.ones(3, device=DEV, requires_grad=True)\n"
    "    g = torch.full((3,), 2., device=DEV)\n    x.register_hook(lambda grad: g)\n"
    "    (x * 1).sum().backward(create_graph=create_graph)\n    print(x.grad.data_ptr() == g.data_ptr())\n"
    "    with torch.no_grad():\n        x.grad.mul_(5)\n    print(x.grad.tolist(), g.tolist(), x.grad.requires_grad)\n"
    "    y = torch.ones(3, device=DEV, requires_grad=True)\n    y.register_hook(lambda grad: grad * 10)\n"
    "    (y * 1).sum().backward(create_graph=create_graph)\n    P(y.grad)",
    # where PyTorch copies a leaf's first gradient into the leaf's layout with copy_, the .grad is at version 1
    "def leaf(*shape):\n    return torch.ones(*shape, device=DEV, requires_grad=True)\n"
    "x = leaf(2, 3)\nx.sum().backward()\nP(x.grad)\nx = leaf(2, 3)\nx.view(6).sum().backward()\nP(x.grad)\n"
    "x = leaf(2, 3)\n(x.view(6) * 2).sum().backward()\nP(x.grad)\nx = leaf(2, 3)\n(x.t() * 2).sum().backward()\nP(x.grad)\n"
    "x = leaf(2, 3)\n(x[0] * 2).sum().backward()\nP(x.grad)\nx = leaf(3, 1)\n(x * 2).expand(3, 4).sum().backward()\nP(x.grad)\n"
    "x = torch.ones(1, 3, device=DEV).expand(2, 3).requires_grad_()\n(x * 2).sum().backward()\nP(x.grad)\n"
    "x = torch.ones(2, 3, 4, 5, device=DEV).to(memory_format=torch.channels_last).requires_grad_()\n(x * 2).sum().backward()\nP(x.grad)\n"
    "x = torch.ones(3, 2, device=DEV).t().requires_grad_()\n(x * 2).backward(torch.ones(3, 2, device=DEV).t())\nP(x.grad)\n"
    "x = leaf(2, 3)\ny = leaf(2, 3)\n(x + y).sum().backward()\nP(x.grad)",
    # add and sub with alpha (and add_/sub_): values, gradients, integer alpha, an operand that does not broadcast
    # (their float32 bits are NumPy's two roundings, where PyTorch's kernel rounds once: a known difference, see
    # tests/test_fast13.py::test_alpha_rounds_twice)
    "x = torch.tensor([1., 2.], device=DEV, requires_grad=True)\ny = torch.tensor([3., 4.], device=DEV, requires_grad=True)\n"
    "z = torch.add(x, y, alpha=0.5)\nP(z)\nz.sum().backward()\nP(x.grad, y.grad)\n"
    "P(torch.add(torch.tensor([1, 2], device=DEV), torch.tensor([3, 4], device=DEV), alpha=2))\n"
    "u = torch.tensor([5, 6], dtype=torch.uint8, device=DEV)\nu.sub_(torch.tensor([1, 1], dtype=torch.uint8, device=DEV), alpha=2)\n"
    "P(u)\ntr(lambda: torch.ones(3, device=DEV).add_(torch.ones(2, 3, device=DEV), alpha=0.5))",
    # an expanded .grad cannot take a gradient in place
    "x = torch.ones(2, 3, device=DEV, requires_grad=True)\nx.grad = torch.ones(1, 3, device=DEV).expand(2, 3)\n"
    "tr(lambda: (x * 2).sum().backward())\nP(x.grad)",
]


def run(lib, snippet, device="cpu"):
    """What ``snippet`` prints (after ``PRELUDE``) with ``torch`` bound to ``lib``; an exception prints as
    ``Class: message``."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            exec(PRELUDE + snippet, {"torch": lib, "DEV": device})
        except Exception as error:
            print(f"{type(error).__name__}: {error}")
    return output.getvalue()


def record():
    import warnings

    import torch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        recorded = {snippet: run(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} snippets to {PATH.name}")


if __name__ == "__main__":
    record()
