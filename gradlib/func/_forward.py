"""jacfwd's Jacobian, one column per input element (forward mode), instead of one row per output element.

gradlib's forward mode is the double-vjp trick (``autograd/forward_ad.py``): ``u -> J^T u`` is linear in ``u``,
so its vjp along a tangent ``t`` is ``J t``. One create_graph backward pass builds ``J^T u`` for all outputs at
once; then each basis tangent ``e_j`` of the inputs gives the column ``J e_j`` of every output's block with one
more pass over that (small) graph. The cost follows the number of input elements, as PyTorch's jacfwd does: a
Jacobian of 2048 outputs by 32 inputs takes 33 passes, not 2048, and ``hessian = jacfwd(jacrev(f))`` no longer
differentiates each of jacrev's rows once per row.
"""
from .. import _creation
from ..ops import join
from . import _batched

__all__ = ["jacobian_columns", "dummy"]


def dummy(output):
    """The ``u`` of ``J^T u``: zeros like ``output`` that require grad (inside vmap: one per element)."""
    zeros = _creation.zeros_like(output)
    if _batched.levels():
        return _batched.fresh(zeros, False)
    return zeros.requires_grad_(True)


def _basis(inputs):
    """(input index, flat position, the one-hot tangents of every input) for each input element, in order."""
    zeros = [_creation.zeros_like(x).reshape(-1) for x in inputs]
    for index, x in enumerate(inputs):
        for position in range(x.numel()):
            tangents = list(zeros)
            one_hot = _creation.zeros_like(zeros[index])
            one_hot[position] = 1
            tangents[index] = one_hot
            yield index, [t.reshape(x_.shape) for t, x_ in zip(tangents, inputs)]


def jacobian_columns(outputs, inputs, create_graph):
    """``blocks[o][i]``: d outputs[o] / d inputs[i], of shape ``outputs[o].shape + inputs[i].shape``."""
    for output in outputs:
        if not output.dtype.is_floating_point:
            raise RuntimeError(f"vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got "
                               f"Tensor with dtype {output.dtype}")
    chosen = [k for k, o in enumerate(outputs) if o.requires_grad]
    dummies = [dummy(outputs[k]) for k in chosen]
    transposed = [None] * len(inputs)
    if chosen:
        transposed = _batched.grad([outputs[k] for k in chosen], inputs, dummies, retain_graph=True,
                                   create_graph=True, allow_unused=True)
    live = [i for i, g in enumerate(transposed) if g is not None and g.requires_grad]
    columns = [[[] for _ in inputs] for _ in outputs]  # columns[o][i]: J_oi e_j for each element j of input i
    for index, tangents in _basis(inputs):
        found = [None] * len(chosen)
        if live:
            found = _batched.grad([transposed[i] for i in live], dummies, [tangents[i] for i in live],
                                  retain_graph=True, create_graph=create_graph, allow_unused=True)
        by_output = dict(zip(chosen, found))
        for o, output in enumerate(outputs):
            column = by_output.get(o)
            columns[o][index].append(_creation.zeros_like(output) if column is None else column)
    blocks = []
    for o, output in enumerate(outputs):
        row = []
        for i, x in enumerate(inputs):
            shape = tuple(output.shape) + tuple(x.shape)
            if columns[o][i]:
                row.append(join.stack(columns[o][i], dim=-1).reshape(shape))
            else:
                empty = _creation.zeros(shape, dtype=x.dtype, device=x.device)
                row.append(empty + output.sum() * 0 if create_graph and output.requires_grad else empty)
        blocks.append(row)
    return blocks
