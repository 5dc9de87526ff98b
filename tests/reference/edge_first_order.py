"""Record PyTorch's first-order gradient (``backward`` without ``create_graph``) of every call of the edge corpus
that has one into ``tests/reference/torch_edge_first_order.json``:
``python tests/reference/record_torch.py edge_first_order``. The corpus's own gradients are taken with
``create_graph`` (for the second derivative), where PyTorch and gradlib run their differentiable formulas;
this file is the reference for the fast first-order formulas (PyTorch's cumprod, for one, differs between
the two at zeros and NaN)."""
import json
import pathlib
import sys
import warnings

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: the corpus tables
from edge_corpus import CASES, first_order_gradient  # noqa: E402


def record():
    import torch  # only the recorder needs PyTorch (pytest imports this module for its doctests)
    recorded = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in CASES:
            torch.manual_seed(0)
            outcome = first_order_gradient(torch, case)
            if outcome is not None:
                recorded[case.name] = outcome
    path = HERE / "torch_edge_first_order.json"
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    print(f"wrote {len(recorded)} first-order gradients to {path.relative_to(HERE.parents[1])}")
