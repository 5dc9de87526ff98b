"""Record PyTorch's behaviour for every case in ``cases.py`` and every seed example.

Run with PyTorch installed (``pip install torch==2.13.0``), from the repository root::

    python tests/reference/record_torch.py

Writes ``tests/reference/torch_cases.json``, ``tests/reference/seeds/*.txt``,
``tests/reference/custom_function.json``, ``torch_ops.json``, ``torch_op_dtypes.json``, ``torch_training.json``,
``torch_views.json``, ``torch_edge_semantics.json`` (``edge_semantics``: only that one) and the checkpoint references (``torch_checkpoint*``, see ``checkpoints.py``; needs
``pip install safetensors`` too). ``python tests/reference/record_torch.py checkpoints`` records only the checkpoints.
gradlib and its tests never import torch; they read these files.
"""
import contextlib
import importlib
import io
import json
import pathlib
import re
import runpy
import sys

import torch

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # tests/: the op registry
from cases import CASES  # noqa: E402
from record_torch_shared import DTYPE_INPUTS, run_sample, run_sample_dtypes  # noqa: E402
from serialize import serialize  # noqa: E402


def record_cases():
    recorded = {}
    for name, code in CASES.items():
        scope = {"torch": torch}
        try:
            exec(code, scope)
        except Exception as error:  # the message is the spec
            recorded[name] = {"error": [type(error).__name__, str(error)]}
            continue
        recorded[name] = {"result": {key: serialize(value) for key, value in scope["result"].items()}}
    path = HERE / "torch_cases.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} cases to {path.relative_to(ROOT)}")


def run_seed(script, seed):
    """Run a seed example with ``import gradlib as torch`` bound to PyTorch; return what it prints."""
    torch.manual_seed(seed)
    sys.modules["gradlib"] = torch
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            runpy.run_path(str(script), run_name="__main__")
    finally:
        del sys.modules["gradlib"]
    return output.getvalue()


def record_seeds():
    """Lines that differ between eight seeds depend on random numbers; they are kept with a '~ ' prefix."""
    target = HERE / "seeds"
    target.mkdir(exist_ok=True)
    for script in sorted((ROOT / "examples" / "seeds").glob("seed_*.py")):
        runs = [run_seed(script, seed).splitlines() for seed in range(8)]
        if len({len(run) for run in runs}) != 1:
            raise SystemExit(f"{script.name}: line count depends on the random seed; cannot record")
        lines = []
        for variants in zip(*runs):
            lines.append(("  " if len(set(variants)) == 1 else "~ ") + variants[0])
        (target / (script.stem + ".txt")).write_text("\n".join(lines) + "\n")
        print(f"recorded {script.name}: {sum(1 for l in lines if l.startswith('~'))} random lines of {len(lines)}")


def record_ops(samples=None, name="torch_ops.json"):
    from op_registry import CORE_SAMPLES
    recorded = {}
    for sample in CORE_SAMPLES if samples is None else samples:
        try:
            recorded[sample.name] = run_sample(torch, sample)
        except Exception as error:
            recorded[sample.name] = {"error": [type(error).__name__, str(error)]}
            print(f"  {sample.name}: PyTorch raised {type(error).__name__}: {error}")
    path = HERE / name
    path.write_text(json.dumps(recorded, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} op samples to {path.relative_to(ROOT)}")


def record_op_dtypes(samples=None, name="torch_op_dtypes.json"):
    """Each registry sample with float16 and integer inputs: output and gradient dtypes, or the exception."""
    from op_registry import CORE_SAMPLES
    recorded = {f"{sample.name}/{dtype}": run_sample_dtypes(torch, sample, dtype)
                for sample in (CORE_SAMPLES if samples is None else samples) for dtype in DTYPE_INPUTS}
    path = HERE / name
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} op dtype records to {path.relative_to(ROOT)}")


