# The PyTorch "Reproducibility" note and the torch.Generator / random-sampling docs as tutorials show them: draws
# printed after torch.manual_seed (rand, randn, randint, randperm, normal, bernoulli, multinomial, in-place
# uniform_/normal_/exponential_, nn.init, a Dropout mask, a DataLoader shuffle with seed_worker and a generator),
# the same values again after re-seeding and after set_rng_state, a private torch.Generator, torch.random.fork_rng,
# and initial_seed. The printed draws match PyTorch's only with PyTorch's generator (mt19937 + Philox rules).
import random

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
print(torch.initial_seed())
print(torch.rand(3))
print(torch.randn(2, 3))
print(torch.randint(0, 10, (6,)))
print(torch.randperm(8))
print(torch.normal(mean=torch.zeros(3), std=torch.ones(3) * 2))
print(torch.normal(2.0, 0.5, size=(2, 2)))
print(torch.bernoulli(torch.full((6,), 0.5)))
print(torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 4))
print(torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 6, replacement=True))
print(torch.empty(4).uniform_(-1, 1))
print(torch.empty(4).normal_(mean=5, std=0.1))
print(torch.empty(3).exponential_(lambd=2.0))
print(torch.rand(2, 2, dtype=torch.float64))

# re-seeding gives the same numbers
torch.manual_seed(42)
a = torch.randn(5)
torch.manual_seed(42)
b = torch.randn(5)
print("same after re-seeding:", torch.equal(a, b))
print(a)

# saving and restoring the generator state
state = torch.get_rng_state()
print(state.dtype, state.shape)
c = torch.rand(4)
torch.set_rng_state(state)
d = torch.rand(4)
print("same after set_rng_state:", torch.equal(c, d), c)

# a private generator does not touch the global stream
g = torch.Generator().manual_seed(2147483647)
print(g.initial_seed())
print(torch.randn(3, generator=g))
print(torch.randint(0, 100, (4,), generator=g))
torch.manual_seed(7)
x1 = torch.rand(2)
torch.manual_seed(7)
_ = torch.rand(3, generator=torch.Generator().manual_seed(1))
x2 = torch.rand(2)
print("global stream untouched:", torch.equal(x1, x2))
g2 = torch.Generator()
g2.set_state(g.get_state())
print("cloned generator:", torch.equal(torch.rand(3, generator=g), torch.rand(3, generator=g2)))

with torch.random.fork_rng():
    torch.manual_seed(123)
    inside = torch.rand(2)
after = torch.rand(2)
torch.manual_seed(7)
torch.rand(2)
print("fork_rng restores:", torch.equal(after, torch.rand(2)))
print(inside)

# initialization and dropout
torch.manual_seed(0)
lin = nn.Linear(3, 2)
print(lin.weight)
print(lin.bias)
w = torch.empty(2, 3)
nn.init.xavier_uniform_(w)
print(w)
nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
print(w)
nn.init.trunc_normal_(w, std=0.02)
print(w.abs().max().item() <= 0.04)
drop = nn.Dropout(p=0.5)
print(drop(torch.ones(8)))


# DataLoader shuffling made reproducible, as the Reproducibility note recommends
def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2**32
    np.random.seed(worker_seed)
    random.seed(worker_seed)


ds = TensorDataset(torch.arange(10))
g = torch.Generator()
g.manual_seed(0)
loader = DataLoader(ds, batch_size=4, shuffle=True, worker_init_fn=seed_worker, generator=g)
print([batch[0].tolist() for batch in loader])
g.manual_seed(0)
print([batch[0].tolist() for batch in loader])
torch.manual_seed(3)
print([batch[0].tolist() for batch in DataLoader(ds, batch_size=5, shuffle=True)])
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled())
torch.use_deterministic_algorithms(False)
