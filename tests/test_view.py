"""``view`` decides from shape and strides alone, as PyTorch's ``computeStride``: every shape of up to four dims
of 26 (mostly non-contiguous) tensors, against PyTorch's recorded answers (tests/reference/torch_views.json)."""
import json
import pathlib

import pytest

import gradlib
from gradlib.ops.shape import view_strides
from reference.views import SOURCES, observe, targets

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_views.json").read_text())


def test_every_source_is_recorded():
    assert sorted(RECORDED) == sorted(SOURCES), "run tests/reference/record_torch.py after editing views.py"


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_view_matches_pytorch(device, source):
    numel = eval(SOURCES[source], {"torch": gradlib}).numel()
    shapes = targets(numel)
    assert [shape for shape, _ in RECORDED[source]] == [list(shape) for shape in shapes]
    for shape, expected in RECORDED[source]:
        assert observe(gradlib, source, tuple(shape)) == expected, f"{source}.view({tuple(shape)})"


@pytest.mark.parametrize("old_shape, old_strides, new_shape, expected", [
    ((3, 2), (1, 3), (6,), None),                  # transposed
    ((2, 3), (8, 2), (6,), None),                  # every other column of three
    ((2, 3), (6, 2), (6,), (2,)),                  # every other column of all: evenly strided
    ((2, 3), (8, 2), (2, 3, 1), (8, 2, 2)),        # a size-1 dim added
    ((2, 3, 2), (12, 4, 1), (6, 2), (4, 1)),       # a narrowed last dim stays apart
    ((3, 4), (0, 1), (3, 2, 2), (0, 2, 1)),        # expanded rows
    ((2, 1, 3), (3, 7, 1), (6,), (1,)),            # a size-1 dim's stride is irrelevant
    ((0, 3), (1, 0), (3, 0), (1, 1)),              # zero-size: strides as if freshly allocated
    ((), (), (1, 1), (1, 1)),
])
def test_view_strides_is_computestride(old_shape, old_strides, new_shape, expected):
    assert view_strides(old_shape, old_strides, new_shape) == expected


def test_view_of_a_strided_tensor_keeps_the_graph(device, host_syncs):
    x = gradlib.arange(24.0).reshape(4, 6).requires_grad_()
    with host_syncs() as syncs:  # decided from metadata: no read of the data (counted under --cupy-stand-in)
        y = x[:, ::2].view(2, 2, 3)
        with pytest.raises(RuntimeError, match="view size is not compatible"):
            x.t().view(-1)
    assert syncs.count == 0
    assert y.grad_fn.name() == "ViewBackward0"
    (y * gradlib.arange(12.0).view(2, 2, 3)).sum().backward()
    assert x.grad[:, ::2].reshape(-1).tolist() == list(range(12))
    assert x.grad[:, 1::2].abs().sum().item() == 0
