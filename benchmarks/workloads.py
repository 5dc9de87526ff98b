"""Workloads, each defined once for every library: gradlib, hand-written NumPy (the limit a NumPy-based
library can reach) and PyTorch (when installed). Each ``make_*`` returns ``{library: step_function}`` plus the
loss each library computed on identical data, which the runner compares before timing anything."""
import numpy

CHAIN_LENGTH = 200


def _value(loss):
    """A loss as a Python float (tensors are detached first, as PyTorch asks)."""
    return float(loss.detach()) if hasattr(loss, "detach") else float(loss)


def per_op_overhead(libraries):
    """200 chained elementwise ops (100 x (mul, add)) on a 3-element tensor, forward + backward."""
    start = numpy.array([0.5, -1.0, 2.0], dtype=numpy.float32)
    steps = {}
    losses = {}

    if "gradlib" in libraries:
        import gradlib
        steps["gradlib"] = _autograd_chain_step(gradlib.tensor(start, requires_grad=True))

    def numpy_step():
        y = start
        for _ in range(CHAIN_LENGTH // 2):
            y = y * numpy.float32(1.001)
            y = y + numpy.float32(0.001)
        loss = y.sum()
        grad = numpy.ones_like(start)
        for _ in range(CHAIN_LENGTH // 2):
            grad = grad * numpy.float32(1.001)
        return loss

    steps["numpy"] = numpy_step

    if "torch" in libraries:
        import torch
        steps["torch"] = _autograd_chain_step(torch.tensor(start, requires_grad=True))
    for name, step in steps.items():
        losses[name] = _value(step())
    return steps, losses, CHAIN_LENGTH


def _autograd_chain_step(x):
    """The chain written once for both autograd libraries (gradlib and PyTorch share the API)."""

    def step():
        x.grad = None
        y = x
        for _ in range(CHAIN_LENGTH // 2):
            y = y * 1.001
            y = y + 0.001
        loss = y.sum()
        loss.backward()
        return loss

    return step


def _mlp_data(sizes, batch):
    rng = numpy.random.default_rng(0)
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / numpy.sqrt(fan_in)
        weights.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(numpy.float32))
        weights.append(rng.uniform(-bound, bound, (fan_out,)).astype(numpy.float32))
    inputs = rng.standard_normal((batch, sizes[0])).astype(numpy.float32)
    labels = rng.integers(0, sizes[-1], batch)
    onehot = numpy.eye(sizes[-1], dtype=numpy.float32)[labels]
    return weights, inputs, labels, onehot


def mlp_step(libraries, sizes, batch, lr=0.01):
    """One SGD training step of a ReLU MLP with softmax cross-entropy (forward, backward, update)."""
    initial, inputs, labels, onehot = _mlp_data(sizes, batch)
    steps = {}
    layers = len(sizes) - 1

    if "gradlib" in libraries:
        import gradlib
        params = [gradlib.tensor(w.copy(), requires_grad=True) for w in initial]
        gx = gradlib.tensor(inputs)
        gy = gradlib.tensor(onehot)

        def gradlib_step():
            h = gx
            for i in range(layers):
                h = h @ params[2 * i] + params[2 * i + 1]
                if i < layers - 1:
                    h = h.relu()
            shifted = h - h.amax(1, keepdim=True).detach()
            log_probs = shifted - shifted.exp().sum(1, keepdim=True).log()
            loss = -(log_probs * gy).sum() / batch
            loss.backward()
            with gradlib.no_grad():
                for p in params:
                    p -= lr * p.grad
                    p.grad = None
            return loss

        steps["gradlib"] = gradlib_step

    weights = [w.copy() for w in initial]

    def numpy_step():
        activations = [inputs]
        h = inputs
        for i in range(layers):
            h = h @ weights[2 * i] + weights[2 * i + 1]
            if i < layers - 1:
                h = numpy.maximum(h, 0)
            activations.append(h)
        shifted = h - h.max(1, keepdims=True)
        exp = numpy.exp(shifted)
        total = exp.sum(1, keepdims=True)
        loss = -((shifted - numpy.log(total)) * onehot).sum() / batch
        grad = (exp / total - onehot) / batch
        for i in reversed(range(layers)):
            grad_w = activations[i].T @ grad
            grad_b = grad.sum(0)
            if i > 0:
                grad = (grad @ weights[2 * i].T) * (activations[i] > 0)
            weights[2 * i] -= lr * grad_w
            weights[2 * i + 1] -= lr * grad_b
        return loss

    steps["numpy"] = numpy_step

    if "torch" in libraries:
        import torch
        tparams = [torch.tensor(w.copy(), requires_grad=True) for w in initial]
        tx = torch.tensor(inputs)
        tlabels = torch.tensor(labels)

        def torch_step():
            h = tx
            for i in range(layers):
                h = h @ tparams[2 * i] + tparams[2 * i + 1]
                if i < layers - 1:
                    h = h.relu()
            loss = torch.nn.functional.cross_entropy(h, tlabels)
            loss.backward()
            with torch.no_grad():
                for p in tparams:
                    p -= lr * p.grad
                    p.grad = None
            return loss

        steps["torch"] = torch_step
    losses = {name: _value(step()) for name, step in steps.items()}
    return steps, losses, 1


WORKLOADS = {
    "per-op overhead (200-op chain, 3 elements), per op": (per_op_overhead, {}, 200),
    "small MLP step 64-128-128-10, batch 32": (mlp_step, {"sizes": (64, 128, 128, 10), "batch": 32}, 200),
    "MLP step 784-1024-1024-10, batch 256": (mlp_step, {"sizes": (784, 1024, 1024, 10), "batch": 256}, 15),
}
