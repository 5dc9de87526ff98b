"""einsum and tensordot: contractions over named or paired dims, each one node whose backward is einsums again
(differentiable under ``create_graph``)."""
from .. import _autocast, _tensor
from ..device import CPU
from ._dims import normalize_dim
from ._op import Op, check_argument_devices, mixed_device_error

__all__ = ["einsum", "tensordot"]


class EinsumBackward0(Op):
    """``einsum(equation, *operands)``; each operand's gradient is another einsum, with repeated indices
    (traces, diagonals) put back on their diagonal."""

    __slots__ = ("inputs", "output")
    promote = True

    @staticmethod
    def forward(ctx, xp, equation, *operands):
        ctx.inputs, ctx.output = _parse_einsum(equation, [o.ndim for o in operands])
        ctx.save_for_backward(*operands)
        return xp.einsum(",".join(ctx.inputs) + "->" + ctx.output, *operands)

    @staticmethod
    def backward(ctx, P, grad):
        operands = P.saved(ctx)
        needs = ctx.needs_input_grad
        grads = []
        for index, subscripts in enumerate(ctx.inputs):
            if not needs[index]:
                grads.append(None)
                continue
            others = [s for i, s in enumerate(ctx.inputs) if i != index]
            other_operands = [o for i, o in enumerate(operands) if i != index]
            unique = "".join(dict.fromkeys(subscripts))
            # Letters summed away that appear only in this operand: their gradient is broadcast.
            equation = ",".join(others + [ctx.output]) + "->" + "".join(
                letter for letter in unique if letter in ctx.output or any(letter in s for s in others))
            partial = P.einsum(equation, *other_operands, grad)
            kept = equation.split("->")[1]
            grads.append(_expand_to_operand(P, partial, kept, subscripts, operands[index].shape))
        return tuple(grads)


class _EinsumViewBackward(EinsumBackward0):
    """einsum's node where PyTorch's graph ends in the reshape after its bmm (some subscript is summed away)."""

    __slots__ = ()
    node_name = "ViewBackward0"


class _EinsumMulBackward(EinsumBackward0):
    """einsum's node where PyTorch's graph ends in a multiplication (several operands, nothing summed)."""

    __slots__ = ()
    node_name = "MulBackward0"


class _EinsumSumBackward(EinsumBackward0):
    """einsum's node where PyTorch's graph ends in a sum (one operand, some subscript summed away)."""

    __slots__ = ()
    node_name = "SumBackward1"


class _EinsumPermuteBackward(EinsumBackward0):
    """einsum's node where PyTorch's graph ends in a permute (one operand, nothing summed: a transpose, a
    diagonal)."""

    __slots__ = ()
    node_name = "PermuteBackward0"


def _node_class(inputs, output):
    """The node class whose name is that of PyTorch's last step for this contraction: PyTorch's einsum is composite
    (sums, permutes, bmm, views), gradlib's one node; the values and gradients are the same either way."""
    summed = any(letter not in output for subscripts in inputs for letter in subscripts)
    if len(inputs) == 1:
        return _EinsumSumBackward if summed else _EinsumPermuteBackward
    return _EinsumViewBackward if summed else _EinsumMulBackward


def _expand_to_operand(P, partial, kept, subscripts, shape):
    """From a gradient over the ``kept`` letters, build one of the operand's full ``shape``: broadcast
    missing letters and place repeated letters (diagonals) with identity matrices."""
    sizes = {letter: size for letter, size in zip(subscripts, shape)}
    unique = "".join(dict.fromkeys(subscripts))
    for axis, letter in enumerate(kept):
        if sizes[letter] == 1 and partial.shape[axis] != 1:  # the operand was broadcast along this dim
            partial = P.sum(partial, axis, True)
    for letter in unique:
        if letter not in kept:
            partial = P.expand_dims(partial, -1)
            kept += letter
    partial = P.broadcast_to(partial, tuple(sizes[letter] for letter in kept))
    if len(unique) == len(subscripts):
        order = tuple(kept.index(letter) for letter in subscripts)
        return P.transpose(partial, order)
    fresh = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    target = []
    eyes = []
    seen = set()
    for letter in subscripts:
        if letter in seen:
            new = next(fresh)
            eyes.append(letter + new)
            target.append(new)
        else:
            seen.add(letter)
            target.append(letter)
    identities = [P.eye_like(partial, sizes[pair[0]]) for pair in eyes]
    placing = ",".join([kept] + eyes) + "->" + "".join(target)
    # the gradient is written on the diagonal and 0 elsewhere (PyTorch's), not multiplied by the identity:
    # NaN * 0 would put NaN off the diagonal
    on_diagonal = P.einsum(placing, P.ones_like(partial), *identities) != 0
    return P.where(on_diagonal, P.einsum(placing, partial, *identities), 0.0)


