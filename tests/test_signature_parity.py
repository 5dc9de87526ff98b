"""Every public gradlib callable that PyTorch also has accepts PyTorch's keyword names (recorded by
tests/reference/signatures.py into torch_signatures.json, section 'signatures').

Compared: functions in ``gradlib``, ``gradlib.nn.functional``, ``gradlib.linalg``, ``gradlib.special``,
``gradlib.autograd``, ``gradlib.func``, ``gradlib.testing``, ``gradlib.autograd.forward_ad``, ``gradlib.distributions`` (recorded by tests/reference/funcs.py); Tensor methods; the constructors of ``gradlib.nn`` modules, optimizers, schedulers and
``gradlib.utils.data`` classes; the methods of ``nn.Module``, ``optim.Optimizer`` and ``LRScheduler``. A PyTorch keyword is a mismatch when the gradlib callable's signature has no
parameter of that name (``**kwargs`` accepts every name). ``python tests/test_signature_parity.py`` prints the
count compared and every mismatch.

Names deliberately not accepted (README, "Running PyTorch programs"), see ``NOT_ACCEPTED``.
"""
import importlib
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
# torch.func, torch.testing, torch.autograd.forward_ad, torch.distributions (recorded by tests/reference/funcs.py)
RECORDED["signatures"].update(json.loads((ROOT / "tests" / "reference" / "torch_funcs.json").read_text())["signatures"])
# torch.profiler, torch.autograd.profiler(_util), torch.utils.benchmark, torch.utils.tensorboard (tests/reference/tools6.py)
TOOLS = json.loads((ROOT / "tests" / "reference" / "torch_tools6.json").read_text())["signatures"]
RECORDED["signatures"].update(TOOLS)

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

#: Keywords the recorder lists for one callable that PyTorch refuses there: the recorder looks stubs up by bare name,
#: so a torch.linalg function takes the stub names of the torch function of the same name. Each was checked with a
#: call (PyTorch raises "got an unexpected keyword argument").
RECORDER_ARTIFACTS = {
    "linalg.lu_solve": {"LU_data", "LU_pivots", "input"},  # torch.lu_solve(input, LU_data, LU_pivots)'s names
    # the torch.* spellings of nn.functional ops take the stub names of the functional of the same name (each
    # refusal recorded: case "refused_functional_keywords" of tests/reference/torchfn10_cases.py)
    **{f"torch.{name}": {"reduce", "size_average"} for name in (
        "binary_cross_entropy_with_logits", "cosine_embedding_loss", "hinge_embedding_loss", "kl_div",
        "margin_ranking_loss", "poisson_nll_loss", "triplet_margin_loss")},
    **{f"torch.{name}": {"inplace", "training"} for name in ("dropout", "alpha_dropout", "feature_alpha_dropout")},
    **{f"torch.{name}": {"return_indices"} for name in ("adaptive_max_pool1d", "max_pool1d", "max_pool1d_with_indices",
                                                         "max_pool2d", "max_pool3d")},
    "torch.embedding": {"input", "max_norm", "norm_type"},
    "torch.threshold": {"inplace"},
}


def _areas():
    return {"torch": gradlib, "Tensor": gradlib.Tensor, "nn": gradlib.nn, "nn.functional": gradlib.nn.functional,
            "optim": gradlib.optim, "optim.lr_scheduler": gradlib.optim.lr_scheduler,
            "utils.data": gradlib.utils.data, "autograd": gradlib.autograd, "linalg": gradlib.linalg,
            "special": getattr(gradlib, "special", None), "func": gradlib.func, "testing": gradlib.testing,
            "autograd.forward_ad": gradlib.autograd.forward_ad, "distributions": gradlib.distributions}


def gradlib_callable(qualified):
    """The gradlib callable for PyTorch's ``area.name`` (a class stands for its constructor), or None."""
    if qualified in TOOLS:
        return _tools_callable(qualified)
    area, _, name = qualified.rpartition(".")
    owner = {"nn.Module": gradlib.nn.Module, "optim.Optimizer": gradlib.optim.Optimizer,
             "optim.lr_scheduler.LRScheduler": gradlib.optim.lr_scheduler.LRScheduler}.get(area)
    if owner is not None:  # methods of modules, optimizers and schedulers
        method = getattr(owner, name, None)
        return method if callable(method) else None
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


