"""The driver the differential fuzzers share (tools/fuzz_index16.py, fuzz_create17.py, fuzz_select17.py,
fuzz_layers17.py, fuzz_tensorapi17.py): the same cases under PyTorch and gradlib, then the differences grouped
into classes. A fuzzer supplies its case list and its topic's ``evaluate(lib, expression, device)`` (the
tests/reference module whose answers the tests compare) and calls ``main``:

    /tmp/benchvenv/bin/python tools/fuzz_TOPIC.py torch  OUT.json [FILTER]            # PyTorch's answers
    .venv/bin/python tools/fuzz_TOPIC.py gradlib OUT.json [FILTER] [DEVICE]            # gradlib's
    python tools/fuzz_TOPIC.py diff TORCH.json GRADLIB.json [FILTER]                   # classes -> GRADLIB.diff.json
    python tools/fuzz_TOPIC.py count                                                   # how many cases

An answer is ``{"value": ...}`` or ``{"error": [class, message]}``, with ``"warnings"`` where any were given.
"""
import json
import operator
import pathlib
import sys


def starts_with(name, only):
    """The default FILTER: case names that start with it."""
    return name.startswith(only)


def answer_class(t, g, same=operator.eq):
    """How gradlib's answer ``g`` differs from PyTorch's ``t`` (None: the same), warnings aside."""
    if "error" in t and "error" in g:
        if t["error"][0] != g["error"][0]:
            return "error-class"
        return "error-message" if t["error"][1] != g["error"][1] else None
    if "error" in t:
        return "gradlib-accepts"
    if "error" in g:
        return "gradlib-raises:" + g["error"][0]
    return None if same(t["value"], g["value"]) else "value"


def classify(t, g, same=operator.eq, value_class=None):
    """``answer_class``, then the warnings; ``value_class(t, g)`` may name a differing value more precisely."""
    c = answer_class(t, g, same)
    if c == "value" and value_class is not None:
        c = value_class(t["value"], g["value"])
    if c is None and t.get("warnings") != g.get("warnings"):
        return "warnings"
    return c


def run(mode, out_file, only, device, generate, evaluate, selects=starts_with, before_each=None):
    """Evaluate every case (``only``: those ``selects`` keeps) under ``mode``'s library; write the answers."""
    if mode == "torch":
        import torch as lib
        device = "cpu"
    else:
        import gradlib as lib
    results = {}
    for name, expression in generate().items():
        if only and not selects(name, only):
            continue
        if before_each is not None:
            before_each(lib)
        results[name] = evaluate(lib, expression, device)
        results[name]["expr"] = expression
    pathlib.Path(out_file).write_text(json.dumps(results, indent=0, sort_keys=True))
    print(f"{len(results)} cases")


def diff(torch_file, gradlib_file, only="", selects=starts_with, group=None, same=operator.eq, value_class=None):
    """Print the classes of differences, largest first (``group(name, expression, class)``: a class's label, by
    default the class); write every differing case by class to GRADLIB.diff.json."""
    t_results = json.loads(pathlib.Path(torch_file).read_text())
    g_results = json.loads(pathlib.Path(gradlib_file).read_text())
    classes = {}
    for name, t in t_results.items():
        if only and not selects(name, only) or name not in g_results:
            continue
        c = classify(t, g_results[name], same, value_class)
        if c:
            label = group(name, t["expr"], c) if group is not None else c
            classes.setdefault(label, []).append(name)
    for c, names in sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"== {c}: {len(names)}")

    def answer(results, name):
        return {k: v for k, v in results[name].items() if k != "expr"}

    out = {c: [{"name": n, "expr": t_results[n]["expr"], "torch": answer(t_results, n),
                "gradlib": answer(g_results, n)} for n in names] for c, names in classes.items()}
    pathlib.Path(gradlib_file).with_suffix(".diff.json").write_text(json.dumps(out, indent=1))


def main(generate, evaluate, selects=starts_with, group=None, same=operator.eq, value_class=None,
         before_each=None, argv=None):
    """The command line of a fuzzer (see the module's docstring)."""
    argv = sys.argv[1:] if argv is None else argv
    mode = argv[0]
    if mode == "diff":
        return diff(*argv[1:], selects=selects, group=group, same=same, value_class=value_class)
    if mode == "count":
        print(len(generate()))
        return None
    if mode not in ("torch", "gradlib"):
        raise SystemExit(f"unknown mode {mode!r}: torch, gradlib, diff or count")
    only = argv[2] if len(argv) > 2 else ""
    device = argv[3] if len(argv) > 3 else None
    return run(mode, argv[1], only, device, generate, evaluate, selects, before_each)
