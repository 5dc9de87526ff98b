# CS231n assignment 3, RNN_Captioning.ipynb with torch tensors: rnn_step_forward on the notebook's linspace
# inputs, rnn_forward over a sequence, rnn_step_backward by hand checked against autograd, word_embedding
# and temporal_affine forward, temporal_softmax_loss with a mask, and a CaptioningRNN overfitting a few
# synthetic "image features" -> captions, then greedy sampling from the image features.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(231)


def rel_error(x, y):
    return torch.max(torch.abs(x - y) / torch.clamp(torch.abs(x) + torch.abs(y), min=1e-8)).item()


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    return torch.tanh(x @ Wx + prev_h @ Wh + b)


N, D, H = 3, 10, 4
x = torch.linspace(-0.4, 0.7, steps=N * D, dtype=torch.float64).reshape(N, D)
prev_h = torch.linspace(-0.2, 0.5, steps=N * H, dtype=torch.float64).reshape(N, H)
Wx = torch.linspace(-0.1, 0.9, steps=D * H, dtype=torch.float64).reshape(D, H)
Wh = torch.linspace(-0.3, 0.7, steps=H * H, dtype=torch.float64).reshape(H, H)
b = torch.linspace(-0.2, 0.4, steps=H, dtype=torch.float64)
next_h = rnn_step_forward(x, prev_h, Wx, Wh, b)
expected_next_h = torch.tensor([
    [-0.58172089, -0.50182032, -0.41232771, -0.31410098],
    [0.66854692, 0.79562378, 0.87755553, 0.92795967],
    [0.97934501, 0.99144213, 0.99646691, 0.99854353]], dtype=torch.float64)
print("next_h error < 1e-7:", rel_error(expected_next_h, next_h) < 1e-7)


def rnn_step_backward(dnext_h, x, prev_h, Wx, Wh, next_h):
    dtanh = dnext_h * (1 - next_h ** 2)
    return dtanh @ Wx.T, dtanh @ Wh.T, x.T @ dtanh, prev_h.T @ dtanh, dtanh.sum(0)


params = [t.clone().requires_grad_(True) for t in (x, prev_h, Wx, Wh, b)]
h = rnn_step_forward(*params)
dnext = torch.randn_like(h)
h.backward(dnext)
manual = rnn_step_backward(dnext, x, prev_h, Wx, Wh, h.detach())
for name, m, p in zip(["dx", "dprev_h", "dWx", "dWh", "db"], manual, params):
    print(f"{name} error small:", rel_error(m, p.grad) < 1e-8)


def rnn_forward(x, h0, Wx, Wh, b):
    hs, h = [], h0
    for t in range(x.shape[1]):
        h = rnn_step_forward(x[:, t], h, Wx, Wh, b)
        hs.append(h)
    return torch.stack(hs, dim=1)


hseq = rnn_forward(torch.randn(2, 3, 10, dtype=torch.float64), prev_h[:2], Wx, Wh, b)
print("rnn_forward h:", tuple(hseq.shape))


def temporal_softmax_loss(x, y, mask):
    N, T, V = x.shape
    logp = F.log_softmax(x.reshape(N * T, V), dim=1)
    picked = logp[torch.arange(N * T), y.reshape(N * T)]
    return -(picked * mask.reshape(N * T)).sum() / N


scores = torch.randn(100, 1, 10) * 0.01
ys = torch.randint(0, 10, (100, 1))
print("loss ~ 2.3: %.3f" % temporal_softmax_loss(scores, ys, torch.ones(100, 1)).item())
print("loss ~ 23: %.2f" % temporal_softmax_loss(torch.randn(100, 10, 10) * 0.01, torch.randint(0, 10, (100, 10)),
                                               torch.ones(100, 10)).item())
print("loss ~ 2.3 with mask: %.2f" % temporal_softmax_loss(torch.randn(5000, 10, 10) * 0.01,
                                                          torch.randint(0, 10, (5000, 10)),
                                                          (torch.rand(5000, 10) <= 0.1).float()).item())


class CaptioningRNN(nn.Module):
    def __init__(self, word_to_idx, input_dim=12, wordvec_dim=8, hidden_dim=24):
        super().__init__()
        self.word_to_idx = word_to_idx
        self.idx_to_word = {i: w for w, i in word_to_idx.items()}
        V = len(word_to_idx)
        self.W_embed = nn.Parameter(torch.randn(V, wordvec_dim) / 100)
        self.W_proj = nn.Parameter(torch.randn(input_dim, hidden_dim) / input_dim ** 0.5)
        self.b_proj = nn.Parameter(torch.zeros(hidden_dim))
        self.Wx = nn.Parameter(torch.randn(wordvec_dim, hidden_dim) / wordvec_dim ** 0.5)
        self.Wh = nn.Parameter(torch.randn(hidden_dim, hidden_dim) / hidden_dim ** 0.5)
        self.b = nn.Parameter(torch.zeros(hidden_dim))
        self.W_vocab = nn.Parameter(torch.randn(hidden_dim, V) / hidden_dim ** 0.5)
        self.b_vocab = nn.Parameter(torch.zeros(V))

    def loss(self, features, captions):
        captions_in, captions_out = captions[:, :-1], captions[:, 1:]
        mask = (captions_out != self.word_to_idx["<NULL>"]).float()
        h0 = features @ self.W_proj + self.b_proj
        hs = rnn_forward(self.W_embed[captions_in], h0, self.Wx, self.Wh, self.b)
        return temporal_softmax_loss(hs @ self.W_vocab + self.b_vocab, captions_out, mask)

    def sample(self, features, max_length=6):
        h = features @ self.W_proj + self.b_proj
        word = torch.full((features.shape[0],), self.word_to_idx["<START>"])
        out = []
        for _ in range(max_length):
            h = rnn_step_forward(self.W_embed[word], h, self.Wx, self.Wh, self.b)
            word = (h @ self.W_vocab + self.b_vocab).argmax(1)
            out.append(word)
        return torch.stack(out, 1)


words = ["<NULL>", "<START>", "<END>", "a", "cat", "dog", "on", "mat", "sofa", "red"]
w2i = {w: i for i, w in enumerate(words)}
caps = [["a", "cat", "on", "mat"], ["a", "dog", "on", "sofa"], ["a", "red", "cat"], ["a", "red", "dog", "on", "mat"]]
captions = torch.zeros(4, 7, dtype=torch.long)
for i, c in enumerate(caps):
    seq = [w2i["<START>"]] + [w2i[w] for w in c] + [w2i["<END>"]]
    captions[i, :len(seq)] = torch.tensor(seq)
features = torch.randn(4, 12)
model = CaptioningRNN(w2i)
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for it in range(200):
    loss = model.loss(features, captions)
    opt.zero_grad(); loss.backward(); opt.step()
    if it % 50 == 0:
        print(f"(Iteration {it + 1} / 200) loss: {loss.item():.4f}")
print("final loss below 0.1:", loss.item() < 0.1)
with torch.no_grad():
    sampled = model.sample(features)
for row in sampled.tolist():
    caption = []
    for idx in row:
        if words[idx] == "<END>":
            break
        caption.append(words[idx])
    print("sample:", " ".join(caption))
