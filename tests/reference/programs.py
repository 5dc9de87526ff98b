"""Record what PyTorch prints for every program in ``examples/programs/`` (``record()``, section 'programs').

Each program runs in this process with the real torch, once as written and three more times with every
``torch.manual_seed(s)`` / ``torch.Generator().manual_seed(s)`` shifted (and the global generator reseeded): lines
that change between the runs depend on random numbers and are kept with a '~ ' prefix (tests compare their shape
only); the others are kept with '  ' and compared with a numeric tolerance (tests/test_programs.py).
Writes ``tests/reference/torch_programs.json``: {program: [lines]}. Run as a script with program name prefixes
(``python tests/reference/programs.py p148 p149``) it records only those and keeps every other recording.
"""
import contextlib
import io
import json
import os
import pathlib
import re
import runpy
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROGRAMS = ROOT / "examples" / "programs"
VARIANTS = 4
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")  # object addresses (`<SubBackward0 object at 0x7f...>`) are not random lines


def programs():
    return sorted(PROGRAMS.glob("p*.py"))


def _run(torch, script, variant):
    """Run ``script`` with seeds shifted by ``variant`` (0: as written); return its printed lines."""
    manual_seed = torch.manual_seed
    generator = torch.Generator
    offset = 1009 * variant

    class ShiftedGenerator(generator):
        def manual_seed(self, seed):
            return super().manual_seed(seed + offset)

    torch.manual_seed = lambda seed: manual_seed(seed + offset)
    torch.Generator = ShiftedGenerator
    manual_seed(67280421310721 + offset)  # PyTorch's seed at start-up
    output = io.StringIO()
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    try:
        sys.argv = [str(script)]
        with contextlib.redirect_stdout(output):
            runpy.run_path(str(script), run_name="__main__")
    finally:
        torch.set_default_dtype(torch.float32)  # a program may set float64 (p107): not for the programs after it
        torch.set_printoptions(profile="default")  # nor d2l's torch.set_printoptions(2) (p125)
        torch.manual_seed = manual_seed
        torch.Generator = generator
        sys.argv = saved_argv
        os.chdir(saved_cwd)
    return output.getvalue().splitlines()


def record(only=()):
    """Record every program, or (``only``: name prefixes) those programs, keeping the others' recordings."""
    import torch
    torch.set_num_threads(1)
    path = HERE / "torch_programs.json"
    before = json.loads(path.read_text()) if path.exists() else {}
    recorded = {stem: lines for stem, lines in before.items() if only and (PROGRAMS / f"{stem}.py").exists()}
    for script in programs():
        if only and not script.stem.startswith(tuple(only)):
            continue
        try:
            runs = [_run(torch, script, variant) for variant in range(VARIANTS)]
        except ModuleNotFoundError as error:
            # a program that logs with torch.utils.tensorboard needs the tensorboard package beside torch; a
            # Python without it keeps the program's earlier recording (record it once with the package)
            if error.name != "tensorboard" or script.stem not in before:
                raise
            recorded[script.stem] = before[script.stem]
            print(f"kept {script.name}'s earlier recording: this Python lacks the tensorboard package")
            continue
        if len({len(run) for run in runs}) != 1:
            raise SystemExit(f"{script.name}: the number of printed lines depends on the random seed")
        lines = [("  " if len({ADDRESS.sub("0x", line) for line in variants}) == 1 else "~ ") + variants[0]
                 for variants in zip(*runs)]
        recorded[script.stem] = lines
        print(f"recorded {script.name}: {sum(line.startswith('~') for line in lines)} random lines of {len(lines)}")
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} programs to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    record(sys.argv[1:])
