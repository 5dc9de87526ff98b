"""Record what PyTorch prints for torch.nn.attention (SDPBackend, sdpa_kernel, the causal biases of
torch.nn.attention.bias with scaled_dot_product_attention) and autograd.Function under torch.func.vmap
(``record()``, section 'fix6c'): the
``vmap`` staticmethod (``VmapInfo``, in_dims, out_dims with None), ``generate_vmap_rule=True`` composed with grad,
jacrev and nested vmap, and PyTorch's refusals (no setup_context, no vmap rule, both rules). Writes
``tests/reference/torch_fix6c.json``: {snippet: printed text}; tests/test_function_vmap.py runs each with gradlib in
place of torch and compares the text (``torch.`` read as ``gradlib.``).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_fix6c.json"

CUBE = """class MyCube(torch.autograd.Function):
    generate_vmap_rule = True
    @staticmethod
    def forward(x):
        return x ** 3, 3 * x ** 2
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0], output[1])
        ctx.scale = 6
    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        return grad_output * dx + grad_dx * ctx.scale * x
def cube(x):
    return MyCube.apply(x)[0]
x = torch.tensor([1., 2., 3., -1.])
"""

EXP = """class MyExp(torch.autograd.Function):
    generate_vmap_rule = True
    @staticmethod
    def forward(x):
        return x.exp()
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)
        ctx.save_for_forward(output)
    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result
    @staticmethod
    def jvp(ctx, x_t):
        result, = ctx.saved_tensors
        return x_t * result
x = torch.tensor([[0., 1.], [2., 3.]])
"""

SORT = """class Sort(torch.autograd.Function):
    @staticmethod
    def forward(x, dim):
        ind = torch.argsort(x, dim=dim)
        return torch.take_along_dim(x, ind, dim), ind
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.mark_non_differentiable(output[1])
        ctx.save_for_backward(output[1])
        ctx.dim = inputs[1]
    @staticmethod
    def backward(ctx, g, _):
        ind, = ctx.saved_tensors
        return torch.zeros_like(g).scatter(ctx.dim, ind, g), None
    @staticmethod
    def vmap(info, in_dims, x, dim):
        if VERBOSE:  # gradlib's batched tensors keep the batch dim in front: in_dims 0 where PyTorch says 1
            print("vmap rule:", info, info.batch_size, in_dims, tuple(x.shape))
        dim = dim if dim >= 0 else dim + x.dim() - 1
        return Sort.apply(x.movedim(in_dims[0], 0), dim + 1), (0, 0)
