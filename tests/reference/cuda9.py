"""Records for ``torch.cuda``'s utilities and ``nn.DataParallel`` on a machine without CUDA (issue cuda9): written
once for gradlib and PyTorch.

* ``cpu_build``: what each ``torch.cuda`` utility returns or raises in PyTorch's CPU-only build (gradlib: without
  CuPy, checked in a subprocess that hides CuPy), with the warnings it gives;
* ``data_parallel``: ``nn.DataParallel`` without CUDA (it calls its module; ``.module``, ``device_ids``, state_dict
  keys prefixed ``module.``, printing, loading) and what ``nn.parallel``'s functions raise there.

``python tests/reference/record_torch.py cuda9`` writes ``torch_cuda9.json``; tests/test_cuda9.py demands gradlib
reproduce it.
"""
import collections
import json
import pathlib
import warnings

CPU_BUILD = (
    "torch.cuda.get_device_name()", "torch.cuda.get_device_name(0)", "torch.cuda.get_device_properties(0)",
    "torch.cuda.get_device_properties('cpu')", "torch.cuda.get_device_capability()", "torch.cuda.set_device(0)",
    "torch.cuda.set_device(-1)", "torch.cuda.set_device('cpu')", "torch.cuda.current_device()",
    "torch.cuda.device(0).__enter__()", "torch.cuda.device(-1).__enter__()", "torch.cuda.device('cpu')",
    "torch.cuda.device(torch.device('cuda', 1)).idx", "torch.cuda.device(-1).__exit__(None, None, None)",
    "torch.cuda.device_of(torch.zeros(1)).__enter__()", "torch.cuda.device_of(torch.zeros(1)).idx",
    "torch.cuda.device_count()", "torch.cuda.is_initialized()", "torch.cuda.init()", "torch.cuda.synchronize()",
    "torch.cuda.memory_allocated()", "torch.cuda.memory_allocated(0)", "torch.cuda.max_memory_allocated()",
    "torch.cuda.memory_reserved()", "torch.cuda.max_memory_reserved()", "torch.cuda.reset_peak_memory_stats()",
    "torch.cuda.reset_max_memory_allocated()", "torch.cuda.reset_max_memory_cached()", "torch.cuda.empty_cache()",
    "torch.cuda.mem_get_info()", "torch.cuda.memory_summary()", "torch.cuda.memory_stats()",
    "torch.cuda.memory_cached()", "torch.cuda.max_memory_cached()", "torch.cuda.memory_stats_as_nested_dict()",
    "torch.cuda.reset_accumulated_memory_stats()", "torch.cuda.set_per_process_memory_fraction(0.5)",
    "torch.cuda.is_current_stream_capturing()", "torch.cuda.Stream()",
    "torch.cuda.Stream(priority=-1)", "torch.cuda.current_stream()", "torch.cuda.default_stream()",
    "torch.cuda.stream(None).__enter__()", "torch.cuda.set_stream(None)",
    "torch.cuda.StreamContext(None).__exit__(None, None, None)", "torch.cuda.Event()",
    "torch.cuda.Event(enable_timing=True)", "torch.cuda.manual_seed(1)", "torch.cuda.manual_seed_all(1)",
    "torch.cuda.seed()", "torch.cuda.seed_all()", "torch.cuda.initial_seed()", "torch.cuda.get_rng_state()",
    "torch.cuda.get_rng_state_all()", "torch.cuda.set_rng_state(torch.zeros(5, dtype=torch.uint8))",
    "torch.cuda.set_rng_state(torch.zeros(2))", "torch.cuda.set_rng_state([1])",
    "torch.cuda.set_rng_state_all([])", "torch.cuda.set_rng_state_all([torch.zeros(5, dtype=torch.uint8)])",
    "torch.cuda.is_bf16_supported()", "torch.cuda.is_available()", "torch.cuda.nvtx.range_push('a')",
    "torch.cuda.nvtx.range_pop()", "torch.cuda.nvtx.mark('a')", "torch.cuda.nvtx.range('a {}', 1).__enter__()",
    "torch.cuda.nvtx.range_start('a')", "torch.cuda.nvtx.range_end(1)",
)


