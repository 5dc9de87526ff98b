"""Every node's saved-value introspection as PyTorch's: for each output's ``grad_fn`` of every op-registry sample,
of the expressions tutorials introspect (``PROBES``), of the layer calls of ``grad_fn_names.CALLS`` and of the
nodes no sample ends in (``node_types.EXTRA``: CopySlices, NotImplemented, ...): ``[type name, name(), sorted
_saved_*/_raw_saved_* names, {'_saved_<name>': value}]``. A tensor value is ``['input', i]``/``['output', i]``
where it *is* that tensor, else shape, dtype and values (6 digits); numbers, dims, sizes, bools and None are
their ``repr``. Written once for gradlib and PyTorch; ``python tests/reference/record_torch.py saved15`` writes
``torch_saved15.json`` and tests/test_saved15.py compares gradlib's."""
import warnings
import zlib

import numpy

try:
    from grad_fn_names import CALLS  # as the recorder imports it
    from node_types import EXTRA
except ImportError:
    from .grad_fn_names import CALLS
    from .node_types import EXTRA
try:
    from op_registry import SAMPLES, outputs_of
except ImportError:
    from ..op_registry import SAMPLES, outputs_of


def _probe_inputs(lib):
    rng = numpy.random.default_rng(15)
    x = lib.tensor(rng.uniform(0.5, 1.5, (3, 4)), requires_grad=True)
    m = lib.tensor(rng.uniform(0.0, 1.0, (4, 4)), requires_grad=True)
    img = lib.tensor(rng.uniform(0.0, 1.0, (1, 2, 5, 5)), requires_grad=True)
    w = lib.tensor(rng.uniform(0.0, 1.0, (3, 2, 3, 3)), requires_grad=True)
    return {"x": x, "m": m, "img": img, "w": w}


