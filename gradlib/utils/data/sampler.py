"""Samplers: the index orders a DataLoader reads a dataset in (PyTorch's ``torch.utils.data.sampler``).

Random samplers draw on the host from a ``gradlib.Generator`` or from the global CPU generator that
``gradlib.manual_seed`` seeds, exactly as PyTorch's do: ``RandomSampler`` without a generator first draws a seed
from the global generator (``torch.empty((), dtype=torch.int64).random_()``) for a fresh one, then
``randperm``/``randint`` from it; the others draw from the global generator itself. The CPU stream being
PyTorch's, a seeded program shuffles in PyTorch's order.
"""
import typing

from ... import _creation, _sampling
from ... import dtypes
from ..._tensor import Tensor
from ...backends import cpu_generator, numpy_backend

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
           "BatchSampler"]


def host_generator(generator):
    """The CPU stream behind ``generator`` (a ``gradlib.Generator`` of the CPU), or the global CPU one."""
    if generator is None:
        return numpy_backend.generator(None)
    if generator.device.type != "cpu":
        raise RuntimeError(f"Expected a 'cpu' device type for generator but found '{generator.device.type}'")
    return generator._generator


_T_co = typing.TypeVar("_T_co", covariant=True)


class Sampler(typing.Generic[_T_co]):
    """Base class: an iterable of dataset indices (and usually ``__len__``); generic as PyTorch's
    (``Sampler[int]``), with no ``__init__`` of its own (``Sampler(data)`` is a TypeError, as PyTorch 2.13)."""

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """0, 1, ..., len(data_source) - 1.

    >>> from gradlib.utils.data import SequentialSampler
    >>> list(SequentialSampler("abc"))
    [0, 1, 2]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler[int]):
    """A random order of the indices: permutations without replacement (several when ``num_samples`` exceeds
    the dataset), independent uniform draws with ``replacement=True`` (made 32 at a time as the iterator goes,
    so a ``num_samples`` far beyond what one epoch reads costs nothing, as in PyTorch). TypeError/ValueError as PyTorch for a
    non-bool ``replacement`` or a non-positive ``num_samples``.

    >>> import gradlib
    >>> from gradlib.utils.data import RandomSampler
    >>> sorted(RandomSampler(range(5), generator=gradlib.Generator().manual_seed(0)))
    [0, 1, 2, 3, 4]
    >>> len(list(RandomSampler(range(5), replacement=True, num_samples=12)))
    12
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={self.replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        size = len(self.data_source)
        if self.generator is None:  # PyTorch: a fresh generator seeded by one draw of the global one
            rng = cpu_generator.CPUGenerator(int(host_generator(None).full_range((), "int64")))
        else:
            rng = host_generator(self.generator)
        if self.replacement:  # 32 draws at a time, as PyTorch: num_samples may be huge (minGPT's int(1e10))
            if size == 0:  # PyTorch's randint(high=0)
                raise RuntimeError("random_ expects 'from' to be less than 'to', but got from=0 >= to=0")
            for _ in range(self.num_samples // 32):
                yield from rng.integers(0, size, (32,)).tolist()
            yield from rng.integers(0, size, (self.num_samples % 32,)).tolist()
            return
        for _ in range(self.num_samples // size):
            yield from rng.randperm(size).tolist()
        yield from rng.randperm(size).tolist()[:self.num_samples % size]  # drawn even when empty, as PyTorch

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The given indices in a random order.

    >>> import gradlib
    >>> from gradlib.utils.data import SubsetRandomSampler
    >>> sorted(SubsetRandomSampler([7, 3, 9]))
    [3, 7, 9]
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for position in host_generator(self.generator).randperm(len(self.indices)).tolist():
            yield self.indices[position]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """``num_samples`` indices drawn with probabilities proportional to ``weights`` (with replacement by
    default; without it, each index at most once). ValueError as PyTorch for a bad ``num_samples``,
    ``replacement`` or weights shape.

    >>> import gradlib
    >>> from gradlib.utils.data import WeightedRandomSampler
    >>> list(WeightedRandomSampler([0.0, 1.0, 0.0], 4))
    [1, 1, 1, 1]
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        if isinstance(weights, Tensor):
            weights = weights.detach()  # stays on its device until drawn from
        else:
            weights = _creation.as_tensor(weights, dtype=dtypes.float64, device="cpu")
        self.weights = _creation.as_tensor(weights, dtype=dtypes.float64)
        if len(self.weights.shape) != 1:
            raise ValueError("weights should be a 1d sequence but given weights have shape "
                             f"{tuple(self.weights.shape)}")
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        # PyTorch draws with torch.multinomial (its checks and messages); gradlib draws on the CPU, PyTorch's
        # stream, from the weights read once per epoch (PyTorch reads the drawn indices with tolist)
        weights = self.weights if self.weights.device.type == "cpu" else self.weights.cpu()
        yield from _sampling.multinomial(weights, self.num_samples, self.replacement,
                                         generator=self.generator).tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler[list]):
    """Group another sampler's indices into lists of ``batch_size`` (the last shorter unless ``drop_last``).

    >>> from gradlib.utils.data import BatchSampler, SequentialSampler
    >>> list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False))
    [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    >>> list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True))
    [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        batch = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size

