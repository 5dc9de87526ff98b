"""The 10^6-op chain: build it, run backward, free it; time and resident memory per recorded node.

Each library runs in its own process so that resident-set growth is attributable.
    python -m benchmarks.chain [--ops 1000000]
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

def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
before = rss()
start = time.perf_counter()
y = x
for _ in range(count):
    y = y * 1.0000001
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


def run(library, count):
    result = subprocess.run([sys.executable, "-c", CODE, library, str(count)], capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10 ** 6)
    args = parser.parse_args(argv)
    rows = {}
    for library in ("gradlib", "torch"):
        if library == "torch":
            try:
                __import__("torch")
            except ImportError:
                continue
        rows[library] = run(library, args.ops)
    print(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
