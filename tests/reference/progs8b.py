"""Record what PyTorch prints for snippets of the behaviour the p163-p177 programs needed (``record()``, section
'progs8b'): ``type()`` of tensors, sizes, devices, dtypes and the type-info classes (``<class 'torch.Tensor'>``),
and random draws into tensors laid out in another order than their dims (a transposed or permuted tensor is
filled in memory order: dropout masks, ``*_like`` draws, in-place fills, TransformerEncoderLayer(batch_first=True)
in training). Writes ``tests/reference/torch_progs8b.json``: {snippet: printed text}; an exception prints as
``TypeName: message``. tests/test_progs8b_apis.py runs each snippet with gradlib in place of torch and compares the
text (``torch.`` read as ``gradlib.``); the SEEDED ones (random numbers) only on the CPU, where they are PyTorch's.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs8b.json"

TYPES = [
    "x = torch.ones(2)\nprint(type(x), type(x.shape), type(x.device), type(x.dtype), type(torch.nn.Parameter(x)))",
    "print(torch.Tensor, torch.Size, torch.device, torch.dtype, torch.finfo, torch.iinfo, torch.layout, "
    "torch.memory_format)\nprint(type(torch.finfo(torch.float32)), type(torch.iinfo(torch.int8)), type(torch.strided), "
    "type(torch.contiguous_format))",
    "print(torch.Tensor.__module__ + '.', torch.Size.__module__ + '.', torch.dtype.__name__, torch.device.__qualname__)",
    "import pickle\nx = torch.arange(3.)\nprint(pickle.loads(pickle.dumps(x.shape)), pickle.loads(pickle.dumps(torch.device('cpu'))), "
    "type(pickle.loads(pickle.dumps(x.shape))))",
    "class MyTensor(torch.Tensor):\n    pass\nprint(torch.ones(2).as_subclass(MyTensor).__class__.__name__, "
    "MyTensor.__module__ == __name__ if '__name__' in dir() else True)",
]

# random numbers: the same as PyTorch's on the CPU only
SEEDED = [
    "F = torch.nn.functional\ndef show(name, make):\n    torch.manual_seed(0)\n    a = make()\n"
    "    print(name, tuple(a.shape), a.stride(), [round(v, 4) for v in a.flatten().tolist()])\n"
    "show('dropout t', lambda: F.dropout(torch.ones(3, 4).t(), 0.5))\n"
    "show('dropout permuted', lambda: F.dropout(torch.ones(2, 3, 4).permute(2, 0, 1), 0.5))\n"
    "show('dropout slice', lambda: F.dropout(torch.ones(3, 4)[:, :2], 0.5))\n"
    "show('alpha_dropout t', lambda: F.alpha_dropout(torch.ones(3, 4).t(), 0.5, True))\n"
    "show('rand_like t', lambda: torch.rand_like(torch.ones(3, 4).t()))\n"
    "show('randn_like t', lambda: torch.randn_like(torch.ones(3, 4).t()))\n"
    "show('randn_like t 20', lambda: torch.randn_like(torch.ones(4, 5).t()))\n"
    "show('randn_like 20', lambda: torch.randn_like(torch.ones(5, 4)))\n"
    "show('randint_like t', lambda: torch.randint_like(torch.ones(3, 4).t(), 10))\n"
    "show('randint_like t 2', lambda: torch.randint_like(torch.ones(3, 4).t(), 3, 9))\n"
    "show('rand_like t float64', lambda: torch.rand_like(torch.ones(3, 4).t(), dtype=torch.float64))",
    "def show(name, make):\n    torch.manual_seed(0)\n    a = make()\n"
    "    print(name, [round(v, 4) for v in a.flatten().tolist()])\n"
    "show('normal_ t', lambda: torch.zeros(3, 4).t().normal_())\n"
    "show('normal_ t 20', lambda: torch.zeros(4, 5).t().normal_(1.0, 2.0))\n"
    "show('uniform_ t', lambda: torch.zeros(3, 4).t().uniform_(-1, 1))\n"
    "show('bernoulli_ t', lambda: torch.zeros(3, 4).t().bernoulli_(0.3))\n"
    "show('exponential_ t', lambda: torch.zeros(3, 4).t().exponential_())\n"
    "show('random_ t', lambda: torch.zeros(3, 4).t().random_(0, 100))\n"
    "show('cauchy_ t', lambda: torch.zeros(3, 4).t().cauchy_())\n"
    "show('log_normal_ t', lambda: torch.zeros(3, 4).t().log_normal_())\n"
    "show('geometric_ t', lambda: torch.zeros(3, 4).t().geometric_(0.3))\n"
    "show('normal_ permuted', lambda: torch.zeros(2, 3, 4).permute(1, 2, 0).normal_())\n"
    "show('normal_ column', lambda: torch.zeros(4, 3)[:, 1].normal_())\n"
    "show('normal_ t slice', lambda: torch.zeros(4, 6).t()[::2].normal_())\n"
    "show('init.normal_ t', lambda: torch.nn.init.normal_(torch.empty(3, 4).t()))\n"
    "show('bernoulli t', lambda: torch.bernoulli(torch.full((3, 4), 0.5).t()))",
    "torch.manual_seed(0)\nx = torch.randn(2, 3, 4)\nlayer = torch.nn.TransformerEncoderLayer(4, 2, 8, 0.5, batch_first=True)\n"
    "mask = torch.tensor([[False, False, True], [False, False, False]])\n"
    "for m in (None, mask):\n    torch.manual_seed(6)\n    out = layer(x, src_key_padding_mask=m)\n"
    "    print([round(v, 4) for v in out[0, :, 0].tolist()], round(torch.rand(1).item(), 4))\n"
    "torch.manual_seed(1)\nmha = torch.nn.MultiheadAttention(4, 2, dropout=0.5, batch_first=True)\n"
    "torch.manual_seed(2)\nout, w = mha(x, x, x)\nprint(torch.nn.functional.dropout(out, 0.5).abs().sum().item() > 0, "
    "out.stride())",
]

SNIPPETS = TYPES + SEEDED


def record():
    import torch
    from record_torch_shared import run_snippet
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} progs8b snippets to {PATH.name}")


if __name__ == "__main__":
    record()
