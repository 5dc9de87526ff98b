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
import importlib

from . import _creation, _tensor, backends, device as _device, dtypes
from ._warn_once import warn_once

__all__ = ["LEGACY_TYPES", "CUDA_LEGACY_TYPES", "legacy_type_of", "parse_legacy_type", "legacy_target",
           "set_default_tensor_type"]

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


_DEVICE_FROM_TYPE = []  # True while the default device is CUDA because set_default_tensor_type made it so


def set_default_tensor_type(t, /):
    """Deprecated (PyTorch 2.1): make the floating legacy type ``t`` (a class such as ``gradlib.DoubleTensor`` or
    ``gradlib.cuda.FloatTensor``, or its name ``'torch.DoubleTensor'``) the default: its dtype becomes the default
    dtype (``set_default_dtype``), a CUDA type makes CUDA the default device (``set_default_device``) and a CPU type
    after it makes the CPU the default again. PyTorch's UserWarning, once a process; TypeError for a type that is
    not floating ("only floating-point types are supported as the default type"), or a CUDA type without CUDA;
    ModuleNotFoundError for a name that names no module. Mirrors ``torch.set_default_tensor_type``.

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gradlib.set_default_tensor_type(gradlib.DoubleTensor)
    >>> gradlib.tensor([1.5]).dtype
    gradlib.float64
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gradlib.set_default_tensor_type('torch.FloatTensor')
    >>> gradlib.tensor([1.5]).dtype
    gradlib.float32
    """
    if isinstance(t, str):
        t = _dotted(t)
    warn_once("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use torch.set_default_dtype() "
              "and torch.set_default_device() as alternatives.")
    target = legacy_type_of(t)
    if target is None:
        raise TypeError("invalid type object: only floating-point types are supported as the default type")
    dtype, on_cuda = target
    if not dtype.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    if on_cuda and not backends.cuda_available():
        raise TypeError(f"type torch.cuda.{t.__name__} not available. Torch not compiled with CUDA enabled.")
    dtypes.set_default_dtype(dtype)
    if on_cuda:
        _device.set_default_device("cuda")
        _DEVICE_FROM_TYPE[:] = [True]
    elif _DEVICE_FROM_TYPE:
        _device.set_default_device(None)
        _DEVICE_FROM_TYPE.clear()


def _dotted(name):
    """The object a dotted name names (PyTorch's ``_import_dotted_name``), with the legacy type names known."""
    try:
        dtype, on_cuda = parse_legacy_type(name)
    except ValueError:
        components = name.split(".")
        value = importlib.import_module(components[0])
        for component in components[1:]:
            value = getattr(value, component)
        return value
    names = {value: key for key, value in _NAMES.items()}
    return (CUDA_LEGACY_TYPES if on_cuda else LEGACY_TYPES)[names[dtype.name]]