def _tools_callable(qualified):
    """``profiler.profile.step`` -> gradlib.profiler.profile.step (classes: their ``__init__``); None when the
    module cannot be imported here (torch.utils.tensorboard without the tensorboard package)."""
    for area in sorted(TOOL_AREAS, key=len, reverse=True):
        if qualified.startswith(area + "."):
            try:
                module = importlib.import_module("gradlib." + area)
            except ImportError:
                return None
            obj = module
            for part in qualified[len(area) + 1:].split("."):
                obj = getattr(obj, part, None)
            return obj.__init__ if isinstance(obj, type) else obj
    return None


TOOL_AREAS = ("profiler", "autograd.profiler", "autograd.profiler_util", "utils.benchmark", "utils.tensorboard")


def accepted_keywords(function):
    """(names accepted as keywords, whether **kwargs takes any name) from the signature, or None. Module's own
    ``__init__(*args, **kwargs)`` (inherited by modules without arguments) refuses every argument, as PyTorch's."""
    if function is gradlib.nn.Module.__init__:
        return set(), False
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
                   if k not in names and k not in NOT_ACCEPTED and not k.startswith("_")
                   and k not in RECORDER_ARTIFACTS.get(qualified, ())]
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


# ----- what the added keywords do ---------------------------------------------------------------------------
def test_size_and_layout_keywords(device):
    assert gradlib.zeros(size=(2, 3), device=device).shape == (2, 3)
    assert gradlib.randn(size=[4], device=device).shape == (4,)
    assert gradlib.ones(2, layout=gradlib.strided, pin_memory=False, device=device).shape == (2,)
    assert gradlib.ones(2, device=device).new_zeros(size=(1, 2)).shape == (1, 2)
    x = gradlib.arange(6.0, device=device)
    assert x.view(size=(2, 3)).shape == (2, 3) and x.reshape(shape=(3, 2)).shape == (3, 2)
    assert gradlib.reshape(x, shape=(3, 2)).shape == (3, 2)
    assert x.reshape(2, 3).permute(dims=(1, 0)).shape == (3, 2)
    assert x.expand(size=(2, 6)).shape == (2, 6) and x.repeat(repeats=(2,)).shape == (12,)
    with pytest.raises(TypeError, match="multiple values for argument 'size'"):
        gradlib.zeros(2, size=(2,))
    with pytest.raises(TypeError, match="layout must be gradlib.strided"):
        gradlib.zeros(2, layout="sparse")


def test_memory_formats(device):
    x = gradlib.ones(1, 2, 3, 3, device=device)
    assert x.contiguous(memory_format=gradlib.contiguous_format).is_contiguous()
    assert gradlib.equal(x.clone(memory_format=gradlib.preserve_format), x)
    assert x.is_contiguous(memory_format=gradlib.contiguous_format)
    assert x.contiguous(memory_format=gradlib.channels_last).stride() == (18, 1, 6, 2)  # tests/test_progs6a.py
    made = gradlib.empty(1, 2, 3, 3, device=device, memory_format=gradlib.channels_last)  # tests/test_memory_formats.py
    assert made.stride() == (18, 1, 6, 2)
    assert repr(gradlib.channels_last) == "gradlib.channels_last"


def test_pin_memory_needs_cuda(device):
    if gradlib.cuda.is_available():
        assert gradlib.zeros(2, pin_memory=True, device="cpu").device.type == "cpu"
    else:
        with pytest.raises(RuntimeError, match="pin_memory=True requires a CUDA"):
            gradlib.zeros(2, pin_memory=True, device="cpu")


def test_renamed_tensor_parameters(device):
    a = gradlib.tensor([[1.0, 2.0], [3.0, 4.0]], device=device)
    v = gradlib.tensor([1.0, -1.0], device=device)
    assert gradlib.equal(a.mm(mat2=a), a @ a) and gradlib.equal(a.mv(vec=v), a @ v)
    assert gradlib.equal(v.dot(tensor=v), gradlib.dot(v, tensor=v))
    assert gradlib.equal(v.outer(vec2=v), gradlib.outer(v, v))
    assert gradlib.equal(a.max(other=v), gradlib.maximum(a, v)) and gradlib.equal(gradlib.min(a, other=v), gradlib.minimum(a, v))
    assert gradlib.equal(a.swapaxes(axis0=0, axis1=1), a.t())
    assert gradlib.equal(a.div(2, rounding_mode="floor"), gradlib.tensor([[0.0, 1.0], [1.0, 2.0]], device=device))
    y = gradlib.zeros(2, device=device)
    y.copy_(other=v)
    assert gradlib.equal(y, v)
    assert gradlib.promote_types(type1=gradlib.int64, type2=gradlib.float16) is gradlib.float16
    assert gradlib.result_type(scalar=1, tensor=v) is gradlib.float32
    assert gradlib.result_type(scalar1=1, scalar2=2) is gradlib.int64


