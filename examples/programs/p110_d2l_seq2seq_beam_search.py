# d2l.ai chapter 10 (modern RNNs): the GRU encoder-decoder (Seq2SeqEncoder / Seq2SeqDecoder with the context
# concatenated to every decoder input), sequence_mask, MaskedSoftmaxCELoss, grad_clipping, teacher-forced
# training, greedy prediction, BLEU, and beam search written by hand, on a toy "reverse the tokens" corpus.
import collections
import math

import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(10)


class Encoder(nn.Module):
    """The base encoder interface for the encoder-decoder architecture."""
    def __init__(self, **kwargs):
        super(Encoder, self).__init__(**kwargs)

    def forward(self, X, *args):
        raise NotImplementedError


class Decoder(nn.Module):
    """The base decoder interface for the encoder-decoder architecture."""
    def __init__(self, **kwargs):
        super(Decoder, self).__init__(**kwargs)

    def init_state(self, enc_outputs, *args):
        raise NotImplementedError

    def forward(self, X, state):
        raise NotImplementedError


class EncoderDecoder(nn.Module):
    """The base class for the encoder-decoder architecture."""
    def __init__(self, encoder, decoder, **kwargs):
        super(EncoderDecoder, self).__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder

    def forward(self, enc_X, dec_X, *args):
        enc_outputs = self.encoder(enc_X, *args)
        dec_state = self.decoder.init_state(enc_outputs, *args)
        return self.decoder(dec_X, dec_state)


class Seq2SeqEncoder(Encoder):
    """The RNN encoder for sequence to sequence learning."""
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        super(Seq2SeqEncoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size, num_hiddens, num_layers, dropout=dropout)

    def forward(self, X, *args):
        X = self.embedding(X)
        X = X.permute(1, 0, 2)
        output, state = self.rnn(X)
        return output, state


class Seq2SeqDecoder(Decoder):
    """The RNN decoder for sequence to sequence learning."""
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        super(Seq2SeqDecoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, *args):
        return enc_outputs[1]

    def forward(self, X, state):
        X = self.embedding(X).permute(1, 0, 2)
        context = state[-1].repeat(X.shape[0], 1, 1)
        X_and_context = torch.cat((X, context), 2)
        output, state = self.rnn(X_and_context, state)
        output = self.dense(output).permute(1, 0, 2)
        return output, state


encoder = Seq2SeqEncoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
encoder.eval()
X = torch.zeros((4, 7), dtype=torch.long)
output, state = encoder(X)
print(output.shape, state.shape)
decoder = Seq2SeqDecoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
decoder.eval()
state = decoder.init_state(encoder(X))
output, state = decoder(X, state)
print(output.shape, state.shape)


