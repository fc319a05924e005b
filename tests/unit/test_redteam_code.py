"""Reward hacking against the ``code`` grader's number tolerance (docs/code.md).

With ``float_tol`` set, ``|x - inf| <= tol * max(1, |x|, inf)`` held for every finite x, so a
program printing ``inf`` (or returning ``float("inf")``) passed every numeric test. Output
tokens were read with ``float()``, which also takes ``nan``, ``infinity``, ``1_000`` and
digits of other scripts.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.builtin.code import output_matches, same
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
TOL = REGISTRY.create("code", float_tol=1e-6, timeout=2.0)


def _fence(code: str) -> str:
    return f"```python\n{code}\n```"


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [
        ("5", "inf", False),
        ("5", "-inf", False),
        ("5", "Infinity", False),
        ("5", "nan", False),
        ("1000", "1_000", False),
        ("3", "\u0663", False),  # ARABIC-INDIC DIGIT THREE
        ("1e400", "inf", False),  # overflowing expected: no tolerance, text must match
        ("0.3333333", "0.33333333", True),
        ("1 2.5", "1.0000001 2.5", True),
        ("-2e3", "-2000", True),
        ("inf", "inf", True),  # identical text still matches
    ],
)
def test_output_tolerance_takes_only_finite_ascii_decimals(
    expected: str, got: str, ok: bool
) -> None:
    assert output_matches(expected, got, 1e-6) is ok


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [
        (4, math.inf, False),
        (9.5, -math.inf, False),
        (0.0, math.inf, False),
        (4, math.nan, False),
        (math.inf, math.inf, True),
        (0.1, 0.1 + 1e-12, True),
    ],
)
def test_assert_tolerance_refuses_infinity(expected: Any, got: Any, ok: bool) -> None:
    assert same(expected, got, 1e-6) is ok


@pytest.mark.parametrize(
    ("reply", "reference"),
    [
        (_fence("print('inf')"), {"test_cases": [{"input": "2 3\n", "output": "5\n"}]}),
        (_fence("print(float('inf'))"), {"test_cases": [{"input": "", "output": "0.25"}]}),
        (
            _fence("def f(x):\n    return float('inf')"),
            {"tests": "assert f(2) == 4\nassert f(3) == 9.5", "entry_point": "f"},
        ),
    ],
)
def test_infinity_is_not_paid_with_a_tolerance(reply: str, reference: Any) -> None:
    assert TOL(Sample.from_text(response=reply, reference=reference)).score == 0.0


@settings(max_examples=300, deadline=None)
@given(
    expected=st.floats(allow_nan=False, allow_infinity=False, width=64),
    tol=st.floats(min_value=1e-12, max_value=0.999),
    bad=st.sampled_from(["inf", "-inf", "nan", "Infinity", "-Infinity", "NaN", "1e999"]),
)
def test_no_tolerance_pays_a_non_finite_answer(expected: float, tol: float, bad: str) -> None:
    assert not output_matches(repr(expected), bad, tol)
    assert not same(expected, float(bad), tol)


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [(5, 10**400, False), (5.0, -(10**400), False), (10**400, 10**400, True)],
)
def test_a_huge_int_is_compared_not_raised(expected: Any, got: Any, ok: bool) -> None:
    assert same(expected, got, 1e-6) is ok


def test_a_huge_int_from_the_program_scores_zero() -> None:
    reply = _fence("def f(x):\n    return 10 ** 400")
    reference = {"tests": "assert f(2) == 4", "entry_point": "f"}
    assert TOL(Sample.from_text(response=reply, reference=reference)).score == 0.0
