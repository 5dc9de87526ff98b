"""The ``probs``/``logits`` pair of the distributions parameterized by either (PyTorch's two ``lazy_property``
attributes): the one given is stored, the other is computed from it on first use and kept."""
from .. import _type_info
from ..autograd import grad_mode
from ..nn import functional
from ..ops import elementwise

__all__ = ["LazyProbsLogits", "probs_to_logits"]


def probs_to_logits(probs, binary):
    """PyTorch's ``probs_to_logits``: log-odds of ``probs`` clamped to [eps, 1 - eps] (``binary``), else their
    logs."""
    eps = _type_info.finfo(probs.dtype).eps
    clamped = probs.clamp(eps, 1 - eps)
    if binary:
        return elementwise.log(clamped) - elementwise.log1p(-clamped)
    return elementwise.log(clamped)


class LazyProbsLogits:
    """A mixin: ``probs`` from ``logits`` (sigmoid, or softmax over the last dim where ``binary`` is False) and
    ``logits`` from ``probs``, whichever the constructor did not store (with grad mode on, as PyTorch's
    ``lazy_property``)."""

    __slots__ = ()
    binary = True

    def _probs_from_logits(self, logits):
        return elementwise.sigmoid(logits) if self.binary else functional.softmax(logits, -1)

    def __getattr__(self, name):
        # computed with grad mode on, as PyTorch's lazy_property: a value first read under no_grad (``sample``)
        # is kept for the later differentiable uses (OneHotCategoricalStraightThrough.rsample)
        stored = self.__dict__
        if name == "probs" and "logits" in stored:
            with grad_mode.enable_grad():
                self.probs = self._probs_from_logits(stored["logits"])
            return self.probs
        if name == "logits" and "probs" in stored:
            with grad_mode.enable_grad():
                self.logits = probs_to_logits(stored["probs"], self.binary)
            return self.logits
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
