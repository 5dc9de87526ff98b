"""torch.profiler / torch.autograd.profiler on gradlib: table layout, event names, schedules and errors against
what PyTorch recorded (tests/reference/tools6.py), and the events themselves (nesting, shapes, memory, traces)."""
import gzip
import json
import os
import pathlib
import sys

import pytest

import gradlib
from gradlib import profiler
from gradlib.autograd import profiler as autograd_profiler

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import tools6  # noqa: E402

RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_tools6.json").read_text())["profiler"]


@pytest.fixture(scope="module")
def got():
    return tools6.profiler_cases(gradlib, profiler)


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_profiler_answers_as_pytorch(key, got):
    if key.startswith("table_"):  # the header and column widths; the name column fits the names printed
        expected = dict(RECORDED[key])
        got = dict(got[key])
        assert [h.strip() for h in got.pop("header") if h.strip()] == [h.strip() for h in expected.pop("header")
                                                                        if h.strip()]
        assert got.pop("separator_widths")[1:] == expected.pop("separator_widths")[1:]
    assert got[key] == RECORDED[key] if not key.startswith("table_") else got == expected


def _mlp(device):
    gradlib.manual_seed(0)
    return gradlib.nn.Sequential(gradlib.nn.Linear(8, 16), gradlib.nn.ReLU(), gradlib.nn.Linear(16, 1)).to(device)


def test_events_nest_and_carry_shapes_and_memory(device):
    model = _mlp(device)
    x = gradlib.ones(4, 8, device=device)
    with profiler.profile(record_shapes=True, profile_memory=True) as prof:
        with profiler.record_function("model_inference"):
            out = model(x)
    events = prof.events()
    outer = events[0]
    assert outer.name == "model_inference" and outer.is_user_annotation
    assert [child.name for child in outer.cpu_children] == ["aten::addmm", "aten::relu", "aten::addmm"]
    assert outer.cpu_time_total >= sum(child.cpu_time_total for child in outer.cpu_children)
    relu = outer.cpu_children[1]
    assert relu.input_shapes == [[4, 16]] and relu.cpu_memory_usage == 4 * 16 * 4
    assert outer.cpu_memory_usage == 4 * 16 * 4 * 2 + 4 * 4
    averages = prof.key_averages(group_by_input_shape=True)
    assert [(a.key, a.count) for a in averages][:2] == [("model_inference", 1), ("aten::addmm", 1)]
    assert len(prof.key_averages()) == 3 and prof.key_averages()[1].count == 2
    table = prof.key_averages().table(sort_by="self_cpu_memory_usage", row_limit=2)
    assert table.split("\n")[3].split()[0] in ("aten::addmm", "aten::relu") and len(table.split("\n")) == 8
    assert out.shape == (4, 1)


def test_no_profiler_no_wrapping_and_nothing_recorded(device):
    add_apply = type(gradlib.ones(1).add(gradlib.ones(1), alpha=2).grad_fn or object)
    classes = autograd_profiler._op_classes()
    before = {cls: cls.__dict__["apply"] for cls in classes}
    with profiler.profile():
        assert all(cls.__dict__["apply"] is not before[cls] for cls in classes)
        gradlib.ones(2, device=device).exp()
    assert all(cls.__dict__["apply"] is before[cls] for cls in classes)
    assert autograd_profiler._State.collectors == [] and add_apply is not None
    with profiler.record_function("idle"):  # no profiler: nothing to do, no error
        gradlib.ones(2, device=device).exp()


def test_record_function_decorator_and_legacy_profiler(device):
    @profiler.record_function("my_step")
    def step(x):
        return (x * 2).sum()

    with autograd_profiler.profile(record_shapes=True) as prof:
        step(gradlib.ones(3, device=device))
    names = [event.name for event in prof.function_events]
    assert names == ["my_step", "aten::mul", "aten::sum"]
    assert prof.function_events[0].cpu_children[0].input_shapes == [[3], []]
    assert "Self CPU time total:" in str(prof) and prof.self_cpu_time_total > 0
    with autograd_profiler.profile(enabled=False) as off:
        gradlib.ones(2).exp()
    with pytest.raises(RuntimeError, match="Profiler didn't finish running"):
        off.key_averages()


