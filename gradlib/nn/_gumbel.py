"""``gumbel_softmax`` (re-exported by ``gradlib.nn.functional``): PyTorch's composite, written with gradlib's ops
so the graph (``SoftmaxBackward0``, or ``AddBackward0`` for the straight-through ``hard=True``) is PyTorch's."""
import warnings

from .. import _creation

__all__ = ["gumbel_softmax"]


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """A sample from the Gumbel-softmax distribution: ``softmax((logits + g) / tau, dim)`` with ``g`` standard
    Gumbel noise (``-log(E)``, ``E`` exponential draws from the logits' device generator). With ``hard=True``
    the value is the one-hot of the sample's argmax and the gradient that of the soft sample (straight-through:
    ``y_hard - y_soft.detach() + y_soft``). ``eps`` is deprecated and ignored (a warning where it is set).
    Float logits of any shape. Mirrors ``torch.nn.functional.gumbel_softmax``; the draws are gradlib's, not
    PyTorch's numbers.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> y = gradlib.nn.functional.gumbel_softmax(gradlib.tensor([[1., 2., 3.]]), tau=0.5, hard=True)
    >>> y.sum().item(), sorted(y.flatten().tolist())
    (1.0, [0.0, 0.0, 1.0])
    """
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -_creation.empty_like(logits).exponential_().log()
    gumbels = (logits + gumbels) / tau
    y_soft = gumbels.softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = _creation.zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft
