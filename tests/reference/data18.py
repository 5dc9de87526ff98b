"""Differential fuzzing of ``utils.data`` (datasets, random_split, samplers, default_collate/default_convert and
the DataLoader) against PyTorch (session 18, data18).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
these names:

- ``D``: ``lib.utils.data``; ``DL``: its DataLoader; ``C``: ``lib.utils.data._utils.collate``; ``np``: NumPy;
- ``T(values, dtype=None)``: ``lib.tensor`` on the case's device;
- ``TD(n, k=2)``: a TensorDataset of a float32 (n, k) tensor and an int64 (n,) tensor of fixed values;
- ``MapDS(function, n)``: a map-style Dataset whose sample ``i`` is ``function(i)``, of length ``n``;
- ``Stream(n, length=None)``: an IterableDataset yielding 0..n-1 (``__len__`` gives ``length`` where given);
  ``NoLen(n)``: one without ``__len__``; ``Split(n)``: one that splits 0..n-1 between workers;
- ``G(seed)``: a CPU ``Generator`` seeded with ``seed``; ``Point``: a namedtuple (x, y); ``Frozen``: a Mapping
  that is not a MutableMapping; ``L(iterable)``: ``list(iterable)``.

An answer describes the value's structure: containers with their type (a tuple is not a list, a namedtuple and a
dict subclass keep their names), tensors as ``[dtype, shape, values]``, NumPy values with their dtype, floats by
``repr``. The global generator is seeded with 0 before each case: on the CPU the random orders are PyTorch's
(gradlib's CPU stream is PyTorch's, tests/test_rng_stream.py), and the samplers draw on the CPU on every device.
Warnings are part of the answer (object addresses and module paths in messages are dropped). The recorder
(``python tests/reference/record_torch.py data18``) stores PyTorch's answers in ``torch_data18.json``;
tests/test_data18.py demands gradlib give the same on every device. tools/fuzz_data18.py draws the sweep these
cases were chosen from.
"""
import collections
import collections.abc
import pathlib
import re

import numpy as np

try:
    import fuzz15  # as the recorder and tools/fuzz_data18.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.data18)

FILE = pathlib.Path(__file__).parent / "torch_data18.json"

Point = collections.namedtuple("Point", ["x", "y"])
_VALUES = [0.5, -1.25, 2.0, 0.75, -3.5, 1.5, 0.25, -0.125, 4.0, -2.5, 1.0, 3.25]


class Frozen(collections.abc.Mapping):
    """A read-only mapping (collate rebuilds it with ``type(elem)(dict)``)."""

    def __init__(self, data):
        self._data = dict(data)

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


def builders(lib, device):
    """The names a case's expression sees."""
    data = lib.utils.data

    def T(values, dtype=None):  # noqa: N802
        return lib.tensor(values, dtype=None if dtype is None else getattr(lib, dtype), device=device)

    def TD(n, k=2):  # noqa: N802
        x = [[_VALUES[(i * k + j) % len(_VALUES)] for j in range(k)] for i in range(n)]
        x_t = lib.tensor(x, dtype=lib.float32, device=device).reshape(n, k)
        return data.TensorDataset(x_t, lib.arange(n, device=device) * 10)

    class MapDS(data.Dataset):
        def __init__(self, function, n):
            self.function, self.n = function, n

        def __getitem__(self, index):
            if not 0 <= index < self.n:
                raise IndexError(f"index {index} out of range")
            return self.function(index)

        def __len__(self):
            return self.n

    class Stream(data.IterableDataset):
        def __init__(self, n, length=None):
            self.n, self.length = n, length

        def __iter__(self):
            return iter(range(self.n))

        def __len__(self):
            return self.n if self.length is None else self.length

    class NoLen(data.IterableDataset):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(self.n))

    class Split(data.IterableDataset):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            info = data.get_worker_info()
            if info is None:
                return iter(range(self.n))
            return iter(range(info.id, self.n, info.num_workers))

    def G(seed):  # noqa: N802
        return lib.Generator().manual_seed(seed)

    def describe_split(subset):
        return [type(subset).__name__, len(subset), describe([subset[i] for i in range(len(subset))])]

    return {"lib": lib, "D": data, "DL": data.DataLoader, "C": data._utils.collate, "np": np, "T": T, "TD": TD,
            "MapDS": MapDS, "Stream": Stream, "NoLen": NoLen, "Split": Split, "G": G, "Point": Point,
            "Frozen": Frozen, "L": list, "describe_split": describe_split, "collections": collections, "inf": float("inf"), "nan": float("nan")}


