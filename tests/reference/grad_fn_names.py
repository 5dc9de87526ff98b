"""The name of each output's ``grad_fn`` as printed (``grad_fn=<...>``, PyTorch's ``type(y.grad_fn).__name__``) for every op-registry sample and for the
layers tutorials print (``Linear``, convolutions, normalization, pooling, losses): PyTorch's names are recorded
(``python tests/reference/record_torch.py grad_fn_names`` writes ``torch_grad_fn_names.json``) and
tests/test_grad_fn_names.py compares gradlib's."""
import zlib

import numpy

try:
    from op_registry import SAMPLES, outputs_of  # as the recorder imports it
except ImportError:
    from ..op_registry import SAMPLES, outputs_of


def _x(lib, *shape, seed=0):
    rng = numpy.random.default_rng(seed)
    return lib.tensor(rng.standard_normal(shape), dtype=lib.float32, requires_grad=True)


# layer and loss calls tutorials print the grad_fn of (name -> function of lib)
CALLS = {
    "Linear_2d": lambda lib: lib.nn.Linear(3, 2)(_x(lib, 4, 3)),
    "Linear_no_bias": lambda lib: lib.nn.Linear(3, 2, bias=False)(_x(lib, 4, 3)),
    "Linear_3d": lambda lib: lib.nn.Linear(3, 2)(_x(lib, 5, 4, 3)),
    "Linear_1d": lambda lib: lib.nn.Linear(3, 2)(_x(lib, 3)),
    "Conv2d": lambda lib: lib.nn.Conv2d(1, 2, 3)(_x(lib, 1, 1, 5, 5)),
    "Conv1d": lambda lib: lib.nn.Conv1d(1, 2, 3)(_x(lib, 1, 1, 5)),
    "MaxPool2d": lambda lib: lib.nn.MaxPool2d(2)(_x(lib, 1, 1, 4, 4)),
    "AvgPool2d": lambda lib: lib.nn.AvgPool2d(2)(_x(lib, 1, 1, 4, 4)),
    "BatchNorm1d": lambda lib: lib.nn.BatchNorm1d(3)(_x(lib, 4, 3)),
    "LayerNorm": lambda lib: lib.nn.LayerNorm(3)(_x(lib, 4, 3)),
    "Dropout_eval": lambda lib: lib.nn.Dropout().eval()(_x(lib, 4, 3) * 2),
    "ReLU": lambda lib: lib.nn.ReLU()(_x(lib, 4, 3)),
    "Flatten": lambda lib: lib.nn.Flatten()(_x(lib, 2, 3, 4)),
    "Embedding": lambda lib: lib.nn.Embedding(5, 3)(lib.tensor([1, 2])),
    "MSELoss": lambda lib: lib.nn.MSELoss()(_x(lib, 4, 3), _x(lib, 4, 3, seed=1)),
    "L1Loss": lambda lib: lib.nn.L1Loss()(_x(lib, 4, 3), _x(lib, 4, 3, seed=1)),
    "SmoothL1Loss": lambda lib: lib.nn.SmoothL1Loss()(_x(lib, 4, 3), _x(lib, 4, 3, seed=1)),
    "HuberLoss": lambda lib: lib.nn.HuberLoss()(_x(lib, 4, 3), _x(lib, 4, 3, seed=1)),
    "BCELoss": lambda lib: lib.nn.BCELoss()(lib.sigmoid(_x(lib, 4)), lib.tensor([0.0, 1.0, 1.0, 0.0])),
    "BCEWithLogitsLoss": lambda lib: lib.nn.BCEWithLogitsLoss()(_x(lib, 4), lib.tensor([0.0, 1.0, 1.0, 0.0])),
    "CrossEntropyLoss": lambda lib: lib.nn.CrossEntropyLoss()(_x(lib, 4, 3), lib.tensor([0, 2, 1, 1])),
    "NLLLoss": lambda lib: lib.nn.NLLLoss()(_x(lib, 4, 3), lib.tensor([0, 2, 1, 1])),
    "t": lambda lib: _x(lib, 2, 3).t(),
    "T": lambda lib: _x(lib, 2, 3).T,
    "mT": lambda lib: _x(lib, 2, 3).mT,
    "sum": lambda lib: _x(lib, 2, 3).sum(),
    "mean": lambda lib: _x(lib, 2, 3).mean(),
    "pow": lambda lib: _x(lib, 2, 3) ** 2,
    "matmul_2d": lambda lib: _x(lib, 2, 3) @ _x(lib, 3, 4, seed=1),
    "matmul_batched": lambda lib: _x(lib, 5, 2, 3) @ _x(lib, 3, 4, seed=1),
    "view": lambda lib: _x(lib, 2, 3).view(6),
    "softmax": lambda lib: lib.softmax(_x(lib, 2, 3), 1),
    "log_softmax": lambda lib: lib.nn.functional.log_softmax(_x(lib, 2, 3), 1),
    "gelu": lambda lib: lib.nn.functional.gelu(_x(lib, 2, 3)),
    "LSTM_h_n": lambda lib: lib.nn.LSTM(3, 2)(_x(lib, 4, 1, 3))[1][0],
    "GRU_output": lambda lib: lib.nn.GRU(3, 2)(_x(lib, 4, 1, 3))[0],
    "MultiheadAttention_weights": lambda lib: lib.nn.MultiheadAttention(4, 2)(_x(lib, 3, 1, 4), _x(lib, 3, 1, 4),
                                                                               _x(lib, 3, 1, 4))[1],
}


def names(lib):
    """{sample or call name: [grad_fn name or None per output]}."""
    found = {}
    for sample in SAMPLES:
        outputs = outputs_of(sample.function(lib, *sample.make_inputs(lib)))
        found["op/" + sample.name] = [_name(o) for o in outputs]
    for name, call in CALLS.items():
        lib.manual_seed(zlib.crc32(name.encode()))
        found["call/" + name] = [_name(call(lib))]
    return found


def _name(output):
    """The node's name as printed: ``repr(grad_fn)`` is ``<MulBackward0 object at 0x...>`` (PyTorch's type name;
    gradlib's class ``node_name`` where two classes share one)."""
    node = getattr(output, "grad_fn", None)
    return None if node is None else repr(node)[1:].split(" ")[0]


def record():
    """PyTorch's names (the recorder's 'grad_fn_names' section), and the outputs of the registry samples added
    for them (tests/op_registry_names.py)."""
    import json
    import pathlib

    import torch
    import op_registry  # noqa: F401 (first: it loads every op_registry_<topic> module)
    from op_registry_names import SAMPLES as NAMES_SAMPLES
    from record_torch import record_op_dtypes, record_ops
    record_ops(NAMES_SAMPLES, "torch_ops_names.json")
    record_op_dtypes(NAMES_SAMPLES, "torch_op_dtypes_names.json")
    recorded = names(torch)
    path = pathlib.Path(__file__).resolve().parent / "torch_grad_fn_names.json"
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    print(f"wrote {len(recorded)} grad_fn names to {path.name}")
