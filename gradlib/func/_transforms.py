"""grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian: PyTorch's ``torch.func`` transforms on gradlib's
reverse-mode autograd.

How a transform sees its inputs: each differentiated tensor is replaced by a fresh node of its own (a new leaf
``x.detach().requires_grad_()``, or, when ``x`` already requires grad or another transform is running outside
this one, the graph-connected ``x.view_as(x)``), ``func`` runs under ``enable_grad``, and ``autograd.grad``
differentiates with respect to those nodes only. Gradients flowing to a captured tensor or to another transform's
input are therefore never confused with this transform's (PyTorch's "levels"). Nested transforms (``grad(grad(f))``,
``jacfwd(jacrev(f))``) and an outer ``backward()`` differentiate the results, because the inner transforms then
build their gradients with ``create_graph=True``. At the outermost level, with nothing requiring grad, results are
detached (first-order speed). A tensor captured by ``func`` from outside that requires grad is not tracked through
an outermost transform's result (PyTorch's is): pass it as an argument instead.

Forward mode (``jvp``, ``jacfwd``) uses the double-vjp trick: ``u -> J^T u`` is linear in ``u``, and its vjp with
``v`` is ``J v``. ``jacfwd`` builds the Jacobian column by column that way (``_forward``), ``jacrev`` row by row.
Inside a batched ``vmap`` the differentiated inputs are lifted to every vmap level and ``autograd.grad`` runs on
the physical tensors (``_batched.fresh``, ``_batched.grad``).
"""
import functools
import threading

from .. import _creation, _tensor
from .._size import Size
from ..autograd import grad_mode
from ..ops import join
from . import _batched, _forward, _pytree

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian"]

_STATE = threading.local()


def _depth():
    return getattr(_STATE, "depth", 0)


class _Level:
    """One running transform: counts the nesting so inner transforms keep their gradients differentiable."""

    def __enter__(self):
        _STATE.depth = _depth() + 1
        return self

    def __exit__(self, *exc):
        _STATE.depth = _depth() - 1


def _tracked(tree):
    """Whether results must stay differentiable: inside another transform, or an argument requires grad."""
    if _depth() > 1:
        return True
    if not grad_mode.is_grad_enabled():
        return False
    return any(leaf.requires_grad for leaf in _pytree.tensor_leaves(tree))


def _differentiable(tensor, tracked):
    if not isinstance(tensor, _tensor.Tensor):
        raise ValueError(f"Thing passed to transform API must be Tensor, got {type(tensor)}")
    if _batched.levels():  # inside a batched vmap: a fresh node under every level (_batched.fresh)
        return _batched.fresh(tensor, tracked)
    if tracked and tensor.requires_grad:
        return tensor.view_as(tensor)
    return tensor.detach().requires_grad_(True)


def _finish(tree, tracked):
    if tracked:
        return tree
    leaves, spec = _pytree.flatten(tree)
    return _pytree.unflatten([leaf.detach() if isinstance(leaf, _tensor.Tensor) else leaf for leaf in leaves], spec)


def _wrap_argnum(argnum, num_args):
    if not isinstance(argnum, int):
        raise RuntimeError(f"argnum must be int, got: {type(argnum)}")
    if 0 <= argnum < num_args:
        return argnum
    if -num_args <= argnum < 0:
        return argnum + num_args
    raise RuntimeError(f"Got argnum={argnum}, but only {num_args} positional inputs")


def _argnums(argnums, num_args):
    """``argnums`` checked and made non-negative (int or tuple), as PyTorch's _slice_argnums."""
    if not isinstance(argnums, (int, tuple)):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if isinstance(argnums, int):
        return _wrap_argnum(argnums, num_args)
    wrapped = tuple(_wrap_argnum(argnum, num_args) for argnum in argnums)
    if len(wrapped) == 0:
        raise RuntimeError("argnums must be non-empty")
    if len(set(wrapped)) != len(wrapped):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return wrapped


def _replace(args, argnums, new_values):
    """``args`` with the differentiated positions replaced: new_values is one tree (int argnums) or a tuple."""
    args = list(args)
    if isinstance(argnums, int):
        args[argnums] = new_values
    else:
        for position, value in zip(argnums, new_values):
            args[position] = value
    return tuple(args)


def _prepare(args, argnums, tracked):
    """(new args, flat differentiable leaves, spec of the differentiated part)."""
    chosen = args[argnums] if isinstance(argnums, int) else tuple(args[i] for i in argnums)
    leaves, spec = _pytree.flatten(chosen)
    fresh = [_differentiable(leaf, tracked) for leaf in leaves]
    return _replace(args, argnums, _pytree.unflatten(fresh, spec)), fresh, spec


