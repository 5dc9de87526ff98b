# Karpathy's makemore part 1 exercises: E01 a trigram language model (counts in a 27x27x27 tensor, sampling with a
# seeded torch.Generator and torch.multinomial), E02 a train/dev/test split by torch.randperm, E03 tuning the
# smoothing strength on dev, E04 indexing W's rows instead of F.one_hot, E05 F.cross_entropy instead of the
# hand-written negative log likelihood, and the neural trigram net trained by gradient descent.
import torch
import torch.nn.functional as F

words = ['emma', 'olivia', 'ava', 'isabella', 'sophia', 'charlotte', 'mia', 'amelia', 'harper', 'evelyn',
         'abigail', 'emily', 'elizabeth', 'mila', 'ella', 'avery', 'sofia', 'camila', 'aria', 'scarlett',
         'victoria', 'madison', 'luna', 'grace', 'chloe', 'penelope', 'layla', 'riley', 'zoey', 'nora',
         'lily', 'eleanor', 'hannah', 'lillian', 'addison', 'aubrey', 'ellie', 'stella', 'natalie', 'zoe',
         'liam', 'noah', 'william', 'james', 'oliver', 'benjamin', 'elijah', 'lucas', 'mason', 'logan',
         'alexander', 'ethan', 'jacob', 'michael', 'daniel', 'henry', 'jackson', 'sebastian', 'aiden', 'matthew',
         'samuel', 'david', 'joseph', 'carter', 'owen', 'wyatt', 'john', 'jack', 'luke', 'jayden', 'dylan',
         'grayson', 'levi', 'isaac', 'gabriel', 'julian', 'mateo', 'anthony', 'jaxon', 'lincoln', 'joshua']
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}
V = len(stoi)
print(f'{len(words)} words, vocabulary of {V}')

# E01: trigram counts
N = torch.zeros((V, V, V), dtype=torch.int32)
for w in words:
    chs = ['.', '.'] + list(w) + ['.']
    for ch1, ch2, ch3 in zip(chs, chs[1:], chs[2:]):
        N[stoi[ch1], stoi[ch2], stoi[ch3]] += 1
print(N.shape, N.dtype, N.sum().item(), (N > 0).sum().item())
print(N[0, 0].topk(3))
P = (N + 1).float()
P /= P.sum(2, keepdim=True)
print(P.shape, f"{P[0, 0].sum().item():.4f}", P[0, 0, stoi['a']].item())

g = torch.Generator().manual_seed(2147483647)
for i in range(5):
    out = []
    ix1, ix2 = 0, 0
    while True:
        p = P[ix1, ix2]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        ix1, ix2 = ix2, ix
        if ix == 0:
            break
    print('sample:', len(out))

log_likelihood = 0.0
n = 0
for w in words:
    chs = ['.', '.'] + list(w) + ['.']
    for ch1, ch2, ch3 in zip(chs, chs[1:], chs[2:]):
        prob = P[stoi[ch1], stoi[ch2], stoi[ch3]]
        logprob = torch.log(prob)
        log_likelihood += logprob
        n += 1
print(f'{log_likelihood=}')
nll = -log_likelihood
print(f'{nll=}')
print(f'{nll/n}')


# the dataset of trigrams
def build(ws):
    xs, ys = [], []
    for w in ws:
        chs = ['.', '.'] + list(w) + ['.']
        for ch1, ch2, ch3 in zip(chs, chs[1:], chs[2:]):
            xs.append((stoi[ch1], stoi[ch2]))
            ys.append(stoi[ch3])
    return torch.tensor(xs), torch.tensor(ys)


# E02: split 80/10/10 with a seeded permutation
torch.manual_seed(42)
perm = torch.randperm(len(words)).tolist()
n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
train_words = [words[i] for i in perm[:n1]]
dev_words = [words[i] for i in perm[n1:n2]]
test_words = [words[i] for i in perm[n2:]]
print(len(train_words), len(dev_words), len(test_words))
Xall, Yall = build(words)
print(Xall.shape, Yall.shape, Xall.dtype, Xall[:3].tolist(), Yall[:3].tolist())


def count_loss(counts, X, Y, k):
    P = (counts + k).float()
    P = P / P.sum(2, keepdim=True)
    return -P[X[:, 0], X[:, 1], Y].log().mean()


# E03: the smoothing strength, judged on all the data with counts of all the data
for k in [0.01, 0.1, 1.0, 10.0]:
    print(f'k={k:5.2f} loss {count_loss(N, Xall, Yall, k).item():.4f}')

# E04/E05: the neural trigram: W's rows indexed instead of one-hot @ W, F.cross_entropy
g = torch.Generator().manual_seed(2147483647)
W = torch.randn((V * V, V), generator=g, requires_grad=True)
xenc = F.one_hot(Xall[:, 0] * V + Xall[:, 1], num_classes=V * V).float()
print(xenc.shape, xenc.dtype)
logits_onehot = xenc @ W
logits_index = W[Xall[:, 0] * V + Xall[:, 1]]
print('same logits:', torch.allclose(logits_onehot, logits_index))
counts = logits_index.exp()
probs = counts / counts.sum(1, keepdims=True)
manual = -probs[torch.arange(len(Yall)), Yall].log().mean()
fused = F.cross_entropy(logits_index, Yall)
print(f'manual {manual.item():.4f} cross_entropy {fused.item():.4f}')

W = torch.zeros((V * V, V), requires_grad=True)
for k in range(60):
    logits = W[Xall[:, 0] * V + Xall[:, 1]]
    loss = F.cross_entropy(logits, Yall) + 0.01 * (W ** 2).mean()
    W.grad = None
    loss.backward()
    W.data += -50 * W.grad
    if k % 10 == 0:
        print(f'{k:3d} loss {loss.item():.4f}')
print(W.grad.abs().max().item() > 0, W.grad.shape)
