# d2l.ai chapter 10.1-10.2 from scratch: the LSTMScratch module (init_weight with torch.randn * sigma as
# nn.Parameter triples for the input/forget/output gates and the input node, the per-step loop with torch.sigmoid
# and torch.tanh, the (H, C) state), GRUScratch (reset and update gates, the candidate state), a language model
# wrapper with one-hot inputs and an output layer, gradient clipping by the global norm, perplexity, predict()
# with a prefix warm-up, and the same models concisely with nn.LSTM / nn.GRU for the parameter counts.
import math

import torch
from torch import nn
from torch.nn import functional as F


class LSTMScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_hiddens = num_hiddens
        init_weight = lambda *shape: nn.Parameter(torch.randn(*shape) * sigma)
        triple = lambda: (init_weight(num_inputs, num_hiddens), init_weight(num_hiddens, num_hiddens),
                          nn.Parameter(torch.zeros(num_hiddens)))
        self.W_xi, self.W_hi, self.b_i = triple()
        self.W_xf, self.W_hf, self.b_f = triple()
        self.W_xo, self.W_ho, self.b_o = triple()
        self.W_xc, self.W_hc, self.b_c = triple()

    def forward(self, inputs, H_C=None):
        if H_C is None:
            H = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
            C = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
        else:
            H, C = H_C
        outputs = []
        for X in inputs:
            I = torch.sigmoid(torch.matmul(X, self.W_xi) + torch.matmul(H, self.W_hi) + self.b_i)
            F_ = torch.sigmoid(torch.matmul(X, self.W_xf) + torch.matmul(H, self.W_hf) + self.b_f)
            O = torch.sigmoid(torch.matmul(X, self.W_xo) + torch.matmul(H, self.W_ho) + self.b_o)
            C_tilde = torch.tanh(torch.matmul(X, self.W_xc) + torch.matmul(H, self.W_hc) + self.b_c)
            C = F_ * C + I * C_tilde
            H = O * torch.tanh(C)
            outputs.append(H)
        return outputs, (H, C)


class GRUScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_hiddens = num_hiddens
        init_weight = lambda *shape: nn.Parameter(torch.randn(*shape) * sigma)
        triple = lambda: (init_weight(num_inputs, num_hiddens), init_weight(num_hiddens, num_hiddens),
                          nn.Parameter(torch.zeros(num_hiddens)))
        self.W_xz, self.W_hz, self.b_z = triple()
        self.W_xr, self.W_hr, self.b_r = triple()
        self.W_xh, self.W_hh, self.b_h = triple()

    def forward(self, inputs, H=None):
        if H is None:
            H = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
        outputs = []
        for X in inputs:
            Z = torch.sigmoid(torch.matmul(X, self.W_xz) + torch.matmul(H, self.W_hz) + self.b_z)
            R = torch.sigmoid(torch.matmul(X, self.W_xr) + torch.matmul(H, self.W_hr) + self.b_r)
            H_tilde = torch.tanh(torch.matmul(X, self.W_xh) + torch.matmul(R * H, self.W_hh) + self.b_h)
            H = Z * H + (1 - Z) * H_tilde
            outputs.append(H)
        return outputs, H


class RNNLMScratch(nn.Module):
    def __init__(self, rnn, vocab_size):
        super().__init__()
        self.rnn = rnn
        self.vocab_size = vocab_size
        self.W_hq = nn.Parameter(torch.randn(rnn.num_hiddens, vocab_size) * 0.01)
        self.b_q = nn.Parameter(torch.zeros(vocab_size))

    def one_hot(self, X):
        return F.one_hot(X.T, self.vocab_size).type(torch.float32)

    def output_layer(self, rnn_outputs):
        outputs = [torch.matmul(H, self.W_hq) + self.b_q for H in rnn_outputs]
        return torch.stack(outputs, 1)

    def forward(self, X, state=None):
        embs = self.one_hot(X)
        rnn_outputs, _ = self.rnn(embs, state)
        return self.output_layer(rnn_outputs)

    def predict(self, prefix, num_preds, vocab):
        state, outputs = None, [vocab[prefix[0]]]
        for i in range(len(prefix) + num_preds - 1):
            X = torch.tensor([[outputs[-1]]])
            embs = self.one_hot(X)
            rnn_outputs, state = self.rnn(embs, state)
            if i < len(prefix) - 1:
                outputs.append(vocab[prefix[i + 1]])
            else:
                Y = self.output_layer(rnn_outputs)
                outputs.append(int(Y.argmax(axis=2).reshape(1)))
        return ''.join([idx_to_token[i] for i in outputs])


def clip_gradients(model, grad_clip_val):
    params = [p for p in model.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > grad_clip_val:
        for param in params:
            param.grad[:] *= grad_clip_val / norm
    return norm


text = "the time machine by h g wells " * 40
idx_to_token = sorted(set(text))
vocab = {t: i for i, t in enumerate(idx_to_token)}
corpus = torch.tensor([vocab[c] for c in text])
num_steps = 10
X_all = torch.stack([corpus[i:i + num_steps] for i in range(len(corpus) - num_steps - 1)])
Y_all = torch.stack([corpus[i + 1:i + num_steps + 1] for i in range(len(corpus) - num_steps - 1)])
print(len(idx_to_token), X_all.shape, Y_all.shape)
print(''.join(idx_to_token[i] for i in X_all[3]), '->', ''.join(idx_to_token[i] for i in Y_all[3]))

torch.manual_seed(0)
lstm = LSTMScratch(num_inputs=len(vocab), num_hiddens=16)
outputs, (H, C) = lstm(torch.randn(5, 2, len(vocab)))
print(len(outputs), outputs[0].shape, H.shape, C.shape)
gru = GRUScratch(num_inputs=len(vocab), num_hiddens=16)
outputs, H = gru(torch.randn(5, 2, len(vocab)))
print(len(outputs), H.shape)
print(sum(p.numel() for p in lstm.parameters()), sum(p.numel() for p in gru.parameters()))
print(sum(p.numel() for p in nn.LSTM(len(vocab), 16).parameters()),
      sum(p.numel() for p in nn.GRU(len(vocab), 16).parameters()))

for name, rnn_cls in (("LSTM", LSTMScratch), ("GRU", GRUScratch)):
    torch.manual_seed(1)
    model = RNNLMScratch(rnn_cls(num_inputs=len(vocab), num_hiddens=32), vocab_size=len(vocab))
    print(name, model(X_all[:4]).shape)
    optimizer = torch.optim.SGD(model.parameters(), lr=4)
    generator = torch.Generator().manual_seed(2)
    for epoch in range(6):
        perm = torch.randperm(len(X_all), generator=generator)
        total, count = 0.0, 0
        for start in range(0, 256, 32):
            idx = perm[start:start + 32]
            Y_hat = model(X_all[idx])
            loss = F.cross_entropy(Y_hat.reshape(-1, len(vocab)), Y_all[idx].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            norm = clip_gradients(model, 1)
            optimizer.step()
            total += loss.item() * idx.numel()
            count += idx.numel()
        if epoch % 2 == 1:
            print(f"{name} epoch {epoch} perplexity {math.exp(total / count):.2f} last grad norm {norm:.3f}")
    print(model.predict('the t', 12, vocab))