def _gradients(outputs, inputs, cotangents, create_graph):
    """autograd.grad over the outputs that require grad; zeros for inputs nothing reaches."""
    pairs = [(o, c) for o, c in zip(outputs, cotangents) if o.requires_grad]
    if pairs:
        outs, cots = zip(*pairs)
        grads = _batched.grad(outs, inputs, cots, retain_graph=True, create_graph=create_graph, allow_unused=True)
    else:
        grads = (None,) * len(inputs)
    return [_creation.zeros_like(x) if g is None else g for g, x in zip(grads, inputs)]


def _split_aux(output, has_aux, api):
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return output


def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning ``(gradient, value)`` of the scalar ``func`` with respect to the arguments at
    ``argnums`` (PyTorch's ``torch.func.grad_and_value``); with ``has_aux``, ``func`` returns ``(value, aux)`` and
    the result is ``(gradient, (value, aux))``.

    ``argnums``: an int (the gradient has that argument's structure: a Tensor, or a dict/tuple/list of them) or a
    tuple of ints (a tuple of such gradients). Raises PyTorch's RuntimeError when ``func`` returns no Tensor or a
    Tensor with dimensions, or for bad ``argnums``.

    >>> import gradlib
    >>> from gradlib.func import grad_and_value
    >>> grad_and_value(lambda x: (x ** 2).sum())(gradlib.tensor([1., 2.]))
    (tensor([2., 4.]), tensor(5.))
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _Level():
            positions = _argnums(argnums, len(args))
            tracked = _tracked((args, kwargs))
            with grad_mode.enable_grad():
                new_args, fresh, spec = _prepare(args, positions, tracked)
                output, aux = _split_aux(func(*new_args, **kwargs), has_aux, "grad_and_value(f)(*args)")
                if not isinstance(output, _tensor.Tensor):
                    raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got "
                                       f"{type(output)}")
                if output.dim() != 0:
                    raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                       f"tensor with {output.dim()} dims. Maybe you wanted to use the vjp or jacrev "
                                       f"APIs instead?")
                if output.dtype.is_complex:  # PyTorch's autograd seeds only a real scalar
                    raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got "
                                       f"{output.dtype}")
                grads = _gradients([output], fresh, [_creation.ones_like(output)], tracked)
            gradient = _finish(_pytree.unflatten(grads, spec), tracked)
            value = _finish(output, tracked)
            if has_aux:
                return gradient, (value, _finish(aux, tracked))
            return gradient, value

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """A function computing the gradient of the scalar ``func`` with respect to the arguments at ``argnums``
    (PyTorch's ``torch.func.grad``); with ``has_aux``, ``func`` returns ``(value, aux)`` and the result is
    ``(gradient, aux)``. Composes with itself (``grad(grad(f))``), ``vmap`` (per-sample gradients) and the other
    transforms. See ``grad_and_value`` for ``argnums`` and the errors.

    >>> import gradlib
    >>> from gradlib.func import grad
    >>> grad(gradlib.sin)(gradlib.tensor(0.5))
    tensor(0.8776)
    >>> grad(grad(gradlib.sin))(gradlib.tensor(0.5))
    tensor(-0.4794)
    """
    inner = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        gradient, value = inner(*args, **kwargs)
        if has_aux:
            return gradient, value[1]
        return gradient

    return wrapper


def _check_outputs(flat_outputs, api):
    if (len(flat_outputs) == 1 and flat_outputs[0] is None) or len(flat_outputs) < 1:
        raise RuntimeError(f"{api}: Expected f to be a function that has non-empty output (got output = "
                           f"{flat_outputs})")
    for output in flat_outputs:
        if not isinstance(output, _tensor.Tensor):
            raise RuntimeError(f"{api}: expected f(*primals) to return only tensors, got unsupported type "
                               f"{type(output)}")


