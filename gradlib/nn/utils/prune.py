"""``gradlib.nn.utils.prune``: PyTorch's pruning of module tensors (``torch.nn.utils.prune``).

Pruning ``module.weight`` moves the parameter to ``weight_orig``, registers the buffer ``weight_mask`` (1 keeps,
0 prunes) and makes ``weight`` a plain attribute, ``weight_mask * weight_orig``, recomputed by a forward pre-hook
(the pruning method object itself) before every forward. So, as in PyTorch, ``named_parameters()`` lists
``weight_orig`` (after the other parameters), ``state_dict()`` has ``weight_orig`` and ``weight_mask``, and the
gradient reaches ``weight_orig`` through the product. Pruning the same tensor again combines the masks in a
``PruningContainer`` (the new method sees only what is still unpruned); ``remove`` makes the pruning permanent
(``weight`` a Parameter again, holding the pruned values).

>>> import gradlib
>>> from gradlib.nn.utils import prune
>>> layer = gradlib.nn.Linear(3, 2)
>>> with gradlib.no_grad():
...     _ = layer.weight.copy_(gradlib.tensor([[0.1, -2.0, 0.3], [1.5, -0.05, 0.7]]))
>>> prune.l1_unstructured(layer, "weight", amount=2)
Linear(in_features=3, out_features=2, bias=True)
>>> [name for name, _ in layer.named_parameters()], [name for name, _ in layer.named_buffers()]
(['bias', 'weight_orig'], ['weight_mask'])
>>> layer.weight
tensor([[ 0.0000, -2.0000,  0.3000],
        [ 1.5000, -0.0000,  0.7000]], grad_fn=<MulBackward0>)
>>> prune.is_pruned(layer), prune.remove(layer, "weight") is layer, prune.is_pruned(layer)
(True, True, False)
"""
import numbers
from collections.abc import Iterable

from ... import _creation, autograd
from .. import utils as _utils

__all__ = ["BasePruningMethod", "PruningContainer", "Identity", "RandomUnstructured", "L1Unstructured",
           "RandomStructured", "LnStructured", "CustomFromMask", "identity", "random_unstructured",
           "l1_unstructured", "random_structured", "ln_structured", "global_unstructured", "custom_from_mask",
           "remove", "is_pruned"]


