"""Record what PyTorch prints for snippets of checkpointing and module/optimizer hooks (``record()``, section
'fix6b'): ``torch.utils.checkpoint`` with ``use_reentrant=False`` (parameters get gradients when no input requires
grad, keyword arguments, recomputation count, RNG replay) and the reentrant default's warning; state_dict and
load_state_dict hooks of modules and optimizers, optimizer step hooks. Writes ``tests/reference/torch_fix6b.json``:
{snippet: printed text}; tests/test_fix6b.py runs each with gradlib in place of torch and compares the text.
"""
import pathlib

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

_SEQ = ("net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sequential(torch.nn.Linear(2, 1)))\n"
        "with torch.no_grad():\n    for p in net.parameters():\n        p.fill_(.5)\n")
_OPT = "w = torch.nn.Parameter(torch.tensor([1., -2.]))\nopt = torch.optim.SGD([w], lr=0.1)\n"

HOOKS = [
    # module state_dict pre/post hooks: order over the tree, prefixes, metadata, edits in place
    _SEQ + "log = []\nfor name, m in [('root', net), ('0', net[0]), ('1', net[1]), ('1.0', net[1][0])]:\n"
    "    m.register_state_dict_pre_hook(lambda mod, prefix, keep, name=name: log.append(('pre', name, prefix, keep)))\n"
    "    m.register_state_dict_post_hook(lambda mod, sd, prefix, meta, name=name: log.append(('post', name, prefix, "
    "sorted(meta), len(sd))))\n"
    "net[1].register_state_dict_post_hook(lambda mod, sd, prefix, meta: sd.__setitem__(prefix + 'tag', torch.tensor(2)))\n"
    "sd = net.state_dict(keep_vars=True)\nprint(list(sd), log)",
    # a post hook returning a value is refused
    _SEQ + "net.register_state_dict_post_hook(lambda m, sd, p, meta: sd)\ntry:\n    net.state_dict()\n"
    "except RuntimeError as e:\n    print(e)",
    # load pre hook drops a key, post hook sees the incompatible keys and may clear them
    _SEQ + "sd = net.state_dict()\nsd['1.0.tag'] = torch.tensor(1)\ndel sd['0.bias']\nseen = []\n"
    "def pre(mod, sd, prefix, meta, strict, missing, unexpected, errors):\n"
    "    seen.append((prefix, sorted(sd), strict, list(missing), meta))\n    sd.pop(prefix + 'tag', None)\n"
    "net[1][0].register_load_state_dict_pre_hook(pre)\nnet[0].register_load_state_dict_pre_hook(pre)\n"
    "def post(mod, keys):\n    seen.append(('post', list(keys.missing_keys), list(keys.unexpected_keys)))\n"
    "    keys.missing_keys.clear()\n"
    "h = net.register_load_state_dict_post_hook(post)\nprint(net.load_state_dict(sd), seen)\nh.remove()\n"
    "try:\n    net.load_state_dict(sd)\nexcept RuntimeError as e:\n    print(e)\n"
    "print(net.load_state_dict(sd, strict=False))",
    # a load post hook returning a value
    _SEQ + "net.register_load_state_dict_post_hook(lambda m, k: k)\ntry:\n    net.load_state_dict(net.state_dict())\n"
    "except AssertionError as e:\n    print(e)",
    "try:\n    torch.nn.Linear(1, 1).load_state_dict([1])\nexcept TypeError as e:\n    print(e)",
    # optimizer step hooks: arguments, replacing them, order with the global ones, removal
    _OPT + "log = []\ndef pre(o, args, kwargs):\n    log.append(('pre', len(args), args[0] is o, kwargs))\n"
    "def post(o, args, kwargs):\n    log.append(('post', w.detach().clone()))\n"
        "h1, h2 = opt.register_step_pre_hook(pre), opt.register_step_post_hook(post)\n"
    "(w ** 2).sum().backward()\nopt.step()\nh1.remove(); h2.remove()\nopt.step()\n"
    "print(w, log)",
    _OPT + "calls = []\nopt.register_step_pre_hook(lambda o, a, k: (a, {'closure': lambda: calls.append(1) or 3.}))\n"
    "(w * 2).sum().backward()\nprint(opt.step(), calls, w)\n"
    "opt.register_step_pre_hook(lambda o, a, k: 5)\ntry:\n    opt.step()\nexcept RuntimeError as e:\n"
    "    print(str(e).split(' must ')[1])",
    # optimizer state_dict / load_state_dict hooks
    _OPT + "log = []\nopt.register_state_dict_pre_hook(lambda o: log.append('sd pre'))\n"
    "opt.register_state_dict_post_hook(lambda o, sd: {**sd, 'note': 'hooked'})\n"
    "opt.register_state_dict_post_hook(lambda o, sd: log.append(('first', sorted(sd))), prepend=True)\n"
    "sd = opt.state_dict()\nprint(sorted(sd), log)\n"
    "def load_pre(o, sd):\n    log.append(('load pre', sorted(sd)))\n    sd.pop('note')\n"
    "opt.register_load_state_dict_pre_hook(load_pre)\nopt.register_load_state_dict_post_hook(lambda o: log.append('load post'))\n"
    "opt.load_state_dict(sd)\nprint(sorted(sd), log[-2:])",
]

SNIPPETS = CHECKPOINT + HOOKS


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
