"""``torch.autocast`` / ``torch.amp.autocast``: run the ops of PyTorch's autocast lists in a lower precision.

Inside ``with gradlib.autocast(device_type, dtype)`` the listed ops of tensors on that device type cast their
floating arguments (float32 and float16, never float64) first, as PyTorch's autocast does:

- to ``dtype`` (float16): ``matmul``/``@``, ``mm``, ``bmm``, ``baddbmm``, ``addmm``, ``addbmm``, ``linear``,
  ``conv1d``/``conv2d``, ``conv_transpose1d``/``2d``, ``prelu``, ``scaled_dot_product_attention``; on CUDA also
  ``mv``, ``addmv``, ``addr``, ``einsum``, ``chain_matmul``;
- to float32: ``mse_loss``, ``l1_loss``, ``smooth_l1_loss``, ``huber_loss``, ``nll_loss``, ``cross_entropy``,
  ``kl_div``, ``binary_cross_entropy_with_logits``, ``binary_cross_entropy`` (CPU; refused on CUDA, as
  PyTorch); on CUDA also ``layer_norm``, ``group_norm``, and ``softmax``/``log_softmax`` without ``dtype``.

Other ops run in their inputs' dtype (a float16 product plus a float32 residual promotes to float32). The
casts are differentiable (``ToCopyBackward0``), so parameters keep float32 gradients. Not covered: PyTorch's
CUDA float32 list of elementwise functions (exp, log, pow, ...), its "promote" list, and the RNN cells.

dtypes: float16 works on both devices (NumPy has float16; gradlib's float16 products accumulate in float32).
bfloat16, CPU autocast's default (PyTorch's), works on the CPU with the ``bfloat16`` extra (ml_dtypes stores it;
its ops compute in float32 and round once, as PyTorch's CPU kernels). CuPy has no bfloat16:
``torch.cuda.is_bf16_supported()`` is False and a CUDA region asking for it raises PyTorch's RuntimeError.
"""
import functools
import warnings

from .. import _autocast, _tensor, cuda, device as _device_module, dtypes

__all__ = ["autocast", "is_autocast_available", "is_autocast_enabled", "get_autocast_dtype",
           "clear_autocast_cache", "custom_fwd", "custom_bwd"]

_SUPPORTED_DTYPES = (dtypes.bfloat16, dtypes.float16)


def is_autocast_available(device_type):
    """True for the device types whose autocast gradlib implements (``'cpu'``, ``'cuda'``); mirrors
    ``torch.amp.is_autocast_available``.

    >>> import gradlib
    >>> gradlib.amp.is_autocast_available("cpu"), gradlib.amp.is_autocast_available("mps")
    (True, False)
    """
    return device_type in _autocast.DEVICE_TYPES


def is_autocast_enabled(device_type=None):
    """Whether autocast is on for ``device_type`` on this thread (``'cuda'`` when None, as
    ``torch.is_autocast_enabled()``).

    >>> import gradlib
    >>> with gradlib.autocast("cpu", dtype=gradlib.float16):
    ...     gradlib.is_autocast_enabled("cpu")
    True
    """
    return _autocast.is_enabled("cuda" if device_type is None else device_type)


def get_autocast_dtype(device_type):
    """The low dtype autocast uses on ``device_type`` (``torch.get_autocast_dtype``): PyTorch's defaults,
    float16 for CUDA and bfloat16 for the CPU, or the dtype of the autocast region open on this thread.

    >>> import gradlib
    >>> gradlib.get_autocast_dtype("cuda"), gradlib.get_autocast_dtype("cpu")
    (gradlib.float16, gradlib.bfloat16)
    >>> with gradlib.autocast("cpu", dtype=gradlib.float16):
    ...     gradlib.get_autocast_dtype("cpu")
    gradlib.float16
    """
    return _autocast.get_dtype(device_type)


def clear_autocast_cache():
    """Drop the cached low-precision copies of weights (``torch.clear_autocast_cache``)."""
    _autocast.clear_cache()


