"""``torch.library``: custom operators written in Python (PyTorch's "Custom Python Operators").

``custom_op("ns::name", mutates_args=...)`` turns an annotated function into an operator: its schema is inferred
from the annotations (``infer_schema``), it is reachable as ``torch.ops.ns.name`` (``gradlib.ops.ns.name``), its
``register_fake`` function answers meta tensors (``device='meta'``, gradlib's shape-only path) and is checked by
``opcheck``, and ``register_autograd(backward, setup_context=...)`` makes it differentiable with PyTorch's
contract: ``setup_context(ctx, inputs, output)`` after the forward, ``backward(ctx, *grads)`` returning one
gradient per argument (``None`` for non-Tensors). Outputs of an op whose Tensor input requires grad carry a
``GeneratedBackwardFor_<ns>_<name>_defaultBackward`` node, as in PyTorch; without a registered formula its
backward raises PyTorch's RuntimeError. ``gradlib.compile`` runs the op eagerly, like any Python code.

Differences: only Tensors passed directly (not inside lists) are differentiable inputs; ``Library``/``define``/
``impl`` (the schema-string API) are not provided.

>>> import gradlib
>>> @gradlib.library.custom_op("docs::scale", mutates_args=())
... def scale(x: gradlib.Tensor, k: float) -> gradlib.Tensor:
...     return x * k
>>> scale.register_autograd(lambda ctx, g: (g * ctx.k, None),
...                         setup_context=lambda ctx, inputs, output: setattr(ctx, "k", inputs[1]))
>>> x = gradlib.tensor([1., 2.], requires_grad=True)
>>> y = gradlib.ops.docs.scale(x, 3.0); y.sum().backward(); x.grad
tensor([3., 3.])
"""
import inspect

from . import _op_namespaces, _tensor
from ._library_schema import infer_schema, registered_form
from .autograd import function as _function, grad_mode

__all__ = ["custom_op", "CustomOpDef", "infer_schema", "opcheck", "register_fake", "register_autograd"]

_OPDEFS = {}


class OpCheckError(Exception):
    """Raised by ``opcheck`` when a test fails (``torch.testing._internal.optests.OpCheckError``)."""


class _Metadata:
    """The last argument of the generated autograd Function: keyword-only arguments (never differentiable)."""

    def __init__(self, keyword_only):
        self.keyword_only = keyword_only


def custom_op(name, fn=None, /, *, mutates_args, device_types=None, schema=None, tags=None):
    """Define the operator ``name`` (``"namespace::opname"``) from ``fn``, or return a decorator that does.

    ``mutates_args`` (keyword, required): the names of the Tensor arguments ``fn`` writes to (an iterable or
    ``"unknown"``). ``device_types`` ("cpu", "cuda" or a sequence): ``fn`` runs only for tensors there (else
    NotImplementedError, PyTorch's "Could not run ..."), other devices need ``register_kernel``. Returns a ``CustomOpDef``; ``torch.ops.<namespace>.<opname>`` calls the same operator.
    Mirrors ``torch.library.custom_op``.

    Raises TypeError when ``mutates_args`` is missing (Python's), ValueError when ``name`` has no ``::``
    (``not enough values to unpack``) or the annotations do not give a schema (``infer_schema``'s messages),
    RuntimeError for a namespace or name that is not an identifier.

    >>> import gradlib
    >>> @gradlib.library.custom_op("docs::crop", mutates_args=())
    ... def crop(pic: gradlib.Tensor, box: list[int]) -> gradlib.Tensor:
    ...     x0, y0, x1, y1 = box
    ...     return pic[..., y0:y1, x0:x1].clone()
    >>> crop(gradlib.ones(1, 4, 4), (0, 0, 2, 3)).shape
    gradlib.Size([1, 3, 2])
    >>> gradlib.ops.docs.crop.default._schema
    docs::crop(Tensor pic, SymInt[] box) -> Tensor
    """
    def inner(fn):
        namespace, opname = name.split("::")
        for part in (namespace, opname.partition(".")[0]):
            if not part.isidentifier():
                raise RuntimeError(f"expected an identifier as the namespace and the name of a custom op, got "
                                   f"'{name}'")
        text = infer_schema(fn, mutates_args=mutates_args) if schema is None else schema
        definition = CustomOpDef(namespace, opname, _Schema(registered_form(f"{name}{text}")), fn, mutates_args)
        if device_types is not None:  # fn is the kernel of these device types only
            definition._init_fn = None
            definition.register_kernel(device_types, fn)
        _OPDEFS[definition._qualname] = definition
        return definition

    if fn is None:
        return inner
    return inner(fn)


