"""Record what torch.utils.benchmark and torch.profiler print for fixed inputs (``record()``, topic 'tools6'):
Measurement reprs and Compare tables of given times (no timing involved), unit helpers, errors, and the
profiler's table layout and schedules. Writes ``tests/reference/torch_tools6.json``; tests/test_tools_*.py run the
same cases (``run_benchmark_cases`` / ``profiler_cases``) on gradlib and compare."""
import json
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent

#: (number_per_run, raw_times, TaskSpec keywords)
MEASUREMENTS = [
    (100, [2.78e-4], {"stmt": "x.mul(2)", "setup": "pass"}),
    (10, [2e-5, 3e-5, 4e-5, 5e-5], {"stmt": "f(x)", "setup": "pass"}),
    (1000, [1.01e-3, 1.0e-3, 1.02e-3, 0.99e-3, 1.0e-3, 1.005e-3], {"stmt": "a @ b", "setup": "import torch",
                                                                  "label": "matmul", "sub_label": "[64]",
                                                                  "description": "eager", "num_threads": 4}),
    (1, [3.0, 3.3], {"stmt": "for i in range(3):\n    g(i)", "setup": "x = 1\ny = 2", "sub_label": "loop"}),
    (10, [1e-7, 1.1e-7, 1.3e-7, 1.05e-7, 1.2e-7], {"stmt": "pass", "setup": "pass", "label": "tiny"}),
]

COMPARE_TIMES = {  # (sub_label, description, threads): raw times per 10 runs
    ("[1]", "ones+add", 1): [1.6e-4, 1.59e-4, 1.61e-4, 1.6e-4],
    ("[1]", "zeros", 1): [1.4e-4, 1.5e-4, 2.4e-4, 1.45e-4],
    ("[10]", "ones+add", 1): [1.2e-4, 1.21e-4, 1.19e-4, 1.2e-4],
    ("[10]", "zeros", 1): [3.1e-5, 3.0e-5, 3.2e-5, 3.05e-5],
    ("[1]", "ones+add", 2): [2.6e-3, 2.5e-3, 2.7e-3, 2.55e-3],
    ("[10]", "zeros", 2): [9.0e-6, 9.1e-6, 8.9e-6, 9.2e-6],
}


def run_benchmark_cases(benchmark):
    """Everything benchmark prints or answers for the fixed cases, on ``benchmark`` (torch's or gradlib's)."""
    out = {}
    for index, (number, times, spec) in enumerate(MEASUREMENTS):
        m = benchmark.Measurement(number_per_run=number, raw_times=times, task_spec=benchmark.TaskSpec(**spec))
        out[f"measurement{index}"] = {
            "repr": repr(m).splitlines()[1:], "median": m.median, "mean": m.mean, "iqr": m.iqr,
            "times": m.times, "significant_figures": m.significant_figures, "has_warnings": m.has_warnings,
            "title": m.title, "env": m.env, "as_row_name": m.as_row_name, "meets": m.meets_confidence(0.05)}
    results = []
    for (sub_label, description, threads), times in COMPARE_TIMES.items():
        spec = benchmark.TaskSpec(stmt="torch.zeros(n)", setup="pass", label="add", sub_label=sub_label,
                                  description=description, num_threads=threads)
        results.append(benchmark.Measurement(10, times, spec))
    other = benchmark.TaskSpec(stmt="y = x", setup="pass", label="copy", description="ones+add", env="A")
    results.append(benchmark.Measurement(1, [5e-9, 6e-9, 5e-9, 5.5e-9], other))
    other = benchmark.TaskSpec(stmt="y = x", setup="pass", label="copy", description="ones+add", env="Bee")
    results.append(benchmark.Measurement(1, [7e-9, 6e-9, 5e-9, 5.5e-9], other))
    settings = {"plain": [], "trim": ["trim_significant_figures"], "colorize": ["colorize"],
                "all": ["trim_significant_figures", "colorize", "highlight_warnings"], "warnings": ["highlight_warnings"]}
    for name, calls in settings.items():
        compare = benchmark.Compare(results)
        for call in calls:
            getattr(compare, call)()
        out[f"compare_{name}"] = str(compare).split("\n")
    compare = benchmark.Compare(results)
    compare.colorize(rowwise=True)
    out["compare_rowwise"] = str(compare).split("\n")
    out["select_unit"] = [list(benchmark.select_unit(t)) for t in (3e-9, 2.5e-6, 4e-4, 0.5, 12.0)]
    out["trim_sigfig"] = [benchmark.trim_sigfig(x, n) for x, n in ((3.14159, 2), (123456.0, 3), (0.0012345, 2))]
    out["errors"] = {}
    for name, call in {"stmt": lambda: benchmark.Timer(stmt=1), "repeat": lambda: benchmark.Timer().repeat(),
                       "autorange": lambda: benchmark.Timer().autorange(),
                       "global_setup": lambda: benchmark.Timer(global_setup="int x;"),
                       "language": lambda: benchmark.Timer(language="java"),
                       "compare": lambda: benchmark.Compare([1.5])}.items():
        try:
            call()
            out["errors"][name] = None
        except Exception as error:
            out["errors"][name] = [type(error).__name__, str(error)]
    timer = benchmark.Timer("x + 1", globals={"x": 1}, label="L", sub_label="S", description="D")
    m = timer.timeit(10)
    out["timeit"] = {"number_per_run": m.number_per_run, "count": len(m.times), "title": m.title,
                     "description": m.description, "lines": len(repr(m).splitlines())}
    return out


