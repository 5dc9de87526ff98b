"""Differential fuzzing of ``utils.data`` against PyTorch (session 18, data18): the cases the sweep of
``tools/fuzz_data18.py`` (the DataLoader over map-style and iterable datasets x loader options x its batches, len()
and iterator; default_collate/default_convert of every kind of sample; the datasets and their indexing;
random_split; the samplers: ~10,600 cases under PyTorch 2.13 and gradlib) found answered differently, one class
per cause, now PyTorch's: the batches' structure (container types, tensor dtype, shape and values), lengths,
random orders (the CPU stream is PyTorch's), warnings, and where PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_data18.json`` by
``python tests/reference/record_torch.py data18`` from the expressions of ``tests/reference/data18.py``. Every
case outside ``KNOWN`` and ``GUARDS`` failed before this session's fixes. ``KNOWN`` lists the differences gradlib
does not follow, with the reason; they are checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json
import warnings

import numpy
import pytest

import gradlib
import recorded_cases
from gradlib.utils.data import DataLoader, IterableDataset, WeightedRandomSampler, default_collate, default_convert
from reference import data18

RECORDED = json.loads(data18.FILE.read_text())

_NUMPY = ("gradlib.as_tensor's conversion of NumPy data (gradlib/_creation.py): PyTorch refuses a NumPy str/bytes "
          "scalar as an invalid data type ('new(): invalid data type') and a view with negative strides (it would "
          "have to copy); gradlib converts the scalar as an array of its dtype and copies the view. A class of the "
          "creation functions, not of utils.data (default_convert calls as_tensor as PyTorch's does)")
KNOWN = {
    "known/numpy_unsigned_dtypes": "uint16/uint32/uint64 NumPy data: gradlib has no such dtypes (PyTorch's are "
                                   "barely usable tensors); default_convert raises gradlib's TypeError",
    "known/numpy_bytes_scalar": "a NumPy bytes scalar: " + _NUMPY,
    "known/numpy_negative_strides": "a reversed view: " + _NUMPY,
    "known/tensor_of_a_mapping": "default_collate of a lone defaultdict reads batch[0] (a new key) and passes the "
                                 "mapping to tensor(): PyTorch's 'Could not infer dtype of "
                                 "collections.defaultdict' is gradlib.tensor's wording for a mapping (another "
                                 "class: tensor()'s refusals)",
    "known/weights_of_strings": "WeightedRandomSampler(['a']): as_tensor(['a'], dtype=float64) words the refusal "
                                "of a string as NumPy does (tensor()'s refusals)",
    "known/map_workers_in_process": "a map-style dataset with num_workers > 0: gradlib reads it in this process, "
                                    "on the dataset itself (no copies of a large dataset), so get_worker_info() is "
                                    "None in __getitem__ and worker_init_fn is not called; the batches are PyTorch's "
                                    "(gradlib/utils/data/dataloader.py's docstring)",
    "known/datapipes": "torch.utils.data's datapipes (IterDataPipe, MapDataPipe, DataChunk, functional_datapipe, "
                       "...) are deprecated in PyTorch and not provided",
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in data18.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in data18.CASES if name not in KNOWN and name not in GUARDS)


#: cases answered otherwise on a GPU by design
ON_GPU = {
    "guards/pin_memory": "pin_memory=True warns only where no accelerator is found (PyTorch's answer was recorded on "
                         "a CPU-only machine)",
}


_answer = functools.partial(recorded_cases.gradlib_answer, data18, gpu_skips=ON_GPU)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(data18, RECORDED, KNOWN, FIXED + GUARDS, _answer)


class _Count(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))


def test_persistent_workers_keep_their_dataset_copies_and_seed(device):
    calls = []
    loader = DataLoader(_Count(4), num_workers=2, persistent_workers=True, worker_init_fn=calls.append)
    first, second = list(loader), list(loader)
    assert [t.tolist() for t in first] == [t.tolist() for t in second] == [[0], [0], [1], [1], [2], [2], [3], [3]]
    assert calls == [0, 1], "persistent workers start (and run worker_init_fn) once"
    again = DataLoader(_Count(4), num_workers=2, worker_init_fn=calls.append)
    list(again), list(again)
    assert calls == [0, 1, 0, 1, 0, 1], "without persistence each epoch starts its workers"


def test_tensor_dataset_batches_stay_on_the_device(device):
    x = gradlib.arange(6.0, device=device).reshape(3, 2)
    batches = list(DataLoader(gradlib.utils.data.TensorDataset(x, x[:, 0]), batch_size=2))
    assert [b[0].device.type for b in batches] == [gradlib.device(device).type] * 2
    assert [b[1].tolist() for b in batches] == [[0.0, 2.0], [4.0]]


def test_weighted_sampler_reads_device_weights_once_per_epoch(device):
    sampler = WeightedRandomSampler(gradlib.tensor([0.0, 1.0, 0.0], device=device), 3)
    assert sampler.weights.device.type == gradlib.device(device).type
    assert list(sampler) == [1, 1, 1]
    with pytest.raises(RuntimeError, match="encountering probability entry < 0"):
        list(WeightedRandomSampler(gradlib.tensor([-1.0, 1.0], device=device), 3))


def test_iterator_warns_past_the_reported_length(device):
    class Lying(IterableDataset):
        def __iter__(self):
            return iter(range(3))

        def __len__(self):
            return 2

    loader = DataLoader(Lying())
    assert len(loader) == 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(list(iter(loader))) == 3
    assert len(caught) == 1 and "was reported to be 2(when accessing len(dataloader)), but 3 samples" in \
        str(caught[0].message)


def test_numpy_samples_become_tensors_on_the_default_device(device):
    array = numpy.array([1.0, 2.0])
    converted = default_convert(array)
    assert converted.device == gradlib.get_default_device()
    batch = default_collate([numpy.float32(1.5), numpy.float32(2.5)])
    assert batch.device == gradlib.get_default_device() and batch.dtype is gradlib.float32
    if gradlib.get_default_device().type == "cpu":
        array[0] = 7.0  # as_tensor shares the array's memory, as PyTorch's
        assert converted.tolist() == [7.0, 2.0]
