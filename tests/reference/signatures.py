"""Record PyTorch's public names and the keyword arguments each public callable accepts (section 'signatures').

``python tests/reference/record_torch.py signatures`` writes ``tests/reference/torch_signatures.json``:

- ``"names"``: {area: sorted public names} for torch, Tensor, nn, nn.functional, optim, optim.lr_scheduler,
  utils.data, autograd, linalg, special (each module's ``__all__`` where it has one, else its public attributes
  that are not modules);
- ``"signatures"``: {qualified name: {"keywords": sorted names accepted as keywords, "var_keyword": bool}}
  for every public callable of those areas (functions, Tensor methods, and the constructors of nn modules,
  optimizers, schedulers and data classes).

Where the names come from: ``inspect.signature`` for functions written in Python; for C functions (whose
signature inspect cannot read) the overloads in the ``.pyi`` stubs shipped in the wheel
(``torch/_C/_VariableFunctions.pyi``, ``torch/_C/__init__.pyi``'s ``TensorBase`` for Tensor methods,
``torch/_C/_nn.pyi``, ``torch/nn/functional.pyi``), parsed with ``ast``, the overload list PyTorch's argument
parser prints for a call it cannot match, and the first line of the docstring (``linalg.*``, ``special.*`` have
no stubs). ``torch.overrides.get_testing_overrides()`` is not used (it is abbreviated). Each name of a C function
is then tried in a call with that keyword set to an object: kept when PyTorch complains about the value or lists
it, dropped when PyTorch refuses the keyword; when the message does not tell, a stub name is kept (the stubs come
from the same schema as the parser) and a docstring-only name is dropped (``linalg.cholesky``'s documentation says
``A``, its parser ``input``). PyTorch's parser also accepts NumPy's spellings for C functions: ``axis`` for
``dim`` and ``keepdims`` for ``keepdim`` (checked by a call where a plain call on a 2x3 tensor works), ``x``/``a``/
``x1`` for ``input`` and ``x2`` for ``other`` (checked once, on ``torch.add``).
"""
import ast
import inspect
import json
import pathlib
import re
import types

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]

NUMPY_ALIASES = {"dim": ["axis"], "keepdim": ["keepdims"], "input": ["x", "a", "x1"], "other": ["x2"]}


def _stub_overloads(path, class_name=None):
    """{function name: [set of parameter names of one overload, ...]} from a .pyi file (module level, or the
    methods of ``class_name``)."""
    tree = ast.parse(path.read_text())
    body = tree.body
    if class_name is not None:
        body = next(node.body for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name)
    found = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            names = [a.arg for a in args.args + args.kwonlyargs]
            if args.vararg is not None:
                names.append("*" + args.vararg.arg)  # f(*size): positional only, but see the other overloads
            names = [n for n in names if n != "self"]
            found.setdefault(node.name, []).append(names)
    return found


def _python_keywords(function):
    """(keyword names, accepts **kwargs) from inspect.signature, or None if it cannot be read."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    names = []
    var_keyword = False
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            names.append(parameter.name)
        elif parameter.kind == parameter.VAR_KEYWORD:
            var_keyword = True
    return [n for n in names if n != "self"], var_keyword


def _public(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")
                 and not isinstance(getattr(module, n), types.ModuleType)]
    return sorted(set(n for n in names if not n.startswith("_")))


def areas(torch):
    import torch.nn.functional as F
    import torch.optim.lr_scheduler
    import torch.utils.data
    return {"torch": torch, "Tensor": torch.Tensor, "nn": torch.nn, "nn.functional": F, "optim": torch.optim,
            "optim.lr_scheduler": torch.optim.lr_scheduler, "utils.data": torch.utils.data,
            "autograd": torch.autograd, "linalg": torch.linalg, "special": torch.special}


def public_names(torch):
    names = {}
    for area, module in areas(torch).items():
        if area == "Tensor":
            names[area] = sorted(n for n in dir(torch.Tensor) if not n.startswith("_"))
        elif area == "torch":
            # torch.__all__ leaves out some public names (set_default_dtype, unique, strided ...): add the
            # module's other public non-module attributes, constants (TYPE_CHECKING, USE_*) aside.
            extra = [n for n in dir(module) if not n.startswith("_") and not n.isupper()
                     and not isinstance(getattr(module, n), types.ModuleType)]
            names[area] = sorted(set(_public(module)) | set(extra))
        else:
            names[area] = _public(module)
    return names


_LISTED_NAME = re.compile(r"(\w+)(?: = [^,)]*)?(?=,|\))")


def _listed_names(message):
    """Parameter names of the overloads PyTorch's argument parser lists in an 'invalid combination' error."""
    names = set()
    if "expected one of:" not in message:
        return names
    for line in message.split("expected one of:", 1)[1].splitlines():
        line = line.strip()
        if line.startswith("* ("):
            for part in line[3:].rstrip(")").split(","):
                part = part.strip().split("=")[0].strip()
                if part and part != "*":
                    names.add(part.split()[-1])
    return names


