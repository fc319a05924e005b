"""Equations whose arithmetic is written with units or brackets around it hold when their
arithmetic does, and only then.

Two classes that were read as several answers (the equation "did not hold"), refusing a
right answer: a unit word written against the operator after it (``98 bananas/2 = 49``,
``12 cups*3 = 36``), and an equation inside a bracket that closes after
the words of its result (``(2/3*6 = 4 miles per hour)``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.equations import equations_hold
from rftkit.rewards.extract import RULES, Extractor

_EXTRACT = Extractor(tuple(RULES), numeric=True)


def _read(text: str) -> tuple[str | None, str | None]:
    found = _EXTRACT(text)
    return found.answer, found.rejected


@pytest.mark.parametrize(
    ("text", "answer", "rejected"),
    [
        ("Walter gets 98 bananas/2 = 49 bananas.", "49", None),
        ("Walter gets 98 bananas/ 2 = 49 bananas.", "49", None),
        ("So he needs 12 cups*3 = 36 cups.", "36", None),
        ("So he has 12 apples+3 = 15 apples.", "15", None),
        ("Colin skips at (2/3*6=4 miles per hour).", "4", None),
        ("So the speed is (2*2 = 4 miles per hour).", "4", None),
        ("He pays (3+4 = 7 dollars).", "7", None),
        # The arithmetic must still hold.
        ("Walter gets 98 bananas/2 = 50 bananas.", "50", "multiple_answers"),
        ("So he needs 12 cups*3 = 35 cups.", "35", "multiple_answers"),
        ("So the speed is (2*2 = 5 miles per hour).", "5", "multiple_answers"),
        # A hedge inside or after the bracket is still two answers.
        ("He pays (3+4 = 7 dollars) (or 8).", "7", "multiple_answers"),
        # A hyphen against a word is no minus ("COVID-19").
        ("She got 20 doses-5 = 15 doses.", "15", "multiple_answers"),
        # A rate per $1 reads as its division (the right answer, GSM8K's own solution)...
        ("Then 1800 beads / 10 beads/$1 = $180.", "180", None),
        # ...and so does a rate per $2 since session 12 ("10/2" is one number, as the general
        # reader reads it: the fast chain read (1800 / 10) / 2 = 90, refusing 360, paying 90).
        ("Then 1800 beads / 10 beads/$2 = $360.", "360", None),
        ("Then 1800 beads / 10 beads/$2 = $90.", "90", "multiple_answers"),
    ],
)
def test_unit_and_bracket_forms(text: str, answer: str, rejected: str | None) -> None:
    assert _read(text) == (answer, rejected)


_OPS = {"+": lambda a, b: a + b, "*": lambda a, b: a * b, "/": lambda a, b: a // b}


@settings(max_examples=400, deadline=None)
@given(
    st.integers(1, 999),
    st.integers(1, 99),
    st.sampled_from(sorted(_OPS)),
    st.sampled_from(["apples", "cups", "bananas", "dollars"]),
    st.sampled_from(["", " "]),
    st.integers(-3, 3),
)
def test_a_unit_against_its_operator_is_read_as_the_arithmetic(
    a: int, b: int, op: str, unit: str, space: str, off: int
) -> None:
    if op == "/":
        a *= b  # exact division
    result = _OPS[op](a, b) + off
    text = f"So she has {a} {unit}{op}{space}{b} = {result} {unit}."
    assert equations_hold(text, False) is (off == 0), text
    answer, rejected = _read(text)
    assert answer == str(result)
    assert (rejected is None) is (off == 0), text


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999), st.integers(1, 999), st.integers(-2, 2))
def test_a_bracketed_equation_holds_exactly_when_its_arithmetic_does(
    a: int, b: int, off: int
) -> None:
    text = f"So the speed is ({a}+{b} = {a + b + off} miles per hour)."
    answer, rejected = _read(text)
    assert answer == str(a + b + off)
    assert (rejected is None) is (off == 0), text
