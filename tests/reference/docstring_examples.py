"""Record what PyTorch prints for its own docstring examples (``record()``, section 'docstring_examples').

tools/docstring_examples.py harvests the ``>>>`` blocks of the public names gradlib has; each block runs here
under the real torch (tests/docstring_examples_harness.py) three times, the global seed and every
``torch.manual_seed(s)`` in the block shifted between runs: lines that change depend on random numbers and are kept
with a '~ ' prefix (compared by shape), the others with '  '. Blocks that raise, run longer than 10 s, print a
number of lines that depends on the seed, or print object addresses in every line are left out.
Writes ``tests/reference/torch_docstring_examples.json``: {key: {'area', 'name', 'examples', 'printed'}}.
"""
import json
import pathlib
import re
import signal
import sys
import warnings

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
VARIANTS = 3
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong()


def _run(torch, block, variant):
    from docstring_examples_harness import reset, run_block
    manual_seed = torch.manual_seed
    offset = 1009 * variant
    torch.manual_seed = lambda seed: manual_seed(seed + offset)
    manual_seed(offset)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return run_block(__import__("importlib").import_module, block["area"], block["examples"]).splitlines()
    finally:
        signal.alarm(0)
        torch.manual_seed = manual_seed
        reset(torch)


def record():
    import torch
    from tools.docstring_examples import harvest
    torch.set_num_threads(1)
    blocks = harvest()
    recorded, dropped = {}, {}
    for key, block in sorted(blocks.items()):
        try:
            runs = [_run(torch, block, variant) for variant in range(VARIANTS)]
        except BaseException as error:  # the block needs what is not here, or is not a runnable example
            if isinstance(error, KeyboardInterrupt):
                raise
            dropped[key] = type(error).__name__
            continue
        if len({len(run) for run in runs}) != 1:
            dropped[key] = "line count depends on the seed"
            continue
        lines = [("  " if len({ADDRESS.sub("0x", line) for line in variants}) == 1 else "~ ") + variants[0]
                 for variants in zip(*runs)]
        recorded[key] = dict(block, printed=lines)
    path = HERE / "torch_docstring_examples.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"harvested {len(blocks)} blocks; {len(dropped)} do not run under torch here; "
          f"wrote {len(recorded)} to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    record()
