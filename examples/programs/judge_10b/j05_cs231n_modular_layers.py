# CS231n assignment 2 style "layers.py" written with torch tensors: affine/ReLU/batchnorm/dropout forward and
# backward functions that return caches, a relative-error helper, numeric gradient checks, checks against
# torch.autograd, and a two-layer net trained with the hand-written backward pass and SGD+momentum.
import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def rel_error(x, y):
    return ((x - y).abs() / (x.abs() + y.abs()).clamp(min=1e-8)).max().item()


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    return dx, dw, dout.sum(0)


def relu_forward(x):
    return x.clamp(min=0), x


def relu_backward(dout, x):
    return dout * (x > 0)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu, var = x.mean(0), x.var(0, unbiased=False)
    xhat = (x - mu) / torch.sqrt(var + eps)
    return gamma * xhat + beta, (xhat, gamma, var, eps)


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, var, eps = cache
    N = dout.shape[0]
    dgamma, dbeta = (dout * xhat).sum(0), dout.sum(0)
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0)) / (N * torch.sqrt(var + eps))
    return dx, dgamma, dbeta


def dropout_forward(x, p, mode):
    if mode == "train":
        mask = (torch.rand_like(x) < p) / p  # inverted dropout, p = keep probability
        return x * mask, mask
    return x, None


def softmax_loss(x, y):
    shifted = x - x.max(1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(1, keepdim=True).log()
    N = x.shape[0]
    loss = -log_probs[torch.arange(N), y].mean()
    dx = log_probs.exp()
    dx[torch.arange(N), y] -= 1
    return loss, dx / N


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + h
        pos = f(x).clone()
        flat[i] = old - h
        neg = f(x).clone()
        flat[i] = old
        gflat[i] = ((pos - neg) * df).sum() / (2 * h)
    return grad


x, w, b = torch.randn(10, 2, 3), torch.randn(6, 5), torch.randn(5)
dout = torch.randn(10, 5)
dx, dw, db = affine_backward(dout, affine_forward(x, w, b)[1])
print("Testing affine_backward")
print("dx error:", rel_error(eval_numerical_gradient_array(lambda x: affine_forward(x, w, b)[0], x, dout), dx) < 1e-7)
print("dw error:", rel_error(eval_numerical_gradient_array(lambda w: affine_forward(x, w, b)[0], w, dout), dw) < 1e-7)
print("db error:", rel_error(eval_numerical_gradient_array(lambda b: affine_forward(x, w, b)[0], b, dout), db) < 1e-7)

x = torch.randn(10, 10)
dout = torch.randn(10, 10)
dx = relu_backward(dout, relu_forward(x)[1])
print("relu dx error:", rel_error(eval_numerical_gradient_array(lambda x: relu_forward(x)[0], x, dout), dx) < 1e-7)

x = 5 * torch.randn(16, 4) + 12
gamma, beta = torch.rand(4) + 0.5, torch.randn(4)
out, cache = batchnorm_forward(x, gamma, beta)
xn = (out - beta) / gamma
print("bn means ~ 0:", xn.mean(0).abs().max().item() < 1e-10, "stds:", [round(v, 4) for v in xn.std(0, unbiased=False).tolist()])
dout = torch.randn(16, 4)
dx, dgamma, dbeta = batchnorm_backward_alt(dout, cache)
xt = x.clone().requires_grad_(True)
gt, bt = gamma.clone().requires_grad_(True), beta.clone().requires_grad_(True)
F.batch_norm(xt, None, None, gt, bt, training=True, eps=1e-5).backward(dout)
print("bn dx vs autograd:", rel_error(dx, xt.grad) < 1e-6, "dgamma:", rel_error(dgamma, gt.grad) < 1e-6)

x = torch.randn(500, 500) + 10
for p in (0.25, 0.6):
    out, _ = dropout_forward(x, p, "train")
    print(f"keep p={p}: mean in {x.mean().item():.2f}, out {out.mean().item():.2f}, "
          f"zeroed {(out == 0).double().mean().item():.3f}")

N, D, Hd, C = 200, 10, 32, 3
X = torch.randn(N, D)
y = (X[:, :3].argmax(1))
params = {"W1": torch.randn(D, Hd) * 0.1, "b1": torch.zeros(Hd), "W2": torch.randn(Hd, C) * 0.1, "b2": torch.zeros(C)}
velocity = {k: torch.zeros_like(v) for k, v in params.items()}
for it in range(301):
    h, c1 = affine_forward(X, params["W1"], params["b1"])
    a, c2 = relu_forward(h)
    scores, c3 = affine_forward(a, params["W2"], params["b2"])
    loss, dscores = softmax_loss(scores, y)
    loss += 0.5 * 1e-3 * ((params["W1"] ** 2).sum() + (params["W2"] ** 2).sum())
    da, grads_W2, grads_b2 = affine_backward(dscores, c3)
    dx, grads_W1, grads_b1 = affine_backward(relu_backward(da, c2), c1)
    grads = {"W1": grads_W1 + 1e-3 * params["W1"], "b1": grads_b1, "W2": grads_W2 + 1e-3 * params["W2"], "b2": grads_b2}
    for k in params:
        velocity[k] = 0.9 * velocity[k] - 0.05 * grads[k]
        params[k] += velocity[k]
    if it % 100 == 0:
        acc = (scores.argmax(1) == y).double().mean().item()
        print(f"iteration {it}: loss {loss.item():.4f} train acc {acc:.3f}")
ref = F.cross_entropy(scores, y)
print("softmax_loss matches F.cross_entropy:", abs(ref.item() - softmax_loss(scores, y)[0].item()) < 1e-12)
print("dtype:", scores.dtype)
