"""interpolate/Upsample, PixelShuffle/PixelUnshuffle and ConvTranspose1d beyond the recorded comparisons
(tests/test_nn_modules.py, tests/test_gradients.py): PyTorch's errors, node names and round trips."""
import pytest

import gradlib

F = gradlib.nn.functional
nn = gradlib.nn


def test_node_names_are_pytorchs(device):
    x1 = gradlib.randn(1, 1, 3, device=device, requires_grad=True)
    x2 = gradlib.randn(1, 1, 3, 3, device=device, requires_grad=True)
    names = {
        "UpsampleNearest1DBackward0": F.interpolate(x1, scale_factor=2),
        "UpsampleLinear1DBackward0": F.interpolate(x1, scale_factor=2, mode="linear"),
        "UpsampleNearest2DBackward0": F.interpolate(x2, size=(4, 5)),
        "UpsampleNearestExact2DBackward0": F.interpolate(x2, size=(4, 5), mode="nearest-exact"),
        "UpsampleBilinear2DBackward0": F.interpolate(x2, scale_factor=2, mode="bilinear", align_corners=True),
        "PixelShuffleBackward0": F.pixel_shuffle(x2.reshape(1, 9, 1, 1)[:, :4], 2),
        "PixelUnshuffleBackward0": F.pixel_unshuffle(x2[..., :2, :2], 2),
    }
    for name, output in names.items():
        assert type(output.grad_fn).__name__ == name


def test_downsampling_and_round_trips(device):
    x = gradlib.arange(5.0, device=device).reshape(1, 1, 5)
    assert F.interpolate(x, scale_factor=0.5).tolist() == [[[0.0, 2.0]]]
    y = gradlib.randn(2, 3, 4, 6, device=device)
    assert bool((F.pixel_shuffle(F.pixel_unshuffle(y, 2), 2) == y).all())
    assert bool((F.interpolate(y, size=(4, 6), mode="bilinear") == y).all())


def test_conv_transpose1d_is_the_adjoint_of_conv1d(device):
    x = gradlib.randn(2, 3, 7, dtype=gradlib.float64, device=device)
    w = gradlib.randn(3, 2, 3, dtype=gradlib.float64, device=device)
    y = gradlib.randn(2, 2, 15, dtype=gradlib.float64, device=device)  # (7 - 1) * 2 + 3 = 15
    left = (F.conv_transpose1d(x, w, stride=2) * y).sum()
    conv = F.conv1d(y, w, stride=2)  # the same weight read as (C_out=3, C_in=2, K) maps y back to x's shape
    assert conv.shape == x.shape
    assert abs(float(left) - float((x * conv).sum())) < 1e-9


ERRORS = [
    (lambda: F.interpolate(gradlib.randn(1, 1, 3), size=4, scale_factor=2), ValueError,
     "only one of size or scale_factor should be defined"),
    (lambda: F.interpolate(gradlib.randn(1, 1, 3)), ValueError, "either size or scale_factor should be defined"),
    (lambda: F.interpolate(gradlib.randn(1, 1, 3), size=4, align_corners=True), ValueError,
     "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"),
    (lambda: F.interpolate(gradlib.randn(1, 1, 3), size=(4, 4)), ValueError,
     "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of "
     "[3] and output size of (4, 4). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size "
     "in (o1, o2, ...,oK) format."),
    (lambda: F.interpolate(gradlib.randn(1, 1, 3), size=4, mode="bilinear"), NotImplementedError,
     "Got 3D input, but bilinear mode needs 4D input"),
    (lambda: F.interpolate(gradlib.randn(1, 1, 3), size=4, recompute_scale_factor=True), ValueError,
     "recompute_scale_factor is not meaningful with an explicit size."),
    (lambda: F.pixel_shuffle(gradlib.randn(1, 3, 2, 2), 2), RuntimeError,
     "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but "
     "input.size(-3)=3 is not divisible by 4"),
    (lambda: F.pixel_unshuffle(gradlib.randn(1, 3, 3, 2), 2), RuntimeError,
     "pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=3 is not divisible "
     "by 2"),
    (lambda: F.pixel_shuffle(gradlib.randn(3, 2), 2), RuntimeError,
     "pixel_shuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)"),
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_errors_are_pytorchs(index):
    function, error, message = ERRORS[index]
    with pytest.raises(error) as caught:
        function()
    assert str(caught.value) == message