def describe(value):
    """The value's structure and contents, comparable between the libraries (see the module's docstring)."""
    if hasattr(value, "detach") and hasattr(value, "tolist") and hasattr(value, "dtype"):
        return ["Tensor"] + fuzz15.plain(value)
    if isinstance(value, np.ndarray):
        return ["ndarray", value.dtype.str, fuzz15.plain(value.tolist())]
    if isinstance(value, np.generic):
        return ["numpy", type(value).__name__, repr(value.item())]
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (bool, int, str, bytes)) or value is None:
        return value if not isinstance(value, bytes) else ["bytes", repr(value)]
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [type(value).__name__] + [describe(v) for v in value]
    if isinstance(value, tuple):
        return ["tuple"] + [describe(v) for v in value]
    if isinstance(value, list):
        return [describe(v) for v in value] if type(value) is list else [type(value).__name__] + [describe(v) for v
                                                                                                 in value]
    if isinstance(value, collections.abc.Mapping):
        return [type(value).__name__, [[describe(k), describe(v)] for k, v in value.items()]]
    if isinstance(value, range):
        return ["range", repr(value)]
    if type(value).__name__ == "Subset":
        return ["Subset", describe(list(value.indices))]
    if isinstance(value, type):
        return ["class", value.__name__]
    return ["object", type(value).__name__]


_ADDRESS = re.compile(r"<(?:[\w.<>]+\.)?(\w+) object at 0x[0-9a-fA-F]+>")


def _clean(answer):
    """Object addresses and module paths out of messages (``<SequentialSampler object>``)."""
    if "error" in answer:
        answer["error"][1] = _ADDRESS.sub(r"<\1 object>", answer["error"][1])
    for warning in answer.get("warnings", ()):
        warning[1] = _ADDRESS.sub(r"<\1 object>", warning[1])
    return answer


def evaluate(lib, expression, device=None):
    lib.manual_seed(0)
    return _clean(fuzz15.answer(expression, builders(lib, device), describe))


