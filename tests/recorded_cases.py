"""The three tests each differential topic (fuzz15, index16 and the session-17 sweeps) asks of its recorded cases:
every case is recorded and every known difference listed; each fixed case (and guard) answers as PyTorch did; each
known difference still differs (a fix moves it to the fixed cases). A topic's test file assigns them:

    (test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
     test_known_case_still_differs) = recorded_cases.case_tests(topic, RECORDED, KNOWN, FIXED + GUARDS, _answer)
"""
import operator

import pytest


def case_tests(topic, recorded, known, checked, answer, same=operator.eq):
    """The three tests for ``topic`` (its ``CASES`` and ``KNOWN_CASES``), PyTorch's answers ``recorded``, the
    ``known`` differences (name -> reason), the ``checked`` case names, gradlib's ``answer(name, device)`` and
    ``same(recorded_answer, gradlib_answer)``."""

    def test_every_known_case_is_recorded_and_listed():
        assert set(known) == set(topic.KNOWN_CASES)
        assert set(recorded) == set(topic.CASES)

    @pytest.mark.parametrize("name", checked)
    def test_fixed_case_is_pytorchs(device, name):
        got = answer(name, device)
        assert same(recorded[name], got), (recorded[name], got)

    @pytest.mark.parametrize("name", sorted(known))
    def test_known_case_still_differs(device, name):
        assert not same(recorded[name], answer(name, device)), \
            f"{name} now agrees with PyTorch: move it to the fixed cases"

    return test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs, test_known_case_still_differs
