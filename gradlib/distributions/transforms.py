"""``torch.distributions.transforms`` (the ones tutorials use): ``Transform``, ``ExpTransform``,
``AffineTransform``, ``TanhTransform`` (squashed Gaussian policies), ``SigmoidTransform``, ``ComposeTransform``,
each with ``inv``, ``log_abs_det_jacobian``, ``sign`` and PyTorch's printing; ``cache_size=1`` keeps the last
``(x, y)`` pair so that ``inv(y)`` of a computed ``y`` returns ``x`` exactly (``atanh(tanh(x))`` loses ``x`` where
tanh saturates), as PyTorch's.

>>> import gradlib
>>> from gradlib.distributions.transforms import TanhTransform
>>> t = TanhTransform()
>>> x = gradlib.tensor([0.5, -2.])
>>> t(x), t.log_abs_det_jacobian(x, t(x))
(tensor([ 0.4621, -0.9640]), tensor([-0.2402, -2.6500]))
"""
import math

from .. import _creation, _type_info
from ..nn import functional
from ..ops import elementwise, reduction, shape
from . import constraints
from ._basic import _as_tensor

__all__ = ["Transform", "ExpTransform", "AffineTransform", "TanhTransform", "SigmoidTransform", "AbsTransform",
           "ComposeTransform", "SoftmaxTransform", "StickBreakingTransform", "PowerTransform", "SoftplusTransform",
           "ReshapeTransform", "IndependentTransform", "LowerCholeskyTransform", "PositiveDefiniteTransform",
           "CorrCholeskyTransform", "CatTransform", "StackTransform", "CumulativeDistributionTransform",
           "identity_transform"]


def _sum_rightmost(value, dims):
    if dims <= 0:
        return value
    return reduction.sum(value.reshape(tuple(value.shape[:value.ndim - dims]) + (-1,)), -1)


class Transform:
    """A bijection ``y = t(x)`` with ``t.inv(y)`` and ``log |dy/dx|`` (``log_abs_det_jacobian(x, y)``).

    ``event_dim``: how many rightmost dims one application couples (0: elementwise). ``cache_size``: 0 or 1.
    """

    bijective = True
    event_dim = 0

    @property
    def sign(self):
        """+1 or -1: whether the transform keeps or reverses the order (NotImplementedError where it has none)."""
        raise NotImplementedError

    def __init__(self, cache_size=0):
        if cache_size not in (0, 1):
            raise ValueError("cache_size must be 0 or 1")
        self._cache_size = cache_size
        self._cached = None  # (x, y)

    def __call__(self, x):
        if self._cache_size and self._cached is not None and self._cached[0] is x:
            return self._cached[1]
        y = self._call(x)
        if self._cache_size:
            self._cached = (x, y)
        return y

    def _inv_call(self, y):
        if self._cache_size and self._cached is not None and self._cached[1] is y:
            return self._cached[0]
        x = self._inverse(y)
        if self._cache_size:
            self._cached = (x, y)
        return x

    @property
    def inv(self):
        """The inverse transform (its ``inv`` is this one again)."""
        return _InverseTransform(self)

    def _call(self, x):
        raise NotImplementedError

    def _inverse(self, y):
        raise NotImplementedError

    def with_cache(self, cache_size=1):
        """This transform with ``cache_size`` (a new one when it differs)."""
        if self._cache_size == cache_size:
            return self
        if type(self).__init__ is Transform.__init__:
            return type(self)(cache_size=cache_size)
        raise NotImplementedError(f"{type(self)}.with_cache is not implemented")

    def forward_shape(self, shape):
        """The shape of ``t(x)`` for ``x`` of ``shape``."""
        return shape

    def inverse_shape(self, shape):
        """The shape of ``t.inv(y)`` for ``y`` of ``shape``."""
        return shape

    def log_abs_det_jacobian(self, x, y):
        raise NotImplementedError

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = object.__hash__

    def __repr__(self):
        return type(self).__name__ + "()"


class _InverseTransform(Transform):
    def __init__(self, transform):
        super().__init__(transform._cache_size)
        self._inv = transform

    @property
    def event_dim(self):
        return self._inv.event_dim

    @property
    def domain(self):
        return self._inv.codomain

    @property
    def codomain(self):
        return self._inv.domain

    @property
    def sign(self):
        return self._inv.sign

    @property
    def inv(self):
        return self._inv

    def __call__(self, x):
        return self._inv._inv_call(x)

    def log_abs_det_jacobian(self, x, y):
        return -self._inv.log_abs_det_jacobian(y, x)

    def forward_shape(self, shape):
        return self._inv.inverse_shape(shape)

    def inverse_shape(self, shape):
        return self._inv.forward_shape(shape)

    def __eq__(self, other):
        return isinstance(other, _InverseTransform) and self._inv == other._inv

    __hash__ = object.__hash__

    def __repr__(self):
        return f"{type(self).__name__}({self._inv!r})"


