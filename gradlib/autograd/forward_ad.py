"""``gradlib.autograd.forward_ad``: PyTorch's forward-mode AD API (``dual_level``, ``make_dual``, ``unpack_dual``,
``enter_dual_level``, ``exit_dual_level``, ``UnpackedDualTensor``).

How tangents travel: ``make_dual(primal, tangent)`` returns a view of ``primal`` that is recorded by the reverse
graph (through a hidden leaf sharing the primal's storage), and every op on it records its node as usual. When
``unpack_dual(y)`` asks for ``y``'s tangent, it is computed from that graph by the double-vjp trick:
``u -> J^T u`` is linear in ``u``, so the vjp of ``J^T u`` along the duals' tangents is ``J @ tangent``, one
``autograd.grad`` pair over the graph from ``y`` back to the level's duals. Every differentiable op therefore
propagates tangents, with its own (double-)backward formula. Differences from PyTorch, which carries a tangent
beside each value: a dual and what is computed from it report ``requires_grad=True`` (they are in the reverse
graph) and print without ``tangent=``; ops run under ``no_grad`` record nothing and so carry no tangent; a custom
``Function`` propagates tangents through its ``backward`` (its ``jvp`` staticmethod is not called). A tangent
requires grad where PyTorch's does: when the level's duals have primals that require grad and the tangent passes
through a node whose forward formula multiplies by a primal (a zero tangent for an input without one; only sums
and structural ops do not), gradlib ties the tangent to those primals by a zero term (``_with_primal_terms``).

>>> import gradlib
>>> import gradlib.autograd.forward_ad as fwAD
>>> primal, tangent = gradlib.tensor([1., 2.]), gradlib.tensor([1., 0.])
>>> with fwAD.dual_level():
...     dual = fwAD.make_dual(primal, tangent)
...     out = fwAD.unpack_dual(dual.sin() * dual)
>>> out.tangent
tensor([1.3818, 0.0000])
"""
import collections
import threading

from .. import _creation, _tensor
from .. import autograd  # the package (its grad() is looked up when called: this module loads during its import)
from . import grad_mode, graph

__all__ = ["UnpackedDualTensor", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual", "dual_level"]

# is_active and custom_function serve gradlib.autograd.function (custom Functions inside a dual level)

UnpackedDualTensor = collections.namedtuple("UnpackedDualTensor", ["primal", "tangent"])
UnpackedDualTensor.__doc__ = "``(primal, tangent)``: what ``unpack_dual`` returns (tangent None for no tangent)."


class _Level:
    """The duals made at the current level: [(dual, hidden leaf, tangent, primal, dual's version at creation)]."""

    def __init__(self):
        self.duals = []


_STATE = threading.local()


def _current():
    return getattr(_STATE, "level", None)


def is_active():
    """Whether a dual level is entered (custom Functions then propagate tangents)."""
    return _current() is not None


def enter_dual_level():
    """Enter a new forward-AD level and return its index (0). Nested levels are refused with PyTorch's
    RuntimeError. Prefer ``with dual_level():``."""
    if _current() is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _STATE.level = _Level()
    return 0


def exit_dual_level(*, level=None):
    """Leave the current level: the tangents of its duals are dropped (``unpack_dual`` gives None after)."""
    if _current() is None:
        raise RuntimeError("Dual level must be a positive number.")
    if level is not None and level != 0:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. This is not "
                           "supported.")
    _STATE.level = None


class dual_level:
    """Context manager for a forward-AD level: duals made inside carry tangents until it exits (PyTorch's
    ``torch.autograd.forward_ad.dual_level``); also usable as a decorator.

    >>> import gradlib
    >>> import gradlib.autograd.forward_ad as fwAD
    >>> with fwAD.dual_level():
    ...     y = fwAD.make_dual(gradlib.tensor(2.), gradlib.tensor(1.)) ** 3
    ...     print(fwAD.unpack_dual(y).tangent)
    tensor(12.)
    >>> print(fwAD.unpack_dual(y).tangent)
    None
    """

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()

    def __call__(self, function):
        def wrapped(*args, **kwargs):
            with dual_level():
                return function(*args, **kwargs)
        wrapped.__name__ = getattr(function, "__name__", "wrapped")
        wrapped.__doc__ = getattr(function, "__doc__", None)
        return wrapped


def _level_for(level):
    current = _current()
    if level is not None and (current is None or level != 0):
        raise RuntimeError("Invalid level given to _make_dual")
    return current


