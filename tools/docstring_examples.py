"""PyTorch's own docstring examples, run under gradlib (issue 15: tutorials use APIs the way PyTorch's docs show).

Two steps::

    cd tests/reference && /tmp/benchvenv/bin/python record_torch.py docstring_examples   # harvest + record (torch)
    python tools/docstring_examples.py [--write]                                         # classify under gradlib

``harvest()`` (needs torch) collects the ``>>>`` blocks of the docstrings of PyTorch's public names that gradlib
also has, in the areas of ``AREAS``; the recorder (tests/reference/docstring_examples.py) runs each block under
torch and keeps those that run without CUDA or downloads, with what they print, in
tests/reference/torch_docstring_examples.json. ``classify()`` (no torch) runs every recorded block under gradlib
(tests/docstring_examples_harness.py) and sorts it: 'passes' (the same text, numbers close, random lines by
shape, as tests/test_programs.py compares), 'raises' (the exception and the example that raised) or 'prints'
(the first line that differs). ``--write`` puts the table in docs/docstring_examples.md.
"""
import collections
import doctest
import importlib
import inspect
import json
import pathlib
import re
import sys
import traceback

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = ROOT / "tests" / "reference" / "torch_docstring_examples.json"
DOC = ROOT / "docs" / "docstring_examples.md"

#: (area, PyTorch module or class, gradlib counterpart); a name is harvested when both have it
AREAS = (
    ("torch", "torch", "gradlib"),
    ("Tensor", "torch.Tensor", "gradlib.Tensor"),
    ("nn", "torch.nn", "gradlib.nn"),
    ("nn.functional", "torch.nn.functional", "gradlib.nn.functional"),
    ("optim", "torch.optim", "gradlib.optim"),
    ("optim.lr_scheduler", "torch.optim.lr_scheduler", "gradlib.optim.lr_scheduler"),
    ("utils.data", "torch.utils.data", "gradlib.utils.data"),
    ("autograd", "torch.autograd", "gradlib.autograd"),
    ("autograd.functional", "torch.autograd.functional", "gradlib.autograd.functional"),
    ("autograd.forward_ad", "torch.autograd.forward_ad", "gradlib.autograd.forward_ad"),
    ("autograd.graph", "torch.autograd.graph", "gradlib.autograd.graph"),
    ("linalg", "torch.linalg", "gradlib.linalg"),
    ("special", "torch.special", "gradlib.special"),
    ("distributions", "torch.distributions", "gradlib.distributions"),
    ("func", "torch.func", "gradlib.func"),
    ("nn.init", "torch.nn.init", "gradlib.nn.init"),
    ("nn.utils", "torch.nn.utils", "gradlib.nn.utils"),
    ("nn.utils.rnn", "torch.nn.utils.rnn", "gradlib.nn.utils.rnn"),
    ("nn.utils.parametrize", "torch.nn.utils.parametrize", "gradlib.nn.utils.parametrize"),
    ("optim.swa_utils", "torch.optim.swa_utils", "gradlib.optim.swa_utils"),
)
#: blocks that need what a CPU machine without network lacks are not harvested
NEEDS_MORE = re.compile(r"cuda|download|REQUIRES\(env|REQUIRES\(module|distributed|mps\b|\.to\(['\"]xla",
                        re.IGNORECASE)