class BasePruningMethod:
    """Base of the pruning methods: ``compute_mask(t, default_mask)`` (abstract) gives the new mask; the object
    is also the forward pre-hook that recomputes ``module.<name>`` from ``<name>_orig`` and ``<name>_mask``.
    Mirrors ``torch.nn.utils.prune.BasePruningMethod``."""

    _tensor_name = None

    def __call__(self, module, inputs):
        setattr(module, self._tensor_name, self.apply_mask(module))

    def compute_mask(self, t, default_mask):
        raise NotImplementedError(f"{type(self).__name__} must implement compute_mask(t, default_mask)")

    def apply_mask(self, module):
        """``<name>_mask * <name>_orig`` of ``module`` (in the parameter's dtype)."""
        if self._tensor_name is None:
            raise AssertionError(f"Module {module} has to be pruned")
        mask = getattr(module, self._tensor_name + "_mask")
        orig = getattr(module, self._tensor_name + "_orig")
        return mask.to(dtype=orig.dtype) * orig

    @classmethod
    def apply(cls, module, name, *args, importance_scores=None, **kwargs):
        """Prune ``module.<name>`` with ``cls(*args, **kwargs)`` (combined with an earlier pruning of the same
        tensor); ``importance_scores`` (the tensor's shape) rank the entries instead of the tensor itself.
        Returns the method (or container) registered as the forward pre-hook."""
        method = _composite_method(cls, module, name, *args, **kwargs)
        orig = getattr(module, name)
        if importance_scores is not None:
            if importance_scores.shape != orig.shape:
                raise AssertionError(f"importance_scores should have the same shape as parameter {name} of "
                                     f"{module}, got {importance_scores.shape} vs {orig.shape}")
        else:
            importance_scores = orig
        first = not isinstance(method, PruningContainer)
        if first:
            module.register_parameter(name + "_orig", orig)
            del module._parameters[name]
            default_mask = _creation.ones_like(orig)
        else:
            default_mask = getattr(module, name + "_mask").detach().clone()
        try:
            with autograd.no_grad():
                mask = method.compute_mask(importance_scores, default_mask=default_mask)
            module.register_buffer(name + "_mask", mask)
            setattr(module, name, method.apply_mask(module))
            module.register_forward_pre_hook(method)
        except Exception:
            if first:  # put the parameter back as it was
                orig = getattr(module, name + "_orig")
                module.register_parameter(name, orig)
                del module._parameters[name + "_orig"]
            raise
        return method

    def prune(self, t, default_mask=None, importance_scores=None):
        """``t`` times the mask this method computes for it (nothing registered)."""
        if importance_scores is not None:
            if importance_scores.shape != t.shape:
                raise AssertionError("importance_scores should have the same shape as tensor t, got "
                                     f"{importance_scores.shape} vs {t.shape}")
        else:
            importance_scores = t
        default_mask = default_mask if default_mask is not None else _creation.ones_like(t)
        with autograd.no_grad():
            mask = self.compute_mask(importance_scores, default_mask=default_mask)
        return t * mask

    def remove(self, module):
        """Make the pruning permanent: ``module.<name>`` becomes the Parameter ``<name>_orig`` holding the
        pruned values; ``<name>_orig`` and ``<name>_mask`` go."""
        if self._tensor_name is None:
            raise AssertionError(f"Module {module} has to be pruned before pruning can be removed")
        weight = self.apply_mask(module)
        if hasattr(module, self._tensor_name):
            delattr(module, self._tensor_name)
        orig = module._parameters[self._tensor_name + "_orig"]
        orig.data = weight.data
        del module._parameters[self._tensor_name + "_orig"]
        del module._buffers[self._tensor_name + "_mask"]
        module._non_persistent.discard(self._tensor_name + "_mask")
        setattr(module, self._tensor_name, orig)


def _composite_method(cls, module, name, *args, **kwargs):
    """The new method, or a PruningContainer holding the earlier pruning of ``name`` and it (whose hook is taken
    off: the container's is registered instead)."""
    found = [(key, hook) for key, hook in module._forward_pre_hooks.items()
             if isinstance(hook, BasePruningMethod) and hook._tensor_name == name]
    if len(found) > 1:
        raise AssertionError(f"Avoid adding multiple pruning hooks to the same tensor {name} of module {module}. "
                             "Use a PruningContainer.")
    for key, _ in found:
        del module._forward_pre_hooks[key]
    method = cls(*args, **kwargs)
    method._tensor_name = name
    if found:
        old_method = found[0][1]
        if isinstance(old_method, PruningContainer):
            old_method.add_pruning_method(method)
            return old_method
        container = PruningContainer(old_method)
        container.add_pruning_method(method)
        return container
    return method


