# Printing random draws right after torch.manual_seed, as tutorials and forum posts do ("why do I get different
# numbers?"): rand/randn/randint/randperm, *_like, normal_/uniform_/random_/bernoulli_/exponential_ in place,
# torch.normal/bernoulli/multinomial/poisson, a Generator passed explicitly, nn.init draws and nn.Linear's default
# init, a dropout mask, a shuffled DataLoader's order, random_split and a SubsetRandomSampler.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split, SubsetRandomSampler

torch.manual_seed(42)
print(torch.rand(2, 3))
print(torch.randn(2, 3))
print(torch.randint(0, 10, (2, 5)))
print(torch.randperm(8))
print(torch.rand(3, dtype=torch.float64))
print(torch.randint(3, 6, (4,), dtype=torch.int32))
print(torch.randn_like(torch.zeros(2, 2)), torch.rand_like(torch.zeros(2)), torch.randint_like(torch.zeros(3), 5))

torch.manual_seed(0)
print(torch.empty(4).normal_(mean=2.0, std=0.5))
print(torch.empty(4).uniform_(-1, 1))
print(torch.empty(5, dtype=torch.int64).random_(0, 100))
print(torch.empty(6).bernoulli_(0.3))
print(torch.empty(3).exponential_(2.0))
print(torch.normal(mean=torch.arange(1., 5.), std=torch.arange(1, 0, -0.25)))
print(torch.normal(2, 3, size=(1, 4)))
print(torch.bernoulli(torch.tensor([0.1, 0.5, 0.9, 0.5])))
weights = torch.tensor([0, 10, 3, 0], dtype=torch.float)
print(torch.multinomial(weights, 2))
print(torch.multinomial(weights, 4, replacement=True))
print(torch.multinomial(torch.tensor([[0.2, 0.8], [0.9, 0.1]]), 3, replacement=True))
print(torch.poisson(torch.tensor([1.0, 5.0, 20.0])))

g = torch.Generator().manual_seed(2147483647)
print(torch.rand(3, generator=g))
print(torch.randint(0, 27, (5,), generator=g))
print(torch.multinomial(torch.tensor([0.5, 0.3, 0.2]), num_samples=6, replacement=True, generator=g))

torch.manual_seed(1)
linear = nn.Linear(3, 2)
print(linear.weight)
print(linear.bias)
w = torch.empty(2, 3)
nn.init.xavier_uniform_(w)
print(w)
nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
print(w)
print(nn.init.trunc_normal_(torch.empty(4), std=0.02))
print(nn.Embedding(3, 2).weight)

torch.manual_seed(3)
drop = nn.Dropout(p=0.5)
print(drop(torch.ones(2, 6)))
print(F.dropout(torch.ones(6), p=0.2, training=True))
drop.eval()
print(drop(torch.ones(6)))

torch.manual_seed(7)
ds = TensorDataset(torch.arange(10))
loader = DataLoader(ds, batch_size=3, shuffle=True)
for epoch in range(2):
    print(f"epoch {epoch}:", [batch[0].tolist() for batch in loader])
train, val = random_split(ds, [7, 3])
print(sorted(train.indices) != list(range(7)) or True, len(train), len(val), train.indices, val.indices)
sampler = SubsetRandomSampler([0, 2, 4, 6, 8])
print(list(sampler))
g = torch.Generator().manual_seed(0)
print([b[0].tolist() for b in DataLoader(ds, batch_size=4, shuffle=True, generator=g)])
