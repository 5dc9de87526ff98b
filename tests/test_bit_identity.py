"""``python -m benchmarks.bit_identity``: the digest a hot-path change must leave as it is."""
import re

import numpy
import pytest

import gradlib
from benchmarks import bit_identity


def test_digest_is_stable_and_sees_one_changed_bit(monkeypatch, device):
    if gradlib.device(device).type != "cpu":
        pytest.skip("the digest is of the CPU hot path (its tensors are made on the CPU)")
    first = bit_identity.digest()
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert bit_identity.digest() == first
    sin = numpy.sin

    def sin_one_ulp_up(array, *args, **kwargs):  # a "speed-up" that moves one result by one unit in the last place
        result = sin(array, *args, **kwargs)
        return numpy.nextafter(result, numpy.inf, out=result if isinstance(result, numpy.ndarray) else None)

    monkeypatch.setattr(numpy, "sin", sin_one_ulp_up)
    assert bit_identity.digest() != first