def _expand_ellipsis(equation, ndims):
    """The equation with each '...' written out as letters the equation does not use: an operand's ellipsis
    covers its dims not named by letters, right-aligned with the others' (their sizes must match); the output
    keeps the ellipsis dims where '...' stands, or first in implicit mode (PyTorch's and NumPy's rule)."""
    left, arrow, output = equation.partition("->")
    inputs = left.split(",")
    if len(inputs) != len(ndims):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    counts = []
    for subscripts, ndim in zip(inputs, ndims):
        if "..." in subscripts:
            counts.append(ndim - (len(subscripts) - 3))
            if counts[-1] < 0:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(subscripts) - 3}) "
                                   f"is more than the number of dimensions ({ndim}) for operand "
                                   f"{len(counts) - 1}")
        else:
            counts.append(0)
    spare = [letter for letter in "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA" if letter not in equation]
    width = max(counts)
    letters = "".join(reversed(spare[:width]))
    written = [subscripts.replace("...", letters[width - count:]) for subscripts, count in zip(inputs, counts)]
    if arrow:
        output = output.replace("...", letters)
    else:
        joined = "".join(subscripts.replace("...", "") for subscripts in inputs)
        output = letters + "".join(sorted(letter for letter in set(joined) if joined.count(letter) == 1))
    return ",".join(written) + "->" + output


def _parse_einsum(equation, ndims):
    equation = equation.replace(" ", "")
    if "..." in equation:
        equation = _expand_ellipsis(equation, ndims)
    if "->" in equation:
        left, output = equation.split("->")
    else:
        left = equation
        letters = left.replace(",", "")
        output = "".join(sorted(letter for letter in set(letters) if letters.count(letter) == 1))
    inputs = left.split(",")
    if len(inputs) != len(ndims):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    for subscripts, ndim in zip(inputs, ndims):
        if len(subscripts) != ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(subscripts)}) does not "
                               f"match the number of dimensions ({ndim}) for operand {inputs.index(subscripts)} and "
                               "no ellipsis was given")
    return inputs, output


def einsum(*args):
    """Einstein summation, e.g. ``'ij,jk->ik'`` (matmul), ``'ii->'`` (trace), ``'bi,bi->b'`` (batched dot); or,
    as ``torch.einsum``, in the sublist form: each operand followed by its subscripts as integers in [0, 52) or
    ``...``, then optionally the output's (``einsum(a, [0, 1], b, [1, 2], [0, 2])`` is ``'AB,BC->AC'``).

    ValueError without an operand, or for a subscript outside [0, 52) (PyTorch's words).

    >>> import gradlib
    >>> gradlib.einsum("ii->", gradlib.tensor([[1., 2.], [3., 4.]]))
    tensor(5.)
    >>> gradlib.einsum(gradlib.ones(2, 3), [..., 0], gradlib.ones(3), [0], [...])
    tensor([3., 3.])
    """
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, or at least one "
                         "operand and its subscripts list")
    equation, operands = _sublist_equation(args) if isinstance(args[0], _tensor.Tensor) else (args[0], args[1:])
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if _autocast.active:
        operands = _autocast.lower_cuda(*operands)
    if any(operand._device is not operands[0]._device for operand in operands):
        _check_einsum_devices(equation, operands)
    _check_equation(equation, len(operands))
    inputs, _ = _parse_einsum(equation, [operand.ndim for operand in operands])
    for index, (subscripts, operand) in enumerate(zip(inputs, operands)):
        sizes = {}
        for letter, size in zip(subscripts, operand.shape):
            if sizes.setdefault(letter, size) != size:
                raise RuntimeError(f"einsum(): subscript {letter} is repeated for operand {index} but the sizes don't "
                                   f"match, {size} != {sizes[letter]}")
    _check_ellipsis_sizes(equation, operands)
    if len(operands) > 1:  # PyTorch contracts with bmm: one dtype, no bools (NumPy would promote)
        for operand in operands[1:]:
            if operand.dtype is not operands[0].dtype:
                raise RuntimeError(f"expected scalar type {operands[0].dtype.scalar_type} but found "
                                   f"{operand.dtype.scalar_type}")
        if operands[0].dtype.name == "bool":
            raise NotImplementedError('"bmm" not implemented for \'Bool\'')
    if "..." not in equation:
        _check_einsum_sizes(equation, operands)
    only = operands[0].dtype
    if len(operands) == 1 and not (only.is_floating_point or only.is_complex) and _sums_out(equation):
        operands = (operands[0].long(),)  # PyTorch sums one integer operand as sum() does: in int64
    return _node_class(*_parse_einsum(equation, [operand.ndim for operand in operands])).apply(equation, *operands)


