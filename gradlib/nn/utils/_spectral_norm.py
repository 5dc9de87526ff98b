"""The legacy hook form of spectral normalization, ``nn.utils.spectral_norm``/``remove_spectral_norm``
(PyTorch's ``torch.nn.utils.spectral_norm``): the parameter moves to ``weight_orig``, the power-iteration vectors
are the buffers ``weight_u`` and ``weight_v``, and a forward pre-hook sets ``weight = weight_orig / sigma``
(one power-iteration step per forward in training mode).

>>> import gradlib
>>> layer = gradlib.nn.utils.spectral_norm(gradlib.nn.Linear(4, 3))
>>> [n for n, _ in layer.named_parameters()], [n for n, _ in layer.named_buffers()]
(['bias', 'weight_orig'], ['weight_u', 'weight_v'])
"""
from ... import _creation, autograd
from .. import functional as F
from ..parameter import Parameter, UninitializedParameter

__all__ = ["SpectralNorm", "spectral_norm", "remove_spectral_norm"]


class SpectralNorm:
    """The forward pre-hook of the legacy ``spectral_norm``. Mirrors ``torch.nn.utils.spectral_norm.SpectralNorm``
    (its state-dict version hooks aside: the keys ``weight_orig``, ``weight_u``, ``weight_v`` load as they are)."""

    _version = 1

    def __init__(self, name="weight", n_power_iterations=1, dim=0, eps=1e-12):
        self.name = name
        self.dim = dim
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.n_power_iterations = n_power_iterations
        self.eps = eps

    def reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *[d for d in range(weight.dim()) if d != self.dim])
        return weight.reshape(weight.shape[0], -1)

    def compute_weight(self, module, do_power_iteration):
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        weight_mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            with autograd.no_grad():
                for _ in range(self.n_power_iterations):
                    v.copy_(F.normalize(weight_mat.t().mv(u), dim=0, eps=self.eps))
                    u.copy_(F.normalize(weight_mat.mv(v), dim=0, eps=self.eps))
                u = u.clone()
                v = v.clone()
        sigma = u.dot(weight_mat.mv(v))
        return weight / sigma

    def remove(self, module):
        with autograd.no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module, do_power_iteration=module.training))

    @staticmethod
    def apply(module, name, n_power_iterations, dim, eps):
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError(f"Cannot register two spectral_norm hooks on the same parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        if name not in module._parameters and getattr(module, name, 0) is not None:
            raise KeyError(name)  # PyTorch's module._parameters[name]
        weight = module._parameters.get(name)  # gradlib keeps a None bias as a plain attribute
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        if isinstance(weight, UninitializedParameter):
            raise ValueError("The module passed to `SpectralNorm` can't have uninitialized parameters. Make sure to "
                             "run the dummy forward before applying spectral normalization")
        with autograd.no_grad():
            h, w = fn.reshape_weight_to_matrix(weight).shape
            u = F.normalize(_creation.empty(h, dtype=weight.dtype, device=weight.device).normal_(0, 1), dim=0,
                            eps=fn.eps)
            v = F.normalize(_creation.empty(w, dtype=weight.dtype, device=weight.device).normal_(0, 1), dim=0,
                            eps=fn.eps)
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        setattr(module, fn.name, weight.data)
        module.register_buffer(fn.name + "_u", u)
        module.register_buffer(fn.name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Divide ``module.<name>`` by its spectral norm before every forward (``weight_orig`` the parameter,
    ``weight_u``/``weight_v`` the power-iteration buffers; ``dim`` 1 for transposed convolutions, else 0).
    Mirrors ``torch.nn.utils.spectral_norm``; returns ``module``. Raises RuntimeError when ``name`` already has
    it, ValueError for a None or uninitialized parameter or ``n_power_iterations`` <= 0."""
    if dim is None:
        # transposed convolutions by class name: nn.modules imports this package, not the other way round
        transposed = {"ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"}
        dim = 1 if any(cls.__name__ in transposed for cls in type(module).__mro__) else 0
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module, name="weight"):
    """Make ``module.<name>`` a plain Parameter holding ``weight_orig / sigma``. Mirrors
    ``torch.nn.utils.remove_spectral_norm``; returns ``module``. Raises ValueError where ``name`` has none."""
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, SpectralNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"spectral_norm of '{name}' not found in {module}")
