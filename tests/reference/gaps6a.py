"""Record PyTorch's bits for ``linspace`` and ``arange`` (section 'gaps6a'): many (start, end, steps) in float32,
float64, float16 and int64, including negative ranges and steps 0, 1, 2, with the values as hex of their bits
(float) or as ints. Writes ``tests/reference/torch_gaps6a.json``; tests/test_linspace_bits.py reads it.

PyTorch's CPU kernel computes the step in the output's float dtype and fills the first half from ``start``
(``start + step * i``) and the second half from ``end`` (``end - step * (steps - 1 - i)``).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_gaps6a.json"

LINSPACE = [(0, 1, 5), (0, 1, 7), (-1, 1, 32), (-1, 1, 33), (0.1, 0.7, 11), (-3.3, 7.9, 100), (5, -5, 17),
            (0, 1, 1), (2.5, -1, 1), (0, 1, 2), (-1.5, 3.25, 2), (0, 1, 0), (1e-3, 1e3, 50), (-2, -1, 9),
            (0, 10, 1000), (3.14159, 2.71828, 13), (-7, 7, 101), (0.3, 0.3, 4), (1, 100, 64), (-0.5, 0.5, 1001)]
ARANGE = [(0, 1, 0.1), (-1, 1, 0.3), (0, 5, 0.7), (1.5, -2.5, -0.25), (0, 10, 1 / 3), (-3.3, 7.9, 0.11)]
DTYPES = ["float32", "float64", "float16", "int64"]


def bits(tensor):
    """Each value as the hex of its bits (floats) or as the int."""
    if tensor.dtype.is_floating_point:
        width = {2: "int16", 4: "int32", 8: "int64"}[tensor.element_size()]
        import torch
        return [format(v & ((1 << (8 * tensor.element_size())) - 1), "x")
                for v in tensor.view(getattr(torch, width)).tolist()]
    return tensor.tolist()


def record():
    import torch
    recorded = {"linspace": {}, "arange": {}}
    for start, end, steps in LINSPACE:
        for dtype in DTYPES:
            key = f"{start!r},{end!r},{steps},{dtype}"
            recorded["linspace"][key] = bits(torch.linspace(start, end, steps, dtype=getattr(torch, dtype)))
    for start, end, step in ARANGE:
        for dtype in ("float32", "float64"):
            key = f"{start!r},{end!r},{step!r},{dtype}"
            recorded["arange"][key] = bits(torch.arange(start, end, step, dtype=getattr(torch, dtype)))
    PATH.write_text(json.dumps(recorded, sort_keys=True, indent=0) + "\n")
    print(f"wrote {PATH.name}")
