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
        gy = gradlib.tensor(labels)

        def gradlib_step():
            h = gx
            for i in range(layers):
                h = h @ params[2 * i] + params[2 * i + 1]
                if i < layers - 1:
                    h = h.relu()
            loss = gradlib.nn.functional.cross_entropy(h, gy)
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


def _cnn_data(batch=32):
    rng = numpy.random.default_rng(0)
    images = rng.standard_normal((batch, 1, 28, 28)).astype(numpy.float32)
    labels = rng.integers(0, 10, batch)
    conv_w = rng.uniform(-1 / 3, 1 / 3, (8, 1, 3, 3)).astype(numpy.float32)
    conv_b = rng.uniform(-1 / 3, 1 / 3, (8,)).astype(numpy.float32)
    bound = 1 / numpy.sqrt(8 * 14 * 14)
    fc_w = rng.uniform(-bound, bound, (10, 8 * 14 * 14)).astype(numpy.float32)
    fc_b = rng.uniform(-bound, bound, (10,)).astype(numpy.float32)
    return images, labels, [conv_w, conv_b, fc_w, fc_b]


def cnn_step(libraries, lr=0.01):
    """conv3x3(1->8, pad 1) - relu - maxpool 2 - linear(8*14*14 -> 10) - cross-entropy, one SGD step."""
    images, labels, initial = _cnn_data()
    steps = {}
    for name in ("gradlib", "torch"):
        if name not in libraries:
            continue
        lib = __import__(name)
        params = [lib.tensor(w.copy(), requires_grad=True) for w in initial]
        x = lib.tensor(images)
        y = lib.tensor(labels)
        steps[name] = _autograd_cnn_step(lib, params, x, y, lr)
    weights = [w.copy() for w in initial]
    onehot = numpy.eye(10, dtype=numpy.float32)[labels]
    steps["numpy"] = lambda: _numpy_cnn_step(images, onehot, weights, lr)
    losses = {name: _value(step()) for name, step in steps.items()}
    return steps, losses, 1


def _autograd_cnn_step(lib, params, x, y, lr):
    functional = lib.nn.functional

    def step():
        h = functional.conv2d(x, params[0], params[1], padding=1).relu()
        h = functional.max_pool2d(h, 2).flatten(1)
        loss = functional.cross_entropy(functional.linear(h, params[2], params[3]), y)
        loss.backward()
        with lib.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
        return loss

    return step


def _numpy_cnn_step(images, onehot, weights, lr):
    """The same step written by hand with im2col: what a NumPy-based library could reach."""
    conv_w, conv_b, fc_w, fc_b = weights
    n = images.shape[0]
    padded = numpy.pad(images, ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = numpy.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))  # n,1,28,28,3,3
    columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * 28 * 28, 9)
    conv = (columns @ conv_w.reshape(8, 9).T + conv_b).reshape(n, 28, 28, 8).transpose(0, 3, 1, 2)
    relu = numpy.maximum(conv, 0)
    blocks = relu.reshape(n, 8, 14, 2, 14, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 8, 14, 14, 4)
    arg = blocks.argmax(-1)
    pooled = numpy.take_along_axis(blocks, arg[..., None], -1)[..., 0]
    flat = pooled.reshape(n, -1)
    logits = flat @ fc_w.T + fc_b
    shifted = logits - logits.max(1, keepdims=True)
    exp = numpy.exp(shifted)
    total = exp.sum(1, keepdims=True)
    loss = -((shifted - numpy.log(total)) * onehot).sum() / n
    grad_logits = (exp / total - onehot) / n
    grad_fc_w = grad_logits.T @ flat
    grad_fc_b = grad_logits.sum(0)
    grad_pooled = (grad_logits @ fc_w).reshape(n, 8, 14, 14)
    grad_blocks = numpy.zeros_like(blocks)
    numpy.put_along_axis(grad_blocks, arg[..., None], grad_pooled[..., None], -1)
    grad_relu = grad_blocks.reshape(n, 8, 14, 14, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 8, 28, 28)
    grad_conv = grad_relu * (conv > 0)
    grad_rows = grad_conv.transpose(0, 2, 3, 1).reshape(-1, 8)
    grad_conv_w = (grad_rows.T @ columns).reshape(8, 1, 3, 3)
    grad_conv_b = grad_rows.sum(0)
    for weight, grad in zip(weights, (grad_conv_w, grad_conv_b, grad_fc_w, grad_fc_b)):
        weight -= lr * grad
    return loss


def broadcast_backward(libraries):
    """loss = ((a + b) * b).sum() with a (1024, 1024) and b (1024,): forward and backward."""
    rng = numpy.random.default_rng(0)
    a0 = rng.standard_normal((1024, 1024)).astype(numpy.float32)
    b0 = rng.standard_normal(1024).astype(numpy.float32)
    steps = {}
    for name in ("gradlib", "torch"):
        if name not in libraries:
            continue
        lib = __import__(name)
        a = lib.tensor(a0, requires_grad=True)
        b = lib.tensor(b0, requires_grad=True)

        def step(a=a, b=b):
            a.grad = None
            b.grad = None
            loss = ((a + b) * b).sum()
            loss.backward()
            return loss

        steps[name] = step

    def numpy_step():
        summed = a0 + b0
        loss = (summed * b0).sum()
        grad_a = numpy.broadcast_to(b0, a0.shape).copy()   # a leaf's gradient is materialized
        grad_b = summed.sum(0) + grad_a.sum(0)
        return loss

    steps["numpy"] = numpy_step
    losses = {name: _value(step()) for name, step in steps.items()}
    return steps, losses, 1


WORKLOADS = {
    "per-op overhead (200-op chain, 3 elements), per op": (per_op_overhead, {}, 200),
    "small MLP step 64-128-128-10, batch 32": (mlp_step, {"sizes": (64, 128, 128, 10), "batch": 32}, 200),
    "MLP step 784-1024-1024-10, batch 256": (mlp_step, {"sizes": (784, 1024, 1024, 10), "batch": 256}, 15),
    "small CNN step (conv3x3-relu-maxpool-linear, 32x1x28x28)": (cnn_step, {}, 40),
    "broadcast add/mul/sum backward, (1024,1024)+(1024,)": (broadcast_backward, {}, 40),
}
