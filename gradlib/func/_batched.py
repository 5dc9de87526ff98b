"""vmap's batched tensors: one call of each op on the whole batch (functorch's design), not one per element.

A ``BatchedTensor`` is what ``func`` sees inside ``vmap``: a Tensor of the *logical* (per-element) shape whose
values live in ``_value``, the *physical* tensor with the batch dimension in front (dim 0). Its ``_array`` is a
``_Logical`` stand-in that answers shape, dtype and size and refuses everything else (``NoRule``), so no code
can read a batched tensor's data without a rule. Ops meet batched tensors in ``Op.apply`` (``ops/_batching``),
which hands them to ``_batch_rules``: a rule moves the batch dims, calls the ordinary op once on the physical
tensors and wraps the result; an op without a rule runs once per element and stacks (correct, slow). Where
something needs a batched tensor's data outside an op (``.item()``, ``if x > 0:``, in-place writes through
``_array``), ``NoRule`` reaches ``vmap``, which runs the whole function per element instead.

Levels: each running vmap has a level (1 for the outermost); ``BatchedTensor(level=L)`` may hold a ``_value``
batched at lower levels, so nested vmaps compose. The fully unwrapped tensor of a value batched at every level
has the dims ``(B_1, ..., B_L, *logical)``. Autograd runs on the physical tensors: the ops record ordinary
nodes, so ``grad(vmap(f))`` works; transforms inside vmap (``grad``, ``vjp``, ``jacrev``, ``jacfwd``) lift their
inputs to every level (an unbatched input is expanded, so each element gets its own gradient) and call
``autograd.grad`` on the physical tensors (``grad``): elements never mix, so each one's gradient is its own.
"""
import threading

from .. import _shape_only, _tensor, _torch_function
from .. import autograd
from ..ops import _batching

__all__ = ["BatchedTensor", "levels", "wrap", "lift", "physical", "rewrap", "fresh", "grad", "run"]

NoRule = _batching.NoRule
_STATE = threading.local()


def levels():
    """[(level, batch size)] of the batched vmaps running in this thread, outermost first."""
    return getattr(_STATE, "levels", ())


def _refuse(*args, **kwargs):
    raise NoRule("a batched tensor's data is needed outside a batching rule")


class _Logical(_shape_only.ShapeOnlyArray):
    """What a BatchedTensor holds as ``_array``: the per-element shape and dtype, and nothing else (``owner``, the
    batched tensor, lets a rule find the values of an op argument passed as ``tensor._array``)."""

    __slots__ = ("shape", "dtype", "owner")
    __array_ufunc__ = _refuse
    __array_function__ = _refuse
    __array__ = _refuse

    def __init__(self, shape, dtype, owner):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.owner = owner

    def __getattr__(self, name):
        raise NoRule(f"a batched tensor's data is needed outside a batching rule (.{name})")


for _name in ("__getitem__", "__setitem__", "__iter__", "__len__", "__bool__", "__float__", "__int__", "__index__",
              "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__",
              "__matmul__", "__rmatmul__", "__neg__", "__pow__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
              "__ge__", "__iadd__", "__isub__", "__imul__", "__itruediv__", "__copy__", "__deepcopy__"):
    setattr(_Logical, _name, _refuse)
_Logical.__hash__ = object.__hash__


class BatchedTensor(_tensor.Tensor):
    """A tensor inside vmap: logical shape outside, ``_value`` (batch dim 0) inside (see the module docstring)."""

    __slots__ = ("_value", "_level")
    __torch_function__ = _torch_function.disabled_torch_function_impl  # vmap's batching rules handle it

    def __repr__(self):
        return f"BatchedTensor(lvl={self._level}, bdim=0, value=\n{self._value!r}\n)"

    def detach(self):
        return wrap(self._value.detach(), self._level)

    @property
    def requires_grad(self):
        return self._value.requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        raise NoRule("requires_grad set on a batched tensor")

    def requires_grad_(self, requires_grad=True):
        raise NoRule("requires_grad_ on a batched tensor")


def wrap(value, level):
    """``value`` (batch dim 0) as a tensor batched at ``level``."""
    tensor = object.__new__(BatchedTensor)
    tensor._array = _Logical(value.shape[1:], value._array.dtype, tensor)
    tensor._device = value._device
    tensor._grad_fn = None
    tensor._requires_grad = value._requires_grad
    tensor._output_nr = 0
    tensor._vc = None
    tensor._grad = None
    tensor._base = None
    tensor._grad_accumulator = None
    tensor._is_inference = False
    tensor._hooks = None
    tensor._view_version = None
    tensor._value = value
    tensor._level = level
    return tensor


