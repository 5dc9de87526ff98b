# Text classification with n-grams and nn.EmbeddingBag variants (after the text_sentiment_ngrams tutorial): a
# bigram ngrams_iterator and vocabulary, offsets from cumsum, include_last_offset, modes 'sum'/'mean'/'max',
# per_sample_weights, padding_idx, EmbeddingBag.from_pretrained and F.embedding_bag, and a fastText-style model
# trained with SGD + StepLR on a tiny synthetic corpus.
import time
from collections import Counter, OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader

torch.manual_seed(1)


def ngrams_iterator(token_list, ngrams):
    def _get_ngrams(n):
        return zip(*[token_list[i:] for i in range(n)])

    for x in token_list:
        yield x
    for n in range(2, ngrams + 1):
        for x in _get_ngrams(n):
            yield " ".join(x)


print(list(ngrams_iterator(["here", "we", "are"], 2)))

words = {0: ["goal", "match", "team", "score", "coach"], 1: ["market", "stock", "price", "bank", "trade"],
         2: ["chip", "software", "robot", "data", "cloud"]}
filler = ["the", "a", "of", "today", "new"]
g = torch.Generator().manual_seed(0)
train_iter = []
for i in range(60):
    label = i % 3
    n = 4 + int(torch.randint(0, 4, (1,), generator=g))
    tokens = [(words[label] if torch.rand(1, generator=g) < 0.6 else filler)[int(torch.randint(0, 5, (1,), generator=g))]
              for _ in range(n)]
    train_iter.append((label + 1, " ".join(tokens)))
print(train_iter[0][0], train_iter[1][0], len(train_iter[0][1].split()) >= 4)

counter = Counter()
for _, text in train_iter:
    counter.update(ngrams_iterator(text.split(), 2))
ordered = OrderedDict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
itos = ["<pad>", "<unk>"] + list(ordered)
vocab = {w: i for i, w in enumerate(itos)}
print(len(vocab), itos[:2])

text_pipeline = lambda x: [vocab.get(token, 1) for token in ngrams_iterator(x.split(), 2)]
label_pipeline = lambda x: int(x) - 1
print(text_pipeline("the goal team"), label_pipeline("3"))


def collate_batch(batch):
    label_list, text_list, offsets = [], [], [0]
    for (_label, _text) in batch:
        label_list.append(label_pipeline(_label))
        processed_text = torch.tensor(text_pipeline(_text), dtype=torch.int64)
        text_list.append(processed_text)
        offsets.append(processed_text.size(0))
    label_list = torch.tensor(label_list, dtype=torch.int64)
    offsets = torch.tensor(offsets[:-1]).cumsum(dim=0)
    text_list = torch.cat(text_list)
    return label_list, text_list, offsets


# The modes on a fixed bag
weights = torch.arange(12.).view(6, 2)
bag_input = torch.tensor([1, 2, 4, 5, 4, 3, 2, 0])
bag_offsets = torch.tensor([0, 4])
for mode in ["sum", "mean", "max"]:
    bag = nn.EmbeddingBag.from_pretrained(weights, mode=mode)
    print(mode, bag(bag_input, bag_offsets))
bag = nn.EmbeddingBag.from_pretrained(weights, mode="sum", padding_idx=0)
print(bag, bag.weight.requires_grad, bag(bag_input, bag_offsets))
psw = torch.tensor([1.0, 0.5, 0.5, 2.0, 1.0, 1.0, 1.0, 3.0])
print(bag(bag_input, bag_offsets, per_sample_weights=psw))
print(F.embedding_bag(bag_input.view(2, 4), weights, mode="mean"))
print(F.embedding_bag(bag_input, weights, torch.tensor([0, 3, 8]), mode="sum", include_last_offset=True))

trainable = nn.EmbeddingBag(6, 2, mode="max")
out = trainable(bag_input, bag_offsets)
out.sum().backward()
print(out.grad_fn.name(), trainable.weight.grad.nonzero().shape[0], trainable.weight.grad.sum().item())


class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super(TextClassificationModel, self).__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=False)
        self.fc = nn.Linear(embed_dim, num_class)
        self.init_weights()

    def init_weights(self):
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()

    def forward(self, text, offsets):
        embedded = self.embedding(text, offsets)
        return self.fc(embedded)


num_class = len(set([label for (label, text) in train_iter]))
vocab_size = len(vocab)
emsize = 16
model = TextClassificationModel(vocab_size, emsize, num_class)
print(model)


def train(dataloader):
    model.train()
    total_acc, total_count = 0, 0
    log_interval = 2
    start_time = time.time()

    for idx, (label, text, offsets) in enumerate(dataloader):
        optimizer.zero_grad()
        predicted_label = model(text, offsets)
        loss = criterion(predicted_label, label)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
        optimizer.step()
        total_acc += (predicted_label.argmax(1) == label).sum().item()
        total_count += label.size(0)
        if idx % log_interval == 0 and idx > 0:
            elapsed = time.time() - start_time
            print('| epoch {:3d} | {:5d}/{:5d} batches | accuracy {:8.3f}'.format(
                epoch, idx, len(dataloader), total_acc / total_count))
            total_acc, total_count = 0, 0
            start_time = time.time()


def evaluate(dataloader):
    model.eval()
    total_acc, total_count = 0, 0

    with torch.no_grad():
        for idx, (label, text, offsets) in enumerate(dataloader):
            predicted_label = model(text, offsets)
            loss = criterion(predicted_label, label)
            total_acc += (predicted_label.argmax(1) == label).sum().item()
            total_count += label.size(0)
    return total_acc / total_count


EPOCHS = 4
LR = 5
BATCH_SIZE = 8
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=LR)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)
total_accu = None
train_dataloader = DataLoader(train_iter[:48], batch_size=BATCH_SIZE, shuffle=True, collate_fn=collate_batch)
valid_dataloader = DataLoader(train_iter[48:], batch_size=BATCH_SIZE, shuffle=False, collate_fn=collate_batch)
label, text, offsets = next(iter(valid_dataloader))
print(label, offsets, text.shape)

for epoch in range(1, EPOCHS + 1):
    epoch_start_time = time.time()
    train(train_dataloader)
    accu_val = evaluate(valid_dataloader)
    if total_accu is not None and total_accu > accu_val:
        scheduler.step()
    else:
        total_accu = accu_val
    print('-' * 59)
    print('| end of epoch {:3d} | valid accuracy {:8.3f} | lr {:.3f}'.format(epoch, accu_val,
                                                                         scheduler.get_last_lr()[0]))
    print('-' * 59)

ag_news_label = {1: "Sports", 2: "Business", 3: "Sci/Tec"}


def predict(text, text_pipeline):
    with torch.no_grad():
        text = torch.tensor(text_pipeline(text))
        output = model(text, torch.tensor([0]))
        return output.argmax(1).item() + 1


print("This is a %s news" % ag_news_label[predict("the stock market and bank price", text_pipeline)])
