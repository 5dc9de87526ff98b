"""Every op registry sample on complex input (helper complex9): PyTorch's values, dtypes and gradients (the conjugate
Wirtinger derivative of a real loss), or PyTorch's refusal with its exception class and message. The cases and
their runner are tests/reference/complex9.py; PyTorch's answers are tests/reference/torch_complex9.json."""
import json
import math
import pathlib
import re

import pytest

import gradlib
import complex9_known
from reference import complex9

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_complex9.json").read_text())

#: cases gradlib does not match yet, each with the reason (strict xfail: a fixed one must leave the table, which
#: ``python tests/test_complex9.py --write-known`` rewrites from a CPU run of the sweep)
KNOWN = complex9_known.KNOWN


def _close(got, want, where, rtol, atol):
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: {got} != {want}"
        for index, (g, w) in enumerate(zip(got, want)):
            _close(g, w, f"{where}[{index}]", rtol, atol)
        return
    if want is None or isinstance(want, bool) or isinstance(want, str):
        assert got == want, f"{where}: {got} != {want}"
        return
    if isinstance(want, float) and math.isnan(want):
        assert isinstance(got, float) and math.isnan(got), f"{where}: {got} != nan"
        return
    if isinstance(want, float) and math.isinf(want):
        assert got == want, f"{where}: {got} != {want}"
        return
    assert abs(got - want) <= atol + rtol * abs(want), f"{where}: {got} != {want}"


def _tolerance(dtype):
    if dtype in ("complex64", "float32", "float16", "bfloat16"):
        return 2e-4, 2e-5
    return 1e-7, 1e-9


def _random(name):
    return any(word in name.split("/")[0] for word in complex9.RANDOM_WORDS)


_KERNEL = re.compile(r'^"[^"]+" not implemented for \'(\w+)\'$')


def _same_message(found, expected, device_type):
    """gradlib's message is PyTorch's, up to the module name; on a GPU also up to the device in type and kernel
    names (PyTorch was recorded on the CPU; its CUDA kernels have names of their own, which gradlib gives)."""
    found, expected = found.replace("torch.", "gradlib."), expected.replace("torch.", "gradlib.")
    if found == expected:
        return True
    if device_type == "cpu":
        return False
    on_cpu = found.replace("gradlib.cuda.", "gradlib.").replace("CUDA", "CPU").replace("_cuda", "_cpu")
    if on_cpu == expected:
        return True
    kernel_found, kernel_expected = _KERNEL.match(found), _KERNEL.match(expected)
    return bool(kernel_found and kernel_expected and kernel_found.group(1) == kernel_expected.group(1))


def compare(found, expected, name, device_type="cpu"):
    if "error" in expected:
        assert "error" in found, f"{name}: PyTorch refuses ({expected['error']}), gradlib gave a result"
        assert found["error"][0] == expected["error"][0], f"{name}: {found['error']} != {expected['error']}"
        assert _same_message(found["error"][1], expected["error"][1], device_type), (
            f"{name}: {found['error']} != {expected['error']}")
        assert found["stage"] == expected["stage"], name
        return
    assert "error" not in found, f"{name}: gradlib raised {found['error']} at {found['stage']}"
    for kind in ("outputs", "grads"):
        got_all, want_all = found[kind], expected[kind]
        assert len(got_all) == len(want_all), f"{name} {kind}: {len(got_all)} != {len(want_all)}"
        for index, (got, want) in enumerate(zip(got_all, want_all)):
            where = f"{name} {kind}[{index}]"
            if want is None or got is None or isinstance(want, str):
                assert got == want, where
                continue
            assert got["dtype"] == want["dtype"], f"{where}: dtype {got['dtype']} != {want['dtype']}"
            assert got["shape"] == want["shape"], f"{where}: shape {got['shape']} != {want['shape']}"
            if not _random(name):
                _close(got["values"], want["values"], where, *_tolerance(want["dtype"]))


def _params():
    for name in sorted(RECORDED):
        marks = [pytest.mark.xfail(reason=KNOWN[name], strict=_ON_CPU)] if name in KNOWN else []
        yield pytest.param(name, marks=marks, id=name)


def _on_cpu():
    """Whether this run's --device is the CPU: the known differences are strict there (PyTorch was recorded on the
    CPU); on a GPU a CUDA kernel name may already agree where the CPU's differs."""
    import sys
    for index, argument in enumerate(sys.argv):
        if argument == "--device" and index + 1 < len(sys.argv):
            return sys.argv[index + 1] == "cpu"
        if argument.startswith("--device="):
            return argument.split("=", 1)[1] == "cpu"
    import os
    return os.environ.get("GRADLIB_TEST_DEVICE", "cpu") == "cpu"


_ON_CPU = _on_cpu()


@pytest.mark.parametrize("name", list(_params()))
def test_every_op_on_complex(name, device):
    import op_registry
    sample_name, variant = name.rsplit("/", 1)
    found = complex9.run_case(gradlib, op_registry.SAMPLES_BY_NAME[sample_name], variant, device)
    compare(found, RECORDED[name], name, gradlib.device(device).type)


