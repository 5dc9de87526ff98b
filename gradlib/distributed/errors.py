"""The errors of ``gradlib.distributed`` (PyTorch's class names)."""

__all__ = ["DistError", "DistBackendError", "NOT_INITIALIZED"]

NOT_INITIALIZED = "Default process group has not been initialized, please make sure to call init_process_group."


class DistError(RuntimeError):
    """A distributed operation failed."""


class DistBackendError(DistError):
    """The transport failed or the ranks disagree: a timeout (a peer died or never called the same
    collective), or tensors whose shapes or dtypes differ across ranks."""
