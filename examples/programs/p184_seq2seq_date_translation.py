# The "neural machine translation of human-readable dates" exercise (Coursera Sequence Models week 3, also
# Keras/PyTorch blog ports) without attention-layer libraries: dates such as "tuesday 3 march 1998" rendered by
# hand with datetime, character vocabularies with <pad>/<sos>/<eos>, a GRU encoder, a GRU decoder with
# dot-product attention (bmm, softmax, cat), teacher forcing, CrossEntropyLoss(ignore_index=pad), gradient
# clipping, and greedy decoding of a few dates.
import datetime
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

random.seed(1)
MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
          'november', 'december']
DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']


def random_date():
    d = datetime.date(1970, 1, 1) + datetime.timedelta(days=random.randint(0, 20000))
    fmt = random.randint(0, 2)
    if fmt == 0:
        human = f'{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}'
    elif fmt == 1:
        human = f'{d.day:02d}.{d.month:02d}.{d.year % 100:02d}'
    else:
        human = f'{MONTHS[d.month - 1][:3]} {d.day}, {d.year}'
    return human, d.isoformat()


pairs = [random_date() for _ in range(200)]
print(pairs[:3])
src_chars = sorted(set(''.join(h for h, _ in pairs)))
tgt_chars = sorted(set(''.join(m for _, m in pairs)))
PAD, SOS, EOS = 0, 1, 2
src_vocab = {c: i + 3 for i, c in enumerate(src_chars)}
tgt_vocab = {c: i + 3 for i, c in enumerate(tgt_chars)}
inv_tgt = {i: c for c, i in tgt_vocab.items()}
print(len(src_vocab), len(tgt_vocab))
Tx = max(len(h) for h, _ in pairs) + 1
Ty = 11


def encode(s, vocab, length):
    ids = [vocab.get(c, PAD) for c in s] + [EOS]
    return ids + [PAD] * (length - len(ids))


X = torch.tensor([encode(h, src_vocab, Tx) for h, _ in pairs])
Y = torch.tensor([encode(m, tgt_vocab, Ty) for _, m in pairs])
print(X.shape, Y.shape, Y[0].tolist())


class Encoder(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 16, padding_idx=PAD)
        self.gru = nn.GRU(16, hidden, batch_first=True)

    def forward(self, x):
        return self.gru(self.embedding(x))


class AttnDecoder(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 16)
        self.gru = nn.GRU(16 + hidden, hidden, batch_first=True)
        self.out = nn.Linear(2 * hidden, vocab)

    def forward(self, token, hidden, enc_out, src_mask):
        emb = self.embedding(token).unsqueeze(1)
        scores = torch.bmm(enc_out, hidden[-1].unsqueeze(2)).squeeze(2)
        scores = scores.masked_fill(~src_mask, float('-inf'))
        attn = F.softmax(scores, dim=1)
        context = torch.bmm(attn.unsqueeze(1), enc_out)
        output, hidden = self.gru(torch.cat([emb, context], dim=2), hidden)
        logits = self.out(torch.cat([output.squeeze(1), context.squeeze(1)], dim=1))
        return logits, hidden, attn


torch.manual_seed(0)
hidden = 32
encoder = Encoder(len(src_vocab) + 3, hidden)
decoder = AttnDecoder(len(tgt_vocab) + 3, hidden)
params = list(encoder.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(params, lr=0.01)
criterion = nn.CrossEntropyLoss(ignore_index=PAD)


def run(xb, yb=None, teacher_forcing=0.5):
    enc_out, h = encoder(xb)
    mask = xb != PAD
    token = torch.full((xb.size(0),), SOS, dtype=torch.long)
    outputs = []
    for t in range(Ty):
        logits, h, attn = decoder(token, h, enc_out, mask)
        outputs.append(logits)
        if yb is not None and random.random() < teacher_forcing:
            token = yb[:, t]
        else:
            token = logits.argmax(1)
    return torch.stack(outputs, 1), attn


for epoch in range(5):
    perm = torch.randperm(len(X))
    total = 0.0
    for i in range(0, len(X), 50):
        idx = perm[i:i + 50]
        logits, _ = run(X[idx], Y[idx])
        loss = criterion(logits.reshape(-1, logits.size(-1)), Y[idx].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        total += loss.item()
    print(f'epoch {epoch}: loss {total / 4:.4f}')

with torch.no_grad():
    logits, attn = run(X[:4], teacher_forcing=0.0)
for k in range(4):
    ids = logits[k].argmax(1).tolist()
    text = ''.join(inv_tgt.get(i, '') for i in ids if i > 2)
    print(repr(pairs[k][0]), '->', repr(text), 'target', pairs[k][1])
print(attn.shape, torch.allclose(attn.sum(1), torch.ones(4)))
