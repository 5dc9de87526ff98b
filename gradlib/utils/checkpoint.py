"""Activation checkpointing: run a segment without keeping its intermediates, recompute it in backward."""
import warnings

from .. import _tensor, autograd, random
from ..autograd import grad_mode, graph
from ..device import CPU

__all__ = ["checkpoint", "checkpoint_sequential"]


def _rng_states(tensors):
    """The generator states of the CPU and of every device among ``tensors`` (as PyTorch saves them; a captured
    step reads and restores them again at every replay)."""
    devices = {t.device for t in tensors} | {CPU}
    return [(device, random.rng_state(device)) for device in devices]


def _restore(states):
    for device, state in states:
        random.restore_rng_state(device, state)


class CheckpointFunction(autograd.Function):
    """The reentrant checkpoint (``checkpoint(..., use_reentrant=True)``), PyTorch's
    ``torch.utils.checkpoint.CheckpointFunction``: ``apply(run_function, preserve_rng_state, *args)`` runs
    ``run_function(*args)`` without recording and records it again in backward; its node prints as PyTorch's,
    ``CheckpointFunctionBackward``. Outputs have ``run_function``'s shapes and dtypes; errors are
    ``run_function``'s.

    >>> import gradlib
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> y = CheckpointFunction.apply(lambda a: a * 2, True, x)
    >>> type(y.grad_fn).__name__
    'CheckpointFunctionBackward'
    """

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        tensors = [a for a in args if isinstance(a, _tensor.Tensor)]
        ctx.rng_states = _rng_states(tensors) if preserve_rng_state else None
        ctx.arg_is_tensor = [isinstance(a, _tensor.Tensor) for a in args]
        ctx.plain_args = [None if isinstance(a, _tensor.Tensor) else a for a in args]
        ctx.save_for_backward(*tensors)
        return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        saved = iter(ctx.saved_tensors)
        args = []
        inputs = []
        for is_tensor, plain in zip(ctx.arg_is_tensor, ctx.plain_args):
            if is_tensor:
                tensor = next(saved)
                detached = tensor.detach().requires_grad_(tensor.requires_grad)
                args.append(detached)
                inputs.append(detached)
            else:
                args.append(plain)
        if ctx.rng_states is not None:
            current = _rng_states(inputs)
            _restore(ctx.rng_states)
        try:
            with grad_mode.enable_grad():
                outputs = ctx.run_function(*args)
        finally:
            if ctx.rng_states is not None:
                _restore(current)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grads) if o.requires_grad and g is not None]
        if pairs:
            autograd.backward([o for o, _ in pairs], [g for _, g in pairs])
        input_grads = iter([t.grad for t in inputs])
        return (None, None) + tuple(next(input_grads) if is_tensor else None for is_tensor in ctx.arg_is_tensor)


def _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs):
    """PyTorch's ``use_reentrant=False`` checkpoint: ``function`` runs with grad on, so the graph reaches every
    tensor it uses (a module's parameters included, even when no input requires grad), but each tensor it saves
    for backward is kept only as its index; the first unpack in backward reruns ``function`` (with the forward's
    RNG states) and hands out the recomputed tensors instead.

    The tensor arguments themselves are saved for the recomputation as PyTorch saves them (its _NoopSaveInputs
    node): under the ``saved_tensors_hooks`` active outside the checkpoint, which pack each one (``save_on_cpu``
    moves them to the CPU) and unpack them for the recomputation."""
    tensors = [a for a in args if isinstance(a, _tensor.Tensor)]
    rng_states = _rng_states(tensors) if preserve_rng_state else None
    outer_hooks = grad_mode.state.saved_hooks[-1] if grad_mode.state.saved_hooks and grad_mode.is_grad_enabled() \
        else None
    if outer_hooks is not None:
        with grad_mode.no_grad():
            packed_inputs = [outer_hooks[0](tensor) if isinstance(tensor, _tensor.Tensor) else None for tensor in args]
    recomputed = {}
    count = [0]

    def pack(tensor):
        count[0] += 1
        return count[0] - 1

    def recompute():
        index = [0]

        def pack_recomputed(tensor):
            recomputed[index[0]] = tensor.detach()
            index[0] += 1
            return index[0] - 1

        if rng_states is not None:
            current = _rng_states(tensors)
            _restore(rng_states)
        inputs = args
        if outer_hooks is not None:
            with grad_mode.no_grad():
                # as PyTorch's detach_variable: the unpacked tensor, detached, requiring grad where the argument did
                inputs = [arg if packed is None else outer_hooks[1](packed).detach().requires_grad_(arg.requires_grad)
                          for arg, packed in zip(args, packed_inputs)]
        try:
            with grad_mode.enable_grad(), graph.saved_tensors_hooks(pack_recomputed, lambda key: recomputed[key]):
                function(*inputs, **kwargs)
        finally:
            if rng_states is not None:
                _restore(current)

    def unpack(key):
        if key not in recomputed:
            recompute()
        return recomputed[key]

    with graph.saved_tensors_hooks(pack, unpack):
        return function(*args, **kwargs)


