"""``Geometric`` (PyTorch's ``torch.distributions.geometric``)."""
from .. import _creation, _type_info
from ..autograd import grad_mode
from ..nn import functional
from ..ops import construction, selection
from . import _checks, constraints
from ._basic import Distribution, _broadcast
from ._lazy_probs import LazyProbsLogits

__all__ = ["Geometric"]


class Geometric(LazyProbsLogits, Distribution):
    """The number of failures before the first success in Bernoulli(``probs``) trials, ``probs`` in (0, 1] or
    ``logits`` (``torch.distributions.Geometric``); draws ``floor(log(u) / log1p(-probs))`` of
    ``uniform_(tiny, 1)``, PyTorch's stream. ValueError: both or neither of probs/logits, probs outside (0, 1].

    >>> import gradlib
    >>> d = Geometric(gradlib.tensor([0.2, 0.5]))
    >>> d.log_prob(gradlib.tensor([3., 0.])), d.entropy()
    (tensor([-2.2789, -0.6931]), tensor([2.5020, 1.3863]))
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer
    params = ("probs", "logits")

    def __init__(self, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            (self.probs,) = _broadcast(probs)
            batch = self.probs.shape
        else:
            (self.logits,) = _broadcast(logits)
            batch = self.logits.shape
        super().__init__(batch, (), validate_args)
        _checks.validate_parameters(self)
        if self._validate_args and probs is not None:
            value = self.probs
            valid = value > 0
            if not bool(valid.all()):
                raise ValueError(f"Expected parameter probs ({type(value).__name__} of shape {tuple(value.shape)}) "
                                 f"of distribution {self!r} to be positive but found invalid values:\n"
                                 f"{value.detach()[~valid]}")

    @property
    def mean(self):
        return 1.0 / self.probs - 1.0

    @property
    def mode(self):
        return _creation.zeros_like(self.probs)

    @property
    def variance(self):
        return (1.0 / self.probs - 1.0) / self.probs

    def sample(self, sample_shape=()):
        tiny = _type_info.finfo(self.probs.dtype).tiny
        with grad_mode.no_grad():
            u = _creation.empty(self._extended_shape(sample_shape), dtype=self.probs.dtype,
                                device=self.probs.device).uniform_(tiny, 1)
            return (u.log() / (-self.probs).log1p()).floor()

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        value, probs = construction.broadcast_tensors(value, self.probs)
        probs = selection.where((probs == 1) & (value == 0), 0.0, probs)
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self):
        return functional.binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none") / self.probs
