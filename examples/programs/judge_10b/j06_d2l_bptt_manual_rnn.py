# d2l.ai "Backpropagation Through Time": a vanilla tanh RNN unrolled by hand, gradients of W_xh, W_hh, W_hq
# derived step by step backwards through time and compared with autograd, the growth/decay of the gradient
# through powers of W_hh, full vs truncated BPTT (detach every k steps) on a toy echo task, gradient clipping.
import torch
import torch.nn.functional as F

torch.manual_seed(0)
T, d, h, q = 6, 3, 5, 2


def rnn_forward(X, W_xh, W_hh, b_h, W_hq, b_q, H0):
    H, Hs, Os = H0, [], []
    for t in range(X.shape[0]):
        H = torch.tanh(X[t] @ W_xh + H @ W_hh + b_h)
        Hs.append(H)
        Os.append(H @ W_hq + b_q)
    return Hs, Os


X = torch.randn(T, 1, d)
Y = torch.randint(0, q, (T, 1))
params = [torch.randn(d, h) * 0.5, torch.randn(h, h) * 0.5, torch.zeros(h), torch.randn(h, q) * 0.5, torch.zeros(q)]
for p in params:
    p.requires_grad_(True)
H0 = torch.zeros(1, h)
Hs, Os = rnn_forward(X, *params, H0)
loss = sum(F.cross_entropy(o, y) for o, y in zip(Os, Y)) / T
loss.backward()
print(f"loss {loss.item():.4f}")

W_xh, W_hh, b_h, W_hq, b_q = [p.detach() for p in params]
dW_xh, dW_hh, db_h = torch.zeros_like(W_xh), torch.zeros_like(W_hh), torch.zeros_like(b_h)
dW_hq, db_q = torch.zeros_like(W_hq), torch.zeros_like(b_q)
dH_next = torch.zeros(1, h)
Hs = [H.detach() for H in Hs]
for t in reversed(range(T)):
    dO = (F.softmax(Os[t].detach(), dim=1) - F.one_hot(Y[t], q)) / T
    dW_hq += Hs[t].T @ dO
    db_q += dO.sum(0)
    dH = dO @ W_hq.T + dH_next
    dA = dH * (1 - Hs[t] ** 2)
    H_prev = Hs[t - 1] if t > 0 else H0
    dW_xh += X[t].T @ dA
    dW_hh += H_prev.T @ dA
    db_h += dA.sum(0)
    dH_next = dA @ W_hh.T
manual = [dW_xh, dW_hh, db_h, dW_hq, db_q]
for name, m, p in zip(["W_xh", "W_hh", "b_h", "W_hq", "b_q"], manual, params):
    print(f"d{name}: shape {tuple(m.shape)}, matches autograd: {torch.allclose(m, p.grad, atol=1e-6)}")

for scale in (0.5, 1.0, 1.5):
    W = torch.randn(h, h)
    W = W / torch.linalg.eigvals(W).abs().max() * scale
    norms = [torch.linalg.matrix_norm(torch.linalg.matrix_power(W, k)).item() for k in (1, 10, 30)]
    print(f"spectral radius {scale}: ||W^k|| for k=1,10,30:", [f"{n:.2e}" for n in norms])

# echo task: output the input bit from 3 steps ago
seq_len, lag, hidden = 30, 3, 16
bits = torch.randint(0, 2, (seq_len, 16))
targets = torch.roll(bits, lag, 0)
targets[:lag] = 0


def train(trunc, clip=1.0, epochs=50):
    torch.manual_seed(1)
    cell = torch.nn.RNNCell(2, hidden)
    head = torch.nn.Linear(hidden, 2)
    opt = torch.optim.Adam(list(cell.parameters()) + list(head.parameters()), lr=0.01)
    for epoch in range(epochs):
        H = torch.zeros(16, hidden)
        total = 0.0
        for start in range(0, seq_len, trunc):
            H = H.detach()
            loss = 0.0
            for t in range(start, min(start + trunc, seq_len)):
                H = cell(F.one_hot(bits[t], 2).float(), H)
                loss = loss + F.cross_entropy(head(H), targets[t])
            opt.zero_grad()
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(list(cell.parameters()) + list(head.parameters()), clip)
            opt.step()
            total += loss.item()
    with torch.no_grad():
        H, correct = torch.zeros(16, hidden), 0
        for t in range(seq_len):
            H = cell(F.one_hot(bits[t], 2).float(), H)
            if t >= lag:
                correct += (head(H).argmax(1) == targets[t]).sum().item()
    return total / seq_len, correct / ((seq_len - lag) * 16), norm.item()


for trunc in (2, 5, 30):
    l, acc, norm = train(trunc)
    print(f"truncation {trunc:2d}: final loss/step {l:.4f}, echo accuracy {acc:.3f}, last grad norm {norm:.3f}")