def checkpoint(function, *args, use_reentrant=None, preserve_rng_state=True, **kwargs):
    """Call ``function(*args)`` without keeping its intermediate values; backward recomputes them.

    Trades compute for memory: only the inputs are saved. Random ops (dropout) replay the same numbers
    when ``preserve_rng_state`` (the default).

    >>> import gradlib
    >>> from gradlib.utils.checkpoint import checkpoint
    >>> x = gradlib.tensor([1., 2.], requires_grad=True)
    >>> y = checkpoint(lambda t: (t.exp() * t).sum(), x)
    >>> y.backward(); x.grad
    tensor([ 5.4366, 22.1672])
    """
    if use_reentrant is None:
        warnings.warn("gradlib.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting in "
                      "PyTorch 2.9, calling checkpoint without use_reentrant will raise an exception. "
                      "use_reentrant=False is recommended, but if you need to preserve the current default behavior, "
                      "you can pass use_reentrant=True. Refer to docs for more details on the differences between "
                      "the two variants.", stacklevel=2)
        use_reentrant = True
    if not use_reentrant:
        if not grad_mode.is_grad_enabled():
            return function(*args, **kwargs)
        return _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if grad_mode.is_grad_enabled() and not any(isinstance(a, _tensor.Tensor) and a.requires_grad for a in args):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", stacklevel=2)
    return CheckpointFunction.apply(function, preserve_rng_state, *args)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run ``functions`` (an ``nn.Sequential`` or a list of callables) in ``segments`` parts, checkpointing every
    part but the last; mirrors ``torch.utils.checkpoint.checkpoint_sequential``.

    The input is one tensor of any shape; each part keeps only its input for backward and recomputes the rest.
    Raises ValueError for unexpected keyword arguments (``preserve_rng_state`` is the one accepted) and, as
    PyTorch, ``range() arg 3 must not be zero`` when ``segments`` exceeds the number of functions.

    >>> import gradlib
    >>> from gradlib.utils.checkpoint import checkpoint_sequential
    >>> model = gradlib.nn.Sequential(gradlib.nn.Tanh(), gradlib.nn.Tanh(), gradlib.nn.Tanh())
    >>> x = gradlib.tensor([0.5, -1.0], requires_grad=True)
    >>> checkpoint_sequential(model, 2, x).sum().backward(); x.grad
    tensor([0.5339, 0.1677])
    """
    preserve_rng_state = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if hasattr(functions, "children"):
        functions = list(functions.children())

    def run_range(first, last):
        def run(value):
            for index in range(first, last + 1):
                value = functions[index](value)
            return value
        return run

    per_segment = len(functions) // segments
    last = -1
    for first in range(0, per_segment * (segments - 1), per_segment):
        last = first + per_segment - 1
        input = checkpoint(run_range(first, last), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve_rng_state)
    return run_range(last + 1, len(functions) - 1)(input)