#: complex128 cases whose sample is not differentiable as written for complex input, and why (PyTorch's own
#: gradcheck fails on them too)
_NOT_GRADCHECKED = {
    "cholesky/complex128": "the sample symmetrizes with mT, not mH: cholesky reads a non-Hermitian matrix, where "
                           "its derivative (PyTorch's, which assumes a Hermitian input) is not the finite difference",
    "pinv_hermitian/complex128": "as cholesky: the sample symmetrizes with mT, and pinv(hermitian=True) reads one "
                                 "triangle of a non-Hermitian matrix",
}


def _gradcheck_cases():
    """complex128 cases whose gradients PyTorch computes and gradlib matches, with at most 16 complex numbers to
    perturb (the numerical Jacobian stays cheap)."""
    import op_registry
    for name in sorted(RECORDED):
        sample_name, variant = name.rsplit("/", 1)
        record = RECORDED[name]
        if (variant != "complex128" or "error" in record or not record["grads"] or name in KNOWN or _random(name)
                or name in _NOT_GRADCHECKED):
            continue
        sample = op_registry.SAMPLES_BY_NAME[sample_name]
        if not sample.exact_derivative:  # PyTorch's gradient is by design not the derivative (compared instead)
            continue
        sizes = [math.prod(spec.shape) for spec in sample.inputs if spec.kind in ("float", "spd") and spec.grad]
        if sum(sizes) <= 16:
            yield name


@pytest.mark.parametrize("name", list(_gradcheck_cases()))
def test_gradcheck_complex(name, device):
    """gradcheck in complex128 (real and imaginary parts perturbed: PyTorch's conjugate Wirtinger convention) of
    every op PyTorch differentiates on complex input, at the sweep's inputs."""
    import op_registry
    from gradlib.autograd import gradcheck
    sample_name, variant = name.rsplit("/", 1)
    sample = op_registry.SAMPLES_BY_NAME[sample_name]
    inputs = complex9.make_inputs(gradlib, sample, variant, device)
    wanted = [tensor for tensor in inputs if tensor.requires_grad]

    def function(*values):
        given = iter(values)
        arguments = [next(given) if tensor.requires_grad else tensor for tensor in inputs]
        outputs = op_registry.outputs_of(sample.function(gradlib, *arguments))
        return tuple(out for out in outputs if getattr(out, "requires_grad", False))

    assert gradcheck(function, tuple(wanted))


def test_sweep_covers_every_sample():
    """The recorded sweep has every registry sample that has a float input (a new sample needs a new recording)."""
    import op_registry
    assert set(complex9.cases(op_registry.SAMPLES)) == set(RECORDED)


PRINTED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_complex9_printing.json").read_text())


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_complex_printing(name, device):
    """repr and str of complex tensors as PyTorch prints them (sci mode, 0-d, empty, requires_grad, grad_fn)."""
    from device_text import without_device_suffix
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        value = eval(complex9.PRINTED[name], {"torch": gradlib})
    finally:
        gradlib.set_default_device(previous)
    found = {"repr": without_device_suffix(repr(value), device), "str": without_device_suffix(str(value), device)}
    want = {key: text.replace("torch.", "gradlib.") for key, text in PRINTED[name].items()}
    if gradlib.device(device).type != "cpu":  # the device suffix wraps the line elsewhere: compare the words
        found, want = ({key: re.sub(r",\s+", ", ", text) for key, text in texts.items()} for texts in (found, want))
    assert found == want


def write_known(path):
    """Run the sweep on the CPU and write every case gradlib does not match, with why, to ``path``."""
    import op_registry
    lines = []
    for name in sorted(RECORDED):
        sample_name, variant = name.rsplit("/", 1)
        found = complex9.run_case(gradlib, op_registry.SAMPLES_BY_NAME[sample_name], variant)
        expected = RECORDED[name]
        try:
            compare(found, expected, name)
            continue
        except AssertionError as error:
            detail = str(error).split(": ", 1)[-1]
        if "error" in expected and "error" not in found:
            why = f"PyTorch refuses ({expected['error'][0]}: {expected['error'][1][:70]}), gradlib computes"
        elif "error" in expected:
            why = f"PyTorch refuses in other words: {expected['error'][0]}: {expected['error'][1][:70]}"
        elif "error" in found:
            why = f"gradlib refuses ({found['error'][0]}: {found['error'][1][:70]}), PyTorch computes"
        else:
            why = f"gradlib's result differs: {detail[:90]}"
        lines.append(f"    {name!r}:\n        {why!r},")
    path.write_text('"""The complex9 sweep\'s cases gradlib does not match yet (tests/test_complex9.py marks them strict xfail).\n'
                    'Written by ``python tests/test_complex9.py --write-known``; each entry says what differs."""\n\n'
                    "KNOWN = {\n" + "\n".join(lines) + "\n}\n")
    print(f"{len(lines)} known differences written to {path}")


if __name__ == "__main__":
    import sys
    import warnings
    sys.path[:0] = [str(pathlib.Path(__file__).parent), str(pathlib.Path(__file__).parent / "reference")]
    warnings.simplefilter("ignore")
    if sys.argv[1:] == ["--write-known"]:
        write_known(pathlib.Path(__file__).parent / "complex9_known.py")