def _lookup(dotted):
    """A module or class by dotted name (``torch.Tensor``, ``gradlib.nn.functional``), or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            value = getattr(value, part, None)
        return value
    return None


def _examples(docstring):
    parsed = doctest.DocTestParser().get_examples(inspect.cleandoc(docstring))
    return [{"source": example.source, "raises": example.exc_msg is not None} for example in parsed]


def _public(owner):
    names = set(getattr(owner, "__all__", None) or ()) if inspect.ismodule(owner) else set()
    return sorted(names | {name for name in dir(owner) if not name.startswith("_")})


def harvest():
    """{key: {'area', 'name', 'examples'}} for every docstring with ``>>>`` examples of a public PyTorch name that
    gradlib has too (a class's own public methods included); ``key`` is 'area:qualified name'."""
    blocks, seen = {}, set()
    for area, torch_name, gradlib_name in AREAS:
        owner, mine = _lookup(torch_name), _lookup(gradlib_name)
        if owner is None or mine is None:
            continue
        for name in _public(owner):
            value, counterpart = getattr(owner, name, None), getattr(mine, name, None)
            if value is None or counterpart is None or inspect.ismodule(value):
                continue
            candidates = [(f"{torch_name}.{name}", value)]
            if inspect.isclass(value) and inspect.isclass(counterpart):
                candidates += [(f"{torch_name}.{name}.{method}", member) for method, member in vars(value).items()
                               if not method.startswith("_") and hasattr(counterpart, method)]
            for qualified, member in candidates:
                doc = getattr(member, "__doc__", None)
                if not isinstance(doc, str) or ">>>" not in doc or doc in seen:
                    continue
                seen.add(doc)
                examples = _examples(doc)
                text = "".join(example["source"] for example in examples)
                if examples and not NEEDS_MORE.search(text):
                    blocks[f"{area}:{qualified}"] = {"area": area, "name": qualified, "examples": examples}
    return blocks


def _gradlib_importer():
    import gradlib.run
    gradlib.run.install()
    return importlib.import_module


def classify(recorded=None):
    """{key: (verdict, detail)} for every recorded block run under gradlib on the CPU."""
    sys.path.insert(0, str(ROOT / "tests"))
    import gradlib
    from docstring_examples_harness import reset, run_block
    from test_docstring_examples import compare
    recorded = json.loads(RECORDED.read_text()) if recorded is None else recorded
    importer = _gradlib_importer()
    verdicts = {}
    for key, block in sorted(recorded.items()):
        gradlib.manual_seed(0)
        try:
            printed = run_block(importer, block["area"], block["examples"])
        except Exception as error:
            frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                      if "gradlib" in frame.filename or frame.filename == "<docstring example>"]
            where = f"{pathlib.Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            verdicts[key] = ("raises", f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
                                       f" [{where}]")
            continue
        finally:
            reset(gradlib)
        problem = compare(printed, block["printed"])
        verdicts[key] = ("passes", "") if problem is None else ("prints", problem)
    return verdicts


def table(verdicts, recorded):
    areas = collections.defaultdict(collections.Counter)
    for key, (verdict, _) in verdicts.items():
        areas[recorded[key]["area"]][verdict] += 1
    lines = ["| area | blocks | passes | raises | prints differently |", "|---|---|---|---|---|"]
    total = collections.Counter()
    for area, _, _ in AREAS:
        if area in areas:
            counts = areas[area]
            total.update(counts)
            lines.append(f"| {area} | {sum(counts.values())} | {counts['passes']} | {counts['raises']} | "
                         f"{counts['prints']} |")
    lines.append(f"| **all** | {sum(total.values())} | {total['passes']} | {total['raises']} | {total['prints']} |")
    return lines


def failures(verdicts):
    lines = []
    for kind in ("raises", "prints"):
        lines.append(f"\n### {'Raise' if kind == 'raises' else 'Print differently'}\n")
        for key, (verdict, detail) in sorted(verdicts.items()):
            if verdict == kind:
                lines.append(f"- `{key}`: {detail}")
    return lines


def by_cause(verdicts):
    """The failing blocks grouped by their reason in tests/docstring_examples_waiting.py, most frequent first
    (a failure without one is listed as such: the test would fail on it)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from docstring_examples_waiting import WAITING
    causes = collections.defaultdict(list)
    for key, (verdict, detail) in sorted(verdicts.items()):
        if verdict != "passes":
            causes[WAITING.get(key, f"NOT IN THE WAITING LIST: {detail}")].append(key)
    lines = ["| blocks | cause | examples |", "|---|---|---|"]
    for cause, keys in sorted(causes.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"| {len(keys)} | {cause} | {', '.join(f'`{key}`' for key in keys)} |")
    return lines


def write(verdicts, recorded):
    text = DOC.read_text()
    start, end = "<!-- generated: python tools/docstring_examples.py --write -->", "<!-- end of generated -->"
    body = "\n".join(["", "### Now, per area", "", *table(verdicts, recorded), "", "### What still fails, by cause",
                      "", *by_cause(verdicts), ""])
    DOC.write_text(text[:text.index(start) + len(start)] + "\n" + body + "\n" + text[text.index(end):])


def main(argv):
    recorded = json.loads(RECORDED.read_text())
    verdicts = classify(recorded)
    rows = table(verdicts, recorded)
    print("\n".join(rows))
    for line in failures(verdicts):
        print(line)
    if "--json" in argv:
        print(json.dumps({key: list(value) for key, value in verdicts.items()}, indent=0))
    if "--write" in argv:
        write(verdicts, recorded)


if __name__ == "__main__":
    main(sys.argv[1:])
