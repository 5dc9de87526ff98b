"""Datasets: map-style ``Dataset`` and its helpers, ``IterableDataset`` streams, and ``random_split``
(PyTorch's ``torch.utils.data.dataset``)."""
import bisect
import itertools
import math
import typing
import warnings

from ... import _sampling

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset", "ChainDataset",
           "StackDataset", "random_split"]


_T_co = typing.TypeVar("_T_co", covariant=True)


class Dataset(typing.Generic[_T_co]):
    """Anything with ``__getitem__`` (and ``__len__`` for a DataLoader); ``a + b`` concatenates two. Generic as
    PyTorch's (``class Images(Dataset[tuple[Tensor, int]])``)."""

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset[_T_co], typing.Iterable[_T_co]):
    """A stream of samples: subclasses implement ``__iter__`` (abstract: ``IterableDataset()`` itself is a
    TypeError, as PyTorch's). A DataLoader batches what it yields (no sampler, no shuffling); ``a + b`` chains
    two.

    >>> from gradlib.utils.data import DataLoader, IterableDataset
    >>> class Count(IterableDataset):
    ...     def __iter__(self):
    ...         return iter(range(5))
    >>> [batch.tolist() for batch in DataLoader(Count(), batch_size=2)]
    [[0, 1], [2, 3], [4]]
    """

    def __add__(self, other):
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """Samples are the ``index``-th rows of each tensor.

    >>> import gradlib
    >>> from gradlib.utils.data import TensorDataset
    >>> ds = TensorDataset(gradlib.arange(3), gradlib.arange(3) * 10)
    >>> len(ds), ds[1]
    (3, (tensor(1), tensor(10)))
    """

    def __init__(self, *tensors):
        if any(tensors[0].size(0) != t.size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(tensor[index] for tensor in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices`` (in that order).

    >>> from gradlib.utils.data import Subset
    >>> subset = Subset("abcdef", [4, 0, 2])
    >>> len(subset), subset[0], subset.__getitems__([1, 2])
    (3, 'e', ['a', 'c'])
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices
        if type(self).__getitem__ is not Subset.__getitem__ and type(self).__getitems__ is Subset.__getitems__:
            raise NotImplementedError(
                f"{type(self).__name__} overrides __getitem__ but not __getitems__. When subclassing Subset and "
                "overriding __getitem__, you must also override __getitems__ to ensure DataLoader works correctly "
                "with your custom logic. A simple implementation:\n\ndef __getitems__(self, indices):\n    return "
                "[self.__getitem__(idx) for idx in indices]")

    def __getitem__(self, index):
        if isinstance(index, list):
            return self.dataset[[self.indices[i] for i in index]]
        return self.dataset[self.indices[index]]

    def __getitems__(self, indices):
        getitems = getattr(self.dataset, "__getitems__", None)
        if callable(getitems):
            return getitems([self.indices[index] for index in indices])
        return [self.dataset[self.indices[index]] for index in indices]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several map-style datasets one after the other (``cumulative_sizes`` holds the running lengths).

    >>> from gradlib.utils.data import ConcatDataset
    >>> both = ConcatDataset([[1, 2, 3], [10, 20]])
    >>> len(both), both[3], both[-1], both.cumulative_sizes
    (5, 10, 20, [3, 5])
    """

    @staticmethod
    def cumsum(sequence):
        sizes = []
        total = 0
        for dataset in sequence:
            total += len(dataset)
            sizes.append(total)
        return sizes

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for dataset in self.datasets:
            if isinstance(dataset, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, index):
        if index < 0:
            if -index > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            index = len(self) + index
        which = bisect.bisect_right(self.cumulative_sizes, index)
        offset = index if which == 0 else index - self.cumulative_sizes[which - 1]
        return self.datasets[which][offset]

    @property
    def cummulative_sizes(self):
        """The old name of ``cumulative_sizes`` (FutureWarning, as PyTorch)."""
        warnings.warn("`cummulative_sizes` attribute is renamed to `cumulative_sizes`", FutureWarning, stacklevel=2)
        return self.cumulative_sizes


class ChainDataset(IterableDataset):
    """Several iterable datasets one after the other."""

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for dataset in self.datasets:
            if not isinstance(dataset, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from dataset

    def __len__(self):
        total = 0
        for dataset in self.datasets:
            if not isinstance(dataset, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(dataset)
        return total


def random_split(dataset, lengths, generator=None):
    """Split ``dataset`` into non-overlapping random Subsets of the given lengths, or of fractions of its
    length that sum to 1 (floors first, then the remainder one by one round-robin, as PyTorch; a split of length
    0 warns). ValueError for a fraction outside [0, 1] or lengths that do not add up. The order is drawn from
    ``generator`` (a ``gradlib.Generator``) or the global CPU generator. Mirrors
    ``torch.utils.data.random_split``.

    >>> import gradlib
    >>> from gradlib.utils.data import random_split
    >>> train, test = random_split(range(10), [0.7, 0.3], generator=gradlib.Generator().manual_seed(0))
    >>> len(train), len(test), sorted(list(train) + list(test)) == list(range(10))
    (7, 3, True)
    """
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        counts = []
        for index, fraction in enumerate(lengths):
            if fraction < 0 or fraction > 1:
                raise ValueError(f"Fraction at index {index} is not between 0 and 1")
            counts.append(int(math.floor(len(dataset) * fraction)))
        remainder = len(dataset) - sum(counts)
        for index in range(remainder):
            counts[index % len(counts)] += 1
        lengths = counts
        for index, length in enumerate(lengths):
            if length == 0:
                warnings.warn(f"Length of split at index {index} is 0. This might result in an empty dataset.",
                              stacklevel=2)
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    # PyTorch's randperm(sum(lengths), generator=default_generator): its parser's TypeError for float lengths;
    # drawn on the CPU (PyTorch's stream) whatever the default device
    total = _sampling._randperm_count(sum(lengths), generator or "gradlib._C.Generator", {})
    order = _sampling.randperm(total, generator=generator, device="cpu").tolist()
    return [Subset(dataset, order[end - length:end]) for end, length in zip(itertools.accumulate(lengths), lengths)]


class StackDataset(Dataset):
    """Samples of several datasets of one length side by side: a tuple (positional datasets) or a dict (keyword
    datasets) per index. ValueError for mixed forms or different lengths. Mirrors
    ``torch.utils.data.StackDataset``.

    >>> from gradlib.utils.data import StackDataset
    >>> StackDataset([1, 2], "ab")[1], StackDataset(x=[1, 2], y="ab")[0]
    ((2, 'b'), {'x': 1, 'y': 'a'})
    """

    def __init__(self, *args, **kwargs):
        if args:
            if kwargs:
                raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like "
                                 "input/output, but both types are given.")
            self._length = len(args[0])
            if any(self._length != len(dataset) for dataset in args):
                raise ValueError("Size mismatch between datasets")
            self.datasets = args
        elif kwargs:
            datasets = list(kwargs.values())
            self._length = len(datasets[0])
            if any(self._length != len(dataset) for dataset in datasets):
                raise ValueError("Size mismatch between datasets")
            self.datasets = kwargs
        else:
            raise ValueError("At least one dataset should be passed")

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {key: dataset[index] for key, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    def __getitems__(self, indices):
        """The samples at ``indices``, reading each dataset's ``__getitems__`` where it has one (ValueError when
        it returns another number of samples)."""
        named = isinstance(self.datasets, dict)
        samples = [{} if named else [] for _ in indices]
        for key, dataset in (self.datasets.items() if named else enumerate(self.datasets)):
            if callable(getattr(dataset, "__getitems__", None)):
                items = dataset.__getitems__(indices)
                if len(items) != len(indices):
                    raise ValueError(f"Nested dataset's output size mismatch. Expected {len(indices)}, got "
                                     f"{len(items)}")
            else:
                items = [dataset[index] for index in indices]
            for item, sample in zip(items, samples):
                if named:
                    sample[key] = item
                else:
                    sample.append(item)
        return samples if named else [tuple(sample) for sample in samples]

    def __len__(self):
        return self._length
