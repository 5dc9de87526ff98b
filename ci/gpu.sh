#!/usr/bin/env bash
# GPU job, for a machine with an NVIDIA GPU and no network: the machine's own python3 must already have CuPy,
# NumPy and pytest (PyTorch, mpi4py, pytest-xdist and pytest-timeout are used when present). Nothing is
# installed: gradlib runs from this checkout through PYTHONPATH.
#
#   ci/gpu.sh                   # results in benchmarks/results/gpu-*, latest-cuda.md (and copied to $OUT if set)
#   CUPY_STAND_IN=1 ci/gpu.sh   # rehearsal without a GPU on tests/cupy_stand_in; results in a temporary folder
#
# Steps: (a) environment, (b) the whole suite on CUDA, (c) host reads counted in training steps, (d) NCCL:
# tests/test_nccl.py (a world of one) and examples/train_ddp.py, (e) the benchmark suite on CUDA. Each step has
# a time limit (about 8 minutes in all); a failed step is recorded and the next one runs. Exit status: the
# number of failed steps. RESULTS=<folder> overrides where the files go; PYTHON=<interpreter> overrides python3.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
STAND_IN=${CUPY_STAND_IN:-0}
export PYTHONUNBUFFERED=1
if [ "$STAND_IN" = 1 ]; then
    site=$(find "$ROOT/tests/cupy_stand_in" -maxdepth 3 -path '*/cupy/__init__.py' -printf '%h\n' 2>/dev/null | head -1)
    [ -n "$site" ] || { echo "CUPY_STAND_IN=1: no cupy package under tests/cupy_stand_in"; exit 99; }
    export PYTHONPATH="$(dirname "$site"):$ROOT${PYTHONPATH:+:$PYTHONPATH}"
    STAND_IN_FLAG=--cupy-stand-in
    RESULTS=${RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/gpu-sh-stand-in.XXXXXX")}
else
    export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
    STAND_IN_FLAG=
    RESULTS=${RESULTS:-$ROOT/benchmarks/results}
fi
mkdir -p "$RESULTS"
rm -f "$RESULTS"/gpu-*  # logs are appended to: start clean
RESULTS=$(cd "$RESULTS" && pwd)
export ROOT PYTHON STAND_IN STAND_IN_FLAG RESULTS  # the steps run as functions in a child bash, under timeout
SUMMARY=$RESULTS/gpu-summary.md
STARTED=$(mktemp)  # a latest-cuda.md older than this is a previous run's: never passed off as this one's
FAILED=0
START=$SECONDS
echo "# ci/gpu.sh ($(date -u +%Y-%m-%dT%H:%MZ), stand-in: $STAND_IN)" >"$SUMMARY"
echo >>"$SUMMARY"

publish() {  # the device tool returns only what is under $OUT
    if [ -n "${OUT:-}" ] && [ "$OUT" != "$RESULTS" ]; then
        mkdir -p "$OUT"
        cp "$RESULTS"/gpu-* "$OUT"/ 2>/dev/null
        [ "$RESULTS/latest-cuda.md" -nt "$STARTED" ] && cp "$RESULTS/latest-cuda.md" "$OUT"/
    fi
    return 0
}

# step NAME SECONDS LOG FUNCTION: run under a time limit, log stdout and stderr, record the outcome
step() {
    local name=$1 limit=$2 log=$3 function=$4 began=$SECONDS rc
    echo "== $name (limit ${limit}s)"
    timeout -k 10 "$limit" bash -c "$function" >>"$log" 2>&1
    rc=$?
    local took=$((SECONDS - began)) outcome="ok"
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        outcome="TIMED OUT"
    elif [ $rc -ne 0 ]; then
        outcome="FAILED (exit $rc)"
    fi
    [ "$outcome" = ok ] || FAILED=$((FAILED + 1))
    echo "- $name: $outcome, ${took}s ($(basename "$log"))" | tee -a "$SUMMARY"
    publish
    return $rc
}

environment() {
    echo "date: $(date -u)"
    echo "host: $(uname -a)"
    echo "commit: $(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo 'unknown (no .git here)')"
    if [ "$STAND_IN" = 1 ]; then
        echo "nvidia-smi: skipped (CuPy stand-in run)"
    else
        nvidia-smi --query-gpu=name,driver_version --format=csv
        nvidia-smi
    fi
    echo "mpiexec: $("$PYTHON" -c 'from gradlib.distributed.mpi_backend import find_mpiexec; print(find_mpiexec())')"
    "$PYTHON" - <<'EOF'
import importlib, sys
print("python:", sys.version.replace("\n", " "), "at", sys.executable)
for name in ("numpy", "cupy", "torch", "mpi4py", "pytest", "xdist", "pytest_timeout"):
    try:
        module = importlib.import_module(name)
        print(f"{name}: {getattr(module, '__version__', '?')} ({module.__file__})")
    except Exception as error:
        print(f"{name}: not importable ({error})")
import gradlib
print("gradlib:", gradlib.__version__, gradlib.__file__, "cuda available:", gradlib.cuda.is_available())
if not gradlib.cuda.is_available():
    try:
        gradlib.backends.cupy_backend()
    except Exception as error:
        print(f"why not: {type(error).__name__}: {error}")
import cupy
for label, ask in (("CUDA runtime", lambda: cupy.cuda.runtime.runtimeGetVersion()),
                   ("CUDA driver API", lambda: cupy.cuda.runtime.driverGetVersion()),
                   ("device 0", lambda: cupy.cuda.runtime.getDeviceProperties(0)["name"]),
                   ("compute capability", lambda: cupy.cuda.Device(0).compute_capability),
                   ("NCCL", lambda: __import__("cupy.cuda.nccl", fromlist=["nccl"]).get_version())):
    try:
        print(f"{label}: {ask()}")
    except Exception as error:
        print(f"{label}: unavailable ({type(error).__name__}: {error})")
try:
    import torch
    print("torch CUDA:", torch.version.cuda, "available:", torch.cuda.is_available(),
          torch.cuda.get_device_name() if torch.cuda.is_available() else "")
except Exception as error:
    print("torch:", error)
print("\ncupy.show_config():")
try:
    cupy.show_config()
except Exception as error:
    print(f"unavailable ({type(error).__name__}: {error})")
EOF
}

whole_suite() {
    local extra=()
    local workers=$(($(nproc) < 8 ? $(nproc) : 8))
    # on a GPU, CuPy's kernels compile in parallel; the stand-in's verdict needs one process (it does not
    # gather the events of xdist's workers)
    [ "$STAND_IN" != 1 ] && "$PYTHON" -c "import xdist" 2>/dev/null && extra+=(-n "$workers")
    # the stand-in's own tests import it as cupy for a while; gradlib's CUDA backend, if first created then,
    # would stay the stand-in's for the rest of that process: on a GPU they are left to the CPU suite
    [ "$STAND_IN" != 1 ] && extra+=(--ignore tests/test_cupy_stand_in.py)
    "$PYTHON" -c "import pytest_timeout" 2>/dev/null && extra+=(--timeout 150)
    "$PYTHON" -m pytest --device cuda $STAND_IN_FLAG -q -rs -p no:cacheprovider --durations 15 \
        --junitxml "$RESULTS/gpu-pytest-junit.xml" "${extra[@]}"
}

suite_summary() {  # passed/failed/skipped, the failures and the skip reasons, from the JUnit file
    "$PYTHON" - "$RESULTS/gpu-pytest-junit.xml" <<'EOF'
import collections, sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception as error:
    print(f"  pytest: no JUnit file ({error})")
    sys.exit()
cases = list(root.iter("testcase"))
failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
skipped = collections.Counter(c.find("skipped").get("message", "")[:160] for c in cases
                              if c.find("skipped") is not None)
print(f"  pytest: {len(cases) - len(failed) - sum(skipped.values())} passed, {len(failed)} failed, "
      f"{sum(skipped.values())} skipped")
for case in failed[:60]:
    problem = case.find("failure") if case.find("failure") is not None else case.find("error")
    message = (problem.get("message") or "").strip().splitlines() or [""]
    print(f"  - FAILED {case.get('classname')}::{case.get('name')}: {message[0][:200]}")
for reason, n in skipped.most_common():
    print(f"  - skipped {n}: {reason}")
EOF
}

nccl() {
    local launcher
    "$PYTHON" -m pytest --device cuda $STAND_IN_FLAG -q -rs -p no:cacheprovider tests/test_nccl.py || return $?
    launcher=$("$PYTHON" -c 'from gradlib.distributed.mpi_backend import find_mpiexec; print(find_mpiexec() or "")')
    if [ -z "$launcher" ]; then
        echo "mpiexec not found: examples/train_ddp.py --backend nccl runs as a world of one without it"
        "$PYTHON" examples/train_ddp.py --backend nccl
    else
        echo "$launcher -n 1 $PYTHON examples/train_ddp.py --backend nccl"
        OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "$launcher" -n 1 "$PYTHON" examples/train_ddp.py --backend nccl
    fi
}

host_reads() {
    "$PYTHON" -m benchmarks.host_reads
}

benchmarks() {
    "$PYTHON" -m benchmarks --device cuda --results-dir "$RESULTS"
}

export -f environment whole_suite nccl host_reads benchmarks
step "a. environment" 30 "$RESULTS/gpu-environment.txt" environment
step "b. pytest --device cuda (whole suite)" "$([ "$STAND_IN" = 1 ] && echo 600 || echo 200)" \
    "$RESULTS/gpu-pytest.log" whole_suite
suite_summary | tee -a "$SUMMARY"
grep -h "^cupy stand-in:" "$RESULTS/gpu-pytest.log" | tee -a "$SUMMARY" | cut -c1-300  # the verdict ends the line
step "c. host reads in training steps" 45 "$RESULTS/gpu-host-reads.log" host_reads
grep -h "^Total reads attributed to gradlib" "$RESULTS/gpu-host-reads.log" | sed 's/^/  /' | tee -a "$SUMMARY"
step "d. NCCL world of one (tests/test_nccl.py + examples/train_ddp.py)" 80 "$RESULTS/gpu-nccl.log" nccl
grep -h -E "^(SKIPPED|FAILED|mpiexec not found)|process\(es\), backend" "$RESULTS/gpu-nccl.log" | sed 's/^/  /' | tee -a "$SUMMARY"
step "e. python -m benchmarks --device cuda" 120 "$RESULTS/gpu-benchmarks.log" benchmarks
echo "- total: $((SECONDS - START))s, $FAILED step(s) failed; files in $RESULTS" | tee -a "$SUMMARY"
publish
echo
cat "$SUMMARY"
[ "$RESULTS/latest-cuda.md" -nt "$STARTED" ] && cat "$RESULTS/latest-cuda.md"
rm -f "$STARTED"
exit "$FAILED"
