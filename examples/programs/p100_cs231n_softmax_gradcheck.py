# CS231n assignment style: a two-layer net and a softmax classifier written with torch tensors, the loss
# checked against a naive loop version, and the analytic gradient checked against a centered-difference
# numerical gradient (eval_numerical_gradient / grad_check_sparse), relative errors printed as the notebooks do.
from random import randrange

import torch
import torch.nn.functional as F

torch.manual_seed(231)
dtype = torch.float64


def rel_error(x, y):
    """ returns relative error """
    return (torch.abs(x - y) / torch.clamp(torch.abs(x) + torch.abs(y), min=1e-8)).max().item()


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = torch.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].matmul(W)
        scores -= scores.max()
        correct_class_score = scores[y[i]]
        exp_sum = torch.sum(torch.exp(scores))
        loss += torch.log(exp_sum) - correct_class_score
        for j in range(num_classes):
            p = torch.exp(scores[j]) / exp_sum
            dW[:, j] += (p - float(j == y[i])) * X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * torch.sum(W * W)
    dW += 2 * reg * W
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(dim=1, keepdim=True).values
    probs = scores.exp() / scores.exp().sum(dim=1, keepdim=True)
    loss = -torch.log(probs[torch.arange(num_train), y]).sum() / num_train + reg * (W * W).sum()
    dscores = probs.clone()
    dscores[torch.arange(num_train), y] -= 1
    dW = X.t() @ dscores / num_train + 2 * reg * W
    return loss, dW


def eval_numerical_gradient(f, x, verbose=False, h=1e-5):
    grad = torch.zeros_like(x)
    it = torch.nonzero(torch.ones_like(x, dtype=torch.bool))
    for ix in it:
        ix = tuple(ix.tolist())
        oldval = x[ix].item()
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        x[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * h)
        if verbose:
            print(ix, grad[ix])
    return grad


def grad_check_sparse(f, x, analytic_grad, num_checks=5, h=1e-5):
    errors = []
    for i in range(num_checks):
        ix = tuple([randrange(m) for m in x.shape])
        oldval = x[ix].item()
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        x[ix] = oldval
        grad_numerical = (fxph - fxmh) / (2 * h)
        grad_analytic = analytic_grad[ix].item()
        rel = abs(grad_numerical - grad_analytic) / (abs(grad_numerical) + abs(grad_analytic))
        errors.append(rel)
    print('max relative error of %d sparse checks < 1e-7: %s' % (num_checks, max(errors) < 1e-7))


N, D, C = 20, 12, 4
X_dev = torch.randn(N, D, dtype=dtype)
y_dev = torch.randint(0, C, (N,))
W = torch.randn(D, C, dtype=dtype) * 0.0001

loss, grad = softmax_loss_naive(W, X_dev, y_dev, 0.0)
print('loss: %f' % loss)
print('sanity check: %f' % (-torch.log(torch.tensor(0.25))))
print('loss close to -log(0.25):', abs(loss.item() - 1.3863) < 0.01)

f = lambda w: softmax_loss_naive(w, X_dev, y_dev, 0.0)[0].item()
grad_check_sparse(f, W, grad, 6)
loss, grad = softmax_loss_naive(W, X_dev, y_dev, 5e1)
f = lambda w: softmax_loss_naive(w, X_dev, y_dev, 5e1)[0].item()
grad_check_sparse(f, W, grad, 6)

loss_naive, grad_naive = softmax_loss_naive(W, X_dev, y_dev, 0.000005)
loss_vectorized, grad_vectorized = softmax_loss_vectorized(W, X_dev, y_dev, 0.000005)
print('Loss difference < 1e-12:', abs(loss_naive - loss_vectorized).item() < 1e-12)
print('Gradient difference (Frobenius) < 1e-12:', torch.linalg.norm(grad_naive - grad_vectorized, ord='fro').item() < 1e-12)

# autograd agrees with the hand-written gradient
W_ag = W.clone().requires_grad_(True)
loss_ag = F.cross_entropy(X_dev @ W_ag, y_dev) + 0.000005 * (W_ag ** 2).sum()
loss_ag.backward()
print('autograd vs vectorized rel error < 1e-10:', rel_error(W_ag.grad, grad_vectorized) < 1e-10)
print(loss_ag.grad_fn, W_ag.grad.shape, W_ag.grad.dtype)


# TwoLayerNet: affine - relu - affine - softmax, the forward pass of the assignment with fixed toy weights
class TwoLayerNet(object):
    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * torch.randn(input_size, hidden_size, dtype=dtype)
        self.params['b1'] = torch.zeros(hidden_size, dtype=dtype)
        self.params['W2'] = std * torch.randn(hidden_size, output_size, dtype=dtype)
        self.params['b2'] = torch.zeros(output_size, dtype=dtype)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape
        h1 = torch.relu(X.mm(W1) + b1)
        scores = h1.mm(W2) + b2
        if y is None:
            return scores
        shifted = scores - scores.max(dim=1, keepdim=True)[0]
        log_probs = shifted - torch.logsumexp(shifted, dim=1, keepdim=True)
        loss = -log_probs[range(N), y].mean() + reg * (torch.sum(W1 * W1) + torch.sum(W2 * W2))
        probs = log_probs.exp()
        dscores = probs
        dscores[range(N), y] -= 1
        dscores /= N
        grads = {}
        grads['W2'] = h1.t().mm(dscores) + 2 * reg * W2
        grads['b2'] = dscores.sum(dim=0)
        dh1 = dscores.mm(W2.t())
        dh1[h1 <= 0] = 0
        grads['W1'] = X.t().mm(dh1) + 2 * reg * W1
        grads['b1'] = dh1.sum(dim=0)
        return loss, grads


input_size, hidden_size, num_classes, num_inputs = 4, 10, 3, 5


def init_toy_model():
    net = TwoLayerNet(input_size, hidden_size, num_classes, std=1e-1)
    net.params['W1'] = torch.linspace(-0.5, 0.5, input_size * hidden_size, dtype=dtype).reshape(input_size, hidden_size)
    net.params['W2'] = torch.linspace(-0.3, 0.3, hidden_size * num_classes, dtype=dtype).reshape(hidden_size, num_classes)
    net.params['b1'] = torch.linspace(-0.1, 0.1, hidden_size, dtype=dtype)
    net.params['b2'] = torch.linspace(-0.2, 0.2, num_classes, dtype=dtype)
    return net


def init_toy_data():
    X = 10 * torch.linspace(-1, 1, num_inputs * input_size, dtype=dtype).reshape(num_inputs, input_size).cos()
    y = torch.tensor([0, 1, 2, 2, 1])
    return X, y


net = init_toy_model()
X, y = init_toy_data()
scores = net.loss(X)
print('Your scores:')
print(scores)
loss, grads = net.loss(X, y, reg=0.05)
print('loss: %.8f' % loss.item())
for param_name in sorted(grads):
    f = lambda W: net.loss(X, y, reg=0.05)[0].item()
    param_grad_num = eval_numerical_gradient(f, net.params[param_name], verbose=False)
    print('%s max relative error < 1e-7: %s' % (param_name, rel_error(param_grad_num, grads[param_name]) < 1e-7))
