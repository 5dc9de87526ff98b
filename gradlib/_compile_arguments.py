"""The argument checks ``torch.compile`` and ``Module.compile`` make (gradlib compiles nothing; see
``gradlib.compiler``), in a module of their own so that ``nn.Module`` can use them without importing
``gradlib.compiler``, which imports ``nn``."""

__all__ = ["TorchDynamoException", "InvalidBackend", "check_compile_arguments", "MODES", "BACKENDS"]

MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")
BACKENDS = ("cudagraphs", "inductor", "openxla", "tvm", "eager", "aot_eager", "aot_eager_decomp_partition")


class TorchDynamoException(RuntimeError):
    """The base of ``torch._dynamo.exc``'s exceptions."""


class InvalidBackend(TorchDynamoException):
    """A ``backend=`` name PyTorch does not know (PyTorch's ``torch._dynamo.exc.InvalidBackend``)."""


def check_compile_arguments(backend="inductor", mode=None, options=None):
    """Raise PyTorch's errors: RuntimeError for both ``mode`` and ``options`` or an unknown ``mode``;
    ``InvalidBackend`` for an unknown ``backend`` name (a callable backend is accepted)."""
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be specified at the same time.")
    if mode is not None and mode not in MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(MODES)}")
    if isinstance(backend, str) and backend not in BACKENDS:
        raise InvalidBackend(f"Invalid backend: {backend!r}, see `torch._dynamo.list_backends()` for available "
                             f"backends.")
