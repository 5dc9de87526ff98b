"""Weight normalization, ``w = g * v / ||v||`` (norms over every dim but ``dim``): the legacy hook form of
``torch.nn.utils.weight_norm`` (parameters ``weight_g`` and ``weight_v``, a forward pre-hook recomputing
``weight``) and the computation the parametrization ``nn.utils.parametrizations.weight_norm`` shares.

>>> import gradlib
>>> import warnings
>>> layer = gradlib.nn.Linear(2, 2)
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     layer = gradlib.nn.utils.weight_norm(layer)
>>> [name for name, _ in layer.named_parameters()], layer.weight_g.shape
(['bias', 'weight_g', 'weight_v'], gradlib.Size([2, 1]))
"""
import warnings

from ..._numpy_names import numpy_names
from ...ops import weight_norm as _weight_norm_op
from ...ops._args import refuse_integral
from ..parameter import Parameter, UninitializedParameter
from ...ops import complex_support

__all__ = ["WeightNorm", "weight_norm", "remove_weight_norm", "norm_except_dim", "weight_norm_product"]


@numpy_names
def norm_except_dim(v, pow=2, dim=0):
    """The ``pow``-norm of ``v`` over every dim but ``dim``, kept as size-1 dims (``dim=-1``: over all of ``v``,
    a 0-d tensor). Mirrors ``torch.norm_except_dim``."""
    if dim == -1:
        return v.norm(pow)
    last = v.dim() - 1
    if dim == 0 or dim == last:  # PyTorch's shapes: a matrix with ``dim`` as its rows (or columns), then a view
        size = [1] * v.dim()
        size[dim] = v.shape[dim]
        matrix = v.contiguous().view(v.shape[0], -1) if dim == 0 else v.contiguous().view(-1, v.shape[last])
        return matrix.norm(pow, 1 if dim == 0 else 0).view(size)
    return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)


def weight_norm_product(v, g, dim=0):
    """``v * (g / ||v||)`` with the norm of ``norm_except_dim``: PyTorch's ``torch._weight_norm``: one node,
    ``WeightNormInterfaceBackward0``, for ``dim`` 0 or the last dim of a float32/float64 ``v`` (PyTorch's fused
    kernel), the composite otherwise.

    >>> import gradlib
    >>> v = gradlib.tensor([[3., 4.], [0., 2.]], requires_grad=True)
    >>> gradlib._weight_norm(v, gradlib.tensor([[1.], [3.]]), 0)
    tensor([[0.6000, 0.8000],
            [0.0000, 3.0000]], grad_fn=<WeightNormInterfaceBackward0>)
    """
    if dim == 0 or dim == v.dim() - 1:  # PyTorch's fused kernel's dims, whatever g's dtype: no complex version
        complex_support.check("weight_norm", v, g)
    fused = v.dtype.itemsize > 2 and g.dtype.itemsize > 2 and (dim == 0 or dim == v.dim() - 1)
    if fused:
        refuse_integral("weight_norm_kernel", v)
        return _weight_norm_op.weight_norm_interface(v, g, dim)
    return v * (g / norm_except_dim(v, 2, dim))


class WeightNorm:
    """The forward pre-hook of the legacy ``weight_norm``: sets ``module.<name>`` from ``<name>_g`` and
    ``<name>_v``. Mirrors ``torch.nn.utils.weight_norm.WeightNorm``."""

    def __init__(self, name, dim):
        self.name = name
        self.dim = -1 if dim is None else dim

    def compute_weight(self, module):
        return weight_norm_product(getattr(module, self.name + "_v"), getattr(module, self.name + "_g"), self.dim)

    @staticmethod
    def apply(module, name, dim):
        warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                      "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning, stacklevel=3)
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter {name}")
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        if isinstance(weight, UninitializedParameter):
            raise ValueError("The module passed to `WeightNorm` can't have uninitialized parameters. Make sure to "
                             "run the dummy forward before applying weight normalization")
        del module._parameters[name]
        module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, 2, fn.dim).data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Replace ``module.<name>`` by ``<name>_g`` (its norms over every dim but ``dim``; ``dim=None``: one norm)
    and ``<name>_v`` (its direction), recomputed before each forward. Mirrors the deprecated
    ``torch.nn.utils.weight_norm`` (FutureWarning as PyTorch; prefer ``nn.utils.parametrizations.weight_norm``);
    returns ``module``. Raises RuntimeError when ``name`` already has it."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name="weight"):
    """Make ``module.<name>`` a plain Parameter again (holding ``g * v / ||v||``). Mirrors
    ``torch.nn.utils.remove_weight_norm``; returns ``module``. Raises ValueError where ``name`` has none."""
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