class autocast:
    """``torch.autocast(device_type, dtype=None, enabled=True, cache_enabled=None)``: a context manager (and a
    decorator) that runs the ops of PyTorch's autocast lists in ``dtype`` (see this module's docstring).

    ``device_type``: ``'cpu'`` or ``'cuda'`` (a str; anything else: ValueError for a non-str, RuntimeError for an
    unknown type). ``dtype``: float16 (``None``: float16 on CUDA; on the CPU PyTorch's default is bfloat16, which
    gradlib lacks: RuntimeError). A CPU dtype other than float16 warns and disables autocast, as PyTorch does for
    unsupported ones; ``'cuda'`` without a usable GPU warns "CUDA is not available ... Disabling autocast."
    ``cache_enabled`` (default True): reuse one cast of each weight until the outermost region exits.

    >>> import gradlib
    >>> x, w = gradlib.ones(2, 3, device="cpu"), gradlib.ones(4, 3, device="cpu", requires_grad=True)
    >>> with gradlib.autocast("cpu", dtype=gradlib.float16):
    ...     y = gradlib.nn.functional.linear(x, w)
    ...     loss = gradlib.nn.functional.mse_loss(y, gradlib.zeros(2, 4, device="cpu"))
    >>> y.dtype, loss.dtype
    (gradlib.float16, gradlib.float32)
    >>> loss.backward()
    >>> w.grad.dtype
    gradlib.float32
    """

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        if not is_autocast_available(device_type):
            _device_module.device(device_type)  # PyTorch's error for an unknown device type
            raise RuntimeError(f"User specified an unsupported autocast device_type '{device_type}'")
        self.device = device_type
        self.fast_dtype = _autocast.DEFAULT_DTYPES[device_type] if dtype is None else dtype
        self._cache_enabled = _autocast.state.cache_enabled if cache_enabled is None else bool(cache_enabled)
        if enabled:
            if device_type == "cuda" and not cuda.is_available():
                warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", stacklevel=2)
                enabled = False
            elif device_type == "cuda" and self.fast_dtype is dtypes.bfloat16 and not cuda.is_bf16_supported():
                raise RuntimeError("Current CUDA Device does not support bfloat16. Please switch dtype to float16.")
            elif device_type == "cpu" and self.fast_dtype not in _SUPPORTED_DTYPES:
                warnings.warn("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                              "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.",
                              stacklevel=2)
                enabled = False
        self._enabled = bool(enabled)

    def __enter__(self):
        state = _autocast.state
        self._previous = (state.enabled[self.device], state.dtype[self.device], state.cache_enabled)
        state.enabled[self.device] = self._enabled
        if self.fast_dtype is not None:
            state.dtype[self.device] = self.fast_dtype
        state.cache_enabled = self._cache_enabled
        state.nesting += 1
        if self._enabled:
            _autocast.active += 1
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        state = _autocast.state
        state.nesting -= 1
        if state.nesting == 0:
            state.cache.clear()
        state.enabled[self.device], state.dtype[self.device], state.cache_enabled = self._previous
        if self._enabled:
            _autocast.active -= 1
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def decorated(*args, **kwargs):
            with autocast(self.device, self.fast_dtype, self._enabled, self._cache_enabled):
                return function(*args, **kwargs)
        return decorated


def _cast_floats(value, device_type, dtype):
    """``value`` with its floating tensors on ``device_type`` (float64 included, as PyTorch's ``_cast``) cast to
    ``dtype``, inside tuples, lists and dicts too."""
    if isinstance(value, _tensor.Tensor):
        eligible = value.dtype.is_floating_point and value.device.type == device_type
        return value.to(dtype) if eligible else value
    if isinstance(value, (list, tuple)):
        return type(value)(_cast_floats(item, device_type, dtype) for item in value)
    if isinstance(value, dict):
        return {key: _cast_floats(item, device_type, dtype) for key, item in value.items()}
    return value


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorate a custom ``Function.forward`` for autocast (``torch.amp.custom_fwd``): with ``cast_inputs`` (a
    dtype), inside an enabled autocast region the forward runs with autocast off on inputs cast to that dtype;
    without it, the forward runs under the caller's autocast state, and ``custom_bwd`` makes backward run under
    the same. ValueError for a non-str ``device_type``.

    >>> import gradlib
    >>> class Square(gradlib.autograd.Function):
    ...     @staticmethod
    ...     @gradlib.amp.custom_fwd(device_type="cpu", cast_inputs=gradlib.float32)
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     @gradlib.amp.custom_bwd(device_type="cpu")
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 2 * x * grad
    >>> x = gradlib.ones(2, device="cpu", dtype=gradlib.float16, requires_grad=True)
    >>> with gradlib.autocast("cpu", dtype=gradlib.float16):
    ...     y = Square.apply(x)
    >>> y.dtype
    gradlib.float32
    """
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        ctx = args[0]
        ctx._dtype = get_autocast_dtype(device_type)
        enabled = _autocast.is_enabled(device_type)
        if cast_inputs is None:
            ctx._fwd_used_autocast = enabled
            return fwd(*args, **kwargs)
        ctx._fwd_used_autocast = False
        if not enabled:
            return fwd(*args, **kwargs)
        with autocast(device_type, enabled=False):
            return fwd(*_cast_floats(args, device_type, cast_inputs), **_cast_floats(kwargs, device_type, cast_inputs))
    return decorate_fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorate a custom ``Function.backward`` to run under the autocast state its ``custom_fwd`` forward ran
    under (``torch.amp.custom_bwd``). ValueError for a non-str ``device_type``."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        ctx = args[0]
        with autocast(device_type, dtype=ctx._dtype, enabled=ctx._fwd_used_autocast):
            return bwd(*args, **kwargs)
    return decorate_bwd
