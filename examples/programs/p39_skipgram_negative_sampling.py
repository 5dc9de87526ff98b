# word2vec: a skip-gram model with negative sampling, nn.Embedding, torch.multinomial over the unigram
# distribution raised to 3/4, F.logsigmoid and bmm, then nearest neighbours by cosine similarity.
import collections

import torch
import torch.nn as nn
import torch.nn.functional as F

corpus = ("the king rules the kingdom . the queen rules the kingdom . a man walks the dog . a woman walks the dog . "
          "the king and the queen . the man and the woman .").split()
counts = collections.Counter(corpus)
vocab = sorted(counts, key=lambda w: (-counts[w], w))
word_to_ix = {w: i for i, w in enumerate(vocab)}
print(len(corpus), "tokens,", len(vocab), "words; most common:", vocab[:4])

window = 2
pairs = []
for i, w in enumerate(corpus):
    for j in range(max(0, i - window), min(len(corpus), i + window + 1)):
        if j != i:
            pairs.append((word_to_ix[w], word_to_ix[corpus[j]]))
centers = torch.tensor([c for c, _ in pairs])
contexts = torch.tensor([o for _, o in pairs])
print("pairs:", centers.shape, contexts[:6])

freq = torch.tensor([counts[w] for w in vocab], dtype=torch.float)
noise_dist = freq ** 0.75
noise_dist = noise_dist / noise_dist.sum()
print("noise distribution:", noise_dist[:4])


class SkipGramNeg(nn.Module):
    def __init__(self, n_vocab, n_embed):
        super().__init__()
        self.in_embed = nn.Embedding(n_vocab, n_embed)
        self.out_embed = nn.Embedding(n_vocab, n_embed)
        self.in_embed.weight.data.uniform_(-1, 1)
        self.out_embed.weight.data.uniform_(-1, 1)

    def forward(self, center, context, noise):
        v = self.in_embed(center).unsqueeze(2)              # (B, E, 1)
        u = self.out_embed(context).unsqueeze(1)            # (B, 1, E)
        n = self.out_embed(noise).neg()                     # (B, K, E)
        pos = F.logsigmoid(torch.bmm(u, v)).squeeze()
        neg = F.logsigmoid(torch.bmm(n, v)).squeeze(2).sum(1)
        return -(pos + neg).mean()


torch.manual_seed(0)
model = SkipGramNeg(len(vocab), 10)
optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
K = 5
for epoch in range(60):
    perm = torch.randperm(len(pairs))
    total = 0.0
    for start in range(0, len(pairs), 32):
        idx = perm[start:start + 32]
        noise = torch.multinomial(noise_dist, len(idx) * K, replacement=True).view(len(idx), K)
        loss = model(centers[idx], contexts[idx], noise)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    if epoch % 20 == 19:
        print(f"epoch {epoch + 1}: loss {total / len(pairs):.3f}")

embeddings = model.in_embed.weight.detach()
normed = F.normalize(embeddings, dim=1)
similarity = normed @ normed.T
print(similarity.shape, torch.allclose(similarity.diagonal(), torch.ones(len(vocab)), atol=1e-5))
king = word_to_ix["king"]
values, indices = similarity[king].topk(3)
print("neighbours of king:", len([vocab[i] for i in indices.tolist()]), values[0].item() > 0.99)
print(F.cosine_similarity(embeddings[king:king + 1], embeddings[word_to_ix["queen"]:word_to_ix["queen"] + 1]).shape)
samples = torch.multinomial(torch.tensor([0.0, 1.0, 0.0]), 4, replacement=True)
print(samples, torch.multinomial(torch.tensor([[0., 0., 1.], [1., 0., 0.]]), 1).squeeze(1))