def _docstring_names(function):
    """Names in the first line of a C function's docstring, e.g. 'linalg.norm(A, ord=None, *, out=None) -> T'."""
    first = (getattr(function, "__doc__", None) or "").strip().split("\n", 1)[0]
    match = re.match(r"[\w.]+\((.*)\)", first.split(" -> ")[0])
    if not match:
        return set()
    names = set()
    for part in match.group(1).split(","):
        part = part.strip().split("=")[0].strip()
        if part and part not in ("*", "/") and not part.startswith("*"):
            names.add(part.split()[-1])
    return names


def _verdict(torch, call, name, first):
    """Whether PyTorch's parser takes ``name`` as a keyword, from one call with ``name=<object>`` (and a sample
    tensor before it unless ``first``): True when it complained about the value or went through, False when it
    refused the keyword outright, None when its message does not tell ("unrecognized keyword arguments" is also
    printed for names an overload does take, e.g. addcmul's value=)."""
    sample = torch.ones(2, 3)
    try:
        call(*(() if first else (sample,)), **{name: object()})
    except TypeError as error:
        text = str(error)
        if "unexpected keyword argument" in text or "takes no keyword arguments" in text:
            return False
        if "expected one of:" in text:
            return name in _listed_names(text)
        if "unrecognized keyword arguments" in text or ("missing" in text and "required positional" in text):
            return None
        return True
    except Exception:
        return True
    return True


def _verified_c_keywords(torch, call, stub_candidates, doc_candidates, method):
    """The candidate names PyTorch accepts as keywords. A name from the stubs (generated from the same schema as
    the parser) is kept unless a call refuses it; a name only in the docstring needs a call that takes it. Then
    the NumPy spellings of those that take them (dim -> axis, keepdim -> keepdims: checked by a call that works
    with the original name; input -> x, a, x1 and other -> x2: the parser's rule, checked once on torch.add)."""
    sample = torch.ones(2, 3)
    listed = set()
    try:
        call(*(() if method else (sample,)), __bogus_keyword__=1)
    except TypeError as error:
        listed = _listed_names(str(error))
    except Exception:
        pass
    accepted = set()
    for name in sorted(set(stub_candidates) | set(doc_candidates) | listed):
        if not name.isidentifier() or name in ("axis", "keepdims", "x", "a", "x1", "x2"):
            continue
        verdicts = [_verdict(torch, call, name, first=method)]
        if not method:
            verdicts.append(_verdict(torch, call, name, first=True))
        if True in verdicts or name in listed:
            accepted.add(name)
        elif False not in verdicts and name in stub_candidates:
            accepted.add(name)
    checked = 0
    for original, aliases in NUMPY_ALIASES.items():
        if original not in accepted:
            continue
        value = {"dim": 0, "keepdim": True}.get(original)
        for alias in aliases:
            if value is None:
                accepted.add(alias)
                continue
            try:
                call(*(() if method else (sample,)), **{original: value})
            except Exception:
                accepted.add(alias)  # no plain call to compare with: the parser's rule
                continue
            try:
                call(*(() if method else (sample,)), **{alias: value})
                accepted.add(alias)
                checked += 1
            except TypeError:
                pass
            except Exception:
                accepted.add(alias)
                checked += 1
    return accepted, checked


