"""``output_size=`` of a transposed convolution's forward: the output padding that gives that size.

A strided convolution maps several input sizes to one output size, so its transpose has several valid output
sizes, from ``(L - 1) * stride - 2 * padding + dilation * (kernel - 1) + 1`` up to ``stride - 1`` more; the caller
picks one (``upsample(h, output_size=x.size())`` undoes ``downsample(x)``). Mirrors
``torch.nn.modules.conv._ConvTransposeNd._output_padding``, wording of its errors included.
"""


def output_padding(module, input, output_size, num_spatial_dims):
    """The ``output_padding`` for ``module`` (a ConvTransposeNd) applied to ``input``: its own when ``output_size``
    is None, else the one that makes the spatial size ``output_size`` (its spatial sizes, or the full size with the
    batch and channel dims, as ``input.size()``).

    Raises ValueError when ``output_size`` has the wrong length or a size outside the valid range.

    >>> import gradlib
    >>> upsample = gradlib.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
    >>> output_padding(upsample, gradlib.ones(1, 1, 6, 6), (12, 12), 2)
    [1, 1]
    """
    if output_size is None:
        return list(module.output_padding)
    has_batch_dim = input.dim() == num_spatial_dims + 2
    non_spatial = 2 if has_batch_dim else 1
    if len(output_size) == non_spatial + num_spatial_dims:
        output_size = output_size[non_spatial:]
    if len(output_size) != num_spatial_dims:
        raise ValueError(f"ConvTranspose{num_spatial_dims}D: for {input.dim()}D input, output_size must have "
                         f"{num_spatial_dims} or {non_spatial + num_spatial_dims} elements (got {len(output_size)})")
    min_sizes, max_sizes = [], []
    for d in range(num_spatial_dims):
        size = ((input.size(d + non_spatial) - 1) * module.stride[d] - 2 * module.padding[d]
                + module.dilation[d] * (module.kernel_size[d] - 1) + 1)
        min_sizes.append(size)
        max_sizes.append(size + module.stride[d] - 1)
    for size, low, high in zip(output_size, min_sizes, max_sizes):
        if size < low or size > high:
            raise ValueError(f"requested an output size of {output_size}, but valid sizes range from {min_sizes} "
                             f"to {max_sizes} (for an input of {input.size()[2:]})")
    return [size - low for size, low in zip(output_size, min_sizes)]
