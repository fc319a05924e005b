"""A price per item after the answer is no answer (rftkit.rewards.unit_prices).

``So she spent $37.50 on shirts, $12.50 apiece.`` answers 37.50: the later value is what
one item costs, most often a number the question gives. With the prompt, a question that
asks for one item (``How much does each shirt cost?``) keeps the per-item value. Every row
gives the reading before in a comment; every reply is also read by the fast paths as by
the general one.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from tests.prose import WORK, assert_reads_as_general, paid, read

GSM8K = rftkit.load_grader("gsm8k")

# (final sentence, the total it states, the per-item value)
PER_ITEM = [
    ("So she spent $37.50 on shirts, $12.50 apiece.", "37.50", "12.50"),  # 12.5
    ("So she spent $37.50 at $12.50 each.", "37.50", "12.50"),  # 12.5
    ("So she spent $37.50, at $12.50 per shirt.", "37.50", "12.50"),  # 12.5
    ("So she spent $37.50 total, $12.50 a shirt.", "37.50", "12.50"),  # 12.5
    ("He needs 36 eggs, 3 per cake.", "36", "3"),  # 3
    ("So they paid $120 in all, $15 a piece.", "120", "15"),  # 15
    ("The class raised $450 in all, $18 per student.", "450", "18"),  # 18
    ("So the trip takes 90 minutes, 45 each way.", "90", "45"),  # 45
]


@pytest.mark.parametrize(("sentence", "total", "item"), PER_ITEM)
def test_a_per_item_value_after_the_total_is_no_answer(
    sentence: str, total: str, item: str
) -> None:
    answer, rejected = read(sentence)
    assert (float(str(answer)), rejected) == (float(total), None), sentence
    assert paid(sentence, total) == 1.0, sentence
    assert paid(sentence, item) == 0.0, sentence
    assert_reads_as_general(sentence.rstrip("."))


def test_a_question_that_asks_for_one_item_keeps_the_per_item_value() -> None:
    reply = WORK + "So she spent $37.50 on shirts, $12.50 apiece."
    for question, right, wrong in (
        ("How much does each shirt cost?", "12.50", "37.50"),
        ("What is the price per shirt?", "12.50", "37.50"),
        ("How much did she spend on shirts?", "37.50", "12.50"),
    ):
        assert GSM8K(Sample.from_text(response=reply, reference=right, prompt=question)).score > 0.5
        assert GSM8K(Sample.from_text(response=reply, reference=wrong, prompt=question)).score < 0.5


# Read as before: a rate per time unit (conversions and time frames), a hedge, a count and a
# price, more after the per-item phrase, a joiner that is no comma or "at".
UNCHANGED = [
    ("She makes $18 a day, $126 a week.", "18"),  # conversions
    ("So she spent $37.50, or $12.50 each.", "12.5"),  # a hedge: several answers
    ("She bought 3 shirts, $12.50 each.", "12.5"),  # a count and a price
    ("So she spent $37.50 and $12.50 each.", "12.5"),
    ("So she spent $37.50, $12.50 each for 3 shirts.", "3"),
    # two bare values after the verb: a list, refused before this policy and still
    ("The class raised $450, $18 per student.", "18"),  # multiple_answers
]


@pytest.mark.parametrize(("sentence", "answer"), UNCHANGED)
def test_what_is_no_per_item_phrase_reads_as_before(sentence: str, answer: str) -> None:
    assert read(sentence)[0] == answer, sentence


_ITEMS = ["each", "apiece", "a piece", "per shirt", "a ticket", "per person", "each way"]
_JOINERS = [", ", ", at ", " at "]


@settings(max_examples=300, deadline=None)
@given(
    total=st.integers(2, 99999),
    item=st.integers(1, 999),
    money=st.booleans(),
    joiner=st.sampled_from(_JOINERS),
    phrase=st.sampled_from(_ITEMS),
)
@example(total=3750, item=1250, money=True, joiner=", ", phrase="apiece")
def test_a_total_and_its_per_item_value_pay_the_total_only(
    total: int, item: int, money: bool, joiner: str, phrase: str
) -> None:
    sign = "$" if money else ""
    sentence = f"So the total is {sign}{total}{joiner}{sign}{item} {phrase}."
    answer, rejected = read(sentence)
    if joiner == ", " and total != item:
        # "So the total is $3750, $1250 each.": two bare values, a list refused before this
        # policy and still (a refusal is never turned into a payment)
        assert rejected == "multiple_answers", sentence
    elif joiner != ", ":
        assert (answer, rejected) == (str(total), None), sentence
    if item != total:
        assert paid(sentence, str(item)) == 0.0, sentence