def test_schedule_steps_and_trace_handler(tmp_path, device):
    traces = []
    with profiler.profile(schedule=profiler.schedule(wait=1, warmup=1, active=2, repeat=2),
                          on_trace_ready=traces.append) as prof:
        for _ in range(10):
            gradlib.ones(2, device=device).exp()
            prof.step()
    assert len(traces) == 2 and prof.step_num == 10
    steps = [event.name for event in prof.events() if event.name.startswith("ProfilerStep")]
    assert steps == ["ProfilerStep#6", "ProfilerStep#7"]
    assert [e.key for e in prof.key_averages()] == ["ProfilerStep*", "aten::exp"]
    handler = profiler.tensorboard_trace_handler(str(tmp_path / "log"), worker_name="w0")
    with profiler.profile(on_trace_ready=handler, record_shapes=True):
        gradlib.ones(2, 2, device=device).exp()
    files = os.listdir(tmp_path / "log")
    assert len(files) == 1 and files[0].startswith("w0.") and files[0].endswith(".pt.trace.json")
    trace = json.loads((tmp_path / "log" / files[0]).read_text())
    ops = [event for event in trace["traceEvents"] if event["cat"] == "cpu_op"]
    assert [(e["name"], e["ph"], e["args"]["Input Dims"]) for e in ops] == [("aten::exp", "X", [[2, 2]])]


def test_chrome_trace_gzip_and_errors(tmp_path):
    with profiler.profile() as prof:
        gradlib.ones(2).exp()
    prof.export_chrome_trace(str(tmp_path / "t.json.gz"))
    with gzip.open(tmp_path / "t.json.gz", "rt") as stream:
        assert json.load(stream)["traceEvents"][0]["name"] == "aten::exp"
    with pytest.raises(AssertionError, match="Profiler must be initialized"):
        profiler.profile().key_averages()
    with pytest.warns(UserWarning, match="warmup"):
        profiler.schedule(wait=1, warmup=0, active=1)
    assert profiler.ProfilerActivity.CPU in profiler.supported_activities()


def test_profiler_from_another_thread_sees_no_stale_stack():
    import threading
    with profiler.profile() as prof:
        worker = threading.Thread(target=lambda: gradlib.ones(2).exp())
        worker.start()
        worker.join()
        gradlib.ones(2).sin()
    assert sorted(event.name for event in prof.events()) == ["aten::exp", "aten::sin"]


def test_cycles_clear_events_unless_accumulated():
    import warnings
    profiler._WARNINGS_SHOWN.clear()
    for accumulate, counts in ((False, [1, 1]), (True, [1, 2])):
        seen = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with profiler.profile(schedule=profiler.schedule(wait=0, warmup=1, active=1, repeat=2),
                                  on_trace_ready=lambda p: seen.append(p.key_averages()[1].count),
                                  acc_events=accumulate) as prof:
                for _ in range(4):
                    gradlib.ones(2).exp()
                    prof.step()
        assert seen == counts
        assert any("Profiler clears events" in str(w.message) for w in caught) is not accumulate


def test_backward_nodes_are_events_and_gradients_unchanged(device):
    model = _mlp(device)
    x = gradlib.ones(4, 8, device=device)
    target = gradlib.zeros(4, 1, device=device)
    gradlib.nn.functional.mse_loss(model(x), target).backward()
    expected = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    backward_before = {cls: cls.__dict__.get("backward") for cls in autograd_profiler._op_classes()}
    with profiler.profile() as prof:
        gradlib.nn.functional.mse_loss(model(x), target).backward()
    assert all(gradlib.equal(p.grad, e) for p, e in zip(model.parameters(), expected))
    assert {cls: cls.__dict__.get("backward") for cls in autograd_profiler._op_classes()} == backward_before
    counts = {e.key: e.count for e in prof.key_averages()}
    assert counts["autograd::engine::evaluate_function: AddmmBackward0"] == 2 and counts["AddmmBackward0"] == 2
    assert counts["autograd::engine::evaluate_function: MseLossBackward0"] == 1
    outer = next(e for e in prof.events() if e.name == "autograd::engine::evaluate_function: ReluBackward0")
    assert [child.name for child in outer.cpu_children] == ["ReluBackward0"]
