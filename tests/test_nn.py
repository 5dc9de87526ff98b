"""nn.Module and layers, init, clip_grad, optimizers' state, data loading, safe checkpoints."""
import math
import os
import pickle

import pytest

import gradlib
from gradlib import nn
from gradlib.utils.data import DataLoader, TensorDataset


class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = nn.Linear(4, 3)
        self.norm = nn.BatchNorm1d(3)
        self.head = nn.Sequential(nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 2))

    def forward(self, x):
        return self.head(self.norm(self.first(x)))


def test_registration_and_traversal(device):
    model = TwoLayer()
    names = [name for name, _ in model.named_parameters()]
    assert names == ["first.weight", "first.bias", "norm.weight", "norm.bias", "head.2.weight", "head.2.bias"]
    assert [name for name, _ in model.named_buffers()] == ["norm.running_mean", "norm.running_var",
                                                           "norm.num_batches_tracked"]
    assert len(list(model.children())) == 3 and len(list(model.modules())) == 7
    assert "running_mean" in repr(model.norm.state_dict()) or "running_mean" in model.norm.state_dict()


def test_repr_like_pytorch():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Conv2d(1, 2, 3, stride=2, bias=False))
    assert repr(model) == ("Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n"
                           "  (2): Conv2d(1, 2, kernel_size=(3, 3), stride=(2, 2), bias=False)\n)")


def test_train_eval_modes_change_dropout_and_batch_norm(device):
    model = TwoLayer().to(device)
    x = gradlib.randn(8, 4, device=device)
    model.train()
    model(x)
    assert model.norm.num_batches_tracked.item() == 1
    model.eval()
    assert not model.head[1].training
    first, second = model(x), model(x)
    assert first.tolist() == second.tolist()


def test_state_dict_round_trip_and_strict_errors(device):
    source, target = TwoLayer(), TwoLayer()
    target.load_state_dict(source.state_dict())
    for (name, a), (_, b) in zip(source.state_dict().items(), target.state_dict().items()):
        assert a.tolist() == b.tolist(), name
    state = source.state_dict()
    state["extra"] = gradlib.zeros(1)
    del state["first.bias"]
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "first.bias"'):
        target.load_state_dict(state)
    result = target.load_state_dict(state, strict=False)
    assert result.missing_keys == ["first.bias"] and result.unexpected_keys == ["extra"]
    bad = source.state_dict()
    bad["first.weight"] = gradlib.zeros(2, 2)
    with pytest.raises(RuntimeError, match="size mismatch for first.weight"):
        target.load_state_dict(bad)


