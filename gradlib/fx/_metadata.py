"""``TensorMetadata`` (what ``ShapeProp`` stores in ``node.meta['tensor_meta']``) and PyTorch's dtype abbreviations
that ``print_readable`` annotates values with (``f32[2, 3]``)."""
import typing

from .. import dtypes

__all__ = ["TensorMetadata", "DTYPE_ABBRS", "annotation"]

DTYPE_ABBRS = {"uint8": "u8", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64", "float16": "f16",
               "float32": "f32", "float64": "f64", "complex32": "c32", "complex64": "c64", "complex128": "c128",
               "bool": "b8", "bfloat16": "bf16", "uint16": "u16", "uint32": "u32", "uint64": "u64"}


class TensorMetadata(typing.NamedTuple):
    """A tensor's shape, dtype, requires_grad, stride, memory format and quantization (never, here)."""
    shape: tuple
    dtype: dtypes.dtype
    requires_grad: bool
    stride: tuple
    memory_format: object
    is_quantized: bool
    qparams: dict


def annotation(meta):
    """``"f32[2, 3]"`` for a TensorMetadata (None for anything else)."""
    if not isinstance(meta, TensorMetadata):
        return None
    name = str(meta.dtype).rpartition(".")[2]
    return f"{DTYPE_ABBRS.get(name, name)}[{', '.join(str(x) for x in meta.shape)}]"
