"""vmap's batching rules against PyTorch (helper vmap6, issue 15): each case maps a function over inputs with
``vmap`` and keeps the batched result, the per-element loop's result and the gradients of a weighted sum of the
batched result with respect to the inputs. Recorded by ``python tests/reference/record_torch.py vmap6`` into
``torch_vmap6.json``; tests/test_vmap_batched.py runs the same code with gradlib on each device.

Names starting with ``loop_`` are functions with an op that has no batching rule or that needs a batched tensor's
data (the per-op or per-element fallbacks); every other case must run with rules only.
"""

PRELUDE = """\
import math
import torch
import torch.nn.functional as F
from torch.func import vmap, grad, jacrev, jacfwd, hessian, vjp


def t(*shape, s=0.0, grad=True):
    n = math.prod(shape)
    x = ((torch.arange(n, dtype=torch.float64) * 0.731 + s) % 1.7 - 0.8).reshape(shape)
    return x.requires_grad_() if grad else x


def weigh(out):
    return (out * torch.cos(torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape))).sum()


def run(f, xs, in_dims=0, out_dims=0):
    dims = in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(xs)
    out = vmap(f, in_dims=in_dims, out_dims=out_dims)(*xs)
    size = next(x.shape[d] for x, d in zip(xs, dims) if d is not None)
    parts = [f(*[x if d is None else x.select(d, i) for x, d in zip(xs, dims)]) for i in range(size)]
    first = out[0] if isinstance(out, tuple) else out
    loop = (tuple(torch.stack([p[k] for p in parts], out_dims) for k in range(len(out))) if isinstance(out, tuple)
            else torch.stack(parts, out_dims))
    result = {"out": out, "loop": loop}
    if first.requires_grad:
        needed = [x for x in xs if x.requires_grad]
        result["grads"] = torch.autograd.grad(weigh(first), needed, allow_unused=True)
    return result
"""


def _case(call):
    return PRELUDE + f"result = {call}\n"


