"""``DistributedSampler``: each rank's share of a dataset's indices, for data-parallel training."""
import math

from ... import random
from ...distributed import process_group
from .sampler import Sampler, _T_co

__all__ = ["DistributedSampler"]


class DistributedSampler(Sampler[_T_co]):
    """Yield the indices of ``dataset`` that rank ``rank`` of ``num_replicas`` trains on.

    The (optionally shuffled) index list is padded by repeating its start until it divides evenly (or cut,
    with ``drop_last``), then rank r takes every ``num_replicas``-th index from position r, so the shares are
    disjoint and equal in size. With ``shuffle`` the order is a permutation seeded by ``seed + epoch``: the
    same on every rank, new each epoch once ``set_epoch(epoch)`` is called. ``num_replicas`` and ``rank``
    default to the process group's.

    >>> from gradlib.utils.data.distributed import DistributedSampler
    >>> list(DistributedSampler(range(10), num_replicas=3, rank=1, shuffle=False))
    [1, 4, 7, 0]
    >>> len(DistributedSampler(range(10), num_replicas=3, rank=1, shuffle=False, drop_last=True))
    3
    """

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False):
        if num_replicas is None or rank is None:
            group = process_group.default_group()
            num_replicas = group.world_size if num_replicas is None else num_replicas
            rank = group.rank if rank is None else rank
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        self.shuffle = shuffle
        self.seed = seed
        count = len(dataset)
        if drop_last and count % num_replicas:
            self.num_samples = math.ceil((count - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(count / num_replicas)
        self.total_size = self.num_samples * num_replicas

    def __iter__(self):
        count = len(self.dataset)
        if self.shuffle:
            indices = random.Generator().manual_seed(self.seed + self.epoch).permutation(count)
        else:
            indices = list(range(count))
        if self.drop_last:
            indices = indices[:self.total_size]
        else:
            padding = self.total_size - len(indices)
            while padding > 0:
                indices += indices[:padding]
                padding = self.total_size - len(indices)
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """Use a new shuffle for ``epoch`` (call it at the start of every epoch, on every rank).

        >>> from gradlib.utils.data import DistributedSampler
        >>> sampler = DistributedSampler(range(6), num_replicas=2, rank=0, seed=1)
        >>> first = list(sampler); sampler.set_epoch(1)
        >>> first != list(sampler)
        True
        """
        self.epoch = epoch
