# A bag-of-embeddings text classifier on a tiny vocabulary: nn.Embedding with padding_idx and mean pooling.
import torch
import torch.nn as nn
import torch.nn.functional as F

sentences = ["good movie", "great fun film", "bad movie", "awful boring film",
             "fun and good", "boring and bad", "great film", "awful movie"]
labels = torch.tensor([1, 1, 0, 0, 1, 0, 1, 0])
vocabulary = {"<pad>": 0}
for sentence in sentences:
    for word in sentence.split():
        vocabulary.setdefault(word, len(vocabulary))
print("vocabulary size:", len(vocabulary))
longest = max(len(s.split()) for s in sentences)
tokens = torch.zeros(len(sentences), longest, dtype=torch.long)
for row, sentence in enumerate(sentences):
    ids = [vocabulary[w] for w in sentence.split()]
    tokens[row, : len(ids)] = torch.tensor(ids)
print(tokens)


class BagOfEmbeddings(nn.Module):
    def __init__(self, vocab, dim=8):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0)
        self.classifier = nn.Linear(dim, 2)

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(-1).float()
        summed = (self.embedding(ids) * mask).sum(1)
        return self.classifier(summed / mask.sum(1))


model = BagOfEmbeddings(len(vocabulary))
with torch.no_grad():
    model.embedding.weight.copy_(torch.sin(torch.arange(len(vocabulary) * 8.0)).reshape(-1, 8))
    model.embedding.weight[0].zero_()
    model.classifier.weight.copy_(torch.cos(torch.arange(16.0)).reshape(2, 8) * 0.3)
    model.classifier.bias.zero_()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
for epoch in range(40):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(tokens), labels)
    loss.backward()
    optimizer.step()
print("final loss:", round(loss.item(), 4))
print("padding row stays zero:", model.embedding.weight[0].abs().sum().item())
print("padding gradient:", model.embedding.weight.grad[0].abs().sum().item())
with torch.no_grad():
    print("predictions:", model(tokens).argmax(1).tolist())
