"""Record what PyTorch prints for snippets of the behaviours fixed while integrating session 6 (``record()``,
section 'session6'): ``torch.tensor`` of sequences holding tensors (one-element tensors are numbers, more elements
are refused), ``numpy()`` under no_grad, writes through a diagonal, and the deprecated ``size_average``/``reduce``
loss arguments. Writes ``tests/reference/torch_session6.json``: {snippet: printed text}; tests/test_session6.py
runs each with gradlib in place of torch and compares the text (``torch.`` read as ``gradlib.``).
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_session6.json"

_TENSOR_FROM = ["[torch.tensor(1), 2.5]", "[torch.ones(2, 2)]", "[[torch.tensor(1.)]]",
                "[torch.tensor(1., dtype=torch.float64)]", "[torch.tensor(1), torch.tensor(2)]", "[torch.tensor([3])]",
                "[torch.tensor([[3.]]), 1]", "[torch.tensor(True), 0]", "[torch.tensor(2, dtype=torch.uint8), 1]",
                "[torch.tensor(2., dtype=torch.float16), 1]", "[torch.empty(0)]", "[1, torch.tensor([1., 2.])]",
                "(torch.tensor(1.),)", "[torch.tensor(1., requires_grad=True)]",
                "[torch.tensor([1., 2.]), torch.tensor([3., 4.])]", "[torch.tensor(1, dtype=torch.int32), 2]",
                "[torch.tensor(0.1), torch.tensor(0.2, dtype=torch.float64)]"]

SNIPPETS = [f"r = torch.tensor({data})\nprint(r, r.dtype, r.shape)" for data in _TENSOR_FROM] + [
    # MIT 6.S191 lab 1: x = torch.tensor([x], requires_grad=True) in a loop, x of shape (1,)
    "x = torch.randn(1)\nfor i in range(3):\n    x = torch.tensor([x], requires_grad=True)\n    loss = (x - 4) ** 2\n"
    "    loss.backward()\n    x = x.item() - 0.1 * x.grad\nprint(x.shape, x.dtype)",
    "x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    print(x.numpy())\ntry:\n    x.numpy()\n"
    "except RuntimeError as e:\n    print(e)",
    "K = torch.zeros(3, 3)\nK.diagonal().add_(1e-3)\ntorch.diagonal(K, 1).fill_(2.)\nprint(K, K.diagonal(-1).stride())",
    "x = torch.arange(24.).reshape(2, 3, 4)\nx.diagonal(1, 1, 2).mul_(-1)\nprint(x)",
    "leaf = torch.ones(3, 3, requires_grad=True)\nx = leaf.clone()\nx.diagonal().mul_(3.)\n(x * x).sum().backward()\n"
    "print(x, leaf.grad)",
    "x, y = torch.ones(4), torch.zeros(4)\nprint(torch.nn.MSELoss(size_average=False)(x, y), "
    "torch.nn.functional.l1_loss(x, y, reduce=False), torch.nn.BCELoss(size_average=True, reduce=False).reduction)",
    "logits = torch.tensor([[1., 2., 0.5], [0.1, 0.2, 3.]])\ntarget = torch.tensor([1, 2])\n"
    "print(torch.nn.CrossEntropyLoss(size_average=False)(logits, target), "
    "torch.nn.functional.nll_loss(logits.log_softmax(1), target, reduce=False))",
]


def record():
    import torch
    from record_torch_shared import record_snippets
    record_snippets(torch, SNIPPETS, PATH)


if __name__ == "__main__":
    record()
