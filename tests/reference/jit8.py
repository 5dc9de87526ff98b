"""``torch.jit`` as eager programs use it (issue 15, jit8): script, trace, save/load, freeze and the markers,
written once for gradlib and PyTorch (``lib``). The record of a case is what ``observe`` returns: the case's
result ``r`` or its exception, the warnings raised at the case's own lines (class and message, sorted) and the
DeprecationWarnings (without PyTorch's internal ``trace_method`` one). Tensor values are compared between the scripted and the eager module inside a case
(the two libraries' random numbers differ).
"""
import importlib
import io
import json
import os
import pathlib
import sys
import tempfile
import types
import typing
import warnings

PRELUDE = """
from jit8_scope import lib, nn, io, os, typing, TMP


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.seq = nn.Sequential(nn.ReLU(), nn.Linear(2, 2))
        self.bn = nn.BatchNorm1d(2)
        self.scale = 2.0

    def forward(self, x):
        return self.bn(self.seq(self.fc(x))) * self.scale

    def helper(self, x):
        return self.fc(x).sum()


class Branchy(nn.Module):
    def forward(self, x):
        CONVERSION
        return x * 2

net = Net()
x = lib.arange(12.).reshape(4, 3) / 10
"""

TORCHSCRIPT_FILE = "torchscript_linear.pt"

CONVERSIONS = {"bool": "if x.sum() > 0: pass", "item": "x.sum().item()", "float": "float(x.sum())",
               "int": "int(x.sum())", "tolist": "x.tolist()", "numpy": "x.detach().numpy()",
               "none": "x.sum() + 1", "index": "[1, 2][x.long().sum() % 2]"}

