"""Quantities written in more than one piece: numbers the final-answer reading must not split.

* Thousands grouped by a space (``1 800``; the no-break, thin and narrow no-break spaces
  U+00A0, U+2009, U+202F that SI and French style put there) are one number, as GSM8K's
  own solutions write them (``17 000/5 = 3 400``); before, ``1 800`` was two answers (1 and
  800), and a reply stating the right total was never paid.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import parse_answer, scan

WORK = "She has 16 - 3 - 4 = 9 eggs.\n"
SPACES = [" ", "\u00a0", "\u2009", "\u202f"]


def _paid(reply: str, reference: str) -> float:
    grade = rftkit.load_grader("gsm8k")
    return grade(Sample.from_text(response=WORK + reply, reference=reference)).metric("correct")


def _read(reply: str) -> tuple[object, ...]:
    ext = Extractor()
    found = ext(WORK + reply)
    assert found == ext.general(WORK + reply), reply  # the fast paths read as the general
    return found.answer, found.rejected


@pytest.mark.parametrize("space", SPACES)
@pytest.mark.parametrize(
    ("reply", "reference"),
    [
        ("The total is 1{s}800 dollars.", "1800"),
        ("The total is $1{s}800.", "1800"),
        ("So she has 3{s}500{s}000 dollars.", "3500000"),
        ("So she has 12{s}345.50 dollars.", "12345.5"),
        ("So, each year, the number added is 17{s}000/5 = 3{s}400.", "3400"),
        ("So the price is $80{s}000 + $16{s}000 + $4{s}000 = $100{s}000.", "100000"),
        ("The answer is 1{s}800.", "1800"),
        ("The answer is **1{s}800**.", "1800"),
        ("#### 1{s}800", "1800"),
        ("Total: 1{s}800", "1800"),
        ("So she has -1{s}800 dollars.", "-1800"),
    ],
)
def test_thousands_grouped_by_a_space_are_one_number(
    reply: str, reference: str, space: str
) -> None:
    text = reply.format(s=space)
    assert _paid(text, reference) == 1.0, text
    assert _read(text)[1] is None, text


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        # a size glued to a count by a hyphen: the count (GSM8K's own wording)
        ("So the drive stores 2400 / 200 = 12 200-kilobyte videos.", "12"),
        # a mixed number is read first
        ("So she ate 2 100/200 pies.", "2.5"),
        # a currency sign after the space: two numbers, the count before a price
        ("So she has 3 $100 bills.", "3"),
        ("So she has 3 \u00a5100 coins.", "3"),
        ("So she has 3 \\$100 bills.", "3"),
        # no group of exactly three digits: not a grouped number
        ("So she has 1 80.", None),
        ("So she has 1 8000.", None),
        ("So she has 1234 567.", None),
        ("So she has 1 800 0001.", None),
    ],
)
def test_a_space_before_anything_but_a_group_of_three_is_no_grouping(
    reply: str, answer: str | None
) -> None:
    found, rejected = _read(reply)
    if answer is None:
        assert rejected == "multiple_answers", reply
    else:
        assert (found, rejected) == (answer, None), reply


def test_scan_reads_space_groups_and_leaves_other_spaces() -> None:
    def values(s: str) -> list[object]:
        return [t.number.value if t.number else None for t in scan(s)]

    assert values("1 800") == [1800]
    assert values("1 800 000.5") == [Fraction(3600001, 2)]
    assert values("1 800k") == [1, 800000]  # a scale glued to the group: not a group
    assert values("1 800-inch") == [1, 800]
    assert values("12 200-kilobyte") == [12, 200]
    assert values("0 800") == [0, 800]  # a first group has no leading zero
    assert values("1,2 345") == [1, 2, 345]
    assert parse_answer("1\u202f800").number is not None


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1000, max_value=10**12),
    st.sampled_from(SPACES),
    st.sampled_from(["So she has {x} apples.", "The answer is {x}.", "So she pays ${x}."]),
)
def test_every_space_grouped_integer_reads_its_value(x: int, space: str, frame: str) -> None:
    written = f"{x:,}".replace(",", space)
    reply = frame.format(x=written)
    assert _paid(reply, str(x)) == 1.0, reply
