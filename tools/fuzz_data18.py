"""Differential fuzzer of utils.data (session 18, data18): the same case list under PyTorch and gradlib, then a
diff.

    /work/benchvenv/bin/python tools/fuzz_data18.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_data18.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_data18.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: DataLoader over map-style and iterable datasets x loader options (batch_size None/0/negative/float/bool,
shuffle, drop_last, sampler/batch_sampler exclusivity, collate_fn, pin_memory, workers' options, timeout) x
(the batches, len(), the iterator's len()); default_collate/default_convert of every kind of sample; the datasets
(TensorDataset, ConcatDataset, Subset, StackDataset, ChainDataset) and their indexing; random_split with lengths
and fractions; the samplers and their arguments. The builders and the evaluation are tests/reference/data18.py's;
the cases that found a difference are copied there.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import data18 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

MAP_DATASETS = {
    "td5": "TD(5)", "td0": "TD(0)", "td1": "TD(1, 3)", "list": "list(range(7))", "range": "range(4)",
    "dict": "MapDS(lambda i: {'a': i, 'b': float(i)}, 5)",
    "tuple_t": "MapDS(lambda i: (T([i, i + 1]), i), 5)",
    "point": "MapDS(lambda i: Point(i, float(i)), 4)",
    "np_arr": "MapDS(lambda i: np.arange(i, i + 3), 5)",
    "np_f32": "MapDS(lambda i: np.float32(i) / 2, 5)",
    "str": "MapDS(lambda i: str(i), 4)",
    "unequal": "MapDS(lambda i: [i] * (1 + i % 2), 4)",
    "bool": "MapDS(lambda i: bool(i % 2), 4)",
    "t0d": "MapDS(lambda i: T(float(i)), 3)",
    "subset": "D.Subset(TD(6), [5, 0, 3])",
    "concat": "D.ConcatDataset([TD(2), TD(3)])",
    "concat_list": "D.ConcatDataset([[1, 2], [3.5, 4.5, 5.5]])",
    "stack": "D.StackDataset(TD(4), list(range(4)))",
    "stack_kw": "D.StackDataset(a=list(range(4)), b=MapDS(str, 4))",
    "odict": "MapDS(lambda i: collections.OrderedDict(x=i, y=[i, -i]), 3)",
    "ddict": "MapDS(lambda i: collections.defaultdict(int, x=i), 3)",
    "frozen": "MapDS(lambda i: Frozen({'x': float(i)}), 3)",
    "nested": "MapDS(lambda i: {'a': [i, (float(i), T([i]))], 'b': {'c': np.int64(i)}}, 3)",
}
ITER_DATASETS = {
    "stream5": "Stream(5)", "stream_short": "Stream(5, length=3)", "stream0": "Stream(0)", "nolen": "NoLen(4)",
    "chain": "D.ChainDataset([Stream(2), Stream(3)])", "split": "Split(5)",
}
OPTIONS = (
    "", "batch_size=2", "batch_size=3, drop_last=True", "batch_size=2, drop_last=False", "batch_size=None",
    "batch_size=0", "batch_size=-1", "batch_size=2.0", "batch_size=True", "batch_size=None, drop_last=True",
    "batch_size=10", "batch_size=10, drop_last=True", "drop_last=1", "drop_last=None",
    "shuffle=True", "shuffle=True, batch_size=2", "shuffle=True, generator=G(1)", "shuffle=True, generator=G(1), batch_size=3",
    "shuffle=False", "shuffle=1", "shuffle=None", "shuffle=True, batch_size=None",
    "sampler=D.SequentialSampler(range(3))", "sampler=[2, 0, 1]", "sampler=[2, 0, 1], batch_size=2",
    "sampler=[2, 0, 1], shuffle=True", "sampler=[1, 0], batch_size=None",
    "batch_sampler=[[0, 1], [2]]", "batch_sampler=[[0, 1], [2]], batch_size=2", "batch_sampler=[[0, 1], [2]], drop_last=True",
    "batch_sampler=[[0, 1], [2]], shuffle=True", "batch_sampler=[[0, 1], [2]], sampler=[0]",
    "batch_sampler=[[0, 1], [2]], batch_size=None", "batch_sampler=D.BatchSampler(range(3), 2, False)",
    "collate_fn=lambda b: b", "collate_fn=lambda b: len(b), batch_size=2", "collate_fn=D.default_convert, batch_size=2",
    "collate_fn=D.default_collate, batch_size=None",
    "pin_memory=True", "pin_memory=True, pin_memory_device='cuda'", "pin_memory=True, batch_size=None",
    "num_workers=0, worker_init_fn=lambda w: 1 / 0", "persistent_workers=True", "timeout=-1", "timeout=5",
    "timeout=0.0", "num_workers=-1", "prefetch_factor=2", "prefetch_factor=-1, num_workers=1",
    "multiprocessing_context='spawn'", "multiprocessing_context='nope', num_workers=1", "in_order=False",
    "generator=G(3)", "generator=G(3), batch_size=2",
)
LOADER_TEMPLATES = {
    "list": "L(DL({d}, {o}))",
    "len": "len(DL({d}, {o}))",
    "iter_len": "(it := iter(DL({d}, {o})), len(it))[1]",
    "attrs": "(dl := DL({d}, {o}), dl.batch_size, dl.drop_last, type(dl.sampler).__name__, "
             "type(dl.batch_sampler).__name__, dl.collate_fn.__name__, dl.num_workers, dl.prefetch_factor, "
             "dl.timeout, dl.pin_memory, dl.in_order, dl.multiprocessing_context)[1:]",
    "epochs": "(dl := DL({d}, {o}), L(dl), L(dl))[1:]",
    "next": "next(iter(DL({d}, {o})))",
}
WORKERS = (
    "num_workers=2", "num_workers=2, batch_size=2", "num_workers=2, batch_size=None", "num_workers=3, batch_size=2, drop_last=True",
    "num_workers=2, worker_init_fn=lambda w: None", "num_workers=1, persistent_workers=True, batch_size=2",
)
COLLATE_BATCHES = (
    "[T([1.0, 2.0]), T([3.0, 4.0])]", "[T(1), T(2)]", "(T([1]), T([2]))", "[T([1.0]), T([1.0, 2.0])]",
    "[T([1.0]), T([1], 'int64')]", "[T([1.0]), 2]", "[T([True]), T([False])]",
    "[1, 2, 3]", "[1.5, 2.0]", "[True, False]", "[1, 2.5]", "[2.5, 1]", "[True, 2]", "[1, True]",
    "['a', 'b']", "[b'a', b'b']", "['a', 1]",
    "[np.array([1, 2]), np.array([3, 4])]", "[np.array([1.0, 2.0], dtype=np.float32), np.array([3.0, 4.0], dtype=np.float32)]",
    "[np.array([1.0]), np.array([2.0, 3.0])]", "[np.array(['a']), np.array(['b'])]", "[np.array([1, None]), np.array([2, 3])]",
    "[np.array([True]), np.array([False])]", "[np.array(1.5), np.array(2.5)]", "[np.array([1], dtype=np.uint16)]*2",
    "[np.float32(1.5), np.float32(2.5)]", "[np.int64(1), np.int64(2)]", "[np.int32(1), np.int64(2)]",
    "[np.float32(1.5), np.float64(2.5)]", "[np.bool_(True), np.bool_(False)]", "[np.float16(1), np.float16(2)]",
    "[np.uint8(3), np.uint8(4)]", "[np.str_('a'), np.str_('b')]", "[np.bytes_(b'a'), np.bytes_(b'b')]",
    "[np.complex64(1 + 2j), np.complex64(3)]", "[np.int64(1), 2]", "[np.datetime64('2020-01-01'), np.datetime64('2020-01-02')]",
    "[{'a': 1, 'b': 2.0}, {'a': 3, 'b': 4.0}]", "[{'a': 1}, {'a': 2, 'b': 3}]", "[{'a': 1, 'b': 2}, {'a': 3}]",
    "[collections.OrderedDict(b=1, a=2), collections.OrderedDict(b=3, a=4)]",
    "[collections.defaultdict(list, a=1), collections.defaultdict(list, a=2)]",
    "[Frozen({'a': 1}), Frozen({'a': 2})]",
    "[Point(1, 2.0), Point(3, 4.0)]", "[Point(T([1]), 'a'), Point(T([2]), 'b')]",
    "[(1, 2.0), (3, 4.0)]", "[[1, 2], [3, 4]]", "[[1, 2], [3]]", "[(1, 2), (3,)]", "[(1,), (2, 3)]", "[[], []]",
    "[(1, [2.0, T([3])]), (4, [5.0, T([6])])]", "[{'x': (1, 'a')}, {'x': (2, 'b')}]",
    "[range(2), range(2)]", "['ab', 'cd']", "[None, None]", "[1 + 2j, 3j]", "[object(), object()]", "[]", "[[]]",
    "[T([1, 2])]", "[T(1.5)]", "[[1, 2]]", "[(T([1.0]), {'k': np.array([1.0])})] * 2",
    "[T([1.0], 'float16'), T([2.0], 'float16')]", "[T([[1, 2]]), T([[3, 4]])]",
    "[lib.zeros(0, 2), lib.zeros(0, 2)]", "[T([1.0]).requires_grad_(), T([2.0])]",
    "[collections.deque([1, 2]), collections.deque([3, 4])]", "[(1, 2), [3, 4]]", "[{'a': 1}, [2]]",
)
CONVERT_VALUES = (
    "0", "1.5", "'a'", "b'a'", "None", "T([1, 2])", "np.array([0, 1])", "np.array([1.0], dtype=np.float32)",
    "np.array(['a'])", "np.array([1, None])", "np.float32(1.5)", "np.int64(3)", "np.bool_(True)", "np.str_('s')",
    "np.bytes_(b'b')", "np.datetime64('2020-01-01')", "Point(np.array(0), np.array(1))", "Point(0, 1)",
    "[np.array([0, 1]), np.array([2, 3])]", "(np.array([0]), 1)", "{'a': np.array([1.0]), 'b': 'x'}",
    "collections.OrderedDict(a=np.int64(1))", "collections.defaultdict(int, a=np.int64(1))",
    "Frozen({'a': np.int64(1)})", "[1, [np.float64(2.0)]]", "range(3)", "'abc'", "collections.deque([np.int64(1)])",
    "np.array(2.5)", "np.array([[1, 2], [3, 4]], dtype=np.int8)", "np.array([1, 2])[::-1]", "np.array([], dtype=np.float64)",
    "np.array([1.0, 2.0]).astype('>f8')", "np.float16(0.5)", "np.complex128(1 + 1j)", "np.uint32(7)", "np.ma.masked_array([1, 2])",
    "np.array([1, 2], dtype=np.uint64)",
)
SAMPLERS = (
    "L(D.SequentialSampler(range(4)))", "len(D.SequentialSampler(range(4)))", "L(D.SequentialSampler([]))",
    "L(D.RandomSampler(range(6)))", "L(D.RandomSampler(range(6), generator=G(2)))",
    "L(D.RandomSampler(range(4), num_samples=10))", "L(D.RandomSampler(range(4), num_samples=3, generator=G(0)))",
    "L(D.RandomSampler(range(5), replacement=True))", "L(D.RandomSampler(range(5), replacement=True, num_samples=40))",
    "L(D.RandomSampler(range(5), replacement=True, num_samples=3, generator=G(4)))",
    "len(D.RandomSampler(range(5), replacement=True, num_samples=40))", "len(D.RandomSampler(range(5)))",
    "D.RandomSampler(range(5), replacement=1)", "D.RandomSampler(range(5), replacement=None)",
    "D.RandomSampler(range(5), num_samples=0)", "D.RandomSampler(range(5), num_samples=-2)",
    "D.RandomSampler(range(5), num_samples=2.0)", "D.RandomSampler(range(5), num_samples=True)",
    "D.RandomSampler([])", "L(D.RandomSampler([], num_samples=3))", "L(D.RandomSampler([], replacement=True, num_samples=3))",
    "D.RandomSampler(range(3)).num_samples", "D.RandomSampler(range(3), num_samples=7).num_samples",
    "L(D.SubsetRandomSampler([7, 3, 9]))", "L(D.SubsetRandomSampler([7, 3, 9], generator=G(5)))",
    "L(D.SubsetRandomSampler([]))", "len(D.SubsetRandomSampler([7, 3]))", "L(D.SubsetRandomSampler(T([4, 5, 6])))",
    "L(D.SubsetRandomSampler(range(10, 15), generator=G(1)))",
    "L(D.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5))",
    "L(D.WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False))",
    "L(D.WeightedRandomSampler([1, 2, 3], 4, generator=G(7)))", "L(D.WeightedRandomSampler(T([1.0, 0.0, 2.0]), 6))",
    "L(D.WeightedRandomSampler([0.0, 1.0, 0.0], 4))", "L(D.WeightedRandomSampler([1.0, 1.0], 3, replacement=False))",
    "L(D.WeightedRandomSampler([-1.0, 1.0], 3))", "L(D.WeightedRandomSampler([0.0, 0.0], 3))",
    "L(D.WeightedRandomSampler([nan, 1.0], 3))", "L(D.WeightedRandomSampler([inf, 1.0], 3))",
    "L(D.WeightedRandomSampler([], 3))", "L(D.WeightedRandomSampler([1.0] * 2000, 1))",
    "L(D.WeightedRandomSampler([1.0, 0.0, 1.0], 3, replacement=False))",
    "L(D.WeightedRandomSampler([1.0, 0.0, 0.0], 3, replacement=False))", "L(D.WeightedRandomSampler([1.0, 0.0], 3, replacement=False))",
    "L(D.WeightedRandomSampler([1.0, 2.0], 1, replacement=True))", "L(D.WeightedRandomSampler([-1.0, 2.0], 1))",
    "L(D.WeightedRandomSampler([nan, 2.0], 2, replacement=False))", "L(D.WeightedRandomSampler([], 3, replacement=False))",
    "L(D.WeightedRandomSampler(T([1.0, 2.0], 'float16'), 3))", "L(D.WeightedRandomSampler(T([1, 2]), 3))",
    "L(D.WeightedRandomSampler([1e-300, 1e-300], 3))", "L(D.WeightedRandomSampler([0.5, 0.5], 40, generator=G(3)))",
    "D.WeightedRandomSampler(T([[1.0]]), 1)", "D.WeightedRandomSampler((1.0, 2.0), 1).weights",
    "D.WeightedRandomSampler([[1.0, 2.0]], 3)", "D.WeightedRandomSampler(1.0, 3)", "D.WeightedRandomSampler(['a'], 3)",
    "D.WeightedRandomSampler([1.0], 0)", "D.WeightedRandomSampler([1.0], 2.0)", "D.WeightedRandomSampler([1.0], True)",
    "D.WeightedRandomSampler([1.0], 2, replacement=1)", "D.WeightedRandomSampler([1, 2], 4).weights",
    "D.WeightedRandomSampler(T([1, 2]), 4).weights", "D.WeightedRandomSampler(np.array([1.0, 2.0], dtype=np.float32), 4).weights",
    "len(D.WeightedRandomSampler([1.0], 9))",
    "L(D.BatchSampler(D.SequentialSampler(range(10)), batch_size=3, drop_last=False))",
    "L(D.BatchSampler(D.SequentialSampler(range(10)), batch_size=3, drop_last=True))",
    "L(D.BatchSampler(range(4), 4, False))", "L(D.BatchSampler(range(4), 5, True))", "L(D.BatchSampler([], 2, False))",
    "len(D.BatchSampler(range(10), 3, False))", "len(D.BatchSampler(range(10), 3, True))", "len(D.BatchSampler([], 3, True))",
    "D.BatchSampler(range(4), 0, False)", "D.BatchSampler(range(4), -1, False)", "D.BatchSampler(range(4), 2.0, False)",
    "D.BatchSampler(range(4), True, False)", "D.BatchSampler(range(4), None, False)", "D.BatchSampler(range(4), 2, 0)",
    "D.BatchSampler(range(4), 2, None)", "D.BatchSampler(range(4), 2, 'yes')",
    "L(D.BatchSampler(iter(range(5)), 2, False))", "len(D.BatchSampler(iter(range(5)), 2, False))",
    "L(D.BatchSampler(D.RandomSampler(range(7)), 3, False))",
    "L(D.Sampler())", "L(D.Sampler(range(3)))", "len(D.Sampler())",
    "D.Sampler.__name__", "D.Sampler.__iter__", "(lambda s: (L(s), len(s)))(D.SequentialSampler('abc'))",
    "L(D.RandomSampler(range(3), generator=G(0))) == L(D.RandomSampler(range(3), generator=G(0)))",
    "(s := D.RandomSampler(range(6), generator=G(1)), L(s), L(s))[1:]",
    "(s := D.RandomSampler(range(6)), L(s), L(s))[1:]",
    "(L(D.RandomSampler(range(5))), L(D.RandomSampler(range(5))))",
    "(L(D.RandomSampler(range(5))), lib.rand(2))", "(L(D.SubsetRandomSampler(range(5))), lib.rand(2))",
    "(L(D.WeightedRandomSampler([1.0, 2.0], 4)), lib.rand(2))",
    "(L(DL(range(5), shuffle=True)), lib.rand(2))", "(L(DL(range(5))), lib.rand(2))", "(L(DL(Stream(3))), lib.rand(2))",
    "(L(DL(range(5), shuffle=True, generator=G(2))), L(G(2).manual_seed(2) and D.RandomSampler(range(5), generator=G(2))))",
    "(dl := DL(range(5), shuffle=True), L(dl), L(dl), lib.rand(1))[1:]",
    "D.RandomSampler(range(3), generator=lib.Generator(device='meta'))",
)
DATASETS = (
    "(ds := D.TensorDataset(T([[1, 2], [3, 4], [5, 6]]), T([7, 8, 9])), len(ds), ds[0], ds[-1], ds[1:3])[1:]",
    "D.TensorDataset(T([1, 2]), T([1, 2, 3]))", "D.TensorDataset()", "D.TensorDataset(T(1))", "len(D.TensorDataset(T([1, 2])))",
    "D.TensorDataset(T([1, 2]))[5]", "D.TensorDataset(T([1, 2]))[T([0, 1])]", "D.TensorDataset([1, 2], [3, 4])",
    "D.TensorDataset(T([[1, 2]]), T([[1, 2, 3]]))[0]", "D.TensorDataset(lib.zeros(0, 3)).tensors",
    "(c := D.ConcatDataset([[1, 2, 3], [10, 20]]), len(c), c[3], c[-1], c[-5], c.cumulative_sizes)[1:]",
    "D.ConcatDataset([[1, 2], [3]])[-4]", "D.ConcatDataset([[1, 2], [3]])[3]", "D.ConcatDataset([[1, 2], [3]])[5]",
    "D.ConcatDataset([])", "D.ConcatDataset([Stream(2)])", "D.ConcatDataset([[1], Stream(2)])",
    "(c := D.ConcatDataset([[], [1], []]), len(c), c[0], c.cumulative_sizes)[1:]", "D.ConcatDataset([[], []])[0]",
    "D.ConcatDataset([[1, 2], [3]])[1.0]", "D.ConcatDataset([[1, 2], [3]])[True]",
    "D.ConcatDataset(iter([[1], [2, 3]]))[2]", "D.ConcatDataset([[1], [2]]).cummulative_sizes",
    "D.ConcatDataset([[1], [2]]).datasets", "D.ConcatDataset.cumsum([[1, 2], [], [3]])",
    "(c := TD(2) + TD(3), type(c).__name__, len(c), c[4])[1:]", "(c := D.ConcatDataset([[1]]) + [2, 3], len(c))[1]",
    "len(D.ConcatDataset([TD(2), D.ConcatDataset([TD(1), TD(3)])]))",
    "(s := D.Subset([10, 20, 30, 40], [3, 1]), len(s), s[0], s[-1], s[[0, 1]], s.__getitems__([1, 0]))[1:]",
    "D.Subset([10, 20], [5])[0]", "D.Subset([10, 20], [])[0]", "len(D.Subset([10, 20], range(1, 2)))",
    "D.Subset(TD(4), [1, 2])[[0, 1]]", "D.Subset(TD(4), T([3, 0]))[1]",
    "L(D.Subset(range(5), [4, 2]))", "D.Subset(D.Subset([1, 2, 3], [2, 1]), [1])[0]",
    "D.Subset(D.StackDataset([1, 2], [3, 4]), [1]).__getitems__([0])",
    "(s := D.StackDataset([1, 2], 'ab'), len(s), s[1], s[-1])[1:]", "D.StackDataset(x=[1, 2], y='ab')[0]",
    "D.StackDataset([1, 2], x=[1, 2])", "D.StackDataset([1, 2], [1])", "D.StackDataset(x=[1], y=[1, 2])", "D.StackDataset()",
    "D.StackDataset([1, 2], 'ab').__getitems__([1, 0])", "D.StackDataset(x=[1, 2], y='ab').__getitems__([0, 1])",
    "D.StackDataset(TD(3), D.Subset(TD(4), [0, 1, 3])).__getitems__([2])", "D.StackDataset([1], [2]).datasets",
    "D.StackDataset(x=[1], y=[2]).datasets", "D.StackDataset([1, 2])[5]", "len(D.StackDataset([]))",
    "L(D.ChainDataset([Stream(2), Stream(3)]))", "len(D.ChainDataset([Stream(2), Stream(3)]))",
    "L(D.ChainDataset([Stream(2), [5, 6]]))", "len(D.ChainDataset([Stream(2), [5, 6]]))", "len(D.ChainDataset([NoLen(2)]))",
    "L(D.ChainDataset([]))", "len(D.ChainDataset([]))", "L(Stream(2) + Stream(3))", "type(Stream(2) + Stream(3)).__name__",
    "L(D.ChainDataset(iter([Stream(1), Stream(2)])))", "L(D.ChainDataset([Stream(1)]) + D.ChainDataset([Stream(2)]))",
    "D.Dataset()[0]", "len(D.Dataset())", "L(D.IterableDataset())", "D.IterableDataset()[0]", "len(D.IterableDataset())",
    "type(D.Dataset() + D.Dataset()).__name__", "type(Stream(1) + [1]).__name__", "L(Stream(1) + [1])",
    "type(D.Dataset() + Stream(1)).__name__", "D.Dataset() + Stream(1)",
    "D.get_worker_info()", "isinstance(Stream(1), D.Dataset)", "D.Dataset.__add__", "L(iter(Stream(3)))",
    "issubclass(D.StackDataset, D.Dataset)", "issubclass(D.ChainDataset, D.IterableDataset)",
    "[c.__name__ for c in D.Subset.__mro__]", "[c.__name__ for c in D.IterableDataset.__mro__]",
    "[c.__name__ for c in D.RandomSampler.__mro__]", "[c.__name__ for c in D.DistributedSampler.__mro__]", "sorted(D.__all__)",
    "sorted(n for n in dir(D) if not n.startswith('_'))",
    "sorted(n for n in dir(C) if not n.startswith('__'))",
    "C.default_collate is D.default_collate", "C.default_convert is D.default_convert",
    "C.collate([1, 2], collate_fn_map={int: lambda b, *, collate_fn_map: sum(b)})",
    "C.collate([(1, 'a'), (2, 'b')], collate_fn_map=C.default_collate_fn_map)",
    "C.collate([1.5, 2.5], collate_fn_map={float: C.collate_float_fn})",
    "C.collate([1, 2])", "C.collate_tensor_fn([T([1]), T([2])])", "C.collate_int_fn([1, 2])",
    "C.collate_str_fn(['a'])", "C.collate_numpy_scalar_fn([np.int8(1)])",
    "C.collate_numpy_array_fn([np.array([1.0])])", "sorted(t.__name__ if isinstance(t, type) else str([u.__name__ for u in t]) for t in C.default_collate_fn_map)",
    "C.np_str_obj_array_pattern.pattern", "C.default_collate_err_msg_format",
    "D.default_collate([lib.sparse_coo_tensor(T([[0]]), T([1.0]), (2,))] * 2)",
    "D.dataloader.default_collate is D.default_collate", "D.dataloader.get_worker_info()",
    "D.DataLoader.__name__", "type(iter(DL([1, 2]))).__name__", "iter(DL([1, 2])) is iter(DL([1, 2]))",
    "(it := iter(DL([1, 2])), iter(it) is it)[1]", "D.Dataset[int].__origin__.__name__", "D.Sampler[int]",
    "type('X', (D.Dataset[int],), {'__getitem__': lambda s, i: i, '__len__': lambda s: 2})()[1]",
    "L(type('X', (D.IterableDataset[int],), {'__iter__': lambda s: iter([4, 5])})())",
    "type('S', (D.Subset,), {'__getitem__': lambda s, i: i})([1, 2], [0])",
    "type('S', (D.Subset,), {'__getitem__': lambda s, i: i, '__getitems__': lambda s, i: i})([1, 2], [0])[1]",
    "L(DL(type('S', (D.Subset,), {'__getitem__': lambda s, i: -i, '__getitems__': lambda s, ix: [-i for i in ix]})([1, 2], [0, 1]), batch_size=2))",
    "L(DL(type('X', (D.Dataset,), {'__getitem__': lambda s, i: i, '__len__': lambda s: 3, '__getitems__': None})(), batch_size=2))",
    "L(DL(type('X', (D.Dataset,), {'__getitem__': lambda s, i: i, '__len__': lambda s: 3, '__getitems__': lambda s, ix: [i * 2 for i in ix]})(), batch_size=2))",
    "L(DL(D.StackDataset(TD(3), [7, 8, 9]), batch_size=2))", "L(DL(D.StackDataset(a=TD(3), b=[7, 8, 9]), batch_size=2))",
    "L(DL(D.Subset(D.StackDataset(TD(3), [7, 8, 9]), [2, 0]), batch_size=2))",
    "L(DL(TD(3), batch_size=2, sampler=[0, -1, 2]))", "L(DL(TD(3), batch_size=2, sampler=[0, 3]))",
    "L(DL(TD(3), batch_size=2, sampler=[0, -4]))", "L(DL(TD(3), batch_size=2, sampler=[True, 0]))",
    "L(DL(TD(3), batch_size=2, sampler=[T(1), 0]))", "L(DL(TD(3), batch_size=2, sampler=[1.0, 0]))",
    "L(DL(TD(3), batch_sampler=[[2, 1], []]))", "L(DL(TD(3), batch_sampler=[[0, 5]]))",
    "(dl := DL(TD(3)), setattr(dl, 'batch_size', 2))", "(dl := DL(TD(3)), setattr(dl, 'num_workers', 2), dl.num_workers)[2]",
    "(dl := DL(TD(3)), setattr(dl, 'collate_fn', lambda b: len(b)), L(dl))[2]",
    "(dl := DL(Stream(3), batch_size=2), len(dl), dl._IterableDataset_len_called)[1:]",
    "(dl := DL(Stream(3), num_workers=1, persistent_workers=True), iter(dl) is iter(dl))[1]",
    "(dl := DL(range(4), batch_size=3), it := iter(dl), next(it), next(it), next(it, 'end'))[2:]",
    "(it := iter(DL(range(4), shuffle=True)), lib.rand(1), L(it))[1:]",
    "(dl := DL(range(6), shuffle=True, batch_size=4), it := iter(dl), lib.rand(1), L(it))[2:]",
    "L(DL(range(3), sampler=D.RandomSampler(range(3), generator=G(9))))",
    "L(DL(range(6), batch_sampler=D.BatchSampler(D.RandomSampler(range(6)), 4, True)))",
    "L(DL(range(5), sampler=D.WeightedRandomSampler([1.0] * 5, 5), batch_size=2))",
    "L(DL(range(8), sampler=D.SubsetRandomSampler([1, 3, 5]), batch_size=2))",
    "(g := G(5), L(DL(range(5), shuffle=True, generator=g)), L(DL(range(5), shuffle=True, generator=g)))[1:]",
    "L(DL(range(5), shuffle=True, generator=lib.Generator(device='cpu')))",
    "L(DL(MapDS(lambda i: (D.get_worker_info() is None, i), 4), num_workers=2, batch_size=2))",
    "L(DL(MapDS(lambda i: 1 / 0, 4), num_workers=1))", "D.default_collate([lib.eye(2).to_sparse()] * 2)", "(it := iter(DL([1, 2, 3], batch_size=2)), next(it), len(it), L(it))[1:]",
)
SPLITS = (
    "[3, 7]", "[0.3, 0.7]", "[0.33, 0.33, 0.34]", "[0.5, 0.5, 0.0]", "[0.1, 0.2, 0.3, 0.4]", "[0.25] * 4",
    "[1.0]", "[10]", "[0, 10]", "[5, 6]", "[4, 5]", "[-1, 11]", "[1.5, -0.5]", "[0.6, 0.6]", "[0.2, 0.2]",
    "[0.3, 0.3, 0.3, 0.1]", "(0.5, 0.5)", "[]", "[0.1] * 10", "[1 / 3] * 3", "[0.7, 0.3000001]", "[3.0, 7.0]",
    "[2, 3, 5]", "[0.999, 0.001]", "[1, 0.0, 9]", "T([3, 7])", "T([0.5, 0.5])", "np.array([0.5, 0.5])", "[True, 9]",
)
SPLIT_DATASETS = ("range(10)", "TD(10)", "list('abcdefghij')", "range(3)", "range(0)", "range(7)")
SPLIT_TEMPLATES = (
    "[describe_split(s) for s in D.random_split({d}, {l})]",
    "[describe_split(s) for s in D.random_split({d}, {l}, generator=G(42))]",
    "[len(s) for s in D.random_split({d}, {l})]",
)


def generate():
    cases = {}
    datasets = dict(MAP_DATASETS, **ITER_DATASETS)
    for dname, d in datasets.items():
        for i, o in enumerate(OPTIONS):
            for tname, template in LOADER_TEMPLATES.items():
                cases[f"loader/{tname}/{dname}/{i}"] = template.format(d=d, o=o)
    for dname in ("td5", "list", "dict", "stream5", "split", "nolen", "chain"):
        for i, o in enumerate(WORKERS):
            for tname in ("list", "len", "epochs"):
                cases[f"workers/{tname}/{dname}/{i}"] = LOADER_TEMPLATES[tname].format(d=datasets[dname], o=o)
    for i, batch in enumerate(COLLATE_BATCHES):
        cases[f"collate/{i}"] = f"D.default_collate({batch})"
        cases[f"collate_loader/{i}"] = f"L(DL(MapDS(lambda k: ({batch})[k], len({batch})), batch_size=2))"
        cases[f"collate_convert/{i}"] = f"D.default_convert({batch})"
    for i, value in enumerate(CONVERT_VALUES):
        cases[f"convert/{i}"] = f"D.default_convert({value})"
        cases[f"convert_loader/{i}"] = f"L(DL(MapDS(lambda k: {value}, 2), batch_size=None))"
        cases[f"convert_collate/{i}"] = f"D.default_collate([{value}, {value}])"
    for i, expr in enumerate(SAMPLERS):
        cases[f"sampler/{i}"] = expr
    for i, expr in enumerate(DATASETS):
        cases[f"dataset/{i}"] = expr
    for i, template in enumerate(SPLIT_TEMPLATES):
        for dname in SPLIT_DATASETS:
            for lengths in SPLITS:
                cases[f"split/{i}/{dname}/{lengths}"] = template.format(d=dname, l=lengths)
    return cases


def _group(name, expression, c):
    parts = name.split("/")
    if parts[0] in ("loader", "workers"):
        options = OPTIONS if parts[0] == "loader" else WORKERS
        return f"{c} {parts[0]}/{parts[1]} [{options[int(parts[3])][:50]}]"
    if parts[0] == "split":
        return f"{c} split/{parts[1]}"
    return f"{c} {parts[0]}"


if __name__ == "__main__":
    main(generate, R.evaluate, group=_group)
