"""Record what PyTorch prints for snippets of the behaviours fixed for held-back tutorial programs (``record()``,
section 'fix6a'): meta-device factories and ops on tensors far larger than memory (they hold no storage),
``nn.utils.skip_init`` and ``backends.cudnn.flags`` / ``set_flags``. Writes ``tests/reference/torch_fix6a.json``:
{snippet: printed text}; tests/test_fix6a.py runs each with gradlib in place of torch and compares the text.
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_fix6a.json"

_BIG = "x = torch.rand(2**20, 2**20, device='meta')\n"
_META = [
    "t = torch.rand(2**10, 3, 2**16, 2**16, device='meta')\nconv = torch.nn.Conv2d(3, 5, 2, device='meta')\n"
    "print(conv(t))",
    "print(torch.randn(1024, 3, 65536, 65536, device='meta').shape, torch.randint(0, 9, (2**40,), device='meta'))",
    "print(torch.randn_like(torch.empty(2**40, device='meta', dtype=torch.float16)))",
    _BIG + "print(x.sum(), x.sum(1).shape, x.mean(0, keepdim=True).shape, x.max(1)[1].dtype, x.argmax())",
    _BIG + "print(x.softmax(1).shape, torch.nn.functional.relu(x).shape, (x > 0).dtype, torch.where(x > 0, 1, 0))",
    _BIG + "print(torch.cat([x, x]).shape, torch.stack([x, x], 1).shape, x.cumsum(1).shape)",
    _BIG + "print(torch.nn.functional.pad(x, (1, 2)).shape, x.sort()[1].dtype, x.topk(3)[0].shape)",
    _BIG + "print((x @ x).shape, torch.nn.functional.layer_norm(x, (2**20,)).shape, x.t().contiguous().shape)",
    _BIG + "y = x.clone().requires_grad_()\n(y * 2).sum().backward()\nprint(y.grad)",
    "x = torch.empty(4, 3, 2**15, 2**15, device='meta')\nw = torch.empty(5, 3, 3, 3, device='meta')\n"
    "print(torch.nn.functional.conv2d(x, w, padding=1).shape, torch.nn.functional.max_pool2d(x, 2).shape)",
    "print(torch.arange(2**40, device='meta'), torch.arange(0, 1, 0.3, device='meta').shape, "
    "torch.arange(10, 0, -3, device='meta').shape)",
    "print(torch.linspace(0, 1, 2**40, device='meta').shape, torch.eye(2**20, 3, device='meta'))",
    "print(torch.full((2**40,), 7, device='meta'), torch.zeros(2**40, device='meta').add_(1).shape)",
    "x = torch.empty(2**20, 2**20, device='meta')\nx.normal_()\nx.uniform_(-1, 1)\nx.fill_(3)\nprint(x)",
    "print(torch.bernoulli(torch.empty(2**40, device='meta')).shape, "
    "torch.empty(2**40, device='meta').exponential_().shape)",
    _BIG + "print(torch.nn.functional.gelu(x).shape, x.tril().shape, x.roll(1, 0).shape, x.tile(2).shape, "
    "x.repeat(2, 1).shape)",
    "x = torch.empty(2**16, 2**16, device='meta')\ni = torch.zeros(2**10, dtype=torch.long, device='meta')\n"
    "print(x.index_select(1, i).shape, x[i].shape, x[:, i].shape, x[i, i], "
    "torch.nn.functional.embedding(i, x).shape)",
    "try:\n    torch.arange(0, 5, 0, device='meta')\nexcept RuntimeError as e:\n    print(e)",
]
_SKIP_INIT = [
    "m = torch.nn.utils.skip_init(torch.nn.Linear, 5, 1)\nprint(m, m.weight.shape, m.bias.shape, m.weight.device, "
    "m.weight.requires_grad, type(m.weight).__name__)",
    "m = torch.nn.utils.skip_init(torch.nn.Conv2d, in_channels=3, out_channels=2, kernel_size=3, device='meta')\n"
    "print(m, m.weight)",
    "m = torch.nn.utils.skip_init(torch.nn.BatchNorm1d, 4)\nprint(m.running_mean.shape, m.num_batches_tracked.dtype)",
    "try:\n    torch.nn.utils.skip_init(int)\nexcept RuntimeError as e:\n    print(e)",
    "try:\n    torch.nn.utils.skip_init(torch.nn.ReLU)\nexcept RuntimeError as e:\n    print(e)",
    "try:\n    torch.nn.utils.skip_init(3)\nexcept TypeError as e:\n    print(type(e).__name__)",
]
_CUDNN = [
    "c = torch.backends.cudnn\nwith c.flags(allow_tf32=False) as value:\n"
    "    print(value, c.enabled, c.benchmark, c.deterministic, c.allow_tf32)\n"
    "print(c.enabled, c.benchmark, c.deterministic, c.allow_tf32)",
    "c = torch.backends.cudnn\nwith c.flags(enabled=True, benchmark=True, deterministic=True):\n"
    "    print(c.enabled, c.benchmark, c.deterministic, c.allow_tf32)\nprint(c.benchmark, c.deterministic)",
    "c = torch.backends.cudnn\ntry:\n    with c.flags(deterministic=True):\n        raise ValueError('inside')\n"
    "except ValueError as e:\n    print(e, c.deterministic, c.enabled)",
    "c = torch.backends.cudnn\nprevious = c.set_flags(_benchmark=True, _allow_tf32=False)\n"
    "print(previous, c.benchmark, c.allow_tf32)\nprint(c.set_flags(*previous))\nprint(c.benchmark, c.allow_tf32)",
]
SNIPPETS = _META + _SKIP_INIT + _CUDNN


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
