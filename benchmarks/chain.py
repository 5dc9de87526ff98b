"""The 10^6-op chain: build it, run backward, free it; time and resident memory per recorded node.

Each library runs in its own process so that resident-set growth is attributable.
    python -m benchmarks.chain [--ops 1000000]
    python -m benchmarks.chain --ops 2000 --constant 10000   # y = y * c, c a constant 40 KB tensor
"""
import argparse
import json
import os
import subprocess
import sys
import time

CODE = """
import json, os, sys, time
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(v, "1")
lib = __import__(sys.argv[1])
if sys.argv[1] == "torch":
    lib.set_num_threads(1)
count = int(sys.argv[2])
size = int(sys.argv[3])

def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True) if not size else lib.ones(size, requires_grad=True)
factor = 1.0000001 if not size else lib.full((size,), 1.0000001)
before = rss()
start = time.perf_counter()
y = x
for _ in range(count):
    y = y * factor
built = time.perf_counter() - start
grown = rss() - before
start = time.perf_counter()
y.sum().backward()
backward = time.perf_counter() - start
start = time.perf_counter()
del y
freed = time.perf_counter() - start
print(json.dumps({"build_s": built, "backward_s": backward, "free_s": freed, "bytes_per_node": grown / count}))
"""


def run(library, count, constant=0):
    result = subprocess.run([sys.executable, "-c", CODE, library, str(count), str(constant)], capture_output=True,
                            text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10 ** 6)
    parser.add_argument("--constant", type=int, default=0,
                        help="multiply by a constant tensor of this many float32 elements (default: the scalar)")
    args = parser.parse_args(argv)
    rows = {}
    for library in ("gradlib", "torch"):
        if library == "torch":
            try:
                __import__("torch")
            except ImportError:
                continue
        rows[library] = run(library, args.ops, args.constant)
    print(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