#: expressions of the tutorials' kind (``lib`` is torch or gradlib, ``F`` its nn.functional), on x (3, 4), m (4, 4),
#: img (1, 2, 5, 5) and w (3, 2, 3, 3), float64, requiring grad
PROBES = [
    "x[0]", "x[:, 1:3]", "x[[0, 2]]", "x.sum(1)", "x.mean()", "x.max(1)[0]", "x.amax(1)", "x.pow(2)", "x ** x",
    "x.exp()", "x.log()", "x.sigmoid()", "x.tanh()", "x.relu()", "F.gelu(x)", "F.silu(x)", "F.softmax(x, 1)",
    "F.log_softmax(x, 1)", "x @ m", "x.t()", "x.view(12)", "x.reshape(4, 3)", "x.permute(1, 0)",
    "x.transpose(0, 1)", "x.expand(2, 3, 4)", "x.unsqueeze(0)", "x.squeeze()", "lib.cat([x, x])",
    "lib.stack([x, x])", "x.clamp(0.6, 0.9)", "x.norm()", "x.var(1)", "x.std()", "x.prod(1)", "x.cumsum(1)",
    "x.sort(1)[0]", "x.topk(2)[0]", "x.gather(1, lib.tensor([[0], [1], [2]]))",
    "x.index_select(0, lib.tensor([0, 2]))", "F.conv2d(img, w, padding=1)", "F.max_pool2d(img, 2)",
    "F.avg_pool2d(img, 2)", "F.layer_norm(x, (4,))", "F.linear(x, m)", "F.linear(x, m, x[0])",
    "F.cross_entropy(x, lib.tensor([0, 1, 2]))", "F.mse_loss(x, x.detach())", "F.dropout(x, 0.0)",
    "x.masked_fill(x > 0.9, 0)", "lib.where(x > 0.9, x, x * 2)", "x.flip(0)", "x.roll(1, 0)", "x.repeat(2, 1)",
    "x.abs()", "x.sqrt()", "x.div(m[:3])", "x.mul(2)", "x.add(x, alpha=2)", "x.sub(1)", "x.split(2, 1)[0]",
    "x.chunk(2)[0]", "x.narrow(1, 0, 2)", "x.select(1, 2)", "x.diagonal()", "x.tril()",
    "lib.addmm(x, x[:, :3], m[:3])", "lib.bmm(x.unsqueeze(0), m.unsqueeze(0))", "lib.einsum('ij,jk->ik', x, m)",
    "F.embedding(lib.tensor([0, 2]), x)", "F.batch_norm(img, None, None, training=True)",
    "F.interpolate(img, scale_factor=2)", "F.pad(x, (1, 1))", "x.unfold(1, 2, 1)", "x.logsumexp(1)", "x.min()",
    "x.median()", "x.kthvalue(2)[0]", "x.lerp(m[:3], 0.5)", "x.atan2(m[:3])",
    # more of the same kind: dims and keepdim, scalars of the activations and losses, pooling and conv options
    "x.sum(-1, keepdim=True)", "x.mean(1, keepdim=True)", "x.amin(0)", "x.max()", "x.min(1)[0]",
    "x.cumprod(1)", "x.var(0, correction=0)", "x.std(1, keepdim=True)", "x.norm(dim=1)", "x.norm(p=1)",
    "F.leaky_relu(x, 0.2)", "F.elu(x)", "F.softplus(x, beta=2)", "F.hardtanh(x)", "F.gelu(x, approximate='tanh')",
    "F.threshold(x, 0.8, 0.0)", "F.softmax(x, 0)", "x.clamp(min=0.7)", "x.clamp_max(0.9)", "x.pow(x[0])",
    "lib.pow(2.0, x)", "x.rsqrt()", "x.reciprocal()", "x.sin()", "x.cos()", "x.tan()", "x.log1p()", "x.expm1()",
    "x.erf()", "x.sign()", "x.neg()", "x * m[:3]", "x / 2", "x - m[:3]", "lib.maximum(x, m[:3])",
    "lib.minimum(x, m[:3])", "x.expand_as(m[:3].unsqueeze(0).expand(2, 3, 4))", "x.flatten()",
    "x.unbind(1)[0]", "x.triu(1)", "x.trace()", "x.diag_embed()", "x.cummax(1)[0]", "x.index_add(0, "
    "lib.tensor([0, 0, 1]), m[:3])", "x.scatter(1, lib.tensor([[0], [1], [2]]), m[:3, :1])",
    "x.scatter_add(1, lib.tensor([[0], [1], [2]]), m[:3, :1])", "x.masked_select(x > 0.9)",
    "F.conv1d(x.unsqueeze(0), w[:, :1, 0].expand(3, 3, 3).contiguous(), stride=2)",
    "F.conv2d(img, w, stride=2, dilation=1, groups=1)", "F.max_pool2d(img, 3, stride=1, padding=1)",
    "F.avg_pool2d(img, 3, stride=1, padding=1, count_include_pad=False)", "F.adaptive_avg_pool2d(img, 2)",
    "F.adaptive_max_pool2d(img, 2)", "F.group_norm(img, 1)", "F.nll_loss(x.log_softmax(1), lib.tensor([0, 1, 2]))",
    "F.binary_cross_entropy(x.sigmoid(), x.detach().sigmoid())",
    "F.binary_cross_entropy_with_logits(x, x.detach().sigmoid())", "F.l1_loss(x, m[:3])",
    "F.smooth_l1_loss(x, m[:3])", "F.huber_loss(x, m[:3])", "F.kl_div(x.log(), m[:3], reduction='batchmean')",
    "F.cosine_similarity(x, m[:3])", "F.normalize(x)", "F.interpolate(img, size=(7, 7), mode='bilinear')",
    "F.pixel_shuffle(lib.cat([img, img], 1), 2)", "x[:, :3].cross(m[:3, :3], dim=1)",
    "lib.outer(x[0], m[0])", "lib.dot(x[0], m[0])", "lib.mv(x, m[0])", "x.matmul(m[0])", "x.clone()",
    "x.contiguous()", "x.to(lib.float32)", "x.double()", "x.float()", "x.T", "x.movedim(0, 1)",
    # basic indexing: PyTorch's node is the last of its select/slice/unsqueeze steps, arguments as given
    "x[-1]", "x[1:]", "x[:-1]", "x[::2]", "x[0, 1:3]", "x[..., 2]", "x[None, 1]", "x[:, -2:]", "x[1:3, 0]",
    "x[:, None]", "x[None]", "x[0, None]", "x.unsqueeze(-1)", "x.tril(-1)", "x.roll(1)", "x.roll((1, 2), (0, 1))",
    "F.group_norm(img, 2)", "F.layer_norm(img, (5, 5))", "F.interpolate(img, size=(7, 8))",
    "F.interpolate(img, scale_factor=2, mode='bicubic')", "F.conv_transpose2d(img, w.transpose(0, 1))",
    "x.var()", "x.std(1)", "x.logsumexp(0)", "F.linear(x.unsqueeze(0).expand(2, 3, 4), m)", "F.linear(x[0], m)",
    "2 - x", "lib.div(x, m[:3], rounding_mode=None)", "x.index_select(1, lib.tensor([0, 2]))",
    "lib.linalg.solve_triangular(m.triu() + 1, m[:3], upper=True, left=False)",
    # bounds given as tensors, reductions without a dim, in-place activations, losses' options
    "lib.clamp(x, max=m[0])", "lib.clamp(x, min=m[0])", "lib.clamp(x, m[0], m[0] + 1)", "lib.clamp_min(x, m[0])",
    "lib.aminmax(x)[0]", "lib.aminmax(x, dim=1)[1 - 1]", "x.amin(0)", "F.elu_(x * 1)", "F.leaky_relu_(x * 1)",
    "F.threshold_(x * 1, 0.8, 0.0)", "F.embedding(lib.tensor([0, 2]), x, padding_idx=1)",
    "F.nll_loss(x, lib.tensor([0, 1, 2]), reduction='sum')", "F.l1_loss(x, m[:3], reduction='none')",
    "F.grid_sample(img, img[:, :, :2, :2].permute(0, 2, 3, 1), mode='nearest', align_corners=True)",
    "lib.linalg.svdvals(x)", "lib.linalg.solve(m + 3 * lib.eye(4, dtype=m.dtype), x.t())",
    "F.avg_pool1d(x.unsqueeze(0), 2)", "lib.addbmm(m[:3, :3], x.unsqueeze(0), m.unsqueeze(0)[:, :, :3])",
]