CASES = {
    # elementwise: unary, binary (ranks aligned, one operand unbatched), ternary, comparisons, activations
    "unary_sin_exp_tanh": _case("run(lambda x: x.sin() * x.exp() + x.tanh(), [t(3, 4)])"),
    "unary_activations": _case("run(lambda x: F.gelu(x) + F.softplus(x) + F.relu(x) + torch.sigmoid(x) "
                               "+ F.leaky_relu(x, 0.1) + F.silu(x), [t(4, 5)])"),
    "unary_abs_sqrt_clone": _case("run(lambda x: (x.abs() + 0.1).sqrt() + x.clone(), [t(3, 2, 2)])"),
    "binary_ranks": _case("run(lambda x, y: x * y + x / (y.abs() + 1) - y ** 2, [t(4, 3), t(4, 2, 3, s=0.3)])"),
    "binary_unbatched": _case("run(lambda x, w: x * w + w - x, [t(5, 3), t(2, 3, s=0.1)], in_dims=(0, None))"),
    "binary_in_dim_1": _case("run(lambda x, y: torch.atan2(x, y + 2) + torch.hypot(x, y), [t(3, 4), t(4, 3, s=0.2)],"
                             " in_dims=(1, 0))"),
    "binary_scalars": _case("run(lambda x: 2 * x + 1 - 3 / (x.abs() + 1) + x ** 3 + 2 ** x, [t(4, 2)])"),
    "ternary": _case("run(lambda x, y: torch.lerp(x, y, 0.3) + torch.addcmul(x, y, x, value=0.5), "
                     "[t(3, 4), t(3, 4, s=0.5)])"),
    "compare": _case("run(lambda x, y: ((x > y) | (x <= 0.1)).double() * x, [t(4, 3), t(4, 3, s=0.7)])"),
    # reductions
    "reduce_sum_all": _case("run(lambda x: x.sum() + x.mean(), [t(4, 2, 3)])"),
    "reduce_dims": _case("run(lambda x: x.sum(0) + x.sum(-1, keepdim=True).sum(0) + x.mean(0, keepdim=True)"
                         ".squeeze(0) + x.unsqueeze(1).sum(1).mean(0), [t(4, 2, 3)])"),
    "reduce_amax_logsumexp_prod": _case("run(lambda x: x.amax(0) + torch.logsumexp(x, 0) + x.prod(0) + x.amin(-1)"
                                        ".sum(), [t(3, 4, 2)])"),
    "reduce_max_dim": _case("run(lambda x: x.max(1), [t(3, 4, 5)])"),
    # matmul and linear
    "matmul_vec_mat": _case("run(lambda v, m: v @ m, [t(4, 3), t(3, 2, s=0.4)], in_dims=(0, None))"),
    "matmul_mat_vec": _case("run(lambda m, v: m @ v, [t(3, 2), t(4, 2, s=0.4)], in_dims=(None, 0))"),
    "matmul_both": _case("run(lambda a, b: a @ b + (a[0] @ b[:, 0]), [t(4, 2, 3), t(4, 3, 5, s=0.2)])"),
    "matmul_vec_vec": _case("run(lambda a, b: torch.dot(a, b) + a @ b, [t(5, 3), t(5, 3, s=0.9)])"),
    "mm_mv": _case("run(lambda a, b: torch.mm(a, b).sum(0) + torch.mv(b.T, a[0]), [t(3, 2, 4), t(3, 4, 2, s=0.3)])"),
    "linear_batched_input": _case("run(lambda x, w, b: F.linear(x, w, b).tanh(), [t(6, 4), t(3, 4, s=0.2), "
                                  "t(3, s=0.5)], in_dims=(0, None, None))"),
    "linear_batched_rows": _case("run(lambda x, w: F.linear(x, w), [t(6, 2, 4), t(3, 4, s=0.2)], "
                                 "in_dims=(0, None))"),
    "linear_batched_weight": _case("run(lambda x, w, b: F.linear(x, w, b), [t(2, 4), t(5, 3, 4, s=0.2), "
                                   "t(5, 3, s=0.5)], in_dims=(None, 0, 0))"),
    # views and indexing
    "view_reshape": _case("run(lambda x: x.reshape(-1) * 2 + x.view(3, 2).sum(0).repeat(3), [t(4, 2, 3)])"),
    "view_transpose_permute_t": _case("run(lambda x: x.transpose(0, 1).permute(2, 0, 1).sum(0) + x.sum(2).T, "
                                      "[t(4, 2, 3, 2)])"),
    "view_expand_squeeze": _case("run(lambda x: x.unsqueeze(0).expand(3, 2, 1).squeeze() + x.squeeze(-1), "
                                 "[t(4, 2, 1)])"),
    "index_basic": _case("run(lambda x: x[1] + x[:, 1] + x[0, ::2].sum() + x[..., None][2, 1], [t(4, 3, 3)])"),
    "split_unbind": _case("run(lambda x: x.split(2, 1)[1] * x.unbind(1)[0].unsqueeze(1), [t(3, 2, 4)])"),
    "cat_stack": _case("run(lambda x, c: torch.cat([x, c, x], 0) + torch.stack([c, x], 1).sum(1).repeat(3), "
                       "[t(4, 3), t(3, s=0.3)], in_dims=(0, None))"),
    # softmax and losses
    "softmax": _case("run(lambda x: F.softmax(x, -1) + F.log_softmax(x, 0), [t(3, 4, 5)])"),
    "cross_entropy": _case("run(lambda x, y: F.cross_entropy(x, y), [t(4, 2, 5), torch.tensor([[1, 4], [0, 0], "
                           "[3, 2], [4, 1]])])"),
    "nll_loss_sum": _case("run(lambda x, y: F.nll_loss(F.log_softmax(x, 1), y, reduction='sum'), [t(3, 2, 4), "
                          "torch.tensor([1, 3])], in_dims=(0, None))"),
    # convolution and pooling
    "conv2d_input": _case("run(lambda x, w, b: F.max_pool2d(F.conv2d(x, w, b, padding=1), 2), [t(3, 2, 2, 5, 5), "
                          "t(4, 2, 3, 3, s=0.1), t(4, s=0.2)], in_dims=(0, None, None))"),
    "conv2d_weight": _case("run(lambda x, w, b: F.avg_pool2d(F.conv2d(x, w, b, stride=2), 2), [t(2, 2, 6, 6), "
                           "t(3, 4, 2, 3, 3, s=0.1), t(3, 4, s=0.2)], in_dims=(None, 0, 0))"),
    "conv2d_both_groups": _case("run(lambda x, w: F.conv2d(x, w, groups=2), [t(3, 1, 4, 5, 5), t(3, 6, 2, 3, 3, "
                                "s=0.4)])"),
    "conv1d": _case("run(lambda x, w: F.conv1d(x, w), [t(3, 2, 2, 7), t(4, 2, 3, s=0.3)], in_dims=(0, None))"),
    # transforms inside vmap, nesting, out_dims
    "nested": _case("run(lambda x, y: vmap(lambda a, b: (a * b).sum() + a.sin())(x, y), [t(3, 4, 5), "
                    "t(3, 4, 5, s=0.1)])"),
    "nested_in_dims": _case("run(lambda x, y: vmap(lambda a, b: a @ b, in_dims=(0, 1))(x, y), [t(2, 3, 4), "
                            "t(2, 4, 3, s=0.2)], in_dims=(0, 0))"),
    "out_dims_1": _case("run(lambda x: x * 2 + x.sum(), [t(4, 3)], out_dims=1)"),
    "per_sample_grads": _case("run(lambda w, x: grad(lambda w, x: (F.linear(x, w).tanh() ** 2).sum())(w, x), "
                              "[t(3, 4, s=0.3), t(5, 4)], in_dims=(None, 0))"),
    "jacrev": _case("run(lambda x, w: jacrev(lambda v: F.linear(v, w).tanh())(x), [t(5, 4), t(3, 4, s=0.3)], "
                    "in_dims=(0, None))"),
    "jacfwd": _case("run(lambda x: jacfwd(lambda v: v.sin() * v.sum())(x), [t(5, 3)])"),
    "hessian": _case("run(lambda x, w: hessian(lambda v: F.linear(v, w).tanh().sum())(x), [t(4, 3), "
                     "t(2, 3, s=0.3)], in_dims=(0, None))"),
    # fallbacks: an op without a rule (per element), data needed (the whole function per element)
    "loop_op_without_rule": _case("run(lambda x: torch.cumsum(x, 0) + torch.flip(x, [0]), [t(4, 3)])"),
    "loop_mse_loss": _case("run(lambda x, y: F.mse_loss(x, y), [t(4, 3), t(4, 3, s=0.4)])"),
    "loop_advanced_index": _case("run(lambda x: x[torch.tensor([2, 0])], [t(4, 3)])"),
    "loop_inplace": _case("run(lambda x: x.clone().mul_(2).add_(x), [t(4, 3)])"),
}
