# Tutorial: "(Beta) Implementing High-Performance Transformers with Scaled Dot Product Attention (SDPA)" (pytorch.org/tutorials/intermediate/scaled_dot_product_attention_tutorial.html)
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(0)

# Example Usage:
query, key, value = torch.randn(2, 3, 8, device=device), torch.randn(2, 3, 8, device=device), torch.randn(2, 3, 8, device=device)
print(F.scaled_dot_product_attention(query, key, value))

# Lets define a helpful benchmarking function:
import torch.utils.benchmark as benchmark


def benchmark_torch_function_in_microseconds(f, *args, **kwargs):
    t0 = benchmark.Timer(
        stmt="f(*args, **kwargs)", globals={"args": args, "kwargs": kwargs, "f": f}
    )
    return t0.timeit(10).mean * 1e6


# Lets define the hyper-parameters of our input
batch_size = 4
max_sequence_len = 64
num_heads = 4
embed_dimension = 32

dtype = torch.float32

query = torch.rand(batch_size, num_heads, max_sequence_len, embed_dimension, device=device, dtype=dtype)
key = torch.rand(batch_size, num_heads, max_sequence_len, embed_dimension, device=device, dtype=dtype)
value = torch.rand(batch_size, num_heads, max_sequence_len, embed_dimension, device=device, dtype=dtype)

print(f"The default implementation runs in {benchmark_torch_function_in_microseconds(F.scaled_dot_product_attention, query, key, value):.3f} microseconds")

# Lets explore the speed of each of the 3 implementations
from torch.nn.attention import SDPBackend, sdpa_kernel

with sdpa_kernel(SDPBackend.MATH):
    math_time = benchmark_torch_function_in_microseconds(F.scaled_dot_product_attention, query, key, value)
    print(f"The math implementation runs in {math_time:.3f} microseconds")
    math_out = F.scaled_dot_product_attention(query, key, value)

default_out = F.scaled_dot_product_attention(query, key, value)
print("math and default agree:", torch.allclose(math_out, default_out, atol=1e-5))


# The explicit formula
def naive_attention(q, k, v, attn_mask=None, is_causal=False):
    L, S = q.size(-2), k.size(-2)
    scale = 1 / math.sqrt(q.size(-1))
    attn_bias = torch.zeros(L, S, dtype=q.dtype)
    if is_causal:
        temp_mask = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        attn_bias.masked_fill_(temp_mask.logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias.masked_fill_(attn_mask.logical_not(), float("-inf"))
        else:
            attn_bias = attn_bias + attn_mask
    attn_weight = q @ k.transpose(-2, -1) * scale
    attn_weight += attn_bias
    attn_weight = torch.softmax(attn_weight, dim=-1)
    return attn_weight @ v


print("naive matches:", torch.allclose(naive_attention(query, key, value), default_out, atol=1e-5))
causal = F.scaled_dot_product_attention(query, key, value, is_causal=True)
print("causal matches:", torch.allclose(naive_attention(query, key, value, is_causal=True), causal, atol=1e-5))
mask = torch.rand(max_sequence_len, max_sequence_len) > 0.3
mask.fill_diagonal_(True)
masked = F.scaled_dot_product_attention(query, key, value, attn_mask=mask)
print("bool mask matches:", torch.allclose(naive_attention(query, key, value, attn_mask=mask), masked, atol=1e-5))
scaled = F.scaled_dot_product_attention(query, key, value, scale=0.5)
print("custom scale shape:", scaled.shape)


class CausalSelfAttention(nn.Module):

    def __init__(self, num_heads: int, embed_dimension: int, bias: bool = False, is_causal: bool = False, dropout: float = 0.0):
        super().__init__()
        assert embed_dimension % num_heads == 0
        # key, query, value projections for all heads, but in a batch
        self.c_attn = nn.Linear(embed_dimension, 3 * embed_dimension, bias=bias)
        # output projection
        self.c_proj = nn.Linear(embed_dimension, embed_dimension, bias=bias)
        # regularization
        self.dropout = dropout
        self.resid_dropout = nn.Dropout(dropout)
        self.num_heads = num_heads
        self.embed_dimension = embed_dimension
        # Perform causal masking
        self.is_causal = is_causal

    def forward(self, x):
        # calculate query, key, values for all heads in batch and move head forward to be the batch dim
        query_projected = self.c_attn(x)

        batch_size = query_projected.size(0)
        embed_dim = query_projected.size(2)
        head_dim = embed_dim // (self.num_heads * 3)

        query, key, value = query_projected.chunk(3, -1)
        query = query.view(batch_size, -1, self.num_heads, head_dim).transpose(1, 2)
        key = key.view(batch_size, -1, self.num_heads, head_dim).transpose(1, 2)
        value = value.view(batch_size, -1, self.num_heads, head_dim).transpose(1, 2)

        if self.training:
            dropout = self.dropout
            is_causal = self.is_causal
        else:
            dropout = 0.0
            is_causal = False

        y = F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=dropout, is_causal=is_causal)
        y = y.transpose(1, 2).contiguous().view(batch_size, -1, self.num_heads * head_dim)

        y = self.resid_dropout(self.c_proj(y))
        return y


