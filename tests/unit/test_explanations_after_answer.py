"""A clause after the answer that explains it by recomputing it (``She makes $18 every day,
i.e., 9 eggs at $2 each.``) offers no answer: the answer before it is read. Before, the
clause's last number was paid (2).

The clause opens with ``, i.e.``, ``, that is``, ``, that's`` or a dash, and its numbers
(two to four) multiply or add up to the number just before it. Any other clause reads as
before: a restatement as another value is still two answers.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.checks_after import without_explanation
from rftkit.rewards.extract import RULES, Extractor

_EXTRACT = Extractor(tuple(RULES), numeric=True)


@pytest.mark.parametrize(
    ("text", "answer", "rejected"),
    [
        ("She makes $18 every day, i.e., 9 eggs at $2 each.", "18", None),
        ("She makes $18 every day \u2014 that's 9 eggs at $2 apiece.", "18", None),
        ("She makes $18 every day, that is, 9 eggs at $2 each.", "18", None),
        ("She makes $18 every day, that's 9 eggs times $2.", "18", None),
        ("He has 12 apples, i.e., 5 red and 7 green ones.", "12", None),
        # A restatement as another value: two answers, as before.
        # (a true conversion, $126 a week, is one value: test_conversions.py)
        ("She makes $18 a day, i.e., $130 a week.", "130", "multiple_answers"),
        # Numbers that do not recompute the answer: read as before (the last number).
        ("She makes $18 every day, i.e., 9 eggs at $3 each.", "3", None),
        # A hedge before the clause is still a hedge.
        ("She makes $18 or $20 every day, i.e., 10 eggs at $2 each.", "20", "multiple_answers"),
    ],
)
def test_an_explaining_clause(text: str, answer: str, rejected: str | None) -> None:
    found = _EXTRACT(text)
    assert (found.answer, found.rejected) == (answer, rejected), found


@settings(max_examples=300, deadline=None)
@given(
    st.integers(2, 999),
    st.integers(2, 99),
    st.sampled_from([", i.e., ", ", that is, ", ", that's ", " \u2014 that's ", " \u2014 "]),
)
def test_a_clause_that_recomputes_the_answer_is_no_answer(a: int, b: int, opener: str) -> None:
    found = _EXTRACT(f"So she makes ${a * b} every day{opener}{a} eggs at ${b} each.")
    assert found.rejected is None and found.number is not None, found
    assert found.number.value == a * b


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999), st.integers(1, 999))
@example(a=53, b=371)
def test_a_restatement_as_another_value_is_never_paid_alone(a: int, b: int) -> None:
    if a == b:
        return
    if b == 7 * a:
        # The same amount in the other unit ($53 a day, i.e., $371 a week) is one answer
        # restated: the conversions policy reads the first (53, flag conversion). Found by
        # a local (random) run in session 11; checked here so the case stays covered.
        found = _EXTRACT(f"So she makes ${a} a day, i.e., ${b} a week.")
        assert (found.answer, found.rejected, found.flags) == (str(a), None, ("conversion",))
        return
    found = _EXTRACT(f"So she makes ${a} a day, i.e., ${b} a week.")
    assert found.rejected is not None, found


def test_without_explanation_leaves_other_sentences_as_they_are() -> None:
    for s in ("She makes $18 every day.", "So, i.e., nothing.", "It is 5, i.e., five."):
        assert without_explanation(s) == s
