"""The distance in units in the last place between two recorded half-precision results (tests/test_half14.py):
values are float32 values of float16/bfloat16 results, compared as the half dtype's ordered bit patterns."""
import math
import struct


def _ordered(value, dtype):
    """An integer that orders half values as the reals do (-0. and 0. one apart); None for NaN."""
    if value != value:
        return None
    bits = struct.unpack("<I", struct.pack("<f", value))[0]
    if dtype == "float16":
        bits = struct.unpack("<H", struct.pack("<e", value))[0]
        sign, rest = bits >> 15, bits & 0x7FFF
    else:  # bfloat16: the top 16 bits of the float32 pattern (its values are exact there)
        sign, rest = bits >> 31, (bits >> 16) & 0x7FFF
    return -rest - 1 if sign else rest


def _flat(values):
    if isinstance(values, list):
        for item in values:
            yield from _flat(item)
    else:
        yield values


def _distance(expected, found, dtype):
    if expected is None or found is None:
        return 0 if expected is found else math.inf
    expected, found = list(_flat(expected)), list(_flat(found))
    if len(expected) != len(found):
        return math.inf
    worst = 0
    for want, got in zip(expected, found):
        a, b = _ordered(want, dtype), _ordered(got, dtype)
        if a is None or b is None:
            if (a is None) != (b is None):
                return math.inf
            continue
        worst = max(worst, abs(a - b))
    return worst


def ulp_distance(expected, found, dtype):
    """The largest ulp distance between two records of half14_cases (``out`` and every ``grads`` entry); 0 for
    the same error, inf for an error on one side only or a NaN against a number."""
    if "error" in expected or "error" in found:
        return 0 if expected.get("error") == found.get("error") else math.inf
    worst = _distance(expected["out"], found["out"], dtype)
    for want, got in zip(expected.get("grads", ()), found.get("grads", ())):
        worst = max(worst, _distance(want, got, dtype))
    return worst
