"""Record what PyTorch prints for snippets of checkpointing and module/optimizer hooks (``record()``, section
'fix6b'): ``torch.utils.checkpoint`` with ``use_reentrant=False`` (parameters get gradients when no input requires
grad, keyword arguments, recomputation count, RNG replay) and the reentrant default's warning; state_dict and
load_state_dict hooks of modules and optimizers, optimizer step hooks. Writes ``tests/reference/torch_fix6b.json``:
{snippet: printed text}; tests/test_fix6b.py runs each with gradlib in place of torch and compares the text.
"""
import json
import pathlib
import warnings

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_fix6b.json"

_CK = ("checkpoint, checkpoint_sequential = torch.utils.checkpoint.checkpoint, "
       "torch.utils.checkpoint.checkpoint_sequential\nimport warnings\n")
_LIN = ("lin = torch.nn.Linear(3, 2)\nwith torch.no_grad():\n    lin.weight.copy_(torch.tensor([[1., -2., .5], "
        "[0., 1., 3.]]))\n    lin.bias.copy_(torch.tensor([.1, -.2]))\n")

CHECKPOINT = [
    # a module's parameters get gradients though its input does not require grad; it runs twice
    _CK + _LIN + "calls = []\nlin.register_forward_pre_hook(lambda m, a: calls.append(1))\nx = torch.tensor([[1., 2., 3.]])\n"
    "out = checkpoint(lin, x, use_reentrant=False)\nprint(out, out.requires_grad, len(calls))\n"
    "(out.tanh() * out).sum().backward()\nprint(lin.weight.grad, lin.bias.grad, len(calls))",
    # several inputs and keyword arguments
    _CK + "def f(a, b, scale=1.):\n    return (a * b).exp() * scale\na = torch.tensor([.5, 1.], requires_grad=True)\n"
    "b = torch.tensor([2., -1.], requires_grad=True)\nout = checkpoint(f, a, b, use_reentrant=False, scale=3.)\n"
    "out.sum().backward()\nprint(out, a.grad, b.grad)",
    # the reentrant variant: no input requires grad, so nothing does (and a warning)
    _CK + _LIN + "x = torch.tensor([[1., 2., 3.]])\nwith warnings.catch_warnings(record=True) as w:\n"
    "    warnings.simplefilter('always')\n    out = checkpoint(lin, x, use_reentrant=True)\n"
    "print(out.requires_grad, [str(m.message) for m in w])",
    # use_reentrant not given: warns and runs the reentrant variant
    _CK + "x = torch.tensor([1., 2.], requires_grad=True)\nwith warnings.catch_warnings(record=True) as w:\n"
    "    warnings.simplefilter('always')\n    out = checkpoint(lambda t: t.sin() * t, x)\n"
    "out.sum().backward()\nprint(x.grad, [str(m.message).split('checkpoint: ')[1][:60] for m in w])",
    # under no_grad it just runs the function
    _CK + _LIN + "with torch.no_grad():\n    out = checkpoint(lin, torch.ones(1, 3), use_reentrant=False)\n"
    "print(out, out.requires_grad, out.grad_fn)",
    # non-reentrant passes keyword arguments on: the function's own TypeError
    _CK + "def f(a):\n    return a * 2\ntry:\n    checkpoint(f, torch.ones(2), use_reentrant=False, foo=1)\n"
    "except TypeError as e:\n    print(type(e).__name__, e)",
    # checkpoint_sequential, non-reentrant, the input not requiring grad
    _CK + "torch.manual_seed(0)\nseq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))\n"
    "with torch.no_grad():\n    for p in seq.parameters():\n        p.copy_(torch.linspace(-1., 1., p.numel()).reshape(p.shape))\n"
    "out = checkpoint_sequential(seq, 2, torch.tensor([[1., -1.], [.5, 2.]]), use_reentrant=False)\n"
    "out.sum().backward()\nprint(out, [p.grad for p in seq.parameters()])",
    # dropout: the recompute replays the forward's random numbers
    _CK + "torch.manual_seed(3)\nblock = torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Dropout(.5), torch.nn.Linear(8, 1))\n"
    "z = torch.randn(4, 8, requires_grad=True)\ntorch.manual_seed(5)\nout = checkpoint(block, z, use_reentrant=False)\n"
    "out.sum().backward()\ng = z.grad.clone()\nz.grad = None\ntorch.manual_seed(5)\nref = block(z)\nref.sum().backward()\n"
    "print(torch.equal(out, ref), torch.allclose(g, z.grad))",
]

SNIPPETS = CHECKPOINT


def record():
    import torch
    from record_torch_shared import run_snippet
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} snippets to {PATH.relative_to(HERE.parents[1])}")


if __name__ == "__main__":
    record()
