"""Record PyTorch's outcome of every call of the edge corpus (``tests/edge_corpus.py``) into
``tests/reference/torch_edge_corpus.json``: ``python tests/reference/record_torch.py edge_corpus``."""
import json
import pathlib
import sys
import warnings

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: the corpus tables
from edge_corpus import CASES, run_case  # noqa: E402


def record():
    import torch  # only the recorder needs PyTorch (pytest imports this module for its doctests)
    recorded = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in CASES:
            torch.manual_seed(0)
            recorded[case.name] = run_case(torch, case)
    path = HERE / "torch_edge_corpus.json"
    path.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    errors = sum(1 for outcome in recorded.values() if "error" in outcome)
    print(f"wrote {len(recorded)} edge-corpus outcomes ({errors} errors) to {path.relative_to(HERE.parents[1])}")
