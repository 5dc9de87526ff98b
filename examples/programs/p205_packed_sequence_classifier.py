# Variable-length sequence classification with nn.utils.rnn, as the "pad_packed_sequence / pack_padded_sequence"
# tutorials and the PyTorch forum's canonical answer show it: pad_sequence, pack_padded_sequence with sorted
# lengths (enforce_sorted=True) and unsorted ones (enforce_sorted=False: sorted_indices / unsorted_indices),
# pad_packed_sequence with total_length, pack_sequence, the last valid hidden state from h_n versus gathering from
# the padded output, a bidirectional GRU/LSTM classifier trained on "is the count of ones larger than the count
# of twos", and the errors for bad lengths.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence, unpack_sequence

torch.manual_seed(0)

seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6, 7, 8, 9]), torch.tensor([10])]
padded = pad_sequence(seqs, batch_first=True, padding_value=0)
print(padded)
print(pad_sequence(seqs, padding_side="left", batch_first=True))
lengths = torch.tensor([len(s) for s in seqs])
packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
print(packed.data)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
unpacked, out_lengths = pad_packed_sequence(packed, batch_first=True, total_length=6)
print(unpacked)
print(out_lengths)

sorted_lengths, order = lengths.sort(descending=True)
packed_sorted = pack_padded_sequence(padded[order], sorted_lengths, batch_first=True)
print(packed_sorted.batch_sizes, packed_sorted.sorted_indices)
print(torch.equal(packed_sorted.data, packed.data))
try:
    pack_padded_sequence(padded, lengths, batch_first=True)
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])
ps = pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.]), torch.tensor([4., 5., 6.])], enforce_sorted=False)
print(ps)
print(unpack_sequence(ps))

emb = nn.Embedding(11, 3, padding_idx=0)
rnn = nn.GRU(3, 4, batch_first=True)
out_packed, h_n = rnn(pack_padded_sequence(emb(padded), lengths, batch_first=True, enforce_sorted=False))
out, _ = pad_packed_sequence(out_packed, batch_first=True)
last = out[torch.arange(len(seqs)), lengths - 1]
print(out.shape, h_n.shape)
print(torch.allclose(last, h_n[0]))
print(out[1, 2:].abs().sum().item())


def make_batch(n, generator):
    """Sequences of tokens 1..3 with lengths 3..12; label 1 if there are more 1s than 2s."""
    lengths = torch.randint(3, 13, (n,), generator=generator)
    seqs = [torch.randint(1, 4, (int(length),), generator=generator) for length in lengths]
    labels = torch.tensor([int((s == 1).sum() > (s == 2).sum()) for s in seqs])
    return pad_sequence(seqs, batch_first=True), lengths, labels


class SeqClassifier(nn.Module):
    def __init__(self, vocab, embed, hidden, cell):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed, padding_idx=0)
        self.rnn = cell(embed, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, 2)

    def forward(self, tokens, lengths):
        packed = pack_padded_sequence(self.embed(tokens), lengths, batch_first=True, enforce_sorted=False)
        _, h = self.rnn(packed)
        if isinstance(h, tuple):
            h = h[0]
        return self.fc(torch.cat([h[-2], h[-1]], dim=1))


g = torch.Generator().manual_seed(1)
test_x, test_len, test_y = make_batch(100, g)
for cell in (nn.GRU, nn.LSTM):
    torch.manual_seed(2)
    model = SeqClassifier(4, 8, 16, cell)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(41):
        x, length, y = make_batch(16, g)
        loss = F.cross_entropy(model(x, length), y)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 20 == 0:
            print(f"{cell.__name__} step {step:3d} loss {loss.item():.4f}")
    with torch.no_grad():
        acc = (model(test_x, test_len).argmax(1) == test_y).float().mean().item()
    print(f"{cell.__name__} test accuracy {acc:.3f}")

# padding does not change the result of a packed RNN: the same sequence padded to 12 or to 20 positions
with torch.no_grad():
    a = model(test_x[:5], test_len[:5])
    b = model(F.pad(test_x[:5], (0, 8)), test_len[:5])
print(torch.allclose(a, b, atol=1e-6))
try:
    pack_padded_sequence(test_x[:2], torch.tensor([0, 3]), batch_first=True, enforce_sorted=False)
except RuntimeError as e:
    print("RuntimeError:", e)
