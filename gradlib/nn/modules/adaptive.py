"""``AdaptiveLogSoftmaxWithLoss`` (``torch.nn.modules.adaptive``): the log-likelihood of targets under a softmax
whose rare classes sit in clusters behind a small head (Grave et al., "Efficient softmax approximation for GPUs").

The head scores the ``cutoffs[0]`` frequent classes and one entry per cluster; cluster ``i`` scores its classes
through a two-layer bottleneck of width ``in_features // div_value ** (i + 1)``. A target's log-probability is
its head entry, or its cluster's head entry plus its log-probability within the cluster. Here every cluster runs
on the whole batch and each row takes its own cluster's value (``where``), so the forward has no data-dependent
shapes; only the check that the targets lie in ``[0, n_classes - 1]`` reads them, as PyTorch's forward does.
"""
from collections import namedtuple

from ...ops import join, selection
from .. import functional as F
from .container import ModuleList, Sequential
from .layers import Linear
from .module import Module

__all__ = ["AdaptiveLogSoftmaxWithLoss"]

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    """Adaptive softmax: ``forward(input, target)`` returns ``(output, loss)``, ``output`` the log-probability of
    each target (shape (N,), or () for a 0-d target with 1-D input) and ``loss`` the mean negative of it.
    ``log_prob(input)`` gives every class's log-probability (N, n_classes); ``predict(input)`` the most likely
    class (N,). Reading the targets' range (PyTorch's check) is the forward's one host read on a GPU. Parameters: ``head`` (Linear(in_features, cutoffs[0] + clusters, bias=head_bias)) and ``tail``
    (a ModuleList of Sequential(Linear(in_features, hidden, bias=False), Linear(hidden, cluster size,
    bias=False))), created and initialized in PyTorch's order, so the same seed gives the same values. Mirrors
    ``torch.nn.AdaptiveLogSoftmaxWithLoss``.

    Raises ValueError (PyTorch's message) for empty, unsorted, repeated, non-integer or out-of-range ``cutoffs``;
    RuntimeError for mismatched batch sizes, an input of the wrong rank for the target, a target of rank above
    1, or targets outside ``[0, n_classes - 1]``.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> asm = gradlib.nn.AdaptiveLogSoftmaxWithLoss(8, 10, cutoffs=[4, 7], div_value=2.0)
    >>> asm
    AdaptiveLogSoftmaxWithLoss(
      (head): Linear(in_features=8, out_features=6, bias=False)
      (tail): ModuleList(
        (0): Sequential(
          (0): Linear(in_features=8, out_features=4, bias=False)
          (1): Linear(in_features=4, out_features=3, bias=False)
        )
        (1): Sequential(
          (0): Linear(in_features=8, out_features=2, bias=False)
          (1): Linear(in_features=2, out_features=3, bias=False)
        )
      )
    )
    >>> out = asm(gradlib.randn(5, 8), gradlib.tensor([0, 3, 5, 9, 7]))
    >>> out.output.shape, out.loss.shape, asm.log_prob(gradlib.randn(5, 8)).exp().sum(1).allclose(gradlib.ones(5))
    (gradlib.Size([5]), gradlib.Size([]), True)
    """

    def __init__(self, in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None, dtype=None):
        super().__init__()
        cutoffs = list(cutoffs)
        if not cutoffs:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted in an increasing "
                             "order, where each value is between 1 and n_classes-1")
        self.in_features, self.n_classes = in_features, n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value, self.head_bias = div_value, head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        factory = {"device": device, "dtype": dtype}
        self.head = Linear(in_features, self.head_size, bias=head_bias, **factory)
        self.tail = ModuleList()
        for cluster in range(self.n_clusters):
            hidden = int(in_features // (div_value ** (cluster + 1)))
            size = self.cutoffs[cluster + 1] - self.cutoffs[cluster]
            self.tail.append(Sequential(Linear(in_features, hidden, bias=False, **factory),
                                        Linear(hidden, size, bias=False, **factory)))

    def reset_parameters(self):
        """Re-initialize the head and every cluster's two projections (each Linear's own initialization)."""
        self.head.reset_parameters()
        for projection in self.tail:
            for layer in projection:
                layer.reset_parameters()

    def forward(self, input_, target_):
        target_dim = target_.dim()
        if target_dim == 1:
            if input_.size(0) != target_.size(0):
                raise RuntimeError("Input and target should have the same size in the batch dimension.")
            if input_.dim() != 2:
                raise RuntimeError(f"1D target tensor expects 2D input tensors, but found inputs with size "
                                   f"{input_.size()}")
        elif target_dim == 0:
            if input_.dim() != 1:
                raise RuntimeError(f"0D target tensor expects 1D input tensors, but found inputs with size "
                                   f"{input_.size()}")
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        batched = target_dim > 0
        input = input_ if batched else input_.unsqueeze(0)
        target = target_ if batched else target_.unsqueeze(0)
        if target.numel() and bool(((target < 0) | (target >= self.n_classes)).any()):
            raise RuntimeError(f"Target values should be in [0, {self.n_classes - 1}], but values in range "
                               f"[{target.min().item()}, {target.max().item()}] were found. ")
        head_logprob = F.log_softmax(self.head(input), dim=1)
        # each row's column of the head: its class in the shortlist, else its cluster's entry
        head_index = target.clamp(max=self.shortlist_size - 1)
        output = 0.0
        for cluster in range(self.n_clusters):
            low, high = self.cutoffs[cluster], self.cutoffs[cluster + 1]
            in_cluster = (target >= low) & (target < high)
            head_index = selection.where(in_cluster, self.shortlist_size + cluster, head_index)
            cluster_logprob = F.log_softmax(self.tail[cluster](input), dim=1)
            local = cluster_logprob.gather(1, (target - low).clamp(0, high - low - 1).unsqueeze(1)).squeeze(1)
            output = selection.where(in_cluster, local, output)
        output = head_logprob.gather(1, head_index.unsqueeze(1)).squeeze(1) + output
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.squeeze(0), loss)

    def _full_log_prob(self, input, head_output):
        head_logprob = F.log_softmax(head_output, dim=1)
        parts = [head_logprob[:, :self.shortlist_size]]
        for cluster, projection in enumerate(self.tail):
            cluster_logprob = F.log_softmax(projection(input), dim=1)
            parts.append(cluster_logprob + head_logprob[:, self.shortlist_size + cluster].unsqueeze(1))
        return join.cat(parts, 1)

    def log_prob(self, input):
        """Every class's log-probability: (N, in_features) -> (N, n_classes) (a 1-D input raises PyTorch's
        IndexError, as there). Mirrors ``torch.nn.AdaptiveLogSoftmaxWithLoss.log_prob``."""
        return self._full_log_prob(input, self.head(input))

    def predict(self, input):
        """The most likely class of each row: (N, in_features) -> (N,) (``log_prob(input).argmax(dim=1)``).
        Mirrors ``torch.nn.AdaptiveLogSoftmaxWithLoss.predict``."""
        return self._full_log_prob(input, self.head(input)).argmax(dim=1)
