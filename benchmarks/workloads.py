"""Workloads, each defined once for every library: gradlib, hand-written array code (the limit a library built
on that array module can reach: NumPy on the CPU, CuPy on CUDA, the same code written against ``xp``) and
PyTorch (when installed). Each workload function returns ``{library: step_function}`` plus the loss each library
computed on identical data, which the runner compares before timing anything, and the number of items a step
counts for."""
import numpy

CHAIN_LENGTH = 200


class Target:
    """Where the workloads run: gradlib's and PyTorch's device, and the array module ``xp`` of the hand-written
    versions, named ``hand`` in the results ('numpy' on the CPU, 'cupy' on CUDA)."""

    def __init__(self, device="cpu", xp=numpy, torch_device="cpu"):
        self.device = device
        self.xp = xp
        self.hand = xp.__name__
        self.torch_device = torch_device

    def put(self, array):
        """A host (NumPy) array as a new array of the hand-written versions' module (a copy, never shared)."""
        return self.xp.array(array)


CPU = Target()


def _value(loss):
    """A loss as a Python float (tensors are detached first, as PyTorch asks). The class is asked, not the
    array: CuPy's stand-in records every missing attribute looked up on an array."""
    return float(loss.detach()) if hasattr(type(loss), "detach") else float(loss)