def record_signatures(torch):
    stubs_dir = pathlib.Path(torch.__file__).parent
    module_stubs = {}
    for stub in ("_C/_VariableFunctions.pyi", "_C/_nn.pyi", "nn/functional.pyi"):
        for name, overloads in _stub_overloads(stubs_dir / stub).items():
            module_stubs.setdefault(name, []).extend(overloads)
    method_stubs = _stub_overloads(stubs_dir / "_C/__init__.pyi", "TensorBase")
    assert torch.add(x=torch.ones(1), x2=torch.ones(1)).item() == 2  # the input/other spellings, once

    def stub_names(overloads):
        names = set()
        for overload in overloads:
            names.update(n.lstrip("*") for n in overload)
        return names

    signatures = {}
    checked = 0
    for area, module in areas(torch).items():
        for name in public_names(torch)[area]:
            if area == "Tensor":
                member = inspect.getattr_static(torch.Tensor, name, None)
                if member is None or isinstance(member, (property, types.GetSetDescriptorType,
                                                          types.MemberDescriptorType)):
                    continue
                function = getattr(torch.Tensor, name)
                if not callable(function):
                    continue
                if isinstance(function, (types.BuiltinFunctionType, types.MethodDescriptorType,
                                         types.WrapperDescriptorType)):
                    sample = torch.ones(2, 3)
                    keywords, n = _verified_c_keywords(torch, getattr(sample, name),
                                                       stub_names(method_stubs.get(name, [])),
                                                       _docstring_names(function), method=True)
                    checked += n
                    var_keyword = False
                else:
                    python = _python_keywords(function)
                    if python is None:
                        continue
                    keywords, var_keyword = python
                signatures[f"Tensor.{name}"] = {"keywords": sorted(set(keywords)), "var_keyword": var_keyword}
                continue
            obj = getattr(module, name, None)
            if obj is None or isinstance(obj, types.ModuleType) or not callable(obj):
                continue
            if isinstance(obj, type):
                if area in ("torch", "autograd"):
                    continue  # dtypes, Tensor, Generator, Function ...: not compared
                python = _python_keywords(obj.__init__)
                if python is None:
                    continue
                keywords, var_keyword = python
            elif isinstance(obj, types.BuiltinFunctionType):
                keywords, n = _verified_c_keywords(torch, obj, stub_names(module_stubs.get(name, [])),
                                                   _docstring_names(obj), method=False)
                checked += n
                var_keyword = False
            else:
                python = _python_keywords(obj)
                if python is None:
                    continue
                keywords, var_keyword = python
            signatures[f"{area}.{name}"] = {"keywords": sorted(set(keywords)), "var_keyword": var_keyword}
    # The methods programs call on modules and optimizers (model.to(...), state_dict(prefix=...),
    # optimizer.zero_grad(set_to_none=...)): Python methods, read with inspect.
    for owner, cls in (("nn.Module", torch.nn.Module), ("optim.Optimizer", torch.optim.Optimizer),
                       ("optim.lr_scheduler.LRScheduler", torch.optim.lr_scheduler.LRScheduler)):
        for name in sorted(vars(cls)):
            if name.startswith("_"):
                continue
            python = _python_keywords(getattr(cls, name)) if callable(getattr(cls, name)) else None
            if python is not None:
                keywords, var_keyword = python
                signatures[f"{owner}.{name}"] = {"keywords": sorted(set(keywords)), "var_keyword": var_keyword}
    return signatures, checked


def record():
    import torch
    signatures, verified = record_signatures(torch)
    recorded = {"torch_version": torch.__version__, "names": public_names(torch), "signatures": signatures}
    path = HERE / "torch_signatures.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(signatures)} signatures ({verified} axis/keepdims aliases checked by a call) and "
          f"{sum(len(v) for v in recorded['names'].values())} public names to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    record()