num_heads = 8
heads_per_dim = 8
embed_dimension = num_heads * heads_per_dim
model = CausalSelfAttention(num_heads=num_heads, embed_dimension=embed_dimension, bias=False, is_causal=True, dropout=0.1).to(device).to(dtype).eval()
print(model)

x = torch.rand(batch_size, max_sequence_len, embed_dimension, device=device, dtype=dtype)
with torch.no_grad():
    y = model(x)
print(y.shape, y.dtype, y.requires_grad)
print(f"The non compiled module runs in  {benchmark_torch_function_in_microseconds(model, x):.3f} microseconds")

# Training mode: dropout and causal masking are active; gradients flow through SDPA
model.train()
out = model(x)
loss = out.pow(2).mean()
loss.backward()
print("loss grad_fn:", loss.grad_fn)
print("c_attn grad:", model.c_attn.weight.grad.shape, "c_proj grad:", model.c_proj.weight.grad.shape)
q = torch.randn(2, 2, 5, 4, requires_grad=True)
k = torch.randn(2, 2, 5, 4, requires_grad=True)
v = torch.randn(2, 2, 5, 4, requires_grad=True)
F.scaled_dot_product_attention(q, k, v, is_causal=True).sum().backward()
q2, k2, v2 = (t.detach().clone().requires_grad_() for t in (q, k, v))
naive_attention(q2, k2, v2, is_causal=True).sum().backward()
print("grads match naive:", torch.allclose(q.grad, q2.grad, atol=1e-5), torch.allclose(k.grad, k2.grad, atol=1e-5),
      torch.allclose(v.grad, v2.grad, atol=1e-5))

# Using SDPA with attn_bias subclasses
from torch.nn.attention.bias import causal_lower_right, causal_upper_left

batch_size = 4
num_heads = 4
seq_len_q = 6
seq_len_kv = 10
head_dim = 8

query = torch.ones(batch_size, num_heads, seq_len_q, head_dim, device=device, dtype=dtype)
key = torch.randn(batch_size, num_heads, seq_len_kv, head_dim, device=device, dtype=dtype)
value = torch.randn(batch_size, num_heads, seq_len_kv, head_dim, device=device, dtype=dtype)

upper_left_bias = causal_upper_left(seq_len_q, seq_len_kv)
lower_right_bias = causal_lower_right(seq_len_q, seq_len_kv)

print(type(upper_left_bias))
print(type(lower_right_bias))

assert type(upper_left_bias) == type(lower_right_bias)
assert issubclass(type(upper_left_bias), torch.Tensor)

# As you can see from the previous output, are the same type ``torch.nn.attention.bias.CausalBias``
# and subclass ``torch.Tensor``

# Lets see what these tensors look like
print(upper_left_bias)
print(lower_right_bias)

# Upper Left Bias aligns the causal attention mask to the upper left corner of the attention scores matrix.
# This only has an impact when the attention scores matrix is not square, which is common for decoding use cases.
# Another way of thinking about this concept is that when you use upper left bias,
# the 0th token in the query is aligned to the 0th token in the key, while for lower right bias,
# Assuming the attention score matrix is two dimensional, ``attn_score[0][0]`` is the attention score
# between the 0th token in the query and the 0th token in the key.
# For lower right bias, the sequence of q is aligned so that the last token in q is aligned to the last token in k
# (for example, ``attn_score[-1][-1])`` is all True since the last token in q is at the same position as the last token in k
# even if the sequence length of q and k are different.

# These objects are intended to be used with sdpa
out_upper_left = F.scaled_dot_product_attention(query, key, value, upper_left_bias)
out_lower_right = F.scaled_dot_product_attention(query, key, value, lower_right_bias)
out_is_causal = F.scaled_dot_product_attention(query, key, value, is_causal=True)

assert torch.allclose(out_upper_left, out_is_causal)
assert not torch.allclose(out_upper_left, out_lower_right)
print("upper_left == is_causal:", torch.allclose(out_upper_left, out_is_causal))
print("lower_right differs:", not torch.allclose(out_upper_left, out_lower_right))
print(out_lower_right.shape)