class PruningContainer(BasePruningMethod):
    """The pruning methods applied in turn to one tensor; its mask is the last method's, computed on the entries
    (or, for a structured method, the channels) the earlier ones kept. Mirrors
    ``torch.nn.utils.prune.PruningContainer``."""

    def __init__(self, *args):
        self._pruning_methods = ()
        if len(args) == 1:
            self._tensor_name = args[0]._tensor_name
            self.add_pruning_method(args[0])
        else:
            for method in args:
                self.add_pruning_method(method)

    def add_pruning_method(self, method):
        if not isinstance(method, BasePruningMethod) and method is not None:
            raise TypeError(f"{type(method)} is not a BasePruningMethod subclass")
        if method is not None and self._tensor_name != method._tensor_name:
            raise ValueError(f"Can only add pruning methods acting on the parameter named '{self._tensor_name}' to "
                             f"PruningContainer {self}. Found '{method._tensor_name}'")
        self._pruning_methods += (method,)

    def __len__(self):
        return len(self._pruning_methods)

    def __iter__(self):
        return iter(self._pruning_methods)

    def __getitem__(self, idx):
        return self._pruning_methods[idx]

    def compute_mask(self, t, default_mask):
        method = self._pruning_methods[-1]
        new_mask = default_mask.to(dtype=t.dtype)
        kind = method.PRUNING_TYPE
        if kind == "unstructured":
            where = default_mask == 1  # a boolean index: the number kept is read (PyTorch syncs here too)
        elif kind == "structured":
            if not hasattr(method, "dim"):
                raise AttributeError('Pruning methods of PRUNING_TYPE "structured" need to have the attribute '
                                     "`dim` defined.")
            n_dims = t.dim()
            dim = method.dim + n_dims if method.dim < 0 else method.dim
            if dim < 0:
                raise IndexError(f"Index is out of bounds for tensor with dimensions {n_dims}")
            keep_channel = default_mask.sum(dim=[d for d in range(n_dims) if d != dim]) != 0
            where = tuple(keep_channel if d == dim else slice(None) for d in range(n_dims))
        elif kind == "global":
            where = (slice(None),) * t.dim()
        else:
            raise ValueError(f"Unrecognized PRUNING_TYPE {kind}")
        partial_mask = method.compute_mask(t[where], default_mask=default_mask[where])
        new_mask[where] = partial_mask.to(dtype=new_mask.dtype)
        return new_mask


class Identity(BasePruningMethod):
    """Prunes nothing (the mask is all ones). Mirrors ``torch.nn.utils.prune.Identity``."""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        return default_mask

    @classmethod
    def apply(cls, module, name):
        return super().apply(module, name)


class RandomUnstructured(BasePruningMethod):
    """Prunes ``amount`` entries (a count, or a fraction of them) chosen at random.
    Mirrors ``torch.nn.utils.prune.RandomUnstructured``."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        _validate_pruning_amount_init(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        count = _count_to_prune(self.amount, t.nelement())
        mask = default_mask.clone()
        if count != 0:
            scores = _creation.rand_like(t)
            mask.view(-1)[scores.view(-1).topk(count).indices] = 0
        return mask

    @classmethod
    def apply(cls, module, name, amount):
        return super().apply(module, name, amount=amount)


class L1Unstructured(BasePruningMethod):
    """Prunes the ``amount`` entries (a count, or a fraction) of smallest absolute value.
    Mirrors ``torch.nn.utils.prune.L1Unstructured``."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        _validate_pruning_amount_init(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        count = _count_to_prune(self.amount, t.nelement())
        mask = default_mask.clone()
        if count != 0:
            mask.view(-1)[t.abs().view(-1).topk(count, largest=False).indices] = 0
        return mask

    @classmethod
    def apply(cls, module, name, amount, importance_scores=None):
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


