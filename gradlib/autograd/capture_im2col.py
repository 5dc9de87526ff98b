"""The im2col columns and kernel-offset slices of the CPU replay's lean convolution and pooling records
(``capture_lean``): views made once for the captured shapes, filled by plain copies at each replay."""
__all__ = ["offset_slices", "im2col"]


def offset_slices(kernel, stride, dilation, out_hw):
    """(rows, cols) slices of the padded input met by each kernel offset, in the flattened kernel's order (as
    ``ops.conv`` builds its im2col columns and pooling views)."""
    slices = []
    for i in range(kernel[0]):
        top = i * dilation[0]
        rows = slice(top, top + stride[0] * (out_hw[0] - 1) + 1, stride[0])
        for j in range(kernel[1]):
            left = j * dilation[1]
            slices.append((rows, slice(left, left + stride[1] * (out_hw[1] - 1) + 1, stride[1])))
    return slices


def im2col(xp, x_shape, dtype, kernel, stride, padding, dilation, out_hw):
    """A closure filling fixed buffers with the im2col columns (N, C * KH * KW, OH * OW) of an input of
    ``x_shape``: the zero-padded copy and the per-offset block copies of ``ops.conv._columns``, with every view
    made once."""
    n, c, h, w = x_shape
    (top, bottom), (left, right) = padding
    columns = xp.empty((n, c, kernel[0] * kernel[1], out_hw[0], out_hw[1]), dtype=dtype)
    if top == bottom == left == right == 0:
        padded = None
        inner = None
    else:
        padded = xp.zeros((n, c, h + top + bottom, w + left + right), dtype=dtype)  # the border stays 0
        inner = padded[:, :, top:top + h, left:left + w]
    targets = [columns[:, :, k] for k in range(kernel[0] * kernel[1])]
    slices = offset_slices(kernel, stride, dilation, out_hw)
    sources = None if padded is None else [padded[:, :, rows, cols] for rows, cols in slices]
    flat = columns.reshape(n, c * kernel[0] * kernel[1], out_hw[0] * out_hw[1])
    copyto = xp.copyto

    def fill(x):
        if padded is None:
            for target, (rows, cols) in zip(targets, slices):
                copyto(target, x[:, :, rows, cols])
        else:
            copyto(inner, x)
            for target, source in zip(targets, sources):
                copyto(target, source)
        return flat

    fill.buffer = flat
    return fill
