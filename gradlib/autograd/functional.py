"""``gradlib.autograd.functional``: vjp, jvp, jacobian, hessian, hvp, vhp with PyTorch's signatures.

Functions take a Tensor or a tuple of Tensors and return a Tensor or a tuple; results mirror that structure
(a tuple input gives tuple results). Everything is built on ``autograd.grad``: jvp uses the double-vjp trick,
Jacobians stack one vector-Jacobian product per output element.
"""
from .. import _creation, _tensor
from ..ops import join
from . import grad as _grad, grad_mode

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]


def _as_tuple(value, name, fn_name):
    is_tuple = isinstance(value, tuple)
    values = value if is_tuple else (value,)
    for index, item in enumerate(values):
        if not isinstance(item, _tensor.Tensor):
            if is_tuple:
                raise TypeError(f"The {name} given to {fn_name} must be either a Tensor or a tuple of Tensors but "
                                f"the value at index {index} has type {type(item)}.")
            raise TypeError(f"The {name} given to {fn_name} must be either a Tensor or a tuple of Tensors but the "
                            f"given {name} has type {type(item)}.")
    return is_tuple, values


def _prepare(inputs, create_graph):
    """Fresh leaves (or graph-connected views under create_graph) so grads refer to these inputs only."""
    prepared = []
    for tensor in inputs:
        if create_graph and tensor.requires_grad:
            prepared.append(tensor.view_as(tensor))
        else:
            prepared.append(tensor.detach().requires_grad_(True))
    return tuple(prepared)


def _check_outputs_require_grad(outputs, strict):
    """PyTorch's ``_check_requires_grad(outputs, "outputs", strict)``: in strict mode every output of ``func``
    must require grad."""
    if strict:
        for index, output in enumerate(outputs):
            if not output.requires_grad:
                raise RuntimeError(f"Output {index} of the user-provided function does not require gradients. The "
                                   f"outputs must be computed in a differentiable manner from the input when running "
                                   f"in strict mode.")


def _grads(outputs, inputs, grad_outputs, create_graph, strict, name, retain_graph=True):
    _check_outputs_require_grad(outputs, strict)
    differentiable = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if not differentiable:
        if strict:
            raise RuntimeError("The output of the user-provided function is independent of input 0. This is not "
                               "allowed in strict mode.")
        return tuple(None for _ in inputs)
    outs, gos = zip(*differentiable)
    with grad_mode.enable_grad():
        grads = _grad(outs, inputs, gos, retain_graph=retain_graph, create_graph=create_graph, allow_unused=True)
    if strict:
        for index, g in enumerate(grads):
            if g is None:
                raise RuntimeError(f"The output of the user-provided function is independent of input {index}. "
                                   f"This is not allowed in strict mode.")
    return grads


def _fill_zeros(grads, refs):
    return tuple(_creation.zeros_like(r) if g is None else g for g, r in zip(grads, refs))


_SINGLE_INPUT = "the input to the user-provided function is a single Tensor with a single element"


def _vector(v, like, fn_name, condition, like_is_tuple):
    """``v`` as a tuple, checked against ``like`` (PyTorch's ``_validate_v``: the count, then each shape); None is
    allowed only for a single one-element tensor (then v = 1)."""
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError(f"The vector v can only be None if {condition}.")
        return (_creation.ones_like(like[0]),)
    v = _as_tuple(v, "v", fn_name)[1]
    if len(v) != len(like):
        if like_is_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(like)} but got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for index, (vector, other) in enumerate(zip(v, like)):
        if vector.shape != other.shape:
            prefix = f"Entry {index} in " if like_is_tuple else ""
            raise RuntimeError(f"{prefix}v has invalid size: should be {other.shape} but got {vector.shape}.")
    return v


def _single_output(output, name, strict):
    """The one-element Tensor a hessian/hvp/vhp function must return, with PyTorch's two messages."""
    is_tuple, outs = _as_tuple(output, "outputs of the user-provided function", name)
    _check_outputs_require_grad(outs, strict)
    if is_tuple:
        raise RuntimeError(f"The function given to {name} should return a single Tensor")
    if outs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {name} should contain a single element")
    return outs


