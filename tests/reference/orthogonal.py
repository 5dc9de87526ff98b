"""``nn.utils.parametrizations.orthogonal`` under each map, with and without trivialization, on square, tall,
wide and batched weights: the stored original, the parametrized weight, and (where no random completion is
involved) the gradient of the original and the weight after one SGD step; its errors and printing. Written once
for gradlib and PyTorch; ``python tests/reference/record_torch.py orthogonal`` writes ``torch_orthogonal.json``
and tests/test_orthogonal.py demands gradlib reproduce it."""
import json
import pathlib

SHAPES = {"square": (4, 4), "tall": (5, 3), "wide": (3, 5), "batch": (2, 3, 3)}
MAPS = ("matrix_exp", "cayley", "householder", None)


def _weight(lib, shape, dtype):
    numel = 1
    for size in shape:
        numel *= size
    steps = lib.arange(numel, dtype=dtype).reshape(shape)
    return (steps * steps * 0.7 + 0.3).sin()  # not an arithmetic progression: full rank


def _module(lib, shape, dtype, device):
    module = lib.nn.Module()
    module.weight = lib.nn.Parameter(_weight(lib, shape, dtype).to(device))
    return module


def cases():
    names = []
    for shape in SHAPES:
        for orth_map in MAPS:
            for trivial in (True, False):
                if not trivial and orth_map in ("matrix_exp", "cayley", None) and shape != "square":
                    if orth_map is not None:
                        continue
                names.append(f"{shape}/{orth_map}/{trivial}")
    return names


def observe(lib, device, name, dtype_name="float64"):
    shape_name, orth_map, trivial = name.split("/")
    orth_map = None if orth_map == "None" else orth_map
    trivial = trivial == "True"
    dtype = getattr(lib, dtype_name)
    shape = SHAPES[shape_name]
    lib.manual_seed(0)
    module = _module(lib, shape, dtype, device)
    try:
        lib.nn.utils.parametrizations.orthogonal(module, orthogonal_map=orth_map, use_trivialization=trivial)
    except Exception as error:  # noqa: BLE001 - the error is the record
        return {"error": [type(error).__name__, str(error)]}
    weight = module.weight
    record = {"weight": weight.tolist(),
              "original": module.parametrizations.weight.original.tolist(),
              "repr": repr(module.parametrizations.weight)}
    n, k = shape[-2], shape[-1]
    random_completion = trivial and n != k
    if not random_completion:
        target = _weight(lib, shape, dtype).to(device).cos()
        loss = (weight * target).sum()
        loss.backward()
        original = module.parametrizations.weight.original
        record["grad"] = original.grad.tolist()
        with lib.no_grad():
            original -= 0.1 * original.grad
        record["stepped"] = module.weight.tolist()
    return record


def observe_errors(lib, device):
    errors = {}
    attempts = {
        "vector": lambda: lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(3, 1), "bias"),
        "missing": lambda: lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(3, 1), "nope"),
        "bad_map": lambda: lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(3, 3), orthogonal_map="qr"),
        "assign_expm": lambda: setattr(lib.nn.utils.parametrizations.orthogonal(
            lib.nn.Linear(3, 3), use_trivialization=False), "weight", lib.eye(3)),
        "assign_shape": lambda: setattr(lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(3, 3)), "weight",
                                        lib.eye(2)),
    }
    for key, attempt in attempts.items():
        try:
            attempt()
            errors[key] = None
        except Exception as error:  # noqa: BLE001 - the error is the record
            errors[key] = [type(error).__name__, str(error).replace("torch.", "gradlib.")]
    layer = lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(3, 5))
    errors["repr"] = repr(layer)
    layer.weight = lib.eye(5, 3)  # assignment with trivialization: the base becomes the new matrix
    errors["assigned"] = layer.weight.tolist()
    return errors


def record():
    import torch
    recorded = {name: observe(torch, "cpu", name) for name in cases()}
    recorded["float32/square/matrix_exp/True"] = observe(torch, "cpu", "square/matrix_exp/True", "float32")
    recorded["errors"] = observe_errors(torch, "cpu")
    path = pathlib.Path(__file__).parent / "torch_orthogonal.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} orthogonal parametrization records to {path.name}")
