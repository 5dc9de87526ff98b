"""F.bilinear (re-exported by ``gradlib.nn.functional``), the one computation nn.Bilinear runs."""
from ..ops import einsum as _einsum
from ..ops._args import require_tensor
from ..ops._op import check_tensor_iterator_devices
from ..ops import complex_support

__all__ = ["bilinear"]


def bilinear(input1, input2, weight, bias=None):
    """y[..., o] = sum_ij input1[..., i] weight[o, i, j] input2[..., j] (+ bias[o]) for (*, in1) and (*, in2)
    inputs with the same leading dims and an (out, in1, in2) weight; one-dimensional inputs give (out,). The leading
    dims are flattened, contracted in one einsum and viewed back (grad_fn ViewBackward0, or AddBackward0 with a
    bias, as PyTorch's). All tensors share one dtype (integers too). Mirrors ``torch.nn.functional.bilinear``.

    Raises RuntimeError (PyTorch's wording) for mixed dtypes, inputs of different ranks or batch sizes, and sizes
    that do not match the weight's or the bias's.

    >>> import gradlib
    >>> weight = gradlib.ones(1, 2, 3)
    >>> gradlib.nn.functional.bilinear(gradlib.tensor([[1., 2.]]), gradlib.tensor([[1., 0., -1.]]), weight)
    tensor([[0.]])
    """
    require_tensor("bilinear", input1, "input1", 1)
    require_tensor("bilinear", input2, "input2", 2)
    require_tensor("bilinear", weight, "weight", 3)
    tensors = [("input1", input1), ("input2", input2), ("weight", weight)] + ([("bias", bias)] if bias is not None
                                                                                 else [])
    if len({tensor.dtype for _, tensor in tensors}) > 1:
        listed = ", ".join(f"{name}: {tensor.dtype.c_type}" for name, tensor in tensors)
        raise RuntimeError(f"All tensors must have the same dtype, got {listed}")
    if input1.ndim != input2.ndim:
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.ndim} and {input2.ndim}")
    for dim in range(input1.ndim - 1):
        if input1.shape[dim] != input2.shape[dim]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {dim}: got "
                               f"{input1.shape[dim]} and {input2.shape[dim]}")
    for number, input in ((1, input1), (2, input2)):
        if input.ndim == 0:
            raise IndexError("Dimension specified as -1 but tensor has no dimensions")
        if weight.ndim <= number:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-weight.ndim}, {weight.ndim - 1}], "
                             f"but got {number})")
        if input.shape[-1] != weight.shape[number]:
            raise RuntimeError(f"bilinear(): input{number} size does not match weight size: got {input.shape[-1]} but "
                               f"expected {weight.shape[number]}")
    if bias is not None:
        if bias.ndim == 0:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        if bias.shape[0] != weight.shape[0]:
            raise RuntimeError(f"bilinear(): bias size does not match weight size: got {bias.shape[0]} but expected "
                               f"{weight.shape[0]}")
    if weight.ndim != 3:
        raise RuntimeError("number of dimensions must match")
    check_tensor_iterator_devices(*(tensor for _, tensor in tensors), cpu_scalars=0)
    complex_support.check("bilinear", input1, input2, weight, bias)  # after the checks: PyTorch's autograd refuses
    batch = tuple(input1.shape[:-1])
    flat1 = input1.reshape(-1, input1.shape[-1])
    flat2 = input2.reshape(-1, input2.shape[-1])
    out = _einsum.einsum("bi,oij,bj->bo", flat1, weight, flat2).view(*batch, weight.shape[0])
    return out if bias is None else out + bias

