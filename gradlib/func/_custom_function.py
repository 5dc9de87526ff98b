"""autograd.Function under vmap (PyTorch's extending.func rules): the ``vmap`` staticmethod or
``generate_vmap_rule=True``.

``Function.apply`` hands a call with a batched tensor among its arguments here (``ops/_batching``). With a ``vmap``
staticmethod, it is called as ``vmap(info, in_dims, *args)`` with the arguments one level unwrapped (batch dim 0,
or None for an unbatched argument) and returns ``(output, out_dims)``. With ``generate_vmap_rule=True`` the
Function runs once on the physical tensors of every running level through a generated Function whose forward and
backward call the user's forward, setup_context and backward on batched tensors (functorch's generated rule: vmap
of each staticmethod), so autograd records one node on the physical tensors and gradients flow per element
(``vmap(grad(f))``, ``grad(vmap(f))``). Without either, or with setup_context missing, PyTorch's RuntimeError is
raised (final: vmap does not retry such a call per element).
"""
import collections

from .. import _tensor
from ..autograd import function as _function
from ..ops import _batching
from . import _batched, _pytree

VmapInfo = collections.namedtuple("VmapInfo", ["batch_size", "randomness"])
_DOCS = "For more details, please see https://pytorch.org/docs/main/notes/extending.func.html"


def install():
    _batching.function_handler = apply


def Refused(message):
    """PyTorch's RuntimeError refusing a Function under vmap, marked so vmap reports it instead of running per
    element."""
    error = RuntimeError(message)
    error.vmap_refusal = True
    return error


def apply(cls, args, kwargs):
    """``cls.apply(*args, **kwargs)`` where an argument is a batched tensor."""
    if cls.setup_context is _function.Function.setup_context:
        raise Refused("In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, "
                      f"...), it must override the setup_context staticmethod. {_DOCS}")
    custom = cls.vmap is not _function.Function.vmap
    generate = getattr(cls, "generate_vmap_rule", False)
    if custom and generate:
        raise Refused(f"You tried to vmap over {cls.__name__}, but it has both generate_vmap_rule=True and an "
                      "overridden vmap staticmethod. Please set generate_vmap_rule=False or delete the overridden "
                      f"vmap staticmethod to avoid ambiguity. {_DOCS}")
    if not custom and not generate:
        raise Refused(f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please override "
                      f"and implement the vmap staticmethod or set generate_vmap_rule=True. {_DOCS}")
    level = max(_batched.level_of(a) for a in args if isinstance(a, _tensor.Tensor))
    size = dict(_batched.levels())[level]
    inner = [a._value if _batched.level_of(a) == level else a for a in args]
    if custom:
        in_dims = tuple(0 if _batched.level_of(a) == level else None for a in args)
        result = cls.vmap(VmapInfo(size, "error"), in_dims, *inner, **kwargs)
        if not isinstance(result, tuple) or len(result) != 2:
            raise RuntimeError(f"{cls.__name__}.vmap must return a tuple of two things: the output and the "
                               "out_dims")
        output, out_dims = result
        flat, spec = _pytree.flatten(output)
        dims = _pytree.broadcast_prefix(out_dims, spec)
        if dims is None:
            raise ValueError(f"Expected the out_dims returned by {cls.__name__}.vmap to be compatible with the "
                             f"structure of the output, got out_dims={out_dims!r}")
        wrapped = [v if d is None or not isinstance(v, _tensor.Tensor) else _batched.wrap(v.movedim(d, 0), level)
                   for v, d in zip(flat, dims)]
        return _pytree.unflatten(wrapped, spec)
    levels = _batched.levels()
    batched = tuple(isinstance(a, _tensor.Tensor) and _batched.level_of(a) > 0 for a in args)
    physical = [_down(a, levels) if flag else a for a, flag in zip(args, batched)]
    output = _generated(cls).apply(_Spec(cls, levels, batched, kwargs), *physical)
    if isinstance(output, tuple):
        return tuple(_up(o, levels) for o in output)
    return _up(output, levels)


