"""``benchmarks.step_count``: the load-independent counts issue 16's eager work is measured with."""
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import step_count  # noqa: E402


@pytest.fixture(scope="module")
def step():
    return step_count.small_mlp_step()


def test_bytecodes_per_function_of_one_step(step):
    counts, _ = step_count.bytecodes(step)
    names = {key[0] for key in counts}
    # the engine's walk, a recorded mm and the update's shortcuts are all seen, each with its own count
    assert "_walk" in names and "apply:MmBackward0:grad" in names and "_plain_update" in names
    assert 5000 < sum(counts.values()) < 40000


def test_bytecodes_per_line_of_one_function(step):
    counts, files = step_count.bytecodes(step, "_plain_update")
    assert counts and all(files[line].endswith("inplace.py") for line in counts)
    whole, _ = step_count.bytecodes(step)
    assert sum(counts.values()) == sum(v for k, v in whole.items() if k[0] == "_plain_update")


def test_steps_run_inside_one_reduce_call():
    calls = []
    step_count.run_steps(lambda: calls.append(1), 7)
    assert len(calls) == 7


def test_the_hand_written_step_runs(capsys):
    step_count.main(["steps", "2", "--library", "numpy"])
    step_count.main(["bytecodes", "--top", "3"])
    out = capsys.readouterr().out
    assert out.startswith("total bytecodes ") and len(out.strip().splitlines()) == 4


def test_lines_of_a_function_with_opcodes_outside_any_line(capsys):
    # Op.apply ("apply") runs opcodes that belong to no line (f_lineno None): they are listed first, not sorted
    # against line numbers (which raised TypeError)
    step_count.main(["bytecodes", "--lines", "apply"])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("total bytecodes ") and "(no line)" in out[1]
    numbers = [int(line.split()[1]) for line in out[2:]]
    assert numbers == sorted(numbers) and len(numbers) > 20


def test_the_large_mlp_steps_run(monkeypatch):
    # the suite's 784-1024-1024-10 MLP at batch 256, both libraries (what the large MLP's counts are taken with)
    seen = []
    original = step_count.workloads.mlp_step

    def mlp_step(libraries, sizes, batch):
        seen.append((sizes, batch))
        return original(libraries, sizes=sizes, batch=batch)

    monkeypatch.setattr(step_count.workloads, "mlp_step", mlp_step)
    step_count.main(["steps", "1", "--model", "large", "--library", "numpy"])
    assert seen == [((784, 1024, 1024, 10), 256)]