def sequence_mask(X, valid_len, value=0):
    """Mask irrelevant entries in sequences."""
    maxlen = X.size(1)
    mask = torch.arange((maxlen), dtype=torch.float32, device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X


X = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(sequence_mask(X, torch.tensor([1, 2])))
X = torch.ones(2, 3, 4)
print(sequence_mask(X, torch.tensor([1, 2]), value=-1))


class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    """The softmax cross-entropy loss with masks."""
    def forward(self, pred, label, valid_len):
        weights = torch.ones_like(label)
        weights = sequence_mask(weights, valid_len)
        self.reduction = 'none'
        unweighted_loss = super(MaskedSoftmaxCELoss, self).forward(pred.permute(0, 2, 1), label)
        weighted_loss = (unweighted_loss * weights).mean(dim=1)
        return weighted_loss


loss = MaskedSoftmaxCELoss()
print(loss(torch.ones(3, 4, 10), torch.ones((3, 4), dtype=torch.long), torch.tensor([4, 2, 0])))


def grad_clipping(net, theta):
    """Clip the gradient."""
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm


# toy corpus: target = source reversed; tokens 3..11, <pad>=0, <bos>=1, <eos>=2
PAD, BOS, EOS = 0, 1, 2
vocab_size, num_steps = 12, 8


def make_batch(n, g):
    lens = torch.randint(3, 6, (n,), generator=g)
    src = torch.full((n, num_steps), PAD)
    tgt = torch.full((n, num_steps), PAD)
    for i, L in enumerate(lens.tolist()):
        toks = torch.randint(3, vocab_size, (L,), generator=g)
        src[i, :L] = toks
        src[i, L] = EOS
        tgt[i, :L] = toks.flip(0)
        tgt[i, L] = EOS
    return src, lens + 1, tgt, lens + 1


def xavier_init_weights(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
    if type(m) == nn.GRU:
        for param in m._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(m._parameters[param])


embed_size, num_hiddens, num_layers, dropout = 16, 32, 2, 0.1
lr, num_epochs = 0.01, 30
encoder = Seq2SeqEncoder(vocab_size, embed_size, num_hiddens, num_layers, dropout)
decoder = Seq2SeqDecoder(vocab_size, embed_size, num_hiddens, num_layers, dropout)
net = EncoderDecoder(encoder, decoder)
net.apply(xavier_init_weights)
optimizer = torch.optim.Adam(net.parameters(), lr=lr)
loss = MaskedSoftmaxCELoss()
g = torch.Generator().manual_seed(1)
net.train()
for epoch in range(num_epochs):
    X, X_valid_len, Y, Y_valid_len = make_batch(32, g)
    optimizer.zero_grad()
    bos = torch.tensor([BOS] * Y.shape[0]).reshape(-1, 1)
    dec_input = torch.cat([bos, Y[:, :-1]], 1)  # Teacher forcing
    Y_hat, _ = net(X, dec_input, X_valid_len)
    l = loss(Y_hat, Y, Y_valid_len)
    l.sum().backward()
    grad_clipping(net, 1)
    num_tokens = Y_valid_len.sum()
    optimizer.step()
    if (epoch + 1) % 10 == 0:
        print(f'epoch {epoch + 1}, loss {l.sum().item() / num_tokens.item():.3f}, tokens {num_tokens.item()}')


def predict_seq2seq(net, src_tokens, num_steps, save_attention_weights=False):
    net.eval()
    enc_valid_len = torch.tensor([len(src_tokens)])
    src_tokens = src_tokens + [PAD] * (num_steps - len(src_tokens))
    enc_X = torch.unsqueeze(torch.tensor(src_tokens, dtype=torch.long), dim=0)
    enc_outputs = net.encoder(enc_X, enc_valid_len)
    dec_state = net.decoder.init_state(enc_outputs, enc_valid_len)
    dec_X = torch.unsqueeze(torch.tensor([BOS], dtype=torch.long), dim=0)
    output_seq = []
    for _ in range(num_steps):
        Y, dec_state = net.decoder(dec_X, dec_state)
        dec_X = Y.argmax(dim=2)
        pred = dec_X.squeeze(dim=0).type(torch.int32).item()
        if pred == EOS:
            break
        output_seq.append(pred)
    return output_seq


def bleu(pred_seq, label_seq, k):
    """Compute the BLEU."""
    pred_tokens, label_tokens = pred_seq, label_seq
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0, 1 - len_label / max(len_pred, 1)))
    for n in range(1, k + 1):
        num_matches, label_subs = 0, collections.defaultdict(int)
        for i in range(len_label - n + 1):
            label_subs[' '.join(map(str, label_tokens[i: i + n]))] += 1
        for i in range(len_pred - n + 1):
            if label_subs[' '.join(map(str, pred_tokens[i: i + n]))] > 0:
                num_matches += 1
                label_subs[' '.join(map(str, pred_tokens[i: i + n]))] -= 1
        score *= math.pow(num_matches / max(len_pred - n + 1, 1), math.pow(0.5, n))
    return score


print(f'bleu of an exact match {bleu([3, 4, 5, 6], [3, 4, 5, 6], k=2):.3f}, of a near one {bleu([3, 4, 5, 7], [3, 4, 5, 6], k=2):.3f}')
for src in ([3, 4, 5, EOS], [7, 8, 9, 10, EOS], [11, 3, 11, EOS]):
    translation = predict_seq2seq(net, src, num_steps)
    target = list(reversed(src[:-1]))
    print(f'{src} => {len(translation)} tokens, bleu {bleu(translation, target, k=2):.3f}')


def beam_search(net, src_tokens, num_steps, beam_size=3, alpha=0.75):
    net.eval()
    enc_valid_len = torch.tensor([len(src_tokens)])
    src_tokens = src_tokens + [PAD] * (num_steps - len(src_tokens))
    enc_X = torch.tensor(src_tokens, dtype=torch.long).unsqueeze(0)
    with torch.no_grad():
        state = net.decoder.init_state(net.encoder(enc_X, enc_valid_len))
        beams = [([], 0.0, state, False)]
        for _ in range(num_steps):
            candidates = []
            for seq, score, st, done in beams:
                if done:
                    candidates.append((seq, score, st, True))
                    continue
                last = seq[-1] if seq else BOS
                Y, new_st = net.decoder(torch.tensor([[last]]), st)
                log_probs = F.log_softmax(Y[0, -1], dim=-1)
                top_lp, top_ix = log_probs.topk(beam_size)
                for lp, ix in zip(top_lp.tolist(), top_ix.tolist()):
                    candidates.append((seq + [ix], score + lp, new_st, ix == EOS))
            candidates.sort(key=lambda c: c[1] / (len(c[0]) ** alpha), reverse=True)
            beams = candidates[:beam_size]
            if all(b[3] for b in beams):
                break
    return [(b[0], b[1] / (len(b[0]) ** alpha)) for b in beams]


results = beam_search(net, [3, 4, 5, EOS], num_steps, beam_size=3)
print(len(results), [len(r[0]) > 0 for r in results], all(r[1] <= 0 for r in results))
print(type(results[0][1]), net.decoder.rnn)