#: the callables whose keywords tests/test_signature_parity.py compares: (area, name) with the attribute path under
#: torch; a "Class.method" name is a method
SIGNATURES = {
    "profiler": ["profile", "profile.key_averages", "profile.export_chrome_trace", "profile.step", "schedule",
                 "tensorboard_trace_handler", "record_function"],
    "autograd.profiler": ["profile", "profile.key_averages", "profile.table", "profile.export_chrome_trace",
                          "record_function"],
    "autograd.profiler_util": ["EventList.table", "EventList.key_averages", "EventList.export_chrome_trace"],
    "utils.benchmark": ["Timer", "Timer.timeit", "Timer.blocked_autorange", "Timer.adaptive_autorange",
                        "Timer.repeat", "Measurement", "Measurement.merge", "Measurement.meets_confidence",
                        "Compare", "Compare.colorize", "TaskSpec", "select_unit", "trim_sigfig"],
    "utils.tensorboard": ["SummaryWriter", "SummaryWriter.add_scalar", "SummaryWriter.add_scalars",
                          "SummaryWriter.add_histogram", "SummaryWriter.add_image", "SummaryWriter.add_images",
                          "SummaryWriter.add_text", "SummaryWriter.add_hparams", "SummaryWriter.flush",
                          "SummaryWriter.close"],
}


def resolve(root, area, name):
    """The callable ``area.name`` under ``root`` (torch or gradlib); a class stands for its ``__init__``."""
    import importlib
    obj = importlib.import_module(root.__name__ + "." + area)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj.__init__ if isinstance(obj, type) else obj


def signatures(torch):
    import inspect
    recorded = {}
    for area, names in SIGNATURES.items():
        for name in names:
            parameters = inspect.signature(resolve(torch, area, name)).parameters.values()
            recorded[f"{area}.{name}"] = {
                "keywords": sorted(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                                   and p.name != "self"),
                "var_keyword": any(p.kind == p.VAR_KEYWORD for p in parameters)}
    return recorded


def record():
    """Needs torch and the tensorboard package (for torch.utils.tensorboard's signatures)."""
    import torch
    import torch.utils.benchmark as benchmark
    import torch.utils.tensorboard  # noqa: F401
    recorded = {"benchmark": run_benchmark_cases(benchmark), "profiler": profiler_cases(torch, torch.profiler),
                "signatures": signatures(torch)}
    path = HERE / "torch_tools6.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path.name}")


def profiler_cases(torch, profiler):
    """Header lines of tables (memory, shapes), the names of a small MLP's forward events, schedules."""
    out = {}
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    x = torch.ones(4, 8)
    for name, options in {"plain": {}, "memory": {"profile_memory": True}, "shapes": {"record_shapes": True},
                          "both": {"profile_memory": True, "record_shapes": True}}.items():
        with profiler.profile(activities=[profiler.ProfilerActivity.CPU], **options) as prof:
            with profiler.record_function("model_inference"):
                model(x)
        table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=3)
        lines = table.split("\n")
        out[f"table_{name}"] = {"header": lines[1].split("  "), "separator_widths": [len(part) for part in
                                                                                   lines[0].split()],
                                "rows": len(lines), "total": lines[-2].split(":")[0], "ends_with_newline":
                                    table.endswith("\n"), "first_row": lines[3].split()[0]}
        keys = [event.key for event in prof.key_averages()]
        out[f"keys_{name}"] = [key for key in keys if key in ("model_inference", "aten::addmm", "aten::relu")]
    for args in ({"wait": 1, "warmup": 1, "active": 2}, {"wait": 1, "warmup": 1, "active": 2, "repeat": 1},
                 {"wait": 0, "warmup": 1, "active": 1, "skip_first": 2, "repeat": 2},
                 {"wait": 2, "warmup": 1, "active": 1, "skip_first_wait": 1}):
        out["schedule " + json.dumps(args, sort_keys=True)] = [profiler.schedule(**args)(step).name
                                                               for step in range(12)]
    try:
        profiler.schedule(wait=0, warmup=0, active=0)
    except Exception as error:
        out["schedule_error"] = [type(error).__name__, str(error)]
    steps = []
    with profiler.profile(schedule=profiler.schedule(wait=1, warmup=1, active=2, repeat=1),
                          on_trace_ready=lambda p: steps.append(sorted({e.key for e in p.key_averages()
                                                                        if e.key.startswith("ProfilerStep")}))) as p:
        for _ in range(6):
            torch.ones(2).exp()
            p.step()
    out["scheduled_steps"] = steps
    return out


if __name__ == "__main__":
    record()