class _Schema(str):
    """A schema string that prints bare (``print(op._schema)`` and ``repr`` both show the text)."""

    def __repr__(self):
        return str(self)


class CustomOpDef:
    """An operator made by ``custom_op`` (``torch._library.custom_ops.CustomOpDef``): call it like the function.

    ``register_fake(fn)``, ``register_autograd(backward, setup_context=None)``, ``register_kernel(device_types,
    fn)``; ``_opoverload`` is ``torch.ops.<ns>.<name>.default``."""

    def __init__(self, namespace, name, schema, fn, mutates_args):
        self._namespace, self._name = namespace, name
        self._qualname = f"{namespace}::{name}"
        self._init_fn = fn
        self._signature = inspect.signature(fn)
        self._mutates = (frozenset(self._signature.parameters) if mutates_args == "unknown"
                         else frozenset(mutates_args))
        self._kernels = {}
        self._abstract_fn = None
        self._backward_fn = None
        self._setup_context_fn = None
        self._schema = schema
        self._autograd_cls = self._make_autograd_function()
        self._opoverload = _op_namespaces.OpOverload(namespace, name, schema, self._call)
        _op_namespaces.register(self._opoverload)
        self.__name__ = name
        self.__doc__ = fn.__doc__

    def __repr__(self):
        return f"<CustomOpDef({self._qualname})>"

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def register_fake(self, fn, /):
        """Register the shape-only implementation: it gets the arguments and returns empty tensors of the
        result's shapes and dtypes (``x.new_empty(...)``). Used for meta tensors and checked by ``opcheck``.
        Returns ``fn`` (a decorator)."""
        self._abstract_fn = fn
        return fn

    def register_kernel(self, device_types, fn=None, /):
        """Use ``fn`` instead of the function for tensors on ``device_types`` ("cpu", "cuda", or a sequence)."""
        def inner(fn):
            for device_type in ([device_types] if isinstance(device_types, str) else device_types):
                self._kernels[device_type] = fn
            return fn
        return inner if fn is None else inner(fn)

    def register_autograd(self, backward, /, *, setup_context=None):
        """Make the operator differentiable: ``setup_context(ctx, inputs, output)`` runs after the forward (save
        what backward needs on ``ctx``); ``backward(ctx, *grad_outputs)`` returns one gradient per argument,
        ``None`` for non-Tensor ones (else PyTorch's RuntimeError)."""
        self._backward_fn = backward
        self._setup_context_fn = setup_context

    def _make_autograd_function(self):
        definition = self

        def forward(*args):
            return definition._run_kernel(definition._with_defaults(args[:-1]), args[-1].keyword_only)

        def setup_context(ctx, inputs, output):
            if definition._setup_context_fn is not None:
                definition._setup_context_fn(ctx, definition._with_defaults(inputs[:-1]), output)

        def backward(ctx, *grads):
            if definition._backward_fn is None:
                raise RuntimeError(f"Trying to backward through {definition._namespace}.{definition._name}."
                                   f"default but no autograd formula was registered. Please use "
                                   f"register_autograd to add one.")
            # the user's backward sees one entry per argument of the op (PyTorch slices the metadata's entry
            # off for the call, as torch/_library/autograd.py does); setup_context saw them all
            known = ctx.__dict__.get("_needs_input_grad")
            ctx._needs_input_grad = ctx.needs_input_grad[:-1]
            try:
                result = definition._backward_fn(ctx, *grads)
            finally:
                ctx._needs_input_grad = known
            return (result if isinstance(result, tuple) else (result,)) + (None,)

        name = f"GeneratedBackwardFor_{self._namespace}_{self._name}_default"
        generated = type(name, (_function.Function,), {"forward": staticmethod(forward),
                                                        "setup_context": staticmethod(setup_context),
                                                        "backward": staticmethod(backward)})
        return generated

    def _call(self, *args, **kwargs):
        bound = self._signature.bind(*args, **kwargs)
        given = frozenset(bound.arguments)
        bound.apply_defaults()
        positional, keyword_only = bound.args, bound.kwargs
        tensors = [value for value in positional if isinstance(value, _tensor.Tensor)]
        if any(t.is_meta for t in tensors):
            return self._fake(positional, keyword_only)
        if grad_mode.is_grad_enabled() and any(t.requires_grad for t in tensors):
            dispatched = self._without_trailing_defaults(positional, given)
            return self._autograd_cls.apply(*dispatched, _Metadata(keyword_only))
        with grad_mode.no_grad():
            return self._run_kernel(positional, keyword_only)

    def _without_trailing_defaults(self, positional, given):
        """``positional`` as PyTorch's dispatcher hands it to the op's autograd kernel: the trailing arguments
        equal to their defaults dropped (``parseIValuesToPyArgsKwargs``), so ``ctx.needs_input_grad`` has
        PyTorch's length. A (non-optional) ``Tensor x=None`` given as None explicitly is kept: it arrives as an
        undefined Tensor, which is not its default."""
        parameters = list(self._signature.parameters.values())
        tensor_typed = _tensor_typed_arguments(self._schema)  # names
        end = len(positional)
        while end:
            parameter, value = parameters[end - 1], positional[end - 1]
            if parameter.default is inspect.Parameter.empty or isinstance(value, _tensor.Tensor):
                break
            if parameter.name in given:
                if value is None and parameter.name in tensor_typed:
                    break
                if not _equals_default(value, parameter.default):
                    break
            end -= 1
        return positional[:end]

    def _with_defaults(self, positional):
        """``positional`` with the dropped trailing arguments' defaults put back (PyTorch's ``fill_defaults``,
        for ``setup_context``)."""
        parameters = list(self._signature.parameters.values())
        filled = list(positional)
        for parameter in parameters[len(filled):]:
            if parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
                filled.append(parameter.default)
        return tuple(filled)

    def _fake(self, positional, keyword_only=None):
        keyword_only = {} if keyword_only is None else keyword_only
        if self._abstract_fn is None:
            if self._schema.endswith("-> ()"):  # nothing returned: PyTorch generates this fake implementation
                return None
            raise RuntimeError(f"There was no fake impl registered for {self!r}. This is necessary for "
                               f"torch.compile/export/fx tracing to work. Please use `{self._name}.register_fake`"
                               f" to add an fake impl.")
        return self._abstract_fn(*positional, **keyword_only)

    def _run_kernel(self, positional, keyword_only):
        inputs = _flat_tensors(list(positional) + list(keyword_only.values()))
        device_type = inputs[0].device.type if inputs else "cpu"
        kernel = self._kernels.get(device_type, self._init_fn)
        if kernel is None:
            raise NotImplementedError(
                f"Could not run '{self._qualname}' with arguments from the '{device_type.upper()}' backend. This "
                "could be because the operator doesn't exist for this backend, or was omitted during the "
                "selective/custom build process (if using custom build).")
        output = kernel(*positional, **keyword_only)
        for value in (output if isinstance(output, (tuple, list)) else (output,)):
            if isinstance(value, _tensor.Tensor) and any(_shares_memory(value, t) for t in inputs):
                raise RuntimeError(
                    f"{self._name} (with implementation in {kernel.__module__}): The output of this custom "
                    "operator (1) must not also be an input to this custom operator and (2) may not alias any "
                    "inputs to this custom operator or other returns. The most common way to trigger this error "
                    "is if we have y = custom_op(x) and y and x are the same Tensor. Please instead return a "
                    "clone of the offending output tensor(s) (e.g. return x.clone()) or refactor the custom "
                    "operator to not return y.")
        return output


