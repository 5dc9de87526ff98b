"""torch.library custom operators (issue 15, library8): gradlib against PyTorch's record
(tests/reference/library8.py, torch_library8.json), plus gradient checks of a custom op in float64."""
import json
import pathlib
import subprocess
import sys

import pytest

import gradlib
from gradlib.autograd import gradcheck, gradgradcheck
from reference import library8

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_library8.json").read_text())


@pytest.fixture(scope="module")
def observed():
    return library8.run(gradlib)


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_matches_pytorch(observed, key):
    assert observed[key] == RECORDED[key]


def _crop_op(device):
    @gradlib.library.custom_op("lib8test::crop", mutates_args=())
    def crop(pic: gradlib.Tensor, box: list[int]) -> gradlib.Tensor:
        x0, y0, x1, y1 = box
        return pic[..., y0:y1, x0:x1].clone()

    def setup_context(ctx, inputs, output):
        ctx.pic_shape, ctx.box = inputs[0].shape, inputs[1]

    def backward(ctx, grad):
        result = grad.new_zeros(ctx.pic_shape)
        x0, y0, x1, y1 = ctx.box
        result[..., y0:y1, x0:x1] = grad
        return result, None

    crop.register_autograd(backward, setup_context=setup_context)
    return crop


@pytest.mark.parametrize("box", [(1, 1, 3, 4), (0, 0, 5, 4), (2, 2, 2, 3)])  # inner, whole, empty
def test_gradcheck_custom_op(device, box):
    crop = _crop_op(device)
    pic = gradlib.randn(2, 4, 5, dtype=gradlib.float64, device=device, requires_grad=True)
    assert gradcheck(lambda p: crop(p, box), (pic,))
    assert gradgradcheck(lambda p: crop(p, box), (pic,))


def test_gradcheck_scalar_and_0d(device):
    @gradlib.library.custom_op("lib8test::cube", mutates_args=())
    def cube(x: gradlib.Tensor, k: float = 1.0) -> gradlib.Tensor:
        return k * x ** 3

    cube.register_autograd(lambda ctx, g: (3 * ctx.k * g * ctx.x ** 2, None),
                           setup_context=lambda ctx, inputs, output: ctx.__dict__.update(x=inputs[0], k=inputs[1]))
    for x in (gradlib.tensor(0.0, dtype=gradlib.float64, device=device, requires_grad=True),
              gradlib.tensor([-1.5, 0.0, 2.0], dtype=gradlib.float64, device=device, requires_grad=True)):
        assert gradcheck(lambda t: cube(t, 2.0), (x,))
        assert gradgradcheck(lambda t: cube(t, 2.0), (x,))
    assert cube(gradlib.tensor([2.0], device=device)).tolist() == [8.0]


def test_register_kernel_for_device_type(device):
    @gradlib.library.custom_op("lib8test::which", mutates_args=())
    def which(x: gradlib.Tensor) -> gradlib.Tensor:
        return x + 1

    which.register_kernel("cpu", lambda x: x + 100)
    result = which(gradlib.zeros(1, device=device)).tolist()
    assert result == ([100.0] if device == "cpu" else [1.0])


def test_redefinition_replaces_the_op():
    for factor in (2.0, 3.0):
        def again(x: gradlib.Tensor) -> gradlib.Tensor:
            return x * factor
        gradlib.library.custom_op("lib8test::again", again, mutates_args=())
        assert gradlib.ops.lib8test.again(gradlib.ones(1)).tolist() == [factor]


def test_runner_torch_ops(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(
        "import torch\n"
        "@torch.library.custom_op('runner8::twice', mutates_args=())\n"
        "def twice(x: torch.Tensor) -> torch.Tensor:\n"
        "    return x * 2\n"
        "twice.register_autograd(lambda ctx, g: g * 2)\n"
        "x = torch.ones(2, requires_grad=True)\n"
        "torch.ops.runner8.twice(x).sum().backward()\n"
        "print(x.grad, torch.ops.runner8.twice.default._schema)\n")
    done = subprocess.run([sys.executable, "-m", "gradlib.run", str(script)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "tensor([2., 2.]) runner8::twice(Tensor x) -> Tensor\n"


def test_device_types_restricts_the_function(device):
    @gradlib.library.custom_op("lib8test::numpy_sin", mutates_args={"out"}, device_types="cpu")
    def numpy_sin(x: gradlib.Tensor, out: gradlib.Tensor) -> None:
        out.copy_(gradlib.from_numpy(x.numpy() * 0 + 5))

    x, out = gradlib.zeros(2, device=device), gradlib.zeros(2, device=device)
    if device == "cpu":
        assert numpy_sin(x, out) is None and out.tolist() == [5.0, 5.0]
    else:
        with pytest.raises(NotImplementedError, match="Could not run 'lib8test::numpy_sin' with arguments from the "
                                                      "'CUDA' backend"):
            numpy_sin(x, out)
        @numpy_sin.register_kernel("cuda")
        def _(x, out):
            out.fill_(7.0)
        numpy_sin(x, out)
        assert out.tolist() == [7.0, 7.0]


def test_unknown_namespace_is_an_attribute_error():
    """PyTorch makes ``torch.ops.<any name>`` on access; gradlib only has namespaces an op was defined in (README)."""
    with pytest.raises(AttributeError, match="module 'gradlib.ops' has no attribute 'lib8_never_defined'"):
        gradlib.ops.lib8_never_defined
    assert not hasattr(gradlib.ops, "pytestmark")