def _check_jacobian_requires_grad(jacobian_values, strict):
    """PyTorch's ``_check_requires_grad(jac, "jacobian", strict)``: in strict mode a Hessian needs a gradient
    that depends on the inputs (a linear function's does not)."""
    if strict:
        for index, value in enumerate(jacobian_values):
            if value is None:
                raise RuntimeError(f"The output of the user-provided function is independent of input {index}. "
                                   "This is not allowed in strict mode.")
            if not value.requires_grad:
                raise RuntimeError(
                    "While computing the hessian, found that the jacobian of the user-provided function with "
                    f"respect to input {index} is independent of the input. This is not allowed in strict mode. "
                    "You should ensure that your function is twice differentiable and that the jacobian depends "
                    "on the inputs (this would be violated by a linear function for example).")


def _finish(values, create_graph):
    return tuple(v if create_graph else v.detach() for v in values)


def _unpack(is_tuple, values):
    return values if is_tuple else values[0]


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T J)``: the vector-Jacobian product at ``inputs``.

    >>> import gradlib
    >>> from gradlib.autograd.functional import vjp
    >>> vjp(lambda x: x ** 2, gradlib.tensor([1., 2.]), gradlib.tensor([1., 1.]))
    (tensor([1., 4.]), tensor([2., 4.]))
    """
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
    with grad_mode.enable_grad():
        prepared = _prepare(inputs, create_graph)
        outputs = func(*prepared)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "vjp")
        _check_outputs_require_grad(outputs, strict)
        v = _vector(v, outputs, "vjp", "the user-provided function returns a single Tensor with a single element",
                    outputs_tuple)
        grads = _grads(outputs, prepared, v, create_graph, strict, "vjp")
    return (_unpack(outputs_tuple, _finish(outputs, create_graph)),
            _unpack(inputs_tuple, _finish(_fill_zeros(grads, inputs), create_graph)))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), J v)``: the Jacobian-vector product, by differentiating a vjp (the double-vjp trick).

    >>> import gradlib
    >>> from gradlib.autograd.functional import jvp
    >>> jvp(lambda x: x ** 2, gradlib.tensor([1., 2.]), gradlib.tensor([1., 0.]))
    (tensor([1., 4.]), tensor([2., 0.]))
    """
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
    v = _vector(v, inputs, "jvp", _SINGLE_INPUT, inputs_tuple)
    with grad_mode.enable_grad():
        prepared = _prepare(inputs, create_graph)
        outputs = func(*prepared)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jvp")
        # u -> J^T u is linear in u; differentiating it with respect to u along v gives J v.
        dummies = tuple(_creation.zeros_like(o).requires_grad_(True) for o in outputs)
        transposed = _grads(outputs, prepared, dummies, True, strict, "jvp")
        pairs = [(g, vi) for g, vi in zip(transposed, v) if g is not None and g.requires_grad]
        if pairs:
            gs, vs = zip(*pairs)
            result = _grad(gs, dummies, vs, create_graph=create_graph, allow_unused=True)
        else:
            result = (None,) * len(outputs)
    result = _fill_zeros(result, outputs)
    return (_unpack(outputs_tuple, _finish(outputs, create_graph)),
            _unpack(outputs_tuple, _finish(result, create_graph)))


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs`` (one vector-Jacobian product per output element).

    ``vectorize`` is accepted for compatibility; rows are computed one after another either way.

    >>> import gradlib
    >>> from gradlib.autograd.functional import jacobian
    >>> jacobian(lambda x: x ** 2, gradlib.tensor([1., 2.]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    if strategy not in ("reverse-mode", "forward-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                             'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                             'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        _check_forward_mode(create_graph, strict, vectorize)
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    with grad_mode.enable_grad():
        prepared = _prepare(inputs, create_graph)
        outputs = func(*prepared)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jacobian")
        _check_outputs_require_grad(outputs, strict)
        if vectorize and strict:
            raise RuntimeError("gradlib.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
                               "supported together. Please either set `strict=False` or `vectorize=False`.")
        blocks = []
        for output in outputs:
            rows = [[] for _ in inputs]
            flat = output.reshape(-1)
            for k in range(flat.numel()):
                if output.requires_grad:
                    grads = _grad(flat[k], prepared, retain_graph=True, create_graph=create_graph,
                                  allow_unused=True)
                else:
                    grads = (None,) * len(inputs)
                for i, (g, x) in enumerate(zip(grads, inputs)):
                    if g is None:
                        if strict:
                            raise RuntimeError(f"Output {len(blocks)} of the user-provided function is independent "
                                               f"of input {i}. This is not allowed in strict mode.")
                        g = _creation.zeros_like(x)
                    rows[i].append(g)
            per_input = []
            for i, x in enumerate(inputs):
                if rows[i]:
                    block = join.stack(rows[i]).reshape(tuple(output.shape) + tuple(x.shape))
                else:
                    block = _creation.zeros(tuple(output.shape) + tuple(x.shape), dtype=x.dtype, device=x.device)
                per_input.append(block if create_graph else block.detach())
            blocks.append(tuple(per_input))
    if outputs_tuple:
        return tuple(_unpack(inputs_tuple, block) for block in blocks)
    return _unpack(inputs_tuple, blocks[0])


def _check_forward_mode(create_graph, strict, vectorize):
    """PyTorch's refusals of ``strategy="forward-mode"``, in its order (gradlib computes the same Jacobian by
    reverse mode where PyTorch runs forward AD under vmap)."""
    if create_graph:
        raise NotImplementedError('gradlib.autograd.functional.jacobian: `create_graph=True` and '
                                  '`strategy="forward-mode"` are not supported together (yet). Please either set '
                                  '`create_graph=False` or `strategy="reverse-mode"`.')
    if strict:
        raise RuntimeError('gradlib.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are '
                           'not supported together (yet). Please either set `strict=False` or '
                           '`strategy="reverse-mode"`.')
    if not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly "
                                  "implemented for `vectorize=True`.")


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: the Jacobian of its gradient (double backward).

    >>> import gradlib
    >>> from gradlib.autograd.functional import hessian
    >>> hessian(lambda x: (x ** 3).sum(), gradlib.tensor([1., 2.]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*values):
        outs = _single_output(func(*values), "hessian", strict)
        grads = _grads(outs, values, (_creation.ones_like(outs[0]),), True, False, "hessian")
        grads = tuple(_creation.zeros_like(v) if g is None else g for g, v in zip(grads, values))
        _check_jacobian_requires_grad(grads, strict)
        return grads

    result = jacobian(gradient, inputs if inputs_tuple else inputs[0], create_graph=create_graph, strict=strict,
                      vectorize=vectorize, strategy=outer_jacobian_strategy)
    if not inputs_tuple:
        return result[0]
    return result


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T H)`` for a scalar ``func``.

    >>> import gradlib
    >>> from gradlib.autograd.functional import vhp
    >>> vhp(lambda x: (x ** 3).sum(), gradlib.tensor([1., 2.]), gradlib.tensor([1., 1.]))[1]
    tensor([ 6., 12.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), H v)`` for a scalar ``func`` (equal to vhp: the Hessian is symmetric).

    >>> import gradlib
    >>> from gradlib.autograd.functional import hvp
    >>> hvp(lambda x: (x ** 3).sum(), gradlib.tensor([1., 2.]), gradlib.tensor([1., 0.]))[1]
    tensor([6., 0.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(func, inputs, v, create_graph, strict, name):
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", name)
    v = _vector(v, inputs, name, _SINGLE_INPUT, inputs_tuple)
    with grad_mode.enable_grad():
        prepared = _prepare(inputs, create_graph)
        outs = _single_output(func(*prepared), name, strict)
        grads = _grads(outs, prepared, (_creation.ones_like(outs[0]),), True, False, name)
        _check_jacobian_requires_grad(grads, strict)
        pairs = [(g, vi) for g, vi in zip(grads, v) if g is not None and g.requires_grad]
        if pairs:
            gs, vs = zip(*pairs)
            product = _grad(gs, prepared, vs, create_graph=create_graph, allow_unused=True)
        else:
            product = (None,) * len(inputs)
    product = _fill_zeros(product, inputs)
    return _finish(outs, create_graph)[0], _unpack(inputs_tuple, _finish(product, create_graph))
