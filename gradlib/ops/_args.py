"""PyTorch's TypeErrors for arguments that are not tensors where an op wants one (``sum([1.])``,
``matmul(x, 'a')``), raised before an op touches ``.shape`` or ``.dtype`` of something that has none."""
from .. import _tensor as _tensor_module
from .. import dtypes as _dtypes


def _type_name(value):
    """A type as PyTorch's argument parser names it (``float``, ``numpy.float64``)."""
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def require_tensor(name, value, argument="input", position=1, attribute=None):
    """Raise PyTorch's TypeError unless ``value`` is a Tensor. Where PyTorch's function is Python code that first
    reads an ``attribute`` of its input (``mse_loss`` reads ``input.size()``), its error is that AttributeError.

    >>> require_tensor("sum", [1.0])
    Traceback (most recent call last):
    ...
    TypeError: sum(): argument 'input' (position 1) must be Tensor, not list
    """
    if not isinstance(value, _tensor_module.Tensor):
        if attribute is not None:
            raise AttributeError(f"'{type(value).__name__}' object has no attribute '{attribute}'")
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, not "
                        f"{_type_name(value)}")


def require_int_list(name, argument, values, position):
    """Raise PyTorch's argument-parser TypeError for an item of the int list ``values`` that is not an integer:
    at the first item "must be tuple of ints, but found element of type float at pos 0", at a later one "failed to
    unpack the object at pos N" (counted from 1).

    >>> require_int_list("pad", "pad", (1, 1.5), 2)
    Traceback (most recent call last):
    ...
    TypeError: pad(): argument 'pad' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"
    """
    for index, item in enumerate(values):
        if hasattr(item, "__index__"):
            continue
        if not index:
            raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be tuple of ints, but found "
                            f"element of type {_type_name(item)} at pos 0")
        raise TypeError(f"{name}(): argument '{argument}' failed to unpack the object at pos {index + 1} with error "
                        f"\"type must be tuple of ints,but got {_type_name(item)}\"")


# What an arithmetic op never takes as an operand (it takes tensors, Python and NumPy numbers, and internally
# backend arrays).
_NOT_OPERANDS = (str, bytes, list, tuple, dict, set, type(None))


def require_operand(name, value, argument="other", position=2):
    """Raise PyTorch's TypeError for an operand that is neither a tensor nor a number (a list, a string, None)."""
    if isinstance(value, _NOT_OPERANDS):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, not "
                        f"{_type_name(value)}")


def refuse_complex_number(kernel, input, other):
    """PyTorch's ``kernel`` has no complex version: a complex Python number on either side of a real tensor makes
    the computation complex, which it refuses (``"remainder_cpu" not implemented for 'ComplexFloat'``); NumPy
    would compute it, or fail in its own words. ``kernel`` is the name without its device suffix."""
    tensor, number = (input, other) if isinstance(input, _tensor_module.Tensor) else (other, input)
    if number.__class__ is complex and isinstance(tensor, _tensor_module.Tensor) and not tensor.dtype.is_complex:
        result = _dtypes.result_type_scalar(tensor.dtype, number)
        raise NotImplementedError(f'"{kernel}_{kernel_device(tensor)}" not implemented for \'{result.scalar_type}\'')


def kernel_device(input):
    """The suffix of PyTorch's kernel names: 'cpu' or 'cuda'."""
    return "cpu" if input.device.type == "cpu" else "cuda"


def refuse_kernel(name, kernel, input, kinds="iub"):
    """Raise PyTorch's NotImplementedError where its ``kernel`` has no version for ``input``'s dtype kind
    (NumPy's kind letters: 'i' and 'u' integers, 'b' bool), instead of computing in floats as NumPy would;
    ``name`` is the function, for the TypeError about an ``input`` that is not a tensor. The one check the
    activations, ``glu``, ``prelu``, the losses and ``interpolate`` share.

    >>> import gradlib
    >>> refuse_kernel("glu", "glu_cpu", gradlib.tensor([1, 2]))
    Traceback (most recent call last):
    ...
    NotImplementedError: "glu_cpu" not implemented for 'Long'
    """
    require_tensor(name, input)
    if input.dtype.np.kind in kinds:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype.scalar_type}\'')


def refuse_integral(kernel, input):
    """PyTorch's ``kernel`` has no integer or bool version: its NotImplementedError (gradlib would compute in
    floats)."""
    refuse_kernel(kernel, kernel, input)
