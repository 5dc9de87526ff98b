"""Short training runs written once for gradlib and PyTorch: the same MLP and CNN, identical initial weights
and data, 20 steps of each optimizer in float64. record_torch.py records PyTorch's losses and final
parameters; tests/test_training.py demands gradlib reproduce them to 1e-8."""
import numpy

OPTIMIZERS = {
    "sgd_nesterov": ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3)),
    "sgd_dampening": ("SGD", dict(lr=0.05, momentum=0.5, dampening=0.1)),
    "sgd_plain": ("SGD", dict(lr=0.1)),
    "adam": ("Adam", dict(lr=0.01, weight_decay=1e-3)),
    "adam_amsgrad": ("Adam", dict(lr=0.02, amsgrad=True)),
    "adamw": ("AdamW", dict(lr=0.01)),
    "rmsprop_centered": ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True)),
    "rmsprop": ("RMSprop", dict(lr=0.005, weight_decay=1e-2)),
    "adagrad": ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=1e-3)),
}

SCHEDULED = {"sgd_nesterov": ("StepLR", dict(step_size=5, gamma=0.5)),
             "adam": ("CosineAnnealingLR", dict(T_max=20)),
             "adagrad": ("ExponentialLR", dict(gamma=0.95))}


def make_model(lib, kind):
    nn = lib.nn
    if kind == "mlp":
        return nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3))
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(4 * 4 * 4, 3))


def make_data(kind):
    rng = numpy.random.default_rng(42)
    inputs = rng.standard_normal((6, 8) if kind == "mlp" else (6, 1, 8, 8))
    labels = rng.integers(0, 3, 6)
    return inputs, labels


def train(lib, kind, optimizer_name, steps=20):
    """Losses of each step and the final parameters (as nested lists)."""
    model = make_model(lib, kind).double()
    rng = numpy.random.default_rng(7)
    state = {name: lib.tensor(rng.uniform(-0.4, 0.4, tuple(value.shape)), dtype=lib.float64)
             for name, value in model.state_dict().items()}
    model.load_state_dict(state)
    inputs, labels = make_data(kind)
    x = lib.tensor(inputs, dtype=lib.float64)
    y = lib.tensor(labels)
    cls_name, options = OPTIMIZERS[optimizer_name]
    optimizer = getattr(lib.optim, cls_name)(model.parameters(), **options)
    scheduler = None
    if optimizer_name in SCHEDULED:
        scheduler_name, scheduler_options = SCHEDULED[optimizer_name]
        scheduler = getattr(lib.optim.lr_scheduler, scheduler_name)(optimizer, **scheduler_options)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = lib.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
    params = {name: value.detach().tolist() for name, value in model.state_dict().items()}
    return {"losses": losses, "params": params}