def per_op_overhead(libraries, target=CPU):
    """200 chained elementwise ops (100 x (mul, add)) on a 3-element tensor, forward + backward."""
    host_start = numpy.array([0.5, -1.0, 2.0], dtype=numpy.float32)
    steps = {}
    losses = {}

    if "gradlib" in libraries:
        import gradlib
        steps["gradlib"] = _autograd_chain_step(gradlib.tensor(host_start, requires_grad=True, device=target.device))

    xp = target.xp
    start = target.put(host_start)

    def hand_step():
        y = start
        for _ in range(CHAIN_LENGTH // 2):
            y = y * xp.float32(1.001)
            y = y + xp.float32(0.001)
        loss = y.sum()
        grad = xp.ones_like(start)
        for _ in range(CHAIN_LENGTH // 2):
            grad = grad * xp.float32(1.001)
        return loss

    steps[target.hand] = hand_step

    if "torch" in libraries:
        import torch
        steps["torch"] = _autograd_chain_step(torch.tensor(host_start, requires_grad=True,
                                                           device=target.torch_device))
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


def mlp_step(libraries, sizes, batch, lr=0.01, target=CPU):
    """One SGD training step of a ReLU MLP with softmax cross-entropy (forward, backward, update)."""
    initial, host_inputs, labels, host_onehot = _mlp_data(sizes, batch)
    steps = {}
    layers = len(sizes) - 1

    if "gradlib" in libraries:
        import gradlib
        params = [gradlib.tensor(w.copy(), requires_grad=True, device=target.device) for w in initial]
        gx = gradlib.tensor(host_inputs, device=target.device)
        gy = gradlib.tensor(labels, device=target.device)

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

    xp = target.xp
    weights = [target.put(w) for w in initial]
    inputs = target.put(host_inputs)
    onehot = target.put(host_onehot)

    def hand_step():
        activations = [inputs]
        h = inputs
        for i in range(layers):
            h = h @ weights[2 * i] + weights[2 * i + 1]
            if i < layers - 1:
                h = xp.maximum(h, 0)
            activations.append(h)
        shifted = h - h.max(1, keepdims=True)
        exp = xp.exp(shifted)
        total = exp.sum(1, keepdims=True)
        loss = -((shifted - xp.log(total)) * onehot).sum() / batch
        grad = (exp / total - onehot) / batch
        for i in reversed(range(layers)):
            grad_w = activations[i].T @ grad
            grad_b = grad.sum(0)
            if i > 0:
                grad = (grad @ weights[2 * i].T) * (activations[i] > 0)
            weights[2 * i] -= lr * grad_w
            weights[2 * i + 1] -= lr * grad_b
        return loss

    steps[target.hand] = hand_step

    if "torch" in libraries:
        import torch
        tparams = [torch.tensor(w.copy(), requires_grad=True, device=target.torch_device) for w in initial]
        tx = torch.tensor(host_inputs, device=target.torch_device)
        tlabels = torch.tensor(labels, device=target.torch_device)

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


def cnn_step(libraries, lr=0.01, target=CPU):
    """conv3x3(1->8, pad 1) - relu - maxpool 2 - linear(8*14*14 -> 10) - cross-entropy, one SGD step."""
    images, labels, initial = _cnn_data()
    steps = {}
    for name in ("gradlib", "torch"):
        if name not in libraries:
            continue
        lib = __import__(name)
        device = target.device if name == "gradlib" else target.torch_device
        params = [lib.tensor(w.copy(), requires_grad=True, device=device) for w in initial]
        x = lib.tensor(images, device=device)
        y = lib.tensor(labels, device=device)
        steps[name] = _autograd_cnn_step(lib, params, x, y, lr)
    xp = target.xp
    weights = [target.put(w) for w in initial]
    onehot = target.put(numpy.eye(10, dtype=numpy.float32)[labels])
    hand_images = target.put(images)
    steps[target.hand] = lambda: _hand_cnn_step(xp, hand_images, onehot, weights, lr)
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


def _hand_cnn_step(xp, images, onehot, weights, lr):
    """The same step written by hand with im2col: what a library built on ``xp`` could reach."""
    conv_w, conv_b, fc_w, fc_b = weights
    n = images.shape[0]
    padded = xp.pad(images, ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = xp.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))  # n,1,28,28,3,3
    columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * 28 * 28, 9)
    conv = (columns @ conv_w.reshape(8, 9).T + conv_b).reshape(n, 28, 28, 8).transpose(0, 3, 1, 2)
    relu = xp.maximum(conv, 0)
    blocks = relu.reshape(n, 8, 14, 2, 14, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 8, 14, 14, 4)
    arg = blocks.argmax(-1)
    pooled = xp.take_along_axis(blocks, arg[..., None], -1)[..., 0]
    flat = pooled.reshape(n, -1)
    logits = flat @ fc_w.T + fc_b
    shifted = logits - logits.max(1, keepdims=True)
    exp = xp.exp(shifted)
    total = exp.sum(1, keepdims=True)
    loss = -((shifted - xp.log(total)) * onehot).sum() / n
    grad_logits = (exp / total - onehot) / n
    grad_fc_w = grad_logits.T @ flat
    grad_fc_b = grad_logits.sum(0)
    grad_pooled = (grad_logits @ fc_w).reshape(n, 8, 14, 14)
    grad_blocks = xp.zeros_like(blocks)
    xp.put_along_axis(grad_blocks, arg[..., None], grad_pooled[..., None], -1)
    grad_relu = grad_blocks.reshape(n, 8, 14, 14, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 8, 28, 28)
    grad_conv = grad_relu * (conv > 0)
    grad_rows = grad_conv.transpose(0, 2, 3, 1).reshape(-1, 8)
    grad_conv_w = (grad_rows.T @ columns).reshape(8, 1, 3, 3)
    grad_conv_b = grad_rows.sum(0)
    for weight, grad in zip(weights, (grad_conv_w, grad_conv_b, grad_fc_w, grad_fc_b)):
        weight -= lr * grad
    return loss


