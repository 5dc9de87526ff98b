# d2l.ai chapter 16.2-16.3 (sentiment analysis), on a synthetic review corpus: the vocabulary with min_freq and
# <pad>/<unk>, truncate_pad, corr1d and corr1d_multi_in written by hand, the TextCNN (two embedding layers, one
# frozen with requires_grad=False after copying "pretrained" vectors into weight.data, Conv1d over the
# concatenated channels, AdaptiveAvgPool1d(1) pooling, dropout, a decoder), xavier init via net.apply, training
# with CrossEntropyLoss(reduction="none"), and predict_sentiment; then the BiRNN classifier on the same data.
import collections
import random

import torch
from torch import nn

random.seed(7)
positive = ["good", "great", "wonderful", "excellent", "fun", "loved", "superb"]
negative = ["bad", "awful", "boring", "terrible", "hated", "dull", "poor"]
filler = ["the", "movie", "was", "plot", "acting", "and", "a", "it", "really", "story", "film", "very"]


def make_review(label):
    words = random.choices(filler, k=random.randint(5, 12))
    for _ in range(random.randint(1, 3)):
        words.insert(random.randrange(len(words) + 1), random.choice(positive if label else negative))
    return words


reviews = [(make_review(label), label) for label in [1, 0] * 100]
random.shuffle(reviews)
print(reviews[0])


class Vocab:
    def __init__(self, tokens, min_freq=0, reserved_tokens=[]):
        counter = collections.Counter(tokens)
        self.token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = list(sorted(set(['<unk>'] + reserved_tokens + [
            token for token, freq in self.token_freqs if freq >= min_freq])))
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, self.unk)
        return [self.__getitem__(token) for token in tokens]

    @property
    def unk(self):
        return self.token_to_idx['<unk>']


vocab = Vocab([w for words, _ in reviews for w in words], min_freq=5, reserved_tokens=['<pad>'])
print(len(vocab), vocab.idx_to_token[:5], vocab['movie'], vocab['zebra'])


def truncate_pad(line, num_steps, padding_token):
    if len(line) > num_steps:
        return line[:num_steps]
    return line + [padding_token] * (num_steps - len(line))


num_steps = 16
features = torch.tensor([truncate_pad(vocab[words], num_steps, vocab['<pad>']) for words, _ in reviews])
labels = torch.tensor([label for _, label in reviews])
print(features.shape, labels.float().mean())
train_iter = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(features[:160], labels[:160]),
                                         batch_size=32, shuffle=True)
test_features, test_labels = features[160:], labels[160:]


def corr1d(X, K):
    w = K.shape[0]
    Y = torch.zeros((X.shape[0] - w + 1))
    for i in range(Y.shape[0]):
        Y[i] = (X[i: i + w] * K).sum()
    return Y


X, K = torch.tensor([0, 1, 2, 3, 4, 5, 6]), torch.tensor([1, 2])
print(corr1d(X, K))


def corr1d_multi_in(X, K):
    return sum(corr1d(x, k) for x, k in zip(X, K))


X = torch.tensor([[0, 1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 8]])
K = torch.tensor([[1, 2], [3, 4], [-1, -3]])
print(corr1d_multi_in(X, K))
conv = nn.Conv1d(3, 1, 2, bias=False)
conv.weight.data = K.float().unsqueeze(0)
print(conv(X.float().unsqueeze(0)))


class TextCNN(nn.Module):
    def __init__(self, vocab_size, embed_size, kernel_sizes, num_channels, **kwargs):
        super(TextCNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.constant_embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(0.5)
        self.decoder = nn.Linear(sum(num_channels), 2)
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.relu = nn.ReLU()
        self.convs = nn.ModuleList()
        for c, k in zip(num_channels, kernel_sizes):
            self.convs.append(nn.Conv1d(2 * embed_size, c, k))

    def forward(self, inputs):
        embeddings = torch.cat((self.embedding(inputs), self.constant_embedding(inputs)), dim=2)
        embeddings = embeddings.permute(0, 2, 1)
        encoding = torch.cat([torch.squeeze(self.relu(self.pool(conv(embeddings))), dim=-1)
                              for conv in self.convs], dim=1)
        outputs = self.decoder(self.dropout(encoding))
        return outputs


def init_weights(module):
    if type(module) in (nn.Linear, nn.Conv1d):
        nn.init.xavier_uniform_(module.weight)


def evaluate_accuracy(net, X, y):
    net.eval()
    with torch.no_grad():
        return (net(X).argmax(dim=1) == y).float().mean().item()


def train(net, num_epochs, lr):
    trainer = torch.optim.Adam(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss(reduction="none")
    for epoch in range(num_epochs):
        net.train()
        total, count = 0.0, 0
        for X, y in train_iter:
            trainer.zero_grad()
            l = loss(net(X), y)
            l.sum().backward()
            trainer.step()
            total += l.sum().item()
            count += y.numel()
        if epoch % 2 == 1:
            print(f"epoch {epoch + 1}, loss {total / count:.3f}, test acc {evaluate_accuracy(net, test_features, test_labels):.3f}")


embed_size, kernel_sizes, nums_channels = 8, [2, 3, 4], [8, 8, 8]
torch.manual_seed(0)
net = TextCNN(len(vocab), embed_size, kernel_sizes, nums_channels)
net.apply(init_weights)
pretrained = torch.randn(len(vocab), embed_size)
net.embedding.weight.data.copy_(pretrained)
net.constant_embedding.weight.data.copy_(pretrained)
net.constant_embedding.weight.requires_grad = False
print(net)
print(sum(p.numel() for p in net.parameters() if p.requires_grad))
train(net, 4, 0.02)
print(torch.equal(net.constant_embedding.weight, pretrained), torch.equal(net.embedding.weight, pretrained))


def predict_sentiment(net, vocab, sequence):
    sequence = torch.tensor(truncate_pad(vocab[sequence.split()], num_steps, vocab['<pad>']))
    label = torch.argmax(net(sequence.reshape(1, -1)), dim=1)
    return 'positive' if label == 1 else 'negative'


print(predict_sentiment(net, vocab, 'this movie is so great'))
print(predict_sentiment(net, vocab, 'this movie is so bad'))


class BiRNN(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, **kwargs):
        super(BiRNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.encoder = nn.LSTM(embed_size, num_hiddens, num_layers=num_layers, bidirectional=True)
        self.decoder = nn.Linear(4 * num_hiddens, 2)

    def forward(self, inputs):
        embeddings = self.embedding(inputs.T)
        self.encoder.flatten_parameters()
        outputs, _ = self.encoder(embeddings)
        encoding = torch.cat((outputs[0], outputs[-1]), dim=1)
        return self.decoder(encoding)


def init_rnn_weights(module):
    if type(module) == nn.Linear:
        nn.init.xavier_uniform_(module.weight)
    if type(module) == nn.LSTM:
        for param in module._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(module._parameters[param])


torch.manual_seed(1)
net = BiRNN(len(vocab), embed_size, 8, 2)
net.apply(init_rnn_weights)
print(net.encoder._flat_weights_names[:4])
train(net, 4, 0.02)
print(predict_sentiment(net, vocab, 'this movie is so great'), predict_sentiment(net, vocab, 'awful and dull'))
