"""``DataLoader``: batches of a dataset in the order of a sampler (PyTorch's ``torch.utils.data.DataLoader``).

Loading happens in the calling process: no worker processes are started. A map-style dataset gives the same
batches as PyTorch's workers (``worker_init_fn`` is not called, ``get_worker_info()`` is None). An
``IterableDataset`` with ``num_workers=k`` is streamed as PyTorch's workers stream it, in turn in this process: k
copies of the dataset, each with its ``get_worker_info()`` (id, num_workers, seed, dataset) set while
``worker_init_fn`` runs and while its stream is read, each batching its own stream, their batches taken in
round-robin order until every copy is exhausted (so a dataset that does not split its work by worker is repeated
k times, as in PyTorch). With ``persistent_workers=True`` the copies (and their seeds) last across epochs.

``iter(loader)`` is PyTorch's iterator object (``_SingleProcessDataLoaderIter``, or
``_MultiProcessingDataLoaderIter`` with workers): it starts the index sampler and draws the base seed when made, in
PyTorch's order (a seeded program shuffles as PyTorch's), has ``len()``, and warns when an IterableDataset yields
more than ``len(loader)`` reported. An exception raised while loading propagates as raised (PyTorch's workers
re-raise it as "Caught ... in DataLoader worker process N" with the worker's traceback).
"""
import copy
import multiprocessing as python_multiprocessing
import os
import warnings

