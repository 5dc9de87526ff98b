# d2l.ai chapters 9-10, the concise implementations: RNNModel wrapping nn.RNN / nn.GRU / nn.LSTM (begin_state for
# both kinds of state), deep (num_layers=2) and bidirectional recurrent nets, predict_ch8, train_epoch_ch8 with
# perplexity and grad_clipping, on a small synthetic character corpus.
import math
import random

import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(9)
random.seed(9)

corpus_text = 'the time traveller for so it will be convenient to speak of him ' * 12


class Vocab:
    """Vocabulary for text."""
    def __init__(self, tokens):
        counter = {}
        for t in tokens:
            counter[t] = counter.get(t, 0) + 1
        self._token_freqs = sorted(counter.items(), key=lambda x: (-x[1], x[0]))
        self.idx_to_token = ['<unk>'] + [tok for tok, _ in self._token_freqs]
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, 0)
        return [self.__getitem__(token) for token in tokens]

    def to_tokens(self, indices):
        if not isinstance(indices, (list, tuple)):
            return self.idx_to_token[indices]
        return [self.idx_to_token[index] for index in indices]


vocab = Vocab(list(corpus_text))
corpus = [vocab[ch] for ch in corpus_text]
print(len(vocab), len(corpus), vocab.to_tokens(list(range(6))))


def seq_data_iter_sequential(corpus, batch_size, num_steps):
    """Generate a minibatch of subsequences using sequential partitioning."""
    offset = random.randint(0, num_steps)
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = torch.tensor(corpus[offset: offset + num_tokens])
    Ys = torch.tensor(corpus[offset + 1: offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    num_batches = Xs.shape[1] // num_steps
    for i in range(0, num_steps * num_batches, num_steps):
        X = Xs[:, i: i + num_steps]
        Y = Ys[:, i: i + num_steps]
        yield X, Y


class RNNModel(nn.Module):
    """The RNN model."""
    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super(RNNModel, self).__init__(**kwargs)
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        # If the RNN is bidirectional (to be introduced later),
        # `num_directions` should be 2, else it should be 1.
        if not self.rnn.bidirectional:
            self.num_directions = 1
            self.linear = nn.Linear(self.num_hiddens, self.vocab_size)
        else:
            self.num_directions = 2
            self.linear = nn.Linear(self.num_hiddens * 2, self.vocab_size)

    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size)
        X = X.to(torch.float32)
        Y, state = self.rnn(X, state)
        # The fully connected layer will first change the shape of `Y` to
        # (`num_steps` * `batch_size`, `num_hiddens`). Its output shape is
        # (`num_steps` * `batch_size`, `vocab_size`).
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state

    def begin_state(self, device, batch_size=1):
        if not isinstance(self.rnn, nn.LSTM):
            # `nn.GRU` takes a tensor as hidden state
            return torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens),
                               device=device)
        else:
            # `nn.LSTM` takes a tuple of hidden states
            return (torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens),
                                device=device),
                    torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens),
                                device=device))


def predict_ch8(prefix, num_preds, net, vocab, device):
    """Generate new characters following the `prefix`."""
    state = net.begin_state(batch_size=1, device=device)
    outputs = [vocab[prefix[0]]]
    get_input = lambda: torch.tensor([outputs[-1]], device=device).reshape((1, 1))
    for y in prefix[1:]:  # Warm-up period
        _, state = net(get_input(), state)
        outputs.append(vocab[y])
    for _ in range(num_preds):  # Predict `num_preds` steps
        y, state = net(get_input(), state)
        outputs.append(int(y.argmax(dim=1).reshape(1)))
    return ''.join([vocab.idx_to_token[i] for i in outputs])


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


def train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter):
    """Train a net within one epoch (defined in Chapter 8)."""
    state = None
    total, count = 0.0, 0
    for X, Y in train_iter:
        if state is None or use_random_iter:
            state = net.begin_state(batch_size=X.shape[0], device=device)
        else:
            if isinstance(net, nn.Module) and not isinstance(state, tuple):
                # `state` is a tensor for `nn.GRU`
                state.detach_()
            else:
                # `state` is a tuple of tensors for `nn.LSTM` and for our custom scratch implementation
                for s in state:
                    s.detach_()
        y = Y.T.reshape(-1)
        X, y = X.to(device), y.to(device)
        y_hat, state = net(X, state)
        l = loss(y_hat, y.long()).mean()
        updater.zero_grad()
        l.backward()
        grad_clipping(net, 1)
        updater.step()
        total += l.item() * y.numel()
        count += y.numel()
    return math.exp(total / count)


device = torch.device('cpu')
batch_size, num_steps, num_hiddens = 8, 16, 32
vocab_size = len(vocab)
for name, layer in [('rnn', nn.RNN(vocab_size, num_hiddens)),
                    ('gru', nn.GRU(vocab_size, num_hiddens)),
                    ('lstm', nn.LSTM(vocab_size, num_hiddens)),
                    ('deep lstm', nn.LSTM(vocab_size, num_hiddens, num_layers=2)),
                    ('bidirectional lstm', nn.LSTM(vocab_size, num_hiddens, num_layers=2, bidirectional=True))]:
    net = RNNModel(layer, vocab_size=len(vocab))
    net = net.to(device)
    state = net.begin_state(device, batch_size=2)
    out, new_state = net(torch.zeros((2, 5), dtype=torch.long), state)
    shapes = [tuple(s.shape) for s in new_state] if isinstance(new_state, tuple) else tuple(new_state.shape)
    print(f'{name}: {layer} -> output {tuple(out.shape)} state {shapes}')
    print(f'  untrained prediction has {len(predict_ch8("time ", 10, net, vocab, device))} characters')
    loss = nn.CrossEntropyLoss()
    updater = torch.optim.SGD(net.parameters(), lr=1)
    for epoch in range(3):
        ppl = train_epoch_ch8(net, seq_data_iter_sequential(corpus, batch_size, num_steps), loss, updater, device,
                              use_random_iter=False)
    print(f'  perplexity {ppl:.1f} after 3 epochs, parameters {sum(p.numel() for p in net.parameters())}')

print([n for n, _ in net.rnn.named_parameters()][:8])
print(net.rnn.weight_hh_l1_reverse.shape, net.rnn.all_weights[0][0].shape)
