"""Record PyTorch's outcomes of the class sweeps (``tests/edge_classes.py``) into
``tests/reference/torch_edge_classes.json``: ``python tests/reference/record_torch.py edge_classes``."""
import json
import pathlib
import sys
import warnings

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: the tables
from edge_classes import CASES  # noqa: E402
from edge_corpus import first_order_gradient, run_case  # noqa: E402


def record():
    import torch  # only the recorder needs PyTorch
    recorded = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in CASES:
            torch.manual_seed(0)
            outcome = {"outcome": run_case(torch, case)}
            torch.manual_seed(0)
            first = first_order_gradient(torch, case)
            if first is not None:
                outcome["first_order"] = first
            recorded[case.name] = outcome
    path = HERE / "torch_edge_classes.json"
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    print(f"wrote {len(recorded)} class-sweep outcomes to {path.relative_to(HERE.parents[1])}")
