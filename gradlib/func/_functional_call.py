"""functional_call and stack_module_state (PyTorch's ``torch.func``): call a module with other parameters and
buffers, and stack the states of several copies of a model for ``vmap`` (model ensembling)."""
import collections.abc

from ..ops import join

__all__ = ["functional_call", "stack_module_state"]

_MISSING = object()


def _named_tensors(module):
    """{dotted name: tensor} of every parameter and buffer, tied ones under each of their names."""
    found = {}
    for prefix, submodule in module.named_modules(remove_duplicate=False):
        for table in (submodule._parameters, submodule._buffers):
            for name, value in table.items():
                if value is not None:
                    found[f"{prefix}.{name}" if prefix else name] = value
    return found


def _untie(module, values):
    """``values`` with every name tied to a given one added (``tie_weights=True``), as PyTorch's."""
    named = _named_tensors(module)
    names_of = {}
    for name, tensor in named.items():
        names_of.setdefault(id(tensor), set()).add(name)
    tied = {name: names for names in names_of.values() if len(names) > 1 for name in names}
    given_tied = [name for name in values if name in tied]
    for name in given_tied:
        group = tied[name]
        if len(group.intersection(given_tied)) > 1 and len({id(values[n]) for n in group if n in values}) != 1:
            raise ValueError(f"functional_call got multiple values for keys {sorted(group)}, which are tied. "
                             f"Consider using tie_weights=False")
    untied = dict(values)
    for name in given_tied:
        for other in tied[name]:
            untied[other] = values[name]
    return untied


def _owner(module, dotted):
    *path, leaf = dotted.split(".")
    owner = module
    for part in path:
        owner = getattr(owner, part)
    return owner, leaf


def _swap(module, dotted, value):
    """Put ``value`` in place of the tensor called ``dotted``; returns what to put back."""
    owner, name = _owner(module, dotted)
    for table in (owner._parameters, owner._buffers):
        if name in table:
            previous = table[name]
            table[name] = value
            return owner, table, name, previous
    previous = owner.__dict__.get(name, _MISSING)
    object.__setattr__(owner, name, value)
    return owner, None, name, previous


def _restore(swapped):
    for owner, table, name, previous in reversed(swapped):
        if table is not None:
            table[name] = previous
        elif previous is _MISSING:
            object.__delattr__(owner, name)
        else:
            object.__setattr__(owner, name, previous)


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """Call ``module(*args, **kwargs)`` with its parameters and buffers replaced by the tensors in
    ``parameter_and_buffer_dicts`` (a dict of dotted names, or a tuple/list of dicts with distinct keys), then put
    the module's own back (PyTorch's ``torch.func.functional_call``).

    ``args``: a tuple of positional arguments, or one argument. Names the module lacks are set as plain attributes
    for the call. ``tie_weights``: a value given for one of several tied names (the same tensor in the module)
    replaces all of them. ``strict``: every parameter and buffer must be given, and nothing else. Gradients flow to
    the given tensors (the basis of ``grad``/``vmap`` over a model's parameters).

    Raises ValueError for keys given in two dicts, for anything but dicts, and for different values of tied names;
    RuntimeError ("Error(s) in reparametrizing for ...") for missing or unexpected keys under ``strict``.

    >>> import gradlib
    >>> from gradlib.func import functional_call
    >>> layer = gradlib.nn.Linear(2, 1)
    >>> params = {"weight": gradlib.tensor([[1., 2.]]), "bias": gradlib.tensor([0.5])}
    >>> functional_call(layer, params, (gradlib.tensor([[1., 1.]]),))
    tensor([[3.5000]])
    """
    if isinstance(parameter_and_buffer_dicts, dict):
        values = parameter_and_buffer_dicts
    elif isinstance(parameter_and_buffer_dicts, collections.abc.Sequence):
        if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
            raise ValueError("Expected all elements of parameter_and_buffer_dicts to be dictionaries")
        counts = {}
        for d in parameter_and_buffer_dicts:
            for key in d:
                counts[key] = counts.get(key, 0) + 1
        repeated = [key for key, n in counts.items() if n > 1]
        if repeated:
            raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of functional call is ambiguous")
        values = {k: v for d in parameter_and_buffer_dicts for k, v in d.items()}
    else:
        raise ValueError(f"Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got "
                         f"{type(parameter_and_buffer_dicts)}")
    if tie_weights:
        values = _untie(module, values)
    if strict:
        expected = set(_named_tensors(module))
        unexpected = sorted(set(values) - expected)
        missing = sorted(expected - set(values))
        messages = []
        if unexpected:
            messages.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
        if missing:
            messages.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
        if messages:
            raise RuntimeError("Error(s) in reparametrizing for {}:\n\t{}".format(type(module).__name__,
                                                                                "\n\t".join(messages)))
    if kwargs is None:
        kwargs = {}
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    swapped = []
    try:
        for name, value in values.items():
            swapped.append(_swap(module, name, value))
        return module(*args, **kwargs)
    finally:
        _restore(swapped)


def _stacked_leaf(tensors, name):
    all_require = all(t.requires_grad for t in tensors)
    none_require = all(not t.requires_grad for t in tensors)
    if not all_require and not none_require:
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    result = join.stack(tensors)
    if all_require:
        result = result.detach().requires_grad_()
    return result


def stack_module_state(models):
    """``(params, buffers)``: dicts of each parameter and buffer name to the models' tensors stacked along a new
    first dimension (PyTorch's ``torch.func.stack_module_state``), for ``vmap(functional_call)`` over an ensemble.
    Stacked parameters are new leaves that require grad when the models' do.

    Raises RuntimeError for no models, models of different classes or training modes, and parameters that require
    grad in some models only.

    >>> import gradlib
    >>> from gradlib.func import stack_module_state
    >>> params, buffers = stack_module_state([gradlib.nn.Linear(3, 2) for _ in range(4)])
    >>> {name: tuple(p.shape) for name, p in params.items()}, buffers
    ({'weight': (4, 2, 3), 'bias': (4, 2)}, {})
    """
    models = list(models) if not isinstance(models, (list, tuple)) else models
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    first_type = type(models[0])
    if not all(type(m) is first_type for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    all_params = [dict(model.named_parameters()) for model in models]
    params = {k: _stacked_leaf(tuple(p[k] for p in all_params), k) for k in all_params[0]}
    all_buffers = [dict(model.named_buffers()) for model in models]
    buffers = {k: _stacked_leaf(tuple(b[k] for b in all_buffers), k) for k in all_buffers[0]}
    return params, buffers

