"""cross_entropy and nll_loss where an ignored target's row holds -inf log-probabilities (a masked logit, as in
padded sequence batches): PyTorch's kernels skip ignored rows, so the loss stays finite and the row's 'none'
loss is 0. Written once for gradlib and PyTorch; the recorder (``python tests/reference/record_torch.py
cross_entropy_edges``) stores PyTorch's loss and the gradient of ``(loss * weights).sum()`` in
``torch_cross_entropy_edges.json``; tests/test_cross_entropy_edges.py demands gradlib reproduce them."""
import numpy

INF = float("inf")


def _logits(seed, *shape, masked=()):
    values = numpy.random.default_rng(seed).standard_normal(shape)
    for position in masked:
        values[position] = -INF
    return values


# name -> (function of (lib, logits, target, class weights), logits, target, class weights or None)
CASES = {
    "mean_ignored_row_masked": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t),
        _logits(1, 4, 3, masked=[(0, 0), (2, 0)]), [-100, 1, -100, 2], None),
    "sum_ignored_row_masked": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t, reduction="sum"),
        _logits(2, 4, 3, masked=[(1, 0)]), [2, -100, 0, 1], None),
    "none_ignored_row_masked": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t, reduction="none"),
        _logits(3, 4, 3, masked=[(3, 0), (3, 2)]), [0, 2, 1, -100], None),
    "weighted_mean_ignored_row_masked": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t, weight=w),
        _logits(4, 5, 3, masked=[(0, 0)]), [-100, 1, 2, 0, 1], [0.5, 2.0, 1.5]),
    "own_ignore_index_masked": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t, ignore_index=1),
        _logits(5, 4, 3, masked=[(2, 0)]), [0, 2, 1, 2], None),
    "smoothing_ignored_row_masked": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t, label_smoothing=0.1),
        _logits(6, 3, 4, masked=[(1, 0), (1, 3)]), [3, -100, 0], None),
    "spatial_ignored_pixels_masked": (
        lambda lib, x, t, w: lib.nn.functional.cross_entropy(x, t),
        _logits(7, 2, 3, 2, 2, masked=[(0, 0, 0, 1), (1, 0, 1, 0)]), [[[0, -100], [1, 2]], [[2, 1], [-100, 0]]],
        None),
    "nll_of_log_softmax_masked": (
        lambda lib, x, t, w: lib.nn.functional.nll_loss(lib.log_softmax(x, 1), t),
        _logits(8, 3, 4, masked=[(0, 0)]), [-100, 3, 1], None),
}


def run(lib, name, dtype="float64"):
    """{"loss": values, "grad": the logits' gradient of (loss * weights).sum()} on the default device."""
    function, logits, target, class_weights = CASES[name]
    x = lib.tensor(logits, dtype=getattr(lib, dtype), requires_grad=True)
    t = lib.tensor(target)
    w = None if class_weights is None else lib.tensor(class_weights, dtype=getattr(lib, dtype))
    loss = function(lib, x, t, w)
    weights = lib.tensor(numpy.random.default_rng(99).standard_normal(tuple(loss.shape)), dtype=loss.dtype)
    (loss * weights).sum().backward()
    return {"loss": loss.detach().cpu().tolist(), "grad": x.grad.cpu().tolist()}


def record():
    """PyTorch's results (the recorder's 'cross_entropy_edges' section)."""
    import json
    import pathlib

    import torch
    recorded = {name: run(torch, name) for name in CASES}
    path = pathlib.Path(__file__).resolve().parent / "torch_cross_entropy_edges.json"
    path.write_text(json.dumps(recorded, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} cross-entropy edge cases to {path.name}")
