"""``torch._dynamo.exc``: the exception classes programs catch (``InvalidBackend`` from ``torch.compile``)."""
from .._compile_arguments import InvalidBackend, TorchDynamoException

__all__ = ["TorchDynamoException", "InvalidBackend"]
