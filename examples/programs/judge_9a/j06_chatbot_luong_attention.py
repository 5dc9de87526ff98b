# pytorch.org tutorial "Chatbot Tutorial" on a few synthetic question/answer pairs: Voc, zero-padding and binary
# masks, EncoderRNN (bidirectional GRU with pack_padded_sequence, directions summed), Luong attention
# (dot/general/concat), LuongAttnDecoderRNN, maskNLLLoss, teacher forcing, clipping, and GreedySearchDecoder.
import random
import itertools
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
random.seed(0)
PAD, SOS, EOS = 0, 1, 2

class Voc:
    def __init__(self):
        self.word2index, self.index2word = {}, {PAD: "PAD", SOS: "SOS", EOS: "EOS"}
        self.num_words = 3

    def addSentence(self, s):
        for w in s.split(" "):
            if w not in self.word2index:
                self.word2index[w] = self.num_words
                self.index2word[self.num_words] = w
                self.num_words += 1

words = "hi hello how are you fine thanks what is your name bot i am good bye see later".split()
pairs = [["hi", "hello"], ["how are you", "i am fine thanks"], ["what is your name", "i am bot"],
         ["bye", "see you later"], ["hello", "hi"], ["are you good", "i am good"]]
voc = Voc()
for q, a in pairs:
    voc.addSentence(q); voc.addSentence(a)
print("words:", voc.num_words)

def indexes(s):
    return [voc.word2index[w] for w in s.split(" ")] + [EOS]

def batch2TrainData(batch):
    batch.sort(key=lambda p: len(p[0].split(" ")), reverse=True)
    inp = [indexes(q) for q, _ in batch]
    out = [indexes(a) for _, a in batch]
    lengths = torch.tensor([len(s) for s in inp])
    inp = torch.LongTensor(list(itertools.zip_longest(*inp, fillvalue=PAD)))
    padded = list(itertools.zip_longest(*out, fillvalue=PAD))
    mask = torch.BoolTensor([[t != PAD for t in row] for row in padded])
    return inp, lengths, torch.LongTensor(padded), mask, max(len(s) for s in out)

inp, lengths, target, mask, max_len = batch2TrainData(list(pairs))
print("input:", tuple(inp.shape), "lengths:", lengths.tolist())
print("target:", tuple(target.shape), "mask:", mask.sum().item(), "max_len:", max_len)

class EncoderRNN(nn.Module):
    def __init__(self, hidden, embedding):
        super().__init__()
        self.hidden, self.embedding = hidden, embedding
        self.gru = nn.GRU(hidden, hidden, 1, bidirectional=True)

    def forward(self, seq, lengths, h=None):
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(seq), lengths)
        outputs, h = self.gru(packed, h)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs)
        return outputs[:, :, :self.hidden] + outputs[:, :, self.hidden:], h

class Attn(nn.Module):
    def __init__(self, method, hidden):
        super().__init__()
        self.method = method
        if method == "general":
            self.attn = nn.Linear(hidden, hidden)
        elif method == "concat":
            self.attn = nn.Linear(hidden * 2, hidden)
            self.v = nn.Parameter(torch.FloatTensor(hidden).normal_())

    def forward(self, hidden, enc):
        if self.method == "dot":
            e = torch.sum(hidden * enc, dim=2)
        elif self.method == "general":
            e = torch.sum(hidden * self.attn(enc), dim=2)
        else:
            e = torch.sum(self.v * self.attn(torch.cat((hidden.expand(enc.size(0), -1, -1), enc), 2)).tanh(), dim=2)
        return F.softmax(e.t(), dim=1).unsqueeze(1)

class LuongAttnDecoderRNN(nn.Module):
    def __init__(self, method, embedding, hidden, output_size):
        super().__init__()
        self.embedding = embedding
        self.gru = nn.GRU(hidden, hidden, 1)
        self.concat = nn.Linear(hidden * 2, hidden)
        self.out = nn.Linear(hidden, output_size)
        self.attn = Attn(method, hidden)

    def forward(self, step, last_hidden, enc):
        rnn_out, hidden = self.gru(self.embedding(step), last_hidden)
        weights = self.attn(rnn_out, enc)
        context = weights.bmm(enc.transpose(0, 1)).squeeze(1)
        concat = torch.tanh(self.concat(torch.cat((rnn_out.squeeze(0), context), 1)))
        return F.softmax(self.out(concat), dim=1), hidden

def maskNLLLoss(out, tgt, m):
    cross = -torch.log(torch.gather(out, 1, tgt.view(-1, 1)).squeeze(1))
    return cross.masked_select(m).mean(), m.sum().item()

for method in ["dot", "general", "concat"]:
    torch.manual_seed(1)
    emb = nn.Embedding(voc.num_words, 16)
    enc, dec = EncoderRNN(16, emb), LuongAttnDecoderRNN(method, emb, 16, voc.num_words)
    enc_opt = torch.optim.Adam(enc.parameters(), lr=0.01)
    dec_opt = torch.optim.Adam(dec.parameters(), lr=0.05)
    for it in range(1, 61):
        batch = [random.choice(pairs) for _ in range(4)]
        i, l, t, m, ml = batch2TrainData(batch)
        enc_opt.zero_grad(); dec_opt.zero_grad()
        enc_out, enc_h = enc(i, l)
        dec_in = torch.LongTensor([[SOS] * 4])
        h = enc_h[:1]
        loss, tot = 0, 0
        teacher = random.random() < 0.8
        for s in range(ml):
            out, h = dec(dec_in, h, enc_out)
            dec_in = t[s].view(1, -1) if teacher else out.topk(1)[1].view(1, -1)
            ml_loss, n = maskNLLLoss(out, t[s], m[s])
            loss, tot = loss + ml_loss, tot + n
        loss.backward()
        nn.utils.clip_grad_norm_(enc.parameters(), 50.0)
        nn.utils.clip_grad_norm_(dec.parameters(), 50.0)
        enc_opt.step(); dec_opt.step()
        if it % 20 == 0:
            print(f"{method:8s} iteration {it} loss {loss.item() / ml:.4f}")

    # greedy decoding
    enc.eval(); dec.eval()
    with torch.no_grad():
        for q in ["how are you", "what is your name"]:
            seq = torch.LongTensor([indexes(q)]).t()
            eo, eh = enc(seq, torch.tensor([seq.size(0)]))
            h, step, words = eh[:1], torch.LongTensor([[SOS]]), []
            for _ in range(6):
                o, h = dec(step, h, eo)
                score, idx = torch.max(o, dim=1)
                if idx.item() == EOS:
                    break
                words.append(voc.index2word[idx.item()])
                step = idx.unsqueeze(0)
            print(f"  > {q} | bot: {' '.join(words)}")
