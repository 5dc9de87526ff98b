"""``view`` of non-contiguous tensors: which shapes PyTorch allows, run identically on PyTorch (by
``record_torch.py``) and gradlib (by ``tests/test_view.py``)."""
import itertools
import math

# Each source builds a (mostly non-contiguous) tensor from ``torch``.
SOURCES = {
    "transposed": "torch.arange(6.).reshape(2, 3).t()",
    "permuted_201": "torch.arange(24.).reshape(2, 3, 4).permute(2, 0, 1)",
    "permuted_102": "torch.arange(24.).reshape(2, 3, 4).permute(1, 0, 2)",
    "permuted_021": "torch.arange(24.).reshape(2, 3, 4).permute(0, 2, 1)",
    "transposed_4d": "torch.arange(48.).reshape(2, 3, 4, 2).transpose(1, 2)",
    "step_columns": "torch.arange(24.).reshape(4, 6)[:, ::2]",
    "step_rows": "torch.arange(24.).reshape(4, 6)[::2]",
    "step_both": "torch.arange(48.).reshape(4, 12)[::2, ::3]",
    "window": "torch.arange(24.).reshape(4, 6)[1:3, 1:5]",
    "narrow_last": "torch.arange(24.).reshape(2, 3, 4)[:, :, :2]",
    "narrow_middle": "torch.arange(24.).reshape(2, 3, 4)[:, 1:, :]",
    "narrow_first_of_3d": "torch.arange(36.).reshape(3, 3, 4)[1:]",
    "expanded_column": "torch.arange(3.).reshape(3, 1).expand(3, 4)",
    "expanded_row": "torch.arange(4.).expand(2, 4)",
    "expanded_middle": "torch.arange(6.).reshape(2, 1, 3).expand(2, 4, 3)",
    "size1_transposed": "torch.arange(6.).reshape(2, 1, 3).transpose(0, 1)",
    "size1_sliced": "torch.arange(12.).reshape(6, 2)[::2, :1]",
    "size1_inner": "torch.arange(24.).reshape(4, 6)[:, None, ::2]",
    "size1_everywhere": "torch.arange(8.).reshape(1, 2, 1, 4)[:, :, :, ::2]",
    "scalar_row": "torch.arange(12.).reshape(3, 4)[:, 2:3]",
    "zero_rows": "torch.arange(12.).reshape(3, 4)[:0]",
    "zero_columns": "torch.arange(12.).reshape(3, 4)[:, 4:]",
    "zero_transposed": "torch.zeros(0, 3).t()",
    "zero_middle_3d": "torch.arange(24.).reshape(2, 3, 4)[:, :0].transpose(0, 2)",
    "zero_d": "torch.arange(5.)[2]",
    "one_element": "torch.arange(12.).reshape(3, 4)[1:2, 2:3]",
}


def targets(numel):
    """Every shape of up to four dims holding ``numel`` elements (sizes up to 3 when it is zero), and -1."""
    sizes = range(4) if numel == 0 else [size for size in range(1, numel + 1) if numel % size == 0]
    shapes = [()] if numel == 1 else []
    for dims in range(1, 5):
        shapes.extend(shape for shape in itertools.product(sizes, repeat=dims) if math.prod(shape) == numel)
    if numel:
        shapes.append((-1,))
    return shapes


def observe(torch, source, shape):
    """What ``view(shape)`` of ``source`` does: an error (class and message), or the values and whether
    writing through the view changes the source (it is a view, not a copy)."""
    x = eval(SOURCES[source], {"torch": torch})
    try:
        y = x.view(shape)
    except Exception as error:
        return {"error": [type(error).__name__, str(error)]}
    values = y.reshape(-1).tolist()
    writes_through = None
    if y.numel() and not source.startswith("expanded"):  # writing to an expanded tensor is refused
        before = x.reshape(-1).tolist()
        y.add_(1000)
        writes_through = x.reshape(-1).tolist() != before
    return {"shape": list(y.shape), "values": values, "writes_through": writes_through}