def make_dual(tensor, tangent, *, level=None):
    """A dual tensor: ``tensor``'s values (sharing its storage) with ``tangent`` as its forward gradient (PyTorch's
    ``make_dual``). ``tangent`` must have ``tensor``'s shape and device; both must be floating point. In-place ops
    on the dual change ``tensor`` too, as in PyTorch.

    Raises PyTorch's RuntimeError outside a level, for a tangent of another size or device, and for a tensor that
    is already a dual of this level; ValueError for integer primals or tangents.

    >>> import gradlib
    >>> import gradlib.autograd.forward_ad as fwAD
    >>> with fwAD.dual_level():
    ...     t = gradlib.tensor([1., 1.])
    ...     dual = fwAD.make_dual(gradlib.tensor([0., 3.]), t)
    ...     fwAD.unpack_dual(dual).tangent is t
    True
    """
    current = _level_for(level)
    if current is None:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if not tensor.dtype.is_floating_point:
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not tangent.dtype.is_floating_point:
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    if tuple(tensor.shape) != tuple(tangent.shape):
        raise RuntimeError(f"Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(tensor.shape)} while the given "
                           f"forward gradient is of size {list(tangent.shape)}.")
    if tensor.device != tangent.device:
        raise RuntimeError(f"Expected tangent to be on the same device as the primal, but got the tangent on "
                           f"{tangent.device} and the primal on {tensor.device}")
    if any(entry[0] is tensor for entry in current.duals):
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward gradient at the same "
                           "level 0 is not supported.")
    with grad_mode.enable_grad():
        if tensor.requires_grad:
            hidden = tensor.view_as(tensor)  # reverse-mode gradients still reach ``tensor``
        else:
            hidden = tensor.detach().requires_grad_(True)
        dual = hidden.view_as(hidden)
    current.duals.append((dual, hidden, tangent, tensor, dual._version))
    return dual


def _tangent(tensor, current):
    """J @ tangents of ``tensor`` with respect to the level's duals, or None when it depends on none."""
    if not tensor.requires_grad or not tensor.dtype.is_floating_point or not current.duals:
        return None
    hidden = [entry[1] for entry in current.duals]
    tangents = [entry[2] for entry in current.duals]
    with grad_mode.enable_grad():
        dummy = _creation.zeros_like(tensor).requires_grad_(True)
        transposed = autograd.grad(tensor, hidden, dummy, retain_graph=True, create_graph=True, allow_unused=True)
        pairs = [(g, t) for g, t in zip(transposed, tangents) if g is not None]
        if not pairs:
            return None
        reached = [(g, t) for g, t in pairs if g.requires_grad]
        if not reached:  # J^T u does not depend on u: only possible for a zero Jacobian
            return _creation.zeros_like(tensor)
        gs, ts = zip(*reached)
        differentiable = _reaches_other_leaves(tensor, hidden)  # then the tangent is differentiable, as PyTorch's
        result, = autograd.grad(gs, [dummy], [t.to(g.dtype) for g, t in reached], retain_graph=True,
                        create_graph=differentiable, allow_unused=True)
        result = _creation.zeros_like(tensor) if result is None else result
        if not result.requires_grad:
            result = _with_primal_terms(result, tensor, current)
    return result


#: Nodes whose forward formula (PyTorch's ``derivatives.yaml``) uses the inputs' tangents only: sums and
#: structural ops. Any other node multiplies a tangent by a primal (``other_t * self_p + self_t * other_p``, with a
#: zero tangent for an input without one), so its output's tangent is in the reverse graph of a primal requiring
#: grad. The first group may have several tensor inputs; the second is linear only with one.
_TANGENT_ONLY_MANY = frozenset({"Add", "Sub", "Cat", "Stack"})
_TANGENT_ONLY_ONE = frozenset({
    "Neg", "View", "Reshape", "UnsafeView", "Alias", "T", "Transpose", "Permute", "Expand", "Squeeze", "Unsqueeze",
    "Select", "Slice", "Index", "Sum", "Mean", "Clone", "ToCopy", "Split", "SplitWithSizes", "Unbind", "AsStrided",
    "Diagonal", "Diag", "Tril", "Triu", "Flip", "Roll", "Repeat", "ConstantPadNd", "Cumsum", "Unfold", "IndexSelect",
    "Gather", "Narrow", "Flatten", "MoveDim", "Movedim", "Squeeze", "Contiguous", "Copy", "Trace", "ViewAs",
    "Conj", "Real", "Imag", "Lift", "Detach", "AddScalar", "SubScalar"})


def _tangent_only(node):
    name = node.name().rstrip("0123456789")
    name = name[:-len("Backward")] if name.endswith("Backward") else name
    return name in _TANGENT_ONLY_MANY or (name in _TANGENT_ONLY_ONE and len(node._edges) <= 1)


