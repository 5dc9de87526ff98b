"""When reading ``.grad`` warns (PyTorch's UserWarning on a non-leaf tensor that does not retain its gradient):
every op-registry sample's outputs, and the ways tutorials read it (print, f-strings, ``is None``, after
``retain_grad()``, leaves, ``no_grad``, detached tensors, views, in-place results, parameters, module outputs).
Written once for gradlib and PyTorch; ``python tests/reference/record_torch.py nonleaf_grad`` writes
``torch_nonleaf_grad.json`` (per case: the warnings' categories and texts, in order) and
tests/test_nonleaf_grad.py compares gradlib's."""
import io
import contextlib
import warnings

try:
    from op_registry import SAMPLES, outputs_of  # as the recorder imports it
except ImportError:
    from ..op_registry import SAMPLES, outputs_of


def _caught(function):
    """The warnings ``function()`` gives, as [category, text] pairs (an exception as ['error', class name])."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                function()
        except Exception as error:  # noqa: BLE001 (compared with PyTorch's)
            return [["error", type(error).__name__]]
    return [[w.category.__name__, str(w.message)] for w in caught]


def _read_in_no_grad(lib, tensor):
    with lib.no_grad():
        return tensor.grad


def _retained(lib, x):
    y = x * 3
    y.retain_grad()
    return y


def _backward_then_read(lib, x):
    y = x * 3
    z = y.sin()
    z.retain_grad()
    z.sum().backward()
    return y.grad, z.grad, x.grad


def _inplace(lib, x):
    y = x * 1
    y.add_(1)
    return y


def _setitem(lib, x):
    y = x * 1
    y[0] = 2.0
    return y


def _view_after_inplace(lib, x):
    y = x * 1
    view = y[1:]
    y.mul_(2)
    return view


def _cases(lib):
    x = lib.ones(3, requires_grad=True)
    matrix = lib.ones(2, 3, requires_grad=True)
    linear = lib.nn.Linear(3, 2)
    with lib.no_grad():
        made_in_no_grad = x * 2
    return {
        "op": lambda: (x * 2).grad,
        "op_twice": lambda: [(x * 2).grad for _ in range(2)],
        "print": lambda: print((x * 2).grad),
        "fstring": lambda: f"{(x * 2).grad}",
        "is_none": lambda: (x * 2).grad is None,
        "hasattr": lambda: hasattr(x * 2, "grad"),
        "getattr_default": lambda: getattr(x * 2, "grad", None),
        "sum": lambda: x.sum().grad,
        "retained": lambda: _retained(lib, x).grad,
        "backward_then_read": lambda: _backward_then_read(lib, lib.ones(3, requires_grad=True)),
        "leaf": lambda: x.grad,
        "leaf_without_grad": lambda: lib.ones(2).grad,
        "parameter": lambda: linear.weight.grad,
        "module_output": lambda: linear(lib.ones(3)).grad,
        "module_output_in_no_grad": lambda: _read_in_no_grad(lib, linear(lib.ones(3))),
        "read_in_no_grad": lambda: _read_in_no_grad(lib, x * 2),
        "made_in_no_grad": lambda: made_in_no_grad.grad,
        "detached": lambda: (x * 2).detach().grad,
        "data": lambda: (x * 2).data.grad,
        "clone": lambda: x.clone().grad,
        "view": lambda: x.view(3).grad,
        "slice": lambda: x[1:].grad,
        "transpose": lambda: matrix.T.grad,
        "view_of_detached": lambda: x.detach()[1:].grad,
        "inplace": lambda: _inplace(lib, x).grad,
        "setitem": lambda: _setitem(lib, x).grad,
        "view_after_inplace": lambda: _view_after_inplace(lib, x).grad,
        "split": lambda: [part.grad for part in x.split(1)],
        "unbind": lambda: [part.grad for part in matrix.unbind()],
        "max_dim": lambda: [part.grad for part in matrix.max(1)],
        "assigned": lambda: setattr(x * 2, "grad", None),
        "deleted": lambda: delattr(x * 2, "grad"),
        "requires_grad_false": lambda: lib.ones(2).requires_grad_(False).grad,
    }


def warnings_of(lib):
    """{'case/<name>' and 'op/<sample>': the warnings of reading .grad; 'messages': their texts}."""
    found = {}
    for name, function in _cases(lib).items():
        found["case/" + name] = _caught(function)
    for sample in SAMPLES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                outputs = outputs_of(sample.function(lib, *sample.make_inputs(lib)))
            except Exception as error:  # noqa: BLE001
                found["op/" + sample.name] = [["error", type(error).__name__]]
                continue
        tensors = [o for o in outputs if isinstance(o, lib.Tensor)]
        found["op/" + sample.name] = _caught(lambda: [o.grad for o in tensors])
    # each text once, in the order met: a case lists [category, index into 'messages']
    messages = []
    for name, caught in found.items():
        for warning in caught:
            if warning[0] != "error":
                if warning[1] not in messages:
                    messages.append(warning[1])
                warning[1] = messages.index(warning[1])
    found["messages"] = messages
    return found


def record():
    import json
    import pathlib

    import torch
    recorded = warnings_of(torch)
    path = pathlib.Path(__file__).resolve().parent / "torch_nonleaf_grad.json"
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    print(f"wrote {len(recorded)} .grad warning cases to {path.name}")
