"""``gradlib.nn.utils.convert_parameters``: ``parameters_to_vector`` and ``vector_to_parameters`` (those of
``gradlib.nn.utils``), at PyTorch's module path."""
from . import parameters_to_vector, vector_to_parameters

__all__ = ["parameters_to_vector", "vector_to_parameters"]
