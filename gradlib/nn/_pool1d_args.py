"""``F.max_pool1d``'s argument checks, as PyTorch's ``check_max_pool1d`` (its messages name max_pool1d, not the 2-D
pooling of unit height gradlib computes it with): sizes of one, positive kernel, stride and dilation, padding
between 0 and half the kernel, and an output of at least one element."""

__all__ = ["check_max_pool1d"]


def _one(name, value, allowed):
    values = (value,) if isinstance(value, int) else tuple(value)
    if len(values) != 1:
        raise RuntimeError(f"max_pool1d() {name} must be {allowed} of size 1 but got size {len(values)}")
    return values[0]


def check_max_pool1d(length, kernel_size, stride, padding, dilation, ceil_mode):
    """Raise PyTorch's RuntimeError for bad arguments of a max_pool1d over ``length`` elements."""
    kernel = _one("kernel_size", kernel_size, "an int, list of ints or tuple of ints")
    stride = kernel if stride is None or (not isinstance(stride, int) and not len(stride)) else \
        _one("stride", stride, "None, an int, list of ints, or tuple of ints")
    padding = _one("padding", padding, "an int, list of ints, or tuple of ints")
    dilation = _one("dilation", dilation, "an int, list of ints or tuple of ints")
    if kernel <= 0:
        raise RuntimeError(f"max_pool1d() kernel_size must be greater than zero, but got {kernel}")
    if stride <= 0:
        raise RuntimeError(f"max_pool1d() stride must be greater than zero, but got {stride}")
    if padding < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {padding}")
    if padding > kernel // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got padding={padding} "
                           f"and kernel_size={kernel}")
    if dilation <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {dilation}")
    out = (length + 2 * padding - dilation * (kernel - 1) - 1 + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= length + padding:
        out -= 1
    if out <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {out}")
