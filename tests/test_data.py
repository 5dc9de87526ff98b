"""gradlib.utils.data: samplers, random_split, Subset/ConcatDataset/IterableDataset, default_collate and the
DataLoader's sampler=/batch_sampler=/collate_fn=/drop_last=/generator= arguments, with PyTorch's structures and
error messages (checked against PyTorch 2.13 by hand: random orders are PyTorch's in kind, not its numbers)."""
import collections
import warnings

import numpy
import pytest

import gradlib
from gradlib.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset, IterableDataset,
                                RandomSampler, SequentialSampler, Subset, SubsetRandomSampler, TensorDataset,
                                WeightedRandomSampler, default_collate, default_convert, random_split)


def _generator(seed):
    return gradlib.Generator().manual_seed(seed)


class Stream(IterableDataset):
    def __init__(self, count):
        self.count = count

    def __iter__(self):
        return iter(range(self.count))

    def __len__(self):
        return self.count


def test_sequential_and_random_samplers():
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3] and len(SequentialSampler("abc")) == 3
    first = list(RandomSampler(range(10), generator=_generator(3)))
    assert sorted(first) == list(range(10)) and first == list(RandomSampler(range(10), generator=_generator(3)))
    assert first != list(range(10))
    sampler = RandomSampler(range(6), generator=_generator(1))
    epochs = [tuple(sampler) for _ in range(6)]
    assert len(set(epochs)) > 1, "each epoch draws a new order from the same generator"
    longer = list(RandomSampler(range(4), num_samples=10, generator=_generator(0)))
    assert len(longer) == 10 and sorted(longer[:4]) == [0, 1, 2, 3] and sorted(longer[4:8]) == [0, 1, 2, 3]
    drawn = list(RandomSampler(range(3), replacement=True, num_samples=300, generator=_generator(0)))
    assert len(drawn) == 300 and set(drawn) == {0, 1, 2}
    gradlib.manual_seed(5)
    seeded = list(RandomSampler(range(8)))
    gradlib.manual_seed(5)
    assert list(RandomSampler(range(8))) == seeded, "the global generator is seeded by manual_seed"


def test_subset_random_and_weighted_samplers():
    assert sorted(SubsetRandomSampler([7, 3, 9], generator=_generator(0))) == [3, 7, 9]
    weighted = list(WeightedRandomSampler([0.1, 0.0, 0.9], 2000, generator=_generator(0)))
    assert 1 not in weighted and 1500 < weighted.count(2) < 1900
    unique = list(WeightedRandomSampler(gradlib.tensor([1.0, 1.0, 1.0, 0.0]), 3, replacement=False,
                                        generator=_generator(0)))
    assert sorted(unique) == [0, 1, 2]
    sampler = WeightedRandomSampler([1, 2], 4)
    assert sampler.weights.dtype is gradlib.float64 and len(sampler) == 4