def _check_equation(equation, count):
    """PyTorch's parse of the equation's characters (its errors, with their indices into the equation): letters,
    spaces, commas, one '...' per term, '->' once; the output's subscripts unique and found in the inputs; as
    many terms as operands."""
    arrow = equation.find("->")
    left = equation if arrow < 0 else equation[:arrow]
    operand, dots, ellipsis_seen, used = 0, 0, False, set()
    for index, char in enumerate(left):
        if char == ".":
            if ellipsis_seen:
                raise RuntimeError(f"einsum(): found '.' for operand {operand} for which an ellipsis was already found")
            dots += 1
            if dots == 3:
                ellipsis_seen, dots = True, 0
            elif index + 1 >= len(left) or left[index + 1] != ".":
                raise RuntimeError(f"einsum(): found '.' for operand {operand} that is not part of any ellipsis")
        elif char == ",":
            operand, dots, ellipsis_seen = operand + 1, 0, False
        elif char == " ":
            continue
        elif char.isascii() and char.isalpha():
            used.add(char)
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {index} in the equation string, "
                               "subscripts must be in [a-zA-Z]")
    if operand + 1 > count:
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if operand + 1 < count:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    if arrow < 0:
        return
    seen, dots, ellipsis_seen = set(), 0, False
    for index in range(arrow + 2, len(equation)):
        char = equation[index]
        if char == ".":
            if ellipsis_seen:
                raise RuntimeError("einsum(): found '.' for output for which an ellipsis was already found")
            dots += 1
            if dots == 3:
                ellipsis_seen = True
            elif index + 1 >= len(equation) or equation[index + 1] != ".":
                raise RuntimeError("einsum(): found '.' for output that is not part of any ellipsis (...)")
        elif char == " ":
            continue
        elif char.isascii() and char.isalpha():
            if char in seen:
                raise RuntimeError(f"einsum(): output subscript {char} appears more than once in the output")
            if char not in used:
                raise RuntimeError(f"einsum(): output subscript {char} does not appear in the equation for any input "
                                   "operand")
            seen.add(char)
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {index} in the equation string, "
                               "subscripts must be in [a-zA-Z]")


def _check_ellipsis_sizes(equation, operands):
    """The dims under the operands' ellipses, right-aligned, must broadcast (PyTorch's message, its missing space
    included)."""
    terms = equation.partition("->")[0].replace(" ", "").split(",")
    spans = [operand.shape[:operand.ndim - (len(term) - 3)] if "..." in term else None
             for term, operand in zip(terms, operands)]
    width = max((len(span) for span in spans if span is not None), default=0)
    seen = [1] * width
    for number, span in enumerate(spans):
        if span is None:
            continue
        for offset, size in enumerate(span):
            dim = width - len(span) + offset
            if seen[dim] == 1:
                seen[dim] = size
            elif size != 1 and size != seen[dim]:
                raise RuntimeError(f"einsum(): dimension {dim} covered by ellipsis in operand {number}has size {size} "
                                   f"which does not broadcast with previously seen ellipsis with size {seen[dim]} for "
                                   "the respective dimension")


def _sublist_subscript(n):
    if n is Ellipsis:
        return "..."
    if 0 <= n < 26:
        return chr(ord("A") + n)
    if 26 <= n < 52:
        return chr(ord("a") + n - 26)
    raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")


