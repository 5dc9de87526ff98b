#!/usr/bin/env bash
# CPU job with the real CuPy wheel, on a machine without a GPU: CuPy imports, gradlib says why CUDA cannot be
# used (its install hint, never CuPy's CUDARuntimeError), and every CuPy name gradlib uses exists in the
# release (tests/test_cupy_api.py). Downloads about 137 MB (cupy-cuda12x); not part of the other jobs.
#   CUPY=cupy-cuda13x==14.2.0 ci/cupy-wheel.sh   another wheel (default cupy-cuda12x==14.2.0)
#   NCCL=1 ci/cupy-wheel.sh                      also nvidia-nccl-cu12 (about 350 MB more), so that CuPy loads
#                                                libnccl and the NCCL names are checked too (else they skip)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-cupy && . .venv-cupy/bin/activate
cupy=${CUPY:-cupy-cuda12x==14.2.0}
cuda_major=$(echo "$cupy" | sed -E 's/^cupy-cuda([0-9]+)x.*/\1/')
nccl=${NCCL:+nvidia-nccl-cu${cuda_major}}
# .venv-cupy is reused. A CuPy or NCCL wheel left by an earlier run with other settings must go: two CuPy packages
# in one environment share the cupy/ folder (CuPy warns, and uninstalling one deletes the other's files), and
# without NCCL=1 the NCCL names must skip. Then every CuPy and NCCL wheel is removed and the asked ones reinstalled.
wheels=$(pip list --format=freeze 2>/dev/null | cut -d= -f1 | grep -iE '^(cupy-cuda|nvidia-nccl-cu)' || true)
if echo "$wheels" | grep -ivx -e "${cupy%%[=<>!~ ]*}" -e "${nccl:-none}" -e '' >/dev/null; then
    pip uninstall -y $wheels
fi
pip install -e ".[test]" "$cupy" ${nccl:+"$nccl>=2.18.1,<3"}
python -c "import cupy; print('CuPy', cupy.__version__, 'from', cupy.__file__)"
# GRADLIB_REQUIRE_REAL_CUPY turns test_cupy_api's "needs the real CuPy" skips into failures.
GRADLIB_REQUIRE_REAL_CUPY=1 pytest -p no:cacheprovider -ra tests/test_cupy_api.py tests/test_devices.py \
    tests/test_nccl.py