class RandomStructured(BasePruningMethod):
    """Prunes ``amount`` whole channels along ``dim``, chosen at random.
    Mirrors ``torch.nn.utils.prune.RandomStructured``."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount, dim=-1):
        _validate_pruning_amount_init(amount)
        self.amount = amount
        self.dim = dim

    def compute_mask(self, t, default_mask):
        _validate_structured_pruning(t)
        _validate_pruning_dim(t, self.dim)
        channels = t.shape[self.dim]
        count = _count_to_prune(self.amount, channels)
        if count == 0:
            return default_mask
        scores = _creation.rand(channels, device=t.device)
        keep = scores.topk(channels - count).indices
        return _channel_mask(t, self.dim, keep) * default_mask.to(dtype=t.dtype)

    @classmethod
    def apply(cls, module, name, amount, dim=-1):
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(BasePruningMethod):
    """Prunes the ``amount`` channels along ``dim`` of smallest ``n``-norm (``n``: as ``Tensor.norm``'s ``p``).
    Mirrors ``torch.nn.utils.prune.LnStructured``."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount, n, dim=-1):
        _validate_pruning_amount_init(amount)
        self.amount = amount
        self.n = n
        self.dim = dim

    def compute_mask(self, t, default_mask):
        _validate_structured_pruning(t)
        _validate_pruning_dim(t, self.dim)
        channels = t.shape[self.dim]
        count = _count_to_prune(self.amount, channels)
        dim = self.dim + t.dim() if self.dim < 0 else self.dim
        norm = t.norm(p=self.n, dim=[d for d in range(t.dim()) if d != dim])
        keep = norm.topk(channels - count, largest=True).indices
        if count == 0:
            return default_mask
        return _channel_mask(t, self.dim, keep) * default_mask.to(dtype=t.dtype)

    @classmethod
    def apply(cls, module, name, amount, n, dim, importance_scores=None):
        return super().apply(module, name, amount=amount, n=n, dim=dim, importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    """Prunes where the given ``mask`` is 0. Mirrors ``torch.nn.utils.prune.CustomFromMask``."""

    PRUNING_TYPE = "global"

    def __init__(self, mask):
        self.mask = mask

    def compute_mask(self, t, default_mask):
        if default_mask.shape != self.mask.shape:
            raise AssertionError(f"default_mask shape {default_mask.shape} must match self.mask shape "
                                 f"{self.mask.shape}")
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module, name, mask):
        return super().apply(module, name, mask=mask)


def _channel_mask(t, dim, keep):
    """Zeros like ``t`` with ones in the channels ``keep`` (indices along ``dim``)."""
    mask = _creation.zeros_like(t)
    mask[tuple(keep if d == dim % t.dim() else slice(None) for d in range(t.dim()))] = 1
    return mask


def identity(module, name):
    """Register pruning of ``module.<name>`` that prunes nothing (the orig/mask reparametrization only).
    Mirrors ``torch.nn.utils.prune.identity``; returns ``module``."""
    Identity.apply(module, name)
    return module


def random_unstructured(module, name, amount):
    """Prune ``amount`` random entries of ``module.<name>`` (an int count or a float fraction in [0, 1]).
    Mirrors ``torch.nn.utils.prune.random_unstructured``; returns ``module``. Raises TypeError/ValueError for an
    amount of another type or out of range."""
    RandomUnstructured.apply(module, name, amount)
    return module


def l1_unstructured(module, name, amount, importance_scores=None):
    """Prune the ``amount`` entries of ``module.<name>`` of smallest absolute value (of ``importance_scores``
    where given). Mirrors ``torch.nn.utils.prune.l1_unstructured``; returns ``module``."""
    L1Unstructured.apply(module, name, amount=amount, importance_scores=importance_scores)
    return module


def random_structured(module, name, amount, dim):
    """Prune ``amount`` random channels of ``module.<name>`` along ``dim``. Mirrors
    ``torch.nn.utils.prune.random_structured``; returns ``module``."""
    RandomStructured.apply(module, name, amount, dim)
    return module


def ln_structured(module, name, amount, n, dim, importance_scores=None):
    """Prune the ``amount`` channels of ``module.<name>`` along ``dim`` of smallest ``n``-norm. Mirrors
    ``torch.nn.utils.prune.ln_structured``; returns ``module``. Raises ValueError for a 1-d tensor and
    IndexError for a ``dim`` out of range.

    >>> import gradlib
    >>> from gradlib.nn.utils import prune
    >>> conv = gradlib.nn.Conv1d(1, 3, 2)
    >>> with gradlib.no_grad():
    ...     _ = conv.weight.copy_(gradlib.tensor([[[1., 1.]], [[0.1, 0.2]], [[-3., 0.]]]))
    >>> prune.ln_structured(conv, "weight", amount=1, n=2, dim=0).weight_mask.flatten()
    tensor([1., 1., 0., 0., 1., 1.])
    """
    LnStructured.apply(module, name, amount, n, dim, importance_scores=importance_scores)
    return module


def global_unstructured(parameters, pruning_method, importance_scores=None, **kwargs):
    """Prune the (module, name) pairs of ``parameters`` together: ``pruning_method(**kwargs)`` (an unstructured
    method class, e.g. ``L1Unstructured`` with ``amount``) ranks all their entries at once. Each tensor then gets
    its part of the mask as a ``CustomFromMask`` pruning. Mirrors ``torch.nn.utils.prune.global_unstructured``.
    Raises TypeError for parameters that are not iterable, importance_scores that is not a dict, or a method
    that is not unstructured."""
    if not isinstance(parameters, Iterable):
        raise TypeError("global_unstructured(): parameters is not an Iterable")
    importance_scores = importance_scores if importance_scores is not None else {}
    if not isinstance(importance_scores, dict):
        raise TypeError("global_unstructured(): importance_scores must be of type dict")
    parameters = list(parameters)
    scores = _utils.parameters_to_vector(
        [importance_scores.get((module, name), getattr(module, name)) for module, name in parameters])
    default_mask = _utils.parameters_to_vector(
        [getattr(module, name + "_mask", None) if hasattr(module, name + "_mask")
         else _creation.ones_like(getattr(module, name)) for module, name in parameters])
    container = PruningContainer()
    container._tensor_name = "temp"
    method = pruning_method(**kwargs)
    method._tensor_name = "temp"
    if method.PRUNING_TYPE != "unstructured":
        raise TypeError('Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. Found method '
                        f"{pruning_method} of type {method.PRUNING_TYPE}")
    container.add_pruning_method(method)
    with autograd.no_grad():
        final_mask = container.compute_mask(scores.detach(), default_mask.detach())
    pointer = 0
    for module, name in parameters:
        param = getattr(module, name)
        count = param.numel()
        custom_from_mask(module, name, mask=final_mask[pointer:pointer + count].view_as(param))
        pointer += count


def custom_from_mask(module, name, mask):
    """Prune ``module.<name>`` where ``mask`` is 0. Mirrors ``torch.nn.utils.prune.custom_from_mask``; returns
    ``module``."""
    CustomFromMask.apply(module, name, mask)
    return module


def remove(module, name):
    """Make the pruning of ``module.<name>`` permanent (see ``BasePruningMethod.remove``). Mirrors
    ``torch.nn.utils.prune.remove``; returns ``module``. Raises ValueError where ``name`` is not pruned."""
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, BasePruningMethod) and hook._tensor_name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"Parameter '{name}' of module {module} has to be pruned before pruning can be removed")


