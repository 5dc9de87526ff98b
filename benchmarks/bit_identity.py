"""One SHA-256 over what the eager hot path computes, for checking that a speed-up changed no bit.

    python -m benchmarks.bit_identity        # prints the digest; run it in the tree before and after a change

It hashes (dtype, shape, strides and bytes of each array; the names of the graph's nodes) the losses, gradients
and parameters of 6 SGD steps of two ReLU MLPs with cross_entropy (float32 and float64; inputs holding 0., -0.
and NaN; SGD with momentum for the first layer, ``p -= lr * p.grad`` for the rest), 4 backward passes of the
mixed chain (``y*1.0001``, ``y+0.001``, ``sin``, ``y*c``) over 1e-30, -0. and 3e38, and relu/add/mul/mm/cross_entropy
on -0., +-NaN, +-inf, the smallest subnormal and a transposed layout. Equal digests: the same results bit for bit.
"""
import hashlib

import numpy

import gradlib


def _graph_names(tensor):
    names = []
    stack = [tensor.grad_fn]
    seen = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        names.append(type(node).__name__)
        stack.extend(child for child, _ in node.next_functions)
    return names


class _Digest:
    def __init__(self):
        self.sha = hashlib.sha256()

    def put(self, value):
        if isinstance(value, gradlib.Tensor):
            array = value.detach().cpu().numpy()
            self.sha.update(repr((str(array.dtype), array.shape, array.strides)).encode())
            self.sha.update(numpy.ascontiguousarray(array).tobytes())
        else:
            self.sha.update(repr(value).encode())


def _mlp_steps(digest, rng, dtype, sizes, batch):
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weights += [rng.uniform(-1, 1, (fan_in, fan_out)).astype(dtype), rng.uniform(-1, 1, fan_out).astype(dtype)]
    params = [gradlib.tensor(w, requires_grad=True) for w in weights]
    inputs = rng.standard_normal((batch, sizes[0])).astype(dtype)
    inputs[0, :3] = [0.0, -0.0, numpy.nan if batch == 5 else 1.0]
    x = gradlib.tensor(inputs)
    labels = gradlib.tensor(rng.integers(0, sizes[-1], batch))
    optimizer = gradlib.optim.SGD(params[:2], lr=0.01, momentum=0.9)
    for _ in range(6):
        h = x
        for i in range(len(sizes) - 1):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < len(sizes) - 2:
                h = h.relu()
        loss = gradlib.nn.functional.cross_entropy(h, labels)
        digest.put(_graph_names(loss))
        digest.put(loss)
        loss.backward()
        for p in params:
            digest.put(p.grad)
        optimizer.step()
        optimizer.zero_grad()
        with gradlib.no_grad():
            for p in params[2:]:
                p -= 0.01 * p.grad
                p.grad = None
        for p in params:
            digest.put(p)


def _mixed_chain(digest, dtype):
    x = gradlib.tensor(numpy.array([0.5, -1.0, 2.0, 1e-30, -0.0, 3e38], dtype), requires_grad=True)
    c = gradlib.tensor(numpy.array([1.0001, 0.9999, 1.0, 2.0, 0.5, 1.0], dtype))
    for _ in range(4):
        x.grad = None
        y = x
        for i in range(200):
            y = (y * 1.0001, y + 0.001, y.sin(), y * c)[i % 4]
        digest.put(y)
        y.sum().backward()
        digest.put(x.grad)


def _edge_values(digest, dtype):
    tiny = numpy.finfo(dtype).smallest_subnormal
    edges = numpy.array([0.0, -0.0, numpy.nan, -numpy.nan, numpy.inf, -numpy.inf, tiny, -2.0, 3.0, 1.0, -1.0, 0.5],
                        dtype).reshape(3, 4)
    for layout in (lambda a: a, lambda a: a.T.copy().T):
        t = gradlib.tensor(layout(edges), requires_grad=True)
        b = gradlib.tensor(edges[0], requires_grad=True)
        out = ((t.relu() + b) * t) @ gradlib.tensor(edges.T.copy(), requires_grad=True)
        digest.put(out)
        out.sum().backward()
        digest.put(t.grad)
        digest.put(b.grad)
        logits = gradlib.tensor(edges[:, :3].copy(), requires_grad=True)
        loss = gradlib.nn.functional.cross_entropy(logits, gradlib.tensor([0, 2, 1]))
        digest.put(loss)
        loss.backward()
        digest.put(logits.grad)


def digest():
    """The hex SHA-256 of the hot path's results (module docstring); the same on every run of one tree."""
    result = _Digest()
    rng = numpy.random.default_rng(0)
    for dtype in (numpy.float32, numpy.float64):
        for sizes, batch in (((64, 128, 128, 10), 32), ((20, 30, 7), 5)):
            _mlp_steps(result, rng, dtype, sizes, batch)
        _mixed_chain(result, dtype)
        _edge_values(result, dtype)
    return result.sha.hexdigest()


if __name__ == "__main__":
    print(digest())
