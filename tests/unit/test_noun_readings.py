"""Sizes, years, sources and parts after the answer (rftkit.rewards.noun_readings).

``He runs 3 laps of a 400m track.`` answers 3, ``He bought 3 cars in 2024.`` answers 3,
``He made a $70,000 profit on a $130,000 investment.`` answers 70000: the last number names
something else than the answer. Every row gives the reading before in a comment; every
reply is read by the fast paths as by the general one, and paid for at most one of the
values it states.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor
from tests.prose import WORK

GRADE = rftkit.load_grader("gsm8k")
HOW_MANY = "How many are there?"


def _paid(reply: str, ref: str, prompt: str | None) -> bool:
    sample = Sample.from_text(response=WORK + reply, reference=ref, prompt=prompt)
    return GRADE(sample).score >= 0.5


def _values(reply: str) -> list[str]:
    return [v.replace(",", "") for v in re.findall(r"\d[\d,]*(?:\.\d+)?%?", reply)]


def _check(reply: str, prompt: str | None, answer: str) -> None:
    ex = Extractor()
    assert ex(WORK + reply, prompt=prompt) == ex.general(WORK + reply, prompt), reply
    paid = [v for v in _values(reply) if _paid(reply, v, prompt)]
    assert paid == [answer], (reply, prompt, paid)


# (final sentence, the question or None, the answer): paid for it and for no other value.
FIXED = [
    # a size after a determiner, its unit glued or after a space
    ("He runs 3 laps of a 400m track.", None, "3"),  # 400
    ("He runs 3 laps of a 400 m track.", None, "3"),  # 400
    ("So he needs 3 laps around the 400m track.", None, "3"),  # 400
    ("So he needs 3 bags, each a 5kg bag.", None, "3"),  # 5
    ("So he drinks 3 cans, each a 12 oz can.", None, "3"),  # 12
    ("So he fills 3 glasses from a 2 liter bottle.", None, "3"),  # 2
    ("He got $3 back from a 20 dollar bill.", None, "3"),  # 20
    # a year as an adjective, or after a preposition at the end
    ("He drove 3 miles in his 2019 Honda.", None, "3"),  # 2019
    ("The town has 3 schools per the 2020 census.", None, "3"),  # 2020
    ("He bought 3 cars in 2024.", None, "3"),  # 2024
    ("He bought 3 cars in March 2024.", None, "3"),  # 2024
    ("He has owned 3 cars since 2019.", HOW_MANY, "3"),  # 2019 (3 with the prompt)
    ("He will be 40 in 2035.", "How old will he be in 2035?", "40"),  # 2035
    ("He will be 40 in 2035.", "In what year will he be 40?", "2035"),  # 2035
    ("They met 5 years earlier, in 2020.", "When did they meet?", "2020"),  # 2020
    # a price after a preposition: what the answer was made on
    ("He made a $70,000 profit on a $130,000 investment.", None, "70000"),  # 130000
    ("He made $70,000 on the $130,000 investment.", None, "70000"),  # 130000
    ("He got $70 back from a $100 bill.", None, "70"),  # 100
    ("He saved $20 off the $100 price.", None, "20"),  # 100 (a price named after "off")
    ("So he pays $70,000, including a $5,000 fee.", None, "70000"),  # 5000
    ("So he paid $80 after a $20 discount.", None, "80"),  # 20
    ("The bill is $57.50 with a $7.50 tip.", None, "57.50"),  # 7.5
    ("She has 20 apples left from a 100 apple crate.", None, "20"),  # 100
    # a count of what the money was spent on
    ("She pays $120 for her 2 children.", None, "120"),  # 2
    ("He spends $45 on the 3 books.", HOW_MANY, "45"),  # 3
    # a speed after "at"
    ("So he drove 180 miles at 60 mph.", None, "180"),  # 60
    ("So he drove 180 miles at 60 miles per hour.", HOW_MANY, "180"),  # 60
    ("So he drove 180 miles at 60 mph.", "How fast did he drive?", "60"),
    # a part after a comma
    ("He runs 540 meters a week, 180 meters each running day.", None, "540"),  # 180
    (
        "He runs 540 meters a week, 180 meters each running day.",
        "He runs 3 days a week. How many meters does he run each week?",
        "540",
    ),  # 180
    (
        "He runs 540 meters a week, 180 meters each running day.",
        "He runs 3 days a week. How many meters does he run each running day?",
        "180",
    ),  # 180
    ("He runs 540 meters a week, 60 meters at a time.", None, "540"),  # 60
    ("He runs 540 meters a week, 60 meters at a time.", "How far does he run at a time?", "60"),
    # with the prompt only: an appositive percent, "leaving"
    ("He made $70,000, a 53.8% return.", "How much profit did he make?", "70000"),  # 53.8%
    ("He made $70,000, a 53.8% return.", "What percent return did he make?", "53.8%"),
    ("He made $70,000, a 53.8% return.", None, "53.8%"),  # as before: either may be asked
    ("He spent 25%, leaving 75%.", "What percent of his money did he spend?", "25%"),  # 75%
    ("He spent 25%, leaving 75%.", "What percent of his money is left?", "75%"),
    ("He spent $25, leaving $75.", "How much does he have now?", "75"),  # no verb named
    ("He spent 25%, leaving 75%.", None, "75%"),  # as before
]


@pytest.mark.parametrize(("reply", "prompt", "answer"), FIXED)
def test_a_number_naming_something_else_is_no_answer(
    reply: str, prompt: str | None, answer: str
) -> None:
    _check(reply, prompt, answer)


# Read as before: the number is the only one, a plural quantity, no determiner, no noun, an
# equation's result, a plain number after "the", a time frame alone (conversions).
UNCHANGED = [
    ("So he runs a 400m track.", "400"),
    ("He ran 3 laps, and the 400 meters took him 2 minutes.", "2"),
    ("He has 3 apples and saved the 2000 dollars.", "2000"),
    ("He bought 3 cars, 2024 in total.", "2024"),
    ("He ran 3 + 397 = 400m.", "400"),
    ("She was born in 1990.", "1990"),
    ("He will be 40 in 2035 or 2036.", None),
    ("He runs 540 meters a week, 180 meters each day.", None),  # conversions: two values
    ("He sold 3 cars at a $5,000 profit.", "5000"),  # an amount that may be asked
    ("So he earns $70,000 for a $5,000 bonus.", "5000"),
    ("He had 5 apples, so the number grew by 2000.", "2000"),  # a change, no year
    ("So she spent 3% of 2000.", "2000"),
    ("He subtracted 80 from 2000.", "2000"),
    ("He earned 3 dollars in $2000.", "2000"),
    ("He has $45, enough for the 3 books.", "45"),  # (comparisons' capacity reading)
    ("He paid $10 for the 2 of them.", "2"),  # "of": no noun
    ("He drives 120 miles in 2 hours at 60 miles an hour.", "60"),  # 2 hours: no main value
]


@pytest.mark.parametrize(("reply", "answer"), UNCHANGED)
def test_what_names_the_answer_reads_as_before(reply: str, answer: str | None) -> None:
    ex = Extractor()
    found = ex(WORK + reply)
    assert found == ex.general(WORK + reply), reply
    assert (found.answer if found.rejected is None else None) == answer, (reply, found)


_SIZES = ["a {b}m track", "a {b} m track", "a {b}kg bag", "a {b} oz can", "the {b} liter jug"]
_SOURCES = ["on a ${b} investment", "from a ${b} bill", "in his {y} Honda", "in {y}"]


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(1, 999),
    b=st.integers(1, 99_999),
    y=st.integers(1900, 2099),
    size=st.sampled_from(_SIZES),
    source=st.sampled_from(_SOURCES),
    money=st.booleans(),
)
@example(a=3, b=400, y=2024, size="a {b}m track", source="in {y}", money=False)
def test_paid_for_the_answer_never_for_the_modifier(
    a: int, b: int, y: int, size: str, source: str, money: bool
) -> None:
    sign = "$" if money else ""
    for tail in (size, source):
        reply = f"So he has {sign}{a} things {tail.format(b=b, y=y)}."
        ex = Extractor()
        assert ex(WORK + reply) == ex.general(WORK + reply), reply
        modifier = str(y) if "{y}" in tail else str(b)
        assert _paid(reply, str(a), None), reply
        if modifier != str(a):
            assert not _paid(reply, modifier, None), reply
            assert not _paid(reply, modifier, HOW_MANY), reply


@settings(max_examples=40, deadline=None)
@given(
    a=st.integers(2, 9_999),
    part=st.integers(1, 999),
    frame=st.sampled_from(["at a time", "each running day"]),
)
def test_a_part_after_the_total_is_no_answer(a: int, part: int, frame: str) -> None:
    reply = f"He runs {a} meters a week, {part} meters {frame}."
    if part == a:
        return
    assert _paid(reply, str(a), None), reply
    assert not _paid(reply, str(part), None), reply


@settings(max_examples=40, deadline=None)
@given(a=st.integers(1, 999), y=st.integers(1900, 2099), asks_year=st.booleans())
@example(a=40, y=2035, asks_year=True)
def test_a_year_is_paid_only_when_the_question_asks_for_one(
    a: int, y: int, asks_year: bool
) -> None:
    reply = f"He will have {a} cars in {y}."
    prompt = f"In what year will he have {a} cars?" if asks_year else "How many cars?"
    paid, unpaid = (str(y), str(a)) if asks_year else (str(a), str(y))
    assert _paid(reply, paid, prompt), (reply, prompt)
    assert not _paid(reply, unpaid, prompt), (reply, prompt)


@settings(max_examples=40, deadline=None)
@given(
    a=st.integers(1, 99_999),
    rate=st.decimals(min_value="0.1", max_value="99.9", places=1),
    asks_percent=st.booleans(),
)
def test_an_appositive_percent_is_paid_only_when_asked(
    a: int, rate: object, asks_percent: bool
) -> None:
    assume(float(str(rate)) != a)
    reply = f"He made ${a:,}, a {rate}% return."
    prompt = "What percent return did he make?" if asks_percent else "How much did he make?"
    paid, unpaid = (f"{rate}%", str(a)) if asks_percent else (str(a), f"{rate}%")
    assert _paid(reply, paid, prompt), (reply, prompt)
    assert not _paid(reply, unpaid, prompt), (reply, prompt)
