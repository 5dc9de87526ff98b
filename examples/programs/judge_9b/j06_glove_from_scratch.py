# GloVe from scratch (d2l.ai 15.5 "Word Embedding with Global Vectors" and the CS224N lecture notes) on a
# synthetic corpus with two topics: a co-occurrence matrix with 1/distance weighting in a symmetric window,
# the weighting function f(x) = (x / x_max)^alpha capped at 1, the weighted least-squares objective with
# center/context embeddings and biases trained by Adagrad on the nonzero entries, then the summed vectors
# used for nearest neighbours by cosine similarity and a word analogy by vector arithmetic.
import collections
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

animals = ["cat", "dog", "horse", "cow", "sheep"]
foods = ["bread", "cheese", "apple", "rice", "soup"]
verbs = {"animal": ["runs", "sleeps", "barks"], "food": ["tastes", "cooks", "smells"]}
shared = ["the", "a", "very", "today"]
gen = torch.Generator().manual_seed(0)


def pick(lst):
    return lst[torch.randint(0, len(lst), (1,), generator=gen).item()]


corpus = []
for _ in range(600):
    topic = "animal" if torch.rand(1, generator=gen).item() < 0.5 else "food"
    noun = pick(animals if topic == "animal" else foods)
    corpus.append([pick(shared), noun, pick(verbs[topic]), pick(shared)])
counter = collections.Counter(w for s in corpus for w in s)
idx_to_token = sorted(counter)
token_to_idx = {t: i for i, t in enumerate(idx_to_token)}
V = len(idx_to_token)
print("sentences:", len(corpus), "vocab:", V, "tokens:", sum(counter.values()))

# co-occurrence counts with 1/d weighting inside a window of 2
window = 2
X = torch.zeros(V, V)
for sent in corpus:
    ids = [token_to_idx[w] for w in sent]
    for i, c in enumerate(ids):
        for j in range(max(0, i - window), min(len(ids), i + window + 1)):
            if j != i:
                X[c, ids[j]] += 1.0 / abs(i - j)
print("symmetric:", torch.allclose(X, X.T), "nonzero:", int((X > 0).sum()))
print("X[cat, runs] > X[cat, tastes]:",
      bool(X[token_to_idx["cat"], token_to_idx["runs"]] > X[token_to_idx["cat"], token_to_idx["tastes"]]))


def weighting(x, x_max=20.0, alpha=0.75):
    return torch.where(x < x_max, (x / x_max) ** alpha, torch.ones_like(x))


print("f at 0, 10, 20, 50:", weighting(torch.tensor([0.0, 10.0, 20.0, 50.0])))


class GloVe(nn.Module):
    def __init__(self, vocab_size, embed_size):
        super().__init__()
        self.center = nn.Embedding(vocab_size, embed_size)
        self.context = nn.Embedding(vocab_size, embed_size)
        self.center_bias = nn.Embedding(vocab_size, 1)
        self.context_bias = nn.Embedding(vocab_size, 1)
        for emb in (self.center, self.context):
            nn.init.uniform_(emb.weight, -0.5 / embed_size, 0.5 / embed_size)
        nn.init.zeros_(self.center_bias.weight)
        nn.init.zeros_(self.context_bias.weight)

    def forward(self, i, j):
        dot = (self.center(i) * self.context(j)).sum(-1)
        return dot + self.center_bias(i).squeeze(-1) + self.context_bias(j).squeeze(-1)


rows, cols = X.nonzero(as_tuple=True)
counts = X[rows, cols]
weights = weighting(counts)
log_counts = torch.log(counts)
model = GloVe(V, 10)
opt = torch.optim.Adagrad(model.parameters(), lr=0.1)
for epoch in range(100):
    perm = torch.randperm(len(rows))
    total = 0.0
    for k in range(0, len(perm), 64):
        b = perm[k:k + 64]
        pred = model(rows[b], cols[b])
        loss = (weights[b] * (pred - log_counts[b]) ** 2).sum()
        opt.zero_grad(); loss.backward(); opt.step()
        total += loss.item()
    if epoch % 25 == 0 or epoch == 99:
        print(f"epoch {epoch + 1}, loss {total:.4f}")

vectors = (model.center.weight + model.context.weight).detach()


def get_similar_tokens(query, k):
    x = vectors[token_to_idx[query]]
    cos = F.cosine_similarity(vectors, x.unsqueeze(0), dim=1)
    topk = torch.topk(cos, k + 1).indices[1:]
    return [idx_to_token[i] for i in topk.tolist()]


for q in ["cat", "bread"]:
    near = get_similar_tokens(q, 6)
    same, other = (animals, foods) if q == "cat" else (foods, animals)
    nouns = [w for w in near if w in animals + foods]
    print(f"nearest to {q}: {near}")
    print(f"  nearest noun in the same group: {nouns[0] in same if nouns else None}")


def analogy(a, b, c):
    v = vectors[token_to_idx[b]] - vectors[token_to_idx[a]] + vectors[token_to_idx[c]]
    cos = F.cosine_similarity(vectors, v.unsqueeze(0), dim=1)
    for w in (a, b, c):
        cos[token_to_idx[w]] = -1
    return idx_to_token[cos.argmax().item()]


print("dog : barks :: apple :", analogy("dog", "barks", "apple"))
print("vector norms:", vectors.norm(dim=1).shape, "mean norm > 0:", vectors.norm(dim=1).mean().item() > 0)
