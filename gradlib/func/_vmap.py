"""vmap: PyTorch's ``torch.func.vmap``: the function runs once on batched tensors (``_batched``, with the ops'
batching rules in ``_batch_rules``), as PyTorch's vmap does, so a linear layer under vmap is one matrix product
on the whole batch and its float32 rounding is PyTorch's. Nesting (``vmap(vmap(f))``) and composition
(``vmap(grad(f))``: per-sample gradients; ``vmap(jacrev(f))``, ``vmap(hessian(f))``) follow.

Where the batched run cannot go on (a batched tensor's data is needed outside a batching rule: ``.item()``,
``if x > 0:``, an in-place write through a batched tensor; or any error), the whole function runs again once
per element and the results are stacked (the per-element loop; an error it raises is the one reported). Because each call of the loop sees ordinary tensors, what
PyTorch refuses inside vmap because the value of a batched tensor would be needed runs here per element; side
effects of ``func`` (printing, appending to a list) then happen in the abandoned batched run too. A random op
under ``randomness='error'`` (PyTorch's refusal) draws as under ``'different'`` (ops on batched tensors draw per
element; a factory like ``randn(3)`` draws once). ``randomness='different'`` and ``'same'`` use the loop; 'same'
restores the random state before each element, so every element draws the same numbers.
"""
import functools

from .. import _tensor, backends
from ..device import CPU, get_default_device
from ..ops import _batching, join
from . import _batch_rules, _batched, _custom_function, _pytree

__all__ = ["vmap"]

_batch_rules.install()
_custom_function.install()


def _name(func):
    return getattr(func, "__name__", repr(func))


def _flat_in_dims(func, in_dims, args):
    if not isinstance(in_dims, (int, tuple)):
        raise ValueError(f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>): expected `in_dims` to be int or a "
                         f"(potentially nested) tuple matching the structure of inputs, got: {type(in_dims)}.")
    if len(args) == 0:
        raise ValueError(f"vmap({_name(func)})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are "
                         f"trying to vmap over a function with no inputs. The latter is unsupported.")
    flat_args, spec = _pytree.flatten(args)
    flat_dims = _pytree.broadcast_prefix(in_dims, spec)
    if flat_dims is None:
        raise ValueError(f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible with "
                         f"the structure of `inputs`. in_dims has structure {_pytree.flatten(in_dims)[1]!r} but "
                         f"inputs has structure {spec!r}.")
    for i, (arg, in_dim) in enumerate(zip(flat_args, flat_dims)):
        if not isinstance(in_dim, int) and in_dim is not None:
            raise ValueError(f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={in_dim} for an "
                             f"input but in_dim must be either an integer dimension or None.")
        if isinstance(in_dim, int) and not isinstance(arg, _tensor.Tensor):
            raise ValueError(f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={in_dim} for an "
                             f"input but the input is of type {type(arg)}. We cannot vmap over non-Tensor "
                             f"arguments, please use None as the respective in_dim")
        if in_dim is not None and (in_dim < -arg.dim() or in_dim >= arg.dim()):
            raise ValueError(f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={in_dim} for some "
                             f"input, but that input is a Tensor of dimensionality {arg.dim()} so expected in_dim "
                             f"to satisfy -{arg.dim()} <= in_dim < {arg.dim()}.")
        if in_dim is not None and in_dim < 0:
            flat_dims[i] = in_dim % arg.dim()
    sizes = [arg.shape[d] for arg, d in zip(flat_args, flat_dims) if d is not None]
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(size != sizes[0] for size in sizes):
        raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{sizes} for the mapped dimension")
    return flat_args, flat_dims, spec, sizes[0]


class _SameRandomness:
    """Puts the default generators' states back before each element (``randomness='same'``)."""

    def __init__(self):
        devices = {CPU, get_default_device()}
        self.states = [(backends.backend_for(d), d, backends.backend_for(d).get_rng_state(d)) for d in devices]

    def restore(self):
        for backend, device, state in self.states:
            backend.set_rng_state(device, state)


def _flat_out_dims(func, output, out_dims):
    flat, spec = _pytree.flatten(output)
    if isinstance(output, _tensor.Tensor) and isinstance(out_dims, tuple) and len(out_dims) == 1:
        flat_out_dims = list(out_dims)
    else:
        flat_out_dims = _pytree.broadcast_prefix(out_dims, spec)
    if flat_out_dims is None:
        raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible "
                         f"with the structure of `outputs`. out_dims has structure "
                         f"{_pytree.flatten(out_dims)[1]!r} but outputs has structure {spec!r}.")
    return flat, spec, flat_out_dims