def _tensor_value(value, inputs, outputs):
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


def _value(value, inputs, outputs):
    """A saved value as JSON: a tensor as ``_tensor_value``, a tuple or list item by item, the rest as ``repr``."""
    if hasattr(value, "grad_fn") and hasattr(value, "shape"):
        return _tensor_value(value, inputs, outputs)
    if isinstance(value, (tuple, list)) and any(hasattr(item, "grad_fn") for item in value):
        return [type(value).__name__] + [_value(item, inputs, outputs) for item in value]
    return repr(value)


def node_record(node, inputs, outputs):
    """``[type name, name(), sorted saved names, {'_saved_<name>': value}]`` of a node (None for no node)."""
    if node is None:
        return None
    names = sorted(name for name in dir(node) if name.startswith(("_saved_", "_raw_saved_")))
    values = {}
    for name in names:
        if name.startswith("_saved_"):
            try:
                values[name] = _value(getattr(node, name), inputs, outputs)
            except Exception as error:  # noqa: BLE001 (recorded as the class)
                values[name] = ["error", type(error).__name__]
    return [type(node).__name__, node.name(), names, values]


def _tensors(outputs):
    return [output for output in outputs if hasattr(output, "grad_fn")]


def record_of(lib):
    """{'op/<sample>': [record per output], 'probe/<expression>', 'call/<name>', 'node/<name>': [record]}."""
    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sample in SAMPLES:
            inputs = sample.make_inputs(lib)
            try:
                outputs = _tensors(outputs_of(sample.function(lib, *inputs)))
            except Exception as error:  # noqa: BLE001
                found["op/" + sample.name] = ["error", type(error).__name__]
                continue
            found["op/" + sample.name] = [node_record(output.grad_fn, inputs, outputs) for output in outputs]
        for expression in PROBES:
            scope = dict(_probe_inputs(lib), lib=lib, F=lib.nn.functional)
            output = eval(expression, scope)  # noqa: S307 (the expressions above)
            found["probe/" + expression] = [node_record(output.grad_fn, list(scope.values())[:4], [output])]
        for name, call in CALLS.items():
            lib.manual_seed(zlib.crc32(name.encode()))
            output = call(lib)
            found["call/" + name] = [node_record(output.grad_fn, [], [output])]
        for name, make in EXTRA.items():
            value = make(lib)
            node = value.grad_fn if hasattr(value, "grad_fn") else value
            found["node/" + name] = [node_record(node, [], [value] if hasattr(value, "grad_fn") else [])]
    return found


def record():
    import json
    import pathlib

    import torch
    recorded = record_of(torch)
    path = pathlib.Path(__file__).resolve().parent / "torch_saved15.json"
    path.write_text(json.dumps(recorded, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {len(recorded)} saved-value records to {path.name}")