CASES = {
    "script_repr": "s = lib.jit.script(net); r = repr(s)",
    "script_type": "s = lib.jit.script(net); r = [type(s).__name__, [c.__name__ for c in type(s).__mro__][:3], "
                   "isinstance(s, lib.jit.ScriptModule), isinstance(s, nn.Module), type(s.seq).__name__]",
    "script_names": "s = lib.jit.script(net); r = [s.original_name, s.fc.original_name, s.seq.original_name]",
    "script_state": "s = lib.jit.script(net); r = [list(s.state_dict()), [n for n, _ in s.named_parameters()], "
                    "[n for n, _ in s.named_buffers()], [n for n, _ in s.named_modules()]]",
    "script_shares": "s = lib.jit.script(net); r = [s.fc.weight is net.fc.weight, s.bn.running_mean is "
                     "net.bn.running_mean, s is not net, s.fc is not net.fc]",
    "script_eval": "s = lib.jit.script(net); s.eval(); r = [net.training, s.training, s.bn.training, "
                   "net.bn.training]",
    "script_call": "s = lib.jit.script(net).eval(); net.eval(); r = [bool((s(x) == net(x)).all()), "
                   "s(x).shape == net(x).shape, s(x).requires_grad]",
    "script_attribute": "s = lib.jit.script(net); r = [s.scale, type(s.scale).__name__]",
    "script_sequential": "s = lib.jit.script(nn.Sequential(nn.Linear(2, 2), nn.ReLU())); "
                         "r = [len(s), repr(s), s(x[:, :2]).shape[1]]",
    "script_twice": "s = lib.jit.script(net); r = lib.jit.script(s) is s",
    "script_builtin_class": "lib.jit.script(int)",
    "script_function": "def f(a, b):\n    return a * b + 1\n"
                       "sf = lib.jit.script(f); r = [type(sf).__name__, sf.name, sf(x, x).tolist() == f(x, x).tolist()]",
    "script_decorator": "@lib.jit.script\ndef g(a):\n    return a.relu()\nr = [type(g).__name__, g(-x).sum().item()]",
    "script_grad": "s = lib.jit.script(net); s(x).sum().backward(); r = [net.fc.weight.grad is not None, "
                   "list(net.fc.weight.grad.shape)]",
    "trace_repr": "t = lib.jit.trace(net, x); r = repr(t)",
    "trace_type": "t = lib.jit.trace(net, x); r = [type(t).__name__, [c.__name__ for c in type(t).__mro__][:4], "
                  "type(t.fc).__name__, isinstance(t, lib.jit.ScriptModule), t.original_name]",
    "trace_state": "t = lib.jit.trace(net, x); r = [list(t.state_dict()), t.fc.weight is net.fc.weight, t.training]",
    "trace_call": "net.eval(); t = lib.jit.trace(net, x); r = [bool((t(x + 1) == net(x + 1)).all())]",
    "trace_tuple_inputs": "def f(a, b):\n    return a - b\n"
                          "tf = lib.jit.trace(f, (x, x)); r = [type(tf).__name__, tf(x, 2 * x).tolist() == (-x).tolist()]",
    "trace_kwarg_inputs": "t = lib.jit.trace(net, example_kwarg_inputs={'x': x}); r = type(t).__name__",
    "trace_scripted": "s = lib.jit.script(net); r = lib.jit.trace(s, x) is s",
    "trace_is_tracing": "seen = []\n"
                        "class T(nn.Module):\n    def forward(self, a):\n"
                        "        seen.append(lib.jit.is_tracing())\n        return a\n"
                        "lib.jit.trace(T(), x, check_trace=False); r = [seen[0], lib.jit.is_tracing()]",
    "trace_function_warning": "def f(a):\n    return a * a.sum().item()\n"
                              "tf = lib.jit.trace(f, x, check_trace=False); r = type(tf).__name__",
    "save_load": "s = lib.jit.script(net).eval(); buf = io.BytesIO(); lib.jit.save(s, buf); buf.seek(0); "
                 "l = lib.jit.load(buf); r = [type(l).__name__, repr(l), l.training, l.bn.training, "
                 "list(l.state_dict()), all(bool((a == b).all()) for a, b in zip(l.state_dict().values(), "
                 "s.state_dict().values())), bool((l(x) == s(x)).all())]",
    "save_load_train_flags": "s = lib.jit.script(net); s.bn.eval(); buf = io.BytesIO(); lib.jit.save(s, buf); "
                             "buf.seek(0); "
                             "l = lib.jit.load(buf); r = [l.training, l.fc.training, l.bn.training]",
    "save_load_path": "s = lib.jit.script(net); p = os.path.join(TMP, 'm.pt'); s.save(p); "
                      "l = lib.jit.load(p, map_location='cpu'); r = [type(l).__name__, l.fc.weight.device.type, "
                      "l.fc.weight.requires_grad, l.scale]",
    "save_load_map_device": "s = lib.jit.script(net); buf = io.BytesIO(); lib.jit.save(s, buf); buf.seek(0); "
                            "l = lib.jit.load(buf, map_location=lib.device('cpu')); r = str(l.bn.running_var.device)",
    "save_load_traced": "t = lib.jit.trace(net, x); buf = io.BytesIO(); lib.jit.save(t, buf); buf.seek(0); "
                        "l = lib.jit.load(buf); r = [type(l).__name__, repr(l)]",
    "save_extra_files": "s = lib.jit.script(net); buf = io.BytesIO(); lib.jit.save(s, buf, _extra_files={'a.txt': "
                        "'hi'}); buf.seek(0); extra = {'a.txt': ''}; lib.jit.load(buf, _extra_files=extra); "
                        "r = extra['a.txt'].decode()",
    "load_missing": "lib.jit.load(os.path.join(TMP, 'missing.pt'))",
    "load_directory": "lib.jit.load(TMP)",
    "load_state_dict_file": "p = os.path.join(TMP, 'sd.pt'); lib.save(net.state_dict(), p); lib.jit.load(p)",
    "freeze_not_scripted": "lib.jit.freeze(net)",
    "freeze_training": "lib.jit.freeze(lib.jit.script(net))",
    "freeze": "s = lib.jit.script(net).eval(); f = lib.jit.freeze(s); r = [type(f).__name__, repr(f), "
              "list(f.parameters()), list(f.state_dict()), bool(lib.allclose(f(x), s(x), atol=1e-6)), "
              "f(x).requires_grad]",
    "freeze_traced": "net.eval(); f = lib.jit.freeze(lib.jit.trace(net, x)); r = [type(f).__name__, repr(f)]",
    "markers": "f = lib.jit.ignore(lambda a: a)\nd = lib.jit.ignore(drop=True)(lambda a: a)\n"
               "u = lib.jit.unused(lambda a: a)\ne = lib.jit.export(lambda a: a)\n"
               "r = [f._torchscript_modifier, d._torchscript_modifier, u._torchscript_modifier, "
               "e._torchscript_modifier, f(3)]",
    "annotations": "r = [lib.jit.annotate(int, 3), lib.jit.Final is typing.Final, lib.jit.is_scripting(), "
                   "lib.jit.is_tracing()]",
    "optimized_execution": "with lib.jit.optimized_execution(False):\n    r = net(x).shape[0]",
    "final_attribute": "class C(nn.Module):\n    k: lib.jit.Final[int]\n"
                       "    def __init__(self):\n        super().__init__()\n        self.k = 3\n"
                       "    def forward(self, a):\n        return a * self.k\n"
                       "s = lib.jit.script(C()); r = [s.k, s(x).sum().item() == (3 * x).sum().item()]",
    "ignored_method": "class C(nn.Module):\n    @lib.jit.ignore\n    def python_only(self, a):\n        return a + 1\n"
                      "    def forward(self, a):\n        return self.python_only(a)\n"
                      "s = lib.jit.script(C()); r = s(x).tolist() == (x + 1).tolist()",
    "exported_method": "class C(nn.Module):\n    @lib.jit.export\n    def twice(self, a):\n        return 2 * a\n"
                       "    def forward(self, a):\n        return a\n"
                       "s = lib.jit.script(C()); r = s.twice(x).tolist() == (2 * x).tolist()",
    "script_method_subclass": "class C(lib.jit.ScriptModule):\n    def __init__(self):\n        super().__init__()\n"
                              "        self.w = nn.Parameter(lib.ones(3))\n"
                              "    @lib.jit.script_method\n    def forward(self, a):\n        return a * self.w\n"
                              "c = C(); r = [isinstance(c, lib.jit.ScriptModule), c(x).tolist() == x.tolist(), "
                              "list(c.state_dict())]",
}
for _kind in CONVERSIONS:
    CASES[f"trace_warns_{_kind}"] = f"lib.jit.trace(Branchy(), x, check_trace=False); r = '{_kind}'"