def _equals_default(value, default):
    """Whether an argument's value is its default as the dispatcher compares them (IValues: a bool is not the
    number 1, an int equals a float default of the same value)."""
    if value is None or default is None:
        return value is None and default is None
    if isinstance(value, bool) != isinstance(default, bool):
        return False
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


def _tensor_typed_arguments(schema):
    """The names of the arguments whose schema type is a Tensor, not an optional one (``Tensor``, ``Tensor(a!)``;
    ``Tensor x=None`` is what ``x: Tensor = None`` infers)."""
    inside = str(schema).partition("(")[2].rpartition(") ->")[0]
    names = set()
    for argument in filter(None, (part.strip() for part in inside.split(","))):
        words = argument.split()
        if words[0] != "*" and words[0].startswith("Tensor") and "?" not in words[0] and len(words) > 1:
            names.add(words[1].partition("=")[0])
    return names


def _flat_tensors(values):
    """The Tensors among ``values``, those inside list arguments included."""
    found = []
    for value in values:
        if isinstance(value, _tensor.Tensor):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(v for v in value if isinstance(v, _tensor.Tensor))
    return found


def _shares_memory(a, b):
    if a is b:
        return True
    base_a = a._base if a._base is not None else a
    base_b = b._base if b._base is not None else b
    return base_a is base_b and a.numel() > 0