def _not_tensor(func, value):
    return ValueError(f"vmap({_name(func)}, ...): `{_name(func)}` must only return Tensors, got type "
                      f"{type(value)}. Did you mean to set out_dims= to None for output?")


def _batched_outputs(func, output, level, out_dims, batch_size):
    """The batched run's output with this level's batch dim at each out_dim."""
    flat, spec, flat_out_dims = _flat_out_dims(func, output, out_dims)
    results = []
    for value, out_dim in zip(flat, flat_out_dims):
        if out_dim is None:
            if isinstance(value, _tensor.Tensor) and _batched.level_of(value) == level:
                raise ValueError(f"vmap({_name(func)}, ...): `{_name(func)}` can not return a BatchedTensor when "
                                 f"out_dim is None")
            results.append(value)
            continue
        if not isinstance(value, _tensor.Tensor):
            raise _not_tensor(func, value)
        dim = out_dim if out_dim >= 0 else out_dim + value.dim() + 1
        results.append(_batched.unwrap(value, level, dim, batch_size))
    return _pytree.unflatten(results, spec)


def _stack_outputs(func, outputs, out_dims, batch_size):
    flat_first, spec, flat_out_dims = _flat_out_dims(func, outputs[0], out_dims)
    flat_all = [flat_first] + [_pytree.flatten(o)[0] for o in outputs[1:]]
    stacked = []
    for position, out_dim in enumerate(flat_out_dims):
        values = [flat[position] for flat in flat_all]
        if out_dim is None:
            stacked.append(values[0])
            continue
        if not isinstance(values[0], _tensor.Tensor):
            raise _not_tensor(func, values[0])
        dim = out_dim if out_dim >= 0 else out_dim + values[0].dim() + 1
        stacked.append(join.stack(values, dim=dim))
    return _pytree.unflatten(stacked, spec)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """``func`` mapped over a dimension of its inputs (PyTorch's ``torch.func.vmap``).

    ``in_dims``: an int or None for every input, or a (nested) tuple matching the positional arguments (None: not
    mapped, passed whole). ``out_dims``: where the mapped dimension goes in each output (int or tuple matching the
    outputs; None for an output that is the same for every element). ``randomness``: 'error', 'different' or
    'same' (see the module docstring). ``chunk_size`` is accepted (the batch runs whole). Keyword
    arguments are passed unmapped. Shapes: an input of shape ``(B, *S)`` mapped at dim 0 gives ``func`` a ``S``
    tensor; outputs of shape ``T`` come back as ``(B, *T)`` for out_dims 0.

    Raises PyTorch's ValueError for in_dims that do not fit the inputs, mapped sizes that differ, a mapped
    non-Tensor, no mapped input, and non-Tensor outputs with an out_dim. A mapped size of 0 raises ValueError
    where the per-element loop is needed (it has no element to learn the outputs' shapes from).

    >>> import gradlib
    >>> from gradlib.func import vmap
    >>> vmap(gradlib.dot)(gradlib.tensor([[1., 2.], [3., 4.]]), gradlib.tensor([[1., 1.], [0., 1.]]))
    tensor([3., 4.])
    >>> vmap(lambda x, w: x @ w, in_dims=(0, None))(gradlib.ones(3, 2), gradlib.tensor([1., 2.]))
    tensor([3., 3., 3.])
    """
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got "
                           f"{randomness}")
    if chunk_size is not None and chunk_size <= 0:
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        flat_args, flat_dims, spec, batch_size = _flat_in_dims(func, in_dims, args)
        if randomness == "error":
            try:
                output, level = _batched.run(func, flat_args, flat_dims, spec, batch_size, _pytree.unflatten,
                                             kwargs)
                return _batched_outputs(func, output, level, out_dims, batch_size)
            except Exception as error:  # noqa: BLE001 -- NoRule (a batched tensor's data was needed) or any error of
                # the batched run: the per-element loop runs the function as before, and raises what it raises;
                if getattr(error, "vmap_refusal", False):  # but PyTorch's refusal of an autograd.Function is final
                    raise
        if batch_size == 0:
            raise ValueError(f"vmap({_name(func)}): gradlib's vmap runs func once per element and cannot map over a "
                             f"dimension of size 0")
        same = _SameRandomness() if randomness == "same" else None
        outputs = []
        _batching.looping += 1
        try:
            for index in range(batch_size):
                element = [arg if dim is None else arg[(slice(None),) * dim + (index,)]
                           for arg, dim in zip(flat_args, flat_dims)]
                if same is not None:
                    same.restore()
                outputs.append(func(*_pytree.unflatten(element, spec), **kwargs))
        finally:
            _batching.looping -= 1
        return _stack_outputs(func, outputs, out_dims, batch_size)

    return wrapped
