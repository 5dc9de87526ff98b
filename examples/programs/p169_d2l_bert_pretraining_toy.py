# d2l.ai chapter 15.8-15.10 (BERT), small: get_tokens_and_segments, BERTEncoder (token + segment embeddings, a
# learned nn.Parameter positional embedding, nn.TransformerEncoderLayer blocks with a key padding mask built from
# valid_lens), MaskLM (torch.repeat_interleave batch indices, gathering the predicted positions), NextSentencePred
# on the <cls> representation, the BERTModel wrapper, _get_batch_loss_bert with weighted masked-LM loss, and a
# few pretraining steps on a synthetic corpus of paired "sentences" with 15% masking (80/10/10 rule).
import random

import torch
from torch import nn


def get_tokens_and_segments(tokens_a, tokens_b=None):
    tokens = ['<cls>'] + tokens_a + ['<sep>']
    segments = [0] * (len(tokens_a) + 2)
    if tokens_b is not None:
        tokens += tokens_b + ['<sep>']
        segments += [1] * (len(tokens_b) + 1)
    return tokens, segments


print(get_tokens_and_segments(['a', 'crane', 'is', 'flying'], ['he', 'just', 'left']))


class BERTEncoder(nn.Module):
    def __init__(self, vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_blks, dropout, max_len=1000):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, num_hiddens)
        self.segment_embedding = nn.Embedding(2, num_hiddens)
        self.blks = nn.Sequential()
        for i in range(num_blks):
            self.blks.add_module(f"{i}", nn.TransformerEncoderLayer(
                num_hiddens, num_heads, ffn_num_hiddens, dropout, batch_first=True))
        self.pos_embedding = nn.Parameter(torch.randn(1, max_len, num_hiddens))

    def forward(self, tokens, segments, valid_lens):
        X = self.token_embedding(tokens) + self.segment_embedding(segments)
        X = X + self.pos_embedding[:, :X.shape[1], :]
        mask = torch.arange(X.shape[1], device=X.device)[None, :] >= valid_lens[:, None]
        for blk in self.blks:
            X = blk(X, src_key_padding_mask=mask)
        return X


vocab_size, num_hiddens, ffn_num_hiddens, num_heads = 30, 16, 32, 2
num_blks, dropout = 2, 0.2
torch.manual_seed(0)
encoder = BERTEncoder(vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_blks, dropout)
tokens = torch.randint(0, vocab_size, (2, 8))
segments = torch.tensor([[0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1, 1, 1]])
encoded_X = encoder(tokens, segments, torch.tensor([8, 6]))
print(encoded_X.shape)


class MaskLM(nn.Module):
    def __init__(self, vocab_size, num_hiddens, **kwargs):
        super().__init__(**kwargs)
        self.mlp = nn.Sequential(nn.LazyLinear(num_hiddens), nn.ReLU(), nn.LayerNorm(num_hiddens),
                                 nn.LazyLinear(vocab_size))

    def forward(self, X, pred_positions):
        num_pred_positions = pred_positions.shape[1]
        pred_positions = pred_positions.reshape(-1)
        batch_size = X.shape[0]
        batch_idx = torch.arange(0, batch_size)
        batch_idx = torch.repeat_interleave(batch_idx, num_pred_positions)
        masked_X = X[batch_idx, pred_positions]
        masked_X = masked_X.reshape((batch_size, num_pred_positions, -1))
        return self.mlp(masked_X)


mlm = MaskLM(vocab_size, num_hiddens)
mlm_positions = torch.tensor([[1, 5, 2], [6, 1, 5]])
print(torch.repeat_interleave(torch.arange(0, 2), 3))
mlm_Y_hat = mlm(encoded_X, mlm_positions)
print(mlm_Y_hat.shape)
mlm_Y = torch.tensor([[7, 8, 9], [10, 20, 29]])
loss = nn.CrossEntropyLoss(reduction='none')
mlm_l = loss(mlm_Y_hat.reshape((-1, vocab_size)), mlm_Y.reshape(-1))
print(mlm_l.shape)


class NextSentencePred(nn.Module):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.output = nn.LazyLinear(2)

    def forward(self, X):
        return self.output(X)


encoded_X_flat = torch.flatten(encoded_X, start_dim=1)
nsp = NextSentencePred()
nsp_Y_hat = nsp(encoded_X_flat)
print(nsp_Y_hat.shape)
nsp_y = torch.tensor([0, 1])
print(loss(nsp_Y_hat, nsp_y).shape)


class BERTModel(nn.Module):
    def __init__(self, vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_blks, dropout, max_len=1000):
        super().__init__()
        self.encoder = BERTEncoder(vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_blks, dropout,
                                   max_len=max_len)
        self.hidden = nn.Sequential(nn.LazyLinear(num_hiddens), nn.Tanh())
        self.mlm = MaskLM(vocab_size, num_hiddens)
        self.nsp = NextSentencePred()

    def forward(self, tokens, segments, valid_lens=None, pred_positions=None):
        encoded_X = self.encoder(tokens, segments, valid_lens)
        if pred_positions is not None:
            mlm_Y_hat = self.mlm(encoded_X, pred_positions)
        else:
            mlm_Y_hat = None
        nsp_Y_hat = self.nsp(self.hidden(encoded_X[:, 0, :]))
        return encoded_X, mlm_Y_hat, nsp_Y_hat


# A synthetic corpus: "sentences" are runs of consecutive letters; the next sentence continues the run
random.seed(0)
letters = [chr(ord('a') + i) for i in range(20)]
idx_to_token = ['<pad>', '<mask>', '<cls>', '<sep>', '<unk>'] + letters
token_to_idx = {t: i for i, t in enumerate(idx_to_token)}


