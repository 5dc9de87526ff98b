"""PyTorch's legacy tensor types (``torch.FloatTensor``, ``torch.LongTensor``, ``torch.cuda.FloatTensor``, ...):
constructors (``FloatTensor(2, 3)``, ``LongTensor([1, 2])``), ``isinstance`` checks on dtype and device, and
arguments of ``Tensor.type``.

>>> import gradlib
>>> gradlib.FloatTensor([1, 2])
tensor([1., 2.])
>>> x = gradlib.zeros(2, device='cpu')
>>> isinstance(x, gradlib.FloatTensor), isinstance(x, gradlib.LongTensor), x.type(gradlib.LongTensor)
(True, False, tensor([0, 0]))
"""
from . import _creation, _tensor, dtypes

__all__ = ["LEGACY_TYPES", "CUDA_LEGACY_TYPES", "legacy_type_of", "parse_legacy_type", "legacy_target"]

_NAMES = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16", "LongTensor": "int64",
          "IntTensor": "int32", "ShortTensor": "int16", "CharTensor": "int8", "ByteTensor": "uint8",
          "BoolTensor": "bool", "BFloat16Tensor": "bfloat16"}


class _LegacyType(type):
    def __instancecheck__(cls, instance):
        return (isinstance(instance, _tensor.Tensor) and instance.dtype is cls.dtype
                and (instance.device.type == "cuda") == cls.is_cuda)

    def __call__(cls, *args, device=None):
        where = ("cuda" if cls.is_cuda else "cpu") if device is None else device
        if len(args) == 1 and not isinstance(args[0], int):
            data = args[0]
            if isinstance(data, _tensor.Tensor):
                if data.dtype is not cls.dtype or data.device.type != where:
                    raise TypeError(f"expected {_options(cls.dtype, where)} (got {_options(data.dtype, data.device)})")
                return data
            return _creation.tensor(data, dtype=cls.dtype, device=where)
        return _creation.empty(*(args or (0,)), dtype=cls.dtype, device=where)

    def __repr__(cls):
        return f"<class 'torch.{'cuda.' if cls.is_cuda else ''}{cls.__name__}'>"


_C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _options(dtype, device):
    return (f"TensorOptions(dtype={_C_NAMES[dtype.name]}, device={device}, layout=Strided, requires_grad=false "
            "(default), pinned_memory=false (default), memory_format=(nullopt))")


def _make(name, is_cuda):
    return _LegacyType(name, (), {"dtype": getattr(dtypes, _NAMES[name]), "is_cuda": is_cuda,
                                  "__module__": "gradlib.cuda" if is_cuda else "gradlib"})


LEGACY_TYPES = {name: _make(name, False) for name in _NAMES}
CUDA_LEGACY_TYPES = {name: _make(name, True) for name in _NAMES}


def legacy_type_of(value):
    """``(dtype, on_cuda)`` of a legacy type class, or None for anything else."""
    if isinstance(value, _LegacyType):
        return value.dtype, value.is_cuda
    return None


def parse_legacy_type(name):
    """``(dtype, on_cuda)`` for a legacy type name such as ``'torch.LongTensor'`` or ``'torch.cuda.FloatTensor'``
    (``gradlib.`` works too); ValueError for anything else, with PyTorch's words."""
    parts = name.split(".")
    on_cuda = len(parts) == 3 and parts[1] == "cuda"
    if parts[0] in ("torch", "gradlib") and len(parts) in (2, 3) and (len(parts) == 2 or on_cuda) and \
            parts[-1] in _NAMES:
        return getattr(dtypes, _NAMES[parts[-1]]), on_cuda
    raise ValueError(f"invalid type: '{name}'")


def legacy_target(value):
    """``(dtype, on_cuda)`` for ``Tensor.type``'s legacy forms (a name such as ``'torch.LongTensor'`` or a legacy
    type class such as ``gradlib.LongTensor``), else None."""
    if isinstance(value, str):
        return parse_legacy_type(value)
    return legacy_type_of(value)
