"""Schedulers composed on one optimizer: ``ChainedScheduler`` and schedulers stepped back to back ("chaining":
each applies PyTorch's chainable form to the lr the others left), on the MLP of training.py from identical
weights and data in float64. The recorder (``python tests/reference/record_torch.py chained_schedulers``) stores
PyTorch's losses, learning rates and final parameters, and its errors for misuse, in
``torch_chained_schedulers.json``; tests/test_chained_schedulers.py demands gradlib reproduce them."""
import numpy

try:
    from training import make_data, make_model  # as the recorder imports it (tests/reference on sys.path)
except ImportError:
    from .training import make_data, make_model  # as the tests import it (reference.chained_schedulers)


def _constant_then_exponential(s, opt):
    return [s.ChainedScheduler([s.ConstantLR(opt, factor=0.1, total_iters=5), s.ExponentialLR(opt, gamma=0.9)])]


def _linear_step_cosine(s, opt):
    return [s.ChainedScheduler([s.LinearLR(opt, start_factor=0.2, total_iters=4), s.StepLR(opt, 3, gamma=0.5),
                                s.CosineAnnealingLR(opt, T_max=6, eta_min=0.001)], optimizer=opt)]


def _back_to_back(s, opt):  # no ChainedScheduler: three schedulers stepped one after another
    return [s.MultiStepLR(opt, [3, 3, 7], gamma=0.5), s.PolynomialLR(opt, total_iters=10, power=2.0),
            s.MultiplicativeLR(opt, lambda epoch: 0.97)]


def _sequential_inside_chained(s, opt):
    sequential = s.SequentialLR(opt, [s.LinearLR(opt, start_factor=0.5, total_iters=3), s.StepLR(opt, 2, 0.7)],
                                milestones=[4])
    return [s.ChainedScheduler([sequential, s.ExponentialLR(opt, gamma=0.95)])]


def _lambda_last(s, opt):  # LambdaLR has no chainable form: it sets base_lr * factor, as in PyTorch
    return [s.ChainedScheduler([s.ExponentialLR(opt, gamma=0.5), s.LambdaLR(opt, lambda epoch: 1 / (epoch + 1))])]


# name -> (optimizer, options, schedulers of (lr_scheduler module, optimizer), steps)
RUNS = {
    "sgd_constant_then_exponential": ("SGD", dict(lr=0.1, momentum=0.9), _constant_then_exponential, 20),
    "adam_linear_step_cosine": ("Adam", dict(lr=0.02), _linear_step_cosine, 20),
    "sgd_back_to_back": ("SGD", dict(lr=0.2), _back_to_back, 14),
    "adam_sequential_inside_chained": ("Adam", dict(lr=0.02), _sequential_inside_chained, 12),
    "sgd_lambda_last": ("SGD", dict(lr=0.1), _lambda_last, 6),
}


def run(lib, name):
    """Losses and learning rates of each step (the last scheduler's ``get_last_lr``) and the final parameters."""
    cls_name, options, make_schedulers, steps = RUNS[name]
    model = make_model(lib, "mlp").double()
    rng = numpy.random.default_rng(11)
    state = {key: lib.tensor(rng.uniform(-0.4, 0.4, tuple(value.shape)), dtype=lib.float64)
             for key, value in model.state_dict().items()}
    model.load_state_dict(state)
    inputs, labels = make_data("mlp")
    x = lib.tensor(inputs, dtype=lib.float64)
    y = lib.tensor(labels)
    optimizer = getattr(lib.optim, cls_name)(model.parameters(), **options)
    schedulers = make_schedulers(lib.optim.lr_scheduler, optimizer)
    losses, lrs = [], [schedulers[-1].get_last_lr()[0]]
    for _ in range(steps):
        optimizer.zero_grad()
        loss = lib.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        for scheduler in schedulers:
            scheduler.step()
        lrs.append(schedulers[-1].get_last_lr()[0])
        losses.append(loss.item())
    params = {key: value.detach().tolist() for key, value in model.state_dict().items()}
    return {"losses": losses, "lrs": lrs, "params": params}


def _misuse(lib):
    s = lib.optim.lr_scheduler
    first = lib.optim.SGD([lib.nn.Parameter(lib.zeros(1))], lr=0.1)
    second = lib.optim.SGD([lib.nn.Parameter(lib.zeros(1))], lr=0.1)
    return {
        "empty": lambda: s.ChainedScheduler([]),
        "plateau": lambda: s.ChainedScheduler([s.StepLR(first, 2), s.ReduceLROnPlateau(first)]),
        "other_optimizer": lambda: s.ChainedScheduler([s.StepLR(first, 2), s.StepLR(second, 2)]),
        "not_a_scheduler": lambda: s.ChainedScheduler([s.StepLR(first, 2), object()]),
    }


def errors(lib):
    """{case: [exception class, message]} for ChainedScheduler's argument checks (object addresses cut)."""
    found = {}
    for name, call in _misuse(lib).items():
        try:
            call()
        except Exception as error:
            found[name] = [type(error).__name__, str(error).split(" has ")[0]]
        else:
            found[name] = None
    return found


def record():
    """PyTorch's runs (the recorder's 'chained_schedulers' section)."""
    import json
    import pathlib

    import torch
    recorded = {"runs": {name: run(torch, name) for name in RUNS}, "errors": errors(torch)}
    path = pathlib.Path(__file__).resolve().parent / "torch_chained_schedulers.json"
    path.write_text(json.dumps(recorded, sort_keys=True) + "\n")
    print(f"wrote {len(RUNS)} chained-scheduler runs to {path.name}")
