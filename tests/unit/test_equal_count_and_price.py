"""A count followed by a price of the same value (``10 $10 tickets``) does not hide the
numbers before the count: ``3 to 10 $10 tickets`` is a hedge, as ``3 to 10 tickets`` is.

Before, the reader compared the answer (the price, read last) only with the count beside
it, the same value, and paid 10; with the price dropped first (how modifiers are read) it
is two answers. Hypothesis found it through the modifiers property (``2 10 $10, so``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.extract import Extractor

_EXTRACT = Extractor()


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        ("He bought 3 to 10 $10 tickets.", "multiple_answers"),
        ("She has 2, 10 $10 bills.", "multiple_answers"),
        ("He bought 3-10 $10 tickets.", "multiple_answers"),
        ("He needs 2 or 5 $5 bills.", "multiple_answers"),
        ("He bought 2 + 10 $10 tickets.", "several_numbers"),
        # One count and its price, or other numbers away from it: one answer.
        ("She needs 10 $10 bills.", None),
        ("In 2020 she bought 10 $10 tickets.", None),
        ("She has 5 apples and 10 $10 bills.", None),
    ],
)
def test_a_count_and_its_equal_price(text: str, rejected: str | None) -> None:
    found = _EXTRACT(text)
    assert found.answer is not None and found.rejected == rejected, found


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 500),
    st.integers(1, 500),
    st.sampled_from([" or ", " to ", "-", ", ", " and/or "]),
    st.sampled_from(["$", ""]),
)
def test_a_hedge_before_a_count_and_its_price_is_never_paid(
    a: int, b: int, hedge: str, sign: str
) -> None:
    if a == b:
        return
    found = _EXTRACT(f"He bought {a}{hedge}{b} {sign}{b} tickets.")
    assert found.rejected is not None, found
    alone = _EXTRACT(f"He bought {a}{hedge}{b} tickets.")
    assert alone.rejected is not None, alone
