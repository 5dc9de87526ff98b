"""``instance_norm`` and ``local_response_norm``: PyTorch's composite normalizations, written on gradlib's
``batch_norm`` and ``pad`` (looked up in ``nn.functional`` at call time) as PyTorch writes them, so values,
running statistics and the last graph node are PyTorch's."""
import math

from .. import _type_info, dtypes
from ..autograd import grad_mode
from ..ops._args import refuse_integral, require_tensor
from . import functional
from ..ops import complex_support

__all__ = ["instance_norm", "local_response_norm", "rms_norm"]


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalize each channel of each sample (N, C, *) over its spatial dims, then scale and shift per channel.

    Written as PyTorch's ``at::instance_norm``: the input is viewed as (1, N * C, *), ``batch_norm`` runs with the
    per-channel tensors repeated N times, the running statistics (length C) become the mean over the batch of
    the N updated copies, and the output is viewed back (so its ``grad_fn`` is ``ViewBackward0``). Floating
    inputs of at least 2 dims. Raises ValueError for a single spatial element with ``use_input_stats``,
    RuntimeError without running statistics when ``use_input_stats=False``. Mirrors
    ``torch.nn.functional.instance_norm``.

    >>> import gradlib
    >>> gradlib.nn.functional.instance_norm(gradlib.tensor([[[1., 3.], [2., 6.]]]))
    tensor([[[-1.0000,  1.0000],
             [-1.0000,  1.0000]]])
    """
    require_tensor("instance_norm", input, attribute="size")
    if use_input_stats:  # PyTorch's Python check (_verify_spatial_size)
        if math.prod(input.shape[2:]) == 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.shape!r}")
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
    b, c = input.shape[0], input.shape[1]
    repeated = [None if t is None else t.repeat(b) for t in (weight, bias, running_mean, running_var)]
    if b * c == 0 and any(t is not None for t in repeated):  # PyTorch's kernel reads element 0 of each
        raise IndexError("select(): index 0 out of range for tensor of size [0] at dimension 0")
    weight_, bias_, mean_, var_ = repeated
    shape = (1, b * c) + tuple(input.shape[2:])
    out = functional._batch_norm(input.contiguous().view(shape), mean_, var_, weight_, bias_, use_input_stats,
                                momentum, eps)
    with grad_mode.no_grad():
        if running_mean is not None:
            running_mean.copy_(mean_.view(b, c).mean(0))
        if running_var is not None:
            running_var.copy_(var_.view(b, c).mean(0))
    return out.view(input.shape)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Divide each value by (k + alpha * mean of the squares over ``size`` neighbouring channels) ** beta, the
    window zero-padded (size // 2 channels before, (size - 1) // 2 after). Input (N, C, *) with at least 3 dims,
    floating; the output has its shape and dtype. ValueError for fewer than 3 dims. Mirrors
    ``torch.nn.functional.local_response_norm`` (the window mean is its avg_pool's sum of the window / size).

    >>> import gradlib
    >>> gradlib.nn.functional.local_response_norm(gradlib.tensor([[[2.], [0.]]]), 2, alpha=1.0, beta=1.0)
    tensor([[[0.6667],
             [0.0000]]])
    """
    require_tensor("local_response_norm", input, attribute="dim")
    if input.ndim < 3:
        # PyTorch's message holds the indentation of its continued line (26 spaces)
        raise ValueError(f"Expected 3D or higher dimensionality{' ' * 26}input (got {input.ndim} dimensions)")
    if input.numel() == 0:
        return input
    complex_support.check("avg_pool2d" if input.ndim == 3 else "avg_pool3d", input)  # its window mean's kernel
    if input.ndim > 3 and input.dtype is dtypes.float16 and input.device.type == "cpu":
        # PyTorch averages with avg_pool3d, which has no float16 CPU kernel (its CUDA one has)
        raise NotImplementedError("\"avg_pool3d_out_frame\" not implemented for 'Half'")
    n, c = input.shape[0], input.shape[1]
    squares = input.mul(input).reshape(n, c, -1)
    padded = functional.pad(squares, (0, 0, size // 2, (size - 1) // 2))
    window = padded[:, 0:c]
    for start in range(1, size):
        window = window + padded[:, start:start + c]
    # PyTorch's avg_pool of integer squares divides in integers
    div = (window // size if input.dtype.np.kind in "iub" else window / size).reshape(input.shape)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Root-mean-square normalization over the last ``len(normalized_shape)`` dims:
    ``input / sqrt(mean(input ** 2) + eps) * weight``.

    Written as PyTorch's composite ``at::rms_norm``: float16/bfloat16 inputs compute in float32 and the result is
    cast back to the input's dtype (after the weight too, so a float64 weight leaves float32 input float32);
    ``eps=None`` is the machine epsilon of the computation dtype. The last node is ``MulBackward0``. Raises
    TypeError for an int ``normalized_shape`` (``nn.RMSNorm`` accepts one), RuntimeError where the input's
    trailing dims or the weight's shape differ from it, NotImplementedError for integer inputs. Mirrors
    ``torch.nn.functional.rms_norm``.

    >>> import gradlib
    >>> gradlib.nn.functional.rms_norm(gradlib.tensor([[3., 4.], [1., -1.]]), (2,))
    tensor([[ 0.8485,  1.1314],
            [ 1.0000, -1.0000]])
    """
    require_tensor("rms_norm", input)
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError("rms_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    shape = [int(size) for size in normalized_shape]
    if weight is not None and list(weight.shape) != shape:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got weight of shape "
                           f"{list(weight.shape)} and normalized_shape = {shape}")
    count = len(shape)
    if count > input.ndim or list(input.shape[input.ndim - count:]) != shape:
        raise RuntimeError(f"Given normalized_shape={shape}, expected input with shape [*{', '.join(map(str, shape))}]"
                           f", but got input of size{list(input.shape)}")
    refuse_integral("rms_norm", input)
    compute = input if input.dtype.itemsize > 2 else input.to(dtypes.float32)
    if eps is None:
        eps = _type_info.finfo(compute.dtype).eps
    dims = tuple(range(input.ndim - count, input.ndim))
    rstd = (compute.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    result = (compute * rstd).type_as(input)
    if weight is not None:
        result = (result * weight).type_as(input)
    return result