def test_scatter_reduce_add(device):
    index = gradlib.tensor([0, 0, 2], device=device)
    src = gradlib.tensor([1.0, 2.0, 3.0], device=device)
    out = gradlib.ones(3, device=device).scatter(0, index, src, reduce="add")
    assert out.tolist() == [4.0, 1.0, 4.0]
    with pytest.raises(RuntimeError, match="reduce argument must be either add or multiply"):
        gradlib.ones(3, device=device).scatter(0, index, src, reduce="max")


def test_huber_loss_weight(device):
    F = gradlib.nn.functional
    x = gradlib.tensor([0.0, 2.0, -3.0], device=device)
    t = gradlib.zeros(3, device=device)
    w = gradlib.tensor([1.0, 0.5, 2.0], device=device)
    # per element (delta 1): 0, 1.5, 2.5 -> weighted 0, 0.75, 5.0 (PyTorch 2.13: weighted then reduced)
    assert F.huber_loss(x, t, reduction="none", weight=w).tolist() == [0.0, 0.75, 5.0]
    assert abs(F.huber_loss(x, t, weight=w).item() - 5.75 / 3) < 1e-6
    with pytest.raises(ValueError, match="Weights and input must have the same size"):
        F.huber_loss(x, t, weight=w[:2])


def test_adam_decoupled_weight_decay_is_adamw(device):
    def run(make):
        p = gradlib.nn.Parameter(gradlib.tensor([1.0, -2.0], device=device))
        opt = make([p])
        for _ in range(3):
            opt.zero_grad()
            (p ** 2).sum().backward()
            opt.step()
        return p.detach()
    a = run(lambda ps: gradlib.optim.Adam(ps, lr=0.1, weight_decay=0.1, decoupled_weight_decay=True))
    b = run(lambda ps: gradlib.optim.AdamW(ps, lr=0.1, weight_decay=0.1))
    c = run(lambda ps: gradlib.optim.Adam(ps, lr=0.1, weight_decay=0.1))
    assert gradlib.equal(a, b) and not gradlib.equal(a, c)


def test_group_norm_bias(device):
    norm = gradlib.nn.GroupNorm(2, 4, bias=False, device=device)
    assert norm.bias is None and repr(norm) == "GroupNorm(2, 4, eps=1e-05, affine=True, bias=False)"
    assert norm(gradlib.ones(1, 4, 2, device=device)).shape == (1, 4, 2)


def test_deprecated_autograd_names(device):
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    with pytest.warns(FutureWarning, match="`grad_variables` is deprecated"):  # PyTorch's category and text
        gradlib.autograd.backward([(x * x).sum()], grad_variables=[gradlib.tensor(2.0, device=device)])
    assert x.grad.tolist() == [4.0, 8.0]
    with pytest.warns(FutureWarning, match="only_inputs argument is deprecated"):
        (g,) = gradlib.autograd.grad((x * x).sum(), x, only_inputs=False)
    assert g.tolist() == [2.0, 4.0]
    assert gradlib.autograd.gradcheck(lambda t: t * 2, (x.double(),), check_forward_ad=True)  # forward mode exists
    with pytest.raises(ValueError, match="no batched forward-mode AD"):
        gradlib.autograd.gradcheck(lambda t: t * 2, (x.double(),), check_batched_forward_grad=True)


def test_linalg_older_tolerance_names(device):
    a = gradlib.tensor([[2.0, 0.0], [0.0, 1e-4]], device=device, dtype=gradlib.float64)
    # rcond: relative (atol 0); tol: absolute (rtol 0), as PyTorch's older overloads
    assert gradlib.equal(gradlib.linalg.pinv(input=a, rcond=1e-3), gradlib.linalg.pinv(a, atol=0.0, rtol=1e-3))
    assert gradlib.linalg.pinv(a, 1e-3)[1, 1].item() == 0.0
    assert gradlib.linalg.matrix_rank(input=a, tol=1e-3).item() == 1
    assert gradlib.linalg.matrix_rank(a, tol=1e-5).item() == 2
    with pytest.raises(TypeError, match="rcond or atol/rtol"):
        gradlib.linalg.pinv(a, rcond=1e-3, rtol=1e-3)