class ExpTransform(Transform):
    """``y = exp(x)``."""

    sign = 1
    domain = constraints.real
    codomain = constraints.positive

    def __eq__(self, other):
        return isinstance(other, ExpTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return elementwise.exp(x)

    def _inverse(self, y):
        return elementwise.log(y)

    def log_abs_det_jacobian(self, x, y):
        return x


class TanhTransform(Transform):
    """``y = tanh(x)``; ``log |dy/dx| = 2 (log 2 - x - softplus(-2x))`` (PyTorch's stable form)."""

    sign = 1
    domain = constraints.real
    codomain = constraints.interval(-1.0, 1.0)

    def __eq__(self, other):
        return isinstance(other, TanhTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return elementwise.tanh(x)

    def _inverse(self, y):
        return 0.5 * (elementwise.log1p(y) - elementwise.log1p(-y))  # atanh

    def log_abs_det_jacobian(self, x, y):
        return 2.0 * (math.log(2.0) - x - functional.softplus(-2.0 * x))


class SigmoidTransform(Transform):
    """``y = sigmoid(x)``; the inverse is ``logit`` with ``y`` clamped into (0, 1) as PyTorch's."""

    sign = 1
    domain = constraints.real
    codomain = constraints.unit_interval

    def __eq__(self, other):
        return isinstance(other, SigmoidTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        info = _type_info.finfo(x.dtype)
        return elementwise.sigmoid(x).clamp(min=float(info.tiny), max=1.0 - float(info.eps))

    def _inverse(self, y):
        info = _type_info.finfo(y.dtype)
        y = y.clamp(min=float(info.tiny), max=1.0 - float(info.eps))
        return elementwise.log(y) - elementwise.log1p(-y)

    def log_abs_det_jacobian(self, x, y):
        return -functional.softplus(-x) - functional.softplus(x)


class AffineTransform(Transform):
    """``y = loc + scale * x``; ``event_dim`` rightmost dims are summed in ``log_abs_det_jacobian``."""

    def __init__(self, loc, scale, event_dim=0, cache_size=0):
        super().__init__(cache_size)
        self.loc = loc
        self.scale = scale
        self.event_dim = event_dim

    @property
    def domain(self):
        return constraints.real if self.event_dim == 0 else constraints.independent(constraints.real, self.event_dim)

    codomain = domain

    @property
    def sign(self):
        if isinstance(self.scale, (int, float)):
            return 1 if float(self.scale) > 0 else -1 if float(self.scale) < 0 else 0
        return elementwise.sign(self.scale)

    def __eq__(self, other):
        if not isinstance(other, AffineTransform):
            return False
        same = []
        for mine, theirs in ((self.loc, other.loc), (self.scale, other.scale)):
            if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
                same.append(mine == theirs)
            else:
                same.append(bool((_as_tensor(mine) == _as_tensor(theirs)).all()))
        return all(same)

    __hash__ = object.__hash__

    def _call(self, x):
        return self.loc + self.scale * x

    def _inverse(self, y):
        return (y - self.loc) / self.scale

    def log_abs_det_jacobian(self, x, y):
        scale = self.scale
        if isinstance(scale, (int, float)):
            result = _creation.full_like(x, math.log(abs(scale)))
        else:
            result = elementwise.log(elementwise.abs(scale))
        if self.event_dim:
            result_size = tuple(result.shape[:result.ndim - self.event_dim]) + (-1,)
            result = reduction.sum(result.reshape(result_size), -1)
            batch = tuple(x.shape[:x.ndim - self.event_dim])
            result = shape.expand(result, batch)
        return result


class AbsTransform(Transform):
    """``y = |x|`` (not bijective: ``inv`` gives the non-negative preimage)."""

    bijective = False
    domain = constraints.real
    codomain = constraints.positive

    def __eq__(self, other):
        return isinstance(other, AbsTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return elementwise.abs(x)

    def _inverse(self, y):
        return y


class ComposeTransform(Transform):
    """Applies ``parts`` in order; ``log_abs_det_jacobian`` adds theirs."""

    def __init__(self, parts, cache_size=0):
        super().__init__(cache_size)
        self.parts = list(parts)
        self.event_dim = max([part.event_dim for part in self.parts], default=0)

    @property
    def domain(self):
        """The first part's domain, with the event dims the later parts couple (PyTorch's)."""
        if not self.parts:
            return constraints.real
        domain = self.parts[0].domain
        event_dim = self.parts[-1].codomain.event_dim
        for part in reversed(self.parts):
            event_dim += part.domain.event_dim - part.codomain.event_dim
            event_dim = max(event_dim, part.domain.event_dim)
        if event_dim > domain.event_dim:
            domain = constraints.independent(domain, event_dim - domain.event_dim)
        return domain

    @property
    def codomain(self):
        """The last part's codomain, with the event dims the earlier parts couple (PyTorch's)."""
        if not self.parts:
            return constraints.real
        codomain = self.parts[-1].codomain
        event_dim = self.parts[0].domain.event_dim
        for part in self.parts:
            event_dim += part.codomain.event_dim - part.domain.event_dim
            event_dim = max(event_dim, part.codomain.event_dim)
        if event_dim > codomain.event_dim:
            codomain = constraints.independent(codomain, event_dim - codomain.event_dim)
        return codomain

    @property
    def sign(self):
        sign = 1
        for part in self.parts:
            sign = sign * part.sign
        return sign

    @property
    def inv(self):
        return ComposeTransform([part.inv for part in reversed(self.parts)])

    def __eq__(self, other):
        return isinstance(other, ComposeTransform) and self.parts == other.parts

    __hash__ = object.__hash__

    def _call(self, x):
        for part in self.parts:
            x = part(x)
        return x

    def forward_shape(self, shape):
        for part in self.parts:
            shape = part.forward_shape(shape)
        return shape

    def inverse_shape(self, shape):
        for part in reversed(self.parts):
            shape = part.inverse_shape(shape)
        return shape

    def log_abs_det_jacobian(self, x, y):
        if not self.parts:
            return _as_tensor(0.0, x).expand(x.shape) * 1
        total = 0
        for part in self.parts:
            y_part = part(x)
            term = part.log_abs_det_jacobian(x, y_part)
            total = total + _sum_rightmost(term, self.event_dim - part.event_dim)
            x = y_part
        return total

    def __repr__(self):
        inner = ",\n    ".join(repr(part) for part in self.parts)
        return f"{type(self).__name__}(\n    {inner}\n)"



class SoftmaxTransform(Transform):
    """``y = exp(x) / sum(exp(x))`` over the last dim, onto the simplex (not bijective: ``inv`` is ``log``);
    ``transform_to(constraints.simplex)``. Mirrors ``torch.distributions.transforms.SoftmaxTransform``.

    >>> import gradlib
    >>> SoftmaxTransform()(gradlib.tensor([0., 1.]))
    tensor([0.2689, 0.7311])
    """

    bijective = False
    event_dim = 1
    domain = constraints.real_vector
    codomain = constraints.simplex

    def __eq__(self, other):
        return isinstance(other, SoftmaxTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        probs = (x - x.max(-1, True)[0]).exp()
        return probs / probs.sum(-1, True)

    def _inverse(self, y):
        return y.log()


def _clipped_sigmoid(x):
    info = _type_info.finfo(x.dtype)
    return elementwise.sigmoid(x).clamp(min=info.tiny, max=1.0 - info.eps)


class StickBreakingTransform(Transform):
    """The reals of one dim fewer onto the simplex by stick breaking: each sigmoid takes a share of what is left
    (bijective; ``biject_to(constraints.simplex)``). Mirrors ``torch.distributions.transforms.StickBreakingTransform``.

    >>> import gradlib
    >>> t = StickBreakingTransform()
    >>> x = gradlib.tensor([0.5, -1.])
    >>> t(x), t.inv(t(x)), t.log_abs_det_jacobian(x, t(x))
    (tensor([0.4519, 0.1474, 0.4007]), tensor([ 0.5000, -1.0000]), tensor(-3.6234))
    """

    event_dim = 1
    domain = constraints.real_vector
    codomain = constraints.simplex

    def __eq__(self, other):
        return isinstance(other, StickBreakingTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        offset = x.shape[-1] + 1 - x.new_ones(x.shape[-1]).cumsum(-1)
        z = _clipped_sigmoid(x - offset.log())
        z_cumprod = (1 - z).cumprod(-1)
        return functional.pad(z, [0, 1], value=1) * functional.pad(z_cumprod, [1, 0], value=1)

    def _inverse(self, y):
        y_crop = y[..., :-1]
        offset = y.shape[-1] - y.new_ones(y_crop.shape[-1]).cumsum(-1)
        sf = (1 - y_crop.cumsum(-1)).clamp(min=_type_info.finfo(y.dtype).tiny)
        return y_crop.log() - sf.log() + offset.log()

    def forward_shape(self, shape):
        if len(shape) < 1:
            raise ValueError("Too few dimensions on input")
        return tuple(shape[:-1]) + (shape[-1] + 1,)

    def inverse_shape(self, shape):
        if len(shape) < 1:
            raise ValueError("Too few dimensions on input")
        return tuple(shape[:-1]) + (shape[-1] - 1,)

    def log_abs_det_jacobian(self, x, y):
        offset = x.shape[-1] + 1 - x.new_ones(x.shape[-1]).cumsum(-1)
        x = x - offset.log()
        return (-x + functional.logsigmoid(x) + y[..., :-1].log()).sum(-1)


identity_transform = ComposeTransform([])

# The later transforms live in their own module (they build on the classes above, hence imported last) and are
# claimed here, PyTorch's path.
from ._transforms_extra import (CatTransform, CorrCholeskyTransform, CumulativeDistributionTransform,  # noqa: E402
                                IndependentTransform, LowerCholeskyTransform, PositiveDefiniteTransform,
                                PowerTransform, ReshapeTransform, SoftplusTransform, StackTransform)
from .. import _homes  # noqa: E402

_homes.adopt(__name__, CatTransform, CorrCholeskyTransform, CumulativeDistributionTransform, IndependentTransform,
             LowerCholeskyTransform, PositiveDefiniteTransform, PowerTransform, ReshapeTransform, SoftplusTransform,
             StackTransform)