CASES = {
    # ----- fixed: the DataLoader's in_order and multiprocessing_context (PyTorch's checks of a start method, and of
    # one without workers)
    'loader_attrs/map': '(dl := DL(TD(5), ), dl.batch_size, dl.drop_last, type(dl.sampler).__name__, '
                        'type(dl.batch_sampler).__name__, dl.collate_fn.__name__, dl.num_workers, '
                        'dl.prefetch_factor, dl.timeout, dl.pin_memory, dl.in_order, dl.multiprocessing_context)[1:]',
    'loader_attrs/iterable': '(dl := DL(Stream(5), batch_size=2), dl.batch_size, dl.drop_last, '
                             'type(dl.sampler).__name__, type(dl.batch_sampler).__name__, dl.collate_fn.__name__, '
                             'dl.num_workers, dl.prefetch_factor, dl.timeout, dl.pin_memory, dl.in_order, '
                             'dl.multiprocessing_context)[1:]',
    'loader_attrs/spawn_without_workers': "(dl := DL(list(range(7)), multiprocessing_context='spawn'), "
                                          'dl.batch_size, dl.drop_last, type(dl.sampler).__name__, '
                                          'type(dl.batch_sampler).__name__, dl.collate_fn.__name__, dl.num_workers, '
                                          'dl.prefetch_factor, dl.timeout, dl.pin_memory, dl.in_order, '
                                          'dl.multiprocessing_context)[1:]',
    'loader_attrs/bad_start_method': "(dl := DL(MapDS(lambda i: {'a': i, 'b': float(i)}, 5), "
                                     "multiprocessing_context='nope', num_workers=1), dl.batch_size, dl.drop_last, "
                                     'type(dl.sampler).__name__, type(dl.batch_sampler).__name__, '
                                     'dl.collate_fn.__name__, dl.num_workers, dl.prefetch_factor, dl.timeout, '
                                     'dl.pin_memory, dl.in_order, dl.multiprocessing_context)[1:]',
    'loader_attrs/batch_sampler': '(dl := DL(TD(5), batch_sampler=[[0, 1], [2]]), dl.batch_size, dl.drop_last, '
                                  'type(dl.sampler).__name__, type(dl.batch_sampler).__name__, '
                                  'dl.collate_fn.__name__, dl.num_workers, dl.prefetch_factor, dl.timeout, '
                                  'dl.pin_memory, dl.in_order, dl.multiprocessing_context)[1:]',
    # ----- fixed: iter(loader) is PyTorch's iterator object (_SingleProcessDataLoaderIter: len(), iter(it) is it; the
    # AssertionError for a timeout without workers)
    'iterator/len': '(it := iter(DL(TD(5), batch_size=2)), len(it))[1]',
    'iterator/len_sampler': '(it := iter(DL(list(range(7)), sampler=[2, 0, 1], batch_size=2)), len(it))[1]',
    'iterator/len_iterable': '(it := iter(DL(Stream(5), batch_size=2)), len(it))[1]',
    'iterator/type': 'type(iter(DL([1, 2]))).__name__',
    'iterator/partly_read': '(it := iter(DL([1, 2, 3], batch_size=2)), next(it), len(it), L(it))[1:]',
    'iterator/timeout': 'L(DL(TD(5), timeout=5))',
    'iterator/timeout_iterable': 'next(iter(DL(Stream(5), timeout=5)))',
    'iterator/timeout_len': '(it := iter(DL(TD(5), timeout=5)), len(it))[1]',
    # ----- fixed: an IterableDataset that yields more than len(loader) reported warns, as PyTorch
    'iterable_length/warns': '(dl := DL(Stream(5, length=3), ), L(dl), L(dl))[1:]',
    'iterable_length/unbatched': '(dl := DL(Stream(5, length=3), batch_size=None), L(dl), L(dl))[1:]',
    'iterable_length/workers': '(dl := DL(Stream(5), num_workers=2, batch_size=None), L(dl), L(dl))[1:]',
    'iterable_length/workers_batched': '(dl := DL(Stream(5), num_workers=2, batch_size=2), L(dl), L(dl))[1:]',
    # ----- fixed: an IterableDataset's loader batches through BatchSampler(_InfiniteConstantSampler()), whose checks
    # of batch_size and drop_last are PyTorch's
    'iterable_batching/bool_batch': 'L(DL(Stream(5), batch_size=True))',
    'iterable_batching/drop_last_int': 'len(DL(D.ChainDataset([Stream(2), Stream(3)]), drop_last=1))',
    'iterable_batching/drop_last_none': 'next(iter(DL(NoLen(4), drop_last=None)))',
    # ----- fixed: persistent workers keep one iterator, reset each epoch without a new base seed
    'persistent/same_iterator': '(dl := DL(Stream(3), num_workers=1, persistent_workers=True), iter(dl) is '
                                'iter(dl))[1]',
    'persistent/one_base_seed': '(dl := DL(range(6), shuffle=True, num_workers=1, persistent_workers=True), L(dl), '
                                'L(dl), lib.rand(1, device="cpu"))[1:]',
    # ----- fixed: collate's registry (collate, collate_fn_map, default_collate_fn_map, the collate_*_fn functions)
    # was missing; collate_tensor_fn refuses sparse tensors with PyTorch's RuntimeError
    'collate_registry/custom_map': 'C.collate([1, 2], collate_fn_map={int: lambda b, *, collate_fn_map: sum(b)})',
    'collate_registry/default_map': "C.collate([(1, 'a'), (2, 'b')], collate_fn_map=C.default_collate_fn_map)",
    'collate_registry/float_fn': 'C.collate([1.5, 2.5], collate_fn_map={float: C.collate_float_fn})',
    'collate_registry/no_map': 'C.collate([1, 2])',
    'collate_registry/tensor_fn': 'C.collate_tensor_fn([T([1]), T([2])])',
    'collate_registry/numpy_scalar_fn': 'C.collate_numpy_scalar_fn([np.int8(1)])',
    'collate_registry/numpy_array_fn': 'C.collate_numpy_array_fn([np.array([1.0])])',
    'collate_registry/map_keys': 'sorted(t.__name__ if isinstance(t, type) else str([u.__name__ for u in t]) for t '
                                 'in C.default_collate_fn_map)',
    'collate_registry/pattern': 'C.np_str_obj_array_pattern.pattern',
    'collate_registry/message': 'C.default_collate_err_msg_format',
    'collate_registry/sparse': 'D.default_collate([lib.eye(2).to_sparse()] * 2)',
    # ----- fixed: mutable mappings and sequences are cloned and filled (a defaultdict stays one); strings collate to
    # the batch's own sequence (a tuple inside a namedtuple)
    'collate_clone/defaultdict': 'D.default_collate([collections.defaultdict(list, a=1), '
                                 'collections.defaultdict(list, a=2)])',
    'collate_clone/loader': 'L(DL(MapDS(lambda i: collections.defaultdict(int, x=i), 3), batch_size=2))',
    'collate_clone/convert': 'D.default_convert(collections.defaultdict(int, a=np.int64(1)))',
    'collate_clone/convert_list': 'D.default_convert([collections.defaultdict(list, a=1), '
                                  'collections.defaultdict(list, a=2)])',
    'collate_clone/namedtuple_str': "D.default_collate([Point(T([1]), 'a'), Point(T([2]), 'b')])",
    # ----- fixed: NumPy samples are recognized by type as PyTorch's registry does (a datetime64 is refused by
    # collate's own TypeError)
    'collate_numpy/datetime64': "D.default_collate([np.datetime64('2020-01-01'), np.datetime64('2020-01-02')])",
    'collate_numpy/datetime64_loader': "L(DL(MapDS(lambda k: ([np.datetime64('2020-01-01'), "
                                       "np.datetime64('2020-01-02')])[k], len([np.datetime64('2020-01-01'), "
                                       "np.datetime64('2020-01-02')])), batch_size=2))",
    # ----- fixed: NumPy data no tensor holds (dates, strings, extended precision, the other byte order) is refused
    # with PyTorch's wording (gradlib/dtypes.py: gradlib named the NumPy dtype in its own words)
    "numpy_conversion/datetime64": "D.default_convert(np.datetime64('2020-01-01'))",
    "numpy_conversion/datetime64_array": "D.default_collate([np.array(['2020-01-01'], dtype='datetime64[D]')] * 2)",
    "numpy_conversion/longdouble": "D.default_convert(np.array([1.0], dtype=np.longdouble))",
    "numpy_conversion/byte_order": "D.default_convert(np.array([1.0, 2.0]).astype('>f8'))",
    "numpy_conversion/byte_order_loader": "L(DL(MapDS(lambda k: np.array([1.0, 2.0]).astype('>f8'), 2), "
                                          "batch_size=None))",
    # ----- fixed: datasets: TensorDataset reads size(0); StackDataset() and StackDataset.__getitems__;
    # ConcatDataset's deprecated cummulative_sizes; Subset's subclass check; IterableDataset is abstract;
    # Dataset/Sampler generic
    'datasets/tensor_0d': 'D.TensorDataset(T(1))',
    'datasets/tensor_list': 'D.TensorDataset([1, 2], [3, 4])',
    'datasets/stack_empty': 'D.StackDataset()',
    'datasets/stack_getitems': "D.StackDataset([1, 2], 'ab').__getitems__([1, 0])",
    'datasets/stack_getitems_dict': "D.StackDataset(x=[1, 2], y='ab').__getitems__([0, 1])",
    'datasets/stack_getitems_nested': 'D.StackDataset(TD(3), D.Subset(TD(4), [0, 1, 3])).__getitems__([2])',
    'datasets/cummulative_sizes': 'D.ConcatDataset([[1], [2]]).cummulative_sizes',
    'datasets/iterable_abstract': 'L(D.IterableDataset())',
    'datasets/iterable_abstract_len': 'len(D.IterableDataset())',
    'datasets/subset_mro': '[c.__name__ for c in D.Subset.__mro__]',
    'datasets/iterable_mro': '[c.__name__ for c in D.IterableDataset.__mro__]',
    'datasets/sampler_mro': '[c.__name__ for c in D.RandomSampler.__mro__]',
    'datasets/distributed_sampler_mro': '[c.__name__ for c in D.DistributedSampler.__mro__]',
    'datasets/sampler_no_init': 'L(D.Sampler(range(3)))',
    'datasets/generic': 'D.Dataset[int].__origin__.__name__',
    'datasets/generic_subclass': "type('X', (D.Dataset[int],), {'__getitem__': lambda s, i: i, '__len__': lambda s: "
                                 '2})()[1]',
    'datasets/generic_iterable': "L(type('X', (D.IterableDataset[int],), {'__iter__': lambda s: iter([4, 5])})())",
    'datasets/subset_subclass': "type('S', (D.Subset,), {'__getitem__': lambda s, i: i})([1, 2], [0])",
    'guards/stack_loader': 'L(DL(D.StackDataset(a=TD(3), b=[7, 8, 9]), batch_size=2))',
    # ----- fixed: the TensorDataset fast path raises the IndexError of the first sample PyTorch reads; an empty batch
    # of indices is default_collate([])'s IndexError
    'tensor_fast_path/empty_dataset': 'L(DL(TD(0), sampler=[2, 0, 1]))',
    'tensor_fast_path/batch_sampler': 'next(iter(DL(TD(0), batch_sampler=[[0, 1], [2]])))',
    'tensor_fast_path/empty_batch': 'L(DL(TD(3), batch_sampler=[[2, 1], []]))',
    'tensor_fast_path/bound': 'L(DL(TD(3), batch_size=2, sampler=[0, 3]))',
    'tensor_fast_path/negative_bound': 'L(DL(TD(3), batch_size=2, sampler=[0, -4]))',
    # ----- fixed: RandomSampler with replacement over an empty dataset; WeightedRandomSampler draws through
    # multinomial, whose CPU checks are PyTorch's (messages with replacement, zero weights allowed without it)
    'samplers/random_empty': 'L(D.RandomSampler([], replacement=True, num_samples=3))',
    'samplers/weighted_inf': 'L(D.WeightedRandomSampler([inf, 1.0], 3))',
    'samplers/weighted_zero_weight': 'L(D.WeightedRandomSampler([1.0, 0.0, 1.0], 3, replacement=False))',
    'guards/weighted_empty': 'L(D.WeightedRandomSampler([], 3))',
    'samplers/weighted_all_zero_but_one': 'L(D.WeightedRandomSampler([1.0, 0.0, 0.0], 3, replacement=False))',
    'samplers/weighted_negative_one_draw': 'L(D.WeightedRandomSampler([-1.0, 2.0], 1))',
    'samplers/weighted_nan': 'L(D.WeightedRandomSampler([nan, 2.0], 2, replacement=False))',
    # ----- fixed: random_split draws with randperm(sum(lengths), generator=...), whose TypeError for float lengths is
    # PyTorch's parser's
    'random_split/float_lengths': '[describe_split(s) for s in D.random_split(range(10), [3.0, 7.0])]',
    'random_split/float_lengths_generator': '[describe_split(s) for s in D.random_split(range(10), [1, 0.0, 9], '
                                            'generator=G(42))]',
    # ----- guards: what already agreed
    'guards/shuffle': 'L(DL(TD(5), shuffle=True))',
    'guards/shuffle_epochs': '(dl := DL(list(range(7)), shuffle=True, generator=G(1)), L(dl), L(dl))[1:]',
    'guards/shuffle_generator': "L(DL(MapDS(lambda i: {'a': i, 'b': float(i)}, 5), shuffle=True, generator=G(1), "
                                'batch_size=3))',
    'guards/collate_tuple': 'D.default_collate([T([1.0, 2.0]), T([3.0, 4.0])])',
    'guards/collate_dict': "D.default_collate([{'a': 1, 'b': 2.0}, {'a': 3, 'b': 4.0}])",
    'guards/collate_unequal': 'D.default_collate([(1, 2), (3,)])',
    'guards/collate_numpy': 'D.default_collate([np.array([1.0, 2.0], dtype=np.float32), np.array([3.0, 4.0], '
                            'dtype=np.float32)])',
    'guards/split_fractions': '[describe_split(s) for s in D.random_split(range(10), [0.33, 0.33, 0.34])]',
    'guards/split_generator': '[describe_split(s) for s in D.random_split(range(7), [0.1, 0.2, 0.3, 0.4], '
                              'generator=G(42))]',
    'guards/split_zero_warns': '[len(s) for s in D.random_split(range(3), [0.5, 0.5, 0.0])]',
    'guards/split_bad_fraction': '[len(s) for s in D.random_split(range(10), [1.5, -0.5])]',
    'guards/random_sampler': 'L(D.RandomSampler(range(6), generator=G(2)))',
    'guards/random_replacement': 'L(D.RandomSampler(range(5), replacement=True, num_samples=40))',
    'guards/weighted': 'L(D.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5))',
    'guards/batch_sampler_bad_size': 'D.BatchSampler(range(4), 0, False)',
    'guards/sampler_and_shuffle': 'L(DL(TD(5), sampler=[2, 0, 1], shuffle=True))',
    'guards/batch_sampler_and_size': 'L(DL(TD(5), batch_sampler=[[0, 1], [2]], batch_size=2))',
    'guards/none_drop_last': 'L(DL(TD(5), batch_size=None, drop_last=True))',
    'guards/batch_size_zero': 'L(DL(TD(5), batch_size=0))',
    'guards/batch_size_float': 'L(DL(TD(5), batch_size=2.0))',
    'guards/pin_memory': 'L(DL(TD(5), pin_memory=True))',
    'guards/persistent_without_workers': 'L(DL(TD(5), persistent_workers=True))',
    'guards/timeout_negative': 'L(DL(TD(5), timeout=-1))',
    'guards/concat_negative': '(c := D.ConcatDataset([[1, 2, 3], [10, 20]]), len(c), c[3], c[-1], c[-5], '
                              'c.cumulative_sizes)[1:]',
    'guards/workers_split': 'L(DL(Split(5), num_workers=2, batch_size=2))',
}

#: differences the sweep found and gradlib does not follow (tests/test_data18.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/numpy_unsigned_dtypes": "D.default_convert(np.uint32(7))",
    "known/numpy_bytes_scalar": "D.default_convert(np.bytes_(b'b'))",
    "known/numpy_negative_strides": "D.default_convert(np.array([1, 2])[::-1])",
    "known/tensor_of_a_mapping": "L(DL(MapDS(lambda i: collections.defaultdict(int, x=i), 3), "
                                 "collate_fn=D.default_collate, batch_size=None))",
    "known/weights_of_strings": "D.WeightedRandomSampler(['a'], 3)",
    "known/datapipes": "sorted(D.__all__)",
    "known/map_workers_in_process": "L(DL(MapDS(lambda i: (D.get_worker_info() is None, i), 4), num_workers=2, "
                                    "batch_size=2))",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
