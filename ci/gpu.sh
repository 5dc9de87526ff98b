#!/usr/bin/env bash
# GPU job (a machine with an NVIDIA GPU): the whole suite on CUDA, then the benchmark suite
# (its workloads run on the CPU until the GPU benchmarks land).
# CUDA_EXTRA picks the CuPy build: cuda12 (default) or cuda13.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv && . .venv/bin/activate
pip install -e ".[test,distributed,${CUDA_EXTRA:-cuda12}]"
python -c "import gradlib; assert gradlib.cuda.is_available(), 'no usable GPU: CuPy cannot see a CUDA device'"
pytest --device cuda                                   # includes the nccl world-of-one test
mpiexec -n 1 python examples/train_ddp.py --backend nccl  # the NCCL path end to end on one GPU
python -m benchmarks
