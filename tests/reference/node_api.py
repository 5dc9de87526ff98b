"""The graph node's own API as PyTorch has it: the saved values a node shows (``grad_fn._saved_<name>``: tensors,
dims, sizes, alpha, exponent...) for every op-registry sample and for the calls tutorials inspect, and the rest of
``torch.autograd.graph.Node``'s surface (``name()``, ``metadata``, hooks and their order, calling a node, version
counters, ``increment_version``, ``is_leaf``/``requires_grad_`` on non-leaves, ``output_nr``). Written once for
gradlib and PyTorch; ``python tests/reference/record_torch.py node_api`` writes ``torch_node_api.json`` and
tests/test_node_api.py compares gradlib's."""
import warnings

import numpy

try:
    from op_registry import SAMPLES, outputs_of  # as the recorder imports it
except ImportError:
    from ..op_registry import SAMPLES, outputs_of


def _value(value, inputs, outputs):
    """A saved value as JSON: a tensor by what it is (``['input', i]``, ``['output', i]``) or by shape, dtype and
    values rounded to 6 digits; tuples of tensors element by element; numbers and the like as they are."""
    if hasattr(value, "grad_fn") and hasattr(value, "shape"):
        for index, tensor in enumerate(inputs):
            if value is tensor:
                return ["input", index]
        for index, tensor in enumerate(outputs):
            if value is tensor:
                return ["output", index]
        array = numpy.asarray(value.detach().cpu().double().numpy() if value.is_floating_point()
                              else value.detach().cpu().numpy())
        return ["tensor", list(value.shape), str(value.dtype).split(".")[-1],
                numpy.round(array.astype(float), 6).reshape(-1).tolist()]
    if isinstance(value, (tuple, list)):
        return [_value(item, inputs, outputs) for item in value]
    if isinstance(value, float) and value != value:
        return "nan"
    return value


def saved_values(node, inputs, outputs):
    """{'_saved_<name>': value} of every saved value the node lists in ``dir``."""
    found = {}
    for name in dir(node):
        if name.startswith("_saved_"):
            try:
                found[name] = _value(getattr(node, name), inputs, outputs)
            except Exception as error:  # noqa: BLE001 (recorded as the class)
                found[name] = ["error", type(error).__name__]
    return found


def _calls(lib):
    """{name: function of lib -> (output, inputs)}: the nodes tutorials inspect."""
    def leaf(*shape, seed=0):
        rng = numpy.random.default_rng(seed)
        return lib.tensor(rng.standard_normal(shape), requires_grad=True)

    def one(function, *shapes):
        def run():
            inputs = [leaf(*shape, seed=i) for i, shape in enumerate(shapes)]
            return function(*inputs), inputs
        return run

    return {
        "sum": one(lambda x: x.sum(), (2, 3)), "sum_dim": one(lambda x: x.sum(1), (2, 3)),
        "sum_dims_keepdim": one(lambda x: x.sum((0, 1), keepdim=True), (2, 3)),
        "mean": one(lambda x: x.mean(), (2, 3)), "mean_dim": one(lambda x: x.mean(0), (2, 3)),
        "view": one(lambda x: x.view(6), (2, 3)), "reshape": one(lambda x: x.reshape(3, 2), (2, 3)),
        "expand": one(lambda x: x.expand(4, 3), (1, 3)), "unsqueeze": one(lambda x: x.unsqueeze(1), (2, 3)),
        "transpose": one(lambda x: x.transpose(0, 1), (2, 3)), "permute": one(lambda x: x.permute(2, 0, 1), (2, 3, 4)),
        "t": one(lambda x: x.t(), (2, 3)),
        "softmax": one(lambda x: x.softmax(1), (2, 3)), "log_softmax": one(lambda x: x.log_softmax(0), (2, 3)),
        "cat": one(lambda x, y: lib.cat([x, y], 1), (2, 3), (2, 2)), "stack": one(lambda x, y: lib.stack([x, y]),
                                                                                     (2, 3), (2, 3)),
        "cumsum": one(lambda x: x.cumsum(1), (2, 3)),
        "add": one(lambda x, y: x + y, (2, 3), (2, 3)), "add_alpha": one(lambda x, y: lib.add(x, y, alpha=2),
                                                                         (2, 3), (2, 3)),
        "add_number": one(lambda x: x + 2, (3,)), "sub": one(lambda x, y: x - y, (3,), (3,)),
        "mul": one(lambda x, y: x * y, (3,), (3,)), "mul_number": one(lambda x: x * 2, (3,)),
        "div": one(lambda x, y: x / y, (3,), (3,)), "pow": one(lambda x: x ** 3, (3,)),
        "exp": one(lambda x: x.exp(), (3,)), "tanh": one(lambda x: x.tanh(), (3,)),
        "sigmoid": one(lambda x: x.sigmoid(), (3,)), "relu": one(lambda x: x.relu(), (3,)),
        "mm": one(lambda x, y: x @ y, (2, 3), (3, 4)),
    }