def is_pruned(module):
    """Whether ``module`` or a submodule has a pruning hook. Mirrors ``torch.nn.utils.prune.is_pruned``."""
    return any(isinstance(hook, BasePruningMethod)
               for submodule in module.modules() for hook in submodule._forward_pre_hooks.values())


def _validate_pruning_amount_init(amount):
    if not isinstance(amount, numbers.Real):
        raise TypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    integral = isinstance(amount, numbers.Integral)
    if (integral and amount < 0) or (not integral and (float(amount) > 1.0 or float(amount) < 0.0)):
        raise ValueError(f"amount={amount} should either be a float in the range [0, 1] or a non-negative integer")


def _count_to_prune(amount, size):
    """How many of ``size`` entries (or channels) ``amount`` prunes, checked against ``size``."""
    if isinstance(amount, numbers.Integral):
        if amount > size:
            raise ValueError(f"amount={amount} should be smaller than the number of parameters to prune={size}")
        return amount
    return round(amount * size)


def _validate_structured_pruning(t):
    shape = t.shape
    if len(shape) <= 1:
        raise ValueError("Structured pruning can only be applied to multidimensional tensors. Found tensor of "
                         f"shape {shape} with {len(shape)} dims")


def _validate_pruning_dim(t, dim):
    if dim >= t.dim():
        raise IndexError(f"Invalid index {dim} for tensor of size {t.shape}")