def _clean(lib, text):
    return str(text).replace(lib.__name__ + ".", "torch.")


def observe(lib, name, tmp):
    """Run case ``name`` as a module ``jit8_case_<name>`` written to ``tmp`` (TorchScript needs the source in a
    file, ``jit.save`` of gradlib an importable class); its names come from the module ``jit8_scope``."""
    lib.manual_seed(0)
    kind = name[len("trace_warns_"):] if name.startswith("trace_warns_") else "none"
    scope = types.ModuleType("jit8_scope")
    scope.__dict__.update(lib=lib, nn=lib.nn, io=io, os=os, typing=typing, TMP=tmp)
    module_name = f"jit8_case_{name}_{lib.__name__}"
    source = PRELUDE.replace("CONVERSION", CONVERSIONS[kind]) + "\n" + CASES[name] + "\n"
    pathlib.Path(tmp, module_name + ".py").write_text(source)
    sys.modules["jit8_scope"] = scope
    sys.path.insert(0, tmp)
    library_dir = os.path.dirname(lib.__file__)
    seen = {}
    module = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                module = importlib.import_module(module_name)
            except Exception as error:  # noqa: BLE001 - the error is the record
                seen["error"] = [type(error).__name__, _clean(lib, error).replace(tmp, "<tmp>")]
    finally:
        sys.path.remove(tmp)
        sys.modules.pop("jit8_scope", None)
        sys.modules.pop(module_name, None)
    # warnings raised at the case's own lines (PyTorch's own Python code warns for its internals too)
    seen["warnings"] = sorted({(w.category.__name__, str(w.message)) for w in caught
                               if not issubclass(w.category, DeprecationWarning)
                               and not os.path.abspath(w.filename).startswith(library_dir)})
    # every torch.jit entry point is deprecated in PyTorch 2.13 (some warn at PyTorch's own lines)
    seen["deprecations"] = sorted({str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)
                                   and "trace_method" not in str(w.message)})
    if module is not None and "r" in vars(module):
        seen["result"] = module.r
    return json.loads(json.dumps(seen))


def record():
    import torch
    with tempfile.TemporaryDirectory() as tmp:
        recorded = {name: observe(torch, name, tmp) for name in CASES}
    path = pathlib.Path(__file__).parent / "torch_jit8.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} jit cases to {path.name}")
    # a real TorchScript archive, which gradlib.jit.load must refuse with a clear RuntimeError
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.jit.save(torch.jit.script(torch.nn.Linear(2, 1)), pathlib.Path(__file__).parent / TORCHSCRIPT_FILE)