x = torch.tensor([[3., 1., 2.], [0., 5., -1.]])
VERBOSE = True
"""

REFUSED = """class Old(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g * 2
class NoRule(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x * 2
    @staticmethod
    def setup_context(ctx, inputs, output):
        pass
    @staticmethod
    def backward(ctx, g):
        return g * 2
class Both(NoRule):
    generate_vmap_rule = True
    @staticmethod
    def vmap(info, in_dims, x):
        return x, 0
"""

ATTN = """import warnings
SDPBackend, sdpa_kernel = torch.nn.attention.SDPBackend, torch.nn.attention.sdpa_kernel
bias = torch.nn.attention.bias
CausalBias, CausalVariant = bias.CausalBias, bias.CausalVariant
causal_lower_right, causal_upper_left = bias.causal_lower_right, bias.causal_upper_left
F = torch.nn.functional
q = torch.arange(48.).reshape(1, 2, 3, 8).sin().requires_grad_()
k = torch.arange(80.).reshape(1, 2, 5, 8).cos().requires_grad_()
v = torch.arange(80.).reshape(1, 2, 5, 8).sin().requires_grad_()
"""

ATTENTION = [
    ATTN + "print(SDPBackend.MATH, repr(SDPBackend.FLASH_ATTENTION), int(SDPBackend.EFFICIENT_ATTENTION), "
    "SDPBackend.ERROR.value, SDPBackend.CUDNN_ATTENTION.name)",
    ATTN + "with sdpa_kernel(SDPBackend.MATH) as ctx:\n    out = F.scaled_dot_product_attention(q, k, v)\n"
    "print(ctx, out.grad_fn.name(), F.scaled_dot_product_attention(q, k, v).grad_fn.name())\n"
    "print(torch.allclose(out, F.scaled_dot_product_attention(q, k, v), atol=1e-6))",
    ATTN + "with sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.MATH]):\n"
    "    print(F.scaled_dot_product_attention(q, k, v).grad_fn.name())\n"
    "    print(F.scaled_dot_product_attention(q[0], k[0], v[0]).grad_fn.name())",
    ATTN + "with sdpa_kernel([SDPBackend.FLASH_ATTENTION]):\n    print(F.scaled_dot_product_attention(q, k, v).shape)\n"
    "    F.scaled_dot_product_attention(q, k, v, dropout_p=0.5)",
    ATTN + "with sdpa_kernel(SDPBackend.EFFICIENT_ATTENTION):\n    F.scaled_dot_product_attention(q, k, v)",
    ATTN + "with sdpa_kernel([]):\n    F.scaled_dot_product_attention(q, k, v)",
    ATTN + "with sdpa_kernel('math'):\n    pass",
    ATTN + "with sdpa_kernel(SDPBackend.MATH):\n    with sdpa_kernel(SDPBackend.FLASH_ATTENTION):\n        pass\n"
    "    print(F.scaled_dot_product_attention(q, k, v).grad_fn.name())",
    ATTN + "ul, lr = causal_upper_left(3, 5), causal_lower_right(3, 5)\nprint(type(ul).__name__, ul, lr)\n"
    "print(ul.shape, lr.shape, ul.dtype, ul.variant, lr.variant, ul.seq_len_q, ul.seq_len_kv)\n"
    "print(isinstance(ul, torch.Tensor), ul.requires_grad, list(CausalVariant), CausalVariant.UPPER_LEFT == 1)",
    ATTN + "print(causal_lower_right(3, 5)._materialize(), causal_upper_left(2, 2)._materialize().dtype)",
    ATTN + "a = F.scaled_dot_product_attention(q, k, v, causal_upper_left(3, 5))\n"
    "b = F.scaled_dot_product_attention(q, k, v, is_causal=True)\nprint(torch.equal(a, b), a.grad_fn.name())",
    ATTN + "a = F.scaled_dot_product_attention(q, k, v, causal_lower_right(3, 5))\n"
    "b = F.scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(3, 5, dtype=torch.bool).tril(2))\n"
    "print(torch.allclose(a, b), a.grad_fn.name())\na.sum().backward()\nprint(q.grad.abs().sum() > 0, k.grad.shape)",
    ATTN + "F.scaled_dot_product_attention(q, k, v, causal_lower_right(3, 5), is_causal=True)",
    ATTN + "with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
    "    bias = causal_lower_right(5, 3)\nprint([str(x.message) for x in w], [x.category.__name__ for x in w])",
    ATTN + "CausalBias(1, 2, 3)",
    ATTN + "causal_upper_left(2, 3, 4)",
]

SNIPPETS = ATTENTION + [
    CUBE + "print(torch.vmap(cube)(x))",
    CUBE + "print(torch.vmap(torch.func.grad(cube))(x))",
    CUBE + "print(torch.vmap(torch.func.grad(torch.func.grad(cube)))(x))",
    CUBE + "print(torch.func.jacrev(torch.vmap(cube))(x))",
    CUBE + "print(torch.func.grad(lambda x: torch.vmap(cube)(x).sum())(x))",
    CUBE + "y = torch.vmap(cube)(x.requires_grad_())\ny.sum().backward()\nprint(y.requires_grad, x.grad)\n"
    "print(type(y.grad_fn).__name__, type(y.grad_fn.next_functions[0][0]).__name__)",
    CUBE + "print(torch.vmap(torch.vmap(cube))(x.reshape(2, 2)))",
    CUBE + "print(torch.vmap(torch.func.grad(lambda x: cube(x).sum()))(x.reshape(2, 2)))",
    CUBE + "print(torch.vmap(lambda a, b: cube(a) * b, in_dims=(0, None))(x, torch.tensor(2.)))",
    EXP + "print(torch.vmap(torch.func.jacfwd(MyExp.apply))(x))",
    EXP + "print(torch.vmap(torch.func.jacrev(MyExp.apply))(x), torch.func.jacrev(torch.vmap(MyExp.apply))(x[0]))",
    EXP + "print(torch.vmap(lambda t: torch.func.jvp(MyExp.apply, (t,), (torch.ones(2),))[1])(x))",
    SORT + "print(torch.vmap(lambda r: Sort.apply(r, -1)[0])(x))",
    SORT + "VERBOSE = False\nprint(torch.vmap(lambda r: Sort.apply(r, 0)[1], in_dims=1)(x))",
    SORT + "print(torch.vmap(torch.func.grad(lambda r: (Sort.apply(r, 0)[0] * torch.arange(3.)).sum()))(x))",
    REFUSED + "print(torch.vmap(Old.apply)(torch.ones(2, 3)))",
    REFUSED + "print(torch.vmap(NoRule.apply)(torch.ones(2, 3)))",
    REFUSED + "print(torch.vmap(Both.apply)(torch.ones(2, 3)))",
    REFUSED + "print(Old.apply(torch.ones(2)), NoRule.apply(torch.ones(2)))",
]


def record():
    import torch
    import torch.nn.attention.bias  # noqa: F401 (gradlib.nn.attention.bias is loaded with gradlib.nn)
    from record_torch_shared import run_snippet
    torch.manual_seed(0)
    recorded = {snippet: run_snippet(torch, snippet) for snippet in SNIPPETS}
    PATH.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} snippets to {PATH.relative_to(HERE.parents[1])}")


if __name__ == "__main__":
    record()