def broadcast_backward(libraries, target=CPU):
    """loss = ((a + b) * b).sum() with a (1024, 1024) and b (1024,): forward and backward."""
    rng = numpy.random.default_rng(0)
    host_a = rng.standard_normal((1024, 1024)).astype(numpy.float32)
    host_b = rng.standard_normal(1024).astype(numpy.float32)
    steps = {}
    for name in ("gradlib", "torch"):
        if name not in libraries:
            continue
        lib = __import__(name)
        device = target.device if name == "gradlib" else target.torch_device
        a = lib.tensor(host_a, requires_grad=True, device=device)
        b = lib.tensor(host_b, requires_grad=True, device=device)

        def step(a=a, b=b):
            a.grad = None
            b.grad = None
            loss = ((a + b) * b).sum()
            loss.backward()
            return loss

        steps[name] = step

    xp = target.xp
    a0 = target.put(host_a)
    b0 = target.put(host_b)

    def hand_step():
        summed = a0 + b0
        loss = (summed * b0).sum()
        grad_a = xp.broadcast_to(b0, a0.shape).copy()   # a leaf's gradient is materialized
        grad_b = summed.sum(0) + grad_a.sum(0)
        return loss

    steps[target.hand] = hand_step
    losses = {name: _value(step()) for name, step in steps.items()}
    return steps, losses, 1


WIDE_INPUTS = 10 ** 5


def wide_node(libraries, target=CPU, inputs=WIDE_INPUTS):
    """stack of ``inputs`` leaves (3 elements each), summed, backward: one node with 10^5 inputs, which the
    engine must handle in time linear in its inputs (it once compared each gradient with all earlier ones)."""
    rng = numpy.random.default_rng(0)
    host = rng.standard_normal((inputs, 3)).astype(numpy.float32)
    steps = {}
    for name in ("gradlib", "torch"):
        if name not in libraries:
            continue
        lib = __import__(name)
        device = target.device if name == "gradlib" else target.torch_device
        leaves = [lib.tensor(row, requires_grad=True, device=device) for row in host]

        def step(lib=lib, leaves=leaves):
            loss = lib.stack(leaves).sum()
            loss.backward()  # the leaves' .grad accumulate from step to step, in both libraries alike
            return loss

        steps[name] = step

    xp = target.xp
    rows = [target.put(row) for row in host]

    def hand_step():
        loss = xp.stack(rows).sum()
        grad = xp.ones((len(rows), 3), dtype=xp.float32)
        grads = [grad[index] for index in range(len(rows))]  # one gradient per leaf, as the libraries hand out
        return loss if grads else None

    steps[target.hand] = hand_step
    losses = {name: _value(step()) for name, step in steps.items()}
    return steps, losses, 1


WORKLOADS = {
    "per-op overhead (200-op chain, 3 elements), per op": (per_op_overhead, {}, 200),
    "small MLP step 64-128-128-10, batch 32": (mlp_step, {"sizes": (64, 128, 128, 10), "batch": 32}, 200),
    "MLP step 784-1024-1024-10, batch 256": (mlp_step, {"sizes": (784, 1024, 1024, 10), "batch": 256}, 15),
    "small CNN step (conv3x3-relu-maxpool-linear, 32x1x28x28)": (cnn_step, {}, 40),
    "broadcast add/mul/sum backward, (1024,1024)+(1024,)": (broadcast_backward, {}, 40),
    "wide node: stack of 10^5 leaves (3 elements), sum, backward": (wide_node, {}, 3),
}


def cuda_workloads(stand_in=False):
    """The CPU workloads plus an MLP wide enough to keep a GPU busy (4096 wide, batch 1024). On the CuPy
    stand-in, whose arrays are NumPy's on the CPU, that MLP shrinks to 512 wide, batch 128 and the wide node to
    10^3 inputs: there they only have to show that the code runs, and full size would take minutes."""
    width, batch = (512, 128) if stand_in else (4096, 1024)
    large = (f"MLP step {width}-{width}-{width}-10, batch {batch}",
             (mlp_step, {"sizes": (width, width, width, 10), "batch": batch}, 30))
    workloads = {}
    for name, entry in WORKLOADS.items():
        if stand_in and entry[0] is wide_node:  # 10^5 host-to-"device" copies on the stand-in: shows nothing
            name, entry = name.replace("10^5", "10^3"), (wide_node, {"inputs": 10 ** 3}, entry[2])
        workloads[name] = entry
        if name.startswith("MLP step 784"):
            workloads[large[0]] = large[1]
    return workloads