def _vjp(func, primals, argnums, has_aux):
    """(output, vjp_fn, aux): vjp with respect to ``primals[argnums]`` (all primals when argnums is None)."""
    with _Level():
        tracked = _tracked(primals)
        with grad_mode.enable_grad():
            if argnums is None:
                leaves, spec = _pytree.flatten(primals)
                fresh = [_differentiable(leaf, tracked) for leaf in leaves]
                new_primals = _pytree.unflatten(fresh, spec)
            else:
                new_primals, fresh, spec = _prepare(primals, argnums, tracked)
            output, aux = _split_aux(func(*new_primals), has_aux, "vjp(f, *primals)")
            flat_outputs, output_spec = _pytree.flatten(output)
            _check_outputs(flat_outputs, "vjp(f, *primals)")
            for flat_output in flat_outputs:
                if not flat_output.dtype.is_floating_point:
                    raise RuntimeError(f"vjp(f, ...): All outputs of f must be floating-point or complex Tensors, "
                                       f"got Tensor with dtype {flat_output.dtype}")

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        if create_graph is None:
            create_graph = grad_mode.is_grad_enabled() and (tracked or any(
                c.requires_grad for c in _pytree.tensor_leaves(cotangents)))
        flat_cotangents, cotangent_spec = _pytree.flatten(cotangents)
        if repr(cotangent_spec) != repr(output_spec):
            raise RuntimeError(f"Expected pytree structure of cotangents to be the same as pytree structure of "
                               f"outputs to the function. cotangents: {cotangent_spec.pprint()}, primal output: "
                               f"{output_spec.pprint()}")
        with grad_mode.enable_grad():
            grads = _gradients(flat_outputs, fresh, flat_cotangents, create_graph)
        if not create_graph:
            grads = [g.detach() for g in grads]
        return _pytree.unflatten(grads, spec)

    return _finish(output, tracked), vjp_fn, (_finish(aux, tracked) if has_aux else None)


def vjp(func, *primals, has_aux=False):
    """``(func(*primals), vjp_fn)``: ``vjp_fn(cotangents)`` returns the vector-Jacobian products with respect to
    each primal, as a tuple with the primals' structure (PyTorch's ``torch.func.vjp``). ``cotangents`` has the
    structure of ``func``'s output. With ``has_aux``: ``(output, vjp_fn, aux)``.

    Raises PyTorch's RuntimeError when ``func`` returns a non-Tensor or an integer Tensor, or cotangents of
    another structure.

    >>> import gradlib
    >>> from gradlib.func import vjp
    >>> out, vjp_fn = vjp(gradlib.sin, gradlib.tensor([0., 1.]))
    >>> vjp_fn(gradlib.ones(2))
    (tensor([1.0000, 0.5403]),)
    """
    output, vjp_fn, aux = _vjp(func, primals, None, has_aux)
    if has_aux:
        return output, vjp_fn, aux
    return output, vjp_fn


