"""``DataLoader``: batches of a dataset in the order of a sampler (PyTorch's ``torch.utils.data.DataLoader``).

Loading happens in the calling process: no worker processes are started. A map-style dataset gives the same
batches as PyTorch's workers (``worker_init_fn`` is not called, ``get_worker_info()`` is None). An
``IterableDataset`` with ``num_workers=k`` is streamed as PyTorch's workers stream it, in turn in this process: k
copies of the dataset, each with its ``get_worker_info()`` (id, num_workers, seed, dataset) set while
``worker_init_fn`` runs and while its stream is read, each batching its own stream, their batches taken in
round-robin order until every copy is exhausted (so a dataset that does not split its work by worker is repeated
k times, as in PyTorch).
"""
import copy
import warnings

from .collate import default_collate, default_convert
from .dataset import IterableDataset, TensorDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler, host_generator

__all__ = ["DataLoader", "get_worker_info"]


_WORKER = [None]  # the WorkerInfo of the dataset copy being read (None outside an IterableDataset's workers)


class WorkerInfo:
    """What ``get_worker_info()`` gives inside a worker: ``id``, ``num_workers``, ``seed`` and its ``dataset``
    copy, as PyTorch's ``torch.utils.data.WorkerInfo``."""

    def __init__(self, id, num_workers, seed, dataset):
        self.id, self.num_workers, self.seed, self.dataset = id, num_workers, seed, dataset

    def __repr__(self):
        return (f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, "
                f"dataset={self.dataset!r})")


def get_worker_info():
    """The ``WorkerInfo`` of the worker reading an ``IterableDataset`` (see the module's docstring); None in the
    main process, as PyTorch's."""
    return _WORKER[0]


class DataLoader:
    """Iterate a dataset in batches.

    ``shuffle=True`` uses a ``RandomSampler`` drawing a new order each epoch from ``generator`` (a
    ``gradlib.Generator``; the global generator seeded by ``gradlib.manual_seed`` otherwise). ``sampler`` gives
    the order of indices, ``batch_sampler`` the batches of indices themselves; ``collate_fn`` merges a list of
    samples (``default_collate``; ``default_convert`` with ``batch_size=None``). An ``IterableDataset`` is
    batched as it streams. A TensorDataset is batched by one gather per tensor, not sample by sample. Argument
    conflicts raise PyTorch's ValueErrors.

    >>> import gradlib
    >>> from gradlib.utils.data import DataLoader, TensorDataset
    >>> loader = DataLoader(TensorDataset(gradlib.arange(5)), batch_size=2)
    >>> [batch[0].tolist() for batch in loader]
    [[0, 1], [2, 3], [4]]
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        elif num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        iterable = isinstance(dataset, IterableDataset)
        if iterable:
            if shuffle not in (False, None):
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle option, but got "
                                 f"shuffle={shuffle}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler option, but got "
                                 f"sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified batch_sampler option, but "
                                 f"got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                             "drop_last")
        if sampler is None and not iterable:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and not iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        elif batch_size is not None and iterable and (not isinstance(batch_size, int) or batch_size <= 0):
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.prefetch_factor = prefetch_factor
        self.persistent_workers = persistent_workers
        self._iterable = iterable
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self._initialized = True

    #: what PyTorch refuses to change once the loader is made (its sampler and batching are built from them)
    _FROZEN = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")

    def __setattr__(self, attr, value):
        if attr in self._FROZEN and self.__dict__.get("_initialized"):
            raise ValueError(f"{attr} attribute should not be set after {type(self).__name__} is initialized")
        super().__setattr__(attr, value)

    @property
    def _auto_collation(self):
        if self._iterable:
            return self.batch_size is not None
        return self.batch_sampler is not None

    def __len__(self):
        if self._iterable:
            length = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return -(-length // self.batch_size)
            return length
        if self._auto_collation:
            return len(self.batch_sampler)
        return len(self.sampler)

    def __iter__(self):
        # PyTorch's iterator draws its base seed when it is made (``torch.empty((), dtype=torch.int64).random_()``
        # from the loader's generator), workers or not: the same draw keeps the random stream in step with it.
        base_seed = int(host_generator(self.generator).full_range((), "int64"))
        _warn_about_pinning(self)
        return self._iterate(base_seed)

    def _iterate(self, base_seed):
        if self._iterable:
            yield from self._iterate_stream(base_seed)
            return
        if not self._auto_collation:
            for index in self.sampler:
                yield self.collate_fn(self.dataset[index])
            return
        fast = isinstance(self.dataset, TensorDataset) and self.collate_fn is default_collate
        getitems = getattr(self.dataset, "__getitems__", None)
        for indices in self.batch_sampler:
            if fast:
                yield _slice_batch(self.dataset, indices)
            elif getitems:
                yield self.collate_fn(getitems(indices))
            else:
                yield self.collate_fn([self.dataset[index] for index in indices])

    def _iterate_stream(self, base_seed):
        if self.num_workers > 0:
            yield from self._iterate_workers(base_seed)
            return
        yield from self._batches(self.dataset)

    def _iterate_workers(self, base_seed):
        """PyTorch's worker order, in this process: each copy's next batch in turn, skipping exhausted copies."""
        workers = []
        for worker_id in range(self.num_workers):
            info = WorkerInfo(worker_id, self.num_workers, base_seed + worker_id, copy.deepcopy(self.dataset))
            _WORKER[0] = info
            try:
                if self.worker_init_fn is not None:
                    self.worker_init_fn(worker_id)
            finally:
                _WORKER[0] = None
            workers.append((info, self._batches(info.dataset)))
        while workers:
            for worker in list(workers):
                info, batches = worker
                _WORKER[0] = info
                try:
                    batch = next(batches)
                except StopIteration:
                    workers.remove(worker)
                    continue
                finally:
                    _WORKER[0] = None
                yield batch

    def _batches(self, dataset):
        if not self._auto_collation:
            for sample in dataset:
                yield self.collate_fn(sample)
            return
        batch = []
        for sample in dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)


def _slice_batch(dataset, indices):
    """One advanced-index gather per tensor instead of one getitem per sample (a list, as default_collate's)."""
    first = dataset.tensors[0]
    index = first._device._backend.asarray(indices, "int64", first._device)
    return [tensor[index] for tensor in dataset.tensors]


def _warn_about_pinning(loader):
    """PyTorch's warnings when an iterator is made with ``pin_memory=True``: ``pin_memory_device`` is deprecated,
    and without an accelerator (gradlib: without a usable CUDA device) no memory is pinned. gradlib's batches
    are never pinned (``Tensor.is_pinned``)."""
    from ... import accelerator
    if loader.pin_memory and loader.pin_memory_device:
        warnings.warn("pin_memory_device is deprecated, the current accelerator will be used as the device,"
                      f"ignore pin_memory_device='{loader.pin_memory_device}'.", stacklevel=3)
    if loader.pin_memory and not accelerator.is_available():
        warnings.warn("'pin_memory' argument is set as true but no accelerator is found, then device pinned memory "
                      "won't be used.", stacklevel=3)