class _Spec:
    """What the generated Function needs besides the tensors (a non-tensor first argument: no gradient)."""

    def __init__(self, cls, levels, batched, kwargs):
        self.cls, self.levels, self.batched, self.kwargs = cls, levels, batched, kwargs


class _Levels:
    """The vmap levels of the forward while a generated backward runs: the same run (``vmap(grad(f))``), or
    re-entered after it ended (``grad(vmap(f))``) for plain gradients; gradients batched by another vmap (jacrev's
    vmap over cotangents) go per element (NoRule)."""

    def __init__(self, levels, grads):
        self.levels = levels
        self.grads = grads

    def __enter__(self):
        self.entered = not any(run is self.levels for run in getattr(_batched._STATE, "runs", ()))
        if self.entered:
            if any(_batched.level_of(g) for g in self.grads if isinstance(g, _tensor.Tensor)):
                raise _batching.NoRule("a gradient batched by a later vmap reaches a generated vmap rule")
            self.saved = _batched.levels()
            _batched._STATE.levels = self.levels
            _batching.enter()

    def __exit__(self, *exc):
        if self.entered:
            _batching.leave()
            _batched._STATE.levels = self.saved


def _up(value, levels):
    """A physical value (dims B_1, ..., B_L first) batched at every level."""
    return _batched.rewrap(value, levels) if isinstance(value, _tensor.Tensor) else value


def _down(value, levels):
    """A tensor as its physical tensor at every level (an unbatched level expanded)."""
    if not isinstance(value, _tensor.Tensor):
        return value
    return _batched.physical(_batched.lift(value, levels))


class _Ctx:
    """The ctx the user's backward sees: the node's attributes, with the saved tensors batched again."""

    def __init__(self, node, spec):
        object.__setattr__(self, "_node", node)
        object.__setattr__(self, "_spec", spec)

    @property
    def saved_tensors(self):
        levels = self._spec.levels
        return tuple(_up(t, levels) if flag else t for t, flag in zip(self._node.saved_tensors, self._node._flags))

    @property
    def needs_input_grad(self):
        return self._node.needs_input_grad[1:]

    def __getattr__(self, name):
        return getattr(self._node, name)

    def __setattr__(self, name, value):
        setattr(self._node, name, value)


_CACHE = {}


def _generated(cls):
    """The Function that runs ``cls`` on the physical tensors of every running level (cached per class)."""
    if cls in _CACHE:
        return _CACHE[cls]

    def forward(ctx, spec, *inner):
        levels = spec.levels
        args = [_up(v, levels) if flag else v for v, flag in zip(inner, spec.batched)]
        output = spec.cls.forward(*args, **spec.kwargs)
        spec.cls.setup_context(ctx, tuple(args), output)
        single = not isinstance(output, tuple)
        outputs = (output,) if single else output
        physical = tuple(_down(o, levels) for o in outputs)
        mapping = {id(o): p for o, p in zip(outputs, physical) if isinstance(o, _tensor.Tensor)}
        mapping.update({id(a): v for a, v in zip(args, inner) if isinstance(a, _tensor.Tensor)})
        saved = ctx._to_save or ()
        ctx._flags = tuple(_batched.level_of(t) > 0 or id(t) in mapping for t in saved)
        if ctx._to_save is not None:
            ctx._to_save = tuple(mapping[id(t)] if id(t) in mapping else (_down(t, levels) if flag else t)
                                 for t, flag in zip(saved, ctx._flags))
        ctx._non_differentiable = tuple(mapping.get(id(t), t) for t in ctx._non_differentiable)
        ctx._dirty = tuple(mapping.get(id(t), t) for t in ctx._dirty)
        ctx._spec = spec
        return physical[0] if single else physical

    def backward(ctx, *grads):
        spec = ctx._spec
        levels = spec.levels
        with _Levels(levels, grads):
            results = spec.cls.backward(_Ctx(ctx, spec), *(_up(g, levels) for g in grads))
            results = results if isinstance(results, tuple) else (results,)
            return (None,) + tuple(_down(r, levels) for r in results)

    generated = type("Vmapped" + cls.__name__, (_function.Function,), {
        "forward": staticmethod(forward),
        "backward": staticmethod(backward)})
    _CACHE[cls] = generated
    return generated
