"""torch.cuda's utilities (device selection and properties, memory figures, streams, events, nvtx, RNG states) and
nn.DataParallel (issue cuda9).

Without CuPy, against PyTorch's CPU-only build (tests/reference/cuda9.py, torch_cuda9.json), in a subprocess that
hides CuPy so every device mode checks it. On CUDA (a GPU or the stand-in's two devices), against the single-device
result: DataParallel across cuda:0 and cuda:1 gives the same outputs and the same gradients in the original
parameters.
"""
import collections
import copy
import json
import math
import os
import pathlib
import subprocess
import sys
import warnings

import pytest

import gradlib
from gradlib.autograd import gradcheck, gradgradcheck

HERE = pathlib.Path(__file__).resolve().parent
RECORDED = json.loads((HERE / "reference" / "torch_cuda9.json").read_text())
APPROX = ("output", "grad", "running_mean")  # float32 values: compared to a few ulps


def _without_cupy():
    """The recorder run for gradlib in a fresh interpreter where ``import cupy`` fails (PyTorch's CPU build)."""
    code = ("import sys, json; sys.modules['cupy'] = None; sys.modules['cupyx'] = None; import gradlib; "
            "from reference import cuda9; "
            "print(json.dumps({'cpu_build': cuda9.cpu_build(gradlib), 'data_parallel': cuda9.data_parallel(gradlib)}))")
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), str(HERE.parent)]))
    done = subprocess.run([sys.executable, "-c", code], cwd=HERE, env=environment, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def without_cupy():
    return _without_cupy()


@pytest.mark.parametrize("expression", sorted(RECORDED["cpu_build"]))
def test_cuda_utilities_without_cupy_answer_as_pytorchs_cpu_build(without_cupy, expression):
    assert without_cupy["cpu_build"][expression] == RECORDED["cpu_build"][expression]


def test_data_parallel_without_cupy_calls_its_module_as_pytorch(without_cupy):
    mine, theirs = without_cupy["data_parallel"], RECORDED["data_parallel"]
    assert set(mine) == set(theirs)
    for key in theirs:
        if key != "model":
            assert mine[key] == theirs[key], key
    for key, value in theirs["model"].items():
        if key in APPROX:
            assert _flat(mine["model"][key]) == pytest.approx(_flat(value), rel=1e-4, abs=1e-5), key
        else:
            assert mine["model"][key] == value, key


def _flat(values):
    return [x for row in values for x in _flat(row)] if isinstance(values, list) else [values]


# ----- on CUDA: a GPU, or the stand-in's two devices ----------------------------------------------------------------
def _gpu(device):
    """The index of the GPU under test, and another one (None with a single GPU)."""
    if gradlib.device(device).type != "cuda":
        pytest.skip("CUDA utilities on a GPU")
    index = gradlib.empty(0, device=device).device.index
    count = gradlib.cuda.device_count()
    return index, next((i for i in range(count) if i != index), None)


def test_device_properties(device):
    index, _ = _gpu(device)
    properties = gradlib.cuda.get_device_properties(index)
    assert isinstance(properties.name, str) and properties.name == gradlib.cuda.get_device_name(index)
    assert properties.total_memory > 0 and properties.multi_processor_count > 0
    assert gradlib.cuda.get_device_capability(f"cuda:{index}") == (properties.major, properties.minor)
    assert gradlib.cuda.get_device_properties(gradlib.device("cuda", index)).name == properties.name
    assert repr(properties).startswith(f"_CudaDeviceProperties(name='{properties.name}', major=")
    count = gradlib.cuda.device_count()
    for wrong in (count, -1):
        with pytest.raises(AssertionError, match="^Invalid device id$"):
            gradlib.cuda.get_device_properties(wrong)
    with pytest.raises(ValueError, match="^Expected a cuda device, but got: cpu$"):
        gradlib.cuda.get_device_properties("cpu")


def test_device_selection(device):
    index, other = _gpu(device)
    if other is None:
        pytest.skip("needs two GPUs")
    start = gradlib.cuda.current_device()
    gradlib.cuda.init()
    assert gradlib.cuda.is_initialized()
    with gradlib.cuda.device(other):
        assert gradlib.cuda.current_device() == other
        assert gradlib.zeros(1, device="cuda").device == gradlib.device("cuda", other)
        with gradlib.cuda.device(-1):
            assert gradlib.cuda.current_device() == other
        with gradlib.cuda.device_of(gradlib.zeros(1, device=f"cuda:{index}")):
            assert gradlib.cuda.current_device() == index
        with gradlib.cuda.device_of(gradlib.zeros(1, device="cpu")):  # a CPU tensor: no change
            assert gradlib.cuda.current_device() == other
        assert gradlib.cuda.current_device() == other
    assert gradlib.cuda.current_device() == start
    gradlib.cuda.set_device(other)
    try:
        assert gradlib.cuda.current_device() == other
        gradlib.cuda.set_device(-1)
        assert gradlib.cuda.current_device() == other
    finally:
        gradlib.cuda.set_device(start)
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        gradlib.cuda.set_device(gradlib.cuda.device_count())
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        with gradlib.cuda.device(gradlib.cuda.device_count()):
            pass
    assert gradlib.cuda.current_device() == start


def test_memory_figures_follow_the_pool(device):
    index, _ = _gpu(device)
    where = f"cuda:{index}"
    gradlib.cuda.empty_cache()
    gradlib.cuda.reset_peak_memory_stats(where)
    before = gradlib.cuda.memory_allocated(where)
    assert gradlib.cuda.memory_reserved(where) == before  # nothing cached after empty_cache
    x = gradlib.empty(1000, device=where)  # 4000 bytes: 4096 in CuPy's 512-byte unit
    assert gradlib.cuda.memory_allocated(where) - before == 4096
    assert gradlib.cuda.max_memory_allocated(where) >= before + 4096
    del x
    assert gradlib.cuda.memory_allocated(where) == before
    assert gradlib.cuda.memory_reserved(where) >= before + 4096  # the block stays cached
    assert gradlib.cuda.max_memory_allocated(where) >= before + 4096
    assert gradlib.cuda.max_memory_reserved(where) >= gradlib.cuda.memory_reserved(where)
    stats = gradlib.cuda.memory_stats(where)
    assert list(stats) == sorted(stats) and stats["num_ooms"] == 0
    assert stats["reserved_bytes.all.current"] - stats["allocated_bytes.all.current"] == \
        stats["inactive_split_bytes.all.current"]
    free, total = gradlib.cuda.mem_get_info(where)
    assert 0 <= free <= total
    gradlib.cuda.reset_peak_memory_stats(where)
    assert gradlib.cuda.max_memory_allocated(where) == gradlib.cuda.memory_allocated(where)
    with pytest.warns(FutureWarning, match="reset_peak_memory_stats"):
        gradlib.cuda.reset_max_memory_allocated(where)
    with pytest.warns(FutureWarning, match="renamed to `torch.cuda.memory_reserved`"):
        assert gradlib.cuda.memory_cached(where) == gradlib.cuda.memory_reserved(where)
    gradlib.cuda.empty_cache()
    assert gradlib.cuda.memory_reserved(where) == gradlib.cuda.memory_allocated(where)
    summary = gradlib.cuda.memory_summary(where)
    assert f"device ID {index}" in summary and "Allocated memory" in summary and "GPU reserved memory" in summary


def test_streams_order_work_without_host_syncs(device, host_syncs):
    index, _ = _gpu(device)
    where = gradlib.device("cuda", index)
    assert gradlib.cuda.current_stream(where) == gradlib.cuda.default_stream(where)
    assert gradlib.cuda.default_stream(where).cuda_stream == 0
    side = gradlib.cuda.Stream(device=where)
    assert side.device == where and side.device_index == index and side.cuda_stream != 0
    assert repr(side) == f"<torch.cuda.Stream device=cuda:{index} cuda_stream={side.cuda_stream:#x}>"
    assert side != gradlib.cuda.default_stream(where) and len({side, side}) == 1
    x = gradlib.arange(4.0, device=where)
    with host_syncs() as syncs:
        side.wait_stream(gradlib.cuda.current_stream(where))
        with gradlib.cuda.stream(side):
            assert gradlib.cuda.current_stream(where) == side
            y = x * 2
        gradlib.cuda.current_stream(where).wait_stream(side)
        assert gradlib.cuda.current_stream(where) == gradlib.cuda.default_stream(where)
        done = side.query()
    assert syncs.count == 0 and done in (True, False)
    side.synchronize()
    assert side.query() and y.tolist() == [0.0, 2.0, 4.0, 6.0]
    with side:  # torch.Stream's context manager
        assert gradlib.cuda.current_stream(where) == side
    assert gradlib.cuda.current_stream(where) == gradlib.cuda.default_stream(where)
    with gradlib.cuda.stream(None):
        pass


def test_stream_of_another_gpu_makes_it_current(device):
    index, other = _gpu(device)
    if other is None:
        pytest.skip("needs two GPUs")
    start = gradlib.cuda.current_device()
    side = gradlib.cuda.Stream(device=other)
    with gradlib.cuda.stream(side):
        assert gradlib.cuda.current_device() == other and gradlib.cuda.current_stream() == side
        assert gradlib.ones(2, device="cuda").device.index == other
    assert gradlib.cuda.current_device() == start
    assert gradlib.cuda.current_stream(other) == gradlib.cuda.default_stream(other)


def test_events(device, host_syncs):
    index, other = _gpu(device)
    where = gradlib.device("cuda", index)
    start, end = gradlib.cuda.Event(enable_timing=True), gradlib.cuda.Event(enable_timing=True)
    assert repr(start) == "<torch.cuda.Event uninitialized>" and start.query() and start.cuda_event == 0
    start.synchronize()  # never recorded: nothing to wait for
    stream = gradlib.cuda.current_stream(where)
    with host_syncs() as syncs:
        start.record(stream)
        total = gradlib.ones(1000, device=where).sum()
        end.record(stream)
        end.wait(gradlib.cuda.Stream(device=where))
    assert syncs.count == 0
    assert repr(end) == f"<torch.cuda.Event {end.cuda_event:#x}>" and end.cuda_event != 0
    end.synchronize()
    assert end.query() and start.elapsed_time(end) >= 0.0 and total.item() == 1000.0
    plain = gradlib.cuda.Event()
    with pytest.raises(RuntimeError, match=r"^Both events must be created with argument 'enable_timing=True'\.$"):
        plain.elapsed_time(end)
    with pytest.raises(RuntimeError, match=r"^Both events must be recorded before calculating elapsed time\.$"):
        gradlib.cuda.Event(enable_timing=True).elapsed_time(end)
    recorded = gradlib.cuda.current_stream(where).record_event()
    assert isinstance(recorded, gradlib.cuda.Event) and recorded.device == where
    if other is not None:
        with pytest.raises(RuntimeError, match=f"^Event device {index} does not match recording stream's device "
                                               f"{other}.$"):
            recorded.record(gradlib.cuda.Stream(device=other))


def test_nvtx_and_rng_states(device):
    index, _ = _gpu(device)
    assert gradlib.cuda.nvtx.range_push("outer") == 0
    assert gradlib.cuda.nvtx.range_push("inner") == 1
    assert gradlib.cuda.nvtx.range_pop() == 1 and gradlib.cuda.nvtx.range_pop() == 0
    assert gradlib.cuda.nvtx.range_pop() == -1
    with gradlib.cuda.nvtx.range("step {}", 1):
        gradlib.cuda.nvtx.mark("here")
    gradlib.cuda.nvtx.range_end(gradlib.cuda.nvtx.range_start("span"))
    states = gradlib.cuda.get_rng_state_all()
    assert len(states) == gradlib.cuda.device_count()
    first = gradlib.rand(3, device=f"cuda:{index}").tolist()
    gradlib.cuda.set_rng_state_all(states)
    assert gradlib.rand(3, device=f"cuda:{index}").tolist() == first


# ----- DataParallel across two GPUs ----------------------------------------------------------------------------------
def _two_gpus(device):
    index, other = _gpu(device)
    if other is None:
        pytest.skip("DataParallel across GPUs needs two")
    return index, other


def _mlp(where):
    gradlib.manual_seed(0)
    return gradlib.nn.Sequential(gradlib.nn.Linear(3, 5), gradlib.nn.Tanh(), gradlib.nn.Linear(5, 2)).double().to(where)


@pytest.mark.parametrize("batch", [5, 4, 1])
def test_data_parallel_matches_one_gpu(device, batch):
    index, other = _two_gpus(device)
    source = f"cuda:{index}"
    model = _mlp(source)
    x = gradlib.linspace(-2.0, 2.0, batch * 3, dtype=gradlib.float64).reshape(batch, 3)
    expected = model(x.to(source))
    expected.square().sum().backward()
    expected_grads = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    parallel = gradlib.nn.DataParallel(model, device_ids=[index, other])
    assert parallel.device_ids == [index, other] and parallel.output_device == index and parallel.module is model
    assert list(parallel.state_dict()) == [f"module.{key}" for key in model.state_dict()]
    out = parallel(x)  # a CPU batch: scattered to both GPUs
    assert out.device == gradlib.device(source) and out.shape == (batch, 2)
    assert gradlib.allclose(out, expected, rtol=1e-12, atol=1e-12)
    out.square().sum().backward()
    for param, grad in zip(model.parameters(), expected_grads):
        assert param.grad.device == param.device == gradlib.device(source)
        assert gradlib.allclose(param.grad, grad, rtol=1e-12, atol=1e-12)


def test_data_parallel_output_device_kwargs_and_structures(device):
    index, other = _two_gpus(device)

    class Pair(gradlib.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = gradlib.nn.Linear(2, 2).double()

        def forward(self, x, scale=1.0, extra=None):
            y = self.linear(x) * scale
            return {"y": y, "both": (y, y.sum(1)), "none": None}

    model = Pair().to(f"cuda:{index}")
    x = gradlib.ones(4, 2, dtype=gradlib.float64, device=f"cuda:{index}")
    parallel = gradlib.nn.DataParallel(model, device_ids=[index, other], output_device=other)
    out = parallel(x, scale=2.0, extra="tag")
    assert out["none"] is None and out["y"].device == gradlib.device("cuda", other)
    assert gradlib.allclose(out["y"].to(f"cuda:{index}"), model(x, 2.0)["y"])
    assert out["both"][1].shape == (4,)
    to_cpu = gradlib.nn.DataParallel(model, device_ids=[index, other], output_device=-1)
    assert to_cpu(x)["y"].device == gradlib.device("cpu")
    with pytest.warns(UserWarning, match="all input tensors were scalars"):
        losses = gradlib.nn.parallel.data_parallel(lambda_loss(model), x, [index, other])
    assert losses.shape == (2,)


def lambda_loss(model):
    class Loss(gradlib.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, x):
            return self.model(x)["y"].sum()

    return Loss()


def test_data_parallel_batchnorm_statistics_and_no_grad(device):
    index, other = _two_gpus(device)
    gradlib.manual_seed(0)
    model = gradlib.nn.Sequential(gradlib.nn.Linear(3, 4), gradlib.nn.BatchNorm1d(4)).double().to(f"cuda:{index}")
    x = gradlib.linspace(-1.0, 1.0, 18, dtype=gradlib.float64).reshape(6, 3)
    reference, first_only = copy.deepcopy(model), copy.deepcopy(model)
    out = gradlib.nn.DataParallel(model, device_ids=[index, other])(x)
    # each replica normalizes its own half; the first replica's statistics update the original's buffers
    halves = [reference(part.to(f"cuda:{index}")) for part in x.chunk(2)]
    assert gradlib.allclose(out, gradlib.cat(halves), atol=1e-12)
    first_only(x[:3].to(f"cuda:{index}"))
    assert gradlib.allclose(model[1].running_mean, first_only[1].running_mean, atol=1e-12)
    assert not gradlib.allclose(model[1].running_mean, reference[1].running_mean)
    with gradlib.no_grad():
        replicas = gradlib.nn.parallel.replicate(model, [index, other])
    assert replicas[1][0].weight.grad_fn is None and replicas[1][0].weight.device.index == other
    assert list(replicas[1].parameters()) == []  # a replica's parameters are plain tensors, as PyTorch's


def test_data_parallel_gradcheck(device):
    index, other = _two_gpus(device)
    model = _mlp(f"cuda:{index}")

    def run(x):
        return gradlib.nn.parallel.data_parallel(model, x, [index, other])

    x = gradlib.linspace(-1.0, 1.0, 9, dtype=gradlib.float64, device=f"cuda:{index}").reshape(3, 3)
    x.requires_grad_(True)
    assert gradcheck(run, (x,))
    assert gradgradcheck(run, (x,))
    empty_features = gradlib.zeros(2, 0, dtype=gradlib.float64, device=f"cuda:{index}", requires_grad=True)
    assert gradcheck(lambda t: gradlib.nn.parallel.gather(gradlib.nn.parallel.scatter(t, [index, other]), index),
                     (empty_features,))


def test_data_parallel_refusals(device):
    index, other = _two_gpus(device)
    model = _mlp(f"cuda:{other}")
    parallel = gradlib.nn.DataParallel(model, device_ids=[index, other])
    with pytest.raises(RuntimeError, match=f"^module must have its parameters and buffers on device cuda:{index} "
                                           rf"\(device_ids\[0\]\) but found one of them on device: cuda:{other}$"):
        parallel(gradlib.ones(2, 3, dtype=gradlib.float64))
    with pytest.raises(AssertionError, match="^Broadcast function not implemented for CPU tensors$"):
        gradlib.nn.parallel.replicate(gradlib.nn.Linear(2, 2, device="cpu"), [index])
    with pytest.raises(AssertionError, match="^Gather function not implemented for CPU tensors$"):
        gradlib.nn.parallel.gather([gradlib.ones(2, device="cpu"), gradlib.ones(2, device="cpu")], index)
    with pytest.raises(AssertionError, match="^The number of modules 1 is not equal to the number of inputs 0$"):
        gradlib.nn.parallel.parallel_apply([model], [])
    single = gradlib.nn.DataParallel(_mlp("cpu"), device_ids=[other])
    assert next(single.module.parameters()).device == gradlib.device("cuda", other)  # moved, as PyTorch
    assert single(gradlib.ones(2, 3, dtype=gradlib.float64)).device == gradlib.device("cuda", other)


def test_scatter_and_gather_structures(device):
    index, other = _two_gpus(device)
    Point = collections.namedtuple("Point", "x y")
    x = gradlib.arange(6.0, device="cpu").reshape(3, 2)
    parts = gradlib.nn.parallel.scatter((x, "tag", {"k": x}, [x], Point(x, x)), [index, other])
    assert len(parts) == 2 and parts[0][1] == parts[1][1] == "tag"
    assert parts[0][0].shape == (2, 2) and parts[1][0].device == gradlib.device("cuda", other)
    assert parts[1][2]["k"].tolist() == [[4.0, 5.0]] and isinstance(parts[1][4], Point)
    assert gradlib.nn.parallel.scatter(gradlib.ones(1, 2), [index, other])[0].shape == (1, 2)
    assert len(gradlib.nn.parallel.scatter(gradlib.ones(1, 2), [index, other])) == 1
    joined = gradlib.nn.parallel.gather([Point(p[0], None) for p in parts], index)
    assert isinstance(joined, Point) and joined.y is None and gradlib.equal(joined.x.cpu(), x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        along = gradlib.nn.parallel.gather([parts[0][0], parts[1][0]], index, dim=0)
    assert math.isclose(along.sum().item(), 15.0)


def test_data_parallel_replicates_recurrent_and_container_modules(device):
    """Modules that read their parameters by name (LSTM's flat weights, ParameterList, Embedding) run as replicas
    and give one GPU's outputs and gradients; integer inputs are scattered too."""
    index, other = _two_gpus(device)

    class Tagger(gradlib.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = gradlib.nn.Embedding(10, 3)
            self.rnn = gradlib.nn.LSTM(3, 4, batch_first=True)
            self.scales = gradlib.nn.ParameterList([gradlib.nn.Parameter(gradlib.ones(4))])

        def forward(self, tokens):
            out, _ = self.rnn(self.embed(tokens))
            return out * self.scales[0]

    gradlib.manual_seed(0)
    model = Tagger().double().to(f"cuda:{index}")
    tokens = gradlib.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 1, 2]], device="cpu")
    expected = model(tokens.to(f"cuda:{index}"))
    expected.sum().backward()
    expected_grads = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    out = gradlib.nn.DataParallel(model, device_ids=[index, other])(tokens)
    out.sum().backward()
    assert gradlib.allclose(out, expected, atol=1e-12)
    for param, grad in zip(model.parameters(), expected_grads):
        assert gradlib.allclose(param.grad, grad, atol=1e-12)


def test_memory_limits_nested_stats_and_capture_state(device):
    index, _ = _gpu(device)
    where = f"cuda:{index}"
    with gradlib.backends.device_guard(gradlib.device(where)):  # a capture runs on the current GPU's stream
        assert not gradlib.cuda.is_current_stream_capturing()
        x = gradlib.ones(3, device=where)
        with gradlib.cuda.side_stream():
            x * 2  # warm-up on the capture stream
        seen = []
        with gradlib.cuda.graph(gradlib.cuda.CUDAGraph()):
            x * 2
            seen.append(gradlib.cuda.is_current_stream_capturing())
        assert seen == [True] and not gradlib.cuda.is_current_stream_capturing()
    nested = gradlib.cuda.memory_stats_as_nested_dict(where)
    flat = gradlib.cuda.memory_stats(where)
    assert nested["allocated_bytes"]["all"]["current"] == flat["allocated_bytes.all.current"]
    assert nested["num_ooms"] == 0
    gradlib.cuda.reset_accumulated_memory_stats(where)
    for wrong, error, message in ((1, TypeError, "^Invalid type for fraction argument, must be `float`$"),
                                  (1.5, ValueError, r"^Invalid fraction value: 1.5. Allowed range: 0~1$")):
        with pytest.raises(error, match=message):
            gradlib.cuda.set_per_process_memory_fraction(wrong, where)
    gradlib.cuda.set_per_process_memory_fraction(0.5, where)
    backend = gradlib.backends.backend_for_type("cuda")
    with backend.guard(gradlib.device(where)):
        limit = backend.xp.get_default_memory_pool().get_limit()
    total = gradlib.cuda.get_device_properties(index).total_memory
    gradlib.cuda.set_per_process_memory_fraction(1.0, where)
    assert abs(limit - total // 2) <= 1


def test_a_replica_error_names_the_replica_and_device(device):
    index, other = _two_gpus(device)

    class Picky(gradlib.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = gradlib.nn.Linear(2, 2)

        def forward(self, x):
            if x.device.index == other:
                raise ValueError("no batch here")
            return self.linear(x)

    parallel = gradlib.nn.DataParallel(Picky().to(f"cuda:{index}"), device_ids=[index, other])
    with pytest.raises(ValueError, match=f"^Caught ValueError in replica 1 on device {other}.\nOriginal Traceback "
                                         r"\(most recent call last\):\n(.|\n)*ValueError: no batch here\n$"):
        parallel(gradlib.ones(4, 2, device="cpu"))