def record_training():
    from training import OPTIMIZERS, train
    recorded = {}
    for kind in ("mlp", "cnn"):
        for name in OPTIMIZERS:
            recorded[f"{kind}/{name}"] = train(torch, kind, name)
    path = HERE / "torch_training.json"
    path.write_text(json.dumps(recorded, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} training runs to {path.relative_to(ROOT)}")


def record_views():
    from views import SOURCES, observe, targets
    recorded = {}
    for source in SOURCES:
        numel = eval(SOURCES[source], {"torch": torch}).numel()
        recorded[source] = [[list(shape), observe(torch, source, shape)] for shape in targets(numel)]
    path = HERE / "torch_views.json"
    path.write_text(json.dumps(recorded, sort_keys=True) + "\n")
    print(f"wrote {sum(len(v) for v in recorded.values())} views of {len(recorded)} tensors to "
          f"{path.relative_to(ROOT)}")


def record_custom_function_example():
    """The Legendre-polynomial fit of examples/custom_function.py, run with PyTorch."""
    sys.modules["gradlib"] = torch
    try:
        module = runpy.run_path(str(ROOT / "examples" / "custom_function.py"), run_name="recorded")
        loss, a, b, c, d = module["fit"](verbose=False)
    finally:
        del sys.modules["gradlib"]
    path = HERE / "custom_function.json"
    path.write_text(json.dumps({"loss": loss, "a": a, "b": b, "c": c, "d": d}, indent=1) + "\n")
    print(f"recorded the custom Function example: final loss {loss}")


def record_checkpoints():
    """A small model's state_dict saved by torch.save (zip and legacy formats) and safetensors, its outputs on a
    fixed input, and a checkpoint dict with the other things a torch.save file holds (views sharing a storage,
    a Parameter, integer and bool tensors, a dtype, Python values)."""
    from checkpoints import FILES, architecture, fixed_input
    torch.manual_seed(0)
    model = architecture(torch)
    model.train()
    model(fixed_input(torch) * 2 + 0.5)  # BatchNorm's running statistics move away from 0 and 1
    model.eval()
    state = model.state_dict()
    torch.save(state, HERE / FILES["zip"])
    torch.save(state, HERE / FILES["legacy"], _use_new_zipfile_serialization=False)
    base = torch.arange(12, dtype=torch.float64).reshape(3, 4)
    extras = {"model": state, "epoch": 3, "lr": 0.5, "name": "tiny", "flags": [True, None], "pair": (1, 2.5),
              "base": base, "row": base[1], "column": base[:, 2], "transposed": base.t(),
              "param": torch.nn.Parameter(torch.tensor([1.5, -2.0])), "long": torch.tensor([1, -2, 3]),
              "mask": torch.tensor([True, False]), "half": torch.tensor([0.5, 1.0], dtype=torch.float16),
              "scalar": torch.tensor(7), "empty": torch.zeros(0, 3), "dtype": torch.float64}
    torch.save(extras, HERE / FILES["extras"])
    from safetensors.torch import save_file
    save_file({key: value.contiguous() for key, value in state.items()}, HERE / FILES["safetensors"])
    with torch.no_grad():
        output = model(fixed_input(torch))
    path = HERE / FILES["outputs"]
    path.write_text(json.dumps({"output": output.tolist()}, indent=1) + "\n")
    print(f"recorded the checkpoint references: {', '.join(FILES.values())}")


# Recorders of their own topic: a module in tests/reference/ with a ``record()`` function. One of them alone:
# ``python tests/reference/record_torch.py <topic>``.
TOPICS = ("edge_grads", "apis", "edge_corpus", "edge_semantics", "programs", "signatures", "nn_modules",
          "optim_extra", "grad_fn_names", "edge_first_order", "edge_classes", "fused_nodes", "chained_schedulers",
          "tutorial_apis", "nnmore", "optim_state_dict", "funcs", "nn5a", "nn5b", "progs5b", "progs5a", "torch5", "cross_entropy_edges", "engine_order", "vmap6", "progs6b", "tools6", "progs6a", "saved_hooks_table", "orthogonal", "gamma_grads", "relaxed", "gaps6a", "docstring_examples", "docex6", "session6", "fix6a", "fix6c", "fix6b", "rng", "torch_function", "sparse", "progs7a", "progs7b", "graph_structure", "nonleaf_grad", "node_api", "bfloat16", "progs8a", "progs8b", "memory_formats", "interop8", "waits8", "nnapi8", "jit8", "node_types", "library8", "complex8", "cuda9", "complex9", "progs9", "linalg9", "inplace9", "special9", "cplxlinalg", "dist10", "fx10", "elem10", "sparse10", "plumb10", "torchfn10", "relu_arr12", "quiet13", "fast13", "ties14", "half14", "args14", "progs15", "saved15", "fuzz15", "tensor_lr15", "warn15", "print16", "optim16", "index16", "module16", "progs16", "create17", "select17", "layers17", "tensorapi17", "utils17", "distrib17", "autograd17", "layers18", "linalg18", "data18", "special18", "losses18", "rnn18")
# a topic's recorder module, where its name differs
_TOPIC_MODULES = {"edge_corpus": "edge_corpus_record", "edge_classes": "edge_classes_record"}


def record_topic(name):
    importlib.import_module(_TOPIC_MODULES.get(name, name)).record()


if __name__ == "__main__":
    print("torch", torch.__version__)
    if sys.argv[1:] == ["checkpoints"]:
        record_checkpoints()
        raise SystemExit(0)
    if sys.argv[1:2] and sys.argv[1] in TOPICS:
        for topic in sys.argv[1:]:
            record_topic(topic)
        raise SystemExit(0)
    record_checkpoints()
    record_cases()
    record_seeds()
    record_custom_function_example()
    record_ops()
    record_op_dtypes()
    record_training()
    record_views()
    for topic in TOPICS:
        record_topic(topic)
