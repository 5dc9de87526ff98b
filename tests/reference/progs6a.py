"""Record what PyTorch prints for snippets of the APIs the p85–p99 programs needed (``record()``, section
'progs6a'): pairwise_distance's node and its 1-D/broadcast/keepdim forms, TripletMarginWithDistanceLoss and its
function, AveragedModel's averaging of integer buffers and of floats on the CPU, and the channels-last memory
format through Tensor.to, contiguous, clone, is_contiguous and nn.Module.to; and the registry samples of
tests/op_registry_progs6a.py. Writes ``tests/reference/torch_progs6a.json``: {snippet: printed text}; an
exception prints as ``TypeName: message``. tests/test_progs6a.py runs each snippet with gradlib in place of torch.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_progs6a.json"

_SWA = ("swa_utils = torch.optim.swa_utils\nAveragedModel = swa_utils.AveragedModel\n"
        "get_ema_multi_avg_fn, get_swa_multi_avg_fn = swa_utils.get_ema_multi_avg_fn, swa_utils.get_swa_multi_avg_fn\n"
        "get_ema_avg_fn, get_swa_avg_fn = swa_utils.get_ema_avg_fn, swa_utils.get_swa_avg_fn\n")
_TRIPLET = ("nn = torch.nn\nF = torch.nn.functional\n"
            "a = torch.tensor([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]], requires_grad=True)\n"
            "b = torch.tensor([[1.5, 2.5], [0.5, 0.0], [2.0, 0.0]])\nn = b.flip(0)\n")
_X4 = "x = torch.arange(24.).view(1, 2, 3, 4).requires_grad_()\ny = x.to(memory_format=torch.channels_last)\n"

SNIPPETS = [
    # pairwise_distance records at::norm's node (siamese_network's contrastive loss prints it)
    "x = torch.tensor([[3., 4.], [1., 2.]], requires_grad=True)\ny = torch.tensor([[1., 0.], [0., 1.]])\n"
    "F = torch.nn.functional\nprint(F.pairwise_distance(x, y), torch.pairwise_distance(x, y, 3.0, 1e-3, True))\n"
    "print(F.pairwise_distance(x[0], y[0]), F.pairwise_distance(x, y[0], keepdim=True))\n"
    "print(F.pairwise_distance(x, y, p=1).grad_fn.name(), F.pairwise_distance(x, y, p=0), "
    "torch.nn.PairwiseDistance(p=float('inf'))(x, y))\nd = F.pairwise_distance(x, y)\nd.sum().backward()\n"
    "print(x.grad, F.triplet_margin_loss(x, y, y.flip(0)).grad_fn.name())",
    "print(torch.pairwise_distance(torch.tensor([1, 2]), torch.tensor([0, 0])), "
    "torch.pairwise_distance(torch.tensor(1.), torch.tensor(2.)), torch.pairwise_distance(torch.zeros(0, 3), "
    "torch.zeros(0, 3)))",
    "torch.pairwise_distance(torch.zeros(2, 3), torch.zeros(4, 3))",
    # TripletMarginWithDistanceLoss (siamese networks with a distance of one's own)
    _TRIPLET + "l = nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance())\nprint(l, l(a, b, n))\n"
    "print(nn.TripletMarginWithDistanceLoss(), nn.TripletMarginWithDistanceLoss(distance_function=lambda x, y: "
    "1.0 - F.cosine_similarity(x, y), margin=0.5, swap=True, reduction='none')(a, b, n))\n"
    "out = F.triplet_margin_with_distance_loss(a, b, n, reduction='sum', swap=True)\nout.backward()\n"
    "print(out, a.grad)\nprint(F.triplet_margin_loss(a, b, n, swap=True, p=1))",
    _TRIPLET + "F.triplet_margin_with_distance_loss(a, b[0], n)",
    _TRIPLET + "F.triplet_margin_with_distance_loss(a, b, n, margin=0)",
    _TRIPLET + "F.triplet_margin_with_distance_loss(a, b, n, reduction='avg')",
    "torch.nn.TripletMarginWithDistanceLoss(margin=-1.0)",
    _TRIPLET + "F.triplet_margin_loss(a, b[0], n)",
    # AveragedModel with use_buffers: integer buffers (num_batches_tracked) under every averaging function, on the
    # CPU (on CUDA PyTorch's default is the foreach running mean, which refuses them: tests/test_progs6a.py)
    _SWA + "m = torch.nn.BatchNorm1d(2, device='cpu')\n"
    "for kw in [dict(), dict(multi_avg_fn=get_ema_multi_avg_fn(0.9)), dict(multi_avg_fn=get_swa_multi_avg_fn()), "
    "dict(avg_fn=get_ema_avg_fn(0.9)), dict(avg_fn=get_swa_avg_fn())]:\n"
    "    m.num_batches_tracked.fill_(10)\n    a = AveragedModel(m, use_buffers=True, **kw)\n"
    "    a.update_parameters(m)\n    out = []\n    for v in [5, 3, 17]:\n        m.num_batches_tracked.fill_(v)\n"
    "        try:\n            a.update_parameters(m)\n            out.append(a.module.num_batches_tracked.item())\n"
    "        except Exception as e:\n            out.append(type(e).__name__)\n"
    "    print(out, a.module.num_batches_tracked.dtype, a.n_averaged)",
    # the running mean on the CPU is PyTorch's a + (c - a) / (n + 1), one tensor at a time (its last bits)
    _SWA + "lin = torch.nn.Linear(3, 1, bias=False, device='cpu')\navg = AveragedModel(lin)\n"
    "for value in [0.1, 0.7, 0.3, 1e-3, 2.9]:\n    with torch.no_grad():\n"
    "        lin.weight.copy_(torch.tensor([[value, value / 3, value * 7]]))\n    avg.update_parameters(lin)\n"
    "print(avg.module.weight.tolist(), avg.n_averaged.item())\n"
    "ema = AveragedModel(lin, multi_avg_fn=get_ema_multi_avg_fn(0.75))\n"
    "for value in [0.1, 0.7, 0.3]:\n    with torch.no_grad():\n        lin.weight.fill_(value)\n"
    "    ema.update_parameters(lin)\nprint(ema.module.weight.tolist())",
    # channels_last: Tensor.to, contiguous, clone, is_contiguous and nn.Module.to (the U-Net's model.to(...))
    _X4 + "print(y.grad_fn.name(), y.stride(), y.is_contiguous(), y.is_contiguous(memory_format=torch.channels_last),"
    " torch.equal(x, y))\nprint(x.contiguous(memory_format=torch.channels_last).grad_fn.name(), "
    "x.clone(memory_format=torch.channels_last).stride())\n"
    "print(y.to(memory_format=torch.channels_last) is y, y.contiguous().stride(), y.contiguous() is y, "
    "y.to(torch.float64).stride(), y.to(memory_format=torch.contiguous_format).stride())\n"
    "print(y.to(torch.float64, memory_format=torch.contiguous_format).grad_fn.name(), "
    "y.to(memory_format=torch.preserve_format) is y)\n"
    "print(y.to(torch.float32, memory_format=torch.channels_last) is y, "
    "x.to('cpu', torch.float32, memory_format=torch.channels_last).stride())\n"
    "(y * torch.arange(4.)).sum().backward()\nprint(x.grad.stride(), x.grad[0, 1])",
    "torch.zeros(2, 3).to(memory_format=torch.channels_last)",
    "torch.zeros(2, 3, 4, 5).to(memory_format=torch.channels_last_3d)",
    "torch.zeros(2, 3).contiguous(memory_format=torch.channels_last)",
    "torch.zeros(2, 3, 4).clone(memory_format=torch.channels_last)",
    "m = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.Linear(2, 2), torch.nn.BatchNorm2d(3))\n"
    "w = m[0].weight\nm2 = m.to(memory_format=torch.channels_last)\n"
    "print(m2 is m, m[0].weight is w, m[0].weight.stride(), m[1].weight.stride(), m[0].bias.stride(), "
    "m[0].weight.is_contiguous(memory_format=torch.channels_last), m[0].weight.requires_grad)\n"
    "out = m[0](torch.ones(1, 2, 4, 4).to(memory_format=torch.channels_last))\nprint(out.shape, out.grad_fn.name())",
    "torch.nn.Conv3d(1, 1, 1).to(memory_format=torch.channels_last)",
    "print(torch.zeros(2, 3, 4, 5, 6).contiguous(memory_format=torch.channels_last_3d).stride(), "
    "torch.zeros(2, 3).is_contiguous(memory_format=torch.channels_last), torch.zeros(1, 1, 2, 2).is_contiguous("
    "memory_format=torch.channels_last))",
]


def record():
    import torch
    from record_torch_shared import record_registry_topic, run_snippet
    record_registry_topic(torch, "progs6a", grad_fn_names=True)
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} progs6a snippets to {PATH.name}")


if __name__ == "__main__":
    record()
