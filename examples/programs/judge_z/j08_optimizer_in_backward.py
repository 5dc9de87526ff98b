# "How to save memory by fusing the optimizer step into the backward pass" + reproducibility recipes
import random
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
random.seed(0)
np.random.seed(0)

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
x = torch.randn(64, 10)
y = x.sum(dim=1, keepdim=True)

optimizer_dict = {p: torch.optim.Adam([p], lr=1e-2, foreach=False) for p in model.parameters()}
order = []


def optimizer_hook(parameter) -> None:
    order.append(tuple(parameter.shape))
    optimizer_dict[parameter].step()
    optimizer_dict[parameter].zero_grad()


for p in model.parameters():
    p.register_post_accumulate_grad_hook(optimizer_hook)

losses = []
for step in range(50):
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    losses.append(loss.item())
print("hook order in one backward:", order[:5])
print("grads cleared by the hooks:", all(p.grad is None for p in model.parameters()))
print("loss decreased:", losses[-1] < losses[0] / 2)

# the same with one optimizer and a plain loop, for comparison
torch.manual_seed(0)
model2 = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(model2.parameters(), lr=1e-2)
for step in range(50):
    opt.zero_grad()
    loss2 = nn.functional.mse_loss(model2(x), y)
    loss2.backward()
    opt.step()
print("same final loss:", abs(loss2.item() - losses[-1]) < 1e-4)


def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2**32
    np.random.seed(worker_seed)
    random.seed(worker_seed)


class Squares(Dataset):
    def __len__(self):
        return 10

    def __getitem__(self, i):
        return torch.tensor([float(i)]), i * i


g = torch.Generator()
g.manual_seed(0)
loader = DataLoader(Squares(), batch_size=4, shuffle=True, num_workers=0, worker_init_fn=seed_worker, generator=g)
first = [b[1].tolist() for b in loader]
g.manual_seed(0)
second = [b[1].tolist() for b in loader]
print("same order with the same generator seed:", first == second)
print("batch sizes:", [len(b) for b in first])
print(sorted(sum(first, [])))

torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled())
torch.use_deterministic_algorithms(False)
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
print(torch.initial_seed() == 0)
a = torch.rand(3)
torch.manual_seed(0)
b = torch.rand(3)
torch.manual_seed(0)
c = torch.rand(3)
print(torch.equal(b, c))
state = torch.get_rng_state()
d = torch.randn(2)
torch.set_rng_state(state)
e = torch.randn(2)
print(torch.equal(d, e), state.dtype)
