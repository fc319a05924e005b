"""A reply that ends by closing an italic (``*I hope this helps!*``, ``*Note: ...*``) ended:
it is not cut off mid-solution.

A single closing ``*`` was read as an expression cut off at an operator (``So 3*``), so a
reply whose last line was an italic remark earned nothing at all, whatever its answer.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.extract import RULES, Extractor
from rftkit.rewards.sentences import finished

_EXTRACT = Extractor(tuple(RULES), numeric=True)


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("She earns 18.\n\n*I hope this helps!*", True),
        ("She earns 18.\n\n*Note: This assumes all eggs are sold.*", True),
        ("*18*", True),
        ("The answer is 3 *x*", True),
        ("So she has 18 apples (*all of them red*", True),  # an italic after a bracket
        # An operator at the end: cut off inside an expression.
        ("So 3*", False),
        ("2*3*", False),
        ("So 9 * 2 = 18*", False),
        ("So *18 *", False),
        ("x = 5 *", False),
        ("**18**", True),
        ("**18*", False),
    ],
)
def test_an_italic_that_closes_ends_a_reply(text: str, ended: bool) -> None:
    assert finished(text) is ended


_REMARKS = ["I hope this helps!", "Let me know if you have questions.", "Hope that helps", "Enjoy"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(_REMARKS))
def test_an_italic_pleasantry_after_the_answer_keeps_the_answer(n: int, remark: str) -> None:
    found = _EXTRACT(f"So she earns ${n} per day.\n\n*{remark}*")
    assert found.rejected is None and found.number is not None
    assert found.number.value == n


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["*", " *", "+", " x", "/"]))
def test_a_line_cut_at_an_operator_still_pays_nothing(n: int, end: str) -> None:
    found = _EXTRACT(f"She has 5 apples.\nSo the total is {n} * 3{end}")
    assert found.rejected is not None
