# pytorch.org recipes "PyTorch Benchmark" and "Timer quick start": batched dot product two ways, checked equal,
# timed with timeit.Timer and torch.utils.benchmark.Timer (stmt, setup importing from __main__, globals,
# num_threads, label/sub_label/description), timeit / blocked_autorange / adaptive_autorange, Measurement fields,
# and a Compare table over sizes and thread counts (trim_significant_figures, colorize). Printed: what does not
# depend on the timings (titles, counts, row names, layout).
import timeit
from itertools import product

import torch
import torch.utils.benchmark as benchmark


def batched_dot_mul_sum(a, b):
    '''Computes batched dot by multiplying and summing'''
    return a.mul(b).sum(-1)


def batched_dot_bmm(a, b):
    '''Computes batched dot by reducing to ``bmm``'''
    a = a.reshape(-1, 1, a.shape[-1])
    b = b.reshape(-1, b.shape[-1], 1)
    return torch.bmm(a, b).flatten(-3)


torch.manual_seed(0)
x = torch.randn(1000, 64)
assert batched_dot_mul_sum(x, x).allclose(batched_dot_bmm(x, x))
print("outputs agree:", batched_dot_mul_sum(x, x).shape)

t0 = timeit.Timer(stmt='batched_dot_mul_sum(x, x)', setup='from __main__ import batched_dot_mul_sum',
                  globals={'x': x})
t1 = timeit.Timer(stmt='batched_dot_bmm(x, x)', setup='from __main__ import batched_dot_bmm', globals={'x': x})
print("timeit gives seconds:", t0.timeit(20) > 0, t1.timeit(20) > 0)

t0 = benchmark.Timer(stmt='batched_dot_mul_sum(x, x)', setup='from __main__ import batched_dot_mul_sum',
                     globals={'x': x})
t1 = benchmark.Timer(stmt='batched_dot_bmm(x, x)', setup='from __main__ import batched_dot_bmm', globals={'x': x})
m0 = t0.timeit(20)
m1 = t1.timeit(20)
for m in (m0, m1):
    lines = repr(m).splitlines()
    print(lines[0].split(" object at ")[0] + ">")
    print(lines[1])
    print(lines[2])
    print(lines[4])
    print(m.number_per_run, len(m.times), m.num_threads, m.title, m.median > 0, m.mean == m.median, m.iqr)

num_threads = torch.get_num_threads()
print('Benchmarking on torch.get_num_threads() threads:', num_threads >= 1)
t0 = benchmark.Timer(stmt='batched_dot_mul_sum(x, x)', setup='from __main__ import batched_dot_mul_sum',
                     globals={'x': x}, num_threads=num_threads, label='Multithreaded batch dot',
                     sub_label='Implemented using mul and sum')
m0 = t0.blocked_autorange(min_run_time=0.02)
print(repr(m0).splitlines()[1], "|", m0.number_per_run >= 1, len(m0.times) >= 1, m0.num_threads == num_threads)
m1 = t0.adaptive_autorange(threshold=0.5, max_run_time=0.2)
print(m1.title, len(m1.times) >= 1, m1.median > 0)

results = []
sizes = [1, 64]
for b, n in product(sizes, sizes):
    label = 'Batched dot'
    sub_label = f'[{b}, {n}]'
    x = torch.ones((b, n))
    for threads in [1, 2]:
        results.append(benchmark.Timer(
            stmt='batched_dot_mul_sum(x, x)',
            setup='from __main__ import batched_dot_mul_sum',
            globals={'x': x},
            num_threads=threads,
            label=label,
            sub_label=sub_label,
            description='mul/sum',
        ).timeit(10))
        results.append(benchmark.Timer(
            stmt='batched_dot_bmm(x, x)',
            setup='from __main__ import batched_dot_bmm',
            globals={'x': x},
            num_threads=threads,
            label=label,
            sub_label=sub_label,
            description='bmm',
        ).timeit(10))

compare = benchmark.Compare(results)
compare.trim_significant_figures()
compare.colorize()
table = str(compare)
lines = table.splitlines()
print(len(results), "measurements,", len(lines), "lines")
print(lines[0].strip("[]-").strip())
print([cell.strip() for cell in lines[1].split("|")])
for line in lines[2:-2]:
    print(line.split("|")[0].rstrip() if "|" in line else line.split(":")[0])
print(lines[-1].split(" (")[0].startswith("Times are in"))
try:
    benchmark.Compare([1.0])
except ValueError as error:
    print("ValueError:", error)
try:
    t0.repeat()
except NotImplementedError as error:
    print("NotImplementedError:", error)
