"""Structural counts for issue 13 ("the house"), recountable after any merge.

    python tools/house_counts.py            # the table
    python tools/house_counts.py --list     # plus every counted site (file:line)

What is counted (static AST reading of ``gradlib/``, nothing is imported):

- ``deferred gradlib imports``: ``import``/``from ... import`` statements inside a function body whose target is
  one of gradlib's own modules (relative imports, or ``gradlib``/``gradlib.*``). Imports inside functions of the
  standard library or of third-party packages are reported separately (``deferred other imports``).
- ``files over 700 lines`` and ``functions over 80 lines`` (a function's span, decorators excluded, from its
  ``def`` line to its last line; nested functions count on their own and within their parent).
- ``edge builders``: functions that turn a tensor into a graph edge, i.e. contain a call to
  ``accumulate_grad_node`` (the one way to reach a leaf's AccumulateGrad node), the function of that name itself
  excluded.
- ``saved-value formats``: the kinds of record a node keeps per saved value: one for string-tagged tuples
  (``("packed", ...)``, ``("input", ...)``: tuple literals whose first item is a string, built in
  ``autograd/``, ``ops/_op.py`` or ``ops/_primitives.py``), one for untagged version tuples (tuple literals holding
  ``counter[0]``, the version at save time), plus each class there whose name contains ``Saved`` and that defines
  ``unpack``.
- ``saved-value string tags``: the distinct strings used as those tuple tags, plus string constants assigned to
  or compared with ``_saved``/``_saved_info`` (``"freed"``, ``"packed"``) or bound to ``FREED``.
"""
import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "gradlib"
SAVED_FILES = ("autograd/", "ops/_op.py", "ops/_primitives.py")


def _files():
    return sorted(p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def _is_own(node):
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "gradlib"
    return any(alias.name.split(".")[0] == "gradlib" for alias in node.names)


def _function_nodes(tree):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _deferred_imports(tree):
    seen = set()
    found = []
    for function in _function_nodes(tree):
        for node in ast.walk(function):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in seen:
                seen.add(id(node))
                found.append(node)
    return found


def _calls(function, name):
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            target = node.func
            called = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            if called == name:
                return True
    return False


def _is_version_subscript(node):
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "counter"
            and isinstance(node.slice, ast.Constant) and node.slice.value == 0)


def _saved_attr(node):
    return isinstance(node, ast.Attribute) and node.attr in ("_saved", "_saved_info")


def count():
    rows = {key: [] for key in ("deferred gradlib imports", "deferred other imports", "files over 700 lines",
                                "functions over 80 lines", "edge builders")}
    tags = {}
    tagged_sites = []
    untagged_sites = []
    saved_classes = []
    for path in _files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text()
        tree = ast.parse(text)
        lines = len(text.splitlines())
        if lines > 700:
            rows["files over 700 lines"].append(f"gradlib/{rel} ({lines})")
        for node in _deferred_imports(tree):
            key = "deferred gradlib imports" if _is_own(node) else "deferred other imports"
            rows[key].append(f"gradlib/{rel}:{node.lineno}")
        for function in _function_nodes(tree):
            span = function.end_lineno - function.lineno + 1
            if span > 80:
                rows["functions over 80 lines"].append(f"gradlib/{rel}:{function.lineno} {function.name} ({span})")
            if function.name != "accumulate_grad_node" and _calls(function, "accumulate_grad_node"):
                rows["edge builders"].append(f"gradlib/{rel}:{function.lineno} {function.name}")
        if not rel.startswith(SAVED_FILES):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and node.elts:
                first = node.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and \
                        _in_saved_context(tree, node):
                    tags.setdefault(first.value, []).append(f"gradlib/{rel}:{node.lineno}")
                    tagged_sites.append(f"gradlib/{rel}:{node.lineno}")
                elif any(_is_version_subscript(e) for e in node.elts) and \
                        not any(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                    untagged_sites.append(f"gradlib/{rel}:{node.lineno}")
            if isinstance(node, ast.ClassDef) and "Saved" in node.name and any(
                    isinstance(item, ast.FunctionDef) and item.name == "unpack" for item in node.body):
                saved_classes.append(f"gradlib/{rel}:{node.lineno} {node.name}")
            if isinstance(node, ast.Assign):
                targets = node.targets
                value = node.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and any(
                        _saved_attr(t) or (isinstance(t, ast.Name) and t.id == "FREED") for t in targets):
                    tags.setdefault(value.value, []).append(f"gradlib/{rel}:{node.lineno}")
            if isinstance(node, ast.Compare) and len(node.comparators) == 1:
                sides = (node.left, node.comparators[0])
                for this, other in (sides, sides[::-1]):
                    if _saved_attr(this) and isinstance(other, ast.Constant) and isinstance(other.value, str):
                        tags.setdefault(other.value, []).append(f"gradlib/{rel}:{node.lineno}")
    formats = []
    if tagged_sites:
        formats.append("string-tagged tuples: " + ", ".join(tagged_sites))
    if untagged_sites:
        formats.append("untagged version tuples: " + ", ".join(untagged_sites))
    formats.extend("class " + site for site in saved_classes)
    rows["saved-value formats"] = formats
    rows["saved-value string tags"] = [f"{tag!r}: {', '.join(sites)}" for tag, sites in sorted(tags.items())]
    return rows


def _in_saved_context(tree, tuple_node):
    """A string-tagged tuple counts when it is returned or assigned in a function that deals with saved values."""
    for function in _function_nodes(tree):
        if not (function.lineno <= tuple_node.lineno <= function.end_lineno):
            continue
        name = function.name.lower()
        if "saved" in name or "pack" in name:
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is tuple_node:
                    return True
    return False


def main(argv):
    rows = count()
    for key, sites in rows.items():
        print(f"{key:28} {len(sites)}")
    if "--list" in argv:
        for key, sites in rows.items():
            if sites:
                print(f"\n{key}:")
                for site in sites:
                    print("  " + site)


if __name__ == "__main__":
    main(sys.argv[1:])
