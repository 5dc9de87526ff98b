# A small speech-recognition model in the style of the AssemblyAI / "Building an end-to-end Speech Recognition
# model in PyTorch" tutorial and the nn.CTCLoss docs: random "spectrograms", a Conv1d front end with GELU and
# LayerNorm, a bidirectional GRU, log_softmax over characters (blank = 0), nn.CTCLoss with input/target lengths
# (padded and concatenated targets), AdamW + OneCycleLR, gradient clipping, and greedy CTC decoding.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# the nn.CTCLoss docs example, target are to be padded
T = 50      # Input sequence length
C = 20      # Number of classes (including blank)
N = 16      # Batch size
S = 30      # Target sequence length of longest target in batch (padding length)
S_min = 10  # Minimum target length, for demonstration purposes
input = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
target = torch.randint(low=1, high=C, size=(N, S), dtype=torch.long)
input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
target_lengths = torch.randint(low=S_min, high=S, size=(N,), dtype=torch.long)
ctc_loss = nn.CTCLoss()
loss = ctc_loss(input, target, input_lengths, target_lengths)
loss.backward()
print(loss.shape, loss.grad_fn.name(), input.grad.shape)

# a fixed example with a known answer
lp = torch.log(torch.full((3, 1, 3), 1.0 / 3))
print("uniform ctc:", F.ctc_loss(lp, torch.tensor([[1, 2]]), torch.tensor([3]), torch.tensor([2]), reduction='sum'))
print("impossible:", F.ctc_loss(lp, torch.tensor([[1, 1, 1]]), torch.tensor([3]), torch.tensor([3]), reduction='none'))
print("zero_infinity:", F.ctc_loss(lp, torch.tensor([[1, 1, 1]]), torch.tensor([3]), torch.tensor([3]),
                                    reduction='none', zero_infinity=True))
print(nn.CTCLoss(blank=0, reduction='mean', zero_infinity=True))

chars = "_abcdefgh"  # index 0 is the blank


class SpeechModel(nn.Module):
    def __init__(self, n_feats=16, hidden=32, n_class=len(chars)):
        super().__init__()
        self.cnn = nn.Conv1d(n_feats, hidden, kernel_size=3, padding=1)
        self.norm = nn.LayerNorm(hidden)
        self.rnn = nn.GRU(hidden, hidden, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(hidden * 2, n_class)

    def forward(self, x):  # x: (batch, n_feats, time)
        x = F.gelu(self.cnn(x))
        x = x.transpose(1, 2)           # (batch, time, hidden)
        x = self.norm(x)
        x, _ = self.rnn(x)
        x = self.dropout(x)
        return self.classifier(x)       # (batch, time, n_class)


def greedy_decode(log_probs, lengths):
    best = log_probs.argmax(-1)
    texts = []
    for seq, n in zip(best, lengths):
        out, prev = [], 0
        for idx in seq[:n].tolist():
            if idx != prev and idx != 0:
                out.append(chars[idx])
            prev = idx
        texts.append("".join(out))
    return texts


# synthetic utterances: each character has its own spectral pattern held for 3 frames
n_utts, n_feats = 12, 16
patterns = torch.randn(len(chars), n_feats)
targets, specs, tgt_lens = [], [], []
for i in range(n_utts):
    L = 2 + i % 3
    t = torch.randint(1, len(chars), (L,))
    frames = patterns[t].repeat_interleave(3, dim=0) + 0.1 * torch.randn(3 * L, n_feats)
    pad = torch.zeros(12 - 3 * L, n_feats)
    specs.append(torch.cat([frames, pad]).t())
    targets.append(t)
    tgt_lens.append(L)
specs = torch.stack(specs)
input_lens = torch.tensor(tgt_lens) * 3
tgt_lens = torch.tensor(tgt_lens)
flat_targets = torch.cat(targets)
padded = nn.utils.rnn.pad_sequence(targets, batch_first=True)
print(specs.shape, flat_targets.shape, padded.shape, input_lens.tolist())

model = SpeechModel()
print(model)
print("params:", sum(p.numel() for p in model.parameters()))
criterion = nn.CTCLoss(blank=0, zero_infinity=True)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3)
epochs = 30
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, steps_per_epoch=1, epochs=epochs,
                                                anneal_strategy='linear')
for epoch in range(epochs):
    model.train()
    optimizer.zero_grad()
    output = F.log_softmax(model(specs), dim=2).transpose(0, 1)  # (time, batch, n_class)
    loss = criterion(output, padded if epoch % 2 else flat_targets, input_lens, tgt_lens)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    scheduler.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch:2d} loss {loss.item():.3f} lr {scheduler.get_last_lr()[0]:.5f}")

model.eval()
with torch.no_grad():
    log_probs = F.log_softmax(model(specs), dim=2)
decoded = greedy_decode(log_probs, input_lens)
truth = ["".join(chars[i] for i in t.tolist()) for t in targets]
print("decoded shape:", log_probs.shape, "exact matches >= 6:", sum(d == t for d, t in zip(decoded, truth)) >= 6)
print("final loss below 1.0:", loss.item() < 1.0)
print(greedy_decode(torch.log(torch.tensor([[[0.1, 0.9, 0, 0, 0, 0, 0, 0, 0], [0.1, 0.9, 0, 0, 0, 0, 0, 0, 0],
                                             [0.9, 0.1, 0, 0, 0, 0, 0, 0, 0], [0.1, 0.9, 0, 0, 0, 0, 0, 0, 0]]])),
                    [4]))
