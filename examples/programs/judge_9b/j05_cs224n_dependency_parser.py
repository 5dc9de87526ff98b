# Stanford CS224N assignment 3 (neural transition-based dependency parser, PyTorch version) on a tiny synthetic
# treebank: PartialParse with shift / left-arc / right-arc, minibatch_parse, the ParserModel with its own
# embedding lookup (index_select on a pretrained-style embedding parameter), xavier_uniform_ hidden weights,
# dropout, cross entropy on the transition, Adam, and the UAS of the trained parser.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

class PartialParse(object):
    def __init__(self, sentence):
        self.sentence = sentence
        self.stack, self.buffer, self.dependencies = ["ROOT"], list(sentence), []

    def parse_step(self, transition):
        if transition == "S":
            self.stack.append(self.buffer.pop(0))
        elif transition == "LA":
            dep = self.stack.pop(-2)
            self.dependencies.append((self.stack[-1], dep))
        elif transition == "RA":
            dep = self.stack.pop()
            self.dependencies.append((self.stack[-1], dep))

    def parse(self, transitions):
        for t in transitions:
            self.parse_step(t)
        return self.dependencies

pp = PartialParse(["parse", "this", "sentence"])
print("dependencies:", pp.parse(["S", "S", "S", "LA", "RA", "RA"]))
print("stack:", pp.stack, "buffer:", pp.buffer)

def minibatch_parse(sentences, model, batch_size):
    partial_parses = [PartialParse(s) for s in sentences]
    unfinished = partial_parses[:]
    while unfinished:
        batch = unfinished[:batch_size]
        transitions = model.predict(batch)
        for parse, t in zip(batch, transitions):
            parse.parse_step(t)
        unfinished = [p for p in unfinished if len(p.buffer) > 0 or len(p.stack) > 1]
    return [p.dependencies for p in partial_parses]

class DummyModel:
    def predict(self, partial_parses):
        return [("RA" if pp.stack[1] == "right" else "LA") if len(pp.buffer) == 0 else "S" for pp in partial_parses]

sents = [["right", "arcs", "only"], ["right", "arcs", "only", "again"], ["left", "arcs", "only"]]
for d in minibatch_parse(sents, DummyModel(), 2):
    print("minibatch_parse:", d)

# synthetic grammar over word ids 2..11: ids below 6 are "modifiers" whose head is the next word (or, last in
# the sentence, the previous "noun"); other ids are "nouns" headed by the previous noun or ROOT (position 0).
# Words are (position, id) pairs; the static arc-standard oracle gives the gold transitions.
VOCAB, N_FEATURES = 12, 6  # features: top 3 of stack and first 3 of buffer (0 = NULL, 1 = ROOT)

def gold_heads(ids):
    nouns = [i for i, w in enumerate(ids, start=1) if w >= 6]
    prev_noun = lambda i: max([j for j in nouns if j < i], default=0)
    return {i: (i + 1 if w < 6 and i < len(ids) else prev_noun(i)) for i, w in enumerate(ids, start=1)}

def features(pp):
    stack = [0] * (3 - len(pp.stack[-3:])) + [1 if w == "ROOT" else w[1] for w in pp.stack[-3:]]
    buf = [w[1] for w in pp.buffer[:3]]
    return stack + buf + [0] * (3 - len(buf))

def oracle(pp, heads):
    pos = [0 if w == "ROOT" else w[0] for w in pp.stack]
    if len(pos) >= 3 and heads[pos[-2]] == pos[-1]:
        return "LA"
    if len(pos) >= 2 and heads[pos[-1]] == pos[-2] and all(heads[b[0]] != pos[-1] for b in pp.buffer):
        return "RA"
    return "S"

TRANS = ["S", "LA", "RA"]
gen = torch.Generator().manual_seed(1)

def make_sentence():
    ids = torch.randint(2, VOCAB, (int(torch.randint(2, 7, (1,), generator=gen)),), generator=gen).tolist()
    return list(enumerate(ids, start=1)), gold_heads(ids)

X, Y = [], []
for _ in range(80):
    sent, heads = make_sentence()
    pp = PartialParse(sent)
    while pp.buffer or len(pp.stack) > 1:
        t = oracle(pp, heads)
        X.append(features(pp)); Y.append(TRANS.index(t))
        pp.parse_step(t)
X, Y = torch.tensor(X), torch.tensor(Y)
print("training examples:", X.shape, "transitions S/LA/RA:", torch.bincount(Y, minlength=3).tolist())

class ParserModel(nn.Module):
    def __init__(self, embeddings, n_features=N_FEATURES, hidden_size=32, n_classes=3, dropout_prob=0.5):
        super().__init__()
        self.n_features, self.embed_size = n_features, embeddings.shape[1]
        self.embeddings = nn.Parameter(embeddings.clone())
        self.embed_to_hidden_weight = nn.Parameter(torch.empty(self.n_features * self.embed_size, hidden_size))
        self.embed_to_hidden_bias = nn.Parameter(torch.empty(hidden_size))
        nn.init.xavier_uniform_(self.embed_to_hidden_weight)
        nn.init.uniform_(self.embed_to_hidden_bias)
        self.dropout = nn.Dropout(dropout_prob)
        self.hidden_to_logits_weight = nn.Parameter(torch.empty(hidden_size, n_classes))
        self.hidden_to_logits_bias = nn.Parameter(torch.empty(n_classes))
        nn.init.xavier_uniform_(self.hidden_to_logits_weight)
        nn.init.uniform_(self.hidden_to_logits_bias)

    def embedding_lookup(self, w):
        return torch.index_select(self.embeddings, 0, w.reshape(-1)).view(w.shape[0], -1)

    def forward(self, w):
        x = self.embedding_lookup(w)
        h = F.relu(x @ self.embed_to_hidden_weight + self.embed_to_hidden_bias)
        return self.dropout(h) @ self.hidden_to_logits_weight + self.hidden_to_logits_bias

    def predict(self, parses):
        with torch.no_grad():
            logits = self(torch.tensor([features(p) for p in parses]))
        legal = torch.tensor([[len(p.buffer) > 0, len(p.stack) > 2, len(p.stack) > 1] for p in parses])
        return [TRANS[i] for i in logits.masked_fill(~legal, -1e9).argmax(1).tolist()]

parser = ParserModel(torch.randn(VOCAB, 8))
print("embedding lookup:", tuple(parser.embedding_lookup(X[:4]).shape))
opt = torch.optim.Adam(parser.parameters(), lr=0.005)
for epoch in range(10):
    parser.train()
    perm, total = torch.randperm(len(X)), 0.0
    for i in range(0, len(X), 32):
        idx = perm[i:i + 32]
        loss = F.cross_entropy(parser(X[idx]), Y[idx])
        opt.zero_grad(); loss.backward(); opt.step()
        total += loss.item() * len(idx)
    if epoch % 3 == 0:
        print(f"Epoch {epoch + 1} average train loss: {total / len(X):.4f}")

parser.eval()
tests = [make_sentence() for _ in range(20)]
pred = minibatch_parse([t[0] for t in tests], parser, batch_size=8)
correct = total = 0
for (sent, heads), d in zip(tests, pred):
    got = {dep[0]: (0 if head == "ROOT" else head[0]) for head, dep in d}
    correct += sum(got.get(i) == h for i, h in heads.items())
    total += len(heads)
print("number of parses:", len(pred), "every word attached:", all(len(d) == len(t[0]) for t, d in zip(tests, pred)))
print("UAS > 0.8:", correct / total > 0.8)
