"""The README's promises: CI runs its test command verbatim; the main example and the benchmarks run; the examples
print the same numbers on CUDA as on the CPU."""
import math
import pathlib
import re
import subprocess
import sys

import pytest

import gradlib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text())


def test_readme_starts_with_the_two_commands():
    run_example, run_tests = _readme_commands()[:2]
    assert run_example.endswith("python examples/quickstart.py")
    assert run_tests.endswith('pip install -e ".[test,distributed]" && pytest')


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = _readme_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_main_example_runs_and_trains(device):
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "quickstart.py"), "--device", device,
                             "--steps", "600"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "d(out)/dx = tensor([[4.5000, 4.5000]," in result.stdout
    assert "final loss" in result.stdout


def test_benchmark_suite_runs(tmp_path):
    output = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--scale", "0.01", "--no-save", "--json",
                             str(output)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "per-op overhead" in result.stdout and output.exists()


@pytest.mark.parametrize("script", ["regression.py", "custom_function.py"])
def test_examples_without_extra_dependencies_run(script, device):
    result = subprocess.run([sys.executable, str(ROOT / "examples" / script), "--device", device],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", ["digits_mlp.py", "digits_cnn.py"])
def test_digits_examples_reach_97_percent(script, device):
    pytest.importorskip("sklearn", reason="the digits examples need the 'examples' extra (scikit-learn)")
    result = subprocess.run([sys.executable, str(ROOT / "examples" / script), "--device", device],
                            capture_output=True, text=True, timeout=600, cwd=ROOT / "examples")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "final test accuracy" in result.stdout


NUMBER = re.compile(r"-?\d+\.?\d*(?:e[+-]?\d+)?")
TIMING = re.compile(r"\(?[\d.]+ (?:ms/step|ms per step|s per epoch|s)\)?")


def _numbers(output):
    """The figures an example printed, in order, without timings and device names."""
    text = re.sub(r"cuda(:\d+)?|cpu", "", TIMING.sub("", output))
    return [float(n) for n in NUMBER.findall(text)]


# Examples whose random numbers are all drawn on the CPU (data, initial weights; DataLoader shuffling uses a CPU
# generator): the CUDA run must print the CPU run's figures. The digits examples draw dropout masks on the device
# (as in PyTorch: each device has its own stream), so they are only checked to train (above).
@pytest.mark.parametrize("script, arguments", [("quickstart.py", ["--steps", "600"]), ("regression.py", []),
                                               ("custom_function.py", [])])
def test_examples_print_the_same_figures_on_cuda_as_on_the_cpu(script, arguments, device):
    if gradlib.device(device).type != "cuda":
        pytest.skip("compares a CUDA run with a CPU run: pytest --device cuda (or cuda:N)")
    runs = {}
    for name in ("cpu", device):
        result = subprocess.run([sys.executable, str(ROOT / "examples" / script), "--device", name, *arguments],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        runs[name] = result.stdout
    cpu, cuda = _numbers(runs["cpu"]), _numbers(runs[device])
    assert len(cpu) == len(cuda) > 5
    mismatched = [(i, a, b) for i, (a, b) in enumerate(zip(cpu, cuda)) if not math.isclose(a, b, rel_tol=1e-3,
                                                                                            abs_tol=1e-5)]
    assert not mismatched, (mismatched[:5], runs[device][-2000:])
