"""``unfold``/``fold`` (im2col/col2im: sliding local blocks), composed of strided slices, ``stack``, in-place adds
on a view and reshapes (gradlib's graphs end in those nodes where PyTorch's end in Im2ColBackward0 /
Col2ImBackward0), and ``channel_shuffle`` (its checks; the node ChannelShuffleBackward0 is in ops/upsample.py)."""
from .. import _creation
from ..ops import join as _join, upsample
from ..ops._args import kernel_device as _kernel_device, refuse_kernel as _refuse_kernel, require_tensor
from . import _conv_pool, functional

__all__ = ["channel_shuffle", "unfold", "fold"]


def channel_shuffle(input, groups):
    """Split the C channels of (N, C, *) into ``groups`` groups and interleave them: channel g * (C / groups) + i
    moves to i * groups + g. Any dtype; the output has the input's shape. RuntimeError for fewer than 3 dims,
    ``groups`` <= 0 or C not divisible by ``groups``. Mirrors ``torch.nn.functional.channel_shuffle`` (and
    ``torch.channel_shuffle``): its node is ChannelShuffleBackward0.

    >>> import gradlib
    >>> gradlib.nn.functional.channel_shuffle(gradlib.arange(4.).reshape(1, 4, 1), 2).flatten()
    tensor([0., 2., 1., 3.])
    """
    require_tensor("channel_shuffle", input, argument="self")
    if input.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups}")
    n, c = input.shape[0], input.shape[1]
    if c % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups.")
    return upsample.channel_shuffle(input, groups)


def _fold_geometry(name, kernel_size, dilation, padding, stride):
    kernel, dilation, padding, stride = (_conv_pool._pair(v) for v in (kernel_size, dilation, padding, stride))
    if min(kernel) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {kernel[0]} "
                           f"kernel_width: {kernel[1]}")
    if min(stride) <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got stride_height: {stride[0]} "
                           f"stride_width: {stride[1]}")
    if min(dilation) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilation_height: {dilation[0]} "
                           f"dilation_width: {dilation[1]}")
    return kernel, dilation, padding, stride


def _blocks(size, kernel, dilation, padding, stride):
    """Number of sliding blocks along each of the two spatial dims."""
    return tuple((size[d] + 2 * padding[d] - (dilation[d] * (kernel[d] - 1) + 1)) // stride[d] + 1 for d in (0, 1))


def _block_slices(i, j, blocks, dilation, stride):
    """The (rows, columns) slices of the padded image that kernel position (i, j) reads over all blocks."""
    return (slice(i * dilation[0], i * dilation[0] + stride[0] * (blocks[0] - 1) + 1, stride[0]),
            slice(j * dilation[1], j * dilation[1] + stride[1] * (blocks[1] - 1) + 1, stride[1]))


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extract sliding local blocks (im2col): (N, C, H, W) -> (N, C * kh * kw, L), L the number of blocks, rows
    ordered channel first then kernel position; an unbatched (C, H, W) input gives (C * kh * kw, L). Any dtype.
    RuntimeError for a non-positive kernel size, stride or dilation, or no complete block. Mirrors
    ``torch.nn.functional.unfold`` (gradlib's graph ends in a reshape, PyTorch's in Im2ColBackward0).

    >>> import gradlib
    >>> gradlib.nn.functional.unfold(gradlib.arange(9.).reshape(1, 1, 3, 3), 2)
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    """
    require_tensor("unfold", input, attribute="dim")
    if input.ndim == 0:
        raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    if input.ndim < 3:  # PyTorch reads the spatial sizes input.size(2), input.size(3) first
        raise IndexError(f"Dimension out of range (expected to be in range of [{-input.ndim}, {input.ndim - 1}], "
                         f"but got {input.ndim})")
    if input.ndim not in (3, 4):
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    if 0 in tuple(input.shape[-3:]):
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    _refuse_kernel("unfold", f"im2col_out_{_kernel_device(input)}", input)
    kernel, dilation, padding, stride = _fold_geometry("unfold", kernel_size, dilation, padding, stride)
    batched = input if input.ndim == 4 else input.unsqueeze(0)
    n, c = batched.shape[0], batched.shape[1]
    size = tuple(batched.shape[2:])
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if min(blocks) < 1:
        raise RuntimeError(f"Given input with spatial size {size}, kernel_size={kernel}, dilation={dilation}, "
                           f"padding={padding}, calculated shape of the array of sliding blocks as {blocks}, but "
                           f"its components must be at least one.")
    padded = batched
    if max(padding):
        padded = functional.pad(batched, (padding[1], padding[1], padding[0], padding[0]))
    columns = [padded[(slice(None), slice(None)) + _block_slices(i, j, blocks, dilation, stride)]
               for i in range(kernel[0]) for j in range(kernel[1])]
    out = _join.stack(columns, 2).reshape(n, c * kernel[0] * kernel[1], blocks[0] * blocks[1])
    return out if input.ndim == 4 else out.squeeze(0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Combine sliding local blocks into an image (col2im), summing overlapping values: (N, C * kh * kw, L) ->
    (N, C, H, W) with (H, W) = ``output_size``; an unbatched (C * kh * kw, L) input gives (C, H, W). The inverse
    arrangement of ``unfold``. RuntimeError when dim 1 is not divisible by kh * kw or L is not the number of
    blocks. Mirrors ``torch.nn.functional.fold`` (gradlib's graph ends in a slice, PyTorch's in Col2ImBackward0).

    >>> import gradlib
    >>> gradlib.nn.functional.fold(gradlib.ones(1, 4, 4), (3, 3), 2)
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    require_tensor("fold", input, attribute="dim")
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    if 0 in tuple(input.shape[-2:]):
        raise RuntimeError(f"Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    _refuse_kernel("fold", f"col2im_out_{_kernel_device(input)}", input)
    size = _conv_pool._pair(output_size)
    kernel, dilation, padding, stride = _fold_geometry("fold", kernel_size, dilation, padding, stride)
    batched = input if input.ndim == 3 else input.unsqueeze(0)
    n, rows, length = batched.shape
    if rows % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={rows} and kernel_size={kernel}.")
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if blocks[0] * blocks[1] != length:
        raise RuntimeError(f"Given output_size={size}, kernel_size={kernel}, dilation={dilation}, padding={padding}, "
                           f"stride={stride}, expected size of input's dimension 2 to match the calculated number of "
                           f"sliding blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but got "
                           f"input.size(2)={length}.")
    c = rows // (kernel[0] * kernel[1])
    columns = batched.reshape(n, c, kernel[0] * kernel[1], blocks[0], blocks[1])
    out = _creation.zeros(n, c, size[0] + 2 * padding[0], size[1] + 2 * padding[1], dtype=input.dtype,
                          device=input.device)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            out[(slice(None), slice(None)) + _block_slices(i, j, blocks, dilation, stride)] += \
                columns[:, :, i * kernel[1] + j]
    out = out[:, :, padding[0]:padding[0] + size[0], padding[1]:padding[1] + size[1]]
    return out if input.ndim == 3 else out.squeeze(0)
