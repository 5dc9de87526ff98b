"""Fuzzing gradlib.load: truncations, byte corruptions and structure mutations of valid checkpoints.

Every input must be refused with ``CheckpointError`` or load into something that saves and loads back the
same. Bounded (``max_examples``) and derandomized so CI is quick and repeatable; ``-s`` prints the counts.
"""
import io
import json
import struct

import pytest

hypothesis = pytest.importorskip("hypothesis")  # the 'test' extra installs it
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

import gradlib  # noqa: E402
from gradlib.serialization import CheckpointError  # noqa: E402

from checkpoint_crafted import v1, v1_tensor  # noqa: E402

FUZZ = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
COUNTS = {"tried": 0, "refused": 0, "accepted": 0}


def _valid_files():
    x = gradlib.arange(12.0, device="cpu").reshape(3, 4)
    w = gradlib.nn.Parameter(gradlib.randn(2, 3, device="cpu"))
    state = {"model": {"w": w, "b": x[1], "t": x.t()},
             "step": 3, "opt": {"state": {0: {"m": gradlib.ones(2, dtype=gradlib.float16, device="cpu")}},
                                "lr": 0.1, "nan": float("nan")},
             "flags": gradlib.tensor([True, False], device="cpu"), "dtype": gradlib.int64, (1, "k"): [None, "s"],
             "tied": w, "empty": gradlib.zeros(0, 2, device="cpu")}
    buffer = io.BytesIO()
    gradlib.save(state, buffer)
    old = v1({"__dict__": [["a", v1_tensor(0, [2, 2])], ["b", v1_tensor(1, [3], dtype="int64")]]}, [16, 24])
    return [buffer.getvalue(), old]


VALID = _valid_files()


def _check(data):
    """Load ``data``: a refusal, or an object that survives save/load unchanged."""
    COUNTS["tried"] += 1
    try:
        loaded = gradlib.load(io.BytesIO(data), map_location="cpu")
    except CheckpointError:
        COUNTS["refused"] += 1
        return
    COUNTS["accepted"] += 1
    again = io.BytesIO()
    gradlib.save(loaded, again)
    again.seek(0)
    assert repr(gradlib.load(again)) == repr(loaded)


def _split(data):
    (length,) = struct.unpack("<Q", data[8:16])
    return json.loads(data[16:16 + length]), data[16 + length:]


def _paths(tree):
    """Every (container, key) in a JSON tree, found without recursion."""
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            found.append((node, key))
            stack.append(value)
    return found


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.sampled_from([0, 1, -1, 2 ** 63, 4, 8, 16])
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8)
    | st.sampled_from(["float32", "bool", "object", "cpu", "cuda:0", "nan", "encoded", "__tensor__", "__dict__"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["__tensor__", "__dict__", "__tuple__", "__float__", "__dtype__", "keys", "shape", "stride",
                         "offset", "dtype", "nbytes", "device", "__ref__", "x"]), children, max_size=3),
    max_leaves=6)


@FUZZ
@given(st.sampled_from(range(len(VALID))), st.data())
def test_truncations(which, data):
    whole = VALID[which]
    _check(whole[:data.draw(st.integers(0, len(whole) - 1))])


@FUZZ
@given(st.sampled_from(range(len(VALID))), st.data())
def test_byte_corruptions(which, data):
    corrupt = bytearray(VALID[which])
    (length,) = struct.unpack("<Q", corrupt[8:16])
    header_end = 16 + length
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, header_end - 1) | st.integers(0, len(corrupt) - 1))
        corrupt[position] = data.draw(st.sampled_from(b'{}[]",:0123456789-eE.tfnul\\ ') | st.integers(0, 255))
    _check(bytes(corrupt))


@FUZZ
@given(st.sampled_from(range(len(VALID))), st.data())
def test_structure_mutations(which, data):
    header, blobs = _split(VALID[which])
    for _ in range(data.draw(st.integers(1, 3))):
        container, key = data.draw(st.sampled_from(_paths(header)))
        action = data.draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "replace":
            container[key] = data.draw(_JSON)
        elif action == "delete":
            del container[key]
        elif isinstance(container, list):
            container.insert(key, json.loads(json.dumps(container[key])))
    text = json.dumps(header).encode()
    cut = data.draw(st.sampled_from([0, 0, 0, 4, -4]))
    _check(b"GRADLIB1" + struct.pack("<Q", len(text)) + text + (blobs[:cut] if cut < 0 else blobs + bytes(cut)))


def test_fuzzing_tried_many_inputs():
    """Runs after the three above (file order): they tried inputs and refused most (``-s`` prints the counts)."""
    print(f"\ncheckpoint fuzzing: {COUNTS}")
    if COUNTS["tried"]:
        assert COUNTS["tried"] >= 1000 and COUNTS["refused"] > COUNTS["tried"] // 2