from .collate import default_collate, default_convert
from .dataset import IterableDataset, TensorDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler, host_generator

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
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order
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
        if sampler is None:
            if iterable:
                sampler = _InfiniteConstantSampler()
            else:
                sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:  # its checks of batch_size and drop_last, as PyTorch
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        self._iterable = iterable
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._initialized = True
        self._IterableDataset_len_called = None  # len(loader) of an IterableDataset, for the iterator's warning
        self._iterator = None  # the iterator a loader with persistent workers keeps
        self.check_worker_number_rationality()

    #: what PyTorch refuses to change once the loader is made (its sampler and batching are built from them)
    _FROZEN = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")

    def __setattr__(self, attr, value):
        if attr in self._FROZEN and self.__dict__.get("_initialized"):
            raise ValueError(f"{attr} attribute should not be set after {type(self).__name__} is initialized")
        super().__setattr__(attr, value)

    @property
    def multiprocessing_context(self):
        """The start method's context of PyTorch's workers (a ``multiprocessing`` context; gradlib's workers run
        in this process and do not use it). PyTorch's ValueError/TypeError for a bad one or one without
        workers."""
        return self.__dict__.get("_multiprocessing_context")

    @multiprocessing_context.setter
    def multiprocessing_context(self, multiprocessing_context):
        if multiprocessing_context is not None:
            if self.num_workers > 0:
                if isinstance(multiprocessing_context, str):
                    valid_start_methods = python_multiprocessing.get_all_start_methods()
                    if multiprocessing_context not in valid_start_methods:
                        raise ValueError("multiprocessing_context option should specify a valid start method in "
                                         f"{valid_start_methods!r}, but got "
                                         f"multiprocessing_context={multiprocessing_context!r}")
                    multiprocessing_context = python_multiprocessing.get_context(multiprocessing_context)
                if not isinstance(multiprocessing_context, python_multiprocessing.context.BaseContext):
                    raise TypeError("multiprocessing_context option should be a valid context object or a string "
                                    f"specifying the start method, but got "
                                    f"multiprocessing_context={multiprocessing_context}")
            else:
                raise ValueError("multiprocessing_context can only be used with multi-process loading "
                                 f"(num_workers > 0), but got num_workers={self.num_workers}")
        self.__dict__["_multiprocessing_context"] = multiprocessing_context

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __len__(self):
        if self._iterable:
            length = self._IterableDataset_len_called = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return -(-length // self.batch_size)
            return length
        return len(self._index_sampler)

    def __iter__(self):
        if self.persistent_workers and self.num_workers > 0:  # one iterator (and its workers), reset each epoch
            if self._iterator is None:
                self._iterator = self._get_iterator()
            else:
                self._iterator._reset(self)
            return self._iterator
        return self._get_iterator()

    def _get_iterator(self):
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        self.check_worker_number_rationality()
        return _MultiProcessingDataLoaderIter(self)

    def check_worker_number_rationality(self):
        """PyTorch's warning when ``num_workers`` exceeds the CPUs this process may use."""
        if not self.num_workers:
            return
        suggested = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        if suggested is None or self.num_workers > suggested:
            if suggested is None:
                advice = "DataLoader is not able to compute a suggested max number of worker in current system."
            else:
                checked = "" if hasattr(os, "sched_getaffinity") else " (`cpuset` is not taken into account)"
                advice = (f"Our suggested max number of worker in current system is {suggested}{checked}, which is "
                          "smaller than what this DataLoader is going to create.")
            warnings.warn(f"This DataLoader will create {self.num_workers} worker processes in total. {advice} "
                          "Please be aware that excessive worker creation might get DataLoader running slow or even "
                          "freeze, lower the worker number to avoid potential slowness/freeze if necessary.",
                          stacklevel=2)

    def _iterate(self, sampler_iter):
        if self._iterable:
            yield from self._batches(self.dataset)
            return
        if not self._auto_collation:
            for index in sampler_iter:
                yield self.collate_fn(self.dataset[index])
            return
        fast = isinstance(self.dataset, TensorDataset) and self.collate_fn is default_collate
        getitems = getattr(self.dataset, "__getitems__", None)
        for indices in sampler_iter:
            if fast and _plain_indices(indices):
                yield _slice_batch(self.dataset, indices)
            elif getitems:
                yield self.collate_fn(getitems(indices))
            else:
                yield self.collate_fn([self.dataset[index] for index in indices])

    def _make_workers(self, base_seed):
        """The workers' WorkerInfo (a copy of the dataset each), ``worker_init_fn`` run with each one's info set."""
        workers = []
        for worker_id in range(self.num_workers):
            info = WorkerInfo(worker_id, self.num_workers, base_seed + worker_id, copy.deepcopy(self.dataset))
            _WORKER[0] = info
            try:
                if self.worker_init_fn is not None:
                    self.worker_init_fn(worker_id)
            finally:
                _WORKER[0] = None
            workers.append(info)
        return workers

    def _iterate_workers(self, infos):
        """PyTorch's worker order, in this process: each copy's next batch in turn, skipping exhausted copies."""
        workers = [(info, self._batches(info.dataset)) for info in infos]
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


class _InfiniteConstantSampler(Sampler):
    """The sampler of an IterableDataset's loader: None forever (PyTorch's ``_InfiniteConstantSampler``)."""

    def __iter__(self):
        while True:
            yield None


class _BaseDataLoaderIter:
    """One pass over a DataLoader (PyTorch's ``_BaseDataLoaderIter``): made by ``iter(loader)``, which starts the
    index sampler's iterator and draws the base seed from the loader's generator, in PyTorch's order; ``len()``
    is the index sampler's. An IterableDataset that yields more than ``len(loader)`` reported warns, as PyTorch."""

    def __init__(self, loader):
        self._dataset = loader.dataset
        self._iterable = loader._iterable
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._num_workers = loader.num_workers
        _warn_about_pinning(loader)
        self._timeout = loader.timeout
        self._collate_fn = loader.collate_fn
        self._sampler_iter = iter(self._index_sampler)
        # PyTorch's iterator draws its base seed when it is made (``torch.empty((), dtype=torch.int64).random_()``
        # from the loader's generator), workers or not: the same draw keeps the random stream in step with it.
        self._base_seed = int(host_generator(loader.generator).full_range((), "int64"))
        self._num_yielded = 0
        self._workers = None  # an IterableDataset's workers, made at the first batch (PyTorch's start there)
        self._data = self._batches(loader)

    def _batches(self, loader):
        if not (self._iterable and self._num_workers):
            return loader._iterate(self._sampler_iter)
        return self._worker_batches(loader)

    def _worker_batches(self, loader):
        if self._workers is None:
            self._workers = loader._make_workers(self._base_seed)
        yield from loader._iterate_workers(self._workers)

    def _reset(self, loader):
        """A new epoch of a loader with persistent workers: a new pass of the index sampler, the same workers
        (their dataset copies and seeds: no new base seed is drawn, as PyTorch)."""
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._data = self._batches(loader)

    def __iter__(self):
        return self

    def _next_data(self):
        return next(self._data)

    def __next__(self):
        data = self._next_data()
        self._num_yielded += 1
        if self._iterable and self._IterableDataset_len_called is not None \
                and self._num_yielded > self._IterableDataset_len_called:
            message = (f"Length of IterableDataset {self._dataset} was reported to be "
                       f"{self._IterableDataset_len_called}(when accessing len(dataloader)), but {self._num_yielded} "
                       "samples have been fetched. ")
            if self._num_workers > 0:
                message += ("For multiprocessing data-loading, this could be caused by not properly configuring the "
                            "IterableDataset replica at each worker. Please see "
                            "https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset for examples.")
            warnings.warn(message, stacklevel=2)
        return data

    def __len__(self):
        return len(self._index_sampler)

    def __getstate__(self):
        raise NotImplementedError("{} cannot be pickled", self.__class__.__name__)


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    """The iterator of a loader without workers (PyTorch's ``_SingleProcessDataLoaderIter``: AssertionError for a
    ``timeout``, which only workers have)."""

    def __init__(self, loader):
        super().__init__(loader)
        if self._timeout != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")


class _MultiProcessingDataLoaderIter(_BaseDataLoaderIter):
    """The iterator of a loader with ``num_workers > 0``, PyTorch's name; gradlib runs the workers' work in this
    process, in PyTorch's order (see the module's docstring). With ``persistent_workers`` the loader keeps it and
    resets it each epoch."""


def _plain_indices(indices):
    return len(indices) > 0 and all(type(index) is int for index in indices)


def _slice_batch(dataset, indices):
    """One advanced-index gather per tensor instead of one getitem per sample (a list, as default_collate's);
    an index out of range raises the IndexError the first sample's getitem raises in PyTorch."""
    first = dataset.tensors[0]
    size = len(first)
    for index in indices:
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {size}")
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
