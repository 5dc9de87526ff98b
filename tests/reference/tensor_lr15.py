"""Optimizers and schedulers with a tensor learning rate (``lr=torch.tensor(0.013)``), as PyTorch 2.13 allows:
every optimizer updates with the tensor's value read at each step (a float32 lr in float32 arithmetic, as
PyTorch's tensor ``lr / bias_correction``), and a scheduler writes its new rate into the same tensor
(``fill_``), which ``get_last_lr`` returns cloned.

Each case is ``run(lib, case)`` written once for gradlib and PyTorch: four steps of ``sum(p**2 * arange(4))`` on a
4-element parameter, returning the parameter (floats as ``float.hex``), whether the group's lr is still the tensor
passed in, its value, and the scheduler's ``get_last_lr`` after each step. Recorded by
``python tests/reference/record_torch.py tensor_lr15`` into ``torch_tensor_lr15.json``; tests/test_tensor_lr15.py
compares gradlib's answers.
"""
import json
import pathlib

FILE = pathlib.Path(__file__).parent / "torch_tensor_lr15.json"

OPTIMIZERS = [("SGD", {}), ("SGD", {"momentum": 0.9, "nesterov": True, "weight_decay": 0.1}),
              ("Adam", {"weight_decay": 0.1}), ("AdamW", {}), ("Adam", {"amsgrad": True, "maximize": True}),
              ("RMSprop", {"centered": True, "momentum": 0.5}), ("Adagrad", {"lr_decay": 0.1}), ("NAdam", {}),
              ("NAdam", {"decoupled_weight_decay": True, "weight_decay": 0.1}), ("RAdam", {}),
              ("RAdam", {"decoupled_weight_decay": True, "weight_decay": 0.1}), ("Adamax", {"weight_decay": 0.1}),
              ("Adadelta", {"weight_decay": 0.1}), ("ASGD", {"weight_decay": 0.1}), ("Rprop", {})]
DTYPES = [("float32", "float32"), ("float64", "float32"), ("float32", "float64"), ("float64", "float64")]
SCHEDULERS = {
    "StepLR": ("SGD", {}, "StepLR(o, 2, gamma=0.5)"),
    "ExponentialLR": ("Adam", {}, "ExponentialLR(o, 0.9)"),
    "CosineAnnealingLR": ("SGD", {"momentum": 0.9}, "CosineAnnealingLR(o, 10)"),
    "LambdaLR": ("AdamW", {}, "LambdaLR(o, lambda e: 1 / (e + 1))"),
    "MultiStepLR": ("SGD", {}, "MultiStepLR(o, [1, 3])"),
    "LinearLR": ("SGD", {}, "LinearLR(o)"),
}

CASES = {}
for _name, _options in OPTIMIZERS:
    for _dtype, _lr_dtype in DTYPES:
        _key = f"{_name}{sorted(_options.items())}/{_dtype}/lr-{_lr_dtype}"
        CASES[_key] = (_name, _options, _dtype, _lr_dtype, None)
for _key, (_name, _options, _scheduler) in SCHEDULERS.items():
    CASES[_key] = (_name, _options, "float32", "float32", _scheduler)


def run(lib, key):
    name, options, dtype, lr_dtype, scheduler = CASES[key]
    param = lib.nn.Parameter(lib.tensor([1.5410, -0.2934, -2.1788, 0.5684], dtype=getattr(lib, dtype)))
    lr = lib.tensor(0.013, dtype=getattr(lib, lr_dtype))
    try:
        optimizer = getattr(lib.optim, name)([param], lr=lr, **options)
        schedule = eval(scheduler, {"o": optimizer, **vars(lib.optim.lr_scheduler)}) if scheduler else None
        last = []
        for _ in range(4):
            optimizer.zero_grad()
            (param ** 2 * lib.arange(4.0, dtype=param.dtype)).sum().backward()
            optimizer.step()
            if schedule is not None:
                schedule.step()
                last.append([float(v).hex() for v in schedule.get_last_lr()])
        group_lr = optimizer.param_groups[0]["lr"]
        return {"param": [v.hex() for v in param.detach().double().tolist()], "same_tensor": group_lr is lr,
                "lr": float(group_lr).hex(), "last_lr": last}
    except Exception as error:  # noqa: BLE001 - the answer is the error
        return {"error": [type(error).__name__, str(error)]}


def record():
    import torch
    recorded = {key: run(torch, key) for key in CASES}
    FILE.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"recorded {FILE.name}: {len(recorded)} cases")
