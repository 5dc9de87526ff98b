"""Every public gradlib callable that PyTorch also has accepts PyTorch's keyword names (recorded by
tests/reference/signatures.py into torch_signatures.json, section 'signatures').

Compared: functions in ``gradlib``, ``gradlib.nn.functional``, ``gradlib.linalg``, ``gradlib.special``,
``gradlib.autograd``; Tensor methods; the constructors of ``gradlib.nn`` modules, optimizers, schedulers and
``gradlib.utils.data`` classes. A PyTorch keyword is a mismatch when the gradlib callable's signature has no
parameter of that name (``**kwargs`` accepts every name). ``python tests/test_signature_parity.py`` prints the
count compared and every mismatch.

Names deliberately not accepted (README, "Running PyTorch programs"), see ``NOT_ACCEPTED``.
"""
import inspect
import json
import pathlib
import sys

import pytest

import gradlib
import gradlib.linalg
import gradlib.nn.functional
import gradlib.optim.lr_scheduler
import gradlib.utils.data

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_signatures.json").read_text())

#: Keywords PyTorch accepts that gradlib refuses with Python's TypeError ("got an unexpected keyword argument").
NOT_ACCEPTED = {
    "out": "results are always new tensors; out= is refused",
    "x": "NumPy's spelling of input (PyTorch's parser takes x=, a=, x1= for input and x2= for other)",
    "a": "NumPy's spelling of input",
    "x1": "NumPy's spelling of input",
    "x2": "NumPy's spelling of other",
    "names": "named tensors do not exist in gradlib",
    "self": "the name of the first operand in PyTorch's Scalar-first overloads (torch.pow(self=2, exponent=t))",
    "out_dtype": "CUDA low-precision matmul output dtypes",
}


def _areas():
    return {"torch": gradlib, "Tensor": gradlib.Tensor, "nn": gradlib.nn, "nn.functional": gradlib.nn.functional,
            "optim": gradlib.optim, "optim.lr_scheduler": gradlib.optim.lr_scheduler,
            "utils.data": gradlib.utils.data, "autograd": gradlib.autograd, "linalg": gradlib.linalg,
            "special": getattr(gradlib, "special", None)}


def gradlib_callable(qualified):
    """The gradlib callable for PyTorch's ``area.name`` (a class stands for its constructor), or None."""
    area, _, name = qualified.rpartition(".")
    module = _areas().get(area)
    if module is None:
        return None
    if area == "Tensor":
        if isinstance(inspect.getattr_static(gradlib.Tensor, name, None), property):
            return None
    obj = getattr(module, name, None)
    if obj is None or not callable(obj):
        return None
    return obj.__init__ if isinstance(obj, type) else obj


def accepted_keywords(function):
    """(names accepted as keywords, whether **kwargs takes any name) from the signature, or None."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    names = {p.name for p in signature.parameters.values()
             if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    var_keyword = any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values())
    return names, var_keyword


def compare():
    """(number of callables compared, {qualified name: [PyTorch keywords gradlib lacks]})."""
    compared = 0
    mismatches = {}
    for qualified, entry in sorted(RECORDED["signatures"].items()):
        function = gradlib_callable(qualified)
        if function is None:
            continue
        accepted = accepted_keywords(function)
        if accepted is None:
            continue
        names, var_keyword = accepted
        compared += 1
        if var_keyword:
            continue
        missing = [k for k in entry["keywords"]
                   if k not in names and k not in NOT_ACCEPTED and not k.startswith("_")]
        if missing:
            mismatches[qualified] = missing
    return compared, mismatches


def test_every_callable_accepts_pytorchs_keywords():
    compared, mismatches = compare()
    assert compared >= 400
    report = "\n".join(f"{name}: {', '.join(missing)}" for name, missing in mismatches.items())
    assert not mismatches, f"{len(mismatches)} of {compared} callables lack PyTorch's keywords:\n{report}"


def test_comparison_can_fail():
    def sum_without_keepdim(input, dim=None):
        return input
    names, _ = accepted_keywords(sum_without_keepdim)
    assert "keepdim" in RECORDED["signatures"]["torch.sum"]["keywords"] and "keepdim" not in names


@pytest.mark.parametrize("call", [
    "x.sum(axis=1)", "x.sum(axis=0, keepdims=True)", "torch.sum(x, axis=1, keepdims=True)",
    "x.argmax(axis=1)", "torch.argmax(x, axis=1, keepdims=True)", "x.mean(axis=0)", "torch.cat([x, x], axis=0)",
    "torch.stack([x, x], axis=1)", "x.max(axis=1)", "torch.amax(x, axis=0, keepdims=True)", "x.std(axis=0)",
    "torch.softmax(x, axis=1)", "x.cumsum(axis=1)", "x.unsqueeze(axis=0)", "torch.logsumexp(x, axis=1)",
])
def test_numpy_spellings_give_the_same_result(call, device):
    x = gradlib.tensor([[1.0, 5.0, 2.0], [4.0, 0.5, 3.0]], device=device)
    spelled = eval(call, {"torch": gradlib, "x": x})
    plain = eval(call.replace("axis=", "dim=").replace("keepdims=", "keepdim="), {"torch": gradlib, "x": x})
    if isinstance(plain, gradlib.Tensor):
        assert gradlib.equal(spelled, plain)
    else:
        assert all(gradlib.equal(a, b) for a, b in zip(spelled, plain))


def test_dim_given_twice_is_refused(device):
    x = gradlib.ones(2, 3, device=device)
    with pytest.raises(TypeError, match="multiple values for argument 'dim'"):
        x.sum(1, axis=0)
    with pytest.raises(TypeError, match="multiple values for argument 'dim'"):
        gradlib.sum(x, dim=1, axis=0)


def test_out_is_refused_with_a_type_error(device):
    x = gradlib.ones(2, device=device)
    with pytest.raises(TypeError, match="unexpected keyword argument 'out'"):
        gradlib.add(x, x, out=x)


if __name__ == "__main__":
    compared, mismatches = compare()
    print(f"{compared} callables compared with PyTorch {RECORDED['torch_version']}, {len(mismatches)} mismatches")
    for name, missing in mismatches.items():
        print(f"  {name}: {', '.join(missing)}")
    sys.exit(1 if mismatches else 0)