def _lookup(qualname):
    try:
        return _OPDEFS[qualname]
    except KeyError:
        raise ValueError(f"register_fake(op): expected op to be a custom op defined with torch.library."
                         f"custom_op, got {qualname}") from None


def register_fake(op, func=None, /, *, lib=None, _stacklevel=1):
    """``torch.library.register_fake(op, fn)``: ``op`` a ``CustomOpDef``, ``"ns::name"`` or an ``OpOverload``;
    returns a decorator without ``func``."""
    definition = _definition(op)
    if func is None:
        return definition.register_fake
    return definition.register_fake(func)


def register_autograd(op, backward, /, *, setup_context=None, lib=None):
    """``torch.library.register_autograd(op, backward, setup_context=...)`` for a custom op given by name."""
    _definition(op).register_autograd(backward, setup_context=setup_context)


def _definition(op):
    if isinstance(op, CustomOpDef):
        return op
    if isinstance(op, (_op_namespaces.OpOverload, _op_namespaces.OpOverloadPacket)):
        return _lookup(op._qualified_op_name if hasattr(op, "_qualified_op_name") else op.name())
    return _lookup(op)



_ALL_TESTS = ("test_schema", "test_autograd_registration", "test_faketensor", "test_aot_dispatch_static",
              "test_aot_dispatch_dynamic")
DEFAULT_TEST_UTILS = ("test_schema", "test_autograd_registration", "test_faketensor", "test_aot_dispatch_dynamic")


def opcheck(op, args, kwargs=None, *, test_utils=DEFAULT_TEST_UTILS, raise_exception=True, rtol=None,
            atol=None):
    """Check a custom op on sample ``args`` (``torch.library.opcheck``); returns ``{test name: "SUCCESS" or the
    exception}`` for the tests run, in ``test_utils``' order.

    * ``test_schema``: the op writes only to the arguments its schema declares mutable (a copy of the arguments
      is used; an undeclared write fails with PyTorch's message).
    * ``test_autograd_registration``: with an input requiring grad, the outputs are attached to the graph.
    * ``test_faketensor``: the ``register_fake`` function, run on meta copies of the arguments, gives the real
      outputs' shapes and dtypes (a missing one fails with PyTorch's "no fake impl" message).
    * ``test_aot_dispatch_static`` / ``_dynamic``: the op run again (as gradlib.compile runs it) gives the same
      values (``rtol``/``atol``), and backward through it runs when an input requires grad and a formula is
      registered.

    Raises ``OpCheckError`` for the first failed test when ``raise_exception`` (else the exception is the
    dict's value); ValueError for an unknown test name (PyTorch's message).
    """
    if isinstance(test_utils, str):
        test_utils = (test_utils,)
    if not set(test_utils) <= set(_ALL_TESTS):
        raise ValueError(f"opcheck(op, ..., test_utils={test_utils}), expected test_utils to be subset of "
                         f"{_ALL_TESTS} but it was not")
    definition = _definition(op)
    kwargs = {} if kwargs is None else kwargs
    results = {}
    for test in test_utils:
        try:
            _TESTS[test](definition, args, kwargs, rtol, atol)
        except Exception as failure:
            if raise_exception:
                raise OpCheckError(f"opcheck(op, ...): {test} failed with {failure} (scroll up for stack "
                                   "trace)") from failure
            results[test] = failure
        else:
            results[test] = "SUCCESS"
    return results


