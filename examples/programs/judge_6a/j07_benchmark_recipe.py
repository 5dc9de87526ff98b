# Tutorial: "PyTorch Benchmark" recipe (pytorch.org/tutorials/recipes/recipes/benchmark.html)
import timeit
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
# Input for benchmarking
x = torch.randn(1000, 64)

# Ensure that both functions compute the same output
assert batched_dot_mul_sum(x, x).allclose(batched_dot_bmm(x, x))
print(batched_dot_mul_sum(x, x).shape, batched_dot_bmm(x, x).shape)
print(batched_dot_bmm(x[:3], x[:3]))

# Benchmarking with timeit.Timer
t0 = timeit.Timer(
    stmt='batched_dot_mul_sum(x, x)',
    globals={'x': x, 'batched_dot_mul_sum': batched_dot_mul_sum})

t1 = timeit.Timer(
    stmt='batched_dot_bmm(x, x)',
    globals={'x': x, 'batched_dot_bmm': batched_dot_bmm})

print(f'mul_sum(x, x):  {t0.timeit(100) / 100 * 1e6:>5.1f} us')
print(f'bmm(x, x):      {t1.timeit(100) / 100 * 1e6:>5.1f} us')

# Benchmarking with torch.utils.benchmark.Timer
t0 = benchmark.Timer(
    stmt='batched_dot_mul_sum(x, x)',
    globals={'x': x, 'batched_dot_mul_sum': batched_dot_mul_sum})

t1 = benchmark.Timer(
    stmt='batched_dot_bmm(x, x)',
    globals={'x': x, 'batched_dot_bmm': batched_dot_bmm})

print(t0.timeit(100))
print(t1.timeit(100))
m0 = t0.timeit(100)
m1 = t1.timeit(100)
print(type(m0).__name__)
print(m0.stmt, "|", m0.number_per_run, "runs |", m0.num_threads, "thread")
print(m1.stmt, "|", len(m1.times), "measurement")
print(f"mean mul_sum: {m0.mean * 1e6:.1f} us, median bmm: {m1.median * 1e6:.1f} us")
print("positive times:", m0.mean > 0, m1.median > 0)

# Benchmarking with Blocked Autorange
m0 = t0.blocked_autorange(min_run_time=0.05)
print(type(m0).__name__, m0.stmt, m0.num_threads)
print("mean > 0:", m0.mean > 0, "runs:", m0.number_per_run >= 1)

# Comparing benchmark results
results = []
sizes = [1, 64]
for b in sizes:
    for n in sizes:
        label = 'Batched dot'
        sub_label = f'[{b}, {n}]'
        x = torch.ones((b, n))
        for num_threads in [1]:
            results.append(benchmark.Timer(
                stmt='batched_dot_mul_sum(x, x)',
                globals={'x': x, 'batched_dot_mul_sum': batched_dot_mul_sum},
                num_threads=num_threads,
                label=label,
                sub_label=sub_label,
                description='mul/sum',
            ).timeit(50))
            results.append(benchmark.Timer(
                stmt='batched_dot_bmm(x, x)',
                globals={'x': x, 'batched_dot_bmm': batched_dot_bmm},
                num_threads=num_threads,
                label=label,
                sub_label=sub_label,
                description='bmm',
            ).timeit(50))
print(len(results), [r.description for r in results[:2]], [r.sub_label for r in results[::2]])
print(sorted({r.label for r in results}), all(r.mean > 0 for r in results))
# compare = benchmark.Compare(results); compare.print()  (table layout depends on timings)
print("outputs equal:", torch.equal(batched_dot_mul_sum(x, x), batched_dot_bmm(x, x)), batched_dot_bmm(x, x)[:2])