def _sublist_equation(args):
    """(equation, operands) of einsum's sublist form (PyTorch's letters: 0-25 are A-Z, 26-51 a-z)."""
    equation = ",".join("".join(_sublist_subscript(n) for n in subscripts) for subscripts in args[1::2])
    if len(args) % 2 == 1:
        return equation + "->" + "".join(_sublist_subscript(n) for n in args[-1]), args[:-1:2]
    return equation, args[::2]


def _check_einsum_sizes(equation, operands):
    """PyTorch's check that a subscript has one size (or 1, which broadcasts) across the operands."""
    inputs, _ = _parse_einsum(equation, [operand.ndim for operand in operands])
    seen = {}
    for number, (subscripts, operand) in enumerate(zip(inputs, operands)):
        for letter, size in zip(subscripts, operand.shape):
            previous = seen.get(letter)
            if previous is None or previous == 1:
                seen[letter] = size
            elif size != previous and size != 1:
                raise RuntimeError(f"einsum(): subscript {letter} has size {size} for operand {number} which does "
                                   f"not broadcast with previously seen size {previous}")


def _sums_out(equation):
    """Whether a one-operand einsum equation sums over some index."""
    inputs, arrow, output = equation.replace(" ", "").replace("...", "").partition("->")
    if not arrow:
        output = "".join(letter for letter in inputs if inputs.count(letter) == 1)
    return any(letter not in output for letter in inputs)


def _check_einsum_devices(equation, operands):
    """PyTorch's einsum contracts operands left to right: a pair with dims to sum away goes through bmm (its
    wrapper names self and mat2), a pair without through mul (TensorIterator)."""
    inputs, output = _parse_einsum(equation, [o.ndim for o in operands])
    device, ndim = operands[0]._device, operands[0].ndim
    for index in range(1, len(operands)):
        operand = operands[index]
        later = set(output).union(*inputs[index + 1:])
        summed = (set(inputs[0]).union(*inputs[1:index + 1])) - later
        if operand._device is device:
            continue
        if summed:
            raise RuntimeError(
                f"Expected all tensors to be on the same device, but got mat2 is on {operand._device}, different "
                f"from other tensors on {device} (when checking argument in method wrapper_CUDA_bmm)")
        # mul: the first non-CPU device is common; a 0-d CPU side may join it
        common = device if device is not CPU else operand._device
        for side_device, side_ndim in ((device, ndim), (operand._device, operand.ndim)):
            if side_device is not common and not (side_device is CPU and side_ndim == 0):
                raise mixed_device_error(common, side_device)
        device, ndim = common, max(ndim, operand.ndim)


def tensordot(a, b, dims=2):
    """Contract ``dims`` (a count, or two lists of dims) of ``a`` and ``b``.

    >>> import gradlib
    >>> gradlib.tensordot(gradlib.ones(2, 3), gradlib.ones(3, 4), dims=1).shape
    gradlib.Size([2, 4])
    """
    if a._device is not b._device:  # PyTorch contracts with one mm of the reshaped operands
        check_argument_devices("mm", ("self", a), ("mat2", b))
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    if a.dtype.name == "bool":
        raise NotImplementedError('"dot" not implemented for \'Bool\'')
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.ndim or dims > b.ndim:
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a = list(range(-dims, 0))
        dims_b = list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    for da, db in zip(dims_a, dims_b):
        size_a, size_b = a.shape[normalize_dim(da, a.ndim)], b.shape[normalize_dim(db, b.ndim)]
        if size_a != size_b and size_a != 1 and size_b != 1:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {size_a} in dim {da} and "
                               f"second has size {size_b} in dim {db}")
    dims_a = [normalize_dim(d, a.ndim) for d in dims_a]
    dims_b = [normalize_dim(d, b.ndim) for d in dims_b]
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    sub_a = [next(letters) for _ in range(a.ndim)]
    sub_b = [next(letters) for _ in range(b.ndim)]
    for da, db in zip(dims_a, dims_b):
        sub_b[db] = sub_a[da]
    contracted = {sub_a[d] for d in dims_a}
    output = [s for s in sub_a if s not in contracted] + [s for s in sub_b if s not in contracted]
    return einsum("".join(sub_a) + "," + "".join(sub_b) + "->" + "".join(output), a, b)
