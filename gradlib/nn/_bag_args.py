"""``F.embedding_bag``'s checks of its offsets, as PyTorch's (its CPU kernel's ``check_arguments``): non-floating
offsets, the first bag starting at 0 and the last offset within the input. PyTorch's CUDA kernel reads the offsets
on the device and checks none of their values, so on CUDA only the dtype is checked (no synchronization)."""

from ..ops import complex_support

__all__ = ["check_offsets"]


def check_offsets(input, offsets):
    """Raise PyTorch's RuntimeError for ``offsets`` of a 1-D ``input`` (before the 2-D input's own are made)."""
    if offsets.dtype.is_floating_point or offsets.dtype.is_complex:
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {complex_support.type_name(offsets)} instead (while checking "
                           "arguments for embedding_bag)")
    if offsets._device.type != "cpu" or not offsets.shape[0]:
        return
    first = int(offsets._array[0])
    if first != 0:
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           f"position 0. However, got {first}\n[ {complex_support.type_name(offsets)}{{}} ]")
    last = int(offsets._array[-1])
    if last > input.shape[0]:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {input.shape[0]} but got "
                           f"offsets[-1] of {last}")