def make_paragraph():
    start = random.randrange(0, 12)
    return [letters[start + i: start + i + 3] for i in range(0, 6, 3)]


def get_next_sentence(sentence, next_sentence, paragraphs):
    if random.random() < 0.5:
        is_next = True
    else:
        next_sentence = random.choice(random.choice(paragraphs))
        is_next = False
    return sentence, next_sentence, is_next


def replace_mlm_tokens(tokens, candidate_pred_positions, num_mlm_preds):
    mlm_input_tokens = [token for token in tokens]
    pred_positions_and_labels = []
    random.shuffle(candidate_pred_positions)
    for mlm_pred_position in candidate_pred_positions:
        if len(pred_positions_and_labels) >= num_mlm_preds:
            break
        masked_token = None
        if random.random() < 0.8:
            masked_token = '<mask>'
        else:
            if random.random() < 0.5:
                masked_token = tokens[mlm_pred_position]
            else:
                masked_token = random.choice(letters)
        mlm_input_tokens[mlm_pred_position] = masked_token
        pred_positions_and_labels.append((mlm_pred_position, tokens[mlm_pred_position]))
    return mlm_input_tokens, pred_positions_and_labels


paragraphs = [make_paragraph() for _ in range(64)]
max_len, max_num_mlm_preds = 10, 2
examples = []
for paragraph in paragraphs:
    a, b, is_next = get_next_sentence(paragraph[0], paragraph[1], paragraphs)
    tokens, segs = get_tokens_and_segments(a, b)
    candidates = [i for i, t in enumerate(tokens) if t not in ('<cls>', '<sep>')]
    num_mlm_preds = max(1, round(len(tokens) * 0.15))
    mlm_tokens, pos_labels = replace_mlm_tokens(tokens, candidates, num_mlm_preds)
    pos_labels = sorted(pos_labels, key=lambda x: x[0])
    pred_positions = [p for p, _ in pos_labels]
    mlm_labels = [token_to_idx[t] for _, t in pos_labels]
    examples.append(([token_to_idx[t] for t in mlm_tokens], pred_positions, mlm_labels, segs, is_next))
print(len(examples), examples[0])

all_token_ids = torch.tensor([ids + [0] * (max_len - len(ids)) for ids, *_ in examples])
all_segments = torch.tensor([s + [0] * (max_len - len(s)) for _, _, _, s, _ in examples])
valid_lens = torch.tensor([len(ids) for ids, *_ in examples], dtype=torch.float32)
all_pred_positions = torch.tensor([p + [0] * (max_num_mlm_preds - len(p)) for _, p, *_ in examples])
all_mlm_weights = torch.tensor([[1.0] * len(p) + [0.0] * (max_num_mlm_preds - len(p)) for _, p, *_ in examples])
all_mlm_labels = torch.tensor([l + [0] * (max_num_mlm_preds - len(l)) for _, _, l, _, _ in examples])
nsp_labels = torch.tensor([int(e[4]) for e in examples])
print(all_token_ids.shape, all_mlm_weights.sum().item(), nsp_labels.float().mean().item())
dataset = torch.utils.data.TensorDataset(all_token_ids, all_segments, valid_lens, all_pred_positions,
                                         all_mlm_weights, all_mlm_labels, nsp_labels)
train_iter = torch.utils.data.DataLoader(dataset, batch_size=16, shuffle=True)


def _get_batch_loss_bert(net, loss, vocab_size, tokens_X, segments_X, valid_lens_x, pred_positions_X,
                         mlm_weights_X, mlm_Y, nsp_y):
    _, mlm_Y_hat, nsp_Y_hat = net(tokens_X, segments_X, valid_lens_x.reshape(-1), pred_positions_X)
    mlm_l = loss(mlm_Y_hat.reshape(-1, vocab_size), mlm_Y.reshape(-1)) * mlm_weights_X.reshape(-1)
    mlm_l = mlm_l.sum() / (mlm_weights_X.sum() + 1e-8)
    nsp_l = loss(nsp_Y_hat, nsp_y).mean()
    l = mlm_l + nsp_l
    return mlm_l, nsp_l, l


torch.manual_seed(1)
net = BERTModel(len(idx_to_token), num_hiddens=32, ffn_num_hiddens=64, num_heads=2, num_blks=2, dropout=0.1,
                max_len=max_len)
loss = nn.CrossEntropyLoss(reduction='none')
net(all_token_ids[:2], all_segments[:2], valid_lens[:2], all_pred_positions[:2])
print(sum(p.numel() for p in net.parameters()))
trainer = torch.optim.Adam(net.parameters(), lr=0.01)
step = 0
for epoch in range(6):
    for batch in train_iter:
        trainer.zero_grad()
        mlm_l, nsp_l, l = _get_batch_loss_bert(net, loss, len(idx_to_token), *batch)
        l.backward()
        trainer.step()
        if step % 8 == 0:
            print(f'step {step}: MLM loss {mlm_l:.3f}, NSP loss {nsp_l:.3f}')
        step += 1


def get_bert_encoding(net, tokens_a, tokens_b=None):
    tokens, segments = get_tokens_and_segments(tokens_a, tokens_b)
    token_ids = torch.tensor([token_to_idx.get(t, 4) for t in tokens]).unsqueeze(0)
    segments = torch.tensor(segments).unsqueeze(0)
    valid_len = torch.tensor(len(tokens)).unsqueeze(0)
    encoded_X, _, _ = net(token_ids, segments, valid_len)
    return encoded_X


net.eval()
encoded_text = get_bert_encoding(net, ['a', 'b', 'c'], ['d', 'e', 'f'])
print(encoded_text.shape, encoded_text[:, 0, :].shape, encoded_text[0, 1, :3].shape)