def test_to_dtype_zero_grad_apply_and_hooks(device):
    model = TwoLayer().double()
    assert all(p.dtype is gradlib.float64 for p in model.parameters())
    assert model.norm.num_batches_tracked.dtype is gradlib.int64
    model(gradlib.randn(4, 4, dtype=gradlib.float64)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    seen = []
    model.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == "TwoLayer"
    handle = model.first.register_forward_hook(lambda module, args, output: output * 0)
    assert bool((model.first(gradlib.ones(1, 4, dtype=gradlib.float64)) == 0).all())
    handle.remove()


def test_module_to_refuses_a_non_floating_dtype_and_converts_nothing(device):
    """PyTorch's nn.Module.to: a dtype applies to floating tensors only and must itself be floating."""
    model = TwoLayer().to(device)
    before = [(p.dtype, p.device) for p in model.parameters()]
    for dtype in (gradlib.int64, gradlib.bool):
        with pytest.raises(TypeError, match=f"^nn.Module.to only accepts floating point or complex dtypes, but "
                                            f"got desired dtype=gradlib.{dtype.name}$"):
            model.to("cpu", dtype)
    assert [(p.dtype, p.device) for p in model.parameters()] == before
    model.to(gradlib.zeros(1, dtype=gradlib.float64, device=device))
    assert all(p.dtype is gradlib.float64 for p in model.parameters())
    assert model.norm.num_batches_tracked.dtype is gradlib.int64


def test_default_initialization_bounds():
    layer = nn.Linear(100, 50)
    bound = 1 / math.sqrt(100)
    assert float(layer.weight.abs().max()) <= bound and float(layer.bias.abs().max()) <= bound
    assert float(layer.weight.abs().max()) > 0.8 * bound  # uniform over the whole range
    conv = nn.Conv2d(4, 8, 3)
    bound = 1 / math.sqrt(4 * 9)
    assert float(conv.weight.abs().max()) <= bound
    embedding = nn.Embedding(10, 4, padding_idx=0)
    assert embedding.weight[0].tolist() == [0.0] * 4
    norm = nn.LayerNorm(5)
    assert norm.weight.tolist() == [1.0] * 5 and norm.bias.tolist() == [0.0] * 5


def test_init_functions():
    w = gradlib.empty(200, 100)
    nn.init.xavier_uniform_(w)
    assert float(w.abs().max()) <= math.sqrt(6 / 300)
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    assert abs(float(w.std()) - math.sqrt(2 / 100)) < 0.01
    nn.init.constant_(w, 0.5)
    assert float(w.mean()) == 0.5
    assert nn.init.calculate_gain("tanh") == 5.0 / 3


def test_clip_grad_norm_and_value_and_vector():
    a = nn.Parameter(gradlib.zeros(2))
    b = nn.Parameter(gradlib.zeros(1))
    a.grad = gradlib.tensor([3.0, 0.0])
    b.grad = gradlib.tensor([4.0])
    total = nn.utils.clip_grad_norm_([a, b], max_norm=1.0)
    assert float(total) == pytest.approx(5.0)
    assert a.grad.tolist() == pytest.approx([0.6, 0.0], rel=1e-5) and b.grad.tolist() == pytest.approx([0.8], rel=1e-5)
    nn.utils.clip_grad_value_([a, b], 0.7)
    assert b.grad.tolist() == pytest.approx([0.7])
    vector = nn.utils.parameters_to_vector([a, b])
    nn.utils.vector_to_parameters(vector * 2, [a, b])
    assert b.tolist() == [0.0]


def test_optimizer_state_dict_round_trip():
    torch_like = nn.Linear(3, 1)
    optimizer = gradlib.optim.Adam(torch_like.parameters(), lr=0.1)
    torch_like(gradlib.ones(2, 3)).sum().backward()
    optimizer.step()
    state = optimizer.state_dict()
    assert state["param_groups"][0]["params"] == [0, 1] and state["state"][0]["step"] == 1
    fresh = gradlib.optim.Adam(torch_like.parameters(), lr=0.5)
    fresh.load_state_dict(state)
    assert fresh.param_groups[0]["lr"] == 0.1
    assert fresh.state[torch_like.weight]["exp_avg"].tolist() == optimizer.state[torch_like.weight]["exp_avg"].tolist()
    optimizer.zero_grad()
    assert torch_like.weight.grad is None


def test_optimizer_errors():
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        gradlib.optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="Invalid learning rate"):
        gradlib.optim.SGD([nn.Parameter(gradlib.zeros(1))], lr=-1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        gradlib.optim.SGD([gradlib.ones(1, requires_grad=True) * 2], lr=0.1)


def test_param_groups_have_their_own_lr():
    a, b = nn.Parameter(gradlib.ones(1)), nn.Parameter(gradlib.ones(1))
    optimizer = gradlib.optim.SGD([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.1)
    (a + b).sum().backward()
    optimizer.step()
    assert a.tolist() == pytest.approx([0.9]) and b.tolist() == pytest.approx([0.0])


def test_data_loader_batches_shuffle_and_drop_last(device):
    data = TensorDataset(gradlib.arange(10, device=device), gradlib.arange(10, device=device) * 2)
    loader = DataLoader(data, batch_size=4, drop_last=True)
    assert len(loader) == 2 and [b[0].tolist() for b in loader] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    first = [b[0].tolist() for b in DataLoader(data, 3, shuffle=True, generator=gradlib.Generator().manual_seed(1))]
    again = [b[0].tolist() for b in DataLoader(data, 3, shuffle=True, generator=gradlib.Generator().manual_seed(1))]
    assert first == again and sorted(sum(first, [])) == list(range(10)) and first[0] != [0, 1, 2]
    pairs = DataLoader([(gradlib.tensor([1.0]), 1), (gradlib.tensor([2.0]), 0)], batch_size=2)
    x, y = next(iter(pairs))
    assert x.shape == (2, 1) and y.tolist() == [1, 0]


def test_save_load_round_trip(tmp_path, device):
    model = TwoLayer().to(device)
    optimizer = gradlib.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(gradlib.randn(3, 4, device=device)).sum().backward()
    optimizer.step()
    path = tmp_path / "checkpoint.pt"
    payload = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 3,
               "history": [0.5, float("nan")], "shape": (2, 3), "half": gradlib.tensor([1.5], dtype=gradlib.float16)}
    gradlib.save(payload, path)
    loaded = gradlib.load(path, map_location="cpu")
    assert loaded["epoch"] == 3 and loaded["shape"] == (2, 3) and math.isnan(loaded["history"][1])
    assert loaded["half"].dtype is gradlib.float16
    for key, value in model.state_dict().items():
        assert loaded["model"][key].tolist() == value.tolist() and loaded["model"][key].dtype is value.dtype
        assert loaded["model"][key].device.type == "cpu"
    assert loaded["optimizer"]["state"][0]["momentum_buffer"].tolist() == \
        optimizer.state_dict()["state"][0]["momentum_buffer"].tolist()


def test_load_refuses_pickles_and_foreign_or_truncated_files(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned > " + str(tmp_path / "pwned"),))

    malicious = tmp_path / "evil.pt"
    malicious.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(RuntimeError, match="holds a pickle"):
        gradlib.load(malicious)
    assert not (tmp_path / "pwned").exists()
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello")
    with pytest.raises(RuntimeError, match="not a gradlib checkpoint"):
        gradlib.load(foreign)
    good = tmp_path / "good.pt"
    gradlib.save({"w": gradlib.ones(100)}, good)
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(good.read_bytes()[:-10])
    with pytest.raises(RuntimeError, match="truncated"):
        gradlib.load(truncated)


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "model.pt"
    gradlib.save({"w": gradlib.ones(2)}, path)

    class Unsaveable:
        pass

    # not plain data: pickled as torch.save pickles it, and a local class cannot be (PyTorch's AttributeError too)
    with pytest.raises(AttributeError, match="Can't pickle local object"):
        gradlib.save({"w": gradlib.zeros(2), "bad": Unsaveable()}, path)
    import os as os_module
    original_replace = os_module.replace

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os_module, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        gradlib.save({"w": gradlib.zeros(2)}, path)
    monkeypatch.setattr(os_module, "replace", original_replace)
    assert gradlib.load(path)["w"].tolist() == [1.0, 1.0]
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]


def test_schedulers():
    param = nn.Parameter(gradlib.zeros(1))
    optimizer = gradlib.optim.SGD([param], lr=1.0)
    scheduler = gradlib.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[1, 3], gamma=0.1)
    lrs = []
    for _ in range(4):
        optimizer.step()
        scheduler.step()
        lrs.append(round(scheduler.get_last_lr()[0], 6))
    assert lrs == [0.1, 0.1, 0.01, 0.01]
    second = gradlib.optim.SGD([param], lr=2.0)
    lam = gradlib.optim.lr_scheduler.LambdaLR(second, lambda epoch: 1 / (epoch + 1))
    second.step()  # the optimizer's step first (PyTorch warns otherwise)
    lam.step()
    assert lam.get_last_lr() == [1.0]


def test_module_training_loop_keeps_memory_flat():
    """2,500 steps of nn.Linear + Adam + cross_entropy under tracemalloc: after CPython's free lists fill
    (the first ~2,000 steps), the memory held after each step stops changing; no graph outlives its step."""
    import gc
    import tracemalloc
    import weakref
    gradlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
    optimizer = gradlib.optim.Adam(model.parameters(), lr=1e-3)
    x = gradlib.randn(64, 16)
    y = gradlib.randint(0, 4, (64,))
    import numpy
    memory = numpy.zeros(2500, dtype=numpy.int64)
    freed = True
    gc.disable()
    tracemalloc.start()
    try:
        for step in range(2500):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            graph = weakref.ref(loss.grad_fn)
            loss.backward()
            optimizer.step()
            del loss
            freed = freed and graph() is None
            memory[step] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        gc.enable()
    assert freed
    tail = memory[2000:]
    assert int(tail.max() - tail.min()) < 4096, "memory held after a step kept growing"
