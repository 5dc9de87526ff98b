"""gradlib's CPU random stream is PyTorch's, bit for bit (tests/reference/rng.py records PyTorch 2.13's draws in
torch_rng.json): every factory and in-place fill, several seeds, sizes and dtypes; mixed sequences of draws;
module initialization, shuffled DataLoader epochs, dropout and sampling; generator states that move between the
two libraries. On other devices (CuPy's stream, not PyTorch's) the same programs give the same shapes and
dtypes, and the same numbers again after the same seed."""
import json
import pathlib
import subprocess
import sys
import time

import numpy as np
import pytest

import gradlib
from reference import rng as cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_rng.json").read_text())


def _layout(observed):
    """What must agree on every device: dtypes and shapes (the values are PyTorch's on the CPU only)."""
    if isinstance(observed, dict):
        return {key: observed[key] for key in ("dtype", "shape") if key in observed}
    if isinstance(observed, list):
        return [_layout(item) for item in observed]
    return type(observed).__name__


def _check(device, observed, expected, again):
    if gradlib.device(device).type == "cpu":
        assert observed == expected
    else:
        assert _layout(observed) == _layout(expected)
        assert observed == again  # the same seed, the same numbers


@pytest.mark.parametrize("name", cases.draw_cases())
def test_draws_match_pytorch(device, name):
    observed = cases.observe_draw(gradlib, device, name)
    again = cases.observe_draw(gradlib, device, name)
    _check(device, observed, RECORDED["draws"][name], again)


@pytest.mark.parametrize("name", sorted(cases.PROGRAMS))
def test_programs_of_draws_match_pytorch(device, name):
    if name in ("samplers", "generator") and gradlib.device(device).type != "cpu":
        pytest.skip("host-side samplers and CPU generators: the CPU stream only")
    observed = json.loads(json.dumps(cases.observe_program(gradlib, device, name)))  # tuples as lists
    again = json.loads(json.dumps(cases.observe_program(gradlib, device, name)))
    _check(device, observed, RECORDED["programs"][name], again)


def test_state_bytes_are_pytorchs_and_move_between_libraries():
    recorded = RECORDED["state"]
    observed = json.loads(json.dumps(cases._state(gradlib, "cpu")))
    assert observed["state"] == recorded["state"]  # the same 5056 bytes, cached normal sample included
    assert observed["generator_state"] == recorded["generator_state"]
    assert observed["fresh_state"] == recorded["fresh_state"]
    assert observed["after"] == recorded["after"]
    assert observed["initial"] == recorded["initial"] == 3
    # PyTorch's state restores in gradlib: the draws after it are PyTorch's
    gradlib.manual_seed(99)
    gradlib.set_rng_state(gradlib.tensor(recorded["state"], dtype=gradlib.uint8, device="cpu"))
    assert [cases.bits(gradlib.randn(1, device="cpu")), cases.bits(gradlib.rand(2, device="cpu"))] == recorded["after"]
    g = gradlib.Generator().set_state(gradlib.tensor(recorded["generator_state"], dtype=gradlib.uint8, device="cpu"))
    assert g.get_state().tolist() == recorded["generator_state"]


def test_set_state_errors_are_pytorchs():
    with pytest.raises(RuntimeError, match="Expected a CPUGeneratorImplState of size 5056 but found the input RNG "
                                           "state size to be 10"):
        gradlib.set_rng_state(gradlib.zeros(10, dtype=gradlib.uint8, device="cpu"))
    with pytest.raises(TypeError, match="RNG state must be a torch.ByteTensor"):
        gradlib.Generator().set_state(gradlib.zeros(5056, device="cpu"))
    broken = gradlib.get_rng_state().clone()
    broken[8:12] = 0  # left = 0: no mt19937 state
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        gradlib.set_rng_state(broken)


def test_fork_rng_restores_the_stream(device):
    gradlib.manual_seed(4)
    before = gradlib.get_rng_state()
    with gradlib.random.fork_rng():
        gradlib.rand(100, device="cpu")
        gradlib.randn(3, device="cpu")  # leaves a cached normal sample: restored too
    assert gradlib.equal(gradlib.get_rng_state(), before)
    with pytest.raises(ValueError):
        with gradlib.random.fork_rng():
            gradlib.rand(3, device="cpu")
            raise ValueError
    assert gradlib.equal(gradlib.get_rng_state(), before)
    with gradlib.random.fork_rng(enabled=False):
        gradlib.rand(1, device="cpu")
    assert not gradlib.equal(gradlib.get_rng_state(), before)
    target = gradlib.device(device)
    if target.type == "cuda":
        gradlib.cuda.manual_seed(3)
        first = gradlib.rand(4, device=target)
        gradlib.cuda.manual_seed(3)
        with gradlib.random.fork_rng(devices=[target.index or 0]):
            gradlib.rand(10, device=target)
        assert gradlib.equal(gradlib.rand(4, device=target).cpu(), first.cpu())


def test_startup_seed_is_fresh_and_generators_start_from_pytorchs_default():
    assert gradlib.Generator().initial_seed() == 67280421310721
    script = "import gradlib; print(gradlib.initial_seed(), gradlib.rand(1).item())"
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 2  # as PyTorch: unseeded programs differ from run to run


def test_large_draws_stay_fast():
    """rand/randn of 10**6 float32 on the CPU (vectorized: no per-element Python loop)."""
    best = {}
    for name, draw in (("rand", gradlib.rand), ("randn", gradlib.randn)):
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            draw(10 ** 6, device="cpu")
            timings.append(time.perf_counter() - start)
        best[name] = min(timings)
    assert best["rand"] < 0.5 and best["randn"] < 2.0, best
