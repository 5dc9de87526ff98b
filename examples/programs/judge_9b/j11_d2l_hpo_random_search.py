# d2l.ai chapter 19 (Hyperparameter Optimization) on a synthetic classification task: the objective function
# (train a small MLP with a given learning rate and batch size, return validation error), a config space,
# HPOSearcher / RandomSearcher / BasicScheduler / HPOTuner classes (19.2), the incumbent trajectory, and
# successive halving (19.4) growing the epochs for the best fraction of configurations at each rung.
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

gen = torch.Generator().manual_seed(0)
W = torch.randn(12, 5, generator=gen)
X = torch.randn(1200, 12, generator=gen)
y = (X @ W + 0.5 * torch.randn(1200, 5, generator=gen)).argmax(1)
train_ds, val_ds = TensorDataset(X[:1000], y[:1000]), TensorDataset(X[1000:], y[1000:])


def hpo_objective_mlp(config, max_epochs=4):
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(12, config["num_hiddens"]), nn.ReLU(), nn.Linear(config["num_hiddens"], 5))
    opt = torch.optim.SGD(model.parameters(), lr=config["learning_rate"])
    loader = DataLoader(train_ds, batch_size=config["batch_size"], shuffle=True,
                        generator=torch.Generator().manual_seed(2))
    for epoch in range(max_epochs):
        for xb, yb in loader:
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        Xv, yv = val_ds.tensors
        return 1 - (model(Xv).argmax(1) == yv).float().mean().item()


class LogUniform:
    def __init__(self, lo, hi):
        self.lo, self.hi = math.log(lo), math.log(hi)

    def rvs(self, gen):
        return math.exp(self.lo + (self.hi - self.lo) * torch.rand(1, generator=gen).item())


class RandInt:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def rvs(self, gen):
        return int(torch.randint(self.lo, self.hi + 1, (1,), generator=gen))


config_space = {"learning_rate": LogUniform(1e-3, 1.0), "batch_size": RandInt(16, 128), "num_hiddens": RandInt(8, 64)}
initial_config = {"learning_rate": 0.1, "batch_size": 32, "num_hiddens": 32}


class HPOSearcher:
    def sample_configuration(self):
        raise NotImplementedError

    def update(self, config, error, additional_info=None):
        pass


class RandomSearcher(HPOSearcher):
    def __init__(self, config_space, initial_config=None, seed=0):
        self.config_space, self.initial_config = config_space, initial_config
        self.gen = torch.Generator().manual_seed(seed)

    def sample_configuration(self):
        if self.initial_config is not None:
            result, self.initial_config = self.initial_config, None
            return result
        return {name: domain.rvs(self.gen) for name, domain in self.config_space.items()}


class BasicScheduler:
    def __init__(self, searcher):
        self.searcher = searcher

    def suggest(self):
        return self.searcher.sample_configuration()

    def update(self, config, error, info=None):
        self.searcher.update(config, error, additional_info=info)


class HPOTuner:
    def __init__(self, scheduler, objective):
        self.scheduler, self.objective = scheduler, objective
        self.incumbent, self.incumbent_error = None, None
        self.incumbent_trajectory, self.records = [], []

    def run(self, number_of_trials):
        for i in range(number_of_trials):
            config = self.scheduler.suggest()
            error = self.objective(config)
            self.scheduler.update(config, error)
            self.records.append((config, error))
            if self.incumbent is None or self.incumbent_error > error:
                self.incumbent, self.incumbent_error = config, error
            self.incumbent_trajectory.append(self.incumbent_error)
            print(f"Trial {i}: config lr={config['learning_rate']:.4f} bs={config['batch_size']} "
                  f"hidden={config['num_hiddens']} -> error {error:.4f}")


tuner = HPOTuner(BasicScheduler(RandomSearcher(config_space, initial_config=initial_config)), hpo_objective_mlp)
tuner.run(number_of_trials=6)
print("incumbent trajectory non-increasing:",
      all(a >= b for a, b in zip(tuner.incumbent_trajectory, tuner.incumbent_trajectory[1:])))
print("best error: %.4f" % tuner.incumbent_error)
print("incumbent keys:", sorted(tuner.incumbent))


class SuccessiveHalvingScheduler:
    def __init__(self, searcher, eta, r_min, r_max):
        self.searcher, self.eta, self.r_min, self.r_max = searcher, eta, r_min, r_max
        self.K = int(math.log(r_max / r_min, eta))
        self.rung_levels = [r_min * eta ** k for k in range(self.K + 1)]

    def run(self, objective):
        n = self.eta ** self.K
        configs = [self.searcher.sample_configuration() for _ in range(n)]
        for r in self.rung_levels:
            errors = [objective(c, max_epochs=r) for c in configs]
            order = sorted(range(len(configs)), key=lambda i: errors[i])
            print(f"rung r={r}: {len(configs)} configs, best error {errors[order[0]]:.4f}")
            configs = [configs[i] for i in order[:max(1, len(configs) // self.eta)]]
        return configs[0]


sh = SuccessiveHalvingScheduler(RandomSearcher(config_space, seed=1), eta=2, r_min=1, r_max=4)
print("rung levels:", sh.rung_levels)
best = sh.run(hpo_objective_mlp)
print("successive halving winner error below 0.5:", hpo_objective_mlp(best) < 0.5)