def test_batch_sampler():
    assert list(BatchSampler(SequentialSampler(range(7)), 3, False)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(BatchSampler(range(7), 3, True)) == [[0, 1, 2], [3, 4, 5]]
    assert len(BatchSampler(range(7), 3, False)) == 3 and len(BatchSampler(range(7), 3, True)) == 2


def test_random_split_lengths_and_fractions():
    parts = random_split(range(10), [3, 7], generator=_generator(0))
    assert [len(p) for p in parts] == [3, 7] and sorted(list(parts[0]) + list(parts[1])) == list(range(10))
    assert all(type(p) is Subset for p in parts)
    assert [len(p) for p in random_split(range(10), [0.33, 0.33, 0.34])] == [4, 3, 3]
    again = random_split(range(10), [3, 7], generator=_generator(0))
    assert list(again[0]) == list(parts[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [len(p) for p in random_split(range(2), [0.5, 0.5, 0.0])] == [1, 1, 0]
    assert [str(w.message) for w in caught] == ["Length of split at index 2 is 0. This might result in an empty "
                                                "dataset."]


def test_subset_concat_chain():
    data = TensorDataset(gradlib.arange(6) * 10)
    subset = Subset(data, [4, 1])
    assert len(subset) == 2 and subset[0][0].item() == 40
    assert [s[0].item() for s in subset.__getitems__([1, 0])] == [10, 40]
    both = ConcatDataset([[1, 2, 3], [10, 20]])
    assert len(both) == 5 and both[3] == 10 and both[-1] == 20 and both.cumulative_sizes == [3, 5]
    assert len(Dataset.__add__(data, data)) == 12
    chained = Stream(2) + Stream(3)
    assert isinstance(chained, ChainDataset) and list(chained) == [0, 1, 0, 1, 2] and len(chained) == 5


def test_default_collate_structures():
    Point = collections.namedtuple("Point", "x y")
    batch = default_collate([(gradlib.tensor([1.0]), 1, 2.5, "a", True, {"k": (1, 2)}),
                             (gradlib.tensor([1.0]), 1, 2.5, "a", True, {"k": (1, 2)})])
    assert isinstance(batch, list) and batch[0].shape == (2, 1) and batch[1].dtype is gradlib.int64
    assert batch[2].dtype is gradlib.float64 and batch[3] == ("a", "a") and batch[4].dtype is gradlib.bool
    assert isinstance(batch[5]["k"], list) and batch[5]["k"][0].tolist() == [1, 1]
    point = default_collate([Point(1, 2.0), Point(3, 4.0)])
    assert type(point) is Point and point.x.tolist() == [1, 3] and point.y.dtype is gradlib.float64
    arrays = default_collate([numpy.ones(2), numpy.zeros(2)])
    assert arrays.dtype is gradlib.float64 and arrays.tolist() == [[1.0, 1.0], [0.0, 0.0]]
    scalars = default_collate([numpy.float32(1), numpy.float32(2)])
    assert scalars.dtype is gradlib.float32 and scalars.tolist() == [1.0, 2.0]
    assert default_collate([[1, 2], [3, 4]])[0].tolist() == [1, 3]
    assert default_convert(numpy.int64(1)).tolist() == 1 and default_convert((1, numpy.ones(1)))[0] == 1


def test_default_collate_errors():
    with pytest.raises(TypeError) as caught:
        default_collate([object()])
    assert str(caught.value) == ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
                                 "lists; found <class 'object'>")
    with pytest.raises(RuntimeError, match="^each element in list of batch should be of equal size$"):
        default_collate([[1, 2], [3]])


def test_data_loader_arguments(device):
    data = TensorDataset(gradlib.arange(10, device=device))
    by_sampler = [b[0].tolist() for b in DataLoader(data, batch_size=4, sampler=[9, 8, 7, 6, 5])]
    assert by_sampler == [[9, 8, 7, 6], [5]]
    by_batches = DataLoader(data, batch_sampler=[[0, 5], [2]])
    assert [b[0].tolist() for b in by_batches] == [[0, 5], [2]] and len(by_batches) == 2
    collated = DataLoader(range(5), batch_size=2, collate_fn=lambda samples: sum(samples))
    assert list(collated) == [1, 5, 4]
    assert list(DataLoader(range(3), batch_size=None)) == [0, 1, 2]
    assert len(DataLoader(range(10), batch_size=3, drop_last=True)) == 3
    shuffled = [b.tolist() for b in DataLoader(range(10), batch_size=5, shuffle=True, generator=_generator(2))]
    assert sorted(sum(shuffled, [])) == list(range(10))
    assert shuffled == [b.tolist() for b in DataLoader(range(10), 5, shuffle=True, generator=_generator(2))]
    batch = next(iter(DataLoader(data, batch_size=3)))
    assert isinstance(batch, list) and gradlib.device(device).type == batch[0].device.type


def test_data_loader_over_iterable_dataset():
    assert [b.tolist() for b in DataLoader(Stream(5), batch_size=2)] == [[0, 1], [2, 3], [4]]
    assert [b.tolist() for b in DataLoader(Stream(5), batch_size=2, drop_last=True)] == [[0, 1], [2, 3]]
    assert len(DataLoader(Stream(5), batch_size=2)) == 3
    assert list(DataLoader(Stream(3), batch_size=None)) == [0, 1, 2]


ERRORS = [
    (lambda: RandomSampler(range(3), replacement=1), TypeError,
     "replacement should be a boolean value, but got replacement=1"),
    (lambda: RandomSampler(range(3), num_samples=0), ValueError,
     "num_samples should be a positive integer value, but got num_samples=0"),
    (lambda: WeightedRandomSampler([1.0, 2.0], 0), ValueError,
     "num_samples should be a positive integer value, but got num_samples=0"),
    (lambda: WeightedRandomSampler([[1.0, 2.0]], 2), ValueError,
     "weights should be a 1d sequence but given weights have shape (1, 2)"),
    (lambda: WeightedRandomSampler([1.0, 2.0], 2, replacement=1), ValueError,
     "replacement should be a boolean value, but got replacement=1"),
    (lambda: BatchSampler(range(3), 0, False), ValueError,
     "batch_size should be a positive integer value, but got batch_size=0"),
    (lambda: BatchSampler(range(3), 2, 1), ValueError, "drop_last should be a boolean value, but got drop_last=1"),
    (lambda: DataLoader(range(3), sampler=range(3), shuffle=True), ValueError,
     "sampler option is mutually exclusive with shuffle"),
    (lambda: DataLoader(range(3), batch_sampler=[[0]], batch_size=2), ValueError,
     "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"),
    (lambda: DataLoader(range(3), batch_size=None, drop_last=True), ValueError,
     "batch_size=None option disables auto-batching and is mutually exclusive with drop_last"),
    (lambda: DataLoader(range(3), batch_size=0), ValueError,
     "batch_size should be a positive integer value, but got batch_size=0"),
    (lambda: DataLoader(range(3), num_workers=-1), ValueError,
     "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing."),
    (lambda: DataLoader(Stream(3), shuffle=True), ValueError,
     "DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True"),
    (lambda: DataLoader(Stream(3), sampler=[0]), ValueError,
     "DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=[0]"),
    (lambda: random_split(range(10), [3, 3]), ValueError,
     "Sum of input lengths does not equal the length of the input dataset!"),
    (lambda: random_split(range(10), [1.5, -0.5]), ValueError, "Fraction at index 0 is not between 0 and 1"),
    (lambda: ConcatDataset([]), AssertionError, "datasets should not be an empty iterable"),
    (lambda: ConcatDataset([Stream(2)]), AssertionError, "ConcatDataset does not support IterableDataset"),
    (lambda: ConcatDataset([[1, 2]])[-3], ValueError, "absolute value of index should not exceed dataset length"),
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_errors_are_pytorchs(index):
    function, error, message = ERRORS[index]
    with pytest.raises(error) as caught:
        function()
    assert str(caught.value) == message
