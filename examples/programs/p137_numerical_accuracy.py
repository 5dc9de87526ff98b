# The "Numerical accuracy" docs note and its usual companions: floating point is not associative (batched vs
# sliced computations agree only approximately), extremal values (finfo/iinfo, overflow to inf in float16,
# log(0)), the TF32/reduced-precision flags, stable formulas (log1p/expm1, logsumexp, log_softmax vs log(softmax),
# BCEWithLogits vs sigmoid+BCE, softplus), float64 for gradient checks, and integer/bool dtype pitfalls.
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)

a = torch.tensor(1e8, dtype=torch.float32)
print("1e8 + 1 - 1e8 in float32:", (a + 1 - a).item(), " in float64:", (a.double() + 1 - a.double()).item())
x = torch.tensor([1e-8, 1.0, -1.0], dtype=torch.float32)
print("association:", ((x[0] + x[1]) + x[2]).item(), (x[0] + (x[1] + x[2])).item())

A = torch.randn(10, 10)
B = torch.randn(10, 10)
full = A @ B
rowwise = torch.stack([A[i] @ B for i in range(10)])
print("batched vs sliced allclose:", torch.allclose(full, rowwise, atol=1e-5), " max diff < 1e-5:",
      (full - rowwise).abs().max().item() < 1e-5)

print(torch.finfo(torch.float32))
print(torch.finfo(torch.float16).max, torch.finfo(torch.float16).eps, torch.finfo(torch.float16).tiny)
print(torch.finfo(torch.float64).eps, torch.finfo().bits, torch.finfo(torch.bfloat16).eps)
print(torch.iinfo(torch.int8), torch.iinfo(torch.int32).max, torch.iinfo(torch.uint8).min)

h = torch.tensor([60000.0, 1.0], dtype=torch.float16)
print("float16 overflow:", h * 2, (h * 2).dtype)
print("float16 rounding:", torch.tensor(2049.0, dtype=torch.float16), torch.tensor(0.1, dtype=torch.float16).item())
print("log(0) =", torch.log(torch.tensor(0.0)), " 0/0 =", torch.tensor(0.0) / torch.tensor(0.0))
print("exp(100) float32 =", torch.exp(torch.tensor(100.0)), " float64 =", torch.exp(torch.tensor(100.0, dtype=torch.float64)))
print(torch.isfinite(torch.tensor([1.0, math.inf, -math.inf, math.nan])))
print(torch.nan_to_num(torch.tensor([math.nan, math.inf, -math.inf, 1.0]), nan=0.0, posinf=1e4, neginf=-1e4))

print("allow_tf32 (matmul):", torch.backends.cuda.matmul.allow_tf32)
print("allow_tf32 (cudnn):", torch.backends.cudnn.allow_tf32)
print("float32 matmul precision:", torch.get_float32_matmul_precision())
print("fp16 reduced precision reduction:", torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction)

small = torch.tensor([1e-10, 1e-5, 1e-3])
print("log(1+x):", torch.log(1 + small))
print("log1p(x):", torch.log1p(small))
print("exp(x)-1:", torch.exp(small) - 1)
print("expm1(x):", torch.expm1(small))

big = torch.tensor([1000.0, 1000.0, 999.0])
print("naive logsumexp:", torch.log(torch.exp(big).sum()))
print("torch.logsumexp:", torch.logsumexp(big, dim=0))
print("softmax:", torch.softmax(big, dim=0))
print("log(softmax):", torch.log(torch.softmax(torch.tensor([0.0, 200.0]), 0)))
print("log_softmax:", F.log_softmax(torch.tensor([0.0, 200.0]), 0))

logits = torch.tensor([-200.0, 0.0, 200.0])
target = torch.tensor([1.0, 1.0, 0.0])
print("sigmoid + BCE:", F.binary_cross_entropy(torch.sigmoid(logits), target, reduction='none'))
print("BCE with logits:", F.binary_cross_entropy_with_logits(logits, target, reduction='none'))
print("softplus:", F.softplus(torch.tensor([-100.0, 0.0, 100.0])), torch.log(1 + torch.exp(torch.tensor(100.0))))

# gradients of the unstable and stable forms
z = torch.tensor([0.0, 200.0], requires_grad=True)
torch.log(torch.softmax(z, 0))[0].backward()
print("grad through log(softmax):", z.grad)
z.grad = None
F.log_softmax(z, 0)[0].backward()
print("grad through log_softmax:", z.grad)
w = torch.tensor(0.0, requires_grad=True)
torch.sqrt(w).backward()
print("d sqrt(x)/dx at 0:", w.grad)
w.grad = None
torch.where(w > 0, torch.sqrt(w), torch.zeros_like(w)).backward()
print("through where:", w.grad)

# finite differences: float32 vs float64
def f(t):
    return (t ** 3).sum()

for dtype in (torch.float32, torch.float64):
    t = torch.tensor([1.5], dtype=dtype, requires_grad=True)
    f(t).backward()
    eps = 1e-6
    fd = (f(t.detach() + eps) - f(t.detach() - eps)) / (2 * eps)
    print(dtype, "analytic", t.grad.item(), "fd error small:", abs(fd.item() - t.grad.item()) < 1e-6)

# integer and bool pitfalls
i = torch.tensor([5, -5])
print(i // 2, i / 2, torch.div(i, 2, rounding_mode='trunc'), i % 3, torch.fmod(i, 3))
print(torch.tensor([200], dtype=torch.uint8) + torch.tensor([100], dtype=torch.uint8))
print(torch.tensor([True, False]).sum(), torch.tensor([True, True]) + torch.tensor([True, False]))
print(torch.tensor(0.1) + torch.tensor(0.2) == torch.tensor(0.3), torch.isclose(torch.tensor(0.1) + 0.2, torch.tensor(0.3)))
print(torch.tensor(0.1, dtype=torch.float64) + 0.2 == 0.3)
print(torch.mean(torch.tensor([1, 2], dtype=torch.float32)), torch.tensor([3.7, -3.7]).int(), torch.tensor([2.5, 3.5]).round())