def _with_primal_terms(result, tensor, current):
    """``result`` (a tangent that requires no grad) tied, with a zero, to the primals requiring grad of the duals
    that ``tensor`` reaches through a node whose forward formula multiplies by a primal: PyTorch's tangent of
    ``W @ x`` for a dual ``W`` whose primal requires grad has a grad_fn (``x_t(zero) @ W_p``), gradlib's double-vjp
    tangent would not. The tie is the sum of an empty slice of each such primal, so its gradient is zero."""
    leaves = {}
    for entry in current.duals:  # a dual's graph ends at its hidden leaf, or at its primal when that requires grad
        if entry[3].requires_grad:
            leaves[id(entry[1])] = leaves[id(entry[3])] = entry[3]
    if not leaves or tensor.grad_fn is None:
        return result
    primals = {}
    seen = set()
    stack = [(tensor.grad_fn, False)]
    while stack:
        node, multiplied = stack.pop()
        if node is None or (id(node), multiplied) in seen:
            continue
        seen.add((id(node), multiplied))
        if isinstance(node, graph.AccumulateGrad):
            primal = leaves.get(id(node.variable))
            if multiplied and primal is not None:
                primals[id(primal)] = primal
            continue
        multiplied = multiplied or not _tangent_only(node)
        stack.extend((edge[0], multiplied) for edge in node._edges)
    for primal in primals.values():
        result = result + primal.reshape(-1)[:0].sum().to(result.dtype)
    return result


def _reaches_other_leaves(tensor, hidden):
    """Whether ``tensor``'s graph reaches a leaf requiring grad other than the duals' hidden leaves (a walk with a
    stack: no recursion)."""
    own = {id(leaf) for leaf in hidden}
    seen = set()
    stack = [tensor.grad_fn] if tensor.grad_fn is not None else []
    if tensor.grad_fn is None:
        return tensor.requires_grad and id(tensor) not in own
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, graph.AccumulateGrad):
            if id(node.variable) not in own:
                return True
            continue
        stack.extend(edge[0] for edge in node._edges)
    return False


def unpack_dual(tensor, *, level=None):
    """``UnpackedDualTensor(primal, tangent)`` of ``tensor`` at the current level (PyTorch's ``unpack_dual``):
    the tangent given to ``make_dual`` for a dual itself (the same object), the forward-propagated tangent for a
    tensor computed from duals, None for a tensor that depends on no dual or outside a level. ``primal`` holds
    the values without the tangent (it requires grad only when the duals' primals did).

    >>> import gradlib
    >>> import gradlib.autograd.forward_ad as fwAD
    >>> with fwAD.dual_level():
    ...     x = fwAD.make_dual(gradlib.tensor([1., 2.]), gradlib.tensor([1., 1.]))
    ...     fwAD.unpack_dual(x * x)
    UnpackedDualTensor(primal=tensor([1., 4.]), tangent=tensor([2., 4.]))
    """
    current = _current()
    if level is not None and (current is None or level != 0):
        raise RuntimeError("Invalid level given to _make_dual")
    if current is None or not isinstance(tensor, _tensor.Tensor):
        return UnpackedDualTensor(tensor, None)
    for dual, _, tangent, primal, version in current.duals:
        if dual is tensor and dual._version == version:
            return UnpackedDualTensor(_primal(tensor, current), tangent)
    return UnpackedDualTensor(_primal(tensor, current), _tangent(tensor, current))


def _primal(tensor, current):
    if any(entry[3].requires_grad for entry in current.duals):
        return tensor.view_as(tensor) if tensor.requires_grad else tensor
    return tensor.detach()


def custom_function(ctx, cls, args, outputs, has_jvp, has_backward):
    """The outputs of a custom Function applied inside a dual level (see the module docstring): unchanged unless
    the Function has a ``jvp`` and no ``backward``, then new duals carrying ``jvp``'s tangents."""
    current = _current()
    tangents = [unpack_dual(arg).tangent if isinstance(arg, _tensor.Tensor) else None for arg in args]
    if all(tangent is None for tangent in tangents):
        return outputs
    if has_backward and (has_jvp or cls.__module__.startswith("gradlib.")):
        return outputs
    if not has_jvp:
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")
    tangents = [_creation.zeros_like(arg) if tangent is None and isinstance(arg, _tensor.Tensor) else tangent
                for arg, tangent in zip(args, tangents)]
    ctx.__dict__["_in_jvp"] = True
    differentiable = any(entry[3].requires_grad for entry in current.duals)  # as _primal: only then a graph
    try:
        with grad_mode.set_grad_enabled(differentiable):
            result = cls.jvp(ctx, *tangents)
    finally:
        ctx.__dict__["_in_jvp"] = False
    result = result if isinstance(result, tuple) else (result,)
    made = []
    for output, tangent in zip(outputs, result):
        if isinstance(output, _tensor.Tensor) and output.dtype.is_floating_point and tangent is not None:
            leaf = output.detach().requires_grad_(True)  # the Function has no backward: nothing to connect
            primal = output if differentiable else output.detach()  # what later checks of "differentiable" read
            current.duals.append((leaf, leaf, tangent, primal, leaf._version))
            made.append(leaf)
        else:
            made.append(output)
    return tuple(made)
