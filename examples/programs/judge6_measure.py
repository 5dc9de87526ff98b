"""Judge harness of the session-6 held-back batches (examples/programs/FIRST_RUN_JUDGE6.md). Two modes:
  /tmp/benchvenv/bin/python measure.py record DIR        -> DIR/torch_recorded.json (PyTorch's lines, 4 seed variants, '~ ' random)
  TREE/.venv/bin/python measure.py compare DIR TREE      -> runs each DIR/j*.py with `python -m gradlib.run` (TREE's venv)
                                                            and compares line by line with TREE/tests/test_programs.py
"""
import json, pathlib, subprocess, sys, time

def record(d):
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests" / "reference"))
    import programs, torch
    torch.set_num_threads(1)
    out = {}
    for script in sorted(d.glob("j*.py")):
        t = time.time()
        runs = [programs._run(torch, script, v) for v in range(programs.VARIANTS)]
        if len({len(r) for r in runs}) != 1:
            raise SystemExit(f"{script.name}: the number of printed lines depends on the random seed")
        lines = [("  " if len({programs.ADDRESS.sub("0x", l) for l in vs}) == 1 else "~ ") + vs[0] for vs in zip(*runs)]
        out[script.stem] = lines
        print(f"{script.name}: {len(lines)} lines, {sum(l.startswith('~') for l in lines)} random, {(time.time()-t)/4:.1f} s/run")
    (d / "torch_recorded.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")

def compare(d, tree):
    sys.path.insert(0, str(tree / "tests"))
    from test_programs import line_matches_recorded
    rec = json.loads((d / "torch_recorded.json").read_text())
    passed = 0
    for script in sorted(d.glob("j*.py")):
        t = time.time()
        p = subprocess.run([str(tree / ".venv/bin/python"), "-m", "gradlib.run", script.name], cwd=d,
                           capture_output=True, text=True, timeout=600)
        got = p.stdout.splitlines(); exp = rec[script.stem]
        first = None
        for i, (g, e) in enumerate(zip(got, exp)):
            if not line_matches_recorded(g, e):
                first = f"line {i+1}: got {g!r}, PyTorch {e[2:]!r}"; break
        if first is None and p.returncode != 0:
            first = "exit %d: %s" % (p.returncode, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "")
            tb = [l for l in p.stderr.splitlines() if script.name in l]
            if tb: first += " | at " + tb[-1].strip()
        if first is None and len(got) != len(exp):
            first = f"printed {len(got)} lines, PyTorch {len(exp)}"
        ok = first is None
        passed += ok
        print(f"| {script.stem} | {'pass' if ok else 'FAIL'} | {time.time()-t:.1f} s | {first or ''} |", flush=True)
    print(f"passed {passed} of {len(list(d.glob('j*.py')))}")

if __name__ == "__main__":
    if sys.argv[1] == "record": record(pathlib.Path(sys.argv[2]).resolve())
    else: compare(pathlib.Path(sys.argv[2]).resolve(), pathlib.Path(sys.argv[3]).resolve())
