"""Lazy modules: layers whose input size is read from their first input (PyTorch's ``LazyModuleMixin``,
``LazyLinear``, ``LazyConv1d``/``2d``, ``LazyConvTranspose1d``/``2d``, ``LazyBatchNorm1d``/``2d``).

Until the first forward their weights are ``UninitializedParameter`` (buffers ``UninitializedBuffer``) and they
print with size 0 (``LazyLinear(in_features=0, out_features=3, bias=True)``). A forward pre-hook,
``_infer_parameters``, calls ``initialize_parameters(input)``: it materializes the tensors with the inferred
size, initializes them as the eager layer would, removes itself and turns the module into its
``cls_to_become`` (``Linear``, ``Conv2d``, ...). Loading a state dict into a lazy module materializes its tensors
with the loaded shapes (``Module.load_state_dict``).

>>> import gradlib
>>> layer = gradlib.nn.LazyLinear(2)
>>> layer, layer.weight, layer.has_uninitialized_params()
(LazyLinear(in_features=0, out_features=2, bias=True), <UninitializedParameter>, True)
>>> layer(gradlib.ones(4, 5)).shape, layer
(gradlib.Size([4, 2]), Linear(in_features=5, out_features=2, bias=True))
"""
from ... import _creation, autograd
from ..parameter import UninitializedBuffer, UninitializedParameter, is_lazy
from .layers import BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, Linear

__all__ = ["LazyModuleMixin", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConvTranspose1d",
           "LazyConvTranspose2d", "LazyBatchNorm1d", "LazyBatchNorm2d"]


class LazyModuleMixin:
    """The mixin of lazy modules (first base, before the eager layer). Mirrors
    ``torch.nn.modules.lazy.LazyModuleMixin``: ``initialize_parameters`` (the subclass's),
    ``has_uninitialized_params``, ``cls_to_become``."""

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters, with_kwargs=True)

    def initialize_parameters(self, *args, **kwargs):
        raise NotImplementedError(f"initialize_parameters is not implemented for {self.__class__.__name__}")

    def has_uninitialized_params(self):
        """Whether a parameter or buffer of this module (not its submodules) is still uninitialized."""
        return any(is_lazy(value) for value in (*self._parameters.values(), *self._buffers.values()))

    def _infer_parameters(self, module, args, kwargs=None):
        module.initialize_parameters(*args, **(kwargs or {}))
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {type(self).__name__} has not been fully initialized")
        module._initialize_hook.remove()
        delattr(module, "_initialize_hook")
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become


class LazyLinear(LazyModuleMixin, Linear):
    """``Linear`` whose ``in_features`` is the last dim of its first input. Mirrors ``torch.nn.LazyLinear``."""

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if self.has_uninitialized_params():
            with autograd.no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()
        if self.in_features == 0:  # loaded from a state dict: the shape came with it
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError(f"The in_features inferred from input: {input.shape[-1]} is not equal to "
                                     f"in_features from self.weight: {self.weight.shape[-1]}")
            self.in_features = input.shape[-1]


class _LazyConvMixin(LazyModuleMixin):
    """Shared by the lazy convolutions: ``in_channels`` is the input's channel dim."""

    _spatial_dims = 0

    def _lazy_init(self, out_channels, bias, device, dtype):
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_channels = out_channels
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if not self.has_uninitialized_params():
            return
        self.in_channels = self._get_in_channels(input)
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        with autograd.no_grad():
            if self.transposed:
                self.weight.materialize((self.in_channels, self.out_channels // self.groups, *self.kernel_size))
            else:
                self.weight.materialize((self.out_channels, self.in_channels // self.groups, *self.kernel_size))
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()

    def _get_in_channels(self, input):
        unbatched = self._spatial_dims + 1
        if input.dim() not in (unbatched, unbatched + 1):
            raise RuntimeError(f"Expected {unbatched}D (unbatched) or {unbatched + 1}D (batched) input to "
                               f"{self.__class__.__name__}, but got input of size: {input.shape}")
        return input.shape[1] if input.dim() == unbatched + 1 else input.shape[0]


class LazyConv1d(_LazyConvMixin, Conv1d):
    """``Conv1d`` whose ``in_channels`` comes from its first input. Mirrors ``torch.nn.LazyConv1d``."""

    cls_to_become = Conv1d
    _spatial_dims = 1

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, device, dtype)
        self._lazy_init(out_channels, bias, device, dtype)


class LazyConv2d(_LazyConvMixin, Conv2d):
    """``Conv2d`` whose ``in_channels`` comes from its first input. Mirrors ``torch.nn.LazyConv2d``.

    >>> import gradlib
    >>> conv = gradlib.nn.LazyConv2d(4, 3, padding=1)
    >>> conv
    LazyConv2d(0, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    >>> conv(gradlib.ones(1, 3, 5, 5)).shape, conv.weight.shape
    (gradlib.Size([1, 4, 5, 5]), gradlib.Size([4, 3, 3, 3]))
    """

    cls_to_become = Conv2d
    _spatial_dims = 2

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, device, dtype)
        self._lazy_init(out_channels, bias, device, dtype)


class LazyConvTranspose1d(_LazyConvMixin, ConvTranspose1d):
    """``ConvTranspose1d`` whose ``in_channels`` comes from its first input. Mirrors
    ``torch.nn.LazyConvTranspose1d``."""

    cls_to_become = ConvTranspose1d
    _spatial_dims = 1

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                 dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation, padding_mode,
                         device, dtype)
        self._lazy_init(out_channels, bias, device, dtype)


class LazyConvTranspose2d(_LazyConvMixin, ConvTranspose2d):
    """``ConvTranspose2d`` whose ``in_channels`` comes from its first input. Mirrors
    ``torch.nn.LazyConvTranspose2d``."""

    cls_to_become = ConvTranspose2d
    _spatial_dims = 2

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                 dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation, padding_mode,
                         device, dtype)
        self._lazy_init(out_channels, bias, device, dtype)


class _LazyNormMixin(LazyModuleMixin):
    """Shared by the lazy batch norms: ``num_features`` is the input's dim 1."""

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *,
                 bias=True):
        super().__init__(0, eps, momentum, False, False, device, dtype)
        self.affine = affine
        self.track_running_stats = track_running_stats
        for name in ("weight", "bias"):
            self.__dict__.pop(name, None)
            self.register_parameter(name, None)
        for name in ("running_mean", "running_var", "num_batches_tracked"):
            self.__dict__.pop(name, None)
            self.register_buffer(name, None)
        if affine:
            self.weight = UninitializedParameter(device=device, dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(device=device, dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(device=device, dtype=dtype)
            self.running_var = UninitializedBuffer(device=device, dtype=dtype)
            self.num_batches_tracked = _creation.tensor(0, device=device)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if not self.has_uninitialized_params():
            return
        self.num_features = input.shape[1]
        with autograd.no_grad():
            if self.affine:
                self.weight.materialize((self.num_features,))
                if self.bias is not None:
                    self.bias.materialize((self.num_features,))
            if self.track_running_stats:
                self.running_mean.materialize((self.num_features,))
                self.running_var.materialize((self.num_features,))
            self.reset_parameters()


class LazyBatchNorm1d(_LazyNormMixin, BatchNorm1d):
    """``BatchNorm1d`` whose ``num_features`` comes from its first input. Mirrors ``torch.nn.LazyBatchNorm1d``."""

    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormMixin, BatchNorm2d):
    """``BatchNorm2d`` whose ``num_features`` comes from its first input. Mirrors ``torch.nn.LazyBatchNorm2d``."""

    cls_to_become = BatchNorm2d
