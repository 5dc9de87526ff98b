"""``gradlib.utils.data``: Dataset, TensorDataset and DataLoader (batching, seeded shuffling, collation)."""
import numpy  # host-side index permutations only

from ... import _creation, _tensor, backends
from ...ops import join
from . import distributed
from .distributed import DistributedSampler

__all__ = ["Dataset", "TensorDataset", "DataLoader", "default_collate", "random_split", "Subset",
           "DistributedSampler"]


class Dataset:
    """Anything with ``__getitem__`` (and ``__len__`` for a DataLoader)."""

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")


class TensorDataset(Dataset):
    """Samples are the ``index``-th rows of each tensor.

    >>> import gradlib
    >>> from gradlib.utils.data import TensorDataset
    >>> ds = TensorDataset(gradlib.arange(3), gradlib.arange(3) * 10)
    >>> len(ds), ds[1]
    (3, (tensor(1), tensor(10)))
    """

    def __init__(self, *tensors):
        if any(t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise ValueError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(tensor[index] for tensor in self.tensors)

    def __len__(self):
        return self.tensors[0].shape[0]


class Subset(Dataset):
    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, list(indices)

    def __getitem__(self, index):
        return self.dataset[self.indices[index]]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=None):
    """Split a dataset into non-overlapping random subsets of the given lengths."""
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = _permutation(len(dataset), generator)
    subsets = []
    start = 0
    for length in lengths:
        subsets.append(Subset(dataset, order[start:start + length]))
        start += length
    return subsets


def _permutation(size, generator):
    if generator is None:
        return backends.numpy_backend.generator(None).permutation(size).tolist()
    return generator.permutation(size)


def default_collate(batch):
    """Stack a list of samples: tensors along a new first dim, numbers into a tensor, tuples/dicts per field."""
    first = batch[0]
    if isinstance(first, _tensor.Tensor):
        return join.stack(batch)
    if isinstance(first, (int, float, bool)):
        return _creation.tensor(batch)
    if isinstance(first, numpy.ndarray):
        return _creation.tensor(numpy.stack(batch))
    if isinstance(first, dict):
        return {key: default_collate([sample[key] for sample in batch]) for key in first}
    if isinstance(first, (tuple, list)):
        return type(first)(default_collate(list(field)) for field in zip(*batch)) if isinstance(first, tuple) \
            else [default_collate(list(field)) for field in zip(*batch)]
    return batch


class DataLoader:
    """Iterate a dataset in batches.

    ``shuffle`` draws a new order each epoch from ``generator`` (a ``gradlib.Generator``; the global
    generator seeded by ``gradlib.manual_seed`` otherwise). A TensorDataset is batched by slicing, not sample
    by sample. Batches are always made in the calling process: ``num_workers``, ``worker_init_fn``,
    ``multiprocessing_context``, ``prefetch_factor``, ``persistent_workers``, ``timeout``, ``pin_memory``,
    ``pin_memory_device`` and ``in_order`` are accepted (PyTorch's names) and change nothing.

    >>> import gradlib
    >>> from gradlib.utils.data import DataLoader, TensorDataset
    >>> loader = DataLoader(TensorDataset(gradlib.arange(5)), batch_size=2)
    >>> [batch[0].tolist() for batch in loader]
    [[0, 1], [2, 3], [4]]
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if batch_size is not None and batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = generator
        self.collate_fn = collate_fn or default_collate
        self.sampler = sampler

    def __len__(self):
        count = len(self.sampler) if self.sampler is not None else len(self.dataset)
        if self.drop_last:
            return count // self.batch_size
        return -(-count // self.batch_size)

    def _order(self):
        if self.sampler is not None:
            return list(iter(self.sampler))
        if self.shuffle:
            return _permutation(len(self.dataset), self.generator)
        return list(range(len(self.dataset)))

    def __iter__(self):
        order = self._order()
        size = self.batch_size
        stop = len(order) - (len(order) % size if self.drop_last else 0)
        fast = isinstance(self.dataset, TensorDataset) and self.collate_fn is default_collate
        for start in range(0, stop, size):
            indices = order[start:start + size]
            if fast:
                yield _slice_batch(self.dataset, indices)
            else:
                yield self.collate_fn([self.dataset[i] for i in indices])


def _slice_batch(dataset, indices):
    """One advanced-index gather per tensor instead of one getitem per sample."""
    first = dataset.tensors[0]
    index = first._device._backend.asarray(indices, "int64", first._device)
    return tuple(tensor[index] for tensor in dataset.tensors)
