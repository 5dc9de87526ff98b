"""``optimizer.state_dict()`` as printed (PyTorch's "Saving and loading models" tutorial prints it): every
optimizer of ``torch.optim``/``gradlib.optim`` after one step on a fixed tiny problem, written once for both
libraries. The recorder (``python tests/reference/record_torch.py optim_state_dict``) stores PyTorch's printed
``param_groups`` and ``state`` in ``torch_optim_state_dict.json``; tests/test_optim_state_dict.py demands gradlib
print the same."""
import json
import pathlib

# name -> (optimizer class, constructor keywords)
CASES = {
    "sgd": ("SGD", dict(lr=0.1, momentum=0.9)),
    "sgd_explicit": ("SGD", dict(lr=0.1, foreach=None, differentiable=False, fused=None)),
    "adam": ("Adam", dict(lr=0.1)),
    "adam_explicit": ("Adam", dict(lr=0.1, foreach=None, fused=None, differentiable=False, amsgrad=True)),
    "adamw": ("AdamW", dict(lr=0.1)),
    "adamw_explicit": ("AdamW", dict(lr=0.1, foreach=None, fused=None, differentiable=False, maximize=True)),
    "rmsprop": ("RMSprop", dict(lr=0.1)),
    "rmsprop_explicit": ("RMSprop", dict(lr=0.1, momentum=0.5, centered=True, foreach=None, differentiable=False)),
    "adagrad": ("Adagrad", dict(lr=0.1)),
    "adagrad_explicit": ("Adagrad", dict(lr=0.1, foreach=None, fused=None, differentiable=False)),
    "adadelta": ("Adadelta", dict(lr=0.1)),
    "adadelta_explicit": ("Adadelta", dict(lr=0.1, foreach=None, capturable=False, differentiable=False)),
    "adamax": ("Adamax", dict(lr=0.1)),
    "nadam": ("NAdam", dict(lr=0.1)),
    "radam": ("RAdam", dict(lr=0.1)),
    "rprop": ("Rprop", dict(lr=0.1)),
    "lbfgs": ("LBFGS", dict(lr=0.1, max_iter=2)),
}


def run(lib, name, device="cpu"):
    """One step of case ``name`` on a two-element parameter (closure: loss = sum(p * p)); returns the optimizer."""
    kind, options = CASES[name]
    param = lib.nn.Parameter(lib.tensor([1.0, -2.0], device=device))
    optimizer = getattr(lib.optim, kind)([param], **options)

    def closure():
        optimizer.zero_grad()
        loss = (param * param).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return optimizer


def printed(optimizer):
    """What ``print`` shows of the state dict's param_groups and of its state (without LBFGS's long lists)."""
    saved = optimizer.state_dict()
    state = {index: {key: value for key, value in entry.items() if not isinstance(value, list)}
             for index, entry in saved["state"].items()}
    return {"param_groups": str(saved["param_groups"]), "state": str(state)}


def record():
    import torch
    recorded = {name: printed(run(torch, name)) for name in CASES}
    path = pathlib.Path(__file__).resolve().parent / "torch_optim_state_dict.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} optimizer state dicts to {path.name}")