def level_of(tensor):
    return tensor._level if tensor.__class__ is BatchedTensor else 0


def owner(value):
    """The batched tensor behind ``value`` (itself, or a ``_Logical`` passed as raw array), else None."""
    if value.__class__ is BatchedTensor:
        return value
    if value.__class__ is _Logical:
        return value.owner
    return None


def lift(tensor, active=None):
    """``tensor`` batched at every running level (an unbatched level expanded to its batch size)."""
    active = levels() if active is None else active
    if not active:
        return tensor
    top, size = active[-1]
    if level_of(tensor) == top:
        inner = tensor._value
    else:
        inner = tensor.unsqueeze(0).expand(size, *tensor.shape)
    return wrap(lift(inner, active[:-1]), top)


def physical(tensor):
    """The plain tensor under every level of a lifted ``tensor``: dims (B_1, ..., B_L, *logical)."""
    while tensor.__class__ is BatchedTensor:
        tensor = tensor._value
    return tensor


def rewrap(tensor, active=None):
    """The inverse of ``physical``: a plain (B_1, ..., B_L, *S) tensor batched at every running level."""
    active = levels() if active is None else active
    for level, _ in active:
        tensor = wrap(tensor, level)
    return tensor


def fresh(tensor, tracked):
    """A transform's differentiable copy of ``tensor`` inside vmap: lifted to every level, a new node below."""
    base = physical(lift(tensor))
    if tracked and base.requires_grad:
        base = base.view_as(base)
    else:
        base = base.detach().requires_grad_(True)
    return rewrap(base)


def grad(outputs, inputs, grad_outputs, **kwargs):
    """``autograd.grad`` that accepts batched tensors (inputs made by ``fresh``): run on the physical tensors."""
    if not levels():
        return autograd.grad(outputs, inputs, grad_outputs, **kwargs)
    if not all(_lifted(x) for x in inputs):
        # inputs made outside this vmap (a vjp_fn called on batched cotangents): one backward pass would sum
        # the elements' gradients; gradlib's engine runs one cotangent at a time, so the elements go one by one
        raise NoRule("differentiating with respect to an input made outside vmap")
    outputs = [physical(lift(o)) for o in outputs]
    grad_outputs = [physical(lift(g)) for g in grad_outputs]
    inputs = [physical(x) for x in inputs]
    found = autograd.grad(outputs, inputs, grad_outputs, **kwargs)
    return tuple(None if g is None else rewrap(g) for g in found)


def _lifted(tensor):
    for level, _ in reversed(levels()):
        if level_of(tensor) != level:
            return False
        tensor = tensor._value
    return True


def run(func, flat_args, flat_dims, spec, batch_size, unflatten, kwargs):
    """``func`` once on batched inputs; returns its output with this level's batched tensors (see ``unwrap``)."""
    level = len(levels()) + 1
    _STATE.levels = levels() + ((level, batch_size),)
    runs = getattr(_STATE, "runs", ())
    _STATE.runs = runs + (_STATE.levels,)  # the levels tuples of the running vmaps (by identity: which run)
    _batching.enter()
    try:
        inputs = []
        for arg, dim in zip(flat_args, flat_dims):
            if dim is None:
                inputs.append(arg)
            else:
                inputs.append(wrap(arg.movedim(dim, 0) if dim else arg, level))
        return func(*unflatten(inputs, spec), **kwargs), level
    finally:
        _batching.leave()
        _STATE.levels = levels()[:-1]
        _STATE.runs = runs


def unwrap(value, level, out_dim, batch_size):
    """One output of ``run``: the batch dim of ``level`` moved to ``out_dim`` (expanded where unbatched)."""
    if value.__class__ is BatchedTensor and value._level == level:
        out = value._value
        return out.movedim(0, out_dim) if out_dim else out
    if value.__class__ is not BatchedTensor and value._array.__class__ is _Logical:  # data lost its batch dim
        raise NoRule("an output holds a batched tensor's data")
    return value.unsqueeze(out_dim).expand(*value.shape[:out_dim], batch_size, *value.shape[out_dim:])