def _plain(value):
    """``value`` as JSON can hold it (a dict for an OrderedDict, a list for a tuple), or its type's name."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return f"<{type(value).__name__}>"


def _outcome(lib, expression):
    """``["value", value, warnings]`` or ``["error", class, message, warnings]``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = eval(expression, {"torch": lib})
        except Exception as error:
            outcome = ["error", type(error).__name__, str(error)]
        else:
            outcome = ["value", _plain(value)]
    shown = [f"{w.category.__name__}: {w.message}" for w in caught if not issubclass(w.category, ImportWarning)]
    return outcome + [shown]


def cpu_build(lib):
    return {expression: _outcome(lib, expression) for expression in CPU_BUILD}


PARALLEL_CALLS = (
    "torch.nn.parallel.replicate(torch.nn.Linear(2, 2), [0])",
    "torch.nn.parallel.gather([torch.ones(2), torch.ones(2)], -1)",
    "torch.nn.parallel.parallel_apply([torch.nn.Linear(2, 1)], [torch.ones(1, 2)])",
    "torch.nn.parallel.parallel_apply([torch.nn.Linear(2, 1)], [])",
    "torch.nn.parallel.data_parallel(torch.nn.Linear(2, 1), torch.ones(1, 2))",
    "torch.nn.parallel.scatter(torch.ones(4, 2), [0])",
    "torch.nn.DataParallel(torch.nn.Linear(2, 1), device_ids=[0]).device_ids",
    "torch.nn.DataParallel(torch.nn.Linear(2, 1), device_ids=[0, 1], output_device=1).device_ids",
    "hasattr(torch.nn.DataParallel(torch.nn.Linear(2, 1)), 'dim')",
    "hasattr(torch.nn.DataParallel(torch.nn.Linear(2, 1)), 'output_device')",
    "torch.nn.DataParallel is torch.nn.parallel.DataParallel",
    "sorted(torch.nn.parallel.__all__)",
)


def data_parallel(lib):
    seen = {expression: _outcome(lib, expression) for expression in PARALLEL_CALLS}
    lib.manual_seed(0)
    inner = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4), lib.nn.ReLU(), lib.nn.Linear(4, 2))
    model = lib.nn.DataParallel(inner)
    x = lib.linspace(-1.0, 1.0, 15).reshape(5, 3)
    out = model(x)
    out.sum().backward()
    seen["model"] = {"repr": repr(model).replace("torch.", "gradlib."), "module is inner": model.module is inner,
                     "device_ids": model.device_ids, "keys": list(model.state_dict()),
                     "parameter names": [name for name, _ in model.named_parameters()],
                     "output": out.tolist(), "grad": inner[0].weight.grad.tolist(),
                     "running_mean": inner[1].running_mean.tolist(), "training": model.training}
    fresh = lib.nn.DataParallel(lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4), lib.nn.ReLU(),
                                                  lib.nn.Linear(4, 2)))
    result = fresh.load_state_dict(model.state_dict())
    seen["loaded"] = [list(result.missing_keys), list(result.unexpected_keys),
                      fresh.eval()(x).tolist() == model.eval()(x).tolist()]
    seen["kwargs"] = _outcome(lib, "torch.nn.DataParallel(torch.nn.Bilinear(2, 2, 1))(torch.ones(3, 2), "
                                   "input2=torch.ones(3, 2)).shape")
    seen["plain load"] = _outcome(lib, "torch.nn.Linear(3, 4).load_state_dict(torch.nn.DataParallel("
                                       "torch.nn.Linear(3, 4)).state_dict())")
    return seen


def record():
    import torch
    recorded = collections.OrderedDict(cpu_build=cpu_build(torch), data_parallel=data_parallel(torch))
    path = pathlib.Path(__file__).parent / "torch_cuda9.json"
    path.write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {path.name}")