_JVP = "jvp(f, primals, tangents)"


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``(func(*primals), J @ tangents)``: the Jacobian-vector product (PyTorch's ``torch.func.jvp``), computed by
    the double-vjp trick. ``primals`` and ``tangents`` are tuples of the same structure (tangents of the primals'
    shapes); the result has the structure of ``func``'s output. With ``has_aux``: ``(output, jvp_out, aux)``.
    ``strict=True`` refuses an output independent of the inputs.

    >>> import gradlib
    >>> from gradlib.func import jvp
    >>> jvp(lambda x: x ** 2, (gradlib.tensor([1., 2.]),), (gradlib.tensor([1., 0.]),))
    (tensor([1., 4.]), tensor([2., 0.]))
    """
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{_JVP}: Expected primals to be a tuple. E.g. it should be valid to call f(*primals).")
    flat_primals, primal_spec = _pytree.flatten(primals)
    flat_tangents, tangent_spec = _pytree.flatten(tangents)
    if repr(primal_spec) != repr(tangent_spec) or not isinstance(tangents, tuple):
        raise RuntimeError(f"{_JVP}: Expected primals and tangents to have the same python structure. For example, "
                           f"if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure "
                           f"{primal_spec!r} and tangents with structure {tangent_spec!r}")
    for values, name in ((flat_primals, "primals"), (flat_tangents, "tangents")):
        if len(values) == 0:
            raise RuntimeError(f"{_JVP}: Expected {name} to contain at least one Tensor.")
        for value in values:
            if not isinstance(value, _tensor.Tensor):
                raise RuntimeError(f"{_JVP}: Expected {name} to only contain Tensors, got {type(value)}")
    for primal, tangent in zip(flat_primals, flat_tangents):
        _forward_check(primal, tangent)
        if tuple(primal.shape) != tuple(tangent.shape):
            sizes = (list(primal.shape), list(tangent.shape))
            raise RuntimeError(f"Trying to set a forward gradient that has a different size than that of the "
                               f"original Tensor, this is not supported. Tensor is of size {sizes[0]} while the "
                               f"given forward gradient is of size {sizes[1]}.")
    with _Level():
        tracked = _tracked((primals, tangents))
        with grad_mode.enable_grad():
            fresh = [_differentiable(p, tracked) for p in flat_primals]
            output, aux = _split_aux(func(*_pytree.unflatten(fresh, primal_spec)), has_aux, _JVP)
            flat_outputs, output_spec = _pytree.flatten(output)
            if (len(flat_outputs) == 1 and flat_outputs[0] is None) or not flat_outputs:
                raise RuntimeError(f"{_JVP}: Expected f to be a function that has non-empty output (got output = "
                                   f"{flat_outputs})")
            for flat_output in flat_outputs:
                if not isinstance(flat_output, _tensor.Tensor):
                    raise RuntimeError(f"{_JVP}: expected f(*args) to return only tensors, got unsupported type "
                                       f"{type(flat_output)}")
            tangents_out = _double_vjp(flat_outputs, fresh, flat_tangents, tracked, strict)
    result = (_finish(output, tracked), _finish(_pytree.unflatten(tangents_out, output_spec), tracked))
    if has_aux:
        return result + (_finish(aux, tracked),)
    return result


def linearize(func, *primals):
    """``(func(*primals), jvp_fn)``: ``jvp_fn(*tangents)`` is the Jacobian-vector product of ``func`` at ``primals``
    (PyTorch's ``torch.func.linearize``), with the structure of ``func``'s output. Tangents have the primals'
    structure, shapes, devices and dtypes (RuntimeError otherwise, PyTorch's messages). PyTorch traces the
    tangent computation once into a graph; gradlib has no tracer, so each ``jvp_fn`` call runs ``jvp`` at the
    saved primals (``func`` runs again: the same values for a pure function).

    >>> import gradlib
    >>> from gradlib.func import linearize
    >>> output, jvp_fn = linearize(lambda x: x.sin(), gradlib.zeros(2, 2))
    >>> jvp_fn(gradlib.ones(2, 2))
    tensor([[1., 1.],
            [1., 1.]])
    """
    output = func(*primals)
    flat_primals, primal_spec = _pytree.flatten(primals)
    metadata = [(tuple(p.shape), p.device, p.dtype) for p in flat_primals]

    def jvp_fn(*tangents):
        flat_tangents, tangent_spec = _pytree.flatten(tangents)
        if repr(tangent_spec) != repr(primal_spec):
            raise RuntimeError(f"Expected the tangents {tangent_spec!r} to have the same argspec as the primals "
                               f"{primal_spec!r}")
        for index, (tangent, (shape, device, dtype)) in enumerate(zip(flat_tangents, metadata)):
            for what, got, expected in (("shape", tangent.shape, shape), ("device", tangent.device, device),
                                        ("dtype", tangent.dtype, dtype)):
                if (tuple(got) if what == "shape" else got) != expected:
                    expected = Size(expected) if what == "shape" else expected
                    raise RuntimeError(f"tangent:{index} with {what} {got} in flattened pytree doesn't match the "
                                       f"{what} {expected} of the corresponding primal.")
        return jvp(func, primals, tangents)[1]

    return output, jvp_fn


def _forward_check(primal, tangent=None):
    """forward mode's refusals (PyTorch's make_dual): integer primals and tangents."""
    if not primal.dtype.is_floating_point:
        raise ValueError(f"Expected primal to be floating point or complex, but got: {primal.dtype}")
    if tangent is not None and not tangent.dtype.is_floating_point:
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")


def _double_vjp(outputs, inputs, tangents, create_graph, strict):
    """J @ tangents for each output: differentiate ``u -> J^T u`` (linear in u) along the tangents."""
    differentiable = [o.requires_grad and o.dtype.is_floating_point for o in outputs]
    dummies = [_forward.dummy(o) for o in outputs]
    results = [None] * len(outputs)
    if any(differentiable):
        chosen = [i for i, d in enumerate(differentiable) if d]
        transposed = _batched.grad([outputs[i] for i in chosen], inputs, [dummies[i] for i in chosen],
                                   retain_graph=True, create_graph=True, allow_unused=True)
        pairs = [(g, t) for g, t in zip(transposed, tangents) if g is not None and g.requires_grad]
        if pairs:
            gs, ts = zip(*pairs)
            found = _batched.grad(gs, [dummies[i] for i in chosen], ts, retain_graph=True,
                                  create_graph=create_graph, allow_unused=True)
            for i, value in zip(chosen, found):
                results[i] = value
    if strict and any(r is None for r in results):
        raise RuntimeError("jvp(f, primals, tangents, strict=True): The output of f is independent of the inputs. "
                           "This is not allowed with strict=True.")
    return [_creation.zeros_like(o) if r is None else r for r, o in zip(results, outputs)]


def _jacobian(func, argnums, has_aux, api):
    @functools.wraps(func)
    def wrapper(*args):
        with _Level():
            positions = _argnums(argnums, len(args))
            if api == "jacfwd":
                chosen = args[positions] if isinstance(positions, int) else tuple(args[i] for i in positions)
                for leaf in _pytree.tensor_leaves(chosen):
                    _forward_check(leaf)
            tracked = _tracked(args)
            with grad_mode.enable_grad():
                new_args, fresh, spec = _prepare(args, positions, tracked)
                output, aux = _split_aux(func(*new_args), has_aux, "vjp(f, *primals)")
                flat_outputs, output_spec = _pytree.flatten(output)
                _check_outputs(flat_outputs, "vjp(f, *primals)")
                if api == "jacfwd":
                    blocks = _forward.jacobian_columns(flat_outputs, fresh, tracked)
                else:
                    blocks = [_jacobian_blocks(flat_output, fresh, tracked) for flat_output in flat_outputs]
            per_output = []
            for block in blocks:
                tree = _pytree.unflatten(block, spec)
                per_output.append(tree)
            result = _finish(_pytree.unflatten(per_output, output_spec), tracked)
            if has_aux:
                return result, _finish(aux, tracked)
            return result

    return wrapper


def _jacobian_blocks(output, inputs, create_graph):
    """[d output / d input for each input], each of shape output.shape + input.shape (one vjp per element)."""
    if not output.dtype.is_floating_point:
        raise RuntimeError(f"vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got Tensor "
                           f"with dtype {output.dtype}")
    rows = [[] for _ in inputs]
    flat = output.reshape(-1)
    for k in range(flat.numel()):
        grads = _gradients([flat[k]], inputs, [_creation.ones_like(flat[k])], create_graph)
        for row, g in zip(rows, grads):
            row.append(g)
    blocks = []
    for row, x in zip(rows, inputs):
        shape = tuple(output.shape) + tuple(x.shape)
        if row:
            blocks.append(join.stack(row).reshape(shape))
        else:  # an empty output: still a result of the graph, as PyTorch's
            empty = _creation.zeros(shape, dtype=x.dtype, device=x.device)
            blocks.append(empty + output.sum() * 0 if create_graph and output.requires_grad else empty)
    return blocks


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """A function computing the Jacobian of ``func`` with respect to the arguments at ``argnums`` by reverse mode
    (PyTorch's ``torch.func.jacrev``): for an output of shape ``O`` and an input of shape ``I``, a block of shape
    ``O + I``; outputs and inputs may be trees (the result nests the input structure inside the output's). One
    vector-Jacobian product per output element; ``chunk_size`` is accepted (gradlib computes one row at a time).

    >>> import gradlib
    >>> from gradlib.func import jacrev
    >>> jacrev(lambda x: x ** 2)(gradlib.tensor([1., 2.]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")
    return _jacobian(func, argnums, has_aux, "jacrev")


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """A function computing the Jacobian of ``func`` with respect to the arguments at ``argnums`` (PyTorch's
    ``torch.func.jacfwd``): the same blocks as ``jacrev``, computed column by column in forward mode (one
    Jacobian-vector product per input element, by the double-vjp trick: ``_forward``), so its cost follows the
    inputs' size. ``randomness`` is accepted for PyTorch's signature.

    >>> import gradlib
    >>> from gradlib.func import jacfwd
    >>> jacfwd(lambda x, y: x * y, argnums=(0, 1))(gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.]))
    (tensor([[3., 0.],
            [0., 4.]]), tensor([[1., 0.],
            [0., 2.]]))
    """
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got "
                           f"{randomness}")
    return _jacobian(func, argnums, has_aux, "jacfwd")


def hessian(func, argnums=0):
    """The Hessian of the scalar ``func`` with respect to the arguments at ``argnums``: ``jacfwd(jacrev(func))``
    (PyTorch's ``torch.func.hessian``), of shape ``I + I`` for an input of shape ``I``.

    >>> import gradlib
    >>> from gradlib.func import hessian
    >>> hessian(lambda x: (x ** 3).sum())(gradlib.tensor([1., 2.]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    return jacfwd(jacrev(func, argnums), argnums)
