"""``torch.distributions.one_hot_categorical`` as PyTorch's module path
(``from torch.distributions.one_hot_categorical import OneHotCategorical``), and
``OneHotCategoricalStraightThrough``."""
from ._more import OneHotCategorical
from .. import _homes

__all__ = ["OneHotCategorical", "OneHotCategoricalStraightThrough"]


_homes.adopt(__name__, OneHotCategorical)


class OneHotCategoricalStraightThrough(OneHotCategorical):
    """A OneHotCategorical whose ``rsample`` passes gradients straight through (Bengio et al. 2013): the one-hot
    draw plus ``probs - probs.detach()`` (zero in value, the identity in gradient)
    (``torch.distributions.OneHotCategoricalStraightThrough``).

    >>> import gradlib
    >>> probs = gradlib.tensor([0.2, 0.8], requires_grad=True)
    >>> d = OneHotCategoricalStraightThrough(probs=probs)
    >>> draw = d.rsample()
    >>> (draw * gradlib.tensor([1., 2.])).sum().backward()
    >>> probs.grad
    tensor([-0.8000,  0.2000])
    """

    has_rsample = True

    def rsample(self, sample_shape=()):
        samples = self.sample(sample_shape)
        probs = self._categorical.probs
        return samples + (probs - probs.detach())
