# pytorch.org recipes "PyTorch Profiler" and "Profiling your PyTorch Module": torch.profiler.profile with
# activities=[ProfilerActivity.CPU], record_shapes, profile_memory, record_function("model_inference") and a
# record_function label inside forward, key_averages(group_by_input_shape=True).table(sort_by=..., row_limit=...),
# export_chrome_trace, a schedule with on_trace_ready and prof.step(), and the legacy
# torch.autograd.profiler.profile. Printed: what does not depend on timings (column headers, event names, call
# counts, input shapes, steps).
import json
import os
import tempfile

import torch
import torch.nn as nn
from torch.profiler import ProfilerActivity, profile, record_function


class MyModule(nn.Module):
    def __init__(self, in_features: int, out_features: int, bias: bool = True):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features, bias)

    def forward(self, input, mask):
        with record_function("LINEAR PASS"):
            out = self.linear(input)
        with record_function("MASK INDICES"):
            threshold = out.sum(axis=1).mean()
            hi_idx = (mask > threshold).nonzero(as_tuple=True)
        return out, hi_idx


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 10))
inputs = torch.randn(5, 32)

with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    with record_function("model_inference"):
        model(inputs)

KEYS = ("model_inference", "aten::addmm", "aten::relu", "LINEAR PASS", "MASK INDICES", "ProfilerStep*")


def summary(averages):
    return [(event.key, event.count) for event in averages if event.key in KEYS]


table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=10)
print(table.splitlines()[1].split())
print(table.splitlines()[-1].split(":")[0])
print(summary(prof.key_averages()))
print([(e.key, e.input_shapes) for e in prof.key_averages(group_by_input_shape=True) if e.key == "aten::relu"])
shapes_table = prof.key_averages(group_by_input_shape=True).table(sort_by="cpu_time_total", row_limit=10)
print(shapes_table.splitlines()[1].split()[-2:])

with profile(activities=[ProfilerActivity.CPU], profile_memory=True, record_shapes=True) as prof:
    model(inputs)
memory_table = prof.key_averages().table(sort_by="self_cpu_memory_usage", row_limit=10)
print(memory_table.splitlines()[1].split())
print([(e.key, e.count) for e in prof.key_averages() if e.key in KEYS])

trace_path = os.path.join(tempfile.mkdtemp(), "trace.json")
prof.export_chrome_trace(trace_path)
with open(trace_path) as f:
    trace = json.load(f)
ops = [event for event in trace["traceEvents"] if event.get("cat") == "cpu_op"]
print("trace events:", "traceEvents" in trace, len(ops) > 0, sorted({e["ph"] for e in ops}))

mod = MyModule(500, 10)
x = torch.rand(128, 500)
mask = torch.rand((500, 500, 500), dtype=torch.double) if False else torch.rand((50, 50, 50), dtype=torch.double)
mod(x, mask)  # warm-up
with profile(with_stack=True, profile_memory=True) as prof:
    out, idx = mod(x, mask)
print(out.shape, len(idx))
print(summary(prof.key_averages(group_by_stack_n=5)))


def trace_handler(p):
    print("trace ready at step", p.step_num, summary(p.key_averages()))


with profile(activities=[ProfilerActivity.CPU], schedule=torch.profiler.schedule(wait=1, warmup=1, active=2),
             on_trace_ready=trace_handler) as p:
    for idx in range(8):
        model(inputs)
        p.step()

with torch.autograd.profiler.profile(use_cuda=False) as legacy:
    model(inputs).sum().backward()
print(legacy.key_averages().table(sort_by="self_cpu_time_total", row_limit=5).splitlines()[1].split())
print([(e.key, e.count) for e in legacy.key_averages() if e.key in ("aten::addmm", "aten::relu")])
print(sorted((e.key, e.count) for e in legacy.key_averages() if "Backward" in e.key))
