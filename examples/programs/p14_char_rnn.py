# A character-level RNN language model on a short text, with nn.Embedding, nn.RNN and nn.Linear.
import torch
import torch.nn as nn

text = "hello world, hello gradients. "
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
data = torch.tensor([stoi[c] for c in text])
print("vocabulary:", len(chars), "length:", len(data))


class CharRNN(nn.Module):
    def __init__(self, vocab, hidden=24):
        super().__init__()
        self.embed = nn.Embedding(vocab, 12)
        self.rnn = nn.RNN(12, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, h=None):
        out, h = self.rnn(self.embed(x), h)
        return self.head(out), h


torch.manual_seed(0)
model = CharRNN(len(chars))
print(model)
with torch.no_grad():
    for i, (name, p) in enumerate(sorted(model.named_parameters())):
        p.copy_(torch.sin(torch.arange(p.numel(), dtype=torch.float32) * 0.37 + i).reshape(p.shape) * 0.4)
inputs = data[:-1].unsqueeze(0)
targets = data[1:].unsqueeze(0)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
loss_fn = nn.CrossEntropyLoss()
for step in range(80):
    logits, _ = model(inputs)
    loss = loss_fn(logits.reshape(-1, len(chars)), targets.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    if step % 20 == 19:
        print(f"step {step + 1}: loss {loss.item():.4f}")

with torch.no_grad():
    x = torch.tensor([[stoi["h"]]])
    h = None
    generated = "h"
    for _ in range(12):
        logits, h = model(x, h)
        next_index = logits[0, -1].argmax().item()
        generated += itos[next_index]
        x = torch.tensor([[next_index]])
print("greedy sample:", repr(generated))
print("hidden state:", h.shape)
