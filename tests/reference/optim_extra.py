"""Short training runs of the optimizers and schedulers added for issue 15, written once for gradlib and
PyTorch: the MLP and CNN of training.py from identical weights and data, in float64. The recorder
(``python tests/reference/record_torch.py optim_extra``) stores PyTorch's losses, learning rates and final
parameters in ``torch_optim_extra.json``; tests/test_optim_extra.py demands gradlib reproduce them."""
import numpy

try:
    from training import make_data, make_model  # as the recorder imports it (tests/reference on sys.path)
except ImportError:
    from .training import make_data, make_model  # as the tests import it (reference.optim_extra)

# name -> (optimizer class, options, scheduler or None, steps)
RUNS = {
    "adadelta": ("Adadelta", dict(lr=1.0, weight_decay=1e-3), None, 20),
    "adadelta_maximize_rho": ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-5, maximize=True), None, 5),
    "adamax": ("Adamax", dict(lr=0.02, weight_decay=1e-3), None, 20),
    "nadam": ("NAdam", dict(lr=0.01), None, 20),
    "nadam_decoupled": ("NAdam", dict(lr=0.01, weight_decay=0.05, decoupled_weight_decay=True,
                                      momentum_decay=0.01), None, 20),
    "radam": ("RAdam", dict(lr=0.01), None, 20),
    "radam_decoupled": ("RAdam", dict(lr=0.02, weight_decay=0.1, decoupled_weight_decay=True), None, 20),
    "radam_l2": ("RAdam", dict(lr=0.02, weight_decay=0.01, betas=(0.8, 0.9)), None, 20),
    "rprop": ("Rprop", dict(lr=0.01), None, 20),
    "rprop_maximize_bounds": ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.08), maximize=True),
                              None, 10),
    "lbfgs": ("LBFGS", dict(lr=0.5, history_size=4, max_iter=5), None, 4),
    "lbfgs_strong_wolfe": ("LBFGS", dict(lr=1, history_size=3, max_iter=6, line_search_fn="strong_wolfe"),
                           None, 4),
    "sgd_onecycle": ("SGD", dict(lr=0.1, momentum=0.9),
                     ("OneCycleLR", dict(max_lr=0.2, total_steps=20)), 20),
    "adam_onecycle_three_phase": ("Adam", dict(lr=0.01),
                                  ("OneCycleLR", dict(max_lr=0.02, epochs=4, steps_per_epoch=5, three_phase=True,
                                                      anneal_strategy="linear")), 20),
    "sgd_linear": ("SGD", dict(lr=0.1), ("LinearLR", dict(start_factor=0.1, total_iters=8)), 20),
    "sgd_warm_restarts": ("SGD", dict(lr=0.1, momentum=0.5),
                          ("CosineAnnealingWarmRestarts", dict(T_0=3, T_mult=2, eta_min=0.001)), 20),
    "adam_sequential": ("Adam", dict(lr=0.02),
                        ("SequentialLR", dict(schedulers=[("LinearLR", dict(start_factor=0.2, total_iters=5)),
                                                          ("CosineAnnealingLR", dict(T_max=15))],
                                              milestones=[5])), 20),
    "sgd_sequential_three": ("SGD", dict(lr=0.1, momentum=0.9),
                             ("SequentialLR", dict(schedulers=[("ConstantLike", dict(gamma=1.0)),
                                                               ("StepLR", dict(step_size=3, gamma=0.5)),
                                                               ("ExponentialLR", dict(gamma=0.9))],
                                                   milestones=[4, 10])), 20),
    "sgd_constant": ("SGD", dict(lr=0.1), ("ConstantLR", dict(factor=0.25, total_iters=6)), 20),
    "adam_polynomial": ("Adam", dict(lr=0.02), ("PolynomialLR", dict(total_iters=15, power=2.0)), 20),
    "sgd_multiplicative": ("SGD", dict(lr=0.1, momentum=0.5),
                           ("MultiplicativeLR", dict(lr_lambda=lambda epoch: 0.95 if epoch % 2 else 0.9)), 20),
    "sgd_cyclic_triangular2": ("SGD", dict(lr=0.1, momentum=0.9),
                               ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=3, mode="triangular2")),
                               20),
    "adam_cyclic_exp_range": ("Adam", dict(lr=0.01),
                              ("CyclicLR", dict(base_lr=0.001, max_lr=0.02, step_size_up=2, step_size_down=4,
                                                mode="exp_range", gamma=0.9)), 20),
}


def _scheduler(lib, optimizer, name, options):
    schedulers = lib.optim.lr_scheduler
    if name == "ConstantLike":  # ExponentialLR with gamma 1: the lr stays (any scheduler works in a sequence)
        return schedulers.ExponentialLR(optimizer, **options)
    if name == "SequentialLR":
        options = dict(options)
        parts = [_scheduler(lib, optimizer, part, part_options) for part, part_options in options.pop("schedulers")]
        return schedulers.SequentialLR(optimizer, parts, **options)
    return getattr(schedulers, name)(optimizer, **options)


def run(lib, name, kind="mlp"):
    """Losses, learning rates (and momenta) of each step and the final parameters."""
    cls_name, options, scheduled, steps = RUNS[name]
    model = make_model(lib, kind).double()
    rng = numpy.random.default_rng(7)
    state = {key: lib.tensor(rng.uniform(-0.4, 0.4, tuple(value.shape)), dtype=lib.float64)
             for key, value in model.state_dict().items()}
    model.load_state_dict(state)
    inputs, labels = make_data(kind)
    x = lib.tensor(inputs, dtype=lib.float64)
    y = lib.tensor(labels)
    optimizer = getattr(lib.optim, cls_name)(model.parameters(), **options)
    scheduler = _scheduler(lib, optimizer, *scheduled) if scheduled else None

    def closure():
        optimizer.zero_grad()
        loss = lib.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        return loss

    losses, lrs, momenta = [], [], []
    for _ in range(steps):
        if cls_name == "LBFGS":
            loss = optimizer.step(closure)
        else:
            loss = closure()
            optimizer.step()
        if scheduler is not None:
            scheduler.step()
            lrs.append(scheduler.get_last_lr()[0])
        group = optimizer.param_groups[0]
        momenta.append(group["betas"][0] if "betas" in group else group.get("momentum", 0))
        losses.append(loss.item())
    params = {key: value.detach().tolist() for key, value in model.state_dict().items()}
    result = {"losses": losses, "lrs": lrs, "momenta": momenta, "params": params}
    if cls_name == "LBFGS":
        state = optimizer.state[optimizer.param_groups[0]["params"][0]]
        result["func_evals"] = state["func_evals"]
        result["n_iter"] = state["n_iter"]
    return result


def record():
    """PyTorch's runs (the recorder's 'optim_extra' section)."""
    import json
    import pathlib

    import torch
    recorded = {}
    for name in RUNS:
        for kind in ("mlp", "cnn"):
            recorded[f"{kind}/{name}"] = run(torch, name, kind)
    path = pathlib.Path(__file__).resolve().parent / "torch_optim_extra.json"
    path.write_text(json.dumps(recorded, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} optimizer runs to {path.name}")