def _node_api(lib):
    """The rest of Node's surface, each answer JSON (an exception as ['error', class, message])."""
    def answer(function):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return _value(function(), (), ())
        except Exception as error:  # noqa: BLE001 (PyTorch's class and message are the spec)
            return ["error", type(error).__name__, str(error)]

    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = x * w
    accumulate = y.grad_fn.next_functions[0][0]

    def hooks():
        order = []
        z = (x * 2).sum()
        first = z.grad_fn.register_prehook(lambda grads: order.append(["pre1", len(grads)]))
        z.grad_fn.register_hook(lambda grad_inputs, grad_outputs: order.append(["post", len(grad_inputs),
                                                                                len(grad_outputs)]))
        z.grad_fn.register_prehook(lambda grads: order.append(["pre2"]))
        product = z.grad_fn.next_functions[0][0]
        product.register_hook(lambda grad_inputs, _: order.append(["mul", [g is None for g in grad_inputs]]))
        leaf = product.next_functions[0][0]
        leaf.register_prehook(lambda grads: order.append(["leaf pre", len(grads)]))
        leaf.register_hook(lambda grad_inputs, grad_outputs: order.append(["leaf post", len(grad_inputs),
                                                                           len(grad_outputs)]))
        x.register_hook(lambda grad: order.append(["tensor hook"]))
        first.remove()
        z.backward()
        return order

    def replace_in_post_hook():
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        z = a * 3
        z.grad_fn.register_hook(lambda grad_inputs, _: (grad_inputs[0] * 10, None))
        z.sum().backward()
        return a.grad

    def versions():
        a = lib.ones(4)
        view = a[1:]
        a.add_(1)
        a.mul_(2)
        view.zero_()
        a[0] = 3
        a += 1
        a.copy_(lib.zeros(4))
        a.fill_(2)
        return [a._version, view._version]

    def version_after_backward_error():
        a = lib.ones(3, requires_grad=True)
        b = a.exp()
        lib.autograd.graph.increment_version(b)
        b.sum().backward()

    def metadata():
        node = (x * 2).grad_fn
        first = node.metadata
        node.metadata["k"] = 1
        return [first == {}, node.metadata, type(node.metadata).__name__]

    def call_twice():
        z = x * w
        first = z.grad_fn(lib.ones(3))
        return [list(first), z.grad_fn(lib.ones(3) * 2)[0]]

    def raw_saved():
        log = []
        a = lib.ones(3, requires_grad=True)
        z = (a.exp() * 1).sin()
        raw = z.grad_fn._raw_saved_self
        raw.register_hooks(lambda t: (log.append("pack"), t * 1)[1], lambda p: (log.append("unpack"), p)[1])
        events = [type(raw).__name__, list(log)]
        events.append(answer(lambda: raw.register_hooks(lambda t: t, lambda t: t)))
        z.sum().backward()
        events.append(list(log))
        events.append(answer(lambda: (a * 2).grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: t)))
        events.append(answer(lambda: z.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: t)))
        events.append(answer(lambda: a.exp().grad_fn._raw_saved_result.register_hooks(1, lambda t: t))[:2])
        product = a * a
        events.append(product.grad_fn._raw_saved_self.unpack() is a)
        events.append(sorted(n for n in dir(product.grad_fn) if n.startswith(("_saved_", "_raw_saved_"))))
        return events

    return {
        "raw_saved": answer(raw_saved),
        "name": answer(lambda: y.grad_fn.name()),
        "accumulate_name": answer(lambda: accumulate.name()),
        "accumulate_repr": answer(lambda: repr(accumulate).split(" ")[0]),
        "accumulate_variable": answer(lambda: accumulate.variable is x),
        "accumulate_next": answer(lambda: list(accumulate.next_functions)),
        "metadata": answer(metadata),
        "isinstance_node": answer(lambda: [isinstance(y.grad_fn, lib.autograd.graph.Node),
                                           isinstance(accumulate, lib.autograd.graph.Node)]),
        "is_leaf": answer(lambda: [x.is_leaf, y.is_leaf, lib.ones(2).is_leaf, (lib.ones(2) * 2).is_leaf,
                                   x[1:].is_leaf, x.detach().is_leaf]),
        "leaf_grad_fn": answer(lambda: [x.grad_fn is None, lib.ones(2).grad_fn is None]),
        "requires_grad__non_leaf": answer(lambda: (x * 2).requires_grad_()),
        "requires_grad__false_non_leaf": answer(lambda: (x * 2).requires_grad_(False)),
        "requires_grad_assign_non_leaf": answer(lambda: setattr(x * 2, "requires_grad", False)),
        "requires_grad__int": answer(lambda: lib.ones(2, dtype=lib.int64).requires_grad_()),
        "output_nr": answer(lambda: [y.output_nr, x.output_nr, [p.output_nr for p in x.split(1)],
                                     [t.output_nr for t in lib.ones(2, 3, requires_grad=True).max(1)],
                                     [t.output_nr for t in x.unbind()]]),
        "call_mul": answer(lambda: list(y.grad_fn(lib.ones(3)))),
        "call_mul_number": answer(lambda: list((x * 2).grad_fn(lib.ones(3)))),
        "call_exp": answer(lambda: x.exp().grad_fn(lib.ones(3))),
        "call_sum": answer(lambda: x.sum().grad_fn(lib.tensor(1.0, dtype=x.dtype))),
        "call_broadcast": answer(lambda: list((lib.ones(2, 3, dtype=x.dtype) * x).grad_fn(lib.ones(2, 3,
                                                                                               dtype=x.dtype)))),
        "call_requires_grad": answer(lambda: [g.requires_grad for g in y.grad_fn(lib.ones(3))]),
        "call_twice": answer(call_twice),
        "call_after_backward": answer(lambda: (lambda z: (z.sum().backward(), z.grad_fn(lib.ones(3))))(x * w)),
        "hooks": answer(hooks),
        "replace_in_post_hook": answer(replace_in_post_hook),
        "versions": answer(versions),
        "increment_version": answer(lambda: (lambda a: (lib.autograd.graph.increment_version(a),
                                                        lib.autograd.graph.increment_version([a, a[1:]]),
                                                        a._version))(lib.ones(3))[2]),
        "increment_version_refused": answer(lambda: lib.autograd.graph.increment_version(3)),
        "increment_version_saved": answer(version_after_backward_error),
    }


def record_of(lib):
    """{'op/<sample>': saved values of each output's node, 'call/<name>': the same for _calls, 'api/<name>'}."""
    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sample in SAMPLES:
            inputs = sample.make_inputs(lib)
            try:
                outputs = outputs_of(sample.function(lib, *inputs))
            except Exception as error:  # noqa: BLE001
                found["op/" + sample.name] = ["error", type(error).__name__]
                continue
            tensors = [o for o in outputs if hasattr(o, "grad_fn")]
            found["op/" + sample.name] = [saved_values(o.grad_fn, inputs, tensors) if o.grad_fn is not None
                                          else None for o in tensors]
        for name, run in _calls(lib).items():
            output, inputs = run()
            found["call/" + name] = saved_values(output.grad_fn, inputs, [output])
    for name, value in _node_api(lib).items():
        found["api/" + name] = value
    return found


def record():
    import json
    import pathlib

    import torch
    recorded = record_of(torch)
    path = pathlib.Path(__file__).resolve().parent / "torch_node_api.json"
    path.write_text(json.dumps(recorded, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {len(recorded)} node API records to {path.name}")
