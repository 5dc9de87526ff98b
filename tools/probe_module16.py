"""Differential probe of nn.Module's machinery (module16): runs every case of tests/reference/module16.py under
PyTorch (``/tmp/benchvenv/bin/python``, or ``--torch-python``) and under gradlib, and prints each case whose
answer differs (value, printed text, error class and message, warnings).

    .venv/bin/python tools/probe_module16.py [--torch-python PATH] [substring ...]
"""
import argparse
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

_TORCH_SIDE = ("import json, sys; sys.path.insert(0, 'tests'); import torch; from reference import module16; "
               "print(json.dumps(module16.collect(torch)))")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--torch-python", default="/tmp/benchvenv/bin/python")
    parser.add_argument("only", nargs="*")
    options = parser.parse_args()
    torch_answers = json.loads(subprocess.run([options.torch_python, "-c", _TORCH_SIDE], cwd=ROOT, check=True,
                                              capture_output=True, text=True).stdout)
    import gradlib
    from reference import module16
    differing = 0
    for name in module16.CASES:
        if options.only and not any(part in name for part in options.only):
            continue
        ours = json.loads(json.dumps(module16.run(gradlib, name)))
        if ours != torch_answers[name]:
            differing += 1
            print(f"== {name}\n  torch:   {json.dumps(torch_answers[name])}\n  gradlib: {json.dumps(ours)}")
    print(f"{differing} of {len(module16.CASES)} cases differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
