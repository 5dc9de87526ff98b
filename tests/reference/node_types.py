"""The type of a graph node as graph-walking code prints it (torchviz labels nodes with ``type(node).__name__``;
tutorials print ``type(y.grad_fn)``): ``[__name__, __qualname__, __module__, repr(type)]`` of each output's
``grad_fn`` for every op-registry sample and every call of ``grad_fn_names.CALLS``, and of the nodes no sample
ends in (a leaf's ``AccumulateGrad``, ``CopySlices``, a custom Function's node, ``NotImplemented``, the two
classes behind one PyTorch name). Written once for gradlib and PyTorch;
``python tests/reference/record_torch.py node_types`` writes ``torch_node_types.json`` and
tests/test_node_types.py compares gradlib's (``torch`` in a module path read as ``gradlib``)."""
import warnings
import zlib

try:
    from grad_fn_names import CALLS  # as the recorder imports it
except ImportError:
    from .grad_fn_names import CALLS
try:
    from op_registry import SAMPLES, outputs_of
except ImportError:
    from ..op_registry import SAMPLES, outputs_of


def _leaf(lib):
    return lib.tensor([1.5, -2.0, 3.0], requires_grad=True)


def _copy_slices(lib):
    copy = _leaf(lib).clone()
    copy[0] = 5.0
    return copy


def _custom_function(lib):
    class Twice(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2
    return Twice.apply(_leaf(lib))


def _double_backward(lib):
    x = _leaf(lib)
    return lib.autograd.grad((x * x).sum(), x, create_graph=True)[0]


def _hooked_linear(lib):
    lib.manual_seed(0)
    layer = lib.nn.Linear(3, 2)
    layer.register_full_backward_hook(lambda module, grad_input, grad_output: None)
    return layer(_leaf(lib))


#: nodes the registry's samples do not end in (name -> function of lib giving a tensor with that grad_fn)
EXTRA = {
    "accumulate_grad": lambda lib: (_leaf(lib) * 2).grad_fn.next_functions[0][0],
    "copy_slices": _copy_slices,
    "custom_function": _custom_function,
    "mul_scalar": lambda lib: _leaf(lib) * 2,
    "mul_tensor": lambda lib: _leaf(lib) * _leaf(lib),
    "div_floor": lambda lib: lib.div(_leaf(lib), 2.0, rounding_mode="floor"),
    "div_true": lambda lib: lib.div(_leaf(lib), _leaf(lib)),
    "floor_divide": lambda lib: _leaf(lib) // 2,
    "remainder_scalar_tensor": lambda lib: 5 % _leaf(lib),
    "add_scalar": lambda lib: _leaf(lib) + 1,
    "double_backward_mul": _double_backward,
    "sum_then_leaf_edge": lambda lib: _leaf(lib).sum(),
    "checkpoint_reentrant": lambda lib: lib.utils.checkpoint.checkpoint(lambda a: a.sin() * 2, _leaf(lib),
                                                                        use_reentrant=True),
    "checkpoint_non_reentrant": lambda lib: lib.utils.checkpoint.checkpoint(lambda a: a.sin() * 2, _leaf(lib),
                                                                            use_reentrant=False),
    "dirichlet_rsample": lambda lib: lib.distributions.Dirichlet(_leaf(lib).abs()).rsample(),
    "full_backward_hook": _hooked_linear,
}


def node_type(node):
    """``[__name__, __qualname__, __module__, repr(type)]`` of a node (None for no node)."""
    if node is None:
        return None
    kind = type(node)
    return [kind.__name__, kind.__qualname__, kind.__module__, repr(kind)]


def _node(value):
    return value if not hasattr(value, "grad_fn") else value.grad_fn


def node_types(lib):
    """{case: [node type per output]} for the registry samples (``op/``), the tutorial calls (``call/``) and
    ``EXTRA`` (``node/``)."""
    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sample in SAMPLES:
            outputs = outputs_of(sample.function(lib, *sample.make_inputs(lib)))
            found["op/" + sample.name] = [node_type(getattr(output, "grad_fn", None)) for output in outputs]
        for name, call in CALLS.items():
            lib.manual_seed(zlib.crc32(name.encode()))
            found["call/" + name] = [node_type(call(lib).grad_fn)]
        for name, make in EXTRA.items():
            found["node/" + name] = [node_type(_node(make(lib)))]
    return found


def record():
    import json
    import pathlib

    import torch
    recorded = node_types(torch)
    path = pathlib.Path(__file__).resolve().parent / "torch_node_types.json"
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    print(f"wrote {len(recorded)} node types to {path.name}")
