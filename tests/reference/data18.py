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
}

#: differences the sweep found and gradlib does not follow (tests/test_data18.py KNOWN gives each one's reason)
KNOWN_CASES = {
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