def _copy(value, device=None):
    if isinstance(value, _tensor.Tensor):
        with grad_mode.no_grad():
            copied = value.detach().clone() if device is None else value.detach().to(device)
        return copied.requires_grad_(value.requires_grad)
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(item, device) for item in value)
    return value


def _outputs(output):
    return output if isinstance(output, (tuple, list)) else (output,)


def _test_schema(definition, args, kwargs, rtol, atol):
    copies, kw_copies = _copy(args), _copy(kwargs)
    before = _copy(copies), _copy(kw_copies)
    definition(*copies, **kw_copies)
    bound = definition._signature.bind(*copies, **kw_copies)
    old = definition._signature.bind(*before[0], **before[1])
    for name, value in bound.arguments.items():
        if isinstance(value, _tensor.Tensor) and name not in definition._mutates:
            if not _tensor_equal(value, old.arguments[name]):
                raise RuntimeError(f"Argument {name} is not defined as mutable but was mutated")


def _tensor_equal(a, b):
    with grad_mode.no_grad():
        return a.shape == b.shape and bool((a.eq(b) | (a.isnan() & b.isnan())).all())


def _test_autograd_registration(definition, args, kwargs, rtol, atol):
    tensors = [v for v in list(args) + list(kwargs.values()) if isinstance(v, _tensor.Tensor)]
    if not grad_mode.is_grad_enabled() or not any(t.requires_grad for t in tensors):
        return
    for value in _outputs(definition(*_copy(args), **_copy(kwargs))):
        if isinstance(value, _tensor.Tensor) and value.is_floating_point() and not value.requires_grad:
            raise AssertionError(f"{definition._namespace}.{definition._name}.default: an input requires grad "
                                 "but an output is not attached to the autograd graph")


def _test_faketensor(definition, args, kwargs, rtol, atol):
    fake = _outputs(definition._fake(*_meta_arguments(definition, args, kwargs)))
    real = _outputs(definition(*_copy(args), **_copy(kwargs)))
    if len(real) != len(fake):
        raise RuntimeError(f"When comparing the output of {definition._namespace}.{definition._name}.default on "
                           f"FakeTensor and concrete Tensors, found {len(fake)} and {len(real)} outputs")
    for r, f in zip(real, fake):
        if isinstance(r, _tensor.Tensor):
            for what, a, b in (("Shapes", r.shape, f.shape), ("Dtypes", r.dtype, f.dtype)):
                if a != b:
                    raise RuntimeError(f"When comparing the output of {definition._namespace}.{definition._name}"
                                       f".default on FakeTensor and concrete Tensors, found mismatched tensor "
                                       f"metadata: {what} {a} and {b} are not equal!")


def _meta_arguments(definition, args, kwargs):
    bound = definition._signature.bind(*_copy(args, "meta"), **_copy(kwargs, "meta"))
    bound.apply_defaults()
    return bound.args, bound.kwargs


def _test_aot_dispatch(definition, args, kwargs, rtol, atol):
    first = _outputs(definition(*_copy(args), **_copy(kwargs)))
    copies = _copy(args)
    second = _outputs(definition(*copies, **_copy(kwargs)))
    for a, b in zip(first, second):
        if isinstance(a, _tensor.Tensor):
            with grad_mode.no_grad():
                if not bool(a.isclose(b, rtol=rtol or 1e-5, atol=atol or 1e-8, equal_nan=True).all()):
                    raise AssertionError(f"{definition._namespace}.{definition._name}.default: a second run gave "
                                         "different values")
    differentiable = [o for o in second if isinstance(o, _tensor.Tensor) and o.requires_grad]
    if differentiable and definition._backward_fn is not None:
        total = sum(o.sum() for o in differentiable)
        total.backward()


_TESTS = {"test_schema": _test_schema, "test_autograd_registration": _test_autograd_registration,
          "test_faketensor": _test_faketensor, "test_aot_dispatch_static": _test_aot_dispatch,
          "test_aot_dispatch_dynamic": _test_aot_dispatch}
