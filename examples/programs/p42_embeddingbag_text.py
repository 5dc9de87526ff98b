# Text classification with nn.EmbeddingBag (after the AG_NEWS tutorial) on a tiny synthetic corpus: a collate_fn
# building offsets, uniform_ init, SGD with StepLR, clip_grad_norm_, evaluation and prediction.
import time

import torch
from torch import nn
from torch.utils.data import DataLoader

texts = [
    (0, "the team won the match in the final minute"),
    (0, "a great goal in the cup final"),
    (0, "the coach praised the players after the game"),
    (1, "shares fell as the market closed lower"),
    (1, "the bank raised interest rates again"),
    (1, "investors bought stocks after the report"),
    (2, "a new phone with a faster chip"),
    (2, "the software update fixes the security bug"),
    (2, "scientists built a faster computer chip"),
]
vocab = {"<unk>": 0}
for _, text in texts:
    for token in text.split():
        vocab.setdefault(token, len(vocab))
text_pipeline = lambda x: [vocab.get(token, 0) for token in x.split()]
label_pipeline = lambda x: int(x)
print(len(vocab), text_pipeline("the market won"))


def collate_batch(batch):
    label_list, text_list, offsets = [], [], [0]
    for _label, _text in batch:
        label_list.append(label_pipeline(_label))
        processed_text = torch.tensor(text_pipeline(_text), dtype=torch.int64)
        text_list.append(processed_text)
        offsets.append(processed_text.size(0))
    label_list = torch.tensor(label_list, dtype=torch.int64)
    offsets = torch.tensor(offsets[:-1]).cumsum(dim=0)
    text_list = torch.cat(text_list)
    return label_list, text_list, offsets


labels, text, offsets = collate_batch(texts[:3])
print(labels, offsets, text.shape)


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


torch.manual_seed(0)
model = TextClassificationModel(len(vocab), 16, 3)
print(model)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)
dataloader = DataLoader(texts, batch_size=3, shuffle=True, collate_fn=collate_batch)


def train(dataloader):
    model.train()
    total_acc, total_count = 0, 0
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
    return total_acc / total_count, time.time() - start_time


def evaluate(dataloader):
    model.eval()
    total_acc, total_count = 0, 0
    with torch.no_grad():
        for idx, (label, text, offsets) in enumerate(dataloader):
            predicted_label = model(text, offsets)
            total_acc += (predicted_label.argmax(1) == label).sum().item()
            total_count += label.size(0)
    return total_acc / total_count


for epoch in range(1, 4):
    accu, elapsed = train(dataloader)
    print(f"| end of epoch {epoch:3d} | lr {scheduler.get_last_lr()[0]:.4f} | accuracy {accu:8.3f}")
    scheduler.step()
print("final lr:", scheduler.get_last_lr(), optimizer.param_groups[0]["lr"])
print("evaluation accuracy in [0, 1]:", 0 <= evaluate(dataloader) <= 1)


def predict(text, text_pipeline):
    with torch.no_grad():
        text = torch.tensor(text_pipeline(text))
        output = model(text, torch.tensor([0]))
        return output.argmax(1).item() + 1


print(predict("the final goal", text_pipeline) in (1, 2, 3))
bag = nn.EmbeddingBag(5, 2, mode="sum")
with torch.no_grad():
    bag.weight.copy_(torch.arange(10.).view(5, 2))
print(bag(torch.tensor([1, 2, 4, 4]), torch.tensor([0, 3])))
print(nn.EmbeddingBag(5, 2, mode="max").to(torch.float64).weight.dtype, bag(torch.tensor([[0, 1], [2, 3]])))
bag_mean = nn.EmbeddingBag.from_pretrained(torch.arange(10.).view(5, 2), mode="mean")
print(bag_mean(torch.tensor([0, 1, 3]), torch.tensor([0, 1])), bag_mean.weight.requires_grad)
