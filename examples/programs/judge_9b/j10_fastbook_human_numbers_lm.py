# fastbook chapter 12 "A Language Model from Scratch" in plain PyTorch, with the Human Numbers text generated
# here (numbers 1..3000 written out in words): LMModel1 (three tokens, the same layers reused), LMModel2 (a
# loop), LMModel3 (state kept between batches, detach for truncated BPTT, group_chunks so batches line up),
# LMModel4 (a prediction after every token, sequence length 16), and LMModel7 (a 2-layer LSTM with dropout,
# weight tying, and the AR / TAR activation regularizers). Accuracy against the "most common token" baseline.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)
ones = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

def words(n):
    out = []
    if n >= 1000:
        out += [ones[n // 1000], "thousand"]; n %= 1000
    if n >= 100:
        out += [ones[n // 100], "hundred"]; n %= 100
    if n >= 20:
        out.append(tens[n // 10]); n %= 10
    if n > 0:
        out.append(ones[n])
    return out

tokens = []
for i in range(1, 3001):
    tokens += words(i) + ["."]
vocab = list(dict.fromkeys(tokens))
word2idx = {w: i for i, w in enumerate(vocab)}
nums = torch.tensor([word2idx[w] for w in tokens])
print("tokens:", len(tokens), "vocab:", len(vocab), "start:", " ".join(tokens[:12]))
print("most common token baseline: %.4f" % (torch.bincount(nums).max().item() / len(nums)))

bs = 64

def group_chunks(ds, bs):
    m = len(ds) // bs
    return [ds[i + m * j] for i in range(m) for j in range(bs)]

def batches(xs, ys, bs):
    return [(torch.stack(xs[i:i + bs]), torch.stack(ys[i:i + bs])) for i in range(0, len(xs) - bs + 1, bs)]

def fit(model, dls, epochs, lr, loss_func, reset=False, extra=None):
    train_dl, valid_dl = dls
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * len(train_dl))
    for epoch in range(epochs):
        model.train()
        if reset: model.reset()
        for xb, yb in train_dl:
            out = model(xb)
            loss = loss_func(out, yb) + (extra(model) if extra else 0)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        model.eval()
        if reset: model.reset()
        with torch.no_grad():
            accs = [(model(xb).argmax(-1) == yb).float().mean() for xb, yb in valid_dl]
        print(f"  epoch {epoch} train_loss {loss.item():.4f} accuracy {torch.stack(accs).mean().item():.4f}")

# three tokens in, the fourth out
seqs = [(nums[i:i + 3], nums[i + 3]) for i in range(0, len(nums) - 4, 3)]
cut = int(len(seqs) * 0.8)
dls3 = (batches(*zip(*seqs[:cut]), bs), batches(*zip(*seqs[cut:]), bs))

class LMModel1(nn.Module):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x):
        h = F.relu(self.h_h(self.i_h(x[:, 0])))
        h = h + self.i_h(x[:, 1])
        h = F.relu(self.h_h(h))
        h = h + self.i_h(x[:, 2])
        h = F.relu(self.h_h(h))
        return self.h_o(h)

class LMModel2(LMModel1):
    def forward(self, x):
        h = 0
        for i in range(3):
            h = h + self.i_h(x[:, i])
            h = F.relu(self.h_h(h))
        return self.h_o(h)

for cls in (LMModel1, LMModel2):
    print(cls.__name__)
    fit(cls(len(vocab), 64), dls3, 2, 1e-2, F.cross_entropy)

# keep the state: batches arranged with group_chunks, truncated BPTT with detach
dls_grouped = (batches(*zip(*group_chunks(seqs[:cut], bs)), bs), batches(*zip(*group_chunks(seqs[cut:], bs)), bs))

class LMModel3(LMModel1):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__(vocab_sz, n_hidden)
        self.h = 0

    def forward(self, x):
        for i in range(3):
            self.h = self.h + self.i_h(x[:, i])
            self.h = F.relu(self.h_h(self.h))
        out = self.h_o(self.h)
        self.h = self.h.detach()
        return out

    def reset(self):
        self.h = 0

print("LMModel3")
fit(LMModel3(len(vocab), 64), dls_grouped, 2, 1e-2, F.cross_entropy, reset=True)

# a prediction after every token
sl = 16
seqs16 = [(nums[i:i + sl], nums[i + 1:i + sl + 1]) for i in range(0, len(nums) - sl - 1, sl)]
cut16 = int(len(seqs16) * 0.8)
dls16 = (batches(*zip(*group_chunks(seqs16[:cut16], bs)), bs), batches(*zip(*group_chunks(seqs16[cut16:], bs)), bs))

def loss_func(inp, targ):
    return F.cross_entropy(inp.view(-1, len(vocab)), targ.view(-1))

class LMModel7(nn.Module):
    def __init__(self, vocab_sz, n_hidden, n_layers, p):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.LSTM(n_hidden, n_hidden, n_layers, batch_first=True)
        self.drop = nn.Dropout(p)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h_o.weight = self.i_h.weight
        self.h = [torch.zeros(n_layers, bs, n_hidden) for _ in range(2)]

    def forward(self, x):
        raw, h = self.rnn(self.i_h(x), self.h)
        out = self.drop(raw)
        self.h = [h_.detach() for h_ in h]
        self.raw_out, self.out = raw, out
        return self.h_o(out)

    def reset(self):
        for h in self.h: h.zero_()

def ar_tar(model, alpha=2.0, beta=1.0):
    ar = alpha * model.out.float().pow(2).mean()
    return ar + beta * (model.raw_out[:, 1:] - model.raw_out[:, :-1]).float().pow(2).mean()

lm7 = LMModel7(len(vocab), 64, 2, 0.4)
print("LMModel7 tied:", lm7.h_o.weight is lm7.i_h.weight, "parameters:", sum(p.numel() for p in lm7.parameters()))
fit(lm7, dls16, 4, 1e-2, loss_func, reset=True, extra=ar_tar)
