"""``gradlib.nn.utils.parametrizations``: orthogonal matrices, weight normalization and spectral normalization as
parametrizations
(PyTorch's ``torch.nn.utils.parametrizations``), registered with ``nn.utils.parametrize``.

``weight_norm(module)`` keeps ``parametrizations.weight.original0`` (g, the norms) and ``original1`` (v, the
direction); ``spectral_norm(module)`` keeps ``parametrizations.weight.original`` and the power-iteration
vectors ``_u`` and ``_v`` as buffers of the parametrization, updated at each read in training mode.

>>> import gradlib
>>> from gradlib.nn.utils.parametrizations import weight_norm
>>> layer = weight_norm(gradlib.nn.Linear(3, 2))
>>> sorted(layer.state_dict())
['bias', 'parametrizations.weight.original0', 'parametrizations.weight.original1']
>>> layer.parametrizations.weight.original0.shape
gradlib.Size([2, 1])
"""
from ... import _creation, autograd
from ..._tensor import Tensor
from .. import functional as F
from ..modules import layers
from ..modules.module import Module
from . import parametrize
from ._orthogonal import _OrthMaps, _Orthogonal
from ._weight_norm import norm_except_dim, weight_norm_product

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]


class _WeightNorm(Module):
    """``g * v / ||v||`` from (g, v); ``right_inverse`` splits a weight into its norms and itself."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return weight_norm_product(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """Parametrize ``module.<name>`` as ``g * v / ||v||`` (norms over every dim but ``dim``; ``dim=None``: one
    norm of the whole tensor): ``original0`` is g, ``original1`` is v. Mirrors
    ``torch.nn.utils.parametrizations.weight_norm``; returns ``module``.

    >>> import gradlib
    >>> from gradlib.nn.utils.parametrizations import weight_norm
    >>> layer = weight_norm(gradlib.nn.Linear(2, 2), dim=None)
    >>> layer.parametrizations.weight.original0.shape
    gradlib.Size([])
    """
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


class _SpectralNorm(Module):
    """``weight / sigma``, sigma the largest singular value of the weight seen as a matrix (dim ``dim`` first),
    estimated by power iteration on the buffers ``_u`` and ``_v`` (one step per read in training mode)."""

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [-{ndim}, {ndim - 1}] but got "
                             f"{dim})")
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            weight_mat = self._reshape_weight_to_matrix(weight)
            h, w = weight_mat.shape
            u = _creation.empty(h, dtype=weight.dtype, device=weight.device).normal_(0, 1)
            v = _creation.empty(w, dtype=weight.dtype, device=weight.device).normal_(0, 1)
            self.register_buffer("_u", F.normalize(u, dim=0, eps=self.eps))
            self.register_buffer("_v", F.normalize(v, dim=0, eps=self.eps))
            self._power_method(weight_mat, 15)

    def _reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, weight_mat, n_power_iterations):
        with autograd.no_grad():
            weight_mat = weight_mat.detach()
            for _ in range(n_power_iterations):
                self._u.copy_(F.normalize(weight_mat.mv(self._v), dim=0, eps=self.eps))
                self._v.copy_(F.normalize(weight_mat.T.mv(self._u), dim=0, eps=self.eps))

    def forward(self, weight):
        if weight.ndim == 1:
            return F.normalize(weight, dim=0, eps=self.eps)
        weight_mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        u = self._u.clone()
        v = self._v.clone()
        sigma = u.dot(weight_mat.mv(v))
        return weight / sigma

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Parametrize ``module.<name>`` as itself divided by its spectral norm (the largest singular value of the
    weight as a matrix with dim ``dim`` first; ``dim`` defaults to 1 for transposed convolutions, else 0),
    estimated by ``n_power_iterations`` power-iteration steps per read in training mode (15 at registration).
    Mirrors ``torch.nn.utils.parametrizations.spectral_norm``; returns ``module``. Raises ValueError where the
    module has no tensor ``name``, IndexError for ``dim`` out of range.

    >>> import gradlib
    >>> from gradlib.nn.utils.parametrizations import spectral_norm
    >>> layer = spectral_norm(gradlib.nn.Linear(4, 3))
    >>> round(float(gradlib.linalg.matrix_norm(layer.weight, 2)), 3)
    1.0
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if dim is None:
        dim = 1 if isinstance(module, (layers.ConvTranspose1d, layers.ConvTranspose2d)) else 0
    parametrize.register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module


def orthogonal(module, name="weight", orthogonal_map=None, *, use_trivialization=True):
    """Parametrize the matrix (or batch of matrices, (*, m, n)) ``module.<name>`` as an orthogonal one: ``Q^T Q = I``
    if m >= n, else ``Q Q^T = I``. ``orthogonal_map``: ``"matrix_exp"`` or ``"cayley"`` (of a skew-symmetric
    matrix) or ``"householder"`` (a product of reflectors); default ``"matrix_exp"`` for square matrices, else
    ``"householder"``. With ``use_trivialization`` (default) a fixed orthogonal buffer
    ``parametrizations.<name>[0].base`` holds the starting point, and the initial Q is the weight itself if it is
    orthogonal, else the Q of its QR decomposition (the same for ``"householder"`` without it). Mirrors
    ``torch.nn.utils.parametrizations.orthogonal``; returns ``module``. Raises ValueError where the module has no
    tensor ``name``, for a tensor of fewer than 2 dims and for an unknown map; NotImplementedError on assigning to
    a ``"matrix_exp"``/``"cayley"`` weight without trivialization.

    >>> import gradlib
    >>> from gradlib.nn.utils.parametrizations import orthogonal
    >>> layer = orthogonal(gradlib.nn.Linear(3, 5))
    >>> layer
    ParametrizedLinear(
      in_features=3, out_features=5, bias=True
      (parametrizations): ModuleDict(
        (weight): ParametrizationList(
          (0): _Orthogonal()
        )
      )
    )
    >>> Q = layer.weight
    >>> bool(gradlib.dist(Q.T @ Q, gradlib.eye(3)) < 1e-5)
    True
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if weight.ndim < 2:
        raise ValueError(f"Expected a matrix or batch of matrices. Got a tensor of {weight.ndim} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.size(-2) == weight.size(-1) or weight.dtype.is_complex else "householder"
    orth_enum = getattr(_OrthMaps, orthogonal_map, None)
    if orth_enum is None:
        raise ValueError('orthogonal_map has to be one of "matrix_exp", "cayley", "householder". '
                         f"Got: {orthogonal_map}")
    orth = _Orthogonal(weight, orth_enum, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module
