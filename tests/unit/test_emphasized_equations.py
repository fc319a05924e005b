"""An answer statement's equation with Markdown emphasis on a term: ``Answer: 5 x 4 = **20**``.

Chat models bold the result inside an answer line. The equation check read ``**20`` as a
power or a stray operator, the equation did not hold, and a right answer was refused as
several answers. Emphasis marks beside a term are now taken off before the equation is
checked (:func:`equation_parts.unemphasized`); an operator (``2**3``, ``5*4``, ``5 * 4``)
stays, and an equation that does not hold is still refused.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.equation_parts import unemphasized
from rftkit.rewards.equations import parse_answer

GSM8K = rftkit.load_grader("gsm8k")

# (reply, reference): each was refused (multiple_answers) before
PAID = [
    ("The answer is: 5 × 4 = **20**", "20"),
    ("**Answer:** 5 x 4 = **20**", "20"),
    ("Final answer: 100 - 80 = **20** apples", "20"),
    ("The answer is 5 × 4 = *20*.", "20"),
    ("The answer is 5 × 4 = `20`.", "20"),
    ("The answer is 5 x 4 = __20__.", "20"),
    ("Answer: **5 x 4** = 20", "20"),
    ("#### 5 x 4 = **20**", "20"),
]


@pytest.mark.parametrize(("reply", "reference"), PAID)
def test_an_emphasized_term_is_read(reply: str, reference: str) -> None:
    reward = GSM8K(Sample.from_text(response=reply, reference=reference))
    assert reward.score >= 0.9, (reply, reward.answer, reward.errors)


REFUSED = [
    "The answer is 5 x 4 = **21**.",  # the equation does not hold
    "Answer: 5 x 4 = **20** or **21**",
    "Answer: **20** = **21**",
]


@pytest.mark.parametrize("reply", REFUSED)
def test_what_stays_refused(reply: str) -> None:
    for reference in ("20", "21"):
        reward = GSM8K(Sample.from_text(response=reply, reference=reference))
        assert reward.score < 0.5, (reply, reference, reward.answer)


def test_operators_stay() -> None:
    assert unemphasized("2**3 = 8") == "2**3 = 8"
    assert unemphasized("5*4 = 20") == "5*4 = 20"
    assert unemphasized("5 * 4 = 20") == "5 * 4 = 20"
    assert unemphasized("x_1 = 5") == "x_1 = 5"
    assert unemphasized("***20***") == "20"


_MARKS = st.sampled_from(["**", "*", "__", "`", ""])


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(1, 99),
    b=st.integers(1, 99),
    off=st.integers(-2, 2),
    m1=_MARKS,
    m2=_MARKS,
    op=st.sampled_from([" x ", " * ", "*", " + "]),
)
@example(a=5, b=4, off=0, m1="**", m2="**", op=" x ")
def test_emphasis_changes_no_value(a: int, b: int, off: int, m1: str, m2: str, op: str) -> None:
    """With or without emphasis on its terms, an equation reads the same: its result when
    it holds, a refusal when it does not."""
    result = a * b if op != " + " else a + b
    plain = f"{a}{op}{b} = {result + off}"
    marked = f"{m1}{a}{op}{b}{m1} = {m2}{result + off}{m2}"
    assert parse_answer(marked) == parse_answer(plain), marked
