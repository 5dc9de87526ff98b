# The "Reproducibility" docs note: controlling sources of randomness (torch.manual_seed, random.seed,
# numpy.random.seed), torch.use_deterministic_algorithms / are_deterministic_algorithms_enabled, cudnn flags,
# DataLoader with worker_init_fn=seed_worker and a seeded Generator, plus what people check on forums: the same
# seed gives the same draws, get_rng_state/set_rng_state replays them, a private Generator leaves the global
# stream alone, fork_rng, and two identically seeded training runs give identical weights.
import random

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2**32
    np.random.seed(worker_seed)
    random.seed(worker_seed)


def set_seed(seed):
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)


set_seed(0)
torch.backends.cudnn.benchmark = False
torch.use_deterministic_algorithms(True)
print("deterministic:", torch.are_deterministic_algorithms_enabled(),
      torch.is_deterministic_algorithms_warn_only_enabled())
print("cudnn.deterministic:", torch.backends.cudnn.deterministic, "benchmark:", torch.backends.cudnn.benchmark)
print("initial_seed:", torch.initial_seed())

a = torch.rand(3)
torch.manual_seed(0)
b = torch.rand(3)
print("same seed, same draws:", torch.equal(a, b))
print(a)

state = torch.get_rng_state()
print("rng state:", state.dtype, state.shape)
c = torch.randn(2, 2)
torch.set_rng_state(state)
d = torch.randn(2, 2)
print("replayed:", torch.equal(c, d))

g = torch.Generator()
g.manual_seed(0)
print("generator initial_seed:", g.initial_seed())
before = torch.get_rng_state()
e = torch.randn(3, generator=g)
print("global stream untouched:", torch.equal(before, torch.get_rng_state()))
print("generator draws match torch.manual_seed(0):", torch.equal(e, torch.manual_seed(0) and torch.randn(3)))

with torch.random.fork_rng():
    torch.manual_seed(123)
    inside = torch.rand(1)
after_state = torch.get_rng_state()
print("fork_rng restored:", torch.equal(after_state, torch.get_rng_state()))

ds = TensorDataset(torch.arange(10))
g = torch.Generator()
g.manual_seed(0)
loader = DataLoader(ds, batch_size=4, shuffle=True, num_workers=0, worker_init_fn=seed_worker, generator=g)
order1 = [b[0].tolist() for b in loader]
g.manual_seed(0)
order2 = [b[0].tolist() for b in loader]
print("epoch order:", order1)
print("same generator seed, same order:", order1 == order2)
order3 = [b[0].tolist() for b in loader]
print("next epoch differs:", order3 != order2, sorted(sum(order3, [])) == list(range(10)))


def train_once(seed):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.ReLU(), nn.Linear(8, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(32, 4), torch.randn(32, 1)
    for _ in range(5):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    return model, loss.item()


m1, l1 = train_once(42)
m2, l2 = train_once(42)
m3, l3 = train_once(43)
print("identical runs:", l1 == l2, all(torch.equal(p, q) for p, q in zip(m1.parameters(), m2.parameters())))
print("different seed differs:", l1 != l3)
print(f"loss {l1:.4f}")
print("python random:", random.random() < 1.0, "numpy:", np.random.rand() < 1.0)
torch.use_deterministic_algorithms(False)
print("deterministic off:", torch.are_deterministic_algorithms_enabled())
